//! Scores per principle and pillar, and an overall grade: how exposed the input is.
//!
//! The question a score answers is "how much would an attacker get from this config?", so it
//! is computed from what is wrong, never from how much is right:
//!
//! - The score starts at 100, and every rule that fails at least once (an unsuppressed
//!   finding) takes away a share of what is left, once, by its severity: critical 40 %, high
//!   20 %, medium 5 %, low 1 %, info nothing. Repeats of the same weakness do not pile up, and
//!   resources without findings add nothing, so padding an input with clean objects cannot lift
//!   its score and one more finding can never raise it. Taking shares rather than points means
//!   the score never bottoms out at 0, so fixing a rule shows (unless a cap below holds it).
//!   A rule's severity is the catalogue's, or the one a config sets for it (`rules.severity`),
//!   so the grade follows the team's policy.
//! - The worst finding caps the result: any critical keeps it at 39 or below (F), any high at
//!   69 or below (D at best), any medium at 89 or below (B at best).
//!
//! `score = min(cap(worst finding), 100 × Π (1 − share(failing rule)))`. The same
//! formula gives each principle and pillar its score from the rules it groups; a group with
//! nothing to examine has no score. The grade reads the overall score (A ≥ 90, B ≥ 80, C ≥ 70,
//! D ≥ 60, else F), so a grade means the same thing for a Deployment, a kubelet file or a
//! cluster profile. A report in which nothing could be evaluated (no subject examined by any
//! rule, leaving aside checks of whole documents such as YAML hygiene, and no finding) is not
//! graded: it has no letter and no scores, only the reason.
//!
//! Nor is a report in which part of the input was not read: any input error (a document that
//! did not parse, documents or nodes past a loader limit, a document in a string nested deeper
//! than the checker opens, aliases past their budget) means something went unexamined, and a
//! letter would grade the unread part as clean. Such a report keeps its findings and its
//! counts of checks, but has no letter and no scores until the input reads in full.
//!
//! A finding that stands for several rules (see `Finding::implies`: one finding for a wildcard
//! RBAC rule names every power it grants) makes each of those rules fail, exactly as separate
//! findings would.
//!
//! Checks (rules × subjects examined) and failed checks are still counted, to show how much was
//! looked at; they do not enter the score.

use serde::Serialize;

use crate::model::{Pillar, Principle, Severity};
use crate::report::Report;
use crate::rule::{Rule, Subject};
use crate::rules;

/// The formula, as the page and the README show it.
pub const FORMULA: &str = "A score starts at 100 and each rule that fails anywhere in the \
    input takes away a share of what is left, once (critical 40 %, high 20 %, medium 5 %, low \
    1 %), so clean resources never lift a score and a new finding never raises one. The worst \
    finding caps it (any critical at 39, high at 69, medium at 89), and the grade reads it: \
    A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F; a report in which nothing could be evaluated, or \
    part of the input could not be read, is not graded.";

/// The share of what is left (in per cent) that a failing rule takes away.
pub fn share(severity: Severity) -> u64 {
    match severity {
        Severity::Critical => 40,
        Severity::High => 20,
        Severity::Medium => 5,
        Severity::Low => 1,
        Severity::Info => 0,
    }
}

/// The highest score possible while a finding of this severity is unsuppressed.
pub fn ceiling(severity: Severity) -> u8 {
    match severity {
        Severity::Critical => 39,
        Severity::High => 69,
        Severity::Medium => 89,
        Severity::Low | Severity::Info => 100,
    }
}

/// The letter for a score: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F.
pub fn letter(score: u8) -> char {
    match score {
        90.. => 'A',
        80.. => 'B',
        70.. => 'C',
        60.. => 'D',
        _ => 'F',
    }
}

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
    /// A, B, C, D or F; `None` when nothing in the input could be evaluated or part of it
    /// could not be read.
    pub grade: Option<char>,
    /// Why there is no grade (set exactly when `grade` is `None`).
    pub not_graded: Option<&'static str>,
}

impl Scorecard {
    /// The grade as shown: its letter, or "not graded".
    pub fn grade_text(&self) -> String {
        self.grade
            .map_or_else(|| "not graded".to_string(), |g| g.to_string())
    }
}

/// Why a report has no grade, from what it holds.
pub fn not_graded_reason(report: &Report) -> &'static str {
    if !report.errors.is_empty() && report.documents() > 0 {
        PARTLY_READ
    } else if report.documents() > 0 {
        "nothing in the input is a kind Posture checks (Kubernetes objects, Palette profiles, \
         kubeadm, kubelet or K3s configuration…)"
    } else if report.errors.is_empty() {
        "the input holds no documents"
    } else {
        "no document could be read"
    }
}

/// Why a report with input errors has no grade.
pub const PARTLY_READ: &str = "part of the input could not be read (see the input errors), and a \
    grade would count the unread part as clean";

/// What is left of the score, in millionths: integer arithmetic, the same on every target.
const WHOLE: u64 = 1_000_000;

struct Tally {
    checks: usize,
    failed: usize,
    left: u64,
    worst: Option<Severity>,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            checks: 0,
            failed: 0,
            left: WHOLE,
            worst: None,
        }
    }
}

impl Tally {
    fn add(&mut self, severity: Severity, examined: usize, failed: usize) {
        self.checks += examined;
        self.failed += failed;
        if failed > 0 {
            // Rounding down keeps each step from ever raising what is left.
            self.left = self.left * (100 - share(severity)) / 100;
            self.worst = self.worst.max(Some(severity));
        }
    }

    fn score(&self, graded: bool) -> Score {
        let looked = self.checks > 0 || self.failed > 0;
        let score = (graded && looked).then(|| {
            let left = ((self.left * 100 + WHOLE / 2) / WHOLE) as u8;
            left.min(self.worst.map_or(100, ceiling))
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
    // Something was evaluated: a rule examined a subject other than a whole document (every
    // text has documents; only what Posture understands counts), or a rule found something.
    let mut evaluated = false;
    // Each active finding's rule, and each rule a folded finding (a wildcard RBAC rule, say)
    // stands for, once per finding; sorted, so a rule's count is one search, not a pass over
    // every finding per rule.
    let mut hits: Vec<&str> = Vec::new();
    for f in report.active() {
        hits.push(f.rule_id);
        for (i, id) in f.implies.iter().enumerate() {
            if *id != f.rule_id && !f.implies[..i].contains(id) {
                hits.push(id);
            }
        }
    }
    hits.sort_unstable();
    for rule in catalogue {
        let m = &rule.meta;
        let examined = report.applicable.get(m.id).copied().unwrap_or(0);
        let active = hits.partition_point(|h| *h <= m.id) - hits.partition_point(|h| *h < m.id);
        if examined == 0 && active == 0 {
            continue;
        }
        // A failing rule weighs the severity its findings were reported at: the catalogue's
        // unless a config overrides it. A finding that stands for other rules too is reported
        // at the highest of theirs, so it tells of an override only when its severity is
        // another. A rule failing only inside another's finding keeps the catalogue's: nothing
        // there records what a config set for it.
        let tells = |f: &&crate::Finding| {
            f.rule_id == m.id
                && (f.implies.is_empty() || f.severity != rules::folded_severity(m, &f.implies))
        };
        let severity = match active {
            0 => m.severity,
            _ => report
                .findings
                .iter()
                .find(tells)
                .map_or(m.severity, |f| f.severity),
        };
        if severity == Severity::Info {
            continue;
        }
        evaluated |= active > 0 || (examined > 0 && m.subject != Subject::Documents);
        let failed = if examined > 0 {
            active.min(examined)
        } else {
            active
        };
        // `ALL` lists them in declaration order, so the discriminant is the index.
        by_principle[m.principle as usize].add(severity, examined, failed);
        for pillar in m.pillars {
            by_pillar[*pillar as usize].add(severity, examined, failed);
        }
        overall.add(severity, examined, failed);
    }
    // Part of the input unread: no letter and no scores (see the module comment).
    let evaluated = evaluated && report.errors.is_empty();
    let overall = overall.score(evaluated);
    let grade = overall.score.map(letter);
    Scorecard {
        principles: Principle::ALL
            .iter()
            .copied()
            .zip(by_principle.iter().map(|t| t.score(evaluated)))
            .collect(),
        pillars: Pillar::ALL
            .iter()
            .copied()
            .zip(by_pillar.iter().map(|t| t.score(evaluated)))
            .collect(),
        overall,
        grade,
        not_graded: grade.is_none().then(|| not_graded_reason(report)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, check_with, rules, Input};

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
    fn failing_rules_take_points_and_the_worst_caps() {
        let c = card(TWO);
        // LP102 (critical) fails on one of two containers: 100 − 40 % = 60, capped at 39.
        assert_eq!(
            principle(&c, Principle::LeastPrivilege),
            Score {
                score: Some(39),
                checks: 2,
                failed: 1
            }
        );
        // DS101 (medium) fails: 100 − 5 % = 95, capped at 89.
        assert_eq!(principle(&c, Principle::SecureByDesign).score, Some(89));
        // Nothing examined for these principles.
        assert_eq!(principle(&c, Principle::SecretsHandling).score, None);
        // Overall: 100 × 0.6 × 0.95 = 57, capped at 39 by the critical finding.
        assert_eq!(
            c.overall,
            Score {
                score: Some(39),
                checks: 4,
                failed: 2
            }
        );
        assert_eq!(c.grade, Some('F'));
        assert_eq!(c.not_graded, None);
        let availability = c
            .pillars
            .iter()
            .find(|(p, _)| *p == Pillar::Availability)
            .unwrap()
            .1;
        // Availability groups DS101 only here.
        assert_eq!(availability.score, Some(89));
    }

    #[test]
    fn clean_resources_and_repeats_change_nothing() {
        let text = TWO.replace("privileged: true", "privileged: false");
        let c = card(&text);
        assert_eq!(c.overall.score, Some(89));
        assert_eq!(c.grade, Some('B'));
        // Forty clean pods: more checks, the same score.
        let clean: String = (0..40)
            .map(|i| format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  containers: [{{name: c, image: \"app:1\"}}]\n"))
            .collect();
        let padded = card(&format!("{TWO}{clean}"));
        assert_eq!(padded.overall.score, card(TWO).overall.score);
        assert_eq!(padded.grade, Some('F'));
        assert!(padded.overall.checks > 40);
        // The same weakness forty times over is still one failing rule.
        let risky = clean.replace("image: \"app:1\"", "image: \"app:latest\"");
        assert_eq!(card(&format!("{text}{risky}")).overall.score, Some(89));
    }

    #[test]
    fn a_config_severity_weighs_its_rule() {
        let catalogue = [rules::find("LP102").unwrap(), rules::find("DS101").unwrap()];
        let input = Input {
            name: "t.yaml",
            text: TWO,
        };
        let fresh = || check_with(&[input], &catalogue);
        let mut report = fresh();
        let config =
            crate::config::Config::parse("rules:\n  severity: {LP102: low, DS101: critical}\n")
                .expect("valid");
        config.set_severities(&mut report);
        let c = scorecard_with(&report, &catalogue);
        // LP102 now low (1 %), DS101 critical (40 %, capped at 39).
        assert_eq!(principle(&c, Principle::LeastPrivilege).score, Some(99));
        assert_eq!(principle(&c, Principle::SecureByDesign).score, Some(39));
        assert_eq!(c.overall.score, Some(39));
        // Lowered to info, a rule no longer counts at all.
        let config =
            crate::config::Config::parse("rules:\n  severity: {LP102: info}\n").expect("valid");
        let mut report = fresh();
        config.set_severities(&mut report);
        let c = scorecard_with(&report, &catalogue);
        assert_eq!(principle(&c, Principle::LeastPrivilege).score, None);
        assert_eq!(c.overall.score, Some(89));
        // A finding standing for other rules too tells its rule's override: a privileged
        // container's LP102 also stands for its missing seccomp filter (DF102).
        let one = TWO.split("    - name: b").next().unwrap_or_default();
        let mut report = check(&[Input {
            name: "t.yaml",
            text: one,
        }]);
        assert!(report
            .findings
            .iter()
            .any(|f| f.rule_id == "LP102" && f.implies.contains(&"DF102")));
        let before = principle(&scorecard(&report), Principle::LeastPrivilege);
        let config =
            crate::config::Config::parse("rules:\n  severity: {LP102: low}\n").expect("valid");
        config.set_severities(&mut report);
        let after = principle(&scorecard(&report), Principle::LeastPrivilege);
        assert!(before.score <= Some(39), "{before:?}");
        assert!(after.score > before.score, "{before:?} {after:?}");
    }

    #[test]
    fn suppressed_findings_do_not_count() {
        let text = TWO.replace(
            "securityContext: {privileged: true}",
            "securityContext:\n        privileged: true  # posture-ignore LP102 device plugin",
        );
        let c = card(&text);
        assert_eq!(principle(&c, Principle::LeastPrivilege).score, Some(100));
    }

    #[test]
    fn nothing_evaluated_is_not_graded() {
        for (text, why) in [
            ("", "the input holds no documents"),
            ("# only a comment\n", "the input holds no documents"),
            ("a: [1, 2\n", "no document could be read"),
            (
                "Just some prose, pasted by mistake.\n",
                "nothing in the input is a kind",
            ),
            (
                "name: just-some-yaml\nreplicas: 3\n",
                "nothing in the input is a kind",
            ),
        ] {
            let report = check(&[Input { name: "t", text }]);
            let c = scorecard(&report);
            assert_eq!(c.grade, None, "{text:?}");
            assert!(c.not_graded.unwrap().starts_with(why), "{text:?}: {c:?}");
            assert_eq!(c.grade_text(), "not graded");
            assert!(c.principles.iter().all(|(_, s)| s.score.is_none()));
            assert!(c.pillars.iter().all(|(_, s)| s.score.is_none()));
            assert_eq!(c.overall.score, None);
        }
    }

    #[test]
    fn letters() {
        assert_eq!(
            [100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(letter),
            ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'F', 'F']
        );
        // The caps land in the bands the formula promises.
        assert_eq!(letter(ceiling(Severity::Critical)), 'F');
        assert_eq!(letter(ceiling(Severity::High)), 'D');
        assert_eq!(letter(ceiling(Severity::Medium)), 'B');
    }
}
