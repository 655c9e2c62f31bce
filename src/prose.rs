//! Rule texts mark code with backticks. This turns them into `<code>` elements — still plain
//! text nodes, never parsed as HTML.

use yew::prelude::*;

pub fn prose(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 {
            html! { <code>{part.to_string()}</code> }
        } else {
            html! { {part.to_string()} }
        }
    });
    html! { <>{for parts}</> }
}
