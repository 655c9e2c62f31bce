//! Fewer, sharper findings: one finding per wildcard role rule, no findings for deliberate
//! choices or for values that are not secret, facts as Kubernetes has them, and locations on
//! the node that should change.

use posture_engine::report::{json, read};
use posture_engine::score::scorecard;
use posture_engine::share;
use posture_engine::{check, Finding, Input, Report, Severity};

fn run(text: &str) -> Report {
    check(&[Input {
        name: "in.yaml",
        text,
    }])
}

fn of<'a>(report: &'a Report, rule: &str) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .collect()
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    text[..offset].matches('\n').count() + 1
}

/// Line and column of the first occurrence of `needle`.
fn at(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line_of(text, needle), col)
}

const WILDCARD: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules:
  - apiGroups: [\"*\"]
    resources: [\"*\"]
    verbs: [\"*\"]
";

/// The same powers as [`WILDCARD`], each granted by a rule of its own, without any `*`.
const SEPARATE: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules:
  - {apiGroups: [\"\"], resources: [secrets], verbs: [get]}
  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [create]}
  - {apiGroups: [\"\"], resources: [pods], verbs: [create]}
  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}
  - {apiGroups: [\"\"], resources: [nodes/proxy], verbs: [get]}
  - {apiGroups: [\"\"], resources: [serviceaccounts/token], verbs: [create]}
  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
  - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}
  - {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create]}
";

#[test]
fn a_wildcard_rule_is_one_finding_naming_every_power_at_the_worst_severity() {
    let report = run(WILDCARD);
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let f = &report.findings[0];
    assert_eq!(f.rule_id, "LP201");
    assert_eq!(f.severity, Severity::Critical);
    for id in [
        "LP204", "LP205", "LP206", "LP207", "LP208", "LP209", "LP210", "LP211",
    ] {
        assert!(f.implies.contains(&id), "{id}: {:?}", f.implies);
        assert!(f.message.contains(id), "{}", f.message);
    }
    assert!(!f.message.contains("1.29"), "{}", f.message);
    assert!(f.message.contains("escalate, bind or impersonate"));
    assert_eq!(f.span.start.line, line_of(WILDCARD, "[\"*\"]"));
}

#[test]
fn folding_never_scores_a_wildcard_rule_better_than_the_separate_grants() {
    let folded = scorecard(&run(WILDCARD));
    let separate_report = run(SEPARATE);
    // Each power is its own finding when no `*` grants it.
    assert!(of(&separate_report, "LP201").is_empty());
    assert_eq!(separate_report.findings.len(), 8);
    let separate = scorecard(&separate_report);
    assert!(folded.overall.score <= separate.overall.score);
    assert!(folded.overall.failed > separate.overall.failed);
    assert!(folded.overall.score <= Some(39), "{:?}", folded.overall);
    // Suppressing the one finding takes all of its powers with it.
    let suppressed = WILDCARD.replace(
        "  - apiGroups: [\"*\"]",
        "  # posture-ignore LP201 break-glass role, reviewed\n  - apiGroups: [\"*\"]",
    );
    let card = scorecard(&run(&suppressed));
    assert_eq!(card.overall.failed, 0, "{card:?}");
}

#[test]
fn folded_findings_survive_json_and_share_records() {
    let report = run(WILDCARD);
    let card = scorecard(&report);
    let (back, back_card) = read::from_json(&json::render(&report)).expect("own JSON");
    assert_eq!(back.findings, report.findings);
    assert_eq!(back_card, card);
    // Scores read from the findings alone (without what was examined) still count each power.
    let rescored = scorecard(&back);
    assert_eq!(rescored.overall.score, card.overall.score);
    assert_eq!(rescored.overall.failed, card.overall.failed);
    let shared = share::decode_report(&share::encode_report(&report, &card)).expect("own report");
    let mut findings = shared.report.findings.clone();
    for f in &mut findings {
        f.file = "in.yaml".into();
    }
    assert_eq!(findings[0].implies, report.findings[0].implies);
    assert_eq!(findings[0].severity, Severity::Critical);
    assert_eq!(shared.scorecard, card);
}

#[test]
fn a_narrow_wildcard_implies_only_what_it_grants() {
    // `*` verbs on certificates.k8s.io without the approve verb on signers approve nothing;
    // read verbs over every core resource read Secrets and nothing in the other groups.
    let text = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - {apiGroups: [certificates.k8s.io], resources: [\"*\"], verbs: [delete, get, patch]}
  - {apiGroups: [\"\"], resources: [\"*\"], verbs: [get, list]}
";
    let report = run(text);
    assert!(of(&report, "LP210").is_empty(), "{:#?}", report.findings);
    let lp201 = of(&report, "LP201");
    assert_eq!(lp201.len(), 2);
    assert!(lp201[0].implies.is_empty(), "{:?}", lp201[0].implies);
    assert_eq!(lp201[0].severity, Severity::High);
    assert!(lp201[1].implies.contains(&"LP204"));
    assert!(lp201[1].implies.contains(&"LP208"));
    assert!(!lp201[1].implies.contains(&"LP206"));
    // get on pods/exec runs commands up to Kubernetes 1.29 only, and the message says so.
    assert!(lp201[1].implies.contains(&"LP205"));
    assert!(lp201[1].message.contains("1.29"), "{}", lp201[1].message);
    assert_eq!(report.findings.len(), 2, "{:#?}", report.findings);
}

#[test]
fn approving_csrs_takes_the_approval_subresource_and_the_signer() {
    let approval = "  - {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n";
    let signer = "  - {apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve]}\n";
    let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules:\n";
    assert!(of(&run(&format!("{role}{approval}")), "LP210").is_empty());
    assert!(of(&run(&format!("{role}{signer}")), "LP210").is_empty());
    let both = format!("{role}{approval}{signer}");
    let found = run(&both);
    let lp210 = of(&found, "LP210");
    assert_eq!(lp210.len(), 1);
    assert_eq!(
        (lp210[0].span.start.line, lp210[0].span.start.column),
        at(&both, "certificatesigningrequests/approval")
    );
    assert!(lp210[0].message.contains("any signer"));
}

#[test]
fn get_on_pods_exec_names_the_versions_it_works_on() {
    let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules:\n  - {apiGroups: [\"\"], resources: [pods/exec], verbs: [get]}\n";
    let report = run(text);
    let f = of(&report, "LP205");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("1.29"), "{}", f[0].message);
    assert!(f[0].message.contains("1.30"), "{}", f[0].message);
    let create = run(&text.replace("[get]", "[create]"));
    assert!(!of(&create, "LP205")[0].message.contains("1.30"));
}

const CONTROLLER: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: controller, namespace: system}
spec:
  template:
    spec:
      affinity: {}
      containers:
        - name: manager
          image: manager:1.0
          env:
            - {name: A_TOKEN, valueFrom: {secretKeyRef: {name: creds, key: a}}}
            - {name: B_TOKEN, valueFrom: {secretKeyRef: {name: creds, key: b}}}
            - {name: C_TOKEN, valueFrom: {secretKeyRef: {name: creds, key: c}}}
        - name: sidecar
          image: sidecar:1.0
          envFrom: [{secretRef: {name: creds}}]
      volumes:
        - name: sock
          hostPath:
            type: FileOrCreate
            path: /run/app.sock
";

#[test]
fn automount_is_reported_on_the_spec_key_only_when_nobody_chose() {
    let report = run(CONTROLLER);
    let f = of(&report, "DF103");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].span.start.line, f[0].span.start.column),
        (6, 5),
        "the pod template's spec:, not its first key"
    );
    let chosen = CONTROLLER.replace(
        "      affinity: {}\n",
        "      automountServiceAccountToken: true\n",
    );
    assert!(of(&run(&chosen), "DF103").is_empty());
}

#[test]
fn secrets_as_env_vars_are_one_finding_per_workload() {
    let report = run(CONTROLLER);
    let f = of(&report, "SH105");
    assert_eq!(f.len(), 1, "{:#?}", f);
    for name in [
        "A_TOKEN",
        "B_TOKEN",
        "C_TOKEN",
        "all of Secret creds in \"sidecar\"",
    ] {
        assert!(f[0].message.contains(name), "{}", f[0].message);
    }
    assert_eq!(f[0].container, None);
}

#[test]
fn host_path_names_what_it_mounts_and_points_at_the_path() {
    let report = run(CONTROLLER);
    let f = of(&report, "LP107");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("file /run/app.sock"),
        "{}",
        f[0].message
    );
    assert!(!f[0].message.contains("directory"));
    assert_eq!(
        (f[0].span.start.line, f[0].span.start.column),
        at(CONTROLLER, "/run/app.sock")
    );
    // The restricted-volumes finding shares the place.
    let lp110 = of(&report, "LP110");
    assert!(lp110.iter().all(|g| g.span == f[0].span), "{lp110:#?}");
}

#[test]
fn a_namespace_without_the_label_points_at_its_labels_key() {
    let text =
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: web\n";
    let f = run(text);
    let dd105 = of(&f, "DD105");
    assert_eq!(dd105.len(), 1);
    assert_eq!(
        (dd105[0].span.start.line, dd105[0].span.start.column),
        (5, 3)
    );
    let bare = run("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    assert_eq!(of(&bare, "DD105")[0].span.start.line, 3);
}

#[test]
fn plain_settings_and_placeholders_in_a_secret_are_not_secret_material() {
    let text = "apiVersion: v1
kind: Secret
metadata: {name: app-settings, namespace: shop}
stringData:
  settings.ini: |
    default_timezone = UTC
    log_level = info
  token: $TOKEN
  api-key: ${API_KEY}
  password: aUAxxxxxxxxx0ChYCrO
---
apiVersion: v1
kind: Secret
metadata: {name: app-settings-b64, namespace: shop}
data:
  settings.ini: ZGVmYXVsdF90aW1lem9uZSA9IFVUQw==
";
    let report = run(text);
    for rule in ["SH102", "OB101", "SH101", "SH103"] {
        assert!(
            of(&report, rule).is_empty(),
            "{rule}: {:#?}",
            report.findings
        );
    }
    let real = run(&text.replace("$TOKEN", "hunter2hunter2"));
    let sh102 = of(&real, "SH102");
    assert_eq!(sh102.len(), 1);
    assert!(sh102[0].message.contains("1 value(s) in stringData: token"));
}

#[test]
fn missing_fields_point_at_the_key_that_should_hold_them() {
    let text = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      affinity: {}
      containers: [{name: web, image: \"web:1.0\"}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: web.example.com
";
    let report = run(text);
    let place = |rule: &str| {
        let f = of(&report, rule);
        assert_eq!(f.len(), 1, "{rule}: {:#?}", report.findings);
        (f[0].span.start.line, f[0].span.start.column)
    };
    // No replica count: the Deployment's spec:. No service account: the pod template's spec:.
    assert_eq!(place("DS109"), (4, 1));
    assert_eq!(place("LP114"), (6, 5));
    assert_eq!(place("DF103"), (6, 5));
    // No TLS section: the Ingress's spec:.
    assert_eq!(place("OB105"), (line_of(text, "spec:\n  rules"), 1));
}

#[test]
fn an_os_pack_kubeadmconfig_with_only_commands_is_not_a_control_plane_on_defaults() {
    // Palette merges each layer's `kubeadmconfig`; the OS layer adds commands and configures
    // no component, so it must not be judged as an API server running on kubeadm's defaults.
    let os = "kubeadmconfig:\n  preKubeadmCommands:\n    - update-ca-certificates\n  postKubeadmCommands:\n    - echo done\n";
    let report = run(os);
    for rule in ["DF201", "DD203", "DD204", "DD211", "DF203"] {
        assert!(
            of(&report, rule).is_empty(),
            "{rule}: {:#?}",
            report.findings
        );
    }
    // A Kubernetes pack's kubeadmconfig with an API server section is still judged.
    let k8s = "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n";
    assert_eq!(of(&run(k8s), "DF201").len(), 1);
}
