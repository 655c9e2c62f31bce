//! `#/rules/<ID>`: one rule's documentation, straight from its declaration.

use posture_engine::rules;
use yew::prelude::*;

use crate::prose::prose;

#[derive(Properties, PartialEq)]
pub struct RulePageProps {
    pub id: String,
}

#[function_component(RulePage)]
pub fn rule_page(props: &RulePageProps) -> Html {
    let Some(rule) = rules::find(&props.id) else {
        return html! {
            <section class="rule-page">
                <h2>{"No such rule"}</h2>
                <p>{format!("There is no rule {}.", props.id)}</p>
                <a href="#/rules">{"All rules"}</a>
            </section>
        };
    };
    let m = &rule.meta;
    // Benchmark items come from the framework catalogues, the one place they are mapped.
    let references = posture_engine::frameworks::references(m);
    let pillars: Vec<&str> = m.pillars.iter().map(|p| p.title()).collect();
    html! {
        <article class="rule-page" aria-labelledby="rule-title">
            <p><a href="#/rules">{"← All rules"}</a></p>
            <h2 id="rule-title">{format!("{} · ", m.id)}{prose(m.title)}</h2>
            <dl class="rule-meta">
                <dt>{"Slug"}</dt><dd><code>{m.slug}</code></dd>
                <dt>{"Principle"}</dt><dd>{m.principle.title()}</dd>
                <dt>{"Pillars"}</dt><dd>{pillars.join(", ")}</dd>
                <dt>{"Severity"}</dt><dd>{format!("{} (security-severity {})", m.severity.as_str(), m.security_severity)}</dd>
            </dl>
            <h3>{"Why it matters"}</h3>
            <p>{prose(m.rationale)}</p>
            <p class="principle-note">{m.principle.summary()}</p>
            <h3>{"How to fix it"}</h3>
            <p>{prose(m.remediation)}</p>
            <pre><code>{m.fix_snippet}</code></pre>
            if !references.is_empty() {
                <h3>{"References"}</h3>
                <ul>{for references.iter().map(|r| html! { <li>{r}</li> })}</ul>
            }
            <h3>{"Examples"}</h3>
            // The page is built without the rules' examples (bundle size); the CLI has them.
            <p>{"Inputs this rule fires on and inputs it passes: "}<code>{format!("posture explain {}", m.id)}</code></p>
        </article>
    }
}
