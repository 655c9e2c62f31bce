use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "CI104",
        slug: "deprecated-seccomp-annotation",
        title: "Seccomp is set with the deprecated annotation",
        principle: Principle::ContinuousImprovement,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "2.1",
        rationale: "The seccomp.security.alpha.kubernetes.io annotations were replaced by the seccompProfile field in Kubernetes 1.19, and current releases no longer apply them. A pod relying on them runs without the filter it appears to have.",
        remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` instead of the annotation.",
        subject: Subject::Objects,
        fix_snippet: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault",
        references: &[
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in &ctx.objects {
        for annotations in obj.annotation_maps(tree) {
            for entry in tree.entries(annotations) {
                let deprecated = tree.str(entry.key).is_some_and(|k| {
                    k == "seccomp.security.alpha.kubernetes.io/pod"
                        || k.starts_with("container.seccomp.security.alpha.kubernetes.io/")
                });
                if deprecated {
                    sink.report(entry.key, "Seccomp is set through a deprecated annotation that current Kubernetes ignores; use securityContext.seccompProfile.")
                        .resource(obj.label());
                }
            }
        }
    }
}
