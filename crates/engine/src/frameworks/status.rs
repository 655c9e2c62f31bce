//! Per-control status of one report: the only place that decides pass, fail, not applicable
//! or not evaluated.

use serde::Serialize;

use super::{Check, Control, Framework, Only, RuleRef};
use crate::finding::Finding;
use crate::k8s::pss::{self, Level};
use crate::report::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The control's rules examined something and found nothing (active) against it.
    Pass,
    /// At least one active finding of the control's rules concerns it.
    Fail,
    /// Nothing in the input is of the kind the control's rules examine.
    NotApplicable,
    /// Nothing failed, but part of the input could not be read, so a pass is not claimed.
    NotEvaluated,
    /// No configuration text can show it.
    NotCheckable,
    /// Configuration could show it, but no Posture rule checks it yet.
    NoRule,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Fail,
        Status::Pass,
        Status::NotApplicable,
        Status::NotEvaluated,
        Status::NotCheckable,
        Status::NoRule,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotApplicable => "not applicable",
            Status::NotEvaluated => "not evaluated",
            Status::NotCheckable => "not checkable",
            Status::NoRule => "no rule yet",
        }
    }
}

/// One control's outcome.
#[derive(Debug)]
pub struct ControlStatus {
    pub control: &'static Control,
    pub status: Status,
    /// Indices into `Report::findings` of the active findings that fail it.
    pub findings: Vec<usize>,
    /// Whether its rules examined anything in the input (or found something).
    pub applies: bool,
}

/// A framework's controls with their statuses for one report.
#[derive(Debug)]
pub struct Assessment {
    pub framework: &'static Framework,
    pub controls: Vec<ControlStatus>,
}

impl Assessment {
    pub fn count(&self, status: Status) -> usize {
        self.controls.iter().filter(|c| c.status == status).count()
    }

    /// How many controls apply to this input: their rules examined something in it.
    pub fn applicable(&self) -> usize {
        self.controls.iter().filter(|c| c.applies).count()
    }

    /// How many controls have each status that occurs, e.g. `3 fail, 40 pass`.
    pub fn counts_text(&self) -> String {
        let counts: Vec<String> = Status::ALL
            .iter()
            .map(|&s| (s, self.count(s)))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {}", s.as_str()))
            .collect();
        counts.join(", ")
    }
}

/// Every control of `framework`, judged on `report`. A failure found is always a failure; a
/// pass is claimed only when the whole input was read.
pub fn assess(framework: &'static Framework, report: &Report) -> Assessment {
    let controls = framework
        .controls
        .iter()
        .map(|control| control_status(control, report))
        .collect();
    Assessment {
        framework,
        controls,
    }
}

fn control_status(control: &'static Control, report: &Report) -> ControlStatus {
    let rules = match &control.check {
        Check::Rules { rules, .. } => rules,
        Check::NotCheckable(_) | Check::NoRule(_) => {
            let status = if matches!(control.check, Check::NoRule(_)) {
                Status::NoRule
            } else {
                Status::NotCheckable
            };
            return ControlStatus {
                control,
                status,
                findings: Vec::new(),
                applies: false,
            };
        }
    };
    let findings: Vec<usize> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.suppressed.is_none() && rules.iter().any(|r| counts(r, f)))
        .map(|(i, _)| i)
        .collect();
    let examined = rules
        .iter()
        .any(|r| report.applicable.get(r.rule).copied().unwrap_or(0) > 0);
    let status = if !findings.is_empty() {
        Status::Fail
    } else if !report.errors.is_empty() {
        Status::NotEvaluated
    } else if !examined {
        Status::NotApplicable
    } else {
        Status::Pass
    };
    ControlStatus {
        control,
        status,
        applies: examined || !findings.is_empty(),
        findings,
    }
}

/// Whether finding `f` counts against the control through rule reference `r`: the finding is
/// the rule's (or stands for it through `implies`) and concerns this control.
fn counts(r: &RuleRef, f: &Finding) -> bool {
    if f.rule_id != r.rule && !f.implies.contains(&r.rule) {
        return false;
    }
    let implied = f.rule_id != r.rule;
    match r.only {
        // A finding that stands for the rule (a privileged container for the restricted
        // seccomp, capability and escalation controls) fails the control it would have: its
        // own Pod Security tag names its own control.
        Only::Pss(Level::Restricted, _) if implied => true,
        Only::All => true,
        Only::Text(text) => {
            f.message.contains(text) || f.evidence.as_deref().is_some_and(|e| e.contains(text))
        }
        Only::Pss(level, control) => match pss::parse_tag(&f.message) {
            Some((baseline, restricted, tagged)) => {
                let fails = match level {
                    Level::Baseline => baseline,
                    Level::Restricted => restricted,
                };
                fails && tagged.family() == control.family()
            }
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks::{find, Framework};
    use crate::{check, Input};

    fn report_of(text: &str) -> Report {
        check(&[Input {
            name: "t.yaml",
            text,
        }])
    }

    fn status_of(framework: &'static Framework, report: &Report, id: &str) -> ControlStatus {
        assess(framework, report)
            .controls
            .into_iter()
            .find(|c| c.control.id == id)
            .unwrap_or_else(|| panic!("no control {id} in {}", framework.id))
    }

    const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: true\n";
    const PLAIN_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n";
    const CONFIGMAP: &str =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n  a: b\n";

    #[test]
    fn a_finding_of_a_listed_rule_fails_the_control_and_is_listed() {
        let cis = find("cis").unwrap();
        let report = report_of(PRIVILEGED_POD);
        let s = status_of(cis, &report, "5.2.2");
        assert_eq!(s.status, Status::Fail);
        assert!(!s.findings.is_empty());
        assert!(s
            .findings
            .iter()
            .all(|&i| report.findings[i].rule_id == "LP102"));
    }

    #[test]
    fn examined_and_clean_passes() {
        let report = report_of(PLAIN_POD);
        assert_eq!(
            status_of(find("cis").unwrap(), &report, "5.2.2").status,
            Status::Pass
        );
        assert!(status_of(find("cis").unwrap(), &report, "5.2.2").applies);
    }

    #[test]
    fn nothing_of_the_kind_in_the_input_is_not_applicable() {
        let report = report_of(CONFIGMAP);
        let s = status_of(find("cis").unwrap(), &report, "5.2.2");
        assert_eq!(s.status, Status::NotApplicable);
        assert!(!s.applies);
        // The kubelet is not in a ConfigMap either.
        assert_eq!(
            status_of(find("cis").unwrap(), &report, "4.2.1").status,
            Status::NotApplicable
        );
    }

    #[test]
    fn controls_without_rules_keep_their_own_status_whatever_the_input() {
        for text in [PRIVILEGED_POD, CONFIGMAP] {
            let report = report_of(text);
            let cis = find("cis").unwrap();
            assert_eq!(
                status_of(cis, &report, "1.1.1").status,
                Status::NotCheckable
            );
            assert_eq!(status_of(cis, &report, "1.2.2").status, Status::NoRule);
        }
    }

    #[test]
    fn suppressed_findings_do_not_fail_a_control() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: true # posture-ignore LP102 a node agent, reviewed\n";
        let report = report_of(text);
        assert!(report.findings.iter().any(|f| f.rule_id == "LP102"));
        assert_eq!(
            status_of(find("cis").unwrap(), &report, "5.2.2").status,
            Status::Pass
        );
    }

    #[test]
    fn an_input_error_turns_a_pass_into_not_evaluated_but_keeps_failures() {
        let broken = "---\nkey: [unclosed\n";
        let report = check(&[
            Input {
                name: "a.yaml",
                text: PLAIN_POD,
            },
            Input {
                name: "b.yaml",
                text: broken,
            },
        ]);
        assert!(!report.errors.is_empty());
        let cis = find("cis").unwrap();
        assert_eq!(
            status_of(cis, &report, "5.2.2").status,
            Status::NotEvaluated
        );
        let report = check(&[
            Input {
                name: "a.yaml",
                text: PRIVILEGED_POD,
            },
            Input {
                name: "b.yaml",
                text: broken,
            },
        ]);
        assert_eq!(status_of(cis, &report, "5.2.2").status, Status::Fail);
    }

    #[test]
    fn a_text_filter_keeps_one_rule_apart_for_several_controls() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: nginx\n";
        let report = report_of(text);
        let cis = find("cis").unwrap();
        assert_eq!(status_of(cis, &report, "5.2.5").status, Status::Fail);
        assert_eq!(status_of(cis, &report, "5.2.3").status, Status::Pass);
        assert_eq!(status_of(cis, &report, "5.2.4").status, Status::Pass);
    }

    #[test]
    fn a_restricted_only_violation_fails_restricted_but_not_baseline() {
        // runAsNonRoot missing: restricted fails, baseline has no such control; a seccomp
        // profile missing fails restricted's Seccomp and not baseline's.
        let report = report_of(PLAIN_POD);
        let baseline = find("pss-baseline").unwrap();
        let restricted = find("pss-restricted").unwrap();
        assert_eq!(
            status_of(baseline, &report, "seccompProfile_baseline").status,
            Status::Pass
        );
        assert_eq!(
            status_of(restricted, &report, "seccompProfile_restricted").status,
            Status::Fail
        );
        assert_eq!(
            status_of(restricted, &report, "runAsNonRoot").status,
            Status::Fail
        );
        assert_eq!(
            status_of(baseline, &report, "privileged").status,
            Status::Pass
        );
    }

    #[test]
    fn a_baseline_violation_fails_the_restricted_form_of_its_control() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext:\n        capabilities:\n          add: [SYS_ADMIN]\n";
        let report = report_of(text);
        assert_eq!(
            status_of(
                find("pss-baseline").unwrap(),
                &report,
                "capabilities_baseline"
            )
            .status,
            Status::Fail
        );
        assert_eq!(
            status_of(
                find("pss-restricted").unwrap(),
                &report,
                "capabilities_restricted"
            )
            .status,
            Status::Fail
        );
    }

    #[test]
    fn an_implied_rule_fails_the_controls_of_that_rule() {
        // A wildcard role is LP201's finding and implies LP204 (read Secrets): CIS 5.1.2 fails.
        let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: all\nrules:\n  - apiGroups: [\"*\"]\n    resources: [\"*\"]\n    verbs: [\"*\"]\n";
        let report = report_of(text);
        let f = report
            .findings
            .iter()
            .find(|f| f.rule_id == "LP201")
            .unwrap();
        assert!(f.implies.contains(&"LP204"), "{:?}", f.implies);
        let s = status_of(find("cis").unwrap(), &report, "5.1.2");
        assert_eq!(s.status, Status::Fail);
    }

    #[test]
    fn a_pss_tag_is_read_only_at_the_end_of_the_message() {
        assert_eq!(
            pss::parse_tag("x [PSS v1.37 baseline only: privileged]"),
            Some((true, false, pss::Control::Privileged))
        );
        assert_eq!(
            pss::parse_tag("[PSS v1.37 restricted: privileged] then more"),
            None
        );
        assert_eq!(pss::parse_tag("x [PSS v1.37 restricted: nonsense]"), None);
    }
}
