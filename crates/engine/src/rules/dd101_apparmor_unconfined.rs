use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD101",
        slug: "apparmor-unconfined",
        title: "AppArmor is turned off for a container",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.4",
        rationale: "AppArmor is a second fence behind the container runtime: even a process that breaks some isolation is still held to a profile of what it may touch. Setting the profile to unconfined removes that layer on nodes that have it.",
        remediation: "Use the runtime's default profile (`type: RuntimeDefault`) or a Localhost profile, and drop the unconfined setting.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault",
        references: &[
            "Pod Security Standards (baseline): AppArmor",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {appArmorProfile: {type: Unconfined}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {container.apparmor.security.beta.kubernetes.io/app: unconfined}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {appArmorProfile: {type: RuntimeDefault}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        if let Some((profile, _)) = pod.security_field(tree, container, "appArmorProfile") {
            if let Some(kind) = tree.get(profile, "type") {
                if tree.str(kind) == Some("Unconfined") {
                    sink.report(kind, format!("Container \"{}\" runs without an AppArmor profile.", container.name))
                        .resource(obj.label())
                        .container(&container.name)
                        .evidence("type: Unconfined");
                    continue;
                }
            }
        }
        // The older annotation form, on the pod or its template.
        let meta = match obj.kind.as_str() {
            "Pod" => tree.get(obj.root, "metadata"),
            _ => tree.path(obj.root, &["spec", "template", "metadata"]),
        };
        let key = format!("{ANNOTATION_PREFIX}{}", container.name);
        if let Some(value) = meta.and_then(|m| tree.path(m, &["annotations", key.as_str()])) {
            if tree.str(value) == Some("unconfined") {
                sink.report(value, format!("Container \"{}\" runs without an AppArmor profile.", container.name))
                    .resource(obj.label())
                    .container(&container.name)
                    .evidence("unconfined");
            }
        }
    }
}
