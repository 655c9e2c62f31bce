//! `#/frameworks`: every compliance catalogue with its coverage, and for each control the
//! rules that evaluate it or why none can.

use posture_engine::frameworks;
use yew::prelude::*;

#[function_component(FrameworkCatalogue)]
pub fn framework_catalogue() -> Html {
    let all = frameworks::all();
    let catalogues = all.iter().map(|f| {
        let controls = f.controls.iter().map(|c| {
            let mut rules: Vec<&str> = c.rules().iter().map(|r| r.rule).collect();
            rules.dedup();
            let coverage = c.coverage();
            html! {
                <tr data-control={c.id}>
                    <th scope="row">{c.id}</th>
                    <td>{c.title}<span class="slug">{format!(" {}", c.section)}</span></td>
                    <td><span class={classes!("badge", format!("cov-{}", coverage.as_str().replace(' ', "-")))}>{coverage.as_str()}</span></td>
                    <td class="wide">
                        {for rules.iter().map(|id| html! { <><a href={format!("#/rules/{id}")}>{*id}</a>{" "}</> })}
                        if let Some(note) = c.note() {
                            <p class="fw-note">{note}</p>
                        }
                    </td>
                </tr>
            }
        });
        html! {
            <details class="fw-catalogue" data-framework={f.id}>
                <summary><h3>{format!("{} {}", f.title, f.version)}</h3></summary>
                <p>{f.description}</p>
                <table class="rules-table fw-table">
                    <thead><tr><th scope="col">{"Control"}</th><th scope="col">{"Title"}</th><th scope="col">{"Coverage"}</th><th scope="col">{"Rules, or why none"}</th></tr></thead>
                    <tbody>{for controls}</tbody>
                </table>
            </details>
        }
    });
    html! {
        <section class="catalogue" aria-labelledby="frameworks-title">
            <h2 id="frameworks-title">{"Compliance frameworks"}</h2>
            <p>{"Each control names the Posture rules that evaluate it. Where no rule does, it says why: \
                a configuration file cannot show it (a file's owner on a node, a process at run time, \
                a human decision), or no rule checks it yet. Choose a framework above the results to \
                see each control's status for your input."}</p>
            <div class="scroll" tabindex="0" role="region" aria-label="Coverage of each framework"><table class="rules-table" id="fw-coverage-table">
                <thead><tr>
                    <th scope="col">{"Framework"}</th><th scope="col">{"Controls"}</th>
                    <th scope="col">{"Evaluated"}</th><th scope="col">{"of which partly"}</th>
                    <th scope="col">{"Not checkable"}</th><th scope="col">{"No rule yet"}</th>
                </tr></thead>
                <tbody>
                    {for all.iter().map(|f| {
                        let c = f.coverage();
                        html! {
                            <tr data-framework={f.id}>
                                <th scope="row">{format!("{} {}", f.title, f.version)}</th>
                                {for [c.total, c.evaluated, c.partial, c.not_checkable, c.no_rule].iter().map(|n| html! { <td>{n.to_string()}</td> })}
                            </tr>
                        }
                    })}
                </tbody>
            </table></div>
            {for catalogues}
        </section>
    }
}
