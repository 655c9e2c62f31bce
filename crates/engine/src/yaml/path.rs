//! Where a node sits in its document, spelled as keys and list items:
//! `spec.template.spec.containers[name=app].securityContext.privileged`.
//!
//! Baselines match findings by this path rather than by line, so it must not move when lines
//! are added elsewhere, and a list item that has a `name` is named by it rather than counted,
//! so reordering containers (or env entries, volumes, kubeadm `extraArgs`) keeps every path.
//! Items without a name fall back to their index.
//!
//! The arena keeps no parent links; [`Paths`] builds them once per text (four bytes a node),
//! only when the text has findings to place.

use super::{Document, Node, NodeId, Tree};

/// Paths longer than this keep their start and end, with a hash of the whole in between, so a
/// deep or long-keyed document cannot make every finding carry kilobytes.
pub const MAX_PATH_BYTES: usize = 256;

/// A key or name longer than this is shortened the same way.
const MAX_SEGMENT_BYTES: usize = 64;

const NO_PARENT: u32 = u32::MAX;

/// Items with more entries than this are not searched for a `name` (real list items have a
/// handful), so a hostile item cannot make every path under it cost its width.
const MAX_NAMED_ITEM_ENTRIES: usize = 256;

/// The parent of every node of one tree and the child's place in it, to spell paths upwards.
pub struct Paths<'t> {
    tree: &'t Tree,
    /// For each node: its parent and its index among the parent's items or entries.
    up: Vec<(u32, u32)>,
}

impl<'t> Paths<'t> {
    pub fn new(tree: &'t Tree) -> Self {
        let mut up = vec![(NO_PARENT, 0); tree.len()];
        for i in 0..tree.len() {
            let mut set = |child: NodeId, at: usize| {
                if let Some(p) = up.get_mut(child.0 as usize) {
                    *p = (i as u32, at as u32);
                }
            };
            match tree.node(NodeId(i as u32)) {
                Node::Sequence(items) => {
                    for (at, c) in items.iter().enumerate() {
                        set(*c, at);
                    }
                }
                Node::Mapping(entries) => {
                    for (at, e) in entries.iter().enumerate() {
                        set(e.key, at);
                        set(e.value, at);
                    }
                }
                Node::Scalar(_) | Node::Alias(_) => {}
            }
        }
        Paths { tree, up }
    }

    fn parent(&self, node: NodeId) -> Option<(NodeId, usize)> {
        match self.up.get(node.0 as usize) {
            Some(&(p, at)) if p != NO_PARENT => Some((NodeId(p), at as usize)),
            _ => None,
        }
    }

    /// The path of `node` from its document's root (empty for the root itself). A mapping key
    /// has the path of its entry, like its value.
    pub fn of(&self, node: NodeId) -> String {
        let mut segments = Vec::new();
        let mut child = node;
        // Depth is bounded by the loader; the count bounds it again should the links be odd.
        let mut steps = 0;
        while let Some((parent, at)) = self.parent(child) {
            steps += 1;
            if steps > 10_000 {
                break;
            }
            if let Some(s) = self.segment(parent, child, at) {
                segments.push(s);
            }
            child = parent;
        }
        // Spelled into one string: a finding's path is made once per finding.
        let mut out = String::with_capacity(segments.iter().map(|s| s.len() + 1).sum());
        for s in segments.iter().rev() {
            match s {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Named(label, name) => {
                    out.push('[');
                    out.push_str(label);
                    out.push('=');
                    out.push_str(name);
                    out.push(']');
                }
                Segment::Index(at) => {
                    use std::fmt::Write;
                    let _ = write!(out, "[{at}]");
                }
                Segment::Spelled(s) => out.push_str(s),
            }
        }
        bounded(out)
    }

    /// How `child`, at index `at` of `parent`, is reached from it.
    fn segment(&self, parent: NodeId, child: NodeId, at: usize) -> Option<Segment<'t>> {
        let tree = self.tree;
        match tree.node(parent) {
            Node::Mapping(entries) => {
                let entry = entries.get(at)?;
                Some(match tree.str(entry.key) {
                    Some(key) if is_plain(key, false) => Segment::Key(key),
                    Some(key) => Segment::Spelled(format!("[{}]", quoted(key))),
                    None => Segment::Spelled("[?]".to_string()),
                })
            }
            Node::Sequence(_) => {
                for key in ["name", "metadata"] {
                    let name = match key {
                        "name" => self.small_get(child, "name"),
                        _ => self
                            .small_get(child, "metadata")
                            .and_then(|m| self.small_get(m, "name")),
                    }
                    .and_then(|n| tree.str(n));
                    if let Some(name) = name.filter(|n| !n.is_empty()) {
                        let label = if key == "name" {
                            "name"
                        } else {
                            "metadata.name"
                        };
                        // A plain name is short (`is_plain`), so it is written as it is.
                        return Some(if is_plain(name, true) {
                            Segment::Named(label, name)
                        } else {
                            Segment::Spelled(format!("[{label}={}]", quoted(name)))
                        });
                    }
                }
                Some(Segment::Index(at))
            }
            Node::Scalar(_) | Node::Alias(_) => None,
        }
    }

    /// `tree.get` on a mapping of at most [`MAX_NAMED_ITEM_ENTRIES`] entries.
    fn small_get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        let tree = self.tree;
        match tree.node(tree.resolve(map)?) {
            Node::Mapping(entries) if entries.len() <= MAX_NAMED_ITEM_ENTRIES => tree.get(map, key),
            _ => None,
        }
    }

    /// The path of the innermost node whose written range holds `offset`, for findings placed
    /// at a range rather than a node (a comment). Empty when no node holds it.
    pub fn at_offset(&self, documents: &[Document], offset: usize) -> String {
        let tree = self.tree;
        let i = documents.partition_point(|d| d.start <= offset);
        let Some(doc) = i.checked_sub(1).and_then(|i| documents.get(i)) else {
            return String::new();
        };
        let holds = |n: NodeId| {
            let (s, e) = tree.range(n);
            s <= offset && offset < e
        };
        if !holds(doc.root) {
            return String::new();
        }
        let mut node = doc.root;
        loop {
            // Children are in text order, so the one holding the offset is found by halving.
            let next = match tree.node(node) {
                Node::Sequence(items) => {
                    let j = items.partition_point(|c| tree.range(*c).0 <= offset);
                    j.checked_sub(1).map(|j| items[j])
                }
                Node::Mapping(entries) => {
                    let j = entries.partition_point(|e| tree.range(e.key).0 <= offset);
                    j.checked_sub(1).map(|j| entries[j]).map(|e| {
                        if holds(e.value) {
                            e.value
                        } else {
                            e.key
                        }
                    })
                }
                Node::Scalar(_) | Node::Alias(_) => None,
            };
            match next {
                Some(c) if holds(c) => node = c,
                _ => break,
            }
        }
        self.of(node)
    }
}

/// One step of a path, borrowed from the tree where it can be.
enum Segment<'t> {
    /// A key written bare: `spec`.
    Key(&'t str),
    /// A list item named by a plain `name` or `metadata.name`: `[name=app]`.
    Named(&'static str, &'t str),
    /// A list item by its index: `[2]`.
    Index(usize),
    /// A quoted key or name, brackets included: `["a b"]`.
    Spelled(String),
}

impl Segment<'_> {
    /// About how many bytes the segment takes when spelled (an index is counted as a few).
    fn len(&self) -> usize {
        match self {
            Segment::Key(key) => key.len(),
            Segment::Named(label, name) => label.len() + name.len() + 3,
            Segment::Index(_) => 6,
            Segment::Spelled(s) => s.len(),
        }
    }
}

/// Keys of letters, digits, `_` and `-` are written bare; names may also have dots.
fn is_plain(s: &str, dots: bool) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SEGMENT_BYTES
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || (dots && b == b'.'))
}

/// A JSON string literal of `s`, shortened when long.
fn quoted(s: &str) -> String {
    serde_json::to_string(&shorten(s)).unwrap_or_default()
}

fn shorten(s: &str) -> String {
    if s.len() <= MAX_SEGMENT_BYTES {
        return s.to_string();
    }
    let head = &s[..floor_char_boundary(s, MAX_SEGMENT_BYTES / 2)];
    format!("{head}…#{:016x}", crate::fingerprint::hash64(s.as_bytes()))
}

/// An embedded document's path prefix (ending in ` > `) and a path inside it, bounded as a
/// whole.
pub fn join(prefix: &str, inner: String) -> String {
    if prefix.is_empty() {
        return inner;
    }
    bounded(format!("{prefix}{inner}"))
}

fn bounded(path: String) -> String {
    if path.len() <= MAX_PATH_BYTES {
        return path;
    }
    let keep = MAX_PATH_BYTES / 2 - 16;
    let head = &path[..floor_char_boundary(&path, keep)];
    let tail = &path[ceil_char_boundary(&path, path.len() - keep)..];
    format!(
        "{head}…#{:016x}…{tail}",
        crate::fingerprint::hash64(path.as_bytes())
    )
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(s: &str, mut at: usize) -> usize {
    while at < s.len() && !s.is_char_boundary(at) {
        at += 1;
    }
    at
}
