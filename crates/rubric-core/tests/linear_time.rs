//! Every pass over untrusted text is linear in its size: each case builds a crafted input of
//! size n and one of size 32n and runs the pass on both.
//!
//! Why this method: a wall-clock limit is flaky on a loaded machine and says nothing about
//! growth, while a ratio does. Linear work makes the 32n input cost about 32 times the n input,
//! n·log n about 40, n^1.5 181 and n² 1024; a case fails when the ratio reaches 100. (Linear
//! passes measure up to about twice 32 in a debug build: the large input misses the caches and
//! its fresh pages fault in.) Two measures are compared:
//!
//! - time: the *minimum* of several runs of each size (noise from a loaded machine only ever
//!   adds time, so the minimum is the stable figure), with a small floor added to both so that
//!   runs of a few microseconds cannot make a ratio out of noise. On Linux the time is the
//!   thread's CPU time, not the wall clock: on a machine running other builds a long run is
//!   preempted far more often than a short one, which would inflate the ratio;
//! - bytes allocated, counted by a global allocator in this test binary: deterministic, and it
//!   catches memory blow-ups (a distance table, a message echoing a huge key per issue) even
//!   where time would still look fine. Besides its ratio, the large input may allocate at most
//!   [`MAX_BYTES_PER_BYTE`] bytes per byte of input: linear, but with a constant so large (a
//!   distance table per unknown key) that a 2 MiB document would cost a gigabyte, fails too.
//!
//! The cases run one at a time (a lock), so they never time each other. Sizes are chosen so
//! that a quadratic pass fails within seconds in a debug build rather than hanging the suite;
//! the sizes the widget accepts (2 MiB tasks) are measured by `examples/hostile_bench.rs`.

use rubric_core::calibration::quiz::parse_quiz;
use rubric_core::document::parse::{parse_rubric, parse_rubric_linted, parse_task, Limits};
use rubric_core::document::suggest;
use rubric_core::form::rules::{required, visibility};
use rubric_core::text::i18n::English;
use rubric_core::text::markdown;
use rubric_core::Answer;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

#[path = "support/crafted.rs"]
mod crafted;
use crafted::{growing_runs, leaves, quiz_of, quoted, rating, rubric_with, task_with};

/// Seconds of CPU time this thread has used (64-bit Linux), or of wall clock elsewhere.
fn now() -> f64 {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    {
        #[repr(C)]
        struct Timespec {
            sec: i64,
            nsec: i64,
        }
        extern "C" {
            fn clock_gettime(clock: i32, t: *mut Timespec) -> i32;
        }
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut t = Timespec { sec: 0, nsec: 0 };
        // SAFETY: clock_gettime writes one timespec (two longs on 64-bit Linux) into `t`.
        if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return t.sec as f64 + t.nsec as f64 * 1e-9;
        }
    }
    thread_local!(static START: Instant = Instant::now());
    START.with(|s| s.elapsed().as_secs_f64())
}

struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size.saturating_sub(layout.size()), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The growth factor between the two sizes, and the ratio a case must stay under.
const FACTOR: usize = 32;
const MAX_RATIO: f64 = 100.0;
/// The most bytes a pass may allocate per byte of its input (the passes here stay under 200).
const MAX_BYTES_PER_BYTE: usize = 500;
/// Added to both timings (seconds) and both byte counts, so tiny figures make no ratio.
const TIME_FLOOR: f64 = 50e-6;
const BYTES_FLOOR: f64 = 64.0 * 1024.0;

/// The minimum time of one run (at least `runs` runs, and more while under 30 ms in all), and
/// the bytes one run allocates.
fn measure(input: &str, runs: usize, pass: &dyn Fn(&str)) -> (f64, usize) {
    let before = ALLOCATED.load(Ordering::Relaxed);
    pass(input);
    let bytes = ALLOCATED.load(Ordering::Relaxed) - before;
    let mut best = f64::INFINITY;
    let (mut done, mut spent) = (0, 0.0);
    while done < runs || (spent < 0.03 && done < 200) {
        let start = now();
        pass(input);
        let t = now() - start;
        best = best.min(t);
        spent += t;
        done += 1;
    }
    (best, bytes)
}

/// Fails when `pass` over `build(FACTOR·n)` costs [`MAX_RATIO`] times or more what it costs over
/// `build(n)`, in time or in bytes allocated.
fn assert_linear(name: &str, n: usize, build: impl Fn(usize) -> String, pass: impl Fn(&str)) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let small = build(n);
    let big = build(n * FACTOR);
    let (t_small, b_small) = measure(&small, 5, &pass);
    let (t_big, b_big) = measure(&big, 3, &pass);
    let time_ratio = (t_big + TIME_FLOOR) / (t_small + TIME_FLOOR);
    let bytes_ratio = (b_big as f64 + BYTES_FLOOR) / (b_small as f64 + BYTES_FLOOR);
    let report = format!(
        "{name}: {} → {} bytes of input; time {:.3} ms → {:.3} ms (×{time_ratio:.1}); \
         allocated {b_small} → {b_big} bytes (×{bytes_ratio:.1}); linear is ×{FACTOR}, \
         the limit ×{MAX_RATIO}",
        small.len(),
        big.len(),
        t_small * 1e3,
        t_big * 1e3,
    );
    eprintln!("{report}");
    assert!(
        time_ratio < MAX_RATIO && bytes_ratio < MAX_RATIO,
        "not linear: {report}"
    );
    assert!(
        b_big <= MAX_BYTES_PER_BYTE * big.len(),
        "more than {MAX_BYTES_PER_BYTE} bytes allocated per byte of input: {report}"
    );
}

// ---- inputs -------------------------------------------------------------------------------

/// No size limit gets in the way: growth is what is measured here.
fn roomy() -> Limits {
    Limits {
        max_rubric_bytes: 1 << 30,
        max_task_bytes: 1 << 30,
        ..Limits::default()
    }
}

fn choice(id: &str) -> String {
    format!(
        r#"{{"id": {}, "type": "single_choice", "title": "T", "options": [{{"value": "x", "label": "X"}}, {{"value": "y", "label": "Y"}}]}}"#,
        quoted(id)
    )
}

fn md(text: &str) {
    let _ = markdown::parse(text, &["https://img.example.com".to_string()]);
}

fn task(text: &str) {
    let _ = parse_task(text, &roomy()).map_err(|r| r.lines());
}

fn rubric(text: &str) {
    let _ = parse_rubric(text, &roomy()).map_err(|r| r.lines());
}

fn repeat_to(unit: &str, n: usize) -> String {
    unit.repeat(n.div_ceil(unit.len()))
}

// ---- markdown -------------------------------------------------------------------------------

#[test]
fn markdown_many_lt_then_one_gt() {
    assert_linear("markdown <<<…>", 1_000, |n| "<".repeat(n) + ">", md);
}

#[test]
fn markdown_code_like_comparisons() {
    assert_linear(
        "markdown if x < y then …>",
        2_000,
        |n| repeat_to("if x < y then ", n) + ">",
        md,
    );
}

#[test]
fn markdown_autolinks() {
    assert_linear(
        "markdown <https://…> <http:/…",
        4_000,
        |n| repeat_to("<https://a.io/x> <http:/ <mailto:a <HTTPS://b <", n),
        md,
    );
}

#[test]
fn markdown_backtick_runs_of_every_length() {
    assert_linear("markdown ` `` ``` …", 16_000, |n| growing_runs('`', n), md);
}

#[test]
fn markdown_backtick_runs_after_escapes() {
    assert_linear(
        "markdown \\` runs",
        16_000,
        |n| {
            growing_runs('`', n)
                .replace(" ", " \\")
                .replace("\\`` ", "``` `` ")
        },
        md,
    );
}

#[test]
fn markdown_code_spans_that_close() {
    assert_linear(
        "markdown `a` ``b`` …",
        8_000,
        |n| repeat_to("`a` ``b`` ```c``` x `` y ", n),
        md,
    );
}

#[test]
fn markdown_emphasis_that_never_closes() {
    assert_linear(
        "markdown *a **b _c __d",
        8_000,
        |n| repeat_to("*a **b _c __d ***e ", n),
        md,
    );
}

#[test]
fn markdown_emphasis_runs_of_every_length() {
    assert_linear("markdown * ** *** …", 8_000, |n| growing_runs('*', n), md);
}

#[test]
fn markdown_nested_emphasis_and_links() {
    assert_linear(
        "markdown nested *[**_…_**](…)*",
        4_000,
        |n| repeat_to("*a [b **c _d `e` f_ g** h](https://x.io) i* ", n),
        md,
    );
}

#[test]
fn markdown_brackets_and_parens() {
    assert_linear(
        "markdown [a]( ![b]( [[ ((",
        8_000,
        |n| repeat_to("[a]( ![b]( [[x] ((y] [z](w ", n) + ")",
        md,
    );
}

#[test]
fn markdown_nested_quotes_and_lists() {
    assert_linear(
        "markdown > > > and - - -",
        2_000,
        |n| {
            repeat_to(
                "> > > > > > > > > > > > > > > > > > > > x\n- a\n  - b\n    - c\n      1. d\n\n",
                n,
            )
        },
        md,
    );
}

#[test]
fn markdown_one_huge_line_of_markers() {
    assert_linear(
        "markdown - * - * … on one line",
        4_000,
        |n| repeat_to("- * ", n),
        md,
    );
}

#[test]
fn markdown_many_short_lines() {
    assert_linear(
        "markdown short lines",
        4_000,
        |n| repeat_to("a\n---\n# h\n> q\n```\nc\n```\n1) x\n\n", n) + "```\nunclosed",
        md,
    );
}

// ---- suggestions ----------------------------------------------------------------------------

#[test]
fn suggest_long_words() {
    assert_linear(
        "suggest a long word",
        250,
        |n| "a".repeat(n),
        |w| {
            let other = format!("{w}b");
            let _ = suggest::closest(w, [other.as_str(), "title"]);
        },
    );
}

// ---- JSON reader ------------------------------------------------------------------------------

#[test]
fn json_deep_nesting_many_times() {
    let nest = "[".repeat(120) + &"]".repeat(120);
    assert_linear(
        "json [[[…]]] ×k",
        8_000,
        |n| format!(r#"{{"x": [{}]}}"#, vec![nest.as_str(); n / 240].join(",")),
        task,
    );
}

#[test]
fn json_many_and_repeated_members() {
    assert_linear(
        "json {\"k0\": 0, \"k0\": [], …}",
        8_000,
        |n| {
            let members: Vec<String> = (0..n / 16)
                .map(|i| format!(r#""k{}": [{i}, -1.5e3]"#, i % 100))
                .collect();
            format!("{{{}}}", members.join(",\n"))
        },
        |text| {
            let _ = rubric_core::document::json::parse(text);
        },
    );
}

#[test]
fn json_long_strings_with_escapes() {
    assert_linear(
        "json \"\\u00e9\\n…\"",
        8_000,
        |n| format!(r#"{{"x": "{}"}}"#, repeat_to(r"\u00e9\n\ud83d\ude00a", n)),
        task,
    );
}

#[test]
fn json_syntax_error_at_the_end() {
    assert_linear(
        "json error after a long document",
        8_000,
        |n| format!("{{\"x\": \"{}\",\n \"y\" 1}}", repeat_to("é\\n", n)),
        task,
    );
}

// ---- shape check ------------------------------------------------------------------------------

#[test]
fn shape_one_huge_unknown_key() {
    assert_linear(
        "shape huge unknown key",
        4_000,
        |n| {
            format!(
                r#"{{{}: 1, "id": "t", "prompt": "p", "responses": []}}"#,
                quoted(&"k".repeat(n))
            )
        },
        task,
    );
}

#[test]
fn shape_many_unknown_and_duplicate_keys() {
    assert_linear(
        "shape many unknown / duplicate keys",
        8_000,
        |n| {
            let keys: Vec<String> = (0..n / 12).map(|i| format!(r#""respnse{i}": 1"#)).collect();
            format!(
                r#"{{"id": "t", "prompt": "p", "responses": [], {}, {}}}"#,
                keys.join(", "),
                vec![r#""id": "u""#; n / 12].join(", ")
            )
        },
        task,
    );
}

#[test]
fn shape_paths_under_a_long_map_key() {
    // Every member of the translation is a path under the long tag.
    assert_linear(
        "shape long translation tag, many members",
        4_000,
        |n| {
            let members: Vec<String> = (0..n / 10).map(|i| format!(r#""f{i}": 1"#)).collect();
            rubric_with(
                &[rating("a", "")],
                &format!(
                    r#", "translations": {{{}: {{{}}}}}"#,
                    quoted(&"e".repeat(n)),
                    members.join(", ")
                ),
            )
        },
        rubric,
    );
}

#[test]
fn shape_many_broken_tensions() {
    assert_linear(
        "shape tensions [1, 1, …]",
        4_000,
        |n| {
            rubric_with(
                &[rating("a", "")],
                &format!(r#", "tensions": [{}]"#, vec!["1"; n / 2].join(",")),
            )
        },
        rubric,
    );
}

#[test]
fn shape_many_broken_values_deep_in_a_condition() {
    assert_linear(
        "shape all: [1, 1, …] nested 9 deep",
        4_000,
        |n| {
            let inner = format!(r#"{{"all": [{}]}}"#, vec!["1"; n / 2].join(","));
            let cond = (0..8).fold(inner, |c, _| format!(r#"{{"all": [{c}]}}"#));
            rubric_with(
                &[
                    rating("a", ""),
                    rating("b", &format!(r#", "visible_if": {cond}"#)),
                ],
                "",
            )
        },
        rubric,
    );
}

#[test]
fn report_locates_issues_among_many_members() {
    // Issues under "criteria" first, then many members after it the locator must not rescan.
    assert_linear(
        "report line:column among many members",
        8_000,
        |n| {
            let criteria: Vec<String> = (0..20)
                .map(|i| rating(&format!("c{i}"), r#", "hotkeys": ["é"]"#))
                .collect();
            let junk: Vec<String> = (0..n / 10).map(|i| format!(r#""j{i}": 1"#)).collect();
            let r = rubric_with(&criteria, "");
            format!("{}, {}}}", &r[..r.len() - 1], junk.join(", "))
        },
        rubric,
    );
}

// ---- decode and validate ------------------------------------------------------------------------

#[test]
fn validate_long_ids_and_a_reference_between_them() {
    assert_linear(
        "validate long ids, visible_if naming one",
        250,
        |n| {
            let a = "a".repeat(n);
            let b = format!("b{}", "a".repeat(n));
            let cond = format!(
                r#", "visible_if": {{"criterion": {}, "answered": true}}"#,
                quoted(&b)
            );
            rubric_with(&[rating(&a, ""), rating("c", &cond)], "")
        },
        rubric,
    );
}

#[test]
fn validate_many_unknown_references() {
    assert_linear(
        "validate many unknown criteria in conditions",
        4_000,
        |n| {
            let mut criteria: Vec<String> = (0..50)
                .map(|i| rating(&format!("criterion_number_{i:03}"), ""))
                .collect();
            let cond = leaves("any", "criterion_numbr_999", n / 50, r#""answered": true"#);
            criteria.push(rating("last", &format!(r#", "visible_if": {cond}"#)));
            rubric_with(&criteria, "")
        },
        rubric,
    );
}

#[test]
fn validate_many_tensions_and_translation_keys() {
    assert_linear(
        "validate tensions and translations naming unknown ids",
        4_000,
        |n| {
            let tensions = vec![r#"{"between": ["a", "zz"], "guidance": "g"}"#; n / 40].join(", ");
            let options: Vec<String> = (0..n / 30)
                .map(|i| format!(r#""opt{i}": {{"label": "l"}}"#))
                .collect();
            let crit: Vec<String> = (0..n / 40)
                .map(|i| format!(r#""crit{i}": {{"title": "t"}}"#))
                .collect();
            rubric_with(
                &[rating("a", ""), choice("b")],
                &format!(
                    r#", "tensions": [{tensions}], "translations": {{"es": {{"criteria": {{"b": {{"options": {{{}}}}}, {}}}}}}}"#,
                    options.join(", "),
                    crit.join(", ")
                ),
            )
        },
        rubric,
    );
}

#[test]
fn validate_many_duplicate_values_and_long_texts() {
    assert_linear(
        "validate duplicates within a criterion",
        4_000,
        |n| {
            let options = vec![r#"{"value": "x", "label": "X"}"#; n / 30].join(", ");
            let levels =
                vec![r#"{"value": 1, "label": "L", "descriptor": "d"}"#; n / 45].join(", ");
            let c1 = format!(
                r#"{{"id": "a", "type": "multi_choice", "title": "T", "options": [{options}]}}"#
            );
            let c2 =
                format!(r#"{{"id": "b", "type": "rating", "title": "T", "levels": [{levels}]}}"#);
            rubric_with(&[c1, c2], "")
        },
        rubric,
    );
}

#[test]
fn decode_task_metadata_and_responses() {
    assert_linear(
        "decode metadata and responses",
        8_000,
        |n| {
            let metadata: Vec<String> = (0..n / 16)
                .map(|i| format!(r#""key{i}": "v{i}""#))
                .collect();
            let responses = vec![r#"{"id": "a", "label": "A", "content": "c"}"#; n / 80];
            format!(
                r#"{{"id": "t", "prompt": "p", "metadata": {{{}}}, "responses": [{}]}}"#,
                metadata.join(", "),
                responses.join(", ")
            )
        },
        task,
    );
}

#[test]
fn decode_criteria_with_many_choices() {
    assert_linear(
        "decode criteria with many options and items",
        8_000,
        |n| {
            let options: Vec<String> = (0..n / 60)
                .map(|i| format!(r#"{{"value": "o{i}", "label": "O", "description": "d"}}"#))
                .collect();
            let items: Vec<String> = (0..n / 60)
                .map(|i| format!(r#"{{"id": "i{i}", "label": "I"}}"#))
                .collect();
            let c1 = format!(
                r#"{{"id": "m", "type": "multi_choice", "title": "T", "options": [{}]}}"#,
                options.join(", ")
            );
            let c2 = format!(
                r#"{{"id": "k", "type": "checklist", "title": "T", "items": [{}]}}"#,
                items.join(", ")
            );
            rubric_with(&[c1, c2], "")
        },
        rubric,
    );
}

#[test]
fn whole_task_with_hostile_markdown() {
    // The whole path a task takes: read, checked, decoded, validated, then every text rendered.
    assert_linear(
        "parse_task + markdown of every response",
        1_000,
        |n| task_with(&("<".repeat(n / 2) + ">" + &growing_runs('`', n / 2))),
        |text| {
            if let Ok((t, _)) = parse_task(text, &roomy()) {
                md(&t.prompt);
                for r in &t.responses {
                    md(&r.content);
                }
            }
        },
    );
}

#[test]
fn whole_quiz_with_many_items() {
    assert_linear(
        "parse_quiz many items",
        8_000,
        |n| {
            let rubric = rubric_with(&[rating("a", ""), choice("b")], "");
            quiz_of(&rubric, n / 220)
        },
        |text| {
            let _ = parse_quiz(text, &roomy()).map_err(|r| r.lines());
        },
    );
}

// ---- server text ------------------------------------------------------------------------------

#[test]
fn server_messages_in_linear_time() {
    assert_linear(
        "server problem document and plain text",
        8_000,
        |n| {
            let detail = repeat_to("bad a ", n / 2);
            let path = repeat_to("a a a b ", n / 4);
            format!(
                "{{\"detail\": {}, \"path\": {}}}\n{}",
                quoted(&detail),
                quoted(&path),
                repeat_to(" \t x", n / 4)
            )
        },
        |body| {
            let _ = rubric_core::delivery::outbox::server_message(body);
            let json_part = body.split('\n').next().unwrap_or_default();
            let _ = rubric_core::delivery::outbox::server_message(json_part);
        },
    );
}

#[test]
fn catalogues_in_linear_time() {
    assert_linear(
        "a language catalogue from the server",
        8_000,
        |n| {
            let message = "{n, plural, one {# {a}} other {# {b, select, x {y} other {z}}}}";
            let entries: Vec<String> = (0..n / 80)
                .map(|i| format!("\"k{i}\": {}", quoted(message)))
                .collect();
            format!(
                "{{{}, \"long\": {}}}",
                entries.join(", "),
                quoted(&repeat_to("{a} b ", n / 4))
            )
        },
        |text| {
            let _ = rubric_core::text::i18n::Catalogue::parse(text);
        },
    );
}

// ---- conditions, lints, translations --------------------------------------------------------------

/// A valid rubric with one criterion whose `key` condition has `count` leaves on "a".
fn conditional(key: &str, count: usize, test: &str) -> String {
    let cond = leaves("any", "a", count, test);
    rubric_with(
        &[
            rating("a", ""),
            rating("b", &format!(r#", "{key}": {cond}"#)),
        ],
        "",
    )
}

#[test]
fn conditions_evaluate_in_linear_time() {
    let answers: BTreeMap<String, Answer> = [("a".to_string(), Answer::Rating { value: 3 })].into();
    assert_linear(
        "visibility over a long any-list",
        8_000,
        |n| conditional("visible_if", n / 30, r#""lt": 2"#),
        |text| {
            if let Ok((r, _)) = parse_rubric(text, &roomy()) {
                let _ = visibility(&r, &answers);
            }
        },
    );
}

#[test]
fn conditions_describe_in_linear_time() {
    let answers: BTreeMap<String, Answer> = [("a".to_string(), Answer::Rating { value: 1 })].into();
    assert_linear(
        "required_if described over a long any-list",
        8_000,
        |n| conditional("required_if", n / 30, r#""lt": 2"#),
        |text| {
            if let Ok((r, _)) = parse_rubric(text, &roomy()) {
                let of = |id: &str| answers.get(id).cloned();
                let _ = required(&r, &r.criteria[1], &of, &English);
            }
        },
    );
}

#[test]
fn lints_in_linear_time() {
    assert_linear(
        "parse_rubric_linted many number tests",
        8_000,
        |n| conditional("visible_if", n / 30, r#""gt": 7"#),
        |text| {
            let _ = parse_rubric_linted(text, &roomy()).map_err(|r| r.lines());
        },
    );
}

#[test]
fn translations_apply_in_linear_time() {
    assert_linear(
        "translations read, checked and applied",
        8_000,
        |n| {
            let levels: Vec<String> = (0..n / 40)
                .map(|i| format!(r#""{}": {{"label": "l"}}"#, i % 3 + 1))
                .collect();
            let crit: Vec<String> = (0..n / 60)
                .map(|_| r#""b": {"title": "t"}"#.to_string())
                .collect();
            rubric_with(
                &[rating("a", ""), choice("b")],
                &format!(
                    r#", "translations": {{"es": {{"criteria": {{"a": {{"levels": {{{}}}}}, {}}}}}}}"#,
                    levels.join(", "),
                    crit.join(", ")
                ),
            )
        },
        |text| {
            if let Ok((r, _)) = parse_rubric(text, &roomy()) {
                let _ = r.localized(&["es"]);
            }
        },
    );
}

// ---- the designer's editor help -------------------------------------------------------------

/// Completion at the end of the last criterion, after criteria whose ids a condition could
/// name; and a criterion inserted after as many criteria already called like it.
#[test]
fn editor_completion_and_snippets_over_many_criteria() {
    use rubric_core::authoring::{complete, snippet};
    use rubric_core::CriterionType;
    let many = |n: usize| {
        let criteria: Vec<String> = (1..=n / 200 + 1)
            .map(|i| {
                rating(
                    &if i == 1 {
                        "rating".into()
                    } else {
                        format!("rating_{i}")
                    },
                    "",
                )
            })
            .collect();
        rubric_with(&criteria, "")
    };
    assert_linear("completion in a long rubric", 20_000, many, |t| {
        let _ = complete::at(t, t.len() - 3);
    });
    assert_linear("criterion snippet after n namesakes", 20_000, many, |t| {
        let _ = snippet::criterion(t, t.len(), CriterionType::Rating);
    });
    assert_linear(
        "completion in one object of n fields",
        20_000,
        |n| format!("{{{}\"x|", repeat_to("\"k\": 1, ", n)),
        |t| {
            let _ = complete::at(t, t.len());
        },
    );
}

/// Colouring one long line of strings, each followed by spaces before the next.
#[test]
fn editor_highlight_one_long_line() {
    use rubric_core::authoring::highlight;
    assert_linear(
        "highlight",
        20_000,
        |n| repeat_to("\"a\"       ", n),
        |t| {
            let _ = highlight::line(t);
        },
    );
    assert_linear(
        "changed lines",
        20_000,
        |n| repeat_to("x\n", n),
        |t| {
            let old: Vec<&str> = t.split('\n').collect();
            let mut new = old.clone();
            new.insert(old.len() / 2, "y");
            let _ = highlight::changed_lines(&old, &new);
        },
    );
}

// ---- the agreement report ---------------------------------------------------------------------

/// Reading n submissions as JSON Lines, many of them replacing earlier ones, and computing a
/// rating criterion's figures (no bootstrap; it is linear per resample), each rater against the
/// others, the judges and the contested tasks.
#[test]
fn report_reading_and_figures() {
    use rubric_core::report::{figures, raters, read::Reader};
    let rubric_text = rubric_with(&[rating("q", "")], "");
    let (rubric, _) = parse_rubric(&rubric_text, &roomy()).unwrap();
    let line = |i: usize| {
        format!(
            r#"{{"schema_version": "1.1", "rubric": {{"id": "r", "version": "1"}}, "task_id": "t{}", "annotator": "a{}", "answers": {{"q": {{"type": "rating", "value": {}}}}}, "submitted_at": "{i:09}"}}"#,
            // Three ratings a task, as many tasks and raters as the input allows, and every
            // tenth submission a second one of the same rater for the same task.
            i / 3 - usize::from(i % 10 == 9),
            i / 30 * 3 + i % 3,
            i % 3 + 1
        )
    };
    assert_linear(
        "report: read and figure n submissions",
        40_000,
        |n| {
            let mut out = String::new();
            for i in 0.. {
                if out.len() >= n {
                    break;
                }
                out.push_str(&line(i));
                out.push('\n');
            }
            out
        },
        |t| {
            let mut reader = Reader::new(&rubric);
            reader.read_all(t);
            // The same as one JSON array.
            let mut array = Reader::new(&rubric);
            array.read_all(&format!("[{}]", t.trim_end().replace('\n', ",\n")));
            let ratings = reader.finish();
            let _ = figures::criterion(&rubric.criteria[0], 0, &ratings, 0);
            let v = &figures::variables(&rubric.criteria[0], 0, &ratings)[0];
            let _ = raters::per_rater(v, ratings.raters.len());
            let _ = raters::judges(v, &ratings.raters);
            let _ = raters::contested(v);
            let _ = raters::alt_test(v, &ratings.raters, 0, 0.2, 30);
        },
    );
}

/// One task rated by n raters (a crowd, or many judges): alpha and its bootstrap cost the
/// task's distinct values squared, never n squared; and a ranking of n responses by three
/// raters costs n, not n squared.
#[test]
fn report_one_task_of_many_raters_and_one_long_ranking() {
    use rubric_core::calibration::agreement::{
        krippendorff_alpha, krippendorff_alpha_bootstrap, Level,
    };
    use rubric_core::report::{figures, read::Reader};
    assert_linear(
        "alpha over one task of n ratings",
        2_000,
        |n| "x".repeat(n),
        |t| {
            let unit: Vec<Option<f64>> = (0..t.len()).map(|i| Some((i % 5) as f64)).collect();
            let units = vec![unit, vec![Some(1.0), Some(2.0)]];
            let _ = krippendorff_alpha(&units, Level::Ordinal);
            let _ = krippendorff_alpha_bootstrap(&units, Level::Ordinal, 20, 1);
        },
    );
    let rubric_text = rubric_with(
        &[r#"{"id": "rank", "type": "ranking", "title": "T"}"#.to_string()],
        "",
    );
    let (rubric, _) = parse_rubric(&rubric_text, &roomy()).unwrap();
    assert_linear(
        "a ranking of n responses",
        10_000,
        |n| {
            let ids: Vec<String> = (0..n / 8).map(|i| format!("[\"r{i}\"]")).collect();
            let order = ids.join(", ");
            (0..3)
                .map(|who| format!(r#"{{"schema_version": "1.1", "rubric": {{"id": "r", "version": "1"}}, "task_id": "t", "annotator": "a{who}", "answers": {{"rank": {{"type": "ranking", "order": [{order}]}}}}}}"#))
                .collect::<Vec<_>>()
                .join("\n")
        },
        |t| {
            let mut reader = Reader::new(&rubric);
            reader.read_all(t);
            let ratings = reader.finish();
            let _ = figures::criterion(&rubric.criteria[0], 0, &ratings, 0);
        },
    );
}

/// Feeding the text in tiny pieces (a line or an element straddling many of them) costs what
/// reading it whole does: JSON Lines and an array.
#[test]
fn report_feeding_tiny_pieces() {
    use rubric_core::report::read::Reader;
    let rubric_text = rubric_with(&[rating("q", "")], "");
    let (rubric, _) = parse_rubric(&rubric_text, &roomy()).unwrap();
    let lines = |n: usize| {
        let mut out = String::new();
        for i in 0.. {
            if out.len() >= n {
                break;
            }
            out.push_str(&format!(
                r#"{{"schema_version": "1.1", "rubric": {{"id": "r", "version": "1"}}, "task_id": "t{}", "annotator": "a{}", "answers": {{"q": {{"type": "rating", "value": {}}}}}, "note": "é \"[{{,\\"}}"#,
                i / 3,
                i % 7,
                i % 3 + 1
            ));
            out.push('\n');
        }
        out
    };
    let feed = |t: &str| {
        let mut reader = Reader::new(&rubric);
        let mut from = 0;
        while from < t.len() {
            let mut to = (from + 7).min(t.len());
            while !t.is_char_boundary(to) {
                to += 1;
            }
            reader.feed(&t[from..to]);
            from = to;
        }
        let _ = reader.finish();
    };
    assert_linear(
        "report: JSON Lines fed 7 bytes at a time",
        40_000,
        lines,
        feed,
    );
    // As a browser's stream gives them: bytes cut anywhere, and bytes that are not UTF-8 (each
    // a replacement character, never a rescan of what came before).
    assert_linear(
        "report: JSON Lines fed as bytes, 7 at a time",
        40_000,
        lines,
        |t| {
            let mut reader = Reader::new(&rubric);
            for piece in t.as_bytes().chunks(7) {
                reader.feed_bytes(piece);
            }
            let _ = reader.finish();
        },
    );
    assert_linear(
        "report: invalid UTF-8 fed as bytes",
        40_000,
        |n| "\u{80}".repeat(n / 2),
        |t| {
            let mut reader = Reader::new(&rubric);
            // Every `\u{80}` made a lone continuation byte: not UTF-8 at all.
            let bytes: Vec<u8> = t.bytes().filter(|&b| b != 0xC2).collect();
            for piece in bytes.chunks(1000) {
                reader.feed_bytes(piece);
            }
            let _ = reader.finish();
        },
    );
    assert_linear(
        "report: an array fed 7 bytes at a time",
        40_000,
        |n| format!("[{}]", lines(n).trim_end().replace('\n', ",\n")),
        feed,
    );
}

/// One huge submission (a long note full of escapes, brackets and commas, and a long task id),
/// as an array's element fed in pieces and as one line read whole.
#[test]
fn report_one_huge_element() {
    use rubric_core::report::read::Reader;
    let rubric_text = rubric_with(&[rating("q", "")], "");
    let (rubric, _) = parse_rubric(&rubric_text, &roomy()).unwrap();
    let huge = |n: usize| {
        format!(
            r#"{{"schema_version": "1.1", "rubric": {{"id": "r", "version": "1"}}, "task_id": "{}", "annotator": "a", "answers": {{"q": {{"type": "rating", "value": 2}}}}, "note": "{}"}}"#,
            "t".repeat(n / 4),
            repeat_to(r#"\"[{,]}\\ \u00e9 "#, n / 2)
        )
    };
    assert_linear(
        "report: one huge element of an array, fed in pieces",
        100_000,
        |n| format!("[{}, {}]", huge(n), huge(10)),
        |t| {
            let mut reader = Reader::new(&rubric);
            for piece in t.as_bytes().chunks(1000) {
                reader.feed(std::str::from_utf8(piece).unwrap());
            }
            let ratings = reader.finish();
            assert_eq!(ratings.submissions, 2);
        },
    );
    assert_linear("report: one huge line", 100_000, huge, |t| {
        let mut reader = Reader::new(&rubric);
        reader.read_all(t);
        assert_eq!(reader.finish().submissions, 1);
    });
}
