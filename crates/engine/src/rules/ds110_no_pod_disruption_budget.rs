use crate::check::{Context, Sink};
use crate::document::Object;
use crate::fix::helpers::yaml_text;
use crate::fix::{Intent, Plan, Safety};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::{k8s_int, NodeId};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS110",
        slug: "no-pod-disruption-budget",
        title: "Replicated workload has no PodDisruptionBudget",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Availability],
        severity: Severity::Low,
        security_severity: "2.6",
        rationale: "During node drains and cluster upgrades, Kubernetes evicts pods freely unless a PodDisruptionBudget says how many must stay up. Without one, all replicas of a service can be evicted at once, defeating the point of running several.",
        remediation: "Add a PodDisruptionBudget whose selector matches the workload's pod labels, with `minAvailable` or `maxUnavailable`.",
        subject: Subject::Workloads,
        fix_snippet: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web",
        references: &[
        ],
        invalid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: d, namespace: shop}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: d}}\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in ctx
        .objects
        .iter()
        .filter(|o| o.kind == "Deployment" || o.kind == "StatefulSet")
    {
        let replicas = tree
            .path(obj.root, &["spec", "replicas"])
            .and_then(|r| k8s_int(tree, r))
            .unwrap_or(1);
        // A single replica is DS109's finding; a budget cannot help it.
        if replicas < 2 {
            continue;
        }
        let Some(labels) = tree.path(obj.root, &["spec", "template", "metadata", "labels"]) else {
            continue;
        };
        let covered = ctx.objects_of_kind("PodDisruptionBudget").any(|pdb| {
            if ctx.namespace_of(pdb) != ctx.namespace_of(obj) {
                return false;
            }
            let Some(wanted) = tree.path(pdb.root, &["spec", "selector", "matchLabels"]) else {
                return false;
            };
            let entries = tree.entries(wanted);
            !entries.is_empty()
                && entries.iter().all(|e| {
                    let key = tree.str(e.key).unwrap_or("");
                    tree.get_str(labels, key).is_some()
                        && tree.get_str(labels, key) == tree.str(e.value)
                })
        });
        if !covered {
            sink.report(obj.kind_node, format!("No PodDisruptionBudget in the input covers the {replicas} replicas of this workload."))
                .resource(obj.label())
            .fix(|| budget(ctx, obj, labels));
        }
    }
}

/// A PodDisruptionBudget for this workload, as a new document: its name, its namespace, and
/// the labels its own selector matches (the template's labels when it has no selector).
fn budget(ctx: &Context, obj: &Object, template_labels: NodeId) -> Plan {
    let tree = ctx.tree;
    let title = "Add a PodDisruptionBudget for this workload";
    let labels = tree
        .path(obj.root, &["spec", "selector", "matchLabels"])
        .unwrap_or(template_labels);
    let pairs: Vec<(String, String)> = tree
        .entries(labels)
        .iter()
        .filter_map(|e| Some((tree.str(e.key)?.to_string(), tree.str(e.value)?.to_string())))
        .collect();
    if pairs.is_empty() {
        return Plan::unavailable(
            title,
            "the workload's pods have no labels to select them by",
        );
    }
    let name = obj.name.as_deref().unwrap_or("workload");
    let mut doc = format!(
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {}\n",
        yaml_text(name)
    );
    if let Some(ns) = &obj.namespace {
        doc.push_str(&format!("  namespace: {}\n", yaml_text(ns)));
    }
    doc.push_str("spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n");
    for (k, v) in pairs {
        doc.push_str(&format!("      {}: {}\n", yaml_text(&k), yaml_text(&v)));
    }
    Plan::new(
        title,
        Safety::Review(
            "a node drain waits while another pod of this workload is not ready, so an \
             unhealthy rollout can hold up node maintenance",
        ),
        vec![Intent::AppendDocument(doc)],
    )
}
