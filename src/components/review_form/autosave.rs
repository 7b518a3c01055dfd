//! The draft in `localStorage`: restored when the form opens, rewritten shortly after answers
//! change and at once when the page is hidden or left (docs/promises.md, P5).

use super::active_time::ActiveTime;
use super::host::Host;
use super::Stage;
use crate::browser;
use leptos::prelude::*;
use rubric_core::document::output::WriteJson;
use rubric_core::form::draft::{self, Draft};
use rubric_core::form::rules::answers_by_id;
use rubric_core::{Answer, Rubric, Task};
use std::collections::BTreeMap;
use std::sync::Arc;

thread_local! {
    /// The drafts this page has opened a form on. A form mounted again in the same page (the
    /// demo's language switch remounts it) finds its draft as the reviewer's work of a moment
    /// ago: it is shown, not announced as "restored", which read as if the page had been left.
    static OPENED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What the form starts from.
pub struct Restored {
    /// The draft's key: one per rubric, task, annotator and namespace.
    pub key: String,
    /// Whether `localStorage` can be written at all (else the form warns: nothing is kept).
    pub storage_ok: bool,
    pub answers: BTreeMap<String, Answer>,
    /// When the review started: the draft's start, else now.
    pub started_at_ms: i64,
    /// The active time the draft had counted.
    pub active_ms: u64,
    /// When the draft was saved, if it held answers and comes from an earlier page (the form
    /// says it was restored).
    pub restored_at: Option<i64>,
}

/// Reads the saved draft of this review, if it still fits the rubric and task; `discard` (the
/// host called `reset()`) deletes it instead.
pub fn use_draft(
    rubric: &Rubric,
    task: &Task,
    annotator: &str,
    namespace: &str,
    discard: bool,
) -> Restored {
    let storage_ok = browser::storage_works();
    let key = draft::key(rubric, task, annotator, namespace);
    if discard {
        browser::remove(&key);
    }
    let restored = browser::load(&key).and_then(|t| Draft::restore(&t, rubric, task));
    let started_at_ms = restored
        .as_ref()
        .map_or_else(browser::now_ms, |d| d.started_at_ms);
    // A list: a page opens a form per task, a few hundred in a day at most.
    let opened_before = OPENED.with(|o| {
        let mut o = o.borrow_mut();
        let seen = o.contains(&key);
        if !seen {
            o.push(key.clone());
        }
        seen
    });
    let restored_at = restored
        .as_ref()
        .filter(|d| !d.answers.is_empty() && !opened_before)
        .map(|d| d.saved_at_ms);
    let active_ms = restored.as_ref().map_or(0, |d| d.active_ms);
    Restored {
        key,
        storage_ok,
        answers: restored.map(|d| d.answers).unwrap_or_default(),
        started_at_ms,
        active_ms,
        restored_at,
    }
}

/// How long after a change the draft is written and the host told (`rubric-change`), at most.
/// Writing on every keystroke cost time proportional to the whole form (every answer collected,
/// serialised twice, and a `localStorage` write) on each key; now a burst of changes costs one
/// write. The page being hidden or left writes at once, so closing the tab loses nothing.
const SAVE_AFTER_MS: u64 = 250;

/// Rewrites the draft at `key` after answers change while the form is being edited (at most
/// [`SAVE_AFTER_MS`] later, and at once when the page is hidden or left), and tells the host of
/// the change at the same moment. One write collects the answers once and tells the host before
/// the draft is written. Returns why the last save failed, if it did (storage full), for the
/// form to show, and how to do the pending write now: a submit does it first, so the draft
/// holds the last change until the outbox has the submission (P2).
pub fn use_draft_saving(
    key: String,
    storage_ok: bool,
    rubric: Arc<Rubric>,
    answers: Arc<Vec<RwSignal<Option<Answer>>>>,
    stage: RwSignal<Stage>,
    time: ActiveTime,
    host: Host,
) -> Autosave<impl Fn() + Clone + 'static> {
    let save_error = RwSignal::new(None::<String>);
    let draft_key = key.clone();
    // The timer of the write to come (`browser::set_timeout`'s handle).
    let pending = StoredValue::new(None::<i32>);
    let write = {
        let answers = answers.clone();
        move || {
            let Some(Some(timer)) = pending.try_update_value(Option::take) else {
                return; // nothing changed since the last write, or the form is gone
            };
            browser::clear_timeout(timer);
            if stage.get_untracked() != Stage::Editing {
                return; // submitted: the outbox has the answers, the draft goes with it
            }
            let f = answers_by_id(&rubric, answers.iter().map(|a| a.get_untracked()));
            host.changed(&f);
            if !storage_ok || (f.is_empty() && browser::load(&key).is_none()) {
                return; // nowhere to keep it, or nothing to keep yet
            }
            let d = Draft {
                v: draft::DRAFT_VERSION,
                answers: f,
                started_at_ms: time.started_at_ms,
                active_ms: time.active_ms(),
                saved_at_ms: browser::now_ms(),
            };
            save_error.set(browser::save(&key, &d.to_json()).err());
        }
    };
    let later = write.clone();
    // One effect per answer, each following only its own signal: a change wakes one effect
    // (one effect over every answer re-subscribed to all of them on each change). The first
    // run is the form as loaded; a change starts the write unless one is already on its way.
    for &a in answers.iter() {
        let write = write.clone();
        crate::components::follow(Box::new(move |first| {
            a.track();
            if first || pending.with_value(Option::is_some) {
                return;
            }
            let now = write.clone();
            pending.set_value(Some(browser::set_timeout(SAVE_AFTER_MS, Box::new(now))));
        }));
    }
    let (hidden, leaving, now) = (later.clone(), later.clone(), later.clone());
    let hide = browser::on_window("visibilitychange", move |_| {
        if document().hidden() {
            hidden();
        }
    });
    let leave = browser::on_window("pagehide", move |_| leaving());
    // Unmounted (the host moved on): what is pending is written now, before the signals go.
    on_cleanup(move || {
        hide.remove();
        leave.remove();
        later();
    });
    Autosave {
        error: save_error,
        key: draft_key,
        save_now: now,
    }
}

/// The saved draft of a form being edited.
pub struct Autosave<F> {
    /// Why the last write failed, if it did; the form only reads it. The signal itself, not
    /// `read_only()`: a `ReadSignal` of this type would be code of its own in the wasm.
    pub error: RwSignal<Option<String>>,
    /// Its `localStorage` key.
    pub key: String,
    /// Does the pending write now, if there is one.
    pub save_now: F,
}
