//! Share links, both ways. Decoding: any fragment, and any bytes behind a valid prefix (so the
//! inflater and the payload reader get exercised, not only the base64 check), must decode or
//! give an error, never panic and never allocate past the inflate cap. Redaction: the input
//! is planted as a secret into a config in each place redaction must reach (a Secret's data,
//! a comment, an anchor used through an alias, a document that does not parse, deep pack
//! values), and no with-config link text may still hold it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use posture_engine::secrets::is_placeholder as share_placeholder;
use posture_engine::share;

/// Fills `{}` in each template with the planted secret.
const PLACES: &[&str] = &[
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  k: \"{}\"\n",
    "a: 1 # password {}\n",
    "x: &v \"{}\"\nenv:\n  - {name: DB_PASSWORD, value: *v}\n",
    "kind: Secret\napiVersion: v1\ndata:\n  k: \"{}\"\n\tbroken: [\n",
    "packs:\n  - values: |\n      a:\n        values: |\n          b:\n            values: |\n              c:\n                values: |\n                  password: \"{}\"\n",
];

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = share::decode(text);
        plant(text);
    }
    let _ = share::decode_bytes_for_fuzzing(data);
});

fn plant(input: &str) {
    // A secret to look for: long enough to be unmistakable, and written so a double-quoted
    // YAML string holds it unchanged.
    let secret: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(40)
        .collect();
    // A mask such as `xxxx…` stands in for a secret and is rightly left alone.
    if secret.len() < 16 || share_placeholder(&secret) {
        return;
    }
    for place in PLACES {
        let config = place.replace("{}", &secret);
        if let Ok(r) = share::redact::redact(&config) {
            assert!(
                !r.text.contains(&secret),
                "a planted secret survived redaction:\n{}",
                r.text
            );
        }
    }
    // The input itself, as a config: whatever it holds, redacting must not panic.
    let _ = share::redact::redact(input);
}
