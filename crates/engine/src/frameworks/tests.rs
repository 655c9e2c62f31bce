//! The catalogues against the rules: every rule they name exists, each control with rules is
//! failed by at least one of its rules' invalid examples, and rules cite frameworks only
//! through the catalogues.

use std::collections::HashSet;

use super::{all, assess, find, references, Check, Status, IDS};
use crate::check::{check_with, Input};
use crate::rules::{self, ALL};

/// Prefixes that mark a framework citation; rules must not write these themselves.
const FRAMEWORK_PREFIXES: [&str; 3] = [
    "CIS Kubernetes Benchmark",
    "NSA/CISA",
    "Pod Security Standards",
];

#[test]
fn every_framework_is_listed_once_and_found_by_its_id() {
    let ids: Vec<&str> = all().iter().map(|f| f.id).collect();
    assert_eq!(ids, IDS);
    for id in IDS {
        assert_eq!(find(id).map(|f| f.id), Some(id));
    }
    assert!(find("PSS-Restricted").is_some());
    assert!(find("soc2").is_none());
}

#[test]
fn control_ids_are_unique_and_every_named_rule_exists() {
    for f in all() {
        let mut seen = HashSet::new();
        for c in f.controls.iter() {
            assert!(seen.insert(c.id), "{}: {} listed twice", f.id, c.id);
            assert!(!c.title.is_empty() && !c.section.is_empty());
            match &c.check {
                Check::Rules {
                    rules: refs,
                    partial,
                } => {
                    assert!(!refs.is_empty(), "{} {}: empty rule list", f.id, c.id);
                    assert!(partial.is_none_or(|p| !p.is_empty()));
                    for r in refs.iter() {
                        assert!(
                            rules::find(r.rule).is_some(),
                            "{} {} names unknown rule {}",
                            f.id,
                            c.id,
                            r.rule
                        );
                    }
                }
                Check::NotCheckable(why) | Check::NoRule(why) => {
                    assert!(!why.is_empty(), "{} {}: no reason given", f.id, c.id)
                }
            }
        }
    }
}

#[test]
fn the_benchmark_and_standards_have_their_known_sizes() {
    // CIS v1.10: 21 + 29 + 7 + 2 control-plane items, 7 etcd, 5 control-plane configuration,
    // 10 + 13 + 1 worker-node items, 13 + 13 + 2 + 2 + 1 + 4 policy items.
    assert_eq!(find("cis").unwrap().controls.len(), 130);
    assert_eq!(find("nsa").unwrap().controls.len(), 22);
    assert_eq!(find("pss-baseline").unwrap().controls.len(), 12);
    // Baseline's controls minus the four restricted replaces, plus restricted's seven.
    assert_eq!(find("pss-restricted").unwrap().controls.len(), 15);
    assert_eq!(find("principles").unwrap().controls.len(), 13);
}

#[test]
fn rules_cite_frameworks_only_through_the_catalogues() {
    for rule in ALL {
        for r in rule.meta.references {
            assert!(
                !FRAMEWORK_PREFIXES.iter().any(|p| r.starts_with(p)),
                "{} cites {r:?} itself; list the rule under the control in frameworks/ instead",
                rule.meta.id
            );
        }
    }
}

#[test]
fn derived_references_name_exactly_the_controls_that_list_the_rule() {
    for rule in ALL {
        let refs = references(&rule.meta);
        for f in all() {
            for c in f.controls.iter() {
                let Some(cite) = f.citation(c) else { continue };
                let listed = c.rules().iter().any(|r| r.rule == rule.meta.id);
                assert_eq!(
                    refs.contains(&cite),
                    listed,
                    "{} and {} {}",
                    rule.meta.id,
                    f.id,
                    c.id
                );
            }
        }
    }
    let lp102 = rules::find("LP102").unwrap();
    let refs = references(&lp102.meta);
    assert!(refs
        .iter()
        .any(|r| r.starts_with("CIS Kubernetes Benchmark 5.2.2: ")));
    assert!(refs.contains(&"Pod Security Standards (baseline): Privileged Containers".into()));
}

#[test]
fn every_control_with_rules_is_failed_by_one_of_its_rules_examples() {
    let mut missing = Vec::new();
    for f in all() {
        for c in f.controls.iter() {
            let refs = c.rules();
            if refs.is_empty() {
                continue;
            }
            let exercised = refs.iter().any(|r| {
                let Some(rule) = rules::find(r.rule) else {
                    return false;
                };
                rule.meta.invalid.iter().any(|text| {
                    let report = check_with(
                        &[Input {
                            name: "example.yaml",
                            text,
                        }],
                        &[rule],
                    );
                    assess(f, &report)
                        .controls
                        .iter()
                        .any(|s| s.control.id == c.id && s.status == Status::Fail)
                })
            });
            if !exercised {
                missing.push(format!("{} {}", f.id, c.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no invalid example fails: {}",
        missing.join(", ")
    );
}

#[test]
fn principles_and_pillars_list_every_rule_by_its_metadata() {
    let f = find("principles").unwrap();
    for rule in ALL {
        let principle = f.control(rule.meta.principle.code()).unwrap();
        assert!(principle.rules().iter().any(|r| r.rule == rule.meta.id));
        for p in rule.meta.pillars {
            let pillar = f.control(p.title()).unwrap();
            assert!(pillar.rules().iter().any(|r| r.rule == rule.meta.id));
        }
    }
}

#[test]
fn coverage_figures_add_up() {
    for f in all() {
        let c = f.coverage();
        assert_eq!(c.total, f.controls.len());
        assert_eq!(
            c.evaluated + c.not_checkable + c.no_rule,
            c.total,
            "{}",
            f.id
        );
        assert!(c.partial <= c.evaluated);
    }
    let cis = find("cis").unwrap().coverage();
    // File ownership and permissions on nodes alone are 30 items of the benchmark.
    assert!(cis.not_checkable >= 30, "{cis:?}");
    assert_eq!(find("pss-restricted").unwrap().coverage().evaluated, 15);
}
