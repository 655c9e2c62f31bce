//! "Use as baseline": what changed between a kept result and the current one, by the engine's
//! `compare` (the fingerprints `posture compare` uses), kept as indexes so the state owns it.

use posture_engine::compare::{compare, Change, Files, Side};
use posture_engine::model::{Pillar, Principle};
use posture_engine::Finding;

use crate::checking::Outcome;

#[derive(Debug)]
pub struct Delta {
    /// The generations of the baseline and the current report this was made from.
    pub generations: (u64, u64),
    /// Indexes into the baseline's findings.
    pub fixed: Vec<usize>,
    /// Indexes into the current findings, ascending.
    pub new: Vec<usize>,
    pub unchanged: usize,
    pub suppressed: usize,
    pub principles: Vec<Change<Principle>>,
    pub pillars: Vec<Change<Pillar>>,
    pub overall: Change<()>,
    /// Why the baseline, and the current result, are not graded (`None`: graded).
    pub not_graded: (Option<&'static str>, Option<&'static str>),
}

/// Equal when made from the same two reports.
impl PartialEq for Delta {
    fn eq(&self, other: &Self) -> bool {
        self.generations == other.generations
    }
}

fn side(o: &Outcome) -> Side<'_> {
    Side {
        report: &o.report.0,
        scorecard: &o.scorecard,
    }
}

/// The positions in `all` of the findings in `some`, which borrows them from `all`: read from
/// their addresses (no hashing code for a set of findings in the bundle).
fn positions(all: &[Finding], some: &[&Finding]) -> Vec<usize> {
    let start = all.as_ptr() as usize;
    let size = std::mem::size_of::<Finding>().max(1);
    let mut out: Vec<usize> = some
        .iter()
        .map(|f| (*f as *const Finding as usize).wrapping_sub(start) / size)
        .filter(|i| *i < all.len())
        .collect();
    out.sort_unstable();
    out
}

impl Delta {
    /// The page checks one text, so the two sides are two versions of one file.
    pub fn between(old: &Outcome, new: &Outcome) -> Delta {
        let (before, after) = (&old.report.0, &new.report.0);
        let c = compare(side(old), side(new), Files::OneFile);
        Delta {
            generations: (old.report.1, new.report.1),
            fixed: positions(&before.findings, &c.fixed),
            new: positions(&after.findings, &c.new),
            unchanged: c.unchanged.len(),
            suppressed: c.suppressed.len(),
            principles: c.principles,
            pillars: c.pillars,
            overall: c.overall,
            not_graded: c.not_graded,
        }
    }

    /// Whether the current finding at `index` is new since the baseline.
    pub fn is_new(&self, index: usize) -> bool {
        self.new.binary_search(&index).is_ok()
    }
}
