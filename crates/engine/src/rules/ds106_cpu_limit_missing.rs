use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS106",
        slug: "cpu-limit-missing",
        title: "Container has no CPU limit",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Availability],
        severity: Severity::Low,
        security_severity: "2.0",
        rationale: "A container without a CPU limit can use every idle core, which is efficient until a runaway loop or a crypto-miner starves the other workloads of the node. Whether to cap CPU is a trade-off; making the choice explicit is the design decision.",
        remediation: "Set `resources.limits.cpu`, or document that the namespace's LimitRange provides one.",
        subject: Subject::Containers,
        fix_snippet: "resources:\n  limits:\n    cpu: 500m",
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
    let limits = ["resources", "limits", "cpu"];
    super::report_missing(ctx, sink, |_, _| true, &limits, "resources", "CPU limit");
}
