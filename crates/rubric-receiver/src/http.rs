//! The HTTP API (docs/promises.md, the delivery protocol: "Server side").

use crate::faults::{Fault, Faults};
use crate::server::KillSwitch;
use crate::store::{Collection, Insert, Store};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};
use rubric_core::calibration::attempt::QuizResult;
use rubric_core::form::submission::Submission;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Shared by every request.
pub struct AppState {
    pub store: Store,
    pub faults: Faults,
}

/// The API routes; the server adds static files and CORS around them.
pub fn api(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/api/submissions",
            post(|s, k, h, b| receive(Collection::Submissions, s, k, h, b))
                .get(|s, q| list(Collection::Submissions, s, q)),
        )
        .route(
            "/api/quiz-results",
            post(|s, k, h, b| receive(Collection::QuizResults, s, k, h, b))
                .get(|s, q| list(Collection::QuizResults, s, q)),
        )
        .with_state(state)
}

/// An RFC 9457 problem: `application/problem+json`, its `detail` shown to the reviewer as text.
fn problem(
    status: StatusCode,
    title: &str,
    detail: String,
    extra: Option<(&str, Value)>,
) -> Response {
    let mut body =
        json!({"type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail});
    if let Some((k, v)) = extra {
        body[k] = v;
    }
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    resp
}

/// The acknowledgement of a stored document.
fn stored(c: Collection, status: StatusCode, id: &str, received_at: &str) -> Response {
    let body = json!({c.id_field(): id, "received_at": received_at, "status": "stored"});
    (status, axum::Json(body)).into_response()
}

/// The database failed: retryable for the widget (503), with the reason as text.
fn storage_unavailable(e: rusqlite::Error) -> Response {
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage unavailable",
        e.to_string(),
        None,
    )
}

fn now_rfc3339() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    rubric_core::form::time::rfc3339(ms)
}

/// `POST /api/submissions` and `/api/quiz-results`, with one line on stdout per request (the
/// request log the end-to-end tests read): the path, the idempotency key and what became of it.
async fn receive(
    c: Collection,
    state: State<Arc<AppState>>,
    kill: Option<Extension<KillSwitch>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let fault = state.faults.next();
    let outcome = match fault {
        Fault::Hang => "hanging".to_string(),
        Fault::DropAfterStore => "stored, connection dropped".to_string(),
        _ => String::new(),
    };
    if !outcome.is_empty() {
        println!("POST {} key={key} {outcome}", path(c));
    }
    let resp = handle(c, state, kill, headers, body, fault).await;
    if outcome.is_empty() {
        println!("POST {} key={key} {}", path(c), resp.status().as_u16());
    }
    resp
}

fn path(c: Collection) -> &'static str {
    match c {
        Collection::Submissions => "/api/submissions",
        Collection::QuizResults => "/api/quiz-results",
    }
}

/// Reads a body as collection `c`'s document type: its id and contract version, or the
/// 400 problem naming the path of the first mismatch.
fn decode(c: Collection, value: &Value) -> Result<(String, String), Box<Response>> {
    let bad = |e: serde_path_to_error::Error<serde_json::Error>| {
        let path = e.path().to_string();
        Box::new(problem(
            StatusCode::BAD_REQUEST,
            &format!("invalid {}", c.noun()),
            format!("{path}: {}", e.inner()),
            Some(("path", Value::from(path))),
        ))
    };
    match c {
        Collection::Submissions => serde_path_to_error::deserialize::<_, Submission>(value)
            .map(|s| (s.submission_id, s.schema_version))
            .map_err(bad),
        Collection::QuizResults => serde_path_to_error::deserialize::<_, QuizResult>(value)
            .map(|r| (r.result_id, r.schema_version))
            .map_err(bad),
    }
}

async fn handle(
    c: Collection,
    State(state): State<Arc<AppState>>,
    kill: Option<Extension<KillSwitch>>,
    headers: HeaderMap,
    body: Bytes,
    fault: Fault,
) -> Response {
    match fault {
        Fault::Hang => std::future::pending::<()>().await,
        Fault::Fail(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            return problem(
                status,
                "injected failure",
                "the receiver was told to fail this request".into(),
                None,
            );
        }
        Fault::RetryAfter(secs) => {
            let mut resp = problem(
                StatusCode::TOO_MANY_REQUESTS,
                "slow down",
                format!("try again in {secs} s"),
                None,
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            return resp;
        }
        Fault::DropAfterStore | Fault::None => {}
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return problem(StatusCode::BAD_REQUEST, "invalid JSON", e.to_string(), None),
    };
    let (id, version) = match decode(c, &value) {
        Ok(v) => v,
        Err(resp) => return *resp,
    };
    if let Some(problem_response) = check(c, &id, &version, &headers) {
        return problem_response;
    }
    // Canonical JSON (keys sorted by serde_json's map), so a replay with the same content but
    // different key order or spacing is recognised as the same submission.
    let canonical = value.to_string();
    let result = match state.store.insert(c, &id, &canonical, &now_rfc3339()) {
        Ok(r) => r,
        Err(e) => return storage_unavailable(e),
    };
    if fault == Fault::DropAfterStore {
        if let Some(Extension(k)) = kill {
            k.kill(); // the response is never written: the client sees the connection drop
        }
    }
    match result {
        // A replay answers exactly as the first delivery did, but 200: nothing new was created.
        Insert::Created { received_at } => stored(c, StatusCode::CREATED, &id, &received_at),
        Insert::Replay { received_at } => stored(c, StatusCode::OK, &id, &received_at),
        Insert::Conflict => problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("conflicting {}", c.noun()),
            format!(
                "{} \"{id}\" is already stored with different content",
                c.id_field()
            ),
            Some(("path", Value::from(c.id_field()))),
        ),
    }
}

/// Rules beyond the shape: the contract version, a non-empty id, and the idempotency key.
fn check(c: Collection, id: &str, version: &str, headers: &HeaderMap) -> Option<Response> {
    let bad = |path: &str, detail: String| {
        Some(problem(
            StatusCode::BAD_REQUEST,
            &format!("invalid {}", c.noun()),
            format!("{path}: {detail}"),
            Some(("path", Value::from(path))),
        ))
    };
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    if major != Some(rubric_core::SCHEMA_MAJOR) {
        return bad(
            "schema_version",
            format!("\"{version}\" is not supported; this receiver reads 1.x"),
        );
    }
    if id.trim().is_empty() {
        return bad(c.id_field(), "must not be empty".into());
    }
    if let Some(key) = headers.get("idempotency-key") {
        if key.to_str().ok() != Some(id) {
            return bad(
                c.id_field(),
                "does not match the Idempotency-Key header".into(),
            );
        }
    }
    None
}

#[derive(Deserialize)]
struct ListQuery {
    format: Option<String>,
}

async fn list(
    c: Collection,
    State(state): State<Arc<AppState>>,
    Query(q): Query<ListQuery>,
) -> Response {
    let rows = match state.store.list(c) {
        Ok(rows) => rows,
        Err(e) => return storage_unavailable(e),
    };
    if q.format.as_deref() == Some("jsonl") {
        let mut out = String::new();
        for r in &rows {
            out.push_str(&r.body);
            out.push('\n');
        }
        return ([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response();
    }
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            let doc: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
            json!({c.id_field(): r.id, "received_at": r.received_at, c.noun(): doc})
        })
        .collect();
    axum::Json(items).into_response()
}
