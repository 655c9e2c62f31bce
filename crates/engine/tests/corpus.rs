//! The real-world regression corpus: files in the shapes projects ship (controllers with RBAC,
//! host-level DaemonSets, operators, Cluster API control planes, Palette profiles and pack
//! values, edge user-data, Helm templates, kubeadm and API server configuration), each with its
//! reviewed findings pinned as a snapshot and judged by hand in `corpus/JUDGEMENTS.md`.
//!
//! Run with `UPDATE_SNAPSHOTS=1` after a deliberate change, review the snapshot diff, and update
//! the file's judgement and its row in the JUDGEMENTS.md table (the test checks that the row's
//! finding count matches the report, so a changed report cannot slip through unjudged).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use posture_engine::report::text;
use posture_engine::{check, Input, Report};

/// Files that are meant to produce an input error, with the reason their judgement gives.
const EXPECTED_INPUT_ERRORS: &[&str] = &[];

fn corpus_dir() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "corpus"]
        .iter()
        .collect()
}

/// Every corpus file (not the snapshots, not the judgements), sorted by name.
fn corpus_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().into_string().ok()?;
            let is_file = entry.file_type().ok()?.is_file();
            (is_file && name != "JUDGEMENTS.md").then_some(name)
        })
        .collect();
    names.sort();
    names
}

fn run(name: &str) -> Report {
    let text = std::fs::read_to_string(corpus_dir().join(name)).unwrap();
    check(&[Input {
        name: &format!("corpus/{name}"),
        text: &text,
    }])
}

/// The first differing line, or `None` when equal.
fn first_difference(now: &str, expected: &str) -> Option<usize> {
    if now == expected {
        return None;
    }
    Some(
        now.lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(now.lines().count().min(expected.lines().count())),
    )
}

fn compare_snapshot(name: &str, rendered: &str, snapshots: &Path) -> Option<String> {
    let path = snapshots.join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, rendered).unwrap();
        return None;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        return Some(format!(
            "{name}: no snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        ));
    };
    let line = first_difference(rendered, &expected)?;
    Some(format!(
        "{name}: findings differ from the snapshot at line {}:\n  now:      {}\n  snapshot: {}",
        line + 1,
        rendered.lines().nth(line).unwrap_or("<end>"),
        expected.lines().nth(line).unwrap_or("<end>")
    ))
}

#[test]
fn the_corpus_has_at_least_25_files() {
    let files = corpus_files();
    assert!(files.len() >= 25, "{} files: {files:?}", files.len());
}

#[test]
fn every_corpus_file_matches_its_reviewed_snapshot() {
    let snapshots = corpus_dir().join("snapshots");
    std::fs::create_dir_all(&snapshots).unwrap();
    let failures: Vec<String> = corpus_files()
        .iter()
        .filter_map(|name| compare_snapshot(name, &text::render(&run(name)), &snapshots))
        .collect();
    assert!(
        failures.is_empty(),
        "{}\n(UPDATE_SNAPSHOTS=1 rewrites them; then review the diff and JUDGEMENTS.md)",
        failures.join("\n")
    );
}

#[test]
fn no_snapshot_is_left_without_its_file() {
    let files = corpus_files();
    for entry in std::fs::read_dir(corpus_dir().join("snapshots")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let source = name.strip_suffix(".txt").unwrap_or(&name);
        assert!(
            files.iter().any(|f| f == source),
            "snapshot {name} has no corpus file"
        );
    }
}

#[test]
fn only_the_files_meant_to_fail_produce_input_errors() {
    for name in corpus_files() {
        let report = run(&name);
        let expected = EXPECTED_INPUT_ERRORS.contains(&name.as_str());
        assert_eq!(
            !report.errors.is_empty(),
            expected,
            "{name}: input errors {:?}",
            report
                .errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
        );
    }
}

/// The JUDGEMENTS.md table: file → (findings, correct, noise, false positives, imprecise).
fn judgement_rows() -> BTreeMap<String, [usize; 5]> {
    let text = std::fs::read_to_string(corpus_dir().join("JUDGEMENTS.md")).unwrap();
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `file` | findings | correct | noise | false positive | imprecise location |
        if cells.len() != 8 || !(cells[1].starts_with('`') || cells[1] == "**total**") {
            continue;
        }
        let name = cells[1].trim_matches(['`', '*']).to_string();
        let numbers: Vec<usize> = cells[2..7]
            .iter()
            .filter_map(|c| c.trim_matches('*').parse().ok())
            .collect();
        let numbers: [usize; 5] = numbers
            .try_into()
            .unwrap_or_else(|_| panic!("JUDGEMENTS.md row for {name} needs five numbers"));
        rows.insert(name, numbers);
    }
    rows
}

#[test]
fn every_file_is_judged_and_its_counts_add_up() {
    let rows = judgement_rows();
    let mut total = [0usize; 5];
    for name in corpus_files() {
        let row = rows
            .get(&name)
            .unwrap_or_else(|| panic!("{name} has no row in JUDGEMENTS.md"));
        let report = run(&name);
        assert_eq!(
            row[0],
            report.findings.len(),
            "{name}: JUDGEMENTS.md counts {} findings, the report has {}; review the change",
            row[0],
            report.findings.len()
        );
        // Imprecise locations are counted among the correct findings (the finding is right, the
        // place is not), so correct + noise + false positives cover every finding once.
        assert_eq!(
            row[1] + row[2] + row[3],
            row[0],
            "{name}: correct + noise + false positives must equal the findings"
        );
        assert!(row[4] <= row[1], "{name}: imprecise are a part of correct");
        for (sum, n) in total.iter_mut().zip(row) {
            *sum += n;
        }
    }
    assert_eq!(rows.len(), corpus_files().len() + 1, "a row without a file");
    // The totals row states the figures the README quotes; it must be the sum of the files.
    let stated = rows.get("total").copied().unwrap_or_default();
    assert_eq!(
        stated, total,
        "the JUDGEMENTS.md total row is not the sum of the rows"
    );
}
