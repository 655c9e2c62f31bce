use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::{k8s_bool, k8s_int};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP112",
        slug: "run-as-non-root",
        title: "Container may run as root",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "5.9",
        rationale: "Without runAsNonRoot: true (or a non-zero runAsUser), the container runs as whatever user the image chose, which is root for most images. Root inside a container is one kernel bug or one misconfigured mount away from root on the node.",
        remediation: "Set `runAsNonRoot: true` at pod or container level, and give the image a non-root user (or set `runAsUser` to a non-zero UID).",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001",
        references: &[
            "CIS Kubernetes Benchmark 5.2.7",
            "Pod Security Standards (restricted): Running as Non-root",
            "NSA/CISA Kubernetes Hardening Guide: non-root containers",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsNonRoot: false}\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsNonRoot: true}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsUser: 1000}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        let non_root = pod.security_field(tree, container, "runAsNonRoot");
        if non_root.and_then(|(n, _)| k8s_bool(tree, n)).is_some_and(|(b, _)| b) {
            continue;
        }
        // A non-zero UID cannot be root, whatever runAsNonRoot says. UID 0 is LP113's.
        let uid = pod.security_field(tree, container, "runAsUser").and_then(|(n, _)| k8s_int(tree, n));
        if uid.is_some() {
            continue;
        }
        let at = non_root.map_or(container.node, |(n, _)| n);
        sink.report(at, format!("Container \"{}\" may run as root: runAsNonRoot is not true.", container.name))
            .resource(obj.label())
            .container(&container.name);
    }
}
