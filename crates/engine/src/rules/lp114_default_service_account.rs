use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "LP114",
        slug: "default-service-account",
        title: "Pod runs as the namespace's default service account",
        principle: Principle::LeastPrivilege,
        pillars: &[Pillar::Authorization, Pillar::Authentication],
        severity: Severity::Low,
        security_severity: "3.1",
        rationale: "The default service account is shared by every pod in the namespace that does not name another one, so any permission granted to it for one workload is granted to all. A dedicated account per workload keeps each identity's rights to what that workload needs.",
        remediation: "Create a ServiceAccount for the workload and set `serviceAccountName`.",
        subject: Subject::Pods,
        fix_snippet: "spec:\n  serviceAccountName: web",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: default\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: web\n  containers:\n    - name: app\n      image: app:1.0\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for pod in &ctx.pods {
        let obj = ctx.object(pod);
        match tree.get(pod.spec, "serviceAccountName") {
            Some(name)
                if tree
                    .str(name)
                    .is_some_and(|n| n != "default" && !n.is_empty()) => {}
            Some(name) => {
                sink.report(name, "The pod uses the default service account.")
                    .resource(obj.label());
            }
            None => {
                // The deprecated `serviceAccount` field still names an account.
                if tree
                    .get_str(pod.spec, "serviceAccount")
                    .is_some_and(|n| n != "default")
                {
                    continue;
                }
                sink.report(
                    pod.spec_key,
                    "The pod names no service account, so it uses the default one.",
                )
                .resource(obj.label());
            }
        }
    }
}
