//! The scoring contract and the properties of the score formula.
//!
//! Contract, on every rule example, fixture and page sample: a finding's rule has examined at
//! least one subject in the same report, a report with a finding is graded, and a report is
//! not graded exactly when nothing in it was evaluated.
//!
//! Properties, on multi-document inputs generated from building blocks (risky and hardened
//! Deployments, harmless ConfigMaps, privileged pods, Secrets, kubelet and kubeadm
//! configuration): the worst finding bounds the grade and every principle's score, padding
//! never improves anything, an extra finding never raises any score, and the score depends on
//! the findings alone, whatever kind of document they come from.

use std::path::{Path, PathBuf};

use posture_engine::rule::Subject;
use posture_engine::score::{ceiling, letter, scorecard, share, Scorecard};
use posture_engine::{check, rules, Input, Report, Severity};
use proptest::prelude::*;

fn run(text: &str) -> (Report, Scorecard) {
    let report = check(&[Input {
        name: "t.yaml",
        text,
    }]);
    let card = scorecard(&report);
    (report, card)
}

/// What breaks the contract in one report; `what` names the input.
fn contract_violations(what: &str, report: &Report, card: &Scorecard) -> Vec<String> {
    let mut out = Vec::new();
    for f in &report.findings {
        let examined = report.applicable.get(f.rule_id).copied().unwrap_or(0);
        if examined == 0 {
            out.push(format!(
                "{what}: {} reported a finding ({}) but examined nothing, so scores cannot count it",
                f.rule_id, f.message
            ));
        }
    }
    let found = report.active().any(|f| f.severity > Severity::Info);
    // Evaluated: some rule (other than info notices and whole-document hygiene) examined
    // something.
    let evaluated = rules::ALL.iter().any(|r| {
        r.meta.severity > Severity::Info
            && r.meta.subject != Subject::Documents
            && report.applicable.get(r.meta.id).copied().unwrap_or(0) > 0
    });
    if card.grade.is_some() != (evaluated || found) {
        out.push(format!(
            "{what}: graded {:?} but evaluated {evaluated}, findings {found}",
            card.grade
        ));
    }
    if card.grade.is_none() != card.not_graded.is_some() {
        out.push(format!("{what}: no grade needs a reason, and only then"));
    }
    if card.grade != card.overall.score.map(letter) {
        out.push(format!("{what}: the grade does not read the overall score"));
    }
    out
}

fn assert_contract(what: &str, report: &Report, card: &Scorecard) {
    let broken = contract_violations(what, report, card);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_rule_example_keeps_the_contract() {
    let mut broken = Vec::new();
    for rule in rules::ALL {
        let m = &rule.meta;
        for (i, text) in m.invalid.iter().chain(m.valid).enumerate() {
            let (report, card) = run(text);
            broken.extend(contract_violations(
                &format!("{} example {}", m.id, i + 1),
                &report,
                &card,
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no files in {}", dir.display());
    out
}

#[test]
fn every_fixture_and_page_sample_keeps_the_contract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = files(&root.join("tests/fixtures"));
    let samples = files(&root.join("../../samples"));
    for path in fixtures.iter().chain(&samples) {
        let text = std::fs::read_to_string(path).unwrap();
        let (report, card) = run(&text);
        let what = path.display().to_string();
        assert_contract(&what, &report, &card);
        assert_bands(&what, &report, &card);
        assert!(card.grade.is_some(), "{what} is not graded");
    }
}

/// The worst unsuppressed finding bounds the overall score and the score of each principle
/// and pillar that groups its rule.
fn assert_bands(what: &str, report: &Report, card: &Scorecard) {
    for f in report.active() {
        let cap = ceiling(f.severity);
        let rule = rules::find(f.rule_id).unwrap();
        let overall = card.overall.score.unwrap();
        assert!(
            overall <= cap,
            "{what}: {} allows at most {cap}, got {overall}",
            f.rule_id
        );
        let (_, principle) = card
            .principles
            .iter()
            .find(|(p, _)| *p == rule.meta.principle)
            .unwrap();
        assert!(
            principle.score.unwrap() <= cap,
            "{what}: {} next to a {} finding ({})",
            principle.score.unwrap(),
            f.severity.as_str(),
            f.rule_id
        );
        for (pillar, score) in &card.pillars {
            if rule.meta.pillars.contains(pillar) {
                assert!(score.score.unwrap() <= cap, "{what}: pillar {pillar:?}");
            }
        }
    }
    let worst = report.active().map(|f| f.severity).max();
    if let Some(grade) = card.grade {
        match worst {
            Some(Severity::Critical) => assert_eq!(grade, 'F', "{what}"),
            Some(Severity::High) => assert!(grade >= 'D', "{what}: {grade}"),
            Some(Severity::Medium) => assert!(grade >= 'B', "{what}: {grade}"),
            _ => {}
        }
    }
}

// ----- building blocks -----

fn risky_deployment(i: usize) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: risky{i}}}\nspec:\n  selector: {{matchLabels: {{app: risky{i}}}}}\n  template:\n    metadata: {{labels: {{app: risky{i}}}}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:latest\n          ports: [{{containerPort: 80}}]\n"
    )
}

fn hardened_deployment(i: usize) -> String {
    format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: hard{i}\n  labels: {{pod-security.kubernetes.io/enforce: restricted}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: deny, namespace: hard{i}}}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: web, namespace: hard{i}}}\nspec:\n  minAvailable: 1\n  selector: {{matchLabels: {{app: web{i}}}}}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: web, namespace: hard{i}}}\nautomountServiceAccountToken: false\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: hard{i}}}\nspec:\n  replicas: 3\n  selector: {{matchLabels: {{app: web{i}}}}}\n  template:\n    metadata: {{labels: {{app: web{i}}}}}\n    spec:\n      serviceAccountName: web\n      automountServiceAccountToken: false\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n        seccompProfile: {{type: RuntimeDefault}}\n      containers:\n        - name: web\n          image: registry.example.com/web:2.3.1@sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904a94c6d8b4d8e3f3c2f1b9e7a\n          imagePullPolicy: IfNotPresent\n          resources:\n            requests: {{cpu: 100m, memory: 128Mi}}\n            limits: {{cpu: 500m, memory: 256Mi}}\n          livenessProbe: {{httpGet: {{path: /healthz, port: 8080}}}}\n          readinessProbe: {{httpGet: {{path: /ready, port: 8080}}}}\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities: {{drop: [ALL]}}\n"
    )
}

fn config_map(i: usize) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings{i}}}\ndata:\n  LOG_LEVEL: info\n  FEATURE_X: \"on\"\n")
}

fn privileged_pod(i: usize) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: debug{i}}}\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n      securityContext: {{privileged: true}}\n")
}

fn plain_secret(i: usize) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: db{i}}}\ndata:\n  DB_HOST: db.internal\n  DB_PASSWORD: Tr0ub4dor-and-3-horses\n")
}

fn secret_object(i: usize) -> String {
    format!("apiVersion: v1\nkind: Secret\nmetadata: {{name: creds{i}}}\ntype: Opaque\ndata:\n  password: aHVudGVyMmh1bnRlcjI=\n")
}

fn risky_kubelet(_: usize) -> String {
    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: true}\nreadOnlyPort: 10255\nprotectKernelDefaults: true\n".to_string()
}

fn hardened_kubelet(_: usize) -> String {
    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: false}\n  webhook: {enabled: true}\nauthorization: {mode: Webhook}\nreadOnlyPort: 0\nprotectKernelDefaults: true\nrotateCertificates: true\n".to_string()
}

fn risky_kubeadm(_: usize) -> String {
    "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    anonymous-auth: \"true\"\n    profiling: \"true\"\n    authorization-mode: Node,RBAC\n".to_string()
}

type Block = fn(usize) -> String;

const HARMLESS: [Block; 3] = [hardened_deployment, config_map, hardened_kubelet];
const RISKY: [Block; 6] = [
    risky_deployment,
    privileged_pod,
    plain_secret,
    secret_object,
    risky_kubelet,
    risky_kubeadm,
];

fn join(blocks: &[(Block, usize)]) -> String {
    blocks
        .iter()
        .map(|(b, i)| b(*i))
        .collect::<Vec<_>>()
        .join("---\n")
}

fn any_block() -> impl Strategy<Value = (Block, usize)> {
    let all: Vec<Block> = HARMLESS.iter().chain(RISKY.iter()).copied().collect();
    (prop::sample::select(all), 0..4usize)
}

fn harmless_block() -> impl Strategy<Value = (Block, usize)> {
    (prop::sample::select(HARMLESS.to_vec()), 10..20usize)
}

fn risky_block() -> impl Strategy<Value = (Block, usize)> {
    (prop::sample::select(RISKY.to_vec()), 20..30usize)
}

/// Every score of `after` is at most the score of `before` (where both have one), and the grade
/// is no better.
fn assert_not_better(before: &Scorecard, after: &Scorecard) -> Result<(), TestCaseError> {
    let pairs = before
        .principles
        .iter()
        .map(|(_, s)| s)
        .zip(after.principles.iter().map(|(_, s)| s))
        .chain(
            before
                .pillars
                .iter()
                .map(|(_, s)| s)
                .zip(after.pillars.iter().map(|(_, s)| s)),
        )
        .chain(std::iter::once((&before.overall, &after.overall)));
    for (b, a) in pairs {
        if let (Some(b), Some(a)) = (b.score, a.score) {
            prop_assert!(a <= b, "a score rose from {} to {}", b, a);
        }
    }
    if let (Some(b), Some(a)) = (before.grade, after.grade) {
        // Letters sort from best (A) to worst (F).
        prop_assert!(a >= b, "the grade rose from {} to {}", b, a);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn generated_inputs_keep_the_contract_and_the_bands(
        blocks in prop::collection::vec(any_block(), 1..6),
    ) {
        let (report, card) = run(&join(&blocks));
        assert_contract("generated input", &report, &card);
        assert_bands("generated input", &report, &card);
    }

    #[test]
    fn padding_never_improves_a_score(
        base in prop::collection::vec(any_block(), 1..5),
        padding in prop::collection::vec(harmless_block(), 1..6),
    ) {
        let (_, before) = run(&join(&base));
        let mut all = base.clone();
        all.extend(padding);
        let (_, after) = run(&join(&all));
        assert_not_better(&before, &after)?;
    }

    #[test]
    fn another_finding_never_raises_a_score(
        base in prop::collection::vec(any_block(), 1..5),
        risky in risky_block(),
        at in 0..5usize,
    ) {
        let (_, before) = run(&join(&base));
        let mut all = base.clone();
        all.insert(at.min(all.len()), risky);
        let (_, after) = run(&join(&all));
        assert_not_better(&before, &after)?;
    }

    /// The overall score is a function of the failing rules' severities only: the same in a
    /// Deployment, a kubelet file or a cluster profile, and blind to how much else is there.
    #[test]
    fn the_score_depends_on_the_findings_alone(
        blocks in prop::collection::vec(any_block(), 1..6),
    ) {
        let (report, card) = run(&join(&blocks));
        // A finding that stands for other rules too (`implies`) fails each of them.
        let mut failing: Vec<&str> = report
            .active()
            .filter(|f| f.severity > Severity::Info)
            .flat_map(|f| std::iter::once(f.rule_id).chain(f.implies.iter().copied()))
            .collect();
        failing.sort();
        failing.dedup();
        let severities: Vec<Severity> =
            failing.iter().map(|id| rules::find(id).unwrap().meta.severity).collect();
        let kept: f64 = severities
            .iter()
            .map(|s| 1.0 - share(*s) as f64 / 100.0)
            .product();
        let cap = severities.iter().copied().max().map_or(100, ceiling);
        let expected = ((100.0 * kept).round() as u8).min(cap);
        let got = card.overall.score.unwrap();
        prop_assert!(got.abs_diff(expected) <= 1, "expected about {}, got {}", expected, got);
    }
}

// ----- the inputs from the issue -----

#[test]
fn kubelet_settings_count_from_a_kubelet_configuration() {
    let (report, card) = run(&risky_kubelet(0));
    assert!(report.active().any(|f| f.rule_id == "DF205"));
    assert!(report.active().any(|f| f.rule_id == "DF204"));
    for id in ["DF204", "DF205", "DF213", "LP302"] {
        assert_eq!(report.applicable.get(id), Some(&1), "{id}");
    }
    // One high finding: D at best, as anywhere else.
    assert_eq!(card.grade, Some('D'));
    assert!(card.overall.score.unwrap() <= 69);
    // The same settings written as flags give the same findings and the same score.
    let flags = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    anonymous-auth: \"true\"\n    read-only-port: \"10255\"\n    protect-kernel-defaults: \"true\"\n";
    let (flag_report, flag_card) = run(flags);
    let ids = |r: &Report| {
        let mut v: Vec<&str> = r.active().map(|f| f.rule_id).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&flag_report), ids(&report));
    assert_eq!(flag_card.overall.score, card.overall.score);
}

#[test]
fn dd204_counts_k3s_configs() {
    let (report, card) = run("write-kubeconfig-mode: \"0600\"\n");
    assert_eq!(report.applicable.get("DD204"), Some(&1));
    assert!(report.active().any(|f| f.rule_id == "DD204"));
    assert_eq!(card.grade, Some('D'));
}

#[test]
fn unreadable_input_is_not_graded() {
    let (report, card) = run("a: [1, 2\n---\nb: {c\n");
    assert!(!report.errors.is_empty());
    assert_eq!(card.grade, None);
    assert_eq!(card.not_graded, Some("no document could be read"));
}

#[test]
fn a_partly_read_input_is_not_graded_as_clean() {
    // A clean pod graded A alone; next to a document that did not parse (which could hold
    // anything), it keeps its findings and counts but gets no letter and no scores.
    let clean = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: \"a@sha256:0000000000000000000000000000000000000000000000000000000000000000\"}]\n";
    let (_, alone) = run(clean);
    assert!(alone.grade.is_some());
    let (report, card) = run(&format!(
        "{clean}---\napiVersion: v1\nkind: Pod\n\tspec: {{}}\n"
    ));
    assert_eq!(report.errors.len(), 1);
    assert_eq!(card.grade, None);
    assert_eq!(card.not_graded, Some(posture_engine::score::PARTLY_READ));
    assert_eq!(card.overall.score, None);
    assert!(card.overall.checks > 0, "what was read is still counted");
    assert!(card.principles.iter().all(|(_, s)| s.score.is_none()));
}

#[test]
fn padding_a_risky_deployment_changes_nothing() {
    let (_, alone) = run(&risky_deployment(0));
    let maps: Vec<(Block, usize)> = (1..6).map(|i| (config_map as Block, i)).collect();
    let hardened: Vec<(Block, usize)> = (1..6).map(|i| (hardened_deployment as Block, i)).collect();
    let with = |extra: &[(Block, usize)]| {
        let mut all = vec![(risky_deployment as Block, 0)];
        all.extend_from_slice(extra);
        run(&join(&all)).1
    };
    assert_eq!(with(&maps).overall.score, alone.overall.score);
    assert_eq!(with(&hardened).overall.score, alone.overall.score);
    assert_eq!(with(&maps).grade, alone.grade);
}

#[test]
fn the_hardened_blocks_are_clean() {
    for block in HARMLESS {
        let (report, card) = run(&block(1));
        let serious: Vec<_> = report
            .active()
            .filter(|f| f.severity >= Severity::Medium)
            .map(|f| f.rule_id)
            .collect();
        assert!(serious.is_empty(), "{serious:?}");
        assert!(card.grade.is_some());
    }
}

#[test]
fn critical_and_secret_findings_never_look_healthy() {
    let (_, card) = run(&privileged_pod(0));
    assert_eq!(card.grade, Some('F'));
    let (report, card) = run(&format!(
        "{}---\n{}",
        hardened_deployment(0),
        plain_secret(0)
    ));
    assert!(report.active().any(|f| f.rule_id.starts_with("SH")));
    let secrets = card
        .principles
        .iter()
        .find(|(p, _)| *p == posture_engine::Principle::SecretsHandling)
        .unwrap()
        .1;
    assert!(secrets.score.unwrap() <= 69, "{secrets:?}");
    let palette = "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      anonymous-auth: \"true\"\n      profiling: \"true\"\n";
    let (_, card) = run(palette);
    assert!(card.grade >= Some('D'), "{card:?}");
}

#[test]
fn the_readme_states_the_formula_the_page_shows() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let quoted: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("> "))
        .collect();
    assert!(
        quoted.join(" ").contains(posture_engine::score::FORMULA),
        "README.md should quote score::FORMULA"
    );
}
