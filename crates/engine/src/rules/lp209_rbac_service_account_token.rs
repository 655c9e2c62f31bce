use super::{report_role_rules, Point};
use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP209",
        slug: "rbac-service-account-token",
        title: "Role can mint service account tokens",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.6",
        rationale: "create on serviceaccounts/token issues a fresh token for any service account in scope. The subject can then act as the most privileged of them.",
        remediation: "Remove create on serviceaccounts/token, or restrict it with resourceNames.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"\"]\n    resources: [\"serviceaccounts\"]\n    verbs: [\"get\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [serviceaccounts/token], verbs: [create]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [serviceaccounts], verbs: [get]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Resource, |_, _| {
        "The rule lets its subjects create tokens for service accounts.".to_string()
    });
}

/// What in this rule triggers the finding, if anything.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    (r.has_verb("create") && r.covers("", "serviceaccounts/token") && !r.has_resource_names)
        .then_some("serviceaccounts/token")
}
