//! NSA/CISA Kubernetes Hardening Guide v1.2 (August 2022). The guide has no item numbers: the
//! IDs `NSA-1`… are Posture's, one per recommendation section, titled with the guide's section
//! titles. Which rules evaluate them, and the notes, are ours.

use super::{partial, rules, Check, Cite, Control, Framework};

pub(super) fn framework() -> Framework {
    let c = |id, title, section, check| Control {
        id,
        title,
        section,
        check,
    };
    const POD: &str = "Kubernetes Pod security";
    const NET: &str = "Network separation and hardening";
    const AUTH: &str = "Authentication and authorization";
    const AUDIT: &str = "Audit logging and threat detection";
    const UPGRADE: &str = "Upgrading and application security practices";
    let nc = Check::NotCheckable;
    let controls = vec![
        c("NSA-1", "Non-root containers and rootless container engines", POD, partial(&["LP112", "LP113", "LP116", "LP117"],
            "Containers' user settings are checked; whether the container engine itself runs rootless is a property of the node.")),
        c("NSA-2", "Immutable container file systems", POD, rules(&["DS111"])),
        c("NSA-3", "Building secure container images", POD, partial(&["DS101", "DS102", "DS103", "DS112"],
            "Image references are checked (pinned, not latest); scanning the images for vulnerabilities needs the images themselves.")),
        c("NSA-4", "Pod security enforcement", POD, rules(&["DD105", "DD106", "DD202", "DD208", "LP102", "LP103", "LP105"])),
        c("NSA-5", "Protecting Pod service account tokens", POD, rules(&["DF103", "LP114"])),
        c("NSA-6", "Hardening container environments", POD, partial(&["DF101", "DF102", "DD101", "DD102"],
            "Seccomp, AppArmor and SELinux settings are checked; sandboxed runtimes and the node's kernel hardening are not visible in configuration.")),
        c("NSA-7", "Namespaces", NET, Check::NoRule("A rule would look for workloads placed in the default namespace.")),
        c("NSA-8", "Network policies", NET, partial(&["DD104", "DD108", "DD205", "OB102", "DS113"],
            "Namespaces with workloads in the input are checked for a NetworkPolicy; what the policies allow is not judged.")),
        c("NSA-9", "Resource policies", NET, partial(&["DS104", "DS105", "DS106"],
            "Containers' requests and limits are checked; LimitRange and ResourceQuota objects are not yet taken into account.")),
        c("NSA-10", "Control plane hardening", NET, rules(&["DF202", "DF203", "DF211", "DD211", "LP305"])),
        c("NSA-11", "Etcd", NET, rules(&["DD207"])),
        c("NSA-12", "Kubeconfig files", NET, partial(&["LP303", "LP304"],
            "Only the file modes a configuration asks for are checked; the files on the node are not seen.")),
        c("NSA-13", "Worker node segmentation", NET, nc("How nodes are placed in networks and firewalled is decided outside Kubernetes configuration.")),
        c("NSA-14", "Encryption", NET, rules(&["DF210", "OB105", "OB106", "OB107", "OB108"])),
        c("NSA-15", "Secrets", NET, rules(&["DD204", "DD210", "OB101", "SH101", "SH102", "SH103", "SH104", "SH105", "SH112"])),
        c("NSA-16", "Protecting sensitive cloud infrastructure", NET, nc("Access to the cloud provider's metadata service is controlled in the cloud account and the node's network, not in these files.")),
        c("NSA-17", "Authentication", AUTH, rules(&["DF201", "DF205", "DF206", "DF209", "SH108", "SH109", "SH111"])),
        c("NSA-18", "Role-based access control", AUTH, rules(&[
            "DD201", "LP301", "LP302", "LP201", "LP202", "LP203", "LP204", "LP205", "LP206", "LP207",
            "LP208", "LP209", "LP210", "LP211",
        ])),
        c("NSA-19", "Logging", AUDIT, partial(&["DD203", "DD206", "DD209"],
            "The API server's audit log is checked; node, container and application logging are set up outside these files.")),
        c("NSA-20", "Threat detection", AUDIT, nc("Detection reads what a running cluster does; configuration text cannot show it.")),
        c("NSA-21", "Alerting", AUDIT, nc("Alerts are raised by monitoring systems that watch the running cluster.")),
        c("NSA-22", "Upgrading and application security practices", UPGRADE, partial(&["CI101", "CI102", "CI103", "CI104"],
            "Removed and deprecated fields are reported; whether the cluster runs a patched version is not in the configuration.")),
    ];
    Framework {
        id: "nsa",
        title: "NSA/CISA Kubernetes Hardening Guide",
        version: "v1.2",
        description: "The hardening guidance published by the US National Security Agency and \
            the Cybersecurity and Infrastructure Security Agency. The guide numbers none of its \
            recommendations: the IDs NSA-1 to NSA-22 are Posture's numbering, one per \
            recommendation section, titled as the guide titles them.",
        cite: Cite::ByTitle("NSA/CISA Kubernetes Hardening Guide"),
        controls,
    }
}
