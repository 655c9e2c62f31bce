use crate::check::{Context, Sink};
use crate::k8s::image;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS101",
        slug: "mutable-image-tag",
        title: "Image uses a moving tag (latest, a branch name) or no tag",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity, Pillar::Availability],
        severity: Severity::Medium,
        security_severity: "5.3",
        rationale: "`latest`, no tag at all (which means `latest`), or a tag named after a \
            branch or channel (`main`, `master`, `dev`, `edge`, `nightly`, …) names whatever \
            the registry holds at pull time. Two nodes can run different code under the same \
            manifest, a rollback cannot return to a known state, and a pushed image reaches \
            production without review. A workload designed to be safe runs an image you chose.",
        remediation: "Name a specific version tag, and better still pin the image by digest.",
        subject: Subject::Containers,
        fix_snippet: "image: registry.example.com/app:1.4.2@sha256:<digest>",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: registry.local:5000/team/app\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/team/app:Nightly\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27.2\n",
            // A branch name inside a versioned tag is a version, not a moving tag.
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: team/app:main-4f2a9c1\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
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
        if image.digest.is_some() {
            continue;
        }
        let message = match image.tag {
            None => format!("Image \"{value}\" has no tag, so it means \"latest\"."),
            Some(tag) if tag.eq_ignore_ascii_case("latest") => {
                format!("Image \"{value}\" uses the mutable \"latest\" tag.")
            }
            Some(tag) if is_moving_tag(tag) => format!(
                "Image \"{value}\" uses \"{tag}\", a tag that follows a branch or channel and \
                 changes with every push."
            ),
            Some(_) => continue,
        };
        sink.report(node, message)
            .resource(obj.label())
            .container(&container.name)
            .evidence(value);
    }
}

/// Tags that name a branch or release channel rather than a version: registries move them
/// with every push. Compared whole and without case (`Nightly` moves too); a tag that only
/// contains one (`main-4f2a9c1`, `1.2-stable`) is a build's own name and stays put.
fn is_moving_tag(tag: &str) -> bool {
    const MOVING: [&str; 17] = [
        "master",
        "main",
        "trunk",
        "head",
        "dev",
        "develop",
        "development",
        "edge",
        "nightly",
        "canary",
        "snapshot",
        "unstable",
        "testing",
        "next",
        "stable",
        "current",
        "rolling",
    ];
    MOVING.iter().any(|m| m.eq_ignore_ascii_case(tag))
}
