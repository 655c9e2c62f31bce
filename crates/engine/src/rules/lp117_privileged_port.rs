use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP117",
        slug: "privileged-port",
        title: "Container listens on a port below 1024",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization],
        severity: Severity::Low,
        security_severity: "2.5",
        rationale: "Ports below 1024 are privileged on Linux: binding one takes root or the \
            NET_BIND_SERVICE capability (unless the node lowers \
            `net.ipv4.ip_unprivileged_port_start`). A workload that listens there is usually \
            one that still runs as root. A Service can publish port 80 while the container \
            listens on 8080 as an ordinary user.",
        remediation: "Listen on a port of 1024 or above and map it in the Service \
            (`port: 80`, `targetPort: 8080`).",
        subject: Subject::Containers,
        fix_snippet: "ports:\n  - name: http\n    containerPort: 8080",
        references: &[],
        invalid: examples![
            r"apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
              name: http
"
        ],
        valid: examples![
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1.0
      ports: [{containerPort: 8080}, {containerPort: 1024}]
",
            // Port 22 has its own rule (DS113); one finding per port.
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1.0
      ports: [{containerPort: 22}]
",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, obj, container) in ctx.containers() {
        for (node, number) in container.ports(ctx.tree) {
            // Port 22 is DS113's: one finding per port.
            let Some(number) = number.filter(|n| (1..1024).contains(n) && *n != 22) else {
                continue;
            };
            sink.report(
                node,
                format!(
                    "Container \"{}\" listens on port {number}, which needs root or \
                     NET_BIND_SERVICE to bind.",
                    container.name
                ),
            )
            .resource(obj.label())
            .container(&container.name)
            .evidence(format!("containerPort: {number}"));
        }
    }
}
