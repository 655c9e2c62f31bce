use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF101",
        slug: "seccomp-unconfined",
        title: "Seccomp is explicitly turned off",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Integrity],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "Seccomp filters which system calls a container may make; the runtime's default profile blocks dozens that containers never need and many kernel exploits rely on. Unconfined turns that safe default off on purpose.",
        remediation: "Set the seccomp profile to `RuntimeDefault` (or a reviewed Localhost profile).",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault",
        references: &[
            "Pod Security Standards (baseline): Seccomp",
            "CIS Kubernetes Benchmark 5.7.2",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seccompProfile: {type: Unconfined}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: Unconfined}}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: Unconfined}}\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seccompProfile: {type: RuntimeDefault}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        let Some((profile, _)) = pod.security_field(tree, container, "seccompProfile") else { continue };
        let Some(kind) = tree.get(profile, "type") else { continue };
        if tree.str(kind) == Some("Unconfined") {
            sink.report(kind, format!("Container \"{}\" runs without a seccomp filter.", container.name))
                .resource(obj.label())
                .container(&container.name)
                .evidence("type: Unconfined");
        }
    }
}
