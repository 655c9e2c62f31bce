//! `posture fix`: applies the fixes the rules offer. Prints a unified diff by default;
//! `--write` rewrites each file (a temporary file beside it, then a rename, so a reader never
//! sees half a file); for `-` it prints the fixed text instead.
//!
//! Exit codes: 0 nothing to change, 1 changes proposed or made, 2 usage or input error.

use std::io::IsTerminal;
use std::path::Path;

use posture_engine::fix::{fix_all, unified_diff, Choice, Safety};
use posture_engine::report::escape_controls as safe;
use posture_engine::{rules, Input, Options};

use crate::input::read_all;
use crate::output::{positional, unexpected, value, write_stdout};

pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Value};
    let (mut diff, mut write, mut include_review) = (false, false, false);
    let mut only: Option<Vec<String>> = None;
    let mut files = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("diff") => diff = true,
            Long("write") => write = true,
            Long("include-review") => include_review = true,
            Long("rules") => {
                let ids: Vec<String> = value(&mut parser)?
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                if let Some(bad) = ids.iter().find(|id| rules::find(id).is_none()) {
                    return Err(format!("unknown rule `{bad}`"));
                }
                only = Some(ids);
            }
            Value(file) => files.push(positional(file)?),
            _ => return Err(unexpected(arg)),
        }
    }
    if files.is_empty() {
        return Err("`fix` needs at least one FILE (or `-` for standard input)".to_string());
    }
    let Some(texts) = read_all(&files) else {
        return Ok(2);
    };
    let choice = Choice {
        rules: only.as_deref(),
        include_review,
    };
    let terminal = std::io::stdout().is_terminal();
    let mut changed = false;
    for (name, text) in &texts {
        let outcome = fix_all(
            &Input { name, text },
            rules::ALL,
            &Options::default(),
            &choice,
        );
        for f in &outcome.unavailable {
            eprintln!(
                "posture: {}:{}: {} not fixed: {}",
                safe(name),
                f.finding.span.start.line,
                f.finding.rule_id,
                safe(f.unavailable.as_deref().unwrap_or(""))
            );
        }
        for f in &outcome.applied {
            if let Safety::Review(reason) = &f.safety {
                eprintln!(
                    "posture: {}:{}: {} (review: {reason})",
                    safe(name),
                    f.finding.span.start.line,
                    safe(&f.title)
                );
            }
        }
        if outcome.text == *text {
            continue;
        }
        changed = true;
        if !write || diff {
            let patch = unified_diff(text, &outcome.text, name);
            write_stdout(&if terminal { printable(&patch) } else { patch });
        }
        if write {
            if name == "-" {
                write_stdout(&if terminal {
                    printable(&outcome.text)
                } else {
                    outcome.text.clone()
                });
            } else if let Err(e) = replace_file(Path::new(name), &outcome.text) {
                eprintln!(
                    "posture: {}: cannot write: {}",
                    safe(name),
                    safe(&e.to_string())
                );
                return Ok(2);
            }
        }
    }
    if write && !changed && files.iter().any(|f| f == "-") {
        // A filter passes unchanged text through, so an editor never receives nothing.
        for (name, text) in &texts {
            if name == "-" {
                write_stdout(&if terminal {
                    printable(text)
                } else {
                    text.clone()
                });
            }
        }
    }
    Ok(u8::from(changed))
}

/// Input text made safe for a terminal line by line, keeping the line breaks.
fn printable(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let end = &line[body.len()..];
            format!("{}{}", safe(body), end.replace('\r', ""))
        })
        .collect()
}

/// Writes `text` to a temporary file beside `path` with the same permissions, then renames it
/// over `path`.
fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.posture-fix.{}", std::process::id()));
    let result = (|| {
        std::fs::write(&temp, text)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
