//! A fast reader for the shape nearly all configuration YAML has: block mappings and
//! sequences, one-line plain and quoted scalars, literal and folded block scalars, flow
//! collections, comments. It gives the loader the very steps, with the very ranges,
//! `saphyr-parser` would, at several times its speed, and gives up (returns false) on anything
//! else: anchors, aliases, tags, directives, complex keys, multi-line plain or quoted scalars,
//! tabs, carriage returns, control characters, errors of any kind. The loader then reads that
//! document with `saphyr-parser`, so what this reader does not know costs time, never meaning.
//! `tests/fast_yaml.rs` holds the two readers to the same trees.

use std::borrow::Cow;

use super::load::Step;
use super::tree::ScalarStyle;

/// The steps of one document chunk, `text[start..end]`, appended to `out`; false (and `out` in
/// any state) when the chunk is not one this reader takes.
pub(super) fn read<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    out: &mut Vec<(Step<'a>, usize, usize)>,
) -> bool {
    out.clear();
    if !ordinary_characters(&text.as_bytes()[start..end]) {
        return false;
    }
    let mut reader = Reader {
        text,
        b: &text.as_bytes()[..end],
        end,
        depth: 0,
        out,
    };
    reader.document(start).is_some()
}

/// Deeper than this the reader gives up; `saphyr-parser` and the loader's own limit take over.
const MAX_DEPTH: u32 = 64;

/// YAML allows an implicit key of at most this many characters.
const MAX_KEY: usize = 1024;

/// True when the bytes hold no tab, carriage return, control character, byte order mark, C1
/// control or Unicode line or paragraph separator: characters whose handling differs between
/// YAML readers are left to the full parser.
fn ordinary_characters(bytes: &[u8]) -> bool {
    let plain = |c: u8| (c.wrapping_sub(0x20) < 0x5f) | (c == b'\n');
    let mut i = 0;
    while i < bytes.len() {
        // Nearly every block of 32 bytes is printable ASCII and line feeds: settle those
        // without a branch per byte (the compiler compares them in vector registers).
        if let Some(block) = bytes.get(i..i + 32) {
            if block.iter().fold(true, |all, &c| all & plain(c)) {
                i += 32;
                continue;
            }
        }
        let block_end = (i + 32).min(bytes.len());
        while i < block_end {
            let c = bytes[i];
            i += 1;
            if plain(c) {
                continue;
            }
            let next = |k: usize| bytes.get(i - 1 + k).copied().unwrap_or(0);
            let odd = match c {
                0xc2 => (0x80..=0x9f).contains(&next(1)),
                0xe2 => next(1) == 0x80 && matches!(next(2), 0xa8 | 0xa9),
                0xef => {
                    (next(1) == 0xbb && next(2) == 0xbf) || (next(1) == 0xbf && next(2) >= 0xbe)
                }
                c => c < 0x80,
            };
            if odd {
                return false;
            }
        }
    }
    true
}

/// What follows a node: the next line with content (its start and indentation), or the end.
#[derive(Clone, Copy)]
enum Next {
    Line(usize, usize),
    End,
}

struct Reader<'a, 'o> {
    text: &'a str,
    /// The text's bytes up to the chunk's end (so one bounds check settles both).
    b: &'a [u8],
    end: usize,
    depth: u32,
    out: &'o mut Vec<(Step<'a>, usize, usize)>,
}

impl<'a> Reader<'a, '_> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.b.get(at).copied()
    }

    fn spaces(&self, mut at: usize) -> usize {
        while self.byte(at) == Some(b' ') {
            at += 1;
        }
        at
    }

    fn line_end(&self, at: usize) -> usize {
        self.b[at.min(self.end)..self.end]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.end, |p| at + p)
    }

    /// Where the line after the one holding `at` starts (the end when there is none).
    fn next_line(&self, at: usize) -> usize {
        (self.line_end(at) + 1).min(self.end)
    }

    fn push(&mut self, step: Step<'a>, start: usize, end: usize) {
        self.out.push((step, start, end));
    }

    fn scalar(&mut self, value: Cow<'a, str>, style: ScalarStyle, start: usize, end: usize) {
        self.push(Step::Scalar(value, style, 0, None), start, end);
    }

    /// A plain scalar: the text at `at..end` as it is.
    fn plain(&mut self, at: usize, end: usize) {
        self.scalar(
            Cow::Borrowed(&self.text[at..end]),
            ScalarStyle::Plain,
            at,
            end,
        );
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// From a line start, skips blank and comment lines. A `...` line ends the document (the
    /// chunk ends with it); anything after it on its line but a comment is not for this reader.
    fn next_content(&self, mut line: usize) -> Option<Next> {
        while line < self.end {
            let first = self.spaces(line);
            match self.byte(first) {
                None => return Some(Next::End),
                Some(b'\n') => line = first + 1,
                Some(b'#') => line = self.next_line(first),
                Some(b'.') if first == line && self.b[line..self.end].starts_with(b"...") => {
                    return match self.byte(line + 3) {
                        None | Some(b'\n') => Some(Next::End),
                        Some(b' ') => self.rest_is_comment(line + 3).then_some(Next::End),
                        _ => None,
                    };
                }
                Some(_) => return Some(Next::Line(line, first - line)),
            }
        }
        Some(Next::End)
    }

    /// True when the line from `at` holds only spaces and perhaps a comment after a space.
    fn rest_is_comment(&self, at: usize) -> bool {
        let q = self.spaces(at);
        match self.byte(q) {
            None | Some(b'\n') => true,
            Some(b'#') => q > at || self.b[q - 1] == b'\n',
            _ => false,
        }
    }

    /// The rest of a line after a value: spaces, perhaps a comment; then the next content line.
    fn after_value(&self, at: usize) -> Option<Next> {
        if !self.rest_is_comment(at) {
            return None;
        }
        self.next_content(self.next_line(at))
    }

    fn document(&mut self, start: usize) -> Option<()> {
        let mut next = self.next_content(start)?;
        if let Next::Line(line, 0) = next {
            if self.b[line..self.end].starts_with(b"---") {
                if !matches!(self.byte(line + 3), None | Some(b' ' | b'\n'))
                    || !self.rest_is_comment(line + 3)
                {
                    return None;
                }
                next = self.next_content(self.next_line(line))?;
            }
        }
        // An empty document, or one that is a lone scalar, is the full parser's.
        let Next::Line(line, indent) = next else {
            return None;
        };
        let at = line + indent;
        let after = match self.b[at] {
            b'[' | b'{' => {
                let close = self.flow_collection(at, -1)?;
                self.after_value(close)?
            }
            _ => self.block_collection(line, indent, -1)?,
        };
        matches!(after, Next::End).then_some(())
    }

    fn is_entry_dash(&self, at: usize) -> bool {
        self.byte(at) == Some(b'-') && matches!(self.byte(at + 1), None | Some(b' ' | b'\n'))
    }

    /// A block mapping or sequence whose first line is `line`, indented by `indent`, more than
    /// its parent's `parent`.
    fn block_collection(&mut self, line: usize, indent: usize, parent: i64) -> Option<Next> {
        debug_assert!(indent as i64 > parent);
        let at = line + indent;
        if self.is_entry_dash(at) {
            self.block_sequence(at, indent, false)
        } else {
            self.key_end(at)?;
            self.block_mapping(at, indent)
        }
    }

    /// Where the implicit key at `at` ends and its `:` is: a one-line plain or quoted scalar
    /// right before a `:` that is followed by a space or the line's end. None when the line
    /// does not start with such a key.
    fn key_end(&self, at: usize) -> Option<usize> {
        let colon = match self.byte(at)? {
            b'"' | b'\'' => self.quoted_end(at)?,
            c if self.plain_may_start(at, c, false) => {
                let mut p = at;
                loop {
                    // Only these three bytes can end the key or the line.
                    let stop = self.b[p..self.end]
                        .iter()
                        .position(|b| matches!(b, b'\n' | b':' | b'#'))?;
                    p += stop;
                    match self.b[p] {
                        b'\n' => return None,
                        b':' if matches!(self.byte(p + 1), None | Some(b' ' | b'\n')) => break p,
                        b'#' if self.b[p - 1] == b' ' => return None,
                        _ => p += 1,
                    }
                }
            }
            _ => return None,
        };
        let ok = self.byte(colon) == Some(b':')
            && matches!(self.byte(colon + 1), None | Some(b' ' | b'\n'))
            && self.b[colon - 1] != b' '
            && colon - at <= MAX_KEY;
        ok.then_some(colon)
    }

    /// Whether a plain scalar may start with `c` at `at`: not with an indicator, except `-`,
    /// `?` and `:` followed by a character that could go on a plain scalar.
    fn plain_may_start(&self, at: usize, c: u8, flow: bool) -> bool {
        match c {
            b'-' | b'?' | b':' => match self.byte(at + 1) {
                None | Some(b' ' | b'\n') => false,
                Some(b',' | b'[' | b']' | b'{' | b'}') => !flow,
                Some(_) => true,
            },
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
            | b'"' | b'%' | b'@' | b'`' => false,
            b' ' | b'\n' => false,
            _ => true,
        }
    }

    fn block_mapping(&mut self, first_key: usize, indent: usize) -> Option<Next> {
        self.enter()?;
        self.push(
            Step::Start {
                sequence: false,
                anchor: 0,
            },
            first_key,
            first_key,
        );
        let mut key = first_key;
        let next = loop {
            let colon = self.key_end(key)?;
            if matches!(self.b[key], b'"' | b'\'') {
                self.quoted(key)?;
            } else {
                self.plain(key, colon);
            }
            let next = self.value(colon + 1, indent as i64, true)?;
            match next {
                Next::Line(line, i) if i == indent => {
                    key = line + i;
                    if self.is_entry_dash(key) {
                        return None;
                    }
                }
                Next::Line(_, i) if i > indent => return None,
                _ => break next,
            }
        };
        self.push(Step::End { flow: false }, 0, 0);
        self.depth -= 1;
        Some(next)
    }

    /// A block sequence whose first `-` is at `dash`, in column `indent`. An indentless one
    /// (the value of a key in the same column) ends at the first line there that is no entry.
    fn block_sequence(
        &mut self,
        first_dash: usize,
        indent: usize,
        indentless: bool,
    ) -> Option<Next> {
        self.enter()?;
        let start_step = self.out.len();
        self.push(
            Step::Start {
                sequence: true,
                anchor: 0,
            },
            first_dash,
            first_dash,
        );
        let mut dash = first_dash;
        let next = loop {
            let item = self.spaces(dash + 1);
            let next = if item > dash + 1 && self.key_end(item).is_some() {
                let column = indent + (item - dash);
                self.block_mapping(item, column)?
            } else if self.is_entry_dash(item) {
                return None;
            } else {
                self.value(dash + 1, indent as i64, false)?
            };
            match next {
                Next::Line(line, i) if i == indent && self.is_entry_dash(line + i) => {
                    dash = line + i
                }
                Next::Line(_, i) if i > indent => return None,
                _ => break next,
            }
        };
        if indentless {
            // saphyr-parser starts an indentless sequence at its first item's first token: a
            // block scalar's header, the first entry's line end when the item starts on the
            // next line, or where the item's first step starts.
            let item = self.spaces(first_dash + 1);
            let first = match self.byte(item) {
                Some(b'|' | b'>') => item,
                Some(b'\n' | b'#') => self.line_end(item),
                _ => self.out[start_step + 1].1,
            };
            self.out[start_step].1 = first;
            self.out[start_step].2 = first;
        }
        self.push(Step::End { flow: false }, 0, 0);
        self.depth -= 1;
        Some(next)
    }

    /// The value after a key's `:` or an entry's `-` (at `at`, just past it), in a collection
    /// indented by `parent`. `of_key`: a key's value may be an indentless sequence.
    fn value(&mut self, at: usize, parent: i64, of_key: bool) -> Option<Next> {
        let q = self.spaces(at);
        match self.byte(q) {
            None | Some(b'\n') | Some(b'#') => {
                let next = self.next_content(self.next_line(q))?;
                match next {
                    Next::Line(line, i) if i as i64 > parent => {
                        self.block_collection(line, i, parent)
                    }
                    Next::Line(line, i)
                        if of_key && i as i64 == parent && self.is_entry_dash(line + i) =>
                    {
                        self.block_sequence(line + i, i, true)
                    }
                    _ => {
                        // saphyr-parser places an empty value at its key's `:`, or at the
                        // end of its entry's line.
                        let at = if of_key { at - 1 } else { self.line_end(q) };
                        if at >= self.end {
                            return None;
                        }
                        self.scalar(Cow::Borrowed(""), ScalarStyle::Plain, at, at);
                        Some(next)
                    }
                }
            }
            Some(b'|' | b'>') => self.block_scalar(q, parent),
            Some(b'"' | b'\'') => {
                let close = self.quoted(q)?;
                self.after_value(close)
            }
            Some(b'[' | b'{') => {
                let close = self.flow_collection(q, parent)?;
                self.after_value(close)
            }
            Some(c) if self.plain_may_start(q, c, false) => {
                let end = self.plain_block(q)?;
                self.after_value(end)
            }
            Some(_) => None,
        }
    }

    /// A one-line plain scalar in block context starting at `at`; returns its end.
    fn plain_block(&mut self, at: usize) -> Option<usize> {
        let mut p = at;
        let stop = loop {
            // Only these three bytes can end the scalar or refuse it.
            let Some(next) = self.b[p..self.end]
                .iter()
                .position(|b| matches!(b, b'\n' | b'#' | b':'))
            else {
                break self.end;
            };
            p += next;
            match self.b[p] {
                b'\n' => break p,
                b'#' if self.b[p - 1] == b' ' => break p,
                b':' if matches!(self.byte(p + 1), None | Some(b' ' | b'\n')) => return None,
                _ => p += 1,
            }
        };
        // The scalar ends at its last character that is not a space.
        let last = at
            + self.b[at..stop]
                .iter()
                .rposition(|b| *b != b' ')
                .map_or(0, |i| i + 1);
        self.plain(at, last);
        Some(last)
    }

    /// Where the one-line quoted scalar opening at `at` ends (just past its closing quote).
    fn quoted_end(&self, at: usize) -> Option<usize> {
        let quote = self.b[at];
        let mut p = at + 1;
        loop {
            match self.byte(p)? {
                b'\n' => return None,
                b'\\' if quote == b'"' => {
                    if matches!(self.byte(p + 1), None | Some(b'\n')) {
                        return None;
                    }
                    p += 2;
                }
                b'\'' if quote == b'\'' && self.byte(p + 1) == Some(b'\'') => p += 2,
                c if c == quote => return Some(p + 1),
                _ => p += 1,
            }
        }
    }

    /// A one-line quoted scalar opening at `at`; returns where it ends.
    fn quoted(&mut self, at: usize) -> Option<usize> {
        let close = self.quoted_end(at)?;
        let inner = &self.text[at + 1..close - 1];
        let (value, style) = if self.b[at] == b'\'' {
            let value = if inner.contains("''") {
                Cow::Owned(inner.replace("''", "'"))
            } else {
                Cow::Borrowed(inner)
            };
            (value, ScalarStyle::SingleQuoted)
        } else {
            let value = if inner.contains('\\') {
                Cow::Owned(unescape(inner)?)
            } else {
                Cow::Borrowed(inner)
            };
            (value, ScalarStyle::DoubleQuoted)
        };
        self.scalar(value, style, at, close);
        Some(close)
    }

    /// A literal (`|`) or folded (`>`) scalar whose header is at `at`, in a collection
    /// indented by `parent`. Its content is indented as its first non-empty line.
    fn block_scalar(&mut self, at: usize, parent: i64) -> Option<Next> {
        let literal = self.b[at] == b'|';
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        let mut h = at + 1;
        let chomp = self.byte(h);
        if matches!(chomp, Some(b'-' | b'+')) {
            h += 1;
        }
        if self.byte(h).is_some_and(|c| c.is_ascii_digit()) || !self.rest_is_comment(h) {
            return None;
        }
        let header_end = self.line_end(h);
        if header_end >= self.end {
            return None;
        }
        // Blank lines before the first content line; they may not be longer than its indent.
        let mut line = header_end + 1;
        let mut leading = 0;
        let mut longest_blank = 0;
        let indent = loop {
            let first = self.spaces(line);
            match self.byte(first) {
                None => return None,
                Some(b'\n') => {
                    leading += 1;
                    longest_blank = longest_blank.max(first - line);
                    line = first + 1;
                }
                Some(_) => break first - line,
            }
        };
        if indent as i64 <= parent {
            // No content: an empty scalar where the next line's content starts.
            if chomp == Some(b'+') || longest_blank > 0 {
                return None;
            }
            self.scalar(Cow::Borrowed(""), style, line + indent, line + indent);
            return self.next_content(line);
        }
        if longest_blank > indent {
            return None;
        }
        let start = line + indent;
        let mut value = "\n".repeat(leading);
        let mut blanks = 0;
        let mut first = true;
        // The line that ends the scalar (or the end), and where its content starts.
        let (stop_line, stop) = loop {
            let text_at = self.spaces(line);
            let spaces = text_at - line;
            match self.byte(text_at) {
                None if line >= self.end => break (line, line),
                None => return None,
                Some(b'\n') => {
                    if spaces > indent {
                        return None;
                    }
                    blanks += 1;
                    line = text_at + 1;
                    continue;
                }
                Some(_) if spaces < indent => break (line, text_at),
                Some(_) if spaces > indent && !literal => return None,
                Some(_) => {}
            }
            if !first {
                if literal {
                    value.push('\n');
                    value.extend(std::iter::repeat_n('\n', blanks));
                } else if blanks == 0 {
                    value.push(' ');
                } else {
                    value.extend(std::iter::repeat_n('\n', blanks));
                }
            }
            first = false;
            blanks = 0;
            let eol = self.line_end(text_at);
            value.push_str(&self.text[line + indent..eol]);
            line = (eol + 1).min(self.end);
            if eol >= self.end {
                // The text ends without a line break inside the scalar: the full parser's.
                return None;
            }
        };
        match chomp {
            Some(b'-') => {}
            Some(b'+') => value.extend(std::iter::repeat_n('\n', blanks + 1)),
            _ => value.push('\n'),
        }
        self.scalar(Cow::Owned(value), style, start, stop);
        self.next_content(stop_line)
    }

    /// A flow collection opening at `at` inside a block collection indented by `parent`: its
    /// lines after the first must be indented more. Returns where it ends.
    fn flow_collection(&mut self, at: usize, parent: i64) -> Option<usize> {
        self.enter()?;
        let mapping = self.b[at] == b'{';
        let close = if mapping { b'}' } else { b']' };
        // Bracket steps, opening and closing, end where saphyr-parser's tokens do: after the
        // spaces and the comment that follow on the bracket's line. (A finished collection's
        // range ends at its closing step; one a limit stopped keeps its opening step's.)
        let open_end = self.after_bracket(at);
        self.push(
            Step::Start {
                sequence: !mapping,
                anchor: 0,
            },
            at,
            open_end,
        );
        let mut p = at + 1;
        loop {
            p = self.flow_space(p, parent)?;
            if self.b[p] == close {
                break;
            }
            if mapping {
                p = self.flow_key(p)?;
                p = self.flow_space(p, parent)?;
                if matches!(self.b[p], b',' | b'}') {
                    return None;
                }
            }
            p = self.flow_node(p, parent)?;
            p = self.flow_space(p, parent)?;
            match self.b[p] {
                b',' => {
                    p = self.flow_space(p + 1, parent)?;
                    // saphyr-parser ends a collection after a trailing comma elsewhere.
                    if self.b[p] == close {
                        return None;
                    }
                }
                c if c == close => {}
                _ => return None,
            }
        }
        let end = self.after_bracket(p);
        self.push(Step::End { flow: true }, p, end);
        self.depth -= 1;
        Some(p + 1)
    }

    /// Past the bracket at `at`, the spaces after it and a comment after those.
    fn after_bracket(&self, at: usize) -> usize {
        let end = self.spaces(at + 1);
        if self.byte(end) == Some(b'#') {
            self.line_end(end)
        } else {
            end
        }
    }

    /// Skips spaces, line breaks and comments inside a flow collection; returns the next
    /// character's offset. Continuation lines must be indented more than `parent`.
    fn flow_space(&self, mut p: usize, parent: i64) -> Option<usize> {
        loop {
            match self.byte(p)? {
                b' ' => p += 1,
                b'\n' => {
                    let first = self.spaces(p + 1);
                    let blank = matches!(self.byte(first), None | Some(b'\n' | b'#'));
                    if !blank && (first - (p + 1)) as i64 <= parent {
                        return None;
                    }
                    p = first;
                }
                b'#' if matches!(self.b[p - 1], b' ' | b'\n') => p = self.line_end(p),
                _ => return Some(p),
            }
        }
    }

    /// A flow mapping's key and its `:`; returns the offset after the `:`.
    fn flow_key(&mut self, at: usize) -> Option<usize> {
        let end = match self.b[at] {
            b'"' | b'\'' => {
                let close = self.quoted(at)?;
                self.spaces(close)
            }
            _ => {
                let (end, stop) = self.flow_plain_end(at)?;
                // After a plain key, `:` must be followed by a space (only a quoted key's may
                // touch its value).
                let colon = self.spaces(end);
                if stop != Some(b':') || !matches!(self.byte(colon + 1), Some(b' ' | b'\n')) {
                    return None;
                }
                self.plain(at, end);
                self.spaces(end)
            }
        };
        (self.byte(end) == Some(b':')).then_some(end + 1)
    }

    fn flow_node(&mut self, at: usize, parent: i64) -> Option<usize> {
        match self.b[at] {
            b'[' | b'{' => self.flow_collection(at, parent),
            b'"' | b'\'' => self.quoted(at),
            _ => {
                let (end, stop) = self.flow_plain_end(at)?;
                // A plain scalar that runs on to the next line, or is a key, is not ours.
                if !matches!(stop, Some(b',' | b']' | b'}')) {
                    let after = self.flow_space(end, parent)?;
                    if !matches!(self.b[after], b',' | b']' | b'}') {
                        return None;
                    }
                }
                self.plain(at, end);
                Some(end)
            }
        }
    }

    /// Where a plain scalar in a flow collection, starting at `at`, ends (trailing spaces
    /// excluded), and the character that ended it (`:` for a key's indicator; None for a line
    /// end or a comment).
    fn flow_plain_end(&self, at: usize) -> Option<(usize, Option<u8>)> {
        if !self.plain_may_start(at, self.b[at], true) {
            return None;
        }
        let mut p = at;
        let mut last = at;
        let stop = loop {
            let c = self.byte(p)?;
            match c {
                b'\n' => break None,
                b',' | b'[' | b']' | b'{' | b'}' => break Some(c),
                b'#' if self.b[p - 1] == b' ' => break None,
                // saphyr-parser reads ` -` before a bracket or comma as a block entry.
                b'-' if self.b[p - 1] == b' '
                    && matches!(
                        self.byte(p + 1),
                        None | Some(b'\n' | b',' | b'[' | b']' | b'{' | b'}')
                    ) =>
                {
                    return None
                }
                b':' if matches!(
                    self.byte(p + 1),
                    None | Some(b' ' | b'\n' | b',' | b'[' | b']' | b'{' | b'}')
                ) =>
                {
                    break Some(b':')
                }
                b' ' => {}
                _ => last = p + 1,
            }
            p += 1;
        };
        Some((last, stop))
    }
}

/// The value of a one-line double-quoted scalar's inside; None for an escape this reader does
/// not know.
fn unescape(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next()? {
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            kind @ ('x' | 'u' | 'U') => {
                let digits = match kind {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = chars.by_ref().take(digits).collect();
                if hex.len() != digits || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            _ => return None,
        };
        out.push(decoded);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::ordinary_characters;

    #[test]
    fn odd_characters_are_found_at_every_place_of_a_block() {
        let odd = [
            "\t", "\r", "\u{7f}", "\u{0}", "\u{85}", "\u{2028}", "\u{2029}", "\u{feff}",
        ];
        for len in [0, 1, 31, 32, 33, 64, 65, 100] {
            let clean = "a: b\n".repeat(20)[..len].to_string();
            assert!(ordinary_characters(clean.as_bytes()), "{len}");
            for at in 0..=len {
                for o in odd {
                    let mut text = clean.clone();
                    text.insert_str(at, o);
                    assert!(
                        !ordinary_characters(text.as_bytes()),
                        "{o:?} at {at} of {len}"
                    );
                }
                // Other non-ASCII characters are ordinary.
                let mut text = clean.clone();
                text.insert_str(at, "é€😀");
                assert!(ordinary_characters(text.as_bytes()), "at {at} of {len}");
            }
        }
    }
}
