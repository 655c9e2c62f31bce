//! `posture baseline write`: the current findings as a baseline file, and reading one back for
//! `posture check --baseline`.

use std::io::Read;

use posture_engine::baseline::{Baseline, MAX_BASELINE_BYTES};
use posture_engine::k8s::pss;
use posture_engine::report::escape_controls as safe;
use posture_engine::{check_with_options, rules, Input, Options};

use crate::input::read_all;
use crate::output::{positional, unexpected, value, write_stdout};

pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Value};
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut action = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("pss-version") => {
                let value = value(&mut parser)?;
                let version = pss::Version::parse_option(&value).ok_or(format!(
                    "unknown Pod Security Standards version `{value}` (use latest or v1.N)"
                ))?;
                options.pss_version = Some(version);
            }
            Value(word) if action.is_none() => action = Some(positional(word)?),
            Value(file) => files.push(positional(file)?),
            _ => return Err(unexpected(arg)),
        }
    }
    match action.as_deref() {
        Some("write") => {}
        Some(other) => return Err(format!("unknown baseline action `{other}` (use write)")),
        None => return Err("`baseline` needs an action: write".to_string()),
    }
    if files.is_empty() {
        return Err("`baseline write` needs at least one FILE (or `-`)".to_string());
    }
    let Some(texts) = read_all(&files) else {
        return Ok(2);
    };
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let report = check_with_options(&inputs, rules::ALL, &options);
    write_stdout(&Baseline::from_report(&report).to_json());
    if !report.errors.is_empty() {
        // The unread parts have no findings in the baseline: say so and fail, so a partial
        // baseline is not taken for a whole one.
        for e in &report.errors {
            eprintln!(
                "posture: {}:{}:{}: {}",
                safe(&e.file),
                e.span.start.line,
                e.span.start.column,
                safe(&e.message)
            );
        }
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
