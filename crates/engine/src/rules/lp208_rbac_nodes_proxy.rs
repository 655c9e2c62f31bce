use super::{report_role_rules, Point};
use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP208",
        slug: "rbac-nodes-proxy",
        title: "Role can use nodes/proxy",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Integrity],
        severity: Severity::High,
        security_severity: "8.0",
        rationale: "nodes/proxy reaches the kubelet API of every node through the API server, and the kubelet API can run commands in any container on that node. It is node-level access dressed as a harmless subresource.",
        remediation: "Remove nodes/proxy; monitoring agents can read metrics from nodes/metrics instead.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"\"]\n    resources: [\"nodes/metrics\"]\n    verbs: [\"get\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [nodes/proxy], verbs: [get]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [nodes/metrics], verbs: [get]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Resource, |_, _| {
        "The rule grants access to the kubelet API through nodes/proxy.".to_string()
    });
}

/// What in this rule triggers the finding, if anything.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    // The proxy is reached with get (and create, update, patch for POSTs); other verbs do nothing.
    let proxies = ["get", "create", "update", "patch"]
        .iter()
        .any(|v| r.has_verb(v));
    (proxies && r.covers("", "nodes/proxy")).then_some("nodes/proxy")
}
