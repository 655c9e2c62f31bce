//! `#/frameworks`: every compliance catalogue with its coverage, and for each control the
//! rules that evaluate it or why none can. All of it is fixed data, so it is written as
//! markup (see `markup.rs`) rather than as a few thousand `html!` nodes.

use posture_engine::frameworks::{self, Framework};
use yew::prelude::*;

use crate::markup::Markup;

fn coverage_table(m: &mut Markup, all: &[Framework]) {
    m.tag("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Coverage of each framework\">\
           <table class=\"rules-table\" id=\"fw-coverage-table\"><thead><tr>\
           <th scope=\"col\">Framework</th><th scope=\"col\">Controls</th>\
           <th scope=\"col\">Evaluated</th><th scope=\"col\">of which partly</th>\
           <th scope=\"col\">Not checkable</th><th scope=\"col\">No rule yet</th>\
           </tr></thead><tbody>");
    for f in all {
        let c = f.coverage();
        m.tag("<tr data-framework=\"")
            .text(f.id)
            .tag("\"><th scope=\"row\">");
        m.text(f.title).tag(" ").text(f.version).tag("</th>");
        for n in [c.total, c.evaluated, c.partial, c.not_checkable, c.no_rule] {
            m.tag("<td>").number(n).tag("</td>");
        }
        m.tag("</tr>");
    }
    m.tag("</tbody></table></div>");
}

fn catalogue(m: &mut Markup, f: &Framework) {
    m.tag("<details class=\"fw-catalogue\" data-framework=\"")
        .text(f.id);
    m.tag("\"><summary><h3>")
        .text(f.title)
        .tag(" ")
        .text(f.version);
    m.tag("</h3></summary><p>").text(f.description).tag("</p>");
    m.tag(
        "<table class=\"rules-table fw-table\"><thead><tr><th scope=\"col\">Control</th>\
           <th scope=\"col\">Title</th><th scope=\"col\">Coverage</th>\
           <th scope=\"col\">Rules, or why none</th></tr></thead><tbody>",
    );
    for c in f.controls.iter() {
        let mut rules: Vec<&str> = c.rules().iter().map(|r| r.rule).collect();
        rules.dedup();
        let coverage = c.coverage().as_str();
        m.tag("<tr data-control=\"")
            .text(c.id)
            .tag("\"><th scope=\"row\">")
            .text(c.id);
        m.tag("</th><td>")
            .text(c.title)
            .tag("<span class=\"slug\"> ")
            .text(c.section);
        m.tag("</span></td><td><span class=\"badge cov-")
            .text(&coverage.replace(' ', "-"));
        m.tag("\">")
            .text(coverage)
            .tag("</span></td><td class=\"wide\">");
        m.rule_links(rules);
        if let Some(note) = c.note() {
            m.tag("<p class=\"fw-note\">").text(note).tag("</p>");
        }
        m.tag("</td></tr>");
    }
    m.tag("</tbody></table></details>");
}

/// The whole catalogue (a view function: it shows fixed text).
pub fn framework_catalogue() -> Html {
    let all = frameworks::all();
    let mut m = Markup::default();
    m.tag(
        "<section class=\"catalogue\" aria-labelledby=\"frameworks-title\">\
           <h2 id=\"frameworks-title\">Compliance frameworks</h2>\
           <p>Each control names the Posture rules that evaluate it. Where no rule does, it says \
           why: a configuration file cannot show it (a file's owner on a node, a process at run \
           time, a human decision), or no rule checks it yet. Choose a framework above the \
           results to see each control's status for your input.</p>",
    );
    coverage_table(&mut m, all);
    for f in all {
        catalogue(&mut m, f);
    }
    m.tag("</section>");
    m.into_html()
}
