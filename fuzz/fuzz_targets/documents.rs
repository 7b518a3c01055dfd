//! Untrusted rubric, task and quiz text through every parser the widget and designer call,
//! and a valid rubric's translation and conditions: never a panic, never a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rubric_core::document::parse::{parse_rubric, parse_rubric_linted, parse_task, Limits};
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = Limits::default();
    if let Ok((rubric, report)) = parse_rubric(text, &limits) {
        let _ = report.lines();
        let _ = rubric.localized(&["es", "de-DE"]);
        let _ = rubric_core::model::answer::visibility(&rubric, &BTreeMap::new());
    }
    let _ = parse_rubric_linted(text, &limits).map_err(|r| r.lines());
    let _ = parse_task(text, &limits).map_err(|r| r.lines());
    let _ = rubric_core::calibration::quiz::parse_quiz(text, &limits).map_err(|r| r.lines());
});
