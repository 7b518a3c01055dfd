//! Benchmark: the agreement report's core over a portal's export, natively. Submissions × 20
//! criteria (rating, single choice, checklist, multi choice in turn), 5 raters per task, one
//! of them a model judge, as JSON Lines; then every criterion's figures (bootstrap of 200
//! resamples), each rater against the others, the judges, the contested tasks and the CSV.
//! Run: `cargo run --release -p rubric-core --example report_bench [submissions]` (`READ_ONLY=1`:
//! stop after reading, to profile the reader alone; `ARRAY=1`: one JSON array instead of JSON
//! Lines). Each phase prints its wall-clock time and the CPU time of this thread (on 64-bit
//! Linux), the steadier figure on a machine shared with other work. Reading is timed twice:
//! the whole text at once, and fed in 64 KiB pieces as a browser's stream delivers it.
//!
//! 100,000 submissions (127 MB), CPU seconds on the shared 2-core development machine, the
//! release profile (opt-level "z", as the wasm), before and after the reader's tape and the
//! figures from counts (same load, runs interleaved): read 2.7–3.0 → 1.25–1.45; figures with
//! the bootstrap 2.2–2.3 → 1.0–1.15; raters, judges, matrix, contested, alt-test 1.3–1.55 →
//! 0.6–0.7. On a quiet machine: 2.1 → 1.05, 1.75 → 0.85, 1.0 → 0.6. In WebAssembly expect
//! 1.5–2× these.

use rubric_core::report::{export, figures, health, raters, read::Reader};
use rubric_core::{parse_rubric, Limits};
use std::time::Instant;

/// Seconds of CPU time this thread has used (64-bit Linux; elsewhere none).
fn cpu() -> Option<f64> {
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
            return Some(t.sec as f64 + t.nsec as f64 * 1e-9);
        }
    }
    None
}

/// Runs `f`, printing `name` with its wall-clock and CPU time.
fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let (wall, before) = (Instant::now(), cpu());
    let out = f();
    let spent = match (before, cpu()) {
        (Some(a), Some(b)) => format!(" (cpu {:.2} s)", b - a),
        _ => String::new(),
    };
    println!("{name}: {:.2} s{spent}", wall.elapsed().as_secs_f64());
    out
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let kinds = ["rating", "single_choice", "checklist", "multi_choice"];
    let criteria: Vec<String> = (0..20)
        .map(|i| match kinds[i % 4] {
            "rating" => format!(r#"{{"id": "c{i}", "type": "rating", "title": "C{i}", "levels": [{{"value": 1, "label": "1"}}, {{"value": 2, "label": "2"}}, {{"value": 3, "label": "3"}}, {{"value": 4, "label": "4"}}, {{"value": 5, "label": "5"}}]}}"#),
            "single_choice" => format!(r#"{{"id": "c{i}", "type": "single_choice", "title": "C{i}", "options": [{{"value": "a", "label": "A"}}, {{"value": "b", "label": "B"}}, {{"value": "c", "label": "C"}}]}}"#),
            "checklist" => format!(r#"{{"id": "c{i}", "type": "checklist", "title": "C{i}", "items": [{{"id": "x", "label": "X"}}, {{"id": "y", "label": "Y"}}, {{"id": "z", "label": "Z"}}]}}"#),
            _ => format!(r#"{{"id": "c{i}", "type": "multi_choice", "title": "C{i}", "options": [{{"value": "p", "label": "P"}}, {{"value": "q", "label": "Q"}}, {{"value": "r", "label": "R"}}]}}"#),
        })
        .collect();
    let rubric_text = format!(
        r#"{{"schema_version": "1.0", "id": "bench", "version": "1", "title": "Bench", "criteria": [{}]}}"#,
        criteria.join(", ")
    );
    let (rubric, _) = parse_rubric(&rubric_text, &Limits::default()).expect("the bench rubric");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let start = Instant::now();
    let mut text = String::with_capacity(n * 1100);
    for s in 0..n {
        let (task, rater) = (s / 5, s % 5);
        let truth = (task % 5) as u64;
        let mut answers = Vec::new();
        for (i, kind) in kinds.iter().cycle().take(20).enumerate() {
            let agree = next(10) < 7;
            let pick =
                |m: u64, next: &mut dyn FnMut(u64) -> u64| if agree { truth % m } else { next(m) };
            answers.push(match *kind {
                "rating" => format!(r#""c{i}": {{"type": "rating", "value": {}}}"#, pick(5, &mut next) + 1),
                "single_choice" => format!(r#""c{i}": {{"type": "single_choice", "value": "{}"}}"#, ["a", "b", "c"][pick(3, &mut next) as usize]),
                "checklist" => format!(r#""c{i}": {{"type": "checklist", "items": {{"x": "yes", "y": "{}", "z": "na"}}}}"#, ["yes", "no"][pick(2, &mut next) as usize]),
                _ => format!(r#""c{i}": {{"type": "multi_choice", "values": ["{}"]}}"#, ["p", "q", "r"][pick(3, &mut next) as usize]),
            });
        }
        let judge = if rater == 4 {
            r#", "rater": {"kind": "model", "model": "m"}"#
        } else {
            ""
        };
        text.push_str(&format!(
            r#"{{"schema_version": "1.1", "submission_id": "s{s}", "rubric": {{"id": "bench", "version": "1"}}, "task_id": "t{task}", "annotator": "r{rater}", "answers": {{{}}}, "submitted_at": "2026-12-01T10:00:00.000Z", "active_ms": 60000{judge}}}"#,
            answers.join(", ")
        ));
        text.push('\n');
    }
    let array = std::env::var_os("ARRAY").is_some();
    if array {
        text = format!("[{}]", text.trim_end().replace('\n', ",\n"));
    }
    println!(
        "{n} submissions, {:.1} MB of {} (made in {:.2} s)",
        text.len() as f64 / 1e6,
        if array {
            "one JSON array"
        } else {
            "JSON Lines"
        },
        start.elapsed().as_secs_f64()
    );
    let ratings = phase("read", || {
        let mut reader = Reader::new(&rubric);
        reader.read_all(&text);
        reader.finish()
    });
    let fed = phase("read, fed in 64 KiB pieces", || {
        let mut reader = Reader::new(&rubric);
        let mut from = 0;
        while from < text.len() {
            let mut to = (from + 65_536).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            reader.feed(&text[from..to]);
            from = to;
        }
        reader.finish()
    });
    assert_eq!(fed.by_criterion, ratings.by_criterion);
    drop(fed);
    if std::env::var_os("READ_ONLY").is_some() {
        return;
    }
    let all: Vec<_> = phase("figures (bootstrap 200)", || {
        rubric
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| figures::criterion(c, i, &ratings, 200))
            .collect()
    });
    phase("figures (no bootstrap)", || {
        for (i, c) in rubric.criteria.iter().enumerate() {
            let _ = figures::criterion(c, i, &ratings, 0);
        }
    });
    phase(
        "variables (each one's ratings by task, also part of the next two)",
        || {
            for (i, c) in rubric.criteria.iter().enumerate() {
                let _ = figures::variables(c, i, &ratings);
            }
        },
    );
    phase("raters, judges, matrix, contested, alt-test", || {
        for (i, c) in rubric.criteria.iter().enumerate() {
            for v in figures::variables(c, i, &ratings) {
                let _ = raters::per_rater(&v, ratings.raters.len());
                let _ = raters::judges(&v, &ratings.raters);
                let _ = raters::matrix(&v, ratings.raters.len());
                let _ = raters::contested(&v);
                let _ = raters::alt_test(&v, &ratings.raters, 4, 0.2, 30);
            }
        }
    });
    let csv = phase("health and CSV", || {
        let _ = health::of(&rubric, &ratings, &all);
        export::answers_csv(&rubric, &ratings)
    });
    println!("(the CSV: {:.1} MB)", csv.len() as f64 / 1e6);
}
