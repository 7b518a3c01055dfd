//! The receiver over real HTTP on 127.0.0.1 with a real SQLite file: deduplication, conflicts,
//! validation errors, listing, and every injected fault.

use rubric_receiver::{start, Options};
use serde_json::{json, Value};
use std::time::Duration;

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

async fn server(configure: impl FnOnce(&mut Options)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut options = Options {
        addr: "127.0.0.1:0".parse().unwrap(),
        db: dir.path().join("r.sqlite"),
        ..Options::default()
    };
    configure(&mut options);
    let running = start(options).await.unwrap();
    Server {
        base: format!("http://{}", running.addr),
        _dir: dir,
    }
}

fn submission(id: &str, value: i64) -> Value {
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

async fn post(base: &str, body: &Value) -> reqwest::Result<reqwest::Response> {
    let id = body["submission_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    reqwest::Client::new()
        .post(format!("{base}/api/submissions"))
        .header("Idempotency-Key", id)
        .json(body)
        .timeout(Duration::from_secs(2))
        .send()
        .await
}

async fn stored(base: &str) -> Vec<Value> {
    reqwest::get(format!("{base}/api/submissions"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn stores_once_and_replays_the_stored_result() {
    let s = server(|_| {}).await;
    let first = post(&s.base, &submission("a", 4)).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = post(&s.base, &submission("a", 4)).await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(
        again.json::<Value>().await.unwrap(),
        first,
        "a replay answers with the stored result"
    );
    let rows = stored(&s.base).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["submission"]["answers"]["helpfulness"]["value"], 4);
}

#[tokio::test]
async fn the_same_id_with_a_different_body_is_422() {
    let s = server(|_| {}).await;
    assert_eq!(
        post(&s.base, &submission("a", 4)).await.unwrap().status(),
        201
    );
    let conflict = post(&s.base, &submission("a", 2)).await.unwrap();
    assert_eq!(conflict.status(), 422);
    assert_eq!(
        conflict.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = conflict.json().await.unwrap();
    assert_eq!(
        body["detail"],
        "submission_id \"a\" is already stored with different content"
    );
    assert_eq!(
        stored(&s.base).await[0]["submission"]["answers"]["helpfulness"]["value"],
        4,
        "the first body is kept"
    );
}

#[tokio::test]
async fn invalid_bodies_are_400_problems_naming_the_path() {
    let s = server(|_| {}).await;
    let mut bad = submission("a", 4);
    bad["answers"]["helpfulness"]["value"] = json!("four");
    let r = post(&s.base, &bad).await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["path"], "answers.helpfulness");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .starts_with("answers.helpfulness: "),
        "{body}"
    );

    let mut wrong_version = submission("b", 4);
    wrong_version["schema_version"] = json!("2.0");
    let body: Value = post(&s.base, &wrong_version)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["detail"],
        "schema_version: \"2.0\" is not supported; this receiver reads 1.x"
    );

    let mismatched = reqwest::Client::new()
        .post(format!("{}/api/submissions", s.base))
        .header("Idempotency-Key", "other")
        .json(&submission("c", 4))
        .send()
        .await
        .unwrap();
    assert_eq!(mismatched.status(), 400);

    let not_json = reqwest::Client::new()
        .post(format!("{}/api/submissions", s.base))
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert!(stored(&s.base).await.is_empty());
}

#[tokio::test]
async fn jsonl_export_has_one_submission_per_line() {
    let s = server(|_| {}).await;
    for (id, v) in [("a", 1), ("b", 2)] {
        post(&s.base, &submission(id, v)).await.unwrap();
    }
    let r = reqwest::get(format!("{}/api/submissions?format=jsonl", s.base))
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    let text = r.text().await.unwrap();
    let ids: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["submission_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, vec!["a", "b"]);
}

#[tokio::test]
async fn fails_the_first_n_then_stores() {
    let s = server(|o| {
        o.fail_first = 2;
        o.fail_status = 500;
    })
    .await;
    assert_eq!(
        post(&s.base, &submission("a", 1)).await.unwrap().status(),
        500
    );
    assert_eq!(
        post(&s.base, &submission("a", 1)).await.unwrap().status(),
        500
    );
    assert_eq!(
        post(&s.base, &submission("a", 1)).await.unwrap().status(),
        201
    );
    assert_eq!(stored(&s.base).await.len(), 1);
}

#[tokio::test]
async fn retry_after_is_sent_with_429() {
    let s = server(|o| {
        o.retry_after_first = 1;
        o.retry_after_secs = 7;
    })
    .await;
    let r = post(&s.base, &submission("a", 1)).await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert!(stored(&s.base).await.is_empty());
}

#[tokio::test]
async fn a_lost_acknowledgement_stores_then_drops_the_connection() {
    let s = server(|o| o.drop_after_store_first = 1).await;
    let lost = post(&s.base, &submission("a", 1)).await;
    assert!(lost.is_err(), "no answer reaches the client: {lost:?}");
    assert_eq!(
        stored(&s.base).await.len(),
        1,
        "but the submission was stored"
    );
    let retry = post(&s.base, &submission("a", 1)).await.unwrap();
    assert_eq!(
        retry.status(),
        200,
        "the retry with the same id is a replay"
    );
    assert_eq!(stored(&s.base).await.len(), 1);
}

#[tokio::test]
async fn a_hanging_request_times_out_at_the_client() {
    let s = server(|o| o.hang_first = 1).await;
    let hung = post(&s.base, &submission("a", 1)).await;
    assert!(hung.is_err_and(|e| e.is_timeout()));
    assert_eq!(
        post(&s.base, &submission("a", 1)).await.unwrap().status(),
        201
    );
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let s = server(|o| o.cors_origins = vec!["http://portal.example".into()]).await;
    let preflight = |origin: &'static str| {
        reqwest::Client::new()
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/api/submissions", s.base),
            )
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,idempotency-key",
            )
            .send()
    };
    let ok = preflight("http://portal.example").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "http://portal.example"
    );
    let other = preflight("http://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn data_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let first = start(Options {
        addr: "127.0.0.1:0".parse().unwrap(),
        db: db.clone(),
        ..Options::default()
    })
    .await
    .unwrap();
    post(&format!("http://{}", first.addr), &submission("a", 3))
        .await
        .unwrap();
    first.task.abort();
    let second = start(Options {
        addr: "127.0.0.1:0".parse().unwrap(),
        db,
        ..Options::default()
    })
    .await
    .unwrap();
    let base = format!("http://{}", second.addr);
    assert_eq!(stored(&base).await.len(), 1);
    assert_eq!(
        post(&base, &submission("a", 3)).await.unwrap().status(),
        200
    );
}

fn quiz_result(id: &str, passed: bool) -> Value {
    json!({
        "schema_version": "1.0",
        "result_id": id,
        "quiz": {"id": "hhh-calibration", "rubric": {"id": "hhh", "version": "2.1"}},
        "trainee": "t",
        "attempt": 1,
        "started_at": "2026-11-25T14:00:00.000Z",
        "finished_at": "2026-11-25T14:09:00.000Z",
        "passed": passed,
        "criteria": {
            "helpfulness": {"kind": "categorical", "items": 2,
                "percent": {"value": 0.5, "se": 0.35, "ci95": [0.0, 1.0]},
                "kappa": {"undefined": "chance agreement is 1"},
                "kappa_linear": {"value": 0.2}, "kappa_quadratic": {"value": 0.3},
                "ac1": {"value": 0.1}, "labels": ["bad", "good"], "confusion": [[1, 1], [0, 0]]},
            "why": {"kind": "not_scored"}
        },
        "items": [{"task_id": "q1", "answers": {"helpfulness": {"type": "rating", "value": 1}}}],
        "client": {"name": "rubric-widget", "version": "0.1.0"}
    })
}

#[tokio::test]
async fn quiz_results_are_stored_once_listed_and_validated_with_paths() {
    let s = server(|_| {}).await;
    let send = |body: Value| {
        let url = format!("{}/api/quiz-results", s.base);
        let key = body["result_id"].as_str().unwrap_or_default().to_string();
        async move {
            reqwest::Client::new()
                .post(url)
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(send(quiz_result("q-1", true)).await.status(), 201);
    assert_eq!(send(quiz_result("q-1", true)).await.status(), 200);
    assert_eq!(send(quiz_result("q-1", false)).await.status(), 422);
    let mut broken = quiz_result("q-2", true);
    broken["criteria"]["helpfulness"]["kappa"] = json!("high");
    let resp = send(broken).await;
    assert_eq!(resp.status(), 400);
    let problem: Value = resp.json().await.unwrap();
    assert_eq!(problem["path"], "criteria.helpfulness");
    let listed: Vec<Value> = reqwest::get(format!("{}/api/quiz-results", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["result_id"], "q-1");
    assert_eq!(listed[0]["result"]["passed"], true);
    assert!(
        stored(&s.base).await.is_empty(),
        "submissions are a separate collection"
    );
}

/// The contract's body limit: a submission is a few kilobytes; anything above 2 MiB is refused
/// with 413, which the widget treats as final (CONTRACT.md, the HTTP exchange).
#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let s = server(|_| {}).await;
    let mut big = submission("big", 3);
    big["answers"]["note"] = json!({"type": "text", "value": "x".repeat(2 * 1024 * 1024)});
    let r = post(&s.base, &big).await.unwrap();
    assert_eq!(r.status(), 413);
    assert!(stored(&s.base).await.is_empty());
    let mut fits = submission("fits", 3);
    fits["answers"]["note"] = json!({"type": "text", "value": "x".repeat(64 * 1024)});
    // Under the limit the body is read and judged on its content (here: stored).
    assert!(post(&s.base, &fits).await.unwrap().status().is_success());
}
