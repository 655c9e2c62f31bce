use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP115",
        slug: "host-probes",
        title: "Probe or lifecycle hook is sent to another host",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.5",
        rationale: "The kubelet runs HTTP and TCP probes and lifecycle hooks from the node, with the node's network position. A `host` on one of them makes the kubelet connect wherever the pod author says: services bound to the node's loopback, cloud metadata endpoints, or other internal addresses a pod could never reach itself. Least Privilege keeps a workload's health checks pointed at the workload.",
        remediation: "Remove `host` from the probe or hook so the kubelet targets the pod's own IP; expose anything else the check needs through the pod.",
        subject: Subject::Containers,
        fix_snippet: "livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      livenessProbe: {httpGet: {host: 169.254.169.254, path: /, port: 80}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      image: app:1.0\n      lifecycle: {preStop: {tcpSocket: {host: localhost, port: 10250}}}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n      readinessProbe: {tcpSocket: {host: \"\", port: 8080}}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::HostProbes);
}
