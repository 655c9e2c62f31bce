//! Unified diffs of a text before and after its fixes, for the CLI and the page's preview.
//! Lines are compared with Myers' algorithm after the common head and tail are set aside;
//! past a bound on the edit distance the middle is shown as replaced whole, so a diff of a
//! huge input costs linear time.

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// Beyond this many differing lines the middle is shown as one replacement.
const MAX_DISTANCE: usize = 400;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Delete,
    Insert,
}

/// A unified diff (`--- a/name`, `+++ b/name`, `@@` hunks), empty when nothing changed.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = script(&a, &b);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    // Walk the script and cut it into hunks with CONTEXT lines around each change.
    let changes: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, (op, _, _))| *op != Op::Same)
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changes.len() {
        let first = changes[i];
        let mut last = first;
        while i + 1 < changes.len() && changes[i + 1] - last <= 2 * CONTEXT + 1 {
            i += 1;
            last = changes[i];
        }
        i += 1;
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT + 1).min(ops.len());
        let hunk = &ops[from..to];
        let (a_start, b_start) = (hunk[0].1, hunk[0].2);
        let a_len = hunk.iter().filter(|h| h.0 != Op::Insert).count();
        let b_len = hunk.iter().filter(|h| h.0 != Op::Delete).count();
        let at = |start: usize, len: usize| if len == 0 { start } else { start + 1 };
        out.push_str(&format!(
            "@@ -{},{a_len} +{},{b_len} @@\n",
            at(a_start, a_len),
            at(b_start, b_len)
        ));
        for (op, ai, bi) in hunk {
            let (mark, line) = match op {
                Op::Same => (' ', a[*ai]),
                Op::Delete => ('-', a[*ai]),
                Op::Insert => ('+', b[*bi]),
            };
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The edit script: each step with the line index it is at in `a` and in `b`.
fn script(a: &[&str], b: &[&str]) -> Vec<(Op, usize, usize)> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<(Op, usize, usize)> = (0..head).map(|i| (Op::Same, i, i)).collect();
    let middle = myers(ma, mb).unwrap_or_else(|| {
        let mut m = vec![Op::Delete; ma.len()];
        m.extend(std::iter::repeat_n(Op::Insert, mb.len()));
        m
    });
    let (mut ai, mut bi) = (head, head);
    for op in middle {
        ops.push((op, ai, bi));
        match op {
            Op::Same => {
                ai += 1;
                bi += 1;
            }
            Op::Delete => ai += 1,
            Op::Insert => bi += 1,
        }
    }
    for k in 0..tail {
        ops.push((Op::Same, ai + k, bi + k));
    }
    ops
}

/// Myers' shortest edit script, or `None` past [`MAX_DISTANCE`].
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = ((n + m) as usize).min(MAX_DISTANCE) as isize;
    let offset = max + 1;
    let mut v = vec![0isize; 2 * offset as usize + 1];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=max {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let idx = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m, offset));
            }
            k += 2;
        }
    }
    None
}

fn backtrack(trace: &[Vec<isize>], n: isize, m: isize, offset: isize) -> Vec<Op> {
    let (mut x, mut y) = (n, m);
    let mut ops = Vec::new();
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let at = |k: isize| v[(k + offset) as usize];
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = at(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            ops.push(Op::Same);
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            ops.push(if x == prev_x { Op::Insert } else { Op::Delete });
        }
        x = prev_x;
        y = prev_y;
    }
    ops.reverse();
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a unified diff's + and - lines back to the old text, to prove the diff exact.
    fn patch(old: &str, diff: &str) -> String {
        let old: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut at = 0;
        let mut lines = diff.lines().skip(2).peekable();
        while let Some(line) = lines.next() {
            if let Some(h) = line.strip_prefix("@@ -") {
                let start: usize = h.split([',', ' ']).next().unwrap().parse().unwrap();
                let start = start.saturating_sub(1).max(at);
                while at < start {
                    out.push_str(old[at]);
                    at += 1;
                }
                continue;
            }
            let no_newline = lines.peek() == Some(&"\\ No newline at end of file");
            let body = &line[1..];
            match &line[..1] {
                " " | "-" => at += 1,
                _ => {}
            }
            if matches!(&line[..1], " " | "+") {
                out.push_str(body);
                if !no_newline {
                    out.push('\n');
                }
            }
            if no_newline {
                lines.next();
            }
        }
        while at < old.len() {
            out.push_str(old[at]);
            at += 1;
        }
        out
    }

    #[test]
    fn diffs_apply_back() {
        let cases = [
            ("a\nb\nc\n", "a\nB\nc\n"),
            ("a\nb\nc\n", "a\nb\nx\nc\n"),
            ("a\nb", "a\nb\nc\n"),
            (
                "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
                "1\nx\n3\n4\n5\n6\n7\n8\n9\n10\ny\n12\n",
            ),
            ("", "new\n"),
            ("x\ny\n", ""),
        ];
        for (old, new) in cases {
            let d = unified_diff(old, new, "f.yaml");
            assert!(d.starts_with("--- a/f.yaml\n+++ b/f.yaml\n@@ "), "{d}");
            assert_eq!(patch(old, &d), new, "{d}");
        }
        assert_eq!(unified_diff("same\n", "same\n", "f"), "");
    }

    #[test]
    fn one_inserted_line_is_one_plus_line_with_context() {
        let d = unified_diff("a\nb\nc\nd\n", "a\nb\nnew\nc\nd\n", "x");
        assert_eq!(
            d,
            "--- a/x\n+++ b/x\n@@ -1,4 +1,5 @@\n a\n b\n+new\n c\n d\n"
        );
    }

    #[test]
    fn a_far_apart_change_makes_two_hunks() {
        let old: String = (0..40).map(|i| format!("{i}\n")).collect();
        let new = old
            .replace("\n5\n", "\nfive\n")
            .replace("\n30\n", "\nthirty\n");
        let d = unified_diff(&old, &new, "x");
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert_eq!(patch(&old, &d), new);
    }
}
