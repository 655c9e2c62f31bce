use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::k8s::pod::BASELINE_CAPABILITIES;
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP106",
        slug: "restricted-capabilities",
        title: "Container adds a capability other than NET_BIND_SERVICE",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "3.0",
        rationale: "The restricted Pod Security Standard lets a container add back only NET_BIND_SERVICE (binding ports below 1024). The other capabilities the baseline tolerates, such as CHOWN, DAC_OVERRIDE or SETUID, still widen what a compromised process can do to files and identities inside the container.",
        remediation: "Remove the capability, or move the workload to a namespace at the baseline level with a note on why it needs it.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]",
        references: &[
            "Pod Security Standards (restricted): Capabilities",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [ALL], add: [CHOWN]}}\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [SYS_ADMIN]}}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        for (item, name) in container.added_capabilities(tree) {
        // Capabilities beyond the baseline set are LP104's.
            if name != "NET_BIND_SERVICE" && BASELINE_CAPABILITIES.contains(&name.as_str()) {
                let written = tree.str(item).unwrap_or_default().to_string();
                sink.report(item, format!("Container \"{}\" adds the {name} capability.", container.name))
                    .resource(obj.label())
                    .container(&container.name)
                    .evidence(written);
            }
        }
    }
}
