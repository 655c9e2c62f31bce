use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::fix::{Intent, Plan, Safety, Value};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::yaml::{k8s_bool, BoolSpelling, Node, NodeId, Tree};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS901",
        slug: "yaml11-boolean",
        title: "Ambiguous YAML boolean spelling",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "2.0",
        rationale: "Kubernetes decodes YAML with 1.1 rules, where an unquoted yes, no, on, off, y \
            or n is a boolean; YAML 1.2 tools, linters and editors read the same word as text. \
            The file then means one thing to the cluster and another to whoever reviews it, and \
            in a string field the apply fails. A config built to be safe says exactly what it \
            means.",
        remediation: "Write true or false for a boolean, or quote the word if it is meant as \
            text.",
        subject: Subject::Documents,
        fix_snippet: "securityContext:\n  privileged: false   # not: no\nenv:\n  - name: FEATURE\n    value: \"on\"      # quoted: text",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: no\n  containers: [{name: a}]\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: false\n  containers: [{name: a, env: [{name: X, value: \"yes\"}]}]\n",
            // Only Kubernetes documents are decoded with YAML 1.1 rules here.
            "name: just-some-yaml\nenabled: yes\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in &ctx.documents {
        if doc.kind != DocKind::KubernetesObject {
            continue;
        }
        each_value(tree, doc.root, &mut |node| {
            if let Some((value, BoolSpelling::Yaml11)) = k8s_bool(tree, node) {
                let word = tree.str(node).unwrap_or_default();
                sink.report(
                    node,
                    format!(
                        "Kubernetes reads the unquoted \"{word}\" as the boolean {value}; write \
                         {value}, or quote it if it is text."
                    ),
                )
                .evidence(word)
                .fix(|| {
                    Plan::new(
                        format!("Write {value} instead of {word}"),
                        Safety::Safe,
                        vec![Intent::Replace {
                            node,
                            value: Value::plain(value.to_string()),
                        }],
                    )
                });
            }
        });
    }
}

/// Calls `f` on `node` and on every node under it that is not a mapping key, in text order.
/// Aliases are not followed, so each node of the text is seen once. Recursion is bounded by the
/// loader's nesting limit.
fn each_value(tree: &Tree, node: NodeId, f: &mut impl FnMut(NodeId)) {
    f(node);
    match tree.node(node) {
        Node::Sequence(items) => items.iter().for_each(|&item| each_value(tree, item, f)),
        Node::Mapping(entries) => entries.iter().for_each(|e| each_value(tree, e.value, f)),
        Node::Scalar(_) | Node::Alias(_) => {}
    }
}
