#![cfg(target_arch = "wasm32")]
//! Browser tests of the app's wasm code, run in headless Chromium by wasm-bindgen-test.
//!
//! Each test starts from an empty localStorage and unmounts its own app, so the tests pass in
//! any order; waits poll for the condition they need instead of sleeping a fixed time.

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement, InputEvent};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Polls `ready` every 10 ms until it holds; fails the test after five seconds, naming `what`.
async fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..500 {
        if ready() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out after 5 s waiting for {what}");
}

/// A mounted app on a fresh root, with nothing remembered from another test.
struct Mounted {
    root: Element,
    app: Option<AppHandle<posture_app::app::App>>,
}

impl Mounted {
    /// An app on empty storage.
    async fn new() -> Mounted {
        let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
        storage.clear().unwrap();
        Mounted::on_current_storage().await
    }

    /// An app on whatever an earlier app of this test left in storage.
    async fn on_current_storage() -> Mounted {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let app = yew::Renderer::<posture_app::app::App>::with_root(root.clone()).render();
        let mounted = Mounted {
            root,
            app: Some(app),
        };
        wait_for("the first check", || mounted.status().is_some()).await;
        mounted
    }

    fn status(&self) -> Option<String> {
        self.root.query_selector("#status").ok()??.text_content()
    }

    /// The `data-generation` of the status line: it changes with every finished check.
    fn generation(&self) -> Option<String> {
        self.root
            .query_selector("#status")
            .ok()??
            .get_attribute("data-generation")
    }

    /// The editor's text area.
    fn editor(&self) -> HtmlTextAreaElement {
        self.root
            .query_selector("textarea")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap()
    }

    /// Replaces the editor's text, fires the input event as typing or pasting does, and waits
    /// for the check of the new text to be shown.
    async fn type_text(&self, text: &str) -> HtmlTextAreaElement {
        let before = self.generation();
        let area = self.editor();
        area.set_value(text);
        area.dispatch_event(&InputEvent::new("input").unwrap())
            .unwrap();
        wait_for("the check of the typed text", || {
            self.generation() != before
        })
        .await;
        area
    }

    fn rules_shown(&self) -> Vec<String> {
        let list = self.root.query_selector_all("li.finding").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .filter_map(|e| e.get_attribute("data-rule"))
            .collect()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

#[wasm_bindgen_test]
fn markup_text_is_escaped_wherever_it_could_break_out() {
    let mut m = posture_app::markup::Markup::default();
    m.tag("<td title=\"")
        .text("a\"b' <script>&")
        .tag("\">")
        .text("</td><img src=x onerror=alert(1)>")
        .tag("</td>")
        .rule_links(["LP101", "x\"><b>"]);
    assert_eq!(
        m.as_str(),
        "<td title=\"a&quot;b&#39; &lt;script&gt;&amp;\">&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;</td>\
         <a href=\"#/rules/LP101\">LP101</a> \
         <a href=\"#/rules/x&quot;&gt;&lt;b&gt;\">x&quot;&gt;&lt;b&gt;</a> "
    );
}

thread_local! {
    static MADE: std::cell::RefCell<Option<(u64, yew::Html)>> = const { std::cell::RefCell::new(None) };
}

#[wasm_bindgen_test]
fn a_cached_view_is_made_again_only_for_another_key() {
    use posture_app::markup::cached;
    let made = std::cell::Cell::new(0);
    let view = |key: u64| {
        cached(&MADE, key, || {
            made.set(made.get() + 1);
            yew::Html::from_html_unchecked(format!("<p>{key}</p>").into())
        })
    };
    let first = view(1);
    assert_eq!(view(1), first);
    assert_eq!(made.get(), 1, "same key: not made again");
    assert_ne!(view(2), first);
    assert_eq!(made.get(), 2, "another key: made again");
    let _ = view(1);
    assert_eq!(made.get(), 3, "only the last key is kept");
}

#[wasm_bindgen_test]
fn highlight_layer_escapes_the_text_and_marks_exact_ranges() {
    use posture_app::highlight::{line_starts, lines, tokens, Mark};
    let text = "a: \"<b>é</b>\"  # c\n- k: true\n";
    let starts = line_starts(text);
    assert_eq!(starts, vec![0, 20, 30]);
    let key = |class| Mark {
        start: 22,
        end: 23,
        rank: 0,
        class,
        index: 0,
        error: false,
    };
    let out = lines(text, &starts, 0, 9, &[key("m-critical")]);
    assert_eq!(
        out.as_str(),
        "<span class=\"y-k\">a</span>: <span class=\"y-s\">&quot;&lt;b&gt;é&lt;/b&gt;&quot;</span>  \
         <span class=\"y-c\"># c</span>\n\
         <span class=\"y-p\">-</span> <span class=\"y-k m-critical\">k</span>: <span class=\"y-l\">true</span>\n\n"
    );
    // Flow mappings, anchors, block indicators, JSON keys.
    let kinds = |line: &str| -> Vec<String> {
        tokens(line)
            .into_iter()
            .map(|(s, e, c)| format!("{c}:{}", &line[s..e]))
            .collect()
    };
    assert_eq!(
        kinds("x: {name: p, n: 1} &a"),
        ["y-k:x", "y-k:name", "y-k:n", "y-l:1", "y-a:&a"]
    );
    assert_eq!(
        kinds("  \"image\": \"nginx\","),
        ["y-k:\"image\"", "y-s:\"nginx\""]
    );
    assert_eq!(kinds("run: |"), ["y-k:run", "y-p:|"]);
    assert_eq!(kinds("url: http://x:80/a"), ["y-k:url"]);
}

#[wasm_bindgen_test]
fn engine_runs_in_wasm_with_exact_positions() {
    let outcome = posture_app::checking::run(
        posture_app::app::SAMPLE,
        posture_app::checking::PASTED,
        posture_engine::rules::ALL,
        &posture_engine::Options::default(),
        None,
    );
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
}

#[wasm_bindgen_test]
fn fixes_come_with_the_check_each_at_its_finding() {
    let (name, options) = (
        posture_app::checking::PASTED,
        posture_engine::Options::default(),
    );
    let rules = posture_engine::rules::ALL;
    let outcome = posture_app::checking::run(posture_app::app::SAMPLE, name, rules, &options, None);
    let input = posture_engine::Input {
        name,
        text: posture_app::app::SAMPLE,
    };
    let plain = posture_engine::check_with_options(&[input], rules, &options);
    // The same findings in the same order as a plain check.
    assert_eq!(outcome.report.0.findings, plain.findings);
    let fixes = outcome.report.2.as_ref().expect("fixes for a small input");
    assert_eq!(fixes.of.len(), plain.findings.len());
    let mut offered = Vec::new();
    for (finding, fix) in plain.findings.iter().zip(&fixes.of) {
        if let Some(fix) = fix {
            assert_eq!(&fix.finding, finding);
            offered.push(finding.rule_id);
        }
    }
    assert!(offered.contains(&"LP102"), "{offered:?}");
    // Past the worker's size the page offers none (the CLI does).
    let big = posture_app::app::SAMPLE.repeat(200);
    let outcome = posture_app::checking::run(&big, name, rules, &options, None);
    assert!(outcome.report.2.is_none());
}

#[wasm_bindgen_test]
fn a_settings_file_is_applied_as_ci_applies_it() {
    let settings = posture_app::checking::Settings::new(
        "rules:\n  disable: [LP102]\n  severity: {LP103: info}\npss: {level: baseline}\n",
    );
    // As the page does: the options (PSS level) from the settings file, then its rule settings.
    let run = |config: Option<&posture_engine::config::Config>| {
        posture_app::checking::run(
            posture_app::app::SAMPLE,
            posture_app::checking::PASTED,
            posture_engine::rules::ALL,
            &config.map(|c| c.options()).unwrap_or_default(),
            config,
        )
    };
    let (plain, set) = (run(None), run(settings.config()));
    let has = |o: &posture_app::checking::Outcome, id: &str| {
        o.report
            .0
            .findings
            .iter()
            .filter(|f| f.rule_id == id)
            .map(|f| f.severity)
            .collect::<Vec<_>>()
    };
    assert!(!has(&plain, "LP102").is_empty());
    assert!(has(&set, "LP102").is_empty());
    assert_eq!(has(&set, "LP103"), [posture_engine::Severity::Info]);
    assert!(
        !has(&plain, "LP112").is_empty(),
        "restricted-only finding without the level"
    );
    assert!(has(&set, "LP112").is_empty());
    // A settings file with mistakes is not applied at all.
    let broken = posture_app::checking::Settings::new("rules:\n  disable: [LP102, NOPE1]\n");
    assert!(broken.config().is_none());
    assert!(posture_app::checking::Settings::new("  \n")
        .config()
        .is_none());
}

#[wasm_bindgen_test]
async fn typing_a_manifest_updates_the_findings() {
    let page = Mounted::new().await;
    let first = page.rules_shown();
    assert!(first.contains(&"LP102".to_string()), "{first:?}");

    let area = page
        .type_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: a, image: \"busybox\"}]\n")
        .await;
    let after = page.rules_shown();
    assert!(after.contains(&"LP103".to_string()), "{after:?}");
    assert!(after.contains(&"DS101".to_string()), "{after:?}");
    assert!(!after.contains(&"LP102".to_string()), "{after:?}");
    let status = page.status().unwrap();
    assert!(status.contains("1 document, 1 resource"), "{status}");
    // The status counts exactly the findings the engine reports for this text.
    let expected = posture_app::checking::run(
        &area.value(),
        posture_app::checking::PASTED,
        posture_engine::rules::ALL,
        &posture_engine::Options::default(),
        None,
    )
    .report
    .0
    .active()
    .count();
    assert!(expected > 0);
    assert!(status.contains(&format!("{expected} findings")), "{status}");
}

#[wasm_bindgen_test]
async fn broken_yaml_shows_an_error_at_its_line_not_a_blank_page() {
    let page = Mounted::new().await;
    page.type_text("apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\nspec: [unclosed\n")
        .await;
    let error = page
        .root
        .query_selector("li.finding.error")
        .unwrap()
        .expect("an error item");
    assert_eq!(error.get_attribute("data-line").as_deref(), Some("5"));
    assert!(error.text_content().unwrap().contains("never closed"));
    let status = page.status().unwrap();
    assert!(status.contains("1 error"), "{status}");
}

#[wasm_bindgen_test]
async fn typed_input_is_remembered_and_the_next_app_starts_from_it() {
    let first = Mounted::new().await;
    first
        .type_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: remembered}\n")
        .await;
    drop(first);
    // A second app on the same storage starts from the remembered text, not the sample.
    let second = Mounted::on_current_storage().await;
    let area = second.editor();
    // The editor writes the text into the text area in an effect after its first render.
    wait_for("the remembered text in the editor", || {
        area.value().contains("name: remembered")
    })
    .await;
}

#[wasm_bindgen_test]
fn fragments_route_to_pages_and_reject_junk() {
    use posture_app::routes::Route;
    assert_eq!(Route::parse(""), Route::Checker);
    assert_eq!(Route::parse("#/"), Route::Checker);
    assert_eq!(Route::parse("#/rules"), Route::Rules);
    assert_eq!(Route::parse("#/frameworks"), Route::Frameworks);
    assert_eq!(Route::Frameworks.href(), "#/frameworks");
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
        let mut m = posture_app::markup::Markup::default();
        m.prose("Set `runAsNonRoot: true` <b>now</b>");
        m.into_html()
    }
    let app = yew::Renderer::<Probe>::with_root(root.clone()).render();
    wait_for("the probe to render", || {
        root.text_content().is_some_and(|t| t.contains("now"))
    })
    .await;
    assert_eq!(root.query_selector_all("code").unwrap().length(), 1);
    assert!(
        root.query_selector("b").unwrap().is_none(),
        "markup stays text"
    );
    assert!(root.text_content().unwrap().contains("<b>now</b>"));
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
fn embed_options_come_from_the_query_and_junk_is_ignored() {
    use posture_app::embed::options_from_query;
    use posture_app::state::Theme;
    assert!(options_from_query("").is_none());
    assert!(
        options_from_query("?theme=dark").is_none(),
        "no embed without ?embed"
    );
    let all = options_from_query("?embed").expect("embed");
    assert!(!all.read_only && !all.filtered && all.origins.is_empty());
    assert_eq!(all.rules.len(), posture_engine::rules::ALL.len());
    assert_eq!(all.theme, Theme::Auto);

    let o = options_from_query(
        "?embed&mode=readonly&theme=dark&principles=LP,secrets-handling,nonsense&rules=ds101,XX999&origin=https%3A%2F%2Fdocs.example.com%2F,javascript:alert(1),http://a.test",
    )
    .expect("embed");
    assert!(o.read_only && o.filtered);
    assert_eq!(o.theme, Theme::Dark);
    assert!(o
        .rules
        .iter()
        .all(|r| matches!(&r.meta.id[..2], "LP" | "SH") || r.meta.id == "DS101"));
    assert!(o.rules.iter().any(|r| r.meta.id == "DS101"));
    assert!(o.rules.iter().any(|r| r.meta.id.starts_with("SH")));
    assert_eq!(
        o.origins,
        vec![
            "https://docs.example.com".to_string(),
            "http://a.test".to_string()
        ]
    );

    // Only unknown names: the filter is ignored rather than checking with no rules at all.
    let none = options_from_query("?embed&rules=nope&principles=%ZZ").expect("embed");
    assert!(!none.filtered);
    assert_eq!(none.rules.len(), posture_engine::rules::ALL.len());
}

#[wasm_bindgen_test]
fn host_messages_are_read_only_when_well_formed() {
    use posture_app::embed::read_check;
    use wasm_bindgen::JsValue;
    let parse = |json: &str| js_sys::JSON::parse(json).unwrap();
    let ok = read_check(&parse(
        r#"{"type":"posture:check","config":"a: 1","filename":"x.yaml"}"#,
    ))
    .expect("accepted");
    assert_eq!(ok.config, "a: 1");
    assert_eq!(ok.filename.as_deref(), Some("x.yaml"));
    for junk in [
        r#"{"type":"posture:check"}"#,
        r#"{"type":"posture:check","config":5}"#,
        r#"{"type":"posture:other","config":"a"}"#,
        r#"{"config":"a"}"#,
        r#"["posture:check","a"]"#,
        r#""posture:check""#,
        "null",
    ] {
        assert!(read_check(&parse(junk)).is_none(), "{junk}");
    }
    assert!(read_check(&JsValue::UNDEFINED).is_none());
    let odd_name = read_check(&parse(
        r#"{"type":"posture:check","config":"a","filename":"\u0000\n"}"#,
    ))
    .expect("accepted");
    assert_eq!(
        odd_name.filename, None,
        "control characters are dropped from names"
    );
}
