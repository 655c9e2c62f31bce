//! Proof that fixes do what they say: for every rule's invalid examples and every fixture,
//! each available fix removes its finding, keeps the text readable, keeps every comment,
//! changes the tree only where its edits are, and is not offered again once applied. Then
//! the awkward shapes (flow mappings, comments between keys, CRLF, 4-space indentation,
//! block scalars in pack values, multi-document files) as exact before/after texts, and a
//! property test over generated YAML.

use std::collections::BTreeMap;
use std::path::PathBuf;

use posture_engine::fix::{self, Choice, Fix, Safety};
use posture_engine::rules::ALL;
use posture_engine::yaml::{load, Limits, Node, NodeId, Tree};
use posture_engine::{check_with_options, Input, Options, Rule};
use proptest::prelude::*;

fn input(text: &str) -> Input<'_> {
    Input {
        name: "in.yaml",
        text,
    }
}

fn fixes_of(text: &str, rules: &[&'static Rule]) -> Vec<Fix> {
    fix::fixes(&input(text), rules, &Options::default()).1
}

/// Every scalar of every document by path (`0.spec.containers[0].image`), with its range.
fn flatten(text: &str) -> BTreeMap<String, (String, (usize, usize))> {
    fn walk(
        tree: &Tree,
        id: NodeId,
        path: String,
        out: &mut BTreeMap<String, (String, (usize, usize))>,
    ) {
        match tree.node(id) {
            Node::Mapping(entries) => {
                for e in entries {
                    let k = tree.str(e.key).unwrap_or("?");
                    walk(tree, e.value, format!("{path}.{k}"), out);
                }
            }
            Node::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(tree, *item, format!("{path}[{i}]"), out);
                }
            }
            Node::Scalar(_) | Node::Alias(_) => {
                let v = tree.str(id).unwrap_or("*").to_string();
                out.insert(path, (v, tree.range(id)));
            }
        }
    }
    let loaded = load(text, &Limits::default());
    let mut out = BTreeMap::new();
    for (i, d) in loaded.documents.iter().enumerate() {
        walk(&loaded.tree, d.root, i.to_string(), &mut out);
    }
    out
}

fn comments(text: &str) -> Vec<String> {
    let loaded = load(text, &Limits::default());
    loaded
        .tree
        .comments()
        .map(|(s, e)| text[s..e].to_string())
        .collect()
}

fn errors(text: &str) -> usize {
    check_with_options(&[input(text)], &[], &Options::default())
        .errors
        .len()
}

/// How many findings like this one (rule, message, resource, container) the text has.
fn count_like(text: &str, rules: &[&'static Rule], fix: &Fix) -> usize {
    let f = &fix.finding;
    check_with_options(&[input(text)], rules, &Options::default())
        .findings
        .iter()
        .filter(|g| {
            g.rule_id == f.rule_id
                && g.message == f.message
                && g.resource == f.resource
                && g.container == f.container
                && g.suppressed.is_none()
        })
        .count()
}

/// The invariants of one fix on one text; returns the fixed text.
fn prove(text: &str, rules: &[&'static Rule], fix: &Fix, what: &str) -> String {
    let id = fix.finding.rule_id;
    let fixed = fix::apply(text, &fix.edits)
        .unwrap_or_else(|c| panic!("{id} on {what}: edits conflict: {c}"));
    assert_ne!(fixed, text, "{id} on {what}: the fix changes nothing");
    assert!(
        count_like(&fixed, rules, fix) < count_like(text, rules, fix),
        "{id} on {what}: the finding is still there after the fix:\n{fixed}"
    );
    assert!(
        errors(&fixed) <= errors(text),
        "{id} on {what}: the fix made the text unreadable:\n{fixed}"
    );
    let mut left = fixed.clone();
    for c in comments(text) {
        let at = left
            .find(&c)
            .unwrap_or_else(|| panic!("{id} on {what}: comment {c:?} lost:\n{fixed}"));
        left.replace_range(at..at + c.len(), "");
    }
    // The tree changes only where the edits are: no value outside them changes or goes.
    let (before, after) = (flatten(text), flatten(&fixed));
    for (path, (value, (s, e))) in &before {
        let touched = fix
            .edits
            .iter()
            .any(|ed| ed.start <= *e && *s <= ed.end.max(ed.start));
        if !touched && !path.contains("values") && !path.contains("config") {
            assert_eq!(
                after.get(path).map(|(v, _)| v),
                Some(value),
                "{id} on {what}: {path} changed though no edit touches it:\n{fixed}"
            );
        }
    }
    // Applied, the same finding offers no fix again.
    let again = fixes_of(&fixed, rules);
    assert!(
        !again.iter().any(|g| g.is_available()
            && g.finding.rule_id == fix.finding.rule_id
            && g.finding.message == fix.finding.message
            && g.finding.resource == fix.finding.resource
            && g.edits == fix.edits),
        "{id} on {what}: the same fix is offered again"
    );
    fixed
}

#[test]
fn every_fix_on_every_invalid_example_holds() {
    let mut fixable = Vec::new();
    for rule in ALL {
        for (i, text) in rule.meta.invalid.iter().enumerate() {
            for fix in fixes_of(text, &[rule]) {
                if fix.is_available() {
                    prove(text, &[rule], &fix, &format!("invalid example {i}"));
                    if !fixable.contains(&rule.meta.id) {
                        fixable.push(rule.meta.id);
                    }
                }
            }
        }
    }
    println!("{} rules with fixes: {}", fixable.len(), fixable.join(" "));
    assert!(
        fixable.len() >= 35,
        "only {} rules have a fix on their examples: {fixable:?}",
        fixable.len()
    );
}

fn fixture_dir() -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures"]
        .iter()
        .collect()
}

#[test]
fn every_fix_on_every_fixture_holds() {
    let mut proved = 0;
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for fix in fixes_of(&text, ALL) {
            if fix.is_available() {
                prove(&text, ALL, &fix, &name);
                proved += 1;
            }
        }
    }
    assert!(proved > 30, "only {proved} fixes proved on the fixtures");
}

#[test]
fn fixing_everything_converges_and_is_idempotent() {
    let choice = Choice {
        rules: None,
        include_review: true,
    };
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let once = fix::fix_all(&input(&text), ALL, &Options::default(), &choice);
        assert!(errors(&once.text) <= errors(&text), "{}", path.display());
        for c in comments(&text) {
            assert!(once.text.contains(&c), "{}: lost {c:?}", path.display());
        }
        let twice = fix::fix_all(&input(&once.text), ALL, &Options::default(), &choice);
        assert_eq!(twice.text, once.text, "{}: not idempotent", path.display());
        assert!(twice.applied.is_empty());
    }
}

/// The one fix of `rule` on `text`, applied.
fn fixed(text: &str, id: &str) -> String {
    let rule = posture_engine::rules::find(id).unwrap();
    let fixes: Vec<Fix> = fixes_of(text, &[rule])
        .into_iter()
        .filter(|f| f.is_available())
        .collect();
    assert_eq!(fixes.len(), 1, "{id}: {fixes:?}");
    prove(text, &[rule], &fixes[0], "snapshot");
    fix::apply(text, &fixes[0].edits).unwrap()
}

fn unavailable(text: &str, id: &str) -> String {
    let rule = posture_engine::rules::find(id).unwrap();
    let fixes = fixes_of(text, &[rule]);
    assert!(!fixes.is_empty(), "{id}: no fix");
    assert!(fixes.iter().all(|f| !f.is_available()), "{id}: {fixes:?}");
    fixes[0].unavailable.clone().expect("unavailable")
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n";

#[test]
fn a_key_goes_into_a_flow_mapping_before_its_brace() {
    let text = format!("{POD}  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {{runAsUser: 1000}}\n");
    assert_eq!(
        fixed(&text, "LP111"),
        format!("{POD}  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {{runAsUser: 1000, allowPrivilegeEscalation: false}}\n")
    );
}

#[test]
fn a_missing_mapping_is_created_at_the_containers_indentation_after_its_trailing_comment() {
    let text = format!("{POD}  containers:\n    - name: app # the app\n      # pinned by CI\n      image: app:1.0  # v1\n");
    assert_eq!(
        fixed(&text, "LP111"),
        format!("{POD}  containers:\n    - name: app # the app\n      # pinned by CI\n      image: app:1.0  # v1\n      securityContext:\n        allowPrivilegeEscalation: false\n")
    );
}

#[test]
fn four_space_indentation_and_crlf_are_kept() {
    let text = "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n    name: p\r\nspec:\r\n    containers:\r\n        -   name: app\r\n            image: app:1.0\r\n";
    assert_eq!(
        fixed(text, "LP111"),
        "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n    name: p\r\nspec:\r\n    containers:\r\n        -   name: app\r\n            image: app:1.0\r\n            securityContext:\r\n                allowPrivilegeEscalation: false\r\n"
    );
}

#[test]
fn a_scalar_is_replaced_in_place_keeping_its_quotes() {
    let text = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\ncontrollerManager: {extraArgs: {profiling: \"false\"}}\nscheduler: {extraArgs: {profiling: \"false\"}}\napiServer:\n  extraArgs:\n    profiling: 'true' # temporary\n";
    assert_eq!(
        fixed(text, "DF203"),
        "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\ncontrollerManager: {extraArgs: {profiling: \"false\"}}\nscheduler: {extraArgs: {profiling: \"false\"}}\napiServer:\n  extraArgs:\n    profiling: 'false' # temporary\n"
    );
}

#[test]
fn flags_are_added_in_each_shape() {
    // kubeadm v1beta4 name/value list.
    let text = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\ncontrollerManager: {extraArgs: {profiling: \"false\"}}\nscheduler: {extraArgs: {profiling: \"false\"}}\napiServer:\n  extraArgs:\n    - name: audit-log-path\n      value: /var/log/audit.log\n";
    assert_eq!(
        fixed(text, "DF203"),
        format!("{text}    - name: profiling\n      value: \"false\"\n")
    );
    // K3s argument list, flow style.
    let text = "kubelet-arg: [\"read-only-port=10255\"]\n";
    assert_eq!(
        fixed(text, "DF204"),
        "kubelet-arg: [\"read-only-port=0\"]\n"
    );
    // A KubeletConfiguration field that is missing.
    let text =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n";
    assert_eq!(
        fixed(text, "DF213"),
        format!("{text}protectKernelDefaults: true\n")
    );
}

#[test]
fn a_fix_inside_pack_values_follows_the_block_indentation() {
    let text = "kind: ClusterProfile\nspec:\n  template:\n    packs:\n      - name: kubernetes\n        values: |\n          kubeadmconfig:\n            controllerManager: {extraArgs: {profiling: \"false\"}}\n            scheduler: {extraArgs: {profiling: \"false\"}}\n            apiServer:\n              extraArgs:\n                # keep\n                audit-log-path: /var/log/a.log\n          other: 1\n";
    let out = fixed(text, "DF203");
    assert_eq!(
        out,
        "kind: ClusterProfile\nspec:\n  template:\n    packs:\n      - name: kubernetes\n        values: |\n          kubeadmconfig:\n            controllerManager: {extraArgs: {profiling: \"false\"}}\n            scheduler: {extraArgs: {profiling: \"false\"}}\n            apiServer:\n              extraArgs:\n                # keep\n                audit-log-path: /var/log/a.log\n                profiling: \"false\"\n          other: 1\n"
    );
}

#[test]
fn fixes_that_cannot_be_expressed_safely_say_why() {
    // Through an alias: the anchored context is shared.
    let text = format!("{POD}  containers:\n    - name: a\n      image: a:1\n      securityContext: &sc {{privileged: true}}\n    - name: b\n      image: b:1\n      securityContext: *sc\n");
    assert!(unavailable(&text, "LP102").contains("alias"));
    // Inside a JSON string.
    let json = r#"{"spec": {"template": {"packs": [{"name": "kubernetes", "values": "kubeadmconfig:\n  apiServer:\n    extraArgs:\n      profiling: \"true\"\n"}]}}}"#;
    assert!(unavailable(json, "DF203").contains("quoted"));
    // A templated value.
    let text = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\ncontrollerManager: {extraArgs: {profiling: \"false\"}}\nscheduler: {extraArgs: {profiling: \"false\"}}\napiServer:\n  extraArgs:\n    profiling: {{ .Values.profiling }}\n";
    let rule = posture_engine::rules::find("DF203").unwrap();
    for f in fixes_of(text, &[rule]) {
        assert!(!f.is_available(), "{f:?}");
    }
}

#[test]
fn new_objects_are_built_from_the_inputs_own_names() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: payments}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: api, tier: backend}}\n  template:\n    metadata: {labels: {app: api, tier: backend, version: v2}}\n    spec:\n      containers: [{name: api, image: api:1.0}]\n";
    let out = fixed(text, "DS110");
    assert!(out.starts_with(text));
    let added = &out[text.len()..];
    assert_eq!(added, "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\n  namespace: payments\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: api\n      tier: backend\n");
    let out = fixed(text, "DD104");
    assert!(out[text.len()..].contains("namespace: payments\n"), "{out}");
}

#[test]
fn multi_document_files_are_fixed_in_the_right_document() {
    let text = format!("# first\n{POD}  containers:\n    - name: a\n      image: a:1\n      securityContext: {{allowPrivilegeEscalation: false}}\n---\n{POD}  containers:\n    - name: b\n      image: b:1\n...\n");
    let out = fixed(&text, "LP111");
    assert!(out.contains("    - name: b\n      image: b:1\n      securityContext:\n        allowPrivilegeEscalation: false\n...\n"), "{out}");
}

#[test]
fn safety_classes_carry_reasons() {
    for rule in ALL {
        for text in rule.meta.invalid {
            for f in fixes_of(text, &[rule]) {
                if let Safety::Review(reason) = f.safety {
                    assert!(reason.len() > 10, "{}: {reason}", rule.meta.id);
                }
                assert!(!f.title.is_empty());
            }
        }
    }
}

#[test]
fn fix_all_takes_only_safe_fixes_unless_asked_and_honours_the_rule_list() {
    let text = format!("{POD}  containers:\n    - name: app\n      image: app:1.0\n      securityContext: {{privileged: true}}\n");
    let safe = fix::fix_all(&input(&text), ALL, &Options::default(), &Choice::default());
    assert!(safe.applied.iter().all(|f| f.safety == Safety::Safe));
    assert!(safe.text.contains("privileged: true"));
    let ids = vec!["LP102".to_string()];
    let only = fix::fix_all(
        &input(&text),
        ALL,
        &Options::default(),
        &Choice {
            rules: Some(&ids),
            include_review: true,
        },
    );
    assert!(only.applied.iter().all(|f| f.finding.rule_id == "LP102"));
    assert!(only.text.contains("privileged: false"), "{}", only.text);
    // With privileged gone, the next run can set allowPrivilegeEscalation too.
    let all = fix::fix_all(
        &input(&text),
        ALL,
        &Options::default(),
        &Choice {
            rules: None,
            include_review: true,
        },
    );
    assert!(
        all.text.contains("allowPrivilegeEscalation: false"),
        "{}",
        all.text
    );
}

#[test]
fn overlapping_edits_are_refused() {
    use posture_engine::fix::Edit;
    let e = |start, end, r: &str| Edit {
        start,
        end,
        replacement: r.to_string(),
    };
    assert!(fix::apply("abcdef", &[e(1, 3, "x"), e(2, 4, "y")]).is_err());
    assert!(fix::apply("abcdef", &[e(2, 2, "x"), e(2, 2, "y")]).is_err());
    assert!(fix::apply("abcdef", &[e(1, 9, "x")]).is_err());
    assert_eq!(
        fix::apply("abcdef", &[e(4, 5, "E"), e(0, 1, "A")]).unwrap(),
        "AbcdEf"
    );
}

/// Generated pods: containers with and without security contexts, flow or block, with
/// comments, 2 or 4 spaces, LF or CRLF.
fn pod_text() -> impl Strategy<Value = String> {
    let container = (
        0..3usize,
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec!["IfNotPresent", "Always", "Never"]),
    );
    (
        prop::collection::vec(container, 1..4),
        prop::sample::select(vec![2usize, 4]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(containers, step, crlf, host)| {
            let i = |n: usize| " ".repeat(n * step);
            let mut t = format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n{}name: web # name\nspec:\n{}replicas: 2\n{}template:\n{}metadata:\n{}labels: {{app: web}}\n{}spec:\n",
                i(1), i(1), i(1), i(2), i(3), i(2)
            );
            if host {
                t.push_str(&format!("{}hostNetwork: true\n", i(3)));
            }
            t.push_str(&format!("{}containers:\n", i(3)));
            for (n, (sc, flow, comment, policy)) in containers.iter().enumerate() {
                t.push_str(&format!("{}- name: c{n}\n", i(3)));
                let at = i(3) + "  ";
                t.push_str(&format!("{at}image: img:latest\n{at}imagePullPolicy: {policy}\n"));
                if *comment {
                    t.push_str(&format!("{at}# about the context\n"));
                }
                match (sc, flow) {
                    (0, _) => {}
                    (1, true) => t.push_str(&format!("{at}securityContext: {{privileged: true}}\n")),
                    (1, false) => t.push_str(&format!("{at}securityContext:\n{at}{}privileged: true # why\n", i(1))),
                    (_, true) => t.push_str(&format!("{at}securityContext: {{}}\n")),
                    (_, false) => t.push_str(&format!("{at}securityContext:\n{at}{}runAsUser: 1000\n", i(1))),
                }
            }
            if crlf {
                t = t.replace('\n', "\r\n");
            }
            t
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_fix_on_generated_pods_holds(text in pod_text()) {
        for f in fixes_of(&text, ALL) {
            if f.is_available() {
                prove(&text, ALL, &f, "generated");
            }
        }
        let all = fix::fix_all(&input(&text), ALL, &Options::default(), &Choice { rules: None, include_review: true });
        prop_assert!(errors(&all.text) == 0, "{}", all.text);
        for c in comments(&text) {
            prop_assert!(all.text.contains(&c));
        }
        if text.contains("\r\n") {
            prop_assert!(!all.text.replace("\r\n", "").contains('\n'), "bare LF in {:?}", all.text);
        }
    }
}
