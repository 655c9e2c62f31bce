//! SARIF 2.1.0, shaped for GitHub code scanning: rule metadata with `security-severity` and
//! principle/pillar tags, results with exact regions (columns in UTF-16 code units). Every
//! result has a `partialFingerprints` entry (`postureFingerprint/v1`, see
//! [`crate::fingerprint`]); checked against a baseline, every result has a `baselineState`
//! and the baseline's findings that are gone follow as `absent` results without a region.

use std::fmt::Write as _;
use std::io::Write;

use serde::{Serialize, Serializer};

use super::{escape_controls, Report};
use crate::baseline::{Classified, Entry, State};
use crate::finding::Finding;
use crate::frameworks::{self, Framework};
use crate::rule::Rule;
use crate::rules::{self, CATALOGUE_VERSION};
use crate::source::Span;

/// Where a note about a whole file points: its first character.
const FILE_START: Span = Span {
    start: crate::source::Position {
        offset: 0,
        line: 1,
        column: 1,
        column_utf16: 1,
    },
    end: crate::source::Position {
        offset: 0,
        line: 1,
        column: 1,
        column_utf16: 1,
    },
};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

// The SARIF objects Posture writes, as typed structs (smaller in the page's bundle than building
// `serde_json::Value`s). Fields are in alphabetical order, as the earlier map-based output had them.

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    invocations: [Invocation<'a>; 1],
    results: Results<'a>,
    taxonomies: Vec<Taxonomy>,
    tool: Tool,
}

/// A compliance framework as a SARIF taxonomy: one taxon per control, so code scanning can
/// group results by control through each rule's `relationships`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Taxonomy {
    name: &'static str,
    short_description: Text<&'static str>,
    taxa: Vec<Taxon>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Taxon {
    id: &'static str,
    name: &'static str,
    short_description: Text<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Relationship {
    kinds: [&'static str; 1],
    target: Target,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Target {
    id: &'static str,
    index: usize,
    tool_component: ToolComponentRef,
}

#[derive(Serialize)]
struct ToolComponentRef {
    index: usize,
    name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    locations: [Location; 1],
    message: Text<std::borrow::Cow<'a, str>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<SarifRule>,
    semantic_version: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    level: &'static str,
    locations: [Location; 1],
    message: Text<String>,
    partial_fingerprints: PartialFingerprints,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression<'a>; 1]>,
}

#[derive(Serialize)]
struct PartialFingerprints {
    #[serde(rename = "postureFingerprint/v1")]
    v1: String,
}

#[derive(Serialize)]
struct Suppression<'a> {
    justification: std::borrow::Cow<'a, str>,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    /// None for a baseline finding that is gone: it has a file but no place any more.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    default_configuration: Level,
    full_description: Text<&'static str>,
    help: Help,
    id: &'static str,
    name: &'static str,
    properties: Properties,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relationships: Vec<Relationship>,
    short_description: Text<&'static str>,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Help {
    markdown: String,
    text: String,
}

#[derive(Serialize)]
struct Properties {
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    tags: Vec<String>,
}

pub fn render(report: &Report) -> String {
    render_with(report, rules::ALL)
}

pub fn render_with(report: &Report, catalogue: &[&Rule]) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and serde_json writes only UTF-8.
    let _ = write_with(report, catalogue, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the SARIF log to `out` as it is serialized: each result is built when its turn comes
/// and dropped after, so a report with a million findings never holds a second copy of them
/// (nor the whole text) in memory.
pub fn write(report: &Report, out: impl Write) -> std::io::Result<()> {
    write_with(report, rules::ALL, out)
}

pub fn write_with(report: &Report, catalogue: &[&Rule], out: impl Write) -> std::io::Result<()> {
    write_with_baseline(report, catalogue, None, out)
}

/// Writes the SARIF log with each result's `baselineState` against a baseline (see
/// [`crate::baseline::classify`]), the baseline's vanished findings as `absent` results.
pub fn write_with_baseline(
    report: &Report,
    catalogue: &[&Rule],
    baseline: Option<&Classified>,
    out: impl Write,
) -> std::io::Result<()> {
    write_log(report, catalogue, baseline, false, out)
}

/// The SARIF log; `serially` keeps a large one's results on this thread (the tests compare
/// the two ways).
pub(super) fn write_log(
    report: &Report,
    catalogue: &[&Rule],
    baseline: Option<&Classified>,
    serially: bool,
    out: impl Write,
) -> std::io::Result<()> {
    let count = report.findings.len() + baseline.map_or(0, |b| b.absent.len());
    let notifications = report
        .errors
        .iter()
        .map(|e| Notification {
            level: "error",
            locations: [location(&e.file, &e.span)],
            message: Text {
                text: escape_controls(&e.message),
            },
        })
        .chain(report.not_evaluated.iter().map(|file| Notification {
            level: "note",
            locations: [location(file, &FILE_START)],
            message: Text {
                text: std::borrow::Cow::Borrowed(
                    "Not evaluated: the file holds no configuration Posture checks.",
                ),
            },
        }))
        .collect();
    #[allow(unused_mut)] // Only the native build writes the results apart.
    let mut log = Log {
        schema: SCHEMA,
        runs: [Run {
            column_kind: "utf16CodeUnits",
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            results: Results {
                report,
                catalogue,
                baseline,
                range: 0..count,
            },
            taxonomies: cited()
                .map(|f| Taxonomy {
                    name: f.title,
                    short_description: Text {
                        text: f.description,
                    },
                    taxa: f
                        .controls
                        .iter()
                        .map(|c| Taxon {
                            id: c.id,
                            name: c.title,
                            short_description: Text { text: c.title },
                        })
                        .collect(),
                    version: f.version,
                })
                .collect(),
            tool: Tool {
                driver: Driver {
                    information_uri: "https://docs.spectrocloud.com/security/core-principles/",
                    name: "Posture",
                    rules: catalogue.iter().map(|r| rule(r)).collect(),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    version: CATALOGUE_VERSION,
                },
            },
        }],
        version: "2.1.0",
    };
    #[cfg(not(target_arch = "wasm32"))]
    if count > super::splice::CHUNK && !serially {
        let mut head = Vec::new();
        log.runs[0].results.range = 0..0;
        serde_json::to_writer_pretty(&mut head, &log)?;
        let results = &log.runs[0].results;
        return super::splice::write(&head, "results", 3, count, |r| results.items(r), out);
    }
    let _ = serially;
    serde_json::to_writer_pretty(out, &log).map_err(std::io::Error::from)
}

/// The results, serialized one finding at a time.
struct Results<'a> {
    report: &'a Report,
    catalogue: &'a [&'a Rule],
    baseline: Option<&'a Classified<'a>>,
    /// Which results to write: the findings by index, then the baseline's vanished entries.
    range: std::ops::Range<usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items(self.range.clone()))
    }
}

impl<'a> Results<'a> {
    /// The results in `range` (see [`Results::range`]).
    fn items(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = SarifResult<'a>> {
        let (report, catalogue, baseline) = (self.report, self.catalogue, self.baseline);
        // Looked up once, not once per finding: each rule's index, and each file's URI
        // (findings come grouped by file).
        let index: std::collections::HashMap<&str, usize> = catalogue
            .iter()
            .enumerate()
            .map(|(i, r)| (r.meta.id, i))
            .collect();
        let states = baseline.map(|b| &b.states);
        let mut last_uri: Option<(&str, String)> = None;
        let n = report.findings.len();
        let present = range.start.min(n)..range.end.min(n);
        let gone = range.start.max(n) - n..range.end.max(n) - n;
        let present = report.findings[present.clone()]
            .iter()
            .zip(present)
            .map(move |(f, i)| {
                let uri = match &last_uri {
                    Some((file, uri)) if *file == f.file => uri.clone(),
                    _ => {
                        let made = uri(&f.file);
                        last_uri = Some((&f.file, made.clone()));
                        made
                    }
                };
                SarifResult {
                    baseline_state: states.and_then(|s| s.get(i)).map(|s| s.as_str()),
                    ..result(f, index.get(f.rule_id).copied(), uri)
                }
            });
        let absent = baseline.map_or(&[][..], |b| &b.absent[gone]);
        present.chain(absent.iter().map(|e| absent_result(e, catalogue)))
    }
}

/// A baseline finding no longer present: where it was (file only) and what it was.
fn absent_result<'a>(e: &'a Entry, catalogue: &[&Rule]) -> SarifResult<'a> {
    let rule = rules::find(&e.rule);
    let mut message = format!(
        "No longer found (it was in the baseline): {}",
        rule.map_or(e.rule.as_str(), |r| r.meta.title)
    );
    if let Some(r) = &e.resource {
        message.push_str(&format!(". Resource: {r}"));
    }
    if !e.path.is_empty() {
        message.push_str(&format!(", at {}", e.path));
    }
    message.push('.');
    SarifResult {
        baseline_state: Some(State::Absent.as_str()),
        level: rule.map_or("warning", |r| r.meta.severity.sarif_level()),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(&e.file) },
                region: None,
            },
        }],
        message: Text {
            text: escape_controls(&message).into_owned(),
        },
        partial_fingerprints: PartialFingerprints {
            v1: e.fingerprint.clone(),
        },
        rule_id: &e.rule,
        rule_index: catalogue.iter().position(|r| r.meta.id == e.rule),
        suppressions: None,
    }
}

fn result(f: &Finding, rule_index: Option<usize>, uri: String) -> SarifResult<'_> {
    let extra = f.resource.as_ref().map_or(0, |r| r.len() + 32)
        + f.container.as_ref().map_or(0, String::len)
        + f.context.as_ref().map_or(0, |c| c.len() + 6);
    let mut message = String::with_capacity(f.message.len() + extra);
    message.push_str(&f.message);
    if let Some(r) = &f.resource {
        message.push_str(" Resource: ");
        message.push_str(r);
        if let Some(c) = &f.container {
            message.push_str(", container ");
            message.push_str(c);
        }
        message.push('.');
    }
    if let Some(c) = &f.context {
        message.push_str(" In ");
        message.push_str(c);
        message.push('.');
    }
    // Code scanning shows these texts to people: no control or bidi character from the input
    // reaches them as is.
    let message = match escape_controls(&message) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(escaped) => escaped,
    };
    SarifResult {
        baseline_state: None,
        level: f.severity.sarif_level(),
        locations: [location_at(uri, &f.span)],
        message: Text { text: message },
        partial_fingerprints: PartialFingerprints {
            v1: f.fingerprint(),
        },
        rule_id: f.rule_id,
        rule_index,
        suppressions: f.suppressed.as_deref().map(|reason| {
            [Suppression {
                justification: escape_controls(reason),
                kind: "inSource",
            }]
        }),
    }
}

/// The frameworks rules cite (the principles are tags already).
fn cited() -> impl Iterator<Item = &'static Framework> {
    frameworks::all()
        .iter()
        .filter(|f| !matches!(f.cite, frameworks::Cite::None))
}

/// The controls a rule evaluates, as references into `run.taxonomies`.
fn relationships(rule_id: &str) -> Vec<Relationship> {
    let mut out = Vec::new();
    for (t, f) in cited().enumerate() {
        for (i, c) in f.controls.iter().enumerate() {
            if c.rules().iter().any(|r| r.rule == rule_id) {
                out.push(Relationship {
                    kinds: ["relevant"],
                    target: Target {
                        id: c.id,
                        index: i,
                        tool_component: ToolComponentRef {
                            index: t,
                            name: f.title,
                        },
                    },
                });
            }
        }
    }
    out
}

fn rule(rule: &Rule) -> SarifRule {
    let m = &rule.meta;
    let mut tags = vec![
        "security".to_string(),
        format!("principle:{}", m.principle.title()),
    ];
    tags.extend(m.pillars.iter().map(|p| format!("pillar:{}", p.title())));
    let references = crate::frameworks::references(m);
    let references = if references.is_empty() {
        String::new()
    } else {
        format!("\n\nReferences: {}.", references.join("; "))
    };
    SarifRule {
        default_configuration: Level {
            level: m.severity.sarif_level(),
        },
        full_description: Text { text: m.rationale },
        help: Help {
            markdown: format!(
                "{}\n\n```yaml\n{}\n```{}",
                m.remediation, m.fix_snippet, references
            ),
            text: format!("{}\n\n{}{}", m.remediation, m.fix_snippet, references),
        },
        id: m.id,
        name: m.slug,
        properties: Properties {
            precision: "high",
            problem_severity: m.severity.sarif_level(),
            security_severity: m.security_severity,
            tags,
        },
        relationships: relationships(m.id),
        short_description: Text { text: m.title },
    }
}

fn location(file: &str, span: &Span) -> Location {
    location_at(uri(file), span)
}

fn location_at(uri: String, span: &Span) -> Location {
    let end_column = if span.end.line == span.start.line {
        span.end.column_utf16.max(span.start.column_utf16)
    } else {
        span.end.column_utf16
    };
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri },
            region: Some(Region {
                end_column,
                end_line: span.end.line,
                start_column: span.start.column_utf16,
                start_line: span.start.line,
            }),
        },
    }
}

/// A relative URI reference for a file path: unreserved characters and `/` stay, the rest is
/// percent-encoded. Standard input is called `stdin`.
fn uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}
