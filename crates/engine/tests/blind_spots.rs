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

const CHART_TEMPLATE: &str = r#"{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}-api
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      hostNetwork: true
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        - name: sidecar
          image: {{ .Values.sidecar.image }}
          securityContext:
            privileged: {{ .Values.privileged }}
{{- end }}
"#;

#[test]
fn a_helm_template_is_read_in_template_tolerant_mode() {
    let report = run(CHART_TEMPLATE);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let notices: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "DS905")
        .collect();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].span.start.line, 1);
    // What is written plainly is still judged, on its own line.
    let host = report
        .findings
        .iter()
        .find(|f| f.rule_id == "LP103")
        .unwrap();
    assert_eq!(host.span.start.line, line_of(CHART_TEMPLATE, "hostNetwork"));
    // Resources are named as written, not by their placeholders.
    assert_eq!(
        host.resource.as_deref(),
        Some("Deployment/{{ include \"web.fullname\" . }}-api")
    );
    // A value that is wholly an expression is unknown: nothing is said about it.
    let sidecar_image = line_of(CHART_TEMPLATE, "{{ .Values.sidecar.image }}");
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.span.start.line == sidecar_image),
        "{:#?}",
        report.findings
    );
    assert!(!report.findings.iter().any(|f| f.rule_id == "LP102"));
    // One that is partly an expression is judged, quoted as written and marked.
    let pinned = report
        .findings
        .iter()
        .find(|f| f.rule_id == "DS102" && f.span.start.line == line_of(CHART_TEMPLATE, "image: \""))
        .unwrap();
    assert!(
        pinned.message.contains("{{ .Values.image.tag }}"),
        "{}",
        pinned.message
    );
    assert!(
        pinned.message.contains("template expression"),
        "{}",
        pinned.message
    );
    assert!(!pinned.message.contains("xxxx"), "{}", pinned.message);
}

#[test]
fn a_template_that_still_does_not_parse_says_where_and_how_to_render() {
    let broken = "{{- if .Values.x }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indentation\n{{- end }}\n";
    let report = run(broken);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    assert_eq!(e.span.start.line, 6, "{e:?}");
    assert!(e.message.contains("helm template"), "{}", e.message);
}

#[test]
fn palette_macros_are_values_not_template_logic() {
    let values = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata:\n  cluster: '{{ .spectro.system.cluster.name }}'\n";
    let report = run(values);
    assert!(report.findings.iter().all(|f| f.rule_id != "DS905"));
}
