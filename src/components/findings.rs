//! The findings: grouped (by principle, severity, resource or pillar), filtered by severity and
//! text, drawn in pages so huge inputs stay responsive; input errors first.

use posture_engine::model::{Pillar, Principle};
use posture_engine::{rules, Finding, Severity};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::finding_item::{jump_place, on_copy, on_jump, FindingItem, ItemView};
use crate::markup::Markup;
use std::rc::Rc;

use crate::state::{Action, AppState, GroupBy, Hidden, StateHandle};
use posture_engine::k8s::pss;

/// How many findings are drawn at first; the rest come in steps on request.
const PAGE: usize = 200;

fn matches_filter(f: &Finding, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let hay = [
        f.rule_id,
        f.rule_slug,
        f.title,
        &f.message,
        f.resource.as_deref().unwrap_or(""),
        f.container.as_deref().unwrap_or(""),
        f.context.as_deref().unwrap_or(""),
    ];
    hay.iter().any(|h| h.to_ascii_lowercase().contains(needle))
}

/// (group key for ordering, group title, indices of its findings)
fn group(all: &[Finding], visible: &[usize], by: GroupBy) -> Vec<(String, String, Vec<usize>)> {
    // (key, title, finding) for every membership, sorted by key and then cut into groups: a
    // sorted list rather than a map keeps a map type's code out of the bundle.
    let mut members: Vec<(String, String, usize)> = Vec::new();
    for index in visible {
        let f = &all[*index];
        let meta = rules::find(f.rule_id).map(|r| &r.meta);
        let keys: Vec<(String, String)> = match by {
            GroupBy::Principle => {
                let p = meta.map_or(Principle::SecureByDesign, |m| m.principle);
                let i = p as usize;
                vec![(format!("{i}"), format!("{} ({})", p.title(), p.code()))]
            }
            GroupBy::Severity => {
                let i = Severity::ALL
                    .iter()
                    .position(|x| *x == f.severity)
                    .unwrap_or(0);
                vec![(format!("{i}"), f.severity.as_str().to_string())]
            }
            GroupBy::Resource => {
                let r = f
                    .resource
                    .clone()
                    .unwrap_or_else(|| "(not tied to a resource)".into());
                vec![(r.clone(), r)]
            }
            GroupBy::Pillar => meta
                .map(|m| m.pillars.to_vec())
                .unwrap_or_default()
                .into_iter()
                .map(|p: Pillar| {
                    let i = p as usize;
                    (format!("{i}"), p.title().to_string())
                })
                .collect(),
        };
        for (key, title) in keys {
            members.push((key, title, *index));
        }
    }
    // Stable, so each group keeps the findings in their order.
    members.sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(String, String, Vec<usize>)> = Vec::new();
    for (key, title, index) in members {
        match groups.last_mut() {
            Some(last) if last.0 == key => last.2.push(index),
            _ => groups.push((key, title, vec![index])),
        }
    }
    groups
}

/// The findings shown, grouped: made again in the reducer only when the report or the list's
/// settings change (see [`regroup`]), never on a keystroke in the editor.
#[derive(Debug, Default)]
pub struct Grouped {
    /// The report generation, grouping, filter (lower case) and hidden severities it was made
    /// for (`None`: nothing yet).
    key: Option<(u64, GroupBy, String, Hidden)>,
    /// (group key for ordering, group title, indices of its findings)
    pub groups: Vec<(String, String, Vec<usize>)>,
    /// How many findings pass the filters.
    pub count: usize,
}

/// `old`, or the findings grouped again if the state asks for another list.
pub fn regroup(state: &AppState, old: &Rc<Grouped>) -> Rc<Grouped> {
    let key = (
        state.outcome.report.1,
        state.group_by,
        state.filter.trim().to_ascii_lowercase(),
        state.hidden_severities,
    );
    if old.key.as_ref() == Some(&key) {
        return Rc::clone(old);
    }
    let findings = &state.outcome.report.0.findings;
    let (_, by, needle, hidden) = &key;
    let mut visible: Vec<usize> = (0..findings.len())
        .filter(|i| !hidden.contains(findings[*i].severity))
        .filter(|i| matches_filter(&findings[*i], needle))
        .collect();
    visible.sort_by(|a, b| {
        let (a, b) = (&findings[*a], &findings[*b]);
        b.severity
            .cmp(&a.severity)
            .then(a.span.start.offset.cmp(&b.span.start.offset))
    });
    Rc::new(Grouped {
        groups: group(findings, &visible, *by),
        count: visible.len(),
        key: Some(key),
    })
}

/// Equal when made for the same report and settings.
impl PartialEq for Grouped {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// A view function: what it draws is kept in the state (`grouped`, `shown`).
pub fn findings(state: &StateHandle) -> Html {
    // What every item shows besides its finding. Items compare it by value, so a keystroke
    // (which changes the text, not this) re-renders none of them.
    let view = Rc::new(ItemView::of(state));
    // How many are drawn: a page at first, more on request, a page again for a new report.
    let shown = match state.shown {
        (generation, n) if generation == state.outcome.report.1 => n,
        _ => PAGE as u64,
    };
    let report = &state.outcome.report.0;
    let grouped = &state.grouped;
    let visible_count = grouped.count;

    let on_pss = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            let version = (value != "latest")
                .then(|| pss::Version::parse_label(&value))
                .flatten();
            state.dispatch(Action::PssVersion(version));
        })
    };
    let on_group = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let by = GroupBy::ALL
                .into_iter()
                .find(|g| g.label() == select.value())
                .unwrap_or(GroupBy::Principle);
            state.dispatch(Action::GroupBy(by));
        })
    };
    let on_filter = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::Filter(input.value()));
        })
    };
    let severity_chips = Severity::ALL.iter().map(|sev| {
        let sev = *sev;
        let on = !state.hidden_severities.contains(sev);
        let count = report.active().filter(|f| f.severity == sev).count();
        let state = state.clone();
        let toggle = Callback::from(move |_| state.dispatch(Action::ToggleSeverity(sev)));
        html! {
            <button class={crate::markup::class_list(&format!("chip sev-{}", sev.as_str()), &[(on, "on")])}
                aria-pressed={on.to_string()} onclick={toggle}>
                {format!("{} {count}", sev.as_str())}
            </button>
        }
    });

    // Arrow keys move between findings; Enter (a button press) jumps to the text.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        let step: i32 = match e.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(buttons) = doc.query_selector_all("#findings .finding-jump") else {
            return;
        };
        let active = doc.active_element();
        let count = buttons.length() as i32;
        let current = (0..count).find(|i| {
            buttons
                .item(*i as u32)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                == active
        });
        let next = current.map_or(0, |i| (i + step).clamp(0, count - 1));
        if let Some(el) = buttons
            .item(next as u32)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        {
            e.prevent_default();
            let _ = el.focus();
        }
    });

    // Written as markup text (see `markup.rs`); the list's one listener does the jumps.
    let mut errors = Markup::default();
    for e in report.errors.iter().take(PAGE) {
        let (line, col) = (e.span.start.line, e.span.start.column_utf16);
        errors
            .tag("<li class=\"finding error\" data-line=\"")
            .number(line);
        errors
            .tag("\"><button class=\"finding-jump\" data-jump=\"")
            .text(&jump_place(&e.span));
        errors.tag("\"><span class=\"badge sev-error\">error</span><span class=\"where\">line ");
        errors.number(line).tag(":").number(col);
        errors.tag("</span><span class=\"title\">The input could not be read here</span></button>");
        errors
            .tag("<p class=\"message\">")
            .text(&e.message)
            .tag("</p></li>");
    }

    let mut budget = shown as usize;
    let group_html = grouped.groups.iter().filter_map(|(key, title, items)| {
        if budget == 0 {
            return None;
        }
        let total = items.len();
        let take = total.min(budget);
        budget -= take;
        Some(html! {
            <li class="group" key={key.clone()}>
                <h3>{title}<span class="group-count">{format!(" {total}")}</span></h3>
                <ol>
                    {for items.iter().take(take).map(|i| html! {
                        <FindingItem finding={report.findings[*i].clone()} index={*i} view={view.clone()}
                            new={state.delta.as_ref().is_some_and(|d| d.is_new(*i))} />
                    })}
                </ol>
            </li>
        })
    });
    let drawn = (shown as usize).min(visible_count);
    let more = visible_count - drawn;
    let generation = state.outcome.report.1;
    let show_more = state
        .dispatcher()
        .to_callback()
        .reform(move |_| Action::ShowMore(generation, shown + PAGE as u64 * 5));

    // The selects' options as markup text (see `Markup::option`).
    let mut group_options = Markup::default();
    for g in GroupBy::ALL {
        group_options.option(g.label(), g.label(), g == state.group_by);
    }
    let mut pss_options = Markup::default();
    let latest = match state.settings.config().and_then(|c| c.pss_version) {
        Some(v) => format!("settings file (v1.{})", v.0),
        None => format!("latest (v1.{})", pss::LATEST.0),
    };
    pss_options.option("latest", &latest, state.pss_version.is_none());
    for minor in (0..=pss::LATEST.0).rev() {
        let v = format!("v1.{minor}");
        pss_options.option(&v, &v, state.pss_version == Some(pss::Version(minor)));
    }
    let (group_options, pss_options) = (group_options.into_html(), pss_options.into_html());

    html! {
        <section class="findings-panel" aria-labelledby="findings-title" onclick={on_copy}>
            <h3 id="findings-title" class="visually-hidden">{"Findings"}</h3>
            <div class="controls">
                <label>{"Group by "}
                    <select id="group-by" onchange={on_group}>{group_options}</select>
                </label>
                if !state.results_only() {
                    <label title="Pods are checked against this Pod Security Standards version, \
                        unless a Namespace in the input pins one with pod-security.kubernetes.io/enforce-version">
                        {"Pod Security "}
                        <select id="pss-version" onchange={on_pss}>{pss_options}</select>
                    </label>
                }
                <label class="search">
                    <span class="visually-hidden">{"Filter findings"}</span>
                    <input type="search" id="filter" placeholder="Filter: rule, resource, text…"
                        value={state.filter.clone()} oninput={on_filter} />
                </label>
                <div class="chips" role="group" aria-label="Show severities">{for severity_chips}</div>
            </div>
            if report.findings.is_empty() && report.errors.is_empty() {
                <p class="empty" id="findings">{"No findings. Every applicable check passed."}</p>
            } else {
                <ol class="groups" id="findings" {onkeydown} onclick={on_jump(state.dispatcher())}>
                    if !report.errors.is_empty() {
                        <li class="group errors">
                            <h3>{"Input errors"}<span class="group-count">{format!(" {}", report.errors.len())}</span></h3>
                            <ol>{errors.into_html()}</ol>
                        </li>
                    }
                    {for group_html}
                </ol>
                if more > 0 {
                    <button class="more" onclick={show_more}>{format!("Show more ({more} not shown)")}</button>
                }
                if visible_count == 0 && !report.findings.is_empty() {
                    <p class="empty">{"No finding matches the filters."}</p>
                }
            }
        </section>
    }
}
