//! The whole pipeline (embedded documents, rules, every report format) must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use posture_engine::report::{json, markdown, sarif, text};
use posture_engine::{check, Input};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let report = check(&[Input { name: "fuzz.yaml", text: input }]);
    let _ = (text::render(&report), json::render(&report), sarif::render(&report), markdown::render(&report));
});
