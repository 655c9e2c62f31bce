//! Path patterns for `.posture.yaml` and `posture check --exclude`: `*` and `?` within one
//! path segment, `**` for any number of segments. A pattern without `/` matches a name at any
//! depth (`*.json`, `vendor`); a pattern with `/` matches from the root of the check
//! (`charts/vendor/**`). A pattern that matches a directory matches everything under it.
//!
//! Matching is segment by segment with a table over (pattern segment, path segment), so a
//! pattern full of `**` still costs at most the product of the two lengths.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    /// The pattern as written, for messages.
    pub text: String,
    segments: Vec<Segment>,
    /// No `/` in the pattern: it may match the name of any file or directory on the path.
    anywhere: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// `**`: zero or more whole segments.
    Any,
    /// One segment, with `*` and `?` inside it.
    Name(Vec<char>),
}

impl Glob {
    /// Reads a pattern; `None` for one that can match nothing (empty, or only `/`).
    pub fn new(pattern: &str) -> Option<Glob> {
        let trimmed = pattern.trim();
        let body = trimmed.strip_prefix("./").unwrap_or(trimmed);
        let anchored = body.starts_with('/');
        let body = body.trim_matches('/');
        if body.is_empty() {
            return None;
        }
        let segments: Vec<Segment> = body
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s {
                "**" => Segment::Any,
                _ => Segment::Name(s.chars().collect()),
            })
            .collect();
        Some(Glob {
            text: pattern.to_string(),
            anywhere: !anchored && !body.contains('/'),
            segments,
        })
    }

    /// True when `path` (relative, `/`-separated; a leading `./` is ignored) or one of the
    /// directories it lies in matches.
    pub fn matches(&self, path: &str) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if self.anywhere {
            return parts.iter().any(|name| self.matched_prefixes(&[name])[1]);
        }
        self.matched_prefixes(&parts)[1..].iter().any(|&m| m)
    }

    /// For each `j`, whether the whole pattern matches the first `j` segments of `parts`; one
    /// row of the table at a time.
    fn matched_prefixes(&self, parts: &[&str]) -> Vec<bool> {
        let n = parts.len();
        let mut row = vec![false; n + 1];
        row[0] = true;
        for segment in &self.segments {
            let mut next = vec![false; n + 1];
            for j in 0..=n {
                next[j] = match segment {
                    Segment::Any => row[j] || (j > 0 && next[j - 1]),
                    Segment::Name(name) => j > 0 && row[j - 1] && wild(name, parts[j - 1]),
                };
            }
            row = next;
        }
        row
    }
}

/// `*` and `?` matching within one segment (greedy with one backtrack point: linear-ish).
fn wild(pattern: &[char], name: &str) -> bool {
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == '?' || c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn m(pattern: &str, path: &str) -> bool {
        Glob::new(pattern).expect("a pattern").matches(path)
    }

    #[test]
    fn a_name_without_slash_matches_at_any_depth() {
        assert!(m("*.json", "a/b/package.json"));
        assert!(m("vendor", "charts/vendor/x.yaml"));
        assert!(!m("vendor", "charts/vendors/x.yaml"));
        assert!(!m("*.json", "a/b/c.yaml"));
    }

    #[test]
    fn a_path_pattern_matches_from_the_root_and_covers_what_is_below() {
        assert!(m("charts/vendor/**", "charts/vendor/a/b.yaml"));
        assert!(m("charts/vendor", "charts/vendor/a/b.yaml"));
        assert!(m("./charts/*/values.yaml", "charts/web/values.yaml"));
        assert!(!m("charts/vendor/**", "other/charts/vendor/a.yaml"));
        assert!(m("**/vendor/*.yaml", "x/y/vendor/a.yaml"));
        assert!(m("**/vendor/*.yaml", "vendor/a.yaml"));
        assert!(m("/top.yaml", "top.yaml"));
        assert!(!m("/top.yaml", "sub/top.yaml"));
    }

    #[test]
    fn stars_and_question_marks_stay_within_a_segment() {
        assert!(m("a/*.yaml", "a/x.yaml"));
        assert!(
            m("a/*.yaml", "a/x.yaml/inner"),
            "a matching directory covers its contents"
        );
        assert!(!m("a/*.yaml", "a/b/x.yaml"));
        assert!(m("a/?.yml", "a/x.yml"));
        assert!(!m("a/?.yml", "a/xy.yml"));
        assert!(m("a/*b*c*", "a/xxbyyczz"));
        assert!(!m("a/*b*c*", "a/xxcyybzz"));
    }

    #[test]
    fn empty_patterns_are_refused_and_many_stars_stay_fast() {
        assert!(Glob::new("").is_none());
        assert!(Glob::new(" / ").is_none());
        let pattern = "**/".repeat(200) + "z";
        let path = "a/".repeat(2000) + "b";
        let started = std::time::Instant::now();
        assert!(!m(&pattern, &path));
        assert!(started.elapsed().as_secs() < 5);
        assert!(!m(&"*a".repeat(100), &"a".repeat(99)));
    }
}
