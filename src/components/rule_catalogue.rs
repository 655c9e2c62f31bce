//! `#/rules`: every rule, filterable by principle, severity and text.

use posture_engine::model::Principle;
use posture_engine::{rules, Severity};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::markup::Markup;

/// The table of every rule, as markup (see `markup.rs`): it is fixed text; the filters hide
/// rows.
fn rows() -> Html {
    let mut m = Markup::default();
    m.tag("<table class=\"rules-table\"><thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Rule</th>");
    m.tag("<th scope=\"col\">Principle</th><th scope=\"col\">Severity</th></tr></thead><tbody>");
    for r in rules::ALL {
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

/// A view function: the filters keep their own state in the page, and their one listener
/// hides the rows that do not match and counts the rest, without a render.
pub fn rule_catalogue() -> Html {
    // Selects fire `input` too, so one listener hears every filter.
    let on_filter = Callback::from(|_: InputEvent| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let value = |id: &str| {
            doc.get_element_by_id(id)
                .map(|e| e.unchecked_into::<web_sys::HtmlInputElement>().value())
                .unwrap_or_default()
        };
        let (principle, severity, query) = (
            value("rule-principle"),
            value("rule-severity"),
            value("rule-search"),
        );
        let mut shown = 0;
        for r in rules::ALL {
            let show = (principle.is_empty() || r.meta.principle.code() == principle)
                && (severity.is_empty() || r.meta.severity.as_str() == severity)
                && matches_query(&r.meta, &query);
            shown += usize::from(show);
            let row = doc.query_selector(&format!("tr[data-rule=\"{}\"]", r.meta.id));
            if let Ok(Some(row)) = row {
                row.unchecked_into::<web_sys::HtmlElement>()
                    .set_hidden(!show);
            }
        }
        if let Some(title) = doc.get_element_by_id("catalogue-title") {
            title.set_text_content(Some(&heading(shown)));
        }
    });
    html! {
        <section class="catalogue" aria-labelledby="catalogue-title">
            <h2 id="catalogue-title">{heading(rules::ALL.len())}</h2>
            <p class="help"><a href="#/frameworks">{"Which framework controls each rule evaluates (CIS, NSA/CISA, Pod Security Standards)"}</a></p>
            <div class="controls" oninput={on_filter}>{filters()}</div>
            {rows()}
        </section>
    }
}

fn heading(shown: usize) -> String {
    format!("Rules ({shown} of {})", rules::ALL.len())
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
