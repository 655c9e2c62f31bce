//! `posture`: the engine's checks for terminals and CI.
//!
//! Exit codes: 0 no finding at or above `--fail-on`; 1 findings at or above it; 2 usage or
//! input error.

use std::io::{Read, Write};
use std::process::ExitCode;

use posture_engine::k8s::pss;
use posture_engine::report::{escape_controls as safe, json, markdown, sarif, text};
use posture_engine::rules;
use posture_engine::score::scorecard;
use posture_engine::share;
use posture_engine::{check, check_with_options, Input, Options, Severity};

/// Inputs larger than this are refused before reading them whole.
const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// All inputs of one call together: each file is checked while all of them are held, and a
/// report's memory grows with the input (see docs/hostile-inputs.md).
const MAX_TOTAL_INPUT_BYTES: u64 = 64 * 1024 * 1024;

const USAGE: &str = "\
Usage:
  posture check FILE... [--format text|json|sarif|markdown] [--fail-on SEVERITY]
                [--pss-version VERSION]
  posture rules [--format text|json|markdown]
  posture explain RULE-ID
  posture share FILE... [--base URL] [--with-config [--keep-secrets]]

`-` as FILE reads standard input. SEVERITY is one of critical, high, medium, low, info, none
(default: high).
VERSION is the Pod Security Standards policy version pods are checked against: latest (the
default) or v1.N; a Namespace in the input labelled pod-security.kubernetes.io/enforce-version
sets it for its own pods.
`share` prints a results link for the page (results only unless --with-config, which needs one
FILE and replaces detected secrets with REDACTED unless --keep-secrets); --base is the page's
address, e.g. https://posture.example.com/ (without it, only the #fragment is printed).
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => run_check(&args[1..]),
        Some("rules") => run_rules(&args[1..]),
        Some("explain") => run_explain(&args[1..]),
        Some("share") => run_share(&args[1..]),
        Some("-h" | "--help" | "help") => {
            write_stdout(&format!("{USAGE}\n"));
            Ok(0)
        }
        Some("-V" | "--version") => {
            write_stdout(&format!("posture {}\n", env!("CARGO_PKG_VERSION")));
            Ok(0)
        }
        Some(other) => Err(format!("unknown command `{other}`")),
        None => Err("no command given".to_string()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("posture: {}\n\n{USAGE}", safe(&message));
            ExitCode::from(2)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
}

fn parse_format(value: Option<&String>) -> Result<Format, String> {
    match value.map(String::as_str) {
        Some("text") => Ok(Format::Text),
        Some("json") => Ok(Format::Json),
        Some("sarif") => Ok(Format::Sarif),
        Some("markdown" | "md") => Ok(Format::Markdown),
        Some(other) => Err(format!("unknown format `{other}`")),
        None => Err("--format needs a value".to_string()),
    }
}

fn run_check(args: &[String]) -> Result<u8, String> {
    let mut format = Format::Text;
    let mut fail_on = Some(Severity::High);
    let mut options = Options::default();
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--format" | "-f" => {
                format = parse_format(args.get(i + 1))?;
                i += 1;
            }
            "--pss-version" => {
                let value = args.get(i + 1).ok_or("--pss-version needs a value")?;
                let version = pss::Version::parse_option(value).ok_or(format!(
                    "unknown Pod Security Standards version `{value}` (use latest or v1.N)"
                ))?;
                options.pss_version = Some(version);
                i += 1;
            }
            "--fail-on" => {
                let value = args.get(i + 1).ok_or("--fail-on needs a value")?;
                fail_on = if value == "none" {
                    None
                } else {
                    Some(Severity::parse(value).ok_or(format!("unknown severity `{value}`"))?)
                };
                i += 1;
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            file => files.push(file.to_string()),
        }
        i += 1;
    }
    if files.is_empty() {
        return Err("`check` needs at least one FILE (or `-` for standard input)".to_string());
    }
    let Some(texts) = read_all(&files) else {
        return Ok(2);
    };
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let report = check_with_options(&inputs, rules::ALL, &options);
    let rendered = match format {
        Format::Text => text::render(&report),
        // The machine formats are the largest outputs: streamed, never held whole.
        Format::Json | Format::Sarif => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = match format {
                Format::Json => json::write(&report, &mut out),
                _ => sarif::write(&report, &mut out),
            };
            let _ = written.and_then(|()| out.flush());
            String::new()
        }
        Format::Markdown => markdown::render(&report),
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
    let failed = fail_on.is_some_and(|t| report.has_at_or_above(t));
    Ok(u8::from(failed))
}

/// `posture share`: a link that opens these results (or this config) in the page.
fn run_share(args: &[String]) -> Result<u8, String> {
    let (mut base, mut with_config, mut keep_secrets, mut files) =
        (String::new(), false, false, Vec::new());
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--base" => {
                base = args.get(i + 1).ok_or("--base needs a URL")?.clone();
                i += 1;
            }
            "--with-config" => with_config = true,
            "--keep-secrets" => keep_secrets = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            file => files.push(file.to_string()),
        }
        i += 1;
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

/// Reads every file as (name, text); on the first failure says why on stderr and gives `None`.
fn read_all(files: &[String]) -> Option<Vec<(String, String)>> {
    let mut texts = Vec::new();
    let mut total: u64 = 0;
    for file in files {
        match read_input(file) {
            Ok(text) => {
                total += text.len() as u64;
                // Memory grows with the input; bound the whole call, not just each file.
                if total > MAX_TOTAL_INPUT_BYTES {
                    eprintln!(
                        "posture: {file}: the inputs of one call total more than {} MiB; \
                         check them in several calls",
                        MAX_TOTAL_INPUT_BYTES / 1024 / 1024
                    );
                    return None;
                }
                texts.push((file.clone(), text));
            }
            Err(message) => {
                eprintln!("posture: {}: {}", safe(file), safe(&message));
                return None;
            }
        }
    }
    Some(texts)
}

/// Reads a file (or standard input for `-`) as UTF-8 text, with one clear reason on failure.
fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("cannot read: {e}"),
        })?;
        if meta.is_dir() {
            return Err("is a directory; name the files to check".to_string());
        }
        let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
        file.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "larger than {} MiB; split it into smaller files",
            MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    if let Some(text) = utf16(&bytes) {
        return text;
    }
    if bytes.contains(&0) {
        return Err("looks like a binary file (it contains NUL bytes), not YAML or JSON".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Text saved as UTF-16 (Windows editors and PowerShell redirection do that): decoded when it
/// starts with a byte-order mark, named when it only looks like UTF-16 (ASCII with every other
/// byte NUL). `None` for anything else.
fn utf16(bytes: &[u8]) -> Option<Result<String, String>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => {
            let pairs = bytes.len() / 2;
            let nul_at = |odd: usize| (0..pairs).all(|i| bytes[2 * i + odd] == 0);
            return (pairs > 0 && bytes.len().is_multiple_of(2) && (nul_at(0) || nul_at(1))).then(
                || Err("looks like UTF-16 text without a byte-order mark; save it as UTF-8".into()),
            );
        }
    };
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Some(Err(
            "is UTF-16 text with an odd number of bytes (cut short?)".into(),
        ));
    }
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let text: Result<String, _> = char::decode_utf16(units).collect();
    Some(text.map_err(|_| "is UTF-16 text but not valid UTF-16 (a lone surrogate)".to_string()))
}

fn run_rules(args: &[String]) -> Result<u8, String> {
    let format = match args {
        [] => Format::Text,
        [flag, value] if flag == "--format" || flag == "-f" => parse_format(Some(value))?,
        _ => return Err("`rules` takes only --format text|json|markdown".to_string()),
    };
    let out = match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rules::ALL
                .iter()
                .map(|r| {
                    let m = &r.meta;
                    serde_json::json!({
                        "id": m.id,
                        "slug": m.slug,
                        "title": m.title,
                        "principle": m.principle.title(),
                        "pillars": m.pillars.iter().map(|p| p.title()).collect::<Vec<_>>(),
                        "severity": m.severity.as_str(),
                        "securitySeverity": m.security_severity,
                        "references": m.references,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        Format::Text => {
            let mut out = String::new();
            for r in rules::ALL {
                let m = &r.meta;
                out.push_str(&format!(
                    "{}  {:<8}  {:<28}  {}  [{}]\n",
                    m.id,
                    m.severity.as_str(),
                    m.slug,
                    m.title,
                    m.principle.title()
                ));
            }
            out
        }
        Format::Markdown => posture_engine::report::catalogue::markdown(rules::ALL),
        Format::Sarif => return Err("`rules` supports --format text, json or markdown".to_string()),
    };
    write_stdout(&out);
    Ok(0)
}

fn run_explain(args: &[String]) -> Result<u8, String> {
    let [id] = args else {
        return Err("`explain` takes one rule ID or slug".to_string());
    };
    let Some(rule) = rules::find(id) else {
        eprintln!(
            "posture: no rule `{}`; `posture rules` lists them",
            safe(id)
        );
        return Ok(2);
    };
    let m = &rule.meta;
    let pillars: Vec<&str> = m.pillars.iter().map(|p| p.title()).collect();
    let mut out = format!(
        "{} {}: {}\n\nPrinciple: {}\nPillars: {}\nSeverity: {} (security-severity {})\n\n\
         Why it matters\n  {}\n\nHow to fix\n  {}\n\n{}\n",
        m.id,
        m.slug,
        m.title,
        m.principle.title(),
        pillars.join(", "),
        m.severity.as_str(),
        m.security_severity,
        m.rationale,
        m.remediation,
        indent(m.fix_snippet)
    );
    if !m.references.is_empty() {
        out.push_str("\nReferences\n");
        for r in m.references {
            out.push_str(&format!("  - {r}\n"));
        }
    }
    for (title, examples) in [("Fires on", m.invalid), ("Does not fire on", m.valid)] {
        for ex in examples {
            out.push_str(&format!("\n{title}:\n{}\n", indent(ex.trim_end())));
        }
    }
    write_stdout(&out);
    Ok(0)
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes to stdout, ignoring a closed pipe (`posture … | head` must not panic).
fn write_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
