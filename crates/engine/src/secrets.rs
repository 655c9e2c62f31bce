//! Recognising secret material in text, and masking it before it is shown anywhere.
//!
//! No regex engine: each pattern is a few lines of byte checks, which keeps the wasm small and
//! the cost linear.

/// What a value was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    PrivateKey,
    AwsAccessKeyId,
    Jwt,
    GitHubToken,
    GitLabToken,
    SlackToken,
    SlackWebhook,
    StripeKey,
    GoogleApiKey,
    HighEntropy,
}

impl SecretKind {
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::PrivateKey => "a private key",
            SecretKind::AwsAccessKeyId => "an AWS access key ID",
            SecretKind::Jwt => "a JSON Web Token",
            SecretKind::GitHubToken => "a GitHub token",
            SecretKind::GitLabToken => "a GitLab token",
            SecretKind::SlackToken => "a Slack token",
            SecretKind::SlackWebhook => "a Slack webhook URL",
            SecretKind::StripeKey => "a Stripe secret key",
            SecretKind::GoogleApiKey => "a Google API key",
            SecretKind::HighEntropy => "a random-looking credential",
        }
    }
}

/// Masks a secret for display: at most the first 4 characters, then its length.
pub fn mask(value: &str) -> String {
    let shown: String = value
        .chars()
        .take(4.min(value.chars().count() / 4))
        .collect();
    format!("{shown}… ({} chars, masked)", value.chars().count())
}

/// True for values that stand in for a secret rather than being one: empty, Palette's export
/// mask and other redaction masks (`aUAxxxxxxxxx0ChYCrO`), template placeholders and their
/// leftovers, shell and environment variable references (`$TOKEN`, `${TOKEN}`, `$(TOKEN)`).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '•')
        || v.starts_with("$(")
        || v.starts_with("${")
        || is_variable(v)
        || v.starts_with("{{")
        || v.contains("{{") && v.contains("}}")
        || v.starts_with("<%") && v.ends_with("%>")
        || v.starts_with("%{") && v.ends_with('}')
        || v.starts_with('<') && v.ends_with('>')
        || v.len() > 4 && v.starts_with("__") && v.ends_with("__")
        || has_mask_run(v)
        || matches!(
            v.to_ascii_lowercase().as_str(),
            "redacted" | "<redacted>" | "changeme-in-secret" | "null" | "none" | "true" | "false"
        )
}

/// `$NAME`: a shell or environment variable, filled in when the config is used.
fn is_variable(v: &str) -> bool {
    // By convention `$DB_PASSWORD` or `$db_password`: one case, and an underscore in a
    // lower-case name, so that a password which merely starts with `$` is not taken for one.
    v.strip_prefix('$').is_some_and(|name| {
        let upper = !name.chars().any(|c| c.is_ascii_lowercase());
        let lower = !name.chars().any(|c| c.is_ascii_uppercase()) && name.contains('_');
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && (upper || lower)
    })
}

/// Five or more mask characters in a row (`xxxxx`, `*****`, `•••••`, `#####`): a value that
/// was masked, in part or whole, before it was pasted. Random credentials do not do that, and
/// template placeholders replaced by `x`s (see `embed::neutralize_templates`) end up here too.
fn has_mask_run(v: &str) -> bool {
    let mut run = 0;
    let mut last = None;
    for c in v.chars() {
        if matches!(c, 'x' | 'X' | '*' | '•' | '#') && last == Some(c) {
            run += 1;
        } else {
            run = 1;
        }
        last = Some(c);
        if run >= 5 && matches!(c, 'x' | 'X' | '*' | '•' | '#') {
            return true;
        }
    }
    false
}

/// True when a Secret's entry plainly holds no secret: its name is not a credential's, and its
/// value is configuration without any credential in it (`default_timezone = UTC`), a number, a
/// host name or a URL without user information. Values are read decoded (see
/// [`decode_base64`]). Anything else, a single unexplained word included, may be a password.
pub fn plainly_not_secret(name: &str, value: &str) -> bool {
    let v = value.trim();
    if is_placeholder(v) {
        return true;
    }
    if name_looks_secret(name) || detect(v).is_some() {
        return false;
    }
    let separators = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '=' | ':' | ',' | ';' | '"' | '\'' | '[' | ']' | '{' | '}'
            )
    };
    if v.split(separators).any(looks_random) {
        return false;
    }
    // A URL with user information (`https://user:pass@host`) carries a credential.
    if v.contains("://")
        && v.split("://").skip(1).any(|rest| {
            rest.split(['/', ' ', '\n'])
                .next()
                .is_some_and(|host| host.contains('@'))
        })
    {
        return false;
    }
    // Configuration text: every `name = value` or `name: value` line names no credential.
    let assignments: Vec<(&str, &str)> = v
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                return None;
            }
            let at = line.find(['=', ':'])?;
            Some((line[..at].trim(), line[at + 1..].trim()))
        })
        .collect();
    if !assignments.is_empty() {
        return assignments
            .iter()
            .all(|(k, val)| !name_looks_secret(k) || is_placeholder(val));
    }
    let number = !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.');
    let host = v.contains('.')
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        && v.split('.').all(|label| !label.is_empty());
    let url = v.contains("://") && !v.contains(char::is_whitespace);
    number || host || url
}

/// Whether an entry of a Secret's `data` (base64, `encoded`) or `stringData` may hold a secret:
/// it has a value that is no placeholder and not [`plainly_not_secret`].
pub fn secret_entry_holds_secret(
    tree: &crate::yaml::Tree,
    entry: crate::yaml::Entry,
    encoded: bool,
) -> bool {
    let Some(raw) = tree.str(entry.value) else {
        return false;
    };
    if is_placeholder(raw) {
        return false;
    }
    let name = tree.str(entry.key).unwrap_or("");
    let decoded = if encoded { decode_base64(raw) } else { None };
    let value = decoded.as_deref().unwrap_or(raw);
    !plainly_not_secret(name, value)
}

/// Decodes standard base64 (what a Secret's `data` holds), `None` if it is not base64 or not
/// UTF-8 text.
pub fn decode_base64(text: &str) -> Option<String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Names of fields and variables that conventionally hold credentials.
pub fn name_looks_secret(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    const HINTS: &[&str] = &[
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "apikey",
        "accesskey",
        "privatekey",
        "credential",
        "clientsecret",
        "authkey",
        "signingkey",
        "encryptionkey",
        "passphrase",
        "connectionstring",
        "dsn",
    ];
    const NOT: &[&str] = &[
        "tokenurl",
        "tokenendpoint",
        "secretname",
        "secretref",
        "passwordpolicy",
        "tokenttl",
        "tokenpath",
        "secretpath",
        "keyref",
        // Names of where a credential is kept, not the credential: Helm charts' conventions.
        "existingsecret",
        "passwordkey",
        "secretkeyname",
        "tokenkey",
        // Where a value is read from (cert-manager's `inject-ca-from-secret: ns/name`).
        "fromsecret",
    ];
    HINTS.iter().any(|h| n.contains(h)) && !NOT.iter().any(|x| n.ends_with(x))
}

/// Recognises a secret by its shape alone.
pub fn detect(value: &str) -> Option<SecretKind> {
    let v = value.trim();
    if v.len() < 8 || is_placeholder(v) {
        return None;
    }
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some(SecretKind::PrivateKey);
    }
    for word in
        v.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '=' || c == ',')
    {
        if let Some(kind) = detect_token(word) {
            return Some(kind);
        }
    }
    None
}

fn detect_token(w: &str) -> Option<SecretKind> {
    let b = w.as_bytes();
    let upper_digits = |s: &[u8]| {
        s.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let token_chars = |s: &[u8]| {
        s.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
    };
    for prefix in ["AKIA", "ASIA"] {
        if b.len() == 20 && w.starts_with(prefix) && upper_digits(&b[4..]) {
            return Some(SecretKind::AwsAccessKeyId);
        }
    }
    if w.starts_with("eyJ") {
        let parts: Vec<&str> = w.split('.').collect();
        if parts.len() == 3
            && parts[1].starts_with("eyJ")
            && parts
                .iter()
                .all(|p| p.len() >= 4 && token_chars(p.as_bytes()))
        {
            return Some(SecretKind::Jwt);
        }
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"] {
        if w.starts_with(prefix) && b.len() >= prefix.len() + 20 && token_chars(b) {
            return Some(SecretKind::GitHubToken);
        }
    }
    if w.starts_with("glpat-") && b.len() >= 26 && token_chars(b) {
        return Some(SecretKind::GitLabToken);
    }
    for prefix in ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"] {
        if w.starts_with(prefix) && b.len() >= 20 && token_chars(b) {
            return Some(SecretKind::SlackToken);
        }
    }
    if w.starts_with("https://hooks.slack.com/services/") && b.len() > 50 {
        return Some(SecretKind::SlackWebhook);
    }
    if (w.starts_with("sk_live_") || w.starts_with("rk_live_")) && b.len() >= 24 && token_chars(b) {
        return Some(SecretKind::StripeKey);
    }
    if w.starts_with("AIza") && b.len() == 39 && token_chars(b) {
        return Some(SecretKind::GoogleApiKey);
    }
    None
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum()
}

/// A random-looking string of credential length: base64- or hex-like, no spaces, not a path,
/// URL, version or digest, with enough entropy that a person did not type it. Tuned so that
/// image digests, UUIDs, hostnames and ordinary words do not qualify.
pub fn looks_random(value: &str) -> bool {
    let v = value.trim();
    if v.len() < 20 || v.len() > 512 || v.starts_with("sha256:") || v.contains("://") {
        return false;
    }
    let base64ish = v
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'_' | b'-'));
    if !base64ish || v.matches('/').count() > 2 || v.matches('-').count() > 4 {
        return false;
    }
    let has_digit = v.bytes().any(|c| c.is_ascii_digit());
    let has_alpha = v.bytes().any(|c| c.is_ascii_alphabetic());
    if !(has_digit && has_alpha) {
        return false;
    }
    // Typed words (CamelCase, with a year at the end) switch character class rarely; machine
    // randomness switches about every other character.
    let class = |c: u8| match c {
        b'a'..=b'z' => 0,
        b'A'..=b'Z' => 1,
        b'0'..=b'9' => 2,
        _ => 3,
    };
    // An upper-case letter starting a lower-case word is how people write; it does not count.
    let switches = v
        .as_bytes()
        .windows(2)
        .filter(|w| class(w[0]) != class(w[1]) && !(class(w[0]) == 1 && class(w[1]) == 0))
        .count();
    if (switches as f64) < v.len() as f64 * 0.25 {
        return false;
    }
    let hex = v.bytes().all(|c| c.is_ascii_hexdigit());
    let threshold = if hex { 3.5 } else { 4.2 };
    entropy(v) >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_common_token_shapes() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        let cases = [
            ("AKIAIOSFODNN7EXAMPLE", SecretKind::AwsAccessKeyId),
            (jwt, SecretKind::Jwt),
            (
                "ghp_1234567890abcdefghijABCDEFGHIJ123456",
                SecretKind::GitHubToken,
            ),
            ("glpat-abcdefghij1234567890", SecretKind::GitLabToken),
            ("xoxb-123456789012-abcdefghijkl", SecretKind::SlackToken),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----",
                SecretKind::PrivateKey,
            ),
            ("sk_live_abcdefghijklmnop12345678", SecretKind::StripeKey),
            (
                "AIzaSyA-1234567890abcdefghijklmnopqrstu",
                SecretKind::GoogleApiKey,
            ),
            (
                "token=ghp_1234567890abcdefghijABCDEFGHIJ123456 rest",
                SecretKind::GitHubToken,
            ),
        ];
        for (value, kind) in cases {
            assert_eq!(detect(value), Some(kind), "{value}");
        }
        for value in [
            "nginx:1.27",
            "hello world",
            "AKIA-not-a-key",
            "eyJ.only",
            "********",
            "{{ .spectro.var.x }}",
        ] {
            assert_eq!(detect(value), None, "{value}");
        }
    }

    #[test]
    fn entropy_threshold_separates_credentials_from_ordinary_strings() {
        for random in [
            "1gsranjjmdgahm10j8r6m47ejokm9kafvcbhi3d48jlc3rfpprhv",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ] {
            assert!(looks_random(random), "{random}");
        }
        for ordinary in [
            "registry.example.com/team/app",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "123e4567-e89b-12d3-a456-426614174000x",
            "my-service-account-name",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
            "https://example.com/a/b/c/d",
            "ImagePullBackOffReason2024",
        ] {
            assert!(!looks_random(ordinary), "{ordinary}");
        }
    }

    #[test]
    fn placeholders_are_not_secrets() {
        for value in [
            "$TOKEN",
            "${TOKEN}",
            "$(DB_PASSWORD)",
            "$db_password_1",
            "aUAxxxxxxxxx0ChYCrO",
            "sk_live_************************",
            "{{ .Values.password }}",
            "prefix-{{ .Values.password }}",
            "prefix-xxxxxxxxxxxxxxxxxxx",
            "<%= ENV['TOKEN'] %>",
            "%{token}",
            "__API_TOKEN__",
            "#####",
        ] {
            assert!(is_placeholder(value), "{value}");
            assert_eq!(detect(value), None, "{value}");
        }
        for value in [
            "hunter2hunter2",
            "$ecretPa55",
            "s3cr3t$",
            "1gsranjjmdgahm10j8r6m47ejokm9kafvcbhi3d48jlc3rfpprhv",
            "xxx-abc",
        ] {
            assert!(!is_placeholder(value), "{value}");
        }
    }

    #[test]
    fn plainly_not_secret_values() {
        for (name, value) in [
            ("config.ini", "default_timezone = UTC\nlog_level = info\n"),
            ("settings", "region: eu-west-1\nreplicas: 3"),
            ("port", "5432"),
            ("host", "db.internal.example.com"),
            ("endpoint", "https://vault.example.com:8200/v1"),
            ("password", "${DB_PASSWORD}"),
        ] {
            assert!(plainly_not_secret(name, value), "{name}: {value}");
        }
        for (name, value) in [
            ("password", "UTC"),
            (
                "config.ini",
                "default_timezone = UTC\npassword = hunter2hunter2\n",
            ),
            ("value", "hunter2hunter2"),
            ("url", "postgres://app:hunter2@db:5432/app"),
            (
                "key",
                "1gsranjjmdgahm10j8r6m47ejokm9kafvcbhi3d48jlc3rfpprhv",
            ),
            (
                "cert",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
            ),
        ] {
            assert!(!plainly_not_secret(name, value), "{name}: {value}");
        }
        assert_eq!(
            decode_base64("ZGVmYXVsdF90aW1lem9uZSA9IFVUQw==").as_deref(),
            Some("default_timezone = UTC")
        );
        assert_eq!(decode_base64("not base64!"), None);
    }

    #[test]
    fn names_and_masks() {
        for name in [
            "DB_PASSWORD",
            "apiKey",
            "client-secret",
            "GITHUB_TOKEN",
            "aws_secret_access_key",
        ] {
            assert!(name_looks_secret(name), "{name}");
        }
        for name in ["LOG_LEVEL", "secretName", "tokenUrl", "DB_HOST"] {
            assert!(!name_looks_secret(name), "{name}");
        }
        assert_eq!(mask("hunter2hunter2"), "hun… (14 chars, masked)");
        assert_eq!(mask("abc"), "… (3 chars, masked)");
        assert!(!mask("supersecretvalue").contains("secretvalue"));
    }
}
