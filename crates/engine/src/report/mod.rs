//! The report: findings and errors of every input, and the formats that render it.
//! Every output (page, terminal, SARIF, JSON, Markdown) renders this same data.

pub mod catalogue;
pub mod comparison;
pub mod frameworks;
pub mod gitlab;
pub mod json;
pub mod markdown;
pub mod read;
pub mod sarif;
#[cfg(not(target_arch = "wasm32"))]
mod splice;
pub mod text;

use std::borrow::Cow;
use std::fmt::Write;

use serde::Serialize;

use crate::finding::{Finding, InputError};
use crate::model::Severity;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FileSummary {
    pub name: String,
    pub documents: usize,
    pub resources: usize,
    pub lines: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub files: Vec<FileSummary>,
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
    /// For each rule, how many subjects in the input it examined (for scores).
    #[serde(skip)]
    pub applicable: std::collections::BTreeMap<&'static str, usize>,
    /// Files found in a directory that hold no configuration Posture evaluates (a
    /// `package.json`, a workflow file): named once each, neither findings nor errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_evaluated: Vec<String>,
    /// Documents of the inputs themselves (not inside their strings) of a kind Posture
    /// evaluates; none in a file that holds documents means the file is not configuration.
    #[serde(skip)]
    pub evaluated_documents: usize,
}

impl Report {
    /// Adds another report's files, findings, errors and examined counts after this one's
    /// (per-file reports of a directory, in path order, make one report).
    pub fn append(&mut self, other: Report) {
        self.files.extend(other.files);
        self.findings.extend(other.findings);
        self.errors.extend(other.errors);
        self.not_evaluated.extend(other.not_evaluated);
        self.evaluated_documents += other.evaluated_documents;
        self.add_applicable(other.applicable);
    }

    /// Adds examined counts, by rule, to [`Report::applicable`]. Cheapest in order of rule ID
    /// (a run's rules mostly are): the two are then walked in step, counts added in place and
    /// only the rules not there yet inserted (a search per rule per file was most of the time
    /// of joining 10,000 reports).
    pub fn add_applicable(&mut self, counts: impl IntoIterator<Item = (&'static str, usize)>) {
        // The page checks one input at a time: a lookup per rule is quick enough there, and
        // smaller.
        #[cfg(target_arch = "wasm32")]
        for (id, n) in counts {
            *self.applicable.entry(id).or_default() += n;
        }
        #[cfg(not(target_arch = "wasm32"))]
        self.add_applicable_in_step(counts.into_iter().collect());
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn add_applicable_in_step(&mut self, counts: Vec<(&'static str, usize)>) {
        if self.applicable.is_empty() && counts.windows(2).all(|w| w[0].0 < w[1].0) {
            // Strictly increasing IDs (no repeat to add up): built in one pass.
            self.applicable = counts.into_iter().collect();
            return;
        }
        let mut mine = self.applicable.iter_mut().peekable();
        let mut missing = Vec::new();
        // The IDs are the rules' own strings: the same rule's ID is nearly always the very same
        // pointer, which settles equality without comparing the texts.
        let same = |k: &str, id: &str| std::ptr::eq(k, id) || k == id;
        for (id, n) in counts {
            while mine.next_if(|(k, _)| !same(k, id) && **k < id).is_some() {}
            match mine.peek_mut() {
                Some((k, v)) if same(k, id) => **v += n,
                _ => missing.push((id, n)),
            }
        }
        for (id, n) in missing {
            *self.applicable.entry(id).or_default() += n;
        }
    }

    /// The reports one after the other as one report, each list allocated once.
    pub fn join(reports: Vec<Report>) -> Report {
        let mut total = Report::default();
        total
            .files
            .reserve(reports.iter().map(|r| r.files.len()).sum());
        total
            .findings
            .reserve(reports.iter().map(|r| r.findings.len()).sum());
        for report in reports {
            total.append(report);
        }
        total
    }

    /// Number of findings at each severity, most severe first.
    pub fn counts(&self) -> [(Severity, usize); 5] {
        Severity::ALL.map(|sev| (sev, self.active().filter(|f| f.severity == sev).count()))
    }

    /// True if any finding that is not suppressed is at or above `threshold`.
    pub fn has_at_or_above(&self, threshold: Severity) -> bool {
        self.active().any(|f| f.severity >= threshold)
    }

    /// Findings that are not suppressed.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
    }

    pub fn documents(&self) -> usize {
        self.files.iter().map(|f| f.documents).sum()
    }

    pub fn resources(&self) -> usize {
        self.files.iter().map(|f| f.resources).sum()
    }
}

/// True for characters that can change how a terminal or a page shows the text around them:
/// C0 and C1 controls (ESC, BEL, CR, line feed…), DEL, the bidirectional overrides, embeddings
/// and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) and the Unicode line and
/// paragraph separators.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Text from the input made safe to print: each unsafe character ([`is_unsafe_char`]) becomes
/// a visible escape (`\n`, `\r`, `\t`, or `\u{1b}`), so a name or message can neither colour
/// the terminal, move its cursor, reorder a line, nor start a line of its own.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    // Printable ASCII throughout, the common case, needs no decoding to settle.
    if s.bytes().all(|b| (b' '..b'\x7f').contains(&b)) || !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::Report;

    fn with_counts(counts: &[(&'static str, usize)]) -> Report {
        Report {
            applicable: counts.iter().copied().collect(),
            ..Report::default()
        }
    }

    #[test]
    fn counts_add_up_in_any_order_with_repeats() {
        let mut report = Report::default();
        report.add_applicable([("LP102", 1), ("DS101", 2), ("LP102", 4)]);
        report.add_applicable([("AA100", 8), ("DS101", 16)]);
        report.add_applicable([("DS101", 32), ("ZZ999", 64)]);
        let expected = [("AA100", 8), ("DS101", 50), ("LP102", 5), ("ZZ999", 64)];
        assert_eq!(report.applicable, expected.into_iter().collect());
    }

    #[test]
    fn joining_adds_each_rules_counts_whatever_rules_each_report_ran() {
        let joined = Report::join(vec![
            with_counts(&[("DS101", 1), ("LP102", 2)]),
            with_counts(&[]),
            with_counts(&[("CI101", 4), ("DS101", 8), ("SH101", 16)]),
            with_counts(&[("AA100", 32), ("LP102", 64), ("ZZ999", 128)]),
        ]);
        let expected = [
            ("AA100", 32),
            ("CI101", 4),
            ("DS101", 9),
            ("LP102", 66),
            ("SH101", 16),
            ("ZZ999", 128),
        ];
        assert_eq!(joined.applicable, expected.into_iter().collect());
    }
}
