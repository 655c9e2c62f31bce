use super::lp303_kubeconfig_world_readable::octal_mode;
use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP304",
        slug: "node-file-permissions",
        title: "Sensitive node file is written with loose permissions",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.6",
        rationale: "Pack values can write files onto every node (`kubeadmconfig.files[]`). Admission, audit, encryption and credential files under /etc/kubernetes are read by the control plane alone; a mode looser than 0600 lets any local user or compromised process read them, or with write bits, change cluster security settings.",
        remediation: "Set `targetPermissions: \"0600\"` (owner root) for files under /etc/kubernetes and for keys and kubeconfigs.",
        subject: Subject::DocKind(crate::document::DocKind::PackValues),
        fix_snippet: "files:\n  - targetPath: /etc/kubernetes/pod-security-standard.yaml\n    targetOwner: \"root:root\"\n    targetPermissions: \"0600\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  files:\n    - targetPath: /etc/kubernetes/audit-policy.yaml\n      targetPermissions: \"0644\"\n      content: |\n        apiVersion: audit.k8s.io/v1\n        kind: Policy\n        rules: [{level: Metadata}]\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  files:\n    - targetPath: /etc/kubernetes/audit-policy.yaml\n      targetPermissions: \"0600\"\n",
            "kubeadmconfig:\n  files:\n    - targetPath: /opt/app/motd.txt\n      targetPermissions: \"0644\"\n",
        ],
    },
    check,
};

fn sensitive(path: &str) -> bool {
    path.starts_with("/etc/kubernetes/")
        || path.starts_with("/var/lib/kubelet/")
        || [".key", ".pem", ".crt", "kubeconfig", ".conf"]
            .iter()
            .any(|s| path.ends_with(s))
}

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::PackValues)
    {
        let Some(files) = tree.path(doc.root, &["kubeadmconfig", "files"]) else {
            continue;
        };
        for file in tree.items(files) {
            let Some(path) = tree.get_str(*file, "targetPath") else {
                continue;
            };
            let Some(mode_node) = tree.get(*file, "targetPermissions") else {
                continue;
            };
            let Some(mode_text) = tree.str(mode_node) else {
                continue;
            };
            if sensitive(path) && octal_mode(mode_text).is_some_and(|m| m & 0o077 != 0) {
                sink.report(
                    mode_node,
                    format!("{path} is written with mode {mode_text}, readable beyond its owner."),
                )
                .evidence(format!("targetPermissions: {mode_text}"));
            }
        }
    }
}
