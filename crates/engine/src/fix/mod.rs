//! Fixes: for a finding whose rule offers one, the minimal text edits that remove it.
//!
//! A rule offers a fix by attaching a [`Plan`] to the finding it reports
//! (`sink.report(…).fix(|| Plan::set(…))`); the plan names nodes and values, never text.
//! Plans are only built when [`fixes`] asks for them, so checking pays nothing. [`edit`]
//! turns a plan into [`Edit`]s on the pasted text — inside a document embedded in a literal
//! block scalar, re-indented to the block — or says why it cannot (an alias, a merge key, a
//! quoted JSON string, a template placeholder). [`apply`] applies edits, [`fix_all`] applies
//! every chosen fix in rounds (apply, check again, repeat), and [`unified_diff`] shows the
//! change.

pub(crate) mod diff;
pub(crate) mod edit;
pub(crate) mod helpers;
mod plan;

use std::cell::RefCell;

use serde::Serialize;

pub use diff::unified_diff;
pub use edit::Edit;
pub use plan::{Intent, Plan, Safety, Value};

use crate::check::{check_input_fixing, Input, Options};
use crate::finding::Finding;
use crate::report::Report;
use crate::rule::Rule;

/// The fix one finding offers.
#[derive(Clone, Debug, Serialize)]
pub struct Fix {
    pub finding: Finding,
    /// What the fix does.
    pub title: String,
    pub safety: Safety,
    /// The edits on the pasted text, in text order; empty when the fix is unavailable.
    pub edits: Vec<Edit>,
    /// Why this finding cannot be fixed automatically here, when it cannot.
    pub unavailable: Option<String>,
}

impl Fix {
    pub(crate) fn new(
        finding: Finding,
        plan: Plan,
        target: &edit::Target,
        scope: &edit::Scope,
    ) -> Fix {
        let edits = plan
            .intents
            .and_then(|intents| edit::build(target, &intents))
            .and_then(|edits| scope.to_root(edits));
        let (edits, unavailable) = match edits {
            Ok(mut e) => {
                e.sort_by_key(|e| (e.start, e.end));
                (e, None)
            }
            Err(reason) => (Vec::new(), Some(reason)),
        };
        Fix {
            finding,
            title: plan.title,
            safety: plan.safety,
            edits,
            unavailable,
        }
    }

    /// True when applying the fix changes the text.
    pub fn is_available(&self) -> bool {
        self.unavailable.is_none() && !self.edits.is_empty()
    }

    /// The fixed text and a unified diff of it, for a preview; `None` when unavailable.
    pub fn preview(&self, text: &str, name: &str) -> Option<(String, String)> {
        if !self.is_available() {
            return None;
        }
        let fixed = apply(text, &self.edits).ok()?;
        let diff = unified_diff(text, &fixed, name);
        Some((fixed, diff))
    }
}

/// Every fix the findings of one input offer (suppressed findings offer none), with the
/// report of that check.
pub fn fixes(input: &Input, rules: &[&'static Rule], options: &Options) -> (Report, Vec<Fix>) {
    let collected = RefCell::new(Vec::new());
    let mut report = Report::default();
    check_input_fixing(input, rules, options, &mut report, Some(&collected));
    (report, collected.into_inner())
}

/// Two edits that touch the same bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub at: usize,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "two edits overlap at byte {}", self.at)
    }
}

/// Applies edits to a text. Overlapping edits (or two at one point) are refused rather than
/// guessed at; so are ranges outside the text or off character boundaries.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, Conflict> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    let mut last_point = None;
    for e in sorted {
        let bad = e.start < at
            || e.end < e.start
            || e.end > text.len()
            || !text.is_char_boundary(e.start)
            || !text.is_char_boundary(e.end)
            || last_point == Some(e.start);
        if bad {
            return Err(Conflict { at: e.start });
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.replacement);
        at = e.end;
        last_point = Some(e.end);
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// Which fixes [`fix_all`] applies.
#[derive(Clone, Copy, Debug, Default)]
pub struct Choice<'a> {
    /// Only these rules' fixes (IDs or slugs); `None` for all.
    pub rules: Option<&'a [String]>,
    /// Apply fixes of the review class too.
    pub include_review: bool,
}

impl Choice<'_> {
    fn wants(&self, fix: &Fix) -> bool {
        let rule_ok = self.rules.is_none_or(|ids| {
            ids.iter().any(|id| {
                id.eq_ignore_ascii_case(fix.finding.rule_id)
                    || id.eq_ignore_ascii_case(fix.finding.rule_slug)
            })
        });
        rule_ok && (self.include_review || fix.safety == Safety::Safe)
    }
}

/// The outcome of [`fix_all`].
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The fixed text (the input itself when nothing was applied).
    pub text: String,
    /// The fixes applied, in order.
    pub applied: Vec<Fix>,
    /// Chosen fixes that could not be applied, each with its reason.
    pub unavailable: Vec<Fix>,
}

/// How many apply-and-check rounds [`fix_all`] runs at most. Fixes that touch one mapping
/// go in separate rounds (each sees the previous one's result), so this bounds how many such
/// fixes one mapping can take at once.
pub const MAX_ROUNDS: usize = 16;

/// Applies every chosen fix: in each round the fixes whose edits touch disjoint places are
/// applied together, then the text is checked again, until no chosen fix is left. A round
/// that would add an input error is undone fix by fix, keeping only the fixes that do not.
pub fn fix_all(
    input: &Input,
    rules: &[&'static Rule],
    options: &Options,
    choice: &Choice,
) -> Outcome {
    let errors_of = |text: &str| {
        crate::check::check_with_options(
            &[Input {
                name: input.name,
                text,
            }],
            &[],
            options,
        )
        .errors
        .len()
    };
    let baseline = errors_of(input.text);
    let mut text = input.text.to_string();
    let mut applied = Vec::new();
    let mut refused: Vec<Fix> = Vec::new();
    let mut unavailable = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let (_, all) = fixes(
            &Input {
                name: input.name,
                text: &text,
            },
            rules,
            options,
        );
        let mut chosen: Vec<Fix> = Vec::new();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        unavailable.clear();
        for fix in all.into_iter().filter(|f| choice.wants(f)) {
            if fix.unavailable.is_some() {
                unavailable.push(fix);
                continue;
            }
            if fix.edits.is_empty() || refused.iter().any(|r| same_fix(r, &fix)) {
                continue;
            }
            // Edits at or next to another chosen fix's wait for the next round, which sees
            // the text that fix made (two keys added to one new mapping, say).
            let clash = fix
                .edits
                .iter()
                .any(|e| taken.iter().any(|&(s, end)| e.start <= end && s <= e.end));
            if clash {
                continue;
            }
            taken.extend(fix.edits.iter().map(|e| (e.start, e.end)));
            chosen.push(fix);
        }
        if chosen.is_empty() {
            break;
        }
        let edits: Vec<Edit> = chosen.iter().flat_map(|f| f.edits.clone()).collect();
        let next = match apply(&text, &edits) {
            Ok(next) if errors_of(&next) <= baseline => next,
            _ => {
                // One at a time, each on the text so far, keeping only the harmless ones.
                let mut next = text.clone();
                let mut kept = Vec::new();
                for fix in chosen {
                    let shifted = shift(&fix.edits, &kept_edits(&kept));
                    match apply(&next, &shifted) {
                        Ok(candidate) if errors_of(&candidate) <= baseline => {
                            next = candidate;
                            kept.push(fix);
                        }
                        _ => refused.push(fix),
                    }
                }
                chosen = kept;
                next
            }
        };
        if next == text {
            break;
        }
        text = next;
        applied.extend(chosen);
    }
    unavailable.extend(refused.into_iter().map(|mut f| {
        f.unavailable = Some("applying it would make the text unreadable".to_string());
        f.edits.clear();
        f
    }));
    Outcome {
        text,
        applied,
        unavailable,
    }
}

fn same_fix(a: &Fix, b: &Fix) -> bool {
    a.finding.rule_id == b.finding.rule_id
        && a.finding.message == b.finding.message
        && a.finding.resource == b.finding.resource
        && a.edits == b.edits
}

fn kept_edits(kept: &[Fix]) -> Vec<Edit> {
    kept.iter().flat_map(|f| f.edits.clone()).collect()
}

/// `edits` (offsets of the original text) moved past the edits already applied before them.
fn shift(edits: &[Edit], applied: &[Edit]) -> Vec<Edit> {
    edits
        .iter()
        .map(|e| {
            let delta: isize = applied
                .iter()
                .filter(|a| a.end <= e.start)
                .map(|a| a.replacement.len() as isize - (a.end - a.start) as isize)
                .sum();
            Edit {
                start: (e.start as isize + delta) as usize,
                end: (e.end as isize + delta) as usize,
                replacement: e.replacement.clone(),
            }
        })
        .collect()
}
