use super::{report_role_rules, Point};
use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP211",
        slug: "rbac-admission-webhooks",
        title: "Role can change admission webhooks",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Integrity],
        severity: Severity::High,
        security_severity: "7.7",
        rationale: "Admission webhooks see, and may rewrite, every object sent to the API server. Whoever can create or change one can read Secrets as they are written, inject containers into pods or switch policy checks off.",
        remediation: "Restrict changes to webhook configurations to cluster administrators and the controllers that own them.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"admissionregistration.k8s.io\"]\n    resources: [\"validatingwebhookconfigurations\"]\n    verbs: [\"get\", \"list\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create, patch]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [get, list]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Resource, |_, hit| {
        format!("The rule lets its subjects change {hit}.")
    });
}

/// What in this rule triggers the finding, if anything.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    let writes = ["create", "update", "patch", "delete"]
        .iter()
        .any(|v| r.has_verb(v));
    if !writes {
        return None;
    }
    [
        "validatingwebhookconfigurations",
        "mutatingwebhookconfigurations",
    ]
    .into_iter()
    .find(|res| r.covers("admissionregistration.k8s.io", res))
}
