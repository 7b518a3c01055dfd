//! Injected faults, consumed one request at a time.

use crate::options::Options;
use std::sync::Mutex;

/// What to do with the next post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    Fail(u16),
    RetryAfter(u32),
    DropAfterStore,
    Hang,
}

impl Fault {
    /// Its name in the request log (`None`: no fault).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Fault::None => None,
            Fault::Fail(_) => Some("fail"),
            Fault::RetryAfter(_) => Some("retry_after"),
            Fault::DropAfterStore => Some("drop_after_store"),
            Fault::Hang => Some("hang"),
        }
    }
}

/// Remaining fault counts. Checked in a fixed order: hang, fail, 429, drop.
#[derive(Debug)]
pub struct Faults(Mutex<Counts>);

#[derive(Debug)]
struct Counts {
    hang: u32,
    fail: u32,
    fail_status: u16,
    retry_after: u32,
    retry_after_secs: u32,
    drop_after_store: u32,
}

impl Faults {
    pub fn new(o: &Options) -> Faults {
        Faults(Mutex::new(Counts {
            hang: o.hang_first,
            fail: o.fail_first,
            fail_status: o.fail_status,
            retry_after: o.retry_after_first,
            retry_after_secs: o.retry_after_secs,
            drop_after_store: o.drop_after_store_first,
        }))
    }

    /// The fault for the next post, counting it down.
    pub fn next(&self) -> Fault {
        let mut c = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let take = |n: &mut u32| {
            let hit = *n > 0;
            *n = n.saturating_sub(1);
            hit
        };
        if take(&mut c.hang) {
            Fault::Hang
        } else if take(&mut c.fail) {
            Fault::Fail(c.fail_status)
        } else if take(&mut c.retry_after) {
            Fault::RetryAfter(c.retry_after_secs)
        } else if take(&mut c.drop_after_store) {
            Fault::DropAfterStore
        } else {
            Fault::None
        }
    }
}
