//! Downloads of the report (JSON, Markdown) made in the browser, and printing. The files are
//! built from the same report the page shows; nothing is sent anywhere. With a framework
//! chosen, JSON and Markdown add its per-control section. SARIF, which code-scanning tools read
//! in CI, comes from the CLI (`posture check --format sarif`): its writer would cost the page's
//! bundle about 8 KB.

use posture_engine::report::{frameworks, json, markdown};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::framework_view::assessment;
use crate::state::use_app_state;

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

#[function_component(Exports)]
pub fn exports() -> Html {
    let state = use_app_state();
    let make = |kind: &'static str| {
        let state = state.clone();
        Callback::from(move |_| {
            let report = &state.outcome.report.0;
            let chosen: Vec<_> = assessment(&state).into_iter().collect();
            match kind {
                "json" => {
                    let mut out = Vec::new();
                    let _ = json::write_with(report, None, &chosen, &mut out);
                    download(
                        "posture.json",
                        "application/json",
                        &String::from_utf8(out).unwrap_or_default(),
                    )
                }
                _ => download(
                    "posture.md",
                    "text/markdown",
                    &(markdown::render(report) + &frameworks::markdown(report, &chosen)),
                ),
            }
        })
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <div class="exports" role="group" aria-label="Export the results">
            <button id="export-json" onclick={make("json")}>{"JSON"}</button>
            <button id="export-markdown" onclick={make("markdown")}>{"Markdown"}</button>
            <button id="print" onclick={print}>{"Print"}</button>
        </div>
    }
}
