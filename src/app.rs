//! The page: editor on one side, findings on the other. Re-checks shortly after typing stops.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::checking::{self, Outcome};
use crate::components::editor::Editor;
use crate::components::findings::FindingsList;
use crate::components::status::Status;

/// How long typing must pause before the input is checked again.
const RECHECK_DELAY_MS: u32 = 200;

pub const SAMPLE: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:latest
          securityContext:
            privileged: true
";

#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(|| SAMPLE.to_string());
    let outcome = use_state(|| checking::run(SAMPLE));
    let pending = use_mut_ref(|| None::<Timeout>);

    let on_change = {
        let text = text.clone();
        let outcome = outcome.clone();
        Callback::from(move |value: String| {
            text.set(value.clone());
            let outcome = outcome.clone();
            // Replacing the timeout cancels the previous one: only the last edit is checked.
            *pending.borrow_mut() = Some(Timeout::new(RECHECK_DELAY_MS, move || {
                outcome.set(checking::run(&value));
            }));
        })
    };

    let Outcome { report, millis } = (*outcome).clone();
    html! {
        <>
            <header class="top">
                <h1>{"Posture"}</h1>
                <p class="tagline">{"Security posture of Kubernetes and Palette configuration"}</p>
                <p class="privacy" title="Posture makes no network request with your text">
                    {"Checked in your browser — nothing is uploaded"}
                </p>
            </header>
            <main class="workspace">
                <Editor value={(*text).clone()} on_change={on_change} />
                <section class="results" aria-labelledby="results-title">
                    <h2 id="results-title">{"Findings"}</h2>
                    <Status report={report.clone()} {millis} />
                    <FindingsList report={report} />
                </section>
            </main>
        </>
    }
}
