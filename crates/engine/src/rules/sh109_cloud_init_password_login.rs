use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::fix::{Intent, Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH109",
        slug: "cloud-init-password-login",
        title: "cloud-init enables password login or a never-expiring password",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.6",
        rationale: "ssh_pwauth: true opens SSH to password guessing, and chpasswd with expire: false keeps the initial password forever. Together with a password written in the user-data, every VM built from the template shares one credential that anyone with the template can read.",
        remediation: "Use SSH keys (`ssh_authorized_keys`), set `ssh_pwauth: false`, and reference the user-data from a Secret (`userDataSecretRef`).",
        subject: Subject::DocKind(crate::document::DocKind::CloudConfig),
        fix_snippet: "#cloud-config\nssh_pwauth: false\nssh_authorized_keys:\n  - ssh-ed25519 AAAA... ops",
        references: &[
        ],
        invalid: examples![
            "#cloud-config\nssh_pwauth: True\n",
            "#cloud-config\nchpasswd: { expire: False }\n",
        ],
        valid: examples![
            "#cloud-config\nssh_pwauth: false\nchpasswd: {expire: true}\n",
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
        if let Some(node) = tree.get(doc.root, "ssh_pwauth") {
            if k8s_bool(tree, node).is_some_and(|(b, _)| b) {
                sink.report(node, "SSH password authentication is enabled.")
                    .evidence("ssh_pwauth: true")
                    .fix(|| {
                        Plan::new(
                            "Set ssh_pwauth to false",
                            Safety::Review("users who log in with a password must use an SSH key"),
                            vec![Intent::Replace {
                                node,
                                value: Value::plain("false"),
                            }],
                        )
                    });
            }
        }
        if let Some(node) = tree.path(doc.root, &["chpasswd", "expire"]) {
            if k8s_bool(tree, node).is_some_and(|(b, _)| !b) {
                sink.report(
                    node,
                    "The initial password never has to be changed (chpasswd expire: false).",
                )
                .evidence("expire: false")
                .fix(|| {
                    Plan::new(
                        "Set chpasswd expire to true",
                        Safety::Safe,
                        vec![Intent::Replace {
                            node,
                            value: Value::plain("true"),
                        }],
                    )
                });
            }
        }
    }
}
