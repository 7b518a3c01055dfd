//! Model-based test of the outbox (RELIABILITY.md P2 and P3): random sequences of submits,
//! double clicks, server answers, lost acknowledgements, timeouts, reloads, storage failures
//! and offline periods, against a model server that deduplicates on the submission id.
//!
//! After every step: nothing reported delivered is missing from the server (P2); every
//! submission the reviewer was told is saved is on the server or still in the persisted outbox
//! (no silent loss); the server never sees two bodies for one id, and one intent never becomes
//! two entries (P3). At the end, with the network healed, everything not refused is delivered.

use proptest::prelude::*;
use rubric_core::outbox::{Outbox, Outcome, RetryPolicy, Status};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Fate {
    /// The server stores it (or already had it) and the answer arrives.
    Stored,
    /// The server stores it, then the connection drops before the answer.
    LostAck,
    /// The request never reaches the server.
    NoNetwork,
    /// The server answers with a retryable status, optionally with Retry-After.
    Busy(u16, Option<u64>),
    /// The server refuses it for good.
    Refused,
    Unauthorized,
}

#[derive(Debug, Clone)]
enum Op {
    Submit,
    /// Submit the latest intent again (double click, or trying again after a storage error).
    Resubmit,
    /// The driver sends whatever is due.
    Send,
    /// The oldest outstanding request meets its fate.
    Reply(Fate),
    Advance(u32),
    Reload,
    StorageFails(bool),
    Offline(bool),
    Credentials,
}

fn op() -> impl Strategy<Value = Op> {
    let fate = prop_oneof![
        3 => Just(Fate::Stored),
        2 => Just(Fate::LostAck),
        2 => Just(Fate::NoNetwork),
        2 => (prop::sample::select(vec![408u16, 425, 429, 500, 502, 503, 504]), prop::option::of(0u64..120_000)).prop_map(|(s, r)| Fate::Busy(s, r)),
        1 => Just(Fate::Refused),
        1 => Just(Fate::Unauthorized),
    ];
    prop_oneof![
        3 => Just(Op::Submit),
        1 => Just(Op::Resubmit),
        4 => Just(Op::Send),
        4 => fate.prop_map(Op::Reply),
        2 => (0u32..200_000).prop_map(Op::Advance),
        1 => Just(Op::Reload),
        1 => any::<bool>().prop_map(Op::StorageFails),
        1 => any::<bool>().prop_map(Op::Offline),
        1 => Just(Op::Credentials),
    ]
}

/// A request on the wire: which submission, and whether the tab that sent it still listens.
struct Request {
    id: String,
    body: String,
    generation: u32,
    sent_at: i64,
}

#[derive(Default)]
struct World {
    now: i64,
    outbox: Outbox,
    persisted: String,
    storage_fails: bool,
    offline: bool,
    generation: u32,
    wire: Vec<Request>,
    /// The server's table: id → body.
    server: BTreeMap<String, String>,
    /// Every submit intent: (id, body, told the reviewer it is saved).
    intents: Vec<(String, String, bool)>,
    random: u64,
}

const POLICY: RetryPolicy = RetryPolicy {
    base_ms: 1_000,
    cap_ms: 60_000,
    timeout_ms: 15_000,
};

impl World {
    fn unit_random(&mut self) -> f64 {
        self.random = self
            .random
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.random >> 11) as f64 / (1u64 << 53) as f64
    }

    fn persist(&mut self) -> bool {
        if self.storage_fails {
            return false;
        }
        self.persisted = self.outbox.to_json();
        true
    }

    /// Written to the outbox and persisted before anything is sent, or the reviewer is told
    /// it was not saved (P2 step 2).
    fn submit(&mut self, k: usize) {
        let (id, body, _) = self.intents[k].clone();
        let before = self.outbox.clone();
        match self.outbox.enqueue(&id, &body, self.now) {
            Err(_) => {} // already queued: the second click changes nothing (P3)
            Ok(()) => {
                if self.persist() {
                    self.intents[k].2 = true;
                } else {
                    self.outbox = before; // not saved: the reviewer is told and may retry
                }
            }
        }
    }

    fn listening(&self) -> bool {
        self.wire.iter().any(|r| r.generation == self.generation)
    }

    fn send(&mut self) {
        if self.offline || self.listening() {
            return;
        }
        let Some(e) = self.outbox.next_due(self.now) else {
            return;
        };
        let (id, body) = (e.id.clone(), e.body.clone());
        self.outbox.begin(&id);
        self.persist();
        self.wire.push(Request {
            id,
            body,
            generation: self.generation,
            sent_at: self.now,
        });
    }

    /// The model server: stores a new id, replays a known one, refuses a changed body.
    fn serve(&mut self, id: &str, body: &str) -> u16 {
        match self.server.get(id) {
            None => {
                self.server.insert(id.to_string(), body.to_string());
                201
            }
            Some(stored) => {
                assert_eq!(
                    stored, body,
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
        let outcome = match fate {
            Fate::Stored => Outcome::Response {
                status: self.serve(&req.id, &req.body),
                retry_after_ms: None,
                message: String::new(),
            },
            Fate::LostAck => {
                self.serve(&req.id, &req.body);
                Outcome::NoResponse {
                    reason: "connection reset".into(),
                }
            }
            Fate::NoNetwork => Outcome::NoResponse {
                reason: "offline".into(),
            },
            Fate::Busy(status, retry_after_ms) => Outcome::Response {
                status,
                retry_after_ms,
                message: String::new(),
            },
            Fate::Refused => Outcome::Response {
                status: 422,
                retry_after_ms: None,
                message: "answers: invalid".into(),
            },
            Fate::Unauthorized => Outcome::Response {
                status: 401,
                retry_after_ms: None,
                message: String::new(),
            },
        };
        if req.generation == self.generation {
            let r = self.unit_random();
            self.outbox.settle(&req.id, &outcome, self.now, r, &POLICY);
            self.persist();
        }
    }

    fn advance(&mut self, ms: u32) {
        self.now += i64::from(ms);
        // The driver gives up on a request after the timeout; it stays on the wire, and its
        // fate may still reach the server later (the lost acknowledgement case).
        let overdue: Vec<String> = self
            .wire
            .iter_mut()
            .filter(|r| {
                r.generation == self.generation && self.now - r.sent_at >= POLICY.timeout_ms as i64
            })
            .map(|r| {
                r.generation = u32::MAX; // nobody listens any more
                r.id.clone()
            })
            .collect();
        for id in overdue {
            let r = self.unit_random();
            self.outbox.settle(
                &id,
                &Outcome::NoResponse {
                    reason: "timed out".into(),
                },
                self.now,
                r,
                &POLICY,
            );
            self.persist();
        }
    }

    fn reload(&mut self) {
        self.generation += 1;
        self.outbox = Outbox::from_json(&self.persisted).unwrap_or_default();
        self.outbox.recover(self.now);
        self.persist();
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Submit => {
                let n = self.intents.len();
                self.intents
                    .push((format!("id-{n}"), format!("{{\"n\":{n}}}"), false));
                self.submit(n);
            }
            Op::Resubmit => {
                if let Some(k) = self.intents.len().checked_sub(1) {
                    self.submit(k);
                }
            }
            Op::Send => self.send(),
            Op::Reply(f) => self.reply(f),
            Op::Advance(ms) => self.advance(ms),
            Op::Reload => self.reload(),
            Op::StorageFails(b) => self.storage_fails = b,
            Op::Offline(b) => {
                self.offline = b;
                if !b {
                    self.outbox.resume(self.now);
                }
            }
            Op::Credentials => self.outbox.credentials_updated(self.now),
        }
    }

    fn check(&self) {
        // P2: "delivered" only for what the server has.
        for e in &self.outbox.entries {
            if e.status == Status::Delivered {
                assert!(
                    self.server.contains_key(&e.id),
                    "P2: {} shown delivered but not on the server",
                    e.id
                );
            }
        }
        // No silent loss: what the reviewer was told is saved is on the server or persisted.
        let persisted = Outbox::from_json(&self.persisted).unwrap_or_default();
        for (id, _, saved) in &self.intents {
            if *saved {
                let kept = persisted.entries.iter().any(|e| &e.id == id);
                assert!(
                    self.server.contains_key(id) || kept,
                    "{id} was saved, then lost"
                );
            }
        }
        // P3: one intent, one entry; the server holds only intended ids.
        for (i, e) in self.outbox.entries.iter().enumerate() {
            assert!(
                !self.outbox.entries[..i].iter().any(|x| x.id == e.id),
                "P3: {} queued twice",
                e.id
            );
        }
        for id in self.server.keys() {
            assert!(self.intents.iter().any(|(i, _, _)| i == id));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn outbox_keeps_p2_and_p3(ops in prop::collection::vec(op(), 0..80), seed in any::<u64>()) {
        let mut w = World { random: seed, ..World::default() };
        for op in ops {
            w.apply(op);
            w.check();
        }
        // Heal everything and let the driver run: all that was saved and not refused arrives.
        w.storage_fails = false;
        w.offline = false;
        w.outbox.resume(w.now);
        w.outbox.credentials_updated(w.now);
        for _ in 0..500 {
            let busy = w.outbox.entries.iter().any(|e| matches!(e.status, Status::Queued | Status::Sending));
            if !busy && w.wire.is_empty() {
                break;
            }
            w.send();
            while !w.wire.is_empty() {
                w.reply(Fate::Stored); // a healthy network answers before any timeout
            }
            w.check();
            w.advance(60_000);
        }
        for e in &w.outbox.entries {
            prop_assert!(matches!(e.status, Status::Delivered | Status::Failed { .. }), "{} stuck: {:?}", e.id, e.status);
        }
        for (id, _, saved) in &w.intents {
            let failed = w.outbox.entries.iter().any(|e| &e.id == id && matches!(e.status, Status::Failed { .. }));
            if *saved && !failed {
                prop_assert!(w.server.contains_key(id), "{} saved but never delivered", id);
            }
        }
    }
}
