use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP112",
        slug: "run-as-non-root",
        title: "Container may run as root",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "5.9",
        rationale: "Without runAsNonRoot: true the kubelet does not check the user a container starts as, and that is whatever the image chose: root for most images. Root inside a container is one kernel bug or one misconfigured mount away from root on the node. A non-zero runAsUser alone does not count, since the restricted standard asks for the explicit guarantee; an explicit false anywhere, pod or container, fails it. Pods in their own user namespace (`hostUsers: false`) are exempt from policy v1.35.",
        remediation: "Set `runAsNonRoot: true` at pod level (or on every container, init and ephemeral ones included), remove any `runAsNonRoot: false`, and give the image a non-root user.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsNonRoot: false}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsUser: 1000}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsNonRoot: true}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n    - name: app\n      image: app:1.0\n",
            // A pod in a user namespace is exempt (v1.35+).
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::RunAsNonRoot);
}
