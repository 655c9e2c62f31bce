use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP302",
        slug: "kubelet-authorization-always-allow",
        title: "Kubelet authorizes every request (AlwaysAllow)",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization],
        severity: Severity::Critical,
        security_severity: "9.1",
        rationale: "With authorization mode AlwaysAllow, anyone who reaches the kubelet port can exec into any container on the node. Webhook mode asks the API server, so RBAC decides.",
        remediation: "Set the kubelet's `authorization-mode` to `Webhook` (`authorization.mode: Webhook`).",
        subject: Subject::Flags(crate::k8s::flags::Component::Kubelet),
        fix_snippet: "authorization:\n  mode: Webhook",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    authorization-mode: AlwaysAllow\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization: {mode: AlwaysAllow}\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    authorization-mode: Webhook\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization: {mode: Webhook}\n",
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
        if let Some(flag) = set.get("authorization-mode") {
            if flag.value.trim() == "AlwaysAllow" {
                sink.report(flag.node, "The kubelet authorizes every request.")
                    .evidence("authorization-mode=AlwaysAllow")
            .fix(|| set_flag(ctx, set, "authorization-mode", "Webhook", Safety::Review("the API server must be allowed to call the kubelet (kubelet-api-admin rights), or logs and exec stop working")));
            }
        }
    }
}
