//! The outbox: submissions waiting to reach the backend, as a pure state machine with time and
//! randomness passed in, so the browser driver only moves bytes and timers
//! (RELIABILITY.md: promises P2–P4, the delivery protocol and the status table).
//!
//! Life of an entry: `Queued` → (`begin`) `Sending` → (`settle`) `Delivered`, back to `Queued`
//! with a backoff, `Failed` (the server refused it for good; the answers stay retrievable) or
//! `NeedsAuth` (401/403: waits for fresh credentials). A reload turns `Sending` back into
//! `Queued` (`recover`): the request may or may not have been processed, so it is sent again
//! with the same id, and the server's deduplication makes that safe.

use crate::json::{self, Writer};

/// When to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The first retry waits up to this long.
    pub base_ms: u64,
    /// No wait is longer than this (Retry-After included).
    pub cap_ms: u64,
    /// A request without an answer after this long is abandoned and retried.
    pub timeout_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base_ms: 1_000,
            cap_ms: 60_000,
            timeout_ms: 15_000,
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with full jitter: a uniform wait in `[0, min(cap, base·2^attempt))`,
    /// `unit_random` in `[0, 1)` supplying the randomness; the server's `Retry-After` wins
    /// (capped). Full jitter spreads the retries of many clients after an outage.
    pub fn backoff_ms(&self, attempt: u32, unit_random: f64, retry_after_ms: Option<u64>) -> u64 {
        if let Some(after) = retry_after_ms {
            return after.min(self.cap_ms);
        }
        let ceiling = self
            .base_ms
            .saturating_mul(1u64 << attempt.min(32))
            .min(self.cap_ms);
        (ceiling as f64 * unit_random.clamp(0.0, 1.0)) as u64
    }
}

/// What one attempt produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered.
    Response {
        status: u16,
        /// From a `Retry-After` header, in milliseconds.
        retry_after_ms: Option<u64>,
        /// The server's message (problem details `detail`, or the body), shown as text.
        message: String,
    },
    /// No answer: refused connection, offline, timeout, a redirect refused. The request may
    /// have been processed, so it is retried with the same id.
    NoResponse { reason: String },
}

/// What an answer means for the entry (RELIABILITY.md, the status table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Delivered,
    Retry,
    /// Refused for good: the answers stay retrievable and the host is told.
    Final,
    /// 401/403: keep the entry and ask the host for credentials.
    Paused,
}

/// The class of an HTTP status.
pub fn classify(status: u16) -> Class {
    match status {
        200..=299 | 409 => Class::Delivered, // 409: the server already has this id
        408 | 425 | 429 | 500 | 502 | 503 | 504 => Class::Retry,
        401 | 403 => Class::Paused,
        _ => Class::Final,
    }
}

/// Where a submission is, as the reviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Saved on this device, waiting for its turn or its retry time.
    Queued,
    /// A request is in flight.
    Sending,
    /// The server has it.
    Delivered,
    /// The server refused it for good; `message` is its reason, shown as text.
    Failed { message: String },
    /// The server wants credentials the host has to supply.
    NeedsAuth,
}

/// One submission in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The submission id, also the `Idempotency-Key`.
    pub id: String,
    /// The submission JSON, sent as is on every attempt.
    pub body: String,
    pub status: Status,
    /// Attempts made so far.
    pub attempts: u32,
    /// Not before this time (ms since the epoch).
    pub next_at_ms: i64,
    /// The latest problem, for the reviewer ("no connection, retrying in 8 s").
    pub last_error: Option<String>,
}

/// Why an entry could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnqueueError {
    /// This id is already in the outbox: the same intent was submitted twice (P3).
    Duplicate,
}

/// The outbox of one device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    pub entries: Vec<Entry>,
}

impl Outbox {
    /// Adds a submission, due now. The caller persists the outbox before sending (P2).
    pub fn enqueue(&mut self, id: &str, body: &str, now_ms: i64) -> Result<(), EnqueueError> {
        if self.entries.iter().any(|e| e.id == id) {
            return Err(EnqueueError::Duplicate);
        }
        self.entries.push(Entry {
            id: id.to_string(),
            body: body.to_string(),
            status: Status::Queued,
            attempts: 0,
            next_at_ms: now_ms,
            last_error: None,
        });
        Ok(())
    }

    /// The entry to send now: the oldest queued one whose time has come, unless a request is
    /// already in flight (one at a time keeps order and load predictable).
    pub fn next_due(&self, now_ms: i64) -> Option<&Entry> {
        if self.entries.iter().any(|e| e.status == Status::Sending) {
            return None;
        }
        self.entries
            .iter()
            .find(|e| e.status == Status::Queued && e.next_at_ms <= now_ms)
    }

    /// How long until something is due, for the driver's timer; `None` when nothing waits.
    pub fn wait_ms(&self, now_ms: i64) -> Option<u64> {
        self.entries
            .iter()
            .filter(|e| e.status == Status::Queued)
            .map(|e| u64::try_from(e.next_at_ms - now_ms).unwrap_or(0))
            .min()
    }

    fn entry(&mut self, id: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.id == id)
    }

    /// A request for `id` is about to go out.
    pub fn begin(&mut self, id: &str) {
        if let Some(e) = self.entry(id).filter(|e| e.status == Status::Queued) {
            e.status = Status::Sending;
            e.attempts += 1;
        }
    }

    /// Applies what the attempt for `id` produced. An outcome for an entry that is not in
    /// flight (it was recovered after a reload) is ignored: its retry is already scheduled.
    pub fn settle(
        &mut self,
        id: &str,
        outcome: &Outcome,
        now_ms: i64,
        unit_random: f64,
        policy: &RetryPolicy,
    ) {
        let Some(e) = self.entry(id).filter(|e| e.status == Status::Sending) else {
            return;
        };
        let (class, retry_after, problem) = match outcome {
            Outcome::Response {
                status,
                retry_after_ms,
                message,
            } => {
                let problem = if message.is_empty() {
                    format!("HTTP {status}")
                } else {
                    format!("HTTP {status}: {message}")
                };
                (classify(*status), *retry_after_ms, problem)
            }
            Outcome::NoResponse { reason } => (Class::Retry, None, reason.clone()),
        };
        match class {
            Class::Delivered => {
                e.status = Status::Delivered;
                e.last_error = None;
            }
            Class::Retry => {
                let wait =
                    policy.backoff_ms(e.attempts.saturating_sub(1), unit_random, retry_after);
                e.status = Status::Queued;
                e.next_at_ms = now_ms.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX));
                e.last_error = Some(problem);
            }
            Class::Final => {
                let message = match outcome {
                    Outcome::Response { message, .. } if !message.is_empty() => message.clone(),
                    _ => problem.clone(),
                };
                e.status = Status::Failed { message };
                e.last_error = Some(problem);
            }
            Class::Paused => {
                e.status = Status::NeedsAuth;
                e.last_error = Some(problem);
            }
        }
    }

    /// After a reload, nothing is in flight any more: what was sending is queued again, due now.
    pub fn recover(&mut self, now_ms: i64) {
        for e in &mut self.entries {
            if e.status == Status::Sending {
                e.status = Status::Queued;
                e.next_at_ms = now_ms;
            }
        }
    }

    /// The browser is back online (or the page is shown again): retry waiting entries now.
    pub fn resume(&mut self, now_ms: i64) {
        for e in &mut self.entries {
            if e.status == Status::Queued {
                e.next_at_ms = e.next_at_ms.min(now_ms);
            }
        }
    }

    /// The host supplied fresh credentials: entries waiting for them are due now.
    pub fn credentials_updated(&mut self, now_ms: i64) {
        for e in &mut self.entries {
            if e.status == Status::NeedsAuth {
                e.status = Status::Queued;
                e.next_at_ms = now_ms;
            }
        }
    }

    /// Forgets delivered entries (after the reviewer has seen that they arrived).
    pub fn prune_delivered(&mut self) {
        self.entries.retain(|e| e.status != Status::Delivered);
    }

    /// The persisted form of the whole outbox (one document).
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.begin_object();
        w.field_int("v", 1);
        w.key("entries");
        w.begin_array();
        for e in &self.entries {
            e.write(&mut w);
        }
        w.end_array();
        w.end_object();
        w.finish()
    }

    /// Reads the persisted form; unreadable entries are skipped, never a panic.
    pub fn from_json(text: &str) -> Option<Outbox> {
        let root = json::parse(text).ok()?;
        if root.get("v")?.as_i64()? != 1 {
            return None;
        }
        let entries = root.get("entries")?.as_array()?;
        Some(Outbox {
            entries: entries.iter().filter_map(Entry::read).collect(),
        })
    }
}

impl Entry {
    /// The persisted form of one entry. The browser keeps each entry under its own storage key,
    /// so a tab that enqueues and the tab that sends never overwrite each other's entries.
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        self.write(&mut w);
        w.finish()
    }

    /// Reads one persisted entry; `None` for anything unreadable.
    pub fn from_json(text: &str) -> Option<Entry> {
        Entry::read(&json::parse(text).ok()?)
    }

    fn write(&self, w: &mut Writer) {
        w.begin_object();
        w.field_str("id", &self.id);
        w.field_str("body", &self.body);
        let (status, message) = match &self.status {
            Status::Queued => ("queued", None),
            Status::Sending => ("sending", None),
            Status::Delivered => ("delivered", None),
            Status::Failed { message } => ("failed", Some(message)),
            Status::NeedsAuth => ("needs_auth", None),
        };
        w.field_str("status", status);
        if let Some(m) = message {
            w.field_str("message", m);
        }
        w.field_int("attempts", i64::from(self.attempts));
        w.field_int("next_at_ms", self.next_at_ms);
        if let Some(err) = &self.last_error {
            w.field_str("last_error", err);
        }
        w.end_object();
    }

    fn read(n: &json::Node) -> Option<Entry> {
        let text = |k: &str| n.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let status = match n.get("status")?.as_str()? {
            "queued" => Status::Queued,
            "sending" => Status::Sending,
            "delivered" => Status::Delivered,
            "failed" => Status::Failed {
                message: text("message").unwrap_or_default(),
            },
            "needs_auth" => Status::NeedsAuth,
            _ => return None,
        };
        Some(Entry {
            id: text("id")?,
            body: text("body")?,
            status,
            attempts: n
                .get("attempts")
                .and_then(|v| v.as_i64())
                .and_then(|a| u32::try_from(a).ok())
                .unwrap_or(0),
            next_at_ms: n.get("next_at_ms").and_then(|v| v.as_i64()).unwrap_or(0),
            last_error: text("last_error"),
        })
    }
}

/// The wait a `Retry-After` header asks for, in milliseconds: delay-seconds, or an HTTP date
/// that the caller has already turned into `date_ms` (the browser parses dates; this crate has
/// no calendar). A date in the past means "now"; anything unreadable means no wish.
pub fn retry_after_ms(value: &str, now_ms: i64, date_ms: Option<i64>) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.parse::<u64>().unwrap_or(u64::MAX).saturating_mul(1000));
    }
    date_ms.map(|d| u64::try_from(d.saturating_sub(now_ms)).unwrap_or(0))
}

/// The longest server message shown to the reviewer.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// What the server said, as one line of text for the reviewer: the `detail` (or `title`) of a
/// problem document (RFC 9457), with its `path` when it names one; otherwise the body itself.
/// Shown as text, never as markup; cut to [`MAX_MESSAGE_CHARS`].
pub fn server_message(body: &str) -> String {
    let from_problem = json::parse(body).ok().and_then(|n| {
        let field = |k: &str| n.get(k).and_then(|v| v.as_str()).filter(|s| !s.is_empty());
        let detail = field("detail").or_else(|| field("title"))?;
        Some(match field("path") {
            Some(path) if !detail.contains(path) => format!("{detail} (at {path})"),
            _ => detail.to_string(),
        })
    });
    let text =
        from_problem.unwrap_or_else(|| body.split_whitespace().collect::<Vec<_>>().join(" "));
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table() {
        for s in [200, 201, 204, 409] {
            assert_eq!(classify(s), Class::Delivered, "{s}");
        }
        for s in [408, 425, 429, 500, 502, 503, 504] {
            assert_eq!(classify(s), Class::Retry, "{s}");
        }
        for s in [400, 404, 413, 422, 301, 501] {
            assert_eq!(classify(s), Class::Final, "{s}");
        }
        assert_eq!(classify(401), Class::Paused);
        assert_eq!(classify(403), Class::Paused);
    }

    #[test]
    fn backoff_is_full_jitter_capped_and_retry_after_wins() {
        let p = RetryPolicy {
            base_ms: 1000,
            cap_ms: 30_000,
            timeout_ms: 10_000,
        };
        assert_eq!(p.backoff_ms(0, 0.5, None), 500);
        assert_eq!(p.backoff_ms(3, 0.999_999, None), 7_999);
        assert_eq!(
            p.backoff_ms(40, 0.5, None),
            15_000,
            "capped at 30 s before jitter"
        );
        assert_eq!(p.backoff_ms(2, 0.0, None), 0);
        assert_eq!(p.backoff_ms(2, 0.3, Some(12_000)), 12_000);
        assert_eq!(p.backoff_ms(2, 0.3, Some(3_600_000)), 30_000);
    }

    #[test]
    fn one_request_in_flight_and_retries_wait_their_turn() {
        let p = RetryPolicy::default();
        let mut o = Outbox::default();
        o.enqueue("a", "{}", 0).unwrap();
        o.enqueue("b", "{}", 0).unwrap();
        assert_eq!(o.enqueue("a", "{}", 0), Err(EnqueueError::Duplicate));
        assert_eq!(o.next_due(0).unwrap().id, "a");
        o.begin("a");
        assert_eq!(o.next_due(0), None, "b waits while a is in flight");
        let busy = Outcome::Response {
            status: 503,
            retry_after_ms: Some(5_000),
            message: String::new(),
        };
        o.settle("a", &busy, 100, 0.5, &p);
        assert_eq!(o.entries[0].next_at_ms, 5_100);
        assert_eq!(o.entries[0].last_error.as_deref(), Some("HTTP 503"));
        assert_eq!(o.next_due(200).unwrap().id, "b");
        assert_eq!(o.wait_ms(200), Some(0));
        o.begin("b");
        o.settle(
            "b",
            &Outcome::Response {
                status: 422,
                retry_after_ms: None,
                message: "answers.q: unknown".into(),
            },
            300,
            0.5,
            &p,
        );
        assert_eq!(
            o.entries[1].status,
            Status::Failed {
                message: "answers.q: unknown".into()
            }
        );
        assert_eq!(o.wait_ms(300), Some(4_800));
        o.resume(400);
        assert_eq!(o.next_due(400).unwrap().id, "a", "online again: retry now");
    }

    #[test]
    fn persisted_form_round_trips() {
        let mut o = Outbox::default();
        o.enqueue("a", "{\"x\":\"é\\n\"}", 7).unwrap();
        o.enqueue("b", "{}", 8).unwrap();
        o.begin("a");
        o.entries[1].status = Status::Failed {
            message: "nope".into(),
        };
        o.entries[1].last_error = Some("HTTP 400: nope".into());
        assert_eq!(Outbox::from_json(&o.to_json()), Some(o.clone()));
        assert_eq!(Outbox::from_json("{not json"), None);
        for e in &o.entries {
            assert_eq!(Entry::from_json(&e.to_json()).as_ref(), Some(e));
        }
        assert_eq!(Entry::from_json("{\"id\":\"a\"}"), None);
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after_ms("2", 0, None), Some(2_000));
        assert_eq!(retry_after_ms(" 0 ", 0, None), Some(0));
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_000, Some(4_000)),
            Some(3_000)
        );
        assert_eq!(retry_after_ms("yesterday", 5_000, Some(1_000)), Some(0));
        assert_eq!(retry_after_ms("soon", 0, None), None);
        assert_eq!(retry_after_ms("-5", 0, None), None);
    }

    #[test]
    fn server_messages_are_one_short_line_of_text() {
        let problem = r#"{"type":"about:blank","title":"Invalid submission","detail":"unknown criterion","path":"answers.q"}"#;
        assert_eq!(server_message(problem), "unknown criterion (at answers.q)");
        assert_eq!(server_message(r#"{"title":"Gone"}"#), "Gone");
        assert_eq!(
            server_message("<h1>Bad\n  gateway</h1>"),
            "<h1>Bad gateway</h1>"
        );
        let long = "x".repeat(1000);
        assert_eq!(server_message(&long).chars().count(), MAX_MESSAGE_CHARS + 1);
        assert_eq!(server_message(""), "");
    }
}
