//! The results against one compliance framework (CIS, NSA/CISA, Pod Security Standards): the
//! chooser, how much of the framework Posture covers and how much applies to this input, and
//! each control's status with the findings that fail it. Statuses come from the engine's
//! `frameworks::assess`; nothing here decides one.

use posture_engine::frameworks::{self, Assessment, Coverage, Status};
use posture_engine::Report;
use yew::prelude::*;

use crate::components::finding_item::{jump_place, on_jump};
use crate::markup::Markup;
use crate::state::{Action, AppState, Source, StateHandle};

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

fn label(status: Status, coverage: Coverage) -> &'static str {
    match (status, coverage) {
        (Status::Pass, Coverage::Partial) => "pass (partial)",
        (s, _) => s.as_str(),
    }
}

/// A failing control's findings, folded; each one a jump to its place unless the results
/// have no text (a results link).
fn findings(m: &mut Markup, a_findings: &[usize], report: &Report, jumps: bool) {
    let n = a_findings.len();
    m.tag("<details class=\"fw-findings\"><summary>").number(n);
    m.tag(if n == 1 { " finding" } else { " findings" })
        .tag("</summary><ol>");
    for &i in a_findings {
        let Some(f) = report.findings.get(i) else {
            continue;
        };
        let sev = f.severity.as_str();
        let (line, col) = (f.span.start.line, f.span.start.column_utf16);
        m.tag("<li class=\"finding sev-")
            .text(sev)
            .tag("\" data-rule=\"")
            .text(f.rule_id);
        m.tag("\" data-line=\"").number(line).tag("\">");
        m.tag(match jumps {
            true => "<button class=\"finding-jump\" title=\"Select this place in the editor\" data-jump=\"",
            false => "<div class=\"finding-jump static\" tabindex=\"0\" data-jump=\"",
        });
        m.text(&jump_place(&f.span))
            .tag("\"><span class=\"badge sev-")
            .text(sev)
            .tag("\">")
            .text(sev);
        m.tag("</span> <span class=\"rule\">")
            .text(f.rule_id)
            .tag("</span> <span class=\"where\">line ");
        m.number(line)
            .tag(":")
            .number(col)
            .tag("</span> <span class=\"title\">")
            .text(f.title);
        m.tag(if jumps {
            "</span></button>"
        } else {
            "</span></div>"
        });
        if let Some(resource) = &f.resource {
            m.tag("<p class=\"resource\">").text(resource);
            if let Some(c) = &f.container {
                m.text(" · container ").text(c);
            }
            m.tag("</p>");
        }
        m.tag("</li>");
    }
    m.tag("</ol></details>");
}

/// The table of controls with their statuses, as markup (see `markup.rs`). Every control is
/// written; "Failing only" is a style (`.framework:has(#fw-failing:checked)`) that hides the
/// rows of the others and the sections without a failing control.
fn table(a: &Assessment, report: &Report, jumps: bool) -> Html {
    let mut m = Markup::default();
    m.tag(
        "<table class=\"rules-table fw-table\"><thead><tr><th scope=\"col\">Status</th>\
           <th scope=\"col\">Control</th><th scope=\"col\">Title</th>\
           <th scope=\"col\" class=\"fw-rules\">Rules</th></tr></thead><tbody>",
    );
    let failing: Vec<&str> = a
        .controls
        .iter()
        .filter(|cs| cs.status == Status::Fail)
        .map(|cs| cs.control.section)
        .collect();
    let mut section = "";
    for cs in &a.controls {
        let control = cs.control;
        let coverage = control.coverage();
        if control.section != section {
            section = control.section;
            m.tag("<tr class=\"fw-section");
            if failing.contains(&section) {
                m.tag(" has-fail");
            }
            m.tag("\"><th colspan=\"4\" scope=\"rowgroup\">");
            m.text(section).tag("</th></tr>");
        }
        let status = cs.status.as_str().replace(' ', "-");
        m.tag("<tr data-control=\"")
            .text(control.id)
            .tag("\" data-status=\"")
            .text(&status);
        m.tag("\"><td><span class=\"badge st-")
            .text(&status)
            .tag("\">");
        m.text(label(cs.status, coverage))
            .tag("</span></td><th scope=\"row\">");
        m.text(control.id)
            .tag("</th><td class=\"wide\">")
            .text(control.title);
        if let Some(note) = control.note() {
            m.tag("<p class=\"fw-note\">");
            if coverage == Coverage::Partial {
                m.text("Partly covered: ");
            }
            m.text(note).tag("</p>");
        }
        if !cs.findings.is_empty() {
            findings(&mut m, &cs.findings, report, jumps);
        }
        let mut rules: Vec<&str> = control.rules().iter().map(|r| r.rule).collect();
        rules.dedup();
        m.tag("</td><td class=\"fw-rules\">")
            .rule_links(rules)
            .tag("</td></tr>");
    }
    m.tag("</tbody></table>");
    m.into_html()
}

/// A view function: the assessment is made when a framework is chosen (a few milliseconds),
/// and "Failing only" is kept by its checkbox.
pub fn framework_view(state: &StateHandle) -> Html {
    let assessed = assessment(state);
    let choose = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let id = frameworks::find(&select.value()).map(|f| f.id);
            state.dispatch(Action::Framework(id));
        })
    };
    let jump = on_jump(state.dispatcher());
    let mut options = Markup::default();
    let principles = "Principles: scorecard and findings";
    options.option("", principles, state.framework.is_none());
    for f in frameworks::all().iter().filter(|f| f.id != "principles") {
        let label = format!("{} {}", f.title, f.version);
        options.option(f.id, &label, state.framework == Some(f.id));
    }
    let chooser = html! {
        <div class="controls">
            <label>{"View as "}
                <select id="framework" onchange={choose}>{options.into_html()}</select>
            </label>
            if state.framework.is_some() {
                <label><input type="checkbox" id="fw-failing" />{" Failing only"}</label>
            }
        </div>
    };
    let Some(a) = assessed.as_ref() else {
        return html! {
            <>
                {chooser}
                if state.framework.is_some() {
                    <p class="notice" id="fw-unavailable">{unavailable(state).unwrap_or_default()}</p>
                }
            </>
        };
    };
    let f = a.framework;
    let c = f.coverage();
    let report = &state.outcome.report.0;
    html! {
        <section class="framework" aria-labelledby="fw-title">
            {chooser}
            <h3 id="fw-title">{format!("{} {}", f.title, f.version)}</h3>
            <p class="fw-coverage" id="fw-coverage">{format!(
                "Posture's rules evaluate {} of {} controls ({} only partly); {} apply to this input. {}.",
                c.evaluated, c.total, c.partial, a.applicable(), a.counts_text()
            )}</p>
            <div onclick={jump}>{table(a, report, !state.results_only())}</div>
            if a.count(Status::Fail) == 0 {
                <p class="empty fw-none-failing">{"No control fails."}</p>
            }
            <p class="help"><a href="#/frameworks">{"How Posture maps its rules to each framework"}</a></p>
        </section>
    }
}
