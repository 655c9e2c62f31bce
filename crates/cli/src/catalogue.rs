//! `posture rules` and `posture explain`: what the rules are, from their own metadata.

use posture_engine::report::escape_controls as safe;
use posture_engine::rules;

use crate::output::{positional, unexpected, value, write_stdout, Format};

/// `posture rules`: the catalogue.
pub fn run_rules(mut parser: lexopt::Parser) -> Result<u8, String> {
    use lexopt::Arg::{Long, Short};
    let mut format = Format::Text;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("format") | Short('f') => format = Format::parse(&value(&mut parser)?)?,
            _ => return Err("`rules` takes only --format text|json|markdown".to_string()),
        }
    }
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
                        "references": posture_engine::frameworks::references(m),
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
        Format::Sarif | Format::Gitlab => {
            return Err("`rules` supports --format text, json or markdown".to_string())
        }
    };
    write_stdout(&out);
    Ok(0)
}

/// `posture explain RULE`: one rule in full.
pub fn run_explain(mut parser: lexopt::Parser) -> Result<u8, String> {
    let mut ids = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Value(id) => ids.push(positional(id)?),
            _ => return Err(unexpected(arg)),
        }
    }
    let [id] = &ids[..] else {
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
    let references = posture_engine::frameworks::references(m);
    if !references.is_empty() {
        out.push_str("\nReferences\n");
        for r in &references {
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
