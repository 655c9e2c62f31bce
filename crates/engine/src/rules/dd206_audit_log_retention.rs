use crate::check::{Context, Sink};
use crate::k8s::flags::Component;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DD206",
        slug: "audit-log-retention",
        title: "Audit log is kept too briefly",
        principle: Principle::DefenseInDepth,
        pillars: &[Pillar::Auditing],
        severity: Severity::Low,
        security_severity: "3.0",
        rationale: "Investigations often start weeks after the event. Audit logs rotated away after a few days, or kept in a handful of small files, are gone before anyone looks.",
        remediation: "Keep at least 30 days (`audit-log-maxage`), 10 files (`audit-log-maxbackup`) of 100 MB (`audit-log-maxsize`), or ship the log to a central store.",
        subject: Subject::Flags(crate::k8s::flags::Component::ApiServer),
        fix_snippet: "extraArgs:\n  audit-log-maxage: \"30\"\n  audit-log-maxbackup: \"10\"\n  audit-log-maxsize: \"100\"",
        references: &[],
        invalid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      audit-log-path: /var/log/audit.log\n      audit-log-maxage: \"30\"\n      audit-log-maxbackup: \"3\"\n      audit-log-maxsize: \"10\"\n",
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      audit-log-path: /var/log/audit.log\n      audit-log-maxage: \"7\"\n      audit-log-maxbackup: \"10\"\n      audit-log-maxsize: \"100\"\n",
        ],
        valid: examples![
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      audit-log-path: /var/log/audit.log\n      audit-log-maxage: \"30\"\n      audit-log-maxbackup: \"10\"\n      audit-log-maxsize: \"100\"\n",
            "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n",
        ],
    },
    check,
};

const MINIMUMS: [(&str, u64); 3] = [
    ("audit-log-maxage", 30),
    ("audit-log-maxbackup", 10),
    ("audit-log-maxsize", 100),
];

fn check(ctx: &Context, sink: &mut Sink) {
    for set in ctx
        .flag_sets
        .iter()
        .filter(|s| s.component == Component::ApiServer)
    {
        // Without a log at all, DD203 speaks.
        if set.get("audit-log-path").is_none() {
            continue;
        }
        let mut short = Vec::new();
        for (flag, min) in MINIMUMS {
            match set.get(flag).map(|f| f.value.trim().parse::<u64>()) {
                Some(Ok(v)) if v >= min => {}
                Some(Ok(v)) => short.push(format!("{flag}={v} (at least {min})")),
                _ => short.push(format!("{flag} unset (at least {min})")),
            }
        }
        if !short.is_empty() {
            let at = set.get(MINIMUMS[0].0).map_or(set.anchor, |f| f.node);
            sink.report(
                at,
                format!("Audit log retention is short: {}.", short.join(", ")),
            )
            .fix(|| {
                crate::fix::helpers::set_flags(
                    ctx,
                    set,
                    "Keep the audit log longer",
                    &MINIMUMS
                        .iter()
                        .filter(|(f, min)| {
                            set.get(f)
                                .and_then(|v| v.value.trim().parse::<u64>().ok())
                                .is_none_or(|v| v < *min)
                        })
                        .map(|(f, min)| (*f, min.to_string()))
                        .collect::<Vec<_>>(),
                    crate::fix::Safety::Safe,
                )
            });
        }
    }
}
