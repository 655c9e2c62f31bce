use crate::check::{Context, Sink};
use crate::k8s::pod::Origin;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_int;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP116",
        slug: "run-as-root-group",
        title: "Container runs with the root group (GID 0)",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::Low,
        security_severity: "3.5",
        rationale: "`runAsGroup: 0` gives the process the root group. Many files on an image and \
            on mounted host paths are group-writable for root, so a non-root user in group 0 \
            can still change what it should only read. Pod Security does not look at groups, \
            so this slips past the restricted level.",
        remediation: "Set `runAsGroup` to a non-zero GID the image supports (and `fsGroup` for \
            volumes that need a shared group).",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001",
        references: &[],
        invalid: examples![
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1.0
      securityContext: {runAsUser: 1000, runAsGroup: 0}
",
            // The pod-level group reaches every container that does not set its own.
            r"apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      securityContext:
        runAsGroup: 0
      containers:
        - name: app
          image: app:1.0
",
        ],
        valid: examples![
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsGroup: 0}
  containers:
    - name: app
      image: app:1.0
      securityContext: {runAsGroup: 2000}
",
            // Not set: the image decides, which this rule cannot see.
            r"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1.0
",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        let Some((node, origin)) = pod.security_field(tree, container, "runAsGroup") else {
            continue;
        };
        if k8s_int(tree, node) != Some(0) {
            continue;
        }
        let from = match origin {
            Origin::Container => "",
            Origin::Pod => " (set for the whole pod)",
        };
        sink.report(
            node,
            format!(
                "Container \"{}\" runs with group 0, root's group{from}.",
                container.name
            ),
        )
        .resource(obj.label())
        .container(&container.name)
        .evidence("runAsGroup: 0");
    }
}
