use super::{Power, POWERS};
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
        rationale: "A `*` grants everything that exists now and everything added later, including resources and verbs nobody reviewed when the role was written. Least Privilege names the exact groups, resources and verbs a subject needs. The finding names each dangerous power the wildcard grants (reading Secrets, exec, escalate, …) and takes the severity of the worst of them; each still counts in the scorecard.",
        remediation: "Replace each `*` with the explicit list of API groups, resources and verbs the subject uses.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"apps\"]\n    resources: [\"deployments\"]\n    verbs: [\"get\", \"list\", \"watch\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [\"\"], resources: [\"*\"], verbs: [get]}\n",
        ],
        valid: examples![
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
        let Some((_, first)) = wild.first() else {
            continue;
        };
        let names: Vec<&str> = wild.iter().map(|(n, _)| *n).collect();
        // Every power the other RBAC rules look for, reported here once instead of by each.
        let powers: Vec<&Power> = POWERS.iter().filter(|p| (p.matched)(r).is_some()).collect();
        let mut message = format!("The rule grants \"*\" in {}", names.join(", "));
        if powers.is_empty() {
            message.push('.');
        } else {
            let what: Vec<String> = powers
                .iter()
                .map(|p| {
                    if p.id == "LP205" && !r.has_verb("create") {
                        // get alone opens exec only on older clusters (see LP205).
                        format!("{} on Kubernetes 1.29 and older ({})", p.what, p.id)
                    } else {
                        format!("{} ({})", p.what, p.id)
                    }
                })
                .collect();
            message.push_str(&format!(", so its subjects can {}.", what.join("; ")));
        }
        sink.report(*first, message)
            .resource(obj.label())
            .evidence("*")
            .implies(powers.iter().map(|p| p.id).collect());
    }
}
