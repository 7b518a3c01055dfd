//! A quiz attempt on the bundled demo quiz: order, scoring into the result document, the
//! explanation of each figure, answers in words, and the history kept on the device.

use rubric_core::calibration::attempt::{
    answer_text, explain, history_from_json, history_to_json, result_json, Attempt, Past,
    QuizResult, ResultContext,
};
use rubric_core::calibration::quiz::{parse_quiz, Metric, Quiz};
use rubric_core::document::output::WriteJson;
use rubric_core::text::i18n::English;
use rubric_core::{Answer, Limits};
use std::collections::BTreeMap;

fn demo_quiz() -> Quiz {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/quizzes/helpful-honest-harmless.json"
    ))
    .unwrap();
    parse_quiz(&text, &Limits::default()).unwrap().0
}

/// The gold answers, with helpfulness one level lower on the first `off` items shown.
fn answer_all(quiz: &Quiz, attempt: &mut Attempt, off: usize) {
    let mut n = 0;
    while let Some(i) = attempt.current() {
        let mut answers: BTreeMap<String, Answer> = quiz.items[i].gold.clone();
        if n < off {
            if let Some(Answer::Rating { value }) = answers.get_mut("helpfulness") {
                *value = if *value > 1 { *value - 1 } else { 2 };
            }
        }
        attempt.record(i, answers);
        n += 1;
    }
}

#[test]
fn a_shuffled_attempt_visits_every_item_once_and_a_retry_gets_another_order() {
    let quiz = demo_quiz();
    let a = Attempt::new(&quiz, 1, 7, 0);
    let b = Attempt::new(&quiz, 2, 8, 0);
    let mut sorted = a.order.clone();
    sorted.sort();
    assert_eq!(sorted, (0..quiz.items.len()).collect::<Vec<_>>());
    assert_ne!(a.order, b.order);
    assert_eq!(a.current(), Some(a.order[0]));
}

#[test]
fn the_result_document_carries_figures_answers_and_the_pass_decision() {
    let quiz = demo_quiz();
    let mut attempt = Attempt::new(&quiz, 3, 1, 1_764_000_000_000);
    answer_all(&quiz, &mut attempt, 0);
    assert_eq!(attempt.current(), None);
    let ctx = ResultContext {
        result_id: "r-1",
        trainee: "t",
        finished_at_ms: 1_764_000_060_000,
        client_version: "0.1.0",
    };
    let text = result_json(&quiz, &attempt, &ctx);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["result_id"], "r-1");
    assert_eq!(v["attempt"], 3);
    assert_eq!(v["quiz"]["rubric"]["id"], "hhh");
    assert_eq!(
        v["passed"], true,
        "all gold answers: perfect agreement passes"
    );
    assert_eq!(v["items"].as_array().unwrap().len(), quiz.items.len());
    let help = &v["criteria"]["helpfulness"];
    assert_eq!(help["kind"], "categorical");
    assert_eq!(help["items"], 12);
    assert_eq!(help["percent"]["value"], 1.0);
    assert_eq!(help["kappa_quadratic"]["value"], 1.0);
    let confusion: u64 = help["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(confusion, 12);
    assert_eq!(v["criteria"]["justification"]["kind"], "not_scored");
    // What the widget sends is what the typed contract reads (unknown fields are refused).
    let typed: QuizResult = serde_json::from_str(&text).unwrap();
    assert_eq!(typed, QuizResult::of(&quiz, &attempt, &ctx));
}

/// serde_json's text, but with floats as Rust prints them (`1`, not `1.0`): the one way the
/// widget's writer knowingly differs from serde_json (the same numbers).
fn serde_text<T: serde::Serialize>(v: &T) -> String {
    struct DisplayFloats;
    impl serde_json::ser::Formatter for DisplayFloats {
        fn write_f64<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            v: f64,
        ) -> std::io::Result<()> {
            write!(w, "{v}")
        }
    }
    let mut out = Vec::new();
    v.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out,
        DisplayFloats,
    ))
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// A quiz with a ranking and a single choice criterion and no pass rule: mean tau has no
/// standard error, single choice has no weighted kappas, and `passed` is `null`.
fn ranking_quiz() -> Quiz {
    let item = |n: usize, order: &str| {
        format!(
            r#"{{"task": {{"id": "t{n}", "prompt": "p", "responses": [{{"id": "x", "label": "X", "content": "x"}}, {{"id": "y", "label": "Y", "content": "y"}}, {{"id": "z", "label": "Z", "content": "z"}}]}}, "gold": {{"rank": {{"type": "ranking", "order": {order}}}, "pick": {{"type": "single_choice", "value": "a"}}}}}}"#
        )
    };
    let items = [
        item(0, r#"[["x"], ["y"], ["z"]]"#),
        item(1, r#"[["z"], ["x", "y"]]"#),
        item(2, r#"[["y"], ["z"], ["x"]]"#),
    ]
    .join(", ");
    let text = format!(
        r#"{{"schema_version": "1.0", "id": "q", "title": "Q", "rubric": {{"schema_version": "1.0", "id": "r", "version": "1", "title": "R", "criteria": [{{"id": "rank", "type": "ranking", "title": "Rank", "allow_ties": true}}, {{"id": "pick", "type": "single_choice", "title": "Pick", "options": [{{"value": "a", "label": "A"}}, {{"value": "b", "label": "B"}}]}}]}}, "items": [{items}]}}"#
    );
    parse_quiz(&text, &Limits::default()).unwrap().0
}

#[test]
fn the_result_document_is_serdes_text_byte_for_byte() {
    let ctx = ResultContext {
        result_id: "r-2",
        trainee: "t \"quoted\"\n",
        finished_at_ms: 1_764_000_060_000,
        client_version: "0.1.0",
    };
    let demo = demo_quiz();
    let ranking = ranking_quiz();
    let mut cases = Vec::new();
    // Perfect agreement (standard errors of 0), some disagreements, nothing answered (every
    // figure undefined), and a quiz without a pass rule with rankings.
    for (quiz, off, upto) in [
        (&demo, 0, usize::MAX),
        (&demo, 3, usize::MAX),
        (&demo, 0, 0),
        (&ranking, 1, usize::MAX),
    ] {
        let mut attempt = Attempt::new(quiz, 2, 5, 1_764_000_000_000);
        let mut n = 0;
        while let Some(i) = attempt.current().filter(|_| n < upto) {
            let mut answers = quiz.items[i].gold.clone();
            if n < off {
                for a in answers.values_mut() {
                    match a {
                        Answer::Rating { value } => {
                            *value = if *value > 1 { *value - 1 } else { 2 }
                        }
                        Answer::Ranking { order } => order.reverse(),
                        Answer::SingleChoice { value } => *value = "b".into(),
                        _ => {}
                    }
                }
            }
            attempt.record(i, answers);
            n += 1;
        }
        cases.push(QuizResult::of(quiz, &attempt, &ctx));
    }
    let texts: Vec<String> = cases.iter().map(WriteJson::to_json).collect();
    for (typed, text) in cases.iter().zip(&texts) {
        assert_eq!(text, &serde_text(typed), "the written JSON is serde's");
        // Read back (serde_json may read a float's last digit differently: not compared).
        let back: QuizResult = serde_json::from_str(text).unwrap();
        let ids = |r: &QuizResult| {
            r.criteria
                .0
                .iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&back), ids(typed), "criteria stay in rubric order");
        assert_eq!((&back.items, back.passed), (&typed.items, typed.passed));
    }
    // The figures of an ordinal criterion are the pass rule's metrics, by the same names and in
    // the same order (Metric::ALL).
    let first: serde_json::Value = serde_json::from_str(&texts[0]).unwrap();
    let figures: Vec<&str> = first["criteria"]["helpfulness"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| !["kind", "items", "labels", "confusion"].contains(k))
        .collect();
    let mut metrics: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    metrics.sort_unstable(); // serde_json::Value sorts keys
    assert_eq!(figures, metrics);
    let at: Vec<usize> = Metric::ALL
        .iter()
        .map(|m| texts[0].find(&format!("\"{}\":", m.name())).unwrap())
        .collect();
    assert!(at.windows(2).all(|p| p[0] < p[1]), "{at:?}");
    // Every optional part is both absent and present somewhere above.
    let all = texts.join("\n");
    for part in [
        r#""passed":true"#,
        r#""passed":null"#,
        r#""kappa_linear":{"#,
        r#""se":0,"ci95":[1,1]"#,
        r#""mean_tau":{"value":"#,
        r#""undefined":"no items rated by both""#,
        r#""kind":"not_scored""#,
        r#""criteria":{"helpfulness":"#,
    ] {
        assert!(all.contains(part), "{part} in {all}");
    }
    assert!(
        !texts[3].contains("kappa_linear"),
        "single choice: no weighted kappa"
    );
    let ranking: serde_json::Value = serde_json::from_str(&texts[3]).unwrap();
    let tau = ranking["criteria"]["rank"]["mean_tau"].as_object().unwrap();
    assert_eq!(
        tau.keys().collect::<Vec<_>>(),
        ["value"],
        "mean tau: no standard error"
    );
}

#[test]
fn every_disagreement_lowers_agreement_and_the_explanation_shows_the_counts() {
    let quiz = demo_quiz();
    let mut attempt = Attempt::new(&quiz, 1, 1, 0);
    answer_all(&quiz, &mut attempt, 3);
    let scores = rubric_core::calibration::scoring::score(&quiz.rubric, &attempt.attempted(&quiz));
    let (_, help) = scores.iter().find(|(id, _)| id == "helpfulness").unwrap();
    let lines = explain(help, &English);
    assert!(
        lines[0].starts_with("Observed agreement pₒ = matching answers / items = 9 / 12 = 0.750"),
        "{lines:#?}"
    );
    assert!(lines[1].contains("/ 12² = "), "{lines:#?}");
    assert!(
        lines[2].starts_with("Cohen's κ = (pₒ − pₑ) / (1 − pₑ) = (0.750 − "),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Gwet's AC1")),
        "{lines:#?}"
    );
    let past = Past::of(&quiz, &attempt, 5);
    let q = past
        .figures
        .iter()
        .find(|(id, _)| id == "helpfulness")
        .unwrap()
        .1
        .unwrap();
    assert!(q < 1.0 && q > 0.0, "quadratic kappa {q}");
}

#[test]
fn answers_read_as_the_trainee_saw_them() {
    let quiz = demo_quiz();
    let c = quiz.rubric.criterion("helpfulness").unwrap();
    let task = &quiz.items[0].task;
    assert_eq!(
        answer_text(c, task, &Answer::Rating { value: 4 }, &English),
        "4 · Helpful"
    );
    let j = quiz.rubric.criterion("justification").unwrap();
    assert_eq!(
        answer_text(j, task, &Answer::Text { value: "ok".into() }, &English),
        "ok"
    );
}

#[test]
fn history_round_trips_and_garbage_is_an_empty_history() {
    let h = vec![
        Past {
            attempt: 1,
            finished_at_ms: 10,
            passed: Some(false),
            figures: vec![("a".into(), Some(0.25)), ("b".into(), None)],
        },
        Past {
            attempt: 2,
            finished_at_ms: 20,
            passed: None,
            figures: vec![("a".into(), Some(0.8125))],
        },
    ];
    assert_eq!(history_from_json(&history_to_json(&h)), h);
    assert_eq!(h[0].mean(), Some(0.25));
    assert!(history_from_json("{oops").is_empty());
    assert!(history_from_json("{\"v\":2,\"attempts\":[]}").is_empty());
}

#[test]
fn an_attempt_in_progress_survives_a_reload_and_a_changed_quiz_starts_afresh() {
    let quiz = demo_quiz();
    let mut a = Attempt::new(&quiz, 2, 9, 1_000);
    let first = a.current().unwrap();
    a.record(first, quiz.items[first].gold.clone());
    let saved = a.to_json();
    assert_eq!(Attempt::from_json(&saved, &quiz), Some(a.clone()));
    let mut smaller = quiz.clone();
    smaller.items.pop();
    assert_eq!(Attempt::from_json(&saved, &smaller), None);
    assert_eq!(Attempt::from_json("{oops", &quiz), None);
}

/// A quiz of `golds.len()` pairwise items over responses `x` and `y` (declared in that order),
/// each gold answer shown as given: (value, shown the other way round).
fn pairwise_quiz(golds: &[(i64, bool)]) -> Quiz {
    let scale: Vec<String> = (-2..=2)
        .map(|v| format!(r#"{{"value": {v}, "label": "L{v}"}}"#))
        .collect();
    let items: Vec<String> = golds
        .iter()
        .enumerate()
        .map(|(n, (v, flipped))| {
            let (a, b, v) = if *flipped { ("y", "x", -v) } else { ("x", "y", *v) };
            format!(
                r#"{{"task": {{"id": "t{n}", "prompt": "p", "responses": [{{"id": "x", "label": "X", "content": "x"}}, {{"id": "y", "label": "Y", "content": "y"}}]}}, "gold": {{"pref": {{"type": "pairwise", "a": "{a}", "b": "{b}", "value": {v}, "both_bad": false}}}}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"schema_version": "1.0", "id": "q", "title": "Q", "rubric": {{"schema_version": "1.0", "id": "r", "version": "1", "title": "R", "shuffle_responses": true, "criteria": [{{"id": "pref", "type": "pairwise", "title": "Which is better?", "scale": [{}]}}]}}, "items": [{}]}}"#,
        scale.join(", "),
        items.join(", ")
    );
    parse_quiz(&text, &Limits::default()).unwrap().0
}

/// Records, for every item, the preference `values[item]` (over x then y), shown as `flips`
/// says; returns the scores and disagreements.
fn attempt_with(
    quiz: &Quiz,
    values: &[i64],
    flips: &[bool],
) -> (
    Vec<(String, rubric_core::calibration::scoring::CriterionScore)>,
    usize,
) {
    let mut attempt = Attempt::new(quiz, 1, 7, 0);
    while let Some(i) = attempt.current() {
        let (a, b, v) = if flips[i] {
            ("y", "x", -values[i])
        } else {
            ("x", "y", values[i])
        };
        let answer = Answer::Pairwise {
            a: a.into(),
            b: b.into(),
            value: Some(v),
            both_bad: false,
        };
        attempt.record(i, BTreeMap::from([("pref".to_string(), answer)]));
    }
    let items = attempt.attempted(quiz);
    let scores = rubric_core::calibration::scoring::score(&quiz.rubric, &items);
    let disagreements =
        rubric_core::calibration::scoring::disagreements(&quiz.rubric, &items).len();
    (scores, disagreements)
}

#[test]
fn the_same_preference_shown_the_other_way_round_agrees() {
    // Gold {a: x, b: y, value: -1}; the trainee saw y first and answered 1: the same preference.
    let quiz = pairwise_quiz(&[(-1, false), (2, false)]);
    let (_, disagreements) = attempt_with(&quiz, &[-1, 2], &[true, false]);
    assert_eq!(disagreements, 0);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Permuting the order each pair was shown in, to the experts or to the trainee, never
    /// changes any score or the disagreements.
    #[test]
    fn the_order_shown_never_changes_a_score(
        cases in proptest::collection::vec((-2i64..=2, -2i64..=2, proptest::bool::ANY, proptest::bool::ANY, proptest::bool::ANY), 2..12),
    ) {
        let golds: Vec<(i64, bool)> = cases.iter().map(|c| (c.0, false)).collect();
        let golds_flipped: Vec<(i64, bool)> = cases.iter().map(|c| (c.0, c.2)).collect();
        let values: Vec<i64> = cases.iter().map(|c| c.1).collect();
        let straight = vec![false; cases.len()];
        let flips: Vec<bool> = cases.iter().map(|c| c.3 ^ c.4).collect();
        let reference = attempt_with(&pairwise_quiz(&golds), &values, &straight);
        let shuffled = attempt_with(&pairwise_quiz(&golds_flipped), &values, &flips);
        proptest::prop_assert_eq!(reference, shuffled);
    }
}

/// A quiz over a multi_choice and a ranking criterion; each item is (gold, trainee), each of
/// those (chosen options, ranking groups) written in the order given.
type Written = (Vec<&'static str>, Vec<Vec<&'static str>>);

fn multi_and_ranking_quiz(items: &[(Written, Written)]) -> (Quiz, Vec<BTreeMap<String, Answer>>) {
    let answers = |(values, order): &Written| {
        BTreeMap::from([
            (
                "flags".to_string(),
                Answer::MultiChoice {
                    values: values.iter().map(|v| v.to_string()).collect(),
                },
            ),
            (
                "rank".to_string(),
                Answer::Ranking {
                    order: order
                        .iter()
                        .map(|g| g.iter().map(|id| id.to_string()).collect())
                        .collect(),
                },
            ),
        ])
    };
    let gold_json = |w: &Written| {
        let quote = |v: &[&str]| {
            v.iter()
                .map(|x| format!("\"{x}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let groups: Vec<String> = w.1.iter().map(|g| format!("[{}]", quote(g))).collect();
        format!(
            r#"{{"flags": {{"type": "multi_choice", "values": [{}]}}, "rank": {{"type": "ranking", "order": [{}]}}}}"#,
            quote(&w.0),
            groups.join(", ")
        )
    };
    let task = |n: usize| {
        format!(
            r#"{{"id": "t{n}", "prompt": "p", "responses": [{{"id": "x", "label": "X", "content": "x"}}, {{"id": "y", "label": "Y", "content": "y"}}, {{"id": "z", "label": "Z", "content": "z"}}]}}"#
        )
    };
    let quiz_items: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(n, (gold, _))| format!(r#"{{"task": {}, "gold": {}}}"#, task(n), gold_json(gold)))
        .collect();
    let options: Vec<String> = ["o1", "o2", "o3", "o4"]
        .iter()
        .map(|v| format!(r#"{{"value": "{v}", "label": "{v}"}}"#))
        .collect();
    let text = format!(
        r#"{{"schema_version": "1.0", "id": "q", "title": "Q", "rubric": {{"schema_version": "1.0", "id": "r", "version": "1", "title": "R", "criteria": [{{"id": "flags", "type": "multi_choice", "title": "Flags", "options": [{}]}}, {{"id": "rank", "type": "ranking", "title": "Rank", "allow_ties": true}}]}}, "items": [{}]}}"#,
        options.join(", "),
        quiz_items.join(", ")
    );
    let quiz = parse_quiz(&text, &Limits::default())
        .unwrap_or_else(|r| panic!("{:?}", r.lines()))
        .0;
    let trainee = items.iter().map(|(_, t)| answers(t)).collect();
    (quiz, trainee)
}

/// Scores and the number of disagreements when the trainee answers `trainee[item]`.
fn scored(
    quiz: &Quiz,
    trainee: &[BTreeMap<String, Answer>],
) -> (
    Vec<(String, rubric_core::calibration::scoring::CriterionScore)>,
    usize,
) {
    let mut attempt = Attempt::new(quiz, 1, 7, 0);
    while let Some(i) = attempt.current() {
        attempt.record(i, trainee[i].clone());
    }
    let items = attempt.attempted(quiz);
    let scores = rubric_core::calibration::scoring::score(&quiz.rubric, &items);
    let disagreements =
        rubric_core::calibration::scoring::disagreements(&quiz.rubric, &items).len();
    (scores, disagreements)
}

/// An answer written from generated choices: options by bit mask (at least one), a ranking of
/// x, y, z by permutation index with ties after the first place as `ties` says; `rotate`
/// rotates the options and every tie group, which changes how it is written, not what it says.
fn written(mask: u8, perm: usize, ties: (bool, bool), rotate: usize) -> Written {
    let all = ["o1", "o2", "o3", "o4"];
    let mut values: Vec<&str> = (0..4)
        .filter(|i| (mask | 1) & (1 << i) != 0)
        .map(|i| all[i])
        .collect();
    let k = rotate % values.len();
    values.rotate_left(k);
    const PERMS: [[&str; 3]; 6] = [
        ["x", "y", "z"],
        ["x", "z", "y"],
        ["y", "x", "z"],
        ["y", "z", "x"],
        ["z", "x", "y"],
        ["z", "y", "x"],
    ];
    let p = PERMS[perm % 6];
    let mut groups: Vec<Vec<&str>> = vec![vec![p[0]]];
    for (id, tie) in [(p[1], ties.0), (p[2], ties.1)] {
        match groups.last_mut() {
            Some(g) if tie => g.push(id),
            _ => groups.push(vec![id]),
        }
    }
    for g in &mut groups {
        let k = rotate % g.len();
        g.rotate_left(k);
    }
    (values, groups)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

    /// The order a backend or a reviewer wrote the chosen options or a group of tied responses
    /// in never changes a score or the disagreements, for the experts or the trainee.
    #[test]
    fn the_order_values_are_written_in_never_changes_a_score(
        cases in proptest::collection::vec(
            ((0u8..16, 0usize..6, proptest::bool::ANY, proptest::bool::ANY),
             (0u8..16, 0usize..6, proptest::bool::ANY, proptest::bool::ANY),
             0usize..6, 0usize..6),
            2..10),
    ) {
        let build = |rot: &dyn Fn(usize) -> (usize, usize)| {
            let items: Vec<(Written, Written)> = cases
                .iter()
                .enumerate()
                .map(|(n, (g, t, _, _))| {
                    let (rg, rt) = rot(n);
                    (written(g.0, g.1, (g.2, g.3), rg), written(t.0, t.1, (t.2, t.3), rt))
                })
                .collect();
            multi_and_ranking_quiz(&items)
        };
        let (quiz, trainee) = build(&|_| (0, 0));
        let (quiz_rotated, trainee_rotated) = build(&|n| (cases[n].2, cases[n].3));
        proptest::prop_assert_eq!(scored(&quiz, &trainee), scored(&quiz_rotated, &trainee_rotated));
    }
}
