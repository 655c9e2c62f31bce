//! The rule catalogue. One file per rule; registering a rule is one line in [`ALL`].

use crate::rule::Rule;

/// A rule's examples. They are the rule's tests and its documentation (`posture explain`, the
/// generated rule reference); the web page leaves them out (`default-features = false`), as
/// they would cost its bundle about 20 KB of gzip for text it can link to instead.
#[cfg(feature = "examples")]
macro_rules! examples {
    ($($example:expr),* $(,)?) => { &[$($example),*] };
}
#[cfg(not(feature = "examples"))]
macro_rules! examples {
    ($($example:expr),* $(,)?) => {
        &[]
    };
}

/// Declares each rule module and lists it in [`ALL`]: one line per rule.
macro_rules! catalogue {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*

        /// Every rule, in catalogue order.
        pub static ALL: &[&Rule] = &[$(&$module::RULE),*];
    };
}

catalogue! {
    ci101_removed_api_version,
    ci102_deprecated_service_account_field,
    ci103_deprecated_apparmor_annotation,
    ci104_deprecated_seccomp_annotation,
    dd101_apparmor_unconfined,
    dd102_selinux_options,
    dd103_proc_mount_unmasked,
    dd104_namespace_without_network_policy,
    dd105_namespace_without_pod_security,
    dd106_namespace_pod_security_privileged,
    dd108_workload_not_isolated,
    dd201_authorization_node_rbac,
    dd202_admission_plugins_weakened,
    dd203_audit_log_missing,
    dd204_secrets_not_encrypted_at_rest,
    dd205_network_policy_disabled,
    dd206_audit_log_retention,
    dd207_etcd_exposed,
    dd208_pod_security_defaults_weak,
    dd209_audit_policy_weak,
    dd210_weak_encryption_provider,
    dd211_kubelet_certificate_authority_missing,
    df101_seccomp_unconfined,
    df102_seccomp_not_set,
    df103_automount_service_account_token,
    df201_apiserver_anonymous_auth,
    df202_admission_always_admit,
    df203_profiling_enabled,
    df204_kubelet_read_only_port,
    df205_kubelet_anonymous_auth,
    df206_palette_oidc_noauth,
    df207_local_ui_rate_limiting_disabled,
    df208_remote_shell_enabled,
    df209_cloud_init_root_login,
    df210_weak_tls_ciphers,
    df211_service_account_lookup_disabled,
    df212_certificate_rotation_off,
    df213_kubelet_kernel_defaults_unprotected,
    df214_kubelet_streaming_timeout_disabled,
    df215_kubelet_iptables_chains_off,
    ds101_mutable_image_tag,
    ds102_image_not_pinned_by_digest,
    ds103_image_pull_policy,
    ds104_resource_requests_missing,
    ds105_memory_limit_missing,
    ds106_cpu_limit_missing,
    ds107_liveness_probe_missing,
    ds108_readiness_probe_missing,
    ds109_single_replica,
    ds110_no_pod_disruption_budget,
    ds111_writable_root_filesystem,
    ds112_vm_container_disk_unpinned,
    ds113_ssh_port,
    ds900_document_not_evaluated,
    ds901_yaml11_boolean,
    ds902_duplicate_key,
    ds903_suppression_without_reason,
    ds904_binding_role_not_in_input,
    ds905_unrendered_template,
    lp101_host_process,
    lp102_privileged_container,
    lp103_host_namespaces,
    lp104_added_capabilities,
    lp105_capabilities_not_dropped,
    lp106_restricted_capabilities,
    lp107_host_path_volume,
    lp108_host_port,
    lp109_unsafe_sysctls,
    lp110_restricted_volume_types,
    lp111_privilege_escalation,
    lp112_run_as_non_root,
    lp113_run_as_root_user,
    lp114_default_service_account,
    lp115_host_probes,
    lp116_run_as_root_group,
    lp117_privileged_port,
    lp201_rbac_wildcard,
    lp202_cluster_admin_binding,
    lp203_binding_to_public_groups,
    lp204_rbac_read_secrets,
    lp205_rbac_pod_exec,
    lp206_rbac_create_workloads,
    lp207_rbac_escalate_bind_impersonate,
    lp208_rbac_nodes_proxy,
    lp209_rbac_service_account_token,
    lp210_rbac_approve_csr,
    lp211_rbac_admission_webhooks,
    lp301_authorization_always_allow,
    lp302_kubelet_authorization_always_allow,
    lp303_kubeconfig_world_readable,
    lp304_node_file_permissions,
    lp305_controller_manager_shared_credentials,
    ob101_base64_is_not_encryption,
    ob102_open_load_balancer,
    ob103_node_port_service,
    ob104_service_external_ips,
    ob105_ingress_without_tls,
    ob106_ingress_ssl_redirect_disabled,
    ob107_tls_verification_disabled,
    ob108_api_service_skips_tls_verification,
    ob109_container_skips_tls_verification,
    sh101_secret_in_env,
    sh102_secret_object_in_config,
    sh103_secret_in_configmap,
    sh104_secret_in_annotation,
    sh105_secret_as_env_var,
    sh106_profile_variable_not_sensitive,
    sh107_edge_plaintext_credentials,
    sh108_weak_os_password,
    sh109_cloud_init_password_login,
    sh110_vm_inline_user_data,
    sh111_kubeadm_bootstrap_token,
    sh112_credential_in_pack_values,
}

/// The catalogue's version: it changes whenever a rule is added, removed or changes meaning.
pub const CATALOGUE_VERSION: &str = "2026.11.5";

/// Looks a rule up by ID (`LP102`) or slug (`privileged-container`), ignoring case.
pub fn find(id_or_slug: &str) -> Option<&'static Rule> {
    // An exact ID first: reports and links name rules that way, a finding at a time, and the
    // comparison below costs several times more.
    ALL.iter()
        .copied()
        .find(|r| r.meta.id == id_or_slug)
        .or_else(|| {
            ALL.iter().copied().find(|r| {
                r.meta.id.eq_ignore_ascii_case(id_or_slug)
                    || r.meta.slug.eq_ignore_ascii_case(id_or_slug)
            })
        })
}

/// The severity of a finding of `rule` that stands for the `implies` rules too: the highest
/// of them all.
pub fn folded_severity(rule: &crate::rule::RuleMeta, implies: &[&str]) -> crate::model::Severity {
    implies
        .iter()
        .filter_map(|id| find(id))
        .map(|r| r.meta.severity)
        .fold(rule.severity, Ord::max)
}

/// Which part of a role rule a finding points at.
#[derive(Clone, Copy)]
pub(crate) enum Point {
    Resource,
    Verb,
}

/// The shared loop of the RBAC rules: for every role rule where `matched` names the resource
/// or verb that grants too much, report it there with the owning role. Rules with a `*` are
/// left to LP201, which reports each of them once with every power it implies (see [`POWERS`]).
pub(crate) fn report_role_rules(
    ctx: &crate::check::Context,
    sink: &mut crate::check::Sink,
    matched: fn(&crate::k8s::rbac::PolicyRule) -> Option<&'static str>,
    point: Point,
    message: impl Fn(&crate::k8s::rbac::PolicyRule, &str) -> String,
) {
    for r in ctx.policy_rules.iter().filter(|r| !r.has_wildcard()) {
        if let Some(hit) = matched(r) {
            let at = match point {
                Point::Resource => r.resource_node(hit),
                Point::Verb => r.verb_node(hit),
            };
            sink.report(at, message(r, hit))
                .resource(ctx.objects[r.object].label())
                .evidence(hit);
        }
    }
}

/// The shared check of the boolean control-plane flags: every configuration of `component`
/// where `flag` is set to `wrong` is reported there, with the setting as evidence and, when
/// `fixable`, the fix that sets it the other way (always safe for these flags).
pub(crate) fn report_flag(
    ctx: &crate::check::Context,
    sink: &mut crate::check::Sink,
    component: crate::k8s::flags::Component,
    flag: &'static str,
    wrong: bool,
    message: &'static str,
    fixable: bool,
) {
    for set in ctx.flag_sets.iter().filter(|s| s.component == component) {
        if let Some((value, node)) = set.is_true(flag) {
            if value != wrong {
                continue;
            }
            let raw = sink.report(node, message);
            raw.evidence(format!("{flag}={wrong}"));
            if fixable {
                let right = if wrong { "false" } else { "true" };
                raw.fix(|| {
                    crate::fix::helpers::set_flag(ctx, set, flag, right, crate::fix::Safety::Safe)
                });
            }
        }
    }
}

/// The shared check of what every container should declare: each container of a workload
/// (narrowed by `wanted`) without the field at `path` is reported at `at` (or the container),
/// saying it "has no `what`".
pub(crate) fn report_missing(
    ctx: &crate::check::Context,
    sink: &mut crate::check::Sink,
    wanted: fn(&crate::document::Object, &crate::k8s::pod::Container) -> bool,
    path: &[&str],
    at: &str,
    what: &str,
) {
    let tree = ctx.tree;
    for (_, obj, container) in ctx.containers() {
        if !wanted(obj, container) || tree.path(container.node, path).is_some() {
            continue;
        }
        let node = tree.get(container.node, at).unwrap_or(container.node);
        sink.report(
            node,
            format!("Container \"{}\" has no {what}.", container.name),
        )
        .resource(obj.label())
        .container(&container.name);
    }
}

/// DS107 and DS108: the own containers of long-running workloads without `probe` (init and
/// ephemeral containers are not probed).
pub(crate) fn report_missing_probe(
    ctx: &crate::check::Context,
    sink: &mut crate::check::Sink,
    probe: &'static str,
) {
    let wanted = |obj: &crate::document::Object, c: &crate::k8s::pod::Container| {
        crate::check::is_long_running(&obj.kind)
            && c.kind == crate::k8s::pod::ContainerKind::Container
    };
    report_missing(ctx, sink, wanted, &[probe], probe, probe);
}

/// A power a role rule can grant, as the RBAC rule that reports it sees it.
pub(crate) struct Power {
    pub id: &'static str,
    /// What the rule lets its subjects do, as a phrase (`read Secrets`).
    pub what: &'static str,
    pub matched: fn(&crate::k8s::rbac::PolicyRule) -> Option<&'static str>,
}

/// The powers of LP204–LP211, most severe first: what a wildcard rule is checked for.
pub(crate) static POWERS: &[Power] = &[
    Power {
        id: "LP207",
        what: "escalate, bind or impersonate, a path to every other right",
        matched: lp207_rbac_escalate_bind_impersonate::matched,
    },
    Power {
        id: "LP208",
        what: "reach the kubelet API through nodes/proxy",
        matched: lp208_rbac_nodes_proxy::matched,
    },
    Power {
        id: "LP210",
        what: "approve certificate signing requests",
        matched: lp210_rbac_approve_csr::matched,
    },
    Power {
        id: "LP204",
        what: "read Secrets",
        matched: lp204_rbac_read_secrets::matched,
    },
    Power {
        id: "LP211",
        what: "change admission webhooks",
        matched: lp211_rbac_admission_webhooks::matched,
    },
    Power {
        id: "LP209",
        what: "mint service account tokens",
        matched: lp209_rbac_service_account_token::matched,
    },
    Power {
        id: "LP205",
        what: "run commands in pods",
        matched: lp205_rbac_pod_exec::matched,
    },
    Power {
        id: "LP206",
        what: "create workloads",
        matched: lp206_rbac_create_workloads::matched,
    },
];

#[cfg(test)]
mod examples;

/// The shared loop of the Pod Security Standards rules: every violation of the pods that
/// `wanted` selects, with the tag naming the policy version, the levels it fails and the
/// control.
pub(crate) fn report_pss(
    ctx: &crate::check::Context,
    sink: &mut crate::check::Sink,
    wanted: impl Fn(&crate::k8s::pss::Violation) -> bool,
) {
    report_pss_with(ctx, sink, wanted, |v| v.message.clone());
}

/// The rule whose finding a privileged container makes redundant, for the restricted-level
/// violations privilege implies: seccomp not set (DF102), ALL not dropped (LP105), privilege
/// escalation not refused (LP111).
fn restated_by_privileged(v: &crate::k8s::pss::Violation) -> Option<&'static str> {
    use crate::k8s::pss::{Aspect, Control};
    match (v.control, v.aspect) {
        (Control::SeccompRestricted, Aspect::Missing) => Some("DF102"),
        (Control::CapabilitiesRestricted, Aspect::Missing) => Some("LP105"),
        (Control::AllowPrivilegeEscalation, _) => Some("LP111"),
        _ => None,
    }
}

/// [`report_pss`] with the rule's own wording of the message.
pub(crate) fn report_pss_with(
    ctx: &crate::check::Context,
    sink: &mut crate::check::Sink,
    wanted: impl Fn(&crate::k8s::pss::Violation) -> bool,
    message: impl Fn(&crate::k8s::pss::Violation) -> String,
) {
    use crate::k8s::pss::Control;
    // A privileged container has every capability, no seccomp filter and escalates whatever
    // those fields say: LP102's finding stands for those restricted-level failures too
    // (`implies`, so scores and Pod Security statuses still count them) instead of three more
    // findings that restate it.
    let fold = ctx.runs("LP102");
    for (pod, assessed) in ctx.pods.iter().zip(&ctx.pss) {
        let obj = ctx.object(pod);
        let privileged = |container: &Option<String>| {
            fold && container.is_some()
                && assessed.iter().any(|p| {
                    p.violation.control == Control::Privileged
                        && p.violation.container == *container
                })
        };
        for a in assessed.iter().filter(|a| wanted(&a.violation)) {
            let v = &a.violation;
            if restated_by_privileged(v).is_some() && privileged(&v.container) {
                continue;
            }
            let mut implied: Vec<&'static str> = Vec::new();
            if v.control == Control::Privileged && fold {
                implied = assessed
                    .iter()
                    .filter(|o| o.violation.container == v.container)
                    .filter_map(|o| restated_by_privileged(&o.violation))
                    .filter(|id| ctx.runs(id))
                    .collect();
                implied.dedup();
            }
            // Said before the Pod Security tag, which stays last (frameworks read it there).
            let also = if implied.is_empty() {
                String::new()
            } else {
                let what: Vec<&str> = implied
                    .iter()
                    .map(|id| match *id {
                        "DF102" => "no seccomp filter",
                        "LP105" => "every capability",
                        _ => "privilege escalation",
                    })
                    .collect();
                format!(
                    " That also means {} ({}).",
                    what.join(", "),
                    implied.join(", ")
                )
            };
            let raw = sink.report(v.node, format!("{}{also} {}", message(v), a.tag()));
            if !implied.is_empty() {
                raw.implies(implied);
            }
            raw.resource(obj.label());
            if let Some(c) = &v.container {
                raw.container(c);
            }
            if let Some(e) = &v.evidence {
                raw.evidence(e);
            }
            if raw.wants_fix() {
                if let Some(plan) = crate::fix::helpers::pss(ctx, pod, v) {
                    raw.fix(|| plan);
                }
            }
        }
    }
}
