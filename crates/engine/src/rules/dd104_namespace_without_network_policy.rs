use crate::fix::helpers::yaml_text;
use crate::fix::{Intent, Plan, Safety};
use std::collections::{HashMap, HashSet};

use crate::check::{Context, Sink};
use crate::document::Object;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD104",
        slug: "namespace-without-network-policy",
        title: "Namespace has workloads but no NetworkPolicy",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.0",
        rationale: "Kubernetes lets every pod talk to every other pod unless a NetworkPolicy says otherwise. Without one, a single compromised workload can reach databases and internal APIs across the cluster. A default-deny policy per namespace is the network layer of defence in depth. (Posture can only see the policies in the input you pasted.)",
        remediation: "Add a default-deny NetworkPolicy to the namespace, then allow the flows the workloads need.",
        subject: Subject::NamespacesInUse,
        fix_snippet: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]",
        references: &[],
        invalid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // Each lookup below is by name, built once, so many namespaces each with one pod cost
    // no more than one namespace with many.
    let with_policy: HashSet<&str> = ctx
        .objects_of_kind("NetworkPolicy")
        .map(|p| ctx.namespace_of(p))
        .collect();
    let mut namespace_objects: HashMap<&str, &Object> = HashMap::new();
    for n in ctx.objects_of_kind("Namespace") {
        if let Some(name) = n.name.as_deref() {
            namespace_objects.entry(name).or_insert(n);
        }
    }
    let mut first_workload: HashMap<&str, &Object> = HashMap::new();
    for pod in &ctx.pods {
        let obj = ctx.object(pod);
        first_workload.entry(ctx.namespace_of(obj)).or_insert(obj);
    }
    for namespace in ctx.namespaces_in_use() {
        if with_policy.contains(&namespace) {
            continue;
        }
        // Point at the Namespace object if it is in the input, else at the first workload there.
        let at = namespace_objects
            .get(namespace)
            .or_else(|| first_workload.get(namespace))
            .copied();
        if let Some(obj) = at {
            sink.report(
                obj.kind_node,
                format!(
                    "Namespace \"{namespace}\" has workloads but no NetworkPolicy in the input."
                ),
            )
            .resource(obj.label())
            .fix(|| default_deny(namespace));
        }
    }
}

/// A default-deny NetworkPolicy for the finding's own namespace, as a new document.
fn default_deny(namespace: &str) -> Plan {
    let doc = format!(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: {}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n",
        yaml_text(namespace)
    );
    Plan::new(
        format!("Add a default-deny NetworkPolicy to namespace {namespace}"),
        Safety::Review(
            "every pod in the namespace loses all traffic until policies allow what it needs; \
             add those policies in the same change",
        ),
        vec![Intent::AppendDocument(doc)],
    )
}
