//! Runs the real `posture` binary on fixtures and checks its output and exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A fixture's path as reports show it: relative to the current directory, which for tests is
/// the package's directory.
fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

fn posture(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(args)
        .output()
        .expect("run posture")
}

fn posture_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn posture");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn text_output_names_rule_line_and_column() {
    let file = fixture("insecure-deployment.yaml");
    let out = posture(&["check", &file]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("{file}:11:20: high LP103 [host-namespaces]")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{file}:14:18: medium DS101 [mutable-image-tag]")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{file}:16:25: critical LP102 [privileged-container]"
        )),
        "{text}"
    );
    assert!(text.contains(&format!("{file}:18:18: low DS102")), "{text}");
    assert!(
        text.contains("(Deployment/shop/web, container app)"),
        "{text}"
    );
    assert!(text.contains("findings (1 critical, 1 high,"), "{text}");
    // A critical finding always means F.
    assert!(text.contains("grade F"), "{text}");
}

#[test]
fn fail_on_sets_the_exit_code() {
    let file = fixture("insecure-deployment.yaml");
    assert_eq!(
        posture(&["check", &file, "--fail-on", "critical"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        posture(&["check", &file, "--fail-on", "none"])
            .status
            .code(),
        Some(0)
    );
    let clean = fixture("clean-app.yaml");
    let out = posture(&["check", &clean]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 findings (none)"));
    assert_eq!(
        posture(&["check", &clean, "--fail-on", "low"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn stdin_is_read_for_dash() {
    let input = std::fs::read(fixture("insecure-deployment.yaml")).unwrap();
    let out = posture_stdin(&["check", "-", "--format", "json"], &input);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let findings = v["findings"].as_array().unwrap();
    let privileged = findings
        .iter()
        .find(|f| f["rule_id"] == "LP102")
        .expect("LP102");
    assert_eq!(privileged["file"], "-");
    assert_eq!(privileged["span"]["start"]["line"], 16);
    assert_eq!(privileged["span"]["start"]["column_utf16"], 25);
    assert_eq!(v["scorecard"]["grade"], "F");
    assert_eq!(v["scorecard"]["not_graded"], serde_json::Value::Null);
    assert_eq!(v["scorecard"]["principles"].as_array().unwrap().len(), 7);
}

#[test]
fn nothing_evaluated_is_not_graded_in_every_format() {
    let prose = b"Some notes pasted by mistake, not a config.\n";
    let text = stdout(&posture_stdin(&["check", "-"], prose));
    assert!(
        text.contains("; not graded: nothing in the input is a kind Posture checks"),
        "{text}"
    );
    assert!(!text.contains("grade "), "{text}");
    let out = posture_stdin(&["check", "-", "--format", "json"], b"a: [1, 2\n");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["scorecard"]["grade"], serde_json::Value::Null);
    assert_eq!(v["scorecard"]["not_graded"], "no document could be read");
    assert_eq!(v["scorecard"]["overall"]["score"], serde_json::Value::Null);
    let md = stdout(&posture_stdin(&["check", "-", "--format", "markdown"], b""));
    assert!(
        md.contains("**Not graded**: the input holds no documents."),
        "{md}"
    );
}

#[test]
fn markdown_output_is_a_table() {
    let out = posture(&[
        "check",
        &fixture("insecure-deployment.yaml"),
        "--format",
        "markdown",
    ]);
    let md = stdout(&out);
    assert!(md.starts_with("## Posture security check"), "{md}");
    assert!(
        md.contains("| critical | `LP102` Container runs privileged |"),
        "{md}"
    );
}

#[test]
fn sarif_is_valid_against_the_official_schema_and_carries_what_github_needs() {
    let out = posture(&[
        "check",
        &fixture("insecure-deployment.yaml"),
        "--format",
        "sarif",
    ]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let schema_path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "schema",
        "sarif-2.1.0-rtm.5.json",
    ]
    .iter()
    .collect();
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    // The schema's `language` patterns have a stray `]` that ECMAScript tolerates and Rust's
    // regex engine rejects. Posture never writes `language`; give them the intended pattern so
    // the rest of the schema can compile.
    fix_language_patterns(&mut schema);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    // The validator does catch a broken log.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "help"] {
            assert!(!rule[key].is_null(), "rule lacks {key}: {rule}");
        }
        let sev: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert!(tags
            .iter()
            .any(|t| t.as_str().unwrap().starts_with("principle:")));
        assert!(tags
            .iter()
            .any(|t| t.as_str().unwrap().starts_with("pillar:")));
    }
    let privileged = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "LP102")
        .expect("LP102 result");
    assert_eq!(privileged["level"], "error");
    let region = &privileged["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 16);
    assert_eq!(region["startColumn"], 25);
    assert_eq!(region["endColumn"], 29);
    let uri = privileged["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.ends_with("tests/fixtures/insecure-deployment.yaml"),
        "{uri}"
    );
}

#[test]
fn broken_yaml_names_file_line_and_column_and_keeps_other_documents() {
    let file = fixture("broken.yaml");
    let out = posture(&["check", &file]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("{file}:5:")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The first document still parsed: its resource is counted.
    assert!(stdout(&out).contains("1 resource"), "{}", stdout(&out));
}

#[test]
fn bad_files_get_one_clear_line_and_exit_2() {
    let cases = [
        (fixture("does-not-exist.yaml"), "no such file"),
        (fixture("binary.bin"), "binary file"),
        (fixture("latin1.yaml"), "not valid UTF-8"),
    ];
    for (path, expected) in cases {
        let out = posture(&["check", &path]);
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{path}: {err}");
        assert!(err.contains(path.trim_end_matches('/')), "{path}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["check"],
        &["check", "x", "--format", "xml"],
        &["check", "x", "--fail-on", "bad"],
        &["frobnicate"],
    ] {
        let out = posture(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn rules_and_explain() {
    let out = posture(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("LP102  critical  privileged-container"));
    let out = posture(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().any(|r| r["id"] == "DS101"));
    let out = posture(&["rules", "--format", "markdown"]);
    let md = stdout(&out);
    assert!(
        md.contains("### LP102 `privileged-container`") && md.contains("## Least Privilege (LP)"),
        "{md}"
    );
    let out = posture(&["explain", "lp102"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("Why it matters") && text.contains("CIS Kubernetes Benchmark 5.2.2"),
        "{text}"
    );
    assert_eq!(posture(&["explain", "XX999"]).status.code(), Some(2));
}

fn fix_language_patterns(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "pattern"
                    && child.as_str() == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
                {
                    *child = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                } else {
                    fix_language_patterns(child);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(fix_language_patterns),
        _ => {}
    }
}

#[test]
fn share_prints_links_the_page_can_open() {
    use posture_engine::share::{decode, Shared};
    let file = fixture("insecure-deployment.yaml");
    let out = posture(&["share", &file, "--base", "https://posture.example/"]);
    assert_eq!(out.status.code(), Some(0));
    let link = String::from_utf8(out.stdout).unwrap();
    let link = link.trim();
    assert!(link.starts_with("https://posture.example/#s=1."), "{link}");
    let Ok(Shared::Results(r)) = decode(link.split_once('#').unwrap().1) else {
        panic!("results link")
    };
    assert!(r.report.findings.iter().any(|f| f.rule_id == "LP102"));

    let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2hunter2}\n";
    let out = posture_stdin(&["share", "-", "--with-config"], secret.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let link = String::from_utf8(out.stdout).unwrap();
    let Ok(Shared::Config(c)) = decode(link.trim()) else {
        panic!("config link")
    };
    assert!(c.redacted && c.text.contains("password: REDACTED") && !c.text.contains("hunter2"));
    let out = posture_stdin(
        &["share", "-", "--with-config", "--keep-secrets"],
        secret.as_bytes(),
    );
    let Ok(Shared::Config(c)) = decode(String::from_utf8(out.stdout).unwrap().trim()) else {
        panic!("config link")
    };
    assert!(!c.redacted && c.text.contains("hunter2"));

    assert_eq!(posture(&["share"]).status.code(), Some(2));
    assert_eq!(
        posture(&["share", &file, &file, "--with-config"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        posture(&["share", &file, "--keep-secrets"]).status.code(),
        Some(2)
    );
}

#[test]
fn pss_version_option_picks_the_policy_version() {
    let pod = b"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: \"0\"}]\n  containers: [{name: a, image: i}]\n";
    // latest: the sysctl is in the safe set.
    let latest = stdout(&posture_stdin(&["check", "-", "--fail-on", "none"], pod));
    assert!(!latest.contains("LP109"), "{latest}");
    let old = posture_stdin(
        &["check", "-", "--fail-on", "none", "--pss-version", "v1.36"],
        pod,
    );
    let text = stdout(&old);
    assert_eq!(old.status.code(), Some(0), "{text}");
    assert!(
        text.contains("LP109") && text.contains("[PSS v1.36 baseline+restricted: sysctls]"),
        "{text}"
    );
    let bad = posture(&["check", &fixture("clean-app.yaml"), "--pss-version", "v2.0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("Pod Security Standards version"));
}

#[test]
fn utf16_files_are_decoded_or_named() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      securityContext: {privileged: true}\n";
    let units: Vec<u16> = pod.encode_utf16().collect();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(units.iter().flat_map(|u| u.to_le_bytes()))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(units.iter().flat_map(|u| u.to_be_bytes()))
        .collect();
    for bytes in [le.clone(), be] {
        let out = posture_stdin(&["check", "-"], &bytes);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let shown = stdout(&out);
        assert!(
            shown
                .lines()
                .any(|l| l.starts_with("-:8:") && l.contains("critical LP102")),
            "{shown}"
        );
    }
    // Without its byte-order mark it is named for what it is, not called binary.
    let out = posture_stdin(&["check", "-"], &le[2..]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("UTF-16"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("binary"), "{}", stderr(&out));
}

#[test]
fn no_input_reaches_the_terminal_raw_and_no_line_can_be_forged() {
    // A resource name and a broken document's file name that try to erase the line and print
    // a finding of their own.
    let forged = "\u{1b}[2K\rFAKE.yaml:1:1: critical LP999 [fake] forged\n\u{7}\u{202e}";
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: \"{}\"}}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      securityContext: {{privileged: true}}\n---\nb: [\n",
        forged.replace('\u{1b}', "\\e").replace('\r', "\\r").replace('\n', "\\n").replace('\u{7}', "\\a")
    );
    for format in ["text", "markdown"] {
        let out = posture_stdin(&["check", "-", "--format", format], text.as_bytes());
        let shown = stdout(&out) + &stderr(&out);
        for bad in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
            assert!(
                !shown.contains(bad),
                "{format}: {bad:?} reached the output:\n{shown}"
            );
        }
        assert!(
            !shown.lines().any(|l| l.starts_with("FAKE.yaml")),
            "{format}: a line was forged:\n{shown}"
        );
        assert!(
            shown.contains("FAKE.yaml"),
            "the name is still shown, escaped"
        );
    }
    // Standard error, for a file name that carries the same.
    let name = "bad\u{1b}[2K\rFAKE.yaml:1:1: critical.yaml";
    let out = posture(&["check", name]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    assert!(err.lines().all(|l| !l.starts_with("FAKE")), "{err}");
}

#[test]
fn share_with_config_withholds_what_it_cannot_examine_and_names_only_the_base() {
    use posture_engine::share::{decode, Shared};
    let dir = std::env::temp_dir().join(format!("posture-share-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("secret-stuff.yaml");
    let text = "a: 1 # password hunter2hunter2\n---\nkind: Secret\napiVersion: v1\nstringData: {k: s3cr3tValue99}\n\tbroken: 1\n";
    std::fs::write(&path, text).unwrap();
    let out = posture(&["share", path.to_str().unwrap(), "--with-config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("lines 2-6 withheld from the link"), "{err}");
    let link = stdout(&out);
    match decode(link.trim()) {
        Ok(Shared::Config(c)) => {
            assert_eq!(c.name, "secret-stuff.yaml");
            assert!(
                !c.text.contains("hunter2") && !c.text.contains("s3cr3t"),
                "{}",
                c.text
            );
        }
        other => panic!("{other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn options_take_equals_values_and_double_dash_ends_them() {
    let file = fixture("insecure-deployment.yaml");
    let out = posture(&["check", "--format=json", "--fail-on=none", "--", &file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tool"], "posture");
    // After `--`, an option-looking argument is a file name.
    let out = posture(&["check", "--", "--format"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--format: no such file"),
        "{}",
        stderr(&out)
    );
    let out = posture(&["check", &file, "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'--bogus'"), "{}", stderr(&out));
}
