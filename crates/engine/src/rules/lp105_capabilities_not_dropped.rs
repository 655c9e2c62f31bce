use crate::check::{Context, Sink};
use crate::k8s::pss::{Aspect, Control};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

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
        remediation: "Add `drop: [\"ALL\"]` to the container's capabilities (upper case: `all` does not count), then add back only what it needs.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [NET_RAW]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [all]}}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [ALL]}}\n",
            // Restricted exempts Windows pods from the Linux-only controls (v1.25+).
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| {
        v.control == Control::CapabilitiesRestricted && v.aspect == Aspect::Missing
    });
}
