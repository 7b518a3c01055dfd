//! Delivery in the browser: drives `rubric_core::delivery::outbox::Tab` with real storage, timers,
//! `fetch` and a Web Lock. Every decision (what a status means, when to retry, what a reload
//! does, who writes which entry, when a draft may go) is the core's; this file only moves
//! bytes and schedules wake-ups (docs/promises.md, the delivery protocol).
//!
//! One courier per person per page: it loads that person's entries from local storage (each
//! under its own key, carrying its endpoint), and the tab holding the person's Web Lock sends
//! each to the endpoint it was submitted for. Other tabs follow through `storage` events and
//! ask the sender to try again rather than writing. Entries of other people on a shared
//! device are never loaded, shown or sent with this person's credentials.

use crate::browser;
use leptos::prelude::*;
use rubric_core::delivery::outbox::{
    authorization_for, give_authorization, Entry, Owner, RetryPolicy, Status, Storage, Tab,
};
use rubric_core::document::json::Writer;
use wasm_bindgen::JsCast;

/// `localStorage`, as the core's outbox sees it.
struct Local;

impl Storage for Local {
    fn get(&self, key: &str) -> Option<String> {
        browser::load(key)
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        browser::save(key, value).is_ok()
    }

    fn remove(&mut self, key: &str) {
        browser::remove(key);
    }

    fn keys(&self, prefix: &str) -> Vec<String> {
        browser::keys_with_prefix(prefix)
    }
}

/// The mutable part, kept off the reactive graph.
struct Inner {
    tab: Tab,
    policy: RetryPolicy,
    /// `Authorization` values the host gave, per endpoint (newest last).
    authorizations: Vec<(String, String)>,
    /// The pending wake-up.
    timer: Option<i32>,
    /// Where the host events of entries from earlier page loads go: the latest widget.
    target: Option<web_sys::EventTarget>,
    /// Where each submission of this page load came from, for its host events.
    targets: Vec<(String, web_sys::EventTarget)>,
    /// This person's widgets on the page. With none (a portal that switched people without a
    /// reload) the courier goes quiet: nothing of theirs is sent with whoever's session the
    /// page has now, and the lock goes to a tab where they still are.
    widgets: u32,
    /// Lets the sender lock go.
    release: Option<js_sys::Function>,
    /// Posts to this person's other tabs (the credentials the host gives here).
    relay: Option<js_sys::Function>,
}

thread_local! {
    /// One courier per person per page, whatever the number of widgets: a second courier
    /// would wait forever for the sender lock the first holds, and same-page storage writes
    /// fire no `storage` event to wake it. Each lives under its own root owner, for the life
    /// of the page, so queued submissions keep going out after their widget is gone.
    static COURIERS: std::cell::RefCell<Vec<(Owner, Courier, leptos::prelude::Owner)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A widget's way to the backend: the outbox of its person on this page, shared by every
/// widget of that person, and the endpoint this widget's submissions go to. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Courier {
    inner: StoredValue<Inner, LocalStorage>,
    /// This widget's endpoint (resolved against the page URL).
    endpoint: StoredValue<String>,
    /// Every entry as the reviewer should see it, updated after each change.
    pub entries: RwSignal<Vec<Entry>>,
    /// Whether this tab sends; other tabs only enqueue.
    pub sending_tab: RwSignal<bool>,
    /// Ids whose latest state could not be written to storage: they live only in this page.
    pub unsaved: RwSignal<Vec<String>>,
}

impl Courier {
    /// Starts delivering for `person` (within the host's outbox `namespace`), sending this
    /// widget's submissions to `endpoint`: loads what earlier visits left in that person's
    /// outbox, takes the person's sender lock when it is free, and resumes on `online` and
    /// `pageshow`. A second widget for the same person shares the courier (and the first
    /// one's `policy`). Each call counts one widget in; [`Courier::detach`] counts it out.
    pub fn start(endpoint: &str, namespace: &str, person: &str, policy: RetryPolicy) -> Courier {
        let endpoint = web_sys::Url::new_with_base(endpoint, &page_url())
            .map(|u| u.href())
            .unwrap_or_else(|_| endpoint.to_string());
        let owner = Owner {
            namespace: namespace.to_string(),
            person: person.to_string(),
        };
        let known = COURIERS.with(|r| {
            r.borrow()
                .iter()
                .find(|(o, ..)| *o == owner)
                .map(|(_, c, _)| *c)
        });
        let endpoint = StoredValue::new(endpoint);
        let c = match known {
            Some(c) => Courier { endpoint, ..c },
            None => {
                // `new_root` makes itself the current owner: the caller's is given back, or
                // what the caller builds next (the widget) would live for the page's life.
                let caller = leptos::prelude::Owner::current();
                let root = leptos::prelude::Owner::new_root(None);
                let c = root.with(|| Courier::create(owner.clone(), policy, endpoint));
                if let Some(caller) = caller {
                    caller.set();
                }
                COURIERS.with(|r| r.borrow_mut().push((owner, c, root)));
                c
            }
        };
        c.attach();
        c
    }

    /// One more widget of this person: the first takes the sender lock when it is free.
    fn attach(self) {
        let first = self
            .inner
            .try_update_value(|i| {
                i.widgets += 1;
                i.widgets == 1
            })
            .unwrap_or(false);
        if first {
            let lock = self.inner.with_value(|i| i.tab.owner.lock_name());
            let release = browser::hold_lock(
                &lock,
                Box::new(move || {
                    let present = self.inner.with_value(|i| i.widgets > 0);
                    if present {
                        self.change(|t, now| t.become_sender(&mut Local, now));
                        self.tick();
                    }
                }),
            );
            self.inner.update_value(|i| i.release = Some(release));
        }
    }

    /// One widget fewer (it was unmounted): with none left, the lock goes, nothing is
    /// scheduled, and entries stay in storage for this person's next widget.
    pub fn detach(self) {
        let last = self.inner.try_update_value(|i| {
            i.widgets = i.widgets.saturating_sub(1);
            if i.widgets > 0 {
                return false;
            }
            if let Some(t) = i.timer.take() {
                browser::clear_timeout(t);
            }
            if let Some(release) = i.release.take() {
                let _ = release.call0(&wasm_bindgen::JsValue::NULL);
            }
            i.tab.sender = false;
            true
        });
        if last == Some(true) {
            self.publish();
        }
    }

    fn create(owner: Owner, policy: RetryPolicy, endpoint: StoredValue<String>) -> Courier {
        let lock = owner.lock_name();
        let c = Courier {
            inner: StoredValue::new_local(Inner {
                tab: Tab::open(owner, &mut Local),
                policy,
                authorizations: Vec::new(),
                timer: None,
                target: None,
                targets: Vec::new(),
                widgets: 0,
                release: None,
                relay: None,
            }),
            endpoint,
            entries: RwSignal::new(Vec::new()),
            sending_tab: RwSignal::new(false),
            unsaved: RwSignal::new(Vec::new()),
        };
        c.publish();
        // Credentials given in another tab of this person, for when this one sends.
        let relay = browser::channel(&format!("{lock} credentials"), move |text| {
            let Ok(n) = rubric_core::document::json::parse(&text) else {
                return;
            };
            let text = |k: &str| n.get(k).and_then(|v| v.as_str()).map(str::to_string);
            if let Some(endpoint) = text("endpoint") {
                c.authorize(&endpoint, text("value").as_deref(), true);
            }
        });
        c.inner.update_value(|i| i.relay = Some(relay));
        let resume = move || {
            c.change(|t, now| t.resume(&mut Local, now, false));
            c.tick();
        };
        // The courier lives as long as the page (see COURIERS), so these listeners do too.
        browser::on_window("online", move |_| resume()).keep();
        browser::on_window("pageshow", move |_| resume()).keep();
        // Another tab enqueued, settled or removed an entry, or asks the sender to try again.
        browser::on_window("storage", move |ev| {
            let ev: web_sys::StorageEvent = ev.unchecked_into();
            let Some(key) = ev.key() else {
                return;
            };
            let value = ev.new_value();
            let changed = c
                .inner
                .try_update_value(|i| {
                    i.tab
                        .on_storage(&mut Local, &key, value.as_deref(), browser::now_ms())
                })
                .unwrap_or(false);
            if changed {
                c.publish();
                c.tick();
            }
        })
        .keep();
        c
    }

    /// Host events (`rubric-delivered`, `rubric-failed`, `rubric-auth-needed`) go to `target`.
    pub fn set_target(&self, target: web_sys::EventTarget) {
        self.inner.update_value(|i| i.target = Some(target));
    }

    /// The `Authorization` header value to send to this widget's endpoint (and others of its
    /// origin) from now on; entries waiting for credentials are retried at once.
    pub fn set_authorization(&self, value: Option<String>) {
        let endpoint = self.endpoint.get_value();
        // The tab that sends may be another one: it is told in memory (never through storage).
        let mut w = Writer::default();
        w.begin_object();
        w.field_str("endpoint", &endpoint);
        if let Some(v) = &value {
            w.field_str("value", v);
        }
        w.end_object();
        let message = w.finish();
        let relay = self.inner.with_value(|i| i.relay.clone());
        let relayed = relay.is_some_and(|post| {
            post.call1(&wasm_bindgen::JsValue::NULL, &message.into())
                .is_ok_and(|sent| sent.as_bool() == Some(true))
        });
        self.authorize(&endpoint, value.as_deref(), relayed);
    }

    /// Uses `value` for `endpoint` (and its origin) from now on, and retries what waited for
    /// credentials. When the credentials were `relayed`, the sending tab retries on receiving
    /// them; asking it through storage too could make it send before they arrive.
    fn authorize(&self, endpoint: &str, value: Option<&str>, relayed: bool) {
        self.inner
            .update_value(|i| give_authorization(&mut i.authorizations, endpoint, value));
        self.change(|t, now| {
            if relayed {
                t.resume_here(&mut Local, now, true);
            } else {
                t.resume(&mut Local, now, true);
            }
        });
        self.tick();
    }

    /// Puts a submission in the outbox, writes it to storage, and only then starts sending it
    /// (P2). The draft under `draft` goes once the entry is stored. A second submit of the
    /// same id changes nothing (P3). Its host events go to `from`; `label` names it in the
    /// outbox list.
    pub fn submit(
        &self,
        id: &str,
        body: &str,
        label: &str,
        from: Option<web_sys::EventTarget>,
        draft: Option<&str>,
    ) {
        let endpoint = self.endpoint.get_value();
        self.inner.update_value(|i| {
            if !i.targets.iter().any(|(sid, _)| sid == id) {
                i.targets.extend(from.map(|t| (id.to_string(), t)));
            }
        });
        self.change(|t, now| {
            t.submit(&mut Local, id, &endpoint, body, label, draft, now);
        });
        self.tick();
    }

    /// Whether another widget still on this page submitted `id` (so it is that widget's to
    /// show); once that widget is gone, any widget of the person shows it.
    pub fn sent_by_other(&self, id: &str, me: Option<&web_sys::EventTarget>) -> bool {
        self.inner.with_value(|i| {
            i.targets.iter().any(|(sid, t)| {
                let here = t
                    .dyn_ref::<web_sys::Node>()
                    .is_some_and(|n| n.is_connected());
                sid == id && Some(t) != me && here
            })
        })
    }

    /// Tries every waiting entry now (the reviewer pressed "Try again"); in a tab that does
    /// not send, the sender is asked to.
    pub fn retry_now(&self) {
        self.change(|t, now| t.resume(&mut Local, now, true));
        self.tick();
    }

    /// Forgets an entry the reviewer has dealt with (a refused one they downloaded).
    pub fn dismiss(&self, id: &str) {
        self.change(|t, _| t.dismiss(&mut Local, id));
    }

    /// Applies `f` to this person's outbox, then shows the result.
    fn change(&self, f: impl FnOnce(&mut Tab, i64)) {
        self.inner
            .update_value(|i| f(&mut i.tab, browser::now_ms()));
        self.publish();
    }

    fn publish(&self) {
        let (entries, unsaved, sender) = self.inner.with_value(|i| {
            (
                i.tab.outbox.entries.clone(),
                i.tab.unsaved.clone(),
                i.tab.sender,
            )
        });
        self.entries.set(entries);
        self.unsaved.set(unsaved);
        self.sending_tab.set(sender);
    }

    /// Sends what is due, or sleeps until something will be; nothing while none of this
    /// person's widgets is on the page.
    fn tick(self) {
        let now = browser::now_ms();
        let c = self;
        let due = self.inner.try_update_value(|i| {
            if let Some(t) = i.timer.take() {
                browser::clear_timeout(t);
            }
            if i.widgets == 0 {
                return None;
            }
            let due = i.tab.take_due(&mut Local, now);
            if due.is_none() {
                i.timer = i
                    .tab
                    .wait_ms(now)
                    .map(|ms| browser::set_timeout(ms, Box::new(move || c.tick())));
            }
            due.map(|s| {
                let auth = authorization_for(&s.endpoint, &i.authorizations).map(str::to_string);
                (s, auth, i.policy)
            })
        });
        let Some(Some((send, auth, policy))) = due else {
            return;
        };
        self.publish();
        let id = send.id.clone();
        browser::post_json(
            &send.endpoint,
            &send.body,
            &send.id,
            auth,
            policy.timeout_ms,
            move |outcome| {
                let random = js_sys::Math::random();
                let settled = self.inner.try_update_value(|i| {
                    i.tab.settle(
                        &mut Local,
                        &id,
                        &outcome,
                        browser::now_ms(),
                        random,
                        &policy,
                    )
                });
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
