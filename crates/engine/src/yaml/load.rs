//! Loads a text into the node arena: `saphyr-parser` events in, nodes with byte ranges out.
//!
//! The text is first cut into document chunks at `---` and `...` lines (column 0, where YAML
//! itself always ends a document) and each chunk is parsed on its own. A syntax error in one
//! document therefore costs only that document; the others are still checked.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle};

use super::tree::{Children, DuplicateKey, Entry, Node, NodeId, ScalarStyle, Stored, Tree};
use crate::source::CharToByte;

/// Bounds on what one text may make the loader do. Each one, when crossed, gives a clear error
/// rather than a hang or a crash.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_input_bytes: usize,
    pub max_nodes: usize,
    /// Entries of one mapping. No Kubernetes object can hold this many (the API server stores
    /// at most about 1.5 MiB per object), and each further key costs a hash lookup.
    pub max_entries: usize,
    pub max_depth: usize,
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 16 * 1024 * 1024,
            max_nodes: 4_000_000,
            max_entries: 200_000,
            max_depth: 200,
            max_documents: 20_000,
        }
    }
}

/// One YAML document of the text: its root node and byte range (from its `---` or leading
/// comments to the end of its content).
#[derive(Clone, Copy, Debug)]
pub struct Document {
    pub root: NodeId,
    pub start: usize,
    pub end: usize,
}

/// A problem that stopped (part of) the loading, at a byte offset of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub tree: Tree,
    pub documents: Vec<Document>,
    pub errors: Vec<LoadError>,
    /// Byte ranges of the text that were not fully read: a document chunk with an error, and
    /// everything after a limit stopped the loading. What lies there was never examined.
    pub unread: Vec<(usize, usize)>,
}

/// Parses every document of `text`. Never panics; problems come back in `errors`.
pub fn load(text: &str, limits: &Limits) -> Loaded {
    load_with(text, limits, true)
}

/// [`load`] with `saphyr-parser` alone, never the fast reader: what the fast reader is held to
/// in tests and benchmarks.
#[doc(hidden)]
pub fn load_reference(text: &str, limits: &Limits) -> Loaded {
    load_with(text, limits, false)
}

/// How many of the text's document chunks the fast reader takes, of how many (tests and
/// benchmarks use it to see that it is used).
#[doc(hidden)]
pub fn fast_reader_coverage(text: &str) -> (usize, usize) {
    let chunks = document_chunks(text);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut steps = Vec::new();
        let taken = chunks
            .iter()
            .filter(|&&(start, end)| super::fast::read(text, start, end, &mut steps))
            .count();
        (taken, chunks.len())
    }
    #[cfg(target_arch = "wasm32")]
    (0, chunks.len())
}

fn load_with(text: &str, limits: &Limits, fast: bool) -> Loaded {
    let mut loaded = Loaded::default();
    if text.len() > limits.max_input_bytes {
        loaded.errors.push(LoadError {
            offset: 0,
            message: format!(
                "input is {} bytes; the limit is {} bytes",
                text.len(),
                limits.max_input_bytes
            ),
        });
        loaded.unread.push((0, text.len()));
        return loaded;
    }
    // Manifests make about one node per 8 to 12 bytes, and scalars' texts are never much longer
    // than the text: reserving that much avoids copying both lists as they grow.
    loaded.tree.reserve(text.len() / 8, text.len());
    let mut steps = Vec::new();
    let mut buffers = Buffers::default();
    for (start, end) in document_chunks(text) {
        if loaded.documents.len() >= limits.max_documents {
            loaded.errors.push(LoadError {
                offset: start,
                message: format!(
                    "more than {} documents; the rest were not read",
                    limits.max_documents
                ),
            });
            loaded.unread.push((start, text.len()));
            break;
        }
        let errors_before = loaded.errors.len();
        let mut chunk = ChunkLoader::new(&mut loaded, text, start, end, limits, buffers);
        chunk.run(fast, &mut steps);
        buffers = chunk.buffers;
        if loaded.errors.len() > errors_before {
            loaded.unread.push((start, end));
        }
        if loaded.tree.len() >= limits.max_nodes {
            if end < text.len() {
                // The chunk itself may have ended just at the limit: say so for the rest.
                if loaded.errors.len() == errors_before {
                    loaded.errors.push(LoadError {
                        offset: end,
                        message: format!(
                            "more than {} nodes; the rest were not read",
                            limits.max_nodes
                        ),
                    });
                }
                loaded.unread.push((end, text.len()));
            }
            break;
        }
    }
    loaded
}

/// Byte ranges of the document chunks. A chunk that holds only comments, directives or blank
/// lines is joined to the one after it, so `%YAML 1.2` stays with its `---`.
fn document_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    let mut only_preamble = true;
    for line in crate::source::lines_inclusive(text) {
        let line_start = offset;
        offset += line.len();
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_marker = |m: &str| {
            bare.starts_with(m)
                && bare[3..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\t')
        };
        if is_marker("---") {
            if !only_preamble && line_start > start {
                chunks.push((start, line_start));
                start = line_start;
            }
            only_preamble = false;
        } else if is_marker("...") {
            chunks.push((start, offset));
            start = offset;
            only_preamble = true;
        } else if only_preamble {
            let t = bare.trim_start();
            if !(t.is_empty() || t.starts_with('#') || bare.starts_with('%')) {
                only_preamble = false;
            }
        }
    }
    if start < text.len() && !only_preamble {
        chunks.push((start, text.len()));
    }
    chunks
}

/// One parsing step, whoever read it: `saphyr-parser`'s events, or the fast reader's.
pub(super) enum Step<'a> {
    /// Value, style, anchor id (0 for none), explicit tag.
    Scalar(Cow<'a, str>, ScalarStyle, usize, Option<Box<str>>),
    Alias(usize),
    Start {
        sequence: bool,
        anchor: usize,
    },
    /// A flow collection ends at its bracket (the step's range); a block one at its last child.
    End {
        flow: bool,
    },
}

/// An open collection: its node, and where its children start in the loader's shared
/// `items` or `entries` (each collection's children are copied out once, when it closes,
/// rather than each growing a list of its own).
enum Frame {
    Sequence(NodeId, usize),
    Mapping(NodeId, usize, Option<NodeId>),
}

struct ChunkLoader<'a, 'l> {
    out: &'l mut Loaded,
    text: &'a str,
    base: usize,
    end: usize,
    chars: CharToByte<'a>,
    limits: &'l Limits,
    buffers: Buffers,
    anchors: HashMap<usize, NodeId>,
    /// Characters the parser's input has before the chunk's own (see [`flow_document_input`]).
    shift: usize,
}

/// A chunk loader's working lists, handed from chunk to chunk of a text so that each document
/// does not grow them again.
#[derive(Default)]
struct Buffers {
    stack: Vec<Frame>,
    /// The children of the open sequences and mappings, innermost last.
    items: Vec<NodeId>,
    entries: Vec<Entry>,
    /// Byte ranges of every scalar's own characters, in the order the parser reported them.
    covered: Vec<(usize, usize)>,
}

impl<'a, 'l> ChunkLoader<'a, 'l> {
    fn new(
        out: &'l mut Loaded,
        text: &'a str,
        base: usize,
        end: usize,
        limits: &'l Limits,
        mut buffers: Buffers,
    ) -> Self {
        buffers.stack.clear();
        buffers.items.clear();
        buffers.entries.clear();
        buffers.covered.clear();
        ChunkLoader {
            out,
            text,
            base,
            end,
            chars: CharToByte::new(&text[base..end]),
            limits,
            buffers,
            anchors: HashMap::new(),
            shift: 0,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.base + self.chars.byte(char_index.saturating_sub(self.shift))
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.out.errors.push(LoadError {
            offset,
            message: message.into(),
        });
    }

    /// Loads the chunk: through the fast reader when it takes the chunk (`fast`, natively;
    /// the page's bundle has no room for it), otherwise through `saphyr-parser`. `steps` is
    /// the fast reader's buffer, kept from chunk to chunk.
    fn run(&mut self, fast: bool, steps: &mut Vec<(Step<'a>, usize, usize)>) {
        #[cfg(not(target_arch = "wasm32"))]
        if fast && super::fast::read(self.text, self.base, self.end, steps) {
            // Every node is one step, so this is room enough.
            self.out.tree.reserve(steps.len(), 0);
            for (step, start, end) in steps.drain(..) {
                if !self.step(step, start, end) {
                    return;
                }
            }
            self.collect_comments();
            return;
        }
        // The page's build has no fast reader: there these two go unused.
        let _ = (fast, &steps);
        let chunk = &self.text[self.base..self.end];
        let with_marker = flow_document_input(chunk);
        let input = match &with_marker {
            Some(text) => {
                self.shift = DOCUMENT_MARKER.len();
                text.as_str()
            }
            None => chunk,
        };
        let mut parser = Parser::new_from_str(input);
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(pair) => pair,
                Err(e) => {
                    let at = self.byte(e.marker().index());
                    let message = tidy_scan_error(e.info());
                    match self.unclosed_bracket(at) {
                        Some((open, bracket)) => {
                            self.error(open, format!("`{bracket}` is never closed ({message})"))
                        }
                        None => self.error(at, message),
                    }
                    return;
                }
            };
            let start = self.byte(span.start.index());
            let end = self.byte(span.end.index());
            let step = match event {
                Event::Scalar(value, style, anchor, tag) => {
                    let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix).into_boxed_str());
                    Step::Scalar(value, convert_style(style), anchor, tag)
                }
                Event::Alias(anchor) => Step::Alias(anchor),
                Event::SequenceStart(anchor, _) => Step::Start {
                    sequence: true,
                    anchor,
                },
                Event::MappingStart(anchor, _) => Step::Start {
                    sequence: false,
                    anchor,
                },
                // A flow collection ends at its bracket; a block one at its last child.
                Event::SequenceEnd | Event::MappingEnd => Step::End {
                    flow: matches!(self.text.as_bytes().get(start), Some(b']' | b'}')),
                },
                Event::DocumentStart(_)
                | Event::DocumentEnd
                | Event::StreamStart
                | Event::StreamEnd
                | Event::Nothing => continue,
            };
            if !self.step(step, start, end) {
                return;
            }
        }
        self.collect_comments();
    }

    /// Takes one step of the document at `text[start..end]`; false when a limit or a dangling
    /// alias stopped the loading (the error is recorded).
    fn step(&mut self, step: Step, start: usize, end: usize) -> bool {
        match step {
            Step::Scalar(value, style, anchor, tag) => {
                let has_properties = anchor != 0 || tag.is_some();
                let bytes = self.text.as_bytes();
                let (content, end) =
                    scalar_extent(bytes, start, end, style, has_properties, value.is_empty());
                self.buffers.covered.push(content);
                let scalar = self.out.tree.scalar_of(&value, style, tag);
                self.add(Stored::Scalar(scalar), start, end, anchor)
            }
            Step::Alias(anchor) => {
                let Some(&target) = self.anchors.get(&anchor) else {
                    self.error(start, "alias refers to an unknown anchor");
                    return false;
                };
                self.add(Stored::Alias(target), start, end, 0)
            }
            Step::Start { sequence, anchor } => {
                if self.buffers.stack.len() >= self.limits.max_depth {
                    let depth = self.limits.max_depth;
                    self.error(start, format!("nesting deeper than {depth} levels"));
                    return false;
                }
                let placeholder = if sequence {
                    Stored::Sequence(Children::default())
                } else {
                    Stored::Mapping(Children::default())
                };
                let Some(id) = self.new_node(placeholder, start, end, anchor) else {
                    return false;
                };
                self.buffers.stack.push(if sequence {
                    Frame::Sequence(id, self.buffers.items.len())
                } else {
                    Frame::Mapping(id, self.buffers.entries.len(), None)
                });
                true
            }
            Step::End { flow } => {
                let Some(frame) = self.buffers.stack.pop() else {
                    return true;
                };
                let (id, node, last) = match frame {
                    Frame::Sequence(id, from) => {
                        let items = &self.buffers.items[from..];
                        let (first, last) = (items.first().copied(), items.last().copied());
                        let children = self.out.tree.add_items(items);
                        self.buffers.items.truncate(from);
                        if let Some(first) = first {
                            self.pull_start(id, first);
                        }
                        (id, Stored::Sequence(children), last)
                    }
                    Frame::Mapping(id, from, _) => {
                        let entries = &self.buffers.entries[from..];
                        let first = entries.first().map(|e| e.key);
                        let last = entries.last().map(|e| e.value);
                        let children = self.out.tree.add_entries(entries);
                        self.buffers.entries.truncate(from);
                        if let Some(first) = first {
                            self.pull_start(id, first);
                        }
                        self.note_duplicates(id, children);
                        (id, Stored::Mapping(children), last)
                    }
                };
                let end = match last.map(|last| self.out.tree.range(last).1) {
                    Some(child_end) if !flow => child_end,
                    _ => end,
                };
                self.out.tree.set(id, node, end);
                self.attach(id);
                true
            }
        }
    }

    /// Lists the chunk's comments: a `#` at a line start or after a space or tab, outside every
    /// scalar's own characters, starts a comment that runs to the end of its line. Only called
    /// once the whole chunk parsed, so every scalar of the chunk is known; a chunk with a syntax
    /// error contributes no comments (and so no suppressions). One pass over the chunk.
    fn collect_comments(&mut self) {
        let covered = &mut self.buffers.covered;
        // Already in order (events come in text order); sorting sorted data is linear.
        covered.sort_unstable();
        let (text, bytes, end) = (self.text, self.text.as_bytes(), self.end);
        let comments = &mut self.out.tree.comments;
        let mut at = self.base;
        let mut next_scalar = 0;
        while let Some(found) = crate::source::find_ascii(&text[at..end], b'#') {
            let hash = at + found;
            while covered.get(next_scalar).is_some_and(|&(_, e)| e <= hash) {
                next_scalar += 1;
            }
            if let Some(&(_, e)) = covered.get(next_scalar).filter(|&&(s, _)| s <= hash) {
                at = e.max(hash + 1);
                continue;
            }
            let separated = hash == 0
                || matches!(bytes[hash - 1], b' ' | b'\t' | b'\n' | b'\r')
                || (hash == 3 && text.starts_with('\u{feff}'));
            if !separated {
                at = hash + 1;
                continue;
            }
            let line_end = bytes[hash..end]
                .iter()
                .position(|b| matches!(b, b'\n' | b'\r'))
                .map_or(end, |p| hash + p);
            comments.push((hash as u32, line_end as u32));
            at = line_end;
        }
    }

    /// When the parser gives up at the end of the document inside a flow collection, the useful
    /// place to point at is the bracket that was never closed.
    fn unclosed_bracket(&self, error_at: usize) -> Option<(usize, char)> {
        let content_end = self.base + self.text[self.base..self.end].trim_end().len();
        if error_at < content_end {
            return None;
        }
        self.buffers.stack.iter().rev().find_map(|frame| {
            let id = match frame {
                Frame::Sequence(id, _) | Frame::Mapping(id, ..) => *id,
            };
            let (start, _) = self.out.tree.range(id);
            match self.text.as_bytes().get(start) {
                Some(b'[') => Some((start, '[')),
                Some(b'{') => Some((start, '{')),
                _ => None,
            }
        })
    }

    /// A collection's range starts at its first child when the event says otherwise (block
    /// collections have no opening bracket to point at).
    fn pull_start(&mut self, id: NodeId, first_child: NodeId) {
        let (own, _) = self.out.tree.range(id);
        let (child, _) = self.out.tree.range(first_child);
        if child < own {
            self.out.tree.set_start(id, child);
        }
    }

    fn new_node(
        &mut self,
        node: Stored,
        start: usize,
        end: usize,
        anchor: usize,
    ) -> Option<NodeId> {
        if self.out.tree.len() >= self.limits.max_nodes {
            let max = self.limits.max_nodes;
            self.error(
                start,
                format!("more than {max} nodes; the rest were not read"),
            );
            return None;
        }
        // A node that would start a new key of a full mapping.
        if let Some(Frame::Mapping(_, from, None)) = self.buffers.stack.last() {
            if self.buffers.entries.len() - from >= self.limits.max_entries {
                let max = self.limits.max_entries;
                self.error(
                    start,
                    format!("a mapping with more than {max} entries; this document was not read"),
                );
                return None;
            }
        }
        let id = self.out.tree.push(node, start, end);
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
        Some(id)
    }

    fn add(&mut self, node: Stored, start: usize, end: usize, anchor: usize) -> bool {
        match self.new_node(node, start, end, anchor) {
            Some(id) => {
                self.attach(id);
                true
            }
            None => false,
        }
    }

    /// Hangs a finished node on its parent, or makes it a document root.
    fn attach(&mut self, id: NodeId) {
        match self.buffers.stack.last_mut() {
            Some(Frame::Sequence(..)) => self.buffers.items.push(id),
            Some(Frame::Mapping(_, _, pending)) => match pending.take() {
                Some(key) => self.buffers.entries.push(self.out.tree.new_entry(key, id)),
                None => *pending = Some(id),
            },
            None => {
                // A document's range starts at its chunk, so it includes the `---` marker and
                // the comments above the content (where `#cloud-config` lives).
                let (_, end) = self.out.tree.range(id);
                self.out.documents.push(super::Document {
                    root: id,
                    start: self.base,
                    end,
                });
            }
        }
    }

    fn note_duplicates(&mut self, mapping: NodeId, children: Children) {
        let tree = &self.out.tree;
        let entries = tree.entries_of(children);
        let key = |e: &Entry| plain_key(tree, e.key).filter(|k| *k != "<<");
        let simple = entries.iter().all(|e| key(e).is_some());
        let mut found = Vec::new();
        if entries.len() <= SMALL_MAPPING {
            // Most mappings are small: comparing pairs beats building a hash map.
            for (i, entry) in entries.iter().enumerate() {
                let Some(k) = key(entry) else { continue };
                if let Some(first) = entries[..i].iter().find(|e| key(e) == Some(k)) {
                    found.push(DuplicateKey {
                        mapping,
                        first: first.key,
                        duplicate: entry.key,
                    });
                }
            }
        } else {
            let mut seen: HashMap<&str, NodeId> = HashMap::with_capacity(entries.len());
            for entry in entries {
                let Some(k) = key(entry) else { continue };
                if let Some(first) = seen.get(k) {
                    found.push(DuplicateKey {
                        mapping,
                        first: *first,
                        duplicate: entry.key,
                    });
                } else {
                    seen.insert(k, entry.key);
                }
            }
        }
        if simple && found.is_empty() {
            self.out.tree.mark_simple_mapping(mapping);
        }
        self.out.tree.duplicates.extend(found);
    }
}

const SMALL_MAPPING: usize = 16;

/// What the parser is given in front of a large flow document (see [`flow_document_input`]).
const DOCUMENT_MARKER: &str = "--- ";

/// Documents at least this long that open with `[` or `{` are parsed after a `--- ` marker.
const LARGE_FLOW_DOCUMENT: usize = 64 * 1024;

/// `saphyr-parser` holds back every token of a flow collection that could still be a mapping
/// key until the collection closes (it does not apply YAML's 1,024-character limit on implicit
/// keys inside flow): a one-line JSON document or `[a,a,…]` cost about 400 bytes per item before
/// the first event. After a `--- ` on the same line a collection cannot be a key, so for a large
/// document that opens with `[` or `{` the parser reads `--- `, the lines before the bracket as
/// spaces (one per character, so positions only shift by the marker), then the document.
/// Comments are read from the text itself, so none is lost. `None` when the chunk is small, or
/// does not open with a bracket, or has directives.
fn flow_document_input(chunk: &str) -> Option<String> {
    if chunk.len() < LARGE_FLOW_DOCUMENT {
        return None;
    }
    let mut offset = 0;
    for line in chunk.split_inclusive('\n') {
        let bare = line.trim();
        let marker_only = bare == "---"
            || bare.strip_prefix("---").is_some_and(|rest| {
                rest.starts_with([' ', '\t']) && rest.trim_start().starts_with('#')
            });
        if bare.is_empty() || bare.starts_with('#') || marker_only {
            offset += line.len();
            continue;
        }
        if !(bare.starts_with('[') || bare.starts_with('{')) {
            return None;
        }
        let at = offset + (line.len() - line.trim_start().len());
        let mut out = String::with_capacity(chunk.len() + DOCUMENT_MARKER.len());
        out.push_str(DOCUMENT_MARKER);
        out.extend(chunk[..at].chars().map(|_| ' '));
        out.push_str(&chunk[at..]);
        return Some(out);
    }
    None
}

fn plain_key(tree: &Tree, key: NodeId) -> Option<&str> {
    match tree.node(key) {
        Node::Scalar(s) => Some(tree.text(s)),
        _ => None,
    }
}

/// For a scalar event at `bytes[start..end]`, the range of the scalar's own characters (what
/// no comment can be inside) and where its node ends. The parser's range starts at the first
/// property (tag or anchor) when there is one, and for a quoted scalar runs on over the spaces
/// and comment that follow the closing quote; both are trimmed here so that a comment after a
/// value, or between its properties and its value, is not taken for part of the value.
fn scalar_extent(
    bytes: &[u8],
    start: usize,
    end: usize,
    style: ScalarStyle,
    has_properties: bool,
    empty: bool,
) -> ((usize, usize), usize) {
    let content = if has_properties {
        skip_properties(bytes, start, end)
    } else {
        start
    };
    let whole = ((start, end), end);
    match style {
        ScalarStyle::Plain => ((content.min(end), end), end),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            match closing_quote(bytes, content, end, style == ScalarStyle::SingleQuoted) {
                Some(close) => ((content, close), close),
                // Cannot happen for a scalar the parser accepted; covering the whole range
                // can only hide a comment, never make one.
                None => whole,
            }
        }
        // A block scalar with no content has no characters of its own (its range may hold
        // blank lines, or its header when the text ends there).
        ScalarStyle::Literal | ScalarStyle::Folded if empty => ((end, end), end),
        ScalarStyle::Literal | ScalarStyle::Folded => {
            // Without properties the range already starts on the first content line. With
            // them it starts at the properties; the content begins on the line after the
            // `|`/`>` header, whose own comment is a real one.
            if !has_properties {
                return whole;
            }
            if !matches!(bytes.get(content), Some(b'|' | b'>')) {
                return whole;
            }
            let body = bytes[content..end]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(end, |p| content + p + 1);
            ((body, end), end)
        }
    }
}

/// Skips a scalar's properties (`!tag`, `&anchor`) and the spaces, line breaks and comments
/// between them and the scalar, stopping at `limit`.
fn skip_properties(bytes: &[u8], mut at: usize, limit: usize) -> usize {
    let is_break = |b: u8| matches!(b, b'\n' | b'\r');
    let is_space = |b: u8| matches!(b, b' ' | b'\t') || is_break(b);
    while at < limit {
        let stop: fn(u8) -> bool = match bytes[at] {
            b if is_space(b) => {
                at += 1;
                continue;
            }
            // Reached only after a space or a line break: a comment, up to its line's end.
            b'#' => |b| matches!(b, b'\n' | b'\r'),
            // A tag or an anchor, up to the next space.
            b'!' | b'&' => |b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'),
            _ => break,
        };
        while at < limit && !stop(bytes[at]) {
            at += 1;
        }
    }
    at
}

/// The offset just past the quote that closes the quoted scalar opening at `open`.
fn closing_quote(bytes: &[u8], open: usize, limit: usize, single: bool) -> Option<usize> {
    let quote = if single { b'\'' } else { b'"' };
    if bytes.get(open) != Some(&quote) {
        return None;
    }
    let mut at = open + 1;
    while at < limit {
        match bytes[at] {
            // `\x` in double quotes is one escaped character, whatever x is.
            b'\\' if !single => at += 2,
            // `''` in single quotes is one quote.
            b'\'' if single && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            b if b == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

fn convert_style(style: SaphyrStyle) -> ScalarStyle {
    match style {
        SaphyrStyle::Plain => ScalarStyle::Plain,
        SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        SaphyrStyle::Literal => ScalarStyle::Literal,
        SaphyrStyle::Folded => ScalarStyle::Folded,
    }
}

/// The parser's messages are terse and sometimes internal; keep them short and readable.
fn tidy_scan_error(info: &str) -> String {
    let info = info.trim();
    let plain = match info {
        "recursion limit exceeded" => {
            Some("nesting too deep for the parser; flatten the collection")
        }
        "simple key expect ':'" | "simple key expected" => {
            Some("a key is missing its ':', or the line is indented wrongly")
        }
        "mapping values are not allowed in this context" => {
            Some("unexpected ':' here; quote the value or fix the indentation")
        }
        "invalid indentation" => {
            Some("this line's indentation does not line up with the lines above")
        }
        "while parsing a block mapping, did not find expected key" => {
            Some("expected a key at this indentation; check the lines above line up")
        }
        "tab cannot be used as indentation"
        | "tabs disallowed within this context (block indentation)" => {
            Some("tabs cannot indent YAML; use spaces")
        }
        "unexpected eof" => Some("the text ends in the middle of a value"),
        "while scanning a quoted scalar, found unexpected end of stream" => {
            Some("a quoted string is never closed")
        }
        _ => None,
    };
    if let Some(plain) = plain {
        return plain.to_string();
    }
    let mut s = info.to_string();
    // The parser's messages start with an ASCII letter; ASCII case keeps Unicode's case
    // tables out of the page's bundle.
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}
