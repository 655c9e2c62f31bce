use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF210",
        slug: "weak-tls-ciphers",
        title: "TLS cipher list allows suites without forward secrecy or with weak ciphers",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "4.8",
        rationale: "Suites with RSA key exchange (TLS_RSA_…) give no forward secrecy: one stolen server key decrypts recorded traffic. CBC-mode, 3DES and RC4 suites have practical attacks. Listing them in tls-cipher-suites keeps them available to any client that asks for them.",
        remediation: "List only ECDHE suites with GCM or ChaCha20-Poly1305.",
        subject: Subject::Sum(&[
            Subject::Flags(crate::k8s::flags::Component::ApiServer),
            Subject::Flags(crate::k8s::flags::Component::Kubelet),
        ]),
        fix_snippet: "tls-cipher-suites: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    tls-cipher-suites: \"TLS_RSA_WITH_AES_128_GCM_SHA256\"\n",
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      tls-cipher-suites: \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      tls-cipher-suites: \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305\"\n",
        ],
    },
    check,
};

fn weak(suite: &str) -> bool {
    suite.starts_with("TLS_RSA_") || ["_CBC_", "RC4", "3DES"].iter().any(|w| suite.contains(w))
}

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| matches!(s.component, Component::ApiServer | Component::Kubelet))
    {
        let Some((suites, node)) = set.list("tls-cipher-suites") else {
            continue;
        };
        let bad: Vec<&String> = suites.iter().filter(|s| weak(s)).collect();
        if !bad.is_empty() {
            let names: Vec<&str> = bad.iter().map(|s| s.as_str()).collect();
            sink.report(
                node,
                format!(
                    "{} allows weak TLS suites: {}.",
                    set.component.label(),
                    names.join(", ")
                ),
            );
        }
    }
}
