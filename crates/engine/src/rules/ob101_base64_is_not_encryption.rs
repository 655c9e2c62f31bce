use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB101",
        slug: "base64-is-not-encryption",
        title: "Secret data is only base64-encoded",
        principle: Principle::NotObscurity,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::Medium,
        security_severity: "4.7",
        rationale: "The data field of a Secret looks scrambled, but base64 is an encoding anyone can reverse with one command; it hides nothing. Treating it as protection is relying on obscurity. Protection comes from keeping the values out of the file and encrypting Secrets at rest in the cluster.",
        remediation: "Keep the values out of the manifest (see SH102) and make sure the API server encrypts Secrets at rest.",
        subject: Subject::Kind("Secret"),
        fix_snippet: "# decode to see: echo 'czNjcjN0' | base64 -d\n# keep values out of manifests; enable encryption at rest",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: shop}\ndata:\n  password: czNjcjN0LXZhbHVl\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Secret\nmetadata: {name: settings, namespace: shop}\ndata:\n  config.ini: ZGVmYXVsdF90aW1lem9uZSA9IFVUQw==\n",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: shop}\nstringData:\n  password: s3cr3t\n",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: shop}\ntype: Opaque\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for secret in ctx.objects_of_kind("Secret") {
        let Some(entry) = tree.entry(secret.root, "data") else {
            continue;
        };
        let any_value = tree
            .entries(entry.value)
            .iter()
            .any(|e| secrets::secret_entry_holds_secret(tree, *e, true));
        if any_value {
            sink.report(
                entry.key,
                "The Secret's data is base64-encoded, which anyone can decode.",
            )
            .resource(secret.label());
        }
    }
}
