//! Title, navigation, the privacy promise, and the theme switch.

use yew::prelude::*;

use crate::markup::Markup;
use crate::routes::Route;
use crate::state::{Action, AppState, Theme};
use crate::storage;

/// A view function rather than a component: it is given what it shows, and the page draws it
/// with its own state.
pub fn header(route: &Route, theme: Theme, to: UseReducerDispatcher<AppState>) -> Html {
    let toggle_theme = Callback::from(move |_| {
        let next = theme.next();
        storage::save_theme(next.as_str());
        to.dispatch(Action::Theme(next));
    });
    // The links and the promise are markup text (see `markup.rs`); only the theme switch
    // needs a listener.
    let mut links = Markup::default();
    links.tag("<a class=\"brand\" href=\"#/\">Posture</a><nav aria-label=\"Main\">");
    for (href, label, here) in [
        ("#/", "Checker", *route == Route::Checker),
        (
            "#/rules",
            "Rules",
            matches!(route, Route::Rules | Route::Rule(_)),
        ),
        ("#/frameworks", "Frameworks", *route == Route::Frameworks),
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
                aria-label={format!("Colour theme: {} (change)", theme.as_str())}>
                {format!("Theme: {}", theme.as_str())}
            </button>
        </header>
    }
}
