//! The HTTP API (docs/promises.md, the delivery protocol: "Server side").

use crate::auth::{Identity, Role, Tokens};
use crate::faults::{Fault, Faults};
use crate::listing;
use crate::log::LogNote;
use crate::server::KillSwitch;
use crate::store::{Collection, Doc, Insert, Store};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use rubric_core::calibration::attempt::QuizResult;
use rubric_core::form::submission::{RaterInfo, Submission};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Shared by every request.
pub struct AppState {
    pub store: Store,
    pub faults: Faults,
    /// `None`: no `--tokens`, everyone may read and write (the demo, tests on loopback).
    pub tokens: Option<Tokens>,
    /// Listings streaming at once, each on its own connection and blocking thread; more wait.
    pub readers: Arc<Semaphore>,
    /// Set when shutdown starts: readiness then fails so a load balancer stops sending here.
    pub draining: AtomicBool,
}

/// The API routes; the server adds static files, CORS and the guards around them.
pub fn api(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/api/submissions",
            post(|s, k, h, b| receive(Collection::Submissions, s, k, h, b))
                .get(|s, h, q| listing::list(Collection::Submissions, s, h, q)),
        )
        .route(
            "/api/quiz-results",
            post(|s, k, h, b| receive(Collection::QuizResults, s, k, h, b))
                .get(|s, h, q| listing::list(Collection::QuizResults, s, h, q)),
        )
        .route(
            "/healthz",
            get(|| async { axum::Json(json!({"status": "ok"})) }),
        )
        .route("/readyz", get(ready))
        .with_state(state)
}

/// Readiness: 200 while the database answers and no shutdown has begun, else 503.
async fn ready(State(state): State<Arc<AppState>>) -> Response {
    if state.draining.load(Ordering::SeqCst) {
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "shutting down",
            "this receiver is finishing its requests and stopping".into(),
            None,
        );
    }
    let s = state.clone();
    match tokio::task::spawn_blocking(move || s.store.ping()).await {
        Ok(Ok(())) => axum::Json(json!({"status": "ready"})).into_response(),
        Ok(Err(e)) => storage_unavailable(e),
        Err(e) => problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready",
            e.to_string(),
            None,
        ),
    }
}

/// An RFC 9457 problem: `application/problem+json`, its `detail` shown to the reviewer as text.
pub fn problem(
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
pub fn storage_unavailable(e: impl std::fmt::Display) -> Response {
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage unavailable",
        e.to_string(),
        None,
    )
}

pub fn now_rfc3339() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    rubric_core::form::time::rfc3339(ms)
}

/// Who may do what, when `--tokens` is given: `Ok(None)` without tokens (everyone may), the
/// caller's identity when their token has one of `roles`, else 401 (no or unknown token: the
/// widget asks the host for credentials) or 403 (a token of another role).
pub fn authorize<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    roles: &[Role],
) -> Result<Option<&'a Identity>, Box<Response>> {
    let Some(tokens) = &state.tokens else {
        return Ok(None);
    };
    let Some(identity) = tokens.identify(headers) else {
        let mut resp = problem(
            StatusCode::UNAUTHORIZED,
            "credentials needed",
            "send Authorization: Bearer with a token of this receiver".into(),
            None,
        );
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"rubric-receiver\""),
        );
        return Err(Box::new(resp));
    };
    if !roles.contains(&identity.role) {
        return Err(Box::new(problem(
            StatusCode::FORBIDDEN,
            "not allowed",
            format!(
                "this token's role is {}; this needs {}",
                identity.role.name(),
                Role::needed(roles)
            ),
            None,
        )));
    }
    Ok(Some(identity))
}

/// `POST /api/submissions` and `/api/quiz-results`. Refused before anything is read: a caller
/// without a writer's token (401/403), a body not declared `application/json` (415: a
/// cross-site form or `text/plain` "simple request" cannot declare it without a CORS preflight,
/// which only `--cors-origin` origins pass), a request without `Idempotency-Key` (400).
async fn receive(
    c: Collection,
    State(state): State<Arc<AppState>>,
    kill: Option<Extension<KillSwitch>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // A judge sends submissions (a model's ratings), never quiz results.
    let writers: &[Role] = match c {
        Collection::Submissions => &[Role::Annotator, Role::Judge],
        Collection::QuizResults => &[Role::Annotator],
    };
    let identity = match authorize(&state, &headers, writers) {
        Ok(identity) => identity.cloned(),
        Err(resp) => return *resp,
    };
    if let Some(resp) = require_json_and_key(c, &headers) {
        return resp;
    }
    let fault = state.faults.next();
    let mut resp = handle(c, state, kill, identity, &headers, body, fault).await;
    if let Some(name) = fault.name() {
        let note = resp.extensions_mut().get_or_insert_default::<LogNote>();
        note.fault = Some(name);
    }
    resp
}

/// The request rules of every write that do not depend on its body.
fn require_json_and_key(c: Collection, headers: &HeaderMap) -> Option<Response> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if media_type.as_deref() != Some("application/json") {
        return Some(problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported media type",
            format!(
                "send the {} with Content-Type: application/json (got {})",
                c.noun(),
                media_type.map_or("none".into(), |m| format!("\"{m}\""))
            ),
            None,
        ));
    }
    if !headers.contains_key("idempotency-key") {
        return Some(problem(
            StatusCode::BAD_REQUEST,
            &format!("invalid {}", c.noun()),
            format!(
                "Idempotency-Key: the header is required, equal to the {}",
                c.id_field()
            ),
            Some(("path", Value::from("Idempotency-Key"))),
        ));
    }
    None
}

/// Why a body is not a document of its collection: the path of the first mismatch and the
/// problem's `detail` (which starts with that path). The receiver answers it with a 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub detail: String,
}

/// A body that passed [`validate`]: what is stored, and the submission's `rater` (who may send
/// one depends on the caller's token).
#[derive(Debug, Clone)]
pub struct Valid {
    pub doc: Doc,
    pub rater: Option<RaterInfo>,
}

/// The checks every write passes before it is stored, whoever sends it: the shape of the
/// collection's document type, the contract's major version, a non-empty id, and the id equal
/// to the `Idempotency-Key` (`key`). Also what the demo's seed passes before it is stored
/// ([`crate::demo_seed`]).
pub fn validate(c: Collection, value: &Value, key: Option<&str>) -> Result<Valid, Invalid> {
    let (version, valid) = decode(c, value)?;
    check(c, &valid.doc.id, &version, key)?;
    Ok(valid)
}

/// Reads a body as collection `c`'s document type: its contract version and what is stored,
/// or the path of the first mismatch.
fn decode(c: Collection, value: &Value) -> Result<(String, Valid), Invalid> {
    let bad = |e: serde_path_to_error::Error<serde_json::Error>| {
        let path = e.path().to_string();
        Invalid {
            detail: format!("{path}: {}", e.inner()),
            path,
        }
    };
    // Canonical JSON (keys sorted by serde_json's map), so a replay with the same content but
    // different key order or spacing is recognised as the same document.
    let body = value.to_string();
    match c {
        Collection::Submissions => serde_path_to_error::deserialize::<_, Submission>(value)
            .map(|s| {
                let doc = Doc {
                    id: s.submission_id,
                    body,
                    rubric_id: s.rubric.id,
                    rubric_version: s.rubric.version,
                    subject: s.task_id,
                    person: s.annotator,
                };
                let rater = s.rater;
                (s.schema_version, Valid { doc, rater })
            })
            .map_err(bad),
        Collection::QuizResults => serde_path_to_error::deserialize::<_, QuizResult>(value)
            .map(|r| {
                let doc = Doc {
                    id: r.result_id,
                    body,
                    rubric_id: r.quiz.rubric.id,
                    rubric_version: r.quiz.rubric.version,
                    subject: r.quiz.id,
                    person: r.trainee,
                };
                let rater = None;
                (r.schema_version, Valid { doc, rater })
            })
            .map_err(bad),
    }
}

async fn handle(
    c: Collection,
    state: Arc<AppState>,
    kill: Option<Extension<KillSwitch>>,
    identity: Option<Identity>,
    headers: &HeaderMap,
    body: Bytes,
    fault: Fault,
) -> Response {
    match fault {
        Fault::Hang => {
            // Logged now: this request never ends, so the request log would never see it.
            crate::log::hanging(c, headers);
            std::future::pending::<()>().await
        }
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
    let key = headers.get("idempotency-key").and_then(|k| k.to_str().ok());
    let Valid { doc, rater } = match validate(c, &value, key) {
        Ok(v) => v,
        Err(Invalid { path, detail }) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &format!("invalid {}", c.noun()),
                detail,
                Some(("path", Value::from(path))),
            )
        }
    };
    if let Some(identity) = &identity {
        if identity.person != doc.person {
            let field = c.filters()[3].0;
            return problem(
                StatusCode::FORBIDDEN,
                "not your work",
                format!(
                    "{field}: this token belongs to \"{}\"; it cannot send work of \"{}\"",
                    identity.person, doc.person
                ),
                Some(("path", Value::from(field))),
            );
        }
        if let Some(detail) = rater_refused(identity.role, rater.as_ref()) {
            return problem(
                StatusCode::FORBIDDEN,
                "rater not allowed",
                detail,
                Some(("path", Value::from("rater"))),
            );
        }
    }
    let id = doc.id.clone();
    let person = doc.person.clone();
    let s = state.clone();
    let result = tokio::task::spawn_blocking(move || s.store.insert(c, &doc, &now_rfc3339())).await;
    let result = match result {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return storage_unavailable(e),
        Err(e) => return storage_unavailable(e),
    };
    if fault == Fault::DropAfterStore {
        if let Some(Extension(k)) = kill {
            k.kill(); // the response is never written: the client sees the connection drop
        }
    }
    let mut resp = match result {
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
    };
    resp.extensions_mut().insert(LogNote {
        person: Some(person),
        fault: None,
    });
    resp
}

/// With `--tokens`, whether a submission's `rater` fits the token that sends it (CONTRACT.md:
/// a backend drops a `rater` it did not issue). An annotator's token sends a person's review
/// from the widget, which never writes one, so a `rater` there is refused: refused rather than
/// dropped, since the body is stored and deduplicated as sent, and a stored body that differs
/// from what was sent would turn the client's replay into a conflict. A judge's token sends
/// only a model's ratings, `rater.kind` `"model"`. `None` when it fits, else the `detail`.
pub fn rater_refused(role: Role, rater: Option<&RaterInfo>) -> Option<String> {
    match (role, rater) {
        (Role::Annotator, Some(_)) => Some(
            "rater: an annotator's token sends a person's review, which carries no rater; a \
             model judge's submissions (rater.kind \"model\") need a judge token"
                .into(),
        ),
        (Role::Judge, Some(r)) if r.kind == "model" => None,
        (Role::Judge, Some(r)) => Some(format!(
            "rater.kind: a judge token sends a model's ratings: \"model\", not \"{}\"",
            r.kind
        )),
        (Role::Judge, None) => Some(
            "rater: a judge token sends a model's ratings: the submission must carry \
             \"rater\": {\"kind\": \"model\", \"model\": …, \"prompt_version\": …}"
                .into(),
        ),
        _ => None,
    }
}

/// Rules beyond the shape: the contract version, a non-empty id, and the idempotency key.
fn check(c: Collection, id: &str, version: &str, key: Option<&str>) -> Result<(), Invalid> {
    let bad = |path: &str, detail: String| {
        Err(Invalid {
            path: path.into(),
            detail: format!("{path}: {detail}"),
        })
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
    if key != Some(id) {
        return bad(
            c.id_field(),
            "does not match the Idempotency-Key header".into(),
        );
    }
    Ok(())
}
