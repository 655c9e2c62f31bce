use crate::check::{Context, Sink};
use crate::fix::helpers::set_flag;
use crate::fix::Safety;
use crate::k8s::flags::{Component, Flavor};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF201",
        slug: "apiserver-anonymous-auth",
        title: "API server accepts anonymous requests",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication, Pillar::Authorization],
        severity: Severity::High,
        security_severity: "7.3",
        rationale: "With anonymous-auth on, requests without any credential reach the API server as system:anonymous. Every RBAC mistake that grants that user (or system:unauthenticated) anything becomes reachable by anyone who can connect. Upstream Kubernetes leaves it on unless told otherwise, so the safe setting has to be written down.",
        remediation: "Set `anonymous-auth: \"false\"` in the API server's arguments (health checks keep working through authorised probes or the /livez and /readyz endpoints with authentication).",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      anonymous-auth: \"false\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      anonymous-auth: \"true\"\n",
            "kube-apiserver-arg:\n  - anonymous-auth=true\n",
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      anonymous-auth: \"false\"\n",
            "kube-apiserver-arg:\n  - profiling=false\n",
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
        match set.is_true("anonymous-auth") {
            Some((true, node)) => {
                sink.report(
                    node,
                    "The API server accepts anonymous requests (anonymous-auth is true).",
                )
                .evidence("anonymous-auth=true")
            .fix(|| set_flag(ctx, set, "anonymous-auth", "false", Safety::Review("unauthenticated health checks and load-balancer probes of the API server will be refused")));
            }
            Some((false, _)) => {}
            // kubeadm keeps the upstream default (on); K3s and RKE2 turn it off themselves.
            None if set.flavor == Flavor::Kubeadm => {
                sink.report(set.anchor, "The API server arguments do not set anonymous-auth to false, and the default is true.")
            .fix(|| set_flag(ctx, set, "anonymous-auth", "false", Safety::Review("unauthenticated health checks and load-balancer probes of the API server will be refused")));
            }
            None => {}
        }
    }
}
