use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP303",
        slug: "kubeconfig-world-readable",
        title: "Admin kubeconfig is readable by other users of the node",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Confidentiality, Pillar::Authentication],
        severity: Severity::Medium,
        security_severity: "5.5",
        rationale: "K3s and RKE2 write an admin kubeconfig on the server node. With a mode looser than 600, any local user or compromised process on the node can read cluster-admin credentials.",
        remediation: "Set `write-kubeconfig-mode: \"0600\"` (or remove it; the default is 600).",
        subject: Subject::DocKind(crate::document::DocKind::K3sConfig),
        fix_snippet: "write-kubeconfig-mode: \"0600\"",
        references: &[],
        invalid: examples![
            "write-kubeconfig-mode: 644\n",
            "write-kubeconfig-mode: \"0640\"\n",
        ],
        valid: examples![
            "write-kubeconfig-mode: \"0600\"\n",
            "write-kubeconfig-mode: 600\n",
        ],
    },
    check,
};

/// Parses a file mode written as octal digits, with or without a leading 0.
pub(crate) fn octal_mode(text: &str) -> Option<u32> {
    let digits = text.trim().trim_matches('"');
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        return None;
    }
    u32::from_str_radix(digits, 8).ok()
}

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::K3sConfig)
    {
        let Some(node) = tree.get(doc.root, "write-kubeconfig-mode") else {
            continue;
        };
        let Some(text) = tree.str(node) else { continue };
        if octal_mode(text).is_some_and(|mode| mode & 0o077 != 0) {
            sink.report(
                node,
                format!(
                    "The admin kubeconfig is written with mode {text}, readable beyond its owner."
                ),
            )
            .evidence(format!("write-kubeconfig-mode: {text}"));
        }
    }
}
