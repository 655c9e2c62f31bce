//! `posture baseline write`: the current findings as a baseline file, and reading one back for
//! `posture check --baseline`.

use std::io::Read;

use posture_engine::baseline::{Baseline, MAX_BASELINE_BYTES};
use posture_engine::report::escape_controls as safe;

use crate::check::{Checker, Selection, SELECTION_OPTIONS};
use crate::output::{positional, print_errors, unexpected, write_stdout};

/// `baseline write PATH...`: the paths are taken as `check` takes them (directories walked,
/// the config and `--exclude` applied), so a baseline holds what `check` would report.
pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Value};
    let mut selection = Selection::new();
    let mut paths = Vec::new();
    let mut action = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long(option) if SELECTION_OPTIONS.contains(&option) => {
                let option = option.to_string();
                selection.take(&option, &mut parser)?;
            }
            Value(word) if action.is_none() => action = Some(positional(word)?),
            Value(path) => paths.push(positional(path)?),
            _ => return Err(unexpected(arg)),
        }
    }
    match action.as_deref() {
        Some("write") => {}
        Some(other) => return Err(format!("unknown baseline action `{other}` (use write)")),
        None => return Err("`baseline` needs an action: write".to_string()),
    }
    if paths.is_empty() {
        return Err("`baseline write` needs at least one PATH (or `-`)".to_string());
    }
    let report = match Checker::new(selection).and_then(|c| c.check(&paths)) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("posture: {message}");
            return Ok(2);
        }
    };
    write_stdout(&Baseline::from_report(&report).to_json());
    if !report.errors.is_empty() {
        // The unread parts have no findings in the baseline: say so and fail, so a partial
        // baseline is not taken for a whole one.
        print_errors("", &report.errors);
        return Ok(2);
    }
    Ok(0)
}

/// Reads and checks a baseline file, with one clear reason on failure.
pub fn load(path: &str) -> Result<Baseline, String> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such baseline file", safe(path)),
        _ => format!("{}: cannot open the baseline: {e}", safe(path)),
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_BASELINE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: cannot read the baseline: {e}", safe(path)))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: the baseline is not UTF-8 text", safe(path)))?;
    Baseline::parse(&text).map_err(|e| format!("{}: {e}", safe(path)))
}
