use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_int;

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
        references: &[
            "Pod Security Standards (baseline): Host Ports",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{containerPort: 8080, hostPort: 80}]\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{containerPort: 8080}]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      ports: [{containerPort: 8080, hostPort: 0}]\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        let Some(ports) = tree.get(container.node, "ports") else { continue };
        for port in tree.items(ports) {
            let Some(host) = tree.get(*port, "hostPort") else { continue };
            if k8s_int(tree, host).is_some_and(|p| p != 0) {
                let p = tree.str(host).unwrap_or("");
                sink.report(host, format!("Container \"{}\" binds port {p} on the node.", container.name))
                    .resource(obj.label())
                    .container(&container.name)
                    .evidence(format!("hostPort: {p}"));
            }
        }
    }
}
