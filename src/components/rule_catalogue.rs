//! `#/rules`: every rule, filterable by principle, severity and text.

use posture_engine::model::Principle;
use posture_engine::{rules, Rule, Severity};
use yew::prelude::*;

use crate::markup::Markup;

/// The table of rules, as markup (see `markup.rs`): it is fixed text.
fn rows(shown: &[&&Rule]) -> Html {
    let mut m = Markup::default();
    m.tag("<table class=\"rules-table\"><thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Rule</th>");
    m.tag("<th scope=\"col\">Principle</th><th scope=\"col\">Severity</th></tr></thead><tbody>");
    for r in shown {
        let rm = &r.meta;
        m.tag("<tr data-rule=\"")
            .text(rm.id)
            .tag("\"><td>")
            .rule_links([rm.id])
            .tag("</td><td>");
        m.text(rm.title)
            .tag("<span class=\"slug\"> ")
            .text(rm.slug)
            .tag("</span></td><td>");
        m.text(rm.principle.title())
            .tag("</td><td><span class=\"badge sev-");
        m.text(rm.severity.as_str())
            .tag("\">")
            .text(rm.severity.as_str())
            .tag("</span></td></tr>");
    }
    m.tag("</tbody></table>");
    m.into_html()
}

/// The three filters, as markup: fixed text, so the browser keeps what the user chose in them
/// and the catalogue hears it through one `input` listener.
fn filters() -> Html {
    let mut m = Markup::default();
    m.tag(
        "<label>Principle <select id=\"rule-principle\"><option value=\"\" selected>All</option>",
    );
    for p in Principle::ALL {
        m.tag("<option value=\"")
            .text(p.code())
            .tag("\">")
            .text(p.title())
            .tag("</option>");
    }
    m.tag("</select></label><label>Severity <select id=\"rule-severity\">");
    m.tag("<option value=\"\" selected>All</option>");
    for s in Severity::ALL {
        m.tag("<option>").text(s.as_str()).tag("</option>");
    }
    m.tag("</select></label><label class=\"search\"><span class=\"visually-hidden\">Search rules");
    m.tag("</span><input type=\"search\" id=\"rule-search\" placeholder=\"Search: hostPath, ");
    m.tag("anonymous, LP102…\"></label>");
    m.into_html()
}

#[function_component(RuleCatalogue)]
pub fn rule_catalogue() -> Html {
    // The principle, the severity and the words chosen (one state: one hook's code).
    let chosen = use_state(|| (None::<Principle>, None::<Severity>, String::new()));
    // Selects fire `input` too, so one listener hears every filter.
    let on_filter = {
        let chosen = chosen.clone();
        Callback::from(move |e: InputEvent| {
            let control: web_sys::HtmlInputElement = e.target_unchecked_into();
            let value = control.value();
            let mut next = (*chosen).clone();
            match control.id().as_str() {
                "rule-principle" => next.0 = Principle::ALL.into_iter().find(|p| p.code() == value),
                "rule-severity" => next.1 = Severity::parse(&value),
                _ => next.2 = value,
            }
            chosen.set(next);
        })
    };
    let (principle, severity, query) = &*chosen;
    let shown: Vec<_> = rules::ALL
        .iter()
        .filter(|r| principle.is_none_or(|p| r.meta.principle == p))
        .filter(|r| severity.is_none_or(|s| r.meta.severity == s))
        .filter(|r| matches_query(&r.meta, query))
        .collect();
    html! {
        <section class="catalogue" aria-labelledby="catalogue-title">
            <h2 id="catalogue-title">{format!("Rules ({} of {})", shown.len(), rules::ALL.len())}</h2>
            <p class="help"><a href="#/frameworks">{"Which framework controls each rule evaluates (CIS, NSA/CISA, Pod Security Standards)"}</a></p>
            <div class="controls" oninput={on_filter}>{filters()}</div>
            {rows(&shown)}
        </section>
    }
}

/// Whether a rule mentions every word of the query (any case) in its ID, name, texts or
/// references. An empty query matches every rule.
fn matches_query(meta: &posture_engine::RuleMeta, query: &str) -> bool {
    let mut haystack = [
        meta.id,
        meta.slug,
        meta.title,
        meta.rationale,
        meta.remediation,
        meta.fix_snippet,
    ]
    .join(" ");
    for reference in posture_engine::frameworks::references(meta) {
        haystack.push(' ');
        haystack.push_str(&reference);
    }
    // ASCII case folding: the rule texts are ASCII, and full Unicode folding would bring its
    // case tables (about 12 KB of the bundle) for nothing.
    let haystack = haystack.to_ascii_lowercase();
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_ascii_lowercase()))
}
