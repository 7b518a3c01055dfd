//! Scoring a calibration attempt against gold answers.

use rubric_core::calibration::agreement::Estimate;
use rubric_core::calibration::scoring::{
    disagreements, levels_apart, score, summary, Attempted, CriterionScore,
};
use rubric_core::{parse_rubric, Answer, Check, Limits, Rubric};
use std::collections::BTreeMap;

fn example(name: &str) -> Rubric {
    let path = format!(
        "{}/../../examples/rubrics/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_rubric(&std::fs::read_to_string(path).unwrap(), &Limits::default())
        .unwrap()
        .0
}

fn rating(v: i64) -> Answer {
    Answer::Rating { value: v }
}

fn item(pairs: &[(&str, Answer, Answer)]) -> Attempted {
    let mut a = Attempted::default();
    for (id, trainee, gold) in pairs {
        a.trainee.insert(id.to_string(), trainee.clone());
        a.gold.insert(id.to_string(), gold.clone());
    }
    a
}

fn figures(scores: &[(String, CriterionScore)], id: &str) -> CriterionScore {
    scores.iter().find(|(c, _)| c == id).unwrap().1.clone()
}

#[test]
fn ratings_are_scored_on_the_full_scale() {
    let r = example("helpful-honest-harmless");
    let items = vec![
        item(&[("helpfulness", rating(4), rating(4))]),
        item(&[("helpfulness", rating(2), rating(3))]),
        item(&[("helpfulness", rating(5), rating(5))]),
        item(&[("helpfulness", rating(1), rating(1))]),
    ];
    let scores = score(&r, &items);
    let CriterionScore::Categorical {
        labels,
        table,
        items: n,
        percent,
        kappa,
        kappa_quadratic,
        ..
    } = figures(&scores, "helpfulness")
    else {
        panic!()
    };
    assert_eq!(labels.len(), 5, "every level is a category, used or not");
    assert_eq!(n, 4);
    assert_eq!(
        table.count(1, 2),
        1,
        "trainee 2 (row) against gold 3 (column)"
    );
    assert_eq!(percent.value(), Some(0.75));
    // By hand: rows (¼ at levels 1,2,4,5), cols (¼ at 1,3,4,5): pₑ = 3/16, κ = (0.75 − 3/16)/(13/16) = 9/13.
    assert!((kappa.value().unwrap() - 9.0 / 13.0).abs() < 1e-12);
    assert!(
        kappa_quadratic.unwrap().value().unwrap() > kappa.value().unwrap(),
        "an adjacent miss costs less when weighted"
    );
}

#[test]
fn checklists_and_multi_choice_pool_their_decisions_and_text_is_not_scored() {
    let r = example("helpful-honest-harmless");
    let checks = |l, f, c| {
        let mut m = BTreeMap::new();
        m.insert("language".to_string(), l);
        m.insert("format".to_string(), f);
        m.insert("citations".to_string(), c);
        Answer::Checklist { items: m }
    };
    let multi = |v: &[&str]| Answer::MultiChoice {
        values: v.iter().map(|s| s.to_string()).collect(),
    };
    let items = vec![item(&[
        (
            "checks",
            checks(Check::Yes, Check::No, Check::Na),
            checks(Check::Yes, Check::Yes, Check::Na),
        ),
        (
            "issues",
            multi(&["factual_error"]),
            multi(&["factual_error", "too_verbose"]),
        ),
        (
            "justification",
            Answer::Text { value: "a".into() },
            Answer::Text { value: "b".into() },
        ),
    ])];
    let scores = score(&r, &items);
    let CriterionScore::Categorical {
        items: n, percent, ..
    } = figures(&scores, "checks")
    else {
        panic!()
    };
    assert_eq!((n, percent.value()), (3, Some(2.0 / 3.0)));
    let CriterionScore::Categorical {
        items: n, percent, ..
    } = figures(&scores, "issues")
    else {
        panic!()
    };
    assert_eq!(
        (n, percent.value()),
        (5, Some(4.0 / 5.0)),
        "one decision per option"
    );
    assert_eq!(figures(&scores, "justification"), CriterionScore::NotScored);
    let d = disagreements(&r, &items);
    assert_eq!(
        d.iter().map(|d| d.criterion.as_str()).collect::<Vec<_>>(),
        vec!["issues", "checks"]
    );
}

#[test]
fn rankings_use_kendall_tau_per_item() {
    let r = example("code-review");
    let order = |groups: &[&[&str]]| Answer::Ranking {
        order: groups
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect(),
    };
    let items = vec![
        item(&[(
            "ranking",
            order(&[&["p3"], &["p1"], &["p2"]]),
            order(&[&["p3"], &["p1"], &["p2"]]),
        )]),
        item(&[(
            "ranking",
            order(&[&["p2"], &["p1"], &["p3"]]),
            order(&[&["p3"], &["p1"], &["p2"]]),
        )]),
    ];
    let CriterionScore::Ranking { items: n, mean_tau } = figures(&score(&r, &items), "ranking")
    else {
        panic!()
    };
    assert_eq!(n, 2);
    assert_eq!(
        mean_tau,
        Estimate::Value {
            value: 0.0,
            se: None,
            nonnegative: false
        },
        "mean of 1 and −1"
    );
}

#[test]
fn a_near_miss_is_one_level_apart_and_the_summary_says_where_a_trainee_leans() {
    let r = example("helpful-honest-harmless");
    let help = r.criterion("helpfulness").unwrap();
    assert_eq!(levels_apart(help, &rating(4), &rating(5)), Some(1));
    assert_eq!(levels_apart(help, &rating(1), &rating(5)), Some(4));
    assert_eq!(levels_apart(help, &rating(3), &rating(3)), Some(0));
    let text = r.criterion("justification").unwrap();
    let words = Answer::Text { value: "x".into() };
    assert_eq!(levels_apart(text, &words, &words), None);

    // Harmlessness: one level higher than the experts on three items of four (mean +0.75,
    // about one level); helpfulness: +1 then -1 (no leaning); honesty always matched.
    let items: Vec<Attempted> = [(4, 3, 5, 4), (2, 3, 4, 3), (3, 3, 3, 2), (3, 3, 2, 2)]
        .iter()
        .map(|&(h, hg, x, xg)| {
            item(&[
                ("helpfulness", rating(h), rating(hg)),
                ("harmlessness", rating(x), rating(xg)),
                ("honesty", rating(3), rating(3)),
                ("justification", words.clone(), words.clone()),
            ])
        })
        .collect();
    let s = summary(&r, &items);
    // 12 scored answers (free text aside): helpfulness missed twice, harmlessness three times.
    assert_eq!((s.matched, s.total), (7, 12));
    assert_eq!(s.leanings, vec![("harmlessness".to_string(), 1)]);
}
