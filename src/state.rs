//! Page state in one reducer, shared through a context: every component reads it and sends
//! actions; nothing else holds state that matters.

use std::rc::Rc;

use posture_engine::k8s::pss::Version;
use posture_engine::share::{ShareError, Shared};
use posture_engine::{Options, Rule, Severity};
use yew::prelude::*;

use crate::baseline::Delta;
use crate::checking::{self, Outcome, Settings};
use crate::embed::EmbedOptions;
use crate::routes::Route;

/// Where what the page shows came from, when it was not typed here.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// Typed, pasted, opened or a sample: the user's own, editable.
    Own,
    /// A share link with config: read-only until "Edit a copy".
    SharedConfig { catalogue: String, redacted: bool },
    /// A results-only share link: findings and scores, no config and no editor.
    SharedResults {
        catalogue: String,
        unknown_rules: usize,
        /// The link says which rules examined something (older links do not).
        applicable_known: bool,
    },
    /// A share link that could not be read; the page works as usual below the message.
    BrokenLink(String),
}

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

/// Severities hidden from the findings list, one bit each (a set type's code would cost the
/// bundle bytes for five values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hidden(u8);

impl Hidden {
    pub fn contains(self, severity: Severity) -> bool {
        self.0 & (1 << severity as u8) != 0
    }

    pub fn toggle(&mut self, severity: Severity) {
        self.0 ^= 1 << severity as u8;
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub text: Rc<str>,
    /// Bumped on every edit; the checker runs for the latest one.
    pub edit: u64,
    /// The edit the shown results belong to: while it is behind `edit`, they are stale.
    pub checked: u64,
    /// Bumped when the text is replaced from outside the editor (a sample, a file), so the
    /// editor writes it into the text area. Typing does not bump it: the text area already
    /// has the text, and rewriting megabytes on each key would stall the page.
    pub replaced: u64,
    pub outcome: Outcome,
    pub group_by: GroupBy,
    pub hidden_severities: Hidden,
    pub filter: String,
    pub theme: Theme,
    pub remember: bool,
    pub route: Route,
    pub jump: Option<Jump>,
    /// A message about input the page refused (a binary or oversized file), shown until the next edit.
    pub notice: Option<String>,
    pub source: Source,
    /// The name findings carry: "pasted.yaml", or the file name an embedding host gave.
    pub name: Rc<str>,
    /// Set when the page runs inside another site's frame (`?embed`).
    pub embed: Option<Rc<EmbedOptions>>,
    /// The Pod Security Standards version pods are checked against where no Namespace in the
    /// input pins one; `None` is latest.
    pub pss_version: Option<Version>,
    /// The fix just applied, undoable until the next edit: (text before it, what it did).
    pub applied: Option<(Rc<str>, Rc<str>)>,
    /// "Fix all safe"'s preview, while open.
    pub fix_all: Option<AllFixes>,
    /// The share dialog, while open: (with the config, secrets redacted, link copied).
    pub share: Option<(bool, bool, bool)>,
    /// The findings list as grouped for the current report and list settings.
    pub grouped: Rc<crate::components::findings::Grouped>,
    /// How many findings the list draws: (for the report generation, how many).
    pub shown: (u64, u64),
    /// The compliance framework the results are shown against (its ID); `None` is the
    /// principles' scorecard and findings.
    pub framework: Option<&'static str>,
    /// The settings file (`.posture.yaml`) the checks apply, as CI does.
    pub settings: Rc<Settings>,
    /// The result kept by "Use as baseline", and what changed since.
    pub baseline: Option<Outcome>,
    pub delta: Option<Rc<Delta>>,
}

impl AppState {
    /// The rules this page checks with: all, or the embedding site's selection.
    pub fn rules(&self) -> &[&'static Rule] {
        match &self.embed {
            Some(e) => &e.rules,
            None => posture_engine::rules::ALL,
        }
    }

    /// The engine options: the settings file's, with the page's Pod Security version choice
    /// over its version (as `--pss-version` is over it in CI).
    pub fn options(&self) -> Options {
        let mut options = self
            .settings
            .config()
            .map(|c| c.options())
            .unwrap_or_default();
        if self.pss_version.is_some() {
            options.pss_version = self.pss_version;
        }
        options
    }

    /// Checks `text` with the page's rules, options and settings file.
    pub fn run(&self, text: &str, name: &str) -> Outcome {
        checking::run(
            text,
            name,
            self.rules(),
            &self.options(),
            self.settings.config(),
        )
    }

    /// True while the shown results belong to an earlier text than the editor's.
    pub fn stale(&self) -> bool {
        self.edit != self.checked && !self.results_only()
    }

    /// True when the text may not be changed here (a shared config, a read-only embed).
    pub fn read_only(&self) -> bool {
        matches!(
            self.source,
            Source::SharedConfig { .. } | Source::SharedResults { .. }
        ) || self.embed.as_ref().is_some_and(|e| e.read_only)
    }

    /// True when the shown results have no config behind them.
    pub fn results_only(&self) -> bool {
        matches!(self.source, Source::SharedResults { .. })
    }

    /// Whether the input may be kept in localStorage: only the user's own text, never in a frame.
    pub fn may_store(&self) -> bool {
        self.remember && self.embed.is_none() && self.source == Source::Own
    }

    /// Checks text that arrived from outside the editor (a share link, an embedding host): at
    /// once when it is small, or as a new edit when it is large, so that the checking worker
    /// takes it and the page never freezes on a 16 MiB config.
    fn check_now_or_later(&mut self, text: &str, name: &str) {
        if text.len() < crate::worker::BACKGROUND_BYTES {
            self.outcome = self.run(text, name);
            self.checked = self.edit;
        } else {
            self.edit += 1;
        }
    }

    /// Applies an opened share link (or its failure) to a copy of the state.
    pub fn open_shared(&mut self, link: Result<Shared, ShareError>) {
        match link {
            Ok(Shared::Config(c)) => {
                let text = lf(c.text);
                self.check_now_or_later(&text, &c.name);
                self.text = text.into();
                self.name = c.name.into();
                self.replaced += 1;
                self.source = Source::SharedConfig {
                    catalogue: c.catalogue,
                    redacted: c.redacted,
                };
            }
            Ok(Shared::Results(r)) => {
                self.outcome = Outcome::shared(r.report, r.scorecard);
                self.source = Source::SharedResults {
                    catalogue: r.catalogue,
                    unknown_rules: r.unknown_rules,
                    applicable_known: r.applicable_known,
                };
            }
            Err(e) => self.source = Source::BrokenLink(e.to_string()),
        }
        self.notice = None;
        self.jump = None;
    }
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
    /// Select from line:column to line:column (1-based, UTF-16 columns) of the text.
    Jump {
        from: (usize, usize),
        to: (usize, usize),
    },
    Notice(String),
    /// A share link was opened (or failed to open).
    OpenShared(Result<Shared, ShareError>),
    /// The checking worker finished the check of edit `id` (dropped if the text changed since).
    CheckedInBackground(u64, Outcome),
    /// An embedding host sent a config (and maybe its file name).
    HostCheck(String, Option<String>),
    /// Leave the shared view: keep a shared config as one's own, or start over after results.
    LeaveShared,
    /// Check pods against this Pod Security Standards version (`None`: latest).
    PssVersion(Option<Version>),
    /// The checking worker failed: say so, and check the text again on the page.
    BackgroundFailed(&'static str),
    /// A fix was written into the editor (which sent its own `Edit`): offer to undo it.
    Fixed {
        before: Rc<str>,
        what: Rc<str>,
    },
    /// Show the results against this framework (`None`: the principles).
    Framework(Option<&'static str>),
    /// Draw this many findings of the report of this generation.
    ShowMore(u64, u64),
    /// The share dialog opened, its choices changed, or it closed (`None`).
    Share(Option<(bool, bool, bool)>),
    /// Open "Fix all safe"'s preview (`None`: close it).
    FixAll(Option<AllFixes>),
    /// The settings file's text changed.
    Settings(String),
    /// Keep the current result to compare later ones with (`false`: forget it).
    Baseline(bool),
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
                next.source = Source::Own;
                next.applied = None;
            }
            Action::Fixed { before, what } => next.applied = Some((before, what)),
            Action::FixAll(preview) => next.fix_all = preview,
            Action::Share(share) => next.share = share,
            Action::ShowMore(generation, n) => next.shown = (generation, n),
            Action::Replace(text) => {
                next.applied = None;
                next.text = lf(text).into();
                next.edit += 1;
                next.replaced += 1;
                next.notice = None;
                next.source = Source::Own;
                next.name = checking::PASTED.into();
            }
            // The page checks synchronously, always the latest edit.
            Action::Checked(outcome) => {
                next.outcome = outcome;
                next.checked = next.edit;
            }
            Action::CheckedInBackground(id, mut outcome) => {
                if id != next.edit || next.results_only() {
                    return self;
                }
                // The worker's record format carries no severities (a finding gets its
                // rule's): set the settings file's again. Its scorecard already counted them.
                if let (Some(c), Some(r)) =
                    (next.settings.config(), Rc::get_mut(&mut outcome.report))
                {
                    c.set_severities(&mut r.0);
                }
                next.outcome = outcome;
                next.checked = id;
            }
            Action::GroupBy(g) => next.group_by = g,
            Action::Framework(f) => next.framework = f,
            Action::ToggleSeverity(s) => {
                next.hidden_severities.toggle(s);
            }
            Action::Filter(f) => next.filter = f,
            Action::Theme(t) => next.theme = t,
            Action::Remember(r) => next.remember = r,
            Action::Navigate(r) => {
                next.route = r;
                // Leaving the checker removes the share dialog without its `close` event.
                next.share = None;
            }
            Action::Jump { from, to } => {
                let starts = checking::utf16_line_starts(&next.text);
                let at = |(l, c): (usize, usize)| {
                    starts
                        .get(l.saturating_sub(1))
                        .map_or(0, |s| s + c.saturating_sub(1))
                };
                let serial = next.jump.map_or(1, |j| j.serial + 1);
                next.jump = Some(Jump {
                    start: at(from),
                    end: at(to),
                    line: from.0,
                    serial,
                });
            }
            Action::Notice(m) => next.notice = Some(m),
            Action::OpenShared(link) => next.open_shared(link),
            Action::HostCheck(config, filename) => {
                let config = lf(config);
                next.name = filename.map_or_else(|| checking::PASTED.into(), Into::into);
                let name = Rc::clone(&next.name);
                next.check_now_or_later(&config, &name);
                next.applied = None;
                next.text = config.into();
                next.replaced += 1;
                next.notice = None;
                next.source = Source::Own;
            }
            Action::BackgroundFailed(why) => {
                next.notice = Some(format!(
                    "{why}; large inputs are now checked on the page itself, which may pause typing."
                ));
                if !next.results_only() {
                    next.edit += 1;
                }
            }
            Action::Settings(text) => {
                next.settings = Rc::new(Settings::new(&text));
                if !next.results_only() {
                    next.edit += 1;
                }
            }
            Action::Baseline(keep) => next.baseline = keep.then(|| next.outcome.clone()),
            Action::PssVersion(version) => {
                next.pss_version = version;
                // A new edit number re-checks the text with the new version (results-only views
                // have no text to re-check).
                if !next.results_only() {
                    next.edit += 1;
                }
            }
            Action::LeaveShared => {
                if next.results_only() {
                    next.outcome = next.run(&next.text, &next.name);
                    next.checked = next.edit;
                }
                next.source = Source::Own;
            }
        }
        next.grouped = crate::components::findings::regroup(&next, &next.grouped);
        // Compare again whenever the baseline or the shown result changed.
        let generations = next
            .baseline
            .as_ref()
            .map(|b| (b.report.1, next.outcome.report.1));
        if next.delta.as_ref().map(|d| d.generations) != generations {
            next.delta = next
                .baseline
                .as_ref()
                .map(|b| Rc::new(Delta::between(b, &next.outcome)));
        }
        Rc::new(next)
    }
}

/// The text with every line ending as `\n`, as a text area holds it (it turns `\r\n` and `\r`
/// into `\n` as it takes a text), so that places in the state's text and in the editor agree.
pub fn lf(text: String) -> String {
    match text.contains('\r') {
        true => text.replace("\r\n", "\n").replace('\r', "\n"),
        false => text,
    }
}

pub type StateHandle = UseReducerHandle<AppState>;

/// "Fix all safe"'s preview: (the report generation it was made for, what it does, the fixed
/// text, its diff).
pub type AllFixes = (u64, Rc<str>, Rc<str>, Rc<str>);

thread_local! {
    static LATEST: std::cell::RefCell<Option<StateHandle>> = const { std::cell::RefCell::new(None) };
}

/// The app's state as last rendered, for event handlers of views that are not given it (a
/// fix preview's Apply): read at the event, so never older than the page shows.
pub fn latest() -> Option<StateHandle> {
    LATEST.with(|l| l.borrow().clone())
}

/// Called by the app on each render.
pub fn set_latest(state: &StateHandle) {
    LATEST.with(|l| *l.borrow_mut() = Some(state.clone()));
}
