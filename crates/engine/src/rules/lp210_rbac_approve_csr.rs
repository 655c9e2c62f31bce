use crate::check::{Context, Sink};
use crate::k8s::rbac::PolicyRule;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP210",
        slug: "rbac-approve-csr",
        title: "Role can approve certificate signing requests",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Authentication],
        severity: Severity::High,
        security_severity: "7.9",
        rationale: "Approving a CertificateSigningRequest turns any name into a client certificate the API server trusts, including system:masters identities with some signers. It is a way to mint credentials.",
        remediation: "Keep CSR approval with the cluster's controllers and administrators: it takes update on `certificatesigningrequests/approval` and approve on `signers`, and a role should not hold both.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"certificates.k8s.io\"]\n    resources: [\"certificatesigningrequests\"]\n    verbs: [\"get\", \"list\"]",
        references: &[],
        invalid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n  - {apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [example.com/serving], verbs: [approve]}\n",
        ],
        valid: examples![
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [certificates.k8s.io], resources: [\"*\"], verbs: [get, delete, patch]}\n",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [get]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // Approval takes two grants, often in two rules of one role: update (or patch) on the
    // approval subresource, and approve on the signer.
    let mut roles: Vec<usize> = ctx.policy_rules.iter().map(|r| r.object).collect();
    roles.dedup();
    for role in roles {
        let rules: Vec<&PolicyRule> = ctx
            .policy_rules
            .iter()
            .filter(|r| r.object == role)
            .collect();
        // A rule with a `*` that grants both on its own is LP201's finding.
        if rules
            .iter()
            .any(|r| r.has_wildcard() && matched(r).is_some())
        {
            continue;
        }
        let (Some(update), Some(signer)) = (
            rules.iter().find(|r| updates_approval(r)),
            rules.iter().find(|r| approves_signers(r)),
        ) else {
            continue;
        };
        let which = if signer.has_resource_names {
            "the signers named in its resourceNames"
        } else {
            "any signer"
        };
        sink.report(
            update.resource_node(APPROVAL),
            format!("The role lets its subjects approve certificate signing requests for {which} (update on {APPROVAL}, approve on signers)."),
        )
        .resource(ctx.objects[role].label())
        .evidence(APPROVAL);
    }
}

const GROUP: &str = "certificates.k8s.io";
const APPROVAL: &str = "certificatesigningrequests/approval";

fn updates_approval(r: &PolicyRule) -> bool {
    ["update", "patch"].iter().any(|v| r.has_verb(v)) && r.covers(GROUP, APPROVAL)
}

fn approves_signers(r: &PolicyRule) -> bool {
    r.has_verb("approve") && r.covers(GROUP, "signers")
}

/// Whether this one rule grants everything approval takes.
pub(super) fn matched(r: &PolicyRule) -> Option<&'static str> {
    (updates_approval(r) && approves_signers(r)).then_some(APPROVAL)
}
