use proptest::prelude::*;

use super::*;
use crate::score::scorecard;
use crate::{check, Input};

const SAMPLE: &str = include_str!("../../../../samples/insecure-deployment.yaml");

/// What a results-only link keeps of a finding: no message, no evidence, no reason.
#[allow(clippy::type_complexity)]
fn shared_view(
    f: &Finding,
) -> (
    String,
    String,
    usize,
    usize,
    usize,
    usize,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
) {
    (
        f.rule_id.to_string(),
        f.file.clone(),
        f.span.start.line,
        f.span.start.column_utf16,
        f.span.end.line,
        f.span.end.column_utf16,
        f.resource.clone(),
        f.container.clone(),
        f.context.clone(),
        f.suppressed.is_some(),
    )
}

fn results(fragment: &str) -> SharedResults {
    match decode(fragment) {
        Ok(Shared::Results(r)) => r,
        other => panic!("expected results, got {other:?}"),
    }
}

#[test]
fn results_of_a_real_check_round_trip() {
    let report = check(&[Input {
        name: "deploy.yaml",
        text: SAMPLE,
    }]);
    let card = scorecard(&report);
    let link = encode_results(&report, &card);
    assert!(link.starts_with("s=1."));
    let back = results(&link);
    assert_eq!(back.catalogue, CATALOGUE_VERSION);
    assert_eq!(back.scorecard, card);
    assert_eq!(back.report.files, report.files);
    assert_eq!(back.unknown_rules, 0);
    let sent: Vec<_> = report.findings.iter().map(shared_view).collect();
    let got: Vec<_> = back.report.findings.iter().map(shared_view).collect();
    assert_eq!(got, sent);
    // Of a message only what the frameworks read travels: fixed filter words, the PSS tag.
    for (got, sent) in back.report.findings.iter().zip(&report.findings) {
        assert!(got.evidence.is_none());
        assert_eq!(got.message, framework_marks(sent));
    }
    assert!(back
        .report
        .findings
        .iter()
        .any(|f| f.message.ends_with("hostNamespaces]")));
}

#[test]
fn results_links_carry_no_config_text_or_secrets() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: app\n      image: registry.example/app:latest\n      env: [{name: DB_PASSWORD, value: hunter2hunter2}]\n      securityContext: {privileged: true}  # posture-ignore LP102 vendor says so\n";
    let report = check(&[Input {
        name: "x.yaml",
        text,
    }]);
    assert!(report.findings.iter().any(|f| f.rule_id == "SH101"));
    let link = encode_results(&report, &scorecard(&report));
    let json = unpack(&link);
    for leaked in [
        "hunter2",
        "registry.example",
        "vendor says so",
        "DB_PASSWORD",
        // The Pod Security tag names the control (`privileged`); the config's line may not travel.
        "privileged: true",
    ] {
        assert!(!json.contains(leaked), "{leaked} leaked into {json}");
    }
    assert!(
        json.contains("Pod/default/web") || json.contains("Pod/web"),
        "{json}"
    );
}

#[test]
fn config_round_trips_and_redaction_is_recorded() {
    let link = encode_config("a.yaml", "kind: Pod\n# é 😀\n", true);
    assert_eq!(
        decode(&format!("#{link}")),
        Ok(Shared::Config(SharedConfig {
            catalogue: CATALOGUE_VERSION.to_string(),
            name: "a.yaml".into(),
            text: "kind: Pod\n# é 😀\n".into(),
            redacted: true,
        }))
    );
}

/// A link around a hand-written payload (compressed by another encoder, as a foreign sender might).
fn payload(text: &str) -> String {
    format!(
        "s=1.{}",
        base64url::encode(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6))
    )
}

/// The payload text inside a link.
fn unpack(link: &str) -> String {
    String::from_utf8(
        miniz_oxide::inflate::decompress_to_vec(&base64url::decode(&link[4..]).unwrap()).unwrap(),
    )
    .unwrap()
}

#[test]
fn not_graded_results_travel_and_older_links_still_read() {
    // Nothing evaluated: the link says so, and the reason is rebuilt from the report.
    let report = check(&[Input {
        name: "notes.txt",
        text: "a: [1, 2\n",
    }]);
    let card = scorecard(&report);
    assert_eq!(card.grade, None);
    let link = encode_results(&report, &card);
    assert!(unpack(&link).contains("grade\t-\n"));
    let back = results(&link);
    assert_eq!(back.scorecard, card);
    assert_eq!(back.scorecard.not_graded, Some("no document could be read"));
    // Links written before "not graded" existed always carry a letter.
    let scores = "score\t-\t0\t0\n".repeat(13) + "score\t88\t4\t1\n";
    let old = payload(&format!(
        "kind\tresults\ncatalogue\t2026.10.1\ngrade\tB\n{scores}file\tf.yaml\t1\t1\t9\n"
    ));
    let back = results(&old);
    assert_eq!(back.scorecard.grade, Some('B'));
    assert_eq!(back.scorecard.not_graded, None);
    assert_eq!(back.scorecard.overall.score, Some(88));
}

#[test]
fn percent_escaped_links_open_like_the_original() {
    let link = encode_config("a.yaml", "apiVersion: v1\nkind: Pod\n", false);
    let escaped = link.replacen("s=", "s%3D", 1);
    assert!(is_share_fragment(&format!("#{escaped}")));
    assert_eq!(decode(&escaped), decode(&link));
    assert!(matches!(decode(&escaped), Ok(Shared::Config(_))));
    // Stray or broken escapes stay as they are and fail as before.
    assert_eq!(decode("s%3D1.%ZZ"), Err(ShareError::NotBase64));
    assert!(!is_share_fragment("#%2Frules"));
}

#[test]
fn hostile_links_get_clear_errors() {
    assert_eq!(decode("#/rules"), Err(ShareError::NotALink));
    assert_eq!(
        decode("s=9.abc"),
        Err(ShareError::UnknownVersion("9".into()))
    );
    assert_eq!(decode("s=1.***"), Err(ShareError::NotBase64));
    assert_eq!(decode("s=1"), Err(ShareError::Corrupt));
    let good = encode_config("a.yaml", &"kind: Pod\n".repeat(100), false);
    assert_eq!(decode(&good[..good.len() / 2]), Err(ShareError::Corrupt));
    // Cut anywhere, a link says it looks cut short, never that it has foreign characters.
    for cut in (good.find('.').unwrap() + 2)..good.len() {
        assert_eq!(
            decode(&good[..cut]),
            Err(ShareError::Corrupt),
            "cut at {cut}"
        );
    }
    let malformed = |text: &str| matches!(decode(&payload(text)), Err(ShareError::Malformed(_)));
    assert!(malformed("[1, 2]"));
    assert!(malformed("kind\tresults\n"), "no catalogue");
    assert!(malformed("kind\tother\ncatalogue\tx\n"));
    assert!(
        malformed("kind\tresults\ncatalogue\tx\ngrade\tA\n"),
        "no scores"
    );
    assert!(malformed(
        "kind\tresults\ncatalogue\tx\nfinding\tLP102\tzero\t1\t1\t1\t1\n"
    ));
    assert!(malformed("kind\tresults\ncatalogue\tx\nscore\t101\t1\t1\n"));
    assert!(malformed("kind\tconfig\ncatalogue\tx\n"), "no text");
    assert!(malformed(&String::from_utf8_lossy(&[0xff, 0xfe])));
    assert!(matches!(
        decode(&format!(
            "s=1.{}",
            base64url::encode(&miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe], 6))
        )),
        Err(ShareError::Malformed(_))
    ));
    // Records a later version may add are skipped.
    assert!(matches!(
        decode(&payload(
            "kind\tconfig\ncatalogue\tx\nfuture\tthing\ntext\ta: 1\n"
        )),
        Ok(Shared::Config(_))
    ));
    assert_eq!(
        decode(&format!("s=1.{}", "A".repeat(MAX_LINK_BYTES))),
        Err(ShareError::TooLong)
    );
    for e in [
        ShareError::NotALink,
        ShareError::Corrupt,
        ShareError::TooLarge,
        ShareError::Malformed("x"),
    ] {
        let m = e.to_string();
        assert!(m.ends_with('.') || m.ends_with('?'), "{m}");
    }
}

#[test]
fn a_deflate_bomb_stops_at_the_cap() {
    // 64 MB of zeros compresses to about 64 KB.
    let zeros = vec![b' '; 64 * 1024 * 1024];
    let bomb = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
    assert!(bomb.len() < 200_000);
    let link = format!("s=1.{}", base64url::encode(&bomb));
    assert_eq!(decode(&link), Err(ShareError::TooLarge));
}

#[test]
fn unknown_rules_are_counted_and_an_old_catalogue_is_noticed() {
    let report = check(&[Input {
        name: "deploy.yaml",
        text: SAMPLE,
    }]);
    let link = encode_results(&report, &scorecard(&report));
    let json = unpack(&link)
        .replacen("finding\tLP", "finding\tZZ", 1)
        .replace(CATALOGUE_VERSION, "2025.01.1");
    let back = match decode(&payload(&json)).unwrap() {
        Shared::Results(r) => r,
        _ => unreachable!(),
    };
    assert_eq!(back.unknown_rules, 1);
    assert_eq!(back.report.findings.len(), report.findings.len() - 1);
    assert!(Shared::Results(back).other_catalogue());
}

fn arb_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            any::<char>().prop_map(|c| c.to_string()),
            Just("\n".into()),
            Just("\t".into()),
            Just("\r".into()),
            Just("\\".into())
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn arb_finding() -> impl Strategy<Value = Finding> {
    (
        0..rules::ALL.len(),
        (1usize..100_000, 1usize..500, 1usize..100_000, 1usize..500),
        prop::option::of(arb_text()).prop_map(|t| t.filter(|t| !t.is_empty())),
        prop::option::of(arb_text()).prop_map(|t| t.filter(|t| !t.is_empty())),
        prop::option::of(arb_text()).prop_map(|t| t.filter(|t| !t.is_empty())),
        any::<bool>(),
    )
        .prop_map(
            |(rule, (l, c, el, ec), resource, container, context, suppressed)| {
                let m = &rules::ALL[rule].meta;
                let pos = |line, col| Position {
                    offset: 0,
                    line,
                    column: col,
                    column_utf16: col,
                };
                Finding {
                    rule_id: m.id,
                    rule_slug: m.slug,
                    severity: m.severity,
                    title: m.title,
                    message: String::new(),
                    file: "f.yaml".into(),
                    span: Span {
                        start: pos(l, c),
                        end: pos(el, ec),
                    },
                    resource,
                    container,
                    path: "".into(),
                    evidence: None,
                    context,
                    suppressed: suppressed
                        .then(|| "suppressed by the sender (reason not shared)".to_string()),
                    implies: Vec::new(),
                }
            },
        )
}

fn arb_score() -> impl Strategy<Value = Score> {
    (prop::option::of(0u8..=100), 0usize..10_000, 0usize..10_000).prop_map(
        |(score, checks, failed)| Score {
            score,
            checks,
            failed,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_results_round_trip(
        findings in prop::collection::vec(arb_finding(), 0..30),
        scores in prop::collection::vec(arb_score(), 14),
        grade in prop::sample::select(vec![Some('A'), Some('B'), Some('C'), Some('D'), Some('F'), None]),
    ) {
        let report = Report {
            files: vec![FileSummary { name: "f.yaml".into(), documents: 2, resources: 3, lines: 40 }],
            findings,
            ..Report::default()
        };
        let card = Scorecard {
            principles: Principle::ALL.iter().zip(&scores).map(|(p, s)| (*p, *s)).collect(),
            pillars: Pillar::ALL.iter().zip(&scores[7..]).map(|(p, s)| (*p, *s)).collect(),
            overall: scores[13],
            grade,
            not_graded: grade.is_none().then(|| crate::score::not_graded_reason(&report)),
        };
        let back = results(&encode_results(&report, &card));
        prop_assert_eq!(back.report, report);
        prop_assert_eq!(back.scorecard, card);
    }

    #[test]
    fn any_config_round_trips(text in arb_text(), name in arb_text(), redacted in any::<bool>()) {
        let back = decode(&encode_config(&name, &text, redacted));
        // Only the base name travels, and a reader drops characters that could disguise it.
        let clean: String = base_name(&name).chars().filter(|c| !crate::report::is_unsafe_char(*c)).take(200).collect();
        let expected_name = if clean.is_empty() { "shared.yaml".to_string() } else { clean };
        prop_assert_eq!(back, Ok(Shared::Config(SharedConfig { catalogue: CATALOGUE_VERSION.into(), name: expected_name, text, redacted })));
    }

    #[test]
    fn any_fragment_decodes_or_errs_without_panicking(s in "s=1\\.[A-Za-z0-9_-]{0,200}") {
        let _ = decode(&s);
    }
}

#[test]
fn a_full_report_round_trips_exactly_for_the_worker() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: \"é😀\", namespace: n}\nspec:\n  containers:\n    - name: \"ä\tb\"\n      image: nginx:latest\n      env: [{name: DB_PASSWORD, value: hunter2hunter2}]\n      securityContext:\n        privileged: true  # posture-ignore LP102 device plugin\n---\nbroken: [\n";
    let report = check(&[Input {
        name: "x.yaml",
        text,
    }]);
    let card = scorecard(&report);
    let back = decode_report(&encode_report(&report, &card)).expect("reads its own report");
    assert_eq!(back.report.findings, report.findings);
    assert_eq!(back.report.errors, report.errors);
    assert_eq!(back.report.files, report.files);
    assert_eq!(back.scorecard, card);
    assert!(back
        .report
        .findings
        .iter()
        .any(|f| f.suppressed.as_deref() == Some("device plugin")));
    // A link never carries what the full report does.
    let link = unpack(&encode_results(&report, &card));
    assert!(!link.contains("device plugin") && !link.contains("hunter2"));
}

/// Each framework's statuses, as `assess` gives them.
fn statuses(report: &Report) -> Vec<Vec<crate::frameworks::Status>> {
    crate::frameworks::all()
        .iter()
        .map(|f| {
            crate::frameworks::assess(f, report)
                .controls
                .iter()
                .map(|c| c.status)
                .collect()
        })
        .collect()
}

#[test]
fn framework_statuses_survive_the_worker_and_a_results_link() {
    // The hardened sample passes many controls: without the examined counts every one of
    // them would read "not applicable" on the receiving side.
    let hardened = include_str!("../../../../samples/hardened-app.yaml");
    for text in [SAMPLE, hardened] {
        let report = check(&[Input {
            name: "deploy.yaml",
            text,
        }]);
        let card = scorecard(&report);
        let sent = statuses(&report);
        assert!(sent
            .iter()
            .flatten()
            .any(|s| *s == crate::frameworks::Status::Pass));
        let full = decode_report(&encode_report(&report, &card)).unwrap();
        assert!(full.applicable_known);
        assert_eq!(statuses(&full.report), sent);
        let link = results(&encode_results(&report, &card));
        assert!(link.applicable_known);
        assert_eq!(statuses(&link.report), sent);
    }
}

#[test]
fn a_link_without_examined_counts_says_so() {
    let scores = "score\t-\t0\t0\n".repeat(14);
    let old = payload(&format!(
        "kind\tresults\ncatalogue\t2026.10.1\ngrade\t-\n{scores}file\tf.yaml\t1\t1\t9\n"
    ));
    assert!(!results(&old).applicable_known);
    // Unknown rules and malformed counts in the record are skipped, not trusted.
    let odd = payload(&format!(
        "kind\tresults\ncatalogue\t2026.10.1\ngrade\t-\n{scores}applicable\tZZ999\t4\tLP102\tx\tLP101\t2\tLP103\n"
    ));
    let back = results(&odd);
    assert!(back.applicable_known);
    assert_eq!(
        back.report.applicable.into_iter().collect::<Vec<_>>(),
        vec![("LP101", 2)]
    );
}
