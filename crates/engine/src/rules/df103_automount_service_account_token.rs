use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF103",
        slug: "automount-service-account-token",
        title: "Service account token is mounted automatically",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication, Pillar::Confidentiality],
        severity: Severity::Low,
        security_severity: "3.7",
        rationale: "By default every pod gets a token for its service account mounted into its file system. Most application pods never call the Kubernetes API, yet anyone who compromises them inherits whatever that token is allowed to do. Opting in, rather than out, keeps the credential where it is needed.",
        remediation: "Set `automountServiceAccountToken: false` on the pod (or on its ServiceAccount) unless the workload talks to the API server.",
        subject: Subject::Pods,
        fix_snippet: "spec:\n  automountServiceAccountToken: false",
        references: &[
            "CIS Kubernetes Benchmark 5.1.6",
        ],
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: quiet}\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: quiet\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    let is_false = |node: Option<crate::yaml::NodeId>| {
        node.and_then(|n| k8s_bool(tree, n))
            .is_some_and(|(b, _)| !b)
    };
    for pod in &ctx.pods {
        let obj = ctx.object(pod);
        let own = tree.get(pod.spec, "automountServiceAccountToken");
        if own.is_some() {
            if !is_false(own) {
                let at = own.unwrap_or(pod.spec);
                sink.report(at, "The pod mounts its service account token.")
                    .resource(obj.label());
            }
            continue;
        }
        // The pod inherits the setting of its ServiceAccount when that is in the input.
        let account = tree
            .get_str(pod.spec, "serviceAccountName")
            .unwrap_or("default");
        let namespace = ctx.namespace_of(obj);
        let account_off = ctx.objects_of_kind("ServiceAccount").any(|sa| {
            sa.name.as_deref() == Some(account)
                && ctx.namespace_of(sa) == namespace
                && is_false(tree.get(sa.root, "automountServiceAccountToken"))
        });
        if !account_off {
            sink.report(pod.spec, "The pod mounts its service account token (automountServiceAccountToken is not false).")
                .resource(obj.label());
        }
    }
}
