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

#[derive(Clone, Debug, PartialEq, Serialize)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_with, rules, Input};

    fn card(text: &str) -> Scorecard {
        let catalogue = [rules::find("LP102").unwrap(), rules::find("DS101").unwrap()];
        let report = check_with(
            &[Input {
                name: "t.yaml",
                text,
            }],
            &catalogue,
        );
        scorecard_with(&report, &catalogue)
    }

    fn principle(card: &Scorecard, p: Principle) -> Score {
        card.principles.iter().find(|(q, _)| *q == p).unwrap().1
    }

    const TWO: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n      securityContext: {privileged: true}\n    - name: b\n      image: nginx:1.27\n";

    #[test]
    fn weighted_share_of_passing_checks() {
        let c = card(TWO);
        // LP102 (critical, weight 10): 2 containers checked, 1 failed.
        assert_eq!(
            principle(&c, Principle::LeastPrivilege),
            Score {
                score: Some(50),
                checks: 2,
                failed: 1
            }
        );
        // DS101 (medium, weight 3): 2 checked, 1 failed.
        assert_eq!(principle(&c, Principle::SecureByDesign).score, Some(50));
        // Nothing examined for these principles.
        assert_eq!(principle(&c, Principle::SecretsHandling).score, None);
        assert_eq!(
            c.overall,
            Score {
                score: Some(50),
                checks: 4,
                failed: 2
            }
        );
        assert_eq!(c.grade, 'F');
        let availability = c
            .pillars
            .iter()
            .find(|(p, _)| *p == Pillar::Availability)
            .unwrap()
            .1;
        assert_eq!(availability.score, Some(50));
    }

    #[test]
    fn weights_follow_severity_and_critical_caps_the_grade() {
        // Only the medium rule fails: (10×2 + 3×1) / (10×2 + 3×2) = 23/26 → 88.
        let text = TWO.replace("privileged: true", "privileged: false");
        let c = card(&text);
        assert_eq!(c.overall.score, Some(88));
        assert_eq!(c.grade, 'B');
        // One critical failure among many passes still caps the grade at D.
        let many: String = (0..40)
            .map(|i| format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  containers: [{{name: c, image: \"app:1\"}}]\n"))
            .collect();
        let c = card(&format!("{TWO}{many}"));
        assert!(c.overall.score.unwrap() >= 90, "{:?}", c.overall);
        assert_eq!(c.grade, 'D');
    }

    #[test]
    fn suppressed_findings_count_as_passed() {
        let text = TWO.replace(
            "securityContext: {privileged: true}",
            "securityContext:\n        privileged: true  # posture-ignore LP102 device plugin",
        );
        let c = card(&text);
        assert_eq!(principle(&c, Principle::LeastPrivilege).score, Some(100));
    }
}
