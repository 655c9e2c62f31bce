//! The node arena: every node of every document of one text, each with its byte range.
//! A collection's children sit together in one of two lists the tree shares (sequence items,
//! mapping entries), so a text of many small mappings costs no allocation per mapping.
//!
//! Aliases are stored as references to the anchored node, never copied, so memory stays linear
//! in the input however the aliases multiply. Reads go through [`Tree::resolve`], which spends
//! from a budget: an alias bomb exhausts the budget instead of the machine.

use std::cell::Cell;
use std::collections::HashMap;

/// Index of a node in its [`Tree`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A scalar's text lives in the tree's shared string buffer (one allocation for all of them),
/// so a scalar holds only where it is. Read it with [`Tree::str`] or [`Tree::text`].
#[derive(Debug)]
pub struct Scalar {
    start: u32,
    len: u32,
    pub style: ScalarStyle,
    /// The explicit tag, e.g. `!!str`, if the text gave one.
    pub tag: Option<Box<str>>,
}

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
    /// A scalar key's [`key_tag`] (0 for other keys): a lookup passes over most entries by
    /// this alone, without visiting their key nodes. Native only: the page has no room for it.
    #[cfg(not(target_arch = "wasm32"))]
    tag: u32,
}

/// A key's length and first byte in one number; equal keys have equal tags.
#[cfg(not(target_arch = "wasm32"))]
fn key_tag(key: &[u8]) -> u32 {
    (key.len().min(0xff_ffff) as u32) << 8 | key.first().map_or(0, |&b| u32::from(b))
}

/// A node as read: a scalar, a collection's children, or the node an alias names.
#[derive(Clone, Copy, Debug)]
pub enum Node<'t> {
    Scalar(&'t Scalar),
    Sequence(&'t [NodeId]),
    Mapping(&'t [Entry]),
    /// A `*name` reference to an anchored node.
    Alias(&'t NodeId),
}

/// A node as kept: a collection holds where its children sit in the tree's shared lists.
#[derive(Debug)]
pub(crate) enum Stored {
    Scalar(Scalar),
    Sequence(Children),
    Mapping(Children),
    Alias(NodeId),
}

/// Where a collection's children sit in [`Tree::items`] or [`Tree::entries`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Children {
    start: u32,
    len: u32,
}

impl Children {
    /// Puts `children` at the end of the shared `list` and says where they sit.
    fn append<T: Copy>(list: &mut Vec<T>, children: &[T]) -> Children {
        let start = list.len() as u32;
        list.extend_from_slice(children);
        Children {
            start,
            len: children.len() as u32,
        }
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

#[derive(Debug)]
struct Slot {
    node: Stored,
    start: u32,
    end: u32,
}

/// A key that appears twice in one mapping.
#[derive(Clone, Copy, Debug)]
pub struct DuplicateKey {
    pub mapping: NodeId,
    pub first: NodeId,
    pub duplicate: NodeId,
}

/// How many alias dereferences one evaluation may make before it stops following them.
pub const DEFAULT_ALIAS_BUDGET: u64 = 1_000_000;

#[derive(Debug)]
pub struct Tree {
    slots: Vec<Slot>,
    /// Every sequence's items, each sequence's together.
    items: Vec<NodeId>,
    /// Every mapping's entries, each mapping's together.
    entries: Vec<Entry>,
    strings: String,
    pub(crate) duplicates: Vec<DuplicateKey>,
    /// One bit per node: set for a mapping whose keys are all scalars, none of them `<<` and no
    /// two alike, so its effective entries are its entries as written (the common case, and a
    /// million-key ConfigMap need not be hashed again for every read).
    simple_mappings: Vec<u64>,
    /// Byte ranges of the real comments, from `#` to the end of its line, in text order.
    pub(crate) comments: Vec<(u32, u32)>,
    alias_budget: Cell<u64>,
    alias_budget_exhausted: Cell<bool>,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            slots: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            strings: String::new(),
            duplicates: Vec::new(),
            simple_mappings: Vec::new(),
            comments: Vec::new(),
            alias_budget: Cell::new(DEFAULT_ALIAS_BUDGET),
            alias_budget_exhausted: Cell::new(false),
        }
    }
}

impl Tree {
    pub(crate) fn reserve(&mut self, nodes: usize, text: usize) {
        self.slots.reserve(nodes);
        // About half the nodes are mapping keys.
        self.entries.reserve(nodes / 2);
        self.strings.reserve(text);
    }

    pub(crate) fn push(&mut self, node: Stored, start: usize, end: usize) -> NodeId {
        let id = NodeId(self.slots.len() as u32);
        self.slots.push(Slot {
            node,
            start: start as u32,
            end: end as u32,
        });
        id
    }

    /// Stores a scalar's text and returns the scalar that refers to it.
    pub(crate) fn scalar_of(
        &mut self,
        value: &str,
        style: ScalarStyle,
        tag: Option<Box<str>>,
    ) -> Scalar {
        let start = self.strings.len() as u32;
        self.strings.push_str(value);
        Scalar {
            start,
            len: value.len() as u32,
            style,
            tag,
        }
    }

    /// Keeps a finished sequence's items; the sequence is to hold what this returns.
    pub(crate) fn add_items(&mut self, items: &[NodeId]) -> Children {
        Children::append(&mut self.items, items)
    }

    /// Keeps a finished mapping's entries; the mapping is to hold what this returns.
    pub(crate) fn add_entries(&mut self, entries: &[Entry]) -> Children {
        Children::append(&mut self.entries, entries)
    }

    /// Every mapping entry of the text, mapping by mapping.
    pub fn all_entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries [`Tree::add_entries`] kept.
    pub(crate) fn entries_of(&self, children: Children) -> &[Entry] {
        &self.entries[children.range()]
    }

    /// A mapping entry of two nodes of this tree.
    pub(crate) fn new_entry(&self, key: NodeId, value: NodeId) -> Entry {
        #[cfg(not(target_arch = "wasm32"))]
        let tag = match self.node(key) {
            Node::Scalar(s) => key_tag(self.text(s).as_bytes()),
            _ => 0,
        };
        Entry {
            key,
            value,
            #[cfg(not(target_arch = "wasm32"))]
            tag,
        }
    }

    /// The text of a scalar of this tree.
    pub fn text(&self, scalar: &Scalar) -> &str {
        &self.strings[scalar.start as usize..(scalar.start + scalar.len) as usize]
    }

    pub(crate) fn set(&mut self, id: NodeId, node: Stored, end: usize) {
        let slot = &mut self.slots[id.0 as usize];
        slot.node = node;
        slot.end = slot.end.max(end as u32);
    }

    pub(crate) fn set_start(&mut self, id: NodeId, start: usize) {
        self.slots[id.0 as usize].start = start as u32;
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The node as written (an alias stays an alias).
    /// The node as kept; reads that need no children skip making their slices.
    fn stored(&self, id: NodeId) -> &Stored {
        &self.slots[id.0 as usize].node
    }

    #[inline]
    pub fn node(&self, id: NodeId) -> Node<'_> {
        match &self.slots[id.0 as usize].node {
            Stored::Scalar(s) => Node::Scalar(s),
            // `get`, not indexing: with no panic to keep, a caller that only asks whether the
            // node is a scalar pays nothing for the slices it does not look at.
            Stored::Sequence(c) => Node::Sequence(self.items.get(c.range()).unwrap_or(&[])),
            Stored::Mapping(c) => Node::Mapping(self.entries.get(c.range()).unwrap_or(&[])),
            Stored::Alias(target) => Node::Alias(target),
        }
    }

    /// Byte range of the node as written in the text.
    pub fn range(&self, id: NodeId) -> (usize, usize) {
        let s = &self.slots[id.0 as usize];
        (s.start as usize, s.end as usize)
    }

    /// Duplicate keys found while loading.
    pub fn duplicate_keys(&self) -> &[DuplicateKey] {
        &self.duplicates
    }

    /// The comments of the text, in order: each a byte range from its `#` to the end of its
    /// line (line break excluded). Only comments of documents that parsed are listed; a `#`
    /// inside any scalar (plain, quoted, block) is content, never a comment.
    pub fn comments(&self) -> impl ExactSizeIterator<Item = (usize, usize)> + '_ {
        self.comments
            .iter()
            .map(|&(start, end)| (start as usize, end as usize))
    }

    pub fn set_alias_budget(&self, budget: u64) {
        self.alias_budget.set(budget);
        self.alias_budget_exhausted.set(false);
    }

    /// True once an evaluation ran out of alias dereferences; its results are then partial.
    pub fn alias_budget_exhausted(&self) -> bool {
        self.alias_budget_exhausted.get()
    }

    /// Follows an alias to the anchored node. Returns `None` once the alias budget is spent.
    pub fn resolve(&self, id: NodeId) -> Option<NodeId> {
        match self.stored(id) {
            Stored::Alias(target) => {
                let left = self.alias_budget.get();
                if left == 0 {
                    self.alias_budget_exhausted.set(true);
                    return None;
                }
                self.alias_budget.set(left - 1);
                Some(*target)
            }
            _ => Some(id),
        }
    }

    pub fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match self.stored(self.resolve(id)?) {
            Stored::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar node (after following an alias).
    pub fn str(&self, id: NodeId) -> Option<&str> {
        self.scalar(id).map(|s| self.text(s))
    }

    /// Items of a sequence node (after following an alias).
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match self.resolve(id).map(|r| self.node(r)) {
            Some(Node::Sequence(items)) => items,
            _ => &[],
        }
    }

    pub fn is_mapping(&self, id: NodeId) -> bool {
        matches!(
            self.resolve(id).map(|r| self.stored(r)),
            Some(Stored::Mapping(_))
        )
    }

    pub fn is_sequence(&self, id: NodeId) -> bool {
        matches!(
            self.resolve(id).map(|r| self.stored(r)),
            Some(Stored::Sequence(_))
        )
    }

    /// True for a null scalar (`~`, `null`, nothing at all, or anything tagged `!!null`) as
    /// Kubernetes reads it.
    pub fn is_null(&self, id: NodeId) -> bool {
        super::scalars::k8s_null(self, id)
    }

    fn raw_entries(&self, id: NodeId) -> &[Entry] {
        match self.resolve(id).map(|r| self.node(r)) {
            Some(Node::Mapping(entries)) => entries,
            _ => &[],
        }
    }

    fn is_merge_key(&self, key: NodeId) -> bool {
        matches!(self.scalar(key), Some(s) if s.style == ScalarStyle::Plain && self.text(s) == "<<")
    }

    /// Every node under `root` (itself included) as written, with whether it is a mapping key.
    /// Aliases are visited as alias nodes and not followed, so each node of the text is seen
    /// once and an alias bomb costs nothing here.
    pub fn descendants(&self, root: NodeId) -> impl Iterator<Item = (NodeId, bool)> + '_ {
        let mut stack = vec![(root, false)];
        std::iter::from_fn(move || {
            let (id, is_key) = stack.pop()?;
            match self.node(id) {
                Node::Sequence(items) => {
                    for item in items.iter().rev() {
                        stack.push((*item, false));
                    }
                }
                Node::Mapping(entries) => {
                    for e in entries.iter().rev() {
                        stack.push((e.value, false));
                        stack.push((e.key, true));
                    }
                }
                Node::Scalar(_) | Node::Alias(_) => {}
            }
            Some((id, is_key))
        })
    }

    /// Looks a key up in a mapping the way Kubernetes' YAML decoder does: entries apply in
    /// document order and the last write wins, both for duplicate keys and for `<<` merges; in
    /// `<<: [*a, *b]` the earlier map takes precedence. Returns the entry's key and value.
    pub fn entry(&self, map: NodeId, key: &str) -> Option<Entry> {
        self.entry_depth(map, key, 0)
    }

    fn entry_depth(&self, map: NodeId, key: &str, depth: u32) -> Option<Entry> {
        if depth > MAX_MERGE_DEPTH {
            return None;
        }
        let map = self.resolve(map)?;
        let Node::Mapping(entries) = self.node(map) else {
            return None;
        };
        // Keys are scalars almost always, and most keys of a mapping differ in length or first
        // byte: the tags settle those without reading the keys' texts.
        let wanted = key.as_bytes();
        #[cfg(not(target_arch = "wasm32"))]
        let tag = key_tag(wanted);
        #[cfg(not(target_arch = "wasm32"))]
        let may_be = |e: &Entry| e.tag == tag;
        #[cfg(target_arch = "wasm32")]
        let may_be = |_: &Entry| true;
        // Bytes, not `text`: a `str` slice would check both ends for character boundaries.
        let same = |e: &Entry, s: &Scalar| {
            may_be(e) && &self.strings.as_bytes()[s.start as usize..][..s.len as usize] == wanted
        };
        if self.is_simple_mapping(map) {
            // Scalar keys, no merge and no key twice: the first match is the only one.
            return entries
                .iter()
                .find(|e| {
                    may_be(e) && matches!(self.stored(e.key), Stored::Scalar(s) if same(e, s))
                })
                .copied();
        }
        for entry in entries.iter().rev() {
            let merge = match self.node(entry.key) {
                Node::Scalar(s) if same(entry, s) => return Some(*entry),
                Node::Scalar(s) => s.style == ScalarStyle::Plain && self.text(s) == "<<",
                _ if self.str(entry.key) == Some(key) => return Some(*entry),
                _ => false,
            };
            if merge {
                let found = if self.is_sequence(entry.value) {
                    self.items(entry.value)
                        .iter()
                        .find_map(|m| self.entry_depth(*m, key, depth + 1))
                } else {
                    self.entry_depth(entry.value, key, depth + 1)
                };
                if found.is_some() {
                    return found;
                }
            }
        }
        None
    }

    /// The value under `key` in a mapping, with Kubernetes' precedence (see [`Tree::entry`]).
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.entry(map, key).map(|e| e.value)
    }

    /// Follows a path of keys through nested mappings.
    pub fn path(&self, mut node: NodeId, keys: &[&str]) -> Option<NodeId> {
        for key in keys {
            node = self.get(node, key)?;
        }
        Some(node)
    }

    /// The string under `key`, if it is a scalar.
    pub fn get_str(&self, map: NodeId, key: &str) -> Option<&str> {
        self.get(map, key).and_then(|v| self.str(v))
    }

    /// The mapping's effective entries, merges expanded and duplicates settled (last write
    /// wins), in first-appearance order of their keys.
    pub fn entries(&self, map: NodeId) -> Vec<Entry> {
        let Some(map) = self.resolve(map) else {
            return Vec::new();
        };
        if self.is_simple_mapping(map) {
            return self.raw_entries(map).to_vec();
        }
        let mut out = Entries {
            expected: self.raw_entries(map).len(),
            ..Entries::default()
        };
        self.collect_entries(map, &mut out, 0);
        out.list
    }

    pub(crate) fn mark_simple_mapping(&mut self, id: NodeId) {
        let (word, bit) = (id.0 as usize / 64, id.0 % 64);
        if self.simple_mappings.len() <= word {
            self.simple_mappings.resize(word + 1, 0);
        }
        self.simple_mappings[word] |= 1 << bit;
    }

    fn is_simple_mapping(&self, id: NodeId) -> bool {
        let (word, bit) = (id.0 as usize / 64, id.0 % 64);
        self.simple_mappings
            .get(word)
            .is_some_and(|w| w & (1 << bit) != 0)
    }

    fn collect_entries<'t>(&'t self, map: NodeId, out: &mut Entries<'t>, depth: u32) {
        if depth > MAX_MERGE_DEPTH {
            return;
        }
        for entry in self.raw_entries(map) {
            if self.is_merge_key(entry.key) {
                if self.is_sequence(entry.value) {
                    for m in self.items(entry.value).iter().rev() {
                        self.collect_entries(*m, out, depth + 1);
                    }
                } else {
                    self.collect_entries(entry.value, out, depth + 1);
                }
                continue;
            }
            out.put(self.str(entry.key), *entry, self);
        }
    }
}

/// The effective entries being collected, with an index of their keys once there are many, so
/// a mapping with a million keys costs a million hash lookups rather than a search per key.
#[derive(Default)]
struct Entries<'t> {
    list: Vec<Entry>,
    index: Option<HashMap<&'t str, usize>>,
    /// How many entries the mapping itself has, so the index is sized once, not regrown.
    expected: usize,
}

impl<'t> Entries<'t> {
    fn put(&mut self, key: Option<&'t str>, entry: Entry, tree: &'t Tree) {
        let Some(key) = key else {
            self.list.push(entry);
            return;
        };
        if self.index.is_none() && self.list.len() >= INDEX_ENTRIES_FROM {
            let mut index = HashMap::with_capacity(self.expected.max(self.list.len() * 2));
            for (i, e) in self.list.iter().enumerate() {
                if let Some(k) = tree.str(e.key) {
                    index.entry(k).or_insert(i);
                }
            }
            self.index = Some(index);
        }
        let found = match &mut self.index {
            Some(index) => match index.get(key) {
                Some(&i) => Some(i),
                None => {
                    index.insert(key, self.list.len());
                    None
                }
            },
            None => self.list.iter().position(|e| tree.str(e.key) == Some(key)),
        };
        match found {
            Some(i) => self.list[i] = entry,
            None => self.list.push(entry),
        }
    }
}

/// Below this many entries, comparing keys one by one is cheaper than hashing them.
const INDEX_ENTRIES_FROM: usize = 16;

/// Merges nested deeper than this are ignored: real configs use one or two levels.
const MAX_MERGE_DEPTH: u32 = 16;
