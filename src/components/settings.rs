//! The settings file: the `.posture.yaml` CI reads, pasted or opened here so the page checks as
//! CI does. Mistakes are listed with their line and column, and a file with mistakes is not
//! applied. Kept in this browser with the input.

use posture_engine::config::{Config, FailOn};
use posture_engine::{Report, Rule, Severity};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::checking::Settings;
use crate::markup::Markup;
use crate::state::{Action, StateHandle};
use crate::storage;

/// Starts one part of the summary line.
fn part<'m>(m: &'m mut Markup, first: &mut bool) -> &'m mut Markup {
    m.tag(if *first { ": " } else { " · " });
    *first = false;
    m
}

/// Rule IDs, comma-separated.
fn ids(m: &mut Markup, rules: &[&Rule]) {
    for (i, r) in rules.iter().enumerate() {
        m.tag(if i == 0 { "" } else { ", " }).text(r.meta.id);
    }
}

/// What the config changes, in a line.
fn summary(m: &mut Markup, c: &Config, name: &str) {
    m.tag("<p class=\"settings-state\" id=\"settings-state\">Applied");
    let first = &mut true;
    if let Some(only) = &c.enable {
        ids(part(m, first).tag("only "), only);
    }
    if !c.disable.is_empty() {
        ids(part(m, first).tag("off: "), &c.disable);
    }
    for (rule, sev) in &c.severity {
        part(m, first)
            .text(rule.meta.id)
            .tag(" as ")
            .tag(sev.as_str());
    }
    if let Some(level) = c.pss_level {
        part(m, first).tag("Pod Security ").tag(level.name());
    }
    if let Some(v) = c.pss_version {
        part(m, first).tag("Pod Security v1.").number(v.0 as usize);
    }
    if !c.exclude.is_empty() || !c.per_path.is_empty() {
        part(m, first).tag("paths matched against ").text(name);
    }
    m.tag(if *first {
        "; it changes nothing.</p>"
    } else {
        ".</p>"
    });
}

/// What `posture check` would do with this input under the settings file: stop on its
/// mistakes or exit as its fail-on says. (A file the settings `exclude` CI would skip; the
/// page checks it anyway and says here what CI would say if it did not.)
fn verdict(m: &mut Markup, report: &Report, settings: &Settings) {
    m.tag("<p class=\"settings-state\" id=\"ci-verdict\">In CI");
    let config = settings.config();
    let why = match config {
        _ if settings.read.is_err() && !settings.text.trim().is_empty() => {
            ": stops on the settings file's mistakes (exit 2).</p>"
        }
        _ if !report.errors.is_empty() => ": stops with input errors (exit 2).</p>",
        _ => "",
    };
    if !why.is_empty() {
        m.tag(why);
        return;
    }
    let fail_on = config.and_then(|c| c.fail_on);
    match fail_on.unwrap_or(FailOn::AtOrAbove(Severity::High)) {
        FailOn::Never => m.tag(" (fail-on none): passes."),
        FailOn::AtOrAbove(t) => {
            let n = report.active().filter(|f| f.severity >= t).count();
            let t = t.as_str();
            m.tag(" (fail-on ").tag(t).tag("): ");
            match n {
                0 => m.tag("passes."),
                n => m
                    .tag("fails (exit 1), ")
                    .number(n)
                    .tag(" at ")
                    .tag(t)
                    .tag(" or above."),
            }
        }
    };
    m.tag("</p>");
}

/// Sets the settings file's text (kept in this browser when the input is).
pub fn set(state: &StateHandle, text: String) {
    if state.remember {
        storage::save_settings(&text);
    }
    state.dispatch(Action::Settings(text));
}

/// A view function: the text lives in the app's state. Its file input is read by `on_change`,
/// the editor toolbar's one listener (id `open-settings`).
pub fn settings_panel(state: &StateHandle, on_change: Callback<Event>) -> Html {
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
    // The Clear button sits in the markup below: this one listener reads clicks on it.
    let onclick = {
        let state = state.clone();
        Callback::from(move |e: MouseEvent| {
            if Markup::clicked(&e, "data-clear").is_some() {
                set(&state, String::new())
            }
        })
    };
    let config = settings.config();
    let blank = settings.text.trim().is_empty();
    let mut head = Markup::default();
    head.tag("<summary>Settings file (.posture.yaml) <span class=\"tag\" id=\"settings-tag\">");
    match (&settings.read, config) {
        (Err(errors), _) if !blank => head
            .number(errors.len())
            .tag(if errors.len() == 1 {
                " mistake"
            } else {
                " mistakes"
            })
            .tag(", not applied"),
        (_, Some(_)) => head.tag("applied"),
        _ => head.tag("none"),
    };
    head.tag("</span></summary>");
    let mut m = Markup::default();
    m.tag("<div class=\"toolbar\"><label class=\"button file\">Open settings file");
    m.tag("<input type=\"file\" id=\"open-settings\" accept=\".yaml,.yml,text/*\"></label>");
    m.tag("<button id=\"clear-settings\" data-clear=\"\"");
    if settings.text.is_empty() {
        m.tag(" disabled");
    }
    m.tag(">Clear</button></div>");
    match (&settings.read, config) {
        (Err(errors), _) if !blank => {
            m.tag("<div class=\"settings-errors\" role=\"alert\" id=\"settings-errors\"><p>Not ");
            m.tag("applied until these are fixed; the page checks with its defaults meanwhile.");
            m.tag("</p><ul>");
            for e in errors {
                m.tag("<li><span class=\"where\">line ")
                    .number(e.line)
                    .tag(":")
                    .number(e.column);
                m.tag("</span> ").prose(&e.message).tag("</li>");
            }
            m.tag("</ul></div>");
        }
        (_, Some(c)) => summary(&mut m, c, &state.name),
        _ => {}
    }
    verdict(&mut m, &state.outcome.report.0, settings);
    html! {
        <details class="settings" {onclick} onchange={on_change}>
            {head.into_html()}
            <label class="visually-hidden" for="settings">{"Settings file text"}</label>
            <textarea id="settings" rows="4" spellcheck="false" autocomplete="off" wrap="off"
                placeholder={"rules:\n  disable: [LP102]\nfail-on: medium"}
                value={settings.text.to_string()} {oninput} />
            {m.into_html()}
        </details>
    }
}
