//! "Share": a dialog that makes a link holding the results (or the config) in its fragment,
//! which browsers never send to a server. Results only is the default; sharing the config
//! replaces detected secrets unless the user says otherwise.

use crate::markup::Markup;
use posture_engine::share::{self, redact::redact, LONG_LINK_BYTES, MAX_LINK_BYTES};
use yew::prelude::*;

use wasm_bindgen::JsCast;

use crate::state::{Action, AppState, StateHandle};

#[derive(Clone, Copy)]
enum Kind {
    ResultsOnly,
    WithConfig,
}

/// What the dialog offers for the current choice.
struct Made {
    link: Option<String>,
    bytes: usize,
    secrets: usize,
    /// Why no link with the config can be made (it could not be searched for secrets).
    refused: Option<String>,
    /// Regions withheld from the link, as "lines 4–9: reason".
    withheld: Vec<String>,
}

/// The page's address without any fragment: the link works wherever this page is served.
fn base_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

fn make(state: &AppState, kind: Kind, redact_secrets: bool) -> Made {
    let mut withheld = Vec::new();
    let (fragment, secrets) = match kind {
        Kind::ResultsOnly => (
            share::encode_results(&state.outcome.report.0, &state.outcome.scorecard),
            0,
        ),
        Kind::WithConfig => {
            let redacted = redact(&state.text);
            let secrets = redacted.as_ref().map_or(0, |r| r.replaced);
            match (redact_secrets, redacted) {
                (false, _) => (
                    share::encode_config(&state.name, &state.text, false),
                    secrets,
                ),
                (true, Ok(r)) => {
                    // The first few regions, then a count: a file of broken documents has many.
                    withheld = r
                        .withheld
                        .iter()
                        .take(10)
                        .map(|w| match w.end_line > w.line {
                            true => format!("lines {}–{}: {}", w.line, w.end_line, w.reason),
                            false => format!("line {}: {}", w.line, w.reason),
                        })
                        .collect();
                    if r.withheld.len() > 10 {
                        withheld.push(format!("and {} more", r.withheld.len() - 10));
                    }
                    (share::encode_config(&state.name, &r.text, true), secrets)
                }
                // Fail closed: no link rather than one with secrets left in.
                (true, Err(refused)) => {
                    return Made {
                        link: None,
                        bytes: 0,
                        secrets,
                        refused: Some(refused.to_string()),
                        withheld,
                    }
                }
            }
        }
    };
    let link = format!("{}#{fragment}", base_url());
    let bytes = link.len();
    Made {
        link: (bytes <= MAX_LINK_BYTES).then_some(link),
        bytes,
        secrets,
        refused: None,
        withheld,
    }
}

/// The dialog's fixed head and the two choices, as markup text (an `html!` tree of it costs
/// the bundle about a kilobyte). The browser keeps which radio is checked; the dialog's
/// `onchange` hears the choice (other inputs' changes are told apart by their id).
const CHOICES: &str = "<h2 id=\"share-title\">Share a link</h2>\
<p>The link holds everything in its # part, which browsers never send to a server.</p>\
<fieldset><legend>What to share</legend>\
<label class=\"choice\"><input type=\"radio\" name=\"share-kind\" id=\"share-results\" checked>\
<span><strong>Results only</strong> — findings, scores, rule IDs, resource names and line numbers. \
No config text and no secret values.</span></label>\
<label class=\"choice\"><input type=\"radio\" name=\"share-kind\" id=\"share-config\">\
<span><strong>Results with config</strong> — the config travels in the link and the \
recipient's browser checks it again.</span></label></fieldset>";

/// What the dialog says about the link it made, as markup text (see `markup.rs`): the
/// redaction box and its warning, what was withheld, and the link or why there is none.
fn body(m: &Made, with_config: bool, redact_secrets: bool) -> Markup {
    let mut x = Markup::default();
    if with_config {
        x.tag("<label class=\"check\"><input type=\"checkbox\" id=\"share-redact\"");
        x.tag(if redact_secrets { " checked>" } else { ">" });
        x.tag(" Replace detected secrets with REDACTED (")
            .number(m.secrets)
            .tag(" found)</label>");
        if !redact_secrets && m.secrets > 0 {
            x.tag("<p class=\"warning\" id=\"share-warning\" role=\"alert\">Warning: the link will hold ");
            x.number(m.secrets).tag(" secret value(s) in readable form, for anyone who gets it and in every chat log or browser history it passes through.</p>");
        }
    }
    if !m.withheld.is_empty() {
        x.tag("<div class=\"note\" id=\"share-withheld\"><p>Withheld from the link (replaced whole), as Posture could not search them for secrets:</p><ul>");
        for w in &m.withheld {
            x.tag("<li>").text(w).tag("</li>");
        }
        x.tag("</ul></div>");
    }
    match (&m.refused, &m.link) {
        (Some(why), _) => {
            x.tag("<p class=\"warning\" id=\"share-refused\" role=\"alert\">No link with the config was made: ");
            x.text(why).tag(". Share results only instead.</p>");
        }
        (None, Some(link)) => {
            x.tag("<label class=\"visually-hidden\" for=\"share-link\">Share link</label>");
            x.tag("<textarea id=\"share-link\" class=\"share-link\" readonly rows=\"3\">");
            x.text(link)
                .tag("</textarea><p class=\"size\" id=\"share-size\">Link size: ");
            x.text(&size(m.bytes)).tag("</p>");
            if m.bytes > LONG_LINK_BYTES {
                x.tag("<p class=\"note\" id=\"share-long\">Some chat tools cut links longer than about 8 KB; if it arrives broken, share results only or attach an export.</p>");
            }
        }
        (None, None) => {
            x.tag("<p class=\"warning\" id=\"share-refused\" role=\"alert\">This link would be ");
            x.text(&size(m.bytes)).tag(", more than browsers accept (2 MB). Share results only, or attach an exported file instead.</p>");
        }
    }
    x
}

/// "3.2 KB" by integer arithmetic (float formatting costs kilobytes of wasm).
fn size(bytes: usize) -> String {
    let tenths = (bytes * 10 + 512) / 1024;
    format!("{}.{} KB", tenths / 10, tenths % 10)
}

/// A view function: whether the dialog is open and what is chosen in it are kept in the app's
/// state (`share`), and the link is made when it renders open (a modal dialog: nothing else
/// changes meanwhile).
pub fn share_dialog(state: &StateHandle) -> Html {
    let dialog = || {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("share-dialog"))
            .map(|e| e.unchecked_into::<web_sys::HtmlDialogElement>())
    };
    let to = state.dispatcher();
    let made = state.share.map(|(with_config, redact_secrets, _)| {
        let kind = match with_config {
            true => Kind::WithConfig,
            false => Kind::ResultsOnly,
        };
        make(state, kind, redact_secrets)
    });
    let show = {
        let to = to.clone();
        Callback::from(move |_| {
            // The kind stays as last chosen (the browser keeps the radio buttons); secrets
            // are redacted again each time.
            let with_config = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("share-config"))
                .is_some_and(|e| e.unchecked_into::<web_sys::HtmlInputElement>().checked());
            to.dispatch(Action::Share(Some((with_config, true, false))));
            if let Some(d) = dialog() {
                let _ = d.show_modal();
            }
        })
    };
    let close = Callback::from(move |_| {
        if let Some(d) = dialog() {
            // Its `close` event ends the sharing in the state.
            d.close();
        }
    });
    let on_close = to.to_callback().reform(|_: Event| Action::Share(None));
    let choose = {
        let (to, chosen) = (to.clone(), state.share);
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some((mut with_config, mut redact_secrets, _)) = chosen else {
                return;
            };
            match input.id().as_str() {
                "share-config" => with_config = true,
                "share-results" => with_config = false,
                "share-redact" => redact_secrets = input.checked(),
                _ => return,
            }
            to.dispatch(Action::Share(Some((with_config, redact_secrets, false))));
        })
    };
    let link = made.as_ref().and_then(|m| m.link.clone());
    let can_copy = link.is_some();
    let copy = {
        let (to, chosen) = (to.clone(), state.share);
        Callback::from(move |_| {
            if let (Some(link), Some(w), Some((c, r, _))) = (&link, web_sys::window(), chosen) {
                let _ = w.navigator().clipboard().write_text(link);
                to.dispatch(Action::Share(Some((c, r, true))));
            }
        })
    };
    let (with_config, redact_secrets, copied) = state.share.unwrap_or_default();
    let body = made.map(|m| body(&m, with_config, redact_secrets).into_html());

    html! {
        <>
            <button id="share" onclick={show}>{"Share"}</button>
            <dialog id="share-dialog" class="share-dialog" aria-labelledby="share-title" onclose={on_close} onchange={choose}>
                {Html::from_html_unchecked(AttrValue::from(CHOICES))}
                {body}
                <div class="dialog-actions">
                    <button id="share-copy" class="primary" onclick={copy} disabled={!can_copy}>{"Copy link"}</button>
                    <button id="share-close" onclick={close}>{"Close"}</button>
                    <span role="status" class="copied">{if copied { "Copied to the clipboard." } else { "" }}</span>
                </div>
            </dialog>
        </>
    }
}
