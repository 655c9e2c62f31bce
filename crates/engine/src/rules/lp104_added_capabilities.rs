use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP104",
        slug: "added-capabilities",
        title: "Container adds capabilities beyond the baseline set",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Authorization],
        severity: Severity::High,
        security_severity: "7.8",
        rationale: "Linux capabilities split root's power into pieces; adding one such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE hands a container a piece that reaches the kernel, the network stack or other processes. Most escapes from containers start with an added capability. Least Privilege grants none beyond the small default set.",
        remediation: "Remove the capability from `capabilities.add`. Names are compared exactly as the API stores them, so write the upper-case name without `CAP_` (`CHOWN`, not `chown` or `CAP_CHOWN`); any other spelling is outside the allowed set. If the workload truly needs a capability beyond the set, document why and isolate it in its own namespace.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [ALL], add: [NET_RAW]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [SYS_ADMIN]}}\n",
            // Names are compared exactly: `chown` is not the baseline CHOWN.
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [chown]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [CAP_CHOWN]}}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [NET_BIND_SERVICE, CHOWN], drop: [ALL]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::CapabilitiesBaseline);
}
