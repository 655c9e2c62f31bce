use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF213",
        slug: "kubelet-kernel-defaults-unprotected",
        title: "Kubelet does not protect kernel defaults",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "2.9",
        rationale: "With protect-kernel-defaults, the kubelet refuses to start when kernel settings differ from what it expects, instead of silently changing them. The node's hardening then stays what the image set, and drift shows up as an error.",
        remediation: "Set `protect-kernel-defaults: \"true\"` (`protectKernelDefaults: true`) and ship the matching sysctls with the node image.",
        subject: Subject::Flags(crate::k8s::flags::Component::Kubelet),
        fix_snippet: "kubeletExtraArgs:\n  protect-kernel-defaults: \"true\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    read-only-port: \"0\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: false\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    protect-kernel-defaults: \"true\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: true\n",
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
        match set.is_true("protect-kernel-defaults") {
            Some((true, _)) => {}
            Some((false, node)) => {
                sink.report(node, "The kubelet does not protect kernel defaults.")
                    .evidence("protect-kernel-defaults=false")
            .fix(|| set_flag(ctx, set, "protect-kernel-defaults", "true", Safety::Review("the kubelet refuses to start when the node's kernel settings differ from what it expects; tune them first")));
            }
            None => {
                let setting = set.spelling("protect-kernel-defaults");
                sink.report(set.anchor, format!("The kubelet does not protect kernel defaults ({setting} is not set to true)."))
            .fix(|| set_flag(ctx, set, "protect-kernel-defaults", "true", Safety::Review("the kubelet refuses to start when the node's kernel settings differ from what it expects; tune them first")));
            }
        }
    }
}
