//! Above the findings: "Fix all safe" with its combined preview, Undo after a fix was applied,
//! and a note when the input is too large for fixes on the page.

use posture_engine::fix::{self, Choice, Safety};
use posture_engine::Input;
use yew::prelude::*;

use crate::checking;
use crate::components::exports::download;
use crate::components::fix_preview::{fix_preview, write_editor, FixPreviewProps};
use crate::markup::Markup;
use crate::state::{Action, StateHandle};
use crate::worker::BACKGROUND_BYTES;

/// A view function: the combined preview is kept in the app's state (`fix_all`).
pub fn fix_bar(state: &StateHandle) -> Html {
    if state.read_only() {
        return Html::default();
    }
    let generation = state.outcome.report.1;
    let applied = state.applied.as_ref().map(|(before, what)| {
        let undo = {
            let (state, before) = (state.clone(), before.clone());
            Callback::from(move |_| write_editor(&state, &before))
        };
        let save = {
            let state = state.clone();
            Callback::from(move |_| download(&state.name, "text/yaml", &state.text))
        };
        html! {
            <p class="fix-applied" role="status">
                {format!("Applied: {what}. ")}
                <button id="fix-undo" onclick={undo}>{"Undo"}</button>
                <button id="fix-save" onclick={save}>{"Download fixed file"}</button>
            </p>
        }
    });
    let Some(fixes) = state.outcome.report.2.as_ref() else {
        // Checked without fixes: only inputs too large to fix on the page.
        let note = (state.text.len() >= BACKGROUND_BYTES
            && !state.outcome.report.0.findings.is_empty())
        .then(|| {
            let mut m = Markup::default();
            m.tag("<p class=\"fix-note\">").prose(
                "Fixes are not offered on the page for inputs of 128 KiB or more; \
                     `posture fix` on the command line fixes them.",
            );
            m.tag("</p>");
            m.into_html()
        });
        return html! { <>{applied}{note}</> };
    };
    let safe = fixes
        .of
        .iter()
        .flatten()
        .filter(|f| f.is_available() && f.safety == Safety::Safe)
        .count();
    let open = state
        .fix_all
        .as_ref()
        .filter(|p| p.0 == generation && !state.stale());
    let make = {
        let state = state.clone();
        let text = fixes.text.clone();
        Callback::from(move |_| {
            let input = Input {
                name: &state.name,
                text: &text,
            };
            // The rules the check ran: the settings file's choice of them too.
            let rules = checking::chosen(state.rules(), state.settings.config(), &state.name);
            let done = fix::fix_all(&input, &rules, &state.options(), &Choice::default());
            let diff = fix::unified_diff(&text, &done.text, &state.name);
            let what = match done.applied.len() {
                1 => "1 safe fix".to_string(),
                n => format!("{n} safe fixes"),
            };
            let preview = (generation, what.into(), done.text.into(), diff.into());
            state.dispatch(Action::FixAll(Some(preview)));
        })
    };
    let close = state
        .dispatcher()
        .to_callback()
        .reform(|_| Action::FixAll(None));
    html! {
        <div class="fix-bar">
            {applied}
            if safe > 0 {
                <button id="fix-all" aria-expanded={open.is_some().to_string()} disabled={state.stale()}
                    onclick={make}>{format!("Fix all safe ({safe})")}</button>
            }
            if let Some((_, what, fixed, diff)) = open {
                if diff.is_empty() {
                    <p class="fix-none">{"No safe fix could be applied to this text."}</p>
                } else {
                    {fix_preview(FixPreviewProps { title: what.clone(), review: None, fixed: fixed.clone(), diff: diff.clone(), on_close: close })}
                }
            }
        </div>
    }
}
