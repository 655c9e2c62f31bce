use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};
use crate::secrets;
use crate::yaml::k8s_bool;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH106",
        slug: "profile-variable-not-sensitive",
        title: "Secret-looking profile variable is not marked sensitive",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::Medium,
        security_severity: "5.0",
        rationale: "Palette masks variables marked isSensitive in the UI, in exports and in API responses. A password or token variable without the flag is shown to everyone who can view the profile and travels in clear text in every export.",
        remediation: "Set `isSensitive: true` (and usually `hidden: true`) on variables that hold credentials.",
        subject: Subject::DocKind(crate::document::DocKind::PaletteProfile),
        fix_snippet: "variables:\n  - name: registry_password\n    format: string\n    isSensitive: true\n    hidden: true",
        references: &[
        ],
        invalid: examples![
            "spec:\n  variables:\n    - {name: registry_password, format: string, isSensitive: false}\n  template:\n    packs: []\n",
        ],
        valid: examples![
            "spec:\n  variables:\n    - {name: registry_password, format: string, isSensitive: true}\n    - {name: cluster_region, format: string}\n  template:\n    packs: []\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::PaletteProfile)
    {
        let Some(vars) = tree.path(doc.root, &["spec", "variables"]) else {
            continue;
        };
        for var in tree.items(vars) {
            let Some(name_node) = tree.get(*var, "name") else {
                continue;
            };
            let Some(name) = tree.str(name_node) else {
                continue;
            };
            let sensitive = tree
                .get(*var, "isSensitive")
                .and_then(|n| k8s_bool(tree, n))
                .is_some_and(|(b, _)| b);
            if secrets::name_looks_secret(name) && !sensitive {
                let at = tree.get(*var, "isSensitive").unwrap_or(name_node);
                sink.report(at, format!("Profile variable {name} looks like a credential but is not marked isSensitive.")).evidence(name);
            }
        }
    }
}
