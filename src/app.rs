//! The page: state provider, routing by fragment, and the re-check shortly after typing stops.

use std::collections::BTreeSet;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::checking;
use crate::components::editor::Editor;
use crate::components::exports::Exports;
use crate::components::findings::Findings;
use crate::components::header::Header;
use crate::components::rule_catalogue::RuleCatalogue;
use crate::components::rule_page::RulePage;
use crate::components::scorecard::ScorecardView;
use crate::components::status::Status;
use crate::routes::{self, Route};
use crate::state::{Action, AppState, GroupBy, Theme};
use crate::storage;

/// How long typing must pause before the input is checked again.
const RECHECK_DELAY_MS: u32 = 200;

/// The first sample, shown to a first-time visitor.
pub const SAMPLE: &str = include_str!("../samples/insecure-deployment.yaml");

fn initial_state() -> AppState {
    let remember = storage::remember_enabled();
    let text = storage::saved_text().unwrap_or_else(|| SAMPLE.to_string());
    AppState {
        outcome: checking::run(&text),
        text: text.into(),
        edit: 0,
        replaced: 0,
        group_by: GroupBy::Principle,
        hidden_severities: BTreeSet::new(),
        filter: String::new(),
        theme: Theme::parse(&storage::saved_theme().unwrap_or_default()),
        remember,
        route: routes::current(),
        jump: None,
        notice: None,
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let pending = use_mut_ref(|| None::<Timeout>);

    // Re-check the latest edit once typing pauses; replacing the timeout cancels the last one.
    {
        let state = state.clone();
        use_effect_with(state.edit, move |edit| {
            if *edit > 0 {
                let text = Rc::clone(&state.text);
                let remember = state.remember;
                let dispatcher = state.dispatcher();
                *pending.borrow_mut() = Some(Timeout::new(RECHECK_DELAY_MS, move || {
                    dispatcher.dispatch(Action::Checked(checking::run(&text)));
                    if remember {
                        storage::save_text(&text);
                    }
                }));
            }
        });
    }

    // Follow the fragment: #/rules and #/rules/<ID>.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    dispatcher.dispatch(Action::Navigate(routes::current()));
                })
            });
            move || drop(listener)
        });
    }

    // Apply the theme to the document so CSS can follow it.
    use_effect_with(state.theme, |theme| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
    });

    let body = match &state.route {
        Route::Checker => html! {
            <main class="workspace" id="main">
                <Editor />
                <section class="results" aria-labelledby="results-title">
                    <div class="results-head">
                        <h2 id="results-title">{"Results"}</h2>
                        <Exports />
                    </div>
                    <Status />
                    <ScorecardView />
                    <Findings />
                </section>
            </main>
        },
        Route::Rules => html! { <main class="page" id="main"><RuleCatalogue /></main> },
        Route::Rule(id) => {
            html! { <main class="page" id="main"><RulePage id={id.clone()} /></main> }
        }
    };
    html! {
        <ContextProvider<UseReducerHandle<AppState>> context={state}>
            <Header />
            {body}
        </ContextProvider<UseReducerHandle<AppState>>>
    }
}
