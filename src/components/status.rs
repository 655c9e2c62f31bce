//! One line: how much was read, how many findings, how long it took. Announced to screen
//! readers when it changes.

use yew::prelude::*;

use crate::checking::Outcome;

/// A view function (no hooks). `settings` is what the settings file did, as a clause of the
/// line (empty: there is none).
pub fn status(outcome: &Outcome, results_only: bool, stale: bool, settings: &str) -> Html {
    let r = &outcome.report.0;
    let n = r.active().count();
    let suppressed = r.findings.len() - n;
    let text = format!(
        "{} document{}, {} resource{}, {} finding{}{}{}{}{} — {}",
        r.documents(),
        plural(r.documents()),
        r.resources(),
        plural(r.resources()),
        n,
        plural(n),
        if suppressed > 0 {
            format!(" ({suppressed} suppressed)")
        } else {
            String::new()
        },
        match r.errors.len() {
            0 => String::new(),
            e => format!(", {e} error{}", plural(e)),
        },
        match outcome.scorecard.not_graded {
            Some(why) => format!(", not graded ({why})"),
            None => String::new(),
        },
        settings,
        if results_only {
            "as shared".to_string()
        } else {
            format!(
                "checked in {} ms{}",
                tenths(outcome.millis),
                if outcome.in_background {
                    " in the background"
                } else {
                    ""
                }
            )
        }
    );
    html! {
        <>
            <p class="status" role="status" aria-live="polite" id="status"
                data-generation={outcome.report.1.to_string()}>{text}</p>
            if stale {
                <p class="checking" id="checking">{"Checking the new text… the results below are still those of the previous one."}</p>
            }
        </>
    }
}

/// Milliseconds with one decimal, by integer arithmetic (float formatting is large in wasm).
fn tenths(ms: f64) -> String {
    let t = (ms * 10.0).round().max(0.0) as u64;
    format!("{}.{}", t / 10, t % 10)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
