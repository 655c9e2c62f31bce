//! What every subcommand shares: output formats, option values, writing to stdout.

use std::io::Write;

use posture_engine::baseline::Classified;
use posture_engine::config::FailOn;
use posture_engine::frameworks::Assessment;
use posture_engine::report::escape_controls as safe;
use posture_engine::report::{frameworks, gitlab, json, markdown, sarif, text};
use posture_engine::{rules, InputError, Report};

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
/// What a report is rendered with besides itself: each finding's state against a baseline,
/// and the frameworks asked for (JSON, text and Markdown show those).
#[derive(Default)]
pub struct Extras<'a> {
    pub baseline: Option<&'a Classified<'a>>,
    pub assessments: &'a [Assessment],
}

pub fn write_report(
    format: Format,
    report: &Report,
    extras: &Extras,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (baseline, assessments) = (extras.baseline, extras.assessments);
    // A buffer of a known type: the JSON writers make a write call per token, which through
    // `dyn Write` could not be inlined (a 100 MB SARIF log spent a third of its time there).
    let out = &mut std::io::BufWriter::with_capacity(1 << 16, out);
    match format {
        Format::Text => out.write_all(
            (text::render_with_baseline(report, baseline) + &frameworks::text(report, assessments))
                .as_bytes(),
        ),
        Format::Markdown => out.write_all(
            (markdown::render_with_baseline(report, baseline)
                + &frameworks::markdown(report, assessments))
                .as_bytes(),
        ),
        Format::Json => json::write_with(report, baseline, assessments, &mut *out),
        Format::Sarif => sarif::write_with_baseline(report, rules::ALL, baseline, &mut *out),
        Format::Gitlab => gitlab::write(report, baseline, &mut *out),
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

/// The value of `--fail-on`: a severity, or `none` for "never fail on findings".
pub fn fail_on(parser: &mut lexopt::Parser) -> Result<FailOn, String> {
    let v = value(parser)?;
    FailOn::parse(&v).ok_or(format!("unknown severity `{v}`"))
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

/// Says each input error on stderr as `posture: PREFIXfile:line:col: message`, so a
/// machine-readable stdout does not hide it.
pub fn print_errors(prefix: &str, errors: &[InputError]) {
    for e in errors {
        eprintln!(
            "posture: {prefix}{}:{}:{}: {}",
            safe(&e.file),
            e.span.start.line,
            e.span.start.column,
            safe(&e.message)
        );
    }
}
