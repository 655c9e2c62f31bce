use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP113",
        slug: "run-as-root-user",
        title: "Container is set to run as UID 0 (root)",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::High,
        security_severity: "7.3",
        rationale: "runAsUser: 0 asks for root explicitly. Every file the container can reach is then writable by it, and any escape from the container lands as root on the node. The pod-level setting counts on its own, even where every container overrides it; pods in their own user namespace (`hostUsers: false`) are exempt from policy v1.35.",
        remediation: "Set `runAsUser` to a non-zero UID that the image supports, and `runAsNonRoot: true`.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  runAsUser: 10001\n  runAsNonRoot: true",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsUser: 0}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 0}\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 0}\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsUser: 1000}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {runAsUser: 1000}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::RunAsUser);
}
