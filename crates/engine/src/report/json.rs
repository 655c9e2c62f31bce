//! JSON: the report as data, for scripts and the page's export.

use serde::Serialize;

use super::Report;
use crate::rules::CATALOGUE_VERSION;
use crate::score::{scorecard, Scorecard};

#[derive(Serialize)]
struct Envelope<'a> {
    tool: &'static str,
    version: &'static str,
    catalogue: &'static str,
    scorecard: Scorecard,
    /// Per-control statuses, when frameworks were asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    frameworks: Vec<super::frameworks::AssessmentView>,
    #[serde(flatten)]
    report: &'a Report,
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
    write_with_frameworks(report, &[], out)
}

/// [`write`] with a `frameworks` section: each assessment's per-control statuses.
pub fn write_with_frameworks(
    report: &Report,
    assessments: &[crate::frameworks::Assessment],
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let envelope = Envelope {
        tool: "posture",
        version: env!("CARGO_PKG_VERSION"),
        catalogue: CATALOGUE_VERSION,
        scorecard: scorecard(report),
        frameworks: assessments.iter().map(super::frameworks::view).collect(),
        report,
    };
    serde_json::to_writer_pretty(out, &envelope).map_err(std::io::Error::from)
}
