//! Validation messages, asserted by exact text: they are the interface rubric authors read.

use rubric_core::{parse_rubric, parse_task, Limits};
use serde_json::{json, Value};

fn errors(v: Value) -> Vec<String> {
    match parse_rubric(
        &serde_json::to_string_pretty(&v).unwrap(),
        &Limits::default(),
    ) {
        Ok(_) => vec![],
        Err(r) => r.lines(),
    }
}

fn rating(id: &str) -> Value {
    json!({
        "id": id, "type": "rating", "title": "T",
        "levels": [
            {"value": 1, "label": "Bad", "descriptor": "bad"},
            {"value": 2, "label": "Good", "descriptor": "good"}
        ]
    })
}

fn rubric(criteria: Vec<Value>) -> Value {
    json!({"schema_version": "1.0", "id": "r", "version": "1", "title": "R", "criteria": criteria})
}

#[test]
fn a_minimal_rubric_is_valid() {
    assert_eq!(errors(rubric(vec![rating("a")])), Vec::<String>::new());
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let err = parse_rubric(
        "{\n  \"id\": \"x\",\n  \"title\" \"y\"\n}",
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(err.issues[0].at, Some((3, 11)));
    assert_eq!(
        err.lines(),
        vec!["(root): invalid JSON: expected : after the field name"]
    );
}

#[test]
fn size_limit_is_checked_before_parsing() {
    let limits = Limits {
        max_rubric_bytes: 1024,
        ..Limits::default()
    };
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(4000));
    assert_eq!(
        parse_rubric(&big, &limits).unwrap_err().lines(),
        vec!["(root): the rubric is 4 KiB; the limit is 1 KiB"]
    );
}

#[test]
fn unknown_major_version_is_refused() {
    let mut r = rubric(vec![rating("a")]);
    r["schema_version"] = json!("2.0");
    assert_eq!(
        errors(r),
        vec!["schema_version: schema_version \"2.0\" is not supported: this widget reads version 1.1 (major version 2 is newer or unknown)"]
    );
}

#[test]
fn every_error_is_collected_with_its_path_in_document_order() {
    let mut bad_level = rating("b");
    bad_level["levels"][1]["label"] = json!("");
    bad_level["descripton"] = json!("typo");
    let mut missing_title = rating("c");
    missing_title.as_object_mut().unwrap().remove("title");
    let r = rubric(vec![
        rating("a"),
        bad_level,
        missing_title,
        rating("a"),
        json!({"id": "e", "type": "ratng", "title": "x"}),
    ]);
    assert_eq!(
        errors(r),
        vec![
            "criteria[1].descripton: unknown field \"descripton\" (did you mean \"description\"?)",
            "criteria[1].levels[1].label: label must not be empty",
            "criteria[2]: missing field `title`",
            "criteria[3].id: duplicate criterion id \"a\" (also criteria[0])",
            "criteria[4].type: unknown criterion type \"ratng\" (did you mean \"rating\"?); expected one of rating, single_choice, multi_choice, pairwise, ranking, text, checklist",
        ]
    );
}

#[test]
fn every_type_error_is_reported_with_its_nested_path() {
    let mut c = rating("a");
    c["levels"][1]["value"] = json!("two");
    c["levels"][0]["label"] = json!(3);
    c["required"] = json!("yes");
    let mut t = json!({"id": "t", "type": "text", "title": "T", "min_length": -1});
    t["visible_if"] = json!({"criterion": "a", "lte": 2.5});
    assert_eq!(
        errors(rubric(vec![c, t])),
        vec![
            "criteria[0].levels[0].label: expected text, found the number 3",
            "criteria[0].levels[1].value: expected a whole number, found text \"two\"",
            "criteria[0].required: expected true or false, found text \"yes\"",
            "criteria[1].min_length: expected a whole number, 0 or more, found the number -1",
            "criteria[1].visible_if.lte: expected a whole number, found the number 2.5",
        ]
    );
}

#[test]
fn skip_reasons_are_checked_like_options() {
    let mut r = rubric(vec![rating("a")]);
    r["skip_reasons"] = json!([
        {"value": "gone", "label": "Gone"},
        {"value": "gone", "label": ""}
    ]);
    r["translations"] = json!({"de": {"skip_reasons": {"gnoe": {"label": "Weg"}}}});
    assert_eq!(
        errors(r),
        vec![
            "skip_reasons[1].label: label must not be empty",
            "skip_reasons[1].value: duplicate skip reason value \"gone\" (also skip_reasons[0])",
            "translations.de.skip_reasons.gnoe: the rubric has no skip reason \"gnoe\" (did you mean \"gone\"?)",
        ]
    );
}

#[test]
fn hotkey_conflicts_and_counts() {
    let mut a = rating("a");
    a["hotkeys"] = json!(["1", "2"]);
    let mut b = rating("b");
    b["hotkeys"] = json!(["2", "x", "zz"]);
    assert_eq!(
        errors(rubric(vec![a, b])),
        vec![
            "criteria[1].hotkeys: 3 hotkeys for 2 levels/options: give exactly one key per level/option",
            "criteria[1].hotkeys[0]: hotkey \"2\" is already used by criteria[0].hotkeys[1]",
            "criteria[1].hotkeys[2]: hotkey \"zz\" must be a single letter or digit",
        ]
    );
}

#[test]
fn a_checklist_takes_one_key_per_answer() {
    let check = |keys: Value, na: bool| {
        json!({"id": "c", "type": "checklist", "title": "C", "allow_na": na, "hotkeys": keys,
               "items": [{"id": "x", "label": "X"}]})
    };
    let text = json!({"id": "t", "type": "text", "title": "T", "hotkeys": ["t"]});
    assert_eq!(
        errors(rubric(vec![check(json!(["y", "n", "x"]), true)])),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(rubric(vec![check(json!(["y", "n", "x"]), false), text])),
        vec![
            "criteria[0].hotkeys: 3 hotkeys for 2 answers (yes, no): give exactly one key per answer",
            "criteria[1].hotkeys: hotkeys do not apply to a text criterion",
        ]
    );
}

#[test]
fn conditions_must_reference_known_criteria_with_fitting_tests() {
    let mut b = json!({"id": "why", "type": "text", "title": "Why"});
    b["required_if"] = json!({"criterion": "helpfulnes", "lte": 2});
    let mut c = json!({"id": "more", "type": "text", "title": "More"});
    c["visible_if"] =
        json!({"all": [{"criterion": "why", "lte": 1}, {"criterion": "helpfulness", "equals": 9}]});
    let mut d = json!({"id": "d", "type": "text", "title": "D"});
    d["visible_if"] = json!({"criterion": "helpfulness", "lte": 2, "gte": 1});
    assert_eq!(
        errors(rubric(vec![rating("helpfulness"), b, c, d])),
        vec![
            "criteria[1].required_if.criterion: unknown criterion \"helpfulnes\" (did you mean \"helpfulness\"?)",
            "criteria[2].visible_if.all[0].lte: \"lte\" cannot test a text criterion (\"why\")",
            "criteria[2].visible_if.all[1].equals: 9 is not a value of \"helpfulness\"",
            "criteria[3].visible_if: a condition tests exactly one thing; found lte, gte",
        ]
    );
}

#[test]
fn unknown_fields_inside_conditions_and_levels_are_reported() {
    let mut a = rating("a");
    a["levels"][0]["lable"] = json!("x");
    let mut b = json!({"id": "b", "type": "text", "title": "B"});
    b["visible_if"] = json!({"criterion": "a", "lte": 1, "lessthan": 2});
    assert_eq!(
        errors(rubric(vec![a, b])),
        vec![
            "criteria[0].levels[0].lable: unknown field \"lable\" (did you mean \"label\"?)",
            "criteria[1].visible_if.lessthan: unknown field \"lessthan\"",
        ]
    );
}

#[test]
fn tensions_name_two_known_criteria() {
    let mut r = rubric(vec![rating("a"), rating("b")]);
    r["tensions"] =
        json!([{"between": ["a", "c"], "guidance": "g"}, {"between": ["a"], "guidance": ""}]);
    assert_eq!(
        errors(r),
        vec![
            "tensions[0].between[1]: unknown criterion \"c\"",
            "tensions[1].between: a tension names exactly 2 criteria, not 1",
            "tensions[1].guidance: guidance must not be empty",
        ]
    );
}

#[test]
fn semantic_errors_are_located_at_their_line() {
    let text = "{\n\"schema_version\": \"1.0\", \"id\": \"r\", \"version\": \"1\", \"title\": \"R\",\n\"criteria\": [\n  {\"id\": \"a\", \"type\": \"text\", \"title\": \"\"}\n]}";
    let err = parse_rubric(text, &Limits::default()).unwrap_err();
    assert_eq!(
        err.issues[0].to_string(),
        "4:31 criteria[0].title: title must not be empty"
    );
}

#[test]
fn warnings_do_not_block_a_rubric() {
    let mut a = rating("a");
    a["levels"][0]["descriptor"] = json!("");
    let (_, warnings) = parse_rubric(&rubric(vec![a]).to_string(), &Limits::default()).unwrap();
    assert_eq!(
        warnings.lines(),
        vec!["criteria[0].levels[0].descriptor: this level has no descriptor: reviewers need to know what it means"]
    );
}

#[test]
fn task_errors() {
    let t = json!({"id": "t", "prompt": "p", "responses": [
        {"id": "x", "label": "A", "content": "c"},
        {"id": "x", "label": "", "content": "c", "model": "gpt"}
    ]});
    assert_eq!(
        parse_task(&t.to_string(), &Limits::default())
            .unwrap_err()
            .lines(),
        vec![
            "responses[1].id: duplicate response id \"x\" (also responses[0])",
            "responses[1].label: label must not be empty",
            "responses[1].model: unknown field \"model\"",
        ]
    );
}

#[test]
fn every_repeat_names_the_first_entry() {
    // One rule for ids, values and levels: each later copy points at the first, not at the
    // copy just before it.
    let c = json!({"id": "c", "type": "single_choice", "title": "C", "options": [
        {"value": "x", "label": "X"}, {"value": "x", "label": "X"}, {"value": "x", "label": "X"}
    ]});
    assert_eq!(
        errors(rubric(vec![rating("a"), rating("a"), c, rating("a")])),
        vec![
            "criteria[1].id: duplicate criterion id \"a\" (also criteria[0])",
            "criteria[2].options[1].value: duplicate option value \"x\" (also options[0])",
            "criteria[2].options[2].value: duplicate option value \"x\" (also options[0])",
            "criteria[3].id: duplicate criterion id \"a\" (also criteria[0])",
        ]
    );
}

#[test]
fn a_repeated_id_is_one_error_and_its_criterion_is_checked_as_itself() {
    // A designer renamed the second criterion to the first one's id: they read one error, not
    // five more about its hotkeys, which were checked as the first criterion's ("1" to "5")
    // at the second's path. Its own mistakes are still found, at its own path.
    let mut first = rating("a");
    first["hotkeys"] = json!(["1", "2"]);
    let mut second = rating("a");
    second["hotkeys"] = json!(["q", "q"]);
    second["levels"][1]["label"] = json!("");
    assert_eq!(
        errors(rubric(vec![first, second])),
        vec![
            "criteria[1].hotkeys[1]: hotkey \"q\" is already used by criteria[1].hotkeys[0]",
            "criteria[1].id: duplicate criterion id \"a\" (also criteria[0])",
            "criteria[1].levels[1].label: label must not be empty",
        ]
    );
}

#[test]
fn every_documented_field_is_accepted_and_decoded() {
    // Uses every optional field of every object, so the shape tables and the Rust types
    // cannot drift apart unnoticed.
    let levels = json!([
        {"value": 1, "label": "Bad", "descriptor": "bad", "example": "e"},
        {"value": 2, "label": "Good", "descriptor": "good"}
    ]);
    let r = json!({
        "$schema": "./schema/rubric.schema.json",
        "schema_version": "1.2", "id": "all", "version": "3", "title": "All", "instructions": "i",
        "shuffle_responses": true,
        "criteria": [
            {"id": "r", "type": "rating", "title": "R", "description": "d", "required": true, "hotkeys": ["1", "2"], "levels": levels},
            {"id": "s", "type": "single_choice", "title": "S", "options": [{"value": "a", "label": "A", "description": "x"}, {"value": "b", "label": "B"}],
             "visible_if": {"all": [{"criterion": "r", "gte": 1}, {"not": {"criterion": "r", "in": [2]}}]}},
            {"id": "m", "type": "multi_choice", "title": "M", "min_selections": 1, "max_selections": 2,
             "options": [{"value": "a", "label": "A"}, {"value": "n", "label": "None", "exclusive": true}],
             "required_if": {"any": [{"criterion": "s", "equals": "a"}, {"criterion": "s", "not_equals": "b"}]}},
            {"id": "p", "type": "pairwise", "title": "P", "allow_both_bad": true, "responses": ["x", "y"], "scale": levels},
            {"id": "k", "type": "ranking", "title": "K", "allow_ties": true, "top_k": 1,
             "visible_if": {"criterion": "m", "includes": "a"}},
            {"id": "t", "type": "text", "title": "T", "min_length": 1, "max_length": 9, "placeholder": "p",
             "visible_if": {"criterion": "p", "answered": true}},
            {"id": "c", "type": "checklist", "title": "C", "allow_na": false, "items": [{"id": "i", "label": "I", "description": "d"}],
             "visible_if": {"criterion": "r", "lt": 2}, "required_if": {"criterion": "p", "gt": 0}}
        ],
        "tensions": [{"between": ["r", "s"], "guidance": "g"}],
        "skip_reasons": [{"value": "no-access", "label": "Link broken", "description": "d"}],
        "translations": {"es": {"skip_reasons": {"no-access": {"label": "Enlace roto", "description": "d"}}}}
    });
    let (rubric, warnings) = parse_rubric(&r.to_string(), &Limits::default())
        .unwrap_or_else(|e| panic!("{:#?}", e.lines()));
    assert_eq!(warnings.lines(), Vec::<String>::new());
    assert_eq!(rubric.criteria.len(), 7);
    assert_eq!(rubric.skip_reasons[0].value, "no-access");
    assert_eq!(
        rubric.localized(&["es"]).skip_reasons[0].label,
        "Enlace roto"
    );
    assert!(rubric.shuffle_responses);
    assert_eq!(rubric.criteria[0].hotkeys, vec!["1", "2"]);
    assert!(matches!(
        rubric.criteria[4].kind,
        rubric_core::CriterionKind::Ranking {
            allow_ties: true,
            top_k: Some(1)
        }
    ));
    assert!(matches!(
        rubric.criteria[6].kind,
        rubric_core::CriterionKind::Checklist {
            allow_na: false,
            ..
        }
    ));
    let t = json!({"schema_version": "1.0", "id": "t", "prompt": "p", "context": "c",
        "responses": [{"id": "x", "label": "X", "content": "c"}, {"id": "y", "label": "Y", "content": "c"}],
        "metadata": {"k": "v", "n": 1, "b": true}});
    let (task, _) = parse_task(&t.to_string(), &Limits::default())
        .unwrap_or_else(|e| panic!("{:#?}", e.lines()));
    assert_eq!(task.context.as_deref(), Some("c"));
    assert!(
        rubric_core::document::parse::check_task_fits(&rubric, &task)
            .issues
            .is_empty()
    );
}

/// Each issue as `line:column path: message`, the way an author sees it.
fn located(r: rubric_core::Report) -> Vec<String> {
    r.issues.iter().map(|i| i.to_string()).collect()
}

#[test]
fn ids_longer_than_128_characters_are_refused() {
    let long = "i".repeat(129);
    let cut = format!("{}…", "i".repeat(64));
    let choice = json!({"id": "b", "type": "single_choice", "title": "T", "options": [
        {"value": long, "label": "X"}, {"value": "y", "label": "Y"}
    ]});
    let checklist = json!({"id": "c", "type": "checklist", "title": "T", "items": [
        {"id": long, "label": "X"}
    ]});
    let mut r = rubric(vec![
        rating(&long),
        choice,
        checklist,
        rating(&"j".repeat(128)),
    ]);
    r["id"] = json!(long);
    let text = serde_json::to_string_pretty(&r).unwrap();
    let err = parse_rubric(&text, &Limits::default()).unwrap_err();
    assert_eq!(
        located(err),
        vec![
            "4:7 criteria[0].id: id is 129 characters long; the limit is 128",
            "25:11 criteria[1].options[0].value: value is 129 characters long; the limit is 128",
            "39:11 criteria[2].items[0].id: id is 129 characters long; the limit is 128",
            "64:3 id: id is 129 characters long; the limit is 128",
        ]
    );
    let t = json!({"id": long, "prompt": "p", "responses": [
        {"id": long, "label": "A", "content": "c"},
        {"id": long, "label": "B", "content": "c"}
    ]});
    assert_eq!(
        parse_task(&t.to_string(), &Limits::default())
            .unwrap_err()
            .lines(),
        vec![
            "id: id is 129 characters long; the limit is 128",
            "responses[0].id: id is 129 characters long; the limit is 128",
            "responses[1].id: id is 129 characters long; the limit is 128",
            format!("responses[1].id: duplicate response id \"{cut}\" (also responses[0])")
                .as_str(),
        ]
    );
}

#[test]
fn a_huge_unknown_key_is_quoted_cut_and_located() {
    let key = "k".repeat(2_000_000);
    let text = format!(
        "{{\"id\": \"t\", \"prompt\": \"p\",\n \"responses\": [{{\"id\": \"a\", \"label\": \"A\", \"content\": \"c\"}}],\n \"{key}\": 1}}"
    );
    let limits = Limits {
        max_task_bytes: 4 << 20,
        ..Limits::default()
    };
    let cut = format!("{}…", "k".repeat(64));
    assert_eq!(
        located(parse_task(&text, &limits).unwrap_err()),
        vec![format!("3:2 {cut}: unknown field \"{cut}\"")]
    );
}

#[test]
fn long_words_get_no_suggestion_and_long_references_are_cut() {
    let long = "a".repeat(1_000);
    let near = format!("{long}b");
    let mut c = rating("c");
    c["visible_if"] = json!({"criterion": near, "answered": true});
    let cut = format!("{}…", "a".repeat(64));
    assert_eq!(
        errors(rubric(vec![rating(&long), c])),
        vec![
            "criteria[0].id: id is 1000 characters long; the limit is 128".to_string(),
            format!("criteria[1].visible_if.criterion: unknown criterion \"{cut}\""),
        ]
    );
}

#[test]
fn past_500_problems_the_report_says_so_once() {
    // Unknown fields, then failing conditions: both stop at the cap with the same line, which
    // is located at 1:1 and so comes first.
    let marker = "(root): more than 500 problems; fix these first";
    let mut t =
        json!({"id": "t", "prompt": "p", "responses": [{"id": "a", "label": "A", "content": "c"}]});
    for i in 0..600 {
        t[format!("extra{i}")] = json!(1);
    }
    let lines = parse_task(&t.to_string(), &Limits::default())
        .unwrap_err()
        .lines();
    assert_eq!(lines.len(), 501);
    assert_eq!(lines[0], marker);
    let mut c = rating("b");
    c["visible_if"] = json!({"any": vec![json!({"criterion": "zz", "answered": true}); 600]});
    let lines = errors(rubric(vec![rating("a"), c]));
    assert_eq!(lines.len(), 501);
    assert_eq!(lines[0], marker);
    assert_eq!(
        lines[1],
        "criteria[1].visible_if.any[0].criterion: unknown criterion \"zz\""
    );
}
