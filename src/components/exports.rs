//! The report as a Markdown download made in the browser, and printing. The file is built from
//! the same report the page shows; nothing is sent anywhere. With a framework chosen, it adds
//! that framework's per-control section. The machine-readable formats (JSON, SARIF) come from
//! the CLI (`posture check --format json|sarif`), which runs the same engine: their writers
//! would cost the page's bundle about 5 KB and 8 KB, room the framework view needed more.

use posture_engine::report::{frameworks, markdown};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::framework_view::assessment;
use crate::state::StateHandle;

/// Offers `content` as a file download through a temporary object URL.
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A view function rather than a component: nothing in it changes with the state; the
/// Markdown is made from the state at the click.
pub fn exports(state: &StateHandle) -> Html {
    let markdown = {
        let state = state.clone();
        Callback::from(move |_| {
            let report = &state.outcome.report.0;
            let chosen: Vec<_> = assessment(&state).into_iter().collect();
            let text = markdown::render(report) + &frameworks::markdown(report, &chosen);
            download("posture.md", "text/markdown", &text);
        })
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <div class="exports" role="group" aria-label="Export the results">
            <button id="export-markdown" onclick={markdown} title="The JSON and SARIF reports come from the command line">{"Markdown"}</button>
            <button id="print" onclick={print}>{"Print"}</button>
        </div>
    }
}
