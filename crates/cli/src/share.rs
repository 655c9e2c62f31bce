//! `posture share`: a results link, or a config link with secrets redacted.

use posture_engine::report::escape_controls as safe;
use posture_engine::score::scorecard;
use posture_engine::{check, share, Input};

use crate::input::read_all;
use crate::output::{positional, unexpected, value, write_stdout};

/// `posture share`: a link that opens these results (or this config) in the page.
pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Value};
    let (mut base, mut with_config, mut keep_secrets, mut files) =
        (String::new(), false, false, Vec::new());
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("base") => base = value(&mut parser)?,
            Long("with-config") => with_config = true,
            Long("keep-secrets") => keep_secrets = true,
            Value(file) => files.push(positional(file)?),
            _ => return Err(unexpected(arg)),
        }
    }
    if files.is_empty() || (with_config && files.len() != 1) {
        return Err("`share` needs FILE... (exactly one FILE with --with-config)".to_string());
    }
    if keep_secrets && !with_config {
        return Err("--keep-secrets only applies with --with-config".to_string());
    }
    let Some(texts) = read_all(&files) else {
        return Ok(2);
    };
    let fragment = if with_config {
        let (name, text) = &texts[0];
        if keep_secrets {
            share::encode_config(name, text, false)
        } else {
            // Fail closed: what could not be searched for secrets is withheld or no link made.
            let redacted = match share::redact::redact(text) {
                Ok(r) => r,
                Err(refused) => {
                    eprintln!("posture: {}: {refused}; no link was made", safe(name));
                    return Ok(2);
                }
            };
            if redacted.replaced > 0 {
                eprintln!(
                    "posture: {} secret value(s) or comment(s) replaced with REDACTED",
                    redacted.replaced
                );
            }
            // Many broken documents would flood the terminal: the first few, then a count.
            const SHOWN: usize = 10;
            if redacted.withheld.len() > SHOWN {
                eprintln!(
                    "posture: {}: {} regions withheld from the link (the first {SHOWN} follow)",
                    safe(name),
                    redacted.withheld.len()
                );
            }
            for w in redacted.withheld.iter().take(SHOWN) {
                let lines = if w.end_line > w.line {
                    format!("lines {}-{}", w.line, w.end_line)
                } else {
                    format!("line {}", w.line)
                };
                eprintln!(
                    "posture: {}: {lines} withheld from the link, as they could not be searched \
                     for secrets: {}",
                    safe(name),
                    safe(&w.reason)
                );
            }
            share::encode_config(name, &redacted.text, true)
        }
    } else {
        let inputs: Vec<Input> = texts
            .iter()
            .map(|(name, text)| Input { name, text })
            .collect();
        let report = check(&inputs);
        share::encode_results(&report, &scorecard(&report))
    };
    let link = format!("{}#{fragment}", base.split('#').next().unwrap_or(""));
    if link.len() > share::MAX_LINK_BYTES {
        eprintln!(
            "posture: the link would be {} bytes, more than browsers accept (2 MB)",
            link.len()
        );
        return Ok(2);
    }
    write_stdout(&format!("{link}\n"));
    Ok(0)
}
