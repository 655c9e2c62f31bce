//! The editor: a plain text area with a line-number gutter and severity markers, a toolbar to
//! load samples or local files (read in the browser, never uploaded), and drag-and-drop.

use std::collections::BTreeMap;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DragEvent, File, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    KeyboardEvent,
};
use yew::prelude::*;

use crate::components::settings::SettingsPanel;
use crate::samples::{self, SAMPLES};
use crate::state::{use_app_state, Action, StateHandle};
use crate::storage;
use posture_engine::Severity;

/// Must match `--line` in the stylesheet: the gutter and the jump-to-line scroll rely on it.
const LINE_PX: f64 = 20.0;
/// Files above this are refused before reading; the engine's own limit is 16 MiB.
const MAX_FILE_BYTES: f64 = 16.0 * 1024.0 * 1024.0;
/// Lines numbered in the gutter at most.
const MAX_NUMBERED_LINES: usize = 100_000;
/// Markers drawn in the gutter at most (the findings list has them all).
const MAX_MARKERS: usize = 5000;

#[function_component(Editor)]
pub fn editor() -> Html {
    let state = use_app_state();
    let area = use_node_ref();
    let gutter = use_node_ref();
    let escape_pressed = use_mut_ref(|| false);
    let dragging = use_state(|| false);

    // Write the text into the text area when it was replaced from outside (and on mount).
    {
        let area = area.clone();
        let text = state.text.clone();
        use_effect_with(state.replaced, move |_| {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                el.set_value(&text);
            }
        });
    }

    // Select and reveal the range a finding points at.
    {
        let area = area.clone();
        use_effect_with(state.jump, move |jump| {
            if let (Some(jump), Some(el)) = (jump, area.cast::<HtmlTextAreaElement>()) {
                // On a phone, focusing an editable text area opens the keyboard over the very
                // place being shown: focus it read-only, and make it editable again on the next
                // touch or when focus leaves.
                if narrow_screen() && !el.read_only() {
                    el.set_read_only(true);
                    for event in ["pointerdown", "blur"] {
                        let again = el.clone();
                        gloo_events::EventListener::once(&el, event, move |_| {
                            again.set_read_only(false)
                        })
                        .forget();
                    }
                }
                let _ = el.focus();
                let _ = el.set_selection_range(jump.start as u32, jump.end as u32);
                let visible = f64::from(el.client_height());
                let target = (jump.line as f64 - 1.0) * LINE_PX - visible / 3.0;
                el.set_scroll_top(target.max(0.0) as i32);
            }
        });
    }

    // After a jump on a phone the findings are scrolled away: one tap brings the finding back.
    let dismissed_jump = use_state(|| 0u64);
    let back_to_findings = {
        let dismissed_jump = dismissed_jump.clone();
        let jump = state.jump;
        Callback::from(move |_| {
            let Some(jump) = jump else { return };
            dismissed_jump.set(jump.serial);
            let finding = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                d.query_selector(&format!("li.finding[data-line=\"{}\"]", jump.line))
                    .ok()
                    .flatten()
            });
            if let Some(finding) = finding {
                finding.scroll_into_view();
            }
        })
    };
    let show_back = state.jump.is_some_and(|j| j.serial != *dismissed_jump);
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            // Refuse an oversized paste before the browser lays it out: a text area holding tens
            // of megabytes freezes the page for a minute. The length in UTF-16 units is free to
            // read; the text itself is not copied.
            let units = el.text_length() as usize;
            if units as f64 > MAX_FILE_BYTES {
                el.set_value(&state.text);
                let mib = (units as f64 / 1024.0 / 1024.0).ceil() as u64;
                state.dispatch(Action::Notice(format!(
                    "The pasted text is about {mib} MiB; Posture reads up to 16 MiB. The previous text was kept."
                )));
                return;
            }
            state.dispatch(Action::Edit(el.value()));
        })
    };
    // Paste inserts the text itself: Chromium's own paste over a selection re-lays out the page
    // around the text area many times (a megabyte took 17 s, 5 MB minutes); inserting with
    // setRangeText takes under a second. The cost: that paste is not on the browser's undo stack.
    let onpaste = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if state.read_only() {
                return;
            }
            let Some(clipboard) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(text) = clipboard
                .clipboard_data()
                .and_then(|data| data.get_data("text/plain").ok())
            else {
                return;
            };
            e.prevent_default();
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let start = el.selection_start().ok().flatten().unwrap_or(0);
            let end = el.selection_end().ok().flatten().unwrap_or(start);
            // The same limit as typing: refuse before the browser has to lay the text out.
            let units =
                el.text_length() as usize - (end - start) as usize + text.encode_utf16().count();
            if units as f64 > MAX_FILE_BYTES {
                let mib = (units as f64 / 1024.0 / 1024.0).ceil() as u64;
                state.dispatch(Action::Notice(format!(
                    "The text would be about {mib} MiB; Posture reads up to 16 MiB. The previous text was kept."
                )));
                return;
            }
            let _ = el.set_range_text_with_start_and_end_and_mode(&text, start, end, "end");
            state.dispatch(Action::Edit(el.value()));
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(g) = gutter.cast::<HtmlElement>() {
                let _ = g
                    .style()
                    .set_property("transform", &format!("translateY(-{}px)", el.scroll_top()));
            }
        })
    };
    // Tab indents with two spaces; Escape then Tab leaves the editor, so keyboard users are
    // never trapped.
    let onkeydown = {
        let state = state.clone();
        let escape_pressed = escape_pressed.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                *escape_pressed.borrow_mut() = true;
                return;
            }
            let leave = std::mem::take(&mut *escape_pressed.borrow_mut());
            // A read-only text keeps Tab for moving focus.
            if state.read_only()
                || e.key() != "Tab"
                || e.shift_key()
                || e.ctrl_key()
                || e.alt_key()
                || e.meta_key()
                || leave
            {
                return;
            }
            e.prevent_default();
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let start = el.selection_start().ok().flatten().unwrap_or(0);
            let end = el.selection_end().ok().flatten().unwrap_or(start);
            let _ = el.set_range_text_with_start_and_end_and_mode("  ", start, end, "end");
            state.dispatch(Action::Edit(el.value()));
        })
    };

    let on_sample = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(sample) = samples::find(&select.value()) {
                state.dispatch(Action::Replace(sample.text.to_string()));
            }
            select.set_value("");
        })
    };
    let on_file = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, state.clone());
            }
            input.set_value("");
        })
    };
    let on_remember = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            storage::set_remember(input.checked());
            if input.checked() {
                storage::save_text(&state.text);
                storage::save_settings(&state.settings.text);
            }
            state.dispatch(Action::Remember(input.checked()));
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let state = state.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if state.read_only() {
                return;
            }
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                read_file(file, state.clone());
            }
        })
    };

    let read_only = state.read_only();
    let line_count = state.text.matches('\n').count() + 1;
    // Numbering stops at MAX_NUMBERED_LINES: laying out millions of gutter lines would freeze
    // the page on a huge paste, and nobody reads line 4,000,000 in a gutter.
    let numbers = use_memo(line_count.min(MAX_NUMBERED_LINES), |n| {
        (1..=*n).map(|i| format!("{i}\n")).collect::<String>()
    });
    // Recomputed only when a new report arrives, not on every keystroke.
    let column = use_memo(state.outcome.report.1, {
        let report = state.outcome.report.clone();
        move |_| marker_column(&report.0)
    });

    html! {
        <section class={classes!("editor", dragging.then_some("dragging"), state.stale().then_some("stale"))} aria-labelledby="editor-title"
            {ondragover} {ondragleave} {ondrop}>
            <div class="editor-head">
                <h2 id="editor-title"><label for="config">{"Configuration"}</label></h2>
                if !read_only {
                    <div class="toolbar">
                        <label class="visually-hidden" for="sample">{"Load sample"}</label>
                        <select id="sample" onchange={on_sample}>
                            <option value="" selected=true>{"Load sample…"}</option>
                            {for SAMPLES.iter().map(|s| html! { <option value={s.id}>{s.label}</option> })}
                        </select>
                        <label class="button file">
                            {"Open file"}
                            <input type="file" id="open-file" accept=".yaml,.yml,.json,.txt,text/*" onchange={on_file} />
                        </label>
                        if state.embed.is_none() {
                            <label class="remember" title="Keep the last input in this browser's storage">
                                <input type="checkbox" id="remember" checked={state.remember} onchange={on_remember} />
                                {" Remember input"}
                            </label>
                        }
                    </div>
                } else {
                    <span class="read-only-tag">{"Read-only"}</span>
                }
            </div>
            if let Some(notice) = &state.notice {
                <p class="notice" role="alert">{notice}</p>
            }
            <div class="code-area">
                <div class="gutter" aria-hidden="true">
                    <div class="gutter-inner" ref={gutter}>
                        <pre class="marks">{(*column).clone()}</pre>
                        <pre class="numbers">{(*numbers).clone()}</pre>
                    </div>
                </div>
                <textarea
                    id="config"
                    ref={area}
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    aria-describedby="editor-help"
                    placeholder="Paste Kubernetes manifests, a Palette cluster profile or pack values…"
                    readonly={read_only}
                    {oninput}
                    {onpaste}
                    {onscroll}
                    {onkeydown}
                />
            </div>
            if show_back {
                <button class="back-to-findings" onclick={back_to_findings}>{"↓ Back to the findings"}</button>
            }
            <p class="help" id="editor-help">
                if read_only {
                    {"Read-only: select and copy what you need."}
                } else {
                    {"Drop a file here or paste. Tab indents; press Escape then Tab to leave the editor."}
                }
            </p>
            if !read_only && state.embed.is_none() { <SettingsPanel /> }
        </section>
    }
}

/// Reads a local file in the browser. Refuses oversized and binary files with a message.
fn read_file(file: File, state: StateHandle) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        // Whole mebibytes: formatting floats would cost kilobytes of wasm.
        let mib = (file.size() / 1024.0 / 1024.0).ceil() as u64;
        state.dispatch(Action::Notice(format!(
            "{name} is about {mib} MiB; Posture reads files up to 16 MiB."
        )));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let text = match JsFuture::from(file.text()).await {
            Ok(v) => v.as_string().unwrap_or_default(),
            Err(_) => {
                state.dispatch(Action::Notice(format!("{name} could not be read.")));
                return;
            }
        };
        if text.contains('\0') {
            state.dispatch(Action::Notice(format!(
                "{name} looks like a binary file, not YAML or JSON; it was not loaded."
            )));
            return;
        }
        let replaced = text.contains('\u{FFFD}');
        state.dispatch(Action::Replace(text));
        if replaced {
            state.dispatch(Action::Notice(format!(
                "{name} is not valid UTF-8; unreadable bytes were replaced with �."
            )));
        }
    });
}

/// The gutter's marker column: one glyph per marked line (its shape tells the severity without
/// colour), blank lines elsewhere. Text, not positioned boxes, so the CSP needs no inline style.
fn marker_column(report: &posture_engine::Report) -> Html {
    // The most severe finding on each line, and lines with errors.
    let mut marks: BTreeMap<usize, &'static str> = BTreeMap::new();
    for f in report.active() {
        let entry = marks
            .entry(f.span.start.line)
            .or_insert(f.severity.as_str());
        if Severity::parse(entry).is_some_and(|s| f.severity > s) {
            *entry = f.severity.as_str();
        }
    }
    for e in &report.errors {
        marks.insert(e.span.start.line, "error");
    }
    let mut column: Vec<Html> = Vec::new();
    let mut pending = String::new();
    let mut previous = 0;
    for (line, sev) in marks.iter().take(MAX_MARKERS) {
        pending.push_str(&"\n".repeat(line - previous - 1));
        column.push(html! { {std::mem::take(&mut pending)} });
        let glyph = match *sev {
            "critical" => "◆",
            "high" => "▲",
            "medium" => "■",
            "low" => "●",
            "error" => "✖",
            _ => "·",
        };
        column.push(html! {
            <span class={classes!("mark", format!("mark-{sev}"))} title={format!("line {line}: {sev}")}
                data-line={line.to_string()}>{glyph}</span>
        });
        previous = *line;
        pending.push('\n');
    }
    column.push(html! { {pending} });
    html! { <>{for column}</> }
}

/// Phone-sized screens, where the editor and the findings are stacked rather than side by side.
fn narrow_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 700.0)
}
