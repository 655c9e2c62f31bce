//! The list of findings and input errors, most severe first, each with its line and column.

use std::rc::Rc;

use yew::prelude::*;

use crate::checking::ReportEq;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub report: Rc<ReportEq>,
}

/// How many findings are drawn at first; huge inputs can have hundreds of thousands, and the
/// page must stay responsive. The rest come in steps on request.
const PAGE: usize = 200;

#[function_component(FindingsList)]
pub fn findings_list(props: &FindingsProps) -> Html {
    let shown = use_state(|| PAGE);
    {
        // A new report starts from the first page again.
        let shown = shown.clone();
        use_effect_with(props.report.1, move |_| shown.set(PAGE));
    }
    let report = &props.report.0;
    let mut findings: Vec<_> = report.findings.iter().collect();
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.span.start.offset.cmp(&b.span.start.offset))
    });
    let errors = report.errors.iter().take(PAGE).map(|e| {
        html! {
            <li class="finding error" data-line={e.span.start.line.to_string()}>
                <span class="badge sev-error">{"error"}</span>
                <span class="where">{format!("line {}:{}", e.span.start.line, e.span.start.column_utf16)}</span>
                <span class="message">{&e.message}</span>
            </li>
        }
    });
    let total = findings.len();
    let items = findings.into_iter().take(*shown).map(|f| {
        let sev = f.severity.as_str();
        html! {
            <li class={classes!("finding", format!("sev-{sev}"))} data-rule={f.rule_id} data-line={f.span.start.line.to_string()}>
                <span class={classes!("badge", format!("sev-{sev}"))}>{sev}</span>
                <span class="rule">{f.rule_id}</span>
                <span class="where">{format!("line {}:{}", f.span.start.line, f.span.start.column_utf16)}</span>
                <span class="title">{f.title}</span>
                <p class="message">{&f.message}</p>
                if let Some(resource) = &f.resource {
                    <p class="resource">
                        {resource}
                        if let Some(c) = &f.container { {format!(" · container {c}")} }
                    </p>
                }
                if let Some(context) = &f.context {
                    <p class="resource context">{format!("in {context}")}</p>
                }
            </li>
        }
    });
    if report.findings.is_empty() && report.errors.is_empty() {
        return html! { <p class="empty" id="findings">{"No findings."}</p> };
    }
    html! {
        <ol class="findings" id="findings">{for errors}{for items}</ol>
    }
}
