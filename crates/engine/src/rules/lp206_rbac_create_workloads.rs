use super::{report_role_rules, Point};
use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP206",
        slug: "rbac-create-workloads",
        title: "Role can create pods or workloads",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "6.4",
        rationale: "Whoever can create a pod can mount any Secret and run as any service account in that namespace, so create on pods (or on anything that makes pods: Deployments, Jobs, DaemonSets…) is indirect access to every secret there.",
        remediation: "Limit workload creation to deployment pipelines and namespace owners, and keep Pod Security admission enforced in the namespace.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"apps\"]\n    resources: [\"deployments\"]\n    verbs: [\"get\", \"list\", \"watch\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [apps], resources: [deployments], verbs: [create, update]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [apps], resources: [deployments], verbs: [get, list]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Resource, |_, hit| {
        format!("The rule lets its subjects create {hit}, and so use any Secret in scope.")
    });
}

/// What in this rule triggers the finding, if anything.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    if !r.has_verb("create") {
        return None;
    }
    [
        ("", "pods"),
        ("apps", "deployments"),
        ("apps", "daemonsets"),
        ("apps", "statefulsets"),
        ("apps", "replicasets"),
        ("batch", "jobs"),
        ("batch", "cronjobs"),
        ("", "replicationcontrollers"),
    ]
    .into_iter()
    .find(|(group, res)| r.covers(group, res))
    .map(|(_, res)| res)
}
