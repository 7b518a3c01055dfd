//! Lints: warnings (with their paths and lines) about rubrics that are valid but will confuse
//! or slow reviewers. They never block the rubric.

use rubric_core::document::parse::parse_rubric_linted;
use rubric_core::Limits;
use serde_json::{json, Value};

fn rating(id: &str, extra: Value) -> Value {
    let mut c = json!({"id": id, "type": "rating", "title": id, "levels": [
        {"value": 1, "label": "Low", "descriptor": "low"},
        {"value": 2, "label": "Mid", "descriptor": "mid"},
        {"value": 3, "label": "High", "descriptor": "high"}]});
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn warnings(criteria: Vec<Value>) -> Vec<String> {
    let r = json!({"schema_version": "1.0", "id": "r", "version": "1", "title": "R", "criteria": criteria});
    let (_, report) = parse_rubric_linted(
        &serde_json::to_string_pretty(&r).unwrap(),
        &Limits::default(),
    )
    .unwrap_or_else(|e| panic!("{:#?}", e.lines()));
    report.warnings().map(|i| i.to_string()).collect()
}

#[test]
fn a_clean_rubric_has_no_warnings() {
    assert_eq!(
        warnings(vec![rating("a", json!({"required": true}))]),
        Vec::<String>::new()
    );
}

#[test]
fn a_test_outside_the_scale_is_never_true() {
    let w = warnings(vec![
        rating("a", json!({})),
        rating(
            "b",
            json!({"visible_if": {"any": [{"criterion": "a", "lt": 1}, {"criterion": "a", "gte": 2}]}}),
        ),
    ]);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains(" criteria[1].visible_if.any[0].lt: "),
        "{w:#?}"
    );
    assert!(
        w[0].ends_with("no level of the scale (1 to 3) is lt 1: this test is never true"),
        "{w:#?}"
    );
}

#[test]
fn a_required_criterion_shown_only_through_an_optional_one_is_flagged() {
    let w = warnings(vec![
        rating("a", json!({})),
        rating(
            "b",
            json!({"required": true, "visible_if": {"criterion": "a", "gte": 2}}),
        ),
    ]);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("criteria[1].visible_if"), "{w:#?}");
    assert!(w[0].ends_with("this required criterion is shown only depending on \"a\", which is optional: a reviewer who skips it never sees this one"), "{w:#?}");
    // Shown through a required criterion: fine.
    let ok = warnings(vec![
        rating("a", json!({"required": true})),
        rating(
            "b",
            json!({"required": true, "visible_if": {"criterion": "a", "gte": 2}}),
        ),
    ]);
    assert_eq!(ok, Vec::<String>::new());
}

#[test]
fn a_very_long_form_is_flagged_once() {
    let many: Vec<Value> = (0..31)
        .map(|i| rating(&format!("c{i}"), json!({})))
        .collect();
    let w = warnings(many);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("31 criteria make a very long form"), "{w:#?}");
}
