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
    // The program may stop before reading all of it (a usage error): a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(input);
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
    // Rules point at their framework controls through run.taxonomies.
    let taxonomies = run["taxonomies"].as_array().unwrap();
    let names: Vec<&str> = taxonomies
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"CIS Kubernetes Benchmark"), "{names:?}");
    let lp102 = rules.iter().find(|r| r["id"] == "LP102").unwrap();
    let targets: Vec<(String, String)> = lp102["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rel| {
            let t = &rel["target"];
            let taxonomy = &taxonomies[t["toolComponent"]["index"].as_u64().unwrap() as usize];
            let taxon = &taxonomy["taxa"][t["index"].as_u64().unwrap() as usize];
            assert_eq!(
                taxon["id"], t["id"],
                "relationship index points at its taxon"
            );
            assert_eq!(taxonomy["name"], t["toolComponent"]["name"]);
            (
                taxonomy["name"].as_str().unwrap().to_string(),
                t["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(targets.contains(&("CIS Kubernetes Benchmark".into(), "5.2.2".into())));
    assert!(targets.contains(&(
        "Pod Security Standards: restricted".into(),
        "privileged".into()
    )));
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

#[test]
fn check_with_a_framework_adds_per_control_statuses() {
    let file = fixture("insecure-deployment.yaml");
    let text = stdout(&posture(&[
        "check",
        &file,
        "--framework",
        "cis",
        "--fail-on",
        "none",
    ]));
    assert!(text.contains("CIS Kubernetes Benchmark v1.10: "), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains(" 5.2.2 "))
        .expect("5.2.2 listed");
    assert!(line.trim_start().starts_with("fail"), "{line}");
    assert!(text
        .lines()
        .any(|l| l.trim_start().starts_with("not checkable") && l.contains(" 4.1.1 ")));
    // Without --framework the output has no framework section.
    let plain = stdout(&posture(&["check", &file, "--fail-on", "none"]));
    assert!(!plain.contains("CIS Kubernetes Benchmark"));

    let json = posture(&["check", &file, "--framework=pss-restricted", "-fjson"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let fw = &v["frameworks"][0];
    assert_eq!(fw["framework"], "pss-restricted");
    let privileged = fw["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "privileged")
        .unwrap();
    assert_eq!(privileged["status"], "fail");
    let i = privileged["findings"][0].as_u64().unwrap() as usize;
    assert_eq!(v["findings"][i]["rule_id"], "LP102");

    let md = stdout(&posture(&[
        "check",
        &file,
        "--framework",
        "nsa",
        "--format",
        "markdown",
    ]));
    assert!(
        md.contains("### NSA/CISA Kubernetes Hardening Guide v1.2"),
        "{md}"
    );
    assert!(
        md.contains("| NSA-13 | Worker node segmentation | not checkable |"),
        "{md}"
    );

    let bad = posture(&["check", &file, "--framework", "soc2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown framework `soc2`"));
}

#[test]
fn a_clean_input_passes_and_a_broken_one_claims_no_pass() {
    let clean = stdout(&posture(&[
        "check",
        &fixture("clean-app.yaml"),
        "--framework",
        "pss-baseline",
    ]));
    let privileged = clean.lines().find(|l| l.contains(" privileged ")).unwrap();
    assert!(privileged.trim_start().starts_with("pass"), "{privileged}");
    let broken = posture(&[
        "check",
        &fixture("clean-app.yaml"),
        &fixture("broken.yaml"),
        "--framework",
        "pss-baseline",
    ]);
    assert_eq!(broken.status.code(), Some(2));
    let text = stdout(&broken);
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("pass ")),
        "{text}"
    );
    assert!(text.contains("not evaluated"), "{text}");
}

#[test]
fn frameworks_lists_catalogues_with_coverage() {
    let text = stdout(&posture(&["frameworks"]));
    for title in [
        "CIS Kubernetes Benchmark (cis) v1.10",
        "NSA/CISA Kubernetes Hardening Guide (nsa) v1.2",
        "Pod Security Standards: baseline (pss-baseline)",
        "Pod Security Standards: restricted (pss-restricted)",
        "Posture principles and pillars (principles)",
    ] {
        assert!(text.contains(title), "{title} missing");
    }
    assert!(text.contains("130 controls: "), "{text}");
    let json = posture(&["frameworks", "--framework", "cis", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    let controls = v[0]["controls"].as_array().unwrap();
    assert_eq!(
        controls.len(),
        v[0]["coverage"]["total"].as_u64().unwrap() as usize
    );
    let c111 = controls.iter().find(|c| c["id"] == "1.1.1").unwrap();
    assert_eq!(c111["coverage"], "not checkable");
    assert!(c111["note"].as_str().unwrap().contains("node"));
    let md = stdout(&posture(&["frameworks", "--format", "markdown"]));
    assert!(
        md.starts_with("## Compliance frameworks\n\n| Framework |"),
        "{md}"
    );
    assert_eq!(
        posture(&["frameworks", "--format", "sarif"]).status.code(),
        Some(2)
    );
}

/// A scratch directory of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("posture-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const TWO_CONTAINERS: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
        - name: side
          image: busybox:1.36
";

/// The same Deployment with lines added above, the containers swapped, and `hostNetwork`.
const EDITED: &str = "# owned by the web team
# reviewed 2024
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: web}
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: side
          image: busybox:1.36
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
";

fn sarif_validator() -> jsonschema::Validator {
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
    fix_language_patterns(&mut schema);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("schema compiles")
}

#[test]
fn baseline_hides_accepted_findings_through_line_shifts_and_reordering() {
    let dir = scratch("baseline");
    let file = dir.join("app.yaml");
    let file = file.to_str().unwrap();
    let baseline = dir.join("posture-baseline.json");
    let baseline = baseline.to_str().unwrap();
    std::fs::write(file, TWO_CONTAINERS).unwrap();
    let out = posture(&["baseline", "write", file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(written["version"], 1);
    assert_eq!(written["tool"], "posture");
    let entries = written["findings"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["rule"] == "LP102"
        && e["path"] == "spec.template.spec.containers[name=app].securityContext.privileged"
        && e["resource"] == "Deployment/web/app"
        && e["fingerprint"].as_str().is_some_and(|f| f.len() == 32)));
    std::fs::write(baseline, &out.stdout).unwrap();

    // Unchanged file: nothing new, exit 0 although a critical finding is there.
    let out = posture(&["check", "--baseline", baseline, file]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("LP102"), "{}", stdout(&out));

    // Lines added above and containers swapped: every old finding is unchanged, the host
    // network is new and is the only one listed.
    std::fs::write(file, EDITED).unwrap();
    let out = posture(&["check", "--baseline", baseline, file]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("LP103"), "{text}");
    assert!(!text.contains("LP102"), "{text}");
    assert!(text.contains("baseline: 1 new,"), "{text}");

    let out = posture(&["check", "--baseline", baseline, "--format", "json", file]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    for f in findings {
        let want = if f["rule_id"] == "LP103" {
            "new"
        } else {
            "unchanged"
        };
        assert_eq!(f["baseline_state"], want, "{f}");
        assert!(f["fingerprint"].is_string());
    }
    assert_eq!(v["absent"].as_array().unwrap().len(), 0);

    // Fixed: the privileged container is gone from the config and absent in SARIF.
    std::fs::write(
        file,
        EDITED.replace("privileged: true", "privileged: false"),
    )
    .unwrap();
    let out = posture(&["check", "--baseline", baseline, "--format", "sarif", file]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let absent: Vec<_> = results
        .iter()
        .filter(|r| r["baselineState"] == "absent")
        .collect();
    assert_eq!(absent.len(), 1, "{absent:?}");
    assert_eq!(absent[0]["ruleId"], "LP102");
    assert!(results.iter().all(|r| r["baselineState"].is_string()
        && r["partialFingerprints"]["postureFingerprint/v1"].is_string()));
    assert!(results
        .iter()
        .any(|r| r["baselineState"] == "new" && r["ruleId"] == "LP103"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_or_missing_baselines_are_usage_errors() {
    let dir = scratch("bad-baseline");
    let file = fixture("insecure-deployment.yaml");
    for (content, why) in [
        (
            "{\"tool\": \"posture\", \"version\": 9, \"findings\": []}",
            "version 9 is not supported",
        ),
        ("not json", "not a Posture baseline"),
    ] {
        let path = dir.join("b.json");
        std::fs::write(&path, content).unwrap();
        let out = posture(&["check", "--baseline", path.to_str().unwrap(), &file]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
    }
    let out = posture(&["check", "--baseline", "/no/such/baseline.json", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no such baseline file"),
        "{}",
        stderr(&out)
    );
    let out = posture(&["baseline", "read", &file]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_sarif_result_has_a_fingerprint_that_ignores_lines() {
    let fingerprints = |text: &str| {
        let out = posture_stdin(&["check", "-", "--format", "sarif"], text.as_bytes());
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut v: Vec<String> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["postureFingerprint/v1"]
                    .as_str()
                    .expect("every result has one")
                    .to_string()
            })
            .collect();
        v.sort();
        v
    };
    let before = fingerprints(TWO_CONTAINERS);
    assert!(!before.is_empty());
    assert_eq!(
        before,
        fingerprints(&format!("# moved down\n\n{TWO_CONTAINERS}"))
    );
}

#[test]
fn compare_files_directories_and_json_reports() {
    let dir = scratch("compare");
    let (old, new) = (dir.join("old"), dir.join("new"));
    std::fs::create_dir_all(old.join("deploy")).unwrap();
    std::fs::create_dir_all(new.join("deploy")).unwrap();
    std::fs::write(old.join("deploy/app.yaml"), TWO_CONTAINERS).unwrap();
    // NEW: the privileged container fixed, the host network added, lines shifted.
    let fixed = EDITED.replace("privileged: true", "privileged: false");
    std::fs::write(new.join("deploy/app.yaml"), &fixed).unwrap();
    let (old_s, new_s) = (old.to_str().unwrap(), new.to_str().unwrap());

    for (a, b) in [
        (
            old.join("deploy/app.yaml").to_str().unwrap().to_string(),
            new.join("deploy/app.yaml").to_str().unwrap().to_string(),
        ),
        (old_s.to_string(), new_s.to_string()),
    ] {
        let out = posture(&["compare", &a, &b, "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rules = |kind: &str| -> Vec<String> {
            v["findings"][kind]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule_id"].as_str().unwrap().to_string())
                .collect()
        };
        assert!(rules("new").contains(&"LP103".to_string()), "{v}");
        assert_eq!(rules("fixed"), ["LP102"], "{v}");
        assert!(!rules("unchanged").is_empty());
        assert_eq!(v["counts"]["fixed"], 1);
        assert!(v["principles"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["old"].is_object()));
    }

    // Two JSON reports of `posture check`.
    let report = |from: &PathBuf, to: &str| {
        let out = posture(&["check", "--format", "json", from.to_str().unwrap()]);
        std::fs::write(dir.join(to), &out.stdout).unwrap();
        dir.join(to).to_str().unwrap().to_string()
    };
    let a = report(&old.join("deploy/app.yaml"), "old.json");
    let b = report(&new.join("deploy/app.yaml"), "new.json");
    let out = posture(&["compare", &a, &b]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("new, 1 fixed,"), "{text}");
    assert!(text.contains("grade: F (39/100) → "), "{text}");
    // Nothing new at or above critical: exit 0.
    let out = posture(&[
        "compare",
        &a,
        &b,
        "--fail-on",
        "critical",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let md = stdout(&out);
    assert!(
        md.contains("| Principle | Before | After | Change |"),
        "{md}"
    );
    assert!(md.contains("### Fixed findings"), "{md}");
    // The same twice: nothing new, nothing fixed.
    let out = posture(&["compare", &a, &a]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("0 new, 0 fixed"), "{}", stdout(&out));
    // Usage errors.
    assert_eq!(posture(&["compare", &a]).status.code(), Some(2));
    assert_eq!(
        posture(&["compare", &a, &b, "-f", "sarif"]).status.code(),
        Some(2)
    );
    assert_eq!(
        posture(&["compare", &a, "/no/such/file"]).status.code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
