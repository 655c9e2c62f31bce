//! `posture compare OLD NEW`: what changed between two versions of a config (two files, two
//! directories, or two JSON reports of `posture check --format json`): fixed, new and
//! unchanged findings and every score before and after. Exit 1 when a new finding is at or
//! above `--fail-on`, 2 on a usage or input error.

use posture_engine::compare::{compare, Files, Side};
use posture_engine::k8s::pss;
use posture_engine::report::{comparison, escape_controls as safe, read, Report};
use posture_engine::score::{scorecard, Scorecard};
use posture_engine::{check_with_options, rules, Input, Options, Severity};

use crate::input::{read_all, read_input};
use crate::output::{parse_fail_on, positional, unexpected, value, write_stdout, Format};

/// A directory holds at most this many files to compare; more is refused.
const MAX_DIRECTORY_FILES: usize = 10_000;

pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut format = Format::Text;
    let mut fail_on = Some(Severity::High);
    let mut options = Options::default();
    let mut paths = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") | Short('f') => format = Format::parse(&value(&mut parser)?)?,
            Long("pss-version") => {
                let value = value(&mut parser)?;
                let version = pss::Version::parse_option(&value).ok_or(format!(
                    "unknown Pod Security Standards version `{value}` (use latest or v1.N)"
                ))?;
                options.pss_version = Some(version);
            }
            Long("fail-on") => fail_on = parse_fail_on(&value(&mut parser)?)?,
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
    let (old, new) = match (load(old_path, &options), load(new_path, &options)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("posture: {message}");
            return Ok(2);
        }
    };
    let files = if old.directory && new.directory {
        Files::Below {
            old: old_path,
            new: new_path,
        }
    } else if old.report.files.len() == 1 && new.report.files.len() == 1 {
        Files::OneFile
    } else {
        Files::SameNames
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
    let mut errors = false;
    for (side, report) in [("OLD", &old.report), ("NEW", &new.report)] {
        for e in &report.errors {
            errors = true;
            eprintln!(
                "posture: {side}: {}:{}:{}: {}",
                safe(&e.file),
                e.span.start.line,
                e.span.start.column,
                safe(&e.message)
            );
        }
    }
    if errors {
        return Ok(2);
    }
    Ok(u8::from(fail_on.is_some_and(|t| c.has_new_at_or_above(t))))
}

/// One side, checked or read back.
struct Loaded {
    report: Report,
    scorecard: Scorecard,
    directory: bool,
}

fn load(path: &str, options: &Options) -> Result<Loaded, String> {
    let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
    let texts = if is_dir {
        let files = files_below(path)?;
        if files.is_empty() {
            return Err(format!(
                "{}: no .yaml, .yml or .json files in this directory",
                safe(path)
            ));
        }
        read_all(&files).ok_or_else(|| format!("{}: could not be read", safe(path)))?
    } else {
        let text = read_input(path).map_err(|e| format!("{}: {}", safe(path), safe(&e)))?;
        // A JSON report of `posture check` is taken as it is; anything else is a config.
        if let Some((report, scorecard)) = read::from_json(&text) {
            return Ok(Loaded {
                report,
                scorecard,
                directory: false,
            });
        }
        vec![(path.to_string(), text)]
    };
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let report = check_with_options(&inputs, rules::ALL, options);
    let scorecard = scorecard(&report);
    Ok(Loaded {
        report,
        scorecard,
        directory: is_dir,
    })
}

/// The YAML and JSON files below a directory, in name order; hidden entries (`.git`) and
/// symbolic links are skipped, so the walk cannot loop or leave the tree.
fn files_below(dir: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut pending = vec![std::path::PathBuf::from(dir)];
    while let Some(at) = pending.pop() {
        let entries = std::fs::read_dir(&at)
            .map_err(|e| format!("{}: cannot list: {e}", safe(&at.to_string_lossy())))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file()
                && [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|ext| name.to_ascii_lowercase().ends_with(ext))
            {
                if out.len() == MAX_DIRECTORY_FILES {
                    return Err(format!(
                        "{}: more than {MAX_DIRECTORY_FILES} files to compare",
                        safe(dir)
                    ));
                }
                out.push(path.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    Ok(out)
}
