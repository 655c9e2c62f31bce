//! Positions in the user's text.
//!
//! Nodes store only byte ranges; this module turns a byte offset into what people and tools
//! read: a 1-based line and a column counted three ways (UTF-8 bytes for terminals and SARIF,
//! UTF-16 code units for the browser's text area, characters for humans).

use serde::Serialize;

/// A point in the text. `line` and the columns are 1-based, as editors show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Byte offset from the start of the text (0-based).
    pub offset: usize,
    pub line: usize,
    /// Column in UTF-8 bytes, 1-based.
    pub column: usize,
    /// Column in UTF-16 code units, 1-based (what a browser text area counts).
    pub column_utf16: usize,
}

/// A range of text, start inclusive, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// Byte offsets of line starts, built once per text. Lines end at `\n`, `\r\n` or a lone `\r`
/// (YAML's line breaks).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// For each non-ASCII character, where it ends and how many more UTF-8 bytes than UTF-16
    /// units the text has up to there. A UTF-16 column is then the byte column less the
    /// difference between two lookups, so a position costs a binary search however long its
    /// line is (one-line minified JSON used to cost a scan of the line per finding).
    wide: Vec<(u32, u32)>,
}

/// The offset just past every `\n` of `text`, in order.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn line_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    newlines(text.as_bytes()).map(|i| i + 1)
}

/// The page's build keeps the standard search (and `split_inclusive` below): smaller code, and
/// the page's texts are smaller.
#[cfg(target_arch = "wasm32")]
pub(crate) fn line_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.match_indices('\n').map(|(i, _)| i + 1)
}

/// The lines of `text`, each with its `\n`, as `str::split_inclusive('\n')` gives them.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    let mut start = 0;
    line_ends(text).chain(last).map(move |end| {
        let line = &text[start..end];
        start = end;
        line
    })
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

/// The offset of every `\n` in `bytes`, in order. Lines are short, so one search call per line
/// (`str::find`) spends more on the call than on the search; `memchr`'s iterator keeps its
/// place in SIMD-sized steps.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

/// Where the ASCII character `byte` first occurs in `text`: natively with `memchr`'s vector
/// search (most texts are searched to their end in vain, e.g. for a comment), on the page with
/// the standard one.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn find_ascii(text: &str, byte: u8) -> Option<usize> {
    memchr::memchr(byte, text.as_bytes())
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn find_ascii(text: &str, byte: u8) -> Option<usize> {
    text.find(char::from(byte))
}

/// The `wide` table of a text: empty for ASCII text.
fn wide_chars(text: &str) -> Vec<(u32, u32)> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut surplus = 0u32;
    for (at, c) in text.char_indices() {
        let (bytes, units) = (c.len_utf8(), c.len_utf16());
        if bytes > 1 {
            surplus += (bytes - units) as u32;
            out.push(((at + bytes) as u32, surplus));
        }
    }
    out
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        if !bytes.contains(&b'\r') {
            // The common case: searching for one byte is much faster than looking at each.
            line_starts.extend(line_ends(text));
            let wide = wide_chars(text);
            return LineIndex { line_starts, wide };
        }
        for (i, b) in bytes.iter().enumerate() {
            match b {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
        }
        let wide = wide_chars(text);
        LineIndex { line_starts, wide }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i).copied())
    }

    /// The position of a byte offset. An offset inside a multi-byte character is moved back to
    /// the character's start; one past the end is clamped to the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let column_utf16 = (offset - start) - (self.surplus(offset) - self.surplus(start));
        Position {
            offset,
            line: line_idx + 1,
            column: offset - start + 1,
            column_utf16: column_utf16 + 1,
        }
    }

    /// How many more UTF-8 bytes than UTF-16 units the text has before `offset` (a character
    /// boundary).
    fn surplus(&self, offset: usize) -> usize {
        let upto = self
            .wide
            .partition_point(|&(end, _)| end as usize <= offset);
        upto.checked_sub(1).map_or(0, |i| self.wide[i].1 as usize)
    }

    pub fn span(&self, text: &str, start: usize, end: usize) -> Span {
        Span {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }
}

/// Maps the parser's character indices to byte offsets. YAML parsers count characters; we
/// store bytes. For ASCII text the two agree; otherwise a checkpoint every 64 characters keeps
/// the lookup short without a table as large as the text.
#[derive(Debug)]
pub(crate) struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    checkpoints: Vec<usize>,
}

const CHECKPOINT_EVERY: usize = 64;

impl<'a> CharToByte<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            for (n, (byte, _)) in text.char_indices().enumerate() {
                if n % CHECKPOINT_EVERY == 0 {
                    checkpoints.push(byte);
                }
            }
        }
        CharToByte {
            text,
            ascii,
            checkpoints,
        }
    }

    pub(crate) fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let slot = char_index / CHECKPOINT_EVERY;
        let Some(&base) = self.checkpoints.get(slot) else {
            return self.text.len();
        };
        let rest = char_index % CHECKPOINT_EVERY;
        self.text[base..]
            .char_indices()
            .nth(rest)
            .map(|(b, _)| base + b)
            .unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_found_wherever_they_fall_in_a_word() {
        let pieces = ["\n", "a", "é", "\r\n", "\u{1F600}", "\x7f", " ", "\n\n"];
        for n in 0..2000usize {
            // Texts of every length up to a few words, from a counter's digits in base 8.
            let mut text = String::new();
            let mut k = n;
            while k > 0 {
                text.push_str(pieces[k % 8]);
                k /= 8;
            }
            let expected: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            assert_eq!(
                newlines(text.as_bytes()).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(
                lines_inclusive(&text).collect::<Vec<_>>(),
                lines,
                "{text:?}"
            );
        }
    }

    #[test]
    fn ascii_positions_are_one_based() {
        let text = "a: 1\nbb: 2\n";
        let idx = LineIndex::new(text);
        let p = idx.position(text, 5);
        assert_eq!((p.line, p.column, p.column_utf16), (2, 1, 1));
        let p = idx.position(text, 9);
        assert_eq!((p.line, p.column), (2, 5));
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_and_bytes_count_utf8() {
        // "é" is 2 bytes / 1 unit, "界" 3 bytes / 1 unit, "😀" 4 bytes / 2 units.
        let text = "k: é界😀x";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let p = idx.position(text, x);
        assert_eq!(p.column, 3 + 2 + 3 + 4 + 1);
        assert_eq!(p.column_utf16, 3 + 1 + 1 + 2 + 1);
    }

    #[test]
    fn utf16_columns_on_a_long_mixed_line_match_counting() {
        let text = "ab\né".to_string() + &"x😀é界".repeat(300) + "\nz界";
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices() {
            let p = idx.position(&text, offset);
            let line_start = idx.line_start(p.line).unwrap();
            let counted = text[line_start..offset].encode_utf16().count() + 1;
            assert_eq!(p.column_utf16, counted, "at {offset}");
        }
    }

    #[test]
    fn crlf_and_lone_cr_break_lines() {
        let text = "a\r\nb\rc\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3).line, 2);
        assert_eq!(idx.position(text, 5).line, 3);
        assert_eq!(idx.line_count(), 4);
    }

    #[test]
    fn offsets_inside_a_character_move_to_its_start() {
        let text = "😀";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 2).offset, 0);
        assert_eq!(idx.position(text, 99).offset, 4);
    }

    #[test]
    fn char_indices_map_to_bytes() {
        let text: String = "é".repeat(200) + "z";
        let map = CharToByte::new(&text);
        assert_eq!(map.byte(0), 0);
        assert_eq!(map.byte(130), 260);
        assert_eq!(map.byte(200), 400);
        assert_eq!(map.byte(201), 401);
        assert_eq!(map.byte(5000), 401);
        let ascii = CharToByte::new("abc");
        assert_eq!(ascii.byte(2), 2);
    }
}
