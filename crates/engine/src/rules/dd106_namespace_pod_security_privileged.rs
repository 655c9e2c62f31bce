use super::dd105_namespace_without_pod_security::ENFORCE;
use crate::check::{Context, Sink};
use crate::fix::{Intent, Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD106",
        slug: "namespace-pod-security-privileged",
        title: "Namespace enforces the privileged Pod Security level",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::High,
        security_severity: "7.2",
        rationale: "Enforcing `privileged` switches Pod Security admission off for the namespace: privileged containers, host namespaces and hostPath mounts are all admitted. It should be reserved for system namespaces whose agents need it, with the reason written down.",
        remediation: "Enforce `restricted` (or at least `baseline`), and move the components that need host access into a dedicated namespace.",
        subject: Subject::Kind("Namespace"),
        fix_snippet: "metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {pod-security.kubernetes.io/enforce: privileged}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {pod-security.kubernetes.io/enforce: baseline}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for ns in ctx.objects_of_kind("Namespace") {
        let Some(level) = tree.path(ns.root, &["metadata", "labels", ENFORCE]) else {
            continue;
        };
        if tree.str(level) == Some("privileged") {
            sink.report(
                level,
                "The namespace enforces the privileged level, which admits any pod.",
            )
            .resource(ns.label())
            .evidence("enforce: privileged")
            .fix(|| {
                Plan::new(
                    "Enforce the baseline level",
                    Safety::Review(
                        "pods that need privileged settings are refused in this namespace",
                    ),
                    vec![Intent::Replace {
                        node: level,
                        value: Value::text("baseline"),
                    }],
                )
            });
        }
    }
}
