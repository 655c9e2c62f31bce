use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_int;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS109",
        slug: "single-replica",
        title: "Workload runs a single replica",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Availability],
        severity: Severity::Low,
        security_severity: "3.3",
        rationale: "One replica means every node drain, rollout or crash takes the service down. Designing for resilience starts with at least two copies, spread across nodes.",
        remediation: "Set `replicas` to 2 or more (or let a HorizontalPodAutoscaler with minReplicas ≥ 2 manage it).",
        subject: Subject::Kinds(&["Deployment", "StatefulSet"]),
        fix_snippet: "spec:\n  replicas: 3",
        references: &[
        ],
        invalid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: d, namespace: shop}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}\n  minReplicas: 2\n  maxReplicas: 5\n",
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
        let replicas = tree.path(obj.root, &["spec", "replicas"]);
        let count = replicas.map_or(Some(1), |r| k8s_int(tree, r));
        if count != Some(1) {
            continue;
        }
        // An autoscaler in the input that targets this workload decides the count instead.
        let scaled = ctx.objects_of_kind("HorizontalPodAutoscaler").any(|hpa| {
            ctx.namespace_of(hpa) == ctx.namespace_of(obj)
                && tree
                    .path(hpa.root, &["spec", "scaleTargetRef", "name"])
                    .and_then(|n| tree.str(n))
                    == obj.name.as_deref()
        });
        if scaled {
            continue;
        }
        let message = match replicas {
            Some(_) => "The workload runs a single replica.",
            None => "The workload sets no replica count, so it runs a single replica.",
        };
        // A missing count is reported on the `spec:` that should hold it.
        let at = replicas.unwrap_or_else(|| {
            tree.entry(obj.root, "spec")
                .map_or(obj.kind_node, |e| e.key)
        });
        sink.report(at, message).resource(obj.label());
    }
}
