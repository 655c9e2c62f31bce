//! Reading scalars the way the Kubernetes API server's YAML decoder reads them.
//!
//! That decoder follows YAML 1.1 for plain scalars, so `yes`, `on` and `y` are booleans there,
//! while a YAML 1.2 reader (and most editors' highlighting) sees strings. Views read booleans
//! with Kubernetes' eyes and remember when the spelling was one a reader could mistake.

use super::tree::{NodeId, ScalarStyle, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolSpelling {
    /// `true` / `false` in any case: unambiguous.
    Canonical,
    /// `yes`, `no`, `on`, `off`, `y`, `n` (any case): a boolean to Kubernetes only.
    Yaml11,
}

/// The boolean Kubernetes would decode from this node, if any. Quoted text is a string, not a
/// boolean (the API server would reject it in a boolean field), so only plain scalars count.
pub fn k8s_bool(tree: &Tree, id: NodeId) -> Option<(bool, BoolSpelling)> {
    let s = tree.scalar(id)?;
    if s.style != ScalarStyle::Plain || s.tag.as_deref().is_some_and(|t| t != "!!bool") {
        return None;
    }
    let text = tree.text(s);
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    if text.len() > 5 {
        None
    } else if is("true") {
        Some((true, BoolSpelling::Canonical))
    } else if is("false") {
        Some((false, BoolSpelling::Canonical))
    } else if is("yes") || is("on") || is("y") {
        Some((true, BoolSpelling::Yaml11))
    } else if is("no") || is("off") || is("n") {
        Some((false, BoolSpelling::Yaml11))
    } else {
        None
    }
}

/// An integer as Kubernetes would decode it: decimal, `0x` hex, `0o` or YAML 1.1 leading-zero
/// octal, with an optional sign and `_` separators.
pub fn k8s_int(tree: &Tree, id: NodeId) -> Option<i64> {
    let s = tree.scalar(id)?;
    if s.style != ScalarStyle::Plain {
        return None;
    }
    let v = tree.text(s).replace('_', "");
    let (neg, digits) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(&v)),
    };
    let n = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<i64>().ok()?
    };
    Some(if neg { -n } else { n })
}
