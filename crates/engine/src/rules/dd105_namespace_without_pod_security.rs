use crate::check::{Context, Sink};
use crate::fix::{Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD105",
        slug: "namespace-without-pod-security",
        title: "Namespace does not enforce a Pod Security level",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "5.1",
        rationale: "Pod Security admission checks every pod against the baseline or restricted standard before it runs, independently of how each manifest was reviewed. A namespace without the enforce label relies on the cluster-wide default, which is often privileged.",
        remediation: "Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or baseline), with a pinned version.",
        subject: Subject::Kind("Namespace"),
        fix_snippet: "metadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: latest",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {pod-security.kubernetes.io/warn: restricted}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {pod-security.kubernetes.io/enforce: restricted}\n",
        ],
    },
    check,
};

pub(crate) const ENFORCE: &str = "pod-security.kubernetes.io/enforce";

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for ns in ctx.objects_of_kind("Namespace") {
        if tree
            .path(ns.root, &["metadata", "labels", ENFORCE])
            .is_none()
        {
            // The key of the mapping that should hold the label: `labels:`, else `metadata:`.
            let metadata = tree.entry(ns.root, "metadata");
            let at = metadata
                .and_then(|m| tree.entry(m.value, "labels"))
                .or(metadata)
                .map_or(ns.kind_node, |e| e.key);
            sink.report(
                at,
                "The namespace has no pod-security.kubernetes.io/enforce label.",
            )
            .resource(ns.label())
            .fix(|| Plan::set("Label the namespace to enforce the restricted level", Safety::Review("pods that do not meet the restricted level are refused in this namespace from now on"), ns.root, &["metadata", "labels"], Value::Map(vec![(ENFORCE.to_string(), Value::text("restricted")), (format!("{ENFORCE}-version"), Value::text("latest"))])));
        }
    }
}
