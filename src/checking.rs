//! The one place the page calls the engine. Times the check with the browser's clock.

use std::rc::Rc;

use posture_engine::fix::{self, Fix};
use posture_engine::score::{scorecard, Scorecard};
use posture_engine::{check_with_options, Input, Options, Report, Rule};

use crate::worker::BACKGROUND_BYTES;

/// What the page shows for one check.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub report: Rc<ReportEq>,
    pub scorecard: Rc<Scorecard>,
    pub millis: f64,
    /// Checked by the worker rather than on the page.
    pub in_background: bool,
}

/// `Report` wrapped so Yew can compare outcomes cheaply: each check gets a new generation
/// number. (Comparing addresses is not enough: a new report can reuse a freed one's address.)
/// The third part is the fixes the findings offer, when this check computed them.
#[derive(Debug)]
pub struct ReportEq(pub Report, pub u64, pub Option<Fixes>);

/// The fixes of one check: the text they edit, and each finding's fix (by finding index).
#[derive(Debug)]
pub struct Fixes {
    pub text: Rc<str>,
    pub of: Vec<Option<Rc<Fix>>>,
}

impl PartialEq for ReportEq {
    fn eq(&self, other: &Self) -> bool {
        self.1 == other.1
    }
}

thread_local! {
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The name findings carry for pasted text.
pub const PASTED: &str = "pasted.yaml";

fn next_generation() -> u64 {
    GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    })
}

/// Checks `text` (called `name` in findings) with `rules` (all of them, or an embedding site's
/// selection) and `options` (the Pod Security Standards version chosen on the page). Inputs
/// below the worker's size get their fixes in the same pass; larger ones only from the CLI.
pub fn run(text: &str, name: &str, rules: &[&'static Rule], options: &Options) -> Outcome {
    let started = now();
    let input = Input { name, text };
    let (report, fixes) = if text.len() < BACKGROUND_BYTES {
        let (mut report, found) = fix::fixes(&input, rules, options);
        // The order check_with_options gives (one file, so by offset, then rule).
        report.findings.sort_by(|a, b| {
            (a.span.start.offset, a.rule_id).cmp(&(b.span.start.offset, b.rule_id))
        });
        let fixes = by_finding(&report, found, text);
        (report, Some(fixes))
    } else {
        (check_with_options(&[input], rules, options), None)
    };
    let card = scorecard(&report);
    Outcome {
        report: Rc::new(ReportEq(report, next_generation(), fixes)),
        scorecard: Rc::new(card),
        millis: now() - started,
        in_background: false,
    }
}

impl Outcome {
    /// Nothing checked yet (generation 0, which no check ever gets).
    pub fn empty() -> Outcome {
        let report = Report::default();
        let card = scorecard(&report);
        Outcome {
            report: Rc::new(ReportEq(report, 0, None)),
            scorecard: Rc::new(card),
            millis: 0.0,
            in_background: false,
        }
    }

    /// Results that arrived in a share link: shown as sent, not checked here.
    pub fn shared(report: Report, card: Scorecard) -> Outcome {
        Outcome::from_background(report, card, 0.0)
    }

    /// A report the checking worker made.
    pub fn from_background(report: Report, card: Scorecard, millis: f64) -> Outcome {
        Outcome {
            report: Rc::new(ReportEq(report, next_generation(), None)),
            scorecard: Rc::new(card),
            millis,
            in_background: millis > 0.0,
        }
    }
}

/// Puts each fix at the index of its finding (findings sorted by offset, then rule).
fn by_finding(report: &Report, found: Vec<Fix>, text: &str) -> Fixes {
    let findings = &report.findings;
    let mut of = vec![None; findings.len()];
    for fix in found {
        let key = (fix.finding.span.start.offset, fix.finding.rule_id);
        let from = findings.partition_point(|f| (f.span.start.offset, f.rule_id) < key);
        let slot = (from..findings.len())
            .take_while(|i| (findings[*i].span.start.offset, findings[*i].rule_id) == key)
            .find(|i| of[*i].is_none() && findings[*i] == fix.finding);
        if let Some(i) = slot {
            of[i] = Some(Rc::new(fix));
        }
    }
    Fixes {
        text: text.into(),
        of,
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// UTF-16 offset of the start of each line, for selecting text in the text area.
pub fn utf16_line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut units = 0;
    for ch in text.chars() {
        units += ch.len_utf16();
        if ch == '\n' {
            starts.push(units);
        }
    }
    starts
}
