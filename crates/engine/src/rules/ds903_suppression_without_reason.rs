use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
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
        invalid: &[
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {posture.dev/ignore: LP102}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      securityContext: {privileged: true}  # posture-ignore LP102\n",
        ],
        valid: &[
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
            .evidence(value);
        }
    }
    // Comments are not part of the parsed tree: scan the pasted text's lines (once: an embedded
    // document's lines are part of the pasted text already).
    if ctx.embedded {
        return;
    }
    // Only lines that mention the marker are parsed; most texts have none.
    let text = ctx.text;
    let mut next_line = 0;
    for (at, _) in text.match_indices(suppress::COMMENT) {
        if at < next_line {
            continue;
        }
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        next_line = end;
        let line = &text[start..end];
        if let Some((entry, hash)) = suppress::parse_comment(line) {
            if entry.reason.is_empty() {
                sink.report_range(
                    start + hash,
                    start + line.trim_end().len(),
                    "This suppression comment gives no reason, so it is not applied.",
                );
            }
        }
    }
}
