//! What each document of the input is, decided once so every rule can ask.

use crate::yaml::{NodeId, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// A Kubernetes API object (apiVersion + kind). `List` wrappers are unwrapped into these.
    KubernetesObject,
    /// A Spectro Cloud Palette cluster profile (export or API payload with template packs).
    PaletteProfile,
    /// kubeadm ClusterConfiguration, InitConfiguration or JoinConfiguration.
    Kubeadm,
    /// Values of a Palette Kubernetes pack (PXK, PXK-E, K3s, RKE2).
    PackValues,
    /// Values of any other Palette pack (add-ons: a `pack:` section, Helm `charts:`).
    AddonPackValues,
    /// K3s or RKE2 server configuration (`kube-apiserver-arg: [...]`, `write-kubeconfig-mode`).
    K3sConfig,
    KubeletConfiguration,
    AdmissionConfiguration,
    AuditPolicy,
    EncryptionConfiguration,
    /// cloud-init, Kairos or Palette Edge user-data (`#cloud-config`).
    CloudConfig,
    DockerCompose,
    /// Something Posture does not evaluate; it says so rather than skipping it silently.
    Unknown,
}

impl DocKind {
    /// Whether the catalogue has checks for this kind of document yet. Kinds that are
    /// recognised but not evaluated are reported as such (DS900), never silently skipped.
    pub fn evaluated(self) -> bool {
        matches!(
            self,
            DocKind::KubernetesObject
                | DocKind::PaletteProfile
                | DocKind::Kubeadm
                | DocKind::PackValues
                | DocKind::AddonPackValues
                | DocKind::K3sConfig
                | DocKind::KubeletConfiguration
                | DocKind::AdmissionConfiguration
                | DocKind::AuditPolicy
                | DocKind::EncryptionConfiguration
                | DocKind::CloudConfig
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::KubernetesObject => "Kubernetes object",
            DocKind::PaletteProfile => "Palette cluster profile",
            DocKind::Kubeadm => "kubeadm configuration",
            DocKind::PackValues => "Kubernetes pack values",
            DocKind::AddonPackValues => "Palette add-on pack values",
            DocKind::K3sConfig => "K3s/RKE2 configuration",
            DocKind::KubeletConfiguration => "KubeletConfiguration",
            DocKind::AdmissionConfiguration => "AdmissionConfiguration",
            DocKind::AuditPolicy => "audit Policy",
            DocKind::EncryptionConfiguration => "EncryptionConfiguration",
            DocKind::CloudConfig => "cloud-config user-data",
            DocKind::DockerCompose => "docker-compose file",
            DocKind::Unknown => "unrecognised document",
        }
    }
}

/// A Kubernetes object found in the input, with the header fields every finding names.
#[derive(Clone, Debug)]
pub struct Object {
    pub root: NodeId,
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// The `kind:` value node: where document-wide findings point.
    pub kind_node: NodeId,
}

impl Object {
    /// The annotation maps that speak for this object: its own and, for a workload, its pod
    /// template's.
    pub fn annotation_maps<'t>(&self, tree: &'t Tree) -> impl Iterator<Item = NodeId> + 't {
        let root = self.root;
        [
            tree.path(root, &["metadata", "annotations"]),
            tree.path(root, &["spec", "template", "metadata", "annotations"]),
        ]
        .into_iter()
        .flatten()
    }

    /// `Kind/namespace/name`, or `Kind/name` without a namespace.
    pub fn label(&self) -> String {
        let name = self.name.as_deref().unwrap_or("(unnamed)");
        match &self.namespace {
            Some(ns) => format!("{}/{}/{}", self.kind, ns, name),
            None => format!("{}/{}", self.kind, name),
        }
    }
}

/// A document and what it was recognised as.
#[derive(Clone, Debug)]
pub struct Classified {
    pub root: NodeId,
    pub kind: DocKind,
}

/// Decides what a document is. `preamble` is the document's text before its content (marker
/// and comments), which carries the `#cloud-config` marker that no parser keeps.
pub fn classify(tree: &Tree, root: NodeId, preamble: &str) -> DocKind {
    if preamble.lines().any(|l| l.trim_end() == "#cloud-config") {
        return DocKind::CloudConfig;
    }
    if !tree.is_mapping(root) {
        return DocKind::Unknown;
    }
    if is_edge_installer_config(tree, root) {
        return DocKind::CloudConfig;
    }
    let api_version = tree.get_str(root, "apiVersion");
    let kind = tree.get_str(root, "kind");
    if let (Some(api), Some(kind)) = (api_version, kind) {
        let group = api.split('/').next().unwrap_or("");
        return match (group, kind) {
            ("kubeadm.k8s.io", _) => DocKind::Kubeadm,
            ("kubelet.config.k8s.io", "KubeletConfiguration") => DocKind::KubeletConfiguration,
            (_, "AdmissionConfiguration") if group.starts_with("apiserver") => {
                DocKind::AdmissionConfiguration
            }
            (_, "EncryptionConfiguration") if group.starts_with("apiserver") => {
                DocKind::EncryptionConfiguration
            }
            ("audit.k8s.io", "Policy") => DocKind::AuditPolicy,
            _ => DocKind::KubernetesObject,
        };
    }
    if tree
        .path(root, &["spec", "template", "packs"])
        .is_some_and(|p| tree.is_sequence(p))
    {
        return DocKind::PaletteProfile;
    }
    if crate::k8s::flags::is_pack_values(tree, root) {
        return DocKind::PackValues;
    }
    if crate::k8s::flags::is_k3s_config(tree, root) {
        return DocKind::K3sConfig;
    }
    if is_addon_pack_values(tree, root) {
        return DocKind::AddonPackValues;
    }
    if tree
        .get(root, "services")
        .is_some_and(|s| tree.is_mapping(s))
    {
        return DocKind::DockerCompose;
    }
    DocKind::Unknown
}

/// Palette's edge installer reads its user-data by content, with or without the
/// `#cloud-config` line: a `stylus` section, or a Kairos `install` section with installer keys.
fn is_edge_installer_config(tree: &Tree, root: NodeId) -> bool {
    if tree.get(root, "apiVersion").is_some() {
        return false;
    }
    let section = |key| tree.get(root, key).filter(|n| tree.is_mapping(*n));
    if section("stylus").is_some() {
        return true;
    }
    const INSTALLER_KEYS: [&str; 6] = [
        "device",
        "auto",
        "poweroff",
        "reboot",
        "bind_mounts",
        "grub_options",
    ];
    section("install").is_some_and(|install| {
        INSTALLER_KEYS
            .iter()
            .any(|k| tree.get(install, k).is_some())
    })
}

/// Values of a Palette add-on pack: Palette's own `pack:` section (namespace, content, install
/// priority) or a Helm pack's `charts:` map.
fn is_addon_pack_values(tree: &Tree, root: NodeId) -> bool {
    ["pack", "charts"]
        .iter()
        .any(|k| tree.get(root, k).is_some_and(|n| tree.is_mapping(n)))
}

/// Adds the Kubernetes objects of a document to `objects`: the object itself, or the items of
/// a `List` / `*List` wrapper (one level, as the API server unwraps them).
pub fn add_objects(tree: &Tree, root: NodeId, objects: &mut Vec<Object>) {
    let Some(obj) = object(tree, root) else {
        return;
    };
    let is_list = obj.kind == "List" || obj.kind.ends_with("List");
    match tree.get(root, "items") {
        Some(items) if is_list && tree.is_sequence(items) => objects.extend(
            tree.items(items)
                .iter()
                .filter_map(|item| object(tree, *item)),
        ),
        _ => objects.push(obj),
    }
}

fn object(tree: &Tree, root: NodeId) -> Option<Object> {
    let api_version = tree.get_str(root, "apiVersion")?.to_string();
    let kind_node = tree.get(root, "kind")?;
    let kind = tree.str(kind_node)?.to_string();
    let metadata = tree.get(root, "metadata");
    let meta_str = |key| {
        metadata
            .and_then(|m| tree.get_str(m, key))
            .map(str::to_string)
    };
    Some(Object {
        root,
        api_version,
        kind,
        name: meta_str("name"),
        namespace: meta_str("namespace"),
        kind_node,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{load, Limits};

    fn kind_of(text: &str) -> DocKind {
        let loaded = load(text, &Limits::default());
        let doc = loaded.documents[0];
        let (content_start, _) = loaded.tree.range(doc.root);
        classify(&loaded.tree, doc.root, &text[doc.start..content_start])
    }

    #[test]
    fn recognises_every_supported_kind() {
        let cases = [
            (
                "apiVersion: apps/v1\nkind: Deployment\n",
                DocKind::KubernetesObject,
            ),
            (
                "apiVersion: example.io/v1\nkind: Widget\n",
                DocKind::KubernetesObject,
            ),
            (
                "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n",
                DocKind::Kubeadm,
            ),
            (
                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n",
                DocKind::Kubeadm,
            ),
            (
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
                DocKind::KubeletConfiguration,
            ),
            (
                "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\n",
                DocKind::AdmissionConfiguration,
            ),
            (
                "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n",
                DocKind::EncryptionConfiguration,
            ),
            (
                "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n",
                DocKind::AuditPolicy,
            ),
            ("#cloud-config\nstylus:\n  site: {}\n", DocKind::CloudConfig),
            // Palette's installer reads user-data by content, marker or not.
            (
                "stylus:\n  site: {paletteEndpoint: api.example.com}\n",
                DocKind::CloudConfig,
            ),
            (
                "install:\n  device: auto\n  poweroff: true\n",
                DocKind::CloudConfig,
            ),
            ("install:\n  crds: true\n", DocKind::Unknown),
            (
                "pack:\n  namespace: monitoring\ncharts:\n  kube-prometheus-stack: {}\n",
                DocKind::AddonPackValues,
            ),
            (
                "charts:\n  argo-cd:\n    server: {}\n",
                DocKind::AddonPackValues,
            ),
            (
                "{\"metadata\":{},\"spec\":{\"template\":{\"packs\":[]}}}",
                DocKind::PaletteProfile,
            ),
            (
                "version: '3'\nservices:\n  web: {image: nginx}\n",
                DocKind::DockerCompose,
            ),
            (
                "kubeadmconfig:\n  apiServer: {extraArgs: {profiling: \"false\"}}\n",
                DocKind::PackValues,
            ),
            (
                "cluster:\n  config: |\n    write-kubeconfig-mode: 600\n",
                DocKind::PackValues,
            ),
            (
                "kube-apiserver-arg: [anonymous-auth=false]\n",
                DocKind::K3sConfig,
            ),
            ("just: yaml\n", DocKind::Unknown),
            ("- a\n- b\n", DocKind::Unknown),
        ];
        for (text, expected) in cases {
            assert_eq!(kind_of(text), expected, "{text}");
        }
    }

    #[test]
    fn lists_are_unwrapped_into_their_items() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, namespace: n}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n";
        let loaded = load(text, &Limits::default());
        let mut found = vec![];
        add_objects(&loaded.tree, loaded.documents[0].root, &mut found);
        let labels: Vec<String> = found.iter().map(Object::label).collect();
        assert_eq!(labels, ["Pod/n/a", "Service/b"]);
        let typed = "apiVersion: v1\nkind: PodList\nitems: [{apiVersion: v1, kind: Pod, metadata: {name: x}}]\n";
        let loaded = load(typed, &Limits::default());
        let mut found = vec![];
        add_objects(&loaded.tree, loaded.documents[0].root, &mut found);
        assert_eq!(found[0].kind, "Pod");
    }
}
