use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP111",
        slug: "privilege-escalation",
        title: "Container may gain more privileges than its parent process",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.5",
        rationale: "Unless allowPrivilegeEscalation is false, a process in the container can become more privileged than the one that started it, through setuid binaries or file capabilities. Setting it to false turns on the kernel's no_new_privs flag, so the rights a container starts with are the most it will ever have.",
        remediation: "Set `allowPrivilegeEscalation: false` in the container's securityContext.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  allowPrivilegeEscalation: false",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {allowPrivilegeEscalation: true}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {allowPrivilegeEscalation: false}\n",
            // Restricted exempts Windows pods from the Linux-only controls (v1.25+).
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| {
        v.control == Control::AllowPrivilegeEscalation
    });
}
