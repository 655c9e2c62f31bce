use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB105",
        slug: "ingress-without-tls",
        title: "Ingress serves plain HTTP (no TLS)",
        principle: Principle::NotObscurity,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity, Pillar::Authentication],
        severity: Severity::Medium,
        security_severity: "5.9",
        rationale: "Without TLS, requests and responses cross the network in clear text: session cookies, credentials and data can be read or changed on the way. An unguessable hostname does not make plain HTTP private.",
        remediation: "Add a `tls` section with the hosts and a certificate Secret (cert-manager can issue one).",
        subject: Subject::Kind("Ingress"),
        fix_snippet: "spec:\n  tls:\n    - hosts: [\"shop.example.com\"]\n      secretName: shop-tls",
        references: &[],
        invalid: examples![
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  rules:\n    - host: shop.example.com\n      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n",
        ],
        valid: examples![
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  tls: [{hosts: [shop.example.com], secretName: shop-tls}]\n  rules:\n    - host: shop.example.com\n      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for ingress in ctx.objects_of_kind("Ingress") {
        let tls = tree.path(ingress.root, &["spec", "tls"]);
        if tls.is_none_or(|t| tree.items(t).is_empty()) {
            // An empty `tls:` where it is written, else the `spec:` that should hold one.
            let at = tls.unwrap_or_else(|| {
                tree.entry(ingress.root, "spec")
                    .map_or(ingress.kind_node, |e| e.key)
            });
            sink.report(
                at,
                "The Ingress has no TLS section, so it serves plain HTTP.",
            )
            .resource(ingress.label());
        }
    }
}
