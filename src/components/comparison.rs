//! After "Use as baseline": what the edits since fixed and added, and how each score moved.

use posture_engine::compare::Change;
use posture_engine::report::comparison::{delta_text, score_text};
use posture_engine::Finding;
use yew::prelude::*;

use crate::markup::Markup;
use crate::state::{Action, StateHandle};

/// Findings each list names at most; the counts cover them all.
const LISTED: usize = 20;

/// One score before and after, and its change (none unless both sides are graded); `code`
/// goes before the title (a principle's, or nothing).
fn row<T>(m: &mut Markup, code: &str, title: &str, c: &Change<T>, graded: bool) {
    let change = if graded { delta_text(c) } else { "–".into() };
    m.tag("<tr><th scope=\"row\">").text(code);
    if !code.is_empty() {
        m.tag(" ");
    }
    m.text(title).tag("</th><td>");
    m.text(&score_text(&c.old))
        .tag("</td><td>")
        .text(&score_text(&c.new));
    m.tag("</td><td class=\"delta\">")
        .text(&change)
        .tag("</td></tr>");
}

fn list(m: &mut Markup, id: &str, title: &str, all: &[Finding], picked: &[usize]) {
    if picked.is_empty() {
        return;
    }
    m.tag("<h4>")
        .text(title)
        .tag(" (")
        .number(picked.len())
        .tag(")</h4><ol id=\"");
    m.tag(id).tag("\">");
    for f in picked.iter().take(LISTED).map(|i| &all[*i]) {
        let sev = f.severity.as_str();
        m.tag("<li data-rule=\"")
            .text(f.rule_id)
            .tag("\"><span class=\"badge sev-");
        m.tag(sev)
            .tag("\">")
            .tag(sev)
            .tag("</span> ")
            .text(f.rule_id);
        m.tag(" line ")
            .number(f.span.start.line)
            .tag(": ")
            .prose(f.title);
        if let Some(r) = &f.resource {
            m.tag(" · ").text(r);
        }
        m.tag("</li>");
    }
    m.tag("</ol>");
    if picked.len() > LISTED {
        m.tag("<p class=\"note\">")
            .number(picked.len() - LISTED)
            .tag(" more not listed.</p>");
    }
}

/// What changed since the baseline, written as markup text (see `markup.rs`); only the
/// Clear button is an element of its own. A view function: it holds no state of its own.
pub fn comparison(state: &StateHandle) -> Html {
    let (Some(base), Some(d)) = (&state.baseline, &state.delta) else {
        return html! {};
    };
    // A score change means something only when both sides were graded.
    let graded = d.not_graded == (None, None);
    let mut m = Markup::default();
    m.tag("<p id=\"comparison-counts\"><strong>")
        .number(d.fixed.len())
        .tag(" fixed, ");
    m.number(d.new.len())
        .tag(" new, ")
        .number(d.unchanged)
        .tag(" unchanged");
    if d.suppressed > 0 {
        m.tag(", ").number(d.suppressed).tag(" now suppressed");
    }
    m.tag("</strong></p><p id=\"comparison-overall\">");
    match d.not_graded {
        (Some(w), None) => m
            .tag("No score change: the baseline is not graded (")
            .text(w)
            .tag(")."),
        (None, Some(w)) => m
            .tag("No score change: the current result is not graded (")
            .text(w)
            .tag(")."),
        (Some(a), Some(b)) => m
            .tag("No score change: neither side is graded (baseline: ")
            .text(a)
            .tag("; now: ")
            .text(b)
            .tag(")."),
        (None, None) => m
            .tag("Overall ")
            .text(&score_text(&d.overall.old))
            .tag(" → ")
            .text(&score_text(&d.overall.new))
            .tag(" (")
            .text(&delta_text(&d.overall))
            .tag(")"),
    };
    m.tag("</p>");
    m.tag("<details class=\"score-changes\"><summary>Scores before and after</summary>");
    m.tag("<table class=\"rules-table\" id=\"score-changes\"><thead><tr><th></th><th>Before</th>");
    m.tag("<th>After</th><th>Change</th></tr></thead><tbody>");
    for c in &d.principles {
        row(&mut m, c.what.code(), c.what.title(), c, graded);
    }
    for c in &d.pillars {
        row(&mut m, "", c.what.title(), c, graded);
    }
    row(&mut m, "", "Overall", &d.overall, graded);
    m.tag("</tbody></table></details>");
    list(
        &mut m,
        "fixed-list",
        "Fixed",
        &base.report.0.findings,
        &d.fixed,
    );
    list(
        &mut m,
        "new-list",
        "New",
        &state.outcome.report.0.findings,
        &d.new,
    );
    let clear = state
        .dispatcher()
        .to_callback()
        .reform(|_| Action::Baseline(false));
    html! {
        <section class="top-issues comparison" id="comparison" aria-labelledby="comparison-title">
            <div class="results-head">
                <h3 id="comparison-title">{"Since the baseline"}</h3>
                <button id="clear-baseline" onclick={clear}>{"Clear baseline"}</button>
            </div>
            {m.into_html()}
        </section>
    }
}
