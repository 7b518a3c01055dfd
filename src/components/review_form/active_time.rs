//! The review's clock: when it started and how long the reviewer was active
//! (`rubric_core::form::time::ActiveTimer`), for the draft and the submission.

use crate::browser;
use leptos::prelude::*;
use rubric_core::form::time::ActiveTimer;

/// When a review started and its active time so far. `Copy`, so every closure that records an
/// interaction or reads the time can hold one.
#[derive(Clone, Copy)]
pub struct ActiveTime {
    /// When the review started (a restored draft keeps its own start).
    pub started_at_ms: i64,
    timer: StoredValue<ActiveTimer>,
}

impl ActiveTime {
    /// Counts an interaction now. The keydown listener of `use_hotkeys` calls it, so keys count
    /// without a second keydown listener on the window.
    pub fn touch(self) {
        self.timer.update_value(|t| t.touch(browser::now_ms()));
    }

    /// The active time so far, untracked.
    pub fn active_ms(self) -> u64 {
        self.timer.with_value(|t| t.active_ms)
    }
}

/// Starts the clock at `started_at_ms` with `active_ms` already counted (from a draft), and
/// counts pointer presses and input anywhere on the page; a hidden page pauses it. The
/// listeners go when the form's owner is cleaned up.
pub fn use_active_time(started_at_ms: i64, active_ms: u64) -> ActiveTime {
    let time = ActiveTime {
        started_at_ms,
        timer: StoredValue::new(ActiveTimer::resume(active_ms)),
    };
    let pointer = browser::on_window("pointerdown", move |_| time.touch());
    let input = browser::on_window("input", move |_| time.touch());
    let visibility = browser::on_window("visibilitychange", move |_| {
        if document().hidden() {
            time.timer.update_value(ActiveTimer::pause);
        }
    });
    on_cleanup(move || {
        pointer.remove();
        input.remove();
        visibility.remove();
    });
    time
}
