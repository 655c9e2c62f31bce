use std::collections::HashMap;

use crate::check::{Context, Sink};
use crate::document::Object;
use crate::k8s::selector;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD108",
        slug: "workload-not-isolated",
        title: "Workload is not selected by any ingress NetworkPolicy",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "3.9",
        rationale: "A pod is only isolated for incoming traffic once some NetworkPolicy with \
            the Ingress type selects it; until then every pod in the cluster can connect to it. \
            A namespace can hold policies and still leave a workload open, when no policy's \
            `podSelector` matches its labels or the policies that do only restrict egress. \
            (Posture sees only the policies in the input; a namespace with none at all is \
            reported once by DD104 instead.)",
        remediation: "Add a default-deny policy (`podSelector: {}` with `policyTypes: \
            [Ingress]`) to the namespace, or a policy whose selector matches this workload's \
            labels and allows only the traffic it needs.",
        subject: Subject::Pods,
        fix_snippet: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api-ingress\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: web}",
        references: &[],
        invalid: examples![
            r"apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1.0}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
",
            // The only policy that selects it restricts egress, not ingress.
            r"apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api:1.0}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
",
        ],
        valid: examples![
            // No policy type given: every policy restricts ingress, even with no rules.
            r"apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: back}}
    spec:
      containers: [{name: api, image: api:1.0}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: back, namespace: shop}
spec:
  podSelector:
    matchExpressions: [{key: tier, operator: In, values: [back]}]
",
            // A policy in another namespace does not count, and DD104 speaks for this one.
            r"apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  containers: [{name: app, image: app:1.0}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: other}
spec: {podSelector: {}}
",
        ],
    },
    check,
};

/// Whether a policy restricts incoming traffic: `Ingress` among its types, or no types given
/// (then every policy does, whatever rules it has).
fn restricts_ingress(ctx: &Context, policy: &Object) -> bool {
    let tree = ctx.tree;
    match tree.path(policy.root, &["spec", "policyTypes"]) {
        Some(types) if !tree.is_null(types) => tree
            .items(types)
            .iter()
            .any(|t| tree.str(*t) == Some("Ingress")),
        _ => true,
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    let mut by_namespace: HashMap<&str, Vec<&Object>> = HashMap::new();
    for policy in ctx.objects_of_kind("NetworkPolicy") {
        by_namespace
            .entry(ctx.namespace_of(policy))
            .or_default()
            .push(policy);
    }
    for pod in &ctx.pods {
        let obj = ctx.object(pod);
        let Some(policies) = by_namespace.get(ctx.namespace_of(obj)) else {
            continue;
        };
        let labels = selector::labels(tree, pod.meta);
        let mut open = true;
        for policy in policies.iter().filter(|p| restricts_ingress(ctx, p)) {
            let selects = match tree.path(policy.root, &["spec", "podSelector"]) {
                Some(s) => selector::matches(tree, s, &labels),
                // No podSelector is an invalid policy; do not count it either way.
                None => None,
            };
            // A selector Posture cannot read might select it: no finding rather than a guess.
            if selects != Some(false) {
                open = false;
                break;
            }
        }
        if open {
            sink.report(
                pod.spec_key,
                format!(
                    "No NetworkPolicy in the input restricts incoming traffic to {}; any pod can \
                     connect to it.",
                    obj.label()
                ),
            )
            .resource(obj.label());
        }
    }
}
