//! Markdown: a summary ready to paste into a pull-request comment.

use std::fmt::Write;

use super::{escape_controls, Report};
use crate::baseline::{Classified, State};
use crate::score::scorecard;

pub fn render(report: &Report) -> String {
    render_with_baseline(report, None)
}

/// Against a baseline, the table lists only new findings, after a line that counts the new,
/// accepted and gone ones.
pub fn render_with_baseline(report: &Report, baseline: Option<&Classified>) -> String {
    let mut out = String::from("## Posture security check\n\n");
    let card = scorecard(report);
    let _ = match (card.grade, card.overall.score) {
        (Some(grade), Some(s)) => writeln!(out, "**Grade {grade}** — {s}/100\n"),
        _ => writeln!(
            out,
            "**Not graded**: {}.\n",
            card.not_graded.unwrap_or("nothing was evaluated")
        ),
    };
    out.push_str("| Principle | Score | Failed checks |\n|---|---|---|\n");
    for (principle, score) in &card.principles {
        let shown = score.score.map_or("n/a".to_string(), |s| s.to_string());
        let _ = writeln!(
            out,
            "| {} | {} | {} of {} |",
            principle.title(),
            shown,
            score.failed,
            score.checks
        );
    }
    out.push('\n');
    let counts: Vec<String> = report
        .counts()
        .iter()
        .map(|(sev, n)| format!("{} {}", n, sev.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "{} finding(s) in {} document(s): {}.\n",
        report.active().count(),
        report.documents(),
        counts.join(", ")
    );
    if !report.errors.is_empty() {
        out.push_str("### Input errors\n\n");
        for e in &report.errors {
            let _ = writeln!(
                out,
                "- `{}:{}:{}` {}",
                code(&e.file),
                e.span.start.line,
                e.span.start.column,
                cell(&e.message)
            );
        }
        out.push('\n');
    }
    if let Some(b) = baseline {
        let _ = writeln!(
            out,
            "Against the baseline: **{} new**, {} unchanged (not listed), {} no longer found.\n",
            b.count(State::New),
            b.count(State::Unchanged),
            b.count(State::Absent)
        );
    }
    let shown = |i: usize| baseline.is_none_or(|b| b.states.get(i) != Some(&State::Unchanged));
    if !report.findings.iter().enumerate().any(|(i, _)| shown(i)) {
        out.push_str(if baseline.is_some() {
            "No new findings.\n"
        } else {
            "No findings.\n"
        });
        return out;
    }
    out.push_str("| Severity | Rule | Location | Resource | Finding |\n");
    out.push_str("|---|---|---|---|---|\n");
    for (_, f) in report
        .findings
        .iter()
        .enumerate()
        .filter(|(i, f)| f.suppressed.is_none() && shown(*i))
    {
        let mut resource = resource_of(f);
        if let Some(c) = &f.context {
            resource = format!("{resource} in {c}").trim_start().to_string();
        }
        finding_row(&mut out, f, &resource);
    }
    out
}

/// Keeps user-controlled text from breaking the table, injecting markup or carrying control
/// and bidi characters (shown escaped, see [`escape_controls`]).
pub(crate) fn cell(s: &str) -> String {
    escape_controls(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A file name for a code span in a table: no backtick can end the span early, no `|` can end
/// the cell, and no control character survives.
pub(crate) fn code(s: &str) -> String {
    escape_controls(s).replace('`', "'").replace('|', "\\|")
}

/// `Kind/ns/name (container)`, or empty for a finding tied to no resource.
pub(crate) fn resource_of(f: &crate::finding::Finding) -> String {
    match (&f.resource, &f.container) {
        (Some(r), Some(c)) => format!("{r} ({c})"),
        (Some(r), None) => r.clone(),
        _ => String::new(),
    }
}

/// One finding as a row of the findings table (the check report and the comparison share it).
pub(crate) fn finding_row(out: &mut String, f: &crate::finding::Finding, resource: &str) {
    let _ = writeln!(
        out,
        "| {} | `{}` {} | `{}:{}:{}` | {} | {} |",
        f.severity.as_str(),
        f.rule_id,
        cell(f.title),
        code(&f.file),
        f.span.start.line,
        f.span.start.column,
        cell(resource),
        cell(&f.message)
    );
}
