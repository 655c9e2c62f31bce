//! Runs every rule's documented examples: each Invalid example fires the rule exactly once,
//! each Valid example not at all. Also checks the metadata every output relies on.

use std::collections::HashSet;

use super::ALL;
use crate::check::{check_with, Input};

fn findings_of(rule: &'static crate::Rule, text: &str) -> usize {
    let report = check_with(
        &[Input {
            name: "example.yaml",
            text,
        }],
        &[rule],
    );
    assert!(
        report.errors.is_empty(),
        "{}: example does not parse: {:?}\n{text}",
        rule.meta.id,
        report.errors
    );
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule.meta.id)
        .count()
}

#[test]
fn invalid_examples_fire_exactly_once() {
    for rule in ALL {
        assert!(
            !rule.meta.invalid.is_empty(),
            "{} has no invalid example",
            rule.meta.id
        );
        for (i, text) in rule.meta.invalid.iter().enumerate() {
            let n = findings_of(rule, text);
            assert_eq!(
                n, 1,
                "{} invalid example {i} fired {n} times:\n{text}",
                rule.meta.id
            );
        }
    }
}

#[test]
fn valid_examples_do_not_fire() {
    for rule in ALL {
        assert!(
            !rule.meta.valid.is_empty(),
            "{} has no valid example",
            rule.meta.id
        );
        for (i, text) in rule.meta.valid.iter().enumerate() {
            let n = findings_of(rule, text);
            assert_eq!(
                n, 0,
                "{} valid example {i} fired {n} times:\n{text}",
                rule.meta.id
            );
        }
    }
}

#[test]
fn metadata_is_complete_and_consistent() {
    let mut ids = HashSet::new();
    let mut slugs = HashSet::new();
    for rule in ALL {
        let m = &rule.meta;
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        assert!(slugs.insert(m.slug), "duplicate slug {}", m.slug);
        assert!(
            m.id.starts_with(m.principle.code()),
            "{} does not start with its principle code",
            m.id
        );
        assert!(
            m.id.len() == 5 && m.id[2..].chars().all(|c| c.is_ascii_digit()),
            "{} is not XX999",
            m.id
        );
        assert!(m
            .slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        assert!(!m.pillars.is_empty(), "{} has no pillar", m.id);
        for text in [m.title, m.rationale, m.remediation, m.fix_snippet] {
            assert!(text.len() > 5, "{} has an empty text field", m.id);
        }
        let score: f32 = m
            .security_severity
            .parse()
            .expect("security-severity is a number");
        let (lo, hi) = m.severity.security_severity_range();
        assert!(
            (lo..=hi).contains(&score),
            "{} security-severity {score} outside {lo}..{hi}",
            m.id
        );
    }
}
