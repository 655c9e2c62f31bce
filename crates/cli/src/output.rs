//! What every subcommand shares: output formats, option values, writing to stdout.

use std::io::Write;

use posture_engine::report::{gitlab, json, markdown, sarif, text};
use posture_engine::Report;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
    /// GitLab Code Quality.
    Gitlab,
}

impl Format {
    pub fn parse(value: &str) -> Result<Format, String> {
        match value {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "markdown" | "md" => Ok(Format::Markdown),
            "gitlab" => Ok(Format::Gitlab),
            other => Err(format!(
                "unknown format `{other}` (text, json, sarif, markdown or gitlab)"
            )),
        }
    }
}

/// Writes a report in one format. The machine formats are streamed (never held whole: they
/// are the largest outputs); text and Markdown are short enough to build first.
pub fn write_report(format: Format, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Text => out.write_all(text::render(report).as_bytes()),
        Format::Markdown => out.write_all(markdown::render(report).as_bytes()),
        Format::Json => json::write(report, &mut *out),
        Format::Sarif => sarif::write(report, &mut *out),
        Format::Gitlab => gitlab::write(report, &mut *out),
    }?;
    out.flush()
}

/// The value of the option just read, as UTF-8 text.
pub fn value(parser: &mut lexopt::Parser) -> Result<String, String> {
    parser
        .value()
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|_| "an option's value is not valid UTF-8".to_string())
}

/// A positional argument as UTF-8 text (file names included: reports print them).
pub fn positional(value: std::ffi::OsString) -> Result<String, String> {
    value
        .into_string()
        .map_err(|_| "an argument is not valid UTF-8".to_string())
}

/// The error for an argument a subcommand does not take.
pub fn unexpected(arg: lexopt::Arg) -> String {
    arg.unexpected().to_string()
}

/// Writes to stdout, ignoring a closed pipe (`posture … | head` must not panic).
pub fn write_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
