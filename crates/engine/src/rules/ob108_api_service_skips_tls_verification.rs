use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB108",
        slug: "api-service-skips-tls-verification",
        title: "APIService does not verify its backend's certificate",
        principle: Principle::NotObscurity,
        pillars: &[
            Pillar::Integrity,
            Pillar::Authentication,
            Pillar::Confidentiality,
        ],
        severity: Severity::High,
        security_severity: "7.1",
        rationale: "An aggregated API is served by a Service that the API server proxies \
            to, with the caller's identity attached. With `insecureSkipTLSVerify: true` the API \
            server accepts whatever answers at that Service: anything that can take over its \
            address receives those requests and can answer them as a trusted part of the API.",
        remediation: "Remove `insecureSkipTLSVerify` and set `caBundle` to the CA that signed \
            the backend's serving certificate (cert-manager's CA injector can keep it current).",
        subject: Subject::Kind("APIService"),
        fix_snippet: "spec:\n  insecureSkipTLSVerify: false\n  caBundle: <base64 CA certificate>",
        references: &[],
        invalid: examples![
            r"apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  service: {name: metrics-server, namespace: kube-system}
  group: metrics.k8s.io
  version: v1beta1
  insecureSkipTLSVerify: true
  groupPriorityMinimum: 100
  versionPriority: 100
"
        ],
        valid: examples![
            r"apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  service: {name: metrics-server, namespace: kube-system}
  group: metrics.k8s.io
  version: v1beta1
  caBundle: LS0tLS1CRUdJTi==
"
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in ctx.objects_of_kind("APIService") {
        let Some(node) = tree.path(obj.root, &["spec", "insecureSkipTLSVerify"]) else {
            continue;
        };
        if k8s_bool(tree, node).is_some_and(|(b, _)| b) {
            sink.report(
                node,
                format!(
                    "The API server proxies to {} without verifying its certificate.",
                    obj.name.as_deref().unwrap_or("this APIService")
                ),
            )
            .resource(obj.label())
            .evidence("insecureSkipTLSVerify: true");
        }
    }
}
