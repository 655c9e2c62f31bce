//! Share links: a check's results, or its config, packed into a URL fragment.
//!
//! A link is `#s=1.<payload>`: `1` is the format version, the payload is a small tab-separated
//! text (described below) compressed with raw deflate and written in base64url. Browsers never send the fragment to a
//! server, so the link works from any static host without telling it anything.
//!
//! Two kinds travel:
//! - **results**: findings (rule, place, resource, container, embedded context, suppressed or
//!   not), the scorecard, file summaries, read errors and the rule-catalogue version. No config
//!   text: messages and evidence quote the config, so they stay behind, as do suppression
//!   reasons (comments written in the config).
//! - **config**: the config text (by default with secrets replaced, see [`redact`]), which the
//!   recipient checks again with their own rules.
//!
//! Decoding treats the link as hostile: every size is capped before the work it causes, and
//! every failure is a [`ShareError`] with a message for the page.

mod base64url;
mod deflate;
mod inflate;
pub mod redact;

use std::fmt;

use crate::finding::{Finding, InputError};
use crate::model::{Pillar, Principle};
use crate::report::{FileSummary, Report};
use crate::rules::{self, CATALOGUE_VERSION};
use crate::score::{not_graded_reason, Score, Scorecard};
use crate::source::{Position, Span};

/// What starts the fragment of a share link (after `#`).
pub const PREFIX: &str = "s=";
/// The format this code writes, and the only one it reads.
pub const VERSION: &str = "1";
/// Longer links than this are refused: browsers and servers stop accepting URLs around here.
pub const MAX_LINK_BYTES: usize = 2 * 1024 * 1024;
/// Above this, some chat tools and issue trackers cut links.
pub const LONG_LINK_BYTES: usize = 8 * 1024;
/// The most a payload may inflate to: the checker's own input limit plus room for the JSON
/// around it. A deflate bomb stops here.
pub const MAX_INFLATED_BYTES: usize = 17 * 1024 * 1024;

/// What a link carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Shared {
    Results(SharedResults),
    Config(SharedConfig),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SharedResults {
    /// The rule-catalogue version the sender checked with.
    pub catalogue: String,
    pub report: Report,
    pub scorecard: Scorecard,
    /// Findings of rules this catalogue does not know (a newer sender); they cannot be shown.
    pub unknown_rules: usize,
    /// Whether the sender said which rules examined something (`Report::applicable`; links
    /// made before it travelled do not): without it a passing framework control cannot be
    /// told from one that does not apply.
    pub applicable_known: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedConfig {
    pub catalogue: String,
    pub name: String,
    pub text: String,
    /// True when the sender left secret redaction on.
    pub redacted: bool,
}

impl Shared {
    pub fn catalogue(&self) -> &str {
        match self {
            Shared::Results(r) => &r.catalogue,
            Shared::Config(c) => &c.catalogue,
        }
    }

    /// True when the sender's rule catalogue differs from this one.
    pub fn other_catalogue(&self) -> bool {
        self.catalogue() != CATALOGUE_VERSION
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not a share link at all.
    NotALink,
    UnknownVersion(String),
    NotBase64,
    TooLong,
    Corrupt,
    TooLarge,
    Malformed(&'static str),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ShareError::NotALink => write!(f, "This is not a Posture share link."),
            ShareError::UnknownVersion(v) => write!(
                f,
                "This link uses share format \"{v}\", which this Posture cannot read (a newer one may)."
            ),
            ShareError::NotBase64 => write!(
                f,
                "This share link is damaged: it has characters a share link never has."
            ),
            ShareError::TooLong => write!(f, "This share link is longer than 2 MB, more than Posture accepts."),
            ShareError::Corrupt => write!(
                f,
                "This share link is incomplete or damaged; was it cut short?"
            ),
            ShareError::TooLarge => write!(
                f,
                "This share link unpacks to more than 17 MB; it was refused."
            ),
            ShareError::Malformed(what) => write!(f, "This share link's data is not valid: {what}."),
        }
    }
}

// ----- the payload -----
//
// Plain text, one record per line, fields separated by tabs; `\\`, `\t`, `\n` and `\r` are
// escaped inside fields and an empty field means "none". Readers skip record types they do not
// know, so later versions can add records without breaking older pages.
//
//   kind      results | config
//   catalogue 2026.11.1
//   grade     D, or - when not graded                 (results; older links always have a letter)
//   score     principle/pillar/overall  score|-  checks  failed   (14 rows, engine order)
//   file      name  documents  resources  lines
//   applicable rule  count  rule  count …              (rules that examined something; always
//                                                      written, even empty; older links lack it)
//   finding   rule  file#  line  col  end-line  end-col  suppressed(0|1)  resource  container  context
//             (a link adds: what frameworks read of the message, see `framework_marks`)
//             (a full report adds: message  evidence  reason  4 byte offsets/columns  path)
//   error     file#  line  col  message
//   name, redacted(0|1), text                          (config)

fn escape(out: &mut String, field: &str) {
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[inline(never)]
fn unescape(field: &str) -> String {
    // Runs between escapes are copied whole: a report of thousands of findings has hundreds of
    // thousands of fields, and copying them a character at a time showed in the page's profile.
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let mut after = rest[at + 1..].chars();
        match after.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
        rest = after.as_str();
    }
    out.push_str(rest);
    out
}

/// Writes one record: its type, then each field escaped.
fn record(out: &mut String, kind: &str, fields: &[&str]) {
    out.push_str(kind);
    for f in fields {
        out.push('\t');
        escape(out, f);
    }
    out.push('\n');
}

/// The fragment (without `#`) of a results-only link.
pub fn encode_results(report: &Report, scorecard: &Scorecard) -> String {
    pack(&results_payload(report, scorecard, false))
}

/// The whole report in the same record format, uncompressed and with everything a results link
/// leaves out (messages, evidence, suppression reasons, byte offsets): how the page's checking
/// worker hands a report to the page. Read it back with [`decode_report`].
pub fn encode_report(report: &Report, scorecard: &Scorecard) -> String {
    results_payload(report, scorecard, true)
}

/// Reads what [`encode_report`] wrote.
pub fn decode_report(payload: &str) -> Result<SharedResults, ShareError> {
    match read(payload)? {
        Shared::Results(r) => Ok(r),
        Shared::Config(_) => Err(ShareError::Malformed("it is not a report")),
    }
}

/// Results records; `full` adds the fields that quote the config (never in a link).
fn results_payload(report: &Report, scorecard: &Scorecard, full: bool) -> String {
    let mut out = String::new();
    record(&mut out, "kind", &["results"]);
    record(&mut out, "catalogue", &[CATALOGUE_VERSION]);
    let grade = scorecard
        .grade
        .map_or_else(|| "-".to_string(), |g| g.to_string());
    record(&mut out, "grade", &[&grade]);
    let scores = scorecard
        .principles
        .iter()
        .map(|(_, s)| s)
        .chain(scorecard.pillars.iter().map(|(_, s)| s))
        .chain(std::iter::once(&scorecard.overall));
    for s in scores {
        let value = s.score.map_or_else(|| "-".to_string(), |v| v.to_string());
        record(
            &mut out,
            "score",
            &[&value, &s.checks.to_string(), &s.failed.to_string()],
        );
    }
    for f in &report.files {
        let numbers = [f.documents, f.resources, f.lines].map(|n| n.to_string());
        // A link names files by base name; the worker's full report keeps them as given.
        let name = if full { &f.name } else { base_name(&f.name) };
        record(
            &mut out,
            "file",
            &[name, &numbers[0], &numbers[1], &numbers[2]],
        );
    }
    // Which rules examined something, so a framework control's pass is told from "not
    // applicable" on the receiving side too.
    let counts: Vec<String> = report
        .applicable
        .iter()
        .filter(|(_, n)| **n > 0)
        .flat_map(|(id, n)| [id.to_string(), n.to_string()])
        .collect();
    let counts: Vec<&str> = counts.iter().map(String::as_str).collect();
    record(&mut out, "applicable", &counts);
    let file_index = |name: &str| {
        report
            .files
            .iter()
            .position(|f| f.name == name)
            .unwrap_or(0)
            .to_string()
    };
    for f in &report.findings {
        let (a, b) = (&f.span.start, &f.span.end);
        let numbers = [
            a.line,
            a.column_utf16,
            b.line,
            b.column_utf16,
            a.offset,
            a.column,
            b.offset,
            b.column,
        ]
        .map(|n| n.to_string());
        let index = file_index(&f.file);
        let mut fields = vec![
            f.rule_id,
            &index,
            &numbers[0],
            &numbers[1],
            &numbers[2],
            &numbers[3],
            if f.suppressed.is_some() { "1" } else { "0" },
            f.resource.as_deref().unwrap_or(""),
            f.container.as_deref().unwrap_or(""),
            f.context.as_deref().unwrap_or(""),
        ];
        // A link keeps of the message only what the framework catalogues read from it.
        let marks = framework_marks(f);
        if !full && !marks.is_empty() {
            fields.push(&marks);
        }
        if full {
            fields.extend([
                f.message.as_str(),
                f.evidence.as_deref().unwrap_or(""),
                f.suppressed.as_deref().unwrap_or(""),
            ]);
            fields.extend(numbers[4..].iter().map(String::as_str));
            fields.push(&f.path);
        }
        record(&mut out, "finding", &fields);
        if !f.implies.is_empty() {
            // The rules a folded finding stands for too, in a record of its own after the
            // finding, so that readers which do not know it skip it.
            record(&mut out, "implies", &f.implies);
        }
    }
    for e in &report.errors {
        let at = &e.span.start;
        let numbers = [at.line, at.column_utf16, at.offset, at.column].map(|n| n.to_string());
        let index = file_index(&e.file);
        let fields: [&str; 6] = [
            &index,
            &numbers[0],
            &numbers[1],
            &e.message,
            &numbers[2],
            &numbers[3],
        ];
        record(&mut out, "error", &fields[..if full { 6 } else { 4 }]);
    }
    out
}

/// What of a finding's message a results link keeps: the fixed words of the framework
/// catalogues' text filters that it contains (`hostPID`, `audit-log-path`) and its Pod
/// Security tag, both Posture's own text, never the config's. With them the receiver assesses
/// each control as the sender did; without them a control such as "host network" would pass.
fn framework_marks(f: &Finding) -> String {
    let mut marks: Vec<&str> = Vec::new();
    let mentions = |text: &str| {
        f.message.contains(text) || f.evidence.as_deref().is_some_and(|e| e.contains(text))
    };
    for framework in crate::frameworks::all() {
        for control in framework.controls.iter() {
            for r in control.rules() {
                if let crate::frameworks::Only::Text(text) = r.only {
                    let ours = r.rule == f.rule_id || f.implies.contains(&r.rule);
                    if ours && !marks.contains(&text) && mentions(text) {
                        marks.push(text);
                    }
                }
            }
        }
    }
    // The tag is the message's last `[PSS …]`: config text quoted earlier cannot be it.
    if crate::k8s::pss::parse_tag(&f.message).is_some() {
        if let Some(start) = f.message.rfind("[PSS ") {
            marks.push(&f.message[start..]);
        }
    }
    marks.join(" ")
}

/// The fragment (without `#`) of a link that carries the config itself. `redacted` records
/// whether the caller replaced secrets (see [`redact::redact`]); the text is sent as given,
/// the name as its base name only.
pub fn encode_config(name: &str, text: &str, redacted: bool) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    record(&mut out, "kind", &["config"]);
    record(&mut out, "catalogue", &[CATALOGUE_VERSION]);
    record(&mut out, "name", &[base_name(name)]);
    record(&mut out, "redacted", &[if redacted { "1" } else { "0" }]);
    record(&mut out, "text", &[text]);
    pack(&out)
}

/// The last part of a path (either separator): directories can name people, customers or
/// hosts, and a link has no use for them.
pub fn base_name(path: &str) -> &str {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if base.is_empty() {
        "shared.yaml"
    } else {
        base
    }
}

/// A name read from a link, which anyone can write: its base name, without control or bidi
/// characters (they could disguise it), at most 200 characters.
fn link_name(name: &str) -> String {
    let clean: String = base_name(name)
        .chars()
        .filter(|c| !crate::report::is_unsafe_char(*c))
        .take(200)
        .collect();
    if clean.is_empty() {
        "shared.yaml".to_string()
    } else {
        clean
    }
}

fn pack(payload: &str) -> String {
    let compressed = deflate::compress(payload.as_bytes());
    format!("{PREFIX}{VERSION}.{}", base64url::encode(&compressed))
}

/// True when a fragment (with or without `#`) claims to be a share link, whatever its state.
pub fn is_share_fragment(fragment: &str) -> bool {
    unescaped_fragment(fragment).starts_with(PREFIX)
}

/// The fragment without its `#`, and with percent-escapes undone: some chat tools rewrite
/// `#s=1.…` as `#s%3D1.…`. A share link's own characters (base64url, `=`, `.`) never need
/// escaping, so undoing escapes cannot change a well-formed link.
fn unescaped_fragment(fragment: &str) -> std::borrow::Cow<'_, str> {
    let fragment = fragment.trim_start_matches('#');
    if !fragment.contains('%') {
        return fragment.into();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned().into()
}

/// Decodes raw deflate bytes as a link's payload would be (for the fuzzer, which then reaches
/// the inflater and the payload reader directly instead of through base64).
#[doc(hidden)]
pub fn decode_bytes_for_fuzzing(compressed: &[u8]) -> Result<Shared, ShareError> {
    payload_from(compressed)
}

fn payload_from(compressed: &[u8]) -> Result<Shared, ShareError> {
    let text = inflate::inflate(compressed, MAX_INFLATED_BYTES).map_err(|e| match e {
        inflate::InflateError::TooLarge => ShareError::TooLarge,
        inflate::InflateError::Corrupt => ShareError::Corrupt,
    })?;
    let text = String::from_utf8(text).map_err(|_| ShareError::Malformed("it is not text"))?;
    read(&text)
}

/// Reads a share link's fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let fragment = unescaped_fragment(fragment);
    let body = fragment.strip_prefix(PREFIX).ok_or(ShareError::NotALink)?;
    if body.len() > MAX_LINK_BYTES {
        return Err(ShareError::TooLong);
    }
    let (version, payload) = body.split_once('.').unwrap_or((body, ""));
    if version != VERSION {
        let shown: String = version.chars().take(12).collect();
        return Err(ShareError::UnknownVersion(shown));
    }
    let compressed = base64url::decode(payload).ok_or_else(|| {
        // Only base64url characters, yet undecodable: the length is off, so the link was cut.
        if payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
        {
            ShareError::Corrupt
        } else {
            ShareError::NotBase64
        }
    })?;
    payload_from(&compressed)
}

/// One record's fields after its type, unescaped on demand.
struct Fields<'a>(Vec<&'a str>);

// The helpers stay out of line: `read` calls them at a dozen places, and inlined copies of
// number parsing would cost the page's bundle kilobytes.
impl Fields<'_> {
    #[inline(never)]
    fn text(&self, i: usize) -> Option<String> {
        self.0.get(i).filter(|f| !f.is_empty()).map(|f| unescape(f))
    }

    #[inline(never)]
    fn uint(&self, i: usize) -> Result<usize, ShareError> {
        self.0
            .get(i)
            .and_then(|f| f.parse().ok())
            .ok_or(ShareError::Malformed(
                "a number is missing or is not a number",
            ))
    }

    fn flag(&self, i: usize) -> bool {
        self.0.get(i) == Some(&"1")
    }
}

/// A position from a line and UTF-16 column at `at`, `at + 1`; a full report also has the byte
/// offset and byte column at `full`, `full + 1` (a link does not: they repeat the UTF-16 column).
#[inline(never)]
fn position(f: &Fields, at: usize, full: usize) -> Result<Position, ShareError> {
    let line = f.uint(at)?.max(1);
    let column_utf16 = f.uint(at + 1)?.max(1);
    Ok(Position {
        offset: f.uint(full).unwrap_or(0),
        line,
        column: f.uint(full + 1).unwrap_or(column_utf16),
        column_utf16,
    })
}

fn read(payload: &str) -> Result<Shared, ShareError> {
    let mut kind = None;
    let mut catalogue = None;
    let mut grade = None;
    let mut scores = Vec::new();
    let mut report = Report::default();
    let mut unknown_rules = 0;
    let mut applicable_known = false;
    // Whether the last finding record was kept (an `implies` record belongs to it).
    let mut last_kept = false;
    let (mut name, mut redacted, mut text) = (None, false, None);
    // Findings name their file by index; files come first, but do not rely on it.
    let mut finding_files = Vec::new();
    let mut error_files = Vec::new();
    for line in payload.split('\n').filter(|l| !l.is_empty()) {
        let mut parts = line.split('\t');
        let record = parts.next().unwrap_or("");
        let f = Fields(parts.collect());
        match record {
            "kind" => kind = f.text(0),
            "catalogue" => catalogue = f.text(0).map(|c| c.chars().take(40).collect::<String>()),
            "grade" => grade = f.text(0),
            "score" => {
                let value = match f.0.first() {
                    Some(&"-") => None,
                    _ => Some(
                        f.uint(0)
                            .ok()
                            .filter(|v| *v <= 100)
                            .ok_or(ShareError::Malformed("a score is not between 0 and 100"))?
                            as u8,
                    ),
                };
                scores.push(Score {
                    score: value,
                    checks: f.uint(1)?,
                    failed: f.uint(2)?,
                });
            }
            "file" => report.files.push(FileSummary {
                name: f
                    .text(0)
                    .ok_or(ShareError::Malformed("a file has no name"))?,
                documents: f.uint(1)?,
                resources: f.uint(2)?,
                lines: f.uint(3)?,
            }),
            "applicable" => {
                applicable_known = true;
                for pair in f.0.chunks(2) {
                    let [id, n] = pair else { continue };
                    if let (Some(rule), Ok(n)) = (
                        rules::find(id).filter(|r| r.meta.id == *id),
                        n.parse::<usize>(),
                    ) {
                        report.applicable.insert(rule.meta.id, n);
                    }
                }
            }
            "finding" => {
                let id = f.text(0).unwrap_or_default();
                let Some(rule) = rules::find(&id).filter(|r| r.meta.id == id) else {
                    unknown_rules += 1;
                    last_kept = false;
                    continue;
                };
                last_kept = true;
                let m = &rule.meta;
                finding_files.push(f.uint(1)?);
                report.findings.push(Finding {
                    rule_id: m.id,
                    rule_slug: m.slug,
                    severity: m.severity,
                    title: m.title,
                    message: f.text(10).unwrap_or_default(),
                    file: String::new(),
                    span: Span {
                        start: position(&f, 2, 13)?,
                        end: position(&f, 4, 15)?,
                    },
                    suppressed: f.flag(6).then(|| {
                        f.text(12).unwrap_or_else(|| {
                            "suppressed by the sender (reason not shared)".to_string()
                        })
                    }),
                    resource: f.text(7),
                    container: f.text(8),
                    path: f.text(17).unwrap_or_default().into(),
                    context: f.text(9),
                    evidence: f.text(11),
                    implies: Vec::new(),
                });
            }
            "implies" if last_kept => {
                if let Some(last) = report.findings.last_mut() {
                    last.implies =
                        f.0.iter()
                            .filter_map(|id| rules::find(id).filter(|r| r.meta.id == *id))
                            .map(|r| r.meta.id)
                            .collect();
                    let rule = rules::find(last.rule_id).expect("a kept finding's rule");
                    last.severity = rules::folded_severity(&rule.meta, &last.implies);
                }
            }
            "error" => {
                error_files.push(f.uint(0)?);
                let at = position(&f, 1, 4)?;
                report.errors.push(InputError {
                    file: String::new(),
                    span: Span { start: at, end: at },
                    message: f.text(3).unwrap_or_default(),
                });
            }
            "name" => name = f.text(0),
            "redacted" => redacted = f.flag(0),
            "text" => text = Some(f.text(0).unwrap_or_default()),
            _ => {}
        }
    }
    let catalogue = catalogue.ok_or(ShareError::Malformed(
        "the rule-catalogue version is missing",
    ))?;
    match kind.as_deref() {
        Some("config") => Ok(Shared::Config(SharedConfig {
            catalogue,
            name: link_name(name.as_deref().unwrap_or("")),
            text: text.ok_or(ShareError::Malformed("the config text is missing"))?,
            redacted,
        })),
        Some("results") => {
            let file_name = |i: usize| {
                report
                    .files
                    .get(i)
                    .map_or_else(|| "shared.yaml".to_string(), |f| f.name.clone())
            };
            for (f, i) in report.findings.iter_mut().zip(finding_files) {
                f.file = file_name(i);
            }
            for (e, i) in report.errors.iter_mut().zip(error_files) {
                e.file = file_name(i);
            }
            if scores.len() != Principle::ALL.len() + Pillar::ALL.len() + 1 {
                return Err(ShareError::Malformed(
                    "the scorecard has the wrong number of scores",
                ));
            }
            let grade = match grade.as_deref() {
                Some("-") => None,
                g => Some(
                    g.and_then(|g| g.chars().next())
                        .filter(|g| "ABCDF".contains(*g))
                        .ok_or(ShareError::Malformed(
                            "the grade is not A, B, C, D, F or - (not graded)",
                        ))?,
                ),
            };
            let not_graded = grade.is_none().then(|| not_graded_reason(&report));
            let overall = scores[13];
            Ok(Shared::Results(SharedResults {
                catalogue,
                scorecard: Scorecard {
                    principles: Principle::ALL
                        .into_iter()
                        .zip(scores.iter().copied())
                        .collect(),
                    pillars: Pillar::ALL
                        .into_iter()
                        .zip(scores[7..].iter().copied())
                        .collect(),
                    overall,
                    grade,
                    not_graded,
                },
                report,
                unknown_rules,
                applicable_known,
            }))
        }
        _ => Err(ShareError::Malformed("it says neither results nor config")),
    }
}

#[cfg(test)]
mod tests;
