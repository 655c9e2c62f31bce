use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD103",
        slug: "proc-mount-unmasked",
        title: "Container changes the /proc mount type",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity, Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.0",
        rationale: "The runtime normally masks and makes read-only the parts of /proc that describe or control the host. Any procMount other than Default (Unmasked, or any other value) asks to remove that mask, exposing kernel interfaces a container has no business touching. From policy v1.35 baseline tolerates it in a pod with its own user namespace (`hostUsers: false`); restricted never does.",
        remediation: "Remove `procMount` or set it to `Default`.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  procMount: Default",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {procMount: Unmasked}\n",
            // Anything but Default counts, not only Unmasked.
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {procMount: Other}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {procMount: Default}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| {
        matches!(v.control, Control::ProcMount | Control::ProcMountRestricted)
    });
}
