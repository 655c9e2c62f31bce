//! JSON: the report as data, for scripts and the page's export. Every finding carries its
//! `path` and `fingerprint` (see [`crate::fingerprint`]); checked against a baseline, each
//! also has a `baseline_state` (`new` or `unchanged`) and the baseline entries no finding
//! matches any more are listed under `absent`.

use serde::{Serialize, Serializer};

use super::{FileSummary, Report};
use crate::baseline::{Classified, Entry};
use crate::finding::{Finding, InputError};
use crate::rules::CATALOGUE_VERSION;
use crate::score::{scorecard, Scorecard};

#[derive(Serialize)]
struct Envelope<'a> {
    tool: &'static str,
    version: &'static str,
    catalogue: &'static str,
    scorecard: Scorecard,
    files: &'a [FileSummary],
    findings: Findings<'a>,
    errors: &'a [InputError],
    /// Walked files that hold no configuration Posture knows, named once each.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    not_evaluated: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    absent: Option<&'a [&'a Entry]>,
    /// Per-control statuses, when frameworks were asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    frameworks: Vec<super::frameworks::AssessmentView>,
}

/// A finding as JSON shows it: its own fields, then what is derived from them.
#[derive(Serialize)]
pub(crate) struct FindingOut<'a> {
    #[serde(flatten)]
    pub finding: &'a Finding,
    pub fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_state: Option<&'static str>,
}

impl<'a> FindingOut<'a> {
    pub fn new(finding: &'a Finding) -> Self {
        FindingOut {
            finding,
            fingerprint: finding.fingerprint(),
            baseline_state: None,
        }
    }
}

/// The findings, serialized one at a time (each fingerprint is made when its turn comes).
struct Findings<'a> {
    report: &'a Report,
    baseline: Option<&'a Classified<'a>>,
    /// Which findings to write, by index.
    range: std::ops::Range<usize>,
}

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items(self.range.clone()))
    }
}

impl<'a> Findings<'a> {
    fn items(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = FindingOut<'a>> {
        let baseline = self.baseline;
        self.report.findings[range.clone()]
            .iter()
            .zip(range)
            .map(move |(f, i)| FindingOut {
                baseline_state: baseline.and_then(|b| b.states.get(i)).map(|s| s.as_str()),
                ..FindingOut::new(f)
            })
    }
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    match write(report, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\":\"{e}\"}}"),
    }
}

/// Writes the report to `out` as it is serialized, without holding the whole text.
pub fn write(report: &Report, out: impl std::io::Write) -> std::io::Result<()> {
    write_with(report, None, &[], out)
}

/// [`write`] with each finding's state against a baseline (see
/// [`crate::baseline::classify`]) and a `frameworks` section with each assessment's
/// per-control statuses.
pub fn write_with(
    report: &Report,
    baseline: Option<&Classified>,
    assessments: &[crate::frameworks::Assessment],
    out: impl std::io::Write,
) -> std::io::Result<()> {
    write_envelope(report, baseline, assessments, false, out)
}

/// The report; `serially` keeps a large one's findings on this thread (the tests compare the
/// two ways).
pub(super) fn write_envelope(
    report: &Report,
    baseline: Option<&Classified>,
    assessments: &[crate::frameworks::Assessment],
    serially: bool,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let count = report.findings.len();
    #[allow(unused_mut)] // Only the native build writes the findings apart.
    let mut envelope = Envelope {
        tool: "posture",
        version: env!("CARGO_PKG_VERSION"),
        catalogue: CATALOGUE_VERSION,
        scorecard: scorecard(report),
        files: &report.files,
        findings: Findings {
            report,
            baseline,
            range: 0..count,
        },
        errors: &report.errors,
        not_evaluated: &report.not_evaluated,
        absent: baseline.map(|b| b.absent.as_slice()),
        frameworks: assessments.iter().map(super::frameworks::view).collect(),
    };
    #[cfg(not(target_arch = "wasm32"))]
    if count > super::splice::CHUNK && !serially {
        let mut head = Vec::new();
        envelope.findings.range = 0..0;
        serde_json::to_writer_pretty(&mut head, &envelope)?;
        let findings = &envelope.findings;
        return super::splice::write(&head, "findings", 1, count, |r| findings.items(r), out);
    }
    let _ = serially;
    serde_json::to_writer_pretty(out, &envelope).map_err(std::io::Error::from)
}
