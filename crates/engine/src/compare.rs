//! Two reports side by side: which findings were fixed, which are new, which stayed, and how
//! each score moved. The CLI's `posture compare` and the page's "Use as baseline" both call
//! [`compare`] with two reports and their scorecards; renderers are in
//! [`crate::report::comparison`].
//!
//! Findings are matched by their fingerprint parts ([`crate::fingerprint::Key`]), counting
//! repeats: two equal findings before and three after make one new. Only unsuppressed findings
//! take part, except that an old finding matched by a now-suppressed one is listed as
//! suppressed rather than fixed.
//!
//! A finding that folds others in ([`Finding::implies`], e.g. a privileged container's LP102
//! standing for its missing seccomp filter) covers the findings of those rules on its
//! container. Removing `privileged: true` brings them out as findings of their own: they were
//! there before, so they count as unchanged, not new. The other way round, findings that a
//! new fold now covers are not fixed; they are left out of the fixed list (the new finding
//! names them).

use std::collections::HashMap;

use crate::finding::Finding;
use crate::fingerprint::Key;
use crate::model::{Pillar, Principle};
use crate::report::Report;
use crate::score::{Score, Scorecard};

/// One side of a comparison.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub report: &'a Report,
    pub scorecard: &'a Scorecard,
}

/// How the files of the two sides correspond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Files<'s> {
    /// By their names as the reports have them (two runs over the same paths).
    SameNames,
    /// Each side is one file, and the two are versions of it whatever their names.
    OneFile,
    /// By their paths below a directory named on each side (`old/a.yaml` is `new/a.yaml`).
    Below { old: &'s str, new: &'s str },
}

impl Files<'_> {
    fn name<'f>(&self, file: &'f str, old: bool) -> &'f str {
        match self {
            Files::SameNames => file,
            Files::OneFile => "",
            Files::Below { old: o, new: n } => {
                let root = crate::fingerprint::normalize_file(if old { o } else { n });
                let file = crate::fingerprint::normalize_file(file);
                let root = root.trim_end_matches('/');
                if root.is_empty() || root == "." {
                    return file;
                }
                file.strip_prefix(root)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .unwrap_or(file)
            }
        }
    }
}

/// A score before and after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change<T> {
    pub what: T,
    pub old: Score,
    pub new: Score,
}

impl<T> Change<T> {
    /// New score less old, when both were scored.
    pub fn delta(&self) -> Option<i16> {
        Some(i16::from(self.new.score?) - i16::from(self.old.score?))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison<'a> {
    /// Old findings that no new finding matches (from the old report).
    pub fixed: Vec<&'a Finding>,
    /// New findings that no old finding matches (from the new report).
    pub new: Vec<&'a Finding>,
    /// New findings that an old one matches (from the new report).
    pub unchanged: Vec<&'a Finding>,
    /// Old findings now suppressed where they are written (from the new report).
    pub suppressed: Vec<&'a Finding>,
    pub principles: Vec<Change<Principle>>,
    pub pillars: Vec<Change<Pillar>>,
    pub overall: Change<()>,
    /// The grades before and after; `None` is "not graded".
    pub grade: (Option<char>, Option<char>),
    /// Why a side is not graded.
    pub not_graded: (Option<&'static str>, Option<&'static str>),
    /// Input errors on each side: a side with errors was not read in full.
    pub errors: (usize, usize),
}

impl Comparison<'_> {
    /// True if a new finding is at or above `threshold` (what `--fail-on` asks).
    pub fn has_new_at_or_above(&self, threshold: crate::Severity) -> bool {
        self.new.iter().any(|f| f.severity >= threshold)
    }
}

pub fn compare<'a>(old: Side<'a>, new: Side<'a>, files: Files) -> Comparison<'a> {
    let old_key = |f: &'a Finding| f.key().in_file(files.name(&f.file, true));
    let new_key = |f: &'a Finding| f.key().in_file(files.name(&f.file, false));
    let olds: Vec<&'a Finding> = old.report.active().collect();
    // Old findings not yet matched, by key, as indexes into `olds`; the earliest is popped
    // first.
    let mut open: HashMap<Key<'a>, Vec<usize>> = HashMap::new();
    for (i, f) in olds.iter().enumerate().rev() {
        open.entry(old_key(f)).or_default().push(i);
    }
    let mut matched = vec![false; olds.len()];
    let mut take = |key: Key<'a>| match open.get_mut(&key).and_then(Vec::pop) {
        Some(i) => {
            matched[i] = true;
            true
        }
        None => false,
    };
    let old_folds = folds(olds.iter().copied(), old_key);
    let new_folds = folds(new.report.active(), new_key);
    let (mut fresh, mut unchanged) = (Vec::new(), Vec::new());
    for f in new.report.active() {
        if take(new_key(f)) || old_folds.contains_key(&new_key(f).folded(f.rule_id)) {
            unchanged.push(f);
        } else {
            fresh.push(f);
        }
    }
    let suppressed = new
        .report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some() && take(new_key(f)))
        .collect();
    let fixed = olds
        .iter()
        .zip(&matched)
        .filter(|(f, m)| !**m && !new_folds.contains_key(&old_key(f).folded(f.rule_id)))
        .map(|(f, _)| *f)
        .collect();
    let (o, n) = (old.scorecard, new.scorecard);
    Comparison {
        fixed,
        new: fresh,
        unchanged,
        suppressed,
        principles: changes(&o.principles, &n.principles),
        pillars: changes(&o.pillars, &n.pillars),
        overall: Change {
            what: (),
            old: o.overall,
            new: n.overall,
        },
        grade: (o.grade, n.grade),
        not_graded: (o.not_graded, n.not_graded),
        errors: (old.report.errors.len(), new.report.errors.len()),
    }
}

/// What the findings fold in, keyed as [`Key::folded`] keys them.
fn folds<'a>(
    findings: impl Iterator<Item = &'a Finding>,
    key: impl Fn(&'a Finding) -> Key<'a>,
) -> HashMap<Key<'a>, Vec<usize>> {
    let mut out: HashMap<Key<'a>, Vec<usize>> = HashMap::new();
    for f in findings {
        for rule in &f.implies {
            out.entry(key(f).folded(rule)).or_default();
        }
    }
    out
}

/// Pairs the scores of each principle (or pillar) of the two scorecards, in the old one's
/// order; one missing on a side counts as not scored there.
fn changes<T: Copy + PartialEq>(old: &[(T, Score)], new: &[(T, Score)]) -> Vec<Change<T>> {
    old.iter()
        .map(|(what, o)| Change {
            what: *what,
            old: *o,
            new: new
                .iter()
                .find(|(w, _)| w == what)
                .map(|(_, s)| *s)
                .unwrap_or_default(),
        })
        .collect()
}
