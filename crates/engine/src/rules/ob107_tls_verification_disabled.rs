use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB107",
        slug: "tls-verification-disabled",
        title: "TLS certificate verification is turned off",
        principle: Principle::NotObscurity,
        pillars: &[Pillar::Integrity, Pillar::Authentication, Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.4",
        rationale: "With insecureSkipVerify or insecure registries, the edge host talks to whoever answers on the network path: a spoofed Palette endpoint can enrol it, a spoofed registry can serve it images. Encryption without verifying the other side only hides the traffic from passive listeners.",
        remediation: "Remove `insecureSkipVerify` and `insecure`; add the private CA to `stylus.site.caCerts` instead.",
        subject: Subject::DocKind(crate::document::DocKind::CloudConfig),
        fix_snippet: "stylus:\n  site:\n    caCerts:\n      - |\n        -----BEGIN CERTIFICATE-----\n        ...",
        references: &[
        ],
        invalid: examples![
            "#cloud-config\nstylus:\n  site:\n    insecureSkipVerify: true\n",
            "#cloud-config\nstylus:\n  registryCredentials: [{domain: r.local, insecure: true}]\n",
        ],
        valid: examples![
            "#cloud-config\nstylus:\n  site:\n    insecureSkipVerify: false\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    let is_true = |n: crate::yaml::NodeId| k8s_bool(tree, n).is_some_and(|(b, _)| b);
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::CloudConfig)
    {
        let Some(stylus) = tree.get(doc.root, "stylus") else {
            continue;
        };
        if let Some(node) = tree
            .path(stylus, &["site", "insecureSkipVerify"])
            .filter(|n| is_true(*n))
        {
            sink.report(
                node,
                "The edge host does not verify Palette's TLS certificate.",
            )
            .evidence("insecureSkipVerify: true");
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
            if let Some(node) = tree.get(entry, "insecure").filter(|n| is_true(*n)) {
                let domain = tree.get_str(entry, "domain").unwrap_or("a registry");
                sink.report(
                    node,
                    format!("The edge host does not verify the TLS certificate of {domain}."),
                )
                .evidence("insecure: true");
            }
        }
    }
}
