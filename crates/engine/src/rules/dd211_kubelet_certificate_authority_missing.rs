use crate::check::{Context, Sink};
use crate::k8s::flags::{Component, Flavor};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD211",
        slug: "kubelet-certificate-authority-missing",
        title: "API server does not verify kubelet certificates",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Authentication, Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.6",
        rationale: "When the API server connects to a kubelet (logs, exec, port-forward) it sends credentials and receives data. Without kubelet-certificate-authority it does not check who answers, so anyone who can intercept node traffic can impersonate a kubelet.",
        remediation: "Set `kubelet-certificate-authority` to the CA that signs kubelet serving certificates, with serving-certificate rotation on.",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  kubelet-certificate-authority: /etc/kubernetes/pki/ca.crt",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      authorization-mode: Node,RBAC\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      kubelet-certificate-authority: /etc/kubernetes/pki/ca.crt\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::ApiServer && s.flavor == Flavor::Kubeadm)
    {
        if set.get("kubelet-certificate-authority").is_none() {
            sink.report(set.anchor, "The API server arguments set no kubelet-certificate-authority, so kubelet certificates are not verified.");
        }
    }
}
