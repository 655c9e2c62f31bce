use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB104",
        slug: "service-external-ips",
        title: "Service sets externalIPs",
        principle: Principle::NotObscurity,
        pillars: &[Pillar::Integrity, Pillar::Confidentiality],
        severity: Severity::Medium,
        security_severity: "6.3",
        rationale: "externalIPs makes nodes accept traffic for arbitrary addresses, and anyone allowed to create Services can claim an address used by someone else and intercept its traffic (CVE-2020-8554). It bypasses the cloud's address management.",
        remediation: "Remove externalIPs and use a LoadBalancer Service; block the field cluster-wide with an admission policy.",
        subject: Subject::Kind("Service"),
        fix_snippet: "spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [\"10.0.0.0/8\"]",
        references: &[
            "CVE-2020-8554",
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  externalIPs: [203.0.113.10]\n  ports: [{port: 80}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  ports: [{port: 80}]\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for service in ctx.objects_of_kind("Service") {
        let Some(ips) = tree.path(service.root, &["spec", "externalIPs"]) else {
            continue;
        };
        if !tree.items(ips).is_empty() {
            sink.report(ips, "The Service claims external IP addresses.")
                .resource(service.label());
        }
    }
}
