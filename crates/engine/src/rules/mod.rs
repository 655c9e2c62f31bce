//! The rule catalogue. One file per rule; registering a rule is one line in [`ALL`].

use crate::rule::Rule;

mod ds101_mutable_image_tag;
mod ds102_image_not_pinned_by_digest;
mod ds900_document_not_evaluated;
mod ds901_yaml11_boolean;
mod ds902_duplicate_key;
mod lp102_privileged_container;
mod lp103_host_namespaces;

/// Every rule, in catalogue order.
pub static ALL: &[&Rule] = &[
    &ds101_mutable_image_tag::RULE,
    &ds102_image_not_pinned_by_digest::RULE,
    &ds900_document_not_evaluated::RULE,
    &ds901_yaml11_boolean::RULE,
    &ds902_duplicate_key::RULE,
    &lp102_privileged_container::RULE,
    &lp103_host_namespaces::RULE,
];

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
