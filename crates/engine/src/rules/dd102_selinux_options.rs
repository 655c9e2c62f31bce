use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

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
        remediation: "Remove `user` and `role`, and use one of the container types (container_t, container_init_t, container_kvm_t, container_engine_t) or leave the type unset.",
        subject: Subject::Containers,
        fix_snippet: "securityContext:\n  seLinuxOptions:\n    level: \"s0:c123,c456\"",
        references: &[
            "Pod Security Standards (baseline): SELinux",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seLinuxOptions: {type: spc_t}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seLinuxOptions: {user: system_u}}\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {seLinuxOptions: {type: container_t, level: \"s0:c1,c2\"}}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

const ALLOWED_TYPES: &[&str] = &["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        let Some((options, _)) = pod.security_field(tree, container, "seLinuxOptions") else { continue };
        for (field, bad) in [
            ("type", tree.get_str(options, "type").is_some_and(|t| !ALLOWED_TYPES.contains(&t))),
            ("user", tree.get_str(options, "user").is_some_and(|u| !u.is_empty())),
            ("role", tree.get_str(options, "role").is_some_and(|r| !r.is_empty())),
        ] {
            if bad {
                let Some(node) = tree.get(options, field) else { continue };
                let value = tree.str(node).unwrap_or("");
                sink.report(node, format!("Container \"{}\" sets the SELinux {field} to {value}.", container.name))
                    .resource(obj.label())
                    .container(&container.name)
                    .evidence(format!("{field}: {value}"));
            }
        }
    }
}
