//! Delivery in the browser: drives `rubric_core::outbox` with real storage, timers, `fetch`
//! and a Web Lock. All decisions (what a status means, when to retry, what a reload does) are
//! the core's; this file only moves bytes and schedules wake-ups (RELIABILITY.md, the protocol).
//!
//! Each entry is kept in local storage under its own key, `rubric-outbox:<endpoint> <id>`, so a
//! tab that enqueues and the tab that sends never overwrite each other. One tab per origin and
//! endpoint holds the sender lock; the others only enqueue and follow along through `storage`
//! events.

use crate::browser;
use leptos::prelude::*;
use rubric_core::json::Writer;
use rubric_core::outbox::{server_message, Entry, Outbox, Outcome, RetryPolicy, Status};

const PREFIX: &str = "rubric-outbox:";

/// The mutable part, kept off the reactive graph.
struct Inner {
    endpoint: String,
    /// Storage keys of this endpoint's entries start with this.
    prefix: String,
    policy: RetryPolicy,
    outbox: Outbox,
    /// A value for the `Authorization` header, supplied by the host.
    authorization: Option<String>,
    /// The pending wake-up.
    timer: Option<i32>,
    /// Where the host events of entries from earlier page loads go: the latest widget.
    target: Option<web_sys::EventTarget>,
    /// Where each submission of this page load came from, for its host events.
    targets: Vec<(String, web_sys::EventTarget)>,
}

thread_local! {
    /// One courier per endpoint per page, whatever the number of widgets: a second courier
    /// would wait forever for the sender lock the first holds, and same-page storage writes
    /// fire no `storage` event to wake it. Each lives under its own root owner, for the life
    /// of the page, so queued submissions keep going out after their widget is gone.
    static COURIERS: std::cell::RefCell<Vec<(String, Courier, Owner)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The outbox of one endpoint on this page, shared by every widget that sends there. Cheap to
/// copy; lives as long as the page.
#[derive(Clone, Copy)]
pub struct Courier {
    inner: StoredValue<Inner, LocalStorage>,
    /// Every entry as the reviewer should see it, updated after each change.
    pub entries: RwSignal<Vec<Entry>>,
    /// Whether this tab sends; other tabs only enqueue.
    pub sending_tab: RwSignal<bool>,
    /// Ids whose latest state could not be written to storage: they live only in this page.
    pub unsaved: RwSignal<Vec<String>>,
}

impl Courier {
    /// Starts delivering to `endpoint` (resolved against the page URL): loads what earlier
    /// visits left in the outbox, takes the sender lock when it is free, and resumes on
    /// `online` and `pageshow`. A second widget for the same endpoint gets the same courier,
    /// with the first one's `policy`.
    pub fn start(endpoint: &str, policy: RetryPolicy) -> Courier {
        let endpoint = web_sys::Url::new_with_base(endpoint, &page_url())
            .map(|u| u.href())
            .unwrap_or_else(|_| endpoint.to_string());
        let known = COURIERS.with(|r| {
            r.borrow()
                .iter()
                .find(|(e, ..)| *e == endpoint)
                .map(|(_, c, _)| *c)
        });
        if let Some(c) = known {
            return c;
        }
        let owner = Owner::new_root(None);
        let c = owner.with(|| Courier::create(endpoint.clone(), policy));
        COURIERS.with(|r| r.borrow_mut().push((endpoint, c, owner)));
        c
    }

    fn create(endpoint: String, policy: RetryPolicy) -> Courier {
        let prefix = format!("{PREFIX}{endpoint} ");
        let mut outbox = Outbox::default();
        for key in browser::keys_with_prefix(&prefix) {
            match browser::load(&key).and_then(|t| Entry::from_json(&t)) {
                // Delivered entries stay in storage only so other open tabs see the outcome.
                Some(e) if e.status == Status::Delivered => browser::remove(&key),
                Some(e) => outbox.entries.push(e),
                None => {}
            }
        }
        let c = Courier {
            inner: StoredValue::new_local(Inner {
                endpoint: endpoint.clone(),
                prefix,
                policy,
                outbox,
                authorization: None,
                timer: None,
                target: None,
                targets: Vec::new(),
            }),
            entries: RwSignal::new(Vec::new()),
            sending_tab: RwSignal::new(false),
            unsaved: RwSignal::new(Vec::new()),
        };
        c.publish();
        browser::hold_lock(&format!("rubric-outbox {endpoint}"), move || {
            c.sending_tab.set(true);
            let now = browser::now_ms();
            c.change_all(|o| {
                // Whatever the previous sender had in flight is unknown: send it again, same id.
                o.recover(now);
                o.resume(now);
                // A new page load may carry new credentials (a refreshed session cookie).
                o.credentials_updated(now);
            });
            c.tick();
        });
        let resume = move || {
            c.change_all(|o| o.resume(browser::now_ms()));
            c.tick();
        };
        // The courier lives as long as the page (see COURIERS), so these listeners do too.
        let _ = window_event_listener(leptos::ev::online, move |_| resume());
        let _ = window_event_listener(leptos::ev::pageshow, move |_| resume());
        // Another tab enqueued or settled an entry: take its word for that entry.
        let _ = window_event_listener(leptos::ev::storage, move |ev| {
            let Some(id) = ev.key().and_then(|k| c.id_of(&k)) else {
                return;
            };
            let entry = ev.new_value().and_then(|t| Entry::from_json(&t));
            c.inner.update_value(|i| {
                i.outbox.entries.retain(|e| e.id != id);
                i.outbox.entries.extend(entry);
            });
            c.publish();
            c.tick();
        });
        c
    }

    /// Host events (`rubric-delivered`, `rubric-failed`, `rubric-auth-needed`) go to `target`.
    pub fn set_target(&self, target: web_sys::EventTarget) {
        self.inner.update_value(|i| i.target = Some(target));
    }

    /// The `Authorization` header value to send from now on; entries waiting for credentials
    /// are retried at once.
    pub fn set_authorization(&self, value: Option<String>) {
        self.inner.update_value(|i| i.authorization = value);
        self.change_all(|o| o.credentials_updated(browser::now_ms()));
        self.tick();
    }

    /// Puts a submission in the outbox, writes it to storage, and only then starts sending it
    /// (RELIABILITY.md, P2). A second submit of the same id changes nothing (P3). Its host
    /// events go to `from`.
    pub fn submit(&self, id: &str, body: &str, from: Option<web_sys::EventTarget>) {
        let added = self.inner.try_update_value(|i| {
            i.targets.extend(from.map(|t| (id.to_string(), t)));
            i.outbox.enqueue(id, body, browser::now_ms()).is_ok()
        });
        if added == Some(true) {
            self.persist(id);
            self.publish();
            self.tick();
        }
    }

    /// Whether another widget on this page submitted `id` (so it is that widget's to show).
    pub fn sent_by_other(&self, id: &str, me: Option<&web_sys::EventTarget>) -> bool {
        self.inner
            .with_value(|i| i.targets.iter().any(|(sid, t)| sid == id && Some(t) != me))
    }

    /// Tries every waiting entry now (the reviewer pressed "Try again").
    pub fn retry_now(&self) {
        self.change_all(|o| {
            let now = browser::now_ms();
            o.resume(now);
            o.credentials_updated(now);
        });
        self.tick();
    }

    /// Forgets an entry the reviewer has dealt with (a refused one they downloaded).
    pub fn dismiss(&self, id: &str) {
        self.inner
            .update_value(|i| i.outbox.entries.retain(|e| e.id != id));
        browser::remove(&self.key(id));
        self.publish();
    }

    fn key(&self, id: &str) -> String {
        self.inner.with_value(|i| format!("{}{id}", i.prefix))
    }

    fn id_of(&self, key: &str) -> Option<String> {
        self.inner
            .with_value(|i| key.strip_prefix(&i.prefix).map(str::to_string))
    }

    /// Writes one entry's current state. Losing the write of a delivered entry loses nothing.
    fn persist(&self, id: &str) {
        let key = self.key(id);
        let entry = self.inner.with_value(|i| {
            i.outbox
                .entries
                .iter()
                .find(|e| e.id == id)
                .map(|e| (e.to_json(), e.status == Status::Delivered))
        });
        let saved = match entry {
            Some((json, delivered)) => browser::save(&key, &json).is_ok() || delivered,
            None => {
                browser::remove(&key);
                true
            }
        };
        self.unsaved.update(|u| {
            u.retain(|x| x != id);
            if !saved {
                u.push(id.to_string());
            }
        });
    }

    /// Applies `f` to the whole outbox and persists every entry it touched.
    fn change_all(&self, f: impl FnOnce(&mut Outbox)) {
        let changed = self.inner.try_update_value(|i| {
            let before = i.outbox.entries.clone();
            f(&mut i.outbox);
            i.outbox
                .entries
                .iter()
                .filter(|e| !before.contains(e))
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        });
        for id in changed.unwrap_or_default() {
            self.persist(&id);
        }
        self.publish();
    }

    fn publish(&self) {
        self.entries
            .set(self.inner.with_value(|i| i.outbox.entries.clone()));
    }

    /// Sends what is due, or sleeps until something will be. Only the sending tab sends.
    fn tick(self) {
        if !self.sending_tab.get_untracked() {
            return;
        }
        let now = browser::now_ms();
        let c = self;
        let due = self.inner.try_update_value(|i| {
            if let Some(t) = i.timer.take() {
                browser::clear_timeout(t);
            }
            let due = i
                .outbox
                .next_due(now)
                .map(|e| (e.id.clone(), e.body.clone()));
            match &due {
                Some((id, _)) => i.outbox.begin(id),
                None => {
                    i.timer = i
                        .outbox
                        .wait_ms(now)
                        .map(|ms| browser::set_timeout(ms, move || c.tick()));
                }
            }
            due
        });
        if let Some(Some((id, body))) = due {
            self.persist(&id);
            self.publish();
            self.send(id, body);
        }
    }

    fn send(self, id: String, body: String) {
        let (url, auth, policy) = self
            .inner
            .with_value(|i| (i.endpoint.clone(), i.authorization.clone(), i.policy));
        browser::post_json(
            &url,
            &body,
            &id.clone(),
            auth,
            policy.timeout_ms,
            move |reply| {
                let outcome = match reply {
                    Ok((status, retry_after_ms, text)) => Outcome::Response {
                        status,
                        retry_after_ms,
                        message: server_message(&text),
                    },
                    Err(reason) => Outcome::NoResponse { reason },
                };
                let random = js_sys::Math::random();
                let settled = self.inner.try_update_value(|i| {
                    i.outbox
                        .settle(&id, &outcome, browser::now_ms(), random, &policy);
                    i.outbox.entries.iter().find(|e| e.id == id).cloned()
                });
                self.persist(&id);
                self.publish();
                if let Some(Some(entry)) = settled {
                    self.tell_host(&entry);
                }
                self.tick();
            },
        );
    }

    /// The host events for final and paused outcomes.
    fn tell_host(&self, e: &Entry) {
        let (name, message) = match &e.status {
            Status::Delivered => ("rubric-delivered", None),
            Status::Failed { message } => ("rubric-failed", Some(message)),
            Status::NeedsAuth => ("rubric-auth-needed", None),
            _ => return,
        };
        let mut w = Writer::default();
        w.begin_object();
        w.field_str("submission_id", &e.id);
        if let Some(m) = message {
            w.field_str("message", m);
            w.key("submission");
            w.raw(&e.body);
        }
        w.end_object();
        let target = self.inner.with_value(|i| {
            i.targets
                .iter()
                .find(|(id, _)| *id == e.id)
                .map(|(_, t)| t.clone())
                .or_else(|| i.target.clone())
        });
        if let Some(t) =
            target.or_else(|| web_sys::window().and_then(|w| w.document()).map(Into::into))
        {
            browser::dispatch_json(&t, name, &w.finish());
        }
    }
}

fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}
