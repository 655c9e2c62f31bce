use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP108",
        slug: "host-port",
        title: "Container binds a port on the node (hostPort)",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Confidentiality, Pillar::Availability],
        severity: Severity::Medium,
        security_severity: "5.3",
        rationale: "A hostPort opens the port on the node's own address, bypassing Services and most NetworkPolicy implementations, and limits where the pod can be scheduled. It exposes the workload on every network the node sits on.",
        remediation: "Remove `hostPort` and expose the container through a Service.",
        subject: Subject::Containers,
        fix_snippet: "ports:\n  - containerPort: 8080\n    name: http",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{containerPort: 8080, hostPort: 80}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{containerPort: 8080}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{containerPort: 8080, hostPort: 0}]\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::HostPorts);
}
