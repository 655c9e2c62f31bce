use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD101",
        slug: "apparmor-unconfined",
        title: "AppArmor is turned off for a container",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.4",
        rationale: "AppArmor is a second fence behind the container runtime: even a process that breaks some isolation is still held to a profile of what it may touch. Setting the profile to unconfined removes that layer on nodes that have it.",
        remediation: "Use the runtime's default profile (`type: RuntimeDefault`) or a Localhost profile, and drop the unconfined setting.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {appArmorProfile: {type: Unconfined}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {container.apparmor.security.beta.kubernetes.io/app: unconfined}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {appArmorProfile: {type: Unconfined}}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {appArmorProfile: {type: RuntimeDefault}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::AppArmor);
}
