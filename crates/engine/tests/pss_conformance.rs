//! Pod Security Standards conformance: for every baseline and restricted control, at every
//! policy version where it changed (and the version before), pods that admission lets through
//! and pods it rejects, at both levels.
//!
//! Written from the standards and the admission library's documented behaviour, not from any
//! fixture set. One table; to add a case, add a row.
//!
//! A row is a pod spec in YAML flow style and, optionally, the pod's annotations. Two
//! placeholders keep rows short: `$P` is the pod-level securityContext content and `$C` the
//! container-level content that together make a pod pass restricted, and `$OK` is a whole
//! container with `$C`. A case built on them tests one control at a time: it passes restricted
//! unless the control under test says otherwise.
//!
//! A pod fails a level when Posture reports any finding tagged as failing that level
//! (`[PSS v1.N baseline+restricted: …]`, `[PSS v1.N baseline only: …]`,
//! `[PSS v1.N restricted: …]`); when a case expects a failure, the control it names must be
//! among the tags.

use posture_engine::k8s::pss::{Control, Level, Version, LATEST};
use posture_engine::{check_with_options, rules, Input, Options};

const P: &str = "runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}";
const C: &str = "allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}";

/// Expected outcome at one level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Out {
    Pass,
    Fail,
}
use Out::{Fail, Pass};

struct Case {
    /// The control the case is about (its check ID).
    control: &'static str,
    /// Policy version: `latest` or `v1.N`.
    version: &'static str,
    annotations: &'static str,
    spec: &'static str,
    baseline: Out,
    restricted: Out,
}

const fn case(
    control: &'static str,
    version: &'static str,
    spec: &'static str,
    baseline: Out,
    restricted: Out,
) -> Case {
    Case {
        control,
        version,
        annotations: "",
        spec,
        baseline,
        restricted,
    }
}

const fn annotated(
    control: &'static str,
    version: &'static str,
    annotations: &'static str,
    spec: &'static str,
    baseline: Out,
    restricted: Out,
) -> Case {
    Case {
        control,
        version,
        annotations,
        spec,
        baseline,
        restricted,
    }
}

const BASE: &str = "{securityContext: {$P}, containers: [$OK]}";

#[rustfmt::skip]
const CASES: &[Case] = &[
    // The bases themselves.
    case("base", "latest", BASE, Pass, Pass),
    case("base", "v1.0", BASE, Pass, Pass),
    case("base", "latest", "{containers: [{name: a, image: i}]}", Pass, Fail),

    // windowsHostProcess (baseline, 1.0).
    case("windowsHostProcess", "v1.0", "{securityContext: {$P, windowsOptions: {hostProcess: true}}, containers: [$OK]}", Fail, Fail),
    case("windowsHostProcess", "latest", "{securityContext: {$P, windowsOptions: {hostProcess: true}}, containers: [$OK]}", Fail, Fail),
    case("windowsHostProcess", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, windowsOptions: {hostProcess: true}}}]}", Fail, Fail),
    case("windowsHostProcess", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {$C, windowsOptions: {hostProcess: true}}}], containers: [$OK]}", Fail, Fail),
    case("windowsHostProcess", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: b, image: i, securityContext: {$C, windowsOptions: {hostProcess: true}}}], containers: [$OK]}", Fail, Fail),
    case("windowsHostProcess", "latest", "{securityContext: {$P, windowsOptions: {hostProcess: false}}, containers: [{name: a, image: i, securityContext: {$C, windowsOptions: {hostProcess: false}}}]}", Pass, Pass),
    case("windowsHostProcess", "v1.0", "{securityContext: {$P, windowsOptions: {hostProcess: null}}, containers: [$OK]}", Pass, Pass),

    // hostNamespaces (baseline, 1.0).
    case("hostNamespaces", "v1.0", "{securityContext: {$P}, hostNetwork: true, containers: [$OK]}", Fail, Fail),
    case("hostNamespaces", "latest", "{securityContext: {$P}, hostNetwork: true, containers: [$OK]}", Fail, Fail),
    case("hostNamespaces", "latest", "{securityContext: {$P}, hostPID: true, containers: [$OK]}", Fail, Fail),
    case("hostNamespaces", "latest", "{securityContext: {$P}, hostIPC: true, containers: [$OK]}", Fail, Fail),
    case("hostNamespaces", "latest", "{securityContext: {$P}, hostNetwork: false, hostPID: false, hostIPC: false, containers: [$OK]}", Pass, Pass),

    // privileged (baseline, 1.0).
    case("privileged", "v1.0", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, privileged: true}}]}", Fail, Fail),
    case("privileged", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, privileged: true}}]}", Fail, Fail),
    case("privileged", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {$C, privileged: true}}], containers: [$OK]}", Fail, Fail),
    case("privileged", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: b, image: i, securityContext: {$C, privileged: true}}], containers: [$OK]}", Fail, Fail),
    case("privileged", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, privileged: false}}]}", Pass, Pass),
    case("privileged", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, privileged: null}}]}", Pass, Pass),

    // capabilities_baseline (baseline, 1.0); replaced in restricted by capabilities_restricted
    // from 1.22.
    case("capabilities_baseline", "v1.0", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]}", Fail, Fail),
    case("capabilities_baseline", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [SYS_ADMIN]}}}]}", Fail, Fail),
    case("capabilities_baseline", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_RAW]}}}]}", Fail, Fail),
    case("capabilities_baseline", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [chown]}}}]}", Fail, Fail),
    case("capabilities_baseline", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [CAP_CHOWN]}}}]}", Fail, Fail),
    case("capabilities_baseline", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [SYS_PTRACE]}}}], containers: [$OK]}", Fail, Fail),
    case("capabilities_baseline", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: b, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [SYS_PTRACE]}}}], containers: [$OK]}", Fail, Fail),
    case("capabilities_baseline", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]}}}]}", Pass, Fail),
    case("capabilities_baseline", "latest", "{containers: [{name: a, image: i, securityContext: {capabilities: {add: [CHOWN, KILL], drop: [NET_RAW]}}}]}", Pass, Fail),
    // Restricted before 1.22: the baseline form applies, nothing has to be dropped.
    case("capabilities_baseline", "v1.21", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {add: [CHOWN]}}}]}", Pass, Pass),
    case("capabilities_baseline", "v1.21", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {add: [SYS_ADMIN]}}}]}", Fail, Fail),

    // capabilities_restricted (restricted, 1.22; Windows pods exempt from 1.25).
    case("capabilities_restricted", "v1.21", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false}}]}", Pass, Pass),
    case("capabilities_restricted", "v1.22", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false}}]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false}}]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [all]}}}]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [NET_RAW]}}}]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}]}", Pass, Pass),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [CHOWN]}}}]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: b, image: i, securityContext: {allowPrivilegeEscalation: false}}], containers: [$OK]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {allowPrivilegeEscalation: false}}], containers: [$OK]}", Pass, Fail),
    case("capabilities_restricted", "v1.24", "{os: {name: windows}, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false}}]}", Pass, Fail),
    case("capabilities_restricted", "v1.25", "{os: {name: windows}, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false}}]}", Pass, Pass),
    // Restricted replaces the baseline form, and exempts Windows pods from its own: a Windows
    // pod adding SYS_ADMIN fails baseline but passes restricted.
    case("capabilities_baseline", "latest", "{os: {name: windows}, securityContext: {runAsNonRoot: true}, containers: [{name: a, image: i, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]}", Fail, Pass),

    // hostPathVolumes (baseline, 1.0); restricted reports it as a volume type.
    case("hostPathVolumes", "v1.0", "{securityContext: {$P}, volumes: [{name: h, hostPath: {path: /var/lib}}], containers: [$OK]}", Fail, Fail),
    case("hostPathVolumes", "latest", "{securityContext: {$P}, volumes: [{name: h, hostPath: {path: /}}], containers: [$OK]}", Fail, Fail),
    case("hostPathVolumes", "latest", "{securityContext: {$P}, volumes: [{name: h, hostPath: null, emptyDir: {}}], containers: [$OK]}", Pass, Pass),

    // hostPorts (baseline, 1.0).
    case("hostPorts", "v1.0", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, ports: [{containerPort: 80, hostPort: 80}]}]}", Fail, Fail),
    case("hostPorts", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, ports: [{containerPort: 80, hostPort: 8080}]}]}", Fail, Fail),
    case("hostPorts", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {$C}, ports: [{containerPort: 80, hostPort: 80}]}], containers: [$OK]}", Fail, Fail),
    case("hostPorts", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: b, image: i, securityContext: {$C}, ports: [{containerPort: 80, hostPort: 80}]}], containers: [$OK]}", Fail, Fail),
    case("hostPorts", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, ports: [{containerPort: 80, hostPort: 0}, {containerPort: 81}]}]}", Pass, Pass),

    // appArmorProfile (baseline, 1.0): annotations and fields.
    annotated("appArmorProfile", "v1.0", "{container.apparmor.security.beta.kubernetes.io/a: unconfined}", BASE, Fail, Fail),
    annotated("appArmorProfile", "latest", "{container.apparmor.security.beta.kubernetes.io/a: unconfined}", BASE, Fail, Fail),
    annotated("appArmorProfile", "latest", "{container.apparmor.security.beta.kubernetes.io/other: unconfined}", BASE, Fail, Fail),
    annotated("appArmorProfile", "latest", "{container.apparmor.security.beta.kubernetes.io/a: runtime/default}", BASE, Pass, Pass),
    annotated("appArmorProfile", "latest", "{container.apparmor.security.beta.kubernetes.io/a: localhost/custom}", BASE, Pass, Pass),
    annotated("appArmorProfile", "latest", "{container.apparmor.security.beta.kubernetes.io/a: \"\"}", BASE, Pass, Pass),
    case("appArmorProfile", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, appArmorProfile: {type: Unconfined}}}]}", Fail, Fail),
    case("appArmorProfile", "latest", "{securityContext: {$P, appArmorProfile: {type: Unconfined}}, containers: [$OK]}", Fail, Fail),
    case("appArmorProfile", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, appArmorProfile: {}}}]}", Fail, Fail),
    case("appArmorProfile", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: b, image: i, securityContext: {$C, appArmorProfile: {type: Unconfined}}}], containers: [$OK]}", Fail, Fail),
    case("appArmorProfile", "v1.0", "{securityContext: {$P, appArmorProfile: {type: RuntimeDefault}}, containers: [{name: a, image: i, securityContext: {$C, appArmorProfile: {type: Localhost, localhostProfile: p}}}]}", Pass, Pass),

    // seLinuxOptions (baseline, 1.0; container_engine_t from 1.31).
    case("seLinuxOptions", "v1.0", "{securityContext: {$P, seLinuxOptions: {type: spc_t}}, containers: [$OK]}", Fail, Fail),
    case("seLinuxOptions", "latest", "{securityContext: {$P, seLinuxOptions: {type: spc_t}}, containers: [{name: a, image: i, securityContext: {$C, seLinuxOptions: {}}}]}", Fail, Fail),
    case("seLinuxOptions", "latest", "{securityContext: {$P, seLinuxOptions: {user: system_u}}, containers: [$OK]}", Fail, Fail),
    case("seLinuxOptions", "latest", "{securityContext: {$P, seLinuxOptions: {role: system_r}}, containers: [$OK]}", Fail, Fail),
    case("seLinuxOptions", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, seLinuxOptions: {type: unconfined_t}}}]}", Fail, Fail),
    case("seLinuxOptions", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {$C, seLinuxOptions: {user: u}}}], containers: [$OK]}", Fail, Fail),
    case("seLinuxOptions", "latest", "{securityContext: {$P, seLinuxOptions: {level: \"s0:c1,c2\", type: container_t}}, containers: [{name: a, image: i, securityContext: {$C, seLinuxOptions: {type: container_init_t}}}, {name: b, image: i, securityContext: {$C, seLinuxOptions: {type: container_kvm_t, user: \"\", role: \"\"}}}]}", Pass, Pass),
    case("seLinuxOptions", "v1.30", "{securityContext: {$P, seLinuxOptions: {type: container_engine_t}}, containers: [$OK]}", Fail, Fail),
    case("seLinuxOptions", "v1.31", "{securityContext: {$P, seLinuxOptions: {type: container_engine_t}}, containers: [$OK]}", Pass, Pass),
    case("seLinuxOptions", "v1.31", "{securityContext: {$P, seLinuxOptions: {type: Container_t}}, containers: [$OK]}", Fail, Fail),

    // procMount (baseline, 1.0; any value with hostUsers: false from 1.35) and
    // procMount_restricted (restricted, 1.35).
    case("procMount", "v1.0", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Unmasked}}]}", Fail, Fail),
    case("procMount", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Unmasked}}]}", Fail, Fail),
    case("procMount", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Other}}]}", Fail, Fail),
    case("procMount", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: b, image: i, securityContext: {$C, procMount: Unmasked}}], containers: [$OK]}", Fail, Fail),
    case("procMount", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Default}}]}", Pass, Pass),
    case("procMount", "v1.34", "{hostUsers: false, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Unmasked}}]}", Fail, Fail),
    case("procMount", "v1.35", "{hostUsers: false, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Unmasked}}]}", Pass, Fail),
    case("procMount_restricted", "latest", "{hostUsers: false, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Unmasked}}]}", Pass, Fail),
    case("procMount_restricted", "v1.34", "{hostUsers: true, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Unmasked}}]}", Fail, Fail),
    case("procMount_restricted", "v1.35", "{hostUsers: false, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, procMount: Default}}]}", Pass, Pass),

    // seccompProfile_baseline (baseline, 1.0 annotations; 1.19 fields).
    annotated("seccompProfile_baseline", "v1.0", "{seccomp.security.alpha.kubernetes.io/pod: unconfined}", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Fail, Fail),
    annotated("seccompProfile_baseline", "v1.18", "{seccomp.security.alpha.kubernetes.io/pod: unconfined}", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Fail, Fail),
    annotated("seccompProfile_baseline", "v1.18", "{container.seccomp.security.alpha.kubernetes.io/a: unconfined}", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Fail, Fail),
    annotated("seccompProfile_baseline", "v1.18", "{container.seccomp.security.alpha.kubernetes.io/a: \"\"}", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Fail, Fail),
    annotated("seccompProfile_baseline", "v1.18", "{seccomp.security.alpha.kubernetes.io/pod: runtime/default, container.seccomp.security.alpha.kubernetes.io/a: docker/default, container.seccomp.security.alpha.kubernetes.io/b: localhost/p.json}", "{securityContext: {runAsNonRoot: true}, containers: [$OK, {name: b, image: i, securityContext: {$C}}]}", Pass, Pass),
    // An annotation for a container the pod does not have is not read.
    annotated("seccompProfile_baseline", "v1.18", "{container.seccomp.security.alpha.kubernetes.io/zz: unconfined}", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Pass, Pass),
    // Before 1.19 the fields are not read; from 1.19 the annotations are not.
    case("seccompProfile_baseline", "v1.18", "{securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}, containers: [$OK]}", Pass, Pass),
    annotated("seccompProfile_baseline", "v1.19", "{seccomp.security.alpha.kubernetes.io/pod: unconfined}", BASE, Pass, Pass),
    case("seccompProfile_baseline", "v1.19", "{securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}, containers: [$OK]}", Fail, Fail),
    case("seccompProfile_baseline", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: {type: Unconfined}}}]}", Fail, Fail),
    case("seccompProfile_baseline", "latest", "{securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: {type: RuntimeDefault}}}]}", Fail, Fail),
    case("seccompProfile_baseline", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {$C, seccompProfile: {}}}], containers: [$OK]}", Fail, Fail),
    case("seccompProfile_baseline", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: {type: unconfined}}}]}", Fail, Fail),
    case("seccompProfile_baseline", "latest", "{securityContext: {runAsNonRoot: true}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: {type: Localhost, localhostProfile: p.json}}}]}", Pass, Pass),

    // seccompProfile_restricted (restricted, 1.19; Windows pods exempt from 1.25).
    case("seccompProfile_restricted", "v1.18", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Pass, Pass),
    case("seccompProfile_restricted", "v1.19", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Pass, Fail),
    case("seccompProfile_restricted", "latest", "{securityContext: {runAsNonRoot: true}, containers: [$OK]}", Pass, Fail),
    case("seccompProfile_restricted", "latest", "{securityContext: {runAsNonRoot: true}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: {type: RuntimeDefault}}}, {name: b, image: i, securityContext: {$C}}]}", Pass, Fail),
    case("seccompProfile_restricted", "latest", "{securityContext: {runAsNonRoot: true}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: {type: RuntimeDefault}}}], ephemeralContainers: [{name: e, image: i, securityContext: {$C}}]}", Pass, Fail),
    case("seccompProfile_restricted", "latest", "{securityContext: {runAsNonRoot: true}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: {type: RuntimeDefault}}}, {name: b, image: i, securityContext: {$C, seccompProfile: {type: Localhost, localhostProfile: x}}}]}", Pass, Pass),
    case("seccompProfile_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, seccompProfile: null}}]}", Pass, Pass),
    case("seccompProfile_restricted", "v1.24", "{os: {name: windows}, securityContext: {runAsNonRoot: true}, containers: [$OK]}", Pass, Fail),
    case("seccompProfile_restricted", "v1.25", "{os: {name: windows}, securityContext: {runAsNonRoot: true}, containers: [$OK]}", Pass, Pass),
    // Restricted replaces the baseline seccomp check, and exempts Windows pods from its own.
    case("seccompProfile_baseline", "latest", "{os: {name: windows}, securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}, containers: [$OK]}", Fail, Pass),
    case("seccompProfile_restricted", "latest", "{os: {name: Windows}, securityContext: {runAsNonRoot: true}, containers: [$OK]}", Pass, Fail),

    // sysctls (baseline, 1.0, 1.27, 1.29, 1.32, 1.37).
    case("sysctls", "v1.0", "{securityContext: {$P, sysctls: [{name: kernel.shm_rmid_forced, value: \"0\"}, {name: net.ipv4.ip_local_port_range, value: \"1024 65535\"}, {name: net.ipv4.tcp_syncookies, value: \"1\"}, {name: net.ipv4.ping_group_range, value: \"0 1\"}, {name: net.ipv4.ip_unprivileged_port_start, value: \"0\"}]}, containers: [$OK]}", Pass, Pass),
    case("sysctls", "v1.0", "{securityContext: {$P, sysctls: [{name: kernel.msgmax, value: \"65536\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "latest", "{securityContext: {$P, sysctls: [{name: net.core.somaxconn, value: \"1024\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "latest", "{securityContext: {$P, sysctls: [{name: net/ipv4/tcp_syncookies, value: \"1\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "v1.26", "{securityContext: {$P, sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: \"8080\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "v1.27", "{securityContext: {$P, sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: \"8080\"}]}, containers: [$OK]}", Pass, Pass),
    case("sysctls", "v1.28", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_keepalive_time, value: \"60\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "v1.29", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_keepalive_time, value: \"60\"}, {name: net.ipv4.tcp_fin_timeout, value: \"30\"}, {name: net.ipv4.tcp_keepalive_intvl, value: \"10\"}, {name: net.ipv4.tcp_keepalive_probes, value: \"5\"}]}, containers: [$OK]}", Pass, Pass),
    case("sysctls", "v1.31", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_rmem, value: \"4096 87380 16777216\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "v1.32", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_rmem, value: \"4096 87380 16777216\"}, {name: net.ipv4.tcp_wmem, value: \"4096 65536 16777216\"}]}, containers: [$OK]}", Pass, Pass),
    case("sysctls", "v1.36", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: \"0\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "v1.36", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_notsent_lowat, value: \"16384\"}]}, containers: [$OK]}", Fail, Fail),
    case("sysctls", "v1.37", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: \"0\"}, {name: net.ipv4.tcp_notsent_lowat, value: \"16384\"}]}, containers: [$OK]}", Pass, Pass),
    case("sysctls", "latest", "{securityContext: {$P, sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: \"0\"}]}, containers: [$OK]}", Pass, Pass),

    // hostProbesAndHostLifecycle (baseline, 1.34).
    case("hostProbesAndHostLifecycle", "v1.33", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}}]}", Pass, Pass),
    case("hostProbesAndHostLifecycle", "v1.34", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}}]}", Fail, Fail),
    case("hostProbesAndHostLifecycle", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, readinessProbe: {tcpSocket: {host: localhost, port: 80}}}]}", Fail, Fail),
    case("hostProbesAndHostLifecycle", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, startupProbe: {httpGet: {host: example.com, port: 80}}}]}", Fail, Fail),
    case("hostProbesAndHostLifecycle", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, lifecycle: {postStart: {httpGet: {host: example.com, port: 80}}}}]}", Fail, Fail),
    case("hostProbesAndHostLifecycle", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {$C}, lifecycle: {preStop: {tcpSocket: {host: example.com, port: 80}}}}], containers: [$OK]}", Fail, Fail),
    case("hostProbesAndHostLifecycle", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C}, livenessProbe: {httpGet: {host: \"\", port: 80}}, lifecycle: {preStop: {httpGet: {path: /stop, port: 80}}}}]}", Pass, Pass),

    // restrictedVolumes (restricted, 1.0).
    case("restrictedVolumes", "v1.0", "{securityContext: {$P}, volumes: [{name: n, nfs: {server: s, path: /}}], containers: [$OK]}", Pass, Fail),
    case("restrictedVolumes", "latest", "{securityContext: {$P}, volumes: [{name: n, gcePersistentDisk: {pdName: d}}], containers: [$OK]}", Pass, Fail),
    case("restrictedVolumes", "latest", "{securityContext: {$P}, volumes: [{name: n, iscsi: {targetPortal: t, iqn: q, lun: 0}}], containers: [$OK]}", Pass, Fail),
    case("restrictedVolumes", "latest", "{securityContext: {$P}, volumes: [{name: a, configMap: {name: c}}, {name: b, csi: {driver: d}}, {name: c, downwardAPI: {items: []}}, {name: d, emptyDir: {}}, {name: e, ephemeral: {volumeClaimTemplate: {spec: {}}}}, {name: f, image: {reference: r}}, {name: g, persistentVolumeClaim: {claimName: c}}, {name: h, projected: {sources: []}}, {name: i, secret: {secretName: s}}], containers: [$OK]}", Pass, Pass),
    case("restrictedVolumes", "v1.25", "{securityContext: {$P}, volumes: [{name: f, image: {reference: r}}], containers: [$OK]}", Pass, Pass),

    // allowPrivilegeEscalation (restricted, 1.8; Windows pods exempt from 1.25).
    case("allowPrivilegeEscalation", "v1.7", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {capabilities: {drop: [ALL]}}}]}", Pass, Pass),
    case("allowPrivilegeEscalation", "v1.8", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {capabilities: {drop: [ALL]}}}]}", Pass, Fail),
    case("allowPrivilegeEscalation", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {capabilities: {drop: [ALL]}, allowPrivilegeEscalation: true}}]}", Pass, Fail),
    case("allowPrivilegeEscalation", "latest", "{securityContext: {$P}, initContainers: [{name: b, image: i, securityContext: {capabilities: {drop: [ALL]}}}], containers: [$OK]}", Pass, Fail),
    case("allowPrivilegeEscalation", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {capabilities: {drop: [ALL]}, allowPrivilegeEscalation: null}}]}", Pass, Fail),
    case("allowPrivilegeEscalation", "v1.24", "{os: {name: windows}, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {capabilities: {drop: [ALL]}}}]}", Pass, Fail),
    case("allowPrivilegeEscalation", "v1.25", "{os: {name: windows}, securityContext: {$P}, containers: [{name: a, image: i, securityContext: {capabilities: {drop: [ALL]}}}]}", Pass, Pass),

    // runAsNonRoot (restricted, 1.0; pods with hostUsers: false exempt from 1.35).
    case("runAsNonRoot", "v1.0", "{securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [$OK]}", Pass, Fail),
    case("runAsNonRoot", "latest", "{securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [$OK]}", Pass, Fail),
    case("runAsNonRoot", "latest", "{securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: a, image: i, securityContext: {$C, runAsNonRoot: true}}]}", Pass, Pass),
    case("runAsNonRoot", "latest", "{securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: a, image: i, securityContext: {$C, runAsNonRoot: true}}], initContainers: [$OK]}", Pass, Fail),
    case("runAsNonRoot", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, runAsNonRoot: false}}]}", Pass, Fail),
    case("runAsNonRoot", "latest", "{securityContext: {runAsNonRoot: false, seccompProfile: {type: RuntimeDefault}}, containers: [{name: a, image: i, securityContext: {$C, runAsNonRoot: true}}]}", Pass, Fail),
    case("runAsNonRoot", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, runAsNonRoot: null}}]}", Pass, Pass),
    // A non-zero runAsUser does not stand in for runAsNonRoot.
    case("runAsNonRoot", "latest", "{securityContext: {runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}, containers: [$OK]}", Pass, Fail),
    case("runAsNonRoot", "v1.34", "{hostUsers: false, securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [$OK]}", Pass, Fail),
    case("runAsNonRoot", "v1.35", "{hostUsers: false, securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [$OK]}", Pass, Pass),
    case("runAsNonRoot", "latest", "{hostUsers: true, securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [$OK]}", Pass, Fail),

    // Explicit nulls are the same as leaving the field out.
    case("base", "latest", "{securityContext: {$P, seLinuxOptions: null, appArmorProfile: null, runAsUser: null, sysctls: null}, volumes: null, containers: [{name: a, image: i, securityContext: {$C, procMount: null, seLinuxOptions: null, appArmorProfile: null, seccompProfile: null, privileged: null}, ports: [{containerPort: 80, hostPort: null}], livenessProbe: {httpGet: {host: null, port: 80}}}]}", Pass, Pass),
    case("base", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: null}]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: null}}]}", Pass, Fail),
    case("capabilities_restricted", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: null}}}]}", Pass, Pass),

    // runAsUser (restricted, 1.23; pods with hostUsers: false exempt from 1.35).
    case("runAsUser", "v1.22", "{securityContext: {$P, runAsUser: 0}, containers: [$OK]}", Pass, Pass),
    case("runAsUser", "v1.23", "{securityContext: {$P, runAsUser: 0}, containers: [$OK]}", Pass, Fail),
    case("runAsUser", "latest", "{securityContext: {$P, runAsUser: 0}, containers: [{name: a, image: i, securityContext: {$C, runAsUser: 1000}}]}", Pass, Fail),
    case("runAsUser", "latest", "{securityContext: {$P}, containers: [{name: a, image: i, securityContext: {$C, runAsUser: 0}}]}", Pass, Fail),
    case("runAsUser", "latest", "{securityContext: {$P}, ephemeralContainers: [{name: e, image: i, securityContext: {$C, runAsUser: 0}}], containers: [$OK]}", Pass, Fail),
    case("runAsUser", "latest", "{securityContext: {$P, runAsUser: 1000}, containers: [{name: a, image: i, securityContext: {$C, runAsUser: 1}}]}", Pass, Pass),
    case("runAsUser", "v1.34", "{hostUsers: false, securityContext: {$P, runAsUser: 0}, containers: [$OK]}", Pass, Fail),
    case("runAsUser", "v1.35", "{hostUsers: false, securityContext: {seccompProfile: {type: RuntimeDefault}, runAsUser: 0}, containers: [$OK]}", Pass, Pass),
];

/// Builds the pod text of a case.
fn pod_text(case: &Case) -> String {
    let ok = "{name: a, image: i, securityContext: {$C}}";
    let spec = case
        .spec
        .replace("$OK", ok)
        .replace("$P", P)
        .replace("$C", C);
    let annotations = case.annotations.replace("$P", P);
    let metadata = if annotations.is_empty() {
        "{name: t}".to_string()
    } else {
        format!("{{name: t, annotations: {annotations}}}")
    };
    format!("apiVersion: v1\nkind: Pod\nmetadata: {metadata}\nspec: {spec}\n")
}

/// The PSS tags of every finding: (levels text, control ID).
fn tags(text: &str, version: Version) -> Vec<(String, String)> {
    let report = check_with_options(
        &[Input {
            name: "pod.yaml",
            text,
        }],
        rules::ALL,
        &Options {
            pss_version: Some(version),
            ..Options::default()
        },
    );
    assert!(report.errors.is_empty(), "{:?}\n{text}", report.errors);
    let prefix = format!("[PSS {version} ");
    report
        .findings
        .iter()
        .filter_map(|f| {
            let at = f.message.find(&prefix)?;
            let rest = f.message[at + prefix.len()..].trim_end_matches(']');
            let (levels, id) = rest.split_once(": ")?;
            Some((levels.to_string(), id.to_string()))
        })
        .collect()
}

/// Controls that stand for the same requirement at the two levels (restricted replaces the
/// baseline form) count as one when a case names its control.
fn family(id: &str) -> &str {
    match id {
        "restrictedVolumes" => "hostPathVolumes",
        "seccompProfile_restricted" => "seccompProfile_baseline",
        "capabilities_restricted" => "capabilities_baseline",
        "procMount_restricted" => "procMount",
        other => other,
    }
}

fn verdicts(tags: &[(String, String)]) -> (Out, Out) {
    let fails = |level: &str| {
        tags.iter()
            .any(|(levels, _)| levels.split(['+', ' ']).any(|l| l == level))
    };
    let out = |failed: bool| if failed { Fail } else { Pass };
    (out(fails("baseline")), out(fails("restricted")))
}

#[test]
fn every_case_matches_admission() {
    let mut wrong = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let version = Version::parse_label(case.version).expect("case version");
        let text = pod_text(case);
        let tags = tags(&text, version);
        let (baseline, restricted) = verdicts(&tags);
        let named = tags
            .iter()
            .any(|(_, id)| family(id) == family(case.control));
        let must_name = match Control::ALL.iter().find(|c| c.id() == case.control) {
            Some(c) if c.level() == Level::Baseline => case.baseline == Fail,
            Some(_) => case.restricted == Fail,
            None => false,
        };
        if baseline != case.baseline || restricted != case.restricted || (must_name && !named) {
            wrong.push(format!(
                "case {i} ({} at {}): expected baseline {:?}, restricted {:?}; got {baseline:?}, {restricted:?} with {tags:?}\n{text}",
                case.control, case.version, case.baseline, case.restricted
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases disagree:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

/// Every control is tested at every version where it changed, and at the version before.
#[test]
fn every_revision_of_every_control_is_covered() {
    let mut missing = Vec::new();
    for control in Control::ALL {
        for (minor, _) in control.history() {
            let mut wanted = vec![format!("v1.{minor}")];
            if *minor > 0 {
                wanted.push(format!("v1.{}", minor - 1));
            }
            for version in wanted {
                let covered = CASES.iter().any(|c| {
                    c.control == control.id()
                        && Version::parse_label(c.version) == Version::parse_label(&version)
                });
                if !covered {
                    missing.push(format!("{} at {version}", control.id()));
                }
            }
        }
        let fails = CASES
            .iter()
            .any(|c| c.control == control.id() && (c.baseline == Fail || c.restricted == Fail));
        let passes = CASES
            .iter()
            .any(|c| c.control == control.id() && c.baseline == Pass);
        if !fails || !passes {
            missing.push(format!("{}: a passing and a failing pod", control.id()));
        }
    }
    assert!(missing.is_empty(), "not covered: {missing:?}");
}

#[test]
fn latest_is_the_newest_revision() {
    let newest = Control::ALL
        .iter()
        .flat_map(|c| c.history().iter().map(|(m, _)| *m))
        .max()
        .unwrap();
    assert_eq!(LATEST, Version(newest));
    assert_eq!(Version::parse_label("latest"), Some(LATEST));
    assert_eq!(Version::parse_label("v1.99"), Some(LATEST));
    assert_eq!(Version::parse_label("v1.29"), Some(Version(29)));
    assert_eq!(Version::parse_label("1.29"), None);
    assert_eq!(Version::parse_label("v1.029"), None);
    assert_eq!(Version::parse_option("1.29"), Some(Version(29)));
}

const SLOW_START: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  securityContext:\n    sysctls: [{name: net.ipv4.tcp_slow_start_after_idle, value: \"0\"}]\n  containers: [{name: a, image: i}]\n";

fn sysctl_findings(text: &str, options: &Options) -> Vec<String> {
    check_with_options(
        &[Input {
            name: "x.yaml",
            text,
        }],
        rules::ALL,
        options,
    )
    .findings
    .iter()
    .filter(|f| f.rule_id == "LP109")
    .map(|f| f.message.clone())
    .collect()
}

#[test]
fn the_namespace_label_and_the_option_choose_the_version() {
    // latest by default: safe.
    assert!(sysctl_findings(SLOW_START, &Options::default()).is_empty());
    // The option.
    let v136 = Options {
        pss_version: Some(Version(36)),
        ..Options::default()
    };
    let found = sysctl_findings(SLOW_START, &v136);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].contains("[PSS v1.36 baseline+restricted: sysctls]"),
        "{found:?}"
    );
    // A Namespace in the input pins the version of its own pods, over the option.
    let pinned = format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels: {{pod-security.kubernetes.io/enforce-version: v1.36}}\n---\n{SLOW_START}");
    assert_eq!(sysctl_findings(&pinned, &Options::default()).len(), 1);
    let latest = pinned.replace("v1.36}", "latest}");
    assert!(sysctl_findings(&latest, &v136).is_empty());
    // Another namespace's label does not apply.
    let other = pinned.replace("name: apps\n", "name: other\n");
    assert!(sysctl_findings(&other, &Options::default()).is_empty());
    // A label admission cannot read means latest.
    let bad = pinned.replace("v1.36}", "1.36}");
    assert!(sysctl_findings(&bad, &v136).is_empty());
}
