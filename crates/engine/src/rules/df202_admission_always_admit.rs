use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF202",
        slug: "admission-always-admit",
        title: "API server enables the AlwaysAdmit admission plugin",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::Critical,
        security_severity: "9.0",
        rationale: "AlwaysAdmit accepts every request regardless of what other admission plugins would say. It exists for testing and undoes every admission-time protection, from Pod Security to resource quotas.",
        remediation: "Remove AlwaysAdmit from `enable-admission-plugins` (and list it in `disable-admission-plugins`).",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  disable-admission-plugins: AlwaysAdmit\n  enable-admission-plugins: NodeRestriction",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      enable-admission-plugins: AlwaysAdmit,NodeRestriction\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      enable-admission-plugins: NodeRestriction\n      disable-admission-plugins: AlwaysAdmit\n",
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
        if let Some((plugins, node)) = set.list("enable-admission-plugins") {
            if plugins.iter().any(|p| p == "AlwaysAdmit") {
                sink.report(node, "The AlwaysAdmit admission plugin is enabled.")
                    .evidence("AlwaysAdmit");
            }
        }
    }
}
