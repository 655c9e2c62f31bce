//! NSA/CISA Kubernetes Hardening Guide v1.2 (August 2022). The guide has no item numbers: the
//! IDs `NSA-1`… are Posture's, one per recommendation section, titled with the guide's section
//! titles. Which rules evaluate them, and the notes, are ours.

use std::borrow::Cow;

use super::{control, partial, r, rules, Check, Cite, Control, Framework};

const POD: &str = "Kubernetes Pod security";
const NET: &str = "Network separation and hardening";
const AUTH: &str = "Authentication and authorization";
const AUDIT: &str = "Audit logging and threat detection";
const UPGRADE: &str = "Upgrading and application security practices";

static CONTROLS: &[Control] = &[
    control("NSA-1", "Non-root containers and rootless container engines", POD, partial(&[r("LP112"), r("LP113"), r("LP116"), r("LP117")],
        "Containers' user settings are checked; whether the container engine itself runs rootless is a property of the node.")),
    control("NSA-2", "Immutable container file systems", POD, rules(&[r("DS111")])),
    control("NSA-3", "Building secure container images", POD, partial(&[r("DS101"), r("DS102"), r("DS103"), r("DS112")],
        "Image references are checked (pinned, not latest); scanning the images for vulnerabilities needs the images themselves.")),
    control("NSA-4", "Pod security enforcement", POD, rules(&[r("DD105"), r("DD106"), r("DD202"), r("DD208"), r("LP102"), r("LP103"), r("LP105")])),
    control("NSA-5", "Protecting Pod service account tokens", POD, rules(&[r("DF103"), r("LP114")])),
    control("NSA-6", "Hardening container environments", POD, partial(&[r("DF101"), r("DF102"), r("DD101"), r("DD102")],
        "Seccomp, AppArmor and SELinux settings are checked; sandboxed runtimes and the node's kernel hardening are not visible in configuration.")),
    control("NSA-7", "Namespaces", NET, Check::NoRule("A rule would look for workloads placed in the default namespace.")),
    control("NSA-8", "Network policies", NET, partial(&[r("DD104"), r("DD108"), r("DD205"), r("OB102"), r("DS113")],
        "Namespaces with workloads in the input are checked for a NetworkPolicy; what the policies allow is not judged.")),
    control("NSA-9", "Resource policies", NET, partial(&[r("DS104"), r("DS105"), r("DS106")],
        "Containers' requests and limits are checked; LimitRange and ResourceQuota objects are not yet taken into account.")),
    control("NSA-10", "Control plane hardening", NET, rules(&[r("DF202"), r("DF203"), r("DF211"), r("DD211"), r("LP305")])),
    control("NSA-11", "Etcd", NET, rules(&[r("DD207")])),
    control("NSA-12", "Kubeconfig files", NET, partial(&[r("LP303"), r("LP304")],
        "Only the file modes a configuration asks for are checked; the files on the node are not seen.")),
    control("NSA-13", "Worker node segmentation", NET, Check::NotCheckable("How nodes are placed in networks and firewalled is decided outside Kubernetes configuration.")),
    control("NSA-14", "Encryption", NET, rules(&[r("DF210"), r("OB105"), r("OB106"), r("OB107"), r("OB108"), r("OB109")])),
    control("NSA-15", "Secrets", NET, rules(&[r("DD204"), r("DD210"), r("OB101"), r("SH101"), r("SH102"), r("SH103"), r("SH104"), r("SH105"), r("SH112")])),
    control("NSA-16", "Protecting sensitive cloud infrastructure", NET, Check::NotCheckable("Access to the cloud provider's metadata service is controlled in the cloud account and the node's network, not in these files.")),
    control("NSA-17", "Authentication", AUTH, rules(&[r("DF201"), r("DF205"), r("DF206"), r("DF209"), r("SH108"), r("SH109"), r("SH111")])),
    control("NSA-18", "Role-based access control", AUTH, rules(&[
        r("DD201"), r("LP301"), r("LP302"), r("LP201"), r("LP202"), r("LP203"), r("LP204"), r("LP205"), r("LP206"), r("LP207"),
        r("LP208"), r("LP209"), r("LP210"), r("LP211"),
    ])),
    control("NSA-19", "Logging", AUDIT, partial(&[r("DD203"), r("DD206"), r("DD209")],
        "The API server's audit log is checked; node, container and application logging are set up outside these files.")),
    control("NSA-20", "Threat detection", AUDIT, Check::NotCheckable("Detection reads what a running cluster does; configuration text cannot show it.")),
    control("NSA-21", "Alerting", AUDIT, Check::NotCheckable("Alerts are raised by monitoring systems that watch the running cluster.")),
    control("NSA-22", "Upgrading and application security practices", UPGRADE, partial(&[r("CI101"), r("CI102"), r("CI103"), r("CI104")],
        "Removed and deprecated fields are reported; whether the cluster runs a patched version is not in the configuration.")),
];

pub(super) fn framework() -> Framework {
    Framework {
        id: "nsa",
        title: "NSA/CISA Kubernetes Hardening Guide",
        version: "v1.2",
        description: "The hardening guidance published by the US National Security Agency and \
            the Cybersecurity and Infrastructure Security Agency. The guide numbers none of its \
            recommendations: the IDs NSA-1 to NSA-22 are Posture's numbering, one per \
            recommendation section, titled as the guide titles them.",
        cite: Cite::ByTitle("NSA/CISA Kubernetes Hardening Guide"),
        controls: Cow::Borrowed(CONTROLS),
    }
}
