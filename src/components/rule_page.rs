//! `#/rules/<ID>`: one rule's documentation, straight from its declaration, written as markup
//! (see `markup.rs`): it is all fixed text.

use posture_engine::rules;
use yew::prelude::*;

use crate::markup::Markup;

/// The page of rule `id` (as written in the address).
pub fn rule_page(id: &str) -> Html {
    let mut p = Markup::default();
    let Some(rule) = rules::find(id) else {
        p.tag("<section class=\"rule-page\"><h2>No such rule</h2><p>There is no rule ");
        p.text(id)
            .tag(".</p><a href=\"#/rules\">All rules</a></section>");
        return p.into_html();
    };
    let m = &rule.meta;
    // Benchmark items come from the framework catalogues, the one place they are mapped.
    let references = posture_engine::frameworks::references(m);
    let pillars: Vec<&str> = m.pillars.iter().map(|p| p.title()).collect();
    p.tag("<article class=\"rule-page\" aria-labelledby=\"rule-title\">");
    p.tag("<p><a href=\"#/rules\">← All rules</a></p><h2 id=\"rule-title\">");
    p.text(m.id)
        .tag(" · ")
        .prose(m.title)
        .tag("</h2><dl class=\"rule-meta\">");
    p.tag("<dt>Slug</dt><dd><code>")
        .text(m.slug)
        .tag("</code></dd>");
    p.tag("<dt>Principle</dt><dd>")
        .text(m.principle.title())
        .tag("</dd>");
    p.tag("<dt>Pillars</dt><dd>")
        .text(&pillars.join(", "))
        .tag("</dd>");
    p.tag("<dt>Severity</dt><dd>").text(m.severity.as_str());
    p.tag(" (security-severity ")
        .text(m.security_severity)
        .tag(")</dd></dl>");
    p.tag("<h3>Why it matters</h3><p>")
        .prose(m.rationale)
        .tag("</p>");
    p.tag("<p class=\"principle-note\">")
        .text(m.principle.summary())
        .tag("</p>");
    p.tag("<h3>How to fix it</h3><p>")
        .prose(m.remediation)
        .tag("</p>");
    p.tag("<pre><code>")
        .text(m.fix_snippet)
        .tag("</code></pre>");
    if !references.is_empty() {
        p.tag("<h3>References</h3><ul>");
        for r in &references {
            p.tag("<li>").text(r).tag("</li>");
        }
        p.tag("</ul>");
    }
    // The page is built without the rules' examples (bundle size); the CLI has them.
    p.tag("<h3>Examples</h3><p>Inputs this rule fires on and inputs it passes: <code>");
    p.tag("posture explain ")
        .text(m.id)
        .tag("</code></p></article>");
    p.into_html()
}
