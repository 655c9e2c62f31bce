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
    #[serde(flatten)]
    report: &'a Report,
}

pub fn render(report: &Report) -> String {
    let envelope = Envelope {
        tool: "posture",
        version: env!("CARGO_PKG_VERSION"),
        catalogue: CATALOGUE_VERSION,
        scorecard: scorecard(report),
        report,
    };
    serde_json::to_string_pretty(&envelope).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
