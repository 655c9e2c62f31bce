use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "CI101",
        slug: "removed-api-version",
        title: "API version has been removed from Kubernetes",
        principle: Principle::ContinuousImprovement,
        pillars: &[Pillar::Availability, Pillar::Integrity],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "Kubernetes removes beta APIs a few releases after their stable replacement ships. A manifest that still uses one is rejected by current clusters, so the hardening it carries never reaches them, and an upgrade can break the deployment pipeline. Keeping up with the API is how a config stays in force.",
        remediation: "Move the object to the replacement API version named in the finding, adjusting fields that changed.",
        subject: Subject::Objects,
        fix_snippet: "apiVersion: apps/v1\nkind: Deployment",
        references: &[
            "Kubernetes deprecated API migration guide",
        ],
        invalid: examples![
            "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}\n",
            "apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: psp}\n",
        ],
        valid: examples![
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: new}\n",
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb}\n",
        ],
    },
    check,
};

/// (group/version, kind or "*" for every kind, removed in, replacement)
const REMOVED: &[(&str, &str, &str, &str)] = &[
    (
        "extensions/v1beta1",
        "Ingress",
        "1.22",
        "networking.k8s.io/v1",
    ),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        "1.16",
        "networking.k8s.io/v1",
    ),
    (
        "extensions/v1beta1",
        "PodSecurityPolicy",
        "1.16",
        "Pod Security admission",
    ),
    ("extensions/v1beta1", "*", "1.16", "apps/v1"),
    ("apps/v1beta1", "*", "1.16", "apps/v1"),
    ("apps/v1beta2", "*", "1.16", "apps/v1"),
    (
        "policy/v1beta1",
        "PodSecurityPolicy",
        "1.25",
        "Pod Security admission (namespace labels)",
    ),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"),
    ("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
    ("batch/v2alpha1", "CronJob", "1.21", "batch/v1"),
    (
        "networking.k8s.io/v1beta1",
        "*",
        "1.22",
        "networking.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "*",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "*",
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "*",
        "1.22",
        "admissionregistration.k8s.io/v1",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        "*",
        "1.22",
        "apiextensions.k8s.io/v1",
    ),
    (
        "apiregistration.k8s.io/v1beta1",
        "*",
        "1.22",
        "apiregistration.k8s.io/v1",
    ),
    (
        "certificates.k8s.io/v1beta1",
        "*",
        "1.22",
        "certificates.k8s.io/v1",
    ),
    (
        "coordination.k8s.io/v1beta1",
        "*",
        "1.22",
        "coordination.k8s.io/v1",
    ),
    (
        "scheduling.k8s.io/v1beta1",
        "*",
        "1.22",
        "scheduling.k8s.io/v1",
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        "1.27",
        "storage.k8s.io/v1",
    ),
    ("storage.k8s.io/v1beta1", "*", "1.22", "storage.k8s.io/v1"),
    ("autoscaling/v2beta1", "*", "1.25", "autoscaling/v2"),
    ("autoscaling/v2beta2", "*", "1.26", "autoscaling/v2"),
    (
        "discovery.k8s.io/v1beta1",
        "*",
        "1.25",
        "discovery.k8s.io/v1",
    ),
    ("events.k8s.io/v1beta1", "*", "1.25", "events.k8s.io/v1"),
    ("node.k8s.io/v1beta1", "*", "1.25", "node.k8s.io/v1"),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "*",
        "1.26",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "*",
        "1.29",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "*",
        "1.32",
        "flowcontrol.apiserver.k8s.io/v1",
    ),
];

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in &ctx.objects {
        let hit = REMOVED.iter().find(|(api, kind, _, _)| {
            *api == obj.api_version && (*kind == obj.kind || *kind == "*")
        });
        let Some((api, _, removed, replacement)) = hit else {
            continue;
        };
        let at = tree.get(obj.root, "apiVersion").unwrap_or(obj.kind_node);
        sink.report(
            at,
            format!(
                "{api} {} was removed in Kubernetes {removed}; use {replacement}.",
                obj.kind
            ),
        )
        .resource(obj.label())
        .evidence(*api);
    }
}
