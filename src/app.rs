//! The page: state provider, routing by fragment, opening share links, embed mode, and the
//! re-check shortly after typing stops.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use posture_engine::share;
use yew::prelude::*;

use crate::checking;
use crate::checking::Settings;
use crate::components::comparison::comparison;
use crate::components::editor::Editor;
use crate::components::embed_bar::{embed_bar, use_host};
use crate::components::exports::exports;
use crate::components::findings::findings;
use crate::components::fix_bar::fix_bar;
use crate::components::framework_catalogue::framework_catalogue;
use crate::components::framework_view::framework_view;
use crate::components::header::header;
use crate::components::rule_catalogue::rule_catalogue;
use crate::components::rule_page::rule_page;
use crate::components::scorecard::scorecard_view;
use crate::components::share_banner::share_banner;
use crate::components::share_dialog::share_dialog;
use crate::components::status::status;
use crate::components::top_issues::top_issues;
use crate::embed;
use crate::markup::{cached, Slot};
use crate::routes::{self, Route};
use crate::state::{Action, AppState, GroupBy, Source, Theme};
use crate::storage;
use crate::worker::{Background, BACKGROUND_BYTES};

/// How long typing must pause before the input is checked again.
const RECHECK_DELAY_MS: u32 = 200;

/// The first sample, shown to a first-time visitor.
pub const SAMPLE: &str = include_str!("../samples/insecure-deployment.yaml");

thread_local! {
    static TOP_ISSUES: Slot<(u64, bool)> = const { RefCell::new(None) };
    static SCORECARD: Slot<(u64, bool)> = const { RefCell::new(None) };
    static FRAMEWORK: Slot<(u64, Option<&'static str>, bool)> = const { RefCell::new(None) };
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn initial_state() -> AppState {
    let embed = embed::current_options().map(Rc::new);
    // A frame starts empty and never reads or writes this browser's storage.
    let (remember, text, theme, settings) = match &embed {
        Some(e) => (false, String::new(), e.theme, String::new()),
        None => (
            storage::remember_enabled(),
            crate::state::lf(storage::saved_text().unwrap_or_else(|| SAMPLE.to_string())),
            Theme::parse(&storage::saved_theme().unwrap_or_default()),
            storage::saved_settings().unwrap_or_default(),
        ),
    };
    let hash = current_hash();
    let mut state = AppState {
        // Filled in below: by the link's results, or by checking the starting text.
        outcome: checking::Outcome::empty(),
        text: text.into(),
        edit: 0,
        checked: 0,
        replaced: 0,
        // Order of risk by default; principles are one choice away.
        group_by: GroupBy::Severity,
        hidden_severities: Default::default(),
        filter: String::new(),
        theme,
        remember,
        route: routes::current(),
        jump: None,
        notice: None,
        source: Source::Own,
        name: checking::PASTED.into(),
        embed,
        pss_version: None,
        applied: None,
        fix_all: None,
        share: None,
        grouped: Default::default(),
        // No report has this generation: the list starts at its first page.
        shown: (u64::MAX, 0),
        framework: None,
        settings: Rc::new(Settings::new(&settings)),
        baseline: None,
        delta: None,
    };
    if share::is_share_fragment(&hash) {
        state.open_shared(share::decode(&hash));
        // In a frame the fragment is how the host hands over its config, not a shared view.
        if state.embed.is_some() && matches!(state.source, Source::SharedConfig { .. }) {
            state.source = Source::Own;
        }
        // A link that could not be read starts from an empty editor: results for the sample or
        // a remembered text under the link's error would read as the link's own results.
        if matches!(state.source, Source::BrokenLink(_)) {
            state.text = "".into();
        }
    }
    // Generation 0: no link brought results (none given, or it could not be read).
    if state.outcome.report.1 == 0 && state.edit == 0 {
        state.outcome = state.run(&state.text, &state.name);
    }
    state.grouped = crate::components::findings::regroup(&state, &state.grouped);
    state
}

/// What the settings file did to the check, as a clause of the status line. Shared results
/// were checked elsewhere: this page's settings played no part.
fn settings_note(state: &AppState) -> &'static str {
    match (
        state.settings.config(),
        state.settings.text.trim().is_empty(),
    ) {
        _ if state.results_only() => "",
        (Some(_), _) => ", settings file applied",
        (None, false) => ", settings file not applied (it has mistakes)",
        (None, true) => "",
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    crate::state::set_latest(&state);
    use_host(&state);
    let pending = use_mut_ref(|| None::<Timeout>);
    // Large inputs are checked off the main thread; `None` where no worker could start.
    // Set when the worker fails: from then on every check runs on the page.
    let worker_failed = use_mut_ref(|| false);
    let background = use_memo((), {
        let dispatcher = state.dispatcher();
        let worker_failed = worker_failed.clone();
        move |_| {
            let on_failure = dispatcher.clone();
            Background::start(
                move |id, outcome| dispatcher.dispatch(Action::CheckedInBackground(id, outcome)),
                move |why| {
                    // Only the first failure re-checks; later ones have nothing new to say.
                    if !std::mem::replace(&mut *worker_failed.borrow_mut(), true) {
                        on_failure.dispatch(Action::BackgroundFailed(why));
                    }
                },
            )
        }
    });

    // Re-check the latest edit once typing pauses; replacing the timeout cancels the last one.
    // A text replaced whole (a paste over everything, a file, a sample) is checked at once:
    // nobody is typing.
    let replaced_seen = use_mut_ref(|| 0u64);
    {
        let state = state.clone();
        use_effect_with(state.edit, move |edit| {
            if *edit > 0 {
                let replaced = std::mem::replace(&mut *replaced_seen.borrow_mut(), state.replaced);
                let delay = if replaced == state.replaced {
                    RECHECK_DELAY_MS
                } else {
                    0
                };
                let id = *edit;
                let text = Rc::clone(&state.text);
                let store = state.may_store();
                let rules = state.rules().to_vec();
                let name = Rc::clone(&state.name);
                let options = state.options();
                let settings = Rc::clone(&state.settings);
                let dispatcher = state.dispatcher();
                *pending.borrow_mut() = Some(Timeout::new(delay, move || {
                    match background.as_ref() {
                        Some(worker)
                            if text.len() >= BACKGROUND_BYTES && !*worker_failed.borrow() =>
                        {
                            // The worker reads the settings file's text itself.
                            let config = settings.config().map_or("", |_| &*settings.text);
                            worker.check(id, &name, &text, &rules, &options, config)
                        }
                        _ => dispatcher.dispatch(Action::Checked(checking::run(
                            &text,
                            &name,
                            &rules,
                            &options,
                            settings.config(),
                        ))),
                    }
                    if store {
                        storage::save_text(&text);
                    }
                }));
            }
        });
    }

    // Follow the fragment: #/rules, #/rules/<ID>, and share links pasted into this tab.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let hash = current_hash();
                    if share::is_share_fragment(&hash) {
                        dispatcher.dispatch(Action::OpenShared(share::decode(&hash)));
                    } else {
                        dispatcher.dispatch(Action::Navigate(routes::current()));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Apply the theme to the document so CSS can follow it (when it changed: a plain check
    // on each render costs the bundle less than an effect hook).
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let theme = state.theme.as_str();
        if root.get_attribute("data-theme").as_deref() != Some(theme) {
            let _ = root.set_attribute("data-theme", theme);
        }
    }

    let results = html! {
        <section class={crate::markup::class_list("results", &[(state.stale(), "stale")])} aria-labelledby="results-title">
            <div class="results-head">
                <h2 id="results-title">{"Results"}</h2>
                if state.embed.is_none() {
                    <div class="actions">
                        <button id="use-baseline" onclick={state.dispatcher().to_callback().reform(|_| Action::Baseline(true))}
                            title="Keep these results, to see what later edits fix and add">{"Use as baseline"}</button>
                        if !state.results_only() { {share_dialog(&state)} }
                        {exports(&state)}
                    </div>
                }
            </div>
            {status(&state.outcome, state.results_only(), state.stale(), settings_note(&state))}
            // An embedding site chooses which rules run, so per-control statuses would miss
            // the rest; the framework view is on the full page only.
            if state.embed.is_none() {
                // Made again only for a new report, framework or view (see `markup::cached`).
                {cached(&FRAMEWORK, (state.outcome.report.1, state.framework, state.results_only()), || framework_view(&state))}
            }
            if state.framework.is_none() || state.embed.is_some() {
                {comparison(&state)}
                // Made again only for a new report (see `markup::cached`).
                {cached(&TOP_ISSUES, (state.outcome.report.1, state.results_only()), || {
                    top_issues(&state.outcome.report, !state.results_only(), state.dispatcher())
                })}
                {cached(&SCORECARD, (state.outcome.report.1, false), || scorecard_view(&state.outcome.scorecard))}
                {fix_bar(&state)}
                {findings(&state)}
            }
        </section>
    };
    let checker = html! {
        <main class={crate::markup::class_list("workspace", &[(state.results_only(), "results-only"), (state.embed.is_some(), "embedded")])} id="main">
            if !state.results_only() { <Editor state={state.clone()} /> }
            {results}
        </main>
    };
    let body = match (&state.route, state.embed.is_some()) {
        (Route::Checker, _) | (_, true) => checker,
        (Route::Rules, false) => html! { <main class="page" id="main">{rule_catalogue()}</main> },
        (Route::Frameworks, false) => {
            html! { <main class="page" id="main">{framework_catalogue()}</main> }
        }
        (Route::Rule(id), false) => {
            html! { <main class="page" id="main">{rule_page(id)}</main> }
        }
    };
    html! {
        <>
            if state.embed.is_some() {
                {embed_bar(&state)}
            } else {
                {header(&state.route, state.theme, state.dispatcher())}
                {share_banner(&state.source, state.dispatcher())}
            }
            {body}
        </>
    }
}
