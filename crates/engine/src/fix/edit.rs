//! Turns a plan's intents into minimal text edits over the node arena. Every edit replaces
//! only the bytes it must: a scalar's own characters, or whole new lines inserted after the
//! last line of a mapping or sequence, at that collection's own indentation. Comments, key
//! order, quoting, flow style and line endings outside an edit stay byte-identical.

use std::cell::OnceCell;

use serde::Serialize;

use super::plan::{Intent, Value};
use crate::document::Classified;
use crate::embed::OffsetMap;
use crate::yaml::{Node, NodeId, ScalarStyle, Tree};

/// Replace `start..end` of the pasted input by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// One parsed text, as edits of it see it.
pub(crate) struct Target<'a> {
    tree: &'a Tree,
    /// The text as parsed (template placeholders replaced by same-length scalars).
    text: &'a str,
    /// The text as written.
    original: &'a str,
    documents: &'a [Classified],
    /// Ranges of anchored nodes that aliases use, found on first need.
    shared: OnceCell<Vec<(usize, usize)>>,
    /// Indent step and sequence indent of this text, found on first need.
    style: OnceCell<(usize, usize)>,
}

impl<'a> Target<'a> {
    pub(crate) fn new(
        tree: &'a Tree,
        text: &'a str,
        original: &'a str,
        documents: &'a [Classified],
    ) -> Self {
        Target {
            tree,
            text,
            original,
            documents,
            shared: OnceCell::new(),
            style: OnceCell::new(),
        }
    }

    fn shared(&self) -> &[(usize, usize)] {
        self.shared.get_or_init(|| {
            let mut out = Vec::new();
            for d in self.documents {
                for (id, _) in self.tree.descendants(d.root) {
                    if let Node::Alias(target) = self.tree.node(id) {
                        out.push(self.tree.range(*target));
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        })
    }

    /// The indent step (spaces per nesting level) and how far a block sequence's `- ` sits
    /// right of its key (0 or the step), read from the text's own nested collections.
    fn style(&self) -> (usize, usize) {
        *self.style.get_or_init(|| {
            let (mut step, mut seq) = (None, None);
            'docs: for d in self.documents {
                for (id, _) in self.tree.descendants(d.root) {
                    let Node::Mapping(entries) = self.tree.node(id) else {
                        continue;
                    };
                    for e in entries {
                        let key_col = self.column(self.tree.range(e.key).0);
                        match self.tree.node(e.value) {
                            Node::Mapping(inner) if step.is_none() && !self.is_flow(e.value) => {
                                if let Some(first) = inner.first() {
                                    let col = self.column(self.tree.range(first.key).0);
                                    if col > key_col {
                                        step = Some(col - key_col);
                                    }
                                }
                            }
                            Node::Sequence(items) if seq.is_none() && !self.is_flow(e.value) => {
                                if let Some(dash) = items.first().and_then(|i| self.dash(*i)) {
                                    let col = self.column(dash);
                                    seq = Some(col.saturating_sub(key_col));
                                }
                            }
                            _ => {}
                        }
                        if step.is_some() && seq.is_some() {
                            break 'docs;
                        }
                    }
                }
            }
            let step = step.unwrap_or(2);
            (step, seq.unwrap_or(step))
        })
    }

    fn line_start(&self, pos: usize) -> usize {
        self.text[..pos].rfind('\n').map_or(0, |i| i + 1)
    }

    fn column(&self, pos: usize) -> usize {
        pos - self.line_start(pos)
    }

    /// The position right after the line that holds `pos` (or `pos` itself when it already
    /// starts a line): where new lines go, so a comment at the end of that line stays there.
    fn after_line(&self, pos: usize) -> usize {
        if pos == 0 || self.text.as_bytes().get(pos - 1) == Some(&b'\n') {
            return pos;
        }
        self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |i| pos + i + 1)
    }

    fn is_flow(&self, node: NodeId) -> bool {
        let (start, _) = self.tree.range(node);
        matches!(self.text.as_bytes().get(start), Some(b'{' | b'['))
    }

    /// Where the `- ` of a block sequence item is.
    fn dash(&self, item: NodeId) -> Option<usize> {
        let (start, _) = self.tree.range(item);
        let from = self.line_start(start);
        let before = &self.text[from..=start.min(self.text.len().saturating_sub(1))];
        let i = before.rfind('-')?;
        before[..i]
            .chars()
            .all(|c| c == ' ' || c == '-')
            .then_some(from + i)
    }

    fn is_empty_null(&self, node: NodeId) -> bool {
        matches!(self.tree.node(node), Node::Scalar(s) if s.style == ScalarStyle::Plain && self.tree.text(s).is_empty())
    }

    /// Where the written content of a node ends: its last scalar, not the blank lines and
    /// comments a parser may count into a block collection's range.
    fn content_end(&self, node: NodeId) -> usize {
        let (start, end) = self.tree.range(node);
        if self.is_flow(node) {
            return end;
        }
        match self.tree.node(node) {
            Node::Mapping(entries) => match entries.last() {
                Some(e) if self.is_empty_null(e.value) => self.colon_after(e.key),
                Some(e) => self.content_end(e.value),
                None => end,
            },
            Node::Sequence(items) => items.last().map_or(end, |i| self.content_end(*i)),
            Node::Scalar(_) if start == end => start,
            _ => end,
        }
    }

    /// The position right after the `:` that follows a key.
    fn colon_after(&self, key: NodeId) -> usize {
        let (_, end) = self.tree.range(key);
        self.text[end..].find(':').map_or(end, |i| end + i + 1)
    }
}

/// Builds the edits of one plan, in the text's own offsets.
pub(crate) fn build(t: &Target, intents: &[Intent]) -> Result<Vec<Edit>, String> {
    let mut b = Builder {
        t,
        edits: Vec::new(),
    };
    for intent in intents {
        match intent {
            Intent::Set { at, path, value } => b.walk(*at, path, Op::Set(value))?,
            Intent::Append { at, path, item } if path.is_empty() => b.append_item(*at, item)?,
            Intent::Append { at, path, item } => b.walk(*at, path, Op::Append(item))?,
            Intent::RemoveItem { seq, item } => b.remove_item(*seq, *item)?,
            Intent::Replace { node, value } => b.replace(*node, value)?,
            Intent::AppendDocument(doc) => b.append_document(doc)?,
        }
    }
    b.guard()?;
    // Keys added to one mapping by several intents go in at one point: one edit, in order.
    let mut merged: Vec<Edit> = Vec::new();
    for e in b.edits {
        match merged
            .iter_mut()
            .find(|m| m.start == m.end && m.start == e.start && e.end == e.start)
        {
            Some(m) => m.replacement.push_str(&e.replacement),
            None => merged.push(e),
        }
    }
    b.edits = merged;
    b.edits
        .retain(|e| t.text.get(e.start..e.end) != Some(e.replacement.as_str()));
    Ok(b.edits)
}

enum Op<'v> {
    Set(&'v Value),
    Append(&'v Value),
}

struct Builder<'a, 't> {
    t: &'a Target<'t>,
    edits: Vec<Edit>,
}

const ALIAS: &str = "the value is reached through an alias; changing the anchored node would \
                     change every place that uses it";

impl Builder<'_, '_> {
    fn tree(&self) -> &Tree {
        self.t.tree
    }

    fn push(&mut self, start: usize, end: usize, replacement: String) {
        self.edits.push(Edit {
            start,
            end,
            replacement,
        });
    }

    /// Refuses edits that would land in an anchored node other places alias, or in a
    /// template placeholder.
    fn guard(&self) -> Result<(), String> {
        for e in &self.edits {
            let inside = |&(s, end): &(usize, usize)| {
                // Overlapping it, or inserting strictly inside it.
                e.start < end && (e.end > s || s < e.start)
            };
            if self.t.shared().iter().any(inside) {
                return Err(ALIAS.to_string());
            }
            if self.t.text.get(e.start..e.end) != self.t.original.get(e.start..e.end) {
                return Err(
                    "the value is a template placeholder, filled in only when the \
                            template is rendered"
                        .to_string(),
                );
            }
        }
        Ok(())
    }

    /// The entry of `key` as written in this mapping (last duplicate wins), or why it cannot
    /// be edited here.
    fn own_entry(&self, map: NodeId, key: &str) -> Result<Option<crate::yaml::Entry>, String> {
        let tree = self.tree();
        let Node::Mapping(entries) = tree.node(map) else {
            return Err(match tree.node(map) {
                Node::Alias(_) => ALIAS.to_string(),
                _ => "the place to change is not a mapping".to_string(),
            });
        };
        let own = entries
            .iter()
            .rev()
            .find(|e| matches!(tree.node(e.key), Node::Scalar(s) if tree.text(s) == key));
        if own.is_none() && tree.entry(map, key).is_some() {
            return Err(format!(
                "{key} comes from a merge key (<<); setting it here would hide the merged value"
            ));
        }
        Ok(own.copied())
    }

    fn walk(&mut self, map: NodeId, path: &[String], op: Op) -> Result<(), String> {
        let Some((key, rest)) = path.split_first() else {
            return Err("nothing to set".to_string());
        };
        let tree = self.t.tree;
        match self.own_entry(map, key)? {
            Some(e) if rest.is_empty() => match op {
                Op::Set(value) => self.set_value(e, value),
                Op::Append(item) => match tree.node(e.value) {
                    Node::Sequence(_) => self.append_item(e.value, item),
                    _ if tree.is_null(e.value) => {
                        self.fill_null(e, &Value::List(vec![item.clone()]))
                    }
                    Node::Alias(_) => Err(ALIAS.to_string()),
                    _ => Err(format!("{key} is not a list")),
                },
            },
            Some(e) => match tree.node(e.value) {
                Node::Mapping(_) => self.walk(e.value, rest, op),
                Node::Alias(_) => Err(ALIAS.to_string()),
                _ if tree.is_null(e.value) => self.fill_null(e, &nest(rest, op)),
                _ => Err(format!("{key} is not a mapping")),
            },
            None => self.insert_entry(map, key, &nest(rest, op)),
        }
    }

    fn set_value(&mut self, e: crate::yaml::Entry, value: &Value) -> Result<(), String> {
        let tree = self.t.tree;
        match (tree.node(e.value), value) {
            (Node::Alias(_), _) => Err(ALIAS.to_string()),
            (Node::Mapping(_), Value::Map(fields)) => {
                for (k, v) in fields {
                    self.walk(e.value, std::slice::from_ref(k), Op::Set(v))?;
                }
                Ok(())
            }
            (Node::Scalar(_), _) if tree.is_null(e.value) => self.fill_null(e, value),
            (Node::Scalar(_), Value::Plain(_) | Value::Text(_)) => self.replace(e.value, value),
            _ => Err("the value written there has another shape".to_string()),
        }
    }

    /// Writes `value` where a key holds nothing (`key:`, `key: ~`, `key: null`).
    fn fill_null(&mut self, e: crate::yaml::Entry, value: &Value) -> Result<(), String> {
        let t = self.t;
        let (start, end) = t.tree.range(e.value);
        let written = t.text.get(start..end).unwrap_or("");
        if !written.is_empty() {
            // `~` or `null`: the same spot, same line, in flow style.
            self.push(start, end, flow(value));
            return Ok(());
        }
        let colon = t.colon_after(e.key);
        if in_flow(t, e.key) || matches!(value, Value::Plain(_) | Value::Text(_)) {
            self.push(colon, colon, format!(" {}", flow(value)));
            return Ok(());
        }
        let indent = t.column(t.tree.range(e.key).0);
        let at = t.after_line(colon);
        let mut text = String::new();
        if at == t.text.len() && !t.text.ends_with('\n') {
            text.push('\n');
        }
        let body = block(t, value, indent);
        text.push_str(body.strip_prefix('\n').unwrap_or(&body));
        text.push('\n');
        self.push(at, at, text);
        Ok(())
    }

    fn insert_entry(&mut self, map: NodeId, key: &str, value: &Value) -> Result<(), String> {
        let t = self.t;
        let Node::Mapping(entries) = t.tree.node(map) else {
            return Err("the place to change is not a mapping".to_string());
        };
        let key = scalar_text(&Value::Text(key.to_string()));
        if t.is_flow(map) {
            let (start, end) = t.tree.range(map);
            return match entries.last() {
                Some(last) => {
                    let at = t.tree.range(last.value).1.max(t.tree.range(last.key).1);
                    self.push(at, at, format!(", {key}: {}", flow(value)));
                    Ok(())
                }
                None if t.text.get(start..end).is_some_and(|s| s.starts_with('{')) => {
                    self.push(start + 1, start + 1, format!("{key}: {}", flow(value)));
                    Ok(())
                }
                None => Err("the mapping is empty".to_string()),
            };
        }
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            return Err("the mapping is empty".to_string());
        };
        let indent = t.column(t.tree.range(first.key).0);
        if t.column(t.tree.range(last.key).0) != indent {
            return Err("the mapping's keys are not aligned".to_string());
        }
        let end = if t.is_empty_null(last.value) {
            t.colon_after(last.key)
        } else {
            t.content_end(last.value)
        };
        let at = t.after_line(end);
        let mut text = String::new();
        if at == t.text.len() && !t.text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&" ".repeat(indent));
        text.push_str(&key);
        text.push(':');
        text.push_str(&block(t, value, indent));
        text.push('\n');
        self.push(at, at, text);
        Ok(())
    }

    fn append_item(&mut self, seq: NodeId, item: &Value) -> Result<(), String> {
        let t = self.t;
        let Node::Sequence(items) = t.tree.node(seq) else {
            return Err(match t.tree.node(seq) {
                Node::Alias(_) => ALIAS.to_string(),
                _ => "the place to change is not a list".to_string(),
            });
        };
        if t.is_flow(seq) {
            let (start, _) = t.tree.range(seq);
            match items.last() {
                Some(last) => {
                    let at = t.tree.range(*last).1;
                    self.push(at, at, format!(", {}", flow(item)));
                }
                None => self.push(start + 1, start + 1, flow(item)),
            }
            return Ok(());
        }
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return Err("the list is empty".to_string());
        };
        let Some(dash) = t.dash(*first) else {
            return Err("the list's layout is not recognised".to_string());
        };
        let col = t.column(dash);
        let at = t.after_line(t.content_end(*last));
        let mut text = String::new();
        if at == t.text.len() && !t.text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&" ".repeat(col));
        text.push_str(&item_text(t, item, col));
        text.push('\n');
        self.push(at, at, text);
        Ok(())
    }

    fn remove_item(&mut self, seq: NodeId, item: NodeId) -> Result<(), String> {
        let t = self.t;
        let Node::Sequence(items) = t.tree.node(seq) else {
            return Err(ALIAS.to_string());
        };
        let Some(i) = items.iter().position(|x| *x == item) else {
            return Err("the item is not written in that list".to_string());
        };
        let (start, end) = if t.is_flow(seq) {
            let (s, e) = t.tree.range(item);
            match (i.checked_sub(1).map(|p| items[p]), items.get(i + 1)) {
                (_, Some(next)) => (s, t.tree.range(*next).0),
                (Some(prev), None) => (t.tree.range(prev).1, e),
                (None, None) => (s, e),
            }
        } else {
            let Some(dash) = t.dash(item) else {
                return Err("the list's layout is not recognised".to_string());
            };
            (t.line_start(dash), t.after_line(t.content_end(item)))
        };
        if t.tree.comments().any(|(c, _)| start <= c && c < end) {
            return Err("removing the item would remove a comment with it".to_string());
        }
        self.push(start, end, String::new());
        Ok(())
    }

    fn replace(&mut self, node: NodeId, value: &Value) -> Result<(), String> {
        let t = self.t;
        let Node::Scalar(s) = t.tree.node(node) else {
            return Err(match t.tree.node(node) {
                Node::Alias(_) => ALIAS.to_string(),
                _ => "the value written there is not a single value".to_string(),
            });
        };
        let text = match (s.style, value) {
            (ScalarStyle::SingleQuoted, Value::Text(v)) => format!("'{}'", v.replace('\'', "''")),
            (ScalarStyle::DoubleQuoted, Value::Text(v)) => double_quoted(v),
            (ScalarStyle::Literal | ScalarStyle::Folded, _) => {
                return Err("the value is a block scalar".to_string())
            }
            _ => scalar_text(value),
        };
        let (start, end) = t.tree.range(node);
        self.push(start, end, text);
        Ok(())
    }

    fn append_document(&mut self, doc: &str) -> Result<(), String> {
        let text = self.t.text;
        if text.trim_start().starts_with(['{', '[']) {
            return Err("the input is JSON, which holds one document; add the new object as a file of its own".to_string());
        }
        let mut out = String::new();
        if !text.is_empty() && !text.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("---\n");
        out.push_str(doc.trim_end_matches('\n'));
        out.push('\n');
        self.push(text.len(), text.len(), out);
        Ok(())
    }
}

/// `value` under the keys of `path`, innermost last.
fn nest(path: &[String], op: Op) -> Value {
    let leaf = match op {
        Op::Set(v) => v.clone(),
        Op::Append(item) => Value::List(vec![item.clone()]),
    };
    path.iter()
        .rev()
        .fold(leaf, |v, k| Value::Map(vec![(k.clone(), v)]))
}

fn in_flow(t: &Target, key: NodeId) -> bool {
    // A key inside `{…}` has an unclosed `{` before it on its line.
    let (start, _) = t.tree.range(key);
    let line = &t.text[t.line_start(start)..start];
    line.matches('{').count() > line.matches('}').count()
}

/// A scalar as YAML text: plain when that reads back as the same value, else double-quoted.
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::Plain(s) => s.clone(),
        Value::Text(s) if plain_is_text(s) => s.clone(),
        Value::Text(s) => double_quoted(s),
        other => flow(other),
    }
}

/// Whether a plain scalar reads as a number: an integer or a float as YAML 1.1 and 1.2 write
/// them (`12`, `-1.5`, `.5`, `1e3`, `+.inf`, `.NaN`). Written out rather than with
/// `str::parse::<f64>`, whose tables would cost the page's bundle a few KB.
fn is_yaml_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let has_digits =
        whole.bytes().any(|b| b.is_ascii_digit()) || fraction.bytes().any(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    has_digits && digits(whole) && digits(fraction) && exponent_ok
}

/// True when `s` written plain is read back as this same string (not a boolean, number or
/// null, and nothing YAML gives a meaning to).
fn plain_is_text(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let typed = matches!(
        lower.as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) || is_yaml_number(s)
        || s.starts_with("0x")
        || s.starts_with("0o");
    !typed
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=,".contains(c))
        && !s.starts_with(['-', '.'])
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value in flow style, for one line.
fn flow(value: &Value) -> String {
    match value {
        Value::Plain(_) | Value::Text(_) => scalar_text(value),
        Value::Map(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar_text(&Value::Text(k.clone())), flow(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::List(items) => {
            let inner: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", inner.join(", "))
        }
    }
}

/// What follows `key:` for a value in block style, the key being at column `indent`.
fn block(t: &Target, value: &Value, indent: usize) -> String {
    let (step, seq) = t.style();
    match value {
        Value::Plain(_) | Value::Text(_) => format!(" {}", scalar_text(value)),
        Value::Map(fields) => {
            let mut out = String::new();
            for (k, v) in fields {
                out.push('\n');
                out.push_str(&" ".repeat(indent + step));
                out.push_str(&scalar_text(&Value::Text(k.clone())));
                out.push(':');
                out.push_str(&block(t, v, indent + step));
            }
            out
        }
        Value::List(items) => {
            let mut out = String::new();
            for item in items {
                out.push('\n');
                out.push_str(&" ".repeat(indent + seq));
                out.push_str(&item_text(t, item, indent + seq));
            }
            out
        }
    }
}

/// A sequence item from its `- `, the dash being at column `col`.
fn item_text(t: &Target, item: &Value, col: usize) -> String {
    match item {
        Value::Map(fields) if !fields.is_empty() => {
            let mut out = String::from("- ");
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(&" ".repeat(col + 2));
                }
                out.push_str(&scalar_text(&Value::Text(k.clone())));
                out.push(':');
                // Nested values indent from the key, which sits two columns right of the dash.
                out.push_str(&block(t, v, col + 2));
            }
            out
        }
        other => format!("- {}", flow(other)),
    }
}

/// How an edit of one text becomes an edit of the pasted input.
pub(crate) enum Scope<'a> {
    /// The pasted input itself; `crlf` when its lines end in CR LF, which inserted lines then
    /// use too.
    Root { crlf: bool },
    /// A literal block scalar (`values: |`) of the enclosing text.
    Block {
        to_outer: OffsetMap,
        /// The block's indentation, which every inserted line gets.
        indent: String,
        outer: &'a str,
        parent: &'a Scope<'a>,
    },
    /// A string edits cannot reach safely, with the reason.
    Closed(String),
}

impl<'a> Scope<'a> {
    /// The scope of the document inside `node`, a string of the enclosing text `outer`.
    pub(crate) fn inside(
        tree: &Tree,
        node: NodeId,
        outer: &'a str,
        inner: &str,
        parent: &'a Scope<'a>,
    ) -> Scope<'a> {
        if let Scope::Closed(reason) = parent {
            return Scope::Closed(reason.clone());
        }
        let style = tree.scalar(node).map(|s| s.style);
        if !matches!(tree.node(node), Node::Scalar(_)) {
            return Scope::Closed(ALIAS.to_string());
        }
        if style != Some(ScalarStyle::Literal) {
            return Scope::Closed(
                "the document sits in a quoted or folded string (JSON, say), where an edit \
                 would have to be escaped by hand"
                    .to_string(),
            );
        }
        let to_outer = crate::embed::offset_map(tree, node, outer, inner, &OffsetMap::Identity);
        if !matches!(to_outer, OffsetMap::Lines { .. }) {
            return Scope::Closed("the block's lines could not be followed".to_string());
        }
        let first = to_outer.map(0).min(outer.len());
        let line = outer[..first].rfind('\n').map_or(0, |i| i + 1);
        let indent = &outer[line..first];
        if !indent.chars().all(|c| c == ' ') {
            return Scope::Closed("the block's indentation is not recognised".to_string());
        }
        Scope::Block {
            to_outer,
            indent: indent.to_string(),
            outer,
            parent,
        }
    }

    /// The edits in the pasted input's offsets.
    pub(crate) fn to_root(&self, edits: Vec<Edit>) -> Result<Vec<Edit>, String> {
        match self {
            Scope::Closed(reason) => Err(reason.clone()),
            Scope::Root { crlf: false } => Ok(edits),
            Scope::Root { crlf: true } => Ok(edits
                .into_iter()
                .map(|e| Edit {
                    replacement: e.replacement.replace('\n', "\r\n"),
                    ..e
                })
                .collect()),
            Scope::Block {
                to_outer,
                indent,
                outer,
                parent,
            } => {
                let at_line_start =
                    |p: usize| p == 0 || outer.as_bytes().get(p - 1) == Some(&b'\n');
                let mapped = edits
                    .into_iter()
                    .map(|e| {
                        let mut start = to_outer.map(e.start);
                        let end = to_outer.map(e.end);
                        if at_line_start(end) && start != end {
                            // A removal of whole lines takes their indentation with it.
                            let line = outer[..start].rfind('\n').map_or(0, |i| i + 1);
                            if outer[line..start].chars().all(|c| c == ' ') {
                                start = line;
                            }
                        }
                        let replacement = if at_line_start(start) && !e.replacement.is_empty() {
                            let body = e.replacement.strip_suffix('\n');
                            let lines = body.unwrap_or(&e.replacement);
                            let mut r =
                                format!("{indent}{}", lines.replace('\n', &format!("\n{indent}")));
                            if body.is_some() {
                                r.push('\n');
                            }
                            r
                        } else {
                            e.replacement.replace('\n', &format!("\n{indent}"))
                        };
                        Edit {
                            start,
                            end: end.max(start),
                            replacement,
                        }
                    })
                    .collect();
                parent.to_root(mapped)
            }
        }
    }
}
