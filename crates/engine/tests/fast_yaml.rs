//! The fast YAML reader must give exactly the tree `saphyr-parser` gives (nodes, ranges,
//! scalar values and styles, comments, duplicate keys, errors) for every text: on the test
//! corpus, on generated configuration-like texts, and on those texts with random damage.

use std::path::Path;

use posture_engine::yaml::{fast_reader_coverage, load, load_reference, Limits};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::RngSeed;

/// A fixed seed keeps CI repeatable; `FAST_YAML_CASES=400000 FAST_YAML_SEED=$RANDOM cargo
/// test --test fast_yaml` searches further (800,000 cases with random seeds passed).
fn config() -> ProptestConfig {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    ProptestConfig {
        cases: var("FAST_YAML_CASES").unwrap_or(20_000) as u32,
        rng_seed: RngSeed::Fixed(var("FAST_YAML_SEED").unwrap_or(17)),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn same_tree(text: &str) -> Result<(), String> {
    same_tree_within(text, &Limits::default())
}

fn same_tree_within(text: &str, limits: &Limits) -> Result<(), String> {
    let fast = format!("{:?}", load(text, limits));
    let reference = format!("{:?}", load_reference(text, limits));
    if fast == reference {
        Ok(())
    } else {
        let at = fast
            .bytes()
            .zip(reference.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(fast.len().min(reference.len()));
        let from = at.saturating_sub(150);
        Err(format!(
            "fast reader differs for {text:?}\nfast:      …{}\nreference: …{}",
            &fast[from..(at + 80).min(fast.len())],
            &reference[from..(at + 80).min(reference.len())]
        ))
    }
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(path);
        }
    }
}

#[test]
fn the_corpus_loads_alike_and_mostly_through_the_fast_reader() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["tests/corpus", "tests/fixtures", "../../samples"] {
        files(&root.join(dir), &mut paths);
    }
    assert!(paths.len() > 40, "{} files", paths.len());
    let (mut taken, mut chunks) = (0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        if let Err(e) = same_tree(&text) {
            panic!("{}: {e}", path.display());
        }
        let (t, c) = fast_reader_coverage(&text);
        taken += t;
        chunks += c;
    }
    // Nearly every real document is in the reader's shape; the rest use anchors, tags or
    // multi-line scalars.
    assert!(taken * 10 >= chunks * 8, "{taken} of {chunks} chunks");
}

/// A limit can stop the loading inside a collection, whose range is then the one its opening
/// step gave: the readers must agree on it too.
#[test]
fn collections_a_limit_stopped_have_the_same_ranges() {
    let cases = [
        (
            "{ a: b, c: d}",
            Limits {
                max_entries: 1,
                ..Limits::default()
            },
        ),
        (
            "[ [ a]]",
            Limits {
                max_depth: 2,
                ..Limits::default()
            },
        ),
        (
            "k: { # note\n  a: b, c: d}\n",
            Limits {
                max_entries: 1,
                ..Limits::default()
            },
        ),
        (
            "k:\n  a: b\n  c: d\n",
            Limits {
                max_entries: 1,
                ..Limits::default()
            },
        ),
        (
            "- [a, b, c]\n- x\n",
            Limits {
                max_nodes: 3,
                ..Limits::default()
            },
        ),
    ];
    for (text, limits) in cases {
        if let Err(e) = same_tree_within(text, &limits) {
            panic!("{e}");
        }
    }
}

/// Lines configuration texts are made of, including ones the fast reader leaves alone.
const LINES: &[&str] = &[
    "key: value",
    "key:",
    "other: 1",
    "- item",
    "-",
    "- key: value",
    "- name: a",
    "  image: b",
    "key: |",
    "key: >-",
    "key: |+",
    "key: >",
    "  text line",
    "    more text",
    "text",
    "# comment",
    "",
    "  ",
    "key: {a: b, c: [d, e]}",
    "key: [x, \"y\", 'z']",
    "key: [",
    "  a, b,",
    "]",
    "key: \"quoted \\\" \\u00e9 \\x41 \\n\"",
    "'k': v",
    "\"k\": \"v\"",
    "key: v # c",
    "key: v#c",
    "...",
    "---",
    "--- # c",
    "key: a:b",
    "key: -1",
    "- - x",
    "key: &a x",
    "key: *a",
    "key: !!str 1",
    "[1, 2]",
    "{a: 1, \"b\":2}",
    "key: 'it''s'",
    "key: \"ab",
    "? complex",
    "key: a: b",
    "key: @x",
    "key: {a, b: }",
    "key: [a: b]",
    "<<: {m: 1}",
    "key: |2",
    "key: \"\\q\"",
    "-\tx",
    "key: é ünï",
];

fn text_strategy() -> impl Strategy<Value = String> {
    let line = (
        prop::sample::select(vec![0usize, 0, 0, 1, 2, 2, 2, 3, 4, 4, 6]),
        prop::sample::select(LINES.to_vec()),
    );
    (
        prop::collection::vec(line, 1..14),
        any::<bool>(),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(DAMAGE.to_vec()),
            ),
            0..3,
        ),
    )
        .prop_map(|(lines, final_break, damage)| {
            let mut text = lines
                .iter()
                .map(|(indent, line)| format!("{}{line}", " ".repeat(*indent)))
                .collect::<Vec<_>>()
                .join("\n");
            if final_break {
                text.push('\n');
            }
            for (at, c) in damage {
                if text.is_empty() {
                    break;
                }
                let mut i = at.index(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                text.insert(i, c);
            }
            text
        })
}

/// Characters inserted at random to find where the readers might part.
const DAMAGE: &[char] = &[
    ' ', ':', '#', '-', '\n', '\'', '"', '[', ']', '{', '}', ',', '|', '>', '\\', '\t', '\r', '.',
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_texts_load_alike(text in text_strategy()) {
        if let Err(e) = same_tree(&text) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// A value of a generated document.
#[derive(Clone, Debug)]
enum Value {
    Scalar(&'static str),
    Mapping(Vec<(&'static str, Value)>),
    Sequence(Vec<Value>),
}

const SCALARS: &[&str] = &[
    "a",
    "value with spaces",
    "1",
    "-1",
    "true",
    "a:b",
    "http://x.y/z?q=1#f",
    "é ü",
    "",
    "it's",
    "say \"hi\"",
    "multi\nline\n",
    "x#y",
    "trailing  ",
    " lead",
    "[not]",
    "{x}",
    "- dash",
    "# hash",
    "a: b",
    "~",
    "line1\n\nline3\n",
    "  indented\nbody\n",
    "tail\n\n\n",
    "no break",
    "\n\nafter blanks\n",
    "back\\slash",
];

const KEYS: &[&str] = &[
    "name", "image", "a b", "x:y", "-k", "<<", "name", "k#1", "é", "\"q\"",
];

fn value_strategy() -> impl Strategy<Value = Value> {
    let leaf = prop::sample::select(SCALARS.to_vec()).prop_map(Value::Scalar);
    leaf.prop_recursive(5, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner.clone()), 1..5)
                .prop_map(Value::Mapping),
            prop::collection::vec(inner, 1..5).prop_map(Value::Sequence),
        ]
    })
}

/// Rendering choices, drawn per node from a stream of numbers.
struct Style<'a> {
    choices: &'a [u8],
    next: usize,
}

impl Style<'_> {
    fn pick(&mut self, n: u8) -> u8 {
        let c = self.choices[self.next % self.choices.len()];
        self.next += 1;
        c % n
    }
}

fn scalar_text(s: &str, style: &mut Style, indent: usize, out: &mut String) {
    match style.pick(5) {
        0 => out.push_str(s),
        1 => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''").replace('\n', " "));
            out.push('\'');
        }
        2 => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    'é' => out.push_str("\\u00e9"),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        k => {
            out.push(if k == 3 { '|' } else { '>' });
            out.push_str(["", "-", "+"][style.pick(3) as usize]);
            if style.pick(4) == 0 {
                out.push_str(" # header");
            }
            let pad = " ".repeat(indent + 1 + style.pick(3) as usize);
            for line in s.split('\n') {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&pad);
                    out.push_str(line);
                }
            }
        }
    }
}

fn flow(value: &Value, style: &mut Style, out: &mut String) {
    match value {
        Value::Scalar(s) => match style.pick(3) {
            0 => out.push_str(s),
            _ => {
                out.push('"');
                out.push_str(
                    &s.replace('\\', "\\\\")
                        .replace('"', "\\\"")
                        .replace('\n', "\\n"),
                );
                out.push('"');
            }
        },
        Value::Mapping(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(if style.pick(3) == 0 { ",\n   " } else { ", " });
                }
                out.push_str(k);
                out.push_str(if style.pick(4) == 0 { ":" } else { ": " });
                flow(v, style, out);
            }
            out.push('}');
        }
        Value::Sequence(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(v, style, out);
            }
            if style.pick(5) == 0 {
                out.push(',');
            }
            out.push(']');
        }
    }
}

/// Writes `value` after a key's `: ` or an entry's `- ` (the line so far is in `out`); block
/// collections go on the following lines, indented from `indent`.
fn block_value(value: &Value, style: &mut Style, indent: usize, of_key: bool, out: &mut String) {
    match value {
        Value::Scalar(s) => {
            out.push(' ');
            scalar_text(s, style, indent, out);
            if style.pick(6) == 0 {
                out.push_str("  # note");
            }
        }
        _ if style.pick(6) == 0 => {
            out.push(' ');
            flow(value, style, out);
        }
        Value::Sequence(_) if of_key && style.pick(2) == 0 => block(value, style, indent, out),
        _ => {
            let step = 1 + style.pick(4) as usize;
            block(value, style, indent + step, out)
        }
    }
}

fn block(value: &Value, style: &mut Style, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Scalar(_) => block_value(value, style, indent, true, out),
        Value::Mapping(entries) => {
            for (k, v) in entries {
                out.push('\n');
                if style.pick(8) == 0 {
                    out.push_str(&pad);
                    out.push_str("# comment\n");
                }
                if style.pick(10) == 0 {
                    out.push('\n');
                }
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                block_value(v, style, indent, true, out);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                out.push('\n');
                out.push_str(&pad);
                out.push('-');
                match item {
                    Value::Mapping(entries) if style.pick(2) == 0 => {
                        // The compact form: the first key on the entry's line.
                        let gap = 1 + style.pick(3) as usize;
                        out.push_str(&" ".repeat(gap));
                        let inner = indent + 1 + gap;
                        let mut rest = String::new();
                        block(&Value::Mapping(entries.clone()), style, inner, &mut rest);
                        out.push_str(rest.trim_start_matches('\n').trim_start());
                    }
                    _ => block_value(item, style, indent, false, out),
                }
            }
        }
    }
}

fn document_strategy() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(value_strategy(), 1..3),
        prop::collection::vec(any::<u8>(), 1..64),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(DAMAGE.to_vec()),
            ),
            0..2,
        ),
    )
        .prop_map(|(documents, choices, damage)| {
            let mut style = Style {
                choices: &choices,
                next: 0,
            };
            let mut text = String::new();
            for (i, doc) in documents.iter().enumerate() {
                if i > 0 || style.pick(3) == 0 {
                    text.push_str("---\n");
                }
                let root = match doc {
                    Value::Scalar(s) => Value::Mapping(vec![("root", Value::Scalar(s))]),
                    other => other.clone(),
                };
                let mut body = String::new();
                if style.pick(5) == 0 {
                    flow(&root, &mut style, &mut body);
                } else {
                    block(&root, &mut style, 0, &mut body);
                }
                text.push_str(body.trim_start_matches('\n'));
                text.push('\n');
            }
            for (at, c) in damage {
                let mut i = at.index(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                text.insert(i, c);
            }
            text
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_documents_load_alike(text in document_strategy()) {
        if let Err(e) = same_tree(&text) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// The generated documents must mostly be ones the fast reader takes, or the test above
/// proves little.
#[test]
fn generated_documents_are_mostly_the_fast_readers() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = document_strategy();
    let (mut taken, mut chunks) = (0, 0);
    for _ in 0..500 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let (t, c) = fast_reader_coverage(&text);
        taken += t;
        chunks += c;
    }
    assert!(taken * 2 >= chunks, "{taken} of {chunks} chunks");
}
