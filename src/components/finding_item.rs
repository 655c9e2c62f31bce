//! One finding: what, where, why it matters and how to fix it, with a jump to the text.

use posture_engine::{rules, Finding};
use yew::prelude::*;

use crate::checking::utf16_line_starts;
use crate::prose::prose;
use crate::routes;
use crate::state::{use_app_state, Action, StateHandle};

/// Selects line:column (1-based, UTF-16 columns) to end line:column in the editor.
pub fn jump_to(state: &StateHandle, line: usize, col: usize, end_line: usize, end_col: usize) {
    let starts = utf16_line_starts(&state.text);
    let at = |l: usize, c: usize| {
        starts
            .get(l.saturating_sub(1))
            .map_or(0, |s| s + c.saturating_sub(1))
    };
    state.dispatch(Action::Jump {
        start: at(line, col),
        end: at(end_line, end_col),
        line,
    });
}

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub finding: Finding,
    /// New since the baseline.
    #[prop_or_default]
    pub new: bool,
}

#[function_component(FindingItem)]
pub fn finding_item(props: &FindingItemProps) -> Html {
    let state = use_app_state();
    let f = &props.finding;
    let meta = rules::find(f.rule_id).map(|r| &r.meta);
    let sev = f.severity.as_str();
    let (line, col) = (f.span.start.line, f.span.start.column_utf16);
    let jump = {
        let state = state.clone();
        let (end_line, end_col) = (f.span.end.line, f.span.end.column_utf16);
        Callback::from(move |_| jump_to(&state, line, col, end_line, end_col))
    };
    // "Copied" for two seconds after a copy, so the click visibly did something.
    let copied = use_state(|| false);
    let copy = meta.map(|m| {
        let snippet = m.fix_snippet.to_string();
        let copied = copied.clone();
        Callback::from(move |_| {
            if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
                let _ = clipboard.write_text(&snippet);
                copied.set(true);
                let copied = copied.clone();
                gloo_timers::callback::Timeout::new(2000, move || copied.set(false)).forget();
            }
        })
    });
    let head = html! {
        <>
            <span class={classes!("badge", format!("sev-{sev}"))}>{sev}</span>
            <span class="rule">{f.rule_id}if props.new { {" "}<span class="badge new">{"new"}</span> }</span>
            <span class="where">{format!("line {line}:{col}")}</span>
            <span class="title">{prose(f.title)}</span>
        </>
    };
    // In an embed, rule pages open on the full page; the frame has room for the checker only.
    let rule_href = |id: &str| match &state.embed {
        Some(_) => format!("{}#/rules/{id}", routes::page_url()),
        None => format!("#/rules/{id}"),
    };
    html! {
        <li class={classes!("finding", format!("sev-{sev}"), f.suppressed.is_some().then_some("suppressed"), props.new.then_some("new"))}
            data-rule={f.rule_id} data-line={line.to_string()}>
            if state.results_only() {
                // Shared results have no text to jump to; still focusable for arrow keys.
                <div class="finding-jump static" tabindex="0">{head}</div>
            } else {
                <button class="finding-jump" onclick={jump} title="Select this place in the editor">{head}</button>
            }
            if !f.message.is_empty() {
                <p class="message">{prose(&f.message)}</p>
            }
            if let Some(resource) = &f.resource {
                <p class="resource">
                    {resource}
                    if let Some(c) = &f.container { {format!(" · container {c}")} }
                </p>
            }
            if let Some(context) = &f.context {
                <p class="resource context">{format!("in {context}")}</p>
            }
            if let Some(evidence) = &f.evidence {
                <p class="evidence"><span class="label">{"Evidence "}</span><code>{evidence}</code></p>
            }
            if let Some(reason) = &f.suppressed {
                <p class="suppressed-note">{format!("Suppressed: {reason}")}</p>
            }
            if let Some(m) = meta {
                <details class="explain">
                    <summary>{"Why it matters and how to fix it"}</summary>
                    <p><strong>{format!("{}: ", m.principle.title())}</strong>{prose(m.rationale)}</p>
                    <p>{prose(m.remediation)}</p>
                    <div class="snippet">
                        <pre><code>{m.fix_snippet}</code></pre>
                        <button class="copy" onclick={copy} aria-label={format!("Copy the fix for {}", m.id)}>
                            <span aria-live="polite">{if *copied { "Copied" } else { "Copy" }}</span>
                        </button>
                    </div>
                    <a href={rule_href(m.id)} target={state.embed.as_ref().map(|_| "_blank")} rel="noopener noreferrer">{format!("Rule {} documentation", m.id)}</a>
                </details>
            }
        </li>
    }
}
