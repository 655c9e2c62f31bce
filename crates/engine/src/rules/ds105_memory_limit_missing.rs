use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS105",
        slug: "memory-limit-missing",
        title: "Container has no memory limit",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Availability],
        severity: Severity::Medium,
        security_severity: "4.3",
        rationale: "Without a memory limit, one leaking or attacked container can take all of a node's memory and get its neighbours killed by the kernel. A limit contains the damage to the container that caused it.",
        remediation: "Set `resources.limits.memory` a little above the container's peak use.",
        subject: Subject::Containers,
        fix_snippet: "resources:\n  limits:\n    memory: 256Mi",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      resources:\n        requests: {cpu: 100m, memory: 128Mi}\n        limits: {cpu: 500m, memory: 256Mi}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let limits = ["resources", "limits", "memory"];
    super::report_missing(ctx, sink, |_, _| true, &limits, "resources", "memory limit");
}
