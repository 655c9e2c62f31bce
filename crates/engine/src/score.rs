//! Scores per principle and pillar, and an overall grade.
//!
//! Each rule examines subjects (containers, pod specs, role rules, …); each subject is one check
//! that passes or fails. A check weighs as much as its rule's severity (critical 10, high 6,
//! medium 3, low 1, info 0). A score is the weighted share of checks that pass:
//!
//! `score = 100 × Σ weight × passed / Σ weight × examined`
//!
//! over the rules of that principle (or pillar) that had anything to examine. Suppressed findings
//! count as passed. The grade follows the overall score (A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else
//! F), and any unsuppressed critical finding caps it at D.

use serde::Serialize;

use crate::model::{Pillar, Principle, Severity};
use crate::report::Report;
use crate::rule::Rule;
use crate::rules;

/// The formula, as the page and the README show it.
pub const FORMULA: &str = "score = 100 × Σ(weight × checks passed) ÷ Σ(weight × checks made), \
    with weights critical 10, high 6, medium 3, low 1; a check is one rule looking at one \
    subject (a container, a pod, a role rule…) that exists in the input. Grade: A ≥ 90, B ≥ 80, \
    C ≥ 70, D ≥ 60, else F; an unsuppressed critical finding caps the grade at D.";

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// 0–100, or `None` when nothing in the input was examined for this.
    pub score: Option<u8>,
    pub checks: usize,
    pub failed: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Scorecard {
    pub principles: Vec<(Principle, Score)>,
    pub pillars: Vec<(Pillar, Score)>,
    pub overall: Score,
    pub grade: char,
}

#[derive(Default)]
struct Tally {
    weighted_total: u64,
    weighted_passed: u64,
    checks: usize,
    failed: usize,
}

impl Tally {
    fn add(&mut self, weight: u32, examined: usize, failed: usize) {
        self.weighted_total += u64::from(weight) * examined as u64;
        self.weighted_passed += u64::from(weight) * (examined - failed) as u64;
        self.checks += examined;
        self.failed += failed;
    }

    fn score(&self) -> Score {
        let score = (self.weighted_total > 0).then(|| {
            ((self.weighted_passed * 100 + self.weighted_total / 2) / self.weighted_total) as u8
        });
        Score {
            score,
            checks: self.checks,
            failed: self.failed,
        }
    }
}

pub fn scorecard(report: &Report) -> Scorecard {
    scorecard_with(report, rules::ALL)
}

pub fn scorecard_with(report: &Report, catalogue: &[&Rule]) -> Scorecard {
    let mut by_principle: Vec<Tally> = Principle::ALL.iter().map(|_| Tally::default()).collect();
    let mut by_pillar: Vec<Tally> = Pillar::ALL.iter().map(|_| Tally::default()).collect();
    let mut overall = Tally::default();
    for rule in catalogue {
        let m = &rule.meta;
        let weight = m.severity.weight();
        let examined = report.applicable.get(m.id).copied().unwrap_or(0);
        if weight == 0 || examined == 0 {
            continue;
        }
        let failed = report
            .active()
            .filter(|f| f.rule_id == m.id)
            .count()
            .min(examined);
        if let Some(i) = Principle::ALL.iter().position(|p| *p == m.principle) {
            by_principle[i].add(weight, examined, failed);
        }
        for pillar in m.pillars {
            if let Some(i) = Pillar::ALL.iter().position(|p| p == pillar) {
                by_pillar[i].add(weight, examined, failed);
            }
        }
        overall.add(weight, examined, failed);
    }
    let overall = overall.score();
    let mut grade = match overall.score {
        None => 'A',
        Some(s) if s >= 90 => 'A',
        Some(s) if s >= 80 => 'B',
        Some(s) if s >= 70 => 'C',
        Some(s) if s >= 60 => 'D',
        Some(_) => 'F',
    };
    if report.active().any(|f| f.severity == Severity::Critical) && grade < 'D' {
        grade = 'D';
    }
    Scorecard {
        principles: Principle::ALL
            .iter()
            .copied()
            .zip(by_principle.iter().map(Tally::score))
            .collect(),
        pillars: Pillar::ALL
            .iter()
            .copied()
            .zip(by_pillar.iter().map(Tally::score))
            .collect(),
        overall,
        grade,
    }
}
