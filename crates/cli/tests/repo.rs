//! Whole repositories: directory walks, `.posture.yaml`, several outputs in one run, and the
//! CI integrations (the GitHub Action's script and the pre-commit hook) run for real.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_posture");
const INSECURE: &str = include_str!("fixtures/insecure-deployment.yaml");
const CLEAN: &str = include_str!("fixtures/clean-app.yaml");

/// A fresh directory under the system's temporary directory, named after the test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("posture-repo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

fn put(dir: &Path, path: &str, text: &str) {
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().expect("a parent")).expect("create directories");
    std::fs::write(file, text).expect("write file");
}

fn posture_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run posture")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The distinct files findings are reported in, from JSON output.
fn files_with_findings(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let mut files: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["file"].as_str().unwrap_or("").to_string())
        .collect();
    files.dedup();
    files
}

/// A small repository with something for every walking rule.
fn sample_repo(name: &str) -> PathBuf {
    let dir = scratch(name);
    put(&dir, "apps/web/deploy.yaml", INSECURE);
    put(&dir, "apps/api/deploy.yml", INSECURE);
    // YAML under a .json name: the loader reads both, and the walk takes it by its extension.
    put(&dir, "apps/clean.json", CLEAN);
    put(&dir, "node_modules/lib/deploy.yaml", INSECURE);
    put(&dir, ".github/deploy.yaml", INSECURE);
    put(&dir, "build/deploy.yaml", INSECURE);
    put(&dir, ".gitignore", "build/\n");
    put(&dir, "vendor/chart/deploy.yaml", INSECURE);
    put(&dir, "nodes/user-data", "#cloud-config\nssh_pwauth: true\n");
    put(&dir, "nodes/notes.txt", "ssh_pwauth: true\n");
    put(
        &dir,
        "web/package.json",
        "{\"name\": \"web\", \"version\": \"1.0.0\"}\n",
    );
    dir
}

#[test]
fn a_directory_walk_skips_hidden_ignored_and_excluded_files_and_reports_relative_paths() {
    let dir = sample_repo("walk");
    let out = posture_in(&dir, &["check", ".", "--exclude", "vendor", "-f", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        files_with_findings(&out),
        [
            "apps/api/deploy.yml",
            "apps/web/deploy.yaml",
            "nodes/user-data"
        ]
    );
    // Without the exclude, vendor is checked; named from a parent, paths stay relative to the
    // current directory.
    let parent = dir.parent().expect("a parent");
    let name = dir.file_name().and_then(|n| n.to_str()).expect("a name");
    let out = posture_in(parent, &["check", name, "-f", "json", "--no-config"]);
    let files = files_with_findings(&out);
    assert!(
        files.contains(&format!("{name}/vendor/chart/deploy.yaml")),
        "{files:?}"
    );
    assert!(files.iter().all(|f| f.starts_with(name)), "{files:?}");
    // An absolute path below the current directory is shown relative to it.
    let absolute = dir.join("apps/web/deploy.yaml");
    let out = posture_in(
        &dir,
        &["check", absolute.to_str().expect("UTF-8"), "-f", "json"],
    );
    assert_eq!(files_with_findings(&out), ["apps/web/deploy.yaml"]);
    // An absolute exclude is matched against absolute paths: it leaves out that directory,
    // not every directory of the same name.
    put(&dir, "apps/vendor/deploy.yaml", INSECURE);
    let vendor = format!("{}/vendor", dir.to_str().expect("UTF-8"));
    let out = posture_in(&dir, &["check", ".", "--exclude", &vendor, "-f", "json"]);
    let files = files_with_findings(&out);
    assert!(!files.iter().any(|f| f.starts_with("vendor/")), "{files:?}");
    assert!(
        files.contains(&"apps/vendor/deploy.yaml".to_string()),
        "{files:?}"
    );
    std::fs::remove_dir_all(dir.join("apps/vendor")).expect("remove");
    // A walk does not follow symbolic links, to files or directories; a named link is read.
    std::os::unix::fs::symlink(dir.join("apps/web/deploy.yaml"), dir.join("apps/link.yaml"))
        .expect("file link");
    std::os::unix::fs::symlink(dir.join("apps/web"), dir.join("apps/dir-link")).expect("dir link");
    let out = posture_in(&dir, &["check", "apps", "-f", "json"]);
    assert_eq!(
        files_with_findings(&out),
        ["apps/api/deploy.yml", "apps/web/deploy.yaml"]
    );
    let out = posture_in(&dir, &["check", "apps/link.yaml", "-f", "json"]);
    assert_eq!(files_with_findings(&out), ["apps/link.yaml"]);
}

#[test]
fn files_that_are_not_configuration_are_named_once_and_unreadable_files_are_errors() {
    let dir = sample_repo("not-config");
    let out = posture_in(&dir, &["check", "web", "apps/clean.json"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        text.matches("web/package.json: not evaluated").count(),
        1,
        "{text}"
    );
    assert!(!text.contains("DS900"), "{text}");
    let json = posture_in(&dir, &["check", "web", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["not_evaluated"], serde_json::json!(["web/package.json"]));
    // A YAML file that is not UTF-8 is a real error: reported, the rest still checked, exit 2.
    std::fs::write(dir.join("apps/latin1.yaml"), b"name: caf\xe9\n").expect("write");
    let out = posture_in(&dir, &["check", "apps", "-f", "json"]);
    assert_eq!(out.status.code(), Some(2));
    // It points at the byte that is not UTF-8.
    assert!(
        stderr(&out).contains("apps/latin1.yaml:1:10: is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(files_with_findings(&out).len(), 2);
    // A path that does not exist is a usage error, not an empty run.
    let out = posture_in(&dir, &["check", "no-such-dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-dir: no such file or directory"));
}

#[test]
fn the_order_is_stable_and_every_file_is_checked_once() {
    let dir = scratch("order");
    for i in 0..60 {
        let text = if i % 3 == 0 { INSECURE } else { CLEAN };
        put(&dir, &format!("d{}/f{i:02}.yaml", i % 7), text);
    }
    let first = posture_in(
        &dir,
        &["check", ".", "d0", "-f", "sarif", "--fail-on", "none"],
    );
    let second = posture_in(&dir, &["check", ".", "-f", "sarif", "--fail-on", "none"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(stdout(&first), stdout(&second), "same files, same output");
    let v: serde_json::Value = serde_json::from_slice(&first.stdout).expect("SARIF");
    let uris: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or("")
        })
        .collect();
    let mut sorted = uris.clone();
    sorted.sort();
    assert_eq!(uris, sorted, "results in path order");
    let mut distinct = uris.clone();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        20,
        "each insecure file once, although d0 was named twice"
    );
}

#[test]
fn the_config_file_is_found_in_a_parent_and_applies_its_settings() {
    let dir = sample_repo("config");
    put(
        &dir,
        ".posture.yaml",
        "fail-on: critical\nrules:\n  disable: [DS101]\n  severity:\n    LP103: critical\n\
         exclude: [nodes]\nper-path:\n  - paths: [apps/api/**]\n    disable: [privileged-container]\n",
    );
    let out = posture_in(&dir.join("apps"), &["check", ".", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = v["findings"].as_array().expect("findings");
    let of = |file: &str, rule: &str| {
        findings
            .iter()
            .filter(|f| f["file"] == file && f["rule_id"] == rule)
            .count()
    };
    assert_eq!(of("web/deploy.yaml", "DS101"), 0, "disabled everywhere");
    assert_eq!(of("web/deploy.yaml", "LP102"), 1);
    assert_eq!(of("api/deploy.yml", "LP102"), 0, "disabled under apps/api");
    let lp103 = findings
        .iter()
        .find(|f| f["rule_id"] == "LP103")
        .expect("LP103");
    assert_eq!(lp103["severity"], "critical");
    assert_eq!(
        out.status.code(),
        Some(1),
        "fail-on critical, and there are criticals"
    );
    // The command line wins over the config; --no-config ignores it.
    let out = posture_in(&dir, &["check", "nodes", "--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("0 findings"),
        "nodes is excluded: {}",
        stdout(&out)
    );
    let out = posture_in(
        &dir,
        &["check", "nodes", "--no-config", "--fail-on", "high"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // A mistake in the config stops the run with its place.
    put(
        &dir,
        "broken.yaml",
        "rules:\n  disable: [LP102]\n  severty: {}\n",
    );
    let out = posture_in(&dir, &["check", ".", "--config", "broken.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("broken.yaml:3:3: unknown key `severty`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn one_run_writes_several_formats() {
    let dir = sample_repo("outputs");
    let out = posture_in(
        &dir,
        &[
            "check",
            "apps",
            "--format",
            "text",
            "--output",
            "sarif=out/posture.sarif",
            "-o",
            "gitlab=gl-code-quality.json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "out/ does not exist: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("cannot write out/posture.sarif"));
    std::fs::create_dir_all(dir.join("out")).expect("mkdir");
    let out = posture_in(
        &dir,
        &[
            "check",
            "apps",
            "--output=sarif=out/posture.sarif",
            "--output",
            "gitlab=gl-code-quality.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("apps/web/deploy.yaml:16:25: critical LP102"));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/posture.sarif")).expect("SARIF"))
            .expect("valid SARIF JSON");
    let gitlab: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("gl-code-quality.json")).expect("file"))
            .expect("valid JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let issues = gitlab.as_array().expect("an array");
    assert_eq!(results.len(), issues.len());
    let lp102 = issues
        .iter()
        .find(|i| i["check_name"] == "LP102" && i["location"]["path"] == "apps/web/deploy.yaml")
        .expect("LP102 issue");
    assert_eq!(lp102["severity"], "blocker");
    assert_eq!(lp102["location"]["lines"]["begin"], 16);
    for bad in [
        &["--output", "posture.sarif"][..],
        &["--output", "yaml=x"],
        &["-o", "sarif="],
        // Two formats into one file would leave only the second.
        &["-o", "json=same", "-o", "sarif=./same"],
        &["-o", "json=-"],
    ] {
        let mut args = vec!["check", "apps"];
        args.extend_from_slice(bad);
        assert_eq!(posture_in(&dir, &args).status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn baseline_write_and_compare_take_paths_config_and_excludes_as_check_does() {
    let dir = sample_repo("same-view");
    put(
        &dir,
        ".posture.yaml",
        "fail-on: none\nrules:\n  disable: [DS101]\n  severity: {LP102: low}\nexclude: [vendor]\n",
    );
    // A baseline of the whole directory, then a check of it: nothing new and nothing absent.
    let out = posture_in(&dir, &["baseline", "write", ".", "--exclude", "nodes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = stdout(&out);
    assert!(!written.contains("\"DS101\""), "disabled by the config");
    assert!(!written.contains("vendor/"), "excluded by the config");
    assert!(!written.contains("nodes/"), "excluded by --exclude");
    assert!(written.contains("apps/web/deploy.yaml"), "{written}");
    put(&dir, "posture-baseline.json", &written);
    let out = posture_in(
        &dir,
        &[
            "check",
            ".",
            "--exclude",
            "nodes",
            "--baseline",
            "posture-baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("baseline: 0 new,") && stdout(&out).contains(" 0 no longer found"),
        "{}",
        stdout(&out)
    );
    // Compare sees what check sees: the config's rules, severities and excludes.
    put(&dir, "old/apps/deploy.yaml", INSECURE);
    put(&dir, "new/apps/deploy.yaml", INSECURE);
    put(&dir, "old/vendor/deploy.yaml", INSECURE);
    let out = posture_in(&dir, &["compare", "old", "new", "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["counts"]["fixed"], 0, "old/vendor is excluded: {v}");
    assert_eq!(v["counts"]["new"], 0, "{v}");
    let unchanged = v["findings"]["unchanged"].as_array().expect("unchanged");
    assert!(unchanged.iter().all(|f| f["rule_id"] != "DS101"), "{v}");
    let lp102 = unchanged
        .iter()
        .find(|f| f["rule_id"] == "LP102")
        .expect("LP102");
    assert_eq!(lp102["severity"], "low");
    // A base checkout beside the working one: the config's path rules apply to both sides
    // alike, by the files' names below each.
    let work = dir.join("work");
    put(
        &work,
        ".posture.yaml",
        "per-path:\n  - paths: [apps/api/**]\n    disable: [LP102]\n",
    );
    put(&work, "apps/api/deploy.yaml", INSECURE);
    put(&dir, "base/apps/api/deploy.yaml", INSECURE);
    let out = posture_in(&work, &["compare", "../base", ".", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["counts"]["fixed"], 0, "{v}");
    assert_eq!(v["counts"]["new"], 0, "{v}");
    // A side with nothing to compare, or a named file an exclude leaves out, is an error.
    std::fs::create_dir_all(dir.join("empty")).expect("mkdir");
    for (old, new) in [
        ("empty", "new"),
        ("old/vendor/deploy.yaml", "new/apps/deploy.yaml"),
    ] {
        let out = posture_in(&dir, &["compare", old, new]);
        assert_eq!(out.status.code(), Some(2), "{old} {new}: {}", stdout(&out));
    }
    // The two sides must be alike: a file against a directory or a report is a usage error.
    let report = posture_in(&dir, &["check", "old", "-f", "json"]);
    put(&dir, "old.json", &stdout(&report));
    for (old, new) in [
        ("old/apps/deploy.yaml", "new"),
        ("old.json", "new/apps/deploy.yaml"),
    ] {
        let out = posture_in(&dir, &["compare", old, new]);
        assert_eq!(out.status.code(), Some(2), "{old} {new}");
        assert!(
            stderr(&out).contains("compare two files"),
            "{}",
            stderr(&out)
        );
    }
    // Every command answers --help.
    for command in ["check", "baseline", "compare"] {
        let out = posture_in(&dir, &[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        assert!(stdout(&out).starts_with("Usage:"), "{command}");
    }
}

#[test]
fn the_github_action_script_checks_writes_sarif_and_passes_the_exit_code_on() {
    let dir = sample_repo("action");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/action.sh");
    let run = |env: &[(&str, &str)]| {
        let github_output = dir.join("github-output");
        let _ = std::fs::remove_file(&github_output);
        let out = Command::new("bash")
            .arg(&script)
            .current_dir(&dir)
            .env("POSTURE_BIN", BIN)
            .env("GITHUB_OUTPUT", &github_output)
            .envs(env.iter().copied())
            .output()
            .expect("run the action script");
        let outputs = std::fs::read_to_string(&github_output).unwrap_or_default();
        (out, outputs)
    };
    let (out, outputs) = run(&[
        ("POSTURE_PATHS", "apps\nnodes"),
        ("POSTURE_SARIF_FILE", "p.sarif"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "findings fail the job later: {}",
        stderr(&out)
    );
    assert!(outputs.contains("exit-code=1\n"), "{outputs}");
    assert!(outputs.contains("sarif-file=p.sarif\n"), "{outputs}");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("p.sarif")).expect("SARIF written"))
            .expect("valid SARIF");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        stdout(&out).contains("nodes/user-data:2:13: high SH109"),
        "{}",
        stdout(&out)
    );
    let (out, outputs) = run(&[("POSTURE_PATHS", "apps"), ("POSTURE_FAIL_ON", "none")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(outputs.contains("exit-code=0\n"), "{outputs}");
    assert!(
        dir.join("posture.sarif").is_file(),
        "the default SARIF file"
    );
    let (out, outputs) = run(&[("POSTURE_PATHS", "missing")]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an input error stops the action at once"
    );
    assert!(outputs.contains("exit-code=2\n"), "{outputs}");
    // The default file from the run before is gone, not handed on as this run's result.
    assert!(outputs.contains("sarif-file=\n"), "{outputs}");
    assert!(!dir.join("posture.sarif").exists());
    // An empty file name asks for no SARIF file.
    let (out, outputs) = run(&[("POSTURE_PATHS", "apps"), ("POSTURE_SARIF_FILE", "")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(outputs.contains("sarif-file=\n"), "{outputs}");
    assert!(!dir.join("posture.sarif").exists());
    // The action's metadata calls this script and uploads what it writes.
    let action =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../action.yml"))
            .expect("action.yml");
    assert!(action.contains("$GITHUB_ACTION_PATH/scripts/action.sh"));
    assert!(action.contains("github/codeql-action/upload-sarif@"));
}

#[test]
fn the_pre_commit_hook_runs_its_entry_on_the_files_it_is_given() {
    use posture_engine::yaml::{load, Limits};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(path).expect(".pre-commit-hooks.yaml");
    let loaded = load(&text, &Limits::default());
    assert!(loaded.errors.is_empty());
    let tree = &loaded.tree;
    let hooks = tree.items(loaded.documents[0].root);
    assert_eq!(hooks.len(), 1);
    let hook = hooks[0];
    assert_eq!(tree.get_str(hook, "id"), Some("posture"));
    assert_eq!(tree.get_str(hook, "language"), Some("system"));
    let entry = tree.get_str(hook, "entry").expect("an entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("posture"));
    let args: Vec<&str> = words.collect();
    let types = tree.get(hook, "types_or").map(|t| tree.items(t).len());
    assert_eq!(types, Some(2), "yaml and json files");
    // pre-commit runs `ENTRY FILE...` with the staged files.
    let dir = sample_repo("pre-commit");
    let run = |files: &[&str]| {
        Command::new(BIN)
            .args(&args)
            .args(files)
            .current_dir(&dir)
            .output()
            .expect("run the hook's entry")
    };
    let bad = run(&["apps/web/deploy.yaml", "apps/clean.json"]);
    assert_eq!(bad.status.code(), Some(1), "{}", stdout(&bad));
    assert!(stdout(&bad).contains("apps/web/deploy.yaml:16:25: critical LP102"));
    let good = run(&["apps/clean.json"]);
    assert_eq!(good.status.code(), Some(0), "{}", stdout(&good));
    // Excludes in the config hold for files pre-commit names too.
    put(&dir, ".posture.yaml", "exclude: [apps/web]\n");
    assert_eq!(run(&["apps/web/deploy.yaml"]).status.code(), Some(0));
}
