//! `posture check`: findings, scores and exit status for files or standard input.

use std::io::Write;

use posture_engine::baseline::{classify, State};
use posture_engine::frameworks::assess;
use posture_engine::k8s::pss;
use posture_engine::report::{escape_controls as safe, frameworks, json, markdown, sarif, text};
use posture_engine::rules;
use posture_engine::{check_with_options, Input, Options, Severity};

use crate::input::read_all;
use crate::output::{parse_fail_on, positional, unexpected, value, write_stdout, Format};

pub fn run(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut format = Format::Text;
    let mut fail_on = Some(Severity::High);
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut chosen = Vec::new();
    let mut baseline_file = None;
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
            Long("framework") => chosen.push(crate::frameworks::parse(&value(&mut parser)?)?),
            Long("fail-on") => fail_on = parse_fail_on(&value(&mut parser)?)?,
            Long("baseline") => baseline_file = Some(value(&mut parser)?),
            Value(file) => files.push(positional(file)?),
            _ => return Err(unexpected(arg)),
        }
    }
    if files.is_empty() {
        return Err("`check` needs at least one FILE (or `-` for standard input)".to_string());
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
    let Some(texts) = read_all(&files) else {
        return Ok(2);
    };
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let report = check_with_options(&inputs, rules::ALL, &options);
    let assessments: Vec<_> = chosen.iter().map(|f| assess(f, &report)).collect();
    let states = baseline.as_ref().map(|b| classify(&report, b));
    let states = states.as_ref();
    let rendered = match format {
        Format::Text => {
            text::render_with_baseline(&report, states) + &frameworks::text(&report, &assessments)
        }
        // The machine formats are the largest outputs: streamed, never held whole.
        Format::Json | Format::Sarif => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = match format {
                Format::Json => json::write_with(&report, states, &assessments, &mut out),
                _ => sarif::write_with_baseline(&report, rules::ALL, states, &mut out),
            };
            let _ = written.and_then(|()| out.flush());
            String::new()
        }
        Format::Markdown => {
            markdown::render_with_baseline(&report, states)
                + &frameworks::markdown(&report, &assessments)
        }
    };
    write_stdout(&rendered);
    if !report.errors.is_empty() {
        // Say it on stderr too, so a machine-readable stdout does not hide it.
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
    // Against a baseline, only new findings can fail the run.
    let failed = fail_on.is_some_and(|t| match states {
        Some(s) => report
            .findings
            .iter()
            .zip(&s.states)
            .any(|(f, st)| *st == State::New && f.suppressed.is_none() && f.severity >= t),
        None => report.has_at_or_above(t),
    });
    Ok(u8::from(failed))
}
