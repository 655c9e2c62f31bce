//! Property: any tree of mappings, sequences and scalars, written out as block YAML, parses
//! back with every scalar at the line and UTF-16 column where the writer put it.

use posture_engine::source::LineIndex;
use posture_engine::yaml::{load, Limits, Node};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Value {
    Scalar(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

/// Plain scalars mixing ASCII with accents, CJK and astral-plane characters.
fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("z"),
            Just("k8s"),
            Just("é"),
            Just("ß"),
            Just("日本"),
            Just("😀"),
            Just("x1"),
            Just("-"),
            Just("_"),
        ],
        1..5,
    )
    .prop_map(|parts| format!("w{}", parts.concat()))
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = word().prop_map(Value::Scalar);
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..5).prop_map(Value::Seq),
            proptest::collection::vec((word(), inner), 1..5).prop_map(|entries| {
                // Unique keys, so the parse keeps every entry.
                let mut seen = std::collections::HashSet::new();
                Value::Map(
                    entries
                        .into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

/// Writes block YAML and records, for each scalar in document order, (line, utf16 column, text).
struct Writer {
    out: String,
    line: usize,
    expected: Vec<(usize, usize, String)>,
}

impl Writer {
    fn col_utf16(&self) -> usize {
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].encode_utf16().count() + 1
    }
    fn scalar(&mut self, s: &str) {
        self.expected
            .push((self.line, self.col_utf16(), s.to_string()));
        self.out.push_str(s);
    }
    fn newline(&mut self) {
        self.out.push('\n');
        self.line += 1;
    }
    fn indent(&mut self, n: usize) {
        self.out.push_str(&" ".repeat(n));
    }
    fn write(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Scalar(s) => {
                self.scalar(s);
                self.newline();
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.indent(indent);
                    }
                    self.out.push_str("- ");
                    self.write(item, indent + 2);
                }
            }
            Value::Map(entries) => {
                for (i, (k, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.indent(indent);
                    }
                    self.scalar(k);
                    self.out.push(':');
                    match item {
                        Value::Scalar(_) => {
                            self.out.push(' ');
                            self.write(item, indent);
                        }
                        _ => {
                            self.newline();
                            self.indent(indent + 2);
                            self.write(item, indent + 2);
                        }
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn scalars_reparse_at_the_written_line_and_column(v in value(), crlf in any::<bool>()) {
        let mut w = Writer { out: String::new(), line: 1, expected: Vec::new() };
        w.write(&v, 0);
        let text = if crlf { w.out.replace('\n', "\r\n") } else { w.out.clone() };
        let loaded = load(&text, &Limits::default());
        prop_assert!(loaded.errors.is_empty(), "{:?}\n{}", loaded.errors, text);
        prop_assert_eq!(loaded.documents.len(), 1);
        let lines = LineIndex::new(&text);
        let tree = &loaded.tree;
        let found: Vec<(usize, usize, String)> = tree
            .descendants(loaded.documents[0].root)
            .filter(|(id, _)| matches!(tree.node(*id), Node::Scalar(_)))
            .map(|(id, _)| {
                let (start, end) = tree.range(id);
                let p = lines.position(&text, start);
                prop_assert_eq!(&text[start..end], tree.str(id).unwrap());
                Ok((p.line, p.column_utf16, tree.str(id).unwrap().to_string()))
            })
            .collect::<Result<_, TestCaseError>>()?;
        prop_assert_eq!(found, w.expected, "\n{}", text);
    }
}
