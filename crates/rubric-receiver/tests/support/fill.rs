//! Made-up submissions, one by one or by the million, for the tests (`mod support` in them)
//! and the listing benchmark (`examples/fill.rs`).

use rubric_receiver::store::{Collection, Doc, Store};
use serde_json::{json, Value};
use std::path::Path;

/// A valid submission with id `id` by "ann" on task "t1", rating helpfulness `value`.
pub fn submission(id: &str, value: i64) -> Value {
    json!({
        "schema_version": "1.0",
        "submission_id": id,
        "rubric": {"id": "hhh", "version": "2.1"},
        "task_id": "t1",
        "annotator": "ann",
        "answers": {"helpfulness": {"type": "rating", "value": value}},
        "response_order": ["r1"],
        "started_at": "2026-11-25T14:00:00.000Z",
        "submitted_at": "2026-11-25T14:01:00.000Z",
        "active_ms": 1000,
        "client": {"name": "rubric-widget", "version": "0.1.0"}
    })
}

/// The `i`th made-up submission, id `s{i:05}`: annotators alternate (ann, bob), tasks `t0`..`t2`
/// in turn, a text answer of `text_len` characters; with the time it was received (day 1 +
/// i % 28 of November 2026).
pub fn nth(i: usize, text_len: usize) -> (Doc, String) {
    let id = format!("s{i:05}");
    let (person, task) = (["ann", "bob"][i % 2], format!("t{}", i % 3));
    let mut s = submission(&id, 1 + (i % 5) as i64);
    s["annotator"] = json!(person);
    s["task_id"] = json!(task);
    s["answers"]["note"] = json!({"type": "text", "value": "x".repeat(text_len)});
    let doc = Doc {
        id,
        body: s.to_string(),
        rubric_id: "hhh".into(),
        rubric_version: "2.1".into(),
        subject: task,
        person: person.into(),
    };
    (doc, format!("2026-11-{:02}T00:00:00.000Z", 1 + i % 28))
}

/// Stores submissions `0..n` ([`nth`]) in `db`, 10,000 to a transaction.
pub fn fill(db: &Path, n: usize, text_len: usize) {
    let store = Store::open(db).unwrap();
    for start in (0..n).step_by(10_000) {
        let docs: Vec<(Doc, String)> = (start..n.min(start + 10_000))
            .map(|i| nth(i, text_len))
            .collect();
        store
            .import(
                Collection::Submissions,
                docs.iter().map(|(d, at)| (d, at.as_str())),
            )
            .unwrap();
    }
}
