use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD210",
        slug: "weak-encryption-provider",
        title: "Secrets encryption uses identity or a weak provider first",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.2",
        rationale: "The first provider in an EncryptionConfiguration encrypts everything newly written. identity first means no encryption at all, whatever follows; aescbc encrypts, but with an unauthenticated mode that upstream no longer recommends, and its key sits in the same file on the control-plane disk. secretbox fixes the mode, not the key: its key sits in that file too. Only KMS v2 keeps the key outside the cluster, so a copy of the disk or of an etcd backup does not come with it.",
        remediation: "Put a `kms` provider (apiVersion v2) first and keep `identity` last, only for reading old data; where no KMS is available, `secretbox` is the better local cipher, with the key as exposed as before.",
        subject: Subject::DocKind(crate::document::DocKind::EncryptionConfiguration),
        fix_snippet: "providers:\n  - kms:\n      apiVersion: v2\n      name: cloud-kms\n      endpoint: unix:///var/run/kms.sock\n  - identity: {}",
        references: &[],
        invalid: examples![
            "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n      - aescbc: {keys: [{name: k1, secret: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0cw==}]}\n",
            "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc: {keys: [{name: k1, secret: REDACTED}]}\n",
        ],
        valid: examples![
            "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - secretbox: {keys: [{name: k1, secret: REDACTED}]}\n      - identity: {}\n",
            "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - kms: {apiVersion: v2, name: kms, endpoint: \"unix:///kms.sock\"}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::EncryptionConfiguration)
    {
        let Some(resources) = tree.get(doc.root, "resources") else {
            continue;
        };
        for entry in tree.items(resources) {
            let Some(first) = tree
                .get(*entry, "providers")
                .and_then(|p| tree.items(p).first().copied())
            else {
                continue;
            };
            let Some(provider) = tree.entries(first).first().copied() else {
                continue;
            };
            let name = tree.str(provider.key).unwrap_or("");
            let message = match name {
                "identity" => "The first provider is identity, so new Secrets are written unencrypted.",
                "aescbc" => "The first provider is aescbc: an unauthenticated cipher mode, with its key in the same file; KMS v2 keeps the key outside the cluster.",
                "kms" if tree.get_str(provider.value, "apiVersion") != Some("v2") => {
                    "The first provider is KMS v1, which is deprecated; use KMS v2."
                }
                _ => continue,
            };
            sink.report(provider.key, message).evidence(name);
        }
    }
}
