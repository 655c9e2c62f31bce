//! The loader must never panic, hang or blow up memory on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use posture_engine::source::LineIndex;
use posture_engine::yaml::{load, Limits};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = load(text, &Limits::default());
    let lines = LineIndex::new(text);
    // Every node's range must lie inside the text, on character boundaries.
    for doc in &loaded.documents {
        for (id, _) in loaded.tree.descendants(doc.root) {
            let (start, end) = loaded.tree.range(id);
            assert!(start <= end && end <= text.len(), "range {start}..{end} of {}", text.len());
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            let _ = lines.position(text, start);
        }
    }
    for e in &loaded.errors {
        assert!(e.offset <= text.len());
    }
});
