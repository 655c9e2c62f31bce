//! The rule catalogue as Markdown documentation, generated from the rule declarations.

use std::fmt::Write;

use crate::model::Principle;
use crate::rule::Rule;
use crate::score::FORMULA;

pub fn markdown(catalogue: &[&Rule]) -> String {
    let mut out = String::from("# Posture rules\n\n");
    let _ = writeln!(out, "{} rules. Scores: {FORMULA}\n", catalogue.len());
    for principle in Principle::ALL {
        let rules: Vec<_> = catalogue
            .iter()
            .filter(|r| r.meta.principle == principle)
            .collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "## {} ({})\n\n{}\n",
            principle.title(),
            principle.code(),
            principle.summary()
        );
        for rule in rules {
            let m = &rule.meta;
            let pillars: Vec<&str> = m.pillars.iter().map(|p| p.title()).collect();
            let _ = writeln!(out, "### {} `{}` — {}\n", m.id, m.slug, m.title);
            let _ = writeln!(
                out,
                "Severity **{}** (security-severity {}) · Pillars: {}\n",
                m.severity.as_str(),
                m.security_severity,
                pillars.join(", ")
            );
            let _ = writeln!(
                out,
                "{}\n\n**Fix.** {}\n\n```yaml\n{}\n```\n",
                m.rationale, m.remediation, m.fix_snippet
            );
            let references = crate::frameworks::references(m);
            if !references.is_empty() {
                let _ = writeln!(out, "References: {}.\n", references.join("; "));
            }
        }
    }
    out
}
