//! Reads a report back from Posture's own JSON export (`report::json`), with the engine's own
//! YAML/JSON loader, so no deserialisation library is needed. The page uses it to take results
//! from its checking worker; results-only share links can use it too.
//!
//! Findings of rules this catalogue does not know are dropped: their texts live in the rule
//! declarations, not in the JSON.

use crate::finding::{Finding, InputError};
use crate::model::{Pillar, Principle};
use crate::report::{FileSummary, Report};
use crate::rules;
use crate::score::{not_graded_reason, Score, Scorecard};
use crate::source::{Position, Span};
use crate::yaml::{k8s_int, load, Limits, NodeId, Tree};

fn uint(tree: &Tree, map: NodeId, key: &str) -> usize {
    tree.get(map, key)
        .and_then(|n| k8s_int(tree, n))
        .map_or(0, |v| v.max(0) as usize)
}

fn text(tree: &Tree, map: NodeId, key: &str) -> Option<String> {
    let node = tree.get(map, key)?;
    if tree.is_null(node) {
        return None;
    }
    tree.str(node).map(str::to_string)
}

fn position(tree: &Tree, node: Option<NodeId>) -> Position {
    match node {
        Some(p) => Position {
            offset: uint(tree, p, "offset"),
            line: uint(tree, p, "line"),
            column: uint(tree, p, "column"),
            column_utf16: uint(tree, p, "column_utf16"),
        },
        None => Position {
            offset: 0,
            line: 1,
            column: 1,
            column_utf16: 1,
        },
    }
}

fn span(tree: &Tree, map: NodeId) -> Span {
    let s = tree.get(map, "span");
    Span {
        start: position(tree, s.and_then(|s| tree.get(s, "start"))),
        end: position(tree, s.and_then(|s| tree.get(s, "end"))),
    }
}

fn score(tree: &Tree, node: NodeId) -> Score {
    let value = tree
        .get(node, "score")
        .filter(|n| !tree.is_null(*n))
        .and_then(|n| k8s_int(tree, n));
    Score {
        score: value.map(|v| v.clamp(0, 100) as u8),
        checks: uint(tree, node, "checks"),
        failed: uint(tree, node, "failed"),
    }
}

/// The name serde writes for a unit variant (`"SecureByDesign"` without quotes).
fn variant_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_string(&value)
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

/// Reads `[[Name, {score…}], …]` pairs of the scorecard.
fn pairs<T: Copy>(
    tree: &Tree,
    list: Option<NodeId>,
    all: &[T],
    name: impl Fn(T) -> String,
) -> Vec<(T, Score)> {
    let items = list.map(|l| tree.items(l)).unwrap_or(&[]);
    all.iter()
        .map(|item| {
            let found = items.iter().find(|pair| {
                tree.items(**pair).first().and_then(|n| tree.str(*n)) == Some(name(*item).as_str())
            });
            let s = found
                .and_then(|pair| tree.items(*pair).get(1).copied())
                .map(|n| score(tree, n));
            (*item, s.unwrap_or_default())
        })
        .collect()
}

/// Reads a report and its scorecard from `report::json` output. `None` if the text is not such
/// a report.
pub fn from_json(json: &str) -> Option<(Report, Scorecard)> {
    let loaded = load(json, &Limits::default());
    let root = loaded.documents.first()?.root;
    let tree = &loaded.tree;
    if tree.get_str(root, "tool") != Some("posture") {
        return None;
    }
    let mut report = Report::default();
    for f in tree
        .get(root, "files")
        .map(|l| tree.items(l))
        .unwrap_or(&[])
    {
        report.files.push(FileSummary {
            name: text(tree, *f, "name").unwrap_or_default(),
            documents: uint(tree, *f, "documents"),
            resources: uint(tree, *f, "resources"),
            lines: uint(tree, *f, "lines"),
        });
    }
    for f in tree
        .get(root, "findings")
        .map(|l| tree.items(l))
        .unwrap_or(&[])
    {
        let Some(rule) = tree.get_str(*f, "rule_id").and_then(rules::find) else {
            continue;
        };
        let m = &rule.meta;
        let implies: Vec<&'static str> = tree
            .get(*f, "implies")
            .map(|l| tree.items(l))
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| tree.str(*n).and_then(rules::find))
            .map(|r| r.meta.id)
            .collect();
        report.findings.push(Finding {
            rule_id: m.id,
            rule_slug: m.slug,
            severity: rules::folded_severity(m, &implies),
            title: m.title,
            message: text(tree, *f, "message").unwrap_or_default(),
            file: text(tree, *f, "file").unwrap_or_default(),
            span: span(tree, *f),
            resource: text(tree, *f, "resource"),
            container: text(tree, *f, "container"),
            path: text(tree, *f, "path").unwrap_or_default().into(),
            evidence: text(tree, *f, "evidence"),
            context: text(tree, *f, "context"),
            suppressed: text(tree, *f, "suppressed"),
            implies,
        });
    }
    for e in tree
        .get(root, "errors")
        .map(|l| tree.items(l))
        .unwrap_or(&[])
    {
        report.errors.push(InputError {
            file: text(tree, *e, "file").unwrap_or_default(),
            span: span(tree, *e),
            message: text(tree, *e, "message").unwrap_or_default(),
        });
    }
    let card = tree.get(root, "scorecard")?;
    let scorecard = Scorecard {
        principles: pairs(
            tree,
            tree.get(card, "principles"),
            &Principle::ALL,
            variant_name,
        ),
        pillars: pairs(tree, tree.get(card, "pillars"), &Pillar::ALL, variant_name),
        overall: tree
            .get(card, "overall")
            .map(|o| score(tree, o))
            .unwrap_or_default(),
        grade: tree
            .get_str(card, "grade")
            .and_then(|g| g.chars().next())
            .filter(|g| "ABCDF".contains(*g)),
        not_graded: None,
    };
    let scorecard = Scorecard {
        not_graded: scorecard
            .grade
            .is_none()
            .then(|| not_graded_reason(&report)),
        ..scorecard
    };
    Some((report, scorecard))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::json;
    use crate::score::scorecard;
    use crate::{check, Input};

    #[test]
    fn json_round_trips_findings_errors_and_scores() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  containers:\n    - name: \"é😀\"\n      image: nginx:latest\n      securityContext:\n        privileged: true  # posture-ignore LP102 device plugin\n---\nbroken: [\n";
        let report = check(&[Input {
            name: "x.yaml",
            text,
        }]);
        let (back, card) = from_json(&json::render(&report)).expect("reads its own JSON");
        assert_eq!(back.findings, report.findings);
        assert_eq!(back.errors.len(), report.errors.len());
        assert_eq!(back.errors[0].span, report.errors[0].span);
        assert_eq!(back.files[0].documents, report.files[0].documents);
        assert_eq!(card, scorecard(&report));
        assert!(back
            .findings
            .iter()
            .any(|f| f.suppressed.as_deref() == Some("device plugin")));
    }

    #[test]
    fn foreign_or_broken_json_is_refused() {
        assert!(from_json("{\"tool\": \"other\"}").is_none());
        assert!(from_json("not json at all [").is_none());
        assert!(from_json("").is_none());
    }
}
