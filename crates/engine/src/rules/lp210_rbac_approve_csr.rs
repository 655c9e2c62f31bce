use super::{report_role_rules, Point};
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
        remediation: "Keep CSR approval with the cluster's controllers and administrators.",
        subject: Subject::RoleRules,
        fix_snippet: "rules:\n  - apiGroups: [\"certificates.k8s.io\"]\n    resources: [\"certificatesigningrequests\"]\n    verbs: [\"get\", \"list\"]",
        references: &[
            "CIS Kubernetes Benchmark 5.1.11",
        ],
        invalid: &[
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n",
        ],
        valid: &[
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [get]}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_role_rules(ctx, sink, matched, Point::Resource, |_| {
        "The rule lets its subjects approve certificate signing requests.".to_string()
    });
}

/// What in this rule triggers the finding, if anything.
fn matched(r: &PolicyRule) -> Option<&'static str> {
    let writes = ["update", "patch"].iter().any(|v| r.has_verb(v));
    (writes && r.covers("certificates.k8s.io", "certificatesigningrequests/approval"))
        .then_some("certificatesigningrequests/approval")
}
