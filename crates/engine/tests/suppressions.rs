//! Suppressions come only from real comments and from the `posture.dev/ignore` annotation's own
//! value: no scalar content, wherever it sits, can create or hide one.

use posture_engine::{check, check_with, rules, Finding, Input, Report};
use proptest::prelude::*;

fn run(text: &str) -> Report {
    check(&[Input {
        name: "in.yaml",
        text,
    }])
}

fn lp102(text: &str) -> Report {
    let rule = rules::ALL
        .iter()
        .copied()
        .find(|r| r.meta.id == "LP102")
        .expect("LP102 exists");
    check_with(
        &[Input {
            name: "in.yaml",
            text,
        }],
        &[rule],
    )
}

fn findings<'a>(report: &'a Report, rule: &str) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .collect()
}

/// The one finding of `rule`, and why it is suppressed (if it is).
fn suppressed(report: &Report, rule: &str) -> Option<String> {
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let found = findings(report, rule);
    assert_eq!(found.len(), 1, "{rule}: {:#?}", report.findings);
    found[0].suppressed.clone()
}

/// A pod whose container is privileged; `lines` go into its securityContext just before
/// `privileged: true` (indented by 8), `trailing` after it on the same line.
fn pod(lines: &str, trailing: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n{lines}        privileged: true{trailing}\n"
    )
}

#[test]
fn a_hash_in_a_quoted_flow_value_is_not_a_comment() {
    // The reported case: a string value on the line above switched LP102 off.
    let text = pod(
        "        seLinuxOptions: {type: \"spc_t # posture-ignore LP102 not a comment\"}\n",
        "",
    );
    assert_eq!(suppressed(&lp102(&text), "LP102"), None);
}

#[test]
fn no_scalar_style_can_hold_a_suppression() {
    let fake = "# posture-ignore LP102 fake";
    let cases = [
        // Plain: a `#` glued to a word is content.
        format!("        seLinuxOptions: {{type: spc_t{fake}}}\n"),
        format!("        seLinuxOptions:\n          type: spc_t{fake}\n"),
        // Single- and double-quoted, on one line and continued onto the line above.
        format!("        seLinuxOptions: {{type: 'x {fake}'}}\n"),
        format!("        seLinuxOptions:\n          type: 'x\n            {fake}'\n"),
        format!("        seLinuxOptions:\n          type: \"x\n            {fake}\"\n"),
        // Literal and folded block scalars: `#` lines are content.
        format!("        seLinuxOptions:\n          type: |\n            {fake}\n"),
        format!("        seLinuxOptions:\n          type: >-\n            a\n            {fake}\n"),
        // A key.
        format!("        seLinuxOptions: {{\"k {fake}\": v}}\n"),
    ];
    for lines in &cases {
        let text = pod(lines, "");
        assert_eq!(suppressed(&lp102(&text), "LP102"), None, "{text}");
    }
    // A string on the finding's own line.
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {{seLinuxOptions: {{type: \"{fake}\"}}, privileged: true}}\n"
    );
    assert_eq!(suppressed(&lp102(&text), "LP102"), None, "{text}");
}

#[test]
fn a_real_comment_after_a_value_with_a_hash_is_found() {
    let real = "# posture-ignore LP102 real reason";
    let cases = [
        format!("        seLinuxOptions: {{type: a#b}}  {real}\n"),
        format!("        seLinuxOptions: {{type: \"a#b\"}}  {real}\n"),
        format!("        seLinuxOptions: {{type: 'a # b'}}  {real}\n"),
        format!("        seLinuxOptions:\n          type: \"a \\\" # b\"  {real}\n"),
        format!("        seLinuxOptions:\n          type: |\n            a # b\n        {real}\n"),
        format!("        seLinuxOptions:\n          type: !!str 'a#b' {real}\n"),
    ];
    for lines in &cases {
        let text = pod(lines, "");
        assert_eq!(
            suppressed(&lp102(&text), "LP102").as_deref(),
            Some("real reason"),
            "{text}"
        );
    }
    // On the finding's own line, after a quoted value holding a `#`.
    let text = pod(
        "        seLinuxOptions: {type: \"x\"}\n",
        "  # posture-ignore LP102 same line",
    );
    assert_eq!(
        suppressed(&lp102(&text), "LP102").as_deref(),
        Some("same line")
    );
}

/// A Palette-style profile whose pack values hold a privileged pod.
fn pack(inner_pod: &str) -> String {
    let indented: String = inner_pod
        .lines()
        .map(|l| format!("          {l}\n"))
        .collect();
    format!(
        "metadata:\n  name: edge\nspec:\n  template:\n    packs:\n      - name: app\n        tag: 1.0.0\n        manifests:\n          - name: web\n            content: |\n{}",
        indented
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    )
}

#[test]
fn an_embedded_document_has_its_own_comments() {
    // A comment of the inner document suppresses the inner finding.
    let inner = pod("", "  # posture-ignore LP102 inner reason");
    let report = lp102(&pack(&inner));
    assert_eq!(
        suppressed(&report, "LP102").as_deref(),
        Some("inner reason")
    );
    // A `#` in a string of the inner document does not.
    let inner = pod(
        "        seLinuxOptions: {type: \"x # posture-ignore LP102 fake\"}\n",
        "",
    );
    assert_eq!(suppressed(&lp102(&pack(&inner)), "LP102"), None);
    // A quoted (escaped) inner document with its own comment.
    let text = "metadata: {name: k}\nspec:\n  files:\n    - content: \"apiVersion: v1\\nkind: Pod\\nmetadata: {name: q}\\nspec:\\n  containers:\\n    - name: c\\n      image: c:1\\n      securityContext: {privileged: true} # posture-ignore LP102 escaped inner\\n\"\n";
    assert_eq!(
        suppressed(&lp102(text), "LP102").as_deref(),
        Some("escaped inner")
    );
}

#[test]
fn an_embedded_documents_comment_cannot_reach_outside_it() {
    // The line above the outer finding is content of a block scalar that is itself a document;
    // its `#` line is a comment of that document only.
    let text = pod(
        "        seLinuxOptions:\n          config: |\n            a: 1\n            # posture-ignore LP102 from inside\n",
        "",
    );
    assert_eq!(suppressed(&lp102(&text), "LP102"), None);
}

#[test]
fn an_outer_comment_still_covers_an_embedded_finding_on_its_line() {
    // A quoted embedded document maps to one point of the outer text: the line of the string.
    let text = "metadata: {name: k}\nspec:\n  files:\n    # posture-ignore LP102 outer reason\n    - content: \"apiVersion: v1\\nkind: Pod\\nmetadata: {name: q}\\nspec:\\n  containers:\\n    - name: c\\n      image: c:1\\n      securityContext: {privileged: true}\\n\"\n";
    assert_eq!(
        suppressed(&lp102(text), "LP102").as_deref(),
        Some("outer reason")
    );
}

/// A pod with the given `metadata` lines (indented by 2) and a privileged container.
fn pod_with_metadata(metadata: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{metadata}spec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n        privileged: true\n"
    )
}

#[test]
fn only_the_annotations_own_value_suppresses() {
    let applies =
        pod_with_metadata("  annotations:\n    posture.dev/ignore: \"LP102: real reason\"\n");
    assert_eq!(
        suppressed(&lp102(&applies), "LP102").as_deref(),
        Some("real reason")
    );
    let quoted_key =
        pod_with_metadata("  annotations:\n    \"posture.dev/ignore\": \"LP102: real reason\"\n");
    assert!(suppressed(&lp102(&quoted_key), "LP102").is_some());
    let not_it = [
        // Other keys that contain the name.
        "  annotations:\n    x-posture.dev/ignore: \"LP102: fake\"\n",
        "  annotations:\n    posture.dev/ignore-all: \"LP102: fake\"\n",
        "  annotations:\n    example.com/posture.dev/ignore: \"LP102: fake\"\n",
        // The name and value inside another annotation's value.
        "  annotations:\n    note: \"posture.dev/ignore: LP102: fake\"\n",
        "  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{\"metadata\":{\"annotations\":{\"posture.dev/ignore\":\"LP102: fake\"}}}'\n",
        // A label, not an annotation.
        "  labels:\n    posture.dev/ignore: \"LP102-fake\"\n",
        // Annotations somewhere other than the object's or its pod template's metadata.
        "  x:\n    annotations:\n      posture.dev/ignore: \"LP102: fake\"\n",
    ];
    for metadata in not_it {
        let text = pod_with_metadata(metadata);
        assert_eq!(suppressed(&lp102(&text), "LP102"), None, "{text}");
    }
    // A document embedded in the object's strings has its own annotations; they cover only it.
    let text = pod_with_metadata("  annotations:\n    config: |\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: c\n        annotations:\n          posture.dev/ignore: \"LP102: fake\"\n");
    assert_eq!(suppressed(&lp102(&text), "LP102"), None);
}

#[test]
fn a_suppression_comment_without_reason_is_reported_only_when_real() {
    let report = run(&pod(
        "        seLinuxOptions: {type: \"# posture-ignore LP102\"}\n",
        "",
    ));
    assert!(
        findings(&report, "DS903").is_empty(),
        "{:#?}",
        report.findings
    );
    let report = run(&pod("", "  # posture-ignore LP102"));
    assert_eq!(findings(&report, "DS903").len(), 1);
    // Inside an embedded document: reported once, at its line.
    let text = pack(&pod("", "  # posture-ignore LP102"));
    let report = run(&text);
    let ds903 = findings(&report, "DS903");
    assert_eq!(ds903.len(), 1, "{:#?}", report.findings);
    let line = text
        .lines()
        .position(|l| l.contains("posture-ignore"))
        .unwrap()
        + 1;
    assert_eq!(ds903[0].span.start.line, line);
}

#[test]
fn explicitly_tagged_values_are_read_as_the_api_server_reads_them() {
    let fires = |field: &str, rule: &str| {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n        {field}\n"
        );
        let report = run(&text);
        assert!(report.errors.is_empty(), "{:#?}", report.errors);
        !findings(&report, rule).is_empty()
    };
    assert!(fires("privileged: !!bool true", "LP102"));
    assert!(fires("privileged: !!bool \"true\"", "LP102"));
    assert!(!fires("privileged: !!str true", "LP102"));
    assert!(!fires("privileged: \"true\"", "LP102"));
    assert!(!fires("privileged: !custom true", "LP102"));
    assert!(fires("runAsUser: !!int \"0\"", "LP113"));
    assert!(fires("runAsUser: !!float 0", "LP113"));
    assert!(fires("runAsUser: 0.0", "LP113"));
    assert!(!fires("runAsUser: !!str 0", "LP113"));
    assert!(!fires("runAsUser: \"0\"", "LP113"));
}

/// Scalar content to write in every style: full of `#`, quotes, backslashes, colons, line
/// breaks, and would-be suppressions.
fn content() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("#"),
            Just(" "),
            Just(" # "),
            Just("# posture-ignore LP102 fake"),
            Just(" #posture-ignore LP102 fake"),
            Just("posture-ignore"),
            Just("LP102"),
            Just("'"),
            Just("\""),
            Just("\\"),
            Just(":"),
            Just(": "),
            Just("\n"),
            Just("\n# posture-ignore LP102 fake\n"),
            Just("{"),
            Just("}"),
            Just("["),
            Just("]"),
            Just(","),
            Just("|"),
            Just(">"),
            Just("-"),
            Just("a"),
            Just("é"),
            Just("posture.dev/ignore: \"LP102: fake\""),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

/// Words a plain scalar can hold: no `: `, no ` #`, no leading indicator.
fn plain_content() -> impl Strategy<Value = String> {
    let word = "[a-z0-9][a-z0-9#.\\-]{0,8}(#posture-ignore)?";
    proptest::collection::vec(word, 1..5).prop_map(|w| w.join(" "))
}

#[derive(Clone, Copy, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
}

/// Writes `value` as the value of `type:` (at column 10) in the given style, each continuation
/// line at column 12. Returns the lines, the last one ready for a trailing comment, and
/// whether a comment after it needs its own line (block scalars).
fn write_scalar(style: Style, value: &str) -> (String, bool) {
    let cont = "\n            ";
    let body = match style {
        Style::Plain => value.to_string(),
        Style::Single => format!("'{}'", value.replace('\'', "''").replace('\n', cont)),
        Style::Double => format!(
            "\"{}\"",
            value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', cont)
        ),
        Style::Literal | Style::Folded => {
            let header = if matches!(style, Style::Literal) {
                "|2-"
            } else {
                ">2-"
            };
            let lines: String = value.split('\n').map(|l| format!("{cont}{l}")).collect();
            format!("{header}{lines}")
        }
    };
    let own_line = matches!(style, Style::Literal | Style::Folded);
    (
        format!("        seLinuxOptions:\n          type: {body}"),
        own_line,
    )
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![
        Just(Style::Plain),
        Just(Style::Single),
        Just(Style::Double),
        Just(Style::Literal),
        Just(Style::Folded),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever a scalar right above the finding holds, in whatever style, LP102 is suppressed
    /// exactly when a real comment (after the scalar, or on the finding's line) says so, and an
    /// annotation suppresses exactly when the annotation itself is there.
    #[test]
    fn no_scalar_content_creates_or_hides_a_suppression(
        style in style(),
        any in content(),
        plain in plain_content(),
        after_value in any::<bool>(),
        same_line in any::<bool>(),
        annotation in any::<bool>(),
    ) {
        let value = if matches!(style, Style::Plain) { plain } else { any.clone() };
        let (mut lines, own_line) = write_scalar(style, &value);
        if after_value {
            lines.push_str(if own_line { "\n        " } else { "  " });
            lines.push_str("# posture-ignore LP102 real above");
        }
        lines.push('\n');
        let trailing = if same_line { "  # posture-ignore LP102 real same" } else { "" };
        // The same content as another annotation's value and a label's, quoted safely.
        let quoted = format!("\"{}\"", any.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"));
        let mut metadata = format!("  labels:\n    note: {quoted}\n  annotations:\n    note: {quoted}\n");
        if annotation {
            metadata.push_str("    posture.dev/ignore: \"LP102: real annotation\"\n");
        }
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{metadata}spec:\n  containers:\n    - name: app\n      image: app:1.0\n      securityContext:\n{lines}        privileged: true{trailing}\n"
        );
        let report = lp102(&text);
        prop_assert!(report.errors.is_empty(), "{}\n{:#?}", text, report.errors);
        let found = findings(&report, "LP102");
        prop_assert_eq!(found.len(), 1, "{}", text);
        let expected = if annotation {
            Some("real annotation")
        } else if same_line {
            Some("real same")
        } else if after_value {
            Some("real above")
        } else {
            None
        };
        prop_assert_eq!(found[0].suppressed.as_deref(), expected, "{}", text);
    }
}
