use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss_with;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP107",
        slug: "host-path-volume",
        title: "Pod mounts a directory of the node (hostPath)",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.6",
        rationale: "A hostPath volume gives the pod a window onto the node's file system. Depending on the path it exposes kubelet credentials, other pods' data, the container runtime socket (full control of the node) or system binaries. A workload should reach only its own storage.",
        remediation: "Use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead. If node access is the workload's job, mount the narrowest path read-only.",
        subject: Subject::Pods,
        fix_snippet: "volumes:\n  - name: cache\n    emptyDir: {}",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - name: docker\n      hostPath: {path: /var/run/docker.sock}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n    - name: cache\n      emptyDir: {}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

/// Paths whose exposure hands over the node, not just some files.
const SENSITIVE: &[&str] = &[
    "/",
    "/etc",
    "/proc",
    "/root",
    "/var/lib/kubelet",
    "/var/run",
    "/run",
    "/var/run/docker.sock",
    "/run/containerd",
    "/var/lib/docker",
    "/dev",
    "/sys",
    "/boot",
];

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss_with(
        ctx,
        sink,
        |v| v.control == Control::HostPathVolumes,
        |v| {
            let path = v.evidence.as_deref().unwrap_or("");
            let trimmed = path.trim_end_matches('/');
            let sensitive = SENSITIVE
                .iter()
                .any(|s| trimmed == s.trim_end_matches('/') || (trimmed.is_empty() && *s == "/"));
            if sensitive {
                format!("The pod mounts the node's {path}, which exposes the node itself.")
            } else {
                v.message.clone()
            }
        },
    );
}
