use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP305",
        slug: "controller-manager-shared-credentials",
        title: "Controllers share the controller manager's credentials",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "5.5",
        rationale: "With use-service-account-credentials off, every controller acts with the controller manager's own broad identity instead of a service account with only its controller's rights. A flaw in one controller then carries the power of all.",
        remediation: "Keep `use-service-account-credentials: \"true\"` (kubeadm's default).",
        subject: Subject::Flags(crate::k8s::flags::Component::ControllerManager),
        fix_snippet: "controllerManager:\n  extraArgs:\n    use-service-account-credentials: \"true\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  controllerManager:\n    extraArgs:\n      use-service-account-credentials: \"false\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  controllerManager:\n    extraArgs:\n      use-service-account-credentials: \"true\"\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let message = "Controllers run with the controller manager's own credentials.";
    super::report_flag(
        ctx,
        sink,
        Component::ControllerManager,
        "use-service-account-credentials",
        false,
        message,
        false,
    );
}
