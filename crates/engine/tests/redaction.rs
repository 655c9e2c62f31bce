//! Fail-closed redaction, as a property: configs are generated with secrets planted in every
//! place redaction has to reach (a Secret's data, credential-named values, comments, anchors
//! used through aliases, documents that do not parse, document strings nested deeper than the
//! checker reads, values after a nesting limit, documents past the document limit), and no
//! with-config link may carry any of them. Whatever is planted, the link keeps the line count.

use posture_engine::share::{self, redact::redact, Shared};
use posture_engine::yaml::Limits;
use proptest::prelude::*;

/// Where a secret goes, and the YAML document that puts it there.
#[derive(Clone, Copy, Debug)]
enum Place {
    SecretData,
    NamedEnv,
    Comment,
    SuppressionReason,
    Anchor,
    BrokenDocument,
    DeepValues,
    ReachableValues,
    AfterDeepFlow,
    QuotedValues,
}

const PLACES: [Place; 10] = [
    Place::SecretData,
    Place::NamedEnv,
    Place::Comment,
    Place::SuppressionReason,
    Place::Anchor,
    Place::BrokenDocument,
    Place::DeepValues,
    Place::ReachableValues,
    Place::AfterDeepFlow,
    Place::QuotedValues,
];

fn document(place: Place, secret: &str, i: usize) -> String {
    match place {
        Place::SecretData => format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: s{i}}}\nstringData:\n  key: {secret}\n"
        ),
        Place::NamedEnv => format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      env:\n        - name: API_TOKEN\n          value: \"{secret}\"\n"
        ),
        Place::Comment => format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}  # old password was {secret}\ndata: {{level: debug}}\n"
        ),
        Place::SuppressionReason => format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: q{i}}}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext:\n        privileged: true  # posture-ignore LP102 token {secret}\n"
        ),
        Place::Anchor => format!(
            "x-shared:\n  neutral: &v{i} {secret}\napiVersion: v1\nkind: Pod\nmetadata: {{name: a{i}}}\nspec:\n  containers:\n    - name: app\n      env: [{{name: DB_PASSWORD, value: *v{i}}}]\n"
        ),
        Place::BrokenDocument => format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: b{i}}}\nstringData:\n  note: {secret}\n\tbroken: here\n"
        ),
        Place::DeepValues => format!(
            "packs:\n  - name: p{i}\n    values: |\n      a:\n        values: |\n          b:\n            values: |\n              c:\n                values: |\n                  replicas: 1\n                  note: {secret}\n"
        ),
        Place::ReachableValues => format!(
            "packs:\n  - name: r{i}\n    values: |\n      auth:\n        values: |\n          adminPassword: {secret}\n          user: admin\n"
        ),
        Place::AfterDeepFlow => format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: f{i}}}\nextra: {}{}\ndata:\n  k: {secret}\n",
            "[".repeat(210),
            "]".repeat(210)
        ),
        Place::QuotedValues => format!(
            "packs:\n  - name: j{i}\n    values: \"auth:\\n  clientSecret: {secret}\\n\"\n"
        ),
    }
}

fn secret() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9]{20,32}".prop_filter("not a placeholder", |s| {
        !posture_engine::secrets::is_placeholder(s)
    })
}

/// The text a with-config link carries, read back from the link itself.
fn link_text(name: &str, text: &str) -> String {
    let redacted = redact(text).expect("these configs can be examined");
    match share::decode(&share::encode_config(name, &redacted.text, true)) {
        Ok(Shared::Config(c)) => {
            assert_eq!(
                c.text.matches('\n').count(),
                text.matches('\n').count(),
                "line numbers moved"
            );
            assert!(!c.name.contains('/'), "a path went into the link");
            c.text
        }
        other => panic!("the link does not read back: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_planted_secret_reaches_a_link(
        planted in prop::collection::vec((0..PLACES.len(), secret()), 1..6),
    ) {
        let text: String = planted
            .iter()
            .enumerate()
            .map(|(i, (p, s))| format!("---\n{}", document(PLACES[*p], s, i)))
            .collect();
        let sent = link_text("/home/someone/clients/acme/cluster.yaml", &text);
        for (p, s) in &planted {
            prop_assert!(!sent.contains(s.as_str()), "{:?} secret {} survived:\n{}", PLACES[*p], s, sent);
        }
    }
}

/// Past the document limit is too slow to generate on every case; planted once, in every
/// place, after the limit.
#[test]
fn no_planted_secret_past_the_document_limit_reaches_a_link() {
    let mut text = "---\na: 1\n".repeat(Limits::default().max_documents);
    let secrets: Vec<String> = (0..PLACES.len())
        .map(|i| format!("Pl4ntedAfterTheLimit{i:02}xyz"))
        .collect();
    for (i, place) in PLACES.iter().enumerate() {
        text.push_str("---\n");
        text.push_str(&document(*place, &secrets[i], i));
    }
    let sent = link_text("cluster.yaml", &text);
    for s in &secrets {
        assert!(!sent.contains(s.as_str()), "{s} survived");
    }
}

#[test]
fn links_carry_base_names_only() {
    for (path, base) in [
        ("/home/someone/acme/cluster.yaml", "cluster.yaml"),
        ("C:\\Users\\someone\\cluster.yaml", "cluster.yaml"),
        ("cluster.yaml", "cluster.yaml"),
        ("dir/", "shared.yaml"),
    ] {
        match share::decode(&share::encode_config(path, "a: 1\n", true)) {
            Ok(Shared::Config(c)) => assert_eq!(c.name, base),
            other => panic!("{other:?}"),
        }
    }
    let report = posture_engine::check(&[posture_engine::Input {
        name: "/srv/acme/prod/pod.yaml",
        text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n",
    }]);
    let card = posture_engine::score::scorecard(&report);
    match share::decode(&share::encode_results(&report, &card)) {
        Ok(Shared::Results(r)) => {
            assert_eq!(r.report.files[0].name, "pod.yaml");
            assert!(r.report.findings.iter().all(|f| f.file == "pod.yaml"));
        }
        other => panic!("{other:?}"),
    }
}

/// Control and bidi characters planted in names and messages reach no text or Markdown output
/// raw, SARIF escapes them in what it shows, and JSON carries them only escaped by its encoder.
#[test]
fn outputs_escape_control_characters() {
    use posture_engine::report::{json, markdown, sarif, text};
    let planted = ["\\e[2K", "\\r", "\\n", "\\a", "\\u202E", "\\u2066", "\\x9B"];
    let name = format!(
        "x{}FAKE.yaml:1:1: critical LP999 [fake] forged",
        planted.concat()
    );
    let input = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: \"{name}\", namespace: \"{name}\"}}\nspec:\n  containers:\n    - name: \"{name}\"\n      image: a:1\n      securityContext: {{privileged: true}}\n---\nb: [\n"
    );
    let report = posture_engine::check(&[posture_engine::Input {
        name: "in\u{1b}]0;title\u{7}.yaml",
        text: &input,
    }]);
    assert!(report
        .findings
        .iter()
        .any(|f| f.resource.as_deref().is_some_and(|r| r.contains('\u{1b}'))));
    let unsafe_chars = ['\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{2066}', '\u{9b}'];
    for (format, out) in [
        ("text", text::render(&report)),
        ("markdown", markdown::render(&report)),
    ] {
        for c in unsafe_chars {
            assert!(!out.contains(c), "{format}: {c:?} reached it:\n{out}");
        }
        assert!(
            !out.lines().any(|l| l.starts_with("FAKE.yaml")),
            "{format}: a line was forged:\n{out}"
        );
    }
    let sarif = sarif::render(&report);
    let json = json::render(&report);
    for (format, out) in [("sarif", &sarif), ("json", &json)] {
        // The encoder escapes C0 controls; no raw one is left in the document.
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format}"
        );
        assert!(
            serde_json::from_str::<serde_json::Value>(out).is_ok(),
            "{format}"
        );
    }
    // SARIF's shown texts carry no bidi override either.
    assert!(!sarif.contains('\u{202e}'));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any text: redaction never panics and never moves a line (Posture's own replacements keep
    /// every line break).
    #[test]
    fn any_text_redacts_without_moving_lines(
        parts in prop::collection::vec(prop_oneof![
            Just("password: hunter2hunter2"), Just("\n"), Just("  "), Just("- "), Just("# token x\n"),
            Just("&a "), Just("*a"), Just("{"), Just("}"), Just("["), Just("]"), Just(", "),
            Just("values: |\n"), Just("kind: Secret\n"), Just("data:\n"), Just("\t"), Just("---\n"),
            Just("\"q\\\"\""), Just("é"), Just(": "), Just("k"), Just("'s'"),
        ], 0..60),
    ) {
        let text = parts.concat();
        if let Ok(r) = redact(&text) {
            prop_assert_eq!(r.text.matches('\n').count(), text.matches('\n').count());
        }
    }
}

/// What a sender withheld is not graded as clean by the recipient either.
#[test]
fn a_recipient_is_told_what_was_withheld() {
    let text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\nkind: Secret\n\tbad: 1\n";
    let sent = link_text("c.yaml", text);
    let report = posture_engine::check(&[posture_engine::Input {
        name: "c.yaml",
        text: &sent,
    }]);
    assert_eq!(report.errors.len(), 1, "{sent}");
    assert_eq!(report.errors[0].span.start.line, 4);
    assert!(report.errors[0].message.contains("withheld"));
    assert_eq!(posture_engine::score::scorecard(&report).grade, None);
}

/// DS903's evidence names the rules an annotation lists, never its free text.
#[test]
fn ds903_evidence_does_not_quote_the_annotation() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    posture.dev/ignore: \"LP102; hunter2hunter2hunter2, LP103: fine\"\nspec:\n  containers: [{name: a, image: a}]\n";
    let report = posture_engine::check(&[posture_engine::Input {
        name: "p.yaml",
        text,
    }]);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule_id == "DS903")
        .expect("DS903 fires");
    let evidence = f.evidence.as_deref().unwrap_or("");
    assert!(evidence.contains("LP102"), "{evidence}");
    assert!(!evidence.contains("hunter2hunter2"), "{evidence}");
    let json = posture_engine::report::json::render(&report);
    assert!(!json.contains("hunter2hunter2"));
}
