//! The form's rules over answers: conditions, required messages, submission contents, drafts.

use rubric_core::document::json::{self, Writer};
use rubric_core::document::output::WriteJson;
use rubric_core::form::draft::Draft;
use rubric_core::form::rules::{
    form_issues, ranking_answer, ranking_rows, toggle_multi, visibility,
};
use rubric_core::form::submission::{Context, Submission};
use rubric_core::{parse_rubric, parse_task, Answer, Check, Limits, Rubric, Task};
use std::collections::BTreeMap;

fn example(name: &str) -> (Rubric, Task) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let r = std::fs::read_to_string(format!("{root}/rubrics/{name}.json")).unwrap();
    let t = std::fs::read_to_string(format!("{root}/tasks/{name}.json")).unwrap();
    (
        parse_rubric(&r, &Limits::default()).unwrap().0,
        parse_task(&t, &Limits::default()).unwrap().0,
    )
}

fn messages(r: &Rubric, t: &Task, a: &BTreeMap<String, Answer>) -> Vec<String> {
    form_issues(r, t, a, &rubric_core::text::i18n::English)
        .into_iter()
        .map(|i| format!("{}: {}", i.criterion, i.message))
        .collect()
}

fn rating(v: i64) -> Answer {
    Answer::Rating { value: v }
}

#[test]
fn required_if_names_its_reason() {
    let (r, t) = example("helpful-honest-harmless");
    let mut a = BTreeMap::new();
    a.insert("helpfulness".to_string(), rating(2));
    a.insert("honesty".to_string(), rating(4));
    a.insert("harmlessness".to_string(), rating(4));
    a.insert(
        "issues".to_string(),
        Answer::MultiChoice {
            values: vec!["none".into()],
        },
    );
    assert_eq!(
        messages(&r, &t, &a),
        vec!["justification: write at least 20 characters (required because \"Helpfulness\" is at most 2)"]
    );
    // Of the rule's three parts only those that hold are named.
    a.insert("harmlessness".to_string(), rating(1));
    assert_eq!(
        messages(&r, &t, &a),
        vec!["justification: write at least 20 characters (required because \"Helpfulness\" is at most 2 and \"Harmlessness\" is at most 2)"]
    );
    a.insert("harmlessness".to_string(), rating(4));
    a.insert(
        "justification".to_string(),
        Answer::Text {
            value: "too short".into(),
        },
    );
    assert_eq!(
        messages(&r, &t, &a),
        vec!["justification: write at least 20 characters (9 so far)"]
    );
    a.insert("helpfulness".to_string(), rating(4));
    a.insert(
        "justification".to_string(),
        Answer::Text { value: "  ".into() },
    );
    assert_eq!(
        messages(&r, &t, &a),
        Vec::<String>::new(),
        "no longer required once the rating is above 2"
    );
}

#[test]
fn hidden_criteria_are_neither_required_nor_submitted() {
    let (r, t) = example("content-moderation");
    let mut a = BTreeMap::new();
    a.insert(
        "verdict".to_string(),
        Answer::SingleChoice {
            value: "remove".into(),
        },
    );
    a.insert(
        "categories".to_string(),
        Answer::MultiChoice {
            values: vec!["pii".into()],
        },
    );
    assert_eq!(visibility(&r, &a), vec![true, true, true, true]);
    assert_eq!(
        messages(&r, &t, &a),
        vec![
            "severity: choose a level (required)",
            "rationale: write at least 10 characters (required because \"Verdict\" is \"Remove\")"
        ]
    );
    a.insert(
        "verdict".to_string(),
        Answer::SingleChoice {
            value: "allow".into(),
        },
    );
    assert_eq!(visibility(&r, &a), vec![true, false, false, true]);
    assert_eq!(messages(&r, &t, &a), Vec::<String>::new());
    let s = Submission::build(&r, &t, &a, ctx(), &rubric_core::text::i18n::English).unwrap();
    assert_eq!(
        s.answers.keys().collect::<Vec<_>>(),
        vec!["verdict"],
        "the hidden categories answer is dropped"
    );
}

fn ctx() -> Context<'static> {
    Context {
        submission_id: "00000000-0000-4000-8000-000000000000".into(),
        annotator: "ann-1",
        response_order: vec!["reply".into()],
        started_at_ms: 1_795_615_200_000,
        submitted_at_ms: 1_795_615_260_000,
        active_ms: 42_000,
        client_version: "0.1.0",
    }
}

#[test]
fn submission_json_has_the_documented_shape() {
    let (r, t) = example("content-moderation");
    let mut a = BTreeMap::new();
    a.insert(
        "verdict".to_string(),
        Answer::SingleChoice {
            value: "allow".into(),
        },
    );
    let s = Submission::build(&r, &t, &a, ctx(), &rubric_core::text::i18n::English).unwrap();
    assert_eq!(
        s.to_json(),
        serde_json::to_string(&s).unwrap(),
        "the hand-written JSON is exactly serde's"
    );
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        serde_json::json!({
            "schema_version": "1.1",
            "submission_id": "00000000-0000-4000-8000-000000000000",
            "rubric": {"id": "content-moderation", "version": "4.0"},
            "task_id": "task-mod-2291",
            "annotator": "ann-1",
            "answers": {"verdict": {"type": "single_choice", "value": "allow"}},
            "response_order": ["reply"],
            "started_at": "2026-11-25T14:00:00.000Z",
            "submitted_at": "2026-11-25T14:01:00.000Z",
            "active_ms": 42000,
            "client": {"name": "rubric-widget", "version": "0.1.0"}
        })
    );
}

#[test]
fn a_skipped_task_is_a_submission_with_a_reason_and_no_answers() {
    let (r, t) = example("content-moderation");
    let s = Submission::skip(&r, &t, "language", "  Mostly Finnish. ", ctx());
    assert_eq!(s.to_json(), serde_json::to_string(&s).unwrap());
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["answers"], serde_json::json!({}));
    assert_eq!(
        v["skipped"],
        serde_json::json!({"reason": "language", "note": "Mostly Finnish."})
    );
    // An ordinary submission has no `skipped` field at all (1.0 readers see what they knew).
    let mut a = BTreeMap::new();
    a.insert(
        "verdict".to_string(),
        Answer::SingleChoice {
            value: "allow".into(),
        },
    );
    let done = Submission::build(&r, &t, &a, ctx(), &rubric_core::text::i18n::English).unwrap();
    assert!(!done.to_json().contains("skipped"));
    // Without reasons of its own a rubric offers the defaults, in the reader's language.
    let offered =
        rubric_core::form::submission::skip_reasons(&r, &rubric_core::text::i18n::English);
    let values: Vec<&str> = offered.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, ["expertise", "unreadable", "language", "other"]);
    assert_eq!(offered[3].1, "Another reason");
}

#[test]
fn multi_choice_limits_and_exclusive_option() {
    let (r, t) = example("content-moderation");
    let cats = r.criterion("categories").unwrap();
    let mut picked = Vec::new();
    for v in ["harassment", "violence", "pii", "other"] {
        picked = toggle_multi(cats, &picked, v);
    }
    let mut a = BTreeMap::new();
    a.insert(
        "verdict".to_string(),
        Answer::SingleChoice {
            value: "flag".into(),
        },
    );
    a.insert(
        "categories".to_string(),
        Answer::MultiChoice { values: picked },
    );
    a.insert("severity".to_string(), rating(1));
    assert_eq!(
        messages(&r, &t, &a),
        vec!["categories: choose at most 3 (4 chosen)"]
    );

    let (r, _) = example("helpful-honest-harmless");
    let issues = r.criterion("issues").unwrap();
    let sel = toggle_multi(issues, &["unsafe".into(), "factual_error".into()], "none");
    assert_eq!(sel, vec!["none"], "the exclusive option clears the others");
    let sel = toggle_multi(issues, &sel, "too_verbose");
    assert_eq!(
        sel,
        vec!["too_verbose"],
        "any other option clears the exclusive one"
    );
    let sel = toggle_multi(issues, &sel, "factual_error");
    assert_eq!(
        sel,
        vec!["factual_error", "too_verbose"],
        "kept in the rubric's order"
    );
}

#[test]
fn ranking_with_ties_and_top_k() {
    let order: Vec<String> = ["p3", "p1", "p2"].iter().map(|s| s.to_string()).collect();
    assert_eq!(
        ranking_answer(&order, &[false, true, false], None),
        Answer::Ranking {
            order: vec![vec!["p3".into(), "p1".into()], vec!["p2".into()]]
        }
    );
    assert_eq!(
        ranking_answer(&order, &[false, false, false], Some(1)),
        Answer::Ranking {
            order: vec![vec!["p3".into()]]
        }
    );
    let (r, t) = example("code-review");
    let mut a = BTreeMap::new();
    a.insert(
        "ranking".to_string(),
        Answer::Ranking {
            order: vec![vec!["patch-3".into()]],
        },
    );
    a.insert("best_correctness".to_string(), rating(4));
    let mut items = BTreeMap::new();
    items.insert("compiles".to_string(), Check::Yes);
    a.insert("review_checks".to_string(), Answer::Checklist { items });
    assert_eq!(
        messages(&r, &t, &a),
        vec![
            "ranking: rank every response",
            "review_checks: answer every item (2 left)"
        ]
    );
}

#[test]
fn an_optional_checklist_may_be_answered_item_by_item() {
    // HHH's "Format checks" is optional: a reviewer who answered one of its three items can
    // still submit (a chosen radio cannot be unchosen, so "answer every item" held the form).
    let (r, t) = example("helpful-honest-harmless");
    let mut a = BTreeMap::new();
    for id in ["helpfulness", "honesty", "harmlessness"] {
        a.insert(id.to_string(), rating(4));
    }
    a.insert(
        "issues".to_string(),
        Answer::MultiChoice {
            values: vec!["none".into()],
        },
    );
    let mut items = BTreeMap::new();
    items.insert("format".to_string(), Check::Yes);
    a.insert("checks".to_string(), Answer::Checklist { items });
    assert_eq!(messages(&r, &t, &a), Vec::<String>::new());
}

#[test]
fn drafts_drop_answers_that_no_longer_fit() {
    let (r, t) = example("helpful-honest-harmless");
    let mut d = Draft {
        v: 1,
        started_at_ms: 5,
        active_ms: 9,
        saved_at_ms: 10,
        ..Draft::default()
    };
    d.answers.insert("helpfulness".into(), rating(4));
    d.answers.insert("honesty".into(), rating(99));
    d.answers.insert("gone".into(), rating(1));
    d.answers.insert(
        "issues".into(),
        Answer::Text {
            value: "wrong type".into(),
        },
    );
    assert_eq!(
        d.to_json(),
        serde_json::to_string(&d).unwrap(),
        "the hand-written JSON is exactly serde's"
    );
    let back = Draft::restore(&d.to_json(), &r, &t).unwrap();
    assert_eq!(back.answers.keys().collect::<Vec<_>>(), vec!["helpfulness"]);
    assert_eq!(back.active_ms, 9);
    assert_eq!(Draft::restore("{not json", &r, &t), None);
    assert_eq!(
        Draft::restore(
            r#"{"v": 7, "answers": {}, "started_at_ms": 0, "active_ms": 0, "saved_at_ms": 0}"#,
            &r,
            &t
        ),
        None
    );
}

#[test]
fn every_answer_shape_reads_back_from_its_json() {
    let mut items = BTreeMap::new();
    items.insert("a".to_string(), Check::Na);
    items.insert("b".to_string(), Check::Yes);
    let answers = vec![
        rating(3),
        Answer::SingleChoice { value: "x".into() },
        Answer::MultiChoice {
            values: vec!["p".into(), "q".into()],
        },
        Answer::Pairwise {
            a: "r1".into(),
            b: "r2".into(),
            value: Some(-2),
            both_bad: false,
        },
        Answer::Pairwise {
            a: "r1".into(),
            b: "r2".into(),
            value: None,
            both_bad: true,
        },
        Answer::Ranking {
            order: vec![vec!["r2".into()], vec!["r1".into(), "r3".into()]],
        },
        Answer::Text {
            value: "why".into(),
        },
        Answer::Checklist { items },
    ];
    for a in answers {
        let serde_text = serde_json::to_string(&a).unwrap();
        let mut w = Writer::default();
        a.write_json(&mut w);
        assert_eq!(
            w.finish(),
            serde_text,
            "the hand-written JSON is exactly serde's"
        );
        assert_eq!(
            Answer::from_json(&json::parse(&serde_text).unwrap()),
            Some(a.clone()),
            "{serde_text}"
        );
    }
    let read = |text: &str| Answer::from_json(&json::parse(text).unwrap());
    assert_eq!(read(r#"{"type": "rating", "value": "4"}"#), None);
    assert_eq!(
        read(r#"{"type": "checklist", "items": {"a": "maybe"}}"#),
        None
    );
}

#[test]
fn ranking_rows_invert_ranking_answer() {
    let shown: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
    assert_eq!(ranking_rows(None, &shown), (shown.clone(), vec![false; 4]));
    let order: Vec<String> = ["c", "a", "b", "d"].iter().map(|s| s.to_string()).collect();
    let ties = [false, true, false, false];
    let answer = ranking_answer(&order, &ties, None);
    assert_eq!(
        ranking_rows(Some(&answer), &shown),
        (order.clone(), ties.to_vec())
    );
    // With top-k, the unranked rest follows in the order shown.
    let top = ranking_answer(&order, &[false; 4], Some(2));
    assert_eq!(ranking_rows(Some(&top), &shown).0, vec!["c", "a", "b", "d"]);
}

#[test]
fn draft_keys_never_collide_whatever_the_ids() {
    let (mut r, mut t) = example("helpful-honest-harmless");
    let plain = rubric_core::form::draft::key(&r, &t, "ann", "");
    assert!(
        plain.ends_with(&format!("{}@{}:{}:ann", r.id, r.version, t.id)),
        "ids without `:` or `@` keep the key they always had: {plain}"
    );
    // Task "a:b" by annotator "c" and task "a" by annotator "b:c" were once the same key.
    t.id = "a:b".into();
    let first = rubric_core::form::draft::key(&r, &t, "c", "");
    t.id = "a".into();
    let second = rubric_core::form::draft::key(&r, &t, "b:c", "");
    assert_ne!(first, second);
    r.version = "1@x".into();
    assert!(rubric_core::form::draft::key(&r, &t, "b:c", "").contains("1%40x"));
    // Two people a portal calls "anonymous" keep their own drafts.
    assert_ne!(
        rubric_core::form::draft::key(&r, &t, "anonymous", "user-1"),
        rubric_core::form::draft::key(&r, &t, "anonymous", "user-2")
    );
}
