use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

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
        references: &[
            "CIS Kubernetes Benchmark 5.2.6",
            "Pod Security Standards (restricted): Privilege Escalation",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {allowPrivilegeEscalation: true}\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {allowPrivilegeEscalation: false}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for (pod, obj, container) in ctx.containers() {
        let field = pod.security_field(tree, container, "allowPrivilegeEscalation");
        let value = field.and_then(|(n, _)| k8s_bool(tree, n)).map(|(b, _)| b);
        if value != Some(false) {
            let at = field.map_or(container.node, |(n, _)| n);
            let message = if value == Some(true) {
                format!("Container \"{}\" explicitly allows privilege escalation.", container.name)
            } else {
                format!("Container \"{}\" does not set allowPrivilegeEscalation: false.", container.name)
            };
            sink.report(at, message).resource(obj.label()).container(&container.name);
        }
    }
}
