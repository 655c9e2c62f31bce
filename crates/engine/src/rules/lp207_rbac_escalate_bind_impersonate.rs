use super::{report_role_rules, Point};
use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP207",
        slug: "rbac-escalate-bind-impersonate",
        title: "Role can escalate, bind or impersonate",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Authentication],
        severity: Severity::Critical,
        security_severity: "9.0",
        rationale: "escalate lets a subject write roles with more rights than it has, bind lets it attach any role to anyone, and impersonate lets it act as another user or group. Each one is a path from limited rights to all rights.",
        remediation: "Remove these verbs; keep them for the cluster's own controllers and administrators.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"rbac.authorization.k8s.io\"]\n    resources: [\"roles\"]\n    verbs: [\"get\", \"list\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [users, groups], verbs: [impersonate]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [get]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Verb, |_, hit| {
        format!("The rule grants the {hit} verb.")
    });
}

/// What in this rule triggers the finding, if anything: an explicit escalate, bind or
/// impersonate verb, or a `*` verb over the resources those verbs act on.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    let named = ["escalate", "bind", "impersonate"]
        .into_iter()
        .find(|v| r.verbs.iter().any(|(have, _)| have == v));
    if named.is_some() {
        return named;
    }
    if !r.verbs.iter().any(|(v, _)| v == "*") {
        return None;
    }
    let rbac = "rbac.authorization.k8s.io";
    if r.covers(rbac, "clusterroles") || r.covers(rbac, "roles") {
        return Some("escalate");
    }
    let identities = ["users", "groups", "serviceaccounts"]
        .iter()
        .any(|res| r.covers("", res))
        || r.covers("authentication.k8s.io", "userextras");
    identities.then_some("impersonate")
}
