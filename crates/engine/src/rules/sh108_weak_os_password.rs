use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH108",
        slug: "weak-os-password",
        title: "Operating-system user has a default or weak password",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Authentication],
        severity: Severity::High,
        security_severity: "8.0",
        rationale: "Default passwords such as kairos or spectro are published in documentation, and short ones fall to guessing in minutes. On an edge device or VM reachable over the network, that is a login for anyone; with sudo, it is the whole machine.",
        remediation: "Use SSH keys, lock password login, or set a long random password (hashed) provided at install time.",
        subject: Subject::DocKind(crate::document::DocKind::CloudConfig),
        fix_snippet: "stages:\n  initramfs:\n    - users:\n        kairos:\n          ssh_authorized_keys: [\"ssh-ed25519 AAAA... ops\"]\n          lock_passwd: true",
        references: &[],
        invalid: examples![
            "#cloud-config\nstages:\n  initramfs:\n    - users:\n        kairos: {passwd: kairos, groups: [sudo]}\n",
            "#cloud-config\npassword: spectro\nssh_pwauth: false\n",
        ],
        valid: examples![
            "#cloud-config\nstages:\n  initramfs:\n    - users:\n        kairos: {passwd: \"$6$rounds=4096$J5Ed3kaxZr$WkNRlkAs0TLOxSmfX0f9cm5X1\", groups: [sudo]}\n",
        ],
    },
    check,
};

/// Passwords that ship in documentation, images and tutorials.
const DEFAULTS: &[&str] = &[
    "kairos", "spectro", "password", "passw0rd", "changeme", "admin", "ubuntu", "root", "toor",
    "123456", "12345678", "qwerty", "letmein", "welcome", "secret",
];

fn weak(password: &str) -> Option<&'static str> {
    // A crypt(3) hash is not a plain-text password.
    if password.starts_with('$') {
        return None;
    }
    if DEFAULTS.contains(&password.to_ascii_lowercase().as_str()) {
        return Some("a well-known default");
    }
    if password.chars().count() < 12 {
        return Some("short");
    }
    None
}

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::CloudConfig)
    {
        let mut candidates = Vec::new();
        // cloud-init's top-level `password:` (the default user's).
        if let Some(p) = tree.get(doc.root, "password") {
            candidates.push(("the default user".to_string(), p));
        }
        // Kairos stages: stages.<stage>[].users.<name>.passwd
        if let Some(stages) = tree.get(doc.root, "stages") {
            for stage in tree.entries(stages) {
                for step in tree.items(stage.value) {
                    let Some(users) = tree.get(*step, "users") else {
                        continue;
                    };
                    for user in tree.entries(users) {
                        if let Some(p) = tree.get(user.value, "passwd") {
                            candidates
                                .push((format!("user {}", tree.str(user.key).unwrap_or("?")), p));
                        }
                    }
                }
            }
        }
        // cloud-init `users: [{name, passwd|plain_text_passwd}]`
        if let Some(users) = tree.get(doc.root, "users") {
            for user in tree.items(users) {
                for key in ["plain_text_passwd", "passwd"] {
                    if let Some(p) = tree.get(*user, key) {
                        candidates.push((
                            format!("user {}", tree.get_str(*user, "name").unwrap_or("?")),
                            p,
                        ));
                    }
                }
            }
        }
        for (who, node) in candidates {
            let Some(password) = tree.str(node) else {
                continue;
            };
            if secrets::is_placeholder(password) {
                continue;
            }
            if let Some(why) = weak(password) {
                sink.report(node, format!("The password of {who} is {why}."))
                    .evidence(secrets::mask(password));
            }
        }
    }
}
