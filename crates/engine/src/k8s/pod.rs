//! Pod specs wherever they live, and their containers with the security context Kubernetes
//! actually applies (a container's own field wins; otherwise the pod-level one is inherited).

use crate::document::Object;
use crate::yaml::{NodeId, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    Container,
    Init,
    Ephemeral,
}

impl ContainerKind {
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Container => "containers",
            ContainerKind::Init => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Container {
    /// The container's mapping: where "missing field" findings point.
    pub node: NodeId,
    pub name: String,
    pub kind: ContainerKind,
}

/// One pod spec, found in a Pod, a workload's template, a CronJob's job template, or any
/// custom resource that embeds a pod template the same way.
#[derive(Clone, Debug)]
pub struct PodSpec {
    /// Index of the owning object in the context's object list.
    pub object: usize,
    pub spec: NodeId,
    /// The `spec` key that holds the pod spec: where a finding about a field the pod spec
    /// lacks points.
    pub spec_key: NodeId,
    /// The pod's (or pod template's) `metadata`, where its annotations live.
    pub meta: Option<NodeId>,
    pub containers: Vec<Container>,
}

/// Kinds whose pod template Kubernetes itself defines.
const CORE_KINDS: &[&str] = &[
    "Pod",
    "PodTemplate",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

/// Where the pod spec of an object of this kind lives, with the metadata beside it. A custom
/// kind counts only when its template holds containers: KubeVirt's `spec.template.spec`, for
/// one, is a VM, not a pod.
fn pod_spec_node(tree: &Tree, obj: &Object) -> Option<(NodeId, NodeId, Option<NodeId>)> {
    let root = obj.root;
    let template = match obj.kind.as_str() {
        "Pod" => Some(root),
        "PodTemplate" => tree.get(root, "template"),
        "CronJob" => tree.path(root, &["spec", "jobTemplate", "spec", "template"]),
        _ => tree
            .path(root, &["spec", "template"])
            .filter(|t| tree.get(*t, "spec").is_some())
            .or_else(|| tree.path(root, &["spec", "jobTemplate", "spec", "template"])),
    }?;
    let entry = tree
        .entry(template, "spec")
        .filter(|e| tree.is_mapping(e.value))?;
    let spec = entry.value;
    let custom = !CORE_KINDS.contains(&obj.kind.as_str());
    if custom && tree.get(spec, "containers").is_none() {
        return None;
    }
    Some((spec, entry.key, tree.get(template, "metadata")))
}

pub fn pod_specs(tree: &Tree, objects: &[Object]) -> Vec<PodSpec> {
    let mut out = Vec::new();
    for (index, obj) in objects.iter().enumerate() {
        let Some((spec, spec_key, meta)) = pod_spec_node(tree, obj) else {
            continue;
        };
        let mut containers = Vec::new();
        for kind in [
            ContainerKind::Init,
            ContainerKind::Container,
            ContainerKind::Ephemeral,
        ] {
            let Some(list) = tree.get(spec, kind.field()) else {
                continue;
            };
            // One node listed twice through aliases is one container (Kubernetes refuses two
            // containers of one name anyway); counting it once keeps an alias bomb of
            // containers from multiplying every rule's work and findings.
            let mut seen = std::collections::HashSet::new();
            for item in tree.items(list) {
                if !tree.is_mapping(*item) || !tree.resolve(*item).is_some_and(|r| seen.insert(r)) {
                    continue;
                }
                let name = tree
                    .get_str(*item, "name")
                    .unwrap_or("(unnamed)")
                    .to_string();
                containers.push(Container {
                    node: *item,
                    name,
                    kind,
                });
            }
        }
        out.push(PodSpec {
            object: index,
            spec,
            spec_key,
            meta,
            containers,
        });
    }
    out
}

/// Security-context fields a pod may set for all its containers.
const INHERITED_FIELDS: &[&str] = &[
    "runAsUser",
    "runAsGroup",
    "runAsNonRoot",
    "seLinuxOptions",
    "seccompProfile",
    "appArmorProfile",
    "windowsOptions",
];

/// Whether a security-context value came from the container or was inherited from the pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Container,
    Pod,
}

impl Container {
    /// Each `containerPort` the container declares: the value's node and, when it reads as one,
    /// the number.
    pub fn ports<'t>(&self, tree: &'t Tree) -> impl Iterator<Item = (NodeId, Option<i64>)> + 't {
        tree.get(self.node, "ports")
            .into_iter()
            .flat_map(move |ports| tree.items(ports).iter())
            .filter_map(move |port| tree.get(*port, "containerPort"))
            .map(move |node| (node, crate::yaml::k8s_int(tree, node)))
    }
}

impl PodSpec {
    /// The effective value of `securityContext.<field>` for a container.
    pub fn security_field(
        &self,
        tree: &Tree,
        container: &Container,
        field: &str,
    ) -> Option<(NodeId, Origin)> {
        if let Some(v) = tree.path(container.node, &["securityContext", field]) {
            if !tree.is_null(v) {
                return Some((v, Origin::Container));
            }
        }
        if INHERITED_FIELDS.contains(&field) {
            if let Some(v) = tree.path(self.spec, &["securityContext", field]) {
                if !tree.is_null(v) {
                    return Some((v, Origin::Pod));
                }
            }
        }
        None
    }
}
