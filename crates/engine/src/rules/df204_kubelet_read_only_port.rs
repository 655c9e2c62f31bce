use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF204",
        slug: "kubelet-read-only-port",
        title: "Kubelet serves its unauthenticated read-only port",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Confidentiality, Pillar::Authentication],
        severity: Severity::Medium,
        security_severity: "5.3",
        rationale: "The kubelet's read-only port (10255) answers without any authentication, listing every pod on the node with its spec and environment. Port 0 turns it off.",
        remediation: "Set `read-only-port: \"0\"` in the kubelet arguments (or `readOnlyPort: 0` in KubeletConfiguration).",
        subject: Subject::Flags(crate::k8s::flags::Component::Kubelet),
        fix_snippet: "kubeletExtraArgs:\n  read-only-port: \"0\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    read-only-port: \"10255\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    read-only-port: \"0\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::Kubelet)
    {
        if let Some(flag) = set.get("read-only-port") {
            if flag.value.trim() != "0" {
                sink.report(
                    flag.node,
                    format!(
                        "The kubelet serves its read-only port {} without authentication.",
                        flag.value.trim()
                    ),
                )
                .evidence(format!("read-only-port={}", flag.value.trim()))
            .fix(|| set_flag(ctx, set, "read-only-port", "0", Safety::Review("monitoring that scrapes the unauthenticated port (old Heapster or metrics setups) stops working")));
            }
        }
    }
}
