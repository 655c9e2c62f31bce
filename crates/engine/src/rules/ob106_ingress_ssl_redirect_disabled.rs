use crate::check::{Context, Sink};
use crate::fix::{Intent, Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB106",
        slug: "ingress-ssl-redirect-disabled",
        title: "Ingress turns off the redirect to HTTPS",
        principle: Principle::NotObscurity,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "4.8",
        rationale: "With the HTTPS redirect disabled, clients that start on http:// stay there, sending cookies and credentials in clear text even though TLS is configured.",
        remediation: "Remove the annotation (the controller redirects by default when TLS is set) or set it to \"true\".",
        subject: Subject::Kind("Ingress"),
        fix_snippet: "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: \"true\"",
        references: &[
        ],
        invalid: examples![
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, annotations: {nginx.ingress.kubernetes.io/ssl-redirect: \"false\"}}\nspec:\n  tls: [{hosts: [shop.example.com], secretName: t}]\n  rules:\n    - host: shop.example.com\n      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n",
        ],
        valid: examples![
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, annotations: {nginx.ingress.kubernetes.io/ssl-redirect: \"true\"}}\nspec:\n  tls: [{hosts: [shop.example.com], secretName: t}]\n  rules:\n    - host: shop.example.com\n      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n",
        ],
    },
    check,
};

const REDIRECTS: &[&str] = &[
    "nginx.ingress.kubernetes.io/ssl-redirect",
    "nginx.ingress.kubernetes.io/force-ssl-redirect",
    "ingress.kubernetes.io/ssl-redirect",
];

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for ingress in ctx.objects_of_kind("Ingress") {
        let Some(annotations) = tree.path(ingress.root, &["metadata", "annotations"]) else {
            continue;
        };
        for key in REDIRECTS {
            let Some(value) = tree.get(annotations, key) else {
                continue;
            };
            if tree
                .str(value)
                .is_some_and(|v| v.eq_ignore_ascii_case("false"))
            {
                sink.report(
                    value,
                    format!("{key} is false, so HTTP is not redirected to HTTPS."),
                )
                .resource(ingress.label())
                .evidence(format!("{key}: \"false\""))
                .fix(|| {
                    Plan::new(
                        format!("Set {key} to \"true\""),
                        Safety::Review(
                            "clients that only speak plain HTTP are redirected to HTTPS",
                        ),
                        vec![Intent::Replace {
                            node: value,
                            value: Value::text("true"),
                        }],
                    )
                });
            }
        }
    }
}
