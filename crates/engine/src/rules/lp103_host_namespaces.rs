use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP103",
        slug: "host-namespaces",
        title: "Pod shares the host's network, PID or IPC namespace",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::High,
        security_severity: "8.1",
        rationale: "Sharing a host namespace removes a wall between the pod and the node. With \
            the host network the pod can bind node ports and reach services listening on \
            localhost, such as the kubelet; with the host PID namespace it can see and signal \
            every process on the node; with host IPC it can read shared memory of other \
            workloads. A workload should only reach what its job needs.",
        remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC`, or set them to false. Expose \
            ports through a Service instead of the node's network.",
        subject: Subject::Pods,
        fix_snippet: "spec:\n  hostNetwork: false\n  hostPID: false\n  hostIPC: false",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: true\n  containers: [{name: a, image: a:1.0}]\n",
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: a, image: agent:1.0}]\n",
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostPID: on\n          containers: [{name: a}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  containers: [{name: a}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::HostNamespaces);
}
