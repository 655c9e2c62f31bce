use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP202",
        slug: "cluster-admin-binding",
        title: "Binding grants cluster-admin",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization],
        severity: Severity::Critical,
        security_severity: "9.1",
        rationale: "cluster-admin can do anything to any object in any namespace, including reading every Secret and granting itself more. Binding it to a user, group or service account makes that subject a full administrator; very few identities should be.",
        remediation: "Bind a role with only the permissions the subject needs; keep cluster-admin for break-glass accounts.",
        subject: Subject::Bindings,
        fix_snippet: "roleRef:\n  kind: ClusterRole\n  name: app-deployer   # a role scoped to the task",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n  - {kind: ServiceAccount, name: ci, namespace: tools}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n  - {kind: ServiceAccount, name: ci, namespace: tools}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for b in &ctx.bindings {
        if b.role_kind == "ClusterRole" && b.role_name == "cluster-admin" {
            let who: Vec<String> = b
                .subjects
                .iter()
                .map(|(k, n, _)| format!("{k} {n}"))
                .collect();
            let obj = &ctx.objects[b.object];
            sink.report(
                b.role_name_node,
                format!(
                    "The binding makes {} a cluster administrator.",
                    if who.is_empty() {
                        "its subjects".to_string()
                    } else {
                        who.join(", ")
                    }
                ),
            )
            .resource(obj.label())
            .evidence("cluster-admin");
        }
    }
}
