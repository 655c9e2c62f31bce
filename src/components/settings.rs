//! The settings file: the `.posture.yaml` CI reads, pasted or opened here so the page checks as
//! CI does. Mistakes are listed with their line and column, and a file with mistakes is not
//! applied. Kept in this browser with the input.

use posture_engine::config::{Config, FailOn};
use posture_engine::{Report, Rule, Severity};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::{Action, StateHandle};
use crate::storage;

/// What the config changes, in a line.
fn summary(c: &Config, name: &str) -> String {
    let ids = |l: &[&Rule]| l.iter().map(|r| r.meta.id).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if let Some(only) = &c.enable {
        parts.push(format!("only {}", ids(only)));
    }
    if !c.disable.is_empty() {
        parts.push(format!("off: {}", ids(&c.disable)));
    }
    for (rule, sev) in &c.severity {
        parts.push(format!("{} as {}", rule.meta.id, sev.as_str()));
    }
    if let Some(level) = c.pss_level {
        parts.push(format!("Pod Security {}", level.name()));
    }
    if let Some(v) = c.pss_version {
        parts.push(format!("Pod Security v1.{}", v.0));
    }
    if !c.exclude.is_empty() || !c.per_path.is_empty() {
        parts.push(format!("paths matched against {name}"));
    }
    if parts.is_empty() {
        "Applied; it changes nothing.".into()
    } else {
        format!("Applied: {}.", parts.join(" · "))
    }
}

/// What `posture check` would exit with on these results, under the config's fail-on.
fn verdict(report: &Report, fail_on: Option<FailOn>) -> String {
    if !report.errors.is_empty() {
        return "In CI: stops with input errors (exit 2).".into();
    }
    match fail_on.unwrap_or(FailOn::AtOrAbove(Severity::High)) {
        FailOn::Never => "In CI (fail-on none): passes.".into(),
        FailOn::AtOrAbove(t) => {
            let n = report.active().filter(|f| f.severity >= t).count();
            let t = t.as_str();
            match n {
                0 => format!("In CI (fail-on {t}): passes."),
                n => format!("In CI (fail-on {t}): fails (exit 1), {n} at {t} or above."),
            }
        }
    }
}

fn set(state: &StateHandle, text: String) {
    if state.remember {
        storage::save_settings(&text);
    }
    state.dispatch(Action::Settings(text));
}

/// A view function: the text lives in the app's state.
pub fn settings_panel(state: &StateHandle) -> Html {
    let settings = &state.settings;
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            set(
                &state,
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            )
        })
    };
    let on_file = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            if file.size() > posture_engine::config::MAX_CONFIG_BYTES as f64 {
                let name = file.name();
                state.dispatch(Action::Notice(format!(
                    "{name} is larger than 1 MiB: not a settings file."
                )));
                return;
            }
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(text) = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                {
                    set(&state, text);
                }
            });
        })
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_| set(&state, String::new()))
    };
    let (tag, body) = match (&settings.read, settings.config()) {
        (Err(errors), _) if !settings.text.trim().is_empty() => (
            format!(
                "{} mistake{}, not applied",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ),
            html! {
                <div class="settings-errors" role="alert" id="settings-errors">
                    <p>{"Not applied until these are fixed; the page checks with its defaults meanwhile."}</p>
                    <ul>{for errors.iter().map(|e| html! {
                        <li><span class="where">{format!("line {}:{}", e.line, e.column)}</span>{" "}{&e.message}</li>
                    })}</ul>
                </div>
            },
        ),
        (_, Some(config)) => (
            "applied".into(),
            html! { <p class="settings-state" id="settings-state">{summary(config, &state.name)}</p> },
        ),
        _ => ("none".into(), html! {}),
    };
    let fail_on = settings.config().and_then(|c| c.fail_on);
    html! {
        <details class="settings">
            <summary>{"Settings file (.posture.yaml) "}<span class="tag" id="settings-tag">{tag}</span></summary>
            <label class="visually-hidden" for="settings">{"Settings file text"}</label>
            <textarea id="settings" rows="4" spellcheck="false" autocomplete="off" wrap="off"
                placeholder={"rules:\n  disable: [LP102]\nfail-on: medium"}
                value={settings.text.to_string()} {oninput} />
            <div class="toolbar">
                <label class="button file">{"Open settings file"}
                    <input type="file" id="open-settings" accept=".yaml,.yml,text/*" onchange={on_file} />
                </label>
                <button id="clear-settings" onclick={clear} disabled={settings.text.is_empty()}>{"Clear"}</button>
            </div>
            {body}
            <p class="settings-state" id="ci-verdict">{verdict(&state.outcome.report.0, fail_on)}</p>
        </details>
    }
}
