//! The banner over a shared view: what was opened, what may differ from the sender's view, and
//! the way out ("Edit a copy" or "Start a new check").

use posture_engine::rules::CATALOGUE_VERSION;
use yew::prelude::*;

use crate::state::{Action, AppState, Source};

/// Drops the share link from the address bar without a new history entry, so a reload or a
/// bookmark does not reopen the shared view over the user's own work.
fn forget_link() {
    if let Some(w) = web_sys::window() {
        let path = w.location().pathname().unwrap_or_default();
        let search = w.location().search().unwrap_or_default();
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}#/")),
            );
        }
    }
}

fn catalogue_note(catalogue: &str) -> Option<String> {
    (catalogue != CATALOGUE_VERSION).then(|| {
        format!("It was made with rule catalogue {catalogue}; this Posture has {CATALOGUE_VERSION}, so rules may have changed since.")
    })
}

/// A view function rather than a component: it is given the view's source, and the page draws
/// it with its own state.
pub fn share_banner(source: &Source, to: UseReducerDispatcher<AppState>) -> Html {
    let leave = Callback::from(move |_| {
        forget_link();
        to.dispatch(Action::LeaveShared);
    });
    let (kind, lines, action): (&str, Vec<String>, &str) = match source {
        Source::Own => return html! {},
        Source::SharedConfig {
            catalogue,
            redacted,
        } => {
            let mut lines = vec![format!(
                "Shared config, read-only. Your browser checked it again with today's rules (catalogue {CATALOGUE_VERSION}), so results may differ from what the sender saw."
            )];
            if *redacted {
                lines.push(
                    "The sender's secrets were replaced with REDACTED before sharing.".into(),
                );
            }
            lines.extend(catalogue_note(catalogue));
            ("shared", lines, "Edit a copy")
        }
        Source::SharedResults {
            catalogue,
            unknown_rules,
            ..
        } => {
            let mut lines = vec![
                "Shared results, read-only: findings and scores as the sender saw them. The config itself was not shared, so messages and evidence are not shown.".to_string(),
            ];
            lines.extend(catalogue_note(catalogue));
            if *unknown_rules > 0 {
                lines.push(format!("{unknown_rules} finding(s) come from rules this Posture does not know and are not shown."));
            }
            ("shared", lines, "Start a new check")
        }
        Source::BrokenLink(message) => (
            "broken",
            vec![format!("The share link could not be opened. {message}")],
            "Dismiss",
        ),
    };
    html! {
        <section class={format!("share-banner {kind}")} id="share-banner" role="region" aria-label="Shared view">
            <div>
                {for lines.into_iter().map(|l| html! { <p>{l}</p> })}
            </div>
            <button id="leave-shared" onclick={leave}>{action}</button>
        </section>
    }
}
