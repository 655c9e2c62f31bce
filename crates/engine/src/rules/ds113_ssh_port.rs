use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS113",
        slug: "ssh-port",
        title: "Container exposes SSH (port 22)",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Authentication, Pillar::Integrity, Pillar::Auditing],
        severity: Severity::Medium,
        security_severity: "5.5",
        rationale: "An SSH server inside a container is a second way in that bypasses the API \
            server: its logins are not authenticated by the cluster, not authorised by RBAC and \
            not in the audit log, and its keys or passwords live in the image. `kubectl exec` \
            and `kubectl debug` give the same access through the cluster's own controls.",
        remediation: "Remove the SSH server and port 22; use `kubectl exec` or an ephemeral \
            debug container when someone needs a shell.",
        subject: Subject::Containers,
        fix_snippet: "ports:\n  - name: http\n    containerPort: 8080",
        references: &[],
        invalid: examples![
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1.0
      ports:
        - containerPort: 8080
        - name: ssh
          containerPort: 22
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
      ports: [{containerPort: 2222, name: git}, {containerPort: 8022}]
"
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, obj, container) in ctx.containers() {
        for (node, number) in container.ports(ctx.tree) {
            if number == Some(22) {
                sink.report(
                    node,
                    format!("Container \"{}\" exposes port 22 (SSH).", container.name),
                )
                .resource(obj.label())
                .container(&container.name)
                .evidence("containerPort: 22");
            }
        }
    }
}
