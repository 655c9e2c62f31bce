//! Title, navigation, the privacy promise, and the theme switch.

use yew::prelude::*;

use crate::markup::Markup;
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
    // The links and the promise are markup text (see `markup.rs`); only the theme switch
    // needs a listener.
    let mut links = Markup::default();
    links.tag("<a class=\"brand\" href=\"#/\">Posture</a><nav aria-label=\"Main\">");
    for (href, label, here) in [
        ("#/", "Checker", state.route == Route::Checker),
        (
            "#/rules",
            "Rules",
            matches!(state.route, Route::Rules | Route::Rule(_)),
        ),
        (
            "#/frameworks",
            "Frameworks",
            state.route == Route::Frameworks,
        ),
    ] {
        links.tag("<a href=\"").tag(href).tag(if here {
            "\" aria-current=\"page\">"
        } else {
            "\">"
        });
        links.tag(label).tag("</a>");
    }
    links.tag("</nav><p class=\"privacy\" id=\"privacy\" title=\"Posture makes no network request \
               with your text; it works offline once loaded.\">Checked in your browser — nothing is \
               uploaded</p>");
    html! {
        <header class="top">
            {links.into_html()}
            <button class="theme" onclick={toggle_theme}
                aria-label={format!("Colour theme: {} (change)", state.theme.as_str())}>
                {format!("Theme: {}", state.theme.as_str())}
            </button>
        </header>
    }
}
