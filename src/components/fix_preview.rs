//! A fix before it is applied: the diff it makes, whether it is safe, and Apply, Download and
//! Cancel. Applying writes only the changed lines into the editor, as one edit the browser can
//! undo (Ctrl+Z), and the page offers its own Undo as well.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::editor::narrow_screen;
use crate::components::exports::download;
use crate::markup::Markup;
use crate::state::{latest, Action, StateHandle};

/// Replaces the editor's text (the state's) with `new`, touching only the part that differs.
/// Chromium and Firefox keep `insertText` on the text area's undo stack, which setting its
/// value would clear; where that fails (or the text area holds the text with other line
/// endings), the whole value is set instead.
pub fn write_editor(state: &StateHandle, new: &str) {
    let old: &str = &state.text;
    let doc = web_sys::window().and_then(|w| w.document());
    let area = doc
        .as_ref()
        .and_then(|d| d.get_element_by_id("config"))
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok());
    let Some(el) = area else {
        state.dispatch(Action::Edit(new.to_string()));
        return;
    };
    if el.value() == old {
        // The common head and tail, cut at a character boundary (equal bytes, so the
        // boundary is the same in both texts).
        let mut head = old
            .bytes()
            .zip(new.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(head) {
            head -= 1;
        }
        let room = old.len().min(new.len()) - head;
        let mut tail = old
            .bytes()
            .rev()
            .zip(new.bytes().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(old.len() - tail) {
            tail -= 1;
        }
        // The text area counts UTF-16 units.
        let units = |s: &str| s.encode_utf16().count() as u32;
        let start = units(&old[..head]);
        let end = start + units(&old[head..old.len() - tail]);
        let middle = &new[head..new.len() - tail];
        let _ = el.focus();
        let _ = el.set_selection_range(start, end);
        let html: Option<HtmlDocument> = doc.and_then(|d| d.dyn_into().ok());
        let done = html.is_some_and(|d| {
            let result = match middle {
                "" => d.exec_command("delete"),
                _ => d.exec_command_with_show_ui_and_value("insertText", false, middle),
            };
            result == Ok(true)
        });
        // The command's input event has sent the text to the page already.
        if done && el.value() == new {
            if narrow_screen() {
                // No keyboard over the findings on a phone.
                let _ = el.blur();
            }
            return;
        }
    }
    el.set_value(new);
    state.dispatch(Action::Edit(new.to_string()));
}

/// Writes a fixed text into the editor and offers to undo it.
pub fn apply_fix(state: &StateHandle, fixed: &str, what: &str) {
    // A fix is made for the text that was checked: once the text has changed, applying it
    // would undo the edits since (the items are not drawn again on every key to disable it).
    if state.stale() {
        state.dispatch(Action::Notice(
            "The text changed since this fix was made: apply it once the new findings are in."
                .into(),
        ));
        return;
    }
    let before = Rc::clone(&state.text);
    write_editor(state, fixed);
    state.dispatch(Action::Fixed {
        before,
        what: what.into(),
    });
}

/// The fix's title, whether it is safe, and its unified diff as lines marked added, removed or
/// context (the `---`/`+++` head left out), written as markup text (see `markup.rs`).
fn described(title: &str, review: Option<&str>, diff: &str) -> Html {
    let mut m = Markup::default();
    m.tag("<p class=\"fix-title\"><strong>")
        .text(title)
        .tag("</strong></p>");
    match review {
        Some(reason) => m
            .tag("<p class=\"fix-safety review\">Review before applying: ")
            .text(reason)
            .tag(".</p>"),
        None => m.tag(
            "<p class=\"fix-safety safe\">Safe: it cannot break a workload that works today.</p>",
        ),
    };
    m.tag("<pre class=\"diff\">");
    for line in diff.lines().skip(2) {
        let class = match line.as_bytes().first() {
            Some(b'+') => "add",
            Some(b'-') => "del",
            Some(b'@') => "hunk",
            _ => "same",
        };
        m.tag("<span class=\"")
            .tag(class)
            .tag("\">")
            .text(line)
            .tag("\n</span>");
    }
    m.tag("</pre>");
    m.into_html()
}

/// What a preview shows: what the fix does, why a person should look first (`None` for a
/// safe fix), the fixed text and its diff.
pub struct FixPreviewProps {
    pub title: Rc<str>,
    pub review: Option<&'static str>,
    pub fixed: Rc<str>,
    pub diff: Rc<str>,
    pub on_close: Callback<()>,
}

/// A view function: Apply and Download read the app's state as it is at the click
/// ([`latest`]).
pub fn fix_preview(props: FixPreviewProps) -> Html {
    let apply = {
        let (fixed, title) = (props.fixed.clone(), props.title.clone());
        Callback::from(move |_| {
            if let Some(state) = latest() {
                apply_fix(&state, &fixed, &title)
            }
        })
    };
    let save = {
        let fixed = props.fixed.clone();
        Callback::from(move |_| {
            if let Some(state) = latest() {
                download(&state.name, "text/yaml", &fixed)
            }
        })
    };
    let cancel = props.on_close.reform(|_| ());
    html! {
        <div class="fix-preview" role="region" aria-label="Fix preview">
            {described(&props.title, props.review, &props.diff)}
            <div class="dialog-actions">
                <button class="primary fix-apply" onclick={apply}>{"Apply"}</button>
                <button class="fix-download" onclick={save}>{"Download fixed file"}</button>
                <button class="fix-cancel" onclick={cancel}>{"Cancel"}</button>
            </div>
        </div>
    }
}
