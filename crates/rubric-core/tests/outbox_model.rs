//! Model-based test of the outbox as it ships (docs/promises.md, P2–P4): several tabs of one
//! device, each a `rubric_core::delivery::outbox::Tab` over one shared storage, with the Web Lock that
//! makes one tab per person the sender and the `storage` events that carry one tab's writes to
//! the others. Random sequences of page loads (two people, two endpoints), submits, double
//! clicks, server answers, lost acknowledgements, timeouts, full storage, offline spells and
//! "Try again now" in any tab run against model servers that deduplicate on the id.
//!
//! After every step: nothing reported delivered is missing from its server (P2); every
//! submission's answers are on its server, in a stored entry or still in the draft (no silent
//! loss); a server never sees two bodies for one id and one intent never becomes two entries
//! (P3); an entry goes only to the endpoint it was submitted for, only from a tab of the person
//! it belongs to, and is shown only to that person; a tab that does not send never overwrites
//! an entry. At the end, with everything healed, all that was not refused is delivered.

use proptest::prelude::*;
use rubric_core::delivery::outbox::{
    entry_key, Entry, Outcome, Owner, RetryPolicy, Status, Storage, Tab, KEY_PREFIX,
};
use std::collections::BTreeMap;

const PEOPLE: [&str; 2] = ["ann", "bo:b"];
const ENDPOINTS: [&str; 2] = ["https://a.example/api/v1", "https://a.example/api/v2?x=1"];
const TABS: usize = 3;

#[derive(Debug, Clone)]
enum Fate {
    /// The server stores it (or already had it) and the answer arrives.
    Stored,
    /// The server stores it, then the connection drops before the answer.
    LostAck,
    /// The request never reaches the server.
    NoNetwork,
    /// The server answers with a retryable status (409: the key is still being processed).
    Busy(u16, Option<u64>),
    /// The server refuses it for good.
    Refused,
    Unauthorized,
    /// A redirect to a login page.
    Redirected,
}

#[derive(Debug, Clone)]
enum Op {
    /// A page with a widget for a person and an endpoint loads in a tab (replacing its page).
    Open(usize, usize, usize),
    Close(usize),
    Submit(usize),
    /// The latest intent submitted again from the same tab (double click).
    Resubmit(usize),
    /// The driver of a tab sends whatever is due.
    Send(usize),
    /// The oldest request on the wire meets its fate.
    Reply(Fate),
    Advance(u32),
    /// The `storage` events pending for one tab reach it.
    Events(usize),
    StorageFull(bool),
    Offline(bool),
    /// "Try again now" (or fresh credentials) in a tab.
    TryAgain(usize),
    /// The reviewer removes a refused entry they downloaded.
    Dismiss(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let fate = prop_oneof![
        3 => Just(Fate::Stored),
        2 => Just(Fate::LostAck),
        2 => Just(Fate::NoNetwork),
        2 => (prop::sample::select(vec![408u16, 409, 425, 429, 500, 502, 503, 504]), prop::option::of(0u64..120_000)).prop_map(|(s, r)| Fate::Busy(s, r)),
        1 => Just(Fate::Refused),
        1 => Just(Fate::Unauthorized),
        1 => Just(Fate::Redirected),
    ];
    let tab = 0..TABS;
    prop_oneof![
        2 => (tab.clone(), 0..PEOPLE.len(), 0..ENDPOINTS.len()).prop_map(|(t, p, e)| Op::Open(t, p, e)),
        1 => tab.clone().prop_map(Op::Close),
        3 => tab.clone().prop_map(Op::Submit),
        1 => tab.clone().prop_map(Op::Resubmit),
        4 => tab.clone().prop_map(Op::Send),
        4 => fate.prop_map(Op::Reply),
        2 => (0u32..200_000).prop_map(Op::Advance),
        3 => tab.clone().prop_map(Op::Events),
        1 => any::<bool>().prop_map(Op::StorageFull),
        1 => any::<bool>().prop_map(Op::Offline),
        1 => tab.clone().prop_map(Op::TryAgain),
        1 => tab.prop_map(Op::Dismiss),
    ]
}

/// The device's storage, shared by every tab; each write becomes a `storage` event for the
/// other tabs.
#[derive(Default)]
struct Device {
    map: BTreeMap<String, String>,
    full: bool,
    /// Each tab's pending `storage` events (key, new value): every write is queued for the
    /// pages open at that moment but the writer's, and each tab hears its own in its own time.
    events: [Vec<(String, Option<String>)>; TABS],
    /// Which tabs have a page open.
    open: [bool; TABS],
}

impl Device {
    fn notify(&mut self, writer: usize, key: &str, value: Option<&str>) {
        for t in (0..TABS).filter(|t| *t != writer && self.open[*t]) {
            self.events[t].push((key.to_string(), value.map(str::to_string)));
        }
    }
}

/// The storage as one tab sees it.
struct View<'a> {
    device: &'a mut Device,
    tab: usize,
    sender: bool,
}

impl Storage for View<'_> {
    fn get(&self, key: &str) -> Option<String> {
        self.device.map.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        if self.device.full {
            return false;
        }
        if key.starts_with(KEY_PREFIX) && !self.sender {
            // Only the sender writes an entry once it exists: others' copies may be stale.
            let existing = self.device.map.get(key).and_then(|t| Entry::from_json(t));
            assert!(
                existing.is_none_or(|e| e.status == Status::Delivered),
                "a tab that does not send overwrote {key}"
            );
        }
        self.device.map.insert(key.to_string(), value.to_string());
        self.device.notify(self.tab, key, Some(value));
        true
    }

    fn remove(&mut self, key: &str) {
        if self.device.map.remove(key).is_some() {
            self.device.notify(self.tab, key, None);
        }
    }

    fn keys(&self, prefix: &str) -> Vec<String> {
        self.device
            .map
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect()
    }
}

/// An open page: whose widget, which endpoint new submissions go to, and its outbox.
struct Page {
    person: usize,
    endpoint: usize,
    tab: Tab,
    generation: u32,
    /// Intents submitted from this page, the latest last.
    submitted: Vec<usize>,
}

/// A request on the wire.
struct Request {
    tab: usize,
    generation: u32,
    id: String,
    endpoint: String,
    body: String,
    /// Whose credentials went with it.
    person: String,
    sent_at: i64,
}

struct Intent {
    id: String,
    endpoint: String,
    person: String,
    body: String,
    draft: String,
    /// The reviewer removed it after it was refused (they downloaded it).
    dismissed: bool,
}

#[derive(Default)]
struct World {
    now: i64,
    device: Device,
    pages: [Option<Page>; TABS],
    /// Which tab holds each person's sender lock.
    locks: [Option<usize>; 2],
    offline: bool,
    /// Whether the browser has Web Locks; without them every tab sends.
    web_locks: bool,
    generation: u32,
    wire: Vec<Request>,
    /// Each endpoint's table: id → body.
    servers: BTreeMap<String, BTreeMap<String, String>>,
    intents: Vec<Intent>,
    random: u64,
}

const POLICY: RetryPolicy = RetryPolicy {
    base_ms: 1_000,
    cap_ms: 60_000,
    timeout_ms: 15_000,
};

fn owner(person: usize) -> Owner {
    Owner {
        namespace: String::new(),
        person: PEOPLE[person].to_string(),
    }
}

impl World {
    fn unit_random(&mut self) -> f64 {
        self.random = self
            .random
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.random >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Runs `f` on tab `t`'s outbox with the storage as that tab sees it.
    fn with_tab<R>(
        &mut self,
        t: usize,
        f: impl FnOnce(&mut Tab, &mut View, i64) -> R,
    ) -> Option<R> {
        let now = self.now;
        let page = self.pages[t].as_mut()?;
        let mut view = View {
            device: &mut self.device,
            tab: t,
            sender: !self.web_locks || self.locks[page.person] == Some(t),
        };
        Some(f(&mut page.tab, &mut view, now))
    }

    /// The Web Lock: the first open tab of a person holds it until its page goes. Without
    /// Web Locks every page sends from the start.
    fn grant_locks(&mut self) {
        if !self.web_locks {
            for t in 0..TABS {
                let waiting = self.pages[t].as_ref().is_some_and(|p| !p.tab.sender);
                if waiting {
                    self.with_tab(t, |tab, store, now| tab.become_sender(store, now));
                }
            }
            return;
        }
        for p in 0..PEOPLE.len() {
            if self.locks[p]
                .is_some_and(|t| self.pages[t].as_ref().is_some_and(|pg| pg.person == p))
            {
                continue;
            }
            self.locks[p] =
                (0..TABS).find(|t| self.pages[*t].as_ref().is_some_and(|pg| pg.person == p));
            if let Some(t) = self.locks[p] {
                self.with_tab(t, |tab, store, now| tab.become_sender(store, now));
            }
        }
    }

    fn close(&mut self, t: usize) {
        self.pages[t] = None;
        self.device.open[t] = false;
        self.device.events[t].clear();
        self.grant_locks();
    }

    fn open(&mut self, t: usize, person: usize, endpoint: usize) {
        self.close(t);
        self.generation += 1;
        self.device.open[t] = true;
        let tab = Tab::open(
            owner(person),
            &mut View {
                device: &mut self.device,
                tab: t,
                sender: false,
            },
        );
        self.pages[t] = Some(Page {
            person,
            endpoint,
            tab,
            generation: self.generation,
            submitted: Vec::new(),
        });
        self.grant_locks();
    }

    fn submit(&mut self, t: usize, again: bool) {
        let Some(page) = &self.pages[t] else { return };
        let k = match (again, page.submitted.last()) {
            (true, Some(k)) => *k,
            (true, None) => return,
            (false, _) => {
                let n = self.intents.len();
                let draft = format!("draft:{n}");
                // The draft was saved while there was room, before the submit.
                self.device
                    .map
                    .insert(draft.clone(), format!("answers {n}"));
                self.intents.push(Intent {
                    id: format!("id-{n}"),
                    endpoint: ENDPOINTS[page.endpoint].to_string(),
                    person: PEOPLE[page.person].to_string(),
                    body: format!("{{\"n\":{n}}}"),
                    draft,
                    dismissed: false,
                });
                n
            }
        };
        if let Some(page) = self.pages[t].as_mut() {
            page.submitted.push(k);
        }
        let i = &self.intents[k];
        let (id, endpoint, body, draft) = (
            i.id.clone(),
            i.endpoint.clone(),
            i.body.clone(),
            i.draft.clone(),
        );
        self.with_tab(t, |tab, store, now| {
            tab.submit(store, &id, &endpoint, &body, "", Some(&draft), now)
        });
    }

    fn send(&mut self, t: usize) {
        if self.offline || self.wire.iter().any(|r| r.tab == t && self.live(r)) {
            return;
        }
        let Some(Some(s)) = self.with_tab(t, |tab, store, now| tab.take_due(store, now)) else {
            return;
        };
        let page = self.pages[t].as_ref().expect("the tab sent, so it is open");
        self.wire.push(Request {
            tab: t,
            generation: page.generation,
            id: s.id,
            endpoint: s.endpoint,
            body: s.body,
            person: PEOPLE[page.person].to_string(),
            sent_at: self.now,
        });
    }

    fn live(&self, r: &Request) -> bool {
        self.pages[r.tab]
            .as_ref()
            .is_some_and(|p| p.generation == r.generation)
    }

    /// The model server of an endpoint: stores a new id, replays a known one.
    fn serve(&mut self, r: &Request) -> u16 {
        let intent = self
            .intents
            .iter()
            .find(|i| i.id == r.id)
            .expect("an intended id");
        assert_eq!(
            r.endpoint, intent.endpoint,
            "{} went to another endpoint",
            r.id
        );
        assert_eq!(
            r.person, intent.person,
            "{} sent with another person's credentials",
            r.id
        );
        let table = self.servers.entry(r.endpoint.clone()).or_default();
        match table.get(&r.id) {
            None => {
                table.insert(r.id.clone(), r.body.clone());
                201
            }
            Some(stored) => {
                assert_eq!(
                    stored, &r.body,
                    "P3: the same id arrived with a different body"
                );
                200
            }
        }
    }

    fn reply(&mut self, fate: Fate) {
        if self.wire.is_empty() {
            return;
        }
        let req = self.wire.remove(0);
        let response = |status: u16, message: &str| Outcome::Response {
            status,
            retry_after_ms: None,
            message: message.to_string(),
        };
        let outcome = match fate {
            Fate::Stored => response(self.serve(&req), ""),
            Fate::LostAck => {
                self.serve(&req);
                Outcome::Offline
            }
            Fate::NoNetwork => Outcome::Offline,
            Fate::Busy(status, retry_after_ms) => Outcome::Response {
                status,
                retry_after_ms,
                message: String::new(),
            },
            Fate::Refused => response(422, "answers: invalid"),
            Fate::Unauthorized => response(401, ""),
            Fate::Redirected => Outcome::Redirected,
        };
        if self.live(&req) {
            let r = self.unit_random();
            let settled = self.with_tab(req.tab, |tab, store, now| {
                tab.settle(store, &req.id, &outcome, now, r, &POLICY)
            });
            if outcome == Outcome::Redirected {
                // A redirect asks for credentials for an entry this tab was sending. Without
                // Web Locks two tabs may send one entry: when the other tab's copy was stored
                // and this tab has heard so, the late redirect finds it delivered (or gone from
                // the tab, a tombstone) and must leave it so. (Found by a random case: two tabs,
                // full storage, one reply stored, then the other redirected.)
                let status = settled.flatten().map(|e| e.status);
                assert!(
                    matches!(status, None | Some(Status::NeedsAuth | Status::Delivered)),
                    "a redirect asks for credentials, got {status:?}"
                );
                if status.is_none() || status == Some(Status::Delivered) {
                    let delivered = self
                        .servers
                        .get(&req.endpoint)
                        .is_some_and(|t| t.contains_key(&req.id));
                    assert!(
                        delivered,
                        "a redirect left {} neither waiting nor delivered",
                        req.id
                    );
                }
            }
        }
    }

    fn advance(&mut self, ms: u32) {
        self.now += i64::from(ms);
        // A driver gives up on a request after the timeout; it stays on the wire, and its fate
        // may still reach the server later (the lost acknowledgement).
        let mut overdue = Vec::new();
        for r in &mut self.wire {
            let live = self.pages[r.tab]
                .as_ref()
                .is_some_and(|p| p.generation == r.generation);
            if live && self.now - r.sent_at >= POLICY.timeout_ms as i64 {
                r.generation = u32::MAX; // nobody listens any more
                overdue.push((r.tab, r.id.clone()));
            }
        }
        for (t, id) in overdue {
            let r = self.unit_random();
            let timeout = Outcome::TimedOut;
            self.with_tab(t, |tab, store, now| {
                tab.settle(store, &id, &timeout, now, r, &POLICY)
            });
        }
    }

    fn events(&mut self, t: usize) {
        // One at a time: handling an event may write, which queues events for the others.
        while !self.device.events[t].is_empty() {
            let (key, value) = self.device.events[t].remove(0);
            self.with_tab(t, |tab, store, now| {
                tab.on_storage(store, &key, value.as_deref(), now)
            });
        }
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Open(t, p, e) => self.open(t, p, e),
            Op::Close(t) => self.close(t),
            Op::Submit(t) => self.submit(t, false),
            Op::Resubmit(t) => self.submit(t, true),
            Op::Send(t) => self.send(t),
            Op::Reply(f) => self.reply(f),
            Op::Advance(ms) => self.advance(ms),
            Op::Events(t) => self.events(t),
            Op::StorageFull(b) => self.device.full = b,
            Op::Offline(b) => {
                self.offline = b;
                if !b {
                    for t in 0..TABS {
                        self.with_tab(t, |tab, store, now| tab.resume(store, now, false));
                    }
                }
            }
            Op::TryAgain(t) => {
                self.with_tab(t, |tab, store, now| tab.resume(store, now, true));
            }
            Op::Dismiss(t) => {
                let failed = self.pages[t].as_ref().and_then(|p| {
                    p.tab
                        .outbox
                        .entries
                        .iter()
                        .find(|e| matches!(e.status, Status::Failed { .. }))
                        .map(|e| e.id.clone())
                });
                if let Some(id) = failed {
                    self.intents
                        .iter_mut()
                        .filter(|i| i.id == id)
                        .for_each(|i| i.dismissed = true);
                    self.with_tab(t, |tab, store, _| tab.dismiss(store, &id));
                }
            }
        }
    }

    fn on_server(&self, i: &Intent) -> bool {
        self.servers
            .get(&i.endpoint)
            .is_some_and(|s| s.contains_key(&i.id))
    }

    fn check(&self) {
        for page in self.pages.iter().flatten() {
            for (n, e) in page.tab.outbox.entries.iter().enumerate() {
                // Shown only to the person it belongs to.
                assert_eq!(
                    e.owner.person, PEOPLE[page.person],
                    "{} shown to another person",
                    e.id
                );
                let intent = self
                    .intents
                    .iter()
                    .find(|i| i.id == e.id)
                    .expect("an intended id");
                assert_eq!(e.endpoint, intent.endpoint);
                // P2: "delivered" only for what the server has.
                if e.status == Status::Delivered {
                    assert!(
                        self.on_server(intent),
                        "P2: {} shown delivered but not on the server",
                        e.id
                    );
                }
                // P3: one intent, one entry.
                assert!(
                    !page.tab.outbox.entries[..n].iter().any(|x| x.id == e.id),
                    "P3: {} queued twice",
                    e.id
                );
            }
        }
        for i in &self.intents {
            let stored = self
                .device
                .map
                .get(&entry_key(&i.id))
                .and_then(|t| Entry::from_json(t));
            if let Some(e) = &stored {
                // The draft goes once the entry is stored, and a delivery keeps no answers.
                assert!(
                    !self.device.map.contains_key(&i.draft),
                    "{}: stored, yet its draft stays",
                    i.id
                );
                if e.status == Status::Delivered {
                    assert!(e.body.is_empty(), "{}: delivered, yet its body stays", i.id);
                }
            }
        }
        // No silent loss: the answers are on the server, in a stored entry, or in the draft.
        for i in self.intents.iter().filter(|i| !i.dismissed) {
            let stored = self
                .device
                .map
                .get(&entry_key(&i.id))
                .and_then(|t| Entry::from_json(t))
                .is_some_and(|e| e.body == i.body);
            let draft = self.device.map.contains_key(&i.draft);
            assert!(self.on_server(i) || stored || draft, "{} was lost", i.id);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn outbox_keeps_its_promises(
        ops in prop::collection::vec(op(), 0..100),
        seed in any::<u64>(),
        web_locks in prop::bool::weighted(0.8),
    ) {
        let mut w = World { random: seed, web_locks, ..World::default() };
        for op in ops {
            w.apply(op);
            w.check();
        }
        // Heal everything and let the drivers run; pages stay open (what lives only in a
        // page's memory must get out too), and each person without a page opens one.
        w.device.full = false;
        w.offline = false;
        for p in 0..PEOPLE.len() {
            let pages_of = |w: &World, q: usize| w.pages.iter().flatten().filter(|pg| pg.person == q).count();
            if pages_of(&w, p) > 0 {
                continue;
            }
            // A free tab, or one of someone who has another.
            let spare = (0..TABS).find(|t| match &w.pages[*t] {
                None => true,
                Some(pg) => pages_of(&w, pg.person) > 1,
            });
            w.open(spare.expect("3 tabs, 2 people"), p, 0);
        }
        for t in 0..TABS {
            w.with_tab(t, |tab, store, now| tab.resume(store, now, true));
        }
        for _ in 0..500 {
            for t in 0..TABS {
                w.events(t);
            }
            // Work left: something to send, or a state storage has not taken yet.
            let busy = w.pages.iter().flatten().any(|p| {
                !p.tab.unsaved.is_empty()
                    || p.tab.outbox.entries.iter().any(|e| matches!(e.status, Status::Queued | Status::Sending | Status::NeedsAuth))
            });
            if !busy && w.wire.is_empty() {
                break;
            }
            for t in 0..TABS {
                w.send(t);
            }
            while !w.wire.is_empty() {
                w.reply(Fate::Stored); // a healthy network answers before any timeout
            }
            w.check();
            w.advance(60_000);
            for t in 0..TABS {
                w.with_tab(t, |tab, store, now| tab.resume(store, now, true));
            }
        }
        for page in w.pages.iter().flatten() {
            for e in &page.tab.outbox.entries {
                prop_assert!(matches!(e.status, Status::Delivered | Status::Failed { .. }), "{} stuck: {:?}", e.id, e.status);
            }
        }
        // Everything not refused arrived at its own endpoint, or its answers are still in the
        // draft for the reviewer to submit again.
        for i in w.intents.iter().filter(|i| !i.dismissed) {
            let stored = w.device.map.get(&entry_key(&i.id)).and_then(|t| Entry::from_json(t));
            let failed = stored.as_ref().is_some_and(|e| matches!(e.status, Status::Failed { .. }));
            let draft = w.device.map.contains_key(&i.draft);
            prop_assert!(failed || draft || w.on_server(i), "{} neither delivered nor kept", i.id);
        }
    }
}

/// The case a random run found (kept, since the random search may not meet it again): two tabs
/// of one person without Web Locks both send one entry, storage is full, the first request is
/// stored, the second tab hears of it, then its own request is redirected. The late redirect
/// must leave the delivered entry delivered, not ask for credentials.
#[test]
fn a_late_redirect_after_another_tab_delivered_changes_nothing() {
    let mut w = World {
        random: 0,
        web_locks: false,
        ..World::default()
    };
    for op in [
        Op::Open(1, 0, 0),
        Op::Submit(1),
        Op::Open(0, 0, 0),
        Op::Send(1),
        Op::Send(0),
        Op::StorageFull(true),
        Op::Reply(Fate::Stored),
        Op::Events(0),
        Op::Reply(Fate::Redirected),
    ] {
        w.apply(op);
        w.check();
    }
}
