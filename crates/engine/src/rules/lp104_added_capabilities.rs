use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::k8s::pod::BASELINE_CAPABILITIES;
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP104",
        slug: "added-capabilities",
        title: "Container adds capabilities beyond the baseline set",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::High,
        security_severity: "7.8",
        rationale: "Linux capabilities split root's power into pieces; adding one such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE hands a container a piece that reaches the kernel, the network stack or other processes. Most escapes from containers start with an added capability. Least Privilege grants none beyond the small default set.",
        remediation: "Remove the capability from `capabilities.add`. If the workload truly needs it, document why and isolate it in its own namespace.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]",
        references: &[
            "CIS Kubernetes Benchmark 5.2.8, 5.2.9",
            "Pod Security Standards (baseline): Capabilities",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [SYS_ADMIN]}}\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [NET_BIND_SERVICE, CHOWN], drop: [ALL]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};


fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        for (item, name) in container.added_capabilities(tree) {
            if !BASELINE_CAPABILITIES.contains(&name.as_str()) {
                let written = tree.str(item).unwrap_or_default().to_string();
                sink.report(item, format!("Container \"{}\" adds the {name} capability.", container.name))
                    .resource(obj.label())
                    .container(&container.name)
                    .evidence(written);
            }
        }
    }
}
