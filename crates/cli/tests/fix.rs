//! `posture fix`: the diff it prints, --write's rewrite, standard input, exit codes, --rules
//! and --include-review, on the real binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # keep\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      imagePullPolicy: Never\n      securityContext:\n        privileged: true\n";

fn posture(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_posture"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn posture");
    let mut input = child.stdin.take().unwrap();
    // A usage error ends the program before it reads its input: a closed pipe is expected then.
    let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("posture-fix-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pod.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn prints_a_unified_diff_of_the_safe_fixes_and_exits_1() {
    let path = temp_file("diff", POD);
    let file = path.to_string_lossy().to_string();
    let o = posture(&["fix", &file], None);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let diff = out(&o);
    assert!(
        diff.starts_with(&format!("--- a/{file}\n+++ b/{file}\n@@ ")),
        "{diff}"
    );
    assert!(
        diff.contains("-      imagePullPolicy: Never\n+      imagePullPolicy: Always\n"),
        "{diff}"
    );
    // privileged is a review fix: left alone by default.
    assert!(!diff.contains("privileged: false"), "{diff}");
    // The file itself is untouched without --write.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), POD);
}

#[test]
fn write_rewrites_the_file_and_a_second_run_finds_nothing() {
    let path = temp_file("write", POD);
    let file = path.to_string_lossy().to_string();
    let o = posture(&["fix", "--write", "--include-review", &file], None);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o), "", "--write alone prints no diff");
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("privileged: false") && fixed.contains("# keep"),
        "{fixed}"
    );
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(left.len(), 1);
    let again = posture(&["fix", "--write", "--include-review", &file], None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn standard_input_gives_the_fixed_text_with_write_and_a_diff_without() {
    let o = posture(&["fix", "--write", "-"], Some(POD));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o), POD.replace("Never", "Always"));
    let o = posture(&["fix", "-"], Some(POD));
    assert!(out(&o).starts_with("--- a/-\n+++ b/-\n"));
    // Nothing to change: the text passes through and the status is 0.
    let clean = POD.replace("Never", "Always");
    let o = posture(&["fix", "--write", "--rules", "DS103", "-"], Some(&clean));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), clean);
}

#[test]
fn rules_limits_the_fixes_and_include_review_adds_the_review_ones() {
    let o = posture(&["fix", "--rules", "LP102", "-"], Some(POD));
    assert_eq!(o.status.code(), Some(0), "LP102 is review-only");
    let o = posture(
        &["fix", "--rules", "LP102", "--include-review", "-"],
        Some(POD),
    );
    assert_eq!(o.status.code(), Some(1));
    let diff = out(&o);
    assert!(diff.contains("+        privileged: false\n"), "{diff}");
    assert!(!diff.contains("imagePullPolicy: Always"), "{diff}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("review:"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(posture(&["fix"], None).status.code(), Some(2));
    assert_eq!(
        posture(&["fix", "--rules", "NOPE1", "-"], Some(POD))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        posture(&["fix", "/no/such/file.yaml"], None).status.code(),
        Some(2)
    );
}
