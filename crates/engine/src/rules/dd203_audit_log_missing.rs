use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD203",
        slug: "audit-log-missing",
        title: "API server writes no audit log",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Auditing],
        severity: Severity::Medium,
        security_severity: "6.0",
        rationale: "The audit log is the record of who did what through the API. Without audit-log-path and an audit policy, a breach leaves no trail to investigate and misuse goes unnoticed; detection is the layer that works when prevention has failed.",
        remediation: "Set `audit-log-path` and `audit-policy-file` (and ship the policy file with the node configuration).",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  audit-log-path: /var/log/apiserver/audit.log\n  audit-policy-file: /etc/kubernetes/audit-policy.yaml",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n",
            "kube-apiserver-arg:\n  - audit-log-path=/var/log/audit.log\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      audit-log-path: /var/log/apiserver/audit.log\n      audit-policy-file: /etc/kubernetes/audit-policy.yaml\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::ApiServer)
    {
        let missing: Vec<&str> = ["audit-log-path", "audit-policy-file"]
            .into_iter()
            .filter(|f| set.get(f).is_none_or(|v| v.value.trim().is_empty()))
            .collect();
        if !missing.is_empty() {
            sink.report(
                set.anchor,
                format!(
                    "The API server arguments do not set {}, so requests are not audited.",
                    missing.join(" or ")
                ),
            );
        }
    }
}
