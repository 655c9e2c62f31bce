use super::{report_role_rules, Point};
use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP205",
        slug: "rbac-pod-exec",
        title: "Role can exec into or attach to pods",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Integrity],
        severity: Severity::High,
        security_severity: "7.4",
        rationale: "pods/exec and pods/attach open a shell in a running container, with the container's service account token and mounted secrets. It bypasses whatever the workload's own interface allows. create on them grants it on every version; get alone does too up to Kubernetes 1.29, where exec over a WebSocket was authorised as get.",
        remediation: "Remove create (and get) on pods/exec and pods/attach, and give debugging access through a reviewed, time-limited role.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"\"]\n    resources: [\"pods\", \"pods/log\"]\n    verbs: [\"get\", \"list\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}\n",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [get]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [pods/log], verbs: [get]}\n",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [list, watch]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Resource, |r, hit| {
        if r.has_verb("create") {
            format!("The rule lets its subjects run commands in pods (create on {hit}).")
        } else {
            format!(
                "The rule grants get, not create, on {hit}. On Kubernetes 1.29 and older that is \
                 enough to run commands in pods (a WebSocket upgrade is a GET request); from 1.30 \
                 the API server asks for create instead, unless the \
                 AuthorizePodWebsocketUpgradeCreatePermission feature gate is switched off."
            )
        }
    });
}

/// What in this rule triggers the finding, if anything.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    if !r.has_verb("create") && !r.has_verb("get") {
        return None;
    }
    ["pods/exec", "pods/attach"]
        .into_iter()
        .find(|res| r.covers("", res))
}
