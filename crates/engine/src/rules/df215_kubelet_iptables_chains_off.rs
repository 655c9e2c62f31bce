use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF215",
        slug: "kubelet-iptables-chains-off",
        title: "Kubelet does not manage its iptables chains",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "2.3",
        rationale: "The kubelet keeps the iptables rules that pod networking relies on in line with the node's settings. With make-iptables-util-chains off, those rules are left to whatever else edits iptables, and mismatches open or break traffic paths silently.",
        remediation: "Keep `make-iptables-util-chains: \"true\"` (the default).",
        subject: Subject::Flags(crate::k8s::flags::Component::Kubelet),
        fix_snippet: "kubeletExtraArgs:\n  make-iptables-util-chains: \"true\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    make-iptables-util-chains: \"false\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmakeIPTablesUtilChains: false\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    make-iptables-util-chains: \"true\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmakeIPTablesUtilChains: true\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let message = "The kubelet does not manage its iptables chains.";
    super::report_flag(
        ctx,
        sink,
        Component::Kubelet,
        "make-iptables-util-chains",
        false,
        message,
        true,
    );
}
