//! GitLab Code Quality: the JSON array a job uploads as `artifacts:reports:codequality`, one
//! issue per active finding with `description`, `check_name`, `fingerprint`, `severity`
//! (info, minor, major, critical, blocker) and `location.path` / `location.lines.begin`.
//! Suppressed findings are left out: Code Quality has no way to show them as such. Against a
//! baseline only new findings are issues, as in the text and Markdown reports.
//!
//! GitLab compares fingerprints between the base and the merge request to tell new issues from
//! fixed ones, so a fingerprint leaves out the line (moving a block is not a new issue) and
//! counts repeats instead (two identical findings in one file stay two issues).

use std::collections::HashMap;
use std::io::Write;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::{escape_controls, Report};
use crate::baseline::{Classified, State};
use crate::finding::Finding;
use crate::model::Severity;

#[derive(serde::Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(serde::Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(serde::Serialize)]
struct Lines {
    begin: usize,
}

/// Code Quality's five levels, ours shifted up by one so `critical` is a blocker.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write(report, None, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the issues to `out` one at a time; with a baseline, only the new findings'.
pub fn write(
    report: &Report,
    baseline: Option<&Classified>,
    out: impl Write,
) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::pretty(out);
    Issues(report, baseline)
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)
}

struct Issues<'a>(&'a Report, Option<&'a Classified<'a>>);

impl Serialize for Issues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut seen: HashMap<u128, u32> = HashMap::new();
        for (i, f) in self.0.findings.iter().enumerate() {
            let accepted = self.1.is_some_and(|b| b.states.get(i) != Some(&State::New));
            if f.suppressed.is_some() || accepted {
                continue;
            }
            let identity = identity(f);
            let repeat = seen.entry(identity).or_default();
            let fingerprint = format!("{:032x}", identity ^ u128::from(*repeat));
            *repeat += 1;
            seq.serialize_element(&Issue {
                description: description(f),
                check_name: f.rule_id,
                fingerprint,
                severity: severity(f.severity),
                location: Location {
                    path: path(&f.file),
                    lines: Lines {
                        begin: f.span.start.line,
                    },
                },
            })?;
        }
        seq.end()
    }
}

fn path(file: &str) -> &str {
    if file == "-" {
        return "stdin";
    }
    file.strip_prefix("./").unwrap_or(file)
}

fn description(f: &Finding) -> String {
    let mut text = format!("{} {}: {}", f.rule_id, f.rule_slug, f.message);
    if let Some(r) = &f.resource {
        text.push_str(" (");
        text.push_str(r);
        if let Some(c) = &f.container {
            text.push_str(", container ");
            text.push_str(c);
        }
        text.push(')');
    }
    if let Some(c) = &f.context {
        text.push_str(" [in ");
        text.push_str(c);
        text.push(']');
    }
    // The widget shows this to people: no control or bidi character reaches it as is.
    escape_controls(&text).into_owned()
}

/// What makes a finding the same one across runs: file, rule, resource, container, message and
/// context, not its line. Two 64-bit FNV-1a hashes with different starting points, so the
/// fingerprint is stable across builds and platforms (the standard hasher promises neither).
fn identity(f: &Finding) -> u128 {
    let parts = [
        f.file.as_str(),
        f.rule_id,
        f.resource.as_deref().unwrap_or(""),
        f.container.as_deref().unwrap_or(""),
        f.message.as_str(),
        f.context.as_deref().unwrap_or(""),
    ];
    let hash = |mut h: u64| {
        for part in parts {
            for &b in part.as_bytes().iter().chain(&[0xff]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        h
    };
    (u128::from(hash(0xcbf2_9ce4_8422_2325)) << 64) | u128::from(hash(0x6c62_272e_07bb_0142))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Input};

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - \
                       name: c\n    image: nginx@sha256:0\n    securityContext: {privileged: \
                       true}\n";

    fn issues(report: &Report) -> Vec<serde_json::Value> {
        serde_json::from_str(&render(report)).expect("a JSON array")
    }

    #[test]
    fn each_active_finding_is_one_issue_with_the_code_quality_fields() {
        let report = check(&[Input {
            name: "./deploy/pod.yaml",
            text: POD,
        }]);
        let list = issues(&report);
        assert_eq!(list.len(), report.active().count());
        let lp102 = list
            .iter()
            .find(|i| i["check_name"] == "LP102")
            .expect("the privileged container");
        assert_eq!(lp102["severity"], "blocker");
        assert_eq!(lp102["location"]["path"], "deploy/pod.yaml");
        assert_eq!(lp102["location"]["lines"]["begin"], 8);
        assert!(lp102["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("LP102 privileged-container: ")));
        assert_eq!(lp102["fingerprint"].as_str().map(str::len), Some(32));
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_tell_repeats_apart() {
        let moved = format!("# a comment that moves everything down\n{POD}");
        let a = issues(&check(&[Input {
            name: "p.yaml",
            text: POD,
        }]));
        let b = issues(&check(&[Input {
            name: "p.yaml",
            text: &moved,
        }]));
        let prints = |l: &[serde_json::Value]| {
            let mut v: Vec<String> = l.iter().map(|i| i["fingerprint"].to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(prints(&a), prints(&b));
        let twice = format!("{POD}---\n{POD}");
        let both = issues(&check(&[Input {
            name: "p.yaml",
            text: &twice,
        }]));
        let mut all = prints(&both);
        let n = all.len();
        all.dedup();
        assert_eq!(all.len(), n, "every issue has its own fingerprint");
    }

    #[test]
    fn suppressed_findings_and_controls_stay_out() {
        let text = POD.replace("metadata: {name: p}", "metadata: {name: \"p\\e[31m\"}");
        let mut report = check(&[Input {
            name: "p.yaml",
            text: &text,
        }]);
        let all = report.findings.len();
        report.findings[0].suppressed = Some("accepted".into());
        let list = issues(&report);
        assert_eq!(list.len(), all - 1);
        assert!(!render(&report).contains('\u{1b}'));
        assert_eq!(render(&Report::default()).trim(), "[]");
    }

    #[test]
    fn against_a_baseline_only_new_findings_are_issues() {
        let input = |text| Input {
            name: "p.yaml",
            text,
        };
        let old = check(&[input(POD)]);
        let baseline = crate::baseline::Baseline::from_report(&old);
        let with_host_pid = POD.replace("spec:\n", "spec:\n  hostPID: true\n");
        let new = check(&[input(&with_host_pid)]);
        let classified = crate::baseline::classify(&new, &baseline);
        let mut out = Vec::new();
        write(&new, Some(&classified), &mut out).expect("written");
        let list: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("JSON");
        let rules: Vec<&str> = list
            .iter()
            .filter_map(|i| i["check_name"].as_str())
            .collect();
        assert_eq!(rules, ["LP103"]);
        assert!(
            issues(&new).len() > 1,
            "without the baseline, every finding"
        );
    }
}
