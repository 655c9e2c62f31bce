use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS104",
        slug: "resource-requests-missing",
        title: "Container has no CPU or memory request",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Availability],
        severity: Severity::Low,
        security_severity: "3.0",
        rationale: "The scheduler places pods by their requests. A container without them can land on a node that has no room for it, and under pressure it is the first to be evicted or starved. Declaring what a workload needs is part of designing it to stay up.",
        remediation: "Set `resources.requests.cpu` and `resources.requests.memory` to what the container uses under normal load.",
        subject: Subject::Containers,
        fix_snippet: "resources:\n  requests:\n    cpu: 100m\n    memory: 128Mi",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      resources: {requests: {cpu: 100m}}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      resources:\n        requests: {cpu: 100m, memory: 128Mi}\n        limits: {cpu: 500m, memory: 256Mi}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        let requests = tree.path(container.node, &["resources", "requests"]);
        let missing: Vec<&str> = ["cpu", "memory"]
            .into_iter()
            .filter(|r| requests.and_then(|q| tree.get(q, r)).is_none())
            .collect();
        if !missing.is_empty() {
            let at = tree
                .get(container.node, "resources")
                .unwrap_or(container.node);
            sink.report(
                at,
                format!(
                    "Container \"{}\" requests no {}.",
                    container.name,
                    missing.join(" or ")
                ),
            )
            .resource(obj.label())
            .container(&container.name);
        }
    }
}
