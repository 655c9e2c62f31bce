//! What a rule is. Each rule lives in its own file under `rules/` and declares one
//! [`Rule`] value: its metadata, its examples and its check, side by side.

use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};

/// Everything the catalogue, `posture rules`, SARIF and the docs say about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable ID: principle code and number, e.g. `LP102`.
    pub id: &'static str,
    /// Stable kebab-case name, e.g. `privileged-container`.
    pub slug: &'static str,
    pub title: &'static str,
    pub principle: Principle,
    pub pillars: &'static [Pillar],
    pub severity: Severity,
    /// GitHub code scanning's `security-severity`, inside the severity's range.
    pub security_severity: &'static str,
    /// Why it matters, tied to the principle. Our own words.
    pub rationale: &'static str,
    /// How to fix it, in a sentence or two.
    pub remediation: &'static str,
    /// What one check of this rule looks at; scores count these.
    pub subject: Subject,
    /// A YAML snippet showing the fix.
    pub fix_snippet: &'static str,
    /// Other sources: guides, CVEs. Framework controls (CIS, NSA/CISA, Pod Security
    /// Standards) are not written here: `frameworks::references` derives them from the
    /// catalogues, the one place the mapping lives.
    pub references: &'static [&'static str],
    /// Inputs that must make this rule fire exactly once.
    pub invalid: &'static [&'static str],
    /// Inputs on which this rule must stay silent.
    pub valid: &'static [&'static str],
}

/// The things a rule examines, each one a check that passes or fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Containers,
    Pods,
    /// Pod specs of controllers that keep pods running (Deployments, StatefulSets, …).
    Workloads,
    RoleRules,
    Bindings,
    Objects,
    Documents,
    /// Objects of one kind, e.g. `Service`.
    Kind(&'static str),
    /// Objects of any of these kinds.
    Kinds(&'static [&'static str]),
    NamespacesInUse,
    /// Flag sets of one control-plane component (a KubeletConfiguration is a kubelet flag set).
    Flags(crate::k8s::flags::Component),
    /// Flag sets of every component.
    FlagSets,
    /// Documents of one kind.
    DocKind(crate::document::DocKind),
    /// Several kinds of subject together, for a rule that reads more than one shape (API
    /// server flags of kubeadm and K3s/RKE2 server configs, say). The parts should not overlap.
    Sum(&'static [Subject]),
}

pub struct Rule {
    pub meta: RuleMeta,
    pub check: fn(&Context, &mut Sink),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.meta.id).finish()
    }
}
