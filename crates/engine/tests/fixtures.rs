//! Realistic multi-resource inputs: their findings are pinned as snapshots, and the hardened
//! application must stay clean. Run with `UPDATE_SNAPSHOTS=1` to rewrite the snapshots after a
//! deliberate change, then review the diff.

use std::path::PathBuf;

use posture_engine::report::text;
use posture_engine::{check, Input, Severity};

fn dir(sub: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", sub].iter().collect()
}

fn run(name: &str) -> posture_engine::Report {
    let text = std::fs::read_to_string(dir("fixtures").join(name)).unwrap();
    check(&[Input {
        name: &format!("fixtures/{name}"),
        text: &text,
    }])
}

fn snapshot(name: &str) {
    let rendered = text::render(&run(name));
    let path = dir("snapshots").join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &rendered).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if rendered != expected {
        let first = rendered
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(rendered.lines().count().min(expected.lines().count()));
        panic!(
            "{name}: findings differ from the snapshot at line {}:\n  now:      {}\n  snapshot: {}\n(UPDATE_SNAPSHOTS=1 rewrites it)",
            first + 1,
            rendered.lines().nth(first).unwrap_or("<end>"),
            expected.lines().nth(first).unwrap_or("<end>")
        );
    }
}

#[test]
fn insecure_app_snapshot() {
    snapshot("insecure-app.yaml");
}

#[test]
fn rbac_snapshot() {
    snapshot("rbac.yaml");
}

#[test]
fn suppressions_snapshot() {
    snapshot("suppressions.yaml");
}

#[test]
fn hardened_app_has_no_finding_of_medium_or_above() {
    let report = run("hardened-app.yaml");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let serious: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Medium)
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(report.resources(), 7);
    let card = posture_engine::score::scorecard(&report);
    assert_eq!(card.grade, Some('A'));
}

#[test]
fn suppressions_need_reasons_and_stay_in_the_report() {
    let report = run("suppressions.yaml");
    let by_rule = |id: &str| report.findings.iter().find(|f| f.rule_id == id).unwrap();
    assert_eq!(
        by_rule("LP102").suppressed.as_deref(),
        Some("needs raw device access, reviewed 2026-10")
    );
    assert_eq!(
        by_rule("LP103").suppressed.as_deref(),
        Some("the agent reads host network statistics")
    );
    // No reason: not applied, and reported.
    assert!(by_rule("LP113").suppressed.is_none());
    assert!(by_rule("DS101").suppressed.is_none());
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "DS903")
            .count(),
        2
    );
    // Suppressed findings do not count.
    assert!(report.has_at_or_above(Severity::High));
    assert!(!report.active().any(|f| f.rule_id == "LP102"));
}

#[test]
fn every_workload_kind_and_custom_templates_are_checked() {
    let kinds = [
        ("v1", "Pod", "spec:\n  containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("apps/v1", "Deployment", "spec:\n  template:\n    spec:\n      containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("apps/v1", "StatefulSet", "spec:\n  template:\n    spec:\n      containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("apps/v1", "DaemonSet", "spec:\n  template:\n    spec:\n      containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("apps/v1", "ReplicaSet", "spec:\n  template:\n    spec:\n      containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("v1", "ReplicationController", "spec:\n  template:\n    spec:\n      containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("batch/v1", "Job", "spec:\n  template:\n    spec:\n      containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("batch/v1", "CronJob", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("v1", "PodTemplate", "template:\n  spec:\n    containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("argoproj.io/v1alpha1", "Rollout", "spec:\n  template:\n    spec:\n      containers: [{name: c, securityContext: {privileged: true}}]\n"),
        ("v1", "Pod", "spec:\n  ephemeralContainers: [{name: c, securityContext: {privileged: true}}]\n"),
    ];
    for (api, kind, body) in kinds {
        let text = format!("apiVersion: {api}\nkind: {kind}\nmetadata: {{name: x}}\n{body}");
        let report = check(&[Input {
            name: "k.yaml",
            text: &text,
        }]);
        let hits = report
            .findings
            .iter()
            .filter(|f| f.rule_id == "LP102")
            .count();
        assert_eq!(hits, 1, "{kind}:\n{text}");
    }
}

#[test]
fn pod_level_run_as_user_zero_is_reported_once_whatever_containers_say() {
    // Admission reads the pod-level field on its own: a pod that sets runAsUser: 0 is
    // rejected by restricted even where every container overrides it.
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true, runAsUser: 0}\n  containers:\n    - name: a\n      securityContext: {runAsUser: 1000}\n    - name: b\n";
    let report = check(&[Input {
        name: "p.yaml",
        text,
    }]);
    let root: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "LP113")
        .map(|f| (f.container.clone(), f.span.start.line))
        .collect();
    assert_eq!(root, [(None, 5)], "one finding, at the pod-level field");
}

#[test]
fn secret_values_never_appear_in_outputs() {
    let report = run("insecure-app.yaml");
    let outputs = [
        text::render(&report),
        posture_engine::report::json::render(&report),
        posture_engine::report::sarif::render(&report),
        posture_engine::report::markdown::render(&report),
    ];
    for secret in ["Sup3rS3cret!", "glpat-abcdefghij1234567890"] {
        for out in &outputs {
            assert!(!out.contains(secret), "{secret} leaked");
        }
    }
}

#[test]
fn pxk_values_snapshot() {
    snapshot("pxk-values.yaml");
}

#[test]
fn pxke_values_snapshot() {
    snapshot("pxke-values.yaml");
}

#[test]
fn edge_k3s_profile_snapshot() {
    snapshot("edge-k3s-profile.json");
}

#[test]
fn control_plane_findings_name_their_pack_and_point_into_the_values() {
    let report = run("edge-k3s-profile.json");
    let f = report
        .findings
        .iter()
        .find(|f| f.rule_id == "DF201")
        .expect("anonymous-auth");
    // JSON strings cannot be mapped exactly: the finding points at the values string and names
    // the place inside it.
    assert_eq!(f.span.start.line, 3);
    let context = f.context.as_deref().unwrap();
    assert!(
        context.starts_with("pack edge-k3s 1.29.5 → values → cluster.config"),
        "{context}"
    );
    for rule in ["DD205", "LP303", "DF206", "DD204"] {
        assert!(
            report.findings.iter().any(|f| f.rule_id == rule),
            "{rule} missing"
        );
    }
    // Block scalars map exactly: the PXK-E etcd flag is found at its own line.
    let report = run("pxke-values.yaml");
    let etcd = report
        .findings
        .iter()
        .find(|f| f.rule_id == "DD207")
        .expect("etcd");
    let text = std::fs::read_to_string(dir("fixtures").join("pxke-values.yaml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("listen-client-urls"))
        .unwrap()
        + 1;
    assert_eq!(etcd.span.start.line, line);
}

#[test]
fn edge_user_data_snapshot() {
    snapshot("edge-user-data.yaml");
}

#[test]
fn vmo_template_snapshot() {
    snapshot("vmo-template.yaml");
}

#[test]
fn values_masked_by_palette_exports_are_not_secrets() {
    let text = r#"{"metadata":{"name":"p"},"spec":{
 "variables":[{"name":"registry_password","isSensitive":true,"defaultValue":"********"}],
 "template":{"packs":[{"name":"app","tag":"1.0","manifests":[{"name":"s","content":
 "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: \"********\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  db_password: \"********\"\n"}]}]}}}"#;
    let report = check(&[Input {
        name: "profile.json",
        text,
    }]);
    let secret_rules: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id.starts_with("SH") || f.rule_id == "OB101")
        .map(|f| f.rule_id)
        .collect();
    assert!(secret_rules.is_empty(), "{secret_rules:?}");
    assert_eq!(
        report.resources(),
        2,
        "the manifest inside the pack was read"
    );
}

#[test]
fn palette_profile_snapshot() {
    snapshot("palette-profile.json");
}

#[test]
fn k3s_values_snapshot() {
    snapshot("k3s-values.yaml");
}
