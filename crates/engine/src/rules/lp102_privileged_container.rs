use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP102",
        slug: "privileged-container",
        title: "Container runs privileged",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Integrity, Pillar::Confidentiality, Pillar::Authorization],
        severity: Severity::Critical,
        security_severity: "9.6",
        rationale: "A privileged container gets every Linux capability and every host device; \
            it is root on the node in all but name. One compromised process can then read other \
            pods' secrets, load kernel modules or take over the kubelet. Least Privilege means \
            a workload holds only the rights its job needs, and almost no job needs this.",
        remediation: "Remove `privileged: true`. If the container needs one specific power, add \
            just that capability and drop the rest.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  privileged: false\n  capabilities:\n    drop: [\"ALL\"]",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      securityContext:\n        privileged: true\n",
            // Kubernetes' decoder reads YAML 1.1 booleans: `yes` is true.
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: init\n          securityContext: {privileged: yes}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      securityContext:\n        privileged: false\n",
            // A quoted "true" is a string; the API server would reject it, not run it privileged.
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      securityContext: {privileged: \"true\"}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::Privileged);
}
