//! `GET /api/submissions` and `/api/quiz-results`: one page at a time, streamed.
//!
//! A page is at most [`MAX_LIMIT`] rows ([`DEFAULT_LIMIT`] unless `limit` says otherwise); when
//! more match, the answer carries `Link: <…&cursor=N>; rel="next"` (RFC 8288) and the caller
//! follows it. Rows go from SQLite to the socket in chunks through a small channel on a blocking
//! thread, so the receiver's memory is the same for a page of ten rows or ten thousand, and a
//! client that stops reading stops the read.

use crate::auth::Role;
use crate::http::{authorize, problem, storage_unavailable, AppState};
use crate::store::{Collection, PageQuery};
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::{mpsc, oneshot};

/// Rows in a page when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 100;
/// The largest `limit`: bounds how long one request holds a read snapshot and a blocking thread.
pub const MAX_LIMIT: u32 = 10_000;
/// Bytes gathered before a chunk is handed to the socket.
const CHUNK: usize = 32 * 1024;
/// Chunks waiting for a slow client before the reader waits too.
const CHUNKS_IN_FLIGHT: usize = 4;

/// How the rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// A JSON array of `{"<id field>", "received_at", "<noun>"}` objects.
    Json,
    /// JSON Lines: each stored document as it is, one per line.
    Jsonl,
}

/// A listing request, read from its query string.
#[derive(Debug)]
struct Request {
    format: Format,
    page: PageQuery,
    /// The query's own pairs except `cursor`, kept for the next link.
    kept: Vec<(String, String)>,
}

/// Reads the query; an unknown or repeated parameter is a 400, so a misspelt filter never
/// silently lists everything.
fn parse(c: Collection, pairs: Vec<(String, String)>) -> Result<Request, String> {
    let mut r = Request {
        format: Format::Json,
        page: PageQuery {
            limit: DEFAULT_LIMIT,
            ..PageQuery::default()
        },
        kept: Vec::new(),
    };
    let filters = c.filters();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if pairs[..i].iter().any(|(n, _)| n == name) {
            return Err(format!("{name}: given more than once"));
        }
        match name.as_str() {
            "format" => {
                r.format = match value.as_str() {
                    "json" => Format::Json,
                    "jsonl" => Format::Jsonl,
                    _ => return Err(format!("format: \"{value}\" is not json or jsonl")),
                }
            }
            "limit" => {
                r.page.limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| format!("limit: \"{value}\" is not from 1 to {MAX_LIMIT}"))?;
            }
            "cursor" => {
                r.page.cursor = value.parse().ok().filter(|n| *n >= 0).ok_or_else(|| {
                    format!("cursor: \"{value}\" is not a cursor from a next link")
                })?;
                continue;
            }
            "since" => {
                r.page.since = Some(utc_millis(value).ok_or_else(|| {
                    format!(
                        "since: \"{value}\" is not an RFC 3339 UTC time like 2026-11-25T14:00:00Z"
                    )
                })?)
            }
            _ => match filters.iter().find(|(f, _)| f == name) {
                Some((_, column)) => r.page.filters.push((*column, value.clone())),
                None => {
                    let known: Vec<&str> = filters.iter().map(|(f, _)| *f).collect();
                    return Err(format!(
                        "{name}: unknown parameter; known: format, limit, cursor, since, {}",
                        known.join(", ")
                    ));
                }
            },
        }
        r.kept.push((name.clone(), value.clone()));
    }
    Ok(r)
}

/// An RFC 3339 UTC time (`Z`, optional fraction) in the stored form, with milliseconds, so it
/// compares with `received_at` as text.
fn utc_millis(v: &str) -> Option<String> {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let shape = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && matches!(b[b.len() - 1], b'Z' | b'z');
    if !shape {
        return None;
    }
    let fraction = &v[19..v.len() - 1];
    let ms = match fraction.strip_prefix('.') {
        None if fraction.is_empty() => "000".to_string(),
        Some(f) if !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()) => {
            format!("{f:0<3}")[..3].to_string()
        }
        _ => return None,
    };
    Some(format!("{}T{}.{ms}Z", &v[..10], &v[11..19]))
}

/// The next page's link: the same query, from `cursor`.
fn next_link(c: Collection, kept: &[(String, String)], cursor: i64) -> String {
    let path = match c {
        Collection::Submissions => "/api/submissions",
        Collection::QuizResults => "/api/quiz-results",
    };
    let mut query: Vec<String> = kept
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    query.push(format!("cursor={cursor}"));
    format!("<{path}?{}>; rel=\"next\"", query.join("&"))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A response body fed by the reading thread. An `Err` ends it without the final chunk, so the
/// client sees a broken transfer, never a listing that looks complete but is not.
struct ChannelBody(mpsc::Receiver<std::io::Result<Bytes>>);

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|r| r.map(http_body::Frame::data)))
    }
}

/// Gathers rows into chunks and hands them to the body; `false` once the client is gone.
struct Writer {
    tx: mpsc::Sender<std::io::Result<Bytes>>,
    buf: Vec<u8>,
}

impl Writer {
    fn write(&mut self, bytes: &[u8]) -> bool {
        self.buf.extend_from_slice(bytes);
        self.buf.len() < CHUNK || self.flush()
    }

    fn flush(&mut self) -> bool {
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        chunk.is_empty() || self.tx.blocking_send(Ok(chunk)).is_ok()
    }
}

/// `GET` of a collection: a page, as JSON or JSON Lines, streamed.
pub async fn list(
    c: Collection,
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(resp) = authorize(&state, &headers, &[Role::Reader]) {
        return *resp;
    }
    let request = match parse(c, pairs) {
        Ok(r) => r,
        Err(detail) => {
            let path = detail.split(':').next().unwrap_or_default().to_string();
            return problem(
                StatusCode::BAD_REQUEST,
                "invalid listing query",
                detail,
                Some(("path", Value::from(path))),
            );
        }
    };
    let Ok(permit) = state.readers.clone().acquire_owned().await else {
        return storage_unavailable("the receiver is shutting down");
    };
    let (head_tx, head_rx) = oneshot::channel::<Result<Option<i64>, String>>();
    let (tx, rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let format = request.format;
    let page = request.page;
    let s = state.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut head_tx = Some(head_tx);
        let mut out = Writer {
            tx,
            buf: Vec::with_capacity(CHUNK),
        };
        let mut first = true;
        let result = s.store.read_page(
            c,
            &page,
            |next| head_tx.take().is_some_and(|h| h.send(Ok(next)).is_ok()),
            |id, received_at, body| {
                let item = match format {
                    Format::Jsonl => format!("{body}\n"),
                    Format::Json => format!(
                        "{}{{\"{}\":{},\"received_at\":{},\"{}\":{body}}}",
                        if first { "[" } else { "," },
                        c.id_field(),
                        Value::from(id),
                        Value::from(received_at),
                        c.noun()
                    ),
                };
                first = false;
                out.write(item.as_bytes())
            },
        );
        match (result, head_tx.take()) {
            (Err(e), Some(head)) => {
                let _ = head.send(Err(e.to_string()));
            }
            (Err(e), None) => {
                let _ = out
                    .tx
                    .blocking_send(Err(std::io::Error::other(e.to_string())));
            }
            (Ok(()), _) => {
                if format == Format::Json {
                    out.write(if first { &b"[]\n"[..] } else { &b"]\n"[..] });
                }
                out.flush();
            }
        }
    });
    let next = match head_rx.await {
        Ok(Ok(next)) => next,
        Ok(Err(e)) => return storage_unavailable(e),
        Err(_) => return storage_unavailable("the listing stopped before it began"),
    };
    let content_type = match format {
        Format::Json => "application/json",
        Format::Jsonl => "application/x-ndjson",
    };
    let mut resp = Body::new(ChannelBody(rx)).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(cursor) = next {
        if let Ok(link) = HeaderValue::from_str(&next_link(c, &request.kept, cursor)) {
            resp.headers_mut().insert(header::LINK, link);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_rfc3339_utc_in_the_stored_form() {
        assert_eq!(
            utc_millis("2026-11-25T14:00:00Z").as_deref(),
            Some("2026-11-25T14:00:00.000Z")
        );
        assert_eq!(
            utc_millis("2026-11-25T14:00:00.5Z").as_deref(),
            Some("2026-11-25T14:00:00.500Z")
        );
        assert_eq!(
            utc_millis("2026-11-25T14:00:00.123456Z").as_deref(),
            Some("2026-11-25T14:00:00.123Z")
        );
        for bad in [
            "2026-11-25",
            "2026-11-25T14:00:00+01:00",
            "2026-11-25T14:00:00.Z",
            "yesterday",
            "",
        ] {
            assert_eq!(utc_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_next_link_keeps_the_query_and_encodes_it() {
        let kept = vec![
            ("annotator".to_string(), "ann 7&x".to_string()),
            ("limit".to_string(), "2".to_string()),
        ];
        assert_eq!(
            next_link(Collection::Submissions, &kept, 42),
            "</api/submissions?annotator=ann%207%26x&limit=2&cursor=42>; rel=\"next\""
        );
    }

    #[test]
    fn unknown_and_repeated_parameters_are_refused() {
        let q = |pairs: &[(&str, &str)]| {
            parse(
                Collection::QuizResults,
                pairs
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect(),
            )
        };
        assert_eq!(
            q(&[("anotator", "x")]).unwrap_err(),
            "anotator: unknown parameter; known: format, limit, cursor, since, rubric_id, \
             rubric_version, quiz_id, trainee"
        );
        assert_eq!(
            q(&[("limit", "1"), ("limit", "2")]).unwrap_err(),
            "limit: given more than once"
        );
        assert_eq!(
            q(&[("limit", "10001")]).unwrap_err(),
            "limit: \"10001\" is not from 1 to 10000"
        );
        assert!(q(&[("trainee", "t"), ("cursor", "5")]).is_ok());
    }
}
