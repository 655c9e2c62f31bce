//! The text area the config is pasted into.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub value: String,
    pub on_change: Callback<String>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    html! {
        <section class="editor" aria-labelledby="editor-title">
            <h2 id="editor-title"><label for="config">{"Configuration"}</label></h2>
            <textarea
                id="config"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                placeholder="Paste Kubernetes manifests, a Palette cluster profile or pack values…"
                value={props.value.clone()}
                {oninput}
            />
        </section>
    }
}
