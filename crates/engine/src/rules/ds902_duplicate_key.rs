use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS902",
        slug: "duplicate-key",
        title: "Key appears twice in one mapping",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Medium,
        security_severity: "4.3",
        rationale: "When a key repeats, Kubernetes' YAML decoder silently keeps the last value, \
            while a reader usually stops at the first. A hardening setting can be undone a few \
            lines further down without anyone noticing, and with strict field validation the \
            API server rejects the object outright. A config should say each thing once.",
        remediation: "Delete one of the two entries, keeping the value you mean.",
        subject: Subject::Documents,
        fix_snippet: "defaults:\n  enforce: restricted\n  audit: restricted   # once",
        references: &[],
        invalid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  containers: [{name: a}]\n  hostNetwork: true\n",
        ],
        valid: examples![
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  containers: [{name: a}]\n",
            // A merge key may override what it merges; that is not a duplicate.
            "base: &b {a: 1}\nother: {<<: *b, a: 2}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for dup in tree.duplicate_keys() {
        let key = tree.str(dup.duplicate).unwrap_or_default();
        let kept = tree
            .get(dup.mapping, key)
            .and_then(|v| tree.str(v))
            .map(str::to_owned);
        let message = match kept {
            Some(v) => format!(
                "\"{key}\" is set more than once in this mapping; Kubernetes keeps the last \
                 value ({v})."
            ),
            None => format!(
                "\"{key}\" is set more than once in this mapping; Kubernetes keeps the last value."
            ),
        };
        sink.report(dup.duplicate, message).evidence(key);
    }
}
