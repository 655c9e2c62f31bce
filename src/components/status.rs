//! One line: how much was read, how many findings, how long it took. Announced to screen
//! readers when it changes.

use std::rc::Rc;

use yew::prelude::*;

use crate::checking::ReportEq;

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    pub report: Rc<ReportEq>,
    pub millis: f64,
}

#[function_component(Status)]
pub fn status(props: &StatusProps) -> Html {
    let r = &props.report.0;
    let n = r.findings.len();
    let text = format!(
        "{} document{}, {} resource{}, {} finding{}{} — checked in {:.1} ms",
        r.documents(),
        plural(r.documents()),
        r.resources(),
        plural(r.resources()),
        n,
        plural(n),
        match r.errors.len() {
            0 => String::new(),
            e => format!(", {e} error{}", plural(e)),
        },
        props.millis
    );
    html! { <p class="status" role="status" aria-live="polite" id="status"
    data-generation={props.report.1.to_string()}>{text}</p> }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
