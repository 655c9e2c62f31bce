//! Posture's page: a thin Yew layer over `posture-engine`. Nothing here sends data anywhere;
//! the text is checked in this tab and stays in it.

// The size-tuned release build prints nothing for `{:?}` (-Zfmt-debug=none), so Debug output
// must never reach what users see; tests may use it.
#![cfg_attr(not(test), warn(clippy::use_debug))]

pub mod app;
pub mod baseline;
pub mod checking;
pub mod components;
pub mod embed;
pub mod highlight;
pub mod markup;
pub mod routes;
pub mod samples;
pub mod state;
pub mod storage;
pub mod worker;

/// Mounts the page on `<body>`; in the checking worker (no `window`), serves checks instead.
pub fn start() {
    if web_sys::window().is_none() {
        worker::serve();
        return;
    }
    // The start-up notice in index.html stays only when this code never runs.
    if let Some(notice) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        notice.remove();
    }
    yew::Renderer::<app::App>::new().render();
}
