use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::k8s::flags::{Component, Flavor};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD204",
        slug: "secrets-not-encrypted-at-rest",
        title: "Secrets are not encrypted at rest",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.2",
        rationale: "Without an encryption provider, Secrets sit in etcd and its backups as plain base64. Anyone who reads an etcd snapshot or disk reads every credential in the cluster. Encryption at rest is the layer that holds when storage leaks.",
        remediation: "Configure `encryption-provider-config` with a KMS v2 or secretbox provider (K3s: `secrets-encryption: true`).",
        subject: Subject::Sum(&[
            Subject::Flags(crate::k8s::flags::Component::ApiServer),
            Subject::DocKind(crate::document::DocKind::K3sConfig),
        ]),
        fix_snippet: "extraArgs:\n  encryption-provider-config: /etc/kubernetes/encryption-config.yaml",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n",
            "write-kubeconfig-mode: \"0600\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      encryption-provider-config: /etc/kubernetes/enc.yaml\n",
            "secrets-encryption: true\nwrite-kubeconfig-mode: \"0600\"\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::ApiServer && s.flavor == Flavor::Kubeadm)
    {
        if set.get("encryption-provider-config").is_none() {
            sink.report(set.anchor, "The API server arguments set no encryption-provider-config, so Secrets are stored unencrypted.");
        }
    }
    // K3s and RKE2 encrypt Secrets only with `secrets-encryption: true`.
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::K3sConfig)
    {
        let on = tree
            .get(doc.root, "secrets-encryption")
            .and_then(|n| k8s_bool(tree, n))
            .is_some_and(|(b, _)| b);
        let via_flag = ctx
            .flag_sets
            .iter()
            .any(|s| s.get("encryption-provider-config").is_some());
        if !on && !via_flag {
            let at = tree
                .entry(doc.root, "secrets-encryption")
                .map_or(doc.root, |e| e.value);
            sink.report(at, "The K3s/RKE2 configuration does not set secrets-encryption: true, so Secrets are stored unencrypted.");
        }
    }
}
