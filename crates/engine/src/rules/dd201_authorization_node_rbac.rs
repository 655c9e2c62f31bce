use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD201",
        slug: "authorization-node-rbac",
        title: "API server authorization lacks Node or RBAC",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Authorization],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "The Node authorizer limits each kubelet to the objects of its own pods, and RBAC governs everyone else. Without Node, a stolen kubelet credential reads Secrets of the whole cluster; without RBAC, roles and bindings are ignored. Each covers a different way in.",
        remediation: "Set `authorization-mode: Node,RBAC` (with any webhook modes after them).",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  authorization-mode: Node,RBAC",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      authorization-mode: RBAC\n",
            "kube-apiserver-arg:\n  - authorization-mode=Node,Webhook\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      authorization-mode: RBAC,Node\n",
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::ApiServer)
    {
        let Some((modes, node)) = set.list("authorization-mode") else {
            continue;
        };
        // AlwaysAllow is LP301's, and makes the rest moot.
        if modes.iter().any(|m| m == "AlwaysAllow") {
            continue;
        }
        let missing: Vec<&str> = ["Node", "RBAC"]
            .into_iter()
            .filter(|m| !modes.iter().any(|x| x == m))
            .collect();
        if !missing.is_empty() {
            sink.report(
                node,
                format!(
                    "authorization-mode does not include {}.",
                    missing.join(" or ")
                ),
            )
            .evidence(modes.join(","))
            .fix(|| set_flag(ctx, set, "authorization-mode", &with_node_rbac(&modes), Safety::Review("requests that only the removed or reordered modes allowed are decided by Node and RBAC from now on")));
        }
    }
}

/// The authorization modes with AlwaysAllow dropped and Node and RBAC present: Node added in
/// front, RBAC at the end, the other modes kept in their order.
pub(crate) fn with_node_rbac(modes: &[String]) -> String {
    let mut out: Vec<&str> = modes
        .iter()
        .map(String::as_str)
        .filter(|m| *m != "AlwaysAllow")
        .collect();
    if !out.contains(&"Node") {
        out.insert(0, "Node");
    }
    if !out.contains(&"RBAC") {
        out.push("RBAC");
    }
    out.join(",")
}
