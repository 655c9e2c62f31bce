use crate::check::{Context, Sink};
use crate::fix::{Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF103",
        slug: "automount-service-account-token",
        title: "Service account token is mounted automatically",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication, Pillar::Confidentiality],
        severity: Severity::Low,
        security_severity: "3.7",
        rationale: "By default every pod gets a token for its service account mounted into its file system. Most application pods never call the Kubernetes API, yet anyone who compromises them inherits whatever that token is allowed to do. Opting in, rather than out, keeps the credential where it is needed. A pod or ServiceAccount that sets the field either way has made that choice, so only pods that leave it unset are reported.",
        remediation: "Set `automountServiceAccountToken: false` on the pod (or on its ServiceAccount) unless the workload talks to the API server.",
        subject: Subject::Pods,
        fix_snippet: "spec:\n  automountServiceAccountToken: false",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            // The account is bound to a role in the same input: the pod calls the API.
            r"apiVersion: apps/v1
kind: Deployment
metadata: {name: operator, namespace: ops}
spec:
  template:
    spec:
      serviceAccountName: operator
      containers: [{name: operator, image: operator:1.0}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: operator, namespace: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: operator}
subjects:
  - {kind: ServiceAccount, name: operator}
",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller}\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: true\n      containers:\n        - name: manager\n          image: manager:1.0\n",
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: quiet}\nautomountServiceAccountToken: false\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: quiet\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    // ServiceAccounts that set the field either way, by namespace and name: one lookup per pod.
    let decided: std::collections::HashSet<(&str, &str)> = ctx
        .objects_of_kind("ServiceAccount")
        .filter(|sa| tree.get(sa.root, "automountServiceAccountToken").is_some())
        .filter_map(|sa| Some((ctx.namespace_of(sa), sa.name.as_deref()?)))
        .collect();
    // ServiceAccounts that a binding in the input grants rights to: their pods call the API
    // and need the token, so mounting it is no oversight.
    let bound: std::collections::HashSet<(&str, &str)> = ctx
        .bindings
        .iter()
        .flat_map(|b| {
            let binding = &ctx.objects[b.object];
            b.subjects
                .iter()
                .filter(|(kind, _, _)| kind == "ServiceAccount")
                .map(move |(_, name, node)| {
                    let namespace = tree
                        .get_str(*node, "namespace")
                        .unwrap_or_else(|| ctx.namespace_of(binding));
                    (namespace, name.as_str())
                })
        })
        .collect();
    for pod in &ctx.pods {
        let obj = ctx.object(pod);
        // A pod that writes the field has chosen: false is the safe default we ask for, and
        // true is a deliberate choice for something that calls the API, not an oversight.
        if tree.get(pod.spec, "automountServiceAccountToken").is_some() {
            continue;
        }
        // The pod inherits the setting of its ServiceAccount when that is in the input.
        let account = tree
            .get_str(pod.spec, "serviceAccountName")
            .unwrap_or("default");
        let namespace = ctx.namespace_of(obj);
        let key = (namespace, account);
        if !decided.contains(&key) && !bound.contains(&key) {
            sink.report(pod.spec_key, "The pod mounts its service account token: neither the pod spec nor its ServiceAccount sets automountServiceAccountToken.")
                .resource(obj.label())
            .fix(|| Plan::set("Set automountServiceAccountToken to false", Safety::Review("a program that calls the Kubernetes API with the mounted token loses it"), pod.spec, &["automountServiceAccountToken"], Value::plain("false")));
        }
    }
}
