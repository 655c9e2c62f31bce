use crate::check::{Context, Sink};
use crate::k8s::pss::{Aspect, Control};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF101",
        slug: "seccomp-unconfined",
        title: "Seccomp is turned off or set to an unknown type",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Integrity],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "Seccomp filters which system calls a container may make; the runtime's default profile blocks dozens that containers never need and many kernel exploits rely on. A profile type other than RuntimeDefault or Localhost (Unconfined, a misspelling, or an empty type) turns that safe default off, at pod level for every container even where containers set their own. Before policy v1.19 the standard read the seccomp annotations instead of the field.",
        remediation: "Set the seccomp profile to `RuntimeDefault` (or a reviewed Localhost profile).",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  seccompProfile:\n    type: RuntimeDefault",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seccompProfile: {type: Unconfined}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: Unconfined}}\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: Unconfined}}\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seccompProfile: {type: RuntimeDefault}}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // A missing profile (restricted only) is DF102's.
    report_pss(ctx, sink, |v| {
        v.control == Control::SeccompBaseline
            || (v.control == Control::SeccompRestricted && v.aspect == Aspect::Value)
    });
}
