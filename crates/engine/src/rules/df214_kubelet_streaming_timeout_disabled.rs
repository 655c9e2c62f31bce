use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF214",
        slug: "kubelet-streaming-timeout-disabled",
        title: "Kubelet streaming connections never time out",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Availability],
        severity: Severity::Low,
        security_severity: "2.4",
        rationale: "exec, attach and port-forward sessions hold a connection through the kubelet. A timeout of 0 keeps idle ones open forever, piling up resources and leaving forgotten sessions usable.",
        remediation: "Set `streaming-connection-idle-timeout` to a finite value such as 5m (the default is 4h).",
        subject: Subject::Flags(crate::k8s::flags::Component::Kubelet),
        fix_snippet: "kubeletExtraArgs:\n  streaming-connection-idle-timeout: 5m",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    streaming-connection-idle-timeout: \"0\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nstreamingConnectionIdleTimeout: 0s\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    streaming-connection-idle-timeout: 5m\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nstreamingConnectionIdleTimeout: 4h0m0s\n",
        ],
    },
    check,
};

/// A Go duration of zero: "0", "0s", "0m0s", ...
fn is_zero(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && v.chars().all(|c| c == '0' || c.is_ascii_alphabetic()) && v.contains('0')
}

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::Kubelet)
    {
        if let Some(flag) = set
            .get("streaming-connection-idle-timeout")
            .filter(|f| is_zero(&f.value))
        {
            sink.report(flag.node, "Idle streaming connections never time out.")
                .evidence("streaming-connection-idle-timeout=0")
            .fix(|| set_flag(ctx, set, "streaming-connection-idle-timeout", "5m", Safety::Review("idle kubectl exec, attach and port-forward sessions are closed after five minutes")));
        }
    }
}
