//! Posture's page: a thin Yew layer over `posture-engine`. Nothing here sends data anywhere;
//! the text is checked in this tab and stays in it.

pub mod app;
pub mod checking;
pub mod components;
pub mod embed;
pub mod prose;
pub mod routes;
pub mod samples;
pub mod state;
pub mod storage;

/// Mounts the page on `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
