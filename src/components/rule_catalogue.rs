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

#[function_component(RuleCatalogue)]
pub fn rule_catalogue() -> Html {
    let principle = use_state(|| None::<Principle>);
    let severity = use_state(|| None::<Severity>);
    let query = use_state(String::new);
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let on_principle = {
        let principle = principle.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            principle.set(
                Principle::ALL
                    .into_iter()
                    .find(|p| p.code() == select.value()),
            );
        })
    };
    let on_severity = {
        let severity = severity.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            severity.set(Severity::parse(&select.value()));
        })
    };
    let shown: Vec<_> = rules::ALL
        .iter()
        .filter(|r| principle.is_none_or(|p| r.meta.principle == p))
        .filter(|r| severity.is_none_or(|s| r.meta.severity == s))
        .filter(|r| matches_query(&r.meta, &query))
        .collect();
    html! {
        <section class="catalogue" aria-labelledby="catalogue-title">
            <h2 id="catalogue-title">{format!("Rules ({} of {})", shown.len(), rules::ALL.len())}</h2>
            <p class="help"><a href="#/frameworks">{"Which framework controls each rule evaluates (CIS, NSA/CISA, Pod Security Standards)"}</a></p>
            <div class="controls">
                <label>{"Principle "}
                    <select id="rule-principle" onchange={on_principle}>
                        <option value="" selected={principle.is_none()}>{"All"}</option>
                        {for Principle::ALL.iter().map(|p| html! {
                            <option value={p.code()} selected={*principle == Some(*p)}>{p.title()}</option>
                        })}
                    </select>
                </label>
                <label>{"Severity "}
                    <select id="rule-severity" onchange={on_severity}>
                        <option value="" selected={severity.is_none()}>{"All"}</option>
                        {for Severity::ALL.iter().map(|s| html! {
                            <option value={s.as_str()} selected={*severity == Some(*s)}>{s.as_str()}</option>
                        })}
                    </select>
                </label>
                <label class="search">
                    <span class="visually-hidden">{"Search rules"}</span>
                    <input type="search" id="rule-search" placeholder="Search: hostPath, anonymous, LP102…"
                        value={(*query).clone()} oninput={on_query} />
                </label>
            </div>
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
