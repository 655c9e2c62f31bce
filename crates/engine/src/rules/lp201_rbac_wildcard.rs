use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP201",
        slug: "rbac-wildcard",
        title: "Role uses a wildcard in apiGroups, resources or verbs",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization],
        severity: Severity::High,
        security_severity: "7.5",
        rationale: "A `*` grants everything that exists now and everything added later, including resources and verbs nobody reviewed when the role was written. Least Privilege names the exact groups, resources and verbs a subject needs.",
        remediation: "Replace each `*` with the explicit list of API groups, resources and verbs the subject uses.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"apps\"]\n    resources: [\"deployments\"]\n    verbs: [\"get\", \"list\", \"watch\"]",
        references: &[
            "CIS Kubernetes Benchmark 5.1.3",
        ],
        invalid: &[
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [\"*\"], verbs: [get]}\n",
        ],
        valid: &[
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [pods], verbs: [get, list]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for r in &ctx.policy_rules {
        let obj = &ctx.objects[r.object];
        let fields = [
            ("apiGroups", &r.api_groups),
            ("resources", &r.resources),
            ("verbs", &r.verbs),
        ];
        let wild: Vec<_> = fields
            .iter()
            .filter_map(|(name, list)| {
                list.iter()
                    .find(|(v, _)| v == "*")
                    .map(|(_, n)| (*name, *n))
            })
            .collect();
        if let Some((_, first)) = wild.first() {
            let names: Vec<&str> = wild.iter().map(|(n, _)| *n).collect();
            sink.report(
                *first,
                format!("The rule grants \"*\" in {}.", names.join(", ")),
            )
            .resource(obj.label())
            .evidence("*");
        }
    }
}
