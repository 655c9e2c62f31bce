//! The one place the page calls the engine. Times the check with the browser's clock.

use std::rc::Rc;

use posture_engine::score::{scorecard, Scorecard};
use posture_engine::{check, Input, Report};

/// What the page shows for one check.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub report: Rc<ReportEq>,
    pub scorecard: Rc<Scorecard>,
    pub millis: f64,
}

/// `Report` wrapped so Yew can compare outcomes cheaply: each check gets a new generation
/// number. (Comparing addresses is not enough: a new report can reuse a freed one's address.)
#[derive(Debug)]
pub struct ReportEq(pub Report, pub u64);

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

pub fn run(text: &str) -> Outcome {
    let started = now();
    let report = check(&[Input { name: PASTED, text }]);
    let card = scorecard(&report);
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    Outcome {
        report: Rc::new(ReportEq(report, generation)),
        scorecard: Rc::new(card),
        millis: now() - started,
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
