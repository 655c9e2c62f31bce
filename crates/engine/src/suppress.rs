//! Suppressions with accountability: an object annotation
//! `posture.dev/ignore: "LP102,SH101: reason"` or a comment `# posture-ignore LP102 reason` on
//! the offending line or the line above. Without a reason a suppression does not apply (and
//! DS903 reports it). Suppressed findings stay in the report, marked with their reason.
//!
//! Only real YAML comments count: the loader lists them (see `Tree::comments`), so a `#` inside
//! any scalar, whoever wrote it, neither makes a suppression nor hides the comment after it. A
//! document embedded in a string has comments of its own, which suppress its findings only.
//! The annotation is read where the API server would read it (the object's or its pod
//! template's `metadata.annotations`, that exact key) and nowhere else.

use crate::check::Context;
use crate::yaml::{NodeId, Tree};

pub const ANNOTATION: &str = "posture.dev/ignore";
pub const COMMENT: &str = "posture-ignore";

/// One suppression as written: which rules, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub rules: Vec<String>,
    pub reason: String,
}

impl Entry {
    fn covers(&self, rule_id: &str) -> bool {
        self.rules.iter().any(|r| r.eq_ignore_ascii_case(rule_id))
    }
}

/// Parses an annotation value: `ID[,ID]: reason`, several separated by `;`.
pub fn parse_annotation(value: &str) -> Vec<Entry> {
    value
        .split(';')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (ids, reason) = part.split_once(':').unwrap_or((part, ""));
            Entry {
                rules: split_ids(ids),
                reason: reason.trim().to_string(),
            }
        })
        .collect()
}

/// Parses a comment (its text from the `#` to the end of its line) as
/// `# posture-ignore ID[,ID] reason`, if it is one.
pub fn parse_comment(comment: &str) -> Option<Entry> {
    let after = comment.strip_prefix('#')?.trim_start();
    let rest = after.strip_prefix(COMMENT)?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let rest = rest.trim();
    let (ids, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    Some(Entry {
        rules: split_ids(ids),
        reason: reason.trim().to_string(),
    })
}

/// The suppression comments of a loaded text: each with its byte range (from `#` to the end of
/// the line) and entry. Only real comments are read (see [`Tree::comments`]); `text` is the
/// text the tree was loaded from, or one of the same length and line breaks.
pub fn comments<'t>(
    tree: &'t Tree,
    text: &'t str,
) -> impl Iterator<Item = (usize, usize, Entry)> + 't {
    tree.comments().filter_map(|(start, end)| {
        let entry = parse_comment(text.get(start..end)?)?;
        Some((start, end, entry))
    })
}

fn split_ids(ids: &str) -> Vec<String> {
    ids.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// One suppression comment and the two lines it speaks for: its own line
/// (`line_start..next_line`) and the line below (`next_line..after_next`).
struct CommentAt {
    line_start: usize,
    next_line: usize,
    after_next: usize,
    entry: Entry,
}

/// The suppression comments of one text, ready for lookups by offset. Built in one pass over
/// the text's comments; each lookup is a binary search.
#[derive(Default)]
pub struct Comments {
    by_line: Vec<CommentAt>,
}

impl Comments {
    pub fn new(tree: &Tree, text: &str) -> Self {
        let bytes = text.as_bytes();
        let is_break = |b: &u8| matches!(b, b'\n' | b'\r');
        // Where the line after the one that ends at `end` (a break or the text's end) starts.
        let past_break = |end: usize| match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            // The last line: let it reach one past the end, so an offset at the very end counts.
            None => end + 1,
        };
        let by_line = comments(tree, text)
            .map(|(hash, end, entry)| {
                let line_start = bytes[..hash]
                    .iter()
                    .rposition(is_break)
                    .map_or(0, |i| i + 1);
                let next_line = past_break(end);
                let after_next = match bytes.get(next_line..) {
                    Some(rest) => past_break(
                        rest.iter()
                            .position(is_break)
                            .map_or(bytes.len(), |i| next_line + i),
                    ),
                    None => next_line,
                };
                CommentAt {
                    line_start,
                    next_line,
                    after_next,
                    entry,
                }
            })
            .collect();
        Comments { by_line }
    }

    /// The reason a comment on the line of `offset`, or on the line above, gives for
    /// suppressing `rule_id`. A comment on the same line is preferred.
    pub fn find(&self, rule_id: &str, offset: usize) -> Option<String> {
        // At most one comment per line, so the comments of interest are the last two that
        // start at or before the offset's line.
        let upto = self.by_line.partition_point(|c| c.line_start <= offset);
        let near = &self.by_line[upto.saturating_sub(2)..upto];
        let applies = |c: &&CommentAt| c.entry.covers(rule_id) && !c.entry.reason.is_empty();
        let same_line = near
            .iter()
            .filter(|c| (c.line_start..c.next_line).contains(&offset))
            .find(applies);
        let above = || {
            near.iter()
                .filter(|c| (c.next_line..c.after_next).contains(&offset))
                .find(applies)
        };
        same_line.or_else(above).map(|c| c.entry.reason.clone())
    }
}

/// The suppressions of one text: annotations with the byte range each covers, and comments.
pub struct Suppressions {
    scoped: Vec<(usize, usize, Entry)>,
    /// `reach_ends[i]`: the largest end among `scoped[..=i]`.
    reach_ends: Vec<usize>,
    pub comments: Comments,
}

impl Suppressions {
    /// `text` is the text as given (the tree may have been loaded from a copy with template
    /// placeholders masked; offsets agree), so reasons read as written.
    pub fn new(ctx: &Context, text: &str) -> Self {
        let tree = ctx.tree;
        let mut scoped = Vec::new();
        // A List may name one object many times through aliases; its scopes count once.
        let mut seen = std::collections::HashSet::new();
        for obj in &ctx.objects {
            if !seen.insert(obj.root) {
                continue;
            }
            // The object's own annotation covers the object; a pod template's covers the template.
            let places = [
                (
                    Some(obj.root),
                    tree.path(obj.root, &["metadata", "annotations", ANNOTATION]),
                ),
                (
                    tree.path(obj.root, &["spec", "template"]),
                    tree.path(
                        obj.root,
                        &["spec", "template", "metadata", "annotations", ANNOTATION],
                    ),
                ),
            ];
            for (scope, value) in places {
                let (Some(scope), Some(value)) = (scope, value.and_then(|v| tree.str(v))) else {
                    continue;
                };
                let (start, end) = tree.range(scope);
                for entry in parse_annotation(value) {
                    scoped.push((start, end, entry));
                }
            }
        }
        // Sorted by start, with the furthest end so far, so a lookup walks back only over the
        // scopes that can still contain the offset (one per object, a second for its pod
        // template) instead of over every annotation of the text.
        scoped.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut reach = 0;
        let reach_ends = scoped
            .iter()
            .map(|&(_, end, _)| {
                reach = reach.max(end);
                reach
            })
            .collect();
        Suppressions {
            scoped,
            reach_ends,
            comments: Comments::new(tree, text),
        }
    }

    /// The reason a finding of `rule_id` at `offset` (in this text) is suppressed by an
    /// annotation of this text or a comment of this text, if it is. Comments of the texts
    /// around an embedded one are looked up by the caller.
    pub fn find(&self, rule_id: &str, offset: usize) -> Option<String> {
        let upto = self
            .scoped
            .partition_point(|&(start, _, _)| start <= offset);
        let found = (0..upto)
            .rev()
            .take_while(|&i| self.reach_ends[i] >= offset)
            .map(|i| &self.scoped[i])
            // The first written (outermost) scope that applies, as before the index.
            .filter(|(start, end, entry)| {
                (*start..=*end).contains(&offset)
                    && entry.covers(rule_id)
                    && !entry.reason.is_empty()
            })
            .last();
        if let Some((_, _, entry)) = found {
            return Some(entry.reason.clone());
        }
        self.comments.find(rule_id, offset)
    }
}

/// Annotation values that hold suppressions, for the rule that checks they give reasons.
pub fn annotation_nodes(ctx: &Context) -> Vec<NodeId> {
    let tree = ctx.tree;
    ctx.objects
        .iter()
        .flat_map(|obj| {
            [
                tree.path(obj.root, &["metadata", "annotations", ANNOTATION]),
                tree.path(
                    obj.root,
                    &["spec", "template", "metadata", "annotations", ANNOTATION],
                ),
            ]
        })
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_annotations_and_comments() {
        assert_eq!(
            parse_annotation("LP102, SH101: needs the host; DS101: pinned upstream"),
            vec![
                Entry {
                    rules: vec!["LP102".into(), "SH101".into()],
                    reason: "needs the host".into()
                },
                Entry {
                    rules: vec!["DS101".into()],
                    reason: "pinned upstream".into()
                },
            ]
        );
        assert_eq!(parse_annotation("LP102")[0].reason, "");
        let e = parse_comment("# posture-ignore LP102,LP103 CNI agent").unwrap();
        assert_eq!(e.rules, ["LP102", "LP103"]);
        assert_eq!(e.reason, "CNI agent");
        assert_eq!(
            parse_comment("#posture-ignore LP102 x").unwrap().reason,
            "x"
        );
        assert_eq!(parse_comment("# posture-ignore LP102").unwrap().reason, "");
        assert!(parse_comment("# posture-ignored LP102 x").is_none());
        assert!(parse_comment("# see posture-ignore LP102 x").is_none());
        assert!(parse_comment("privileged: true").is_none());
    }
}
