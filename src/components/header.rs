//! Title, navigation, the privacy promise, and the theme switch.

use yew::prelude::*;

use crate::routes::Route;
use crate::state::{use_app_state, Action};
use crate::storage;

#[function_component(Header)]
pub fn header() -> Html {
    let state = use_app_state();
    let toggle_theme = {
        let state = state.clone();
        Callback::from(move |_| {
            let next = state.theme.next();
            storage::save_theme(next.as_str());
            state.dispatch(Action::Theme(next));
        })
    };
    let current = |r: Route| if state.route == r { Some("page") } else { None };
    let on_rules = matches!(state.route, Route::Rules | Route::Rule(_));
    html! {
        <header class="top">
            <a class="brand" href="#/">{"Posture"}</a>
            <nav aria-label="Main">
                <a href="#/" aria-current={current(Route::Checker)}>{"Checker"}</a>
                <a href="#/rules" aria-current={on_rules.then_some("page")}>{"Rules"}</a>
                <a href="#/frameworks" aria-current={current(Route::Frameworks)}>{"Frameworks"}</a>
            </nav>
            <p class="privacy" id="privacy" title="Posture makes no network request with your text; it works offline once loaded.">
                {"Checked in your browser — nothing is uploaded"}
            </p>
            <button class="theme" onclick={toggle_theme}
                aria-label={format!("Colour theme: {} (change)", state.theme.as_str())}>
                {format!("Theme: {}", state.theme.as_str())}
            </button>
        </header>
    }
}
