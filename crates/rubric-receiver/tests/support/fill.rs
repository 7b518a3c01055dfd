//! Made-up submissions, one by one or by the million, and the database they go to, for the
//! tests (`mod support` in them) and the listing benchmark (`examples/fill.rs`).

use rubric_receiver::store::{Collection, Database, Doc, Store};
use serde_json::{json, Value};
use std::path::Path;

/// The database a test runs against: a fresh schema of the PostgreSQL database at
/// `RUBRIC_TEST_POSTGRES` when it is set (scripts/test.sh runs the suite both ways), else a
/// SQLite file in `dir`.
#[allow(dead_code)] // not every test target uses it
pub fn test_db(dir: &Path) -> Database {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let url = match std::env::var("RUBRIC_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ => return Database::Sqlite(dir.join("r.sqlite")),
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let schema = format!(
        "t_{}_{nanos}_{}",
        std::process::id(),
        MADE.fetch_add(1, Ordering::SeqCst)
    );
    let (admin, name) = (url.clone(), schema.clone());
    // Its own thread: the blocking client must not run inside the test's async runtime.
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        client
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap();
    })
    .join()
    .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    Database::Postgres(format!("{url}{sep}options=-csearch_path%3D{schema}"))
}

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

/// Stores submissions `0..n` ([`nth`]) in `db`, 10,000 to a transaction (on a thread of its
/// own, so an async test can call it).
pub fn fill(db: &Database, n: usize, text_len: usize) {
    std::thread::scope(|scope| {
        scope.spawn(|| {
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
        });
    });
}
