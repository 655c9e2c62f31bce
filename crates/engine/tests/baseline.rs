//! Fingerprints, baselines and comparisons: findings keep their identity across edits that do
//! not touch them, and lose it when they do.

use posture_engine::baseline::{classify, Baseline, State};
use posture_engine::compare::{compare, Files, Side};
use posture_engine::score::scorecard;
use posture_engine::{check, Input, Report};

fn run(name: &str, text: &str) -> Report {
    check(&[Input { name, text }])
}

fn paths(report: &Report, rule: &str) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| f.path.to_string())
        .collect()
}

const DEPLOY: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: web}
spec:
  template:
    metadata:
      annotations: {\"example.com/x.y\": \"1\"}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
        - name: side
          image: busybox:1.36
      volumes:
        - hostPath: {path: /}
";

#[test]
fn paths_name_list_items_by_name_and_count_the_others() {
    let r = run("d.yaml", DEPLOY);
    assert_eq!(
        paths(&r, "LP102"),
        ["spec.template.spec.containers[name=app].securityContext.privileged"]
    );
    // A list item without a name is counted.
    let host = r
        .findings
        .iter()
        .find(|f| f.path.contains("volumes"))
        .expect("a host-path finding");
    assert!(
        host.path.starts_with("spec.template.spec.volumes[0]"),
        "{}",
        host.path
    );
}

#[test]
fn fingerprints_survive_line_shifts_and_reordering_but_not_moves() {
    let before = run("d.yaml", DEPLOY);
    let shifted = format!("# a comment\n# and another\n{DEPLOY}");
    let reordered = DEPLOY.replace(
        "        - name: app\n          image: nginx:1.27\n          securityContext:\n            privileged: true\n        - name: side\n          image: busybox:1.36\n",
        "        - name: side\n          image: busybox:1.36\n        - name: app\n          image: nginx:1.27\n          securityContext:\n            privileged: true\n",
    );
    assert_ne!(reordered, DEPLOY);
    let prints = |r: &Report| {
        let mut v: Vec<String> = r.findings.iter().map(|f| f.fingerprint()).collect();
        v.sort();
        v
    };
    assert_eq!(prints(&before), prints(&run("d.yaml", &shifted)));
    assert_eq!(prints(&before), prints(&run("./d.yaml", &reordered)));
    // The same weakness in another container is another finding.
    let moved = DEPLOY.replace("name: app\n", "name: web\n");
    let lp102 = |r: &Report| {
        r.findings
            .iter()
            .find(|f| f.rule_id == "LP102")
            .unwrap()
            .fingerprint()
    };
    assert_ne!(lp102(&before), lp102(&run("d.yaml", &moved)));
}

#[test]
fn odd_keys_are_quoted_and_long_ones_bounded() {
    let long = "k".repeat(5000);
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: \"a.b c\"\n      image: nginx:latest\n      securityContext: {{privileged: true}}\n  \"{long}\": 1\n"
    );
    let text = text.replace(&format!("  \"{long}\": 1\n"), "");
    let r = run("p.yaml", &text);
    assert_eq!(
        paths(&r, "LP102"),
        ["spec.containers[name=\"a.b c\"].securityContext.privileged"]
    );
    let r = run("p.yaml", &text.replace("\"a.b c\"", &long));
    assert_eq!(r.errors, []);
    let p = paths(&r, "LP102");
    assert!(
        p[0].starts_with("spec.containers[name=\"kkk") && p[0].contains("…#") && p[0].len() < 200,
        "{p:?}"
    );
    assert!(r
        .findings
        .iter()
        .all(|f| f.path.len() <= posture_engine::yaml::path::MAX_PATH_BYTES + 64));
}

#[test]
fn embedded_documents_carry_the_string_path() {
    let text = "kind: SpectroClusterProfile\nspec:\n  template:\n    packs:\n      - name: app\n        manifests:\n          - name: m\n            content: |\n              apiVersion: v1\n              kind: Pod\n              metadata: {name: p}\n              spec:\n                containers:\n                  - name: c\n                    image: nginx:1.27\n                    securityContext: {privileged: true}\n";
    let r = run("profile.yaml", text);
    let p = paths(&r, "LP102");
    assert_eq!(
        p,
        ["spec.template.packs[name=app].manifests[name=m].content > spec.containers[name=c].securityContext.privileged"],
        "{:?}",
        r.findings
    );
}

#[test]
fn baseline_round_trips_and_classifies_count_wise() {
    // Two identical pods in one file: two findings with one fingerprint.
    let pod = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: \"nginx:1.27\", securityContext: {privileged: true}}]\n";
    let two = run("x.yaml", &pod.repeat(2));
    let baseline = Baseline::from_report(&two);
    let back = Baseline::parse(&baseline.to_json()).expect("reads its own file");
    assert_eq!(back, baseline);
    let lp102 = baseline
        .entries
        .iter()
        .filter(|e| e.rule == "LP102")
        .count();
    assert_eq!(lp102, 2);

    // Three copies now: one of the three LP102 findings is new.
    let three = run("x.yaml", &pod.repeat(3));
    let c = classify(&three, &back);
    let state_of = |rule: &str, state: State| {
        three
            .findings
            .iter()
            .zip(&c.states)
            .filter(|(f, s)| f.rule_id == rule && **s == state)
            .count()
    };
    assert_eq!(state_of("LP102", State::New), 1);
    assert_eq!(state_of("LP102", State::Unchanged), 2);
    assert!(c.absent.is_empty());

    // One copy: one baseline LP102 entry is absent, and nothing is new.
    let one = run("x.yaml", pod);
    let c = classify(&one, &back);
    assert_eq!(c.count(State::New), 0);
    assert_eq!(c.absent.iter().filter(|e| e.rule == "LP102").count(), 1);
}

#[test]
fn broken_baselines_are_refused_with_a_reason() {
    for (text, why) in [
        ("", "not a JSON object"),
        ("[1, 2]", "no \"tool\""),
        ("{\"version\": 1, \"findings\": []}", "no \"tool\""),
        (
            "{\"tool\": \"posture\", \"findings\": []}",
            "no numeric \"version\"",
        ),
        (
            "{\"tool\": \"posture\", \"version\": 2, \"findings\": []}",
            "version 2 is not supported",
        ),
        (
            "{\"tool\": \"posture\", \"version\": 1, \"findings\": [{\"rule\": 1}]}",
            "malformed baseline",
        ),
        (
            "{\"tool\": \"posture\", \"version\": 1}",
            "malformed baseline",
        ),
    ] {
        let err = Baseline::parse(text).expect_err(text);
        assert!(err.contains(why), "{text}: {err}");
    }
    let huge = " ".repeat(posture_engine::baseline::MAX_BASELINE_BYTES + 1);
    assert!(Baseline::parse(&huge).unwrap_err().contains("larger than"));
    // A path edited by hand (the file moved) is fine: the fingerprint is made again.
    let moved = "{\"tool\": \"posture\", \"version\": 1, \"findings\": [{\"fingerprint\": \"x\", \"rule\": \"LP102\", \"file\": \"new.yaml\", \"resource\": null, \"container\": null, \"path\": \"a\"}]}";
    let b = Baseline::parse(moved).unwrap();
    assert_eq!(b.entries[0].fingerprint, b.entries[0].key().fingerprint());
}

#[test]
fn compare_finds_fixed_new_and_unchanged_and_moves_scores() {
    let old = run("old/d.yaml", DEPLOY);
    let new_text = DEPLOY
        .replace("privileged: true", "privileged: false")
        .replace(
            "    spec:\n      containers:",
            "    spec:\n      hostPID: true\n      containers:",
        );
    let new = run("new/d.yaml", &new_text);
    let (oc, nc) = (scorecard(&old), scorecard(&new));
    let c = compare(
        Side {
            report: &old,
            scorecard: &oc,
        },
        Side {
            report: &new,
            scorecard: &nc,
        },
        Files::Below {
            old: "old",
            new: "./new/",
        },
    );
    assert!(
        c.fixed.iter().any(|f| f.rule_id == "LP102"),
        "{:?}",
        c.fixed
    );
    assert!(c.new.iter().any(|f| f.rule_id == "LP103"), "{:?}", c.new);
    assert!(c.fixed.iter().all(|f| f.file == "old/d.yaml"));
    assert!(c.new.iter().all(|f| f.file == "new/d.yaml"));
    assert_eq!(
        c.unchanged.len() + c.new.len(),
        new.active().count(),
        "every new finding is new or unchanged"
    );
    assert!(!c.unchanged.is_empty());
    assert_eq!(c.overall.old, oc.overall);
    assert_eq!(c.overall.new, nc.overall);
    assert_eq!(
        c.overall.delta(),
        Some(i16::from(nc.overall.score.unwrap()) - i16::from(oc.overall.score.unwrap()))
    );
    // Matched by name only, the two directories share no file: everything differs.
    let by_name = compare(
        Side {
            report: &old,
            scorecard: &oc,
        },
        Side {
            report: &new,
            scorecard: &nc,
        },
        Files::SameNames,
    );
    assert!(by_name.unchanged.is_empty());
    // Renderers show both sides and escape names.
    let text = posture_engine::report::comparison::text(&c, "old\u{1b}", "new");
    assert!(text.contains("old\\u{1b}"), "{text}");
    assert!(text.contains("LP103"));
    let md = posture_engine::report::comparison::markdown(&c, "old", "new");
    assert!(
        md.contains("### New findings") && md.contains("### Fixed findings"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&posture_engine::report::comparison::json(&c, "old", "new")).unwrap();
    assert_eq!(json["counts"]["new"], c.new.len());
    assert_eq!(
        json["findings"]["fixed"].as_array().unwrap().len(),
        c.fixed.len()
    );
}

#[test]
fn ungraded_sides_have_no_delta() {
    let old = run("a.yaml", "name: just-some-yaml\n");
    let new = run("a.yaml", DEPLOY);
    let (oc, nc) = (scorecard(&old), scorecard(&new));
    let c = compare(
        Side {
            report: &old,
            scorecard: &oc,
        },
        Side {
            report: &new,
            scorecard: &nc,
        },
        Files::OneFile,
    );
    assert_eq!(c.grade.0, None);
    assert_eq!(c.overall.delta(), None);
    let text = posture_engine::report::comparison::text(&c, "a", "b");
    assert!(text.contains("grade: not graded → F"), "{text}");
    assert!(text.contains("not graded before:"), "{text}");
}

/// A privileged container's LP102 folds in its missing seccomp filter, its capabilities and
/// privilege escalation. Removing `privileged: true` brings those out as findings of their own:
/// they were there before, so neither a comparison nor a baseline calls them new; and making a
/// container privileged does not call them fixed.
#[test]
fn findings_a_fold_stood_for_are_neither_new_nor_fixed() {
    let old = run("d.yaml", DEPLOY);
    let lp102 = old.findings.iter().find(|f| f.rule_id == "LP102").unwrap();
    assert!(!lp102.implies.is_empty(), "{:?}", lp102);
    let new = run(
        "d.yaml",
        &DEPLOY.replace("privileged: true", "privileged: false"),
    );
    let revealed: Vec<&str> = new
        .findings
        .iter()
        .filter(|f| lp102.implies.contains(&f.rule_id) && f.container.as_deref() == Some("app"))
        .map(|f| f.rule_id)
        .collect();
    assert_eq!(revealed.len(), lp102.implies.len(), "{revealed:?}");
    let (oc, nc) = (scorecard(&old), scorecard(&new));
    let side = |report, scorecard| Side { report, scorecard };
    let c = compare(side(&old, &oc), side(&new, &nc), Files::OneFile);
    assert!(c.new.is_empty(), "{:?}", c.new);
    assert_eq!(
        c.fixed.iter().map(|f| f.rule_id).collect::<Vec<_>>(),
        ["LP102"]
    );
    // Back again: LP102 is new, and what it folds in again is not fixed.
    let back = compare(side(&new, &nc), side(&old, &oc), Files::OneFile);
    assert_eq!(
        back.new.iter().map(|f| f.rule_id).collect::<Vec<_>>(),
        ["LP102"]
    );
    assert!(back.fixed.is_empty(), "{:?}", back.fixed);

    // The baseline file carries the fold, and reads it back.
    let baseline = Baseline::parse(&Baseline::from_report(&old).to_json()).unwrap();
    let c = classify(&new, &baseline);
    assert_eq!(c.count(State::New), 0);
    assert_eq!(
        c.absent.iter().map(|e| e.rule.as_str()).collect::<Vec<_>>(),
        ["LP102"]
    );
    let accepted = Baseline::from_report(&new);
    let c = classify(&old, &accepted);
    let new_ones: Vec<&str> = old
        .findings
        .iter()
        .zip(&c.states)
        .filter(|(_, s)| **s == State::New)
        .map(|(f, _)| f.rule_id)
        .collect();
    assert_eq!(new_ones, ["LP102"]);
    assert!(c.absent.is_empty(), "{:?}", c.absent);
}

/// A fold that stays covers nothing: a role that keeps its wildcard (LP201 folds in reading
/// Secrets) and gains an explicit rule reading Secrets has a new finding, in a comparison and
/// against a baseline; and taking that explicit rule away again is a fix.
#[test]
fn a_fold_that_stays_does_not_hide_a_new_finding() {
    let role = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [\"\"]
    resources: [\"*\"]
    verbs: [get]
";
    let old = run("r.yaml", role);
    let lp201 = old.findings.iter().find(|f| f.rule_id == "LP201").unwrap();
    assert!(!lp201.implies.is_empty(), "{lp201:?}");
    let more = format!("{role}  - apiGroups: [\"\"]\n    resources: [secrets]\n    verbs: [get]\n");
    let new = run("r.yaml", &more);
    let added: Vec<&str> = new
        .active()
        .filter(|f| lp201.implies.contains(&f.rule_id))
        .map(|f| f.rule_id)
        .collect();
    assert!(
        !added.is_empty(),
        "the explicit rule has a finding of its own"
    );
    let (oc, nc) = (scorecard(&old), scorecard(&new));
    let side = |report, scorecard| Side { report, scorecard };
    let c = compare(side(&old, &oc), side(&new, &nc), Files::OneFile);
    let fresh: Vec<&str> = c.new.iter().map(|f| f.rule_id).collect();
    assert_eq!(fresh, added, "new, not hidden by the wildcard's fold");
    let back = compare(side(&new, &nc), side(&old, &oc), Files::OneFile);
    let fixed: Vec<&str> = back.fixed.iter().map(|f| f.rule_id).collect();
    assert_eq!(fixed, added, "fixed, not taken in by the wildcard's fold");
    let accepted = Baseline::from_report(&old);
    let c = classify(&new, &accepted);
    assert_eq!(c.count(State::New), added.len());
}
