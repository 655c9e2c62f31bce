//! Frameworks on whole fixtures: the hardened application passes every Pod Security control
//! (baseline and restricted), the insecure one fails the controls its findings belong to.

use std::path::PathBuf;

use posture_engine::frameworks::{assess, find, Status};
use posture_engine::{check, Input, Report};

fn run(name: &str) -> Report {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect();
    let text = std::fs::read_to_string(path).unwrap();
    check(&[Input { name, text: &text }])
}

#[test]
fn the_hardened_fixture_passes_every_pod_security_control() {
    let report = run("hardened-app.yaml");
    for id in ["pss-baseline", "pss-restricted"] {
        let a = assess(find(id).unwrap(), &report);
        assert!(!a.controls.is_empty());
        for c in &a.controls {
            assert_eq!(
                c.status,
                Status::Pass,
                "{id} {} on hardened-app.yaml",
                c.control.id
            );
        }
        assert_eq!(a.applicable(), a.controls.len());
    }
}

#[test]
fn the_insecure_fixture_fails_the_controls_of_its_findings() {
    let report = run("insecure-app.yaml");
    let restricted = assess(find("pss-restricted").unwrap(), &report);
    let failed: Vec<&str> = restricted
        .controls
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| c.control.id)
        .collect();
    for id in [
        "privileged",
        "hostNamespaces",
        "runAsNonRoot",
        "allowPrivilegeEscalation",
    ] {
        assert!(failed.contains(&id), "{id} not failed: {failed:?}");
    }
    // Every finding a failed control lists is active and of one of the control's rules.
    for c in &restricted.controls {
        for &i in &c.findings {
            let f = &report.findings[i];
            assert!(f.suppressed.is_none());
            assert!(c
                .control
                .rules()
                .iter()
                .any(|r| r.rule == f.rule_id || f.implies.contains(&r.rule)));
        }
    }
    let cis = assess(find("cis").unwrap(), &report);
    let node_file = cis
        .controls
        .iter()
        .find(|c| c.control.id == "4.1.1")
        .unwrap();
    assert_eq!(node_file.status, Status::NotCheckable);
}
