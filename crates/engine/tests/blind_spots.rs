//! Shapes Palette users paste that used to pass unread: Cluster API kubeadm objects, kubeadm
//! configurations that rely on defaults, edge user-data without its marker line, add-on pack
//! values. Each must now be read and judged like its plain equivalent.

use posture_engine::{check, Input, Report};

fn run(text: &str) -> Report {
    check(&[Input {
        name: "in.yaml",
        text,
    }])
}

fn rules(report: &Report) -> Vec<&'static str> {
    let mut ids: Vec<_> = report.findings.iter().map(|f| f.rule_id).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    text[..offset].matches('\n').count() + 1
}

const KCP: &str = r#"apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata:
  name: prod-cp
  namespace: default
spec:
  replicas: 3
  version: v1.30.4
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs:
          anonymous-auth: "true"
          authorization-mode: AlwaysAllow
    files:
      - path: /etc/kubernetes/audit-policy.yaml
        content: |
          apiVersion: audit.k8s.io/v1
          kind: Policy
          rules:
            - level: None
    initConfiguration:
      bootstrapTokens:
        - token: abcdef.0123456789abcdef
      nodeRegistration:
        kubeletExtraArgs:
          read-only-port: "10255"
    joinConfiguration:
      nodeRegistration:
        kubeletExtraArgs:
          anonymous-auth: "true"
"#;

#[test]
fn a_cluster_api_control_plane_is_read_as_kubeadm_configuration() {
    let report = run(KCP);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let of = |id: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == id)
            .map(|f| f.span.start.line)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("DF201"), [line_of(KCP, "anonymous-auth: \"true\"")]);
    assert_eq!(of("LP301"), [line_of(KCP, "AlwaysAllow")]);
    assert_eq!(of("DF204"), [line_of(KCP, "read-only-port")]);
    let last_anonymous = KCP[..KCP.rfind("anonymous-auth").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(of("DF205"), [last_anonymous]);
    assert_eq!(of("SH111"), [line_of(KCP, "abcdef.")]);
    // The audit policy in `files[]` is read as what it is.
    assert_eq!(of("DD209"), [line_of(KCP, "level: None")]);
    // Defaults-based findings, as for a plain kubeadm ClusterConfiguration.
    assert!(!of("DD203").is_empty() && !of("DD204").is_empty());
    // The worker template of the same cluster.
    let workers = "apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfigTemplate\nmetadata: {name: md-0}\nspec:\n  template:\n    spec:\n      joinConfiguration:\n        nodeRegistration:\n          kubeletExtraArgs:\n            anonymous-auth: \"true\"\n";
    assert!(rules(&run(workers)).contains(&"DF205"));
}

#[test]
fn a_kubeadm_configuration_without_arguments_runs_on_defaults() {
    let bare = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.0\n";
    let one_argument = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.0\napiServer:\n  extraArgs:\n    max-requests-inflight: \"400\"\n";
    let bare_rules = rules(&run(bare));
    // The same defaults-based findings whether or not one unrelated argument is given.
    assert_eq!(bare_rules, rules(&run(one_argument)));
    for id in ["DD203", "DD204", "DD211", "DF201", "DF203"] {
        assert!(bare_rules.contains(&id), "{id} missing: {bare_rules:?}");
    }
}

#[test]
fn edge_installer_user_data_is_read_without_the_marker_line() {
    let with = "#cloud-config\nstylus:\n  site:\n    paletteEndpoint: api.spectrocloud.com\n    edgeHostToken: 6f9c1e0b2d7a4c58a1e3b9d0c4f7e2a1\n    insecureSkipVerify: true\n";
    let without = with.trim_start_matches("#cloud-config\n");
    let a = rules(&run(with));
    let b = rules(&run(without));
    assert_eq!(a, b);
    assert!(b.contains(&"SH107") && b.contains(&"OB107"), "{b:?}");
    assert!(!b.contains(&"DS900"));
}

#[test]
fn add_on_pack_values_are_evaluated_not_called_unknown() {
    let values = "pack:\n  namespace: monitoring\n  content:\n    images:\n      - image: quay.io/prometheus/prometheus:v2.53.0\ncharts:\n  kube-prometheus-stack:\n    grafana:\n      adminPassword: Gr4fana-Pr0d-2024!\n";
    let report = run(values);
    let ids = rules(&report);
    assert!(!ids.contains(&"DS900"), "{ids:?}");
    assert_eq!(ids, ["SH112"]);
    let f = &report.findings[0];
    assert_eq!(f.span.start.line, line_of(values, "adminPassword"));
    // The secret never reaches the output whole.
    assert!(
        !f.evidence.as_deref().unwrap_or("").contains("Pr0d"),
        "{:?}",
        f.evidence
    );
}
