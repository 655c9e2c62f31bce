//! One check reports at most `MAX_FINDINGS`: past it the most serious are kept, an error says
//! findings were left out, and the report is not graded.

mod hostile;

use posture_engine::check::MAX_FINDINGS;
use posture_engine::{check, score, Input, Severity};

#[test]
fn past_the_limit_the_most_serious_findings_stay_and_the_report_says_it_is_partial() {
    // A List of privileged Pods: every Pod has one critical finding and several lesser ones,
    // so the limit is passed long before the Pods run out.
    let text = hostile::pod_list(1_100_000);
    let pods = text.matches("privileged").count();
    let report = check(&[Input {
        name: "pods.yaml",
        text: &text,
    }]);
    assert_eq!(report.findings.len(), MAX_FINDINGS);
    let critical = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Critical)
        .count();
    assert!(
        pods < MAX_FINDINGS,
        "the input is sized so every critical fits"
    );
    assert_eq!(critical, pods, "every Pod's critical finding is kept");
    let limit = report
        .errors
        .iter()
        .find(|e| {
            e.message
                .starts_with(&format!("more than {MAX_FINDINGS} findings"))
        })
        .expect("an error says findings were left out");
    assert!(
        limit.message.contains("more were left out"),
        "{}",
        limit.message
    );
    let card = score::scorecard(&report);
    assert_eq!(card.grade, None, "a partial report is not graded");
}

#[test]
fn below_the_limit_nothing_is_left_out() {
    let text = hostile::pod_list(60_000);
    let report = check(&[Input {
        name: "pods.yaml",
        text: &text,
    }]);
    assert!(report.findings.len() > 1000 && report.findings.len() < MAX_FINDINGS);
    assert!(report.errors.is_empty());
}

#[test]
fn once_the_held_reports_are_full_the_less_severe_rules_are_not_run() {
    // About ten reports per Pod: the bound on held reports is reached before the low rules.
    let text = hostile::pod_list(4_000_000);
    let report = check(&[Input {
        name: "pods.yaml",
        text: &text,
    }]);
    let skipped = report
        .errors
        .iter()
        .find(|e| e.message.contains("less severe rules ran"))
        .expect("an error says which rules were not run");
    assert!(skipped.message.contains("partial"), "{}", skipped.message);
    // A rule that was not run is not counted as having examined anything, so no view can
    // call its controls passed; and those not run are the least severe.
    let not_run: Vec<_> = posture_engine::rules::ALL
        .iter()
        .filter(|r| !report.applicable.contains_key(r.meta.id))
        .collect();
    let said: usize = skipped
        .message
        .split(" before ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the error says how many rules were not run");
    assert_eq!(not_run.len(), said);
    assert!(not_run
        .iter()
        .all(|r| matches!(r.meta.severity, Severity::Low | Severity::Info)));
    assert_eq!(score::scorecard(&report).grade, None);
}
