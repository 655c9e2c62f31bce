use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP109",
        slug: "unsafe-sysctls",
        title: "Pod sets a kernel parameter outside the safe set",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Availability],
        severity: Severity::High,
        security_severity: "7.1",
        rationale: "Most sysctls are not namespaced: setting one from a pod changes the kernel for every workload on the node, and some can be used to weaken isolation or exhaust the node. Only a short list is known to be safe to set per pod.",
        remediation: "Remove the sysctl, or set it on the node through its configuration and keep pods to the safe list. Names are compared exactly (dots, not slashes), and the list depends on the policy version: it grew in v1.27, v1.29, v1.32 and v1.37.",
        subject: Subject::Pods,
        fix_snippet: "securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: \"1024 65535\"",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [{name: kernel.msgmax, value: \"65536\"}]\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_syncookies, value: \"1\"}]\n  containers:\n    - name: app\n      image: app:1.0\n",
            // Safe since policy v1.37.
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: \"0\"}]\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::Sysctls);
}
