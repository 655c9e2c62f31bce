//! Right under the status line: what could not be read, then the most serious findings, so the
//! worst news is on screen without scrolling past the scorecard. Each item selects its place in
//! the editor. Written as markup text (see `markup.rs`) with one click listener: an item names
//! its place in `data-jump`.

use posture_engine::source::Span;
use posture_engine::{Finding, Severity};
use yew::prelude::*;

use crate::checking::ReportEq;
use crate::components::finding_item::{jump_place, on_jump};
use crate::markup::Markup;
use crate::state::AppState;

/// How many errors and findings the summary names; the full lists are further down.
const TOP: usize = 3;

/// One line of the summary: a button that selects the place, or plain text in shared results.
/// `head` is markup already written; the title is a rule's prose, or (`plain`) an error's
/// message, shown exactly as written.
fn item(m: &mut Markup, jumps: bool, span: &Span, head: &str, title: &str, plain: bool) {
    let (line, col) = (span.start.line, span.start.column_utf16);
    m.tag("<li data-line=\"").number(line).tag("\">");
    match jumps {
        true => m.tag(
            "<button class=\"top-item\" title=\"Select this place in the editor\" data-jump=\"",
        ),
        false => m.tag("<span class=\"top-item\" data-jump=\""),
    };
    m.text(&jump_place(span));
    m.tag("\"><span class=\"where\">line ")
        .number(line)
        .tag(":")
        .number(col)
        .tag("</span>");
    m.tag(head).tag("<span class=\"title\">");
    match plain {
        true => m.text(title),
        false => m.prose(title),
    };
    m.tag("</span>");
    m.tag(if jumps {
        "</button></li>"
    } else {
        "</span></li>"
    });
}

/// A view function (no hooks). Items select their place when `jumps` (not in shared results,
/// which have no text).
pub fn top_issues(report: &ReportEq, jumps: bool, to: UseReducerDispatcher<AppState>) -> Html {
    let report = &report.0;
    let mut m = Markup::default();

    let count = report.errors.len();
    if count > 0 {
        m.tag("<div class=\"top-issues unreadable\" role=\"alert\" id=\"top-errors\"><h3>");
        match count {
            1 => m.tag("Part of the input could not be read"),
            n => m.number(n).tag(" parts of the input could not be read"),
        };
        m.tag("</h3><p class=\"note\">Nothing in an unreadable part was checked: fix it to see ");
        m.tag("its findings.</p><ol>");
        for e in report.errors.iter().take(TOP) {
            let head = "<span class=\"badge sev-error\">error</span>";
            item(&mut m, jumps, &e.span, head, &e.message, true);
        }
        m.tag("</ol>");
        if count > TOP {
            m.tag("<p class=\"note\">")
                .number(count - TOP)
                .tag(" more in the list below.</p>");
        }
        m.tag("</div>");
    }

    let mut worst: Vec<&Finding> = report
        .active()
        .filter(|f| f.severity >= Severity::Medium)
        .collect();
    // Most severe first; among equals, the first in the text.
    worst.sort_by(|a, b| {
        (b.severity, &a.file, a.span.start.offset).cmp(&(a.severity, &b.file, b.span.start.offset))
    });
    if !worst.is_empty() {
        m.tag("<div class=\"top-issues\" id=\"top-findings\"><h3>Most serious</h3><ol>");
        for f in worst.iter().take(TOP) {
            let sev = f.severity.as_str();
            let mut head = Markup::default();
            head.tag("<span class=\"badge sev-")
                .tag(sev)
                .tag("\">")
                .tag(sev);
            head.tag("</span><span class=\"rule\">")
                .text(f.rule_id)
                .tag("</span>");
            item(&mut m, jumps, &f.span, head.as_str(), f.title, false);
        }
        m.tag("</ol></div>");
    }

    html! { <div onclick={on_jump(to)}>{m.into_html()}</div> }
}
