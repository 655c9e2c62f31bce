use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH107",
        slug: "edge-plaintext-credentials",
        title: "Edge user-data holds a registration token or registry password in plain text",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality, Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.8",
        rationale: "Installer user-data is copied onto the edge host and kept there, and usually sits in Git and on USB sticks too. An edgeHostToken in it registers any machine to your Palette project; a registry password in it opens your images to whoever finds the file.",
        remediation: "Use short-lived registration tokens, and put credentials in a `skip-copy-*` stage (or inject them at install time) so they are not persisted on the host.",
        subject: Subject::DocKind(crate::document::DocKind::CloudConfig),
        fix_snippet: "stylus:\n  site:\n    paletteEndpoint: api.spectrocloud.com\n    # edgeHostToken supplied at install time, not committed",
        references: &[
        ],
        invalid: examples![
            "#cloud-config\nstylus:\n  site:\n    paletteEndpoint: api.spectrocloud.com\n    edgeHostToken: aUA7Qk2pZr9dW0ChYCrO\n",
            "#cloud-config\nstylus:\n  registryCredentials: {domain: registry.local, username: ubuntu, password: Passw0rd}\n",
        ],
        valid: examples![
            "#cloud-config\nstylus:\n  site:\n    paletteEndpoint: api.spectrocloud.com\n",
            "#cloud-config\nstylus:\n  site:\n    paletteEndpoint: api.spectrocloud.com\n    edgeHostToken: aUAxxxxxxxxx0ChYCrO\n  registryCredentials: {domain: registry.local, username: ubuntu, password: $REGISTRY_PASSWORD}\n",
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
        let Some(stylus) = tree.get(doc.root, "stylus") else {
            continue;
        };
        if let Some(token) = tree.path(stylus, &["site", "edgeHostToken"]) {
            if tree.str(token).is_some_and(|t| !secrets::is_placeholder(t)) {
                let value = tree.str(token).unwrap_or("");
                sink.report(
                    token,
                    "The edge host registration token is written in plain text.",
                )
                .evidence(secrets::mask(value));
            }
        }
        let Some(creds) = tree.get(stylus, "registryCredentials") else {
            continue;
        };
        let entries: Vec<_> = if tree.is_sequence(creds) {
            tree.items(creds).to_vec()
        } else {
            vec![creds]
        };
        for entry in entries {
            if let Some(password) = tree.get(entry, "password") {
                if tree
                    .str(password)
                    .is_some_and(|p| !secrets::is_placeholder(p))
                {
                    let value = tree.str(password).unwrap_or("");
                    sink.report(password, "A registry password is written in plain text.")
                        .evidence(secrets::mask(value));
                }
            }
        }
    }
}
