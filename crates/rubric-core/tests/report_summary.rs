//! The assembled report and its exports: every figure the page shows leaves in the JSON and the
//! CSV with the same value, and the contested tasks list each rater's answer.

use rubric_core::document::json;
use rubric_core::report::figures::CriterionFigures;
use rubric_core::report::read::Reader;
use rubric_core::report::summary::{self, CriterionReport, Options, Report};
use rubric_core::{parse_rubric, Limits};

const RUBRIC: &str = r#"{
  "schema_version": "1.0", "id": "r", "version": "1", "title": "R",
  "criteria": [
    {"id": "quality", "type": "rating", "title": "Quality", "levels": [
      {"value": 1, "label": "Bad"}, {"value": 2, "label": "Fair"}, {"value": 3, "label": "Good"}]},
    {"id": "tone", "type": "single_choice", "title": "Tone", "options": [
      {"value": "ok", "label": "OK"}, {"value": "rude", "label": "Rude, \"really\""}]},
    {"id": "why", "type": "text", "title": "Why"}
  ]
}"#;

fn data() -> String {
    // Four raters on twelve tasks; "judge" is a model. Quality: the humans mostly agree, the
    // judge rates one level higher on a third of the tasks.
    let mut out = String::new();
    for t in 0..12 {
        for (r, who) in ["ann", "bob", "cy", "judge"].iter().enumerate() {
            let truth = 1 + t % 3;
            let q = match (r, t % 4) {
                (1, 0) => (truth % 3) + 1,
                (3, 1) | (3, 2) => (truth + 1).min(3),
                _ => truth,
            };
            let tone = if (t + r) % 5 == 0 { "rude" } else { "ok" };
            let rater = if *who == "judge" {
                r#", "rater": {"kind": "model", "model": "m1"}"#
            } else {
                ""
            };
            let ms = (r + 1) * 1000 + t;
            out.push_str(&format!(
                r#"{{"schema_version": "1.1", "submission_id": "s{t}-{r}", "rubric": {{"id": "r", "version": "1"}}, "task_id": "=t{t}", "annotator": "{who}", "answers": {{"quality": {{"type": "rating", "value": {q}}}, "tone": {{"type": "single_choice", "value": "{tone}"}}}}, "submitted_at": "2026-12-01T10:00:00.000Z", "active_ms": {ms}{rater}}}"#
            ));
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_report_exports_what_it_shows() {
    let (rubric, _) = parse_rubric(RUBRIC, &Limits::default()).unwrap();
    let mut reader = Reader::new(&rubric);
    reader.read_all(&data());
    let ratings = reader.finish();
    let report = Report::of(&rubric, &ratings, &Options::default());
    // Each rater's median time: the lower middle of their twelve tasks' times.
    assert_eq!(
        ratings.median_active_ms(),
        [Some(1005), Some(2005), Some(3005), Some(4005)]
    );
    assert_eq!(ratings.tasks_per_rater(), [12, 12, 12, 12]);
    assert_eq!(report.criteria.len(), 3);
    assert!(matches!(report.criteria[2], CriterionReport::NotScored));
    let CriterionReport::Categorical(q) = &report.criteria[0] else {
        panic!("quality is categorical")
    };
    let q = &q[0];
    // The same figures as the figures module computes alone.
    let CriterionFigures::Categorical(alone) =
        rubric_core::report::figures::criterion(&rubric.criteria[0], 0, &ratings, 200)
    else {
        panic!()
    };
    assert_eq!(q.figures, alone[0]);
    assert_eq!(q.judges.len(), 1);
    assert_eq!(q.alt_tests.len(), 1);
    assert!(q.ceiling.is_some());
    // The judge leans up by a positive share of a level against the humans.
    let judge = &q.judges[0].against_humans;
    assert!(judge.offset.unwrap() > 0.0, "{judge:?}");

    let csv = summary::figures_csv(&rubric, &report);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(summary::FIGURES_HEADER));
    let alpha_row = lines
        .clone()
        .find(|l| l.starts_with("quality,,alpha_ordinal,"))
        .expect("alpha row");
    let cells: Vec<&str> = alpha_row.split(',').collect();
    let alpha: f64 = cells[3].parse().unwrap();
    assert_eq!(Some(alpha), q.figures.alpha.value());
    let (lo, hi) = q.figures.alpha_ci.unwrap();
    assert_eq!(cells[4].parse::<f64>().unwrap(), lo);
    assert_eq!(cells[5].parse::<f64>().unwrap(), hi);
    assert_eq!(cells[6], q.figures.units.to_string());
    // Rows: quality (alpha ordinal, alpha interval, ac1, percent, fleiss), tone (alpha
    // nominal, ac1, percent, fleiss): every task has four ratings.
    assert_eq!(csv.lines().count(), 1 + 5 + 4, "{csv}");

    let doc = summary::figures_json(&rubric, &ratings, &report);
    let root = json::parse(&doc).expect("the figures are JSON");
    let figures = root.get("figures").and_then(|f| f.as_array()).unwrap();
    assert_eq!(figures.len(), 9);
    let first = &figures[0];
    assert_eq!(
        first.get("statistic").and_then(|s| s.as_str()),
        Some("alpha_ordinal")
    );
    assert_eq!(first.get("value").and_then(|v| v.as_f64()), Some(alpha));
    assert_eq!(root.get("submissions").and_then(|v| v.as_i64()), Some(48));
    let raters = root.get("raters").and_then(|r| r.as_array()).unwrap();
    assert_eq!(raters.len(), 4);
    assert_eq!(
        raters[3].get("kind").and_then(|k| k.as_str()),
        Some("model")
    );

    // The adjudicator's queue: task ids defused for spreadsheets, quotes doubled, every rater.
    let contested = summary::contested_csv(&rubric, &ratings, &report);
    assert!(contested.starts_with(summary::CONTESTED_HEADER));
    let row = contested
        .lines()
        .find(|l| l.contains(",tone,"))
        .expect("a contested tone");
    assert!(row.starts_with("\"'=t"), "{row}");
    assert!(row.contains("Rude, \"\"really\"\""), "{row}");
    assert_eq!(row.matches('=').count(), 1 + 4, "{row}");
}

/// Wilson's interval against values computed by hand (and by R's `prop.test(correct = FALSE)`).
#[test]
fn wilson_intervals_stay_informative_at_the_ends() {
    use rubric_core::report::raters::wilson;
    let (lo, hi) = wilson(8, 10).unwrap();
    assert!(
        (lo - 0.4902).abs() < 1e-4 && (hi - 0.9433).abs() < 1e-4,
        "{lo} {hi}"
    );
    let (lo, hi) = wilson(40, 40).unwrap();
    assert_eq!(hi, 1.0);
    assert!((lo - (1.0 - 0.087_62)).abs() < 1e-4, "{lo}");
    let (lo, hi) = wilson(0, 40).unwrap();
    assert_eq!(lo, 0.0);
    assert!((hi - 0.087_62).abs() < 1e-4, "{hi}");
    assert_eq!(wilson(0, 0), None);
}
