use super::{report_role_rules, Point};
use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP204",
        slug: "rbac-read-secrets",
        title: "Role can read Secrets",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.7",
        rationale: "get, list or watch on Secrets returns their values. A subject with this right holds every credential in its scope: service account tokens, database passwords, TLS keys. Few workloads need more than one named Secret, and those should receive it as a mount.",
        remediation: "Remove the rule, or narrow it with `resourceNames` to the Secrets the subject must read.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"\"]\n    resources: [\"secrets\"]\n    resourceNames: [\"app-tls\"]\n    verbs: [\"get\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [secrets], verbs: [get, list]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [secrets], resourceNames: [tls], verbs: [get]}\n",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [configmaps], verbs: [get]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Resource, |_, _| {
        "The rule lets its subjects read Secrets.".to_string()
    });
}

/// What in this rule triggers the finding, if anything.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    let reads = ["get", "list", "watch"].iter().any(|v| r.has_verb(v));
    (reads && r.covers("", "secrets") && !r.has_resource_names).then_some("secrets")
}
