use crate::check::{Context, Sink};
use crate::fix::{Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS111",
        slug: "writable-root-filesystem",
        title: "Container's root file system is writable",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "3.4",
        rationale: "An immutable container cannot be altered after it starts: an attacker cannot drop tools or change binaries, and every replica stays identical to the image. A read-only root file system, with emptyDir mounts for the few paths that need writing, builds that in.",
        remediation: "Set `readOnlyRootFilesystem: true` and mount an emptyDir where the application writes (for example /tmp).",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  readOnlyRootFilesystem: true\nvolumeMounts:\n  - name: tmp\n    mountPath: /tmp",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {readOnlyRootFilesystem: false}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {readOnlyRootFilesystem: true}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        let field = pod.security_field(tree, container, "readOnlyRootFilesystem");
        if field
            .and_then(|(n, _)| k8s_bool(tree, n))
            .is_some_and(|(b, _)| b)
        {
            continue;
        }
        let at = field.map_or(container.node, |(n, _)| n);
        sink.report(
            at,
            format!(
                "Container \"{}\" can write to its root file system.",
                container.name
            ),
        )
        .resource(obj.label())
        .container(&container.name)
            .fix(|| Plan::set("Set securityContext.readOnlyRootFilesystem to true", Safety::Review("a program that writes outside its mounted volumes (to /tmp, say) fails; mount an emptyDir there"), container.node, &["securityContext", "readOnlyRootFilesystem"], Value::plain("true")));
    }
}
