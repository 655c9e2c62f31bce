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
//! standing for its missing seccomp filter) stands for one finding of each of those rules on
//! its container. When such a finding goes (no new finding matches it), removing
//! `privileged: true` say, the findings it stood for come out on their own: they were there
//! before, so they count as unchanged, not new. The other way round, old findings that a new
//! folding finding now stands for are not fixed; they are left out of the fixed list (the new
//! finding names them). Exact matches come first, so a fold that stays covers nothing.

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
    let (mut unmatched, mut unchanged) = (Vec::new(), Vec::new());
    for f in new.report.active() {
        if take(new_key(f)) {
            unchanged.push(f);
        } else {
            unmatched.push(f);
        }
    }
    let suppressed = new
        .report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some() && take(new_key(f)))
        .collect();
    // Folds that went (an old folding finding no new one matches) stand for one finding of
    // each rule they folded in: such a new finding is unchanged.
    let gone = olds.iter().zip(&matched).filter(|(_, m)| !**m);
    let mut lifted = folds(gone.map(|(f, _)| *f), old_key);
    let mut fresh = Vec::new();
    for f in unmatched {
        match cover(&mut lifted, new_key(f).folded(f.rule_id)) {
            true => unchanged.push(f),
            false => fresh.push(f),
        }
    }
    // New folds take in old findings of the rules they fold: those are not fixed.
    let mut taken_in = folds(fresh.iter().copied(), new_key);
    let fixed = olds
        .iter()
        .zip(&matched)
        .filter(|(f, m)| !**m && !cover(&mut taken_in, old_key(f).folded(f.rule_id)))
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

/// What the findings fold in, keyed as [`Key::folded`] keys them: one entry in the list per
/// finding a fold stands for.
fn folds<'a>(
    findings: impl Iterator<Item = &'a Finding>,
    key: impl Fn(&'a Finding) -> Key<'a>,
) -> HashMap<Key<'a>, Vec<usize>> {
    let mut out: HashMap<Key<'a>, Vec<usize>> = HashMap::new();
    for f in findings {
        for rule in &f.implies {
            out.entry(key(f).folded(rule)).or_default().push(0);
        }
    }
    out
}

/// Whether a fold in `folds` stands for a finding with this folded key; it then stands for
/// no other.
fn cover<'a>(folds: &mut HashMap<Key<'a>, Vec<usize>>, key: Key<'a>) -> bool {
    folds.get_mut(&key).and_then(Vec::pop).is_some()
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
