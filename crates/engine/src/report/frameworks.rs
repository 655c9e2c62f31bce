//! Compliance frameworks in the outputs: the per-control section `posture check --framework`
//! adds (text, Markdown, JSON) and the catalogues with their coverage (`posture frameworks`).
//! Statuses come from [`crate::frameworks::assess`]; nothing here decides one.

use std::fmt::Write;

use serde::Serialize;

use super::markdown::{cell, code};
use super::{escape_controls as safe, Report};
use crate::frameworks::{Assessment, Control, CoverageFigures, Framework, Status};

/// One framework's result as data (JSON and the page).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentView {
    pub framework: &'static str,
    pub title: &'static str,
    pub version: &'static str,
    pub coverage: CoverageFigures,
    /// Controls whose rules examined something in this input.
    pub applicable: usize,
    pub counts: Counts,
    pub controls: Vec<ControlView>,
}

/// How many controls have each status.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub not_applicable: usize,
    pub not_evaluated: usize,
    pub not_checkable: usize,
    pub no_rule: usize,
}

#[derive(Serialize)]
pub struct ControlView {
    pub id: &'static str,
    pub title: &'static str,
    pub section: &'static str,
    pub status: Status,
    pub coverage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
    pub rules: Vec<&'static str>,
    /// Indices into the report's `findings`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<usize>,
}

pub fn view(a: &Assessment) -> AssessmentView {
    AssessmentView {
        framework: a.framework.id,
        title: a.framework.title,
        version: a.framework.version,
        coverage: a.framework.coverage(),
        applicable: a.applicable(),
        counts: Counts {
            pass: a.count(Status::Pass),
            fail: a.count(Status::Fail),
            not_applicable: a.count(Status::NotApplicable),
            not_evaluated: a.count(Status::NotEvaluated),
            not_checkable: a.count(Status::NotCheckable),
            no_rule: a.count(Status::NoRule),
        },
        controls: a
            .controls
            .iter()
            .map(|c| ControlView {
                status: c.status,
                findings: c.findings.clone(),
                ..control_view(c.control)
            })
            .collect(),
    }
}

fn control_view(c: &'static Control) -> ControlView {
    let mut rules: Vec<&'static str> = c.rules().iter().map(|r| r.rule).collect();
    rules.dedup();
    ControlView {
        id: c.id,
        title: c.title,
        section: c.section,
        status: Status::NotApplicable,
        coverage: c.coverage().as_str(),
        note: c.note(),
        rules,
        findings: Vec::new(),
    }
}

fn summary(a: &Assessment) -> String {
    let c = a.framework.coverage();
    format!(
        "{}; {} of {} controls evaluated by rules ({} partly), {} apply to this input",
        a.counts_text(),
        c.evaluated,
        c.total,
        c.partial,
        a.applicable()
    )
}

fn status_label(c: &crate::frameworks::ControlStatus) -> String {
    let partial = c.control.coverage() == crate::frameworks::Coverage::Partial;
    match c.status {
        Status::Pass if partial => "pass (partial)".to_string(),
        s => s.as_str().to_string(),
    }
}

/// The per-control section of the text output.
pub fn text(report: &Report, assessments: &[Assessment]) -> String {
    let mut out = String::new();
    for a in assessments {
        let f = a.framework;
        let _ = writeln!(out, "\n{} {}: {}", f.title, f.version, summary(a));
        let width = f.controls.iter().map(|c| c.id.len()).max().unwrap_or(0);
        for c in &a.controls {
            let rules: Vec<&str> = c.control.rules().iter().map(|r| r.rule).collect();
            let _ = write!(
                out,
                "  {:<16} {:<width$} {}",
                status_label(c),
                c.control.id,
                c.control.title
            );
            if !rules.is_empty() {
                let mut rules = rules;
                rules.dedup();
                let _ = write!(out, " [{}]", rules.join(", "));
            }
            out.push('\n');
            for &i in &c.findings {
                let Some(finding) = report.findings.get(i) else {
                    continue;
                };
                let p = finding.span.start;
                let _ = writeln!(
                    out,
                    "      {}:{}:{}: {} {}",
                    safe(&finding.file),
                    p.line,
                    p.column,
                    finding.rule_id,
                    safe(&finding.message)
                );
            }
        }
    }
    out
}

/// The per-control section of the Markdown output.
pub fn markdown(report: &Report, assessments: &[Assessment]) -> String {
    let mut out = String::new();
    for a in assessments {
        let f = a.framework;
        let _ = writeln!(out, "\n### {} {}\n\n{}.\n", f.title, f.version, summary(a));
        out.push_str("| Control | Title | Status | Rules | Findings |\n|---|---|---|---|---|\n");
        for c in &a.controls {
            let mut rules: Vec<&str> = c.control.rules().iter().map(|r| r.rule).collect();
            rules.dedup();
            let places: Vec<String> = c
                .findings
                .iter()
                .filter_map(|&i| report.findings.get(i))
                .map(|f| format!("`{}:{}`", code(&f.file), f.span.start.line))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                c.control.id,
                cell(c.control.title),
                status_label(c),
                rules.join(", "),
                places.join(", ")
            );
        }
    }
    out
}

/// A framework's catalogue as data.
#[derive(Serialize)]
pub struct CatalogueView {
    pub id: &'static str,
    pub title: &'static str,
    pub version: &'static str,
    pub description: &'static str,
    pub coverage: CoverageFigures,
    pub controls: Vec<CatalogueControl>,
}

#[derive(Serialize)]
pub struct CatalogueControl {
    pub id: &'static str,
    pub title: &'static str,
    pub section: &'static str,
    pub coverage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
    pub rules: Vec<&'static str>,
}

pub fn catalogue_view(f: &'static Framework) -> CatalogueView {
    CatalogueView {
        id: f.id,
        title: f.title,
        version: f.version,
        description: f.description,
        coverage: f.coverage(),
        controls: f
            .controls
            .iter()
            .map(|c| {
                let v = control_view(c);
                CatalogueControl {
                    id: v.id,
                    title: v.title,
                    section: v.section,
                    coverage: v.coverage,
                    note: v.note,
                    rules: v.rules,
                }
            })
            .collect(),
    }
}

pub fn catalogue_json(frameworks: &[&'static Framework]) -> String {
    let list: Vec<CatalogueView> = frameworks.iter().map(|f| catalogue_view(f)).collect();
    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
}

fn coverage_line(c: CoverageFigures) -> String {
    format!(
        "{} controls: {} evaluated by rules ({} partly), {} not checkable from configuration, \
         {} without a rule yet",
        c.total, c.evaluated, c.partial, c.not_checkable, c.no_rule
    )
}

pub fn catalogue_text(frameworks: &[&'static Framework]) -> String {
    let mut out = String::new();
    for f in frameworks {
        let _ = writeln!(
            out,
            "{} ({}) {}\n  {}\n  {}",
            f.title,
            f.id,
            f.version,
            f.description,
            coverage_line(f.coverage())
        );
        let width = f.controls.iter().map(|c| c.id.len()).max().unwrap_or(0);
        for c in f.controls.iter() {
            let mut rules: Vec<&str> = c.rules().iter().map(|r| r.rule).collect();
            rules.dedup();
            let _ = write!(
                out,
                "  {:<width$} {:<14} {}",
                c.id,
                c.coverage().as_str(),
                c.title
            );
            if !rules.is_empty() {
                let _ = write!(out, " [{}]", rules.join(", "));
            }
            out.push('\n');
            if let Some(note) = c.note() {
                let _ = writeln!(out, "  {:width$} {note}", "");
            }
        }
        out.push('\n');
    }
    out
}

/// The coverage table (one row per framework), as in the README.
pub fn coverage_markdown(frameworks: &[&'static Framework]) -> String {
    let mut out = String::from(
        "| Framework | Controls | Evaluated by rules | of which partly | Not checkable | No rule yet |\n\
         |---|---|---|---|---|---|\n",
    );
    for f in frameworks {
        let c = f.coverage();
        let _ = writeln!(
            out,
            "| {} {} (`{}`) | {} | {} | {} | {} | {} |",
            f.title, f.version, f.id, c.total, c.evaluated, c.partial, c.not_checkable, c.no_rule
        );
    }
    out
}

pub fn catalogue_markdown(frameworks: &[&'static Framework]) -> String {
    let mut out = String::from("## Compliance frameworks\n\n");
    out.push_str(&coverage_markdown(frameworks));
    for f in frameworks {
        let _ = writeln!(
            out,
            "\n### {} {}\n\n{}\n",
            f.title, f.version, f.description
        );
        out.push_str("| Control | Title | Coverage | Rules | Note |\n|---|---|---|---|---|\n");
        for c in f.controls.iter() {
            let mut rules: Vec<&str> = c.rules().iter().map(|r| r.rule).collect();
            rules.dedup();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                c.id,
                cell(c.title),
                c.coverage().as_str(),
                rules.join(", "),
                cell(c.note().unwrap_or(""))
            );
        }
    }
    out
}
