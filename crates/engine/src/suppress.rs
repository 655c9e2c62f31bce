//! Suppressions with accountability: an object annotation
//! `posture.dev/ignore: "LP102,SH101: reason"` or a comment `# posture-ignore LP102 reason` on
//! the offending line or the line above. Without a reason a suppression does not apply (and
//! DS903 reports it). Suppressed findings stay in the report, marked with their reason.

use crate::check::Context;
use crate::yaml::NodeId;

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

/// Parses a comment line's `posture-ignore ID[,ID] reason`, if it has one. Returns the entry and
/// the byte offset of the `#` within the line.
pub fn parse_comment(line: &str) -> Option<(Entry, usize)> {
    let hash = line.find('#')?;
    let after = line[hash + 1..].trim_start();
    let rest = after.strip_prefix(COMMENT)?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let rest = rest.trim();
    let (ids, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    Some((
        Entry {
            rules: split_ids(ids),
            reason: reason.trim().to_string(),
        },
        hash,
    ))
}

fn split_ids(ids: &str) -> Vec<String> {
    ids.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The annotation-based suppressions of one text, with the byte range each one covers.
pub struct Suppressions {
    scoped: Vec<(usize, usize, Entry)>,
}

impl Suppressions {
    pub fn new(ctx: &Context, _text: &str) -> Self {
        let tree = ctx.tree;
        let mut scoped = Vec::new();
        for obj in &ctx.objects {
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
        Suppressions { scoped }
    }

    /// The reason a finding of `rule_id` at `offset` (in this text) is suppressed, if it is.
    /// Comments are looked up in the pasted text at `root_offset`, on the line or the line above.
    pub fn find(
        &self,
        rule_id: &str,
        offset: usize,
        root_text: &str,
        root_offset: usize,
    ) -> Option<String> {
        for (start, end, entry) in &self.scoped {
            if (*start..=*end).contains(&offset)
                && entry.covers(rule_id)
                && !entry.reason.is_empty()
            {
                return Some(entry.reason.clone());
            }
        }
        let line_start = root_text[..root_offset.min(root_text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let this_line = root_text[line_start..].lines().next().unwrap_or("");
        let above = root_text[..line_start.saturating_sub(1)]
            .rsplit('\n')
            .next()
            .filter(|_| line_start > 0)
            .unwrap_or("");
        for line in [this_line, above] {
            if let Some((entry, _)) = parse_comment(line) {
                if entry.covers(rule_id) && !entry.reason.is_empty() {
                    return Some(entry.reason);
                }
            }
        }
        None
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
        let (e, at) =
            parse_comment("  privileged: true  # posture-ignore LP102,LP103 CNI agent").unwrap();
        assert_eq!(e.rules, ["LP102", "LP103"]);
        assert_eq!(e.reason, "CNI agent");
        assert_eq!(at, 20);
        assert_eq!(
            parse_comment("# posture-ignore LP102").unwrap().0.reason,
            ""
        );
        assert!(parse_comment("# posture-ignored LP102 x").is_none());
        assert!(parse_comment("privileged: true").is_none());
    }
}
