use crate::check::{Context, Sink};
use crate::k8s::flags::{Component, Flavor};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD202",
        slug: "admission-plugins-weakened",
        title: "NodeRestriction or PodSecurity admission is off",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "6.2",
        rationale: "NodeRestriction stops a kubelet from changing other nodes or pods it does not run; PodSecurity enforces the Pod Security Standards on every namespace. kubeadm turns NodeRestriction on by default, but an `enable-admission-plugins` list replaces that default, so leaving it out switches it off. PodSecurity is on by default unless it is disabled explicitly.",
        remediation: "Include NodeRestriction in `enable-admission-plugins`, and keep PodSecurity out of `disable-admission-plugins`.",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  enable-admission-plugins: NodeRestriction,PodSecurity",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      enable-admission-plugins: \"NamespaceLifecycle,ServiceAccount\"\n",
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      enable-admission-plugins: NodeRestriction\n      disable-admission-plugins: PodSecurity\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      enable-admission-plugins: \"AlwaysPullImages,NodeRestriction\"\n",
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n",
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
            // K3s and RKE2 add NodeRestriction themselves; kubeadm's list replaces its default.
            if set.flavor == Flavor::Kubeadm && !plugins.iter().any(|p| p == "NodeRestriction") {
                sink.report(node, "enable-admission-plugins leaves out NodeRestriction, so kubelets can modify other nodes' objects.")
                    .evidence(plugins.join(","));
            }
        }
        if let Some((plugins, node)) = set.list("disable-admission-plugins") {
            if plugins.iter().any(|p| p == "PodSecurity") {
                sink.report(node, "PodSecurity admission is disabled, so Pod Security Standards are not enforced.").evidence("PodSecurity");
            }
        }
    }
}
