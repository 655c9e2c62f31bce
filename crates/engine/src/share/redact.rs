//! Replaces secret values in a config with `REDACTED` before the config travels in a link.
//!
//! A value is treated as secret when it sits in a Secret's `data`/`stringData`, under a key
//! whose name means a credential (`password`, `token`, …) or when its shape alone says so
//! (private keys, cloud keys, tokens: [`secrets::detect`]). Documents embedded in strings
//! (pack values, user-data) are searched too; where a secret's place inside such a string
//! cannot be mapped exactly, the whole string is replaced. Line numbers are kept, so a
//! re-check of the redacted text points at the same lines.
//!
//! It fails closed: what it cannot examine does not travel as written.
//! - Comments that hold secret-looking text become `# REDACTED` (a suppression comment keeps
//!   its rule IDs and loses only its reason).
//! - A value reached through an alias is replaced where its anchor writes it.
//! - A document that did not parse, everything past a loader limit (documents, nodes), and a
//!   document string nested deeper than the checker reads ([`MAX_EMBED_DEPTH`]) or one that
//!   does not parse are withheld whole, each listed in [`Redacted::withheld`] with its reason.
//! - Input the loader refuses outright (over its size limit), or whose aliases exhaust the
//!   lookup budget, gives [`Refused`]: no link at all.

use std::collections::HashSet;
use std::fmt;

use crate::embed::{self, OffsetMap, MAX_EMBED_DEPTH};
use crate::secrets;
use crate::suppress;
use crate::yaml::{load, Limits, Node, NodeId, ScalarStyle, Tree};

pub const MARK: &str = "REDACTED";

/// How the comment that stands for a withheld region starts. A check that meets it reports the
/// region as not read, so a recipient's report is not graded as if it were clean either.
pub const WITHHELD: &str = "# REDACTED: not shared";

/// The redacted text, how many values and comments were replaced, and which regions were
/// withheld whole because they could not be examined.
#[derive(Debug, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub replaced: usize,
    pub withheld: Vec<Withheld>,
}

/// A region replaced whole: its first and last line (1-based) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    pub line: usize,
    pub end_line: usize,
    pub reason: String,
}

/// Why no redacted text can be made at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The text is larger than the loader reads.
    TooLarge(usize),
    /// Aliases multiply past the lookup budget, so some values could not be examined.
    TooManyAliases,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Refused::TooLarge(bytes) => write!(
                f,
                "the config is {bytes} bytes, more than Posture reads, so it could not be \
                 searched for secrets"
            ),
            Refused::TooManyAliases => write!(
                f,
                "the config's aliases multiply past what Posture follows, so it could not be \
                 fully searched for secrets"
            ),
        }
    }
}

/// What to put in place of a range of the root text.
#[derive(Clone, Debug)]
enum Cut {
    /// A secret value (or a string holding one somewhere unmappable).
    Value,
    /// A comment with secret-looking text: its `#` stays.
    Comment,
    /// A region that could not be examined, with the reason.
    Whole(String),
}

struct Finder {
    cuts: Vec<(usize, usize, Cut)>,
}

pub fn redact(text: &str) -> Result<Redacted, Refused> {
    let limits = Limits::default();
    if text.len() > limits.max_input_bytes {
        return Err(Refused::TooLarge(text.len()));
    }
    let mut finder = Finder { cuts: Vec::new() };
    if let Examined::Refused(r) = finder.find(text, &OffsetMap::Identity, 0) {
        return Err(r);
    }
    let mut cuts = finder.cuts;
    // Outer ranges first, so a whole replaced region swallows the values found inside it.
    cuts.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut replaced = 0;
    let mut withheld = Vec::new();
    let mut line = 1;
    for (start, end, cut) in cuts {
        // A range inside one already replaced is gone with it; one that reaches past it is
        // replaced from there on, never skipped.
        let start = start.max(at);
        let end = end.min(text.len());
        if end <= start {
            continue;
        }
        // Ranges come from the loader and always fall on characters; if one ever did not,
        // widen it rather than keep what it covers.
        let start = floor_boundary(text, start).max(at);
        let end = ceil_boundary(text, end);
        let before = &text[at..start];
        line += before.matches('\n').count();
        out.push_str(before);
        let gone = &text[start..end];
        let breaks = gone.matches('\n').count();
        match &cut {
            Cut::Value => {
                out.push_str(&replacement(gone));
                replaced += 1;
            }
            Cut::Comment => {
                out.push_str("# ");
                out.push_str(MARK);
                replaced += 1;
            }
            Cut::Whole(reason) => {
                // Whole documents (from a line start) get a comment saying why; a string
                // inside a line gets a scalar, which fits in flow collections too.
                if start == 0 || text.as_bytes()[start - 1] == b'\n' {
                    out.push_str(&whole_replacement(gone, reason));
                } else {
                    out.push_str(&replacement(gone));
                }
                // A region ending in its line break ends on the line before.
                let last = line + breaks - usize::from(breaks > 0 && gone.ends_with('\n'));
                withheld.push(Withheld {
                    line,
                    end_line: last,
                    reason: reason.clone(),
                });
            }
        }
        line += breaks;
        at = end;
    }
    out.push_str(&text[at..]);
    Ok(Redacted {
        text: out,
        replaced,
        withheld,
    })
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// `REDACTED`, quoted like the value it replaces, followed by as many line breaks as the value
/// spanned (each with the indentation that followed it) so the lines after it keep their
/// numbers and a block scalar around it keeps its shape.
fn replacement(gone: &str) -> String {
    let quote = match gone.chars().next() {
        Some(q @ ('"' | '\'')) if gone.ends_with(q) && !gone.contains('\n') => Some(q),
        _ => None,
    };
    let mut s = match quote {
        Some(q) => format!("{q}{MARK}{q}"),
        None => MARK.to_string(),
    };
    push_breaks(&mut s, gone);
    s
}

/// Each line break of `gone`, with the spaces that indent the line after it.
fn push_breaks(s: &mut String, gone: &str) {
    for (i, _) in gone.match_indices('\n') {
        s.push('\n');
        let indent = gone[i + 1..].len() - gone[i + 1..].trim_start_matches([' ', '\t']).len();
        s.push_str(&gone[i + 1..i + 1 + indent]);
    }
}

/// A region withheld whole: a comment that says so on its first line (after the `---` that
/// opened it, so the documents after it stay apart), then empty lines to keep the numbering.
fn whole_replacement(gone: &str, reason: &str) -> String {
    let first = gone.lines().next().unwrap_or("");
    let marker = if first.starts_with("---") { "--- " } else { "" };
    let reason: String = reason
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut s = format!("{marker}{WITHHELD}, Posture could not examine it ({reason})");
    s.extend(std::iter::repeat_n('\n', gone.matches('\n').count()));
    s
}

/// How far one text could be examined.
enum Examined {
    /// Every secret found has its range in the cuts.
    Fully,
    /// A secret in it has no exact place in the root text: the caller replaces the string.
    Unplaced,
    /// Part of it could not be read: the caller withholds the string, for this reason.
    Unreadable(String),
    Refused(Refused),
}

impl Finder {
    /// Replaces `start..end` of a text that `map` places exactly in the root text (a block
    /// scalar's lines sit one after another there, so the range stays contiguous).
    fn cut(&mut self, map: &OffsetMap, start: usize, end: usize, cut: Cut) {
        let (from, to) = (map.map(start), map.map(end));
        self.cuts.push((from, to.max(from), cut));
    }

    /// Collects root-text byte ranges to replace for `text`, which sits in the root text as
    /// `map` says (exactly, or only as a point).
    fn find(&mut self, text: &str, map: &OffsetMap, depth: usize) -> Examined {
        let prepared = embed::neutralize_templates(text);
        let loaded = load(&prepared, &Limits::default());
        let tree = &loaded.tree;
        let exact = map.is_exact();
        let mut unplaced = false;
        let mut unreadable: Option<String> = None;
        // Regions the loader did not read: withheld at the root; inside a string, the string.
        // Errors sorted by offset, so each region finds its own with a binary search (a text
        // of many broken documents has as many errors as regions).
        let mut errors: Vec<(usize, &str)> = loaded
            .errors
            .iter()
            .map(|e| (e.offset, e.message.as_str()))
            .collect();
        errors.sort_unstable_by_key(|e| e.0);
        for &(start, end) in &loaded.unread {
            let first = errors.partition_point(|e| e.0 < start);
            let reason = errors
                .get(first)
                .filter(|e| e.0 <= end)
                .map_or("it could not be read", |e| e.1)
                .to_string();
            if depth == 0 {
                self.cuts.push((start, end, Cut::Whole(reason)));
            } else {
                unreadable.get_or_insert(format!("a document in it could not be read: {reason}"));
            }
        }
        let mut seen = HashSet::new();
        let mut examined_strings = HashSet::new();
        for doc in &loaded.documents {
            let mut found = Vec::new();
            if !walk(tree, doc.root, Place::Elsewhere, 0, &mut seen, &mut found) {
                let reason = "it nests deeper than Posture examines".to_string();
                if depth == 0 {
                    self.cuts.push((doc.start, doc.end, Cut::Whole(reason)));
                } else {
                    unreadable.get_or_insert(reason);
                }
                continue;
            }
            for node in found {
                let (start, end) = value_range(tree, node, &prepared);
                if exact {
                    self.cut(map, start, end, Cut::Value);
                } else {
                    unplaced = true;
                }
            }
            for (_, candidate) in embed::candidates(tree, &[doc.root]) {
                // A string reached through an alias is examined once, where its anchor is.
                let node = match tree.node(candidate.node) {
                    Node::Alias(target) => *target,
                    _ => candidate.node,
                };
                if !examined_strings.insert(node) {
                    continue;
                }
                let Some(inner) = tree.str(node) else {
                    continue;
                };
                let outcome = if depth < MAX_EMBED_DEPTH {
                    let inner_map = embed::offset_map(tree, node, &prepared, inner, map);
                    self.find(inner, &inner_map, depth + 1)
                } else {
                    Examined::Unreadable(format!(
                        "a document in a string nested more than {MAX_EMBED_DEPTH} levels deep"
                    ))
                };
                let cut = match outcome {
                    Examined::Fully => continue,
                    Examined::Refused(r) => return Examined::Refused(r),
                    Examined::Unplaced => Cut::Value,
                    Examined::Unreadable(reason) => Cut::Whole(reason),
                };
                match (exact, cut) {
                    (true, cut) => {
                        let (start, end) = value_range(tree, node, &prepared);
                        self.cut(map, start, end, cut);
                    }
                    (false, Cut::Whole(reason)) => {
                        unreadable.get_or_insert(reason);
                    }
                    (false, _) => unplaced = true,
                }
            }
        }
        for (start, end) in tree.comments() {
            let Some(secret_from) = prepared.get(start..end).and_then(secret_comment_part) else {
                continue;
            };
            if exact {
                let cut = if secret_from == 0 {
                    Cut::Comment
                } else {
                    Cut::Value
                };
                self.cut(map, start + secret_from, end, cut);
            } else {
                unplaced = true;
            }
        }
        if tree.alias_budget_exhausted() {
            return Examined::Refused(Refused::TooManyAliases);
        }
        match (unreadable, unplaced) {
            (Some(reason), _) => Examined::Unreadable(reason),
            (None, true) => Examined::Unplaced,
            (None, false) => Examined::Fully,
        }
    }
}

/// Where the secret-looking part of a comment starts (0: the whole comment, `#` included), or
/// `None` when it holds nothing secret-looking. A suppression comment keeps its rule IDs.
fn secret_comment_part(comment: &str) -> Option<usize> {
    let looks_secret = |t: &str| secrets::name_looks_secret(t) || secrets::detect(t).is_some();
    if let Some(entry) = suppress::parse_comment(comment) {
        let written = comment.trim_end();
        let reason = entry.reason.as_str();
        if reason.is_empty() || !looks_secret(reason) {
            return None;
        }
        return written.len().checked_sub(reason.len()).or(Some(0));
    }
    looks_secret(comment).then_some(0)
}

/// A scalar's range without its anchor or tag (an alias elsewhere still finds its anchor) and
/// without the trailing line breaks a block scalar's range includes.
fn value_range(tree: &Tree, node: NodeId, text: &str) -> (usize, usize) {
    let (start, end) = tree.range(node);
    let end = end.min(text.len());
    let start = skip_properties(text, start.min(end), end);
    let trimmed = text[start..end].trim_end_matches(['\n', '\r', ' ', '\t']);
    (start, start + trimmed.len())
}

/// Skips `&anchor` and `!tag` properties, and the spaces and comments after them.
fn skip_properties(text: &str, mut at: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while at < end && matches!(bytes[at], b'&' | b'!') {
        while at < end && !matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
            at += 1;
        }
        loop {
            while at < end && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
                at += 1;
            }
            if at < end && bytes[at] == b'#' {
                while at < end && !matches!(bytes[at], b'\n' | b'\r') {
                    at += 1;
                }
            } else {
                break;
            }
        }
    }
    at
}

/// Where a node sits, for the rule that everything in a Secret's data is secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    SecretRoot,
    SecretData,
    /// A sequence under a key that names a credential (`tokens: [..]`).
    NamedList,
    Elsewhere,
}

/// Finds secret scalars below `id`; a value reached through an alias is reported at its
/// anchor. Each collection reached through aliases is walked once per place, so alias bombs
/// stay linear. Returns false when the nesting went deeper than it looks.
fn walk(
    tree: &Tree,
    id: NodeId,
    place: Place,
    depth: usize,
    seen: &mut HashSet<(NodeId, Place)>,
    out: &mut Vec<NodeId>,
) -> bool {
    if depth > 400 {
        return false;
    }
    let id = match tree.node(id) {
        Node::Alias(target) => {
            if !seen.insert((*target, place)) {
                return true;
            }
            *target
        }
        _ => id,
    };
    let mut complete = true;
    match tree.node(id) {
        Node::Mapping(entries) => {
            // A Secret anywhere (a document, an item of a List) starts a Secret.
            let place = if tree.get_str(id, "kind") == Some("Secret")
                && tree.get(id, "apiVersion").is_some()
            {
                Place::SecretRoot
            } else {
                place
            };
            // `{name: DB_PASSWORD, value: …}` (env vars, Palette variables): the name names the value.
            let sibling_name = tree.get_str(id, "name");
            for e in entries {
                // A key can be a token too.
                if let Some((key_node, k)) = written_scalar(tree, e.key) {
                    if !k.is_empty() && secrets::detect(k).is_some() {
                        out.push(key_node);
                    }
                }
                let key = match tree.str(e.key).unwrap_or("") {
                    "value" => sibling_name.unwrap_or("value"),
                    k => k,
                };
                match written_scalar(tree, e.value) {
                    Some((node, v)) => {
                        let named = secrets::name_looks_secret(key) && !secrets::is_placeholder(v);
                        let secret =
                            place == Place::SecretData || named || secrets::detect(v).is_some();
                        if secret && !v.trim().is_empty() {
                            out.push(node);
                        }
                    }
                    None => {
                        let inner = if place == Place::SecretRoot
                            && matches!(key, "data" | "stringData")
                            || place == Place::SecretData && key == "<<"
                        {
                            Place::SecretData
                        } else if secrets::name_looks_secret(key) && tree.is_sequence(e.value) {
                            Place::NamedList
                        } else {
                            Place::Elsewhere
                        };
                        complete &= walk(tree, e.value, inner, depth + 1, seen, out);
                    }
                }
            }
        }
        Node::Sequence(items) => {
            for item in items {
                match written_scalar(tree, *item) {
                    Some((node, v))
                        if !v.trim().is_empty()
                            && (place == Place::NamedList && !secrets::is_placeholder(v)
                                || secrets::detect(v).is_some()) =>
                    {
                        out.push(node)
                    }
                    Some(_) => {}
                    None => {
                        let inner = match place {
                            Place::SecretData => Place::SecretData,
                            _ => Place::Elsewhere,
                        };
                        complete &= walk(tree, *item, inner, depth + 1, seen, out);
                    }
                }
            }
        }
        Node::Scalar(_) | Node::Alias(_) => {}
    }
    complete
}

/// The node where a scalar is written (an alias's anchor) and its text. Booleans and nulls
/// are never credentials, and short numbers (ports, counts) are not either: their text is given
/// as empty. A long number can be a PIN or a password, so it stays.
fn written_scalar(tree: &Tree, id: NodeId) -> Option<(NodeId, &str)> {
    let id = match tree.node(id) {
        Node::Alias(target) => *target,
        _ => id,
    };
    let Node::Scalar(s) = tree.node(id) else {
        return None;
    };
    let v = tree.text(s);
    if s.style == ScalarStyle::Plain
        && (looks_numeric(v) && v.len() < 6 || matches!(v, "true" | "false" | "null" | "~" | ""))
    {
        return Some((id, ""));
    }
    Some((id, v))
}

/// A plain number such as `8080`, `-1.5e3` or `0x1F` (checked by shape: parsing floats would
/// pull float tables into the page's bundle).
fn looks_numeric(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit())
        && v.len() < 24
        && v.bytes()
            .all(|b| b.is_ascii_hexdigit() || b"+-._xXoO".contains(&b))
        && v.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b"+-.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Redacted {
        redact(text).expect("redacts")
    }

    #[test]
    fn secret_data_and_named_values_are_replaced() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata:\n  password: aHVudGVyMg==\nstringData:\n  url: \"postgres://u:p@db\"\n";
        let out = r(text);
        assert_eq!(out.replaced, 2);
        assert!(!out.text.contains("aHVudGVyMg"));
        assert!(!out.text.contains("postgres://"));
        assert!(out.text.contains("password: REDACTED\n"));
        assert!(out.text.contains("url: \"REDACTED\""));
        assert!(
            out.text.contains("name: db"),
            "names are not secrets: {}",
            out.text
        );
    }

    #[test]
    fn env_values_by_name_and_shape_and_line_numbers_kept() {
        let text = "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      env:\n        - {name: DB_PASSWORD, value: hunter2hunter2}\n        - {name: LOG, value: debug}\n        - {name: X, value: ghp_1234567890abcdefghijABCDEFGHIJ123456}\n";
        let out = r(text);
        assert_eq!(out.replaced, 2, "{}", out.text);
        assert!(!out.text.contains("hunter2"));
        assert!(!out.text.contains("ghp_"));
        assert!(out.text.contains("value: debug"));
        assert_eq!(out.text.lines().count(), text.lines().count());
    }

    #[test]
    fn block_scalar_keys_keep_the_line_count() {
        let text = "kind: Secret\napiVersion: v1\nmetadata: {name: tls}\nstringData:\n  tls.key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n    -----END PRIVATE KEY-----\n  other: x\n";
        let out = r(text);
        assert!(!out.text.contains("BEGIN PRIVATE"), "{}", out.text);
        assert_eq!(out.text.lines().count(), text.lines().count());
        let again = crate::yaml::load(&out.text, &Limits::default());
        assert!(again.errors.is_empty(), "{}", out.text);
    }

    #[test]
    fn secrets_inside_pack_values_are_found() {
        let text = "spec:\n  template:\n    packs:\n      - name: app\n        tag: 1.0\n        values: |\n          auth:\n            adminPassword: s3cr3tP4ssw0rd!\n            user: admin\n";
        let out = r(text);
        assert!(!out.text.contains("s3cr3t"), "{}", out.text);
        assert!(out.text.contains("adminPassword: REDACTED"));
        assert!(out.text.contains("user: admin"));
    }

    #[test]
    fn secrets_inside_one_line_quoted_values_are_cut_in_place() {
        // A JSON-style string maps back character by character, so only the secret goes.
        let text = "spec:\n  template:\n    packs:\n      - name: app\n        values: \"auth:\\n  adminPassword: s3cr3tP4ssw0rd!\\n  user: admin\\n\"\n";
        let out = r(text);
        assert!(!out.text.contains("s3cr3t"), "{}", out.text);
        assert!(
            out.text
                .contains("values: \"auth:\\n  adminPassword: REDACTED\\n  user: admin\\n\""),
            "{}",
            out.text
        );
        let again = crate::yaml::load(&out.text, &Limits::default());
        assert!(again.errors.is_empty(), "{}", out.text);
    }

    #[test]
    fn unmappable_embedded_secrets_replace_the_whole_string() {
        // A quoted string folded over two lines cannot be followed character by character.
        let text = "spec:\n  template:\n    packs:\n      - name: app\n        values: \"{auth: {adminPassword: s3cr3tP4ssw0rd!},\n          user: admin}\"\n";
        let out = r(text);
        assert!(!out.text.contains("s3cr3t"), "{}", out.text);
        // The whole string goes, the harmless part with it.
        assert!(out.text.contains("values: REDACTED"), "{}", out.text);
        assert!(!out.text.contains("user: admin"), "{}", out.text);
    }

    #[test]
    fn nothing_secret_means_nothing_changed() {
        for text in [
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {level: debug, port: \"8080\"}\n",
            "",
            "password: \"\"\npasswordPolicy: strict\ntoken: ${TOKEN}\nenabled: true\n",
        ] {
            let out = r(text);
            assert_eq!(out.replaced, 0, "{text}");
            assert_eq!(out.text, text);
        }
    }

    fn no_line_holds(out: &Redacted, secret: &str, original: &str) {
        assert!(
            !out.text.contains(secret),
            "{secret} survived:\n{}",
            out.text
        );
        assert_eq!(
            out.text.matches('\n').count(),
            original.matches('\n').count(),
            "line numbers moved:\n{}",
            out.text
        );
    }

    #[test]
    fn secret_looking_comments_are_redacted_and_suppressions_keep_their_ids() {
        let text = "a: 1 # the db password is hunter2hunter2\nb: 2 # plain note\nkind: x\nc: 3  # posture-ignore DS900 token was ghp_1234567890abcdefghijABCDEFGHIJ123456\n";
        let out = r(text);
        no_line_holds(&out, "hunter2", text);
        assert!(!out.text.contains("ghp_"), "{}", out.text);
        assert!(out.text.contains("# plain note"));
        assert!(out.text.contains("a: 1 # REDACTED\n"), "{}", out.text);
        assert!(
            out.text.contains("# posture-ignore DS900 REDACTED"),
            "{}",
            out.text
        );
        assert_eq!(out.replaced, 2);
    }

    #[test]
    fn aliased_values_are_redacted_at_their_anchor_which_keeps_working() {
        let text = "x-defaults:\n  shared: &pw \"hunter2hunter2\"\nkind: Pod\napiVersion: v1\nspec:\n  containers:\n    - name: a\n      env:\n        - {name: DB_PASSWORD, value: *pw}\n";
        let out = r(text);
        no_line_holds(&out, "hunter2", text);
        assert!(out.text.contains("&pw \"REDACTED\""), "{}", out.text);
        let again = crate::yaml::load(&out.text, &Limits::default());
        assert!(again.errors.is_empty(), "{}", out.text);
    }

    #[test]
    fn a_document_that_does_not_parse_is_withheld_whole() {
        let text = "kind: ConfigMap\napiVersion: v1\n---\napiVersion: v1\nkind: Secret\ndata:\n  k: c2VjcmV0c2VjcmV0\n\tbad: 1\n---\nkind: Pod\n";
        let out = r(text);
        no_line_holds(&out, "c2VjcmV0", text);
        assert_eq!(out.withheld.len(), 1);
        assert_eq!((out.withheld[0].line, out.withheld[0].end_line), (3, 8));
        assert!(out
            .text
            .starts_with("kind: ConfigMap\napiVersion: v1\n--- # REDACTED"));
        assert!(out.text.ends_with("---\nkind: Pod\n"));
        let again = crate::yaml::load(&out.text, &Limits::default());
        assert!(again.errors.is_empty(), "{}", out.text);
    }

    #[test]
    fn strings_nested_past_the_checked_depth_are_withheld() {
        let text = "packs:\n  - values: |\n      a:\n        values: |\n          b:\n            values: |\n              c:\n                values: |\n                  password: deepdeepdeep1\n                  replicas: 1\n";
        let out = r(text);
        no_line_holds(&out, "deepdeep", text);
        assert_eq!(out.withheld.len(), 1, "{}", out.text);
        assert!(out.withheld[0].reason.contains("nested more than 3"));
    }

    #[test]
    fn documents_past_the_limit_are_withheld() {
        let mut text = "---\na: 1\n".repeat(Limits::default().max_documents);
        text.push_str("---\napiVersion: v1\nkind: Secret\ndata: {k: bGF0ZXNlY3JldA==}\n");
        let out = r(&text);
        no_line_holds(&out, "bGF0ZXNlY3JldA", &text);
        assert_eq!(out.withheld.len(), 1);
        assert!(
            out.withheld[0].reason.contains("documents"),
            "{:?}",
            out.withheld
        );
    }

    #[test]
    fn nesting_past_the_limit_is_withheld() {
        let deep = format!("{}{}", "[".repeat(205), "]".repeat(205));
        let text =
            format!("apiVersion: v1\nkind: Secret\ndeep: {deep}\nstringData:\n  k: flowflowflow\n");
        let out = r(&text);
        no_line_holds(&out, "flowflow", &text);
        assert_eq!(out.withheld.len(), 1);
    }

    #[test]
    fn unexaminable_input_is_refused() {
        let big = "a: b\n".repeat(Limits::default().max_input_bytes / 5 + 1);
        assert!(matches!(redact(&big), Err(Refused::TooLarge(_))));
    }

    #[test]
    fn long_numbers_in_secret_places_are_redacted_short_ones_kept() {
        let text = "apiVersion: v1\nkind: Secret\ndata: {pin: 12345678901234567890}\n---\nport: 8080\npassword: 987654321\n";
        let out = r(text);
        no_line_holds(&out, "1234567890", text);
        assert!(!out.text.contains("987654321"));
        assert!(out.text.contains("port: 8080"));
    }
}
