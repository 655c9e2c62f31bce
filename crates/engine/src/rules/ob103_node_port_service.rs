use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "OB103",
        slug: "node-port-service",
        title: "Service is exposed on every node's port (NodePort)",
        principle: Principle::NotObscurity,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::Low,
        security_severity: "3.6",
        rationale: "A NodePort opens a high port on every node's address, outside any load balancer or ingress policy. The port number being unusual is no protection; node addresses are often reachable from more networks than intended.",
        remediation: "Use ClusterIP behind an Ingress, or a LoadBalancer with source ranges.",
        subject: Subject::Kind("Service"),
        fix_snippet: "spec:\n  type: ClusterIP",
        references: &[
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: ClusterIP\n  ports: [{port: 80}]\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for service in ctx.objects_of_kind("Service") {
        let Some(kind) = tree.path(service.root, &["spec", "type"]) else {
            continue;
        };
        if tree.str(kind) == Some("NodePort") {
            sink.report(kind, "The Service is exposed on a port of every node.")
                .resource(service.label());
        }
    }
}
