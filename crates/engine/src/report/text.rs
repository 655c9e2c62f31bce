//! Plain text for terminals: one line per finding, `file:line:col`, the way compilers print.
//! Everything that comes from the input (file names, messages, resource and container names,
//! contexts, reasons) goes through [`safe`], so no input can forge a line or drive the terminal.

use std::fmt::Write;

use super::{escape_controls as safe, Report};
use crate::baseline::{Classified, State};
use crate::finding::Finding;
use crate::score::scorecard;

pub fn render(report: &Report) -> String {
    render_with_baseline(report, None)
}

/// Against a baseline, only new findings are listed, and a last line counts the new, the
/// accepted (unchanged) and the gone (absent) ones. Counts, scores and the grade stay those of
/// the whole input.
pub fn render_with_baseline(report: &Report, baseline: Option<&Classified>) -> String {
    let mut out = String::new();
    for e in &report.errors {
        let p = e.span.start;
        let _ = writeln!(
            out,
            "{}:{}:{}: error: {}",
            safe(&e.file),
            p.line,
            p.column,
            safe(&e.message)
        );
    }
    for (i, f) in report.findings.iter().enumerate() {
        if baseline.is_some_and(|b| b.states.get(i) == Some(&State::Unchanged)) {
            continue;
        }
        finding_line(&mut out, f);
        if let Some(reason) = &f.suppressed {
            let _ = write!(out, " (suppressed: {})", safe(reason));
        }
        out.push('\n');
    }
    for file in &report.not_evaluated {
        let _ = writeln!(
            out,
            "{}: not evaluated: it holds no configuration Posture checks",
            safe(file)
        );
    }
    let counts: Vec<String> = report
        .counts()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(sev, n)| format!("{n} {}", sev.as_str()))
        .collect();
    let active = report.active().count();
    let suppressed = report.findings.len() - active;
    let card = scorecard(report);
    let _ = writeln!(
        out,
        "{} finding{} ({}){} in {} document{}, {} resource{}{}; {}",
        active,
        plural(active),
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        },
        if suppressed > 0 {
            format!(", {suppressed} suppressed")
        } else {
            String::new()
        },
        report.documents(),
        plural(report.documents()),
        report.resources(),
        plural(report.resources()),
        match report.errors.len() {
            0 => String::new(),
            n => format!("; {n} input error{}", plural(n)),
        },
        match (card.grade, card.overall.score) {
            (Some(grade), Some(s)) => format!("grade {grade} ({s}/100)"),
            _ => format!(
                "not graded: {}",
                card.not_graded.unwrap_or("nothing was evaluated")
            ),
        }
    );
    if let Some(b) = baseline {
        let _ = writeln!(
            out,
            "baseline: {} new, {} unchanged (not listed), {} no longer found",
            b.count(State::New),
            b.count(State::Unchanged),
            b.count(State::Absent)
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A finding as one terminal line, without its end: place, severity, rule, message, resource
/// and where it sits in an embedding string. The check report and the comparison share it.
pub(crate) fn finding_line(out: &mut String, f: &Finding) {
    let p = f.span.start;
    let _ = write!(
        out,
        "{}:{}:{}: {} {} [{}] {}",
        safe(&f.file),
        p.line,
        p.column,
        f.severity.as_str(),
        f.rule_id,
        f.rule_slug,
        safe(&f.message)
    );
    if let Some(r) = &f.resource {
        let _ = write!(out, " ({}", safe(r));
        if let Some(c) = &f.container {
            let _ = write!(out, ", container {}", safe(c));
        }
        out.push(')');
    }
    if let Some(c) = &f.context {
        let _ = write!(out, " [in {}]", safe(c));
    }
}
