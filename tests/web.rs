#![cfg(target_arch = "wasm32")]
//! Browser tests of the app's wasm code, run in headless Chromium by wasm-bindgen-test.

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement, InputEvent};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

fn mount() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<posture_app::app::App>::with_root(root.clone()).render();
    root
}

/// Replaces the editor's text and fires the input event, as typing or pasting does.
fn type_into(root: &Element, text: &str) -> HtmlTextAreaElement {
    let area: HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(text);
    area.dispatch_event(&InputEvent::new("input").unwrap())
        .unwrap();
    area
}

fn rules_shown(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("li.finding").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-rule"))
        .collect()
}

#[wasm_bindgen_test]
fn engine_runs_in_wasm_with_exact_positions() {
    let outcome = posture_app::checking::run(posture_app::app::SAMPLE);
    let report = &outcome.report.0;
    let privileged = report
        .findings
        .iter()
        .find(|f| f.rule_id == "LP102")
        .expect("LP102");
    let line = posture_app::app::SAMPLE
        .lines()
        .position(|l| l.contains("privileged: true"))
        .unwrap()
        + 1;
    assert_eq!(privileged.span.start.line, line);
    assert_eq!(privileged.span.start.column_utf16, 25);
    assert!(outcome.millis >= 0.0);
}

#[wasm_bindgen_test]
async fn typing_a_manifest_updates_the_findings() {
    let root = mount();
    sleep(50).await;
    let first = rules_shown(&root);
    assert!(first.contains(&"LP102".to_string()), "{first:?}");

    let area = type_into(&root, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: a, image: \"busybox\"}]\n");
    sleep(450).await;
    let after = rules_shown(&root);
    assert!(after.contains(&"LP103".to_string()), "{after:?}");
    assert!(after.contains(&"DS101".to_string()), "{after:?}");
    assert!(!after.contains(&"LP102".to_string()), "{after:?}");
    let status = root
        .query_selector("#status")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(status.contains("1 document, 1 resource"), "{status}");
    // The status counts exactly the findings the engine reports for this text.
    let expected = posture_app::checking::run(&area.value())
        .report
        .0
        .active()
        .count();
    assert!(status.contains(&format!("{expected} findings")), "{status}");
    root.remove();
}

#[wasm_bindgen_test]
async fn broken_yaml_shows_an_error_at_its_line_not_a_blank_page() {
    let root = mount();
    sleep(50).await;
    type_into(
        &root,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\nspec: [unclosed\n",
    );
    sleep(450).await;
    let error = root
        .query_selector("li.finding.error")
        .unwrap()
        .expect("an error item");
    assert_eq!(error.get_attribute("data-line").as_deref(), Some("5"));
    assert!(error.text_content().unwrap().contains("never closed"));
    let status = root
        .query_selector("#status")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(status.contains("1 error"), "{status}");
    root.remove();
}

#[wasm_bindgen_test]
fn fragments_route_to_pages_and_reject_junk() {
    use posture_app::routes::Route;
    assert_eq!(Route::parse(""), Route::Checker);
    assert_eq!(Route::parse("#/"), Route::Checker);
    assert_eq!(Route::parse("#/rules"), Route::Rules);
    assert_eq!(Route::parse("#/rules/lp102"), Route::Rule("LP102".into()));
    // Anything but letters and digits is dropped before it reaches the page.
    assert_eq!(
        Route::parse("#/rules/<script>"),
        Route::Rule("SCRIPT".into())
    );
    assert_eq!(Route::parse("#/elsewhere"), Route::Checker);
}

#[wasm_bindgen_test]
async fn backtick_code_in_rule_texts_renders_as_code_elements_not_html() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    #[yew::function_component(Probe)]
    fn probe() -> yew::Html {
        posture_app::prose::prose("Set `runAsNonRoot: true` <b>now</b>")
    }
    yew::Renderer::<Probe>::with_root(root.clone()).render();
    sleep(20).await;
    assert_eq!(root.query_selector_all("code").unwrap().length(), 1);
    assert!(
        root.query_selector("b").unwrap().is_none(),
        "markup stays text"
    );
    assert!(root.text_content().unwrap().contains("<b>now</b>"));
    root.remove();
}
