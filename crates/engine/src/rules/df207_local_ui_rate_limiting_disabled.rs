use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DF207",
        slug: "local-ui-rate-limiting-disabled",
        title: "Edge local UI login has no rate limiting",
        principle: Principle::SecureByDefault,
        pillars: &[Pillar::Authentication, Pillar::Availability],
        severity: Severity::Medium,
        security_severity: "5.3",
        rationale: "Rate limiting is what makes guessing the local UI password impractical. Turning it off lets anyone on the edge site's network try passwords as fast as the device answers.",
        remediation: "Remove `disableRateLimiting` (it is off by default).",
        subject: Subject::DocKind(crate::document::DocKind::CloudConfig),
        fix_snippet: "stylus:\n  localUI:\n    login: {}",
        references: &[
        ],
        invalid: examples![
            "#cloud-config\nstylus:\n  localUI:\n    login:\n      disableRateLimiting: true\n",
        ],
        valid: examples![
            "#cloud-config\nstylus:\n  localUI:\n    login:\n      disableRateLimiting: false\n",
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
        let Some(node) = tree.path(
            doc.root,
            &["stylus", "localUI", "login", "disableRateLimiting"],
        ) else {
            continue;
        };
        if let Some((true, _)) = k8s_bool(tree, node) {
            sink.report(node, "Login rate limiting of the local UI is disabled.")
                .evidence("disableRateLimiting: true");
        }
    }
}
