use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF206",
        slug: "palette-oidc-noauth",
        title: "Palette cluster access uses identity provider \"noauth\"",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.4",
        rationale: "With the identity provider set to noauth, Palette does not put an OIDC login in front of the cluster's kubeconfig; access falls back to shared certificates that identify no person and cannot be revoked one by one. Palette's own guidance is not to use it in production.",
        remediation: "Set `identityProvider` to `palette` or `tenant` (or a real OIDC provider) in the Kubernetes pack values.",
        subject: Subject::DocKind(crate::document::DocKind::PackValues),
        fix_snippet: "pack:\n  palette:\n    config:\n      oidc:\n        identityProvider: palette",
        references: &[
        ],
        invalid: examples![
            "pack:\n  palette:\n    config:\n      oidc:\n        identityProvider: noauth\n",
        ],
        valid: examples![
            "pack:\n  palette:\n    config:\n      oidc:\n        identityProvider: palette\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::PackValues)
    {
        let Some(config) = tree.path(doc.root, &["pack", "palette", "config"]) else {
            continue;
        };
        for section in ["oidc", "dashboard"] {
            let Some(idp) = tree.path(config, &[section, "identityProvider"]) else {
                continue;
            };
            if tree
                .str(idp)
                .is_some_and(|v| v.eq_ignore_ascii_case("noauth"))
            {
                sink.report(
                    idp,
                    "The cluster's identity provider is noauth: access is not tied to a person.",
                )
                .evidence("identityProvider: noauth");
            }
        }
    }
}
