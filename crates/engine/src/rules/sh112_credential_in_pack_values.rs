use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH112",
        slug: "credential-in-pack-values",
        title: "Pack values hold a credential in plain text",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality, Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "Pack values are stored in the cluster profile, shown to everyone who can \
            read the profile, copied into every cluster built from it and usually kept in Git. \
            A password, token or key written there is shared with all of them, and rotating it \
            means editing every profile version that ever held it.",
        remediation: "Reference a Kubernetes Secret the chart reads (most charts take an \
            `existingSecret`), or use a Palette profile variable marked sensitive, or a secret \
            manager (External Secrets, Vault) that fills it in on the cluster.",
        subject: Subject::Sum(&[
            Subject::DocKind(DocKind::AddonPackValues),
            Subject::DocKind(DocKind::PackValues),
        ]),
        fix_snippet: "charts:\n  grafana:\n    admin:\n      existingSecret: grafana-admin\n      userKey: admin-user\n      passwordKey: admin-password",
        references: &[],
        invalid: examples![
            r"pack:
  namespace: monitoring
charts:
  kube-prometheus-stack:
    grafana:
      adminPassword: Gr4fana-Pr0d-2024!
",
            // A token recognised by its shape, whatever its key is called.
            r"charts:
  notifier:
    slack:
      webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
      auth: ghp_0123456789abcdefghijABCDEFGHIJ0123456789
",
        ],
        valid: examples![
            r"pack:
  namespace: monitoring
charts:
  kube-prometheus-stack:
    grafana:
      adminPassword: '{{ .spectro.var.grafana_password }}'
      admin:
        existingSecret: grafana-admin
        passwordKey: admin-password
",
        ],
    },
    check,
};

/// Values nested deeper than this are not searched (pack values rarely go past 12 levels).
const MAX_DEPTH: usize = 64;

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| matches!(d.kind, DocKind::AddonPackValues | DocKind::PackValues))
    {
        let mut stack = vec![(doc.root, "", 0)];
        while let Some((node, key, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                continue;
            }
            match tree.node(node) {
                Node::Mapping(_) => {
                    // Pushed in reverse so findings come out in document order.
                    for entry in tree.entries(node).into_iter().rev() {
                        let name = tree.str(entry.key).unwrap_or("");
                        stack.push((entry.value, name, depth + 1));
                    }
                }
                Node::Sequence(items) => {
                    for item in items.iter().rev() {
                        stack.push((*item, key, depth + 1));
                    }
                }
                // Aliases repeat what their anchor already holds; following them would only
                // report it again (and alias bombs would make that unbounded).
                Node::Alias(_) => {}
                Node::Scalar(_) => {
                    let Some(value) = tree.str(node) else {
                        continue;
                    };
                    let by_name =
                        secrets::name_looks_secret(key) && !secrets::plainly_not_secret(key, value);
                    // A random-looking value alone (a digest, a checksum) is no credential
                    // unless its key says so; recognised token formats are.
                    let by_shape =
                        secrets::detect(value).filter(|k| *k != secrets::SecretKind::HighEntropy);
                    if !by_name && by_shape.is_none() {
                        continue;
                    }
                    let what = match by_shape {
                        Some(kind) => kind.label().to_string(),
                        None => format!("\"{key}\""),
                    };
                    sink.report(node, format!("The values hold {what} in plain text."))
                        .evidence(secrets::mask(value));
                }
            }
        }
    }
}
