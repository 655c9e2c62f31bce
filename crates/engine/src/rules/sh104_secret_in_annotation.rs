use super::sh101_secret_in_env::verdict;
use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH104",
        slug: "secret-in-annotation",
        title: "Annotation holds secret material",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.5",
        rationale: "Annotations are metadata: every client that can get the object sees them, they are copied by tools, and kubectl's last-applied annotation repeats whole manifests. A credential stored there is exposed well beyond the workload that uses it.",
        remediation: "Remove the value from the annotation and keep it in a Secret or secret manager.",
        subject: Subject::Objects,
        fix_snippet: "metadata:\n  annotations:\n    example.com/api-key-secret: app-api-key   # the name of a Secret, not its value",
        references: &[
        ],
        invalid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, annotations: {ci.example.com/token: ghp_1234567890abcdefghijABCDEFGHIJ123456}}\nspec: {}\n",
        ],
        valid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, annotations: {owner: team-shop}}\nspec: {}\n",
            // Names the Secret a CA is read from, not its value.
            "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: w, annotations: {cert-manager.io/inject-ca-from-secret: certs/webhook-ca}}\nwebhooks: []\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in &ctx.objects {
        let Some(annotations) = tree.path(obj.root, &["metadata", "annotations"]) else {
            continue;
        };
        for entry in tree.entries(annotations) {
            let key = tree.str(entry.key).unwrap_or("");
            let Some(value) = tree.str(entry.value) else {
                continue;
            };
            // Suppression reasons are prose, not secrets.
            if key == crate::suppress::ANNOTATION {
                continue;
            }
            if let Some(why) = verdict(key.rsplit('/').next().unwrap_or(key), value) {
                sink.report(entry.value, format!("Annotation {key} holds {why}."))
                    .resource(obj.label())
                    .evidence(secrets::mask(value));
            }
        }
    }
}
