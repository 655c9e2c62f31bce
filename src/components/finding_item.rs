//! One finding: what, where, why it matters and how to fix it, with a jump to the text and,
//! when its rule can fix it here, a preview of that fix.

use std::rc::Rc;

use posture_engine::fix::Safety;
use posture_engine::rule::RuleMeta;
use posture_engine::source::Span;
use posture_engine::{rules, Finding};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::checking::ReportEq;
use crate::components::fix_preview::{fix_preview, FixPreviewProps};
use crate::markup::Markup;
use crate::routes;
use crate::state::{Action, AppState};

/// A place as the `data-jump` attribute of the button that selects it: `line:col:line:col`.
pub fn jump_place(span: &Span) -> String {
    let (s, e) = (span.start, span.end);
    format!(
        "{}:{}:{}:{}",
        s.line, s.column_utf16, e.line, e.column_utf16
    )
}

/// One click listener for a whole region of such buttons (findings, errors, summaries):
/// the clicked one names its place, which the state turns into a range of its text.
pub fn on_jump(to: UseReducerDispatcher<AppState>) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        let place = Markup::clicked(&e, "data-jump");
        let numbers: Vec<usize> = place
            .iter()
            .flat_map(|p| p.split(':'))
            .filter_map(|n| n.parse().ok())
            .collect();
        if let [line, col, end_line, end_col] = numbers[..] {
            to.dispatch(Action::Jump {
                from: (line, col),
                to: (end_line, end_col),
            });
        }
    })
}

/// What the items of one list share. Items read this rather than the app's state, so a
/// keystroke (which changes the text, not this) re-renders none of them.
pub struct ItemView {
    pub report: Rc<ReportEq>,
    pub results_only: bool,
    pub read_only: bool,
    pub embedded: bool,
    pub name: Rc<str>,
}

/// Two views are the same when the check and what it shows are: a new name or dispatcher never
/// comes without a new check.
impl PartialEq for ItemView {
    fn eq(&self, other: &Self) -> bool {
        self.report == other.report
            && [self.results_only, self.read_only, self.embedded]
                == [other.results_only, other.read_only, other.embedded]
    }
}

impl ItemView {
    pub fn of(state: &AppState) -> ItemView {
        ItemView {
            report: Rc::clone(&state.outcome.report),
            results_only: state.results_only(),
            read_only: state.read_only(),
            embedded: state.embed.is_some(),
            name: Rc::clone(&state.name),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct FindingItemProps {
    pub finding: Finding,
    /// Its index in the report, which is where its fix is kept.
    pub index: usize,
    pub view: Rc<ItemView>,
    /// New since the baseline.
    #[prop_or_default]
    pub new: bool,
}

#[function_component(FindingItem)]
pub fn finding_item(props: &FindingItemProps) -> Html {
    let view = &props.view;
    let f = &props.finding;
    let meta = rules::find(f.rule_id).map(|r| &r.meta);
    let sev = f.severity.as_str();
    let line = f.span.start.line;
    let opened = use_state(|| 0u64);
    let fix_button = use_node_ref();
    let fix_html = fix_part(view, props.index, &opened, &fix_button);
    html! {
        <li class={crate::markup::class_list(&format!("finding sev-{sev}"), &[(f.suppressed.is_some(), "suppressed"), (props.new, "new")])}
            data-rule={f.rule_id} data-line={line.to_string()}>
            {body(f, view.results_only, props.new)}
            {fix_html}
            {meta.map(|m| explain(m, view.embedded))}
        </li>
    }
}

/// What the finding says, written as markup text (see `markup.rs`): its head (a button that
/// selects its place, read by the list's one listener, [`on_jump`]), message, resource,
/// context, evidence and suppression.
fn body(f: &Finding, results_only: bool, new: bool) -> Html {
    let sev = f.severity.as_str();
    let mut m = Markup::default();
    match results_only {
        // Shared results have no text to jump to; still focusable for arrow keys.
        true => m.tag("<div class=\"finding-jump static\" tabindex=\"0\">"),
        false => m
            .tag("<button class=\"finding-jump\" title=\"Select this place in the editor\" data-jump=\"")
            .text(&jump_place(&f.span))
            .tag("\">"),
    };
    m.tag("<span class=\"badge sev-")
        .tag(sev)
        .tag("\">")
        .tag(sev);
    m.tag("</span><span class=\"rule\">").text(f.rule_id);
    if new {
        m.tag(" <span class=\"badge new\">new</span>");
    }
    m.tag("</span><span class=\"where\">line ")
        .number(f.span.start.line);
    m.tag(":").number(f.span.start.column_utf16);
    m.tag("</span><span class=\"title\">")
        .prose(f.title)
        .tag("</span>");
    m.tag(if results_only { "</div>" } else { "</button>" });
    // A results link's message holds only the tags frameworks read, not the sender's text.
    if !f.message.is_empty() && !results_only {
        m.tag("<p class=\"message\">").prose(&f.message).tag("</p>");
    }
    if let Some(resource) = &f.resource {
        m.tag("<p class=\"resource\">").text(resource);
        if let Some(c) = &f.container {
            m.tag(" · container ").text(c);
        }
        m.tag("</p>");
    }
    if let Some(context) = &f.context {
        m.tag("<p class=\"resource context\">in ")
            .text(context)
            .tag("</p>");
    }
    if let Some(evidence) = &f.evidence {
        m.tag("<p class=\"evidence\"><span class=\"label\">Evidence </span><code>");
        m.text(evidence).tag("</code></p>");
    }
    if let Some(reason) = &f.suppressed {
        m.tag("<p class=\"suppressed-note\">Suppressed: ")
            .text(reason)
            .tag("</p>");
    }
    m.into_html()
}

/// Why the rule matters and how to fix it, with the fix's snippet, written as markup text (see
/// `markup.rs`). Its Copy button names the rule in `data-copy`; [`on_copy`] does the copying.
fn explain(m: &RuleMeta, embedded: bool) -> Html {
    let mut x = Markup::default();
    x.tag(
        "<details class=\"explain\"><summary>Why it matters and how to fix it</summary><p><strong>",
    );
    x.text(m.principle.title())
        .tag(": </strong>")
        .prose(m.rationale);
    x.tag("</p><p>").prose(m.remediation).tag("</p>");
    x.tag("<div class=\"snippet\"><pre><code>")
        .text(m.fix_snippet);
    x.tag("</code></pre><button class=\"copy\" data-copy=\"")
        .text(m.id);
    x.tag("\" aria-label=\"Copy the fix for ").text(m.id);
    x.tag("\"><span aria-live=\"polite\">Copy</span></button></div><a href=\"");
    // In an embed, rule pages open on the full page; the frame has room for the checker only.
    if embedded {
        x.text(&routes::page_url());
    }
    x.tag("#/rules/")
        .text(m.id)
        .tag("\" rel=\"noopener noreferrer\"");
    if embedded {
        x.tag(" target=\"_blank\"");
    }
    x.tag(">Rule ")
        .text(m.id)
        .tag(" documentation</a></details>");
    x.into_html()
}

/// One listener for every Copy button of a list: copies the clicked rule's fix snippet and
/// says "Copied" for two seconds, so the click visibly did something.
pub fn on_copy(e: MouseEvent) {
    let Some(meta) = Markup::clicked(&e, "data-copy").and_then(|id| rules::find(&id)) else {
        return;
    };
    let (Some(window), Some(target)) = (web_sys::window(), e.target()) else {
        return;
    };
    let _ = window
        .navigator()
        .clipboard()
        .write_text(meta.meta.fix_snippet);
    let label = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target)
        .ok()
        .and_then(|t| t.closest("button[data-copy]").ok().flatten())
        .and_then(|b| b.query_selector("span").ok().flatten());
    if let Some(label) = label {
        label.set_text_content(Some("Copied"));
        gloo_timers::callback::Timeout::new(2000, move || label.set_text_content(Some("Copy")))
            .forget();
    }
}

/// The finding's fix: why there is none, or a "Preview fix" button and, once pressed, the
/// preview. `opened` holds the check it was opened on: a new check closes it (its fixes and
/// the finding at this place in the list may differ).
fn fix_part(view: &ItemView, index: usize, opened: &UseStateHandle<u64>, button: &NodeRef) -> Html {
    let generation = view.report.1;
    let fixes = view.report.2.as_ref().filter(|_| !view.read_only);
    let Some((fixes, fix)) = fixes.and_then(|x| Some((x, x.of.get(index)?.as_ref()?))) else {
        return Html::default();
    };
    if let Some(reason) = &fix.unavailable {
        return html! { <p class="fix-none">{format!("No automatic fix: {reason}.")}</p> };
    }
    let open = **opened == generation;
    let preview = open.then(|| fix.preview(&fixes.text, &view.name)).flatten();
    let toggle = {
        let opened = opened.clone();
        Callback::from(move |_| opened.set(if open { 0 } else { generation }))
    };
    let close = {
        let (opened, button) = (opened.clone(), button.clone());
        Callback::from(move |_| {
            opened.set(0);
            if let Some(b) = button.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    let review = match fix.safety {
        Safety::Safe => None,
        Safety::Review(reason) => Some(reason),
    };
    html! {
        <>
            <button class="fix-open" ref={button.clone()} aria-expanded={open.to_string()}
                onclick={toggle}>{"Preview fix"}</button>
            if let Some((fixed, diff)) = preview {
                {fix_preview(FixPreviewProps { title: Rc::from(fix.title.as_str()), review,
                    fixed: Rc::from(fixed), diff: Rc::from(diff), on_close: close })}
            }
        </>
    }
}
