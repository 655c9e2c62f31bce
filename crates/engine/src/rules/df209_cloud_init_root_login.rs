use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::fix::{Intent, Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF209",
        slug: "cloud-init-root-login",
        title: "cloud-init leaves root login enabled",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication, Pillar::Authorization],
        severity: Severity::Medium,
        security_severity: "5.8",
        rationale: "cloud-init disables direct root login over SSH by default. disable_root: false turns that back on, so a leaked key or password gives root directly, with no user account in the audit trail.",
        remediation: "Remove `disable_root: false` and log in as a named user with sudo.",
        subject: Subject::DocKind(crate::document::DocKind::CloudConfig),
        fix_snippet: "#cloud-config\ndisable_root: true",
        references: &[
        ],
        invalid: examples![
            "#cloud-config\ndisable_root: false\n",
        ],
        valid: examples![
            "#cloud-config\ndisable_root: true\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::CloudConfig)
    {
        if let Some(node) = tree.get(doc.root, "disable_root") {
            if k8s_bool(tree, node).is_some_and(|(b, _)| !b) {
                sink.report(
                    node,
                    "Root login over SSH is enabled (disable_root: false).",
                )
                .evidence("disable_root: false")
                .fix(|| {
                    Plan::new(
                        "Set disable_root to true",
                        Safety::Review(
                            "anyone who logs in as root over SSH must use the default user instead",
                        ),
                        vec![Intent::Replace {
                            node,
                            value: Value::plain("true"),
                        }],
                    )
                });
            }
        }
    }
}
