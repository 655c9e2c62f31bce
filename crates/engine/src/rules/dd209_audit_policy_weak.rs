use crate::check::{Context, Sink};
use crate::document::DocKind;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD209",
        slug: "audit-policy-weak",
        title: "Audit policy records too little, or records Secret values",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Auditing, Pillar::Confidentiality],
        severity: Severity::High,
        security_severity: "7.1",
        rationale: "An audit policy decides what the API server writes down. With no rules nothing is recorded; with Secrets at level None, reading or changing a Secret leaves no trace; at Request or RequestResponse, the Secret values themselves land in the log files, where far more people can read them than can read the Secrets. Metadata is the level that keeps the trail without the contents.",
        remediation: "Give the policy rules, and log `secrets` (and `configmaps`, `tokenreviews`) at level Metadata.",
        subject: Subject::DocKind(crate::document::DocKind::AuditPolicy),
        fix_snippet: "rules:\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [\"secrets\", \"configmaps\"]\n  - level: RequestResponse\n    resources:\n      - group: \"\"\n        resources: [\"pods\"]",
        references: &[],
        invalid: examples![
            "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n",
            "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n    resources: [{group: \"\", resources: [secrets]}]\n",
            "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    resources: [{group: \"\", resources: [secrets, configmaps]}]\n  - level: Metadata\n",
        ],
        valid: examples![
            "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resources: [{group: \"\", resources: [secrets]}]\n  - level: Request\n",
            // Health checks are non-resource requests, and kube-proxy's watches are some
            // requests only: neither rule decides how Secrets are audited.
            "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    nonResourceURLs: [/healthz*, /readyz]\n  - level: None\n    users: [system:kube-proxy]\n    verbs: [watch]\n  - level: Metadata\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for doc in ctx
        .documents
        .iter()
        .filter(|d| d.kind == DocKind::AuditPolicy)
    {
        let rules = tree.get(doc.root, "rules");
        let items = rules.map(|r| tree.items(r)).unwrap_or(&[]);
        if items.is_empty() {
            sink.report(
                rules
                    .or_else(|| tree.get(doc.root, "kind"))
                    .unwrap_or(doc.root),
                "The audit policy has no rules, so nothing is recorded.",
            );
            continue;
        }
        // The first rule that matches Secrets decides their level.
        for rule in items {
            let covers_secrets = match tree.get(*rule, "resources") {
                None => true,
                Some(groups) => tree.items(groups).iter().any(|g| {
                    let core = tree.get_str(*g, "group").is_none_or(|x| x.is_empty());
                    let names = tree.get(*g, "resources");
                    core && names.is_none_or(|n| {
                        tree.items(n)
                            .iter()
                            .any(|r| matches!(tree.str(*r), Some("secrets" | "*")))
                    })
                }),
            };
            // A rule with nonResourceURLs matches only non-resource requests (/healthz, …).
            let non_resource = tree
                .get(*rule, "nonResourceURLs")
                .is_some_and(|urls| !tree.items(urls).is_empty());
            if !covers_secrets || non_resource {
                continue;
            }
            let Some(level) = tree.get(*rule, "level") else {
                break;
            };
            // A rule narrowed to some users, groups, verbs or namespaces decides only for
            // those requests; the others fall through to the next rules.
            let narrowed = ["users", "userGroups", "verbs", "namespaces"]
                .iter()
                .any(|k| {
                    tree.get(*rule, k)
                        .is_some_and(|v| !tree.items(v).is_empty())
                });
            match tree.str(level) {
                Some("None") if narrowed => continue,
                Some("None") => {
                    sink.report(
                        level,
                        "Secrets are audited at level None: access to them leaves no record.",
                    )
                    .evidence("level: None");
                }
                Some(l @ ("Request" | "RequestResponse")) => {
                    sink.report(level, format!("Secrets are audited at level {l}: their values are written into the audit log.")).evidence(format!("level: {l}"));
                }
                _ => {}
            }
            break;
        }
    }
}
