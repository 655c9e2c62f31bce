use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::{Component, Flavor};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF203",
        slug: "profiling-enabled",
        title: "Control-plane component serves profiling data",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Confidentiality, Pillar::Availability],
        severity: Severity::Low,
        security_severity: "2.7",
        rationale: "The profiling endpoint exposes detailed runtime data and lets a caller trigger expensive profiles. It is on unless turned off, and it helps an attacker more than an operator in production.",
        remediation: "Set `profiling: \"false\"` for the API server, controller manager and scheduler.",
        subject: Subject::Sum(&[
            Subject::Flags(crate::k8s::flags::Component::ApiServer),
            Subject::Flags(crate::k8s::flags::Component::ControllerManager),
            Subject::Flags(crate::k8s::flags::Component::Scheduler),
        ]),
        fix_snippet: "apiServer:\n  extraArgs:\n    profiling: \"false\"\nscheduler:\n  extraArgs:\n    profiling: \"false\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  controllerManager: {extraArgs: {profiling: \"false\"}}\n  scheduler: {extraArgs: {profiling: \"false\"}}\n  apiServer:\n    extraArgs:\n      profiling: \"true\"\n",
            "kubeadmconfig:\n  apiServer: {extraArgs: {profiling: \"false\"}}\n  controllerManager: {extraArgs: {profiling: \"false\"}}\n  scheduler:\n    extraArgs:\n      profiling: \"true\"\n",
            "kubeadmconfig:\n  apiServer: {extraArgs: {profiling: \"false\"}}\n  scheduler: {extraArgs: {profiling: \"false\"}}\n  controllerManager:\n    extraArgs:\n      bind-address: 127.0.0.1\n",
            // kubeadm runs the scheduler with its defaults when it is given no arguments.
            "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer: {extraArgs: {profiling: \"false\"}}\ncontrollerManager:\n  extraArgs:\n    profiling: \"false\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer: {extraArgs: {profiling: \"false\"}}\n  controllerManager: {extraArgs: {profiling: \"false\"}}\n  scheduler:\n    extraArgs:\n      profiling: \"false\"\n",
            "kube-scheduler-arg:\n  - bind-address=127.0.0.1\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let components = [
        Component::ApiServer,
        Component::ControllerManager,
        Component::Scheduler,
    ];
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| components.contains(&s.component))
    {
        let name = set.component.label();
        match set.is_true("profiling") {
            Some((true, node)) => {
                sink.report(
                    node,
                    format!("{name} serves profiling data (profiling is true)."),
                )
                .evidence("profiling=true")
                .fix(|| set_flag(ctx, set, "profiling", "false", Safety::Safe));
            }
            Some((false, _)) => {}
            None if set.flavor == Flavor::Kubeadm => {
                sink.report(
                    set.anchor,
                    format!(
                        "{name} arguments do not set profiling to false, and the default is true."
                    ),
                )
                .fix(|| set_flag(ctx, set, "profiling", "false", Safety::Safe));
            }
            None => {}
        }
    }
}
