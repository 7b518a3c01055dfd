//! Benchmark: crafted documents at the size limits (2 MiB tasks, 512 KiB rubrics, 10.5 MiB
//! quizzes), each read, checked and, when valid, every text of it rendered from markdown. The
//! promise (README): such a document renders or is refused in under a second natively.
//! Run: `cargo run --release -p rubric-core --example hostile_bench [-- word]` (only the
//! patterns whose name contains `word`).

use rubric_core::calibration::quiz::parse_quiz;
use rubric_core::document::parse::{parse_rubric_linted, parse_task, Limits};
use rubric_core::form::rules::{required, visibility};
use rubric_core::text::i18n::English;
use rubric_core::text::markdown;
use rubric_core::Answer;
use std::collections::BTreeMap;
use std::time::Instant;

#[path = "../tests/support/crafted.rs"]
mod crafted;
use crafted::{growing_runs, leaves, quiz_of, quoted, rating, rubric_with, task_with};

fn choice(id: &str) -> String {
    let options: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"value": "option{i}", "label": "O"}}"#))
        .collect();
    format!(
        r#"{{"id": {}, "type": "single_choice", "title": "T", "options": [{}]}}"#,
        quoted(id),
        options.join(", ")
    )
}

fn repeat_to(unit: &str, n: usize) -> String {
    unit.repeat(n / unit.len())
}

/// The largest document `build(k)` makes within `limit` bytes (builders grow with `k`).
fn fit(limit: usize, build: &dyn Fn(usize) -> String) -> String {
    let (mut lo, mut hi) = (1, 1);
    while build(hi).len() <= limit {
        lo = hi;
        hi *= 2;
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if build(mid).len() <= limit {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    build(lo)
}

fn render(text: &str) {
    let _ = markdown::parse(text, &["https://img.example.com".to_string()]);
}

/// Reads a task and renders every text of it; what happened, in a few words.
fn task(text: &str) -> String {
    match parse_task(text, &Limits::default()) {
        Ok((t, _)) => {
            render(&t.prompt);
            render(t.context.as_deref().unwrap_or_default());
            for r in &t.responses {
                render(&r.content);
            }
            "rendered".into()
        }
        Err(r) => format!("refused ({} issues)", r.issues.len()),
    }
}

/// Reads a rubric as the designer does (with lints), renders its texts, evaluates its
/// conditions and describes its `required_if`s as the form does.
fn rubric(text: &str) -> String {
    match parse_rubric_linted(text, &Limits::default()) {
        Ok((r, _)) => {
            render(&r.instructions);
            let answers: BTreeMap<String, Answer> = r
                .criteria
                .iter()
                .map(|c| (c.id.clone(), Answer::Rating { value: 1 }))
                .collect();
            let _ = visibility(&r, &answers);
            let of = |id: &str| answers.get(id).cloned();
            for c in &r.criteria {
                render(&c.description);
                let _ = required(&r, c, &of, &English);
            }
            let _ = r.localized(&["es"]);
            "rendered".into()
        }
        Err(r) => format!("refused ({} issues)", r.issues.len()),
    }
}

fn quiz(text: &str) -> String {
    match parse_quiz(text, &Limits::default()) {
        Ok((q, _)) => format!("read ({} items)", q.items.len()),
        Err(r) => format!("refused ({} issues)", r.issues.len()),
    }
}

type Case = (
    &'static str,
    usize,
    Box<dyn Fn(usize) -> String>,
    fn(&str) -> String,
);

fn main() {
    let limits = Limits::default();
    let (task_max, rubric_max) = (limits.max_task_bytes, limits.max_rubric_bytes);
    let quiz_max = rubric_max + 4 * task_max;
    let cases: Vec<Case> = vec![
        (
            "task: `<` × n then `>`",
            task_max,
            Box::new(|k| task_with(&("<".repeat(k) + ">"))),
            task,
        ),
        (
            "task: `if x < y then ` × n, `>`",
            task_max,
            Box::new(|k| task_with(&(repeat_to("if x < y then ", k) + ">"))),
            task,
        ),
        (
            "task: backtick runs of lengths 1, 2, 3, …",
            task_max,
            Box::new(|k| task_with(&growing_runs('`', k))),
            task,
        ),
        (
            "task: backslash-escaped backticks before runs",
            task_max,
            Box::new(|k| task_with(&growing_runs('`', k).replace(' ', " \\"))),
            task,
        ),
        (
            "task: emphasis runs of lengths 1, 2, 3, …",
            task_max,
            Box::new(|k| task_with(&growing_runs('*', k))),
            task,
        ),
        (
            "task: unclosed `*a **b _c __d`",
            task_max,
            Box::new(|k| task_with(&repeat_to("*a **b _c __d ***e ", k))),
            task,
        ),
        (
            "task: `[a]( ![b]( [[x] ((y]` …",
            task_max,
            Box::new(|k| task_with(&(repeat_to("[a]( ![b]( [[x] ((y] [z](w ", k) + ")"))),
            task,
        ),
        (
            "task: nested emphasis, links, code",
            task_max,
            Box::new(|k| {
                task_with(&repeat_to(
                    "*a [b **c _d `e` f_ g** h](https://x.io) i* ",
                    k,
                ))
            }),
            task,
        ),
        (
            "task: 20-deep quotes and lists",
            task_max,
            Box::new(|k| {
                task_with(&repeat_to(
                    "> > > > > > > > > > > > > > > > > > > > x\n- a\n  - b\n    - c\n\n",
                    k,
                ))
            }),
            task,
        ),
        (
            "task: one line of `- * - * …`",
            task_max,
            Box::new(|k| task_with(&repeat_to("- * ", k))),
            task,
        ),
        (
            "task: one huge unknown key",
            task_max,
            Box::new(|k| {
                format!(
                    r#"{{{}: 1, "id": "t", "prompt": "p", "responses": []}}"#,
                    quoted(&"k".repeat(k))
                )
            }),
            task,
        ),
        (
            "task: many unknown and duplicate keys",
            task_max,
            Box::new(|k| {
                let keys: Vec<String> = (0..k).map(|i| format!(r#""respnse{i}": 1"#)).collect();
                format!(
                    r#"{{"id": "t", "prompt": "p", "responses": [], {}, {}}}"#,
                    keys.join(", "),
                    vec![r#""id": "u""#; k].join(", ")
                )
            }),
            task,
        ),
        (
            "task: JSON nested 120 deep, many times",
            task_max,
            Box::new(|k| {
                let nest = "[".repeat(120) + &"]".repeat(120);
                format!(r#"{{"x": [{}]}}"#, vec![nest.as_str(); k].join(","))
            }),
            task,
        ),
        (
            "task: text of `\\u` escapes",
            task_max,
            Box::new(|k| format!(r#"{{"x": "{}"}}"#, repeat_to(r"\u00e9\n\ud83d\ude00a", k))),
            task,
        ),
        (
            "rubric: two long ids, one named by visible_if",
            rubric_max,
            Box::new(|k| {
                let cond = format!(
                    r#", "visible_if": {{"criterion": {}, "answered": true}}"#,
                    quoted(&format!("b{}", "a".repeat(k)))
                );
                rubric_with(&[rating(&"a".repeat(k), ""), rating("c", &cond)], "")
            }),
            rubric,
        ),
        (
            "rubric: 500 criteria, unknown ids in conditions",
            rubric_max,
            Box::new(|k| {
                let mut criteria: Vec<String> = (0..499)
                    .map(|i| rating(&format!("criterion_number_{i:03}"), ""))
                    .collect();
                let cond = leaves("any", "criterion_numbr_999", k, r#""answered": true"#);
                criteria.push(rating("last", &format!(r#", "visible_if": {cond}"#)));
                rubric_with(&criteria, "")
            }),
            rubric,
        ),
        (
            "rubric: 500 criteria, n tests and translations of the last",
            rubric_max,
            Box::new(|k| {
                let mut criteria: Vec<String> = (0..499)
                    .map(|i| rating(&format!("criterion_number_{i:03}"), ""))
                    .collect();
                let cond = leaves("any", "criterion_number_498", k, r#""gte": 2"#);
                criteria.push(rating("last", &format!(r#", "visible_if": {cond}"#)));
                let texts = vec![r#""last": {"levels": {"3": {"label": "l"}}}"#; k / 2];
                rubric_with(
                    &criteria,
                    &format!(
                        r#", "translations": {{"es": {{"criteria": {{{}}}}}}}"#,
                        texts.join(", ")
                    ),
                )
            }),
            rubric,
        ),
        (
            "rubric: long translation tag, many members",
            rubric_max,
            Box::new(|k| {
                let members: Vec<String> = (0..k).map(|i| format!(r#""f{i}": 1"#)).collect();
                rubric_with(
                    &[rating("a", "")],
                    &format!(
                        r#", "translations": {{{}: {{{}}}}}"#,
                        quoted(&"e".repeat(100_000)),
                        members.join(", ")
                    ),
                )
            }),
            rubric,
        ),
        (
            "rubric: tensions [1, 1, …]",
            rubric_max,
            Box::new(|k| {
                rubric_with(
                    &[rating("a", "")],
                    &format!(r#", "tensions": [{}]"#, vec!["1"; k].join(",")),
                )
            }),
            rubric,
        ),
        (
            "rubric: translation naming a criterion × n",
            rubric_max,
            Box::new(|k| {
                let crit = vec![r#""b": {"options": {"option7": {"label": "l"}}}"#; k];
                rubric_with(
                    &[rating("a", ""), choice("b")],
                    &format!(
                        r#", "translations": {{"es": {{"criteria": {{{}}}}}}}"#,
                        crit.join(", ")
                    ),
                )
            }),
            rubric,
        ),
        (
            "rubric: required_if of n conditions",
            rubric_max,
            Box::new(|k| {
                let cond = leaves("all", "a", k, r#""lte": 2"#);
                rubric_with(
                    &[
                        rating("a", ""),
                        rating(
                            "b",
                            &format!(r#", "required_if": {cond}, "visible_if": {cond}"#),
                        ),
                    ],
                    "",
                )
            }),
            rubric,
        ),
        (
            "quiz: many items with unknown gold criteria",
            quiz_max,
            Box::new(|k| {
                let r = rubric_with(&[rating("a", ""), choice("b")], "");
                quiz_of(&r, k)
            }),
            quiz,
        ),
    ];
    let only = std::env::args().nth(1).unwrap_or_default();
    println!("| pattern | size | time | outcome |");
    println!("| --- | ---: | ---: | --- |");
    for (name, limit, build, run) in cases.iter().filter(|c| c.0.contains(&only)) {
        let text = fit(*limit, build.as_ref());
        let mut best = f64::INFINITY;
        let mut outcome = String::new();
        for _ in 0..3 {
            let start = Instant::now();
            outcome = run(&text);
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!(
            "| {name} | {} KiB | {:.0} ms | {outcome} |",
            text.len() / 1024,
            best * 1000.0
        );
    }
}
