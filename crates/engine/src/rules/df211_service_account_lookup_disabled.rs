use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF211",
        slug: "service-account-lookup-disabled",
        title: "API server accepts tokens of deleted service accounts",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication],
        severity: Severity::Medium,
        security_severity: "5.1",
        rationale: "With service-account-lookup off, the API server checks only a token's signature, not whether its service account still exists. Deleting a compromised account then does not revoke its tokens.",
        remediation: "Remove `service-account-lookup: \"false\"` (the default is true).",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  service-account-lookup: \"true\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      service-account-lookup: \"false\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      service-account-lookup: \"true\"\n",
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
        if let Some((false, node)) = set.is_true("service-account-lookup") {
            sink.report(node, "Tokens stay valid after their service account is deleted (service-account-lookup is false).")
                .evidence("service-account-lookup=false")
            .fix(|| set_flag(ctx, set, "service-account-lookup", "true", Safety::Safe));
        }
    }
}
