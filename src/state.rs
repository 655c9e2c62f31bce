//! Page state in one reducer, shared through a context: every component reads it and sends
//! actions; nothing else holds state that matters.

use std::collections::BTreeSet;
use std::rc::Rc;

use posture_engine::Severity;
use yew::prelude::*;

use crate::checking::Outcome;
use crate::routes::Route;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Principle,
    Severity,
    Resource,
    Pillar,
}

impl GroupBy {
    pub const ALL: [GroupBy; 4] = [
        GroupBy::Principle,
        GroupBy::Severity,
        GroupBy::Resource,
        GroupBy::Pillar,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GroupBy::Principle => "Principle",
            GroupBy::Severity => "Severity",
            GroupBy::Resource => "Resource",
            GroupBy::Pillar => "Pillar",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }
}

/// A place in the editor to select: UTF-16 offsets, as the text area counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    /// Bumped on every jump so that jumping twice to the same place still moves the editor.
    pub serial: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub text: Rc<str>,
    /// Bumped on every edit; the checker runs for the latest one.
    pub edit: u64,
    /// Bumped when the text is replaced from outside the editor (a sample, a file), so the
    /// editor writes it into the text area. Typing does not bump it: the text area already
    /// has the text, and rewriting megabytes on each key would stall the page.
    pub replaced: u64,
    pub outcome: Outcome,
    pub group_by: GroupBy,
    pub hidden_severities: BTreeSet<Severity>,
    pub filter: String,
    pub theme: Theme,
    pub remember: bool,
    pub route: Route,
    pub jump: Option<Jump>,
    /// A message about input the page refused (a binary or oversized file), shown until the next edit.
    pub notice: Option<String>,
}

pub enum Action {
    /// The user typed or pasted in the editor.
    Edit(String),
    /// The text was replaced from elsewhere (sample, file).
    Replace(String),
    Checked(Outcome),
    GroupBy(GroupBy),
    ToggleSeverity(Severity),
    Filter(String),
    Theme(Theme),
    Remember(bool),
    Navigate(Route),
    Jump {
        start: usize,
        end: usize,
        line: usize,
    },
    Notice(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                next.text = text.into();
                next.edit += 1;
                next.notice = None;
            }
            Action::Replace(text) => {
                next.text = text.into();
                next.edit += 1;
                next.replaced += 1;
                next.notice = None;
            }
            Action::Checked(outcome) => next.outcome = outcome,
            Action::GroupBy(g) => next.group_by = g,
            Action::ToggleSeverity(s) => {
                if !next.hidden_severities.remove(&s) {
                    next.hidden_severities.insert(s);
                }
            }
            Action::Filter(f) => next.filter = f,
            Action::Theme(t) => next.theme = t,
            Action::Remember(r) => next.remember = r,
            Action::Navigate(r) => next.route = r,
            Action::Jump { start, end, line } => {
                let serial = next.jump.map_or(1, |j| j.serial + 1);
                next.jump = Some(Jump {
                    start,
                    end,
                    line,
                    serial,
                });
            }
            Action::Notice(m) => next.notice = Some(m),
        }
        Rc::new(next)
    }
}

pub type StateHandle = UseReducerHandle<AppState>;

/// The state handle from the nearest provider.
#[hook]
pub fn use_app_state() -> StateHandle {
    use_context::<StateHandle>().expect("AppState context is provided by App")
}
