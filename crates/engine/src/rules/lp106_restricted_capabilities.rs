use crate::check::{Context, Sink};
use crate::k8s::pss::{Aspect, Control};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP106",
        slug: "restricted-capabilities",
        title: "Container adds a capability other than NET_BIND_SERVICE",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "3.0",
        rationale: "The restricted Pod Security Standard lets a container add back only NET_BIND_SERVICE (binding ports below 1024). The other capabilities the baseline tolerates, such as CHOWN, DAC_OVERRIDE or SETUID, still widen what a compromised process can do to files and identities inside the container.",
        remediation: "Remove the capability, or move the workload to a namespace at the baseline level with a note on why it needs it.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [ALL], add: [CHOWN]}}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {capabilities: {add: [SYS_ADMIN]}}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // Capabilities beyond the baseline set are LP104's: they are attributed to the baseline
    // control, which both levels then fail.
    report_pss(ctx, sink, |v| {
        v.control == Control::CapabilitiesRestricted && v.aspect == Aspect::Added
    });
}
