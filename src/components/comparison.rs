//! After "Use as baseline": what the edits since fixed and added, and how each score moved.

use posture_engine::compare::Change;
use posture_engine::report::comparison::{delta_text, score_text};
use posture_engine::score::Score;
use posture_engine::Finding;
use yew::prelude::*;

use crate::prose::prose;
use crate::state::{use_app_state, Action};

/// Findings each list names at most; the counts cover them all.
const LISTED: usize = 20;

/// One score before and after, and its change (none unless both sides are graded).
fn row<T>(title: &str, c: &Change<T>, graded: bool) -> Html {
    let change = if graded { delta_text(c) } else { "–".into() };
    cells(title, &c.old, &c.new, change)
}

#[inline(never)]
fn cells(title: &str, old: &Score, new: &Score, change: String) -> Html {
    html! {
        <tr>
            <th scope="row">{title}</th>
            <td>{score_text(old)}</td>
            <td>{score_text(new)}</td>
            <td class="delta">{change}</td>
        </tr>
    }
}

fn list(id: &str, title: &str, all: &[Finding], picked: &[usize]) -> Html {
    if picked.is_empty() {
        return html! {};
    }
    let items = picked.iter().take(LISTED).map(|i| {
        let f = &all[*i];
        let sev = f.severity.as_str();
        html! {
            <li data-rule={f.rule_id}>
                <span class={classes!("badge", format!("sev-{sev}"))}>{sev}</span>
                {format!(" {} line {}: ", f.rule_id, f.span.start.line)}{prose(f.title)}
                {f.resource.as_ref().map(|r| format!(" · {r}"))}
            </li>
        }
    });
    html! {
        <>
            <h4>{format!("{title} ({})", picked.len())}</h4>
            <ol id={id.to_string()}>{for items}</ol>
            if picked.len() > LISTED { <p class="note">{format!("{} more not listed.", picked.len() - LISTED)}</p> }
        </>
    }
}

#[function_component(ComparisonView)]
pub fn comparison_view() -> Html {
    let state = use_app_state();
    let (Some(base), Some(d)) = (&state.baseline, &state.delta) else {
        return html! {};
    };
    let counts = format!(
        "{} fixed, {} new, {} unchanged{}",
        d.fixed.len(),
        d.new.len(),
        d.unchanged,
        if d.suppressed > 0 {
            format!(", {} now suppressed", d.suppressed)
        } else {
            String::new()
        }
    );
    // A score change means something only when both sides were graded.
    let why = match d.not_graded {
        (None, None) => None,
        (Some(w), None) => Some(format!("the baseline is not graded ({w})")),
        (None, Some(w)) => Some(format!("the current result is not graded ({w})")),
        (Some(a), Some(b)) => Some(format!("neither side is graded (baseline: {a}; now: {b})")),
    };
    let graded = why.is_none();
    let overall = match &why {
        Some(why) => format!("No score change: {why}."),
        None => format!(
            "Overall {} → {} ({})",
            score_text(&d.overall.old),
            score_text(&d.overall.new),
            delta_text(&d.overall)
        ),
    };
    // The principles and pillars whose score moved, at a glance; the table has them all.
    let moved: Vec<String> = d
        .principles
        .iter()
        .map(|c| (c.what.code(), c.delta()))
        .chain(d.pillars.iter().map(|c| (c.what.title(), c.delta())))
        .filter_map(|(what, delta)| match delta {
            Some(x) if x != 0 && graded => Some(format!("{what} {x:+}")),
            _ => None,
        })
        .collect();
    let clear = state
        .dispatcher()
        .to_callback()
        .reform(|_| Action::Baseline(false));
    html! {
        <section class="top-issues comparison" id="comparison" aria-labelledby="comparison-title">
            <div class="results-head">
                <h3 id="comparison-title">{"Since the baseline"}</h3>
                <button id="clear-baseline" onclick={clear}>{"Clear baseline"}</button>
            </div>
            <p id="comparison-counts"><strong>{counts}</strong></p>
            <p id="comparison-overall">{overall}</p>
            if !moved.is_empty() { <p class="note" id="comparison-moved">{format!("Moved: {}", moved.join(" · "))}</p> }
            <details class="score-changes">
                <summary>{"Scores before and after"}</summary>
                <table class="rules-table" id="score-changes">
                    <thead><tr><th>{""}</th><th>{"Before"}</th><th>{"After"}</th><th>{"Change"}</th></tr></thead>
                    <tbody>
                        {for d.principles.iter().map(|c| row(&format!("{} {}", c.what.code(), c.what.title()), c, graded))}
                        {for d.pillars.iter().map(|c| row(c.what.title(), c, graded))}
                        {row("Overall", &d.overall, graded)}
                    </tbody>
                </table>
            </details>
            {list("fixed-list", "Fixed", &base.report.0.findings, &d.fixed)}
            {list("new-list", "New", &state.outcome.report.0.findings, &d.new)}
        </section>
    }
}
