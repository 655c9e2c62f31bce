use crate::check::{Context, Sink};
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
    let message = "Tokens stay valid after their service account is deleted (service-account-lookup is false).";
    super::report_flag(
        ctx,
        sink,
        Component::ApiServer,
        "service-account-lookup",
        false,
        message,
        true,
    );
}
