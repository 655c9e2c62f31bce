//! The editor: a plain text area with a line-number gutter and severity markers, a toolbar to
//! load samples or local files (read in the browser, never uploaded), and drag-and-drop.
//!
//! Typing stays the browser's own: the text area holds the text. Its glyphs are transparent
//! over a highlight layer (`highlight.rs`) that draws the lines in view, coloured as YAML and
//! with each finding's range marked; the layer is repainted on every input and scroll, and
//! steps aside (the text area shows its own glyphs) for lines too long to draw.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DragEvent, File, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    KeyboardEvent,
};
use yew::prelude::*;

use crate::components::settings::SettingsPanel;
use crate::highlight::{self, Mark};
use crate::markup::Markup;
use crate::samples::{self, SAMPLES};
use crate::state::{use_app_state, Action, StateHandle};
use crate::storage;

/// Must match `--line` in the stylesheet: the gutter and the jump-to-line scroll rely on it.
const LINE_PX: f64 = 20.0;
/// Files above this are refused before reading; the engine's own limit is 16 MiB.
const MAX_FILE_BYTES: f64 = 16.0 * 1024.0 * 1024.0;
/// Lines numbered in the gutter at most.
const MAX_NUMBERED_LINES: usize = 100_000;
/// Markers drawn in the gutter at most (the findings list has them all).
const MAX_MARKERS: usize = 5000;
/// Lines drawn above and below the ones in view, so a scroll rarely outruns the layer.
const LAYER_MARGIN: usize = 30;

/// Draws the lines of `text` in view into the highlight layer and lines it up with the text
/// area's scroll position. `marks` are empty while the findings belong to an older text.
fn paint(area: &HtmlTextAreaElement, layer: &HtmlElement, text: &str, marks: &[Mark]) {
    let top = area.scroll_top().max(0);
    let first = ((f64::from(top) / LINE_PX) as usize).saturating_sub(LAYER_MARGIN);
    let shown = (f64::from(area.client_height()) / LINE_PX) as usize + 2 * LAYER_MARGIN + 2;
    let starts = highlight::line_starts(text);
    // The text area has no class of its own in the markup, so this one is the layer's to set.
    // The class is set only when it changes: restyling a text area that holds a megabyte
    // lays all of it out again.
    let layered = !highlight::too_long(text, &starts, first, first + shown);
    let class = if layered { "layered" } else { "" };
    if area.class_name() != class {
        area.set_class_name(class);
    }
    if !layered {
        layer.set_inner_html("");
        return;
    }
    layer.set_inner_html(highlight::lines(text, &starts, first, first + shown, marks).as_str());
    let y = first as f64 * LINE_PX - f64::from(top);
    let _ = layer.style().set_property(
        "transform",
        &format!("translate({}px,{}px)", -area.scroll_left(), y as i64),
    );
}

/// What the findings at a place say, for the caret or the pointer: "critical LP102: …".
fn describe<'a>(report: &posture_engine::Report, here: impl Iterator<Item = &'a Mark>) -> String {
    here.filter_map(|m| match m.error {
        true => report
            .errors
            .get(m.index)
            .map(|e| format!("error: {}", e.message)),
        false => report
            .findings
            .get(m.index)
            .map(|f| format!("{} {}: {}", f.severity.as_str(), f.rule_id, f.title)),
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The byte offset of UTF-16 position `units` in `text`.
fn byte_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.len()
}

#[function_component(Editor)]
pub fn editor() -> Html {
    let state = use_app_state();
    let area = use_node_ref();
    let gutter = use_node_ref();
    let layer = use_node_ref();
    let probe = use_node_ref();
    // Where the finding under the caret is named, below the editor.
    let caret_note = use_node_ref();
    // The current findings' ranges; none while they belong to an older text.
    let marks_key = (state.outcome.report.1, state.stale());
    let marks = use_memo(marks_key, {
        let report = state.outcome.report.clone();
        move |(_, stale)| match stale {
            true => Vec::new(),
            false => highlight::marks(&report.0),
        }
    });
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

    // Repaint the layer when the text was replaced or the findings changed; typing and
    // scrolling repaint it in their own handlers, before the browser draws the frame. (It
    // draws a margin of lines beyond the view, so a taller window is covered until a scroll.)
    {
        let (area, layer, marks) = (area.clone(), layer.clone(), marks.clone());
        use_effect_with((state.replaced, marks_key), move |_| {
            if let (Some(a), Some(l)) = (
                area.cast::<HtmlTextAreaElement>(),
                layer.cast::<HtmlElement>(),
            ) {
                paint(&a, &l, &a.value(), &marks);
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
        let layer = layer.clone();
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
            let text = el.value();
            if let Some(l) = layer.cast::<HtmlElement>() {
                paint(&el, &l, &text, &[]);
            }
            state.dispatch(Action::Edit(text));
        })
    };
    // Paste inserts the text itself: Chromium's own paste over a selection re-lays out the page
    // around the text area many times (a megabyte took 17 s, 5 MB minutes); inserting with
    // setRangeText takes under a second. The cost: that paste is not on the browser's undo stack.
    let onpaste = {
        let state = state.clone();
        let layer = layer.clone();
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
            let text = el.value();
            if let Some(l) = layer.cast::<HtmlElement>() {
                paint(&el, &l, &text, &[]);
            }
            state.dispatch(Action::Edit(text));
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        let (layer, marks) = (layer.clone(), marks.clone());
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(l) = layer.cast::<HtmlElement>() {
                paint(&el, &l, &el.value(), &marks);
            }
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
        let layer = layer.clone();
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
            let text = el.value();
            if let Some(l) = layer.cast::<HtmlElement>() {
                paint(&el, &l, &text, &[]);
            }
            state.dispatch(Action::Edit(text));
        })
    };

    // Name the finding under the caret (keyboard and clicks) below the editor.
    let on_caret = {
        let (caret_note, marks, report) = (
            caret_note.clone(),
            marks.clone(),
            state.outcome.report.clone(),
        );
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let units = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            let text = el.value();
            let said = match marks.is_empty() {
                true => String::new(),
                false => describe(
                    &report.0,
                    highlight::at(&marks, &text, byte_offset(&text, units)),
                ),
            };
            let note = caret_note.get();
            if let Some(note) = note.filter(|n| n.text_content().unwrap_or_default() != said) {
                note.set_text_content(Some(&said));
            }
        })
    };
    // Name the finding under the pointer in the text area's tooltip.
    let on_pointer = {
        let (marks, report, probe) = (marks.clone(), state.outcome.report.clone(), probe.clone());
        Callback::from(move |e: MouseEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let Some(char_px) = probe
                .cast::<HtmlElement>()
                .map(|p| f64::from(p.offset_width()) / 10.0)
            else {
                return;
            };
            if marks.is_empty() || char_px <= 0.0 {
                el.set_title("");
                return;
            }
            // The text area's padding in the stylesheet: .5rem .6rem.
            let (pad_top, pad_left) = (8.0, 9.6);
            let y = f64::from(e.offset_y()) + f64::from(el.scroll_top()) - pad_top;
            let x = f64::from(e.offset_x()) + f64::from(el.scroll_left()) - pad_left;
            let text = el.value();
            let starts = highlight::line_starts(&text);
            let line = (y / LINE_PX).floor();
            let said = match (line >= 0.0 && x >= 0.0)
                .then(|| starts.get(line as usize))
                .flatten()
            {
                Some(&start) => {
                    let end = starts.get(line as usize + 1).map_or(text.len(), |n| n - 1);
                    let column = (x / char_px) as usize;
                    let line_text = &text[start..end.max(start)];
                    let offset = start + byte_offset(line_text, column).min(line_text.len());
                    match offset < end || column == 0 {
                        true => describe(&report.0, highlight::at(&marks, &text, offset)),
                        false => String::new(),
                    }
                }
                None => String::new(),
            };
            if el.title() != said {
                el.set_title(&said);
            }
        })
    };

    let on_sample = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if select.id() != "sample" {
                return;
            }
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
                    <div class="toolbar" onchange={on_sample}>
                        {sample_choice()}
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
                <div class="text-wrap">
                <pre class="highlight" aria-hidden="true" ref={layer}></pre>
                <span class="probe" aria-hidden="true" ref={probe}>{"MMMMMMMMMM"}</span>
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
                    onkeyup={on_caret.reform(|e: KeyboardEvent| e.into())}
                    onclick={on_caret.reform(|e: MouseEvent| e.into())}
                    onmousemove={on_pointer}
                />
                </div>
            </div>
            <p class="caret-finding" id="caret-finding" aria-live="polite" ref={caret_note}></p>
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

/// "Load sample…" as markup text (see `markup.rs`): fixed, and reset to its first option after
/// each choice, so the browser keeps it; the toolbar's `onchange` hears the choice.
fn sample_choice() -> Html {
    let mut m = Markup::default();
    m.tag(
        "<label class=\"visually-hidden\" for=\"sample\">Load sample</label><select id=\"sample\">",
    );
    m.tag("<option value=\"\" selected>Load sample…</option>");
    for s in SAMPLES {
        m.tag("<option value=\"")
            .text(s.id)
            .tag("\">")
            .text(s.label)
            .tag("</option>");
    }
    m.tag("</select>");
    m.into_html()
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
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                state.dispatch(Action::Notice(format!("{name} could not be read.")));
                return;
            }
        };
        // Saved as UTF-16 (Windows editors do that): decoded, or named when it cannot be.
        let text = match posture_engine::encoding::utf16(&bytes) {
            Some(Ok(text)) => text,
            Some(Err(why)) => {
                state.dispatch(Action::Notice(format!("{name} {why}; it was not loaded.")));
                return;
            }
            None if bytes.contains(&0) => {
                state.dispatch(Action::Notice(format!(
                    "{name} looks like a binary file, not YAML or JSON; it was not loaded."
                )));
                return;
            }
            // As the CLI does: a file that is not UTF-8 is named, not loaded half-garbled.
            None => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    state.dispatch(Action::Notice(format!(
                        "{name} is not valid UTF-8 text (invalid byte at offset {}); save it \
                         as UTF-8. It was not loaded.",
                        e.utf8_error().valid_up_to()
                    )));
                    return;
                }
            },
        };
        state.dispatch(Action::Replace(text));
    });
}

/// The gutter's marker column: one glyph per marked line (its shape tells the severity without
/// colour), blank lines elsewhere. Text, not positioned boxes, so the CSP needs no inline style;
/// markup text (see `markup.rs`), as it can be thousands of lines.
fn marker_column(report: &posture_engine::Report) -> Html {
    // The most severe finding on each line, and lines with errors.
    // (line, rank, glyph name): sorted so each line's first entry is its worst; a sorted list
    // rather than a map keeps a map type's code out of the bundle.
    let mut marks: Vec<(usize, u8, &'static str)> = report
        .active()
        .map(|f| (f.span.start.line, 5 - f.severity as u8, f.severity.as_str()))
        .chain(
            report
                .errors
                .iter()
                .map(|e| (e.span.start.line, 0, "error")),
        )
        .collect();
    marks.sort_unstable();
    marks.dedup_by_key(|m| m.0);
    let mut column = Markup::default();
    let mut previous = 0;
    for (line, _, sev) in marks.into_iter().take(MAX_MARKERS) {
        for _ in previous + 1..line {
            column.tag("\n");
        }
        let glyph = match sev {
            "critical" => "◆",
            "high" => "▲",
            "medium" => "■",
            "low" => "●",
            "error" => "✖",
            _ => "·",
        };
        column
            .tag("<span class=\"mark mark-")
            .text(sev)
            .tag("\" title=\"line ");
        column
            .number(line)
            .tag(": ")
            .text(sev)
            .tag("\" data-line=\"")
            .number(line);
        column.tag("\">").tag(glyph).tag("</span>\n");
        previous = line;
    }
    column.into_html()
}

/// Phone-sized screens, where the editor and the findings are stacked rather than side by side.
pub fn narrow_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 700.0)
}
