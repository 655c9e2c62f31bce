use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP203",
        slug: "binding-to-public-groups",
        title: "Binding grants rights to anonymous or all authenticated users",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Authentication],
        severity: Severity::Critical,
        security_severity: "9.4",
        rationale: "system:anonymous and system:unauthenticated are requests with no identity at all; system:authenticated is every identity the cluster knows, including every service account. A role bound to them is granted to anyone who can reach the API server.",
        remediation: "Bind the role to the specific users, groups or service accounts that need it.",
        subject: Subject::Bindings,
        fix_snippet: "subjects:\n  - kind: Group\n    name: platform-team\n    apiGroup: rbac.authorization.k8s.io",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n  - {kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n  - {kind: Group, name: platform-team, apiGroup: rbac.authorization.k8s.io}\n",
        ],
    },
    check,
};

const PUBLIC: &[&str] = &[
    "system:anonymous",
    "system:unauthenticated",
    "system:authenticated",
];

fn check(ctx: &Context, sink: &mut Sink) {
    for b in &ctx.bindings {
        for (_, name, node) in &b.subjects {
            if PUBLIC.contains(&name.as_str()) {
                let obj = &ctx.objects[b.object];
                sink.report(
                    *node,
                    format!(
                        "The binding grants {} {} to {name}.",
                        b.role_kind, b.role_name
                    ),
                )
                .resource(obj.label())
                .evidence(name.as_str());
            }
        }
    }
}
