use super::sh101_secret_in_env::verdict;
use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH103",
        slug: "secret-in-configmap",
        title: "ConfigMap holds secret material",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.9",
        rationale: "ConfigMaps are meant to be read: they are not encrypted at rest, many roles may list them, and tools print them freely. A key, token or password inside one is exposed to everyone who can see configuration.",
        remediation: "Move the value into a Secret (or a secret manager) and reference it from the workload.",
        subject: Subject::Kind("ConfigMap"),
        fix_snippet: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\ntype: Opaque\n# created by your secret manager, not committed",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\ndata:\n  settings.ini: |\n    [db]\n    password = hunter2hunter2\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\ndata:\n  key.pem: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQIBADANBg\n    -----END PRIVATE KEY-----\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\ndata:\n  settings.ini: |\n    [db]\n    host = db.shop.svc\n    password_file = /run/secrets/db\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for cm in ctx.objects_of_kind("ConfigMap") {
        let Some(data) = tree.get(cm.root, "data") else {
            continue;
        };
        for entry in tree.entries(data) {
            let key = tree.str(entry.key).unwrap_or("");
            let Some(value) = tree.str(entry.value) else {
                continue;
            };
            if let Some(why) = scan(key, value) {
                sink.report(entry.value, format!("ConfigMap key {key} holds {why}."))
                    .resource(cm.label())
                    .evidence(secrets::mask(value));
            }
        }
    }
}

/// Looks at a whole value, then at each `name = value` or `name: value` line inside it.
pub(crate) fn scan(key: &str, value: &str) -> Option<&'static str> {
    if let Some(why) = verdict(key, value) {
        return Some(why);
    }
    for line in value.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let Some((name, v)) = line.split_once('=').or_else(|| line.split_once(": ")) else {
            continue;
        };
        let v = v.trim().trim_matches(['"', '\'']);
        if let Some(why) = verdict(name.trim(), v) {
            return Some(why);
        }
    }
    None
}
