//! The agreement report's core: submissions read as a portal's backend would export them, and
//! each criterion's figures equal to the statistics computed directly on the same ratings.

use rubric_core::calibration::agreement::*;
use rubric_core::report::figures::{self, CriterionFigures, Name};
use rubric_core::report::read::{RaterKind, Ratings, Reader};
use rubric_core::{parse_rubric, Limits, Rubric};

fn rubric() -> Rubric {
    let text = r#"{
      "schema_version": "1.0", "id": "r", "version": "2", "title": "R",
      "criteria": [
        {"id": "quality", "type": "rating", "title": "Quality", "levels": [
          {"value": 1, "label": "Bad"}, {"value": 2, "label": "Fair"}, {"value": 3, "label": "Good"}, {"value": 4, "label": "Great"}]},
        {"id": "pref", "type": "pairwise", "title": "Preference", "scale": [
          {"value": -1, "label": "A"}, {"value": 0, "label": "Same"}, {"value": 1, "label": "B"}]},
        {"id": "checks", "type": "checklist", "title": "Checks", "items": [
          {"id": "format", "label": "Format"}, {"id": "sources", "label": "Sources"}]},
        {"id": "issues", "type": "multi_choice", "title": "Issues", "options": [
          {"value": "wrong", "label": "Wrong"}, {"value": "rude", "label": "Rude"}]},
        {"id": "rank", "type": "ranking", "title": "Rank"},
        {"id": "why", "type": "text", "title": "Why"}
      ]
    }"#;
    parse_rubric(text, &Limits::default()).unwrap().0
}

/// One submission as JSON, with `answers` as given.
fn submission(task: &str, annotator: &str, at: &str, answers: &str, extra: &str) -> String {
    format!(
        r#"{{"schema_version": "1.1", "submission_id": "{task}-{annotator}-{at}", "rubric": {{"id": "r", "version": "2"}}, "task_id": "{task}", "annotator": "{annotator}", "answers": {{{answers}}}, "submitted_at": "2026-12-01T10:00:{at}.000Z"{extra}}}"#
    )
}

/// Quality ratings: task → the three raters' levels (None: not rated).
const QUALITY: [(&str, [Option<i64>; 3]); 5] = [
    ("t1", [Some(4), Some(4), Some(3)]),
    ("t2", [Some(1), Some(2), Some(1)]),
    ("t3", [Some(3), Some(3), None]),
    ("t4", [Some(2), Some(2), Some(2)]),
    ("t5", [None, Some(4), Some(4)]),
];
const RATERS: [&str; 3] = ["ann", "bob", "judge"];

fn lines() -> Vec<String> {
    let mut out = Vec::new();
    for (task, levels) in QUALITY {
        for (r, level) in RATERS.iter().zip(levels) {
            let Some(level) = level else { continue };
            let extra = if *r == "judge" {
                r#", "rater": {"kind": "model", "model": "gpt-x", "prompt_version": "3"}"#
            } else {
                ""
            };
            out.push(submission(
                task,
                r,
                "01",
                &format!(r#""quality": {{"type": "rating", "value": {level}}}"#),
                extra,
            ));
        }
    }
    out
}

fn read(text: &str, r: &Rubric) -> Ratings {
    let mut reader = Reader::new(r);
    reader.read_all(text);
    reader.finish()
}

#[test]
fn only_this_rubrics_submissions_count_and_every_bad_line_is_named() {
    let r = rubric();
    let mut l = lines();
    l.insert(2, "{not json".into());
    l.push(submission("t9", "ann", "01", "", "").replace(r#""version": "2""#, r#""version": "1""#));
    l.push(submission(
        "t9",
        "bob",
        "01",
        "",
        r#", "skipped": {"reason": "expertise", "note": ""}"#,
    ));
    l.push(r#"{"schema_version": "2.0"}"#.into());
    // A later answer from ann on t2 replaces her first; an earlier one would not.
    l.push(submission(
        "t2",
        "ann",
        "05",
        r#""quality": {"type": "rating", "value": 2}"#,
        "",
    ));
    l.push(submission(
        "t2",
        "ann",
        "00",
        r#""quality": {"type": "rating", "value": 4}"#,
        "",
    ));
    l.push(
        submission(
            "t1",
            "bob",
            "01",
            r#""nope": {"type": "rating", "value": 2}, "pref": {"type": "rating", "value": 2}"#,
            "",
        )
        .replace("t1", "t6"),
    );
    let ratings = read(&l.join("\n"), &r);
    assert_eq!(
        ratings.malformed.iter().map(|m| m.0).collect::<Vec<_>>(),
        [3, 17]
    );
    assert!(
        ratings.malformed[0].1.starts_with("not JSON"),
        "{:?}",
        ratings.malformed
    );
    assert_eq!(
        ratings.other_rubrics.get(&("r".into(), "1".into())),
        Some(&1)
    );
    assert_eq!(ratings.skipped_tasks, 1);
    assert_eq!(ratings.replaced, 2);
    assert_eq!(ratings.unfit_answers, 2);
    assert_eq!(
        ratings
            .raters
            .iter()
            .map(|r| (r.id.as_str(), r.kind))
            .collect::<Vec<_>>(),
        [
            ("ann", RaterKind::Human),
            ("bob", RaterKind::Human),
            ("judge", RaterKind::Model)
        ]
    );
    assert_eq!(ratings.raters[2].model.as_deref(), Some("gpt-x"));
    let t2_ann: Vec<_> = ratings.by_criterion[0]
        .iter()
        .filter(|x| ratings.units[x.unit] == "t2" && ratings.raters[x.rater].id == "ann")
        .map(|x| x.answer.number())
        .collect();
    assert_eq!(t2_ann, [Some(2)]);
    // The same submissions as a JSON array read the same.
    let array = format!("[{}]", lines().join(",\n"));
    let (a, b) = (read(&array, &r), read(&lines().join("\n"), &r));
    assert_eq!(a.by_criterion, b.by_criterion);
}

#[test]
fn a_ratings_figures_are_the_statistics_of_its_ratings() {
    let r = rubric();
    let ratings = read(&lines().join("\n"), &r);
    let CriterionFigures::Categorical(f) = figures::criterion(&r.criteria[0], 0, &ratings, 500)
    else {
        panic!()
    };
    let f = &f[0];
    assert_eq!((f.units, f.raters, f.values), (5, 3, 13));
    // The matrix by hand: levels as category indices 0..4.
    let units: Vec<Vec<Option<f64>>> = QUALITY
        .iter()
        .map(|(_, l)| l.iter().flatten().map(|v| Some((v - 1) as f64)).collect())
        .collect();
    assert_eq!(f.alpha, krippendorff_alpha(&units, Level::Ordinal));
    let values: Vec<Vec<Option<f64>>> = QUALITY
        .iter()
        .map(|(_, l)| l.iter().flatten().map(|v| Some(*v as f64)).collect())
        .collect();
    assert_eq!(
        f.alpha_interval.unwrap().0,
        krippendorff_alpha(&values, Level::Interval)
    );
    let counts: Vec<Vec<u32>> = QUALITY
        .iter()
        .map(|(_, l)| {
            let mut row = vec![0; 4];
            l.iter().flatten().for_each(|v| row[(v - 1) as usize] += 1);
            row
        })
        .collect();
    assert_eq!((f.ac1, f.percent), gwet_ac1_many(&counts));
    // Not every task has three ratings: no Fleiss' kappa.
    assert_eq!(f.fleiss, None);
    let (lo, hi) = f.alpha_ci.unwrap();
    assert!(lo <= f.alpha.value().unwrap() && f.alpha.value().unwrap() <= hi);
    assert_eq!(
        f.levels.iter().map(|l| l.1).collect::<Vec<_>>(),
        [2, 4, 3, 4]
    );
    assert_eq!(f.levels[0].0, Name::Rubric("Bad".into()));
    // Reproducible: the same data give the same interval.
    assert_eq!(
        figures::criterion(&r.criteria[0], 0, &ratings, 500),
        figures::criterion(&r.criteria[0], 0, &ratings, 500)
    );
}

#[test]
fn a_pair_shown_either_way_round_is_the_same_preference() {
    let r = rubric();
    // Both prefer response "x": ann saw it as A, bob as B.
    let l = [
        submission(
            "t1",
            "ann",
            "01",
            r#""pref": {"type": "pairwise", "a": "x", "b": "y", "value": -1, "both_bad": false}"#,
            "",
        ),
        submission(
            "t1",
            "bob",
            "01",
            r#""pref": {"type": "pairwise", "a": "y", "b": "x", "value": 1, "both_bad": false}"#,
            "",
        ),
        submission(
            "t2",
            "ann",
            "01",
            r#""pref": {"type": "pairwise", "a": "x", "b": "y", "value": 1, "both_bad": false}"#,
            "",
        ),
        submission(
            "t2",
            "bob",
            "01",
            r#""pref": {"type": "pairwise", "a": "y", "b": "x", "value": -1, "both_bad": false}"#,
            "",
        ),
    ];
    let ratings = read(&l.join("\n"), &r);
    let CriterionFigures::Categorical(f) = figures::criterion(&r.criteria[1], 1, &ratings, 0)
    else {
        panic!()
    };
    assert_eq!(f[0].percent.value(), Some(1.0));
    assert_eq!(f[0].alpha.value(), Some(1.0));
}

#[test]
fn checklists_and_multiple_choices_are_scored_per_item_and_rankings_by_concordance() {
    let r = rubric();
    let both = |task: &str, who: &str, format: &str, issues: &str, order: &str| {
        submission(
            task,
            who,
            "01",
            &format!(
                r#""checks": {{"type": "checklist", "items": {{"format": "{format}", "sources": "yes"}}}}, "issues": {{"type": "multi_choice", "values": [{issues}]}}, "rank": {{"type": "ranking", "order": {order}}}"#
            ),
            "",
        )
    };
    let l = [
        both("t1", "ann", "yes", r#""wrong""#, r#"[["a"], ["b"], ["c"]]"#),
        both(
            "t1",
            "bob",
            "no",
            r#""wrong", "rude""#,
            r#"[["a"], ["b"], ["c"]]"#,
        ),
        both("t2", "ann", "no", "", r#"[["c"], ["b", "a"]]"#),
        both("t2", "bob", "no", "", r#"[["c"], ["a"], ["b"]]"#),
    ];
    let ratings = read(&l.join("\n"), &r);
    let CriterionFigures::Categorical(checks) = figures::criterion(&r.criteria[2], 2, &ratings, 0)
    else {
        panic!()
    };
    assert_eq!(
        checks.iter().map(|f| f.part.as_deref()).collect::<Vec<_>>(),
        [Some("format"), Some("sources")]
    );
    assert_eq!(checks[0].percent.value(), Some(0.5));
    assert_eq!(checks[1].percent.value(), Some(1.0));
    // Everyone said yes to sources: nothing to expect, so alpha is undefined, and says why.
    assert!(matches!(checks[1].alpha, Estimate::Undefined(_)));
    assert_eq!(
        checks[0].fleiss,
        Some(fleiss_kappa(&[vec![1, 1, 0], vec![0, 2, 0]]))
    );
    let CriterionFigures::Categorical(issues) = figures::criterion(&r.criteria[3], 3, &ratings, 0)
    else {
        panic!()
    };
    assert_eq!(
        issues.iter().map(|f| f.percent.value()).collect::<Vec<_>>(),
        [Some(1.0), Some(0.5)]
    );
    let CriterionFigures::Ranking {
        units,
        mean_w,
        mean_tau,
    } = figures::criterion(&r.criteria[4], 4, &ratings, 0)
    else {
        panic!()
    };
    assert_eq!(units, 2);
    let w2 = kendall_w(&[vec![2.0, 1.0, 1.0], vec![2.0, 1.0, 0.0]])
        .value()
        .unwrap();
    assert!((mean_w.value().unwrap() - (1.0 + w2) / 2.0).abs() < 1e-12);
    assert!(mean_tau.value().unwrap() < 1.0);
    assert_eq!(
        figures::criterion(&r.criteria[5], 5, &ratings, 0),
        CriterionFigures::NotScored
    );
}

#[test]
fn each_rater_against_the_others_and_a_judge_against_the_humans() {
    use rubric_core::report::raters;
    let r = rubric();
    let ratings = read(&lines().join("\n"), &r);
    let v = &figures::variables(&r.criteria[0], 0, &ratings)[0];
    // ann (levels 4 1 3 2 on t1–t4) against the lower median of bob and the judge: she differs
    // only on t1, one level higher.
    let ann = &raters::per_rater(v, 3)[0];
    assert_eq!((ann.items, ann.compared), (4, 4));
    assert_eq!(ann.agreement.value(), Some(0.75));
    assert_eq!(ann.offset, Some(0.25));
    assert_eq!(ann.confusions, [(3, 2, 1)]);
    // The judge against the two humans: one level lower on t1; the humans agree with each
    // other on 3 of the 4 tasks they share.
    let (judges, ceiling) = raters::judges(v, &ratings.raters);
    assert_eq!(judges.len(), 1);
    assert_eq!(ratings.raters[judges[0].rater].id, "judge");
    assert_eq!(judges[0].against_humans.agreement.value(), Some(0.75));
    assert_eq!(judges[0].against_humans.offset, Some(-0.25));
    assert_eq!(ceiling, Some(0.75));
    // The pair ann–bob agrees on 3 of 4 tasks; the matrix is symmetric.
    let m = raters::matrix(v, 3).unwrap();
    assert_eq!(m[1].as_ref().unwrap().0.value(), Some(0.75));
    assert_eq!(m[1], m[3]);
    assert_eq!(m[0], None);
    // The contested tasks: t1 and t2, each one level apart.
    let contested = raters::contested(v);
    assert_eq!(
        contested
            .iter()
            .map(|c| ratings.units[c.unit].as_str())
            .collect::<Vec<_>>(),
        ["t1", "t2"]
    );
    assert_eq!(contested[0].spread, Some(1));
    assert!((contested[0].disagreement - 2.0 / 3.0).abs() < 1e-12);
}

/// Raters 0–2 are people, 3 a model judge; `units[i]` their categories on task i (None: not
/// rated), over `k` unordered categories.
fn variable(
    units: &[[Option<usize>; 4]],
    k: usize,
) -> (figures::Variable, Vec<rubric_core::report::read::Rater>) {
    let by_unit = units
        .iter()
        .map(|u| {
            u.iter()
                .enumerate()
                .filter_map(|(r, c)| c.map(|c| (r, c)))
                .collect()
        })
        .collect();
    let raters = (0..4)
        .map(|i| rubric_core::report::read::Rater {
            id: format!("r{i}"),
            kind: if i == 3 {
                RaterKind::Model
            } else {
                RaterKind::Human
            },
            model: None,
            prompt_version: None,
        })
        .collect();
    let v = figures::Variable {
        part: None,
        label: "v".into(),
        names: (0..k).map(|i| Name::Rubric(i.to_string())).collect(),
        values: None,
        by_unit,
    };
    (v, raters)
}

#[test]
fn the_alternative_annotator_test_by_hand_and_on_clear_cases() {
    use rubric_core::report::raters::alt_test;
    // By hand, leaving out person 0 (the other two remain): task 0 a tie (0 = 0), task 1 the
    // person wins, task 2 the judge wins. Differences 0, 1, −1: mean 0, sd 1, t = −0.2·√3 with
    // 2 degrees of freedom, p = 1/2 + t / (2√(2 + t²)).
    let (v, raters) = variable(
        &[
            [Some(0), Some(0), Some(1), Some(0)],
            [Some(1), Some(1), Some(1), Some(0)],
            [Some(2), Some(0), Some(0), Some(0)],
        ],
        3,
    );
    let test = alt_test(&v, &raters, 3, 0.2, 3);
    let h0 = &test.humans[0];
    assert_eq!((h0.rater, h0.items), (0, 3));
    assert!((h0.advantage - 2.0 / 3.0).abs() < 1e-12);
    let t = -0.2 * 3f64.sqrt();
    assert!((h0.p_value - (0.5 + t / (2.0 * (2.0 + t * t).sqrt()))).abs() < 1e-12);
    assert!(!test.passes);

    // 40 tasks; each person is wrong on 4 of them (a different 4), the judge never: it passes.
    let truth = |i: usize| i % 3;
    let units: Vec<[Option<usize>; 4]> = (0..40)
        .map(|i| {
            let person = |j: usize| {
                Some(if i % 10 == j {
                    (truth(i) + 1) % 3
                } else {
                    truth(i)
                })
            };
            [person(0), person(1), person(2), Some(truth(i))]
        })
        .collect();
    let (v, raters) = variable(&units, 3);
    let good = alt_test(&v, &raters, 3, 0.2, 30);
    assert_eq!(good.humans.len(), 3);
    assert_eq!(good.winning_rate, Some(1.0));
    assert!(good.passes && good.advantage == Some(1.0));
    // A judge that is always wrong never passes; with 30 tasks required and 3 given, nobody
    // can be tested.
    let wrong: Vec<[Option<usize>; 4]> = units
        .iter()
        .enumerate()
        .map(|(i, u)| [u[0], u[1], u[2], Some((truth(i) + 2) % 3)])
        .collect();
    let (v, raters) = variable(&wrong, 3);
    let bad = alt_test(&v, &raters, 3, 0.2, 30);
    assert_eq!(bad.winning_rate, Some(0.0));
    assert!(!bad.passes);
    let (v, raters) = variable(&units[..3], 3);
    let few = alt_test(&v, &raters, 3, 0.2, 30);
    assert_eq!(
        (few.untested.len(), few.winning_rate, few.passes),
        (3, None, false)
    );
}

#[test]
fn every_answer_exports_in_long_format_and_no_cell_runs_as_a_formula() {
    use rubric_core::report::export;
    let r = rubric();
    let l = [
        submission(
            "t1",
            "=HYPERLINK(\\\"x\\\")",
            "01",
            r#""quality": {"type": "rating", "value": 3}, "checks": {"type": "checklist", "items": {"format": "yes", "sources": "na"}}, "why": {"type": "text", "value": "fine, \"mostly\"\nyes"}"#,
            "",
        ),
        submission(
            "t1",
            "bob",
            "01",
            r#""pref": {"type": "pairwise", "a": "y", "b": "x", "value": 1, "both_bad": false}, "rank": {"type": "ranking", "order": [["b", "a"], ["c"]]}, "issues": {"type": "multi_choice", "values": ["rude", "wrong"]}"#,
            "",
        ),
    ];
    let ratings = read(&l.join("\n"), &r);
    let csv = export::answers_csv(&r, &ratings);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], export::ANSWERS_HEADER);
    assert!(lines.contains(&r#"t1,"'=HYPERLINK(""x"")",human,quality,rating,,3,"{""type"":""rating"",""value"":3}""#), "{csv}");
    assert!(csv.contains(r#",checks,checklist,sources,na,"#));
    // "-inf" is not a plain number: defused, while the point -1 above was not.
    let inf = read(
        &submission(
            "t2",
            "-inf",
            "01",
            r#""quality": {"type": "rating", "value": 1}"#,
            "",
        ),
        &r,
    );
    assert!(export::answers_csv(&r, &inf).contains("t2,\"'-inf\",human"));
    // The pair in canonical orientation (x before y): bob preferred x.
    assert!(csv.contains(r#"t1,bob,human,pref,pairwise,,-1,"#), "{csv}");
    assert!(
        csv.contains(r#"t1,bob,human,rank,ranking,,a=b>c,"#),
        "{csv}"
    );
    assert!(
        csv.contains(r#"t1,bob,human,issues,multi_choice,,wrong|rude,"#),
        "{csv}"
    );
    assert!(csv.contains("\"fine, \"\"mostly\"\"\nyes\""));
    // One row per answer, one per checklist item: 3 + 1 (two items) + 3.
    assert_eq!(csv.matches("\nt1,").count(), 7);
}

#[test]
fn rubric_health_names_unused_levels_criteria_that_move_together_and_chance_agreement() {
    use rubric_core::report::health;
    let r = rubric();
    let mut l = Vec::new();
    for i in 0..12 {
        for who in ["ann", "bob"] {
            // Quality follows the preference exactly (levels 1–3, never 4); "checks" is coin-like.
            let level = i % 3;
            let check = if (i + usize::from(who == "bob")) % 2 == 0 {
                "yes"
            } else {
                "no"
            };
            l.push(submission(&format!("t{i}"), who, "01", &format!(
                r#""quality": {{"type": "rating", "value": {}}}, "pref": {{"type": "pairwise", "a": "x", "b": "y", "value": {}, "both_bad": false}}, "checks": {{"type": "checklist", "items": {{"format": "{check}", "sources": "yes"}}}}"#,
                level + 1,
                level as i64 - 1
            ), ""));
        }
    }
    let ratings = read(&l.join("\n"), &r);
    let figures: Vec<_> = r
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| figures::criterion(c, i, &ratings, 200))
        .collect();
    let h = health::of(&r, &ratings, &figures);
    assert_eq!(h.together.len(), 1);
    let (a, b, corr, n) = h.together[0];
    assert_eq!(
        (r.criteria[a].id.as_str(), r.criteria[b].id.as_str(), n),
        ("quality", "pref", 12)
    );
    assert!((corr - 1.0).abs() < 1e-12);
    // "Great" (the 4th level) was never chosen.
    assert!(h.unused.iter().any(|(p, i)| p.criterion == 0 && *i == 3));
    // The format check disagrees on every task: no better than chance.
    assert!(
        h.near_chance
            .iter()
            .any(|p| p.criterion == 2 && p.part.as_deref() == Some("format")),
        "{:?}",
        h.near_chance
    );
    assert!(!h.near_chance.iter().any(|p| p.criterion == 0));
}

#[test]
fn a_repeated_key_is_one_answer_and_later_means_later_in_time() {
    let r = rubric();
    let twice =
        r#""quality": {"type": "rating", "value": 1}, "quality": {"type": "rating", "value": 1}"#;
    let one = |v: i64| format!(r#""quality": {{"type": "rating", "value": {v}}}"#);
    let l = [
        submission("t1", "ann", "01", twice, ""),
        submission("t1", "bob", "01", &one(3), ""),
        // bob again: ".500Z" is later than "01" even though it sorts before "Z" as text, and
        // "+02:00" at 12:00 is the same instant as 10:00 UTC, so earlier than 10:00:01.
        submission("t1", "bob", "01", &one(4), "").replace("10:00:01.000Z", "10:00:01.500Z"),
        submission("t1", "bob", "01", &one(2), "")
            .replace("2026-12-01T10:00:01.000Z", "2026-12-01T12:00:00.000+02:00"),
    ];
    let ratings = read(&l.join("\n"), &r);
    assert_eq!(
        ratings.by_criterion[0].len(),
        2,
        "{:?}",
        ratings.by_criterion[0]
    );
    assert_eq!(ratings.unfit_answers, 1);
    let bob: Vec<_> = ratings.by_criterion[0]
        .iter()
        .filter(|x| ratings.raters[x.rater].id == "bob")
        .map(|x| x.answer.number())
        .collect();
    assert_eq!(bob, [Some(4)]);
}

// ---- streaming -------------------------------------------------------------------------------

/// What a reading gives, for comparing two readings (the reader's indexes aside).
fn everything(r: &Ratings) -> String {
    format!(
        "{:?}",
        (
            &r.units,
            &r.raters,
            &r.by_criterion,
            (r.submissions, r.skipped_tasks, r.replaced, r.unfit_answers),
            &r.other_rubrics,
            &r.malformed,
        )
    )
}

/// Feeds `text` cut at `cuts` (byte offsets, moved back to a character's start).
fn read_in_pieces(text: &str, cuts: &[usize], r: &Rubric) -> Ratings {
    let mut at: Vec<usize> = cuts
        .iter()
        .map(|&c| {
            let mut c = c.min(text.len());
            while !text.is_char_boundary(c) {
                c -= 1;
            }
            c
        })
        .collect();
    at.sort_unstable();
    let mut reader = Reader::new(r);
    let mut from = 0;
    for c in at {
        reader.feed(&text[from..c]);
        from = c;
    }
    reader.feed(&text[from..]);
    reader.finish()
}

/// Feeds `text` as bytes cut at `cuts` (anywhere, inside a character too).
fn read_bytes_in_pieces(text: &[u8], cuts: &[usize], r: &Rubric) -> Ratings {
    let mut at: Vec<usize> = cuts.iter().map(|&c| c.min(text.len())).collect();
    at.sort_unstable();
    let mut reader = Reader::new(r);
    let mut from = 0;
    for c in at {
        reader.feed_bytes(&text[from..c]);
        from = c;
    }
    reader.feed_bytes(&text[from..]);
    reader.finish()
}

/// Elements a document is made of: submissions with text that looks like structure (commas,
/// brackets, quotes, escapes, multi-byte characters), one spread over several lines, one in the
/// receiver's listing envelope, and things that are not submissions.
fn pieces() -> Vec<String> {
    let q = |v: i64| format!(r#""quality": {{"type": "rating", "value": {v}}}"#);
    vec![
        submission("t1", "ann", "01", &q(3), ""),
        submission("t1", "bob", "02", &q(4), ""),
        submission(
            "t2",
            "ann",
            "03",
            &q(1),
            r#", "note": "a, b] } { [ \"quoted\" \\ é 😀 \u00e9""#,
        ),
        submission("t\\u00e9", "b\u{f6}b", "04", &q(2), ""),
        submission(
            "t2",
            "judge",
            "05",
            &q(2),
            r#", "rater": {"kind": "model", "model": "m,]"}"#,
        ),
        submission("t1", "ann", "06", &q(4), "").replace(", ", ",\n  "),
        format!(
            r#"{{"submission_id": "x", "received_at": "2026-12-01T10:00:00Z", "submission": {}}}"#,
            submission("t3", "bob", "07", &q(2), "")
        ),
        "{not: json}".into(),
        r#"{"a": "unterminated }"#.into(),
        "42".into(),
        r#"{"schema_version": "1.0"}"#.into(),
        submission("t3", "ann", "08", &q(9), ""),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// However the text is cut, feeding it piece by piece reads exactly what reading it whole
    /// does, malformed lines' numbers included, for JSON Lines and for an array.
    #[test]
    fn any_chunking_reads_the_same_as_the_whole(
        chosen in proptest::collection::vec(0..12usize, 0..10),
        array in proptest::prelude::any::<bool>(),
        crlf in proptest::prelude::any::<bool>(),
        blank in proptest::prelude::any::<bool>(),
        cuts in proptest::collection::vec(0..4000usize, 0..12),
    ) {
        let r = rubric();
        let all = pieces();
        let parts: Vec<&str> = chosen.iter().map(|&i| all[i].as_str()).collect();
        let nl = if crlf { "\r\n" } else { "\n" };
        let text = if array {
            format!("{nl} [{nl}{}{nl}]{nl}", parts.join(&format!(",{nl}")))
        } else {
            let sep = if blank { format!("{nl}{nl}") } else { nl.to_string() };
            parts.join(&sep)
        };
        let mut whole = Reader::new(&r);
        whole.read_all(&text);
        let whole = whole.finish();
        let pieces = read_in_pieces(&text, &cuts, &r);
        proptest::prop_assert_eq!(everything(&whole), everything(&pieces));
        // Byte by byte too.
        let every: Vec<usize> = (0..text.len()).collect();
        let bytes = read_in_pieces(&text, &every, &r);
        proptest::prop_assert_eq!(everything(&whole), everything(&bytes));
        // As bytes cut anywhere, inside a character too (a stream's chunks).
        let raw = read_bytes_in_pieces(text.as_bytes(), &cuts, &r);
        proptest::prop_assert_eq!(everything(&whole), everything(&raw));
    }
}

#[test]
fn bytes_that_are_not_utf8_read_as_replacement_characters() {
    let r = rubric();
    let q = |v: i64| format!(r#""quality": {{"type": "rating", "value": {v}}}"#);
    let mut text = submission("t1", "ann", "01", &q(3), "").into_bytes();
    text.push(b'\n');
    // A lone continuation byte inside the task id (its last mention), then a character cut off
    // at the very end.
    let mut broken = submission("tQQ", "bob", "02", &q(2), "").into_bytes();
    let at = broken.windows(3).rposition(|w| w == b"tQQ").unwrap() + 1;
    broken[at] = 0x80;
    let at = text.len() + at;
    text.extend_from_slice(&broken);
    text.extend_from_slice(&[b'\n', 0xE2, 0x82]);
    let ratings = read_bytes_in_pieces(&text, &[3, at, at + 1, text.len() - 1], &r);
    assert_eq!(ratings.submissions, 2, "{:?}", ratings.malformed);
    assert_eq!(ratings.units, ["t1", "t\u{FFFD}Q"]);
    // The cut-off character at the end is one replacement character: a line that is not JSON.
    assert_eq!(ratings.malformed.len(), 1);
    assert_eq!(ratings.malformed[0].0, 3);
}

#[test]
fn an_array_streams_its_elements_with_their_lines() {
    let r = rubric();
    let all = pieces();
    // One element spread over several lines, one not JSON (its brackets balanced, so the
    // elements after it are found), one not a submission, one in an envelope.
    let text = format!(
        "[\n{},\n{},\n{},\n{}, \n{}\n]\n",
        all[0], all[5], all[7], all[10], all[6]
    );
    let line_of = |s: &str| text[..text.find(s).unwrap()].matches('\n').count() + 1;
    let ratings = read_in_pieces(&text, &[5, 17, 300, 301, 302], &r);
    assert_eq!(
        ratings.malformed.iter().map(|m| m.0).collect::<Vec<_>>(),
        [line_of(&all[7]), line_of(&all[10])],
        "{:?}",
        ratings.malformed
    );
    assert!(ratings.malformed[0].1.starts_with("not JSON"));
    assert_eq!(ratings.submissions, 3);
    // The envelope's submission is read as itself.
    assert_eq!(ratings.units, ["t1", "t3"]);
    assert_eq!(ratings.replaced, 1);
    // The same submissions as JSON Lines read the same.
    let lines = [&all[0], &all[5].replace('\n', ""), &all[6]].map(|s| s.to_string());
    let jsonl = read(&lines.join("\n"), &r);
    assert_eq!(ratings.by_criterion, jsonl.by_criterion);
}

#[test]
fn an_unclosed_array_or_text_after_it_is_named_and_what_came_before_is_read() {
    let r = rubric();
    let all = pieces();
    let unclosed = read(&format!("[{},\n{}", all[0], all[1]), &r);
    assert_eq!(unclosed.submissions, 2);
    assert_eq!(
        unclosed.malformed.iter().map(|m| m.0).collect::<Vec<_>>(),
        [2]
    );
    let cut = read(&format!("[{},\n{}", all[0], &all[1][..40]), &r);
    assert_eq!(cut.submissions, 1);
    assert_eq!(
        cut.malformed.iter().map(|m| m.0).collect::<Vec<_>>(),
        [2, 2]
    );
    let after = read(&format!("[{}]\n\n{}", all[0], all[1]), &r);
    assert_eq!(after.submissions, 1);
    assert_eq!(after.malformed.iter().map(|m| m.0).collect::<Vec<_>>(), [3]);
    let holes = read(&format!("[{},,{},]", all[0], all[1]), &r);
    assert_eq!(holes.submissions, 2);
    assert_eq!(holes.malformed.len(), 2);
    let empty = read(" [ ] ", &r);
    assert!(empty.malformed.is_empty() && empty.submissions == 0);
}
