//! Compliance frameworks as data: the CIS Kubernetes Benchmark, the NSA/CISA Kubernetes
//! Hardening Guide, the Pod Security Standards (baseline and restricted) and Posture's own
//! principles and pillars. Each control names the rules that evaluate it, or says why none
//! can; [`status::assess`] turns a [`crate::Report`] into a status per control.
//!
//! The catalogues are the one source of the mapping between rules and controls: rules carry no
//! framework references of their own, [`references`] derives them from here.

mod cis;
mod nsa;
mod principles;
mod pss;
pub mod status;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::OnceLock;

pub use status::{assess, Assessment, ControlStatus, Status};

/// One framework: its controls, in the framework's own order.
#[derive(Debug)]
pub struct Framework {
    /// What `--framework` takes, e.g. `cis`.
    pub id: &'static str,
    pub title: &'static str,
    /// The edition the control list follows, e.g. `v1.10`.
    pub version: &'static str,
    /// What the framework is and how Posture reads it; our own words.
    pub description: &'static str,
    /// How a rule's reference to one of its controls is written, if at all.
    pub cite: Cite,
    /// Written as static data for the catalogues that are fixed text (CIS, NSA/CISA), built
    /// from other data for the rest.
    pub controls: Cow<'static, [Control]>,
}

/// How [`references`] names a control of a framework.
#[derive(Clone, Copy, Debug)]
pub enum Cite {
    /// `<prefix> <id>: <title>`, for frameworks whose IDs are their own.
    ById(&'static str),
    /// `<prefix>: <title>`, for frameworks whose IDs are Posture's.
    ByTitle(&'static str),
    /// Not cited in rule references (the principles are already each rule's own metadata).
    None,
}

#[derive(Clone, Debug)]
pub struct Control {
    pub id: &'static str,
    pub title: &'static str,
    /// The framework's section the control sits in.
    pub section: &'static str,
    pub check: Check,
}

/// What Posture can say about a control from configuration text.
#[derive(Clone, Debug)]
pub enum Check {
    /// These rules evaluate it. `partial` says what part of the control they leave out.
    Rules {
        rules: Cow<'static, [RuleRef]>,
        partial: Option<&'static str>,
    },
    /// A configuration file cannot show it (file ownership on a node, a running process, a
    /// human decision); the text says why.
    NotCheckable(&'static str),
    /// A configuration could show it, but no Posture rule checks it yet; the text says what a
    /// rule would look for.
    NoRule(&'static str),
}

/// A rule that evaluates a control, and which of its findings concern that control.
#[derive(Clone, Copy, Debug)]
pub struct RuleRef {
    pub rule: &'static str,
    pub only: Only,
}

/// Which findings of a rule count against a control, for rules that cover more than one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Only {
    /// Every finding.
    All,
    /// Findings whose message or evidence contains this text (e.g. `hostPID` when one rule
    /// covers all three host namespaces and the control only one).
    Text(&'static str),
    /// Findings whose Pod Security tag names a violation of this control's family that fails
    /// this level.
    Pss(crate::k8s::pss::Level, crate::k8s::pss::Control),
}

/// How well a control is covered, for the coverage figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    Full,
    Partial,
    NotCheckable,
    NoRule,
}

impl Coverage {
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Full => "full",
            Coverage::Partial => "partial",
            Coverage::NotCheckable => "not checkable",
            Coverage::NoRule => "no rule yet",
        }
    }
}

impl Control {
    pub fn coverage(&self) -> Coverage {
        match &self.check {
            Check::Rules { partial: None, .. } => Coverage::Full,
            Check::Rules { .. } => Coverage::Partial,
            Check::NotCheckable(_) => Coverage::NotCheckable,
            Check::NoRule(_) => Coverage::NoRule,
        }
    }

    /// The rules that evaluate it (empty when none can).
    pub fn rules(&self) -> &[RuleRef] {
        match &self.check {
            Check::Rules { rules, .. } => rules,
            _ => &[],
        }
    }

    /// The partial-coverage note, or why the control is not evaluated.
    pub fn note(&self) -> Option<&'static str> {
        match &self.check {
            Check::Rules { partial, .. } => *partial,
            Check::NotCheckable(why) | Check::NoRule(why) => Some(why),
        }
    }
}

/// How many controls a framework has, and how Posture covers them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CoverageFigures {
    pub total: usize,
    /// Controls with at least one rule (full + partial).
    pub evaluated: usize,
    pub partial: usize,
    pub not_checkable: usize,
    pub no_rule: usize,
}

impl Framework {
    pub fn coverage(&self) -> CoverageFigures {
        let mut c = CoverageFigures {
            total: self.controls.len(),
            ..Default::default()
        };
        for control in self.controls.iter() {
            match control.coverage() {
                Coverage::Full => c.evaluated += 1,
                Coverage::Partial => {
                    c.evaluated += 1;
                    c.partial += 1;
                }
                Coverage::NotCheckable => c.not_checkable += 1,
                Coverage::NoRule => c.no_rule += 1,
            }
        }
        c
    }

    /// How a rule's references name `control`, or `None` for an uncited framework.
    pub fn citation(&self, control: &Control) -> Option<String> {
        match self.cite {
            Cite::ById(prefix) => Some(format!("{prefix} {}: {}", control.id, control.title)),
            Cite::ByTitle(prefix) => Some(format!("{prefix}: {}", control.title)),
            Cite::None => None,
        }
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }
}

/// The IDs `--framework` accepts, in the order they are listed.
pub const IDS: [&str; 5] = ["cis", "nsa", "pss-baseline", "pss-restricted", "principles"];

/// Every framework, built once.
pub fn all() -> &'static [Framework] {
    static ALL: OnceLock<Vec<Framework>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            cis::framework(),
            nsa::framework(),
            pss::framework(crate::k8s::pss::Level::Baseline),
            pss::framework(crate::k8s::pss::Level::Restricted),
            principles::framework(),
        ]
    })
}

pub fn find(id: &str) -> Option<&'static Framework> {
    all().iter().find(|f| f.id.eq_ignore_ascii_case(id))
}

/// Everything a rule's documentation cites: the framework controls that list it (from the
/// catalogues), then the rule's own other references (guides, CVEs).
pub fn references(rule: &crate::RuleMeta) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for framework in all() {
        for control in framework.controls.iter() {
            if control.rules().iter().any(|r| r.rule == rule.id) {
                if let Some(cite) = framework.citation(control) {
                    if !out.contains(&cite) {
                        out.push(cite);
                    }
                }
            }
        }
    }
    out.extend(rule.references.iter().map(|r| r.to_string()));
    out
}

/// Shorthands for the catalogue files, usable in statics: the catalogues are data, not code
/// that builds them (which cost the page's bundle about as much again as the text).
pub(crate) const fn control(
    id: &'static str,
    title: &'static str,
    section: &'static str,
    check: Check,
) -> Control {
    Control {
        id,
        title,
        section,
        check,
    }
}

/// A rule counting every finding against the control.
pub(crate) const fn r(rule: &'static str) -> RuleRef {
    RuleRef {
        rule,
        only: Only::All,
    }
}

/// A rule counting only findings that mention `text`.
pub(crate) const fn t(rule: &'static str, text: &'static str) -> RuleRef {
    RuleRef {
        rule,
        only: Only::Text(text),
    }
}

pub(crate) const fn rules(rules: &'static [RuleRef]) -> Check {
    Check::Rules {
        rules: Cow::Borrowed(rules),
        partial: None,
    }
}

pub(crate) const fn partial(rules: &'static [RuleRef], note: &'static str) -> Check {
    Check::Rules {
        rules: Cow::Borrowed(rules),
        partial: Some(note),
    }
}
