//! The list of findings and input errors, most severe first, each with its line and column.

use std::rc::Rc;

use yew::prelude::*;

use crate::checking::ReportEq;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub report: Rc<ReportEq>,
}

#[function_component(FindingsList)]
pub fn findings_list(props: &FindingsProps) -> Html {
    let report = &props.report.0;
    let mut findings: Vec<_> = report.findings.iter().collect();
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.span.start.offset.cmp(&b.span.start.offset))
    });
    let errors = report.errors.iter().map(|e| {
        html! {
            <li class="finding error" data-line={e.span.start.line.to_string()}>
                <span class="badge sev-error">{"error"}</span>
                <span class="where">{format!("line {}:{}", e.span.start.line, e.span.start.column_utf16)}</span>
                <span class="message">{&e.message}</span>
            </li>
        }
    });
    let items = findings.into_iter().map(|f| {
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
