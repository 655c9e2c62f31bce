use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::{k8s_bool, k8s_int};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD107",
        slug: "missing-defense-layers",
        title: "Container lacks most independent hardening layers",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity, Pillar::Confidentiality],
        severity: Severity::Medium,
        security_severity: "5.6",
        rationale: "Seccomp, a read-only root file system, dropped capabilities and a non-root user each stop a different kind of attack, and each covers for the others when one fails. A container with most of them missing has a single wall between an exploit and the node.",
        remediation: "Add the missing layers; the snippet shows all four together.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  runAsNonRoot: true\n  readOnlyRootFilesystem: true\n  seccompProfile: {type: RuntimeDefault}\n  capabilities:\n    drop: [\"ALL\"]",
        references: &[],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    let is_true = |n: Option<(crate::yaml::NodeId, crate::k8s::pod::Origin)>| {
        n.and_then(|(n, _)| k8s_bool(tree, n))
            .is_some_and(|(b, _)| b)
    };
    for (pod, obj, container) in ctx.containers() {
        let seccomp = pod
            .security_field(tree, container, "seccompProfile")
            .and_then(|(p, _)| tree.get_str(p, "type"))
            .is_some_and(|t| t == "RuntimeDefault" || t == "Localhost");
        let read_only = is_true(pod.security_field(tree, container, "readOnlyRootFilesystem"));
        let drops_all = tree
            .path(container.node, &["securityContext", "capabilities", "drop"])
            .is_some_and(|d| {
                tree.items(d)
                    .iter()
                    .any(|i| tree.str(*i).is_some_and(|s| s.eq_ignore_ascii_case("ALL")))
            });
        let non_root = is_true(pod.security_field(tree, container, "runAsNonRoot"))
            || pod
                .security_field(tree, container, "runAsUser")
                .and_then(|(n, _)| k8s_int(tree, n))
                .is_some_and(|u| u > 0);
        let missing: Vec<&str> = [
            (seccomp, "a seccomp profile"),
            (read_only, "a read-only root file system"),
            (drops_all, "dropped capabilities"),
            (non_root, "a non-root user"),
        ]
        .into_iter()
        .filter(|(present, _)| !present)
        .map(|(_, name)| name)
        .collect();
        if missing.len() >= 3 {
            sink.report(
                container.node,
                format!(
                    "Container \"{}\" lacks {} of 4 hardening layers: {}.",
                    container.name,
                    missing.len(),
                    missing.join(", ")
                ),
            )
            .resource(obj.label())
            .container(&container.name);
        }
    }
}
