//! Plans many rules share: a container's or pod's security setting, a Pod Security Standards
//! control, a control-plane or kubelet flag wherever it is written.

use super::plan::{Intent, Plan, Safety, Value};
use crate::check::Context;
use crate::k8s::flags::{self, FlagSet, Flavor};
use crate::k8s::pod::PodSpec;
use crate::k8s::pss::{Aspect, Control, Violation};
use crate::yaml::k8s_bool;

fn path(p: &[&str]) -> Vec<String> {
    p.iter().map(|s| s.to_string()).collect()
}

/// The fix of one Pod Security Standards violation, for the controls that have one.
pub(crate) fn pss(ctx: &Context, pod: &PodSpec, v: &Violation) -> Option<Plan> {
    let tree = ctx.tree;
    let container = v
        .container
        .as_deref()
        .and_then(|name| pod.containers.iter().find(|c| c.name == name))
        .map(|c| c.node);
    // Where a setting of this violation goes: its container, else the pod.
    let owner = container.unwrap_or(pod.spec);
    let field_set = v.evidence.as_deref().is_none_or(|e| e.starts_with("type:"));
    let plan = match v.control {
        Control::HostProcess => Plan::set(
            "Set securityContext.windowsOptions.hostProcess to false",
            Safety::Review("a Windows HostProcess container is built to run on the host and will not work without it"),
            owner,
            &["securityContext", "windowsOptions", "hostProcess"],
            Value::plain("false"),
        ),
        Control::HostNamespaces => {
            let key = v.evidence.as_deref()?.split(':').next()?.trim().to_string();
            Plan::set(
                format!("Set {key} to false"),
                Safety::Review("a pod that reads host processes or listens on the node's network will stop doing so"),
                pod.spec,
                &[key.as_str()],
                Value::plain("false"),
            )
        }
        Control::Privileged => Plan::set(
            "Set securityContext.privileged to false",
            Safety::Review("a container that really uses host devices or kernel settings will lose them"),
            container?,
            &["securityContext", "privileged"],
            Value::plain("false"),
        ),
        Control::CapabilitiesBaseline | Control::CapabilitiesRestricted
            if v.aspect != Aspect::Missing =>
        {
            let add = tree.path(container?, &["securityContext", "capabilities", "add"])?;
            let name = tree.str(v.node).unwrap_or("").to_string();
            Plan::new(
                format!("Remove {name} from securityContext.capabilities.add"),
                Safety::Review("the process loses what that capability let it do"),
                vec![Intent::RemoveItem {
                    seq: add,
                    item: v.node,
                }],
            )
        }
        Control::CapabilitiesRestricted => Plan::new(
            "Add ALL to securityContext.capabilities.drop",
            Safety::Review("a process that relies on a default capability (binding a low port, changing file owners) loses it"),
            vec![Intent::Append {
                at: container?,
                path: path(&["securityContext", "capabilities", "drop"]),
                item: Value::plain("ALL"),
            }],
        ),
        Control::AllowPrivilegeEscalation => {
            let c = container?;
            let privileged = tree
                .path(c, &["securityContext", "privileged"])
                .and_then(|n| k8s_bool(tree, n))
                .is_some_and(|(b, _)| b);
            if privileged {
                return Some(Plan::unavailable(
                    "Set securityContext.allowPrivilegeEscalation to false",
                    "the container is privileged, and Kubernetes refuses allowPrivilegeEscalation: false beside privileged: true; fix LP102 first",
                ));
            }
            Plan::set(
                "Set securityContext.allowPrivilegeEscalation to false",
                Safety::Safe,
                c,
                &["securityContext", "allowPrivilegeEscalation"],
                Value::plain("false"),
            )
        }
        Control::RunAsNonRoot => Plan::set(
            "Set securityContext.runAsNonRoot to true",
            Safety::Review("an image that runs as root (no USER, or USER 0) will no longer start"),
            owner,
            &["securityContext", "runAsNonRoot"],
            Value::plain("true"),
        ),
        Control::SeccompBaseline | Control::SeccompRestricted if field_set => Plan::set(
            "Set securityContext.seccompProfile.type to RuntimeDefault",
            Safety::Review("a program that makes system calls the runtime's default profile blocks will be stopped"),
            owner,
            &["securityContext", "seccompProfile", "type"],
            Value::plain("RuntimeDefault"),
        ),
        Control::AppArmor if field_set => Plan::set(
            "Set securityContext.appArmorProfile.type to RuntimeDefault",
            Safety::Review("a program the runtime's default AppArmor profile restricts may fail"),
            owner,
            &["securityContext", "appArmorProfile", "type"],
            Value::plain("RuntimeDefault"),
        ),
        Control::AppArmor => Plan::new(
            "Set the AppArmor annotation to runtime/default",
            Safety::Review("a program the runtime's default AppArmor profile restricts may fail"),
            vec![Intent::Replace {
                node: v.node,
                value: Value::text("runtime/default"),
            }],
        ),
        Control::SeccompBaseline | Control::SeccompRestricted => Plan::unavailable(
            "Set the seccomp profile to RuntimeDefault",
            "the profile is set in an annotation that policy versions before 1.19 read; move it to securityContext.seccompProfile by hand",
        ),
        Control::ProcMount | Control::ProcMountRestricted => Plan::set(
            "Set securityContext.procMount to Default",
            Safety::Review("a container that runs nested containers may need the unmasked /proc"),
            container?,
            &["securityContext", "procMount"],
            Value::plain("Default"),
        ),
        _ => return None,
    };
    Some(plan)
}

/// Sets a flag to `value` where the set writes its flags: replaces the value if the flag is
/// written, else adds it in the set's own shape (map entry, `name/value` item, `name=value`
/// item, KubeletConfiguration field).
pub(crate) fn set_flag(
    ctx: &Context,
    set: &FlagSet,
    name: &str,
    value: &str,
    safety: Safety,
) -> Plan {
    let tree = ctx.tree;
    let title = format!("Set {} to {value}", set.spelling(name));
    let kubelet_field = (set.flavor == Flavor::KubeletConfiguration)
        .then(|| flags::kubelet_field(name))
        .flatten();
    let typed = |plain: bool| {
        if plain {
            Value::plain(value)
        } else {
            Value::text(value)
        }
    };
    let intent = match (set.get(name), set.flavor) {
        (Some(flag), Flavor::K3sOrRke2) => {
            let written = tree.str(flag.node).unwrap_or("");
            let prefix = written.split_once('=').map_or(written, |(p, _)| p);
            Intent::Replace {
                node: flag.node,
                value: Value::text(format!("{prefix}={value}")),
            }
        }
        (Some(flag), _) => Intent::Replace {
            node: flag.node,
            value: typed(kubelet_field.is_some_and(|(_, plain)| plain)),
        },
        (None, Flavor::KubeletConfiguration) => {
            let Some((field, plain)) = kubelet_field else {
                return Plan::unavailable(
                    title,
                    "no KubeletConfiguration field is known for this flag",
                );
            };
            Intent::Set {
                at: set.args,
                path: path(field),
                value: typed(plain),
            }
        }
        (None, Flavor::K3sOrRke2) if tree.is_sequence(set.args) => Intent::Append {
            at: set.args,
            path: Vec::new(),
            item: Value::text(format!("{name}={value}")),
        },
        (None, Flavor::K3sOrRke2) => {
            return Plan::unavailable(title, "the arguments are one string, not a list");
        }
        (None, Flavor::Kubeadm) if tree.is_sequence(set.args) => Intent::Append {
            at: set.args,
            path: Vec::new(),
            item: Value::Map(vec![
                ("name".to_string(), Value::text(name)),
                ("value".to_string(), Value::text(value)),
            ]),
        },
        (None, Flavor::Kubeadm) => Intent::Set {
            at: set.args,
            // A component on kubeadm's defaults gets its `extraArgs` created first.
            path: set
                .args_path
                .iter()
                .map(|k| k.to_string())
                .chain([name.to_string()])
                .collect(),
            value: Value::text(value),
        },
    };
    Plan::new(title, safety, vec![intent])
}

/// Sets several flags of one set in one fix.
pub(crate) fn set_flags(
    ctx: &Context,
    set: &FlagSet,
    title: &str,
    values: &[(&str, String)],
    safety: Safety,
) -> Plan {
    let mut intents = Vec::new();
    for (name, value) in values {
        match set_flag(ctx, set, name, value, safety.clone()).intents {
            Ok(more) => intents.extend(more),
            Err(reason) => return Plan::unavailable(title, reason),
        }
    }
    Plan::new(title, safety, intents)
}

/// A string as a YAML scalar, for the text of a new document: plain when that reads back as
/// the same string, else quoted.
pub(crate) fn yaml_text(s: &str) -> String {
    super::edit::scalar_text(&Value::text(s))
}
