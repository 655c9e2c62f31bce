use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "CI103",
        slug: "deprecated-apparmor-annotation",
        title: "AppArmor is set with the deprecated annotation",
        principle: Principle::ContinuousImprovement,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "1.8",
        rationale: "Since Kubernetes 1.30, AppArmor is a securityContext field; the container.apparmor.security.beta.kubernetes.io annotations are deprecated and will stop working. A profile set only through them can silently disappear on upgrade.",
        remediation: "Set `securityContext.appArmorProfile` on the pod or container instead of the annotation.",
        subject: Subject::Objects,
        fix_snippet: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault",
        references: &[
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {container.apparmor.security.beta.kubernetes.io/app: runtime/default}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      securityContext: {appArmorProfile: {type: RuntimeDefault}}\n",
        ],
    },
    check,
};

const PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in &ctx.objects {
        for annotations in obj.annotation_maps(tree) {
            for entry in tree.entries(annotations) {
                if tree.str(entry.key).is_some_and(|k| k.starts_with(PREFIX)) {
                    sink.report(entry.key, "AppArmor is set through a deprecated annotation; use securityContext.appArmorProfile.")
                        .resource(obj.label());
                }
            }
        }
    }
}
