//! The quiz format: nested rubric and tasks checked in place, gold answers checked against the
//! rubric, pass rules.

use rubric_core::calibration::quiz::{parse_quiz, Feedback, Metric};
use rubric_core::calibration::scoring::{score, Attempted};
use rubric_core::{Answer, Limits};
use serde_json::{json, Value};

fn rubric() -> Value {
    json!({"schema_version": "1.0", "id": "h", "version": "1", "title": "H", "criteria": [
        {"id": "helpfulness", "type": "rating", "title": "Helpfulness", "levels": [
            {"value": 1, "label": "Bad", "descriptor": "bad"},
            {"value": 2, "label": "Good", "descriptor": "good"}]},
        {"id": "why", "type": "text", "title": "Why"}
    ]})
}

fn task(id: &str) -> Value {
    json!({"id": id, "prompt": "p", "responses": [{"id": "r", "label": "R", "content": "c"}]})
}

fn quiz(items: Vec<Value>) -> Value {
    json!({"schema_version": "1.0", "id": "q", "title": "Q", "rubric": rubric(), "feedback": "end",
           "pass": {"metric": "kappa", "threshold": 0.6, "scope": "overall"}, "items": items})
}

fn errors(v: Value) -> Vec<String> {
    match parse_quiz(
        &serde_json::to_string_pretty(&v).unwrap(),
        &Limits::default(),
    ) {
        Ok(_) => vec![],
        Err(r) => r.issues.iter().map(|i| i.to_string()).collect(),
    }
}

#[test]
fn a_valid_quiz_parses_and_its_pass_rule_applies() {
    let items = vec![
        json!({"task": task("t1"), "gold": {"helpfulness": {"type": "rating", "value": 2}}, "explanations": {"helpfulness": "It answers."}}),
        json!({"task": task("t2"), "gold": {"helpfulness": {"type": "rating", "value": 1}}}),
    ];
    let (q, _) = parse_quiz(&quiz(items).to_string(), &Limits::default())
        .unwrap_or_else(|e| panic!("{:#?}", e.lines()));
    assert_eq!(q.items.len(), 2);
    assert_eq!(q.feedback, Feedback::AtTheEnd);
    let rule = q.pass.unwrap();
    assert_eq!(
        (rule.metric, rule.threshold, rule.per_criterion),
        (Metric::Kappa, 0.6, false)
    );
    assert_eq!(q.items[0].explanations["helpfulness"], "It answers.");
    // The trainee gets both right: kappa 1, a pass; both wrong: kappa −1, no pass.
    let attempt = |answers: [i64; 2]| -> Vec<Attempted> {
        q.items
            .iter()
            .zip(answers)
            .map(|(item, v)| {
                let mut a = Attempted {
                    gold: item.gold.clone(),
                    ..Attempted::default()
                };
                a.trainee
                    .insert("helpfulness".into(), Answer::Rating { value: v });
                a
            })
            .collect()
    };
    assert!(rule.passes(&score(&q.rubric, &attempt([2, 1]))));
    assert!(!rule.passes(&score(&q.rubric, &attempt([1, 2]))));
}

#[test]
fn nested_and_gold_problems_are_reported_in_place_with_lines() {
    let mut bad_rubric = quiz(vec![]);
    bad_rubric["rubric"]["criteria"][0]["levels"][0]["lable"] = json!("x");
    let e = errors(bad_rubric);
    assert!(
        e.iter().any(|l| l.ends_with(
            "rubric.criteria[0].levels[0].lable: unknown field \"lable\" (did you mean \"label\"?)"
        )),
        "{e:#?}"
    );
    assert!(
        e.iter().all(|l| l.split(' ').next().unwrap().contains(':')),
        "every issue has line:column: {e:#?}"
    );

    let items = vec![
        json!({"task": task("t1"), "gold": {"helpfulnes": {"type": "rating", "value": 2}}}),
        json!({"task": task("t1"), "gold": {"helpfulness": {"type": "rating", "value": 7}}, "explanations": {"whyy": "?"}}),
        json!({"task": {"id": "", "prompt": "p", "responses": []}, "gold": {}}),
    ];
    let mut q = quiz(items);
    q["pass"]["metric"] = json!("kapa");
    let lines: Vec<String> = errors(q)
        .iter()
        .map(|l| l.split_once(' ').unwrap().1.to_string())
        .collect();
    // In document order (serde_json writes keys alphabetically: explanations, gold, task).
    assert_eq!(
        lines,
        vec![
            "items[0].gold: an item needs at least one gold answer",
            "items[0].gold.helpfulnes: unknown criterion \"helpfulnes\" (did you mean \"helpfulness\"?)",
            "items[1].explanations.whyy: unknown criterion \"whyy\" (did you mean \"why\"?)",
            "items[1].gold: an item needs at least one gold answer",
            "items[1].gold.helpfulness: not a valid rating answer for \"helpfulness\" (see docs/rubric-format.md for its shape)",
            "items[1].task.id: task id \"t1\" is also items[0]",
            "items[2].task.id: id must not be empty",
            "items[2].task.responses: a task needs at least one response",
            "pass.metric: unknown metric \"kapa\" (did you mean \"kappa\"?); expected one of percent, kappa, kappa_linear, kappa_quadratic, ac1",
        ]
    );
}

#[test]
fn a_trainee_is_only_required_to_answer_what_the_item_scores() {
    let mut r = rubric();
    r["criteria"][0]["required"] = json!(true);
    r["criteria"][1]["required"] = json!(true);
    r["criteria"].as_array_mut().unwrap().push(
        json!({"id": "honesty", "type": "rating", "title": "Honesty", "required": true, "levels": [
            {"value": 1, "label": "Bad", "descriptor": "bad"},
            {"value": 2, "label": "Good", "descriptor": "good"}]}),
    );
    let mut q = quiz(vec![
        json!({"task": task("t1"), "gold": {"helpfulness": {"type": "rating", "value": 2}}, "explanations": {"helpfulness": "It answers."}}),
    ]);
    q["rubric"] = r;
    let (quiz, _) = parse_quiz(&q.to_string(), &Limits::default()).unwrap();
    let for_item = quiz.rubric_for_item(0);
    let required = |id: &str| for_item.criterion(id).unwrap().required;
    // Scored on this item: still required. Free text and a criterion without an expert answer
    // here: optional.
    assert!(required("helpfulness"));
    assert!(!required("why"));
    assert!(!required("honesty"));
    // The rubric itself is untouched (ids, version: the same draft and submission).
    assert_eq!(for_item.id, quiz.rubric.id);
    assert!(quiz.rubric.criterion("why").unwrap().required);
}
