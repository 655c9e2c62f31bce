//! Reading inputs: files or standard input, as UTF-8 text, within the size limits.

use std::io::Read;

use posture_engine::report::escape_controls as safe;
use posture_engine::source::Position;

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
            Err(e) => {
                eprintln!("posture: {}: {}", safe(file), safe(&e.message));
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

/// Why an input could not be read.
pub struct Unreadable {
    pub message: String,
    /// Where the first byte that is not UTF-8 is, when that is why.
    pub at: Option<Position>,
}

impl From<String> for Unreadable {
    fn from(message: String) -> Unreadable {
        Unreadable { message, at: None }
    }
}

/// Reads a file (or standard input for `-`) as UTF-8 text, with one clear reason on failure.
pub fn read_input(path: &str) -> Result<String, Unreadable> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        // Opened first and asked about through the handle: one path lookup per file, not two.
        let file = std::fs::File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("cannot open: {e}"),
        })?;
        let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
        if meta.is_dir() {
            return Err("is a directory; name the files to check".to_string().into());
        }
        // One allocation of the right size (plus the byte that shows the end), not a doubling
        // series of copies.
        bytes.reserve(meta.len().min(MAX_INPUT_BYTES) as usize + 1);
        file.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "larger than {} MiB; split it into smaller files",
            MAX_INPUT_BYTES / 1024 / 1024
        )
        .into());
    }
    if let Some(text) = posture_engine::encoding::utf16(&bytes) {
        return text.map_err(Unreadable::from);
    }
    if bytes.contains(&0) {
        return Err(
            "looks like a binary file (it contains NUL bytes), not YAML or JSON"
                .to_string()
                .into(),
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Valid UTF-8 up to the offset, so the line's text so far can be counted in UTF-16 too.
        let line_so_far = std::str::from_utf8(&before[line_start..]).unwrap_or_default();
        Unreadable {
            message: format!("is not valid UTF-8 text (invalid byte at offset {offset})"),
            at: Some(Position {
                offset,
                line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
                column: offset - line_start + 1,
                column_utf16: line_so_far.encode_utf16().count() + 1,
            }),
        }
    })
}
