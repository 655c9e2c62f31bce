use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP101",
        slug: "host-process",
        title: "Windows container runs as a HostProcess",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Confidentiality],
        severity: Severity::Critical,
        security_severity: "9.3",
        rationale: "A Windows HostProcess container runs directly on the node with the node's privileges, outside any container isolation. Whoever controls it controls the Windows host and everything scheduled there. Least Privilege keeps workloads inside their sandbox.",
        remediation: "Remove `hostProcess: true`; run node-management tasks through a dedicated, reviewed DaemonSet in a namespace that enforces the privileged level on purpose.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  windowsOptions:\n    hostProcess: false",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {windowsOptions: {hostProcess: true}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {windowsOptions: {hostProcess: true}}\n  hostNetwork: false\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {windowsOptions: {hostProcess: false}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::HostProcess);
}
