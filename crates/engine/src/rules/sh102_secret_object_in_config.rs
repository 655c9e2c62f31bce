use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH102",
        slug: "secret-object-in-config",
        title: "Secret values are committed with the configuration",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::Medium,
        security_severity: "6.1",
        rationale: "A Secret manifest with data or stringData carries the credential itself. Wherever the config goes (Git, CI logs, a pasted review) the secret goes too, readable by anyone who can read the file. Keep Secrets out of configuration and let a secret manager or sealed/encrypted workflow create them.",
        remediation: "Remove the values from the manifest; create the Secret from a secret manager (External Secrets, Sealed Secrets, SOPS, Vault) at deploy time.",
        subject: Subject::Kind("Secret"),
        fix_snippet: "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n  target:\n    name: db",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: shop}\nstringData:\n  password: s3cr3t-value\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Secret\nmetadata: {name: settings, namespace: shop}\nstringData:\n  config.ini: |\n    default_timezone = UTC\n    log_level = info\n  api-token: \"${API_TOKEN}\"\n  password: aUAxxxxxxxxx0ChYCrO\n",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: shop}\ntype: Opaque\n",
            "apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: shop}\ndata:\n  password: \"\"\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for secret in ctx.objects_of_kind("Secret") {
        for field in ["stringData", "data"] {
            let Some(map) = tree.get(secret.root, field) else {
                continue;
            };
            let real: Vec<String> = tree
                .entries(map)
                .iter()
                .filter(|e| secrets::secret_entry_holds_secret(tree, **e, field == "data"))
                .filter_map(|e| tree.str(e.key).map(str::to_string))
                .collect();
            if !real.is_empty() {
                let key = tree.entry(secret.root, field).map_or(map, |e| e.key);
                sink.report(
                    key,
                    format!(
                        "The Secret carries {} value(s) in {field}: {}.",
                        real.len(),
                        real.join(", ")
                    ),
                )
                .resource(secret.label());
                break;
            }
        }
    }
}
