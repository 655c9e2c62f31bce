//! The one place the page calls the engine. Times the check with the browser's clock.

use std::rc::Rc;

use posture_engine::config::{Config, ConfigError};
use posture_engine::fix::{self, Fix};
use posture_engine::score::{scorecard, Scorecard};
use posture_engine::{check_with_options, Input, Options, Report, Rule};

use crate::worker::BACKGROUND_BYTES;

/// The settings file (`.posture.yaml`) given to the page, as typed and as read.
#[derive(Debug)]
pub struct Settings {
    pub text: Rc<str>,
    pub read: Result<Config, Vec<ConfigError>>,
}

impl Settings {
    pub fn new(text: &str) -> Settings {
        Settings {
            text: text.into(),
            read: Config::parse(text),
        }
    }

    /// The config the checks apply: none when the text is blank or has mistakes.
    pub fn config(&self) -> Option<&Config> {
        if self.text.trim().is_empty() {
            return None;
        }
        self.read.as_ref().ok()
    }
}

/// Equal when the text is: the reading follows from it.
impl PartialEq for Settings {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// The rules `posture check` would run on a file called `name` with this settings file.
pub fn chosen(rules: &[&'static Rule], config: Option<&Config>, name: &str) -> Vec<&'static Rule> {
    let mut chosen = rules.to_vec();
    if let Some(c) = config {
        chosen.retain(|r| c.runs(r.meta.id, name));
    }
    chosen
}

/// The report for `text` as `posture check` makes it with the same settings file: only the
/// rules it runs on this file, with its severities. Shared by the page and the worker.
pub fn report(
    name: &str,
    text: &str,
    rules: &[&'static Rule],
    options: &Options,
    config: Option<&Config>,
) -> Report {
    let chosen = chosen(rules, config, name);
    let mut report = check_with_options(&[Input { name, text }], &chosen, options);
    if let Some(c) = config {
        c.set_severities(&mut report);
    }
    report
}

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
/// selection), `options` (the Pod Security Standards version and level) and the settings file.
/// Inputs below the worker's size get their fixes in the same pass; larger ones only from the
/// CLI.
pub fn run(
    text: &str,
    name: &str,
    rules: &[&'static Rule],
    options: &Options,
    config: Option<&Config>,
) -> Outcome {
    let started = now();
    if text.len() >= BACKGROUND_BYTES {
        let report = report(name, text, rules, options, config);
        return Outcome::made(report, None, started);
    }
    let chosen = chosen(rules, config, name);
    let (mut report, found) = fix::fixes(&Input { name, text }, &chosen, options);
    // The order check_with_options gives (one file, so by offset, then rule).
    report
        .findings
        .sort_by(|a, b| (a.span.start.offset, a.rule_id).cmp(&(b.span.start.offset, b.rule_id)));
    if let Some(c) = config {
        c.set_severities(&mut report);
    }
    let fixes = by_finding(&report, found, text);
    Outcome::made(report, Some(fixes), started)
}

impl Outcome {
    fn made(report: Report, fixes: Option<Fixes>, started: f64) -> Outcome {
        let card = scorecard(&report);
        Outcome {
            report: Rc::new(ReportEq(report, next_generation(), fixes)),
            scorecard: Rc::new(card),
            millis: now() - started,
            in_background: false,
        }
    }

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
