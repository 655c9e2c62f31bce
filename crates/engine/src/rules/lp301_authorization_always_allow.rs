use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP301",
        slug: "authorization-always-allow",
        title: "API server authorizes every request (AlwaysAllow)",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization],
        severity: Severity::Critical,
        security_severity: "9.5",
        rationale: "The AlwaysAllow mode lets any authenticated (and, with anonymous auth, unauthenticated) request do anything. RBAC roles stop meaning anything: least privilege is switched off for the whole cluster.",
        remediation: "Set `authorization-mode` to `Node,RBAC`.",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  authorization-mode: Node,RBAC",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      authorization-mode: AlwaysAllow\n",
            "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    - name: authorization-mode\n      value: \"RBAC,AlwaysAllow\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      authorization-mode: Node,RBAC\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::ApiServer)
    {
        if let Some((modes, node)) = set.list("authorization-mode") {
            if modes.iter().any(|m| m == "AlwaysAllow") {
                sink.report(
                    node,
                    "The API server authorizes every request (AlwaysAllow).",
                )
                .evidence(modes.join(","))
            .fix(|| set_flag(ctx, set, "authorization-mode", &crate::rules::dd201_authorization_node_rbac::with_node_rbac(&modes), Safety::Review("every request is authorized by Node and RBAC from now on; clients without RBAC grants are refused")));
            }
        }
    }
}
