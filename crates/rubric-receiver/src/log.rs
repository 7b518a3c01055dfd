//! Structured request logs: one JSON object per line on standard output, one line per request
//! when its answer is ready (`ts`, `method`, `path`, `status`, `ms` until the answer's head,
//! which for a streamed listing is before its rows; and for writes the
//! idempotency `key`, the `person` the document names and any injected `fault`). A log
//! collector reads them as they are; the end-to-end tests read them to see what each POST
//! became (`tests/e2e/receiver.mjs`).

use crate::http::now_rfc3339;
use crate::store::Collection;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Value};
use std::time::Instant;

/// What a handler adds to its request's log line, carried in the response's extensions.
#[derive(Debug, Clone, Default)]
pub struct LogNote {
    /// The annotator or trainee the stored document names.
    pub person: Option<String>,
    /// The injected fault (`Fault::name`).
    pub fault: Option<&'static str>,
}

/// Writes one line, whole (stdout is locked for it, so lines of concurrent requests never
/// mix). A closed or full log pipe loses the line rather than the request.
pub fn emit(line: Value) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// The middleware that logs every request once its answer is ready.
pub async fn requests(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let key = idempotency_key(req.headers());
    let resp = next.run(req).await;
    let mut line = json!({
        "ts": now_rfc3339(),
        "method": method,
        "path": path,
        "status": resp.status().as_u16(),
        "ms": started.elapsed().as_millis() as u64,
    });
    if let Some(key) = key {
        line["key"] = key.into();
    }
    if let Some(note) = resp.extensions().get::<LogNote>() {
        if let Some(person) = &note.person {
            line["person"] = person.as_str().into();
        }
        if let Some(fault) = note.fault {
            line["fault"] = fault.into();
        }
    }
    emit(line);
    resp
}

/// The line of a request that will never be answered (the `hang` fault), written when it
/// starts to hang: its request-log line never comes.
pub fn hanging(c: Collection, headers: &HeaderMap) {
    let path = match c {
        Collection::Submissions => "/api/submissions",
        Collection::QuizResults => "/api/quiz-results",
    };
    let mut line = json!({
        "ts": now_rfc3339(), "method": "POST", "path": path, "status": null, "fault": "hang",
    });
    if let Some(key) = idempotency_key(headers) {
        line["key"] = key.into();
    }
    emit(line);
}

fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get("idempotency-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}
