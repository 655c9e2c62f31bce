//! Reading inputs: files or standard input, as UTF-8 text, within the size limits.

use std::io::Read;

use posture_engine::report::escape_controls as safe;

/// Inputs larger than this are refused before reading them whole.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// All inputs of one `posture share` call together, which holds every text at once (`check`
/// streams instead: see docs/hostile-inputs.md).
pub const MAX_TOTAL_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads every file as (name, text); on the first failure says why on stderr and gives `None`.
pub fn read_all(files: &[String]) -> Option<Vec<(String, String)>> {
    let mut texts = Vec::new();
    let mut total: u64 = 0;
    for file in files {
        match read_input(file) {
            Ok(text) => {
                total += text.len() as u64;
                // Memory grows with the input; bound the whole call, not just each file.
                if total > MAX_TOTAL_INPUT_BYTES {
                    eprintln!(
                        "posture: {file}: the inputs of one call total more than {} MiB; \
                         check them in several calls",
                        MAX_TOTAL_INPUT_BYTES / 1024 / 1024
                    );
                    return None;
                }
                texts.push((file.clone(), text));
            }
            Err(message) => {
                eprintln!("posture: {}: {}", safe(file), safe(&message));
                return None;
            }
        }
    }
    Some(texts)
}

/// Whether a file's text starts with `#cloud-config` (after an optional UTF-8 byte-order
/// mark), reading only its first bytes.
pub fn starts_with_cloud_config(path: &std::path::Path) -> std::io::Result<bool> {
    const MARK: &[u8] = b"#cloud-config";
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)?
        .take(MARK.len() as u64 + 3)
        .read_to_end(&mut head)?;
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&head);
    Ok(head.starts_with(MARK))
}

/// Reads a file (or standard input for `-`) as UTF-8 text, with one clear reason on failure.
pub fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("cannot read: {e}"),
        })?;
        if meta.is_dir() {
            return Err("is a directory; name the files to check".to_string());
        }
        let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
        file.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "larger than {} MiB; split it into smaller files",
            MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    if let Some(text) = utf16(&bytes) {
        return text;
    }
    if bytes.contains(&0) {
        return Err("looks like a binary file (it contains NUL bytes), not YAML or JSON".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Text saved as UTF-16 (Windows editors and PowerShell redirection do that): decoded when it
/// starts with a byte-order mark, named when it only looks like UTF-16 (ASCII with every other
/// byte NUL). `None` for anything else.
fn utf16(bytes: &[u8]) -> Option<Result<String, String>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => {
            let pairs = bytes.len() / 2;
            let nul_at = |odd: usize| (0..pairs).all(|i| bytes[2 * i + odd] == 0);
            return (pairs > 0 && bytes.len().is_multiple_of(2) && (nul_at(0) || nul_at(1))).then(
                || Err("looks like UTF-16 text without a byte-order mark; save it as UTF-8".into()),
            );
        }
    };
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Some(Err(
            "is UTF-16 text with an odd number of bytes (cut short?)".into(),
        ));
    }
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let text: Result<String, _> = char::decode_utf16(units).collect();
    Some(text.map_err(|_| "is UTF-16 text but not valid UTF-16 (a lone surrogate)".to_string()))
}
