//! The rule catalogue. One file per rule; registering a rule is one line in [`ALL`].

use crate::rule::Rule;

/// Declares each rule module and lists it in [`ALL`]: one line per rule.
macro_rules! catalogue {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*

        /// Every rule, in catalogue order.
        pub static ALL: &[&Rule] = &[$(&$module::RULE),*];
    };
}

catalogue! {
    ds101_mutable_image_tag,
    ds102_image_not_pinned_by_digest,
    ds900_document_not_evaluated,
    ds901_yaml11_boolean,
    ds902_duplicate_key,
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
}

/// The catalogue's version: it changes whenever a rule is added, removed or changes meaning.
pub const CATALOGUE_VERSION: &str = "2026.11.1";

/// Looks a rule up by ID (`LP102`) or slug (`privileged-container`), ignoring case.
pub fn find(id_or_slug: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| {
        r.meta.id.eq_ignore_ascii_case(id_or_slug) || r.meta.slug.eq_ignore_ascii_case(id_or_slug)
    })
}

#[cfg(test)]
mod examples;
