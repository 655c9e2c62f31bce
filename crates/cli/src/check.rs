//! `posture check`: findings, scores and exit status for files, directories or standard input.
//!
//! Files are checked in parallel, two workers per core, from the moment the walk finds the
//! first one; each worker reads a file, checks it and keeps only its report, so memory holds at
//! most one text per worker (each at most 16 MiB) plus the findings, whatever the total
//! size. Reports are joined in path order, so the output is the same on every run and machine.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use posture_engine::baseline::{classify, State};
use posture_engine::config::FailOn;
use posture_engine::frameworks::assess;
use posture_engine::glob::Glob;
use posture_engine::k8s::pss;
use posture_engine::report::escape_controls as safe;
use posture_engine::source::{Position, Span};
use posture_engine::{check_with_options, Input, InputError, Options, Report, Severity};

use crate::input::{read_input, starts_with_cloud_config, Unreadable};
use crate::output::{positional, print_errors, unexpected, value, write_report, Extras, Format};
use crate::settings::{self, Settings, Source};
use crate::walk::{self, Filter, Rebase, Target};

/// Stack for each worker: the loader and embedded documents recurse (bounded depth), and the
/// main thread's 8 MiB is what they have always been tested with.
const WORKER_STACK: usize = 8 * 1024 * 1024;

/// The options that say which files are checked and with what settings, the same for
/// `check`, `baseline write` and `compare`, so all three see a repository alike.
pub struct Selection {
    pub excludes: Vec<Glob>,
    pub config: Source,
    pub pss_version: Option<pss::Version>,
}

/// The long options [`Selection::take`] reads.
pub const SELECTION_OPTIONS: [&str; 4] = ["exclude", "config", "no-config", "pss-version"];

impl Selection {
    pub fn new() -> Selection {
        Selection {
            excludes: Vec::new(),
            config: Source::Search,
            pss_version: None,
        }
    }

    /// Reads one of [`SELECTION_OPTIONS`] and its value.
    pub fn take(&mut self, option: &str, parser: &mut lexopt::Parser) -> Result<(), String> {
        match option {
            "exclude" => {
                let v = value(parser)?;
                let glob = Glob::new(&v).ok_or(format!("--exclude `{v}` matches nothing"))?;
                self.excludes.push(glob);
            }
            "config" => self.config = Source::File(value(parser)?),
            "no-config" => self.config = Source::None,
            _ => {
                let value = value(parser)?;
                let version = pss::Version::parse_option(&value).ok_or(format!(
                    "unknown Pod Security Standards version `{value}` (use latest or v1.N)"
                ))?;
                self.pss_version = Some(version);
            }
        }
        Ok(())
    }
}

/// Checks files as `check` does, with one config: shared by `check`, `baseline write` and
/// `compare`, so all three see a repository alike.
pub struct Checker {
    settings: Settings,
    options: Options,
    excludes: Vec<Glob>,
}

impl Checker {
    /// Loads the config the selection names; an error (to print, then exit 2) for a broken one.
    pub fn new(selection: Selection) -> Result<Checker, String> {
        let settings = settings::load(&selection.config)?;
        let mut options = settings.config.options();
        if selection.pss_version.is_some() {
            options.pss_version = selection.pss_version;
        }
        Ok(Checker {
            settings,
            options,
            excludes: selection.excludes,
        })
    }

    /// Calls `f` with the filter the excludes make (see [`Filter::rebase`] for `rebase`).
    fn with_filter<T>(&self, rebase: Rebase, f: impl FnOnce(&Filter) -> T) -> T {
        let config = &self.settings.config;
        let excluded = |p: &str| config.excludes(p);
        f(&Filter {
            cli: &self.excludes,
            config: &excluded,
            config_dir: self.settings.dir.as_deref(),
            rebase,
        })
    }

    /// The joined report of every file under `paths`; an error (to print, then exit 2) for a
    /// path that does not exist.
    pub fn check(&self, paths: &[String]) -> Result<Report, String> {
        self.check_as(paths, None)
    }

    /// [`Checker::check`], with the config's path rules applied to files under one directory
    /// as to the same files under another (see [`Filter::rebase`]).
    pub fn check_as(&self, paths: &[String], rebase: Rebase) -> Result<Report, String> {
        let mut report = self
            .with_filter(rebase, |filter| {
                check_all(paths, filter, &self.settings, &self.options)
            })
            .map_err(|m| safe(&m).into_owned())?;
        self.settings.config.set_severities(&mut report);
        Ok(report)
    }

    /// The report of one file (or `-`) already read, as [`Checker::check`] would make it; an
    /// error when the excludes leave it out.
    pub fn check_read(&self, path: &str, text: &str) -> Result<Report, String> {
        let mut target = None;
        let named = [path.to_string()];
        self.with_filter(None, |filter| {
            walk::visit(&named, filter, |t| target = Some(t))
        })
        .map_err(|m| safe(&m).into_owned())?;
        let target = target.ok_or(format!("{}: left out by an exclude", safe(path)))?;
        let mut report = check_text(&target, text, &self.settings, &self.options);
        self.settings.config.set_severities(&mut report);
        Ok(report)
    }

    /// The `--fail-on` given, else the config's, else high; `None` for "never".
    pub fn threshold(&self, fail_on: Option<FailOn>) -> Option<Severity> {
        match fail_on.or(self.settings.config.fail_on) {
            Some(FailOn::Never) => None,
            Some(FailOn::AtOrAbove(t)) => Some(t),
            None => Some(Severity::High),
        }
    }
}

pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut format = Format::Text;
    let mut outputs: Vec<(Format, String)> = Vec::new();
    let mut fail_on: Option<FailOn> = None;
    let mut selection = Selection::new();
    let mut paths = Vec::new();
    let mut chosen = Vec::new();
    let mut baseline_file = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") | Short('f') => format = Format::parse(&value(&mut parser)?)?,
            Long("output") | Short('o') => {
                let v = value(&mut parser)?;
                let (name, file) = v.split_once('=').ok_or(format!(
                    "--output takes FORMAT=FILE (e.g. sarif=posture.sarif), not `{v}`"
                ))?;
                if file.is_empty() {
                    return Err(format!("--output {name}= needs a file name"));
                }
                let same =
                    |f: &String| walk::normalize(f.as_ref()) == walk::normalize(file.as_ref());
                if outputs.iter().any(|(_, f)| same(f)) {
                    return Err(format!("--output names {file} twice"));
                }
                if file == "-" {
                    return Err("--output writes files; --format says what standard output \
                                gets"
                        .to_string());
                }
                outputs.push((Format::parse(name)?, file.to_string()));
            }
            Long("fail-on") => fail_on = Some(crate::output::fail_on(&mut parser)?),
            Long(option) if SELECTION_OPTIONS.contains(&option) => {
                let option = option.to_string();
                selection.take(&option, &mut parser)?;
            }
            Long("framework") => chosen.push(crate::frameworks::parse(&value(&mut parser)?)?),
            Long("baseline") => baseline_file = Some(value(&mut parser)?),
            Value(path) => paths.push(positional(path)?),
            _ => return Err(unexpected(arg)),
        }
    }
    if paths.is_empty() {
        return Err("`check` needs at least one PATH (or `-` for standard input)".to_string());
    }
    // Read first: a broken baseline is a usage error, whatever the inputs hold.
    let baseline = match &baseline_file {
        Some(path) => match crate::baseline::load(path) {
            Ok(b) => Some(b),
            Err(message) => {
                eprintln!("posture: {message}");
                return Ok(2);
            }
        },
        None => None,
    };
    // Never freed: the process ends soon after, and freeing a large report's findings one
    // by one took longer than writing them out.
    let checked = Checker::new(selection).and_then(|c| Ok((c.check(&paths)?, c)));
    let (report, checker) = match checked {
        Ok((report, checker)) => (std::mem::ManuallyDrop::new(report), checker),
        Err(message) => {
            eprintln!("posture: {message}");
            return Ok(2);
        }
    };
    let assessments: Vec<_> = chosen.iter().map(|f| assess(f, &report)).collect();
    let states = baseline.as_ref().map(|b| classify(&report, b));
    let extras = Extras {
        baseline: states.as_ref(),
        assessments: &assessments,
    };

    let mut status = 0;
    for (format, file) in &outputs {
        let written = File::create(file)
            .and_then(|f| write_report(*format, &report, &extras, &mut BufWriter::new(f)));
        if let Err(e) = written {
            eprintln!("posture: cannot write {}: {e}", safe(file));
            status = 2;
        }
    }
    // A closed pipe (`posture … | head`) is not an error of the check.
    let _ = write_report(
        format,
        &report,
        &extras,
        &mut BufWriter::new(std::io::stdout().lock()),
    );
    if !report.errors.is_empty() {
        print_errors("", &report.errors);
        return Ok(2);
    }
    if status != 0 {
        return Ok(status);
    }
    let threshold = checker.threshold(fail_on);
    // Against a baseline, only new findings can fail the run.
    let failed = threshold.is_some_and(|t| match &states {
        Some(s) => report
            .findings
            .iter()
            .zip(&s.states)
            .any(|(f, st)| *st == State::New && f.suppressed.is_none() && f.severity >= t),
        None => report.has_at_or_above(t),
    });
    Ok(u8::from(failed))
}

/// Checks every file under `paths` on every core, starting as soon as the walk finds the
/// first, and joins the reports in path order. An error when the walk fails (nothing is
/// reported then).
fn check_all(
    paths: &[String],
    filter: &Filter,
    settings: &Settings,
    options: &Options,
) -> Result<Report, String> {
    // Two workers per core: a worker waiting for a file the disk has not yet read leaves its
    // core to another (10,000 files not in the page cache: 2.1-2.2 s became 1.6-1.7 s on two
    // cores; with the files cached, it makes no difference).
    let workers = 2 * std::thread::available_parallelism().map_or(1, |n| n.get());
    let (jobs, queue) = mpsc::channel::<Target>();
    let queue = Mutex::new(queue);
    let done = AtomicUsize::new(0);
    let mut progress = Progress::new();
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for _ in 0..workers {
            let (queue, done) = (&queue, &done);
            // Each worker keeps its reports until the end: handing each over as it was made
            // woke the main thread once per file, taking a core from the checking each time.
            let work = move || {
                let mut checked = Vec::new();
                // The rules' counts are added up here, on every core, so joining has one set
                // per worker to merge rather than one per file.
                let mut counts = Report::default();
                loop {
                    // The lock is held only while waiting for the next file, not while checking.
                    let next = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => break,
                    };
                    let Ok(target) = next else { break };
                    let mut report = check_one(&target, settings, options);
                    if let Some(report) = &mut report {
                        counts.add_applicable(std::mem::take(&mut report.applicable));
                    }
                    checked.push((target.shown, report));
                    done.fetch_add(1, Ordering::Relaxed);
                }
                (checked, counts)
            };
            let spawned = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, work);
            handles.extend(spawned.ok());
        }
        let mut found = 0;
        let walked = walk::visit(paths, filter, |target| {
            // A send fails only when no worker runs; those files are checked below.
            let _ = jobs.send(target);
            found += 1;
        });
        drop(jobs);
        progress.total = found;
        if progress.terminal {
            while handles.iter().any(|h| !h.is_finished()) {
                progress.show(done.load(Ordering::Relaxed));
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let mut reports = Vec::with_capacity(found);
        let mut counts = Vec::new();
        for handle in handles {
            match handle.join() {
                Ok((checked, worker_counts)) => {
                    reports.extend(checked);
                    counts.push(worker_counts.applicable);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        // If no worker could start, check here rather than report nothing.
        if let Ok(queue) = queue.lock() {
            for target in queue.try_iter() {
                let report = check_one(&target, settings, options);
                reports.push((target.shown, report));
            }
        }
        progress.finish();
        walked?;
        // Path order, whatever order the walk and the workers took (no path comes twice).
        reports.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut joined = Report::join(reports.into_iter().filter_map(|(_, r)| r).collect());
        for worker_counts in counts {
            joined.add_applicable(worker_counts);
        }
        Ok(joined)
    })
}

/// The report of one file; `None` for a walked file that turned out not to be a candidate
/// (no `#cloud-config` at its start).
fn check_one(target: &Target, settings: &Settings, options: &Options) -> Option<Report> {
    if target.sniff {
        match starts_with_cloud_config(&target.path) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(unreadable(target, format!("cannot read: {e}").into())),
        }
    }
    let path = target.path.to_string_lossy();
    match read_input(&path) {
        Ok(text) => Some(check_text(target, &text, settings, options)),
        Err(e) => Some(unreadable(target, e)),
    }
}

/// The report of one file's text, with the config's rules for its path (its severities are
/// set on the joined report, once).
fn check_text(target: &Target, text: &str, settings: &Settings, options: &Options) -> Report {
    let config = &settings.config;
    let rules = config.rules_for(&target.config_path);
    let input = Input {
        name: &target.shown,
        text,
    };
    let mut report = check_with_options(&[input], &rules, options);
    let not_configuration = report.documents() > 0 && report.evaluated_documents == 0;
    if target.walked && not_configuration && report.errors.is_empty() {
        // Named once, not once per document; it examined nothing the scorecard should count.
        report.findings.retain(|f| f.rule_id != "DS900");
        report.applicable.clear();
        report.not_evaluated.push(target.shown.clone());
    }
    report
}

/// A file that could not be read: an input error of its own, so the rest is still checked
/// and the run ends with status 2. It points at the first byte that is not UTF-8, if that is
/// why, else at the start.
fn unreadable(target: &Target, e: Unreadable) -> Report {
    let start = e.at.unwrap_or(Position {
        offset: 0,
        line: 1,
        column: 1,
        column_utf16: 1,
    });
    Report {
        errors: vec![InputError {
            file: target.shown.clone(),
            span: Span { start, end: start },
            message: e.message,
        }],
        ..Report::default()
    }
}

/// "checked 812 of 10000 files" on a terminal's standard error, once the run has taken more
/// than a second; nothing when standard error is a file or a pipe (CI logs stay clean).
struct Progress {
    /// How many files the walk found (known once it is over; the line shows after that).
    total: usize,
    started: Instant,
    last: Option<Instant>,
    terminal: bool,
}

impl Progress {
    fn new() -> Self {
        Progress {
            total: 0,
            started: Instant::now(),
            last: None,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self, done: usize) {
        if !self.terminal || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        if self
            .last
            .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\rposture: checked {done} of {} files", self.total);
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.last.is_some() {
            // Clear the line so the next output starts clean.
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}
