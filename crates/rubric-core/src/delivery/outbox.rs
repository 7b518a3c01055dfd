//! The outbox: submissions waiting to reach the backend, as pure state machines with time,
//! randomness and storage passed in, so the browser driver only moves bytes and timers
//! (docs/promises.md: P2–P4, the delivery protocol and the status table).
//!
//! Life of an entry: `Queued` → (`begin`) `Sending` → (`settle`) `Delivered`, back to `Queued`
//! with a backoff, `Failed` (the server refused it for good; the answers stay retrievable) or
//! `NeedsAuth` (401/403, or a redirect to a login page: waits for fresh credentials). A reload
//! or a new sender turns `Sending` back into `Queued` (`recover`): the request may or may not
//! have been processed, so it is sent again with the same id, and the server's deduplication
//! makes that safe.
//!
//! [`Outbox`] is the list and its transitions; [`Tab`] is how one browser tab keeps the outbox
//! of one person: each entry in storage under its own key, written by the tab that sends, the
//! merge rules for what other tabs write, and the draft that may go only once its submission
//! is safely stored. Both are what ships: the driver calls them, and the model test
//! (`tests/outbox_model.rs`) drives them over a simulated storage shared by several tabs.

use crate::document::json::{self, Writer};
use crate::text::i18n::Translate;
use crate::text::messages as msg;
use crate::text::url_policy::origin_of;

/// Browsers fire a timer at once when its delay does not fit in a signed 32-bit integer, so
/// no wait or timeout is ever longer than this (about 24.8 days).
pub const MAX_TIMER_MS: u64 = i32::MAX as u64;

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
    /// The default policy with the host's `timeoutMs`, clamped to what a browser timer can
    /// wait ([`MAX_TIMER_MS`]); anything under 1 ms (or not a number) keeps the default.
    pub fn with_timeout(timeout_ms: Option<f64>) -> RetryPolicy {
        let mut p = RetryPolicy::default();
        if let Some(ms) = timeout_ms.filter(|ms| *ms >= 1.0) {
            p.timeout_ms = (ms.min(MAX_TIMER_MS as f64)) as u64;
        }
        p
    }

    /// Exponential backoff with full jitter: a uniform wait in `[0, min(cap, base·2^attempt))`,
    /// `unit_random` in `[0, 1)` supplying the randomness; the server's `Retry-After` wins
    /// (capped). Full jitter spreads the retries of many clients after an outage.
    pub fn backoff_ms(&self, attempt: u32, unit_random: f64, retry_after_ms: Option<u64>) -> u64 {
        let cap = self.cap_ms.min(MAX_TIMER_MS);
        if let Some(after) = retry_after_ms {
            return after.min(cap);
        }
        let ceiling = self
            .base_ms
            .saturating_mul(1u64 << attempt.min(32))
            .min(cap);
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
    /// The server answered with a redirect, which is never followed with the payload: behind
    /// a portal that is nearly always an expired session sent to a login page.
    Redirected,
    /// No answer: refused connection or offline. The request may have been processed, so it
    /// is retried with the same id.
    Offline,
    /// No answer within the time limit; retried like [`Outcome::Offline`].
    TimedOut,
}

/// What went wrong on an entry's latest attempt, kept to tell the reviewer (in their language)
/// why it is still waiting, and stored with the entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Offline,
    TimedOut,
    /// The server redirected (to a sign-in page, usually).
    Redirected,
    /// An answer that was not 2xx, with the server's own words (possibly none).
    Http {
        status: u16,
        message: String,
    },
}

impl Problem {
    /// The stored form: `offline`, `timeout`, `redirect`, `HTTP 503` or `HTTP 400: message`,
    /// the text entries carried before this type existed, so entries stored then read back.
    pub fn stored(&self) -> String {
        match self {
            Problem::Offline => "offline".into(),
            Problem::TimedOut => "timeout".into(),
            Problem::Redirected => "redirect".into(),
            Problem::Http { status, message } if message.is_empty() => format!("HTTP {status}"),
            Problem::Http { status, message } => format!("HTTP {status}: {message}"),
        }
    }

    /// Reads [`Problem::stored`]'s form; anything else (hand-edited storage) reads as offline,
    /// which only changes the words shown while the entry waits.
    pub fn from_stored(text: &str) -> Problem {
        match text {
            "timeout" => Problem::TimedOut,
            "redirect" => Problem::Redirected,
            _ => text
                .strip_prefix("HTTP ")
                .and_then(|rest| {
                    let (code, message) = rest.split_once(": ").unwrap_or((rest, ""));
                    // Read as a u32 (a parser the crate already has), then narrowed:
                    // the same codes pass as with a u16 parser.
                    Some(Problem::Http {
                        status: code.parse::<u32>().ok()?.try_into().ok()?,
                        message: message.to_string(),
                    })
                })
                .unwrap_or(Problem::Offline),
        }
    }

    /// The problem for the reviewer, in their language. A server's own words are shown as
    /// they came (they are the server's, in the server's language).
    pub fn describe(&self, tr: &dyn Translate) -> String {
        match self {
            Problem::Offline => tr.t(msg::net_offline),
            Problem::TimedOut => tr.t(msg::net_timeout),
            other => other.stored(),
        }
    }
}

/// What an answer means for the entry (docs/promises.md, the status table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Delivered,
    Retry,
    /// Refused for good: the answers stay retrievable and the host is told.
    Final,
    /// 401/403 or a redirect: keep the entry and ask the host for credentials.
    Paused,
}

/// The class of an HTTP status. Only 2xx is delivered: under the IETF Idempotency-Key draft a
/// 409 means "a request with this key is still being processed", so it is tried again (after
/// its `Retry-After`); a backend that already stored the id answers 2xx with what it stored.
pub fn classify(status: u16) -> Class {
    match status {
        200..=299 => Class::Delivered,
        408 | 409 | 425 | 429 | 500 | 502 | 503 | 504 => Class::Retry,
        401 | 403 => Class::Paused,
        300..=399 => Class::Paused,
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

/// The one word for each status, in the order [`Status::name`] and [`Entry::read`] number them.
const STATUS_NAMES: [&str; 5] = ["queued", "sending", "delivered", "failed", "needs_auth"];

impl Status {
    /// The one word for this status: stored with the entry, and the widget's `data-state`.
    pub fn name(&self) -> &'static str {
        STATUS_NAMES[match self {
            Status::Queued => 0,
            Status::Sending => 1,
            Status::Delivered => 2,
            Status::Failed { .. } => 3,
            Status::NeedsAuth => 4,
        }]
    }
}

/// Whose submissions these are: the reviewer or trainee the host named, within the host's
/// outbox namespace (for portals where one id, e.g. "anonymous", stands for many people).
/// Entries are shown, sent and authorized only for the owner they belong to, so the next
/// person on a shared device never sends, sees or downloads the previous one's reviews.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owner {
    pub namespace: String,
    pub person: String,
}

impl Owner {
    /// The name of the Web Lock that makes one tab this owner's sender.
    pub fn lock_name(&self) -> String {
        format!(
            "rubric-outbox {} {}",
            key_part(&self.namespace),
            key_part(&self.person)
        )
    }

    /// The storage key other tabs write to ask this owner's sender to try again now.
    pub fn signal_key(&self) -> String {
        format!(
            "{SIGNAL_PREFIX}{}:{}",
            key_part(&self.namespace),
            key_part(&self.person)
        )
    }
}

/// One submission in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The submission id, also the `Idempotency-Key`.
    pub id: String,
    /// Where it goes: the endpoint configured when it was submitted, whatever the endpoint of
    /// the widget that sends it later.
    pub endpoint: String,
    pub owner: Owner,
    /// The submission JSON, sent as is on every attempt.
    pub body: String,
    /// What the reviewer knows it by (the start of the task's prompt; empty: none given). Kept
    /// beside the body, so a delivered entry (whose body is dropped) is still named.
    pub label: String,
    /// When it was submitted (ms since the epoch; 0 when not known: stored by an older version).
    pub at_ms: i64,
    pub status: Status,
    /// Attempts made so far.
    pub attempts: u32,
    /// Not before this time (ms since the epoch).
    pub next_at_ms: i64,
    /// The latest problem, for the reviewer ("no connection, retrying in 8 s").
    pub last_error: Option<Problem>,
    /// 409 answers in a row: a backend that means "already stored" by it (against the
    /// contract) would otherwise be asked forever.
    pub conflicts: u32,
}

/// After this many 409 answers in a row an entry is given up as refused, its answers kept
/// for download: "still in progress" that lasts this long is not progress.
pub const MAX_CONFLICTS: u32 = 8;

/// Why an entry could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnqueueError {
    /// This id is already in the outbox: the same intent was submitted twice (P3).
    Duplicate,
}

/// The entries of one owner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    pub entries: Vec<Entry>,
}

impl Outbox {
    /// Adds a submission, due now. The caller persists the entry before sending (P2).
    pub fn enqueue(
        &mut self,
        id: &str,
        endpoint: &str,
        owner: &Owner,
        body: &str,
        now_ms: i64,
    ) -> Result<(), EnqueueError> {
        if self.entries.iter().any(|e| e.id == id) {
            return Err(EnqueueError::Duplicate);
        }
        self.entries.push(Entry {
            id: id.to_string(),
            endpoint: endpoint.to_string(),
            owner: owner.clone(),
            body: body.to_string(),
            label: String::new(),
            at_ms: now_ms,
            status: Status::Queued,
            attempts: 0,
            next_at_ms: now_ms,
            last_error: None,
            conflicts: 0,
        });
        Ok(())
    }

    /// The entry to send now: the oldest queued one whose time has come, unless a request is
    /// already in flight (one at a time keeps order and load predictable).
    pub fn next_due(&self, now_ms: i64) -> Option<&Entry> {
        self.next_due_of(now_ms, |_| true)
    }

    /// [`Outbox::next_due`] among the entries `mine` accepts.
    fn next_due_of(&self, now_ms: i64, mine: impl Fn(&Entry) -> bool) -> Option<&Entry> {
        let mut mine_too = self.entries.iter().filter(|e| mine(e));
        if mine_too.clone().any(|e| e.status == Status::Sending) {
            return None;
        }
        mine_too.find(|e| e.status == Status::Queued && e.next_at_ms <= now_ms)
    }

    /// How long until something is due, for the driver's timer; `None` when nothing waits.
    pub fn wait_ms(&self, now_ms: i64) -> Option<u64> {
        self.wait_ms_of(now_ms, |_| true)
    }

    /// [`Outbox::wait_ms`] among the entries `mine` accepts.
    fn wait_ms_of(&self, now_ms: i64, mine: impl Fn(&Entry) -> bool) -> Option<u64> {
        self.entries
            .iter()
            .filter(|e| e.status == Status::Queued && mine(e))
            .map(|e| u64::try_from(e.next_at_ms - now_ms).unwrap_or(0))
            .min()
            .map(|ms| ms.min(MAX_TIMER_MS))
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
        let conflict = matches!(outcome, Outcome::Response { status: 409, .. });
        e.conflicts = if conflict { e.conflicts + 1 } else { 0 };
        let (class, retry_after, problem) = match outcome {
            Outcome::Response {
                status,
                retry_after_ms,
                message,
            } => {
                let class = match classify(*status) {
                    Class::Retry if e.conflicts >= MAX_CONFLICTS => Class::Final,
                    class => class,
                };
                let problem = Problem::Http {
                    status: *status,
                    message: message.clone(),
                };
                (class, *retry_after_ms, problem)
            }
            Outcome::Redirected => (Class::Paused, None, Problem::Redirected),
            Outcome::Offline => (Class::Retry, None, Problem::Offline),
            Outcome::TimedOut => (Class::Retry, None, Problem::TimedOut),
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
                let message = match &problem {
                    Problem::Http { message, .. } if !message.is_empty() => message.clone(),
                    other => other.stored(),
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

    /// Nothing `in_flight` says is still on its way: what was sending is queued again, due
    /// now (after a reload or a change of sender, that request's fate is unknown).
    pub fn recover(&mut self, now_ms: i64, in_flight: impl Fn(&Entry) -> bool) {
        for e in &mut self.entries {
            if e.status == Status::Sending && !in_flight(e) {
                e.status = Status::Queued;
                e.next_at_ms = now_ms;
            }
        }
    }

    /// The entries `mine` accepts that wait are due now (back online, page shown again, "Try
    /// again now"); with fresh `credentials`, those that waited for them too.
    pub fn resume(&mut self, now_ms: i64, credentials: bool, mine: impl Fn(&Entry) -> bool) {
        for e in self.entries.iter_mut().filter(|e| mine(e)) {
            match e.status {
                Status::Queued => e.next_at_ms = e.next_at_ms.min(now_ms),
                Status::NeedsAuth if credentials => {
                    e.status = Status::Queued;
                    e.next_at_ms = now_ms;
                }
                _ => {}
            }
        }
    }
}

/// Every outbox key starts with this; an entry's key is the prefix, `v2:` and its id.
pub const KEY_PREFIX: &str = "rubric-outbox:";
const KEY_V2: &str = "rubric-outbox:v2:";
/// Keys other tabs write to wake an owner's sender; outside [`KEY_PREFIX`] on purpose.
const SIGNAL_PREFIX: &str = "rubric-outbox-signal:";

/// The storage key of entry `id`. Ids are unique (UUIDs), so one key per entry needs nothing
/// else; the endpoint and the owner are inside the entry.
pub fn entry_key(id: &str) -> String {
    format!("{KEY_V2}{id}")
}

/// `part` made safe to join with `:` and spaces in a storage key or lock name: `%`, `:`, `@`
/// and whitespace are percent-encoded, so two different tuples of ids never give one key.
/// Ids without those characters stay as they are, which keeps keys readable.
pub fn key_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        match c {
            '%' | ':' | '@' | ' ' | '\t' | '\n' | '\r' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push('%');
                    out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
                    out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The device's key-value storage as the outbox needs it (`localStorage` in the browser, a map
/// in tests). Writes can fail: storage full, or disabled.
pub trait Storage {
    fn get(&self, key: &str) -> Option<String>;
    /// Whether the value was written.
    fn set(&mut self, key: &str, value: &str) -> bool;
    fn remove(&mut self, key: &str);
    /// Every key starting with `prefix`.
    fn keys(&self, prefix: &str) -> Vec<String>;
}

/// The outbox of one owner as one tab keeps it.
///
/// Storage rules: an entry is written under [`entry_key`] when it is submitted (by whichever
/// tab the reviewer used) and from then on only by the owner's sending tab; other tabs take the
/// sender's word, and ask it to try again through [`Owner::signal_key`] rather than writing a
/// copy that may be stale. A delivered entry is written as a tombstone without its body, so a
/// long session does not fill the quota, and tombstones are cleared by the next page load.
#[derive(Debug, Clone, Default)]
pub struct Tab {
    pub owner: Owner,
    pub outbox: Outbox,
    /// Whether this tab holds the owner's sender lock; only the sender sends and writes.
    pub sender: bool,
    /// Ids whose latest state could not be written to storage: they live only in this page.
    pub unsaved: Vec<String>,
    /// Drafts to remove once their submission is stored or delivered: (id, draft key).
    drafts: Vec<(String, String)>,
    /// Signals sent so far, to make each one differ.
    signals: u32,
}

/// `owner`'s entries in storage, leaving everyone else's alone. Tombstones of deliveries seen
/// by earlier page loads are cleared; entries stored by the first version
/// (`rubric-outbox:{endpoint} {id}`, without owner) are read, given the owner their body names
/// (with no namespace), and moved to the current key: when that key already exists it wins
/// and the old one is dropped.
fn stored_entries(owner: &Owner, store: &mut dyn Storage) -> Vec<Entry> {
    let mut entries = Vec::new();
    let old_keys = store.keys(KEY_PREFIX).into_iter();
    for key in old_keys.filter(|k| !k.starts_with(KEY_V2)) {
        let Some(entry) = store.get(&key).and_then(|t| Entry::from_legacy(&key, &t)) else {
            continue;
        };
        if entry.owner != *owner {
            continue;
        }
        let current = entry_key(&entry.id);
        if store.get(&current).is_some() || store.set(&current, &entry.to_json()) {
            store.remove(&key);
        } else if entry.status != Status::Delivered {
            entries.push(entry); // no room to move it: read from where it is
        }
    }
    for key in store.keys(KEY_V2) {
        let Some(entry) = store.get(&key).and_then(|t| Entry::from_json(&t)) else {
            continue;
        };
        if entry.owner != *owner || entries.iter().any(|e| e.id == entry.id) {
            continue;
        }
        if entry.status == Status::Delivered {
            store.remove(&key);
        } else {
            entries.push(entry);
        }
    }
    entries
}

/// What the driver should send now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Send {
    pub id: String,
    pub endpoint: String,
    pub body: String,
}

impl Tab {
    /// Loads `owner`'s entries from storage (see [`stored_entries`]).
    pub fn open(owner: Owner, store: &mut dyn Storage) -> Tab {
        let mut tab = Tab {
            owner,
            ..Tab::default()
        };
        tab.outbox.entries = stored_entries(&tab.owner, store);
        tab
    }

    /// This tab now holds the sender lock. Storage is the truth at a handover (this tab may
    /// not have heard the previous sender's last writes yet), so the entries are read again,
    /// keeping only what storage cannot know: this tab's unsaved entries and the deliveries it
    /// shows. Whatever the previous sender had in flight is unknown, so it is sent again with
    /// the same id, and a new page load may carry new credentials (a refreshed session cookie).
    pub fn become_sender(&mut self, store: &mut dyn Storage, now_ms: i64) {
        self.sender = true;
        let mut entries = stored_entries(&self.owner, store);
        for e in &self.outbox.entries {
            let keep = e.status == Status::Delivered || self.unsaved.contains(&e.id);
            if keep && entries.iter().all(|x| x.id != e.id) {
                entries.push(e.clone());
            }
        }
        self.outbox.entries = entries;
        // What this tab itself has in flight (its own unsaved entries) stays in flight.
        let unsaved = self.unsaved.clone();
        self.change(store, |o| {
            o.recover(now_ms, |e| unsaved.contains(&e.id));
            o.resume(now_ms, true, |_| true);
        });
    }

    /// Puts a submission in the outbox and writes it to storage before anything is sent (P2).
    /// `draft` (its storage key) is removed once the entry is stored, not before: when the
    /// write fails (storage full) the answers stay in the draft too. Returns whether the entry
    /// is stored; a second submit of the same id changes nothing (P3). `label` names it for
    /// the reviewer (see [`Entry::label`]).
    #[allow(clippy::too_many_arguments)]
    pub fn submit(
        &mut self,
        store: &mut dyn Storage,
        id: &str,
        endpoint: &str,
        body: &str,
        label: &str,
        draft: Option<&str>,
        now_ms: i64,
    ) -> bool {
        let owner = self.owner.clone();
        if self
            .outbox
            .enqueue(id, endpoint, &owner, body, now_ms)
            .is_err()
        {
            return !self.unsaved.iter().any(|u| u == id);
        }
        if let Some(e) = self.outbox.entries.last_mut() {
            e.label = label.to_string();
        }
        if let Some(d) = draft {
            self.drafts.push((id.to_string(), d.to_string()));
        }
        self.persist(store, id)
    }

    /// The entry to send now, marked in flight and written. Entries storage would not take
    /// are first written again (storage may have room now). A tab that does not send sends
    /// only its own entries that storage still would not take: no other tab knows them.
    pub fn take_due(&mut self, store: &mut dyn Storage, now_ms: i64) -> Option<Send> {
        for id in self.unsaved.clone() {
            let idle =
                (self.outbox.entries.iter()).any(|e| e.id == id && e.status != Status::Sending);
            if idle {
                self.persist(store, &id);
            }
        }
        let (sender, unsaved) = (self.sender, &self.unsaved);
        let e = self
            .outbox
            .next_due_of(now_ms, |e| sender || unsaved.contains(&e.id))?;
        let send = Send {
            id: e.id.clone(),
            endpoint: e.endpoint.clone(),
            body: e.body.clone(),
        };
        self.outbox.begin(&send.id);
        self.persist(store, &send.id);
        Some(send)
    }

    /// Applies an attempt's outcome, writes the entry (a tombstone once delivered) and returns
    /// it, for the host's events.
    pub fn settle(
        &mut self,
        store: &mut dyn Storage,
        id: &str,
        outcome: &Outcome,
        now_ms: i64,
        unit_random: f64,
        policy: &RetryPolicy,
    ) -> Option<Entry> {
        self.outbox.settle(id, outcome, now_ms, unit_random, policy);
        self.persist(store, id);
        self.outbox.entries.iter().find(|e| e.id == id).cloned()
    }

    /// Waiting entries are due now (back online, page shown again, or "Try again now"); in a
    /// tab that does not send, the sender is asked to do it.
    pub fn resume(&mut self, store: &mut dyn Storage, now_ms: i64, credentials: bool) {
        self.resume_here(store, now_ms, credentials);
        if !self.sender {
            // A value that differs every time, so the sender's `storage` event always fires;
            // its last letter says whether new credentials came with it.
            self.signals += 1;
            let kind = if credentials { 'c' } else { 'r' };
            store.set(
                &self.owner.signal_key(),
                &format!("{now_ms}.{}{kind}", self.signals),
            );
        }
    }

    /// [`Tab::resume`] without asking the sender: for when it is told another way (the
    /// credentials a host gives reach the sending tab in memory).
    pub fn resume_here(&mut self, store: &mut dyn Storage, now_ms: i64, credentials: bool) {
        let sender = self.sender;
        let unsaved = self.unsaved.clone();
        // Other entries are the sender's to change.
        self.change(store, |o| {
            o.resume(now_ms, credentials, |e| sender || unsaved.contains(&e.id))
        });
    }

    /// Forgets an entry the reviewer has dealt with (a refused one they downloaded).
    pub fn dismiss(&mut self, store: &mut dyn Storage, id: &str) {
        self.outbox.entries.retain(|e| e.id != id);
        self.persist(store, id);
    }

    /// Another tab wrote `key` (the event's new `value`, `None`: removed it). Returns whether
    /// anything here changed. A signal wakes the sender. For an entry, storage is the truth,
    /// read again now, since events arrive late and in order (a stale one must not undo a
    /// newer state); the sender keeps its own version of what only it knows: a request it
    /// has in flight, or an entry storage would not take. What another tab had in flight is
    /// queued again here when this tab sends (that request's fate is unknown; the same id
    /// makes sending again safe).
    pub fn on_storage(
        &mut self,
        store: &mut dyn Storage,
        key: &str,
        value: Option<&str>,
        now_ms: i64,
    ) -> bool {
        if key == self.owner.signal_key() {
            if self.sender {
                let credentials = value.is_some_and(|v| v.ends_with('c'));
                self.resume(store, now_ms, credentials);
            }
            return self.sender;
        }
        let Some(id) = key.strip_prefix(KEY_V2) else {
            return false;
        };
        let known = self.outbox.entries.iter().position(|e| e.id == id);
        let stored = store.get(key).map(|t| Entry::from_json(&t));
        match stored {
            // A tombstone cleared by a new page load: this tab keeps showing the delivery.
            None => {
                let before = self.outbox.entries.len();
                self.outbox
                    .entries
                    .retain(|e| e.id != id || e.status == Status::Delivered);
                self.outbox.entries.len() != before
            }
            Some(None) => false,
            Some(Some(e)) if e.owner != self.owner || e.id != id => false,
            Some(Some(mut e)) => {
                if self.sender {
                    let own = known.is_some_and(|k| {
                        self.outbox.entries[k].status == Status::Sending
                            || self.unsaved.iter().any(|u| u == id)
                    });
                    if own {
                        return false;
                    }
                    if e.status == Status::Sending {
                        e.status = Status::Queued;
                        e.next_at_ms = e.next_at_ms.min(now_ms);
                    }
                }
                match known {
                    Some(k) if self.outbox.entries[k] == e => return false,
                    Some(k) => self.outbox.entries[k] = e,
                    None => self.outbox.entries.push(e),
                }
                true
            }
        }
    }

    /// How long until something this tab sends is due.
    pub fn wait_ms(&self, now_ms: i64) -> Option<u64> {
        self.outbox
            .wait_ms_of(now_ms, |e| self.sender || self.unsaved.contains(&e.id))
    }

    /// Applies `f` to the whole outbox and writes every entry it changed.
    fn change(&mut self, store: &mut dyn Storage, f: impl FnOnce(&mut Outbox)) {
        let before = self.outbox.entries.clone();
        f(&mut self.outbox);
        let changed: Vec<String> = self
            .outbox
            .entries
            .iter()
            .filter(|e| !before.contains(e))
            .map(|e| e.id.clone())
            .collect();
        for id in changed {
            self.persist(store, &id);
        }
    }

    /// Writes one entry's current state (or removes it) and records whether that worked. A
    /// delivered entry needs no write to be safe, and its draft may go too.
    fn persist(&mut self, store: &mut dyn Storage, id: &str) -> bool {
        let key = entry_key(id);
        let saved = match self.outbox.entries.iter().find(|e| e.id == id) {
            Some(e) if e.status == Status::Delivered => {
                // No room even for a tombstone: the full entry must not stay to be sent again.
                if !store.set(&key, &e.tombstone().to_json()) {
                    store.remove(&key);
                }
                true
            }
            Some(e) => store.set(&key, &e.to_json()),
            None => {
                store.remove(&key);
                true
            }
        };
        self.unsaved.retain(|u| u != id);
        if saved {
            if let Some(at) = self.drafts.iter().position(|(d, _)| d == id) {
                let (_, draft) = self.drafts.remove(at);
                store.remove(&draft);
            }
        } else {
            self.unsaved.push(id.to_string());
        }
        saved
    }
}

/// Records the `Authorization` value the host gave for `endpoint` (`None`: withdrawn) in
/// `given`, the list [`authorization_for`] chooses from; the newest is last.
pub fn give_authorization(given: &mut Vec<(String, String)>, endpoint: &str, value: Option<&str>) {
    given.retain(|(e, _)| e != endpoint);
    given.extend(value.map(|v| (endpoint.to_string(), v.to_string())));
}

/// The `Authorization` value for `endpoint` among those the host gave for endpoints of this
/// page (endpoint, value): only one of the same origin, so a token never goes to a backend it
/// was not given for.
pub fn authorization_for<'a>(endpoint: &str, given: &'a [(String, String)]) -> Option<&'a str> {
    let origin = origin_of(endpoint)?;
    given
        .iter()
        .rev()
        .find(|(e, _)| origin_of(e).as_deref() == Some(origin.as_str()))
        .map(|(_, v)| v.as_str())
}

impl Entry {
    /// The persisted form of one entry.
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.begin_object();
        w.field_int("v", 2);
        w.field_str("id", &self.id);
        w.field_str("endpoint", &self.endpoint);
        w.field_str("namespace", &self.owner.namespace);
        w.field_str("person", &self.owner.person);
        w.field_str("body", &self.body);
        if !self.label.is_empty() {
            w.field_str("label", &self.label);
        }
        w.field_int("at_ms", self.at_ms);
        w.field_str("status", self.status.name());
        if let Status::Failed { message } = &self.status {
            w.field_str("message", message);
        }
        w.field_int("attempts", i64::from(self.attempts));
        w.field_int("next_at_ms", self.next_at_ms);
        if let Some(problem) = &self.last_error {
            w.field_str("last_error", &problem.stored());
        }
        if self.conflicts > 0 {
            w.field_int("conflicts", i64::from(self.conflicts));
        }
        w.end_object();
        w.finish()
    }

    /// What is kept of a delivered entry: everything but the body.
    fn tombstone(&self) -> Entry {
        Entry {
            body: String::new(),
            ..self.clone()
        }
    }

    /// Reads one persisted entry; `None` for anything unreadable.
    pub fn from_json(text: &str) -> Option<Entry> {
        let n = json::parse(text).ok()?;
        if n.get("v")?.as_i64()? != 2 {
            return None;
        }
        let text = |k: &str| n.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let owner = Owner {
            namespace: text("namespace")?,
            person: text("person")?,
        };
        Entry::read(&n, text("endpoint")?, owner)
    }

    /// An entry stored by the first version, under `rubric-outbox:{endpoint} {id}`: the
    /// endpoint is in the key, the person in the body (`annotator`, or a quiz's `trainee`).
    fn from_legacy(key: &str, text: &str) -> Option<Entry> {
        let (endpoint, id) = key.strip_prefix(KEY_PREFIX)?.rsplit_once(' ')?;
        let n = json::parse(text).ok()?;
        let body = json::parse(n.get("body")?.as_str()?).ok()?;
        let person = ["annotator", "trainee"]
            .iter()
            .find_map(|k| body.get(k).and_then(|v| v.as_str()))?;
        let owner = Owner {
            namespace: String::new(),
            person: person.to_string(),
        };
        Entry::read(&n, endpoint.to_string(), owner).filter(|e| e.id == id)
    }

    fn read(n: &json::Node, endpoint: String, owner: Owner) -> Option<Entry> {
        let text = |k: &str| n.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let name = n.get("status")?.as_str()?;
        let status = match STATUS_NAMES.iter().position(|s| *s == name)? {
            0 => Status::Queued,
            1 => Status::Sending,
            2 => Status::Delivered,
            3 => Status::Failed {
                message: text("message").unwrap_or_default(),
            },
            _ => Status::NeedsAuth,
        };
        Some(Entry {
            id: text("id")?,
            endpoint,
            owner,
            body: text("body")?,
            label: text("label").unwrap_or_default(),
            at_ms: n.get("at_ms").and_then(|v| v.as_i64()).unwrap_or(0),
            status,
            attempts: n
                .get("attempts")
                .and_then(|v| v.as_i64())
                .and_then(|a| u32::try_from(a).ok())
                .unwrap_or(0),
            next_at_ms: n.get("next_at_ms").and_then(|v| v.as_i64()).unwrap_or(0),
            last_error: text("last_error").map(|t| Problem::from_stored(&t)),
            conflicts: n
                .get("conflicts")
                .and_then(|v| v.as_i64())
                .and_then(|a| u32::try_from(a).ok())
                .unwrap_or(0),
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
    fn problems_read_back_as_stored_including_entries_stored_as_text_before() {
        for p in [
            Problem::Offline,
            Problem::TimedOut,
            Problem::Redirected,
            Problem::Http {
                status: 503,
                message: String::new(),
            },
            Problem::Http {
                status: 400,
                message: "missing field: a: b".into(),
            },
        ] {
            assert_eq!(Problem::from_stored(&p.stored()), p);
        }
        assert_eq!(Problem::from_stored("HTTP 429").stored(), "HTTP 429");
        assert_eq!(Problem::from_stored("something else"), Problem::Offline);
        let tr = crate::text::i18n::English;
        assert_eq!(Problem::TimedOut.describe(&tr), msg::net_timeout.en);
        assert_eq!(
            Problem::from_stored("HTTP 400: no").describe(&tr),
            "HTTP 400: no"
        );
    }

    #[test]
    fn status_table() {
        for s in [200, 201, 204] {
            assert_eq!(classify(s), Class::Delivered, "{s}");
        }
        for s in [408, 409, 425, 429, 500, 502, 503, 504] {
            assert_eq!(classify(s), Class::Retry, "{s}");
        }
        for s in [400, 404, 413, 422, 501] {
            assert_eq!(classify(s), Class::Final, "{s}");
        }
        for s in [301, 302, 303, 307, 308, 401, 403] {
            assert_eq!(classify(s), Class::Paused, "{s}");
        }
    }

    #[test]
    fn timers_fit_in_a_browser_timer() {
        let p = RetryPolicy::with_timeout(Some(1e12));
        assert_eq!(p.timeout_ms, MAX_TIMER_MS);
        assert_eq!(RetryPolicy::with_timeout(Some(0.5)), RetryPolicy::default());
        assert_eq!(
            RetryPolicy::with_timeout(Some(f64::NAN)),
            RetryPolicy::default()
        );
        assert_eq!(RetryPolicy::with_timeout(Some(2500.0)).timeout_ms, 2500);
        let huge = RetryPolicy {
            cap_ms: u64::MAX,
            ..RetryPolicy::default()
        };
        assert_eq!(huge.backoff_ms(1, 0.5, Some(u64::MAX)), MAX_TIMER_MS);
        let mut o = Outbox::default();
        o.enqueue("a", "https://x.io/", &Owner::default(), "{}", i64::MAX / 2)
            .unwrap();
        assert_eq!(o.wait_ms(0), Some(MAX_TIMER_MS));
    }

    #[test]
    fn key_parts_never_collide() {
        assert_eq!(key_part("plain-id_1.x"), "plain-id_1.x");
        assert_eq!(key_part("a:b@c%d e"), "a%3Ab%40c%25d%20e");
        assert_ne!(
            format!("{}:{}", key_part("a:b"), key_part("c")),
            format!("{}:{}", key_part("a"), key_part("b:c"))
        );
    }

    #[test]
    fn authorization_only_for_its_origin() {
        let mut given = Vec::new();
        give_authorization(&mut given, "https://a.example/api/x", Some("Bearer old"));
        give_authorization(&mut given, "https://a.example/api/x", Some("Bearer A"));
        give_authorization(&mut given, "https://b.example/api", Some("Bearer B"));
        give_authorization(&mut given, "https://c.example/api", Some("Bearer C"));
        give_authorization(&mut given, "https://c.example/api", None);
        assert_eq!(
            authorization_for("https://a.example/api/y?v=2", &given),
            Some("Bearer A")
        );
        assert_eq!(authorization_for("https://c.example/api", &given), None);
        assert_eq!(authorization_for("not a url", &given), None);
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
        let who = Owner::default();
        o.enqueue("a", "https://x.io/", &who, "{}", 0).unwrap();
        o.enqueue("b", "https://x.io/", &who, "{}", 0).unwrap();
        assert_eq!(
            o.enqueue("a", "https://x.io/", &who, "{}", 0),
            Err(EnqueueError::Duplicate)
        );
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
        assert_eq!(
            o.entries[0]
                .last_error
                .as_ref()
                .map(Problem::stored)
                .as_deref(),
            Some("HTTP 503")
        );
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
        o.resume(400, false, |_| true);
        assert_eq!(o.next_due(400).unwrap().id, "a", "online again: retry now");
    }

    #[test]
    fn persisted_form_round_trips() {
        let who = Owner {
            namespace: "portal".into(),
            person: "ann".into(),
        };
        let mut o = Outbox::default();
        o.enqueue("a", "https://x.io/a", &who, "{\"x\":\"é\\n\"}", 7)
            .unwrap();
        o.enqueue("b", "https://x.io/b", &who, "{}", 8).unwrap();
        o.begin("a");
        o.entries[1].status = Status::Failed {
            message: "nope".into(),
        };
        o.entries[1].last_error = Some(Problem::from_stored("HTTP 400: nope"));
        o.entries[1].label = "Say hello.".into();
        for e in &o.entries {
            assert_eq!(Entry::from_json(&e.to_json()).as_ref(), Some(e));
        }
        assert_eq!(Entry::from_json("{\"v\":2,\"id\":\"a\"}"), None);
        assert_eq!(Entry::from_json("{not json"), None);
    }

    /// Ann (in `namespace`) and her tab that sends, over `store`.
    fn ann_sending(namespace: &str, store: &mut Mem) -> (Owner, Tab) {
        let who = Owner {
            namespace: namespace.into(),
            person: "ann".into(),
        };
        let mut tab = Tab::open(who.clone(), store);
        tab.become_sender(store, 0);
        (who, tab)
    }

    #[test]
    fn a_delivered_entry_keeps_its_name_and_time() {
        let mut store = Mem::default();
        let (_, mut tab) = ann_sending("", &mut store);
        assert!(tab.submit(
            &mut store,
            "x",
            "https://a.example/",
            "{}",
            "Say hello.",
            None,
            42
        ));
        let sent = tab.take_due(&mut store, 50).unwrap();
        let ok = Outcome::Response {
            status: 200,
            retry_after_ms: None,
            message: String::new(),
        };
        tab.settle(&mut store, &sent.id, &ok, 60, 0.5, &RetryPolicy::default());
        let stored = Entry::from_json(&store.get(&entry_key("x")).unwrap()).unwrap();
        assert_eq!(stored.status, Status::Delivered);
        assert_eq!(stored.body, "", "a delivered entry keeps no answers");
        assert_eq!((stored.label.as_str(), stored.at_ms), ("Say hello.", 42));
    }

    #[derive(Default)]
    struct Mem(std::collections::BTreeMap<String, String>);

    impl Storage for Mem {
        fn get(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set(&mut self, key: &str, value: &str) -> bool {
            self.0.insert(key.into(), value.into());
            true
        }
        fn remove(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn keys(&self, prefix: &str) -> Vec<String> {
            self.0
                .keys()
                .filter(|k| k.starts_with(prefix))
                .cloned()
                .collect()
        }
    }

    #[test]
    fn first_version_entries_are_read_and_moved_for_their_person_only() {
        let mut store = Mem::default();
        let old = |person: &str| {
            format!(
                r#"{{"id":"{person}-1","body":"{{\"annotator\":\"{person}\"}}","status":"queued","attempts":2,"next_at_ms":5}}"#
            )
        };
        let ann_key = format!("{KEY_PREFIX}https://a.example/api {}-1", "ann");
        store.set(&ann_key, &old("ann"));
        store.set(
            &format!("{KEY_PREFIX}https://a.example/api bob-1"),
            &old("bob"),
        );
        let ann = Owner {
            namespace: String::new(),
            person: "ann".into(),
        };
        let tab = Tab::open(ann.clone(), &mut store);
        assert_eq!(tab.outbox.entries.len(), 1);
        let e = &tab.outbox.entries[0];
        assert_eq!(
            (e.id.as_str(), e.endpoint.as_str(), &e.owner, e.attempts),
            ("ann-1", "https://a.example/api", &ann, 2)
        );
        assert_eq!(store.get(&ann_key), None, "moved to the current key");
        assert_eq!(
            Entry::from_json(&store.get(&entry_key("ann-1")).unwrap()).as_ref(),
            Some(e)
        );
        assert!(
            store
                .get("rubric-outbox:https://a.example/api bob-1")
                .is_some(),
            "another person's entry is left alone"
        );
    }

    #[test]
    fn a_tab_that_does_not_send_asks_the_sender_instead_of_writing() {
        let mut store = Mem::default();
        let (who, mut sender) = ann_sending("n", &mut store);
        assert!(sender.submit(
            &mut store,
            "x",
            "https://a.example/",
            "{}",
            "",
            Some("draft"),
            0
        ));
        let mut other = Tab::open(who.clone(), &mut store);
        let sent = sender.take_due(&mut store, 0).unwrap();
        let failed = Outcome::Offline;
        sender.settle(
            &mut store,
            &sent.id,
            &failed,
            10,
            0.5,
            &RetryPolicy::default(),
        );
        let before = store.get(&entry_key("x"));
        other.resume(&mut store, 20, true);
        assert_eq!(
            store.get(&entry_key("x")),
            before,
            "the entry is not rewritten"
        );
        let signal = store.get(&who.signal_key()).unwrap();
        assert!(sender.on_storage(&mut store, &who.signal_key(), Some(&signal), 20));
        assert_eq!(
            sender.take_due(&mut store, 20).map(|s| s.id),
            Some("x".into())
        );
        // The sender ignores a stale copy of an entry it knows.
        assert!(!sender.on_storage(&mut store, &entry_key("x"), before.as_deref(), 21));
        assert_eq!(sender.outbox.entries[0].status, Status::Sending);
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
