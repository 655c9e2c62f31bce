//! The report: findings and errors of every input, and the formats that render it.
//! Every output (page, terminal, SARIF, JSON, Markdown) renders this same data.

pub mod catalogue;
pub mod json;
pub mod markdown;
pub mod read;
pub mod sarif;
pub mod text;

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
}

impl Report {
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
