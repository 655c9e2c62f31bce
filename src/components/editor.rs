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

use crate::components::settings::settings_panel;
use crate::highlight::{self, Mark};
use crate::markup::Markup;
use crate::samples::{self, SAMPLES};
use crate::state::{Action, StateHandle};
use crate::storage;

/// Must match `--line` in the stylesheet: the gutter and the jump-to-line scroll rely on it.
const LINE_PX: f64 = 20.0;
/// Files above this are refused before reading; the engine's own limit is 16 MiB.
const MAX_FILE_BYTES: f64 = 16.0 * 1024.0 * 1024.0;
/// Lines drawn above and below the ones in view, so a scroll rarely outruns the layer.
const LAYER_MARGIN: usize = 30;
/// A text this large that arrives whole (a paste, a file, a link) is shown in a read-only view
/// that draws only the lines in view: a browser text area needs seconds to lay out a
/// megabyte, on every paste and again for each key.
const LARGE_VIEW_BYTES: usize = 256 * 1024;
/// The view's padding above the first line, in pixels (`.code-view` in the stylesheet).
const VIEW_PAD_PX: f64 = 8.0;

// Fixed parts of the editor as markup text (see `markup.rs`).
const HEAD: &str = "<h2 id=\"editor-title\"><label for=\"config\">Configuration</label></h2>";
const READ_ONLY_TAG: &str = "<span class=\"read-only-tag\">Read-only</span>";
const HELP: &str = "<p class=\"help\" id=\"editor-help\">Drop a file here or paste. In the text \
                    area Tab indents: press Escape then Tab to leave it.</p>";
const HELP_READ_ONLY: &str =
    "<p class=\"help\" id=\"editor-help\">Read-only: select and copy what you need.</p>";

/// Draws the lines of `text` in view into the highlight layer and the gutter, and lines them up
/// with the text area's scroll position. `marks` are empty while the findings belong to an
/// older text.
fn paint(
    area: &HtmlTextAreaElement,
    layer: &HtmlElement,
    gutter: &NodeRef,
    text: &str,
    marks: &[Mark],
) {
    let top = area.scroll_top().max(0);
    let first = ((f64::from(top) / LINE_PX) as usize).saturating_sub(LAYER_MARGIN);
    let shown = (f64::from(area.client_height()) / LINE_PX) as usize + 2 * LAYER_MARGIN + 2;
    let starts = highlight::line_starts(text);
    let y = first as f64 * LINE_PX - f64::from(top);
    paint_gutter(gutter, &starts, first, first + shown, marks, y);
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
    let _ = layer.style().set_property(
        "transform",
        &format!("translate({}px,{}px)", -area.scroll_left(), y as i64),
    );
}

/// Draws the lines of `text` in view into the large text's view (see [`LARGE_VIEW_BYTES`]),
/// with the selected range (byte offsets) marked like a selection.
fn paint_view(
    view: &HtmlElement,
    lines_el: &HtmlElement,
    gutter: &NodeRef,
    text: &str,
    marks: &[Mark],
    selected: Option<(usize, usize)>,
) {
    let top = f64::from(view.scroll_top().max(0));
    let first = ((top / LINE_PX) as usize).saturating_sub(LAYER_MARGIN);
    let last = first + (f64::from(view.client_height()) / LINE_PX) as usize + 2 * LAYER_MARGIN + 2;
    let starts = highlight::line_starts(text);
    paint_gutter(
        gutter,
        &starts,
        first,
        last,
        marks,
        first as f64 * LINE_PX - top,
    );
    // The selection first: where marks tie, the first is drawn.
    let mut all = Vec::with_capacity(marks.len() + 1);
    if let Some((start, end)) = selected {
        all.push(Mark {
            start,
            end,
            rank: 0,
            class: "m-sel",
            index: usize::MAX,
            error: false,
        });
    }
    all.extend_from_slice(marks);
    let markup = highlight::lines(text, &starts, first, last, &all);
    lines_el.set_inner_html(markup.as_str());
    // The space the whole text would take, set here: the page's policy allows no inline style.
    if let Some(space) = lines_el
        .parent_element()
        .and_then(|p| p.dyn_into::<HtmlElement>().ok())
    {
        let height = starts.len() as f64 * LINE_PX + 2.0 * VIEW_PAD_PX;
        let _ = space
            .style()
            .set_property("height", &format!("{}px", height as u64));
    }
    let _ = lines_el.style().set_property(
        "top",
        &format!("{}px", (first as f64 * LINE_PX + VIEW_PAD_PX) as i64),
    );
}

/// Draws the gutter's line numbers and severity glyphs for lines `first..last` (0-based) and
/// moves it `y` pixels down from the top of the view. Only these lines are written: a gutter of
/// every line of a megabyte took the browser hundreds of milliseconds to lay out.
fn paint_gutter(
    gutter: &NodeRef,
    starts: &[usize],
    first: usize,
    last: usize,
    marks: &[Mark],
    y: f64,
) {
    let Some(gutter) = gutter.cast::<HtmlElement>() else {
        return;
    };
    let (first, last) = (first.min(starts.len()), last.min(starts.len()));
    // The most serious mark starting on each line (an error before a critical finding).
    let mut worst: Vec<Option<&Mark>> = vec![None; last - first];
    let from = starts.get(first).copied().unwrap_or(usize::MAX);
    let to = starts.get(last).copied().unwrap_or(usize::MAX);
    for m in marks.iter().filter(|m| from <= m.start && m.start < to) {
        let slot = &mut worst[starts.partition_point(|s| *s <= m.start) - 1 - first];
        if slot.is_none_or(|w| (m.rank, !m.error) < (w.rank, !w.error)) {
            *slot = Some(m);
        }
    }
    let (mut numbers, mut glyphs) = (Markup::default(), Markup::default());
    for (line, mark) in (first + 1..).zip(worst) {
        numbers.number(line).tag("\n");
        if let Some(m) = mark {
            // The glyph's shape tells the severity without colour.
            let severity = m.class.trim_start_matches("m-");
            let glyph = match severity {
                "critical" => "◆",
                "high" => "▲",
                "medium" => "■",
                "low" => "●",
                "error" => "✖",
                _ => "·",
            };
            glyphs.tag("<span class=\"mark mark-").tag(severity);
            glyphs.tag("\" title=\"line ").number(line).tag(": ");
            glyphs.tag(severity).tag("\">").tag(glyph).tag("</span>");
        }
        glyphs.tag("\n");
    }
    if let (Some(marks_el), Some(numbers_el)) =
        (gutter.first_element_child(), gutter.last_element_child())
    {
        marks_el.set_inner_html(glyphs.as_str());
        numbers_el.set_inner_html(numbers.as_str());
    }
    let _ = gutter
        .style()
        .set_property("transform", &format!("translateY({}px)", y as i64));
}

/// What the page says when an edit would make the text larger than it reads (`size` in UTF-16
/// units or bytes: either is near enough for a size in whole mebibytes).
fn too_large(size: usize) -> Action {
    // Whole mebibytes: formatting floats would cost kilobytes of wasm.
    let mib = (size as f64 / 1024.0 / 1024.0).ceil() as u64;
    Action::Notice(format!(
        "The text would be about {mib} MiB; Posture reads up to 16 MiB. The previous text was kept."
    ))
}

/// Whether a key is "select all" (Ctrl+A, or Cmd+A on a Mac).
fn select_all(k: &KeyboardEvent) -> bool {
    k.key().eq_ignore_ascii_case("a") && (k.ctrl_key() || k.meta_key())
}

/// Puts the page's selection, collapsed, inside the large text's view: a paste goes where the
/// selection is, and "select all" would otherwise select the whole page and send it there.
fn hold_selection(view: &HtmlElement) {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.collapse_with_offset(Some(view), 0);
    }
}

/// Lines of a large text the editing window holds: more than a tall screen shows, few enough
/// that the browser types into them at full speed (a text area holding a megabyte takes it
/// about 200 ms a key here).
const WINDOW_LINES: usize = 400;

/// The lines of a large text being edited in the window over its view (see [`open_window`]);
/// the text before and after them is kept as it was.
struct EditWindow {
    /// The window's first line, 0-based.
    first: usize,
    before: String,
    after: String,
    /// What the window held after the last edit taken (restored when an edit is refused).
    held: String,
}

impl EditWindow {
    fn text(&self) -> String {
        format!("{}{}{}", self.before, self.held, self.after)
    }
}

/// Opens (or moves) the editing window over the lines around the large text's view, with the
/// selection at bytes `caret` (start, end) of `text`. `None`, with the window left as it is,
/// when the selection would fall outside it.
fn open_window(
    view: &HtmlElement,
    edit: &HtmlTextAreaElement,
    text: &str,
    caret: (usize, usize),
) -> Option<EditWindow> {
    let starts = highlight::line_starts(text);
    let seen = (f64::from(view.client_height()) / LINE_PX) as usize + 1;
    let top = (f64::from(view.scroll_top().max(0)) / LINE_PX) as usize;
    let first = top
        .saturating_sub(WINDOW_LINES.saturating_sub(seen) / 2)
        .min(starts.len() - 1);
    let last = (first + WINDOW_LINES).min(starts.len());
    let from = starts[first];
    // The last line's newline stays outside, so the window never shows an extra empty line.
    let to = starts.get(last).map_or(text.len(), |next| next - 1);
    let inside = |at: usize| (from..=to).contains(&at) && text.is_char_boundary(at);
    if !inside(caret.0) || !inside(caret.1) || caret.0 > caret.1 {
        return None;
    }
    let held = text[from..to].to_string();
    edit.set_value(&held);
    edit.set_hidden(false);
    fit_window(edit, first, &held);
    // The caret before the focus: focusing scrolls the view to wherever the caret is.
    let units = |at: usize| text[from..at].encode_utf16().count() as u32;
    let _ = edit.set_selection_range(units(caret.0), units(caret.1));
    let _ = edit.focus();
    Some(EditWindow {
        first,
        before: text[..from].to_string(),
        after: text[to..].to_string(),
        held,
    })
}

/// Places the editing window's first line over line `first` of the view, as tall as its lines
/// and as wide as its longest, so it never scrolls on its own: the view does.
fn fit_window(edit: &HtmlTextAreaElement, first: usize, held: &str) {
    let lines = held.matches('\n').count() + 1;
    let style = edit.style();
    let px = |n: f64| format!("{}px", n as i64);
    let _ = style.set_property("top", &px(first as f64 * LINE_PX + VIEW_PAD_PX));
    let _ = style.set_property("height", &px(lines as f64 * LINE_PX));
    let _ = style.set_property("width", "");
    let _ = style.set_property("width", &px(f64::from(edit.scroll_width())));
}

/// Closes the editing window (its text is already the state's).
fn close_window(edit: &HtmlTextAreaElement, window: &std::cell::RefCell<Option<EditWindow>>) {
    window.borrow_mut().take();
    edit.set_hidden(true);
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

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The app's state: the editor renders again whenever it changes.
    pub state: StateHandle,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let state = props.state.clone();
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
    // A large text that arrived whole is shown in the view, not the text area (see
    // LARGE_VIEW_BYTES); `selected` is the range a jump selected there (byte offsets).
    let large = use_state(|| false);
    let selected = use_mut_ref(|| None::<(usize, usize)>);
    let view = use_node_ref();
    let view_lines = use_node_ref();
    // The editing window over the view, and the lines it holds while open.
    let edit = use_node_ref();
    let window = use_mut_ref(|| None::<EditWindow>);

    // Write the text into the text area when it was replaced from outside (and on mount); a
    // large one goes to the view instead, and the text area is emptied.
    {
        let (area, layer, large, selected) =
            (area.clone(), layer.clone(), large.clone(), selected.clone());
        let (view, edit, window) = (view.clone(), edit.clone(), window.clone());
        let text = state.text.clone();
        use_effect_with(state.replaced, move |_| {
            let is_large = text.len() >= LARGE_VIEW_BYTES;
            if let Some(e) = edit.cast::<HtmlTextAreaElement>() {
                close_window(&e, &window);
            }
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                el.set_value(if is_large { "" } else { &text });
            }
            if let (true, Some(l)) = (is_large, layer.cast::<HtmlElement>()) {
                l.set_inner_html("");
            }
            // A new text is read from its start.
            if let Some(v) = view.cast::<HtmlElement>() {
                v.set_scroll_top(0);
            }
            *selected.borrow_mut() = None;
            large.set(is_large);
        });
    }

    // Repaint the layer when the text was replaced or the findings changed; typing and
    // scrolling repaint it in their own handlers, before the browser draws the frame. (It
    // draws a margin of lines beyond the view, so a taller window is covered until a scroll.)
    {
        let (area, layer, marks) = (area.clone(), layer.clone(), marks.clone());
        let (view, view_lines, selected) = (view.clone(), view_lines.clone(), selected.clone());
        let (text, gutter) = (state.text.clone(), gutter.clone());
        use_effect_with((state.replaced, marks_key, *large), move |(_, _, large)| {
            if *large {
                if let (Some(v), Some(l)) =
                    (view.cast::<HtmlElement>(), view_lines.cast::<HtmlElement>())
                {
                    paint_view(&v, &l, &gutter, &text, &marks, *selected.borrow());
                }
            } else if let (Some(a), Some(l)) = (
                area.cast::<HtmlTextAreaElement>(),
                layer.cast::<HtmlElement>(),
            ) {
                paint(&a, &l, &gutter, &a.value(), &marks);
            }
        });
    }

    // Select and reveal the range a finding points at.
    {
        let (area, gutter) = (area.clone(), gutter.clone());
        let (view, view_lines, selected, marks) = (
            view.clone(),
            view_lines.clone(),
            selected.clone(),
            marks.clone(),
        );
        let (text, is_large) = (state.text.clone(), *large);
        use_effect_with(state.jump, move |jump| {
            // In the large text's view: mark the range as selected and scroll to it.
            if let (true, Some(jump), Some(v), Some(l)) = (
                is_large,
                jump,
                view.cast::<HtmlElement>(),
                view_lines.cast::<HtmlElement>(),
            ) {
                let (start, end) = (byte_offset(&text, jump.start), byte_offset(&text, jump.end));
                *selected.borrow_mut() = Some((start, end.max(start)));
                let target =
                    (jump.line as f64 - 1.0) * LINE_PX - f64::from(v.client_height()) / 3.0;
                v.set_scroll_top(target.max(0.0) as i32);
                paint_view(&v, &l, &gutter, &text, &marks, *selected.borrow());
                let _ = v.focus();
                return;
            }
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
        let (state, gutter) = (state.clone(), gutter.clone());
        let layer = layer.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            // Refuse an oversized paste before the browser lays it out: a text area holding tens
            // of megabytes freezes the page for a minute. The length in UTF-16 units is free to
            // read; the text itself is not copied.
            let units = el.text_length() as usize;
            if units as f64 > MAX_FILE_BYTES {
                el.set_value(&state.text);
                state.dispatch(too_large(units));
                return;
            }
            let text = el.value();
            if let Some(l) = layer.cast::<HtmlElement>() {
                paint(&el, &l, &gutter, &text, &[]);
            }
            state.dispatch(Action::Edit(text));
        })
    };
    // Paste inserts the text itself: Chromium's own paste over a selection re-lays out the page
    // around the text area many times (a megabyte took 17 s, 5 MB minutes); inserting with
    // setRangeText takes under a second. The cost: that paste is not on the browser's undo stack.
    let onpaste = {
        let (state, gutter) = (state.clone(), gutter.clone());
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
            // Heard on the text area and on the large text's view, which has no caret: a paste
            // there replaces the whole text. The editing window pastes as a text area does.
            let area = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok());
            if area.as_ref().is_some_and(|a| a.id() == "config-window") {
                return;
            }
            e.prevent_default();
            let (start, end, kept) = area.as_ref().map_or((0, 0, 0), |el| {
                let start = el.selection_start().ok().flatten().unwrap_or(0);
                let end = el.selection_end().ok().flatten().unwrap_or(start);
                (
                    start,
                    end,
                    el.text_length() as usize - (end - start) as usize,
                )
            });
            // The same limit as typing: refuse before the browser has to lay the text out.
            let units = kept + text.encode_utf16().count();
            if units as f64 > MAX_FILE_BYTES {
                state.dispatch(too_large(units));
                return;
            }
            // A large result goes to the view: the text area never has to lay it out. (A UTF-16
            // unit is at most three bytes of UTF-8.)
            let whole = match &area {
                None => Some(text.clone()),
                Some(el) if units * 3 >= LARGE_VIEW_BYTES => {
                    let old = el.value();
                    let (a, b) = (
                        byte_offset(&old, start as usize),
                        byte_offset(&old, end as usize),
                    );
                    Some(format!("{}{text}{}", &old[..a], &old[b.max(a)..]))
                        .filter(|w| w.len() >= LARGE_VIEW_BYTES)
                }
                Some(_) => None,
            };
            let (Some(el), None) = (area, whole.as_ref()) else {
                state.dispatch(Action::Replace(whole.unwrap_or_default()));
                return;
            };
            let _ = el.set_range_text_with_start_and_end_and_mode(&text, start, end, "end");
            let text = el.value();
            if let Some(l) = layer.cast::<HtmlElement>() {
                paint(&el, &l, &gutter, &text, &[]);
            }
            state.dispatch(Action::Edit(text));
        })
    };
    let on_view_scroll = {
        let (gutter, view_lines, marks, selected) = (
            gutter.clone(),
            view_lines.clone(),
            marks.clone(),
            selected.clone(),
        );
        let (text, edit, window) = (state.text.clone(), edit.clone(), window.clone());
        Callback::from(move |e: Event| {
            let v: HtmlElement = e.target_unchecked_into();
            // Yew passes on the editing window's own scroll events too.
            if v.id() != "config-view" {
                return;
            }
            if let Some(l) = view_lines.cast::<HtmlElement>() {
                paint_view(&v, &l, &gutter, &text, &marks, *selected.borrow());
            }
            // The editing window follows the view, with the caret where it was; when the
            // caret would be left behind, the window closes and the view keeps the focus.
            let Some(edit) = edit.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let moved = match &*window.borrow() {
                None => return,
                Some(w) => {
                    let lines = w.held.matches('\n').count() + 1;
                    let top = (f64::from(v.scroll_top().max(0)) / LINE_PX) as usize;
                    let bottom = top + (f64::from(v.client_height()) / LINE_PX) as usize;
                    // (At the end of the text the view's last line is the window's.)
                    if w.first <= top && (bottom < w.first + lines || w.after.is_empty()) {
                        return;
                    }
                    let at = |units: Option<u32>| {
                        w.before.len() + byte_offset(&w.held, units.unwrap_or(0) as usize)
                    };
                    let start = at(edit.selection_start().ok().flatten());
                    let end = at(edit.selection_end().ok().flatten());
                    open_window(&v, &edit, &w.text(), (start, end))
                }
            };
            match moved {
                Some(w) => *window.borrow_mut() = Some(w),
                None => {
                    close_window(&edit, &window);
                    let _ = v.focus();
                }
            }
        })
    };
    // A press on a line of the large text opens the editing window there, with the caret
    // where the press was (the window is not under the pointer yet, so the browser cannot
    // place it).
    let on_view_press = {
        let (probe, edit, window, view) =
            (probe.clone(), edit.clone(), window.clone(), view.clone());
        let (text, read_only) = (state.text.clone(), state.read_only());
        Callback::from(move |e: MouseEvent| {
            let (Some(v), Some(edit), Some(probe)) = (
                view.cast::<HtmlElement>(),
                edit.cast::<HtmlTextAreaElement>(),
                probe.cast::<HtmlElement>(),
            ) else {
                return;
            };
            // The scroll bars (the view itself) and the open window answer on their own.
            let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            if read_only
                || e.button() != 0
                || target.is_none_or(|t| t.is_same_node(Some(&v)) || t.is_same_node(Some(&edit)))
            {
                return;
            }
            let char_px = f64::from(probe.offset_width()) / 10.0;
            let rect = v.get_bounding_client_rect();
            // The view's padding in the stylesheet: .5rem above, .6rem left of the lines.
            let y = f64::from(e.client_y()) - rect.top() + f64::from(v.scroll_top()) - VIEW_PAD_PX;
            let x = f64::from(e.client_x()) - rect.left() + f64::from(v.scroll_left()) - 9.6;
            let starts = highlight::line_starts(&text);
            let line = ((y / LINE_PX).max(0.0) as usize).min(starts.len() - 1);
            let end = starts.get(line + 1).map_or(text.len(), |next| next - 1);
            let line_text = &text[starts[line]..end.max(starts[line])];
            // The character nearest the press, counting a tab to the next even column
            // (tab-size 2 in the stylesheet).
            let column = (x / char_px.max(1.0)).round().max(0.0) as usize;
            let (mut drawn, mut caret) = (0, starts[line] + line_text.len());
            for (i, c) in line_text.char_indices() {
                if drawn >= column {
                    caret = starts[line] + i;
                    break;
                }
                drawn += if c == '\t' { 2 - drawn % 2 } else { 1 };
            }
            e.prevent_default();
            *window.borrow_mut() = open_window(&v, &edit, &text, (caret, caret));
        })
    };
    // The view's keys: "select all" keeps the selection inside it (see `hold_selection`);
    // Enter opens the editing window at the first line in view.
    let on_view_key = {
        let (edit, window) = (edit.clone(), window.clone());
        let (text, read_only) = (state.text.clone(), state.read_only());
        Callback::from(move |e: KeyboardEvent| {
            let v: HtmlElement = e.target_unchecked_into();
            // Keys in the editing window reach here too (events bubble): they are its own.
            if v.id() != "config-view" {
                return;
            }
            if select_all(&e) {
                e.prevent_default();
                hold_selection(&v);
            } else if e.key() == "Enter" && !read_only {
                if let Some(edit) = edit.cast::<HtmlTextAreaElement>() {
                    e.prevent_default();
                    let starts = highlight::line_starts(&text);
                    let top = (f64::from(v.scroll_top().max(0)) / LINE_PX) as usize;
                    let caret = starts[top.min(starts.len() - 1)];
                    *window.borrow_mut() = open_window(&v, &edit, &text, (caret, caret));
                }
            }
        })
    };
    let on_view_focus = Callback::from(|e: FocusEvent| {
        let v: HtmlElement = e.target_unchecked_into();
        // Not when the editing window inside it takes the focus (Yew passes that on here).
        if v.id() == "config-view" {
            hold_selection(&v);
        }
    });
    // An edit in the window: the whole text is the lines around it and the window's own.
    let on_window_input = {
        let (state, gutter, window) = (state.clone(), gutter.clone(), window.clone());
        let selected = selected.clone();
        let (view, view_lines) = (view.clone(), view_lines.clone());
        Callback::from(move |e: InputEvent| {
            let edit: HtmlTextAreaElement = e.target_unchecked_into();
            let mut slot = window.borrow_mut();
            let Some(w) = slot.as_mut() else { return };
            let held = edit.value();
            let bytes = w.before.len() + held.len() + w.after.len();
            if bytes as f64 > MAX_FILE_BYTES {
                edit.set_value(&w.held);
                state.dispatch(too_large(bytes));
                return;
            }
            w.held = held;
            let text = w.text();
            fit_window(&edit, w.first, &w.held);
            drop(slot);
            // A jump's selection was a place in the text before this edit.
            *selected.borrow_mut() = None;
            if let (Some(v), Some(l)) =
                (view.cast::<HtmlElement>(), view_lines.cast::<HtmlElement>())
            {
                paint_view(&v, &l, &gutter, &text, &[], None);
            }
            state.dispatch(Action::Edit(text));
        })
    };
    // "Select all" and Escape leave the window for the view: a paste there replaces the whole
    // text, and Tab moves on from it.
    let on_window_key = {
        let view = view.clone();
        Callback::from(move |e: KeyboardEvent| {
            if select_all(&e) || e.key() == "Escape" {
                e.prevent_default();
                if let Some(v) = view.cast::<HtmlElement>() {
                    let _ = v.focus();
                    hold_selection(&v);
                }
            }
        })
    };
    let on_window_blur = {
        let window = window.clone();
        Callback::from(move |e: FocusEvent| close_window(&e.target_unchecked_into(), &window))
    };
    // Moves a large text into the text area after all, for editing here (slow, as it says).
    let edit_here = {
        let (area, layer, large) = (area.clone(), layer.clone(), large.clone());
        let gutter = gutter.clone();
        let text = state.text.clone();
        Callback::from(move |e: MouseEvent| {
            if Markup::clicked(&e, "id").as_deref() != Some("edit-here") {
                return;
            }
            large.set(false);
            if let (Some(a), Some(l)) = (
                area.cast::<HtmlTextAreaElement>(),
                layer.cast::<HtmlElement>(),
            ) {
                a.set_value(&text);
                let _ = a.focus();
                paint(&a, &l, &gutter, &text, &[]);
            }
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        let (layer, marks) = (layer.clone(), marks.clone());
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(l) = layer.cast::<HtmlElement>() {
                paint(&el, &l, &gutter, &el.value(), &marks);
            }
        })
    };
    // Tab indents with two spaces; Escape then Tab leaves the editor, so keyboard users are
    // never trapped.
    let onkeydown = {
        let (state, gutter) = (state.clone(), gutter.clone());
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
                paint(&el, &l, &gutter, &text, &[]);
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

    // One listener for the toolbar (its markup is text, see `toolbar`): a sample chosen, a
    // file opened, or "Remember input" switched, told apart by the control's id.
    let on_toolbar = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match input.id().as_str() {
                "sample" => {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    if let Some(sample) = samples::find(&select.value()) {
                        state.dispatch(Action::Replace(sample.text.to_string()));
                    }
                    select.set_value("");
                }
                // The settings panel's file input reports here too.
                id @ ("open-file" | "open-settings") => {
                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                        read_file(file, state.clone(), id == "open-settings");
                    }
                    input.set_value("");
                }
                "remember" => {
                    storage::set_remember(input.checked());
                    if input.checked() {
                        storage::save_text(&state.text);
                        storage::save_settings(&state.settings.text);
                    }
                    state.dispatch(Action::Remember(input.checked()));
                }
                _ => {}
            }
        })
    };
    // Written once: the browser keeps the controls' state, and markup that never changes is
    // never replaced, so a control keeps the focus.
    let toolbar = use_memo((), {
        let (remember, embedded) = (state.remember, state.embed.is_some());
        move |_| toolbar(remember, embedded)
    });
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
            dragging.set(false);
            // A file dropped on the settings panel is a settings file; text dropped there is
            // left to its text area.
            let on_settings = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest(".settings").ok().flatten())
                .is_some();
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            if on_settings && file.is_none() {
                return;
            }
            e.prevent_default();
            if let (Some(file), false) = (file, state.read_only()) {
                read_file(file, state.clone(), on_settings);
            }
        })
    };

    let read_only = state.read_only();

    html! {
        <section class={crate::markup::class_list("editor", &[(*dragging, "dragging"), (state.stale(), "stale")])} aria-labelledby="editor-title"
            {ondragover} {ondragleave} {ondrop}>
            <div class="editor-head">
                {Html::from_html_unchecked(AttrValue::from(HEAD))}
                if !read_only {
                    <div class="toolbar" onchange={on_toolbar.clone()}>{Html::from_html_unchecked(AttrValue::from(toolbar.to_string()))}</div>
                } else {
                    {Html::from_html_unchecked(AttrValue::from(READ_ONLY_TAG))}
                }
            </div>
            if let Some(notice) = &state.notice {
                <p class="notice" role="alert">{notice}</p>
            }
            <div class="code-area">
                <div class="gutter" aria-hidden="true">
                    <div class="gutter-inner" ref={gutter}>
                        <pre class="marks"></pre>
                        <pre class="numbers"></pre>
                    </div>
                </div>
                <div class="text-wrap" {onpaste}>
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
                    hidden={*large}
                    {oninput}
                    {onscroll}
                    {onkeydown}
                    onkeyup={on_caret.reform(|e: KeyboardEvent| e.into())}
                    onclick={on_caret.reform(|e: MouseEvent| e.into())}
                    onmousemove={on_pointer}
                />
                if *large {
                    <div id="config-view" class="code-view" ref={view} tabindex="0" role="textbox"
                        aria-readonly="true" aria-multiline="true" aria-describedby="large-note"
                        aria-label="Configuration (read-only view of a large text)"
                        data-bytes={state.text.len().to_string()}
                        onscroll={on_view_scroll} onfocus={on_view_focus}
                        onkeydown={on_view_key} onmousedown={on_view_press}>
                        <div class="view-space">
                            <pre class="view-lines" ref={view_lines}></pre>
                            <textarea class="view-edit" id="config-window" ref={edit} hidden=true
                                spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                                aria-label="Lines of the large text around the view, being edited"
                                oninput={on_window_input} onkeydown={on_window_key} onblur={on_window_blur} />
                        </div>
                    </div>
                }
                </div>
            </div>
            if *large {
                <p class="large-note" id="large-note" onclick={edit_here}>{large_note(state.text.len(), read_only)}</p>
            }
            <p class="caret-finding" id="caret-finding" aria-live="polite" ref={caret_note}></p>
            if show_back {
                <button class="back-to-findings" onclick={back_to_findings}>{"↓ Back to the findings"}</button>
            }
            {Html::from_html_unchecked(AttrValue::from(if read_only { HELP_READ_ONLY } else { HELP }))}
            if !read_only && state.embed.is_none() { {settings_panel(&state, on_toolbar)} }
        </section>
    }
}

/// What the large text's view is, as markup text (see `markup.rs`), with a button to edit the
/// text in the text area after all.
fn large_note(bytes: usize, read_only: bool) -> Html {
    let mut m = Markup::default();
    m.tag("A large text (").number(bytes / 1024);
    m.tag(" KB) is drawn a screen at a time, so the page stays responsive.");
    if !read_only {
        m.tag(" Click a line (or press Enter) to edit around it; Ctrl+A, Ctrl+V replaces it all.");
    }
    if !read_only {
        m.tag(" <button id=\"edit-here\">Edit in the text area (slow)</button>");
    }
    m.into_html()
}

/// The toolbar as markup text (see `markup.rs`): "Load sample…" (reset to its first option
/// after each choice), "Open file" and, outside an embed, "Remember input".
fn toolbar(remember: bool, embedded: bool) -> String {
    let mut m = Markup::default();
    m.tag(
        "<label class=\"visually-hidden\" for=\"sample\">Load sample</label><select id=\"sample\">",
    );
    m.option("", "Load sample…", true);
    for s in SAMPLES {
        m.option(s.id, s.label, false);
    }
    m.tag("</select><label class=\"button file\">Open file<input type=\"file\" id=\"open-file\" ");
    m.tag("accept=\".yaml,.yml,.json,.txt,text/*\"></label>");
    if !embedded {
        m.tag("<label class=\"remember\" title=\"Keep the last input in this browser's storage\">");
        m.tag("<input type=\"checkbox\" id=\"remember\"");
        m.tag(if remember { " checked" } else { "" });
        m.tag("> Remember input</label>");
    }
    m.as_str().to_string()
}

/// Reads a local file in the browser. Refuses oversized and binary files with a message.
/// Reads a file into the editor, or into the settings file's text.
fn read_file(file: File, state: StateHandle, settings: bool) {
    let name = file.name();
    let (limit, most) = match settings {
        true => (
            posture_engine::config::MAX_CONFIG_BYTES as f64,
            "a settings file is at most 1 MiB",
        ),
        false => (MAX_FILE_BYTES, "Posture reads files up to 16 MiB"),
    };
    if file.size() > limit {
        // Whole mebibytes: formatting floats would cost kilobytes of wasm.
        let mib = (file.size() / 1024.0 / 1024.0).ceil() as u64;
        state.dispatch(Action::Notice(format!(
            "{name} is about {mib} MiB; {most}."
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
        match settings {
            true => crate::components::settings::set(&state, text),
            false => state.dispatch(Action::Replace(text)),
        }
    });
}

/// Phone-sized screens, where the editor and the findings are stacked rather than side by side.
pub fn narrow_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 700.0)
}
