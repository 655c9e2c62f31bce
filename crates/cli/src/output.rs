//! What every subcommand shares: output formats, option values, writing to stdout.

use std::io::Write;

use posture_engine::Severity;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
}

impl Format {
    pub fn parse(value: &str) -> Result<Format, String> {
        match value {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(format!("unknown format `{other}`")),
        }
    }
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

/// `--fail-on`: a severity, or `none` for "never fail on findings".
pub fn parse_fail_on(value: &str) -> Result<Option<Severity>, String> {
    if value == "none" {
        return Ok(None);
    }
    Severity::parse(value)
        .map(Some)
        .ok_or(format!("unknown severity `{value}`"))
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
