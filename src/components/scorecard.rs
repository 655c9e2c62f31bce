//! The seven principles and six pillars with their scores, and the overall grade.

use posture_engine::score::{Score, FORMULA};
use yew::prelude::*;

use crate::state::use_app_state;

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

fn shown(score: &Score) -> String {
    score.score.map_or("–".to_string(), |s| s.to_string())
}

#[function_component(ScorecardView)]
pub fn scorecard_view() -> Html {
    let state = use_app_state();
    let card = &state.outcome.scorecard;
    let principles = card.principles.iter().map(|(p, score)| {
        let label = match score.score {
            Some(s) => format!("{}: {s} out of 100, {} of {} checks failed", p.title(), score.failed, score.checks),
            None if card.grade.is_none() => format!("{}: not evaluated", p.title()),
            None => format!("{}: nothing in the input to check", p.title()),
        };
        html! {
            <li class={classes!("principle", band(score))} aria-label={label} data-principle={p.code()}>
                <span class="code">{p.code()}</span>
                <span class="name">{p.title()}</span>
                <span class="score">{shown(score)}</span>
                <span class="counts">{
                    if card.grade.is_none() { "not evaluated".to_string() }
                    else if score.checks == 0 { "not applicable".to_string() }
                    else { format!("{} failed / {} checks", score.failed, score.checks) }
                }</span>
                <span class="summary">{p.summary()}</span>
            </li>
        }
    });
    let pillars = card.pillars.iter().map(|(p, score)| {
        html! {
            <li class={classes!("pillar", band(score))}>
                <span class="name">{p.title()}</span>
                <meter class="bar" min="0" max="100" low="70" high="90" optimum="100"
                    value={score.score.unwrap_or(0).to_string()} aria-hidden="true"></meter>
                <span class="score">{shown(score)}</span>
            </li>
        }
    });
    // Never a letter for an input in which nothing could be evaluated: say so, and why.
    let (grade, class, label, overall) = match (card.grade, card.overall.score) {
        (Some(g), Some(s)) => (
            g.to_string(),
            format!("grade-{g}"),
            format!("Overall grade {g}"),
            format!("Overall {s}/100"),
        ),
        _ => {
            let why = card.not_graded.unwrap_or("nothing was evaluated");
            (
                "–".to_string(),
                "grade-none".to_string(),
                format!("Not graded: {why}"),
                format!("Not graded: {why}."),
            )
        }
    };
    html! {
        <section class="scorecard" aria-labelledby="score-title">
            <div class="grade-row">
                <p class={classes!("grade", class)} id="grade" aria-label={label}>{grade}</p>
                <div>
                    <h3 id="score-title">{"Scorecard"}</h3>
                    <p class="overall">{overall}</p>
                    <details class="formula">
                        <summary>{"How scores are computed"}</summary>
                        <p>{FORMULA}</p>
                        <p>
                            {"The principles follow Spectro Cloud's "}
                            <a href={PRINCIPLES_URL} target="_blank" rel="noopener noreferrer">{"security core principles"}</a>
                            {"; explanations here are Posture's own."}
                        </p>
                    </details>
                </div>
            </div>
            <ul class="principles">{for principles}</ul>
            <ul class="pillars" aria-label="Pillars">{for pillars}</ul>
        </section>
    }
}
