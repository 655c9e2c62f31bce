use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF208",
        slug: "remote-shell-enabled",
        title: "Edge remote shell is left enabled",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authorization, Pillar::Auditing],
        severity: Severity::Low,
        security_severity: "3.2",
        rationale: "Palette's remote shell gives operators a shell on the edge host through the management plane. Unless the site needs it, it is one more path onto the device whose use depends on Palette account security; disabling it by default and enabling it for a maintenance window keeps the path closed when nobody is using it.",
        remediation: "Set `stylus.site.remoteShell.disable: true`, and enable it only when needed.",
        subject: Subject::DocKind(crate::document::DocKind::CloudConfig),
        fix_snippet: "stylus:\n  site:\n    remoteShell:\n      disable: true",
        references: &[
        ],
        invalid: examples![
            "#cloud-config\nstylus:\n  site:\n    paletteEndpoint: api.spectrocloud.com\n",
        ],
        valid: examples![
            "#cloud-config\nstylus:\n  site:\n    paletteEndpoint: api.spectrocloud.com\n    remoteShell: {disable: true}\n",
            "#cloud-config\nhostname: edge-1\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::CloudConfig)
    {
        let Some(site) = tree.path(doc.root, &["stylus", "site"]) else {
            continue;
        };
        let disabled = tree
            .path(site, &["remoteShell", "disable"])
            .and_then(|n| k8s_bool(tree, n))
            .is_some_and(|(b, _)| b);
        if !disabled {
            let at = tree.path(site, &["remoteShell", "disable"]).unwrap_or(site);
            sink.report(
                at,
                "The remote shell is not disabled (stylus.site.remoteShell.disable is not true).",
            );
        }
    }
}
