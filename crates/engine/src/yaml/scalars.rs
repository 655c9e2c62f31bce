//! Reading scalars the way the Kubernetes API server's YAML decoder reads them.
//!
//! The API server turns YAML into JSON with `sigs.k8s.io/yaml`, which decodes with go-yaml v2.
//! That decoder follows YAML 1.1 for plain scalars, so `yes`, `on` and `y` are booleans there,
//! while a YAML 1.2 reader (and most editors' highlighting) sees strings. Views read booleans
//! with Kubernetes' eyes and remember when the spelling was one a reader could mistake.
//!
//! Explicit tags change the reading, and every accessor here goes through [`kind`] so that all
//! rules see the same thing:
//!
//! * no tag: a plain scalar is resolved from its spelling; a quoted or block scalar is a string.
//! * `!!str`: a string, whatever it looks like (`!!str true` is the text "true", which a boolean
//!   field rejects).
//! * `!!bool`, `!!int`, `!!float`: the text is resolved as if it were plain, whatever its style
//!   (`!!int "0"` is the number 0). When the text does not fit the tag, go-yaml refuses the
//!   document; we read nothing.
//! * `!!null`: null.
//! * any other tag (`!custom`, `!`, `!!binary`, a `%TAG`-redefined `!!`): go-yaml keeps the
//!   text as a string, so here it is read as neither boolean, number nor null. A field that
//!   needs a boolean or a number would make the API server reject the object.

use super::tree::{NodeId, Scalar, ScalarStyle, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolSpelling {
    /// `true` / `false` in any case: unambiguous.
    Canonical,
    /// `yes`, `no`, `on`, `off`, `y`, `n` (any case): a boolean to Kubernetes only.
    Yaml11,
}

/// The core schema's tags as the parser reports them once `!!` is expanded.
const TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// How the decoder will treat a scalar's text, from its tag and style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Resolve the text by its spelling (a plain scalar, or an explicit bool/int/float tag).
    Resolve(Expect),
    /// A string: quoted or block without a tag, `!!str`, or a tag the decoder does not know.
    Text,
    /// `!!null`.
    Null,
}

/// What an explicit tag asks the text to be. `Any` is an untagged plain scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Any,
    Bool,
    Int,
    Float,
}

fn kind(s: &Scalar) -> Kind {
    let Some(tag) = s.tag.as_deref() else {
        return if s.style == ScalarStyle::Plain {
            Kind::Resolve(Expect::Any)
        } else {
            Kind::Text
        };
    };
    // The parser expands `!!bool` to `tag:yaml.org,2002:bool`; accept the short form too in
    // case a tree was built by other means.
    let name = tag
        .strip_prefix(TAG_PREFIX)
        .or_else(|| tag.strip_prefix("!!"));
    match name {
        Some("bool") => Kind::Resolve(Expect::Bool),
        Some("int") => Kind::Resolve(Expect::Int),
        Some("float") => Kind::Resolve(Expect::Float),
        Some("null") => Kind::Null,
        // `!!str`, `!!binary`, local tags, the bare `!`: text to go-yaml.
        _ => Kind::Text,
    }
}

/// True when Kubernetes would decode this node as null: an untagged plain `~`, `null` (in
/// three casings) or nothing, or any text tagged `!!null` (go-yaml refuses `!!null` on a text
/// that is not a null spelling, so nothing else can come of it).
pub fn k8s_null(tree: &Tree, id: NodeId) -> bool {
    let Some(s) = tree.scalar(id) else {
        return false;
    };
    match kind(s) {
        Kind::Null => true,
        Kind::Resolve(Expect::Any) => {
            matches!(tree.text(s), "" | "~" | "null" | "Null" | "NULL")
        }
        _ => false,
    }
}

/// The boolean Kubernetes would decode from this node, if any. Untagged quoted text is a
/// string, not a boolean (the API server would reject it in a boolean field); `!!bool` makes
/// any style a boolean when its text spells one.
pub fn k8s_bool(tree: &Tree, id: NodeId) -> Option<(bool, BoolSpelling)> {
    let s = tree.scalar(id)?;
    match kind(s) {
        Kind::Resolve(Expect::Any | Expect::Bool) => bool_spelling(tree.text(s)),
        _ => None,
    }
}

fn bool_spelling(text: &str) -> Option<(bool, BoolSpelling)> {
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
/// octal, `0b` binary, with an optional sign and `_` separators. A float with no fractional
/// part (`0.0`, `1e+3`) counts too: the YAML is turned into JSON first, where such a float is
/// written as a whole number, and an integer field accepts it.
pub fn k8s_int(tree: &Tree, id: NodeId) -> Option<i64> {
    let s = tree.scalar(id)?;
    let expect = match kind(s) {
        Kind::Resolve(e) => e,
        Kind::Text | Kind::Null => return None,
    };
    if expect == Expect::Bool {
        return None;
    }
    let text = tree.text(s);
    if let Some(n) = parse_int(text) {
        return Some(n);
    }
    // `!!int 1.0` is refused by the decoder; untagged and `!!float` floats pass through JSON.
    if expect == Expect::Int {
        return None;
    }
    float_as_int(text)
}

/// go-yaml's integer spellings (it hands the text, `_` removed, to Go's `ParseInt` with base
/// 0): an optional sign, then `0x`, `0o`, `0b` or a leading `0` (octal) or plain decimal.
fn parse_int(text: &str) -> Option<i64> {
    let v = text.replace('_', "");
    let (neg, body) = match v.as_bytes().first() {
        Some(b'-') => (true, &v[1..]),
        Some(b'+') => (false, &v[1..]),
        _ => (false, &v[..]),
    };
    let prefix = body.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match prefix.as_deref() {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        _ => (10, body),
    };
    // Checked here because `from_str_radix` would also take a sign of its own.
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// The whole number a go-yaml v2 float stands for, if it stands for one. Floats are text that
/// starts with `.` (handed to Go's `ParseFloat` as it is), or text that, `_` removed, matches
/// `[-+]?[0-9]*\.?[0-9]+([eE][-+][0-9]+)?` (so `1e3` and `2.` are strings there). Worked out on
/// the decimal digits rather than through `f64`, which would be exact only below 2^53 anyway
/// and would pull a float parser into the page; larger values are not read.
fn float_as_int(text: &str) -> Option<i64> {
    let go_parse_float = text.starts_with('.');
    if go_parse_float && text.contains('_') {
        return None;
    }
    let v = text.replace('_', "");
    let (neg, body) = match v.as_bytes().first() {
        Some(b'-') => (true, &v[1..]),
        Some(b'+') => (false, &v[1..]),
        _ => (false, &v[..]),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) if !f.is_empty() => (w, f),
        Some(_) => return None,
        None if !mantissa.is_empty() => (mantissa, ""),
        None => return None,
    };
    if !(digits(whole) && digits(fraction)) {
        return None;
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let signed = e.starts_with(['+', '-']);
            let magnitude = if signed { &e[1..] } else { e };
            if !(signed || go_parse_float) || magnitude.is_empty() || !digits(magnitude) {
                return None;
            }
            // Beyond this the number is 0 or far too large for an integer field.
            let m: i64 = magnitude.parse().ok().filter(|m| *m < 1000)?;
            if e.starts_with('-') {
                -m
            } else {
                m
            }
        }
    };
    // The value is 0.DIGITS × 10^point; it is whole when no non-zero digit falls after the point.
    let all: String = [whole, fraction].concat();
    let all = all.trim_start_matches('0');
    let point = (whole.len() as i64 - (whole.len() + fraction.len() - all.len()) as i64) + exponent;
    if all.is_empty() {
        return Some(0);
    }
    if point < all.trim_end_matches('0').len() as i64 {
        return None;
    }
    // 2^53: past it a float no longer holds every whole number.
    const EXACT: u64 = 1 << 53;
    if point > 16 {
        return None;
    }
    // Digits after the point are all zeros (checked above): keep those before it, padded.
    let point = point as usize;
    let int_digits = all.get(..point).unwrap_or(all);
    let n: u64 = format!("{int_digits:0<point$}").parse().ok()?;
    if n > EXACT {
        return None;
    }
    Some(if neg { -(n as i64) } else { n as i64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_floats_parse_as_go_yaml_spells_them() {
        assert_eq!(parse_int("0"), Some(0));
        assert_eq!(parse_int("-0"), Some(0));
        assert_eq!(parse_int("+12"), Some(12));
        assert_eq!(parse_int("0b101"), Some(5));
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("0x-1"), None);
        assert_eq!(parse_int("0X1f"), Some(31));
        assert_eq!(parse_int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), None);
        assert_eq!(parse_int("08"), None);
        assert_eq!(parse_int("--1"), None);
        assert_eq!(parse_int("x1"), None);
        assert_eq!(parse_int(""), None);
        for (text, n) in [
            ("0.0", Some(0)),
            (".0", Some(0)),
            ("-0.0", Some(0)),
            ("1e+3", Some(1000)),
            ("1.5e+1", Some(15)),
            ("150e-1", Some(15)),
            ("15e-1", None),
            ("0.5", None),
            ("-2.0", Some(-2)),
            ("08", Some(8)),
            ("0.00", Some(0)),
            ("100.000", Some(100)),
            ("0.010e+2", Some(1)),
            (".5e3", Some(500)),
            ("1e3", None),
            (".", None),
            ("2.", None),
            (".inf", None),
            ("1.2.3", None),
            ("1e+99999", None),
            ("1e-99999", None),
            ("9007199254740993.0", None),
        ] {
            assert_eq!(float_as_int(text), n, "{text}");
        }
    }
}
