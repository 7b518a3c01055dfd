//! The receiver over real HTTP on 127.0.0.1 with a real SQLite file: deduplication, conflicts,
//! validation errors, listing, every injected fault, and what a real deployment relies on:
//! tokens bound to annotators, the request rules against cross-site and rebinding attacks,
//! frame protection, paged and filtered streaming listings, health, and graceful shutdown.

#[path = "support/fill.rs"]
mod support;

use rubric_receiver::store::Database;
use rubric_receiver::{start, Options};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::time::{Duration, Instant};
use support::{fill, submission, test_db};

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

/// Options for a receiver on a free port of 127.0.0.1 with the database `db`.
fn on_loopback(db: Database) -> Options {
    Options {
        addr: "127.0.0.1:0".parse().unwrap(),
        db,
        ..Options::default()
    }
}

async fn server(configure: impl FnOnce(&mut Options)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut options = on_loopback(test_db(dir.path()));
    configure(&mut options);
    let running = start(options).await.unwrap();
    Server {
        base: format!("http://{}", running.addr),
        _dir: dir,
    }
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
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", "x")
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
    assert_eq!(jsonl_ids(&s.base, "").await, vec!["a", "b"]);
}

/// The submission ids of a JSON Lines listing with the extra `query`.
async fn jsonl_ids(base: &str, query: &str) -> Vec<String> {
    let url = format!("{base}/api/submissions?format=jsonl&{query}");
    let r = reqwest::get(&url).await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    let text = r.text().await.unwrap();
    text.lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["submission_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
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
    let db = test_db(dir.path());
    let first = start(on_loopback(db.clone())).await.unwrap();
    post(&format!("http://{}", first.addr), &submission("a", 3))
        .await
        .unwrap();
    first.task.abort();
    let second = start(on_loopback(db)).await.unwrap();
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

// --- What a real deployment relies on (issue 16) ---

const ANN_TOKEN: &str = "ann7-0123456789abcdef0123456789abcdef";
const READER_TOKEN: &str = "read-0123456789abcdef0123456789abcdef";
const JUDGE_TOKEN: &str = "judg-0123456789abcdef0123456789abcdef";

/// A receiver with `--tokens`: one annotator ("ann", as in [`submission`]), one reader, one
/// model judge ("judge:a").
async fn with_tokens() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tokens");
    std::fs::write(
        &file,
        format!(
            "{ANN_TOKEN} ann annotator\n{READER_TOKEN} exporter reader\n\
             {JUDGE_TOKEN} judge:a judge\n"
        ),
    )
    .unwrap();
    let options = Options {
        tokens: Some(file),
        ..on_loopback(test_db(dir.path()))
    };
    let running = start(options).await.unwrap();
    Server {
        base: format!("http://{}", running.addr),
        _dir: dir,
    }
}

/// POSTs `body` to `path` as the widget does, with extra headers.
async fn send(base: &str, path: &str, body: &Value, headers: &[(&str, &str)]) -> reqwest::Response {
    let key = body["submission_id"]
        .as_str()
        .or(body["result_id"].as_str())
        .unwrap_or_default()
        .to_string();
    let mut req = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("Idempotency-Key", key)
        .json(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

async fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = reqwest::Client::new().get(format!("{base}{path}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// POSTs `body` to `path` with `token` as its bearer token.
async fn send_as(base: &str, path: &str, token: &str, body: &Value) -> reqwest::Response {
    let auth = bearer(token);
    send(base, path, body, &[("Authorization", &auth)]).await
}

/// Lists every stored submission id (a reader's token when given), for checks.
async fn ids(base: &str, token: Option<&str>) -> Vec<String> {
    let auth = token.map(bearer).unwrap_or_default();
    let headers: Vec<(&str, &str)> = token
        .map(|_| ("Authorization", auth.as_str()))
        .into_iter()
        .collect();
    let rows: Vec<Value> = get(base, "/api/submissions?limit=10000", &headers)
        .await
        .json()
        .await
        .unwrap();
    rows.iter()
        .map(|r| r["submission_id"].as_str().unwrap().to_string())
        .collect()
}

async fn assert_problem(r: reqwest::Response, status: u16, detail_has: &str) -> Value {
    assert_eq!(r.status(), status);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: Value = r.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains(detail_has),
        "{body}"
    );
    body
}

#[tokio::test]
async fn with_tokens_a_write_without_a_valid_token_is_401_and_stores_nothing() {
    let s = with_tokens().await;
    let r = post(&s.base, &submission("a", 1)).await.unwrap();
    assert_eq!(
        r.headers()["www-authenticate"],
        "Bearer realm=\"rubric-receiver\""
    );
    assert_problem(r, 401, "Authorization: Bearer").await;
    let r = send_as(
        &s.base,
        "/api/submissions",
        &ANN_TOKEN.replace('7', "8"),
        &submission("a", 1),
    )
    .await;
    assert_eq!(r.status(), 401);
    assert!(ids(&s.base, Some(READER_TOKEN)).await.is_empty());
}

#[tokio::test]
async fn a_token_stores_only_its_own_annotators_work() {
    let s = with_tokens().await;
    let own = send_as(&s.base, "/api/submissions", ANN_TOKEN, &submission("a", 1)).await;
    assert_eq!(own.status(), 201);
    let mut claimed = submission("b", 1);
    claimed["annotator"] = json!("ceo");
    let r = send_as(&s.base, "/api/submissions", ANN_TOKEN, &claimed).await;
    let body = assert_problem(
        r,
        403,
        "this token belongs to \"ann\"; it cannot send work of \"ceo\"",
    )
    .await;
    assert_eq!(body["path"], "annotator");
    // The same for a quiz result's trainee.
    let mut result = quiz_result("q-1", true);
    result["trainee"] = json!("someone-else");
    let r = send_as(&s.base, "/api/quiz-results", ANN_TOKEN, &result).await;
    assert_eq!(
        assert_problem(r, 403, "cannot send work").await["path"],
        "trainee"
    );
    result["trainee"] = json!("ann");
    let r = send_as(&s.base, "/api/quiz-results", ANN_TOKEN, &result).await;
    assert_eq!(r.status(), 201);
    assert_eq!(ids(&s.base, Some(READER_TOKEN)).await, vec!["a"]);
}

#[tokio::test]
async fn with_tokens_only_a_reader_lists_and_a_reader_cannot_write() {
    let s = with_tokens().await;
    let ann = bearer(ANN_TOKEN);
    let reader = bearer(READER_TOKEN);
    assert_eq!(get(&s.base, "/api/submissions", &[]).await.status(), 401);
    assert_eq!(get(&s.base, "/api/quiz-results", &[]).await.status(), 401);
    let r = get(&s.base, "/api/submissions", &[("Authorization", &ann)]).await;
    assert_problem(
        r,
        403,
        "this token's role is annotator; this needs a reader token",
    )
    .await;
    let r = send_as(
        &s.base,
        "/api/submissions",
        READER_TOKEN,
        &submission("a", 1),
    )
    .await;
    assert_problem(r, 403, "needs an annotator or judge token").await;
    assert_eq!(
        get(&s.base, "/api/submissions", &[("Authorization", &reader)])
            .await
            .status(),
        200
    );
}

/// A model judge's submission, as a judge's script sends it (CONTRACT.md, "Model judges").
fn judged(id: &str, annotator: &str) -> Value {
    let mut s = submission(id, 3);
    s["annotator"] = json!(annotator);
    s["schema_version"] = json!("1.1");
    s["active_ms"] = json!(0);
    s["rater"] = json!({"kind": "model", "model": "judge-model-a", "prompt_version": "v1"});
    s
}

#[tokio::test]
async fn with_tokens_only_a_judge_token_sends_a_rater() {
    let s = with_tokens().await;
    let path = "/api/submissions";
    // From the widget a rater is never written: one from an annotator's token is refused, not
    // dropped (the body is stored as sent, and its replay must match).
    for rater in [
        json!({"kind": "model", "model": "m"}),
        json!({"kind": "human"}),
    ] {
        let mut claimed = submission("a", 4);
        claimed["rater"] = rater;
        let r = send_as(&s.base, path, ANN_TOKEN, &claimed).await;
        let body = assert_problem(
            r,
            403,
            "rater: an annotator's token sends a person's review, which carries no rater",
        )
        .await;
        assert_eq!(body["path"], "rater");
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("need a judge token"),
            "{body}"
        );
    }
    // A judge sends its own model ratings, under its own name, and nothing else.
    let r = send_as(&s.base, path, JUDGE_TOKEN, &judged("j1", "judge:a")).await;
    assert_eq!(r.status(), 201);
    let mut unmarked = judged("j2", "judge:a");
    unmarked.as_object_mut().unwrap().remove("rater");
    let r = send_as(&s.base, path, JUDGE_TOKEN, &unmarked).await;
    let body = assert_problem(r, 403, "a judge token sends a model's ratings").await;
    assert_eq!(body["path"], "rater");
    unmarked["rater"] = json!({"kind": "human"});
    let r = send_as(&s.base, path, JUDGE_TOKEN, &unmarked).await;
    assert_eq!(assert_problem(r, 403, "rater.kind").await["path"], "rater");
    let r = send_as(&s.base, path, JUDGE_TOKEN, &judged("j3", "ann")).await;
    assert_eq!(
        assert_problem(r, 403, "it cannot send work of \"ann\"").await["path"],
        "annotator"
    );
    let mut result = quiz_result("q-1", true);
    result["trainee"] = json!("judge:a");
    let r = send_as(&s.base, "/api/quiz-results", JUDGE_TOKEN, &result).await;
    assert_problem(
        r,
        403,
        "this token's role is judge; this needs an annotator token",
    )
    .await;
    let r = get(&s.base, path, &[("Authorization", &bearer(JUDGE_TOKEN))]).await;
    assert_problem(r, 403, "needs a reader token").await;
    assert_eq!(ids(&s.base, Some(READER_TOKEN)).await, vec!["j1"]);
    // Replayed as sent, it is the same document.
    let r = send_as(&s.base, path, JUDGE_TOKEN, &judged("j1", "judge:a")).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn without_tokens_a_rater_is_stored_as_sent() {
    let s = server(|_| {}).await;
    let r = post(&s.base, &judged("j1", "judge:a")).await.unwrap();
    assert_eq!(r.status(), 201);
    let rows = stored(&s.base).await;
    assert_eq!(rows[0]["submission"]["rater"]["kind"], "model");
}

/// Every line of a JSON Lines listing, following its `Link: rel="next"` pages, as the
/// agreement report reads it.
async fn all_pages(base: &str, mut path: String) -> String {
    let mut text = String::new();
    loop {
        let r = get(base, &path, &[]).await;
        assert_eq!(r.status(), 200);
        let next = next_of(&r);
        text.push_str(&r.text().await.unwrap());
        match next {
            Some(n) => path = n,
            None => return text,
        }
    }
}

#[tokio::test]
async fn the_demo_seed_is_valid_reviews_by_people_and_model_judges() {
    use rubric_core::form::rules::{form_issues, submitted_answers};
    use rubric_core::form::submission::{skip_reasons, Submission};
    use rubric_core::report::figures::{self, CriterionFigures};
    use rubric_core::report::read::{RaterKind, Reader};
    use rubric_core::text::i18n::English;
    use rubric_receiver::demo_seed::{self, TASKS_PER_RUBRIC};
    use rubric_receiver::http::validate;
    use rubric_receiver::store::Collection;
    use std::collections::{BTreeMap, BTreeSet};

    let dir = tempfile::tempdir().unwrap();
    let db = test_db(dir.path());
    let seeded = |db: Database| async move {
        let running = start(Options {
            seed_demo: true,
            ..on_loopback(db)
        })
        .await
        .unwrap();
        format!("http://{}", running.addr)
    };
    let base = seeded(db.clone()).await;
    let mut total = 0;
    for example in demo_seed::examples().unwrap() {
        let (rubric, tasks) = (&example.rubric, &example.tasks);
        assert_eq!(tasks.len(), TASKS_PER_RUBRIC);
        let path = format!(
            "/api/submissions?format=jsonl&limit=100&rubric_id={}",
            rubric.id
        );
        let text = all_pages(&base, path).await;
        let mut by_kind: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        let (mut ids, mut skipped) = (BTreeSet::new(), 0);
        for line in text.lines() {
            let value: Value = serde_json::from_str(line).unwrap();
            // The receiver's own check of a POST, then the rubric's rules.
            let key = value["submission_id"].as_str();
            validate(Collection::Submissions, &value, key).unwrap();
            let s: Submission = serde_json::from_value(value).unwrap();
            assert!(
                ids.insert(s.submission_id.clone()),
                "{} twice",
                s.submission_id
            );
            assert_eq!(s.submission_id.len(), 36);
            assert_eq!(s.submission_id.as_bytes()[14], b'4', "a UUID v4");
            assert_eq!(
                (&s.rubric.id, &s.rubric.version),
                (&rubric.id, &rubric.version)
            );
            let task = tasks.iter().find(|t| t.id == s.task_id).unwrap();
            assert!(s.started_at < s.submitted_at);
            let kind = match &s.rater {
                Some(r) => {
                    assert_eq!(r.kind, "model");
                    assert_eq!(r.prompt_version.as_deref(), Some("v1"));
                    assert!(s.annotator.ends_with(r.model.as_deref().unwrap()));
                    assert_eq!(s.active_ms, 0);
                    "model"
                }
                None => {
                    assert!(s.active_ms >= 4000, "{}", s.active_ms);
                    "human"
                }
            };
            *by_kind
                .entry(kind)
                .or_default()
                .entry(s.annotator.clone())
                .or_default() += 1;
            if let Some(skip) = &s.skipped {
                skipped += 1;
                assert!(s.answers.is_empty());
                let reasons = skip_reasons(rubric, &English);
                assert!(reasons.iter().any(|(v, _)| *v == skip.reason));
                continue;
            }
            for (id, answer) in &s.answers {
                let c = rubric.criterion(id).unwrap();
                assert!(answer.fits(c, task), "{id}: {answer:?}");
            }
            let issues = form_issues(rubric, task, &s.answers, &English);
            assert!(issues.is_empty(), "{}: {issues:?}", s.submission_id);
            assert_eq!(
                submitted_answers(rubric, &s.answers),
                s.answers,
                "nothing hidden"
            );
        }
        let humans = &by_kind["human"];
        let models = &by_kind["model"];
        assert_eq!(humans.len(), 6, "{humans:?}");
        assert!(humans.values().filter(|n| **n == TASKS_PER_RUBRIC).count() >= 3);
        assert!(
            humans.values().any(|n| *n < TASKS_PER_RUBRIC / 2),
            "one rates some tasks"
        );
        assert_eq!(models.len(), 2);
        assert!(models.values().all(|n| *n == TASKS_PER_RUBRIC));
        assert!(skipped < 10, "{skipped}");
        total += ids.len();

        // The report reads them all, people and judges apart, and finds real but imperfect
        // agreement on every scored criterion.
        let mut reader = Reader::new(rubric);
        reader.read_all(&text);
        let ratings = reader.ratings;
        assert!(ratings.malformed.is_empty() && ratings.other_rubrics.is_empty());
        assert_eq!(ratings.unfit_answers, 0);
        assert_eq!(ratings.units.len(), TASKS_PER_RUBRIC);
        let kinds = |k| ratings.raters.iter().filter(|r| r.kind == k).count();
        assert_eq!((kinds(RaterKind::Human), kinds(RaterKind::Model)), (6, 2));
        for (i, c) in rubric.criteria.iter().enumerate() {
            if let CriterionFigures::Categorical(parts) = figures::criterion(c, i, &ratings, 0) {
                let alpha = match parts[0].alpha {
                    rubric_core::calibration::agreement::Estimate::Value { value, .. } => value,
                    ref other => panic!("{}: {other:?}", c.id),
                };
                assert!(
                    (0.1..0.95).contains(&alpha),
                    "{} {}: alpha {alpha}",
                    rubric.id,
                    c.id
                );
            }
        }
    }
    assert_eq!(total, demo_seed::documents().unwrap().len());
    // Seeding again, or a database that already holds submissions, adds nothing.
    let again = seeded(db).await;
    let rows = all_pages(&again, "/api/submissions?format=jsonl&limit=10000".into()).await;
    assert_eq!(rows.lines().count(), total);
}

/// A cross-site page can POST `text/plain` or a form without a CORS preflight: such a body is
/// refused whatever it holds, so only callers allowed by CORS can write.
#[tokio::test]
async fn a_post_not_declared_as_json_is_415() {
    let s = server(|_| {}).await;
    let body = submission("a", 1).to_string();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let mut req = reqwest::Client::new()
            .post(format!("{}/api/submissions", s.base))
            .header("Idempotency-Key", "a")
            .header("Origin", "https://evil.example")
            .body(body.clone());
        if let Some(t) = content_type {
            req = req.header("Content-Type", t);
        }
        let r = req.send().await.unwrap();
        assert_problem(r, 415, "Content-Type: application/json").await;
    }
    assert!(stored(&s.base).await.is_empty());
    let r = send(
        &s.base,
        "/api/submissions",
        &submission("a", 1),
        &[("Content-Type", "Application/JSON; charset=utf-8")],
    )
    .await;
    assert_eq!(r.status(), 201, "parameters and case do not matter");
}

#[tokio::test]
async fn the_idempotency_key_is_required() {
    let s = server(|_| {}).await;
    let r = reqwest::Client::new()
        .post(format!("{}/api/submissions", s.base))
        .json(&submission("a", 1))
        .send()
        .await
        .unwrap();
    let body = assert_problem(r, 400, "the header is required, equal to the submission_id").await;
    assert_eq!(body["path"], "Idempotency-Key");
    assert!(stored(&s.base).await.is_empty());
}

/// DNS rebinding: a page on a domain re-pointed at this machine names its own host.
#[tokio::test]
async fn a_foreign_host_is_refused_and_allowed_hosts_are_served() {
    let s = server(|o| o.allowed_hosts = vec!["reviews.example.org".into()]).await;
    let port = s.base.rsplit(':').next().unwrap().to_string();
    let evil = format!("evil.example:{port}");
    let r = get(&s.base, "/api/submissions", &[("Host", &evil)]).await;
    assert_problem(r, 421, "Host \"evil.example:").await;
    let r = send(
        &s.base,
        "/api/submissions",
        &submission("a", 1),
        &[("Host", &evil)],
    )
    .await;
    assert_eq!(r.status(), 421);
    assert!(stored(&s.base).await.is_empty());
    for ok in [
        format!("localhost:{port}"),
        "reviews.example.org".into(),
        "REVIEWS.example.org:443".into(),
    ] {
        assert_eq!(
            get(&s.base, "/api/submissions", &[("Host", &ok)])
                .await
                .status(),
            200,
            "{ok}"
        );
    }
    // Health checks come by address from an orchestrator and reveal nothing.
    assert_eq!(
        get(&s.base, "/healthz", &[("Host", &evil)]).await.status(),
        200
    );
}

#[tokio::test]
async fn pages_are_served_with_frame_ancestors_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("embed")).unwrap();
    std::fs::write(dir.path().join("embed/frame.html"), "<!doctype html>").unwrap();
    let policy = |o: Options| async move {
        let running = start(o).await.unwrap();
        let r = reqwest::get(format!("http://{}/embed/frame.html?parent=x", running.addr))
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let base = || Options {
        static_dir: Some(dir.path().to_path_buf()),
        ..on_loopback(Database::Sqlite(dir.path().join("r.sqlite")))
    };
    assert_eq!(policy(base()).await, "frame-ancestors 'self'");
    assert_eq!(
        policy(Options {
            frame_ancestors: vec!["https://portal.example".into(), "https://b.example".into()],
            csp: Some("default-src 'self';".into()),
            ..base()
        })
        .await,
        "default-src 'self'; frame-ancestors https://portal.example https://b.example"
    );
    let refused = start(Options {
        frame_ancestors: vec!["https://*.example".into()],
        ..base()
    })
    .await;
    assert!(refused.err().unwrap().contains("clickjacking"));
}

/// The `next` target of a `Link` header.
fn next_of(r: &reqwest::Response) -> Option<String> {
    let link = r.headers().get("link")?.to_str().unwrap();
    assert!(link.ends_with(">; rel=\"next\""), "{link}");
    Some(link[1..link.find('>').unwrap()].to_string())
}

#[tokio::test]
async fn listings_are_paged_with_a_next_link_and_filtered() {
    let s = server(|o| fill(&o.db, 7, 10)).await;
    let mut path = "/api/submissions?annotator=ann&limit=2".to_string();
    let (mut seen, mut pages) = (Vec::new(), 0);
    loop {
        let r = get(&s.base, &path, &[]).await;
        assert_eq!(r.status(), 200);
        let next = next_of(&r);
        let rows: Vec<Value> = r.json().await.unwrap();
        pages += 1;
        seen.extend(
            rows.iter()
                .map(|r| r["submission_id"].as_str().unwrap().to_string()),
        );
        match next {
            Some(n) => path = n,
            None => break,
        }
    }
    assert_eq!(seen, vec!["s00000", "s00002", "s00004", "s00006"]);
    assert_eq!(pages, 2, "no empty last page");
    let jsonl = |q: &'static str| jsonl_ids(&s.base, q);
    assert_eq!(jsonl("task_id=t1").await, vec!["s00001", "s00004"]);
    assert_eq!(jsonl("task_id=t1&annotator=bob").await, vec!["s00001"]);
    assert_eq!(jsonl("rubric_id=hhh&rubric_version=2.1").await.len(), 7);
    assert!(jsonl("rubric_version=9").await.is_empty());
    assert_eq!(
        jsonl("since=2026-11-06T00:00:00Z").await,
        vec!["s00005", "s00006"]
    );
    for (query, detail) in [
        ("anotator=x", "anotator: unknown parameter"),
        ("limit=0", "limit: \"0\" is not from 1 to 10000"),
        ("limit=10001", "limit: \"10001\" is not from 1 to 10000"),
        (
            "since=yesterday",
            "since: \"yesterday\" is not an RFC 3339 UTC time",
        ),
        ("cursor=abc", "cursor: \"abc\" is not a cursor"),
    ] {
        let r = get(&s.base, &format!("/api/submissions?{query}"), &[]).await;
        assert_problem(r, 400, detail).await;
    }
}

#[tokio::test]
async fn a_listing_without_limit_is_one_bounded_page() {
    let s = server(|o| fill(&o.db, 150, 10)).await;
    let r = get(&s.base, "/api/submissions", &[]).await;
    assert_eq!(next_of(&r).as_deref(), Some("/api/submissions?cursor=100"));
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 100);
    let r = get(&s.base, "/api/submissions?cursor=100", &[]).await;
    assert_eq!(next_of(&r), None);
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 50);
}

/// A listing is streamed from its own read connection: with a client that reads one chunk and
/// stalls, the receiver has sent only a small part of a large page, and a reviewer's submit
/// is stored at once meanwhile.
// Blocking socket calls in the test: the server runs on the worker threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_listing_streams_a_little_and_never_blocks_a_write() {
    let s = server(|o| fill(&o.db, 3000, 2000)).await;
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    // A small receive window, so the kernel buffers little of what the server sends.
    write!(
        conn,
        "GET /api/submissions?format=jsonl&limit=10000 HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut first = [0u8; 4096];
    let n = conn.read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    let started = Instant::now();
    let r = post(&s.base, &submission("during", 2)).await.unwrap();
    assert_eq!(r.status(), 201);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // The page is about 6.5 MB; a stream that had loaded it would have written far more than
    // the socket buffers hold before the client read again.
    let mut rest = Vec::new();
    conn.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut buf = [0u8; 65536];
    while let Ok(n) = conn.read(&mut buf) {
        if n == 0 || rest.len() > 8_000_000 {
            break;
        }
        rest.extend_from_slice(&buf[..n]);
        if rest.ends_with(b"\r\n0\r\n\r\n") {
            break;
        }
    }
    let lines = rest.iter().filter(|&&b| b == b'\n').count();
    assert!(
        lines > 1000,
        "the stream resumes when the client reads: {lines} lines"
    );
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let s = server(|_| {}).await;
    let r = get(&s.base, "/healthz", &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ok");
    let r = get(&s.base, "/readyz", &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ready");
}

/// A shutdown stops taking connections but answers the request it is reading: the reviewer's
/// submit that arrived just before is stored and acknowledged, not cut off.
// Blocking socket calls in the test: the server runs on the worker threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_request_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_db(dir.path());
    let running = start(on_loopback(db.clone())).await.unwrap();
    let addr = running.addr;
    let body = submission("late", 3).to_string();
    let (head, tail) = body.split_at(body.len() / 2);
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "POST /api/submissions HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: late\r\nContent-Length: {}\r\n\r\n{head}",
        body.len()
    )
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopping = tokio::spawn(running.shutdown(Duration::from_secs(10)));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no new connection is taken"
    );
    assert!(
        !stopping.is_finished(),
        "it waits for the request in flight"
    );
    conn.write_all(tail.as_bytes()).unwrap();
    let mut answer = String::new();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(stopping.await.unwrap(), "nothing was cut off");
    let again = start(on_loopback(db)).await.unwrap();
    assert_eq!(stored(&format!("http://{}", again.addr)).await.len(), 1);
}
