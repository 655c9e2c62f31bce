use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF212",
        slug: "certificate-rotation-off",
        title: "Kubelet certificate rotation is turned off",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication, Pillar::Availability],
        severity: Severity::Low,
        security_severity: "3.6",
        rationale: "Rotation renews kubelet client and serving certificates before they expire. Turned off, certificates live for their full, long lifetime (a stolen one stays useful), and nodes drop out of the cluster when they finally expire.",
        remediation: "Keep `rotate-certificates` and the RotateKubeletServerCertificate feature on (the defaults).",
        subject: Subject::FlagSets,
        fix_snippet: "kubeletExtraArgs:\n  rotate-certificates: \"true\"\n  rotate-server-certificates: \"true\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    rotate-certificates: \"false\"\n",
            "kubeadmconfig:\n  controllerManager:\n    extraArgs:\n      feature-gates: \"RotateKubeletServerCertificate=false\"\n",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nrotateCertificates: false\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  kubeletExtraArgs:\n    rotate-certificates: \"true\"\n",
            "kubeadmconfig:\n  controllerManager:\n    extraArgs:\n      feature-gates: \"RotateKubeletServerCertificate=true\"\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in &ctx.flag_sets {
        if set.component == Component::Kubelet {
            if let Some((false, node)) = set.is_true("rotate-certificates") {
                sink.report(node, "The kubelet does not rotate its client certificate.")
                    .evidence("rotate-certificates=false")
                    .fix(|| set_flag(ctx, set, "rotate-certificates", "true", Safety::Safe));
            }
        }
        if let Some(gates) = set.get("feature-gates") {
            if gates
                .value
                .replace(' ', "")
                .contains("RotateKubeletServerCertificate=false")
            {
                sink.report(
                    gates.node,
                    "Kubelet serving-certificate rotation is switched off by a feature gate.",
                )
                .evidence("RotateKubeletServerCertificate=false");
            }
        }
    }
}
