use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH101",
        slug: "secret-in-env",
        title: "Secret written as a literal environment variable",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality, Pillar::Authentication],
        severity: Severity::High,
        security_severity: "8.2",
        rationale: "A credential written into the manifest is stored in Git, in the cluster's etcd in plain text, in every copy of the YAML and in `kubectl describe` output. It cannot be rotated without a code change and anyone who can read the Deployment can read it. Secrets belong in a secret store, referenced by name.",
        remediation: "Move the value into a Secret (or an external secret manager) and reference it with `valueFrom.secretKeyRef`, or better, mount it as a file.",
        subject: Subject::Containers,
        fix_snippet: "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: UPSTREAM_AUTH, value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: DB_PASSWORD, value: hunter2hunter2}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: CONFIG, value: \"token=ghp_1234567890abcdefghijABCDEFGHIJ123456\"}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: BUILD_SHA, value: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      env: [{name: LOG_LEVEL, value: debug}, {name: PASSWORD_FILE, value: /run/secrets/db}]\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        let Some(env) = tree.get(container.node, "env") else {
            continue;
        };
        for var in tree.items(env) {
            let name = tree.get_str(*var, "name").unwrap_or("");
            let Some(value_node) = tree.get(*var, "value") else {
                continue;
            };
            let Some(value) = tree.str(value_node) else {
                continue;
            };
            if let Some(why) = verdict(name, value) {
                sink.report(value_node, format!("Environment variable {name} of container \"{}\" holds {why} in plain text.", container.name))
                    .resource(obj.label())
                    .container(&container.name)
                    .evidence(secrets::mask(value));
            }
        }
    }
}

/// Why a name/value pair looks like a literal secret, if it does.
pub(crate) fn verdict(name: &str, value: &str) -> Option<&'static str> {
    if let Some(kind) = secrets::detect(value) {
        return Some(kind.label());
    }
    if secrets::is_placeholder(value) {
        return None;
    }
    let file_path = value.starts_with('/') && !value.contains(' ');
    let secret_name = secrets::name_looks_secret(name);
    if secret_name && value.trim().len() >= 4 && !file_path {
        return Some("a password-like value");
    }
    // A random-looking string is a credential more often than not; a bare hex string is more
    // often a checksum, so it counts only under a secret-sounding name (handled above).
    let hex = value.trim().bytes().all(|b| b.is_ascii_hexdigit());
    if secrets::looks_random(value) && !hex {
        return Some(secrets::SecretKind::HighEntropy.label());
    }
    None
}
