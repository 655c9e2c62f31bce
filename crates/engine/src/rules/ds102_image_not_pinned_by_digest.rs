use crate::check::{Context, Sink};
use crate::k8s::image;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS102",
        slug: "image-not-pinned-by-digest",
        title: "Image not pinned by digest",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "3.1",
        rationale: "A version tag can be moved to another image by anyone who can push to the \
            repository. A digest names the exact bytes, so what was reviewed and scanned is \
            what runs. Pinning is the design choice that makes a supply-chain swap visible.",
        remediation: "Add the image digest after the tag (`@sha256:…`). Tools such as `crane \
            digest` or your registry's UI show it.",
        subject: Subject::Containers,
        fix_snippet: "image: nginx:1.27.2@sha256:<digest>",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27.2\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27.2@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
            // `latest` is already reported by DS101; this rule does not repeat it.
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        let Some(node) = tree.get(container.node, "image") else {
            continue;
        };
        let Some(value) = tree.str(node).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let image = image::parse(value);
        let mutable = matches!(image.tag, None | Some("latest"));
        if image.digest.is_none() && !mutable {
            sink.report(node, format!("Image \"{value}\" is not pinned by digest."))
                .resource(obj.label())
                .container(&container.name)
                .evidence(value);
        }
    }
}
