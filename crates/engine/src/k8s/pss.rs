//! The Pod Security Standards as the `PodSecurity` admission controller evaluates them: every
//! baseline and restricted control, per policy version.
//!
//! How admission decides, and how this module follows it:
//!
//! - A policy version is `v1.<minor>` or `latest`. Each control has one or more revisions, each
//!   from a minimum version on; a version picks, per control, the newest revision at or below it.
//!   A control whose first revision is newer than the version is not evaluated at all.
//!   Versions above the newest revision of any control, and `latest`, mean that newest version
//!   ([`LATEST`]).
//! - Baseline evaluates the baseline controls. Restricted evaluates the restricted controls plus
//!   the baseline controls that no restricted control replaces at that version (restricted volume
//!   types replace hostPath volumes; restricted seccomp, capabilities and `/proc` mount replace
//!   their baseline forms from 1.19, 1.22 and 1.35).
//! - Values are compared exactly, as the API stores them: `chown` is not `CHOWN`, `all` is not
//!   `ALL`, `unconfined` is not a seccomp type. An explicit `null` is the same as leaving a field
//!   out; an empty mapping is not (`seccompProfile: {}` has an empty, hence invalid, type).
//! - Containers means init, regular and ephemeral containers alike.
//!
//! [`evaluate`] returns the violations of one pod at one level and version; [`assess`] runs both
//! levels and pairs the results, so each finding says which levels it fails.

use std::collections::HashMap;

use crate::document::Object;
use crate::k8s::pod::PodSpec;
use crate::yaml::{k8s_bool, k8s_int, NodeId, Tree};

/// A policy version: Kubernetes `v1.<minor>`. Only major version 1 exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u32);

/// The newest policy revision this module knows: what `latest` means.
pub const LATEST: Version = Version(37);

impl Version {
    /// Reads a version the way the namespace label is written: `latest` or `v1.<minor>`
    /// (no leading zeros). Newer minors than [`LATEST`] mean [`LATEST`].
    pub fn parse_label(text: &str) -> Option<Version> {
        let text = text.trim();
        if text == "latest" {
            return Some(LATEST);
        }
        let minor = text.strip_prefix("v1.")?;
        if minor.is_empty()
            || !minor.bytes().all(|b| b.is_ascii_digit())
            || (minor.len() > 1 && minor.starts_with('0'))
        {
            return None;
        }
        let n: u32 = minor.parse().ok()?;
        Some(Version(n).clamped())
    }

    /// Reads a version given on a command line: as [`Version::parse_label`], and also without
    /// the `v` (`1.29`).
    pub fn parse_option(text: &str) -> Option<Version> {
        let t = text.trim();
        Version::parse_label(t).or_else(|| Version::parse_label(&format!("v{t}")))
    }

    fn clamped(self) -> Version {
        self.min(LATEST)
    }

    fn at_least(self, minor: u32) -> bool {
        self.0 >= minor
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v1.{}", self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Baseline,
    Restricted,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Baseline => "baseline",
            Level::Restricted => "restricted",
        }
    }
}

/// One control of the standards, named by the admission library's check ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Control {
    // Baseline.
    HostProcess,
    HostNamespaces,
    Privileged,
    CapabilitiesBaseline,
    HostPathVolumes,
    HostPorts,
    AppArmor,
    SeLinux,
    ProcMount,
    SeccompBaseline,
    Sysctls,
    HostProbes,
    // Restricted.
    RestrictedVolumes,
    AllowPrivilegeEscalation,
    RunAsNonRoot,
    RunAsUser,
    SeccompRestricted,
    CapabilitiesRestricted,
    ProcMountRestricted,
}

impl Control {
    pub const ALL: [Control; 19] = [
        Control::HostProcess,
        Control::HostNamespaces,
        Control::Privileged,
        Control::CapabilitiesBaseline,
        Control::HostPathVolumes,
        Control::HostPorts,
        Control::AppArmor,
        Control::SeLinux,
        Control::ProcMount,
        Control::SeccompBaseline,
        Control::Sysctls,
        Control::HostProbes,
        Control::RestrictedVolumes,
        Control::AllowPrivilegeEscalation,
        Control::RunAsNonRoot,
        Control::RunAsUser,
        Control::SeccompRestricted,
        Control::CapabilitiesRestricted,
        Control::ProcMountRestricted,
    ];

    /// The admission library's check ID.
    pub fn id(self) -> &'static str {
        match self {
            Control::HostProcess => "windowsHostProcess",
            Control::HostNamespaces => "hostNamespaces",
            Control::Privileged => "privileged",
            Control::CapabilitiesBaseline => "capabilities_baseline",
            Control::HostPathVolumes => "hostPathVolumes",
            Control::HostPorts => "hostPorts",
            Control::AppArmor => "appArmorProfile",
            Control::SeLinux => "seLinuxOptions",
            Control::ProcMount => "procMount",
            Control::SeccompBaseline => "seccompProfile_baseline",
            Control::Sysctls => "sysctls",
            Control::HostProbes => "hostProbesAndHostLifecycle",
            Control::RestrictedVolumes => "restrictedVolumes",
            Control::AllowPrivilegeEscalation => "allowPrivilegeEscalation",
            Control::RunAsNonRoot => "runAsNonRoot",
            Control::RunAsUser => "runAsUser",
            Control::SeccompRestricted => "seccompProfile_restricted",
            Control::CapabilitiesRestricted => "capabilities_restricted",
            Control::ProcMountRestricted => "procMount_restricted",
        }
    }

    /// The control's name in the Pod Security Standards document.
    pub fn title(self) -> &'static str {
        match self {
            Control::HostProcess => "HostProcess",
            Control::HostNamespaces => "Host Namespaces",
            Control::Privileged => "Privileged Containers",
            Control::CapabilitiesBaseline | Control::CapabilitiesRestricted => "Capabilities",
            Control::HostPathVolumes => "HostPath Volumes",
            Control::HostPorts => "Host Ports",
            Control::AppArmor => "AppArmor",
            Control::SeLinux => "SELinux",
            Control::ProcMount | Control::ProcMountRestricted => "/proc Mount Type",
            Control::SeccompBaseline | Control::SeccompRestricted => "Seccomp",
            Control::Sysctls => "Sysctls",
            Control::HostProbes => "Host Probes / Lifecycle Hooks",
            Control::RestrictedVolumes => "Volume Types",
            Control::AllowPrivilegeEscalation => "Privilege Escalation",
            Control::RunAsNonRoot => "Running as Non-root",
            Control::RunAsUser => "Running as Non-root user",
        }
    }

    /// The level that defines the control.
    pub fn level(self) -> Level {
        match self {
            Control::RestrictedVolumes
            | Control::AllowPrivilegeEscalation
            | Control::RunAsNonRoot
            | Control::RunAsUser
            | Control::SeccompRestricted
            | Control::CapabilitiesRestricted
            | Control::ProcMountRestricted => Level::Restricted,
            _ => Level::Baseline,
        }
    }

    /// The control's revisions: the minor version each one starts at, and what it changed.
    /// The first entry is when the control starts to apply.
    pub fn history(self) -> &'static [(u32, &'static str)] {
        match self {
            Control::HostProcess => &[(0, "pod and containers must not set windowsOptions.hostProcess: true")],
            Control::HostNamespaces => &[(0, "hostNetwork, hostPID and hostIPC must be unset or false")],
            Control::Privileged => &[(0, "containers must not set privileged: true")],
            Control::CapabilitiesBaseline => &[(0, "containers may add only the thirteen default capabilities, spelled exactly")],
            Control::HostPathVolumes => &[(0, "no hostPath volumes")],
            Control::HostPorts => &[(0, "hostPort must be unset or 0")],
            Control::AppArmor => &[(0, "annotations: empty, runtime/default or localhost/*; appArmorProfile.type (pod and containers): RuntimeDefault or Localhost")],
            Control::SeLinux => &[
                (0, "type empty, container_t, container_init_t or container_kvm_t; user and role empty (pod and containers)"),
                (31, "container_engine_t allowed"),
            ],
            Control::ProcMount => &[
                (0, "containers' procMount must be unset or Default"),
                (35, "any procMount allowed when hostUsers: false"),
            ],
            Control::SeccompBaseline => &[
                (0, "seccomp annotations must be runtime/default, docker/default or localhost/*"),
                (19, "seccompProfile.type (pod and containers) must be RuntimeDefault or Localhost when set; annotations no longer read"),
            ],
            Control::Sysctls => &[
                (0, "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start"),
                (27, "+ net.ipv4.ip_local_reserved_ports"),
                (29, "+ net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl, tcp_keepalive_probes"),
                (32, "+ net.ipv4.tcp_rmem, tcp_wmem"),
                (37, "+ net.ipv4.tcp_slow_start_after_idle, tcp_notsent_lowat"),
            ],
            Control::HostProbes => &[(34, "probes and lifecycle handlers must not set httpGet.host or tcpSocket.host")],
            Control::RestrictedVolumes => &[(0, "only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret volumes")],
            Control::AllowPrivilegeEscalation => &[
                (8, "containers must set allowPrivilegeEscalation: false"),
                (25, "Windows pods exempt"),
            ],
            Control::RunAsNonRoot => &[
                (0, "runAsNonRoot: true at pod level or on every container; false is forbidden anywhere"),
                (35, "pods with hostUsers: false exempt"),
            ],
            Control::RunAsUser => &[
                (23, "runAsUser must not be 0 (pod and containers)"),
                (35, "pods with hostUsers: false exempt"),
            ],
            Control::SeccompRestricted => &[
                (19, "seccompProfile.type RuntimeDefault or Localhost at pod level or on every container; nothing else anywhere"),
                (25, "Windows pods exempt"),
            ],
            Control::CapabilitiesRestricted => &[
                (22, "containers must drop ALL and may add only NET_BIND_SERVICE"),
                (25, "Windows pods exempt"),
            ],
            Control::ProcMountRestricted => &[(35, "containers' procMount must be unset or Default, whatever hostUsers says")],
        }
    }

    /// Whether the control is evaluated at this level and version.
    pub fn active(self, level: Level, v: Version) -> bool {
        let first = self.history()[0].0;
        if !v.at_least(first) {
            return false;
        }
        match level {
            Level::Baseline => self.level() == Level::Baseline,
            Level::Restricted => match self {
                // Replaced in restricted by their restricted forms.
                Control::HostPathVolumes => false,
                Control::SeccompBaseline => !v.at_least(19),
                Control::CapabilitiesBaseline => !v.at_least(22),
                Control::ProcMount => !v.at_least(35),
                _ => true,
            },
        }
    }

    /// Controls that stand for the same requirement at the two levels share a family, so a
    /// violation of both is one finding.
    pub fn family(self) -> Control {
        match self {
            Control::RestrictedVolumes => Control::HostPathVolumes,
            Control::SeccompRestricted => Control::SeccompBaseline,
            Control::CapabilitiesRestricted => Control::CapabilitiesBaseline,
            Control::ProcMountRestricted => Control::ProcMount,
            c => c,
        }
    }
}

/// Which part of a control a violation concerns, where one control has several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aspect {
    /// A value that is set and not allowed.
    Value,
    /// A required value that is missing (restricted: runAsNonRoot, seccomp, drop ALL,
    /// allowPrivilegeEscalation).
    Missing,
    /// Restricted capabilities: a capability added that is not NET_BIND_SERVICE.
    Added,
}

/// One thing a pod does that a control forbids.
#[derive(Clone, Debug)]
pub struct Violation {
    pub control: Control,
    pub aspect: Aspect,
    /// The offending value, or where the missing field belongs.
    pub node: NodeId,
    pub container: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The offending value as written, when there is one.
    pub evidence: Option<String>,
}

/// A violation with the levels it fails at the pod's version.
#[derive(Clone, Debug)]
pub struct Assessed {
    pub violation: Violation,
    pub baseline: bool,
    pub restricted: bool,
    pub version: Version,
}

impl Assessed {
    /// The tag every PSS finding carries: version, levels failed and control ID.
    pub fn tag(&self) -> String {
        let levels = match (self.baseline, self.restricted) {
            (true, true) => "baseline+restricted",
            (true, false) => "baseline only",
            _ => "restricted",
        };
        format!(
            "[PSS {} {levels}: {}]",
            self.version,
            self.violation.control.id()
        )
    }
}

/// What a finding's message says through its [`Assessed::tag`]: the levels it fails and the
/// control. Reads the tag at the very end of the message, where `tag` puts it, so no text
/// from the input before it can pose as one.
pub fn parse_tag(message: &str) -> Option<(bool, bool, Control)> {
    let body = message.strip_suffix(']')?;
    let start = body.rfind("[PSS ")?;
    let (head, id) = body[start + 5..].rsplit_once(": ")?;
    let control = Control::ALL.into_iter().find(|c| c.id() == id)?;
    let levels = head.split_once(' ')?.1;
    let (baseline, restricted) = match levels {
        "baseline+restricted" => (true, true),
        "baseline only" => (true, false),
        "restricted" => (false, true),
        _ => return None,
    };
    Some((baseline, restricted, control))
}

/// What the pod spec says about itself that several controls read.
struct Pod<'a> {
    tree: &'a Tree,
    pod: &'a PodSpec,
    meta: Option<NodeId>,
    windows: bool,
    host_users_false: bool,
}

/// A field's value, or `None` when it is absent or an explicit null.
fn field(tree: &Tree, map: NodeId, key: &str) -> Option<NodeId> {
    tree.get(map, key).filter(|v| !tree.is_null(*v))
}

fn field_path(tree: &Tree, mut node: NodeId, keys: &[&str]) -> Option<NodeId> {
    for key in keys {
        node = field(tree, node, key)?;
    }
    Some(node)
}

/// A string field as Go reads it: absent or null is the empty string.
fn string_of(tree: &Tree, map: NodeId, key: &str) -> (Option<NodeId>, String) {
    match field(tree, map, key) {
        Some(n) => (Some(n), tree.str(n).unwrap_or("").to_string()),
        None => (None, String::new()),
    }
}

fn is_true(tree: &Tree, node: Option<NodeId>) -> bool {
    node.and_then(|n| k8s_bool(tree, n)).is_some_and(|(b, _)| b)
}

fn bool_value(tree: &Tree, node: Option<NodeId>) -> Option<bool> {
    node.and_then(|n| k8s_bool(tree, n)).map(|(b, _)| b)
}

impl<'a> Pod<'a> {
    fn new(tree: &'a Tree, pod: &'a PodSpec) -> Pod<'a> {
        let spec = pod.spec;
        let windows =
            field_path(tree, spec, &["os", "name"]).and_then(|n| tree.str(n)) == Some("windows");
        let host_users_false = bool_value(tree, field(tree, spec, "hostUsers")) == Some(false);
        Pod {
            tree,
            pod,
            meta: pod.meta,
            windows,
            host_users_false,
        }
    }

    fn pod_sc(&self, key: &str) -> Option<NodeId> {
        field_path(self.tree, self.pod.spec, &["securityContext", key])
    }

    fn container_sc(&self, container: NodeId, key: &str) -> Option<NodeId> {
        field_path(self.tree, container, &["securityContext", key])
    }

    fn annotations(&self) -> Vec<(String, NodeId)> {
        let Some(annotations) = self.meta.and_then(|m| field(self.tree, m, "annotations")) else {
            return Vec::new();
        };
        self.tree
            .entries(annotations)
            .into_iter()
            .filter_map(|e| Some((self.tree.str(e.key)?.to_string(), e.value)))
            .collect()
    }

    fn annotation_text(&self, node: NodeId) -> String {
        if self.tree.is_null(node) {
            String::new()
        } else {
            self.tree.str(node).unwrap_or("").to_string()
        }
    }
}

/// Collects one control's violations.
struct Out<'o> {
    control: Control,
    list: &'o mut Vec<Violation>,
}

impl Out<'_> {
    fn push(
        &mut self,
        aspect: Aspect,
        node: NodeId,
        container: Option<&str>,
        message: String,
        evidence: Option<String>,
    ) {
        self.list.push(Violation {
            control: self.control,
            aspect,
            node,
            container: container.map(str::to_string),
            message,
            evidence,
        });
    }

    /// A value that is set and not allowed.
    fn value(&mut self, node: NodeId, container: Option<&str>, message: String, evidence: String) {
        self.push(Aspect::Value, node, container, message, Some(evidence));
    }
}

/// "The pod" or "Container \"name\"", to start a message.
fn who(container: Option<&str>) -> String {
    match container {
        Some(name) => format!("Container \"{name}\""),
        None => "The pod".to_string(),
    }
}

const BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// The safe sysctls, each with the minor version that admitted it.
pub const SAFE_SYSCTLS: &[(&str, u32)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
    ("net.ipv4.tcp_slow_start_after_idle", 37),
    ("net.ipv4.tcp_notsent_lowat", 37),
];

/// SELinux types a pod may ask for, each with the minor version that admitted it.
const SELINUX_TYPES: &[(&str, u32)] = &[
    ("", 0),
    ("container_t", 0),
    ("container_init_t", 0),
    ("container_kvm_t", 0),
    ("container_engine_t", 31),
];

/// Volume sources the restricted level allows.
const RESTRICTED_VOLUME_TYPES: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_ANNOTATION: &str = "container.seccomp.security.alpha.kubernetes.io/";
const APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

fn check(p: &Pod, control: Control, ver: Version, list: &mut Vec<Violation>) {
    let mut out = Out { control, list };
    let out = &mut out;
    match control {
        Control::HostProcess => host_process(p, out),
        Control::HostNamespaces => host_namespaces(p, out),
        Control::Privileged => privileged(p, out),
        Control::CapabilitiesBaseline => capabilities_baseline(p, out),
        Control::HostPathVolumes => host_path_volumes(p, out),
        Control::HostPorts => host_ports(p, out),
        Control::AppArmor => app_armor(p, out),
        Control::SeLinux => se_linux(p, ver, out),
        Control::ProcMount => {
            // From 1.35 baseline lets a pod in its own user namespace choose any /proc mount.
            if !(ver.at_least(35) && p.host_users_false) {
                proc_mount(p, out);
            }
        }
        Control::ProcMountRestricted => proc_mount(p, out),
        Control::SeccompBaseline if !ver.at_least(19) => seccomp_annotations(p, out),
        Control::SeccompBaseline => seccomp_fields(p, false, out),
        Control::SeccompRestricted => {
            if !(ver.at_least(25) && p.windows) {
                seccomp_fields(p, true, out);
            }
        }
        Control::Sysctls => sysctls(p, ver, out),
        Control::HostProbes => host_probes(p, out),
        Control::RestrictedVolumes => restricted_volumes(p, out),
        Control::AllowPrivilegeEscalation => {
            if !(ver.at_least(25) && p.windows) {
                allow_privilege_escalation(p, out);
            }
        }
        Control::RunAsNonRoot => {
            if !(ver.at_least(35) && p.host_users_false) {
                run_as_non_root(p, out);
            }
        }
        Control::RunAsUser => {
            if !(ver.at_least(35) && p.host_users_false) {
                run_as_user(p, out);
            }
        }
        Control::CapabilitiesRestricted => {
            if !(ver.at_least(25) && p.windows) {
                capabilities_restricted(p, out);
            }
        }
    }
}

fn host_process(p: &Pod, out: &mut Out) {
    let path = ["securityContext", "windowsOptions", "hostProcess"];
    let pod = std::iter::once((p.pod.spec, None));
    let containers = p
        .pod
        .containers
        .iter()
        .map(|c| (c.node, Some(c.name.as_str())));
    for (node, container) in pod.chain(containers) {
        let Some(n) = field_path(p.tree, node, &path) else {
            continue;
        };
        if is_true(p.tree, Some(n)) {
            let message = format!("{} runs as a Windows HostProcess.", who(container));
            out.value(n, container, message, "hostProcess: true".into());
        }
    }
}

fn host_namespaces(p: &Pod, out: &mut Out) {
    let fields = [
        ("hostNetwork", "network"),
        ("hostPID", "process (PID)"),
        ("hostIPC", "IPC"),
    ];
    for (key, what) in fields {
        let Some(n) = field(p.tree, p.pod.spec, key) else {
            continue;
        };
        if is_true(p.tree, Some(n)) {
            let message = format!("The pod shares the host's {what} namespace.");
            out.value(n, None, message, format!("{key}: true"));
        }
    }
}

fn privileged(p: &Pod, out: &mut Out) {
    for c in &p.pod.containers {
        let Some(n) = p.container_sc(c.node, "privileged") else {
            continue;
        };
        if is_true(p.tree, Some(n)) {
            let message = format!("Container \"{}\" runs privileged.", c.name);
            out.value(n, Some(&c.name), message, "privileged: true".into());
        }
    }
}

fn capabilities_baseline(p: &Pod, out: &mut Out) {
    for c in &p.pod.containers {
        let path = ["securityContext", "capabilities", "add"];
        let Some(add) = field_path(p.tree, c.node, &path) else {
            continue;
        };
        for item in p.tree.items(add) {
            let name = p.tree.str(*item).unwrap_or("");
            if !BASELINE_CAPABILITIES.contains(&name) {
                let message = format!(
                    "Container \"{}\" adds the capability {name}, which is not in the baseline set (names are matched exactly).",
                    c.name
                );
                out.value(*item, Some(&c.name), message, name.to_string());
            }
        }
    }
}

fn host_path_volumes(p: &Pod, out: &mut Out) {
    let tree = p.tree;
    for vol in field(tree, p.pod.spec, "volumes").map_or(&[][..], |l| tree.items(l)) {
        let Some(e) = tree
            .entry(*vol, "hostPath")
            .filter(|e| !tree.is_null(e.value))
        else {
            continue;
        };
        let path_node = tree.get(e.value, "path");
        let path = path_node
            .and_then(|n| tree.str(n))
            .unwrap_or("")
            .to_string();
        let what = host_path_kind(tree.get_str(e.value, "type").unwrap_or(""));
        let message = format!("The pod mounts the node's {what} {path}.");
        out.value(path_node.unwrap_or(e.key), None, message, path);
    }
}

/// What a hostPath `type` says the path is (unset or empty: no check, anything).
fn host_path_kind(kind: &str) -> &'static str {
    match kind {
        "Directory" | "DirectoryOrCreate" => "directory",
        "File" | "FileOrCreate" => "file",
        "Socket" => "socket",
        "CharDevice" | "BlockDevice" => "device",
        _ => "path",
    }
}

fn host_ports(p: &Pod, out: &mut Out) {
    for c in &p.pod.containers {
        let Some(ports) = field(p.tree, c.node, "ports") else {
            continue;
        };
        for port in p.tree.items(ports) {
            let Some(n) = field(p.tree, *port, "hostPort") else {
                continue;
            };
            if k8s_int(p.tree, n).is_some_and(|x| x != 0) {
                let text = p.tree.str(n).unwrap_or("");
                let message = format!("Container \"{}\" binds port {text} on the node.", c.name);
                out.value(n, Some(&c.name), message, format!("hostPort: {text}"));
            }
        }
    }
}

/// A profile whose `type` is neither RuntimeDefault nor Localhost: where to point and the type
/// (empty when unset).
fn bad_profile_type(tree: &Tree, profile: NodeId) -> Option<(NodeId, String)> {
    let (node, t) = string_of(tree, profile, "type");
    (t != "RuntimeDefault" && t != "Localhost").then(|| (node.unwrap_or(profile), t))
}

fn app_armor(p: &Pod, out: &mut Out) {
    let pod = std::iter::once((p.pod_sc("appArmorProfile"), None));
    let containers = p.pod.containers.iter().map(|c| {
        (
            p.container_sc(c.node, "appArmorProfile"),
            Some(c.name.as_str()),
        )
    });
    for (profile, container) in pod.chain(containers) {
        if let Some((n, t)) = profile.and_then(|pr| bad_profile_type(p.tree, pr)) {
            let message = format!(
                "{} sets the AppArmor profile type to \"{t}\"; only RuntimeDefault or Localhost are allowed.",
                who(container)
            );
            out.value(n, container, message, format!("type: {t}"));
        }
    }
    for (key, node) in p.annotations() {
        let Some(name) = key.strip_prefix(APPARMOR_ANNOTATION) else {
            continue;
        };
        let value = p.annotation_text(node);
        if !(value.is_empty() || value == "runtime/default" || value.starts_with("localhost/")) {
            let container = p.pod.containers.iter().find(|c| c.name == name);
            let message = format!(
                "The annotation {key} sets the AppArmor profile \"{value}\"; only runtime/default or localhost/* are allowed."
            );
            out.value(node, container.map(|c| c.name.as_str()), message, value);
        }
    }
}

fn se_linux(p: &Pod, ver: Version, out: &mut Out) {
    let pod = std::iter::once((p.pod_sc("seLinuxOptions"), None));
    let containers = p.pod.containers.iter().map(|c| {
        (
            p.container_sc(c.node, "seLinuxOptions"),
            Some(c.name.as_str()),
        )
    });
    for (options, container) in pod.chain(containers) {
        let Some(options) = options else { continue };
        let (tn, t) = string_of(p.tree, options, "type");
        if !SELINUX_TYPES
            .iter()
            .any(|(name, since)| *name == t && ver.at_least(*since))
        {
            let message = format!(
                "{} sets the SELinux type {t}, which is not one of the container types allowed at {ver}.",
                who(container)
            );
            out.value(
                tn.unwrap_or(options),
                container,
                message,
                format!("type: {t}"),
            );
        }
        for key in ["user", "role"] {
            let (n, value) = string_of(p.tree, options, key);
            if let (Some(n), false) = (n, value.is_empty()) {
                let message = format!(
                    "{} sets the SELinux {key} to {value}; it must stay empty.",
                    who(container)
                );
                out.value(n, container, message, format!("{key}: {value}"));
            }
        }
    }
}

fn proc_mount(p: &Pod, out: &mut Out) {
    for c in &p.pod.containers {
        let Some(n) = p.container_sc(c.node, "procMount") else {
            continue;
        };
        let value = p.tree.str(n).unwrap_or("");
        if value != "Default" {
            let message = format!(
                "Container \"{}\" sets procMount to {value}, which removes the default /proc masks.",
                c.name
            );
            out.value(n, Some(&c.name), message, format!("procMount: {value}"));
        }
    }
}

/// Seccomp before policy 1.19: the alpha annotations, for the pod and each of its containers.
fn seccomp_annotations(p: &Pod, out: &mut Out) {
    let allowed =
        |s: &str| s == "runtime/default" || s == "docker/default" || s.starts_with("localhost/");
    let annotations = p.annotations();
    let pod = std::iter::once((SECCOMP_POD_ANNOTATION.to_string(), None));
    let containers = p.pod.containers.iter().map(|c| {
        let key = format!("{SECCOMP_CONTAINER_ANNOTATION}{}", c.name);
        (key, Some(c.name.as_str()))
    });
    for (key, container) in pod.chain(containers) {
        let Some((_, node)) = annotations.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        let value = p.annotation_text(*node);
        if !allowed(&value) {
            let message = format!(
                "The annotation {key} sets the seccomp profile \"{value}\"; only runtime/default, docker/default or localhost/* are allowed."
            );
            out.value(*node, container, message, value);
        }
    }
}

/// Seccomp from policy 1.19: the fields. Baseline only forbids bad types; restricted also needs
/// a good type at pod level or on every container.
fn seccomp_fields(p: &Pod, required: bool, out: &mut Out) {
    let pod_profile = p.pod_sc("seccompProfile");
    let pod_ok = pod_profile.is_some_and(|pr| bad_profile_type(p.tree, pr).is_none());
    let bad = |t: &str, container: Option<&str>| {
        format!(
            "{} sets the seccomp profile type to \"{t}\"; only RuntimeDefault or Localhost are allowed.",
            who(container)
        )
    };
    if let Some((n, t)) = pod_profile.and_then(|pr| bad_profile_type(p.tree, pr)) {
        out.value(n, None, bad(&t, None), format!("type: {t}"));
    }
    for c in &p.pod.containers {
        match p.container_sc(c.node, "seccompProfile") {
            Some(profile) => {
                if let Some((n, t)) = bad_profile_type(p.tree, profile) {
                    out.value(
                        n,
                        Some(&c.name),
                        bad(&t, Some(&c.name)),
                        format!("type: {t}"),
                    );
                }
            }
            None if required && !pod_ok => {
                let message = format!(
                    "Container \"{}\" has no seccomp profile: neither it nor the pod sets RuntimeDefault or Localhost.",
                    c.name
                );
                out.push(Aspect::Missing, c.node, Some(&c.name), message, None);
            }
            None => {}
        }
    }
}

fn sysctls(p: &Pod, ver: Version, out: &mut Out) {
    let Some(list) = p.pod_sc("sysctls") else {
        return;
    };
    for item in p.tree.items(list) {
        let (n, name) = string_of(p.tree, *item, "name");
        if !SAFE_SYSCTLS
            .iter()
            .any(|(s, since)| *s == name && ver.at_least(*since))
        {
            let message = format!(
                "The pod sets the kernel parameter {name}, which is not in the safe set at {ver}."
            );
            out.value(n.unwrap_or(*item), None, message, name);
        }
    }
}

fn host_probes(p: &Pod, out: &mut Out) {
    let tree = p.tree;
    for c in &p.pod.containers {
        let mut handlers: Vec<(String, NodeId)> = Vec::new();
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            if let Some(n) = field(tree, c.node, probe) {
                handlers.push((probe.to_string(), n));
            }
        }
        for hook in ["postStart", "preStop"] {
            if let Some(n) = field_path(tree, c.node, &["lifecycle", hook]) {
                handlers.push((format!("lifecycle.{hook}"), n));
            }
        }
        for (place, handler) in handlers {
            for action in ["httpGet", "tcpSocket"] {
                let Some(a) = field(tree, handler, action) else {
                    continue;
                };
                let (n, host) = string_of(tree, a, "host");
                if let (Some(n), false) = (n, host.is_empty()) {
                    let message = format!(
                        "Container \"{}\" points its {place} {action} at the host {host} instead of the pod.",
                        c.name
                    );
                    out.value(n, Some(&c.name), message, format!("host: {host}"));
                }
            }
        }
    }
}

fn restricted_volumes(p: &Pod, out: &mut Out) {
    let tree = p.tree;
    for vol in field(tree, p.pod.spec, "volumes").map_or(&[][..], |l| tree.items(l)) {
        let sources: Vec<(String, NodeId)> = tree
            .entries(*vol)
            .into_iter()
            .filter(|e| !tree.is_null(e.value))
            .filter_map(|e| Some((tree.str(e.key)?.to_string(), e.key)))
            .filter(|(k, _)| k != "name")
            .collect();
        if sources
            .iter()
            .any(|(k, _)| RESTRICTED_VOLUME_TYPES.contains(&k.as_str()))
        {
            continue;
        }
        // Point where hostPath volumes are pointed at by baseline, so the two are one finding.
        let source = sources
            .iter()
            .find(|(k, _)| k == "hostPath")
            .or(sources.first());
        let (kind, mut node) = source.cloned().unwrap_or(("unknown".to_string(), *vol));
        if kind == "hostPath" {
            if let Some(path) = tree.path(*vol, &["hostPath", "path"]) {
                node = path;
            }
        }
        let message =
            format!("The pod declares a {kind} volume, which the restricted level does not allow.");
        out.value(node, None, message, kind);
    }
}

fn allow_privilege_escalation(p: &Pod, out: &mut Out) {
    for c in &p.pod.containers {
        let n = p.container_sc(c.node, "allowPrivilegeEscalation");
        match bool_value(p.tree, n) {
            Some(false) => {}
            Some(true) => {
                let message = format!(
                    "Container \"{}\" explicitly allows privilege escalation.",
                    c.name
                );
                let evidence = "allowPrivilegeEscalation: true".to_string();
                out.value(n.unwrap_or(c.node), Some(&c.name), message, evidence);
            }
            None => {
                let message = format!(
                    "Container \"{}\" does not set allowPrivilegeEscalation: false.",
                    c.name
                );
                out.push(
                    Aspect::Missing,
                    n.unwrap_or(c.node),
                    Some(&c.name),
                    message,
                    None,
                );
            }
        }
    }
}

fn run_as_non_root(p: &Pod, out: &mut Out) {
    let pod_node = p.pod_sc("runAsNonRoot");
    let pod_value = bool_value(p.tree, pod_node);
    if let (Some(n), Some(false)) = (pod_node, pod_value) {
        let message = "The pod sets runAsNonRoot: false.".to_string();
        out.value(n, None, message, "runAsNonRoot: false".into());
    }
    for c in &p.pod.containers {
        let n = p.container_sc(c.node, "runAsNonRoot");
        match (n, bool_value(p.tree, n)) {
            (Some(n), Some(false)) => {
                let message = format!("Container \"{}\" sets runAsNonRoot: false.", c.name);
                out.value(n, Some(&c.name), message, "runAsNonRoot: false".into());
            }
            (Some(_), Some(true)) => {}
            _ if pod_value == Some(true) => {}
            _ => {
                let message = format!(
                    "Container \"{}\" may run as root: neither it nor the pod sets runAsNonRoot: true.",
                    c.name
                );
                out.push(Aspect::Missing, c.node, Some(&c.name), message, None);
            }
        }
    }
}

fn run_as_user(p: &Pod, out: &mut Out) {
    let is_root = |n: &NodeId| k8s_int(p.tree, *n) == Some(0);
    if let Some(n) = p.pod_sc("runAsUser").filter(is_root) {
        let message = "The pod sets runAsUser: 0 (root).".to_string();
        out.value(n, None, message, "runAsUser: 0".into());
    }
    for c in &p.pod.containers {
        if let Some(n) = p.container_sc(c.node, "runAsUser").filter(is_root) {
            let message = format!("Container \"{}\" runs as UID 0 (root).", c.name);
            out.value(n, Some(&c.name), message, "runAsUser: 0".into());
        }
    }
}

fn capabilities_restricted(p: &Pod, out: &mut Out) {
    let tree = p.tree;
    for c in &p.pod.containers {
        let caps = p.container_sc(c.node, "capabilities");
        let drop = caps.and_then(|cp| field(tree, cp, "drop"));
        let drops_all =
            drop.is_some_and(|d| tree.items(d).iter().any(|i| tree.str(*i) == Some("ALL")));
        if !drops_all {
            let message = format!(
                "Container \"{}\" does not drop ALL capabilities (spelled exactly \"ALL\").",
                c.name
            );
            out.push(
                Aspect::Missing,
                drop.or(caps).unwrap_or(c.node),
                Some(&c.name),
                message,
                None,
            );
        }
        let Some(add) = caps.and_then(|cp| field(tree, cp, "add")) else {
            continue;
        };
        for item in tree.items(add) {
            let name = tree.str(*item).unwrap_or("");
            if name != "NET_BIND_SERVICE" {
                let message = format!(
                    "Container \"{}\" adds the capability {name}; the restricted level allows only NET_BIND_SERVICE.",
                    c.name
                );
                out.push(
                    Aspect::Added,
                    *item,
                    Some(&c.name),
                    message,
                    Some(name.to_string()),
                );
            }
        }
    }
}

/// The violations of one pod at one level and version, in control order.
pub fn evaluate(tree: &Tree, pod: &PodSpec, level: Level, version: Version) -> Vec<Violation> {
    let version = version.clamped();
    let p = Pod::new(tree, pod);
    let mut out = Vec::new();
    for control in Control::ALL {
        if control.active(level, version) {
            check(&p, control, version, &mut out);
        }
    }
    out
}

/// The violations of one pod at both levels, each once, with the levels it fails. A finding
/// that both levels report (through a baseline control or the restricted control that replaces
/// it) is attributed to the baseline control.
pub fn assess(tree: &Tree, pod: &PodSpec, version: Version) -> Vec<Assessed> {
    let version = version.clamped();
    let baseline = evaluate(tree, pod, Level::Baseline, version);
    let restricted = evaluate(tree, pod, Level::Restricted, version);
    let key = |x: &Violation| (x.control.family(), x.aspect == Aspect::Missing, x.node);
    let mut out: Vec<Assessed> = baseline
        .into_iter()
        .map(|violation| Assessed {
            violation,
            baseline: true,
            restricted: false,
            version,
        })
        .collect();
    // Baseline violations by key, earliest last, so each restricted one finds its match in
    // constant time (a pod with 50,000 containers used to compare every pair).
    let mut unmatched: HashMap<_, Vec<usize>> = HashMap::new();
    for (i, a) in out.iter().enumerate().rev() {
        unmatched.entry(key(&a.violation)).or_default().push(i);
    }
    for r in restricted {
        match unmatched.get_mut(&key(&r)).and_then(Vec::pop) {
            Some(i) => out[i].restricted = true,
            None => out.push(Assessed {
                violation: r,
                baseline: false,
                restricted: true,
                version,
            }),
        }
    }
    out
}

/// The policy version of each namespace whose Namespace object is in the input and carries
/// `pod-security.kubernetes.io/enforce-version`. A value admission cannot read means `latest`.
pub fn namespace_versions(tree: &Tree, objects: &[Object]) -> HashMap<String, Version> {
    let mut out = HashMap::new();
    for obj in objects.iter().filter(|o| o.kind == "Namespace") {
        let Some(name) = &obj.name else { continue };
        let Some(label) = tree.path(
            obj.root,
            &[
                "metadata",
                "labels",
                "pod-security.kubernetes.io/enforce-version",
            ],
        ) else {
            continue;
        };
        let version = tree
            .str(label)
            .and_then(Version::parse_label)
            .unwrap_or(LATEST);
        out.insert(name.clone(), version);
    }
    out
}
