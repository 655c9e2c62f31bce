use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF205",
        slug: "kubelet-anonymous-auth",
        title: "Kubelet accepts anonymous requests",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.5",
        rationale: "The kubelet API can list pods, read logs and run commands in containers. With anonymous authentication on, requests without credentials are let through to authorization, one misconfiguration away from running code on the node.",
        remediation: "Set `anonymous-auth: \"false\"` for the kubelet (`authentication.anonymous.enabled: false` in KubeletConfiguration).",
        subject: Subject::Flags(crate::k8s::flags::Component::Kubelet),
        fix_snippet: "authentication:\n  anonymous:\n    enabled: false",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    anonymous-auth: \"true\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: true}\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    anonymous-auth: \"false\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: false}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let message = "The kubelet accepts anonymous requests.";
    super::report_flag(
        ctx,
        sink,
        Component::Kubelet,
        "anonymous-auth",
        true,
        message,
        true,
    );
}
