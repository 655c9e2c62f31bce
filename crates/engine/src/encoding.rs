//! Text files saved as UTF-16, read the same way by the CLI and the page.

/// Text saved as UTF-16 (Windows editors and PowerShell redirection do that): decoded when it
/// starts with a byte-order mark, named when it only looks like UTF-16 (ASCII with every other
/// byte NUL). `None` for anything else.
pub fn utf16(bytes: &[u8]) -> Option<Result<String, String>> {
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

#[cfg(test)]
mod tests {
    use super::utf16;

    fn encode(text: &str, little: bool) -> Vec<u8> {
        let mut out = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend(if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn decodes_both_byte_orders_and_names_what_it_cannot() {
        let text = "kind: Pod # é ✓ 🙂\n";
        assert_eq!(utf16(&encode(text, true)), Some(Ok(text.to_string())));
        assert_eq!(utf16(&encode(text, false)), Some(Ok(text.to_string())));
        let mut odd = encode(text, true);
        odd.push(0);
        assert!(utf16(&odd)
            .unwrap()
            .unwrap_err()
            .contains("odd number of bytes"));
        let no_bom: Vec<u8> = "ab".bytes().flat_map(|b| [b, 0]).collect();
        assert!(utf16(&no_bom)
            .unwrap()
            .unwrap_err()
            .contains("without a byte-order mark"));
        assert_eq!(utf16(b"kind: Pod\n"), None);
    }
}
