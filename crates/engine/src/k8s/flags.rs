//! Control-plane and node flags, wherever a config writes them: kubeadm `extraArgs` as a map
//! (v1beta3) or a `- name:/value:` list (v1beta4), Palette PXK pack values
//! (`kubeadmconfig.…`), PXK-E `cluster.config` (`clusterConfiguration.…`), and K3s/RKE2
//! `kube-apiserver-arg: ["key=value"]` lists, and a `KubeletConfiguration` file (its fields
//! become the kubelet flags they stand for). Rules read one normalised shape, so a kubelet
//! setting is checked (and counted for scores) the same way wherever it is written.

use crate::yaml::{k8s_bool, k8s_int, Node, NodeId, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    ApiServer,
    ControllerManager,
    Scheduler,
    Etcd,
    Kubelet,
}

impl Component {
    pub fn label(self) -> &'static str {
        match self {
            Component::ApiServer => "kube-apiserver",
            Component::ControllerManager => "kube-controller-manager",
            Component::Scheduler => "kube-scheduler",
            Component::Etcd => "etcd",
            Component::Kubelet => "kubelet",
        }
    }
}

/// Which tool writes the flags: defaults differ (K3s turns anonymous auth off by itself,
/// kubeadm leaves the upstream default on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Kubeadm,
    K3sOrRke2,
    /// A `kubelet.config.k8s.io` `KubeletConfiguration` document.
    KubeletConfiguration,
}

#[derive(Clone, Debug)]
pub struct Flag {
    pub name: String,
    pub value: String,
    /// The value as written (for `key=value` list items, the whole item).
    pub node: NodeId,
}

#[derive(Clone, Debug)]
pub struct FlagSet {
    pub component: Component,
    pub flavor: Flavor,
    /// Where the flags are written: "missing flag" findings point here.
    pub anchor: NodeId,
    /// The node that holds the flags (an `extraArgs` map or list, a K3s argument list, the
    /// KubeletConfiguration document): where a fix adds a missing one.
    pub args: NodeId,
    /// Keys a fix must create under `args` before the flag itself, for a component that runs
    /// on kubeadm's defaults and has no `extraArgs` yet (e.g. `apiServer`, `extraArgs`).
    pub args_path: Vec<&'static str>,
    pub flags: Vec<Flag>,
}

impl FlagSet {
    pub fn get(&self, name: &str) -> Option<&Flag> {
        // The last occurrence wins, as it does on a command line.
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// A comma-separated flag's items (`authorization-mode: Node,RBAC`).
    pub fn list(&self, name: &str) -> Option<(Vec<String>, NodeId)> {
        self.get(name).map(|f| {
            (
                f.value
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                f.node,
            )
        })
    }

    pub fn is_true(&self, name: &str) -> Option<(bool, NodeId)> {
        self.get(name)
            .map(|f| (f.value.trim().eq_ignore_ascii_case("true"), f.node))
    }

    /// How a setting is spelled where this set is written: the flag name, or the
    /// KubeletConfiguration field (`protect-kernel-defaults` → `protectKernelDefaults`).
    pub fn spelling<'n>(&self, name: &'n str) -> &'n str {
        if self.flavor == Flavor::KubeletConfiguration {
            if let Some((path, _, _)) = KUBELET_FIELDS.iter().find(|(_, flag, _)| *flag == name) {
                return path.last().copied().unwrap_or(name);
            }
        }
        name
    }
}

/// The KubeletConfiguration field a kubelet flag stands for, and whether its value is a
/// boolean or number (written plain) rather than text.
pub fn kubelet_field(flag: &str) -> Option<(&'static [&'static str], bool)> {
    KUBELET_FIELDS
        .iter()
        .find(|(_, name, _)| *name == flag)
        .map(|(path, _, shape)| (*path, matches!(shape, Shape::Bool | Shape::Int)))
}

/// How a KubeletConfiguration field's value reads as a flag value.
#[derive(Clone, Copy)]
enum Shape {
    Bool,
    Int,
    Text,
    /// A list, joined with commas (`tlsCipherSuites`).
    List,
    /// A map of names to booleans, written `Name=true,…` (`featureGates`).
    Gates,
}

/// KubeletConfiguration fields and the kubelet flags they stand for.
const KUBELET_FIELDS: [(&[&str], &str, Shape); 14] = [
    (
        &["authentication", "anonymous", "enabled"],
        "anonymous-auth",
        Shape::Bool,
    ),
    (
        &["authentication", "webhook", "enabled"],
        "authentication-token-webhook",
        Shape::Bool,
    ),
    (
        &["authentication", "x509", "clientCAFile"],
        "client-ca-file",
        Shape::Text,
    ),
    (
        &["authorization", "mode"],
        "authorization-mode",
        Shape::Text,
    ),
    (&["readOnlyPort"], "read-only-port", Shape::Int),
    (&["rotateCertificates"], "rotate-certificates", Shape::Bool),
    (
        &["serverTLSBootstrap"],
        "rotate-server-certificates",
        Shape::Bool,
    ),
    (
        &["protectKernelDefaults"],
        "protect-kernel-defaults",
        Shape::Bool,
    ),
    (
        &["streamingConnectionIdleTimeout"],
        "streaming-connection-idle-timeout",
        Shape::Text,
    ),
    (
        &["makeIPTablesUtilChains"],
        "make-iptables-util-chains",
        Shape::Bool,
    ),
    (&["tlsCipherSuites"], "tls-cipher-suites", Shape::List),
    (&["tlsCertFile"], "tls-cert-file", Shape::Text),
    (&["tlsPrivateKeyFile"], "tls-private-key-file", Shape::Text),
    (&["featureGates"], "feature-gates", Shape::Gates),
];

/// A scalar as a flag value: booleans and integers the way Kubernetes reads them (`on` is
/// true, `0o644` is 420), anything else as written.
fn scalar_value(tree: &Tree, node: NodeId, shape: Shape) -> Option<String> {
    let typed = match shape {
        Shape::Bool => k8s_bool(tree, node).map(|(b, _)| b.to_string()),
        Shape::Int => k8s_int(tree, node).map(|i| i.to_string()),
        _ => None,
    };
    typed.or_else(|| tree.str(node).map(str::to_string))
}

/// The kubelet flags a `KubeletConfiguration` document sets. Its anchor is the document, so a
/// "missing setting" finding points at it.
pub fn kubelet_configuration(tree: &Tree, root: NodeId) -> FlagSet {
    let mut flags = Vec::new();
    for (path, name, shape) in KUBELET_FIELDS {
        let Some(node) = tree.path(root, path) else {
            continue;
        };
        let value = match shape {
            Shape::List => match tree.items(node) {
                [] => tree.str(node).map(str::to_string),
                items => Some(
                    items
                        .iter()
                        .filter_map(|i| tree.str(*i))
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            },
            Shape::Gates => Some(
                tree.entries(node)
                    .iter()
                    .filter_map(|e| {
                        let gate = tree.str(e.key)?;
                        Some(format!(
                            "{gate}={}",
                            scalar_value(tree, e.value, Shape::Bool)?
                        ))
                    })
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => scalar_value(tree, node, shape),
        };
        if let Some(value) = value {
            flags.push(Flag {
                name: name.to_string(),
                value,
                node,
            });
        }
    }
    FlagSet {
        component: Component::Kubelet,
        flavor: Flavor::KubeletConfiguration,
        anchor: root,
        args: root,
        args_path: Vec::new(),
        flags,
    }
}

/// Reads kubeadm-style `extraArgs`: a map, or a list of `{name, value}`.
fn extra_args(tree: &Tree, container: NodeId) -> Vec<Flag> {
    let mut flags = Vec::new();
    if tree.is_mapping(container) {
        for entry in tree.entries(container) {
            let Some(name) = tree.str(entry.key) else {
                continue;
            };
            let value = tree.str(entry.value).unwrap_or("").to_string();
            flags.push(Flag {
                name: name.trim_start_matches('-').to_string(),
                value,
                node: entry.value,
            });
        }
    } else {
        for item in tree.items(container) {
            let Some(name) = tree.get_str(*item, "name") else {
                continue;
            };
            let node = tree.get(*item, "value").unwrap_or(*item);
            let value = tree.str(node).unwrap_or("").to_string();
            flags.push(Flag {
                name: name.trim_start_matches('-').to_string(),
                value,
                node,
            });
        }
    }
    flags
}

/// Reads K3s/RKE2 `key=value` argument lists (a list, or a single string).
fn arg_list(tree: &Tree, container: NodeId) -> Vec<Flag> {
    let items: Vec<NodeId> = match tree.node(container) {
        Node::Sequence(items) => items.to_vec(),
        _ => vec![container],
    };
    items
        .into_iter()
        .filter_map(|item| {
            let text = tree.str(item)?;
            let (name, value) = text.split_once('=').unwrap_or((text, "true"));
            Some(Flag {
                name: name.trim().trim_start_matches('-').to_string(),
                value: value.trim().to_string(),
                node: item,
            })
        })
        .collect()
}

const KUBEADM_SECTIONS: [(&str, Component); 3] = [
    ("apiServer", Component::ApiServer),
    ("controllerManager", Component::ControllerManager),
    ("scheduler", Component::Scheduler),
];

const K3S_KEYS: [(&str, Component); 5] = [
    ("kube-apiserver-arg", Component::ApiServer),
    ("kube-controller-manager-arg", Component::ControllerManager),
    ("kube-scheduler-arg", Component::Scheduler),
    ("etcd-arg", Component::Etcd),
    ("kubelet-arg", Component::Kubelet),
];

/// Every flag set written in a document, in any of the supported shapes.
pub fn flag_sets(tree: &Tree, root: NodeId) -> Vec<FlagSet> {
    let mut out = Vec::new();
    // The kubeadm ClusterConfiguration itself, PXK's `kubeadmconfig`, PXK-E's
    // `clusterConfiguration` (inside `cluster.config`).
    let is_cluster_configuration = tree.get_str(root, "kind") == Some("ClusterConfiguration")
        && tree
            .get_str(root, "apiVersion")
            .is_some_and(|a| a.starts_with("kubeadm.k8s.io/"));
    // Findings about the configuration as a whole point at its `kind`.
    let kind = tree.get(root, "kind").unwrap_or(root);
    let mut kubeadm_roots = vec![(root, kind, is_cluster_configuration)];
    for key in ["kubeadmconfig", "clusterConfiguration"] {
        if let Some(entry) = tree.entry(root, key) {
            // Palette merges every layer's `kubeadmconfig`: an OS pack's holds only
            // pre/postKubeadmCommands and files, and configures no component, so it is not a
            // cluster configuration running on kubeadm's defaults.
            let configures_components = key == "clusterConfiguration"
                || [
                    "apiServer",
                    "controllerManager",
                    "scheduler",
                    "etcd",
                    "kubeletExtraArgs",
                ]
                .iter()
                .any(|section| tree.get(entry.value, section).is_some());
            kubeadm_roots.push((entry.value, entry.key, configures_components));
        }
    }
    for (base, anchor, cluster_configuration) in kubeadm_roots {
        let before = out.len();
        for (section, component) in KUBEADM_SECTIONS {
            if let Some(args) = tree.path(base, &[section, "extraArgs"]) {
                out.push(FlagSet {
                    component,
                    flavor: Flavor::Kubeadm,
                    anchor: args,
                    args,
                    args_path: Vec::new(),
                    flags: extra_args(tree, args),
                });
            }
        }
        if cluster_configuration {
            kubeadm_defaults(tree, base, anchor, (base, &[]), &mut out, before);
        }
        if let Some(args) = tree.path(base, &["etcd", "local", "extraArgs"]) {
            out.push(FlagSet {
                component: Component::Etcd,
                flavor: Flavor::Kubeadm,
                anchor: args,
                args,
                args_path: Vec::new(),
                flags: extra_args(tree, args),
            });
        }
        if let Some(args) = tree.get(base, "kubeletExtraArgs") {
            out.push(FlagSet {
                component: Component::Kubelet,
                flavor: Flavor::Kubeadm,
                anchor: args,
                args,
                args_path: Vec::new(),
                flags: extra_args(tree, args),
            });
        }
    }
    // Init/JoinConfiguration (also inside PXK-E's cluster.config).
    let mut registrations = vec![tree.get(root, "nodeRegistration")];
    for key in ["initConfiguration", "joinConfiguration"] {
        registrations.push(tree.path(root, &[key, "nodeRegistration"]));
    }
    for reg in registrations.into_iter().flatten() {
        if let Some(args) = tree.get(reg, "kubeletExtraArgs") {
            out.push(FlagSet {
                component: Component::Kubelet,
                flavor: Flavor::Kubeadm,
                anchor: args,
                args,
                args_path: Vec::new(),
                flags: extra_args(tree, args),
            });
        }
    }
    for (key, component) in K3S_KEYS {
        if let Some(entry) = tree.entry(root, key) {
            out.push(FlagSet {
                component,
                flavor: Flavor::K3sOrRke2,
                anchor: entry.key,
                args: entry.value,
                args_path: Vec::new(),
                flags: arg_list(tree, entry.value),
            });
        }
    }
    out
}

/// A kubeadm cluster configuration runs every control-plane component whether or not it
/// passes them arguments: a component without `extraArgs` runs on kubeadm's defaults, which
/// the "missing flag" rules must see as well (an empty set, anchored at the component's
/// section, else at `anchor`, the configuration's key). `from` is where this configuration's
/// sets begin in `out`.
/// `holder` and `above` say where a fix writes the missing `extraArgs`: under `holder`, after
/// creating the keys `above` (a Cluster API spec without a `clusterConfiguration` needs one).
fn kubeadm_defaults(
    tree: &Tree,
    base: NodeId,
    anchor: NodeId,
    (holder, above): (NodeId, &[&'static str]),
    out: &mut Vec<FlagSet>,
    from: usize,
) {
    for (section, component) in KUBEADM_SECTIONS {
        if out[from..].iter().any(|s| s.component == component) {
            continue;
        }
        let mut args_path = above.to_vec();
        args_path.extend([section, "extraArgs"]);
        out.push(FlagSet {
            component,
            flavor: Flavor::Kubeadm,
            anchor: tree.entry(base, section).map_or(anchor, |e| e.key),
            args: holder,
            args_path,
            flags: Vec::new(),
        });
    }
}

/// Cluster API's kubeadm objects (how Palette provisions clusters): where their kubeadm
/// configuration sits, and whether it configures a control plane.
/// The result is the spec and the key that holds it.
fn capi_kubeadm_spec(tree: &Tree, root: NodeId) -> Option<(NodeId, NodeId, bool)> {
    let api_version = tree.get_str(root, "apiVersion")?;
    let group = api_version.split('/').next().unwrap_or("");
    if !group.ends_with("cluster.x-k8s.io") {
        return None;
    }
    let (path, control_plane): (&[&str], bool) = match tree.get_str(root, "kind")? {
        "KubeadmControlPlane" => (&["spec"], true),
        "KubeadmControlPlaneTemplate" => (&["spec", "template", "spec"], true),
        "KubeadmConfig" => (&[], false),
        "KubeadmConfigTemplate" => (&["spec", "template"], false),
        _ => return None,
    };
    let holder = tree.path(root, path)?;
    let key = if control_plane {
        "kubeadmConfigSpec"
    } else {
        "spec"
    };
    let entry = tree.entry(holder, key)?;
    Some((entry.value, entry.key, control_plane))
}

/// The flag sets of a Cluster API kubeadm object, read exactly as kubeadm configuration: its
/// `clusterConfiguration` (the control plane runs on kubeadm's defaults without one) and the
/// kubelet arguments of `initConfiguration` and `joinConfiguration`.
pub fn capi_flag_sets(tree: &Tree, root: NodeId) -> Vec<FlagSet> {
    let Some((spec, key, control_plane)) = capi_kubeadm_spec(tree, root) else {
        return Vec::new();
    };
    let mut out = flag_sets(tree, spec);
    if control_plane && tree.get(spec, "clusterConfiguration").is_none() {
        kubeadm_defaults(
            tree,
            spec,
            key,
            (spec, &["clusterConfiguration"]),
            &mut out,
            0,
        );
    }
    out
}

/// True when the document looks like K3s/RKE2 server configuration.
pub fn is_k3s_config(tree: &Tree, root: NodeId) -> bool {
    K3S_KEYS.iter().any(|(k, _)| tree.get(root, k).is_some())
        || [
            "write-kubeconfig-mode",
            "disable-network-policy",
            "secrets-encryption",
            "flannel-backend",
            "cluster-init",
        ]
        .iter()
        .any(|k| tree.get(root, k).is_some())
}

/// True when the document is Kubernetes pack values (PXK, PXK-E, K3s or RKE2 packs).
pub fn is_pack_values(tree: &Tree, root: NodeId) -> bool {
    tree.get(root, "kubeadmconfig").is_some()
        || tree.path(root, &["cluster", "config"]).is_some()
        || tree.path(root, &["pack", "palette"]).is_some()
        || tree.get(root, "clusterConfiguration").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{load, Limits};

    fn sets(text: &str) -> Vec<FlagSet> {
        let loaded = load(text, &Limits::default());
        flag_sets(&loaded.tree, loaded.documents[0].root)
    }

    #[test]
    fn reads_every_shape() {
        let map = sets("kubeadmconfig:\n  apiServer:\n    extraArgs:\n      anonymous-auth: \"true\"\n      authorization-mode: RBAC,Node\n  kubeletExtraArgs: {read-only-port: \"0\"}\n");
        // The controller manager and scheduler run on kubeadm's defaults: empty sets.
        assert_eq!(map.len(), 4);
        assert!(map[1].flags.is_empty() && map[2].flags.is_empty());
        assert_eq!(map[0].component, Component::ApiServer);
        assert_eq!(map[0].is_true("anonymous-auth").map(|(b, _)| b), Some(true));
        assert_eq!(
            map[0].list("authorization-mode").unwrap().0,
            ["RBAC", "Node"]
        );
        assert_eq!(map[3].get("read-only-port").unwrap().value, "0");

        let list = sets("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    - name: profiling\n      value: \"false\"\n");
        assert_eq!(list[0].get("profiling").unwrap().value, "false");

        let k3s = sets("kube-apiserver-arg:\n  - anonymous-auth=true\n  - --audit-log-path=/var/log/audit.log\nkubelet-arg: [\"read-only-port=10255\"]\n");
        assert_eq!(k3s[0].flavor, Flavor::K3sOrRke2);
        assert_eq!(
            k3s[0].get("audit-log-path").unwrap().value,
            "/var/log/audit.log"
        );
        assert_eq!(k3s[1].component, Component::Kubelet);

        let pxke = sets("clusterConfiguration:\n  etcd:\n    local:\n      extraArgs: {listen-client-urls: \"https://0.0.0.0:2379\"}\ninitConfiguration:\n  nodeRegistration:\n    kubeletExtraArgs: {protect-kernel-defaults: \"true\"}\n");
        assert_eq!(
            pxke.iter().map(|s| s.component).collect::<Vec<_>>(),
            [
                Component::ApiServer,
                Component::ControllerManager,
                Component::Scheduler,
                Component::Etcd,
                Component::Kubelet
            ]
        );
    }

    #[test]
    fn cluster_api_kubeadm_objects_read_as_kubeadm() {
        let text = "apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\nmetadata: {name: cp}\nspec:\n  kubeadmConfigSpec:\n    clusterConfiguration:\n      apiServer:\n        extraArgs: {anonymous-auth: \"true\"}\n    joinConfiguration:\n      nodeRegistration:\n        kubeletExtraArgs: {read-only-port: \"10255\"}\n";
        let loaded = load(text, &Limits::default());
        let sets = capi_flag_sets(&loaded.tree, loaded.documents[0].root);
        let components: Vec<_> = sets.iter().map(|s| s.component).collect();
        assert_eq!(
            components,
            [
                Component::ApiServer,
                Component::ControllerManager,
                Component::Scheduler,
                Component::Kubelet
            ]
        );
        assert_eq!(sets[0].get("anonymous-auth").unwrap().value, "true");
        // Without a clusterConfiguration the control plane still runs, on kubeadm's defaults.
        let bare = "apiVersion: controlplane.cluster.x-k8s.io/v1beta2\nkind: KubeadmControlPlane\nspec:\n  kubeadmConfigSpec:\n    files: []\n";
        let loaded = load(bare, &Limits::default());
        let sets = capi_flag_sets(&loaded.tree, loaded.documents[0].root);
        assert_eq!(sets.len(), 3);
        assert!(sets.iter().all(|s| s.flags.is_empty()));
        // Worker templates have only kubelet settings; other groups' kinds are not read.
        let workers = "apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfigTemplate\nspec:\n  template:\n    spec:\n      joinConfiguration:\n        nodeRegistration:\n          kubeletExtraArgs: {anonymous-auth: \"true\"}\n";
        let loaded = load(workers, &Limits::default());
        let sets = capi_flag_sets(&loaded.tree, loaded.documents[0].root);
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].component, Component::Kubelet);
        let other = workers.replace("bootstrap.cluster.x-k8s.io", "example.com");
        let loaded = load(&other, &Limits::default());
        assert!(capi_flag_sets(&loaded.tree, loaded.documents[0].root).is_empty());
    }

    #[test]
    fn a_kubelet_configuration_reads_as_kubelet_flags() {
        let text = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous: {enabled: on}\nauthorization: {mode: AlwaysAllow}\nreadOnlyPort: 10255\nrotateCertificates: false\ntlsCipherSuites: [TLS_RSA_WITH_RC4_128_SHA, TLS_AES_128_GCM_SHA256]\nfeatureGates: {RotateKubeletServerCertificate: false}\n";
        let loaded = load(text, &Limits::default());
        let set = kubelet_configuration(&loaded.tree, loaded.documents[0].root);
        assert_eq!(set.component, Component::Kubelet);
        assert_eq!(set.flavor, Flavor::KubeletConfiguration);
        // YAML 1.1 `on` is true, as the kubelet reads it.
        assert_eq!(set.is_true("anonymous-auth").map(|(b, _)| b), Some(true));
        assert_eq!(set.get("authorization-mode").unwrap().value, "AlwaysAllow");
        assert_eq!(set.get("read-only-port").unwrap().value, "10255");
        assert_eq!(
            set.is_true("rotate-certificates").map(|(b, _)| b),
            Some(false)
        );
        assert_eq!(
            set.list("tls-cipher-suites").unwrap().0,
            ["TLS_RSA_WITH_RC4_128_SHA", "TLS_AES_128_GCM_SHA256"]
        );
        assert_eq!(
            set.get("feature-gates").unwrap().value,
            "RotateKubeletServerCertificate=false"
        );
        assert_eq!(set.get("protect-kernel-defaults").map(|f| &f.value), None);
        assert_eq!(
            set.spelling("protect-kernel-defaults"),
            "protectKernelDefaults"
        );
    }
}
