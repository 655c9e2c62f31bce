//! SARIF 2.1.0, shaped for GitHub code scanning: rule metadata with `security-severity` and
//! principle/pillar tags, results with exact regions (columns in UTF-16 code units).

use serde_json::{json, Value};

use super::Report;
use crate::rule::Rule;
use crate::rules::{self, CATALOGUE_VERSION};
use crate::source::Span;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(report: &Report) -> String {
    render_with(report, rules::ALL)
}

pub fn render_with(report: &Report, catalogue: &[&Rule]) -> String {
    let rules: Vec<Value> = catalogue.iter().map(|r| rule(r)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = catalogue.iter().position(|r| r.meta.id == f.rule_id);
            let mut message = f.message.clone();
            if let Some(r) = &f.resource {
                message.push_str(&format!(" Resource: {r}"));
                if let Some(c) = &f.container {
                    message.push_str(&format!(", container {c}"));
                }
                message.push('.');
            }
            if let Some(c) = &f.context {
                message.push_str(&format!(" In {c}."));
            }
            let mut result = json!({
                "ruleId": f.rule_id,
                "level": f.severity.sarif_level(),
                "message": { "text": message },
                "locations": [location(&f.file, &f.span)],
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if let Some(reason) = &f.suppressed {
                result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": { "text": e.message },
                "locations": [location(&e.file, &e.span)],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "Posture",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "version": CATALOGUE_VERSION,
                "informationUri": "https://docs.spectrocloud.com/security/core-principles/",
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn rule(rule: &Rule) -> Value {
    let m = &rule.meta;
    let mut tags = vec![
        "security".to_string(),
        format!("principle:{}", m.principle.title()),
    ];
    tags.extend(m.pillars.iter().map(|p| format!("pillar:{}", p.title())));
    let references = if m.references.is_empty() {
        String::new()
    } else {
        format!("\n\nReferences: {}.", m.references.join("; "))
    };
    json!({
        "id": m.id,
        "name": m.slug,
        "shortDescription": { "text": m.title },
        "fullDescription": { "text": m.rationale },
        "help": {
            "text": format!("{}\n\n{}{}", m.remediation, m.fix_snippet, references),
            "markdown": format!("{}\n\n```yaml\n{}\n```{}", m.remediation, m.fix_snippet, references),
        },
        "defaultConfiguration": { "level": m.severity.sarif_level() },
        "properties": {
            "security-severity": m.security_severity,
            "tags": tags,
            "precision": "high",
            "problem.severity": m.severity.sarif_level(),
        },
    })
}

fn location(file: &str, span: &Span) -> Value {
    let end_column = if span.end.line == span.start.line {
        span.end.column_utf16.max(span.start.column_utf16)
    } else {
        span.end.column_utf16
    };
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file) },
            "region": {
                "startLine": span.start.line,
                "startColumn": span.start.column_utf16,
                "endLine": span.end.line,
                "endColumn": end_column,
            },
        },
    })
}

/// A relative URI reference for a file path: unreserved characters and `/` stay, the rest is
/// percent-encoded. Standard input is called `stdin`.
fn uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
