use crate::check::{Context, Sink};
use crate::k8s::pss::{Aspect, Control};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF102",
        slug: "seccomp-not-set",
        title: "No seccomp profile is set",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "4.5",
        rationale: "Kubernetes does not apply the runtime's seccomp profile unless asked (or unless every kubelet enables SeccompDefault), so a pod without a profile usually runs with every system call allowed. Saying RuntimeDefault makes the safe behaviour the one you get on any node.",
        remediation: "Set `seccompProfile.type: RuntimeDefault` in the pod's securityContext, so every container inherits it.",
        subject: Subject::Containers,
        fix_snippet: "spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seccompProfile: {type: Unconfined}}\n",
            // Restricted exempts Windows pods from the Linux-only controls (v1.25+).
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // An explicit profile of the wrong type is DF101's.
    report_pss(ctx, sink, |v| {
        v.control == Control::SeccompRestricted && v.aspect == Aspect::Missing
    });
}
