//! Replaces secret values in a config with `REDACTED` before the config travels in a link.
//!
//! A value is treated as secret when it sits in a Secret's `data`/`stringData`, under a key
//! whose name means a credential (`password`, `token`, …) or when its shape alone says so
//! (private keys, cloud keys, tokens: [`secrets::detect`]). Documents embedded in strings
//! (pack values, user-data) are searched too; where a secret's place inside such a string
//! cannot be mapped exactly, the whole string is replaced. Line numbers are kept, so a
//! re-check of the redacted text points at the same lines.

use crate::embed::{self, OffsetMap, MAX_EMBED_DEPTH};
use crate::secrets;
use crate::yaml::{load, Limits, Node, NodeId, ScalarStyle, Tree};

pub const MARK: &str = "REDACTED";

/// The redacted text and how many values were replaced.
#[derive(Debug, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub replaced: usize,
}

pub fn redact(text: &str) -> Redacted {
    let mut ranges = Vec::new();
    find(text, &OffsetMap::Identity, 0, &mut ranges);
    // Outer ranges first, so a whole replaced string swallows the values found inside it.
    ranges.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut replaced = 0;
    for (start, end) in ranges {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        let gone = &text[start..end];
        out.push_str(&replacement(gone));
        at = end;
        replaced += 1;
    }
    out.push_str(&text[at..]);
    Redacted {
        text: out,
        replaced,
    }
}

/// `REDACTED`, quoted like the value it replaces, followed by as many line breaks as the value
/// spanned so the lines after it keep their numbers.
fn replacement(gone: &str) -> String {
    let quote = match gone.chars().next() {
        Some(q @ ('"' | '\'')) if gone.ends_with(q) && !gone.contains('\n') => Some(q),
        _ => None,
    };
    let mut s = match quote {
        Some(q) => format!("{q}{MARK}{q}"),
        None => MARK.to_string(),
    };
    s.extend(std::iter::repeat_n('\n', gone.matches('\n').count()));
    s
}

/// Collects root-text byte ranges to replace. Returns true when `text` holds a secret whose
/// place could not be mapped to the root text (the caller then replaces the whole string).
fn find(text: &str, map: &OffsetMap, depth: usize, out: &mut Vec<(usize, usize)>) -> bool {
    let prepared = embed::neutralize_templates(text);
    let loaded = load(&prepared, &Limits::default());
    let tree = &loaded.tree;
    let mut unplaced = false;
    for doc in &loaded.documents {
        let mut secrets_here = Vec::new();
        walk(tree, doc.root, Place::Elsewhere, 0, &mut secrets_here);
        for node in secrets_here {
            let (start, end) = value_range(tree, node, &prepared);
            if map.is_exact() && (depth == 0 || !prepared[start..end].contains('\n')) {
                out.push((map.map(start), map.map(start) + (end - start)));
            } else {
                unplaced = true;
            }
        }
        if depth < MAX_EMBED_DEPTH {
            for candidate in embed::candidates(tree, doc.root) {
                let Some(inner) = tree.str(candidate.node) else {
                    continue;
                };
                let inner_map = embed::offset_map(tree, candidate.node, &prepared, inner, map);
                if find(inner, &inner_map, depth + 1, out) {
                    if map.is_exact() {
                        let (start, end) = value_range(tree, candidate.node, &prepared);
                        out.push((map.map(start), map.map(start) + (end - start)));
                    } else {
                        unplaced = true;
                    }
                }
            }
        }
    }
    unplaced
}

/// A scalar's range without the trailing line breaks a block scalar's range includes.
fn value_range(tree: &Tree, node: NodeId, text: &str) -> (usize, usize) {
    let (start, end) = tree.range(node);
    let end = end.min(text.len());
    let start = start.min(end);
    let trimmed = text[start..end].trim_end_matches(['\n', '\r', ' ', '\t']);
    (start, start + trimmed.len())
}

/// Where a node sits, for the rule that everything in a Secret's data is secret.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    SecretRoot,
    SecretData,
    Elsewhere,
}

/// Finds secret scalars below `id`.
fn walk(tree: &Tree, id: NodeId, place: Place, depth: usize, out: &mut Vec<NodeId>) {
    if depth > 200 {
        return;
    }
    match tree.node(id) {
        Node::Mapping(entries) => {
            // A Secret anywhere (a document, an item of a List) starts a Secret.
            let place = if tree.get_str(id, "kind") == Some("Secret")
                && tree.get(id, "apiVersion").is_some()
            {
                Place::SecretRoot
            } else {
                place
            };
            // `{name: DB_PASSWORD, value: …}` (env vars, Palette variables): the name names the value.
            let sibling_name = tree.get_str(id, "name");
            for e in entries {
                let key = match tree.str(e.key).unwrap_or("") {
                    "value" => sibling_name.unwrap_or("value"),
                    k => k,
                };
                match scalar_text(tree, e.value) {
                    Some(v) => {
                        let named = secrets::name_looks_secret(key) && !secrets::is_placeholder(v);
                        let secret =
                            place == Place::SecretData || named || secrets::detect(v).is_some();
                        if secret && !v.trim().is_empty() {
                            out.push(e.value);
                        }
                    }
                    None => {
                        let inner =
                            if place == Place::SecretRoot && matches!(key, "data" | "stringData") {
                                Place::SecretData
                            } else {
                                Place::Elsewhere
                            };
                        walk(tree, e.value, inner, depth + 1, out);
                    }
                }
            }
        }
        Node::Sequence(items) => {
            for item in items {
                match scalar_text(tree, *item) {
                    Some(v) if secrets::detect(v).is_some() => out.push(*item),
                    Some(_) => {}
                    None => walk(tree, *item, Place::Elsewhere, depth + 1, out),
                }
            }
        }
        Node::Scalar(_) | Node::Alias(_) => {}
    }
}

/// The text of a scalar written here (aliases are left alone: their anchor is redacted where
/// it is written). Numbers and booleans are not credentials.
fn scalar_text(tree: &Tree, id: NodeId) -> Option<&str> {
    let Node::Scalar(s) = tree.node(id) else {
        return None;
    };
    let v = tree.text(s);
    if s.style == ScalarStyle::Plain
        && (looks_numeric(v) || matches!(v, "true" | "false" | "null" | "~" | ""))
    {
        return Some("");
    }
    Some(v)
}

/// A plain number such as `8080`, `-1.5e3` or `0x1F` (checked by shape: parsing floats would
/// pull float tables into the page's bundle).
fn looks_numeric(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit())
        && v.len() < 24
        && v.bytes()
            .all(|b| b.is_ascii_hexdigit() || b"+-._xXoO".contains(&b))
        && v.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b"+-.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Redacted {
        redact(text)
    }

    #[test]
    fn secret_data_and_named_values_are_replaced() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata:\n  password: aHVudGVyMg==\nstringData:\n  url: \"postgres://u:p@db\"\n";
        let out = r(text);
        assert_eq!(out.replaced, 2);
        assert!(!out.text.contains("aHVudGVyMg"));
        assert!(!out.text.contains("postgres://"));
        assert!(out.text.contains("password: REDACTED\n"));
        assert!(out.text.contains("url: \"REDACTED\""));
        assert!(
            out.text.contains("name: db"),
            "names are not secrets: {}",
            out.text
        );
    }

    #[test]
    fn env_values_by_name_and_shape_and_line_numbers_kept() {
        let text = "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      env:\n        - {name: DB_PASSWORD, value: hunter2hunter2}\n        - {name: LOG, value: debug}\n        - {name: X, value: ghp_1234567890abcdefghijABCDEFGHIJ123456}\n";
        let out = r(text);
        assert_eq!(out.replaced, 2, "{}", out.text);
        assert!(!out.text.contains("hunter2"));
        assert!(!out.text.contains("ghp_"));
        assert!(out.text.contains("value: debug"));
        assert_eq!(out.text.lines().count(), text.lines().count());
    }

    #[test]
    fn block_scalar_keys_keep_the_line_count() {
        let text = "kind: Secret\napiVersion: v1\nmetadata: {name: tls}\nstringData:\n  tls.key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n    -----END PRIVATE KEY-----\n  other: x\n";
        let out = r(text);
        assert!(!out.text.contains("BEGIN PRIVATE"), "{}", out.text);
        assert_eq!(out.text.lines().count(), text.lines().count());
        let again = crate::yaml::load(&out.text, &Limits::default());
        assert!(again.errors.is_empty(), "{:?}\n{}", again.errors, out.text);
    }

    #[test]
    fn secrets_inside_pack_values_are_found() {
        let text = "spec:\n  template:\n    packs:\n      - name: app\n        tag: 1.0\n        values: |\n          auth:\n            adminPassword: s3cr3tP4ssw0rd!\n            user: admin\n";
        let out = r(text);
        assert!(!out.text.contains("s3cr3t"), "{}", out.text);
        assert!(out.text.contains("adminPassword: REDACTED"));
        assert!(out.text.contains("user: admin"));
    }

    #[test]
    fn unmappable_embedded_secrets_replace_the_whole_string() {
        let text = "spec:\n  template:\n    packs:\n      - name: app\n        values: \"auth:\\n  adminPassword: s3cr3tP4ssw0rd!\\n\"\n";
        let out = r(text);
        assert!(!out.text.contains("s3cr3t"), "{}", out.text);
        assert!(out.text.contains("values: \"REDACTED\""));
    }

    #[test]
    fn nothing_secret_means_nothing_changed() {
        for text in [
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {level: debug, port: \"8080\"}\n",
            "a: [\nbroken",
            "",
            "password: \"\"\npasswordPolicy: strict\ntoken: ${TOKEN}\nenabled: true\n",
        ] {
            let out = r(text);
            assert_eq!(out.replaced, 0, "{text}");
            assert_eq!(out.text, text);
        }
    }
}
