//! The seven principles and six pillars with their scores, and the overall grade, written as
//! markup (see `markup.rs`): it is read-only and changes only with the report.

use posture_engine::score::{Score, Scorecard, FORMULA};
use yew::prelude::*;

use crate::markup::Markup;

/// The published principles page the explanations are based on.
const PRINCIPLES_URL: &str = "https://docs.spectrocloud.com/security/core-principles/";

fn band(score: &Score) -> &'static str {
    match score.score {
        None => "band-none",
        Some(s) if s >= 90 => "band-good",
        Some(s) if s >= 70 => "band-fair",
        Some(_) => "band-poor",
    }
}

fn shown(m: &mut Markup, score: &Score) {
    match score.score {
        Some(s) => m.number(usize::from(s)),
        None => m.tag("–"),
    };
}

/// A view function (no hooks).
pub fn scorecard_view(card: &Scorecard) -> Html {
    let graded = card.grade.is_some();
    let mut m = Markup::default();
    m.tag("<section class=\"scorecard\" aria-labelledby=\"score-title\"><div class=\"grade-row\">");
    // Never a letter for an input in which nothing could be evaluated: say so, and why.
    match (card.grade, card.overall.score) {
        (Some(g), Some(s)) => {
            let g = &g.to_string();
            m.tag("<p class=\"grade grade-")
                .text(g)
                .tag("\" id=\"grade\" aria-label=\"Overall grade ");
            m.text(g)
                .tag("\">")
                .text(g)
                .tag("</p><div><h3 id=\"score-title\">Scorecard</h3>");
            m.tag("<p class=\"overall\">Overall ")
                .number(usize::from(s))
                .tag("/100</p>");
        }
        _ => {
            let why = card.not_graded.unwrap_or("nothing was evaluated");
            m.tag("<p class=\"grade grade-none\" id=\"grade\" aria-label=\"Not graded: ")
                .text(why);
            m.tag("\">–</p><div><h3 id=\"score-title\">Scorecard</h3><p class=\"overall\">Not graded: ");
            m.text(why).tag(".</p>");
        }
    }
    m.tag("<details class=\"formula\"><summary>How scores are computed</summary><p>")
        .text(FORMULA);
    m.tag("</p><p>The principles follow Spectro Cloud's <a href=\"")
        .text(PRINCIPLES_URL);
    m.tag("\" target=\"_blank\" rel=\"noopener noreferrer\">security core principles</a>; ");
    m.tag(
        "explanations here are Posture's own.</p></details></div></div><ul class=\"principles\">",
    );
    for (p, score) in &card.principles {
        m.tag("<li class=\"principle ")
            .tag(band(score))
            .tag("\" aria-label=\"")
            .text(p.title());
        match score.score {
            Some(s) => {
                m.tag(": ")
                    .number(usize::from(s))
                    .tag(" out of 100, ")
                    .number(score.failed);
                m.tag(" of ").number(score.checks).tag(" checks failed");
            }
            None if !graded => {
                m.tag(": not evaluated");
            }
            None => {
                m.tag(": nothing in the input to check");
            }
        }
        m.tag("\" data-principle=\"")
            .text(p.code())
            .tag("\"><span class=\"code\">")
            .text(p.code());
        m.tag("</span><span class=\"name\">")
            .text(p.title())
            .tag("</span><span class=\"score\">");
        shown(&mut m, score);
        m.tag("</span><span class=\"counts\">");
        if !graded {
            m.tag("not evaluated");
        } else if score.checks == 0 {
            m.tag("not applicable");
        } else {
            m.number(score.failed)
                .tag(" failed / ")
                .number(score.checks)
                .tag(" checks");
        }
        m.tag("</span><span class=\"summary\">")
            .text(p.summary())
            .tag("</span></li>");
    }
    m.tag("</ul><ul class=\"pillars\" aria-label=\"Pillars\">");
    for (p, score) in &card.pillars {
        m.tag("<li class=\"pillar ")
            .tag(band(score))
            .tag("\"><span class=\"name\">")
            .text(p.title());
        m.tag("</span><meter class=\"bar\" min=\"0\" max=\"100\" low=\"70\" high=\"90\" optimum=\"100\" value=\"");
        m.number(usize::from(score.score.unwrap_or(0)))
            .tag("\" aria-hidden=\"true\"></meter><span class=\"score\">");
        shown(&mut m, score);
        m.tag("</span></li>");
    }
    m.tag("</ul></section>");
    m.into_html()
}
