use crate::check::{Context, Sink};
use crate::k8s::pss::Control;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::rules::report_pss;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD102",
        slug: "selinux-options",
        title: "Container sets a custom SELinux user, role or type",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "5.2",
        rationale: "SELinux labels keep a container's processes inside the container's own domain. Choosing another user or role, or a type outside the container types, can place the process in a domain with access to the host or to other containers, quietly removing a layer of isolation.",
        remediation: "Remove `user` and `role`, and use one of the container types (container_t, container_init_t, container_kvm_t, or container_engine_t from policy v1.31) or leave the type unset. Pod-level options are checked on their own, whatever the containers set.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  seLinuxOptions:\n    level: \"s0:c123,c456\"",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seLinuxOptions: {type: spc_t}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seLinuxOptions: {user: system_u}}\n  containers:\n    - name: app\n      image: app:1.0\n",
            // The pod-level options are checked whatever the containers set.
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seLinuxOptions: {type: spc_t}}\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seLinuxOptions: {}}\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seLinuxOptions: {type: container_t, level: \"s0:c1,c2\"}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    report_pss(ctx, sink, |v| v.control == Control::SeLinux);
}
