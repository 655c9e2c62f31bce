use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD205",
        slug: "network-policy-disabled",
        title: "K3s network policy enforcement is disabled",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Confidentiality, Pillar::Integrity],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "disable-network-policy turns off K3s's embedded NetworkPolicy controller. Every NetworkPolicy in the cluster is then ignored and all pods can reach each other, however carefully the policies were written.",
        remediation: "Remove `disable-network-policy`, or install a CNI that enforces NetworkPolicy before disabling the embedded controller.",
        subject: Subject::DocKind(crate::document::DocKind::K3sConfig),
        fix_snippet: "disable-network-policy: false",
        references: &[],
        invalid: examples![
            "disable-network-policy: true\n",
        ],
        valid: examples![
            "disable-network-policy: false\n",
            "write-kubeconfig-mode: \"0600\"\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::K3sConfig)
    {
        let Some(node) = tree.get(doc.root, "disable-network-policy") else {
            continue;
        };
        if let Some((true, _)) = k8s_bool(tree, node) {
            sink.report(
                node,
                "Network policy enforcement is disabled, so NetworkPolicies have no effect.",
            )
            .evidence("disable-network-policy: true");
        }
    }
}
