//! Documents inside strings: Palette pack `values`, `manifests[].content`, kubeadm
//! `files[].content`, `cluster.config`, cloud-init `userData`. Each is parsed on its own and
//! its positions are mapped back into the pasted text, so a finding deep inside still points
//! at a real line.

use std::borrow::Cow;

use crate::yaml::{Node, NodeId, ScalarStyle, Tree};

/// How deep documents may nest inside strings (values → files[].content → …).
pub const MAX_EMBED_DEPTH: usize = 3;

/// Keys whose string values may hold a whole YAML or JSON document.
const EMBED_KEYS: &[&str] = &[
    "values",
    "content",
    "config",
    "userData",
    "userdata",
    "user-data",
];

/// Maps byte offsets of an embedded text to byte offsets of the pasted (root) text.
#[derive(Clone, Debug)]
pub enum OffsetMap {
    /// The text is the root text itself.
    Identity,
    /// A block scalar or a quoted string: inner segment `i` starts at `root_starts[i]`;
    /// within a segment, offsets are contiguous. A block scalar has a segment per line; a
    /// quoted string one per run of plain characters and one per escape (`\n`, `\"`, `''`).
    Lines {
        inner_starts: Vec<usize>,
        root_starts: Vec<usize>,
    },
    /// A string whose characters could not be followed (a folded or multi-line quoted scalar):
    /// every position maps to the string.
    Point(usize),
}

impl OffsetMap {
    pub fn map(&self, inner: usize) -> usize {
        match self {
            OffsetMap::Identity => inner,
            OffsetMap::Point(p) => *p,
            OffsetMap::Lines {
                inner_starts,
                root_starts,
            } => {
                let i = match inner_starts.binary_search(&inner) {
                    Ok(i) => i,
                    Err(i) => i.saturating_sub(1),
                };
                root_starts[i] + (inner - inner_starts[i])
            }
        }
    }

    pub fn is_exact(&self) -> bool {
        !matches!(self, OffsetMap::Point(_))
    }
}

/// A string that holds a document, found in a parsed tree.
#[derive(Debug)]
pub struct Candidate {
    pub node: NodeId,
    /// The key path inside its document, e.g. `spec.template.packs[0].values`.
    pub path: Vec<String>,
}

/// Finds the strings under each of `roots` that hold YAML or JSON documents, each with its
/// root; root by root, in text order within each.
pub fn candidates(tree: &Tree, roots: &[NodeId]) -> Vec<(NodeId, Candidate)> {
    // Walk with parent links instead of building a path per node: paths are spelled out only
    // for the few strings that turn out to hold documents.
    enum Step {
        Key(NodeId),
        Index(usize),
    }
    // Most texts have no key a document can hide under: one pass over every mapping entry of
    // the text (a key that is not a scalar could be anything) spares them the walk below.
    let may_hold = tree
        .all_entries()
        .iter()
        .any(|e| tree.str(e.key).is_none_or(|k| EMBED_KEYS.contains(&k)));
    if !may_hold {
        return Vec::new();
    }
    // One set of working lists for every root: a file may hold hundreds of documents.
    let mut visited: Vec<(Option<usize>, Step)> = Vec::new();
    let mut stack: Vec<(NodeId, Option<usize>)> = Vec::new();
    let mut found: Vec<(NodeId, usize)> = Vec::new();
    let mut sources = std::collections::HashSet::new();
    let mut out = Vec::new();
    for &root in roots {
        visited.clear();
        sources.clear();
        stack.push((root, None));
        while let Some((id, parent)) = stack.pop() {
            match tree.node(id) {
                Node::Mapping(entries) => {
                    // Only the keys on the way to a collection or a document get a step.
                    for e in entries.iter().rev() {
                        let Some(key) = tree.str(e.key) else { continue };
                        if EMBED_KEYS.contains(&key) && looks_like_document(tree, e.value) {
                            // A string reached again through an alias is the same document:
                            // listed once, at its first use, so a million aliases cost no paths.
                            if tree.resolve(e.value).is_some_and(|r| sources.insert(r)) {
                                visited.push((parent, Step::Key(e.key)));
                                found.push((e.value, visited.len() - 1));
                            }
                        } else if !matches!(tree.node(e.value), Node::Scalar(_) | Node::Alias(_)) {
                            visited.push((parent, Step::Key(e.key)));
                            stack.push((e.value, Some(visited.len() - 1)));
                        }
                    }
                }
                Node::Sequence(items) => {
                    for (i, item) in items.iter().enumerate().rev() {
                        if matches!(tree.node(*item), Node::Scalar(_) | Node::Alias(_)) {
                            continue;
                        }
                        visited.push((parent, Step::Index(i)));
                        stack.push((*item, Some(visited.len() - 1)));
                    }
                }
                Node::Scalar(_) | Node::Alias(_) => {}
            }
        }
        let first = out.len();
        out.extend(found.drain(..).map(|(node, mut at)| {
            let mut steps = Vec::new();
            loop {
                let (parent, step) = &visited[at];
                steps.push(step);
                match parent {
                    Some(p) => at = *p,
                    None => break,
                }
            }
            let mut path: Vec<String> = Vec::new();
            for step in steps.into_iter().rev() {
                match step {
                    Step::Key(k) => path.push(tree.str(*k).unwrap_or("?").to_string()),
                    Step::Index(i) => match path.last_mut() {
                        Some(last) => last.push_str(&format!("[{i}]")),
                        None => path.push(format!("[{i}]")),
                    },
                }
            }
            (root, Candidate { node, path })
        }));
        out[first..].sort_by_key(|(_, c)| c.node);
    }
    out
}

/// A string worth parsing: several lines with a `key:` or `- ` at the start of one, or a JSON
/// object or array.
fn looks_like_document(tree: &Tree, id: NodeId) -> bool {
    let Some(s) = tree.scalar(id) else {
        return false;
    };
    let text = tree.text(s).trim_start();
    if text.starts_with('{') || text.starts_with('[') {
        return true;
    }
    text.contains('\n')
        && text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("- ") || (l.contains(": ") || l.ends_with(':')) && !l.starts_with('#')
        })
        && s.style != ScalarStyle::Plain
}

/// A text made parseable despite template syntax, with every offset where it was.
pub struct Prepared<'a> {
    pub text: Cow<'a, str>,
    /// Byte ranges of template expressions (`{{ .Values.x }}`), each now a run of `x`s.
    pub placeholders: Vec<(usize, usize)>,
    /// Byte ranges of lines that held only template directives (`{{- if … }}`, `{% for %}`,
    /// `{{ include … | nindent 4 }}`), now blank: the template's logic, set aside.
    pub directive_lines: Vec<(usize, usize)>,
    /// Those of them that write content rather than steer (`{{- toYaml .Values.resources |
    /// nindent 12 }}`, `{{ include "labels" . }}`): what they write is unknown here.
    pub insert_lines: Vec<(usize, usize)>,
}

impl Prepared<'_> {
    /// Whether `start..end` lies wholly inside template expressions: a value nobody can know
    /// before the template is rendered.
    pub fn wholly_templated(&self, start: usize, end: usize) -> bool {
        end > start
            && self
                .placeholders
                .iter()
                .any(|&(s, e)| s <= start && end <= e)
    }

    /// Whether a line that writes unknown content lies inside `start..end`: a finding about a
    /// mapping that a template fills (`securityContext:` followed by `{{- toYaml … }}`) would
    /// judge what is not there yet.
    pub fn fills_part_of(&self, start: usize, end: usize) -> bool {
        let i = self.insert_lines.partition_point(|&(s, _)| s < start);
        self.insert_lines.get(i).is_some_and(|&(s, _)| {
            // Inside the range, or right after it: `resources:` with nothing on its line and
            // `{{- toYaml .Values.resources | nindent 12 }}` on the next one.
            s < end
                || self
                    .text
                    .get(end..s)
                    // An empty value sits at its key's colon.
                    .map(|gap| gap.strip_prefix(':').unwrap_or(gap))
                    .is_some_and(|gap| gap.bytes().all(|b| b.is_ascii_whitespace()))
        })
    }

    /// Whether `start..end` overlaps a template expression.
    pub fn touches_template(&self, start: usize, end: usize) -> bool {
        let i = self.placeholders.partition_point(|&(_, e)| e <= start);
        self.placeholders
            .get(i)
            .is_some_and(|&(s, _)| s < end.max(start + 1))
    }
}

/// Template delimiters: Go templates (Helm, Palette macros) and Jinja.
const DELIMITERS: [(&[u8], &[u8]); 3] = [(b"{{", b"}}"), (b"{%", b"%}"), (b"{#", b"#}")];

/// Makes a template parse as YAML without moving any byte: a line holding only template
/// directives becomes blank, and each `{{ … }}` expression a same-length run of `x`s (a plain
/// scalar). Each line is searched on its own: a `{{` without its `}}` on the same line is left
/// alone and never makes the search run on past the line (which would make many unclosed
/// `{{` quadratic).
pub fn prepare_templates(text: &str) -> Prepared<'_> {
    let unchanged = |text| Prepared {
        text: Cow::Borrowed(text),
        placeholders: Vec::new(),
        directive_lines: Vec::new(),
        insert_lines: Vec::new(),
    };
    if !text.contains("{{") && !text.contains("{%") && !text.contains("{#") {
        return unchanged(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut placeholders = Vec::new();
    let mut directive_lines = Vec::new();
    let mut insert_lines = Vec::new();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = bytes[line_start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |p| line_start + p);
        let mut groups = Vec::new();
        let mut i = line_start;
        while let Some((open, close_len, kind)) = next_open(&bytes[..line_end], i) {
            let Some(close) = find(&bytes[..line_end], open + 2, DELIMITERS[kind].1) else {
                break;
            };
            groups.push((open, close + close_len, kind));
            i = close + close_len;
        }
        if !groups.is_empty() {
            let mut rest = bytes[line_start..line_end].to_vec();
            for &(s, e, _) in &groups {
                rest[s - line_start..e - line_start].fill(b' ');
            }
            if rest.iter().all(|b| b.is_ascii_whitespace()) {
                // Only template logic on this line: set it aside (the `\r` of CRLF stays).
                for b in &mut bytes[line_start..line_end] {
                    if *b != b'\r' {
                        *b = b' ';
                    }
                }
                directive_lines.push((line_start, line_end));
                if groups
                    .iter()
                    .any(|&(s, e, kind)| kind == 0 && writes_content(&text[s..e]))
                {
                    insert_lines.push((line_start, line_end));
                }
            } else {
                for (s, e, kind) in groups {
                    // `{% … %}` and `{# … #}` inside a line are logic and comments: blanks.
                    bytes[s..e].fill(if kind == 0 { b'x' } else { b' ' });
                    if kind == 0 {
                        placeholders.push((s, e));
                    }
                }
            }
        }
        line_start = line_end + 1;
    }
    // Only ASCII bytes of whole delimited groups were replaced, so this stays valid UTF-8; if
    // a group held multi-byte characters, each byte became one ASCII byte and that is valid
    // too.
    let text = String::from_utf8(bytes).map_or(Cow::Borrowed(text), Cow::Owned);
    Prepared {
        text,
        placeholders,
        directive_lines,
        insert_lines,
    }
}

/// Whether a `{{ … }}` action writes content (an expression, `include`, `toYaml`) rather than
/// steering the template (`if`, `else`, `end`, `range`, `with`, `define`, comments, variable
/// assignments).
fn writes_content(action: &str) -> bool {
    let inner = action
        .trim_start_matches("{{")
        .trim_end_matches("}}")
        .trim_matches(|c: char| c == '-' || c.is_ascii_whitespace());
    const STEERING: [&str; 9] = [
        "if ", "else", "end", "range ", "with ", "define ", "block ", "/*", "break",
    ];
    let assigns = inner.starts_with('$') && inner.contains(":=");
    !(inner.is_empty()
        || assigns
        || STEERING.iter().any(|k| inner.starts_with(k))
        || inner == "continue")
}

/// The first template opening at or after `from`: its offset, closing length and kind.
fn next_open(haystack: &[u8], from: usize) -> Option<(usize, usize, usize)> {
    let mut at = from;
    while at + 1 < haystack.len() {
        if haystack[at] == b'{' {
            if let Some(kind) = DELIMITERS
                .iter()
                .position(|(open, _)| haystack[at + 1] == open[1])
            {
                return Some((at, 2, kind));
            }
        }
        at += 1;
    }
    None
}

/// Go-template placeholders replaced (see [`prepare_templates`]), for callers that need only
/// the text.
pub fn neutralize_templates(text: &str) -> Cow<'_, str> {
    prepare_templates(text).text
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Builds the map from the embedded text (the scalar's value) to the text the scalar was
/// written in (`outer`), then through `parent` to the root text.
pub fn offset_map(
    tree: &Tree,
    node: NodeId,
    outer: &str,
    inner: &str,
    parent: &OffsetMap,
) -> OffsetMap {
    let (start, end) = tree.range(node);
    let fallback = OffsetMap::Point(parent.map(start));
    let Some(s) = tree.scalar(node) else {
        return fallback;
    };
    if !parent.is_exact() {
        return fallback;
    }
    let starts = match s.style {
        ScalarStyle::Literal => literal_line_starts(outer, start, end, inner),
        ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => {
            quoted_segments(outer.get(start..end).unwrap_or(""), inner)
                .map(|(i, o)| (i, o.into_iter().map(|o| o + start).collect()))
        }
        _ => None,
    };
    match starts {
        Some((inner_starts, outer_starts)) => OffsetMap::Lines {
            inner_starts,
            root_starts: outer_starts.into_iter().map(|o| parent.map(o)).collect(),
        },
        None => fallback,
    }
}

/// For a literal block scalar written at `outer[start..end]` (from the `|` indicator), finds
/// where each line of its value starts in `outer`. Returns `None` unless every line of the value
/// matches its line in the text, so a mapping is exact or not used at all.
fn literal_line_starts(
    outer: &str,
    start: usize,
    end: usize,
    inner: &str,
) -> Option<(Vec<usize>, Vec<usize>)> {
    // The scalar's range may start at its `|` header or at its first content line.
    let line_start = outer.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let header_here = outer.get(line_start..)?.lines().next()?.contains('|');
    let after_header = if header_here {
        start + outer.get(start..)?.find('\n')? + 1
    } else {
        line_start
    };
    let body = outer.get(after_header..end.max(after_header).min(outer.len()))?;
    let indent = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())?;
    let mut inner_starts = Vec::new();
    let mut outer_starts = Vec::new();
    let mut inner_offset = 0;
    let mut outer_offset = after_header;
    let mut outer_lines = outer[after_header..].split_inclusive('\n');
    for inner_line in inner.split_inclusive('\n') {
        let outer_line = outer_lines.next()?;
        let content_start = indent.min(outer_line.trim_end_matches(['\n', '\r']).len());
        let written = outer_line[content_start..].trim_end_matches(['\n', '\r']);
        if written != inner_line.trim_end_matches('\n') {
            return None;
        }
        inner_starts.push(inner_offset);
        outer_starts.push(outer_offset + content_start);
        inner_offset += inner_line.len();
        outer_offset += outer_line.len();
    }
    Some((inner_starts, outer_starts))
}

/// For a one-line quoted scalar as written (`"…"` or `'…'`, quotes included), follows each
/// character of `inner` to where it is written: returns the segment starts (inner, written)
/// where the offset between the two changes, i.e. at every escape. JSON strings are
/// double-quoted scalars, so a Palette export's `values` map back exactly. Returns `None`
/// unless the whole written string decodes to exactly `inner` (multi-line quoted scalars fold
/// their line breaks and are left to the string-level fallback).
fn quoted_segments(written: &str, inner: &str) -> Option<(Vec<usize>, Vec<usize>)> {
    let quote = written.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let body = written.strip_prefix(quote)?.strip_suffix(quote)?;
    if body.contains(['\n', '\r']) {
        return None;
    }
    let mut inner_starts = vec![0];
    let mut written_starts = vec![1];
    let (mut i, mut w) = (0, 0);
    let bytes = body.as_bytes();
    while w < body.len() {
        let (decoded, used) = match (quote, bytes[w]) {
            ('"', b'\\') => decode_escape(body.get(w + 1..)?)?,
            ('\'', b'\'') => (char::from(*bytes.get(w + 1).filter(|b| **b == b'\'')?), 2),
            _ => {
                let c = body[w..].chars().next()?;
                if !inner[i..].starts_with(c) {
                    return None;
                }
                i += c.len_utf8();
                w += c.len_utf8();
                continue;
            }
        };
        if !inner[i..].starts_with(decoded) {
            return None;
        }
        // The escape is a segment of its own, and the text after it starts another.
        inner_starts.push(i);
        written_starts.push(1 + w);
        i += decoded.len_utf8();
        w += used + usize::from(quote == '"');
        inner_starts.push(i);
        written_starts.push(1 + w);
    }
    (i == inner.len()).then_some((inner_starts, written_starts))
}

/// Decodes one double-quoted escape from the text after its backslash: the character and how
/// many bytes after the backslash it used. JSON's surrogate pairs (`\ud83d\ude00`) are one
/// character.
fn decode_escape(after: &str) -> Option<(char, usize)> {
    let hex = |digits: usize| -> Option<u32> {
        let text = after.get(1..1 + digits)?;
        text.bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then(|| u32::from_str_radix(text, 16).ok())
            .flatten()
    };
    let simple = |c: char| Some((c, 1));
    match after.bytes().next()? {
        b'0' => simple('\0'),
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b't' | b'\t' => simple('\t'),
        b'n' => simple('\n'),
        b'v' => simple('\u{b}'),
        b'f' => simple('\u{c}'),
        b'r' => simple('\r'),
        b'e' => simple('\u{1b}'),
        b' ' => simple(' '),
        b'"' => simple('"'),
        b'/' => simple('/'),
        b'\\' => simple('\\'),
        b'N' => simple('\u{85}'),
        b'_' => simple('\u{a0}'),
        b'L' => simple('\u{2028}'),
        b'P' => simple('\u{2029}'),
        b'x' => Some((char::from_u32(hex(2)?)?, 3)),
        b'U' => Some((char::from_u32(hex(8)?)?, 9)),
        b'u' => {
            let first = hex(4)?;
            if (0xD800..0xDC00).contains(&first) {
                let low = after.get(5..)?.strip_prefix("\\u")?;
                let low = u32::from_str_radix(low.get(..4)?, 16).ok()?;
                let c = 0x10000 + ((first - 0xD800) << 10) + (low.checked_sub(0xDC00)?);
                Some((char::from_u32(c)?, 11))
            } else {
                Some((char::from_u32(first)?, 5))
            }
        }
        _ => None,
    }
}

/// A readable name for where an embedded document sits: Palette packs are named by pack name
/// and tag (`pack kubernetes 1.29.4 → values`), everything else by its key path.
pub fn describe(tree: &Tree, doc_root: NodeId, path: &[String]) -> String {
    let mut parts = Vec::new();
    let mut node = Some(doc_root);
    for segment in path {
        let (key, index) = split_index(segment);
        node = node.and_then(|n| {
            if key.is_empty() {
                Some(n)
            } else {
                tree.get(n, key)
            }
        });
        match (key, index) {
            ("packs", Some(i)) => {
                // A pack names itself; the keys that lead to the pack list add nothing.
                parts.clear();
                let pack = node.and_then(|n| tree.items(n).get(i).copied());
                node = pack;
                let name = pack.and_then(|p| tree.get_str(p, "name")).unwrap_or("?");
                let tag = pack.and_then(|p| tree.get_str(p, "tag"));
                parts.push(match tag {
                    Some(t) => format!("pack {name} {t}"),
                    None => format!("pack {name}"),
                });
            }
            (_, Some(i)) => {
                node = node.and_then(|n| tree.items(n).get(i).copied());
                parts.push(segment.clone());
            }
            _ => parts.push(segment.clone()),
        }
    }
    // Join plain key runs with dots and named steps with arrows.
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            let named = part.starts_with("pack ") || parts[i - 1].starts_with("pack ");
            out.push_str(if named { " → " } else { "." });
        }
        out.push_str(part);
    }
    out
}

fn split_index(segment: &str) -> (&str, Option<usize>) {
    match segment.strip_suffix(']').and_then(|s| s.rsplit_once('[')) {
        Some((key, i)) => (key, i.parse().ok()),
        None => (segment, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_same_length_scalars() {
        let t = "name: {{ .spectro.system.cluster.name }}\nb: {{.spectro.var.x}}-suffix\n";
        let n = neutralize_templates(t);
        assert_eq!(n.len(), t.len());
        assert_eq!(n.find('\n'), t.find('\n'));
        assert!(!n.contains("{{"));
        assert_eq!(neutralize_templates("a: {{ b"), "a: {{ b");
        // A `}}` on a later line closes nothing; one later on the same line does.
        let t = "a: {{ b\nc: {{ d }} {{ e\nf: }}";
        assert_eq!(neutralize_templates(t), "a: {{ b\nc: xxxxxxx {{ e\nf: }}");
    }

    #[test]
    fn template_logic_lines_are_set_aside() {
        let t = "{{- if .Values.enabled }}\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: {{ .Release.Name }}-cfg\r\n  labels:\r\n    {{- include \"chart.labels\" . | nindent 4 }}\r\n{% if x %}\r\n{{- end }}\r\n";
        let p = prepare_templates(t);
        assert_eq!(p.text.len(), t.len());
        assert_eq!(p.directive_lines.len(), 4);
        // Of those, only the include writes content; if/end steer, `{% if %}` is logic.
        assert_eq!(p.insert_lines.len(), 1);
        assert!(p.fills_part_of(p.insert_lines[0].0 - 3, p.insert_lines[0].1));
        assert_eq!(p.placeholders.len(), 1);
        let (s, e) = p.placeholders[0];
        assert_eq!(&t[s..e], "{{ .Release.Name }}");
        assert!(p
            .text
            .starts_with("                         \r\napiVersion"));
        assert!(p.wholly_templated(s, e) && !p.wholly_templated(s, e + 1));
        assert!(p.touches_template(s + 3, e + 4) && !p.touches_template(0, s));
    }

    #[test]
    fn index_segments_split() {
        assert_eq!(split_index("packs[3]"), ("packs", Some(3)));
        assert_eq!(split_index("values"), ("values", None));
    }
}
