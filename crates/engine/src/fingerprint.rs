//! Fingerprints: what makes a finding the same finding across edits, for baselines and
//! comparisons.
//!
//! A finding is identified by its rule, its file, its resource (`Kind/namespace/name`), its
//! container and the YAML path of the node it reports (see [`crate::yaml::path`]), never by its
//! line, message or severity: lines move when text is added above, and messages and severities
//! change when rules are refined. The fingerprint is a hash of those five parts, written as 32
//! hex digits; matching compares the parts themselves, so two different findings never match
//! by a hash collision.

use std::fmt::Write;

use crate::finding::Finding;

/// The name of the fingerprint scheme, as SARIF's `partialFingerprints` key. A change to what
/// goes into a fingerprint must change this name and the baseline file version.
pub const SCHEME: &str = "postureFingerprint/v1";

/// The parts that identify a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key<'a> {
    pub rule: &'a str,
    pub file: &'a str,
    pub resource: &'a str,
    pub container: &'a str,
    pub path: &'a str,
}

impl<'a> Key<'a> {
    pub fn of(f: &'a Finding) -> Self {
        Key {
            rule: f.rule_id,
            file: normalize_file(&f.file),
            resource: f.resource.as_deref().unwrap_or(""),
            container: f.container.as_deref().unwrap_or(""),
            path: &f.path,
        }
    }

    /// The same key for a file known by another name (when comparing two files or two
    /// directories, where the same file has different paths).
    pub fn in_file(self, file: &'a str) -> Self {
        Key {
            file: normalize_file(file),
            ..self
        }
    }

    /// The key a finding of `rule` has where this one folds it in (see
    /// [`Finding::implies`]): same file, resource and container, any node.
    pub fn folded(self, rule: &'a str) -> Self {
        Key {
            rule,
            path: "",
            ..self
        }
    }

    /// The fingerprint: 32 hex digits of a 128-bit FNV-1a hash of the parts, each preceded by
    /// its length so that no two different keys spell the same bytes.
    pub fn fingerprint(&self) -> String {
        let mut hash = Fnv128::default();
        hash.write(SCHEME.as_bytes());
        for part in [
            self.rule,
            self.file,
            self.resource,
            self.container,
            self.path,
        ] {
            hash.write(&(part.len() as u64).to_le_bytes());
            hash.write(part.as_bytes());
        }
        let mut out = String::with_capacity(32);
        let _ = write!(out, "{:032x}", hash.0);
        out
    }
}

/// A file name as fingerprints use it: without a leading `./`, so `./deploy/app.yaml` and
/// `deploy/app.yaml` are one file.
pub fn normalize_file(name: &str) -> &str {
    let mut name = name;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    name
}

/// FNV-1a, 128 bits: small, stable across platforms and versions, no dependency.
struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }
}

impl Fnv128 {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u128::from(*b);
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }
}

/// FNV-1a, 64 bits, for shortening long path segments.
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(path: &'a str, container: &'a str) -> Key<'a> {
        Key {
            rule: "LP102",
            file: "a.yaml",
            resource: "Pod/default/p",
            container,
            path,
        }
    }

    #[test]
    fn known_values_stay_put() {
        // The FNV-1a reference values: an empty input is the offset basis, "a" is published.
        assert_eq!(hash64(b""), 0xcbf29ce484222325);
        assert_eq!(hash64(b"a"), 0xaf63dc4c8601ec8c);
        let mut h = Fnv128::default();
        h.write(b"a");
        assert_eq!(h.0, 0xd228cb696f1a8caf78912b704e4a8964);
        // A fingerprint must never change for the same parts (baselines on disk rely on it).
        assert_eq!(
            key(
                "spec.containers[name=app].securityContext.privileged",
                "app"
            )
            .fingerprint(),
            key(
                "spec.containers[name=app].securityContext.privileged",
                "app"
            )
            .fingerprint()
        );
        assert_eq!(key("x", "").fingerprint().len(), 32);
    }

    #[test]
    fn every_part_counts_and_parts_do_not_run_together() {
        let base = key("a.b", "c");
        assert_ne!(base.fingerprint(), key("a.b", "").fingerprint());
        assert_ne!(base.fingerprint(), key("a.bc", "").fingerprint());
        assert_ne!(
            key("ab", "").fingerprint(),
            Key {
                resource: "Pod/default/pa",
                ..key("b", "")
            }
            .fingerprint()
        );
        assert_ne!(
            base.fingerprint(),
            Key {
                rule: "LP103",
                ..base
            }
            .fingerprint()
        );
    }

    #[test]
    fn leading_dot_slash_is_the_same_file() {
        assert_eq!(normalize_file("././a/b.yaml"), "a/b.yaml");
        assert_eq!(
            key("p", "").in_file("./a.yaml").fingerprint(),
            key("p", "").fingerprint()
        );
    }
}
