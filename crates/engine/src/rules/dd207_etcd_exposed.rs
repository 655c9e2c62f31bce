use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD207",
        slug: "etcd-exposed",
        title: "etcd listens on every interface or without client certificates",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity, Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.4",
        rationale: "etcd holds the whole cluster state, Secrets included. Listening on 0.0.0.0 exposes it on every network of the node, and without client certificate authentication anyone who reaches the port can read or rewrite it. Either alone removes a layer; together they hand over the cluster.",
        remediation: "Bind etcd's client URLs to the node's private address and loopback, and keep `client-cert-auth: \"true\"`.",
        subject: Subject::Flags(crate::k8s::flags::Component::Etcd),
        fix_snippet: "etcd:\n  local:\n    extraArgs:\n      listen-client-urls: https://127.0.0.1:2379,https://10.0.0.5:2379\n      client-cert-auth: \"true\"",
        references: &[],
        invalid: examples![
            "clusterConfiguration:\n  etcd:\n    local:\n      extraArgs:\n        client-cert-auth: \"false\"\n",
            "clusterConfiguration:\n  etcd:\n    local:\n      extraArgs:\n        listen-client-urls: \"https://0.0.0.0:2379\"\n",
        ],
        valid: examples![
            "clusterConfiguration:\n  etcd:\n    local:\n      extraArgs:\n        listen-client-urls: \"https://127.0.0.1:2379\"\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::Etcd)
    {
        if let Some(flag) = set.get("listen-client-urls") {
            if flag.value.contains("0.0.0.0") || flag.value.contains("[::]") {
                sink.report(flag.node, "etcd listens for clients on every interface.")
                    .evidence(flag.value.clone());
            }
        }
        if let Some((false, node)) = set.is_true("client-cert-auth") {
            sink.report(node, "etcd accepts clients without a certificate.")
                .evidence("client-cert-auth=false");
        }
    }
}
