//! Embed mode's compact bar (privacy promise, rule selection, "Open in Posture") and its link to
//! the host page: it takes configs by postMessage, and posts ready, results and its height.

use std::rc::Rc;

use gloo_events::EventListener;
use posture_engine::share;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::embed::{result_message, Host};
use crate::markup::Markup;
use crate::routes;
use crate::state::{Action, StateHandle};

/// The link to the host, for the app to call on each render: a page is embedded or not for
/// its whole life, so these hooks run on every render or on none.
#[hook]
pub fn use_host(state: &StateHandle) {
    let Some(options) = state.embed.clone() else {
        return;
    };
    let host = use_memo((), {
        let options = Rc::clone(&options);
        move |_| Host::new(options)
    });

    // Listen to the host; announce readiness once listening.
    {
        let (host, dispatcher) = (Rc::clone(&host), state.dispatcher());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let host = Rc::clone(&host);
                EventListener::new(&w, "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                        return;
                    };
                    if let Some(check) = host.accept(event) {
                        dispatcher.dispatch(Action::HostCheck(check.config, check.filename));
                    }
                })
            });
            host.ready();
            move || drop(listener)
        });
    }

    // Post each new result to the host (if one is known).
    {
        let host = Rc::clone(&host);
        let outcome = state.outcome.clone();
        let name = Rc::clone(&state.name);
        use_effect_with(state.outcome.report.1, move |_| {
            if let Some(message) = result_message(&outcome.report.0, &outcome.scorecard, &name) {
                host.results(&message);
            }
        });
    }

    // Tell the host the page's height whenever it changes, so it can fit the frame.
    {
        let host = Rc::clone(&host);
        use_effect_with((), move |_| {
            let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |_: js_sys::Array| {
                if let Some(root) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.document_element())
                {
                    host.resize(f64::from(root.scroll_height()));
                }
            });
            let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(body)) = (
                &observer,
                web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.body()),
            ) {
                o.observe(&body);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(callback);
            }
        });
    }
}

/// The bar, a view function.
pub fn embed_bar(state: &StateHandle) -> Html {
    let Some(options) = state.embed.as_ref() else {
        return html! {};
    };
    // The link to the full page is made on click: compressing a large config on every
    // keystroke would be wasted work.
    let open_full = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = share::encode_config(&state.name, &state.text, false);
            let anchor = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("open-full"));
            if let Some(a) = anchor {
                let a: web_sys::HtmlAnchorElement = a.unchecked_into();
                a.set_href(&format!("{}#{fragment}", routes::page_url()));
            }
        })
    };
    // The fixed part as markup text (see `markup.rs`).
    let mut head = Markup::default();
    head.tag("<span class=\"brand\">Posture</span><span class=\"privacy\" id=\"privacy\">");
    head.tag("Checked in your browser — nothing is uploaded</span>");
    if options.filtered {
        head.tag("<span class=\"selection\" id=\"embed-selection\">Checking with ");
        head.number(options.rules.len()).tag(" of ");
        head.number(posture_engine::rules::ALL.len());
        head.tag(" rules, chosen by this site.</span>");
    }
    html! {
        <header class="embed-bar">
            {head.into_html()}
            <a id="open-full" class="button" href={routes::page_url()} target="_blank" rel="noopener noreferrer" onclick={open_full}>
                {"Open in Posture ↗"}
            </a>
        </header>
    }
}
