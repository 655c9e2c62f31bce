//! The one place the page calls the engine. Times the check with the browser's clock.

use posture_engine::{check, Input, Report};

/// What the page shows for one check.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub report: std::rc::Rc<ReportEq>,
    pub millis: f64,
}

/// `Report` wrapped so Yew can compare outcomes cheaply (by identity).
#[derive(Debug)]
pub struct ReportEq(pub Report);

impl PartialEq for ReportEq {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The name findings carry for pasted text.
pub const PASTED: &str = "pasted.yaml";

pub fn run(text: &str) -> Outcome {
    let started = now();
    let report = check(&[Input { name: PASTED, text }]);
    Outcome {
        report: std::rc::Rc::new(ReportEq(report)),
        millis: now() - started,
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
