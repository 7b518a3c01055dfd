//! Untrusted markdown (task prompts and responses, rubric descriptions) into nodes: never a
//! panic, never a hang (libFuzzer's `-timeout` flags a slow input).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let origins = ["https://img.example.com".to_string()];
        let _ = rubric_core::text::markdown::parse(text, &origins);
    }
});
