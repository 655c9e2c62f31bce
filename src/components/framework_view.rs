//! The results against one compliance framework (CIS, NSA/CISA, Pod Security Standards): the
//! chooser, how much of the framework Posture covers and how much applies to this input, and
//! each control's status with the findings that fail it. Statuses come from the engine's
//! `frameworks::assess`; nothing here decides one.

use posture_engine::frameworks::{self, Assessment, Coverage, Status};
use yew::prelude::*;

use crate::components::finding_item::FindingItem;
use crate::state::{use_app_state, Action, AppState, Source};

/// Why these results cannot be judged per control, when they cannot: a shared link that does
/// not say which rules examined something would show every pass as "not applicable", and one
/// with findings of unknown rules could show a failing control as passing.
pub fn unavailable(state: &AppState) -> Option<&'static str> {
    match state.source {
        Source::SharedResults {
            applicable_known: false,
            ..
        } => Some("This link was made by an older Posture that does not say which rules examined something, so a passing control cannot be told from one that does not apply. Check the config itself to see this view."),
        Source::SharedResults {
            unknown_rules: 1..,
            ..
        } => Some("Some findings of this link come from rules this Posture does not know, so controls they fail could show as passing. Check the config itself to see this view."),
        _ => None,
    }
}

/// The chosen framework's assessment of the shown report, for the view and the exports.
pub fn assessment(state: &AppState) -> Option<Assessment> {
    let framework = frameworks::find(state.framework?)?;
    match unavailable(state) {
        Some(_) => None,
        None => Some(frameworks::assess(framework, &state.outcome.report.0)),
    }
}

fn label(status: Status, coverage: Coverage) -> String {
    match (status, coverage) {
        (Status::Pass, Coverage::Partial) => "pass (partial)".into(),
        (s, _) => s.as_str().into(),
    }
}

#[function_component(FrameworkView)]
pub fn framework_view() -> Html {
    let state = use_app_state();
    let failing_only = use_state(|| false);
    let assessed = use_memo((state.outcome.report.1, state.framework), {
        let state = state.clone();
        move |_| assessment(&state)
    });
    let choose = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let id = frameworks::find(&select.value()).map(|f| f.id);
            state.dispatch(Action::Framework(id));
        })
    };
    let toggle = {
        let failing_only = failing_only.clone();
        Callback::from(move |_| failing_only.set(!*failing_only))
    };
    let chooser = html! {
        <div class="controls">
            <label>{"View as "}
                <select id="framework" onchange={choose}>
                    <option value="" selected={state.framework.is_none()}>{"Principles: scorecard and findings"}</option>
                    {for frameworks::all().iter().filter(|f| f.id != "principles").map(|f| html! {
                        <option value={f.id} selected={state.framework == Some(f.id)}>{format!("{} {}", f.title, f.version)}</option>
                    })}
                </select>
            </label>
            if state.framework.is_some() {
                <label><input type="checkbox" id="fw-failing" checked={*failing_only} onchange={toggle} />{" Failing only"}</label>
            }
        </div>
    };
    let Some(a) = assessed.as_ref() else {
        return html! {
            <>
                {chooser}
                if state.framework.is_some() {
                    <p class="notice" id="fw-unavailable">{unavailable(&state).unwrap_or_default()}</p>
                }
            </>
        };
    };
    let f = a.framework;
    let c = f.coverage();
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|&s| (s, a.count(s)))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let mut section = "";
    let rows = a
        .controls
        .iter()
        .filter(|cs| !*failing_only || cs.status == Status::Fail)
        .map(|cs| {
            let control = cs.control;
            let coverage = control.coverage();
            let status = cs.status.as_str().replace(' ', "-");
            let heading = (control.section != section).then(|| {
                section = control.section;
                html! { <tr class="fw-section"><th colspan="4" scope="rowgroup">{section}</th></tr> }
            });
            let mut rules: Vec<&str> = control.rules().iter().map(|r| r.rule).collect();
            rules.dedup();
            let n = cs.findings.len();
            html! {
                <>
                    {heading}
                    <tr data-control={control.id} data-status={status.clone()}>
                        <td><span class={classes!("badge", format!("st-{status}"))}>{label(cs.status, coverage)}</span></td>
                        <th scope="row">{control.id}</th>
                        <td class="wide">
                            {control.title}
                            if let Some(note) = control.note() {
                                <p class="fw-note">{if coverage == Coverage::Partial { format!("Partly covered: {note}") } else { note.to_string() }}</p>
                            }
                            if n > 0 {
                                <details class="fw-findings">
                                    <summary>{format!("{n} finding{}", if n == 1 { "" } else { "s" })}</summary>
                                    <ol>{for cs.findings.iter().filter_map(|&i| Some((i, state.outcome.report.0.findings.get(i)?))).map(|(i, f)| html! {
                                        <FindingItem finding={f.clone()} index={i} />
                                    })}</ol>
                                </details>
                            }
                        </td>
                        <td class="fw-rules">{for rules.iter().map(|id| html! { <><a href={format!("#/rules/{id}")}>{*id}</a>{" "}</> })}</td>
                    </tr>
                </>
            }
        });
    html! {
        <section class="framework" aria-labelledby="fw-title">
            {chooser}
            <h3 id="fw-title">{format!("{} {}", f.title, f.version)}</h3>
            <p class="fw-coverage" id="fw-coverage">{format!(
                "Posture's rules evaluate {} of {} controls ({} only partly); {} apply to this input. {}.",
                c.evaluated, c.total, c.partial, a.applicable(), counts.join(", ")
            )}</p>
            <table class="rules-table fw-table">
                <thead><tr><th scope="col">{"Status"}</th><th scope="col">{"Control"}</th><th scope="col">{"Title"}</th><th scope="col" class="fw-rules">{"Rules"}</th></tr></thead>
                <tbody>{for rows}</tbody>
            </table>
            if *failing_only && a.count(Status::Fail) == 0 {
                <p class="empty">{"No control fails."}</p>
            }
            <p class="help"><a href="#/frameworks">{"How Posture maps its rules to each framework"}</a></p>
        </section>
    }
}
