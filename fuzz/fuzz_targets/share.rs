//! Share-link decoder: any fragment, and any bytes behind a valid prefix (so the inflater and
//! the payload reader get exercised, not only the base64 check), must decode or give an error,
//! never panic and never allocate past the inflate cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use posture_engine::share;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = share::decode(text);
    }
    let _ = share::decode_bytes_for_fuzzing(data);
});
