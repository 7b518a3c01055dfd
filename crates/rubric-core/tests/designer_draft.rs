//! The designer's draft: written and read back, never trusted, offered only when it differs
//! from the start; and when loading another text must ask first.

use rubric_core::document::designer_draft::{
    replacing_loses_work, DesignerDraft, Loaded, DESIGNER_DRAFT_VERSION,
};
use rubric_core::document::output::WriteJson;

fn draft(text: &str, sample: &str) -> DesignerDraft {
    DesignerDraft {
        v: DESIGNER_DRAFT_VERSION,
        text: text.into(),
        sample: sample.into(),
        saved_at_ms: 1_700_000_000_000,
    }
}

#[test]
fn a_draft_reads_back_as_written_and_as_serde_writes_it() {
    let d = draft("{\n  \"id\": \"x\" é\n}", "{\"id\": \"s\"}\t");
    let json = d.to_json();
    assert_eq!(json, serde_json::to_string(&d).unwrap());
    assert_eq!(DesignerDraft::read(&json), Some(d));
}

#[test]
fn a_broken_old_or_empty_draft_is_ignored() {
    for stored in [
        "",
        "{not json",
        "[]",
        r#"{"v": 2, "text": "x", "sample": "", "saved_at_ms": 1}"#,
        r#"{"v": 1, "text": 3, "sample": "", "saved_at_ms": 1}"#,
        r#"{"v": 1, "text": "x", "saved_at_ms": 1}"#,
        r#"{"v": 1, "text": "x", "sample": ""}"#,
        r#"{"v": 1, "text": "  \n ", "sample": "", "saved_at_ms": 1}"#,
    ] {
        assert_eq!(DesignerDraft::read(stored), None, "{stored}");
    }
}

#[test]
fn a_draft_is_offered_only_when_it_differs_from_the_start() {
    let d = draft("rubric", "sample");
    assert!(!d.worth_offering("rubric", "sample"));
    assert!(d.worth_offering("another rubric", "sample"));
    assert!(d.worth_offering("rubric", "another sample"));
}

#[test]
fn replacing_asks_only_when_work_would_be_lost() {
    let template = Loaded {
        text: "template".into(),
        own_work: false,
    };
    // An unchanged template (or file, or share link) can be loaded again.
    assert!(!replacing_loses_work("template", &template));
    // Typed edits would be lost.
    assert!(replacing_loses_work("template, edited", &template));
    // An emptied editor holds nothing.
    assert!(!replacing_loses_work(" \n", &template));
    // A restored draft is the designer's own work, even unchanged.
    let restored = Loaded {
        text: "draft".into(),
        own_work: true,
    };
    assert!(replacing_loses_work("draft", &restored));
    // What is work is what is kept as a draft, an emptied editor included.
    assert!(!template.is_work("template"));
    assert!(template.is_work(""));
    assert!(restored.is_work("draft"));
}
