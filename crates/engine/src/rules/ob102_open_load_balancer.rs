use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB102",
        slug: "open-load-balancer",
        title: "LoadBalancer Service is open to any address",
        principle: Principle::NotObscurity,
        pillars: &[Pillar::Confidentiality, Pillar::Availability],
        severity: Severity::Medium,
        security_severity: "5.8",
        rationale: "A LoadBalancer Service gets an address reachable from outside the cluster, usually the internet. Without loadBalancerSourceRanges, anyone can connect; an odd port or an unpublished hostname does not change that, since scanners find them within hours.",
        remediation: "List the client networks in `loadBalancerSourceRanges`, or make the load balancer internal with your cloud's annotation.",
        subject: Subject::Kind("Service"),
        fix_snippet: "spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 203.0.113.0/24",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n  ports: [{port: 443}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]\n",
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"}}\nspec:\n  type: LoadBalancer\n",
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: ClusterIP\n",
        ],
    },
    check,
};

/// Cloud annotations that keep a load balancer on the private network.
const INTERNAL: &[(&str, &str)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        "true",
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        "internal",
    ),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        "true",
    ),
    ("networking.gke.io/load-balancer-type", "Internal"),
    ("cloud.google.com/load-balancer-type", "Internal"),
    (
        "service.beta.kubernetes.io/openstack-internal-load-balancer",
        "true",
    ),
];

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for service in ctx.objects_of_kind("Service") {
        let Some(kind) = tree.path(service.root, &["spec", "type"]) else {
            continue;
        };
        if tree.str(kind) != Some("LoadBalancer") {
            continue;
        }
        let ranges = tree.path(service.root, &["spec", "loadBalancerSourceRanges"]);
        if ranges.is_some_and(|r| !tree.items(r).is_empty()) {
            continue;
        }
        let annotations = tree.path(service.root, &["metadata", "annotations"]);
        let internal = INTERNAL.iter().any(|(k, v)| {
            annotations
                .and_then(|a| tree.get_str(a, k))
                .is_some_and(|x| x.eq_ignore_ascii_case(v))
        });
        if !internal {
            sink.report(
                kind,
                "The LoadBalancer accepts connections from any address.",
            )
            .resource(service.label());
        }
    }
}
