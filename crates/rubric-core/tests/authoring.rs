//! The designer's editor help, as an author meets it: what completion offers where the caret
//! is (`|` marks it), what choosing an item makes of the text, and criterion snippets that
//! leave a valid rubric.

use rubric_core::authoring::{complete, snippet};
use rubric_core::{parse_rubric, CriterionType, Limits};

/// The text without its `|`, and the caret's byte offset.
fn at(marked: &str) -> (String, usize) {
    let caret = marked.find('|').expect("a caret");
    (marked.replacen('|', "", 1), caret)
}

fn labels(marked: &str) -> Vec<String> {
    let (text, caret) = at(marked);
    complete::at(&text, caret)
        .map_or_else(Vec::new, |c| c.items.into_iter().map(|i| i.label).collect())
}

/// The text after choosing the item labelled `label`, with `|` where the caret goes.
fn choose(marked: &str, label: &str) -> String {
    let (text, caret) = at(marked);
    let c = complete::at(&text, caret).expect("completions");
    let item = c.items.iter().find(|i| i.label == label).expect("the item");
    format!(
        "{}{}|{}{}",
        &text[..c.from],
        &item.insert[..item.caret],
        &item.insert[item.caret..],
        &text[c.to..]
    )
}

#[test]
fn a_criterion_is_offered_its_types_fields_it_lacks_required_first() {
    let l = labels(r#"{"criteria": [{"id": "q", "type": "rating", |}]}"#);
    assert_eq!(l[..2], ["title".to_string(), "levels".to_string()]);
    assert!(l.contains(&"visible_if".to_string()) && l.contains(&"hotkeys".to_string()));
    assert!(!l.contains(&"id".to_string()) && !l.contains(&"type".to_string()));
    // Another type's fields are not offered.
    assert!(!l.contains(&"options".to_string()) && !l.contains(&"scale".to_string()));
}

#[test]
fn a_type_written_after_the_caret_counts() {
    let l = labels(r#"{"criteria": [{"id": "q", |, "type": "checklist"}]}"#);
    assert!(
        l.contains(&"items".to_string()) && l.contains(&"allow_na".to_string()),
        "{l:?}"
    );
}

#[test]
fn a_half_typed_name_filters_and_is_replaced_whole() {
    let marked = "{\n  \"criteria\": [\n    {\"type\": \"rating\", \"lev|\n  ]\n}";
    assert_eq!(labels(marked), ["levels"]);
    assert_eq!(
        choose(marked, "levels"),
        "{\n  \"criteria\": [\n    {\"type\": \"rating\", \"levels\": [|]\n  ]\n}"
    );
    // A name already followed by its colon: only the name changes.
    assert_eq!(
        choose(r#"{"sch|": "1.0"}"#, "schema_version"),
        r#"{"schema_version"|: "1.0"}"#
    );
    // Typed without quotes, and matched inside a name too.
    assert_eq!(
        labels(r#"{"criteria": [{"type": "text", leng|}]}"#),
        ["min_length", "max_length"]
    );
}

#[test]
fn values_are_offered_where_they_are_few_and_known() {
    let types = labels(r#"{"criteria": [{"type": "|"}]}"#);
    assert_eq!(
        types,
        [
            "\"rating\"",
            "\"single_choice\"",
            "\"multi_choice\"",
            "\"pairwise\"",
            "\"ranking\"",
            "\"text\"",
            "\"checklist\""
        ]
    );
    // Those it starts first, then those containing it.
    assert_eq!(
        labels(r#"{"criteria": [{"type": "ch|"}]}"#),
        ["\"checklist\"", "\"single_choice\"", "\"multi_choice\""]
    );
    assert_eq!(
        choose(r#"{"criteria": [{"type": "si|"}]}"#, "\"single_choice\""),
        r#"{"criteria": [{"type": "single_choice"|}]}"#
    );
    assert_eq!(labels(r#"{"schema_version": |}"#), ["\"1.0\""]);
    assert_eq!(labels(r#"{"criteria": [{"required": t|}]}"#), ["true"]);
    // Conditions and tensions name criteria by id.
    let condition =
        r#"{"criteria": [{"id": "verdict"}, {"id": "why", "visible_if": {"criterion": "|"}}]}"#;
    // Never the criterion the condition is in (the checker refuses it), its `id` before the
    // condition or after it.
    assert_eq!(labels(condition), ["\"verdict\""]);
    let id_after = r#"{"criteria": [{"id": "verdict"}, {"visible_if": {"criterion": "|"}, "id": "why"}, {"id": "more"}]}"#;
    assert_eq!(labels(id_after), ["\"verdict\"", "\"more\""]);
    let tension = r#"{"criteria": [{"id": "verdict"}, {"id": "why"}], "tensions": [{"between": ["why", "v|"]}]}"#;
    assert_eq!(labels(tension), ["\"verdict\""]);
    // Nothing for free text.
    assert!(labels(r#"{"title": "My ru|"}"#).is_empty());
}

#[test]
fn the_fields_of_the_document_kind_and_of_nested_objects() {
    let top = labels("{\n  |\n}");
    assert_eq!(
        top[..5],
        ["schema_version", "id", "version", "title", "criteria"].map(String::from)
    );
    // A quiz, known by its items.
    let quiz = labels(r#"{"items": [], |}"#);
    assert!(
        quiz.contains(&"rubric".to_string()) && quiz.contains(&"pass".to_string()),
        "{quiz:?}"
    );
    assert!(
        labels(r#"{"criteria": [{"type": "rating", "levels": [{|}]}]}"#)
            .starts_with(&["value".to_string(), "label".to_string()])
    );
    assert!(labels(r#"{"criteria": [{"visible_if": {"all": [{|}]}}]}"#)
        .contains(&"criterion".to_string()));
    assert!(labels(
        r#"{"items": [], "rubric": {"criteria": [{"type": "checklist", "items": [{|}]}]}}"#
    )
    .starts_with(&["id".to_string(), "label".to_string()]));
    // After a value, a comma comes first: nothing to offer.
    assert!(labels(r#"{"id": "a" |}"#).is_empty());
}

#[test]
fn any_text_and_any_caret_gives_an_answer_without_panicking() {
    let texts = [
        "",
        "{",
        "\"",
        "[{\"a\": [",
        "{\"a\": \"é\\",
        "}}]]",
        "{\"type\": \"«rating»\", \"",
        "\u{1F600}{\"",
    ];
    for t in texts {
        // Every byte offset, also inside a character (a stale caret).
        for caret in 0..=t.len() + 1 {
            let _ = complete::at(t, caret);
            for ty in CriterionType::ALL {
                let _ = snippet::criterion(t, caret, ty);
            }
        }
    }
}

const RUBRIC: &str = r#"{
  "schema_version": "1.0",
  "id": "r",
  "version": "1",
  "title": "R",
  "criteria": [
    {
      "id": "rating",
      "type": "rating",
      "title": "Quality",
      "levels": [{"value": 1, "label": "Bad"}, {"value": 2, "label": "Good"}]
    },
    {
      "id": "why",
      "type": "text",
      "title": "Why"
    }
  ]
}
"#;

fn apply(text: &str, e: &snippet::Edit) -> String {
    format!("{}{}{}", &text[..e.from], e.insert, &text[e.to..])
}

#[test]
fn every_type_of_criterion_inserts_as_a_valid_criterion_with_a_free_id() {
    for ty in CriterionType::ALL {
        let e = snippet::criterion(RUBRIC, RUBRIC.len(), ty).unwrap();
        let text = apply(RUBRIC, &e);
        let (rubric, report) = parse_rubric(&text, &Limits::default())
            .unwrap_or_else(|r| panic!("{ty:?}: {}\n{text}", r.lines().join("\n")));
        assert!(!report.has_errors());
        let last = rubric.criteria.last().unwrap();
        assert_eq!(last.kind.ty(), ty);
        // "rating" is taken.
        assert_eq!(
            last.id,
            if ty == CriterionType::Rating {
                "rating_2"
            } else {
                ty.name()
            }
        );
        // Its title is selected, and it is indented like its neighbours.
        assert_eq!(&text[e.select.0..e.select.1], last.title);
        assert!(
            text.contains(&format!("    {{\n      \"id\": \"{}\",", last.id)),
            "{text}"
        );
    }
}

#[test]
fn a_criterion_goes_after_the_one_the_caret_is_in_or_into_an_empty_list() {
    let caret = RUBRIC.find("Quality").unwrap();
    let text = apply(
        RUBRIC,
        &snippet::criterion(RUBRIC, caret, CriterionType::Checklist).unwrap(),
    );
    let (rubric, _) = parse_rubric(&text, &Limits::default()).unwrap();
    let ids: Vec<_> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["rating", "checklist", "why"]);
    // Before the first, when the caret is above the list.
    let text = apply(
        RUBRIC,
        &snippet::criterion(RUBRIC, 0, CriterionType::Text).unwrap(),
    );
    let ids: Vec<_> = parse_rubric(&text, &Limits::default())
        .unwrap()
        .0
        .criteria
        .iter()
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(ids, ["text", "rating", "why"]);

    let empty = "{\n  \"criteria\": [\n  ]\n}";
    let e = snippet::criterion(empty, 0, CriterionType::Ranking).unwrap();
    assert_eq!(
        apply(empty, &e),
        "{\n  \"criteria\": [\n    {\n      \"id\": \"ranking\",\n      \"type\": \"ranking\",\n      \"title\": \"New ranking, best first\",\n      \"required\": true,\n      \"allow_ties\": true\n    }\n  ]\n}"
    );
}

#[test]
fn no_criterion_goes_into_broken_json_or_a_document_without_criteria() {
    assert_eq!(
        snippet::criterion("{\"criteria\": [", 0, CriterionType::Text),
        Err(snippet::NotHere::Syntax)
    );
    assert_eq!(
        snippet::criterion("{\"title\": \"x\"}", 0, CriterionType::Text),
        Err(snippet::NotHere::NoCriteria)
    );
    // A quiz's rubric has them.
    let quiz = r#"{"items": [], "rubric": {"criteria": []}}"#;
    assert!(snippet::criterion(quiz, 0, CriterionType::Text).is_ok());
}

#[test]
fn a_name_typed_above_another_member_is_offered_what_is_missing_and_gets_its_comma() {
    // The quote typed on a new line above "title": "title" is there, and a comma is needed.
    let marked = "{\"criteria\": [{\n  \"type\": \"rating\",\n  \"|\n  \"title\": \"Q\"\n}]}";
    let l = labels(marked);
    assert!(
        !l.contains(&"title".to_string()) && l.contains(&"levels".to_string()),
        "{l:?}"
    );
    assert_eq!(
        choose(marked, "required_if"),
        "{\"criteria\": [{\n  \"type\": \"rating\",\n  \"required_if\": {|},\n  \"title\": \"Q\"\n}]}"
    );
}

/// The designer previews a rubric on its sample task with as many responses as the rubric
/// judges: one for a rubric that rates a response, two for a comparison, all for a ranking.
#[test]
fn a_preview_shows_the_responses_the_rubric_judges() {
    let example = |name: &str| {
        let path = format!(
            "{}/../../examples/rubrics/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).expect("the example");
        parse_rubric(&text, &Limits::default())
            .expect("a valid example")
            .0
    };
    use rubric_core::authoring::sample_responses;
    assert_eq!(sample_responses(&example("helpful-honest-harmless")), 1);
    assert_eq!(sample_responses(&example("content-moderation")), 1);
    assert_eq!(sample_responses(&example("pairwise-preference")), 2);
    assert_eq!(sample_responses(&example("code-review")), usize::MAX);
}
