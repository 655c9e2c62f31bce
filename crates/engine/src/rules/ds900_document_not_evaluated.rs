use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS900",
        slug: "document-not-evaluated",
        title: "Document not evaluated",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Info,
        security_severity: "0.0",
        rationale: "Posture did not recognise this document, so no rule looked at it. It says \
            so rather than staying silent: a clean report should mean the input was checked, \
            not skipped.",
        remediation: "Check that the document has `apiVersion` and `kind` (for Kubernetes \
            objects) or is one of the supported configuration files.",
        subject: Subject::Documents,
        fix_snippet: "apiVersion: apps/v1\nkind: Deployment",
        references: &[],
        invalid: examples![
            "name: just-some-yaml\nreplicas: 3\n",
            "version: \"3\"\nservices:\n  web: {image: nginx}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
            "---\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // Strings that happen to hold YAML are opened on a best-effort basis; only the documents
    // the user pasted are owed this notice.
    if ctx.embedded {
        return;
    }
    for doc in &ctx.documents {
        if doc.kind == DocKind::Unknown {
            sink.report(
                doc.root,
                "This document is not a Kubernetes object or a configuration file Posture \
                 knows, so it was not evaluated.",
            );
        } else if !doc.kind.evaluated() {
            sink.report(
                doc.root,
                format!(
                    "Posture recognised this {} but has no checks for it yet, so it was not \
                     evaluated.",
                    doc.kind.label()
                ),
            );
        }
    }
}
