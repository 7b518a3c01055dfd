//! The bundled example rubrics and tasks are valid and fit each other: the demo depends on it.

use rubric_core::document::parse::check_task_fits;
use rubric_core::{parse_rubric, parse_task, Limits};

const EXAMPLES: &[&str] = &[
    "helpful-honest-harmless",
    "pairwise-preference",
    "code-review",
    "content-moderation",
];

/// The tasks of each example, in the order the demo walks a reviewer through them.
const TASK_SUFFIXES: &[&str] = &["", "-2", "-3"];

/// Every task of an example must fit its rubric, and their ids must differ: the task id goes
/// into the submission and the draft key, so two tasks sharing one would share a draft.
#[test]
fn every_example_parses_without_errors_or_warnings() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    for name in EXAMPLES {
        let rubric_text = std::fs::read_to_string(format!("{root}/rubrics/{name}.json")).unwrap();
        let (rubric, warnings) =
            rubric_core::document::parse::parse_rubric_linted(&rubric_text, &Limits::default())
                .unwrap_or_else(|r| panic!("{name}: {:#?}", r.lines()));
        assert!(
            warnings.issues.is_empty(),
            "{name}: {:#?}",
            warnings.lines()
        );
        let mut ids = std::collections::HashSet::new();
        for suffix in TASK_SUFFIXES {
            let file = format!("{name}{suffix}.json");
            let task_text = std::fs::read_to_string(format!("{root}/tasks/{file}"))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let (task, _) = parse_task(&task_text, &Limits::default())
                .unwrap_or_else(|r| panic!("{file}: {:#?}", r.lines()));
            let fit = check_task_fits(&rubric, &task);
            assert!(fit.issues.is_empty(), "{file}: {:#?}", fit.lines());
            assert!(
                ids.insert(task.id.clone()),
                "{file}: task id {:?} is used by another task of {name}",
                task.id
            );
        }
    }
}

#[test]
fn the_demo_quiz_is_valid_and_has_at_least_12_items() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/quizzes/helpful-honest-harmless.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let (quiz, _) = rubric_core::calibration::quiz::parse_quiz(&text, &Limits::default())
        .unwrap_or_else(|r| panic!("{:#?}", r.lines()));
    assert!(quiz.items.len() >= 12);
    // The quiz carries a copy of the bundled rubric; it must not drift from it.
    let rubric_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/rubrics/helpful-honest-harmless.json"
    );
    let (bundled, _) = parse_rubric(
        &std::fs::read_to_string(rubric_path).unwrap(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(quiz.rubric, bundled);
    for item in &quiz.items {
        for id in item.gold.keys() {
            assert!(
                item.explanations.contains_key(id),
                "{}: gold for {id} without an explanation",
                item.task.id
            );
        }
    }
}
