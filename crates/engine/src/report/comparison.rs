//! A [`Comparison`] as text (terminal), JSON (scripts) and Markdown (a pull-request comment).
//! Names of the two sides and everything from the inputs are escaped as in the other formats.

use std::fmt::Write;

use serde::Serialize;

use super::escape_controls as safe;
use super::json::FindingOut;
use super::markdown::{cell, code};
use crate::compare::{Change, Comparison};
use crate::finding::Finding;
use crate::model::{Pillar, Principle};
use crate::rules::CATALOGUE_VERSION;
use crate::score::Score;

/// A score, or `n/a` when nothing was scored.
pub fn score_text(s: &Score) -> String {
    s.score.map_or_else(|| "n/a".to_string(), |v| v.to_string())
}

/// A score's change (`+5`, `-3`, `±0`); `n/a` when one side has no score, nothing when neither
/// has.
pub fn delta_text<T>(c: &Change<T>) -> String {
    match c.delta() {
        Some(0) => "±0".to_string(),
        Some(d) => format!("{d:+}"),
        None if c.old.score == c.new.score => String::new(),
        None => "n/a".to_string(),
    }
}

fn grade_text(grade: Option<char>, score: &Score) -> String {
    match (grade, score.score) {
        (Some(g), Some(s)) => format!("{g} ({s}/100)"),
        _ => "not graded".to_string(),
    }
}

fn counts(c: &Comparison) -> String {
    let mut out = format!(
        "{} new, {} fixed, {} unchanged",
        c.new.len(),
        c.fixed.len(),
        c.unchanged.len()
    );
    if !c.suppressed.is_empty() {
        let _ = write!(out, ", {} now suppressed", c.suppressed.len());
    }
    out
}

fn finding_line(out: &mut String, f: &Finding) {
    out.push_str("  ");
    super::text::finding_line(out, f);
    out.push('\n');
}

/// For a terminal: grades, each score before and after, then the new, fixed and now
/// suppressed findings (unchanged ones are only counted).
pub fn text(c: &Comparison, old_name: &str, new_name: &str) -> String {
    let mut out = format!("Compared {} → {}\n", safe(old_name), safe(new_name));
    let _ = writeln!(
        out,
        "grade: {} → {}{}",
        grade_text(c.grade.0, &c.overall.old),
        grade_text(c.grade.1, &c.overall.new),
        match delta_text(&c.overall).as_str() {
            "" | "n/a" => String::new(),
            d => format!(", {d}"),
        }
    );
    for (side, reason) in [("before", c.not_graded.0), ("after", c.not_graded.1)] {
        if let Some(r) = reason {
            let _ = writeln!(out, "  not graded {side}: {r}");
        }
    }
    let rows: Vec<(&str, String, String, String)> = c
        .principles
        .iter()
        .map(|p| row(p.what.title(), p))
        .chain(c.pillars.iter().map(|p| row(p.what.title(), p)))
        .collect();
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let _ = writeln!(out, "\n{:width$}  before  after  change", "score");
    for (i, (name, old, new, delta)) in rows.iter().enumerate() {
        if i == c.principles.len() {
            out.push('\n');
        }
        let _ = writeln!(out, "{name:width$}  {old:>6}  {new:>5}  {delta:>6}");
    }
    let _ = writeln!(out, "\n{}", counts(c));
    for (title, list) in [
        ("new", &c.new),
        ("fixed", &c.fixed),
        ("now suppressed", &c.suppressed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}:");
        for f in list.iter() {
            finding_line(&mut out, f);
        }
    }
    out
}

fn row<'n, T>(name: &'n str, c: &Change<T>) -> (&'n str, String, String, String) {
    (name, score_text(&c.old), score_text(&c.new), delta_text(c))
}

#[derive(Serialize)]
struct Pair<T> {
    old: T,
    new: T,
}

#[derive(Serialize)]
struct ScoreChange<T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<T>,
    old: Score,
    new: Score,
    delta: Option<i16>,
}

fn score_change<T: Copy>(c: &Change<T>, named: bool) -> ScoreChange<T> {
    ScoreChange {
        name: named.then_some(c.what),
        old: c.old,
        new: c.new,
        delta: c.delta(),
    }
}

#[derive(Serialize)]
struct Counts {
    new: usize,
    fixed: usize,
    unchanged: usize,
    suppressed: usize,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    tool: &'static str,
    version: &'static str,
    catalogue: &'static str,
    old: &'a str,
    new: &'a str,
    grade: Pair<Option<char>>,
    not_graded: Pair<Option<&'static str>>,
    errors: Pair<usize>,
    overall: ScoreChange<()>,
    principles: Vec<ScoreChange<Principle>>,
    pillars: Vec<ScoreChange<Pillar>>,
    counts: Counts,
    findings: Findings<'a>,
}

#[derive(Serialize)]
struct Findings<'a> {
    new: Vec<FindingOut<'a>>,
    fixed: Vec<FindingOut<'a>>,
    unchanged: Vec<FindingOut<'a>>,
    suppressed: Vec<FindingOut<'a>>,
}

fn outs<'a>(list: &[&'a Finding]) -> Vec<FindingOut<'a>> {
    list.iter().map(|f| FindingOut::new(f)).collect()
}

/// For scripts: both grades and every score with its change, the counts, and the findings of
/// each kind with their fingerprints (fixed ones as the old report had them).
pub fn json(c: &Comparison, old_name: &str, new_name: &str) -> String {
    let out = JsonOut {
        tool: "posture",
        version: env!("CARGO_PKG_VERSION"),
        catalogue: CATALOGUE_VERSION,
        old: old_name,
        new: new_name,
        grade: Pair {
            old: c.grade.0,
            new: c.grade.1,
        },
        not_graded: Pair {
            old: c.not_graded.0,
            new: c.not_graded.1,
        },
        errors: Pair {
            old: c.errors.0,
            new: c.errors.1,
        },
        overall: score_change(&c.overall, false),
        principles: c.principles.iter().map(|p| score_change(p, true)).collect(),
        pillars: c.pillars.iter().map(|p| score_change(p, true)).collect(),
        counts: Counts {
            new: c.new.len(),
            fixed: c.fixed.len(),
            unchanged: c.unchanged.len(),
            suppressed: c.suppressed.len(),
        },
        findings: Findings {
            new: outs(&c.new),
            fixed: outs(&c.fixed),
            unchanged: outs(&c.unchanged),
            suppressed: outs(&c.suppressed),
        },
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// For a pull-request comment: the grade change, a table of principle scores (pillars folded
/// away), and tables of new and fixed findings.
pub fn markdown(c: &Comparison, old_name: &str, new_name: &str) -> String {
    let mut out = String::from("## Posture: security posture change\n\n");
    let _ = writeln!(
        out,
        "Comparing `{}` → `{}`.\n",
        code(old_name),
        code(new_name)
    );
    let _ = writeln!(
        out,
        "**Grade {} → {}**{}\n",
        grade_text(c.grade.0, &c.overall.old),
        grade_text(c.grade.1, &c.overall.new),
        match delta_text(&c.overall).as_str() {
            "" | "n/a" => String::new(),
            d => format!(" ({d})"),
        }
    );
    for (side, reason) in [("Before", c.not_graded.0), ("After", c.not_graded.1)] {
        if let Some(r) = reason {
            let _ = writeln!(out, "{side}: not graded, {}.\n", cell(r));
        }
    }
    let _ = writeln!(out, "{}.\n", counts(c));
    table(&mut out, "Principle", &c.principles, |p| p.title());
    out.push_str("<details><summary>Scores by pillar</summary>\n\n");
    table(&mut out, "Pillar", &c.pillars, |p| p.title());
    out.push_str("</details>\n\n");
    for (title, list) in [
        ("New findings", &c.new),
        ("Fixed findings", &c.fixed),
        ("Now suppressed", &c.suppressed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        out.push_str("| Severity | Rule | Location | Resource | Finding |\n");
        out.push_str("|---|---|---|---|---|\n");
        for f in list.iter() {
            super::markdown::finding_row(&mut out, f, &super::markdown::resource_of(f));
        }
        out.push('\n');
    }
    out
}

fn table<T: Copy>(
    out: &mut String,
    head: &str,
    rows: &[Change<T>],
    name: impl Fn(T) -> &'static str,
) {
    let _ = writeln!(
        out,
        "| {head} | Before | After | Change |\n|---|---|---|---|"
    );
    for c in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            name(c.what),
            score_text(&c.old),
            score_text(&c.new),
            delta_text(c)
        );
    }
    out.push('\n');
}
