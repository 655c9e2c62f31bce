//! `posture compare OLD NEW`: what changed between two versions of a config (two files, two
//! directories, or two JSON reports of `posture check --format json`): fixed, new and
//! unchanged findings and every score before and after. Exit 1 when a new finding is at or
//! above `--fail-on`, 2 on a usage or input error.

use posture_engine::compare::{compare, Files, Side};
use posture_engine::report::{comparison, escape_controls as safe, read, Report};
use posture_engine::score::{scorecard, Scorecard};

use crate::check::{Checker, Selection, SELECTION_OPTIONS};
use crate::input::read_input;
use crate::output::{positional, print_errors, unexpected, value, write_stdout, Format};
use crate::walk::Rebase;

pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut format = Format::Text;
    let mut fail_on = None;
    let mut selection = Selection::new();
    let mut paths = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") | Short('f') => format = Format::parse(&value(&mut parser)?)?,
            Long("fail-on") => fail_on = Some(crate::output::fail_on(&mut parser)?),
            Long(option) if SELECTION_OPTIONS.contains(&option) => {
                let option = option.to_string();
                selection.take(&option, &mut parser)?;
            }
            Value(path) => paths.push(positional(path)?),
            _ => return Err(unexpected(arg)),
        }
    }
    let [old_path, new_path] = paths.as_slice() else {
        return Err("`compare` needs two arguments: OLD and NEW".to_string());
    };
    if matches!(format, Format::Sarif | Format::Gitlab) {
        return Err("`compare` supports --format text, json or markdown".to_string());
    }
    let loaded = Checker::new(selection).and_then(|checker| {
        // Two directories: OLD's files meet the config's path rules as NEW's files of the same
        // names do, wherever the two lie.
        let absolute =
            |p: &str| crate::walk::normalize(&std::env::current_dir().unwrap_or_default().join(p));
        let (old_root, new_root) = (absolute(old_path), absolute(new_path));
        let both_directories = is_directory(old_path) && is_directory(new_path);
        let rebase = both_directories.then_some((old_root.as_path(), new_root.as_path()));
        let old = load(old_path, &checker, rebase)?;
        let new = load(new_path, &checker, None)?;
        if old.kind != new.kind {
            return Err(format!(
                "OLD ({}) is {} and NEW ({}) is {}: compare two files, two directories or two \
                 JSON reports",
                safe(old_path),
                old.kind.describe(),
                safe(new_path),
                new.kind.describe()
            ));
        }
        Ok((old, new, checker))
    });
    let (old, new, checker) = match loaded {
        Ok(sides) => sides,
        Err(message) => {
            eprintln!("posture: {message}");
            return Ok(2);
        }
    };
    let (old_root, new_root);
    let files = match old.kind {
        Kind::Directory => {
            (old_root, new_root) = (crate::walk::shown(old_path), crate::walk::shown(new_path));
            Files::Below {
                old: &old_root,
                new: &new_root,
            }
        }
        _ if old.report.files.len() == 1 && new.report.files.len() == 1 => Files::OneFile,
        _ => Files::SameNames,
    };
    let c = compare(
        Side {
            report: &old.report,
            scorecard: &old.scorecard,
        },
        Side {
            report: &new.report,
            scorecard: &new.scorecard,
        },
        files,
    );
    write_stdout(&match format {
        Format::Json => comparison::json(&c, old_path, new_path),
        Format::Markdown => comparison::markdown(&c, old_path, new_path),
        _ => comparison::text(&c, old_path, new_path),
    });
    print_errors("OLD: ", &old.report.errors);
    print_errors("NEW: ", &new.report.errors);
    if !old.report.errors.is_empty() || !new.report.errors.is_empty() {
        return Ok(2);
    }
    let threshold = checker.threshold(fail_on);
    Ok(u8::from(
        threshold.is_some_and(|t| c.has_new_at_or_above(t)),
    ))
}

/// What a side of the comparison is; both must be the same.
#[derive(PartialEq, Clone, Copy)]
enum Kind {
    File,
    Directory,
    Report,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::File => "a config file",
            Kind::Directory => "a directory",
            Kind::Report => "a JSON report of `posture check`",
        }
    }
}

/// One side, checked or read back.
struct Loaded {
    report: Report,
    scorecard: Scorecard,
    kind: Kind,
}

fn is_directory(path: &str) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// A directory is walked and a file checked as `posture check` would (same config, same
/// excludes); a JSON report of `posture check` is taken as it is.
fn load(path: &str, checker: &Checker, rebase: Rebase) -> Result<Loaded, String> {
    let (report, kind) = if is_directory(path) {
        let report = checker.check_as(&[path.to_string()], rebase)?;
        if report.files.is_empty() && report.errors.is_empty() {
            return Err(format!(
                "{}: no files to compare in this directory (after excludes)",
                safe(path)
            ));
        }
        (report, Kind::Directory)
    } else {
        let text = read_input(path).map_err(|e| format!("{}: {}", safe(path), safe(&e.message)))?;
        if let Some((report, scorecard)) = read::from_json(&text) {
            return Ok(Loaded {
                report,
                scorecard,
                kind: Kind::Report,
            });
        }
        (checker.check_read(path, &text)?, Kind::File)
    };
    Ok(Loaded {
        scorecard: scorecard(&report),
        report,
        kind,
    })
}
