//! Documents inside strings: found, checked with every rule, and located in the pasted text.

use posture_engine::{check, Finding, Input};

fn run(text: &str) -> posture_engine::Report {
    check(&[Input {
        name: "in.yaml",
        text,
    }])
}

fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let line = text[..offset].matches('\n').count() + 1;
    let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

fn only<'a>(report: &'a posture_engine::Report, rule: &str) -> &'a Finding {
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .collect();
    assert_eq!(found.len(), 1, "{rule}: {:#?}", report.findings);
    found[0]
}

const PROFILE: &str = r#"metadata:
  name: edge-prod
spec:
  template:
    packs:
      - name: kubernetes
        tag: 1.29.4
        values: |
          cluster:
            name: {{ .spectro.system.cluster.name }}
          kubeadmconfig:
            files:
              - targetPath: /etc/kubernetes/app.yaml
                content: |
                  apiVersion: v1
                  kind: Pod
                  metadata: {name: inner}
                  spec:
                    containers:
                      - name: c
                        image: nginx:1.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
                        securityContext: {privileged: true}
      - name: app
        manifests:
          - name: web
            content: |
              apiVersion: v1
              kind: Pod
              metadata: {name: web}
              spec:
                hostNetwork: true
                containers: [{name: w, image: "web:1@sha256:0000000000000000000000000000000000000000000000000000000000000000"}]
"#;

#[test]
fn block_scalars_three_levels_deep_map_to_exact_lines() {
    let report = run(PROFILE);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let privileged = only(&report, "LP102");
    let (line, col) = line_col(PROFILE, "true}");
    assert_eq!(
        (privileged.span.start.line, privileged.span.start.column),
        (line, col)
    );
    assert_eq!(
        privileged.context.as_deref(),
        Some("pack kubernetes 1.29.4 → values → kubeadmconfig.files[0].content")
    );
    assert_eq!(privileged.resource.as_deref(), Some("Pod/inner"));

    let host = only(&report, "LP103");
    let (line, col) = line_col(PROFILE, "true\n                containers");
    assert_eq!((host.span.start.line, host.span.start.column), (line, col));
    assert_eq!(
        host.context.as_deref(),
        Some("pack app → manifests[0].content")
    );
    // The profile, the pack values, the file and the manifest are documents; two are Pods.
    assert_eq!(report.files[0].documents, 4);
    assert_eq!(report.files[0].resources, 2);
}

#[test]
fn json_strings_map_back_exactly_through_their_escapes() {
    // A Palette export holds pack values as JSON strings: a finding inside points at the exact
    // place on the exported line, escapes (`\n`, `\"`, `\u00e9`) and all.
    let json = r#"{"metadata":{"name":"p"},"spec":{"template":{"packs":[
 {"name":"app","tag":"1.0","values":"apiVersion: v1\nkind: Pod\nmetadata: {name: \"j\u00e9\"}\nspec:\n  hostPID: true\n  containers: [{name: a}]\n"}]}}}"#;
    let report = run(json);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let f = only(&report, "LP103");
    let at = json.find("true\\n  containers").unwrap();
    assert_eq!(f.span.start.offset, at);
    assert_eq!(f.span.end.offset, at + "true".len());
    let (line, col) = line_col(json, "true\\n  containers");
    assert_eq!((f.span.start.line, f.span.start.column), (line, col));
    // The position is exact, so the context names only the place.
    assert_eq!(f.context.as_deref(), Some("pack app 1.0 → values"));
}

#[test]
fn json_strings_folded_over_lines_map_to_the_string_and_name_the_inner_position() {
    // A double-quoted scalar broken over two lines folds the break into a space: it cannot be
    // followed character by character, so findings sit at the string and say where inside.
    let yaml = "spec:\n  template:\n    packs:\n      - name: app\n        values: \"apiVersion: v1\\nkind: Pod\\nmetadata: {name: j}\\nspec:\\n  hostPID: true\\n  containers:\n          [{name: a}]\\n\"\n";
    let report = run(yaml);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let f = only(&report, "LP103");
    let (line, col) = line_col(yaml, "\"apiVersion");
    assert_eq!((f.span.start.line, f.span.start.column), (line, col));
    assert_eq!(
        f.context.as_deref(),
        Some("pack app → values (line 5:12 of the value)")
    );
}

#[test]
fn syntax_errors_inside_strings_are_reported_with_their_context() {
    let text = "spec:\n  template:\n    packs:\n      - name: bad\n        values: |\n          a: [unclosed\n          b: 1\n";
    let report = run(text);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    assert_eq!(e.span.start.line, 7);
    assert!(e.message.contains("in pack bad → values"), "{}", e.message);
}

#[test]
fn nesting_stops_at_three_levels() {
    // Five levels of `content: |` each holding the next; only three are opened, and the
    // report says the fourth was not read instead of passing over it in silence.
    let mut doc = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\nspec:\n  hostIPC: true\n  containers: [{name: a}]\n");
    for _ in 0..5 {
        let indented: String = doc.lines().map(|l| format!("  {l}\n")).collect();
        doc = format!("content: |\n{indented}");
    }
    let report = run(&doc);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(report.errors[0]
        .message
        .contains("nested more than 3 levels deep was not read"));
    assert_eq!(posture_engine::score::scorecard(&report).grade, None);
    assert!(
        report.findings.iter().all(|f| f.rule_id != "LP103"),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.files[0].documents, 4);
}

#[test]
fn a_privileged_pod_four_levels_deep_is_not_passed_as_clean() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: deep}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      securityContext: {privileged: true}\n";
    let mut doc = pod.to_string();
    for level in 0..4 {
        let indented: String = doc.lines().map(|l| format!("      {l}\n")).collect();
        doc = format!("packs:\n  - name: level{level}\n    values: |\n{indented}");
    }
    let report = run(&doc);
    // Either the pod is found, or the report says where it stopped reading.
    let found = report.findings.iter().any(|f| f.rule_id == "LP102");
    let said = report
        .errors
        .iter()
        .any(|e| e.message.contains("was not read") && e.message.contains("level"));
    assert!(found || said, "{:?}", report.errors);
    let card = posture_engine::score::scorecard(&report);
    assert_eq!(card.grade, None);
    assert_eq!(card.not_graded, Some(posture_engine::score::PARTLY_READ));
    let text = posture_engine::report::text::render(&report);
    assert!(text.contains("not graded: part of the input"), "{text}");
}

#[test]
fn a_values_string_reused_through_aliases_is_checked_once() {
    let pod = "apiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\nspec:\\n  containers:\\n  - name: c\\n    image: nginx\\n    securityContext: {privileged: true}\\n";
    let mut text = format!("x: &v \"{pod}\"\npacks:\n");
    for _ in 0..50 {
        text.push_str("- values: *v\n");
    }
    let report = run(&text);
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "LP102")
            .count(),
        1
    );
}

#[test]
fn containers_listed_through_aliases_count_once() {
    let mut text = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &c {name: c, image: nginx, securityContext: {privileged: true}}\n",
    );
    for _ in 0..100 {
        text.push_str("  - *c\n");
    }
    let report = run(&text);
    let f = only(&report, "LP102");
    assert_eq!(f.span.start.line, 6);
}
