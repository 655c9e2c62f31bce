use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

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
        remediation: "Remove the sysctl, or set it on the node through its configuration and keep pods to the safe list.",
        subject: Subject::Pods,
        fix_snippet: "securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: \"1024 65535\"",
        references: &[
            "Pod Security Standards (baseline): Sysctls",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [{name: kernel.msgmax, value: \"65536\"}]\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_syncookies, value: \"1\"}]\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

/// Sysctls the baseline Pod Security Standard allows.
const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for pod in &ctx.pods {
        let Some(sysctls) = tree.path(pod.spec, &["securityContext", "sysctls"]) else { continue };
        for item in tree.items(sysctls) {
            let Some(name_node) = tree.get(*item, "name") else { continue };
            let Some(name) = tree.str(name_node) else { continue };
            if !SAFE.contains(&name.replace('/', ".").as_str()) {
                sink.report(name_node, format!("The pod sets the kernel parameter {name}, which is not in the safe set."))
                    .resource(ctx.object(pod).label())
                    .evidence(name);
            }
        }
    }
}
