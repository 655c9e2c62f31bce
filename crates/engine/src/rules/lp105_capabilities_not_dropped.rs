use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP105",
        slug: "capabilities-not-dropped",
        title: "Container does not drop all capabilities",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.0",
        rationale: "Container runtimes give every container a default set of capabilities (changing file owners, sending signals, raw sockets on some runtimes) whether it needs them or not. Dropping ALL and adding back only what is needed is how a workload ends up holding only the rights its job requires.",
        remediation: "Add `drop: [\"ALL\"]` to the container's capabilities, then add back only what it needs.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]",
        references: &[
            "Pod Security Standards (restricted): Capabilities",
            "NSA/CISA Kubernetes Hardening Guide: pod security",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [NET_RAW]}}\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [ALL]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [all]}}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        let drop = tree.path(container.node, &["securityContext", "capabilities", "drop"]);
        let drops_all = drop.is_some_and(|d| {
            tree.items(d).iter().any(|i| tree.str(*i).is_some_and(|s| s.trim().eq_ignore_ascii_case("ALL")))
        });
        if !drops_all {
            sink.report(drop.unwrap_or(container.node), format!("Container \"{}\" keeps the runtime's default capabilities.", container.name))
                .resource(obj.label())
                .container(&container.name);
        }
    }
}
