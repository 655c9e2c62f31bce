//! Right under the status line: what could not be read, then the most serious findings, so the
//! worst news is on screen without scrolling past the scorecard. Each item selects its place in
//! the editor.

use posture_engine::{Finding, Severity};
use yew::prelude::*;

use crate::components::finding_item::jump_to;
use crate::prose::prose;
use crate::state::{use_app_state, StateHandle};

/// How many errors and findings the summary names; the full lists are further down.
const TOP: usize = 3;

/// One line of the summary: a button that selects the place, or plain text in shared results.
fn item(state: &StateHandle, span: &posture_engine::source::Span, head: Html, text: Html) -> Html {
    let (line, col) = (span.start.line, span.start.column_utf16);
    let (end_line, end_col) = (span.end.line, span.end.column_utf16);
    let body = html! {
        <>
            <span class="where">{format!("line {line}:{col}")}</span>
            {head}
            <span class="title">{text}</span>
        </>
    };
    if state.results_only() {
        return html! { <li data-line={line.to_string()}><span class="top-item">{body}</span></li> };
    }
    let jump = {
        let state = state.clone();
        Callback::from(move |_| jump_to(&state, line, col, end_line, end_col))
    };
    html! {
        <li data-line={line.to_string()}>
            <button class="top-item" onclick={jump} title="Select this place in the editor">{body}</button>
        </li>
    }
}

#[function_component(TopIssues)]
pub fn top_issues() -> Html {
    let state = use_app_state();
    let report = &state.outcome.report.0;

    let errors = (!report.errors.is_empty()).then(|| {
        let count = report.errors.len();
        let items = report.errors.iter().take(TOP).map(|e| {
            let head = html! { <span class="badge sev-error">{"error"}</span> };
            item(&state, &e.span, head, html! { {&e.message} })
        });
        html! {
            <div class="top-issues unreadable" role="alert" id="top-errors">
                <h3>{if count == 1 {
                    "Part of the input could not be read".to_string()
                } else {
                    format!("{count} parts of the input could not be read")
                }}</h3>
                <p class="note">{"Nothing in an unreadable part was checked: fix it to see its findings."}</p>
                <ol>{for items}</ol>
                if count > TOP { <p class="note">{format!("{} more in the list below.", count - TOP)}</p> }
            </div>
        }
    });

    let mut worst: Vec<&Finding> = report
        .active()
        .filter(|f| f.severity >= Severity::Medium)
        .collect();
    // Most severe first; among equals, the first in the text.
    worst.sort_by(|a, b| {
        (b.severity, &a.file, a.span.start.offset).cmp(&(a.severity, &b.file, b.span.start.offset))
    });
    let findings = (!worst.is_empty()).then(|| {
        let items = worst.iter().take(TOP).map(|f| {
            let sev = f.severity.as_str();
            let head = html! {
                <>
                    <span class={classes!("badge", format!("sev-{sev}"))}>{sev}</span>
                    <span class="rule">{f.rule_id}</span>
                </>
            };
            item(&state, &f.span, head, prose(f.title))
        });
        html! {
            <div class="top-issues" id="top-findings">
                <h3>{"Most serious"}</h3>
                <ol>{for items}</ol>
            </div>
        }
    });

    html! { <>{for errors}{for findings}</> }
}
