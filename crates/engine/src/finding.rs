//! What a check says, and where.

use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::model::Severity;
use crate::source::Span;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule_id: &'static str,
    pub rule_slug: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub message: String,
    /// The input this finding is in (file name, or `-` for standard input).
    pub file: String,
    pub span: Span,
    /// `Kind/namespace/name` of the resource, when the finding concerns one.
    pub resource: Option<String>,
    pub container: Option<String>,
    /// Where the reported node sits in its document, by keys and list items (named items by
    /// their `name`), e.g. `spec.containers[name=app].securityContext.privileged`; for a
    /// document inside a string, the string's path, ` > `, then the path inside it. Lines play
    /// no part, so it survives edits elsewhere (see [`crate::fingerprint`]). Shared: the
    /// findings of one input that have the same path hold one copy of it.
    #[serde(serialize_with = "as_str")]
    pub path: Arc<str>,
    /// The offending text, with secret values masked.
    pub evidence: Option<String>,
    /// For a finding inside a document embedded in a string: where that string sits, e.g.
    /// `pack kubernetes 1.29.4 → values`.
    pub context: Option<String>,
    /// The reason given when the finding was suppressed; suppressed findings stay in the
    /// report but do not count in scores or exit codes.
    pub suppressed: Option<String>,
    /// Other rules this one finding stands for as well, e.g. each power a wildcard RBAC rule
    /// grants. The finding takes the highest severity among its rule and these, and the
    /// scorecard counts each of them as failing, so folding never lifts a score.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub implies: Vec<&'static str>,
}

fn as_str<S: Serializer>(s: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(s)
}

impl Finding {
    /// The parts that identify this finding across edits.
    pub fn key(&self) -> crate::fingerprint::Key<'_> {
        crate::fingerprint::Key::of(self)
    }

    /// The fingerprint of [`Finding::key`] (32 hex digits).
    pub fn fingerprint(&self) -> String {
        self.key().fingerprint()
    }
}

/// A part of the input that could not be read, with its place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputError {
    pub file: String,
    pub span: Span,
    pub message: String,
}
