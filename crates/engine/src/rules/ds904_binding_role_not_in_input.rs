use std::collections::HashSet;

use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS904",
        slug: "binding-role-not-in-input",
        title: "Binding grants a role that is not in the input",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Authorization],
        severity: Severity::Info,
        security_severity: "0.0",
        rationale: "The RBAC rules judge what a Role or ClusterRole allows by reading it. A \
            binding to a role defined elsewhere hands its subjects rights that this check could \
            not see, so no finding about them is not the same as no risk. Kubernetes' own \
            roles (`cluster-admin`, `admin`, `edit`, `view`, `system:…`) are known and not \
            reported here.",
        remediation: "Check the role together with its binding (add it to the input), or \
            review what it grants with `kubectl describe clusterrole <name>`.",
        subject: Subject::Bindings,
        fix_snippet:
            "# check the binding with the role it grants:\nposture check role.yaml rolebinding.yaml",
        references: &[],
        invalid: examples![
            r"apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci, namespace: tools}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ci-deployer}
subjects:
  - {kind: ServiceAccount, name: ci, namespace: tools}
"
        ],
        valid: examples![
            // A Role the API server creates in kube-system on every cluster.
            r"apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: metrics-auth-reader, namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects:
  - {kind: ServiceAccount, name: metrics-server, namespace: kube-system}
",
            r"apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: tools}
rules:
  - apiGroups: [''] 
    resources: [configmaps]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci, namespace: tools}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: ServiceAccount, name: ci, namespace: tools}
",
            r"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, name: team}
",
        ],
    },
    check,
};

/// Roles every cluster has, whose grants are documented: the default ClusterRoles, and the
/// Roles the API server creates in kube-system (`extension-apiserver-authentication-reader`,
/// `system::leader-locking-…`, `system:controller:…`) and kube-public.
fn is_built_in(kind: &str, namespace: &str, name: &str) -> bool {
    match kind {
        "ClusterRole" => {
            matches!(name, "cluster-admin" | "admin" | "edit" | "view")
                || name.starts_with("system:")
        }
        "Role" => match namespace {
            "kube-system" => {
                name == "extension-apiserver-authentication-reader" || name.starts_with("system:")
            }
            "kube-public" => name.starts_with("system:"),
            _ => false,
        },
        _ => false,
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    // (kind, namespace or "" for cluster roles, name) of every role in the input.
    let mut roles: HashSet<(&str, &str, &str)> = HashSet::new();
    for kind in ["Role", "ClusterRole"] {
        for role in ctx.objects_of_kind(kind) {
            let namespace = if kind == "Role" {
                ctx.namespace_of(role)
            } else {
                ""
            };
            roles.insert((kind, namespace, role.name.as_deref().unwrap_or("")));
        }
    }
    for binding in &ctx.bindings {
        let obj = &ctx.objects[binding.object];
        let kind = binding.role_kind.as_str();
        let name = binding.role_name.as_str();
        let namespace = if kind == "Role" {
            ctx.namespace_of(obj)
        } else {
            ""
        };
        if name.is_empty() || is_built_in(kind, namespace, name) {
            continue;
        }
        if roles.contains(&(kind, namespace, name)) {
            continue;
        }
        sink.report(
            binding.role_name_node,
            format!(
                "{} grants {kind} \"{name}\", which is not in the input, so what it allows \
                 was not checked.",
                obj.kind
            ),
        )
        .resource(obj.label());
    }
}
