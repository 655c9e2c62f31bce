use crate::check::{Context, Sink};
use crate::fix::{Plan, Safety, Value};
use crate::k8s::image;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS103",
        slug: "image-pull-policy",
        title: "Image pull policy can run a stale or unverified image",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "2.5",
        rationale: "With imagePullPolicy: Never the node runs whatever image it already has under that name, without the registry's authentication or any update. With IfNotPresent on a mutable tag, nodes keep running whichever `latest` they pulled first. Either way the manifest no longer decides what runs.",
        remediation: "Pin the image by digest, or use `imagePullPolicy: Always` with a mutable tag.",
        subject: Subject::Containers,
        fix_snippet: "image: app:1.4.2@sha256:<digest>\nimagePullPolicy: IfNotPresent",
        references: &[
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      imagePullPolicy: Never\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:latest\n      imagePullPolicy: IfNotPresent\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      imagePullPolicy: IfNotPresent\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:latest\n      imagePullPolicy: Always\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        let Some(policy) = tree.get(container.node, "imagePullPolicy") else {
            continue;
        };
        let image = tree.get_str(container.node, "image").unwrap_or("");
        let parsed = image::parse(image);
        let mutable = parsed.digest.is_none() && matches!(parsed.tag, None | Some("latest"));
        let message = match tree.str(policy) {
            Some("Never") => format!(
                "Container \"{}\" never pulls its image, so the node's copy runs unverified.",
                container.name
            ),
            Some("IfNotPresent") if mutable => {
                format!(
                    "Container \"{}\" pulls the mutable image \"{image}\" only once per node.",
                    container.name
                )
            }
            _ => continue,
        };
        sink.report(policy, message)
            .resource(obj.label())
            .container(&container.name)
            .fix(|| {
                Plan::set(
                    "Set imagePullPolicy to Always",
                    Safety::Safe,
                    container.node,
                    &["imagePullPolicy"],
                    Value::plain("Always"),
                )
            });
    }
}
