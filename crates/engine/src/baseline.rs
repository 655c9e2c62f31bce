//! Baselines: the findings a team has accepted for now, so that a check reports only what is
//! new.
//!
//! A baseline file lists the unsuppressed findings of a report by their fingerprint parts
//! (see [`crate::fingerprint`]). Checking against it gives each finding a state, named as
//! SARIF's `baselineState` names them: *new* (not in the baseline), *unchanged* (in it), and,
//! for baseline entries no finding matches any more, *absent*. Matching counts: a baseline
//! that holds a finding twice accepts two equal findings, not three.
//!
//! The file, version 1:
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": "posture",
//!   "findings": [
//!     { "fingerprint": "…32 hex digits…", "rule": "LP102", "file": "deploy/app.yaml",
//!       "resource": "Deployment/web/app", "container": "app",
//!       "path": "spec.template.spec.containers[name=app].securityContext.privileged" }
//!   ]
//! }
//! ```
//!
//! An entry for a finding that folds others in also lists them (`"implies": ["DF102", …]`,
//! left out when empty). When that finding is gone, a finding of each such rule on the same
//! container is unchanged, not new, as in [`crate::compare`]: it was accepted inside the
//! folding finding.
//!
//! Entries are sorted (file, resource, path, rule, container), so a rewritten baseline differs
//! from the old one only where findings did.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::fingerprint::Key;
use crate::report::Report;

/// The baseline file format version this engine writes and reads.
pub const VERSION: u64 = 1;

/// Baseline files larger than this are refused, which bounds what reading one costs (an entry
/// takes about 300 bytes, so this is some 200,000 accepted findings).
pub const MAX_BASELINE_BYTES: usize = 64 * 1024 * 1024;

/// One accepted finding. The parts are what matching reads; the fingerprint is derived from
/// them (and made again on reading, so a file path edited by hand, say after a move, stays
/// valid).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub fingerprint: String,
    pub rule: String,
    pub file: String,
    pub resource: Option<String>,
    pub container: Option<String>,
    pub path: String,
    /// The rules this finding folds in (see [`crate::Finding::implies`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implies: Vec<String>,
}

impl Entry {
    pub fn key(&self) -> Key<'_> {
        Key {
            rule: &self.rule,
            file: crate::fingerprint::normalize_file(&self.file),
            resource: self.resource.as_deref().unwrap_or(""),
            container: self.container.as_deref().unwrap_or(""),
            path: &self.path,
        }
    }

    fn order(&self) -> (&str, &str, &str, &str, &str) {
        let k = self.key();
        (k.file, k.resource, k.path, k.rule, k.container)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    pub entries: Vec<Entry>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    version: u64,
    tool: &'static str,
    findings: &'a [Entry],
}

#[derive(Deserialize)]
struct Header {
    version: Option<serde_json::Value>,
    tool: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct FileIn {
    findings: Vec<Entry>,
}

impl Baseline {
    /// The unsuppressed findings of a report, in a stable order. (A suppressed finding is
    /// already accepted where it is written; should its suppression go, it is new.)
    pub fn from_report(report: &Report) -> Baseline {
        let mut entries: Vec<Entry> = report
            .active()
            .map(|f| {
                let k = f.key();
                Entry {
                    fingerprint: k.fingerprint(),
                    rule: k.rule.to_string(),
                    file: k.file.to_string(),
                    resource: f.resource.clone(),
                    container: f.container.clone(),
                    path: f.path.to_string(),
                    implies: f.implies.iter().map(|r| r.to_string()).collect(),
                }
            })
            .collect();
        entries.sort_by(|a, b| a.order().cmp(&b.order()));
        Baseline { entries }
    }

    /// The baseline file, pretty-printed JSON ending in a line break.
    pub fn to_json(&self) -> String {
        let file = FileOut {
            version: VERSION,
            tool: "posture",
            findings: &self.entries,
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }

    /// Reads a baseline file, refusing anything that is not a version-1 Posture baseline with
    /// a reason a person can act on.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        if text.len() > MAX_BASELINE_BYTES {
            return Err(format!(
                "the baseline is larger than {} MiB",
                MAX_BASELINE_BYTES / 1024 / 1024
            ));
        }
        let header: Header = serde_json::from_str(text)
            .map_err(|e| format!("not a Posture baseline (not a JSON object: {e})"))?;
        if header.tool.as_ref().and_then(|t| t.as_str()) != Some("posture") {
            return Err("not a Posture baseline (no \"tool\": \"posture\")".to_string());
        }
        match header.version.as_ref().and_then(|v| v.as_u64()) {
            Some(VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "baseline version {v} is not supported (this posture reads version \
                     {VERSION}); write the baseline again with this posture"
                ))
            }
            None => return Err("the baseline has no numeric \"version\"".to_string()),
        }
        let mut file: FileIn =
            serde_json::from_str(text).map_err(|e| format!("malformed baseline: {e}"))?;
        for entry in &mut file.findings {
            entry.fingerprint = entry.key().fingerprint();
        }
        Ok(Baseline {
            entries: file.findings,
        })
    }
}

/// Where a finding stands against a baseline; the names are SARIF's `baselineState` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    New,
    Unchanged,
    /// A baseline entry that no finding matches any more.
    Absent,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Unchanged => "unchanged",
            State::Absent => "absent",
        }
    }
}

/// A report's findings set against a baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Classified<'b> {
    /// The state of each finding of the report, by index (`New` or `Unchanged`).
    pub states: Vec<State>,
    /// Baseline entries no finding matched, in baseline order.
    pub absent: Vec<&'b Entry>,
}

impl Classified<'_> {
    pub fn count(&self, state: State) -> usize {
        match state {
            State::Absent => self.absent.len(),
            s => self.states.iter().filter(|t| **t == s).count(),
        }
    }
}

/// Gives every finding of `report` its state against `baseline`. Unsuppressed findings are
/// matched first, so a suppressed copy never takes the place of an accepted one.
pub fn classify<'b>(report: &Report, baseline: &'b Baseline) -> Classified<'b> {
    // For each key, the baseline entries still unmatched (last first, popped from the end).
    let mut open: HashMap<Key<'_>, Vec<u32>> = HashMap::new();
    for (i, e) in baseline.entries.iter().enumerate().rev() {
        open.entry(e.key()).or_default().push(i as u32);
    }
    let mut matched = vec![false; baseline.entries.len()];
    let mut states = vec![State::New; report.findings.len()];
    let active_first = (0..report.findings.len())
        .filter(|&i| report.findings[i].suppressed.is_none())
        .chain((0..report.findings.len()).filter(|&i| report.findings[i].suppressed.is_some()));
    for i in active_first {
        if let Some(list) = open.get_mut(&report.findings[i].key()) {
            if let Some(at) = list.pop() {
                matched[at as usize] = true;
                states[i] = State::Unchanged;
            }
        }
    }
    // An entry that folded others in and is gone stands for one finding of each rule it
    // folded (as in `crate::compare`): such a new finding was accepted inside it.
    let mut lifted: HashMap<Key<'_>, Vec<u32>> = HashMap::new();
    for (e, _) in baseline.entries.iter().zip(&matched).filter(|(_, m)| !**m) {
        for rule in &e.implies {
            lifted.entry(e.key().folded(rule)).or_default().push(0);
        }
    }
    for (f, state) in report.findings.iter().zip(&mut states) {
        let key = f.key().folded(f.rule_id);
        if *state == State::New && lifted.get_mut(&key).and_then(Vec::pop).is_some() {
            *state = State::Unchanged;
        }
    }
    // And an entry that a new folding finding now stands for is not gone.
    let mut taken_in: HashMap<Key<'_>, Vec<u32>> = HashMap::new();
    for (f, state) in report.findings.iter().zip(&states) {
        if f.suppressed.is_none() && *state == State::New {
            for rule in &f.implies {
                taken_in.entry(f.key().folded(rule)).or_default().push(0);
            }
        }
    }
    let absent = baseline
        .entries
        .iter()
        .zip(&matched)
        .filter(|(e, m)| {
            let key = e.key().folded(&e.rule);
            !**m && taken_in.get_mut(&key).and_then(Vec::pop).is_none()
        })
        .map(|(e, _)| e)
        .collect();
    Classified { states, absent }
}
