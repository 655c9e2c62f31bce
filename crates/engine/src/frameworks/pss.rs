//! The Pod Security Standards as two frameworks, baseline and restricted, built from the
//! controls of `k8s::pss` (the one place the standards are written down), with the profile
//! each level runs at the newest policy version.

use super::{Check, Cite, Control, Framework, Only, RuleRef};
use crate::k8s::pss::{self, Level, LATEST};

/// The rules that report a control's violations (its family's, for the restricted forms).
fn rules_of(control: pss::Control) -> &'static [&'static str] {
    use pss::Control as C;
    match control {
        C::HostProcess => &["LP101"],
        C::HostNamespaces => &["LP103"],
        C::Privileged => &["LP102"],
        C::CapabilitiesBaseline => &["LP104"],
        C::HostPathVolumes => &["LP107"],
        C::HostPorts => &["LP108"],
        C::AppArmor => &["DD101"],
        C::SeLinux => &["DD102"],
        C::ProcMount | C::ProcMountRestricted => &["DD103"],
        C::SeccompBaseline => &["DF101"],
        C::Sysctls => &["LP109"],
        C::HostProbes => &["LP115"],
        C::RestrictedVolumes => &["LP110", "LP107"],
        C::AllowPrivilegeEscalation => &["LP111"],
        C::RunAsNonRoot => &["LP112"],
        C::RunAsUser => &["LP113"],
        C::SeccompRestricted => &["DF101", "DF102"],
        C::CapabilitiesRestricted => &["LP104", "LP105", "LP106"],
    }
}

pub(super) fn framework(level: Level) -> Framework {
    let controls = pss::Control::ALL
        .into_iter()
        .filter(|c| c.active(level, LATEST))
        .map(|control| Control {
            id: control.id(),
            title: control.title(),
            section: control.level().name(),
            check: Check::Rules {
                rules: rules_of(control)
                    .iter()
                    .map(|&rule| RuleRef {
                        rule,
                        only: Only::Pss(level, control),
                    })
                    .collect::<Vec<_>>()
                    .into(),
                partial: None,
            },
        })
        .collect::<Vec<_>>()
        .into();
    match level {
        Level::Baseline => Framework {
            id: "pss-baseline",
            title: "Pod Security Standards: baseline",
            version: "latest",
            description: "The Kubernetes Pod Security Standards' baseline level: no known \
                privilege escalation from a pod. Controls are checked as the PodSecurity \
                admission controller checks them, at the policy version a Namespace pins, else \
                the newest one.",
            cite: Cite::ByTitle("Pod Security Standards (baseline)"),
            controls,
        },
        Level::Restricted => Framework {
            id: "pss-restricted",
            title: "Pod Security Standards: restricted",
            version: "latest",
            description: "The Kubernetes Pod Security Standards' restricted level: the baseline \
                controls plus current pod hardening practice. Where restricted replaces a \
                baseline control by a stricter form, only the stricter form is listed.",
            cite: Cite::ByTitle("Pod Security Standards (restricted)"),
            controls,
        },
    }
}
