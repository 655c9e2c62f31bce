use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD103",
        slug: "proc-mount-unmasked",
        title: "Container sees an unmasked /proc",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity, Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "The runtime normally masks and makes read-only the parts of /proc that describe or control the host. procMount: Unmasked removes that mask, exposing kernel interfaces a container has no business touching.",
        remediation: "Remove `procMount` or set it to `Default`.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  procMount: Default",
        references: &[
            "Pod Security Standards (baseline): /proc Mount Type",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {procMount: Unmasked}\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {procMount: Default}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        let Some((node, _)) = pod.security_field(tree, container, "procMount") else { continue };
        if tree.str(node) == Some("Unmasked") {
            sink.report(node, format!("Container \"{}\" mounts /proc unmasked.", container.name))
                .resource(obj.label())
                .container(&container.name)
                .evidence("procMount: Unmasked");
        }
    }
}
