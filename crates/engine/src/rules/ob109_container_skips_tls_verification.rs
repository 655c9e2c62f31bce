use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB109",
        slug: "container-skips-tls-verification",
        title: "Container is told not to verify TLS certificates",
        principle: Principle::NotObscurity,
        pillars: &[
            Pillar::Integrity,
            Pillar::Authentication,
            Pillar::Confidentiality,
        ],
        severity: Severity::Medium,
        security_severity: "5.9",
        rationale: "Flags such as `--kubelet-insecure-tls` (metrics-server) or \
            `--insecure-skip-tls-verify` keep the encryption and drop the check of who is at \
            the other end: anything that can answer at that address, a spoofed kubelet or API \
            endpoint, is trusted with the program's requests and answers it with data the \
            program believes.",
        remediation: "Give the program the CA that signs its peer's certificate (metrics-server: \
            `--kubelet-certificate-authority`, or kubelet serving certificates signed by the \
            cluster CA) and remove the flag.",
        subject: Subject::Containers,
        fix_snippet: "args:\n  - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
        references: &[],
        invalid: examples![
            r"apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system}
spec:
  template:
    spec:
      containers:
        - name: metrics-server
          image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
          args:
            - --secure-port=10250
            - --kubelet-insecure-tls
",
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: sync
      image: sync:1.0
      command: [sync, --insecure-skip-tls-verify=true, --server=https://api.example.com]
",
        ],
        valid: examples![
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: sync
      image: sync:1.0
      args: [--insecure-skip-tls-verify=false, --kubelet-certificate-authority=/ca.crt]
",
        ],
    },
    check,
};

/// Flags that turn certificate verification off, as programs in clusters spell them.
const FLAGS: [&str; 5] = [
    "kubelet-insecure-tls",
    "insecure-skip-tls-verify",
    "insecure-skip-verify",
    "tls-skip-verify",
    "skip-tls-verify",
];

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        let words = ["command", "args"]
            .into_iter()
            .filter_map(|key| tree.get(container.node, key))
            .flat_map(|list| tree.items(list).iter().copied());
        for word in words {
            let Some(text) = tree.str(word) else {
                continue;
            };
            let flag = text.trim_start_matches('-');
            if flag.len() == text.len() {
                continue;
            }
            let (name, value) = flag.split_once('=').unwrap_or((flag, "true"));
            if !FLAGS.contains(&name) {
                continue;
            }
            // `--flag=false` keeps verification on.
            if !matches!(value.to_ascii_lowercase().as_str(), "true" | "1" | "yes") {
                continue;
            }
            sink.report(
                word,
                format!(
                    "Container \"{}\" runs with --{name}: it does not verify the certificates of \
                     the servers it talks to.",
                    container.name
                ),
            )
            .resource(obj.label())
            .container(&container.name)
            .evidence(format!("--{name}"));
        }
    }
}
