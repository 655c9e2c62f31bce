//! The editor's highlight layer: the lines in view, coloured as YAML, with every finding's range
//! marked in its severity's colour and line style. It is markup text (see `markup.rs`) for a
//! `<pre>` that sits under the text area, whose own glyphs are transparent; only the lines in
//! view are written, so its cost does not grow with the text.

use crate::markup::Markup;

/// A range of the text to mark: byte offsets and the class that styles it (`m-critical`, …).
#[derive(Clone, Copy)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// 0 is the most serious; where marks overlap, the lowest rank is shown.
    pub rank: u8,
    pub class: &'static str,
    /// The finding's index in the report, or the input error's (`error`).
    pub index: usize,
    pub error: bool,
}

/// The marks of a report: each active finding's range and each input error's position.
pub fn marks(report: &posture_engine::Report) -> Vec<Mark> {
    let out: Vec<Mark> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.suppressed.is_none())
        .map(|(index, f)| Mark {
            start: f.span.start.offset,
            end: f.span.end.offset,
            rank: 4 - f.severity as u8,
            class: match f.severity {
                posture_engine::Severity::Critical => "m-critical",
                posture_engine::Severity::High => "m-high",
                posture_engine::Severity::Medium => "m-medium",
                posture_engine::Severity::Low => "m-low",
                posture_engine::Severity::Info => "m-info",
            },
            index,
            error: false,
        })
        .chain(report.errors.iter().enumerate().map(|(index, e)| Mark {
            start: e.span.start.offset,
            end: e.span.end.offset,
            rank: 0,
            class: "m-error",
            index,
            error: true,
        }))
        .collect();
    out
}

/// The marks drawn at byte `offset` of `text` (see [`lines`]: on the line where each starts),
/// in the report's order (by place, then rule).
pub fn at<'m>(marks: &'m [Mark], text: &str, offset: usize) -> impl Iterator<Item = &'m Mark> {
    let line_end = text
        .get(offset..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |n| offset + n);
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |n| n + 1);
    marks.iter().filter(move |m| {
        let end = if m.end > m.start {
            m.end.min(line_end)
        } else {
            line_end
        };
        line_start <= m.start && m.start <= offset && (offset < end || offset == m.start)
    })
}

/// Lines longer than this are not coloured or marked (one-line JSON can be megabytes long);
/// the layer then steps aside and the text area shows its own text.
pub const MAX_LINE_BYTES: usize = 20_000;

/// Byte offsets where each line starts.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    // `match_indices` finds the newlines a word at a time; this runs on every scroll and every
    // key typed into a large text.
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// Whether any of lines `first..last` is too long to draw (see [`MAX_LINE_BYTES`]).
pub fn too_long(text: &str, starts: &[usize], first: usize, last: usize) -> bool {
    (first..last.min(starts.len())).any(|i| line_range(text, starts, i).len() > MAX_LINE_BYTES)
}

fn line_range(text: &str, starts: &[usize], i: usize) -> std::ops::Range<usize> {
    let start = starts[i];
    let end = starts.get(i + 1).map_or(text.len(), |next| next - 1);
    start..end.max(start)
}

/// The markup of lines `first..last` (0-based), each ending in a newline.
pub fn lines(text: &str, starts: &[usize], first: usize, last: usize, marks: &[Mark]) -> Markup {
    let mut m = Markup::default();
    for i in first..last.min(starts.len()) {
        let mut range = line_range(text, starts, i);
        // At most MAX_LINE_BYTES of a line are drawn (the large text's view draws any line;
        // the layer steps aside for long ones), and "…" says the rest was left out.
        let whole = range.end;
        if range.len() > MAX_LINE_BYTES {
            range.end = range.start + MAX_LINE_BYTES;
            while !text.is_char_boundary(range.end) {
                range.end -= 1;
            }
        }
        let line = &text[range.clone()];
        // A mark is drawn on the line where its range starts, up to that line's end: a
        // finding about a whole container would otherwise cover a dozen lines, and the lines
        // under it hold findings of their own. A mark on an empty range (an error's position)
        // underlines the rest of its line.
        let here: Vec<(usize, usize, &Mark)> = marks
            .iter()
            .filter(|mk| range.start <= mk.start && mk.start <= range.end)
            .map(|mk| {
                let end = match mk.end > mk.start {
                    true => mk.end.min(range.end),
                    false => range.end,
                };
                (mk.start - range.start, end.max(mk.start) - range.start, mk)
            })
            .filter(|(s, e, _)| s < e || line.is_empty())
            .collect();
        write_line(&mut m, line, &tokens(line), &here);
        m.tag(if range.end < whole { "…\n" } else { "\n" });
    }
    m
}

/// Writes one line, split where a token or a mark begins or ends.
fn write_line(
    m: &mut Markup,
    line: &str,
    tokens: &[(usize, usize, &'static str)],
    marks: &[(usize, usize, &Mark)],
) {
    let mut cuts: Vec<usize> = vec![0, line.len()];
    for &(s, e, _) in tokens {
        cuts.extend([s, e]);
    }
    for &(s, e, _) in marks {
        cuts.extend([s, e]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|c| line.is_char_boundary(*c));
    // An empty line with a mark still shows it: one space to underline.
    if line.is_empty() {
        if let Some((_, _, mk)) = marks.iter().min_by_key(|(_, _, mk)| mk.rank) {
            m.tag("<span class=\"").tag(mk.class).tag("\"> </span>");
        }
        return;
    }
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some(piece) = line.get(a..b).filter(|p| !p.is_empty()) else {
            continue;
        };
        let token = tokens
            .iter()
            .find(|(s, e, _)| *s <= a && a < *e)
            .map(|t| t.2);
        let mark = marks
            .iter()
            .filter(|(s, e, _)| *s <= a && a < *e)
            .min_by_key(|(_, _, mk)| mk.rank)
            .map(|(_, _, mk)| mk.class);
        match (token, mark) {
            (None, None) => {
                m.text(piece);
            }
            (t, k) => {
                m.tag("<span class=\"").tag(t.unwrap_or(""));
                if let Some(k) = k {
                    m.tag(if t.is_some() { " " } else { "" }).tag(k);
                }
                m.tag("\">").text(piece).tag("</span>");
            }
        }
    }
}

/// YAML (and JSON) colouring of one line: comments, keys, quoted strings, anchors, aliases
/// and tags, literals (numbers, booleans, null) and the markers `-`, `---`, `|`, `>`. Ranges
/// are byte offsets into the line. It reads one line at a time, so the lines of a block scalar
/// are coloured as if they were YAML; colour is a reading aid, never what a check relies on.
pub fn tokens(line: &str) -> Vec<(usize, usize, &'static str)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = bytes.iter().take_while(|b| **b == b' ').count();
    let rest = &line[i..];
    if rest.starts_with('#') {
        out.push((i, line.len(), "y-c"));
        return out;
    }
    if (rest.starts_with("---") || rest.starts_with("...")) && i == 0 {
        out.push((0, 3, "y-p"));
        i = 3;
    }
    // Sequence dashes, possibly several on one line (`- - a`).
    while line[i..].starts_with("- ") || &line[i..] == "-" {
        out.push((i, i + 1, "y-p"));
        i += 1;
        i += bytes[i..].iter().take_while(|b| **b == b' ').count();
    }
    // A key: quoted or plain, up to a `:` that ends the line or is followed by a space.
    if let Some(end) = key_end(line, i) {
        out.push((i, end, "y-k"));
        i = end + 1;
    }
    // The value and anything after it on the line.
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b',' | b'[' | b']' | b'{' | b'}' | b':' => i += 1,
            b'#' if i == 0 || bytes[i - 1] == b' ' => {
                out.push((i, line.len(), "y-c"));
                break;
            }
            b'"' | b'\'' => {
                let end = quoted_end(bytes, i);
                // A quoted key inside a flow mapping (`{"a": 1}`) is a key.
                let class = if bytes.get(end) == Some(&b':') {
                    "y-k"
                } else {
                    "y-s"
                };
                out.push((i, end, class));
                i = end;
            }
            b'&' | b'*' | b'!' => {
                let end = word_end(bytes, i);
                out.push((i, end, "y-a"));
                i = end;
            }
            b'|' | b'>' if out.last().is_some_and(|t| t.2 == "y-k") || i == 0 => {
                let end = word_end(bytes, i);
                out.push((i, end, "y-p"));
                i = end;
            }
            _ => {
                let end = word_end(bytes, i);
                let word = &line[i..end];
                // `name:` inside a flow mapping (`{name: p}`) is a key.
                if word.len() > 1 && word.ends_with(':') {
                    out.push((i, end - 1, "y-k"));
                } else if is_literal(word) {
                    out.push((i, end, "y-l"));
                }
                i = end.max(i + 1);
            }
        }
        // Keep `i` on a character boundary: multi-byte characters are never split.
        while i < bytes.len() && !line.is_char_boundary(i) {
            i += 1;
        }
    }
    out
}

/// The end of a key starting at `i`, when the line has one there.
fn key_end(line: &str, i: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let end = match bytes.get(i)? {
        b'"' | b'\'' => quoted_end(bytes, i),
        b'#' | b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' => return None,
        _ => {
            // A plain key ends at the first `: ` (or a `:` that ends the line).
            let mut j = i;
            loop {
                let k = j + line[j..].find(':')?;
                if matches!(bytes.get(k + 1), None | Some(b' ')) {
                    break k;
                }
                j = k + 1;
            }
        }
    };
    (bytes.get(end) == Some(&b':') && matches!(bytes.get(end + 1), None | Some(b' ')))
        .then_some(end)
}

/// The offset just past a quoted string starting at `i` (or the line's end if it is open).
fn quoted_end(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' if quote == b'"' => j += 2,
            b if b == quote => {
                // `''` inside single quotes is an escaped quote.
                if quote == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                    j += 2;
                } else {
                    return j + 1;
                }
            }
            _ => j += 1,
        }
    }
    bytes.len()
}

/// The end of a run of characters up to a space, a flow indicator or the line's end.
fn word_end(bytes: &[u8], i: usize) -> usize {
    i + bytes[i..]
        .iter()
        .take_while(|b| !matches!(b, b' ' | b',' | b'[' | b']' | b'{' | b'}'))
        .count()
        .max(1)
}

fn is_literal(word: &str) -> bool {
    matches!(
        word,
        "true" | "false" | "null" | "~" | "True" | "False" | "TRUE" | "FALSE" | "Null" | "NULL"
    ) || (!word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E' | b'_'))
        && word.bytes().any(|b| b.is_ascii_digit()))
}
