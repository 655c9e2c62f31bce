use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;
use crate::suppress;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS903",
        slug: "suppression-without-reason",
        title: "Suppression gives no reason",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Auditing],
        severity: Severity::Low,
        security_severity: "1.0",
        rationale: "A suppressed finding is a decision to accept a risk. Without a reason, the next reviewer cannot tell a considered exception from a silenced warning, and the suppression outlives whatever justified it. Posture ignores suppressions that give no reason.",
        remediation: "Add a reason after the rule IDs: `posture.dev/ignore: \"LP102: CNI agent needs host access\"` or `# posture-ignore LP102 CNI agent needs host access`.",
        subject: Subject::Documents,
        fix_snippet: "metadata:\n  annotations:\n    posture.dev/ignore: \"LP103: node exporter reads host network stats\"",
        references: &[
        ],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {posture.dev/ignore: LP102}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      securityContext: {privileged: true}  # posture-ignore LP102\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {posture.dev/ignore: \"LP102: debugging node\"}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      securityContext: {privileged: true}  # posture-ignore LP102 debugging the node\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for node in suppress::annotation_nodes(ctx) {
        let Some(value) = tree.str(node) else {
            continue;
        };
        if suppress::parse_annotation(value)
            .iter()
            .any(|e| e.reason.is_empty())
        {
            sink.report(
                node,
                "This suppression gives no reason, so it is not applied.",
            )
            .evidence(evidence(value));
        }
    }
    // Only real comments count (a `#` inside a string is not one). Each text reports its own:
    // the comments of a document embedded in a string are reported by that document's check.
    for (start, end, entry) in suppress::comments(tree, ctx.text) {
        if entry.reason.is_empty() {
            let written = ctx.text[start..end].trim_end().len();
            sink.report_range(
                start,
                start + written,
                "This suppression comment gives no reason, so it is not applied.",
            );
        }
    }
}

/// The annotation as evidence without quoting it: an annotation can hold anything, secrets
/// included, so only the rule IDs it names are shown, and anything not shaped like a rule ID
/// is masked like other evidence.
fn evidence(value: &str) -> String {
    let ids: Vec<String> = suppress::parse_annotation(value)
        .iter()
        .flat_map(|e| e.rules.iter())
        .map(|id| {
            let shaped = id.len() <= 8 && id.bytes().all(|b| b.is_ascii_alphanumeric());
            if shaped {
                id.clone()
            } else {
                secrets::mask(id)
            }
        })
        .collect();
    format!("{}: {}", suppress::ANNOTATION, ids.join(", "))
}
