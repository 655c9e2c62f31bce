use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "CI102",
        slug: "deprecated-service-account-field",
        title: "Pod uses the deprecated serviceAccount field",
        principle: Principle::ContinuousImprovement,
        pillars: &[Pillar::Authorization],
        severity: Severity::Low,
        security_severity: "1.5",
        rationale: "`serviceAccount` is the old spelling of `serviceAccountName`, deprecated since Kubernetes 1.8. When the two disagree, readers and tools disagree about which identity the pod runs as. Keeping to the current field keeps the configuration unambiguous.",
        remediation: "Rename `serviceAccount` to `serviceAccountName`.",
        subject: Subject::Pods,
        fix_snippet: "spec:\n  serviceAccountName: web",
        references: &[
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccount: web\n  containers:\n    - name: app\n      image: app:1.0\n",
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
        let Some(entry) = tree.entry(pod.spec, "serviceAccount") else {
            continue;
        };
        sink.report(
            entry.key,
            "The pod uses the deprecated serviceAccount field; use serviceAccountName.",
        )
        .resource(ctx.object(pod).label());
    }
}
