//! The draft in `localStorage`: restored when the form opens, rewritten on every answer change
//! (docs/promises.md, P5).

use super::active_time::ActiveTime;
use super::host::Host;
use super::Stage;
use crate::browser;
use leptos::prelude::*;
use rubric_core::form::draft::{self, Draft};
use rubric_core::form::rules::answers_by_id;
use rubric_core::{Answer, Rubric, Task};
use std::collections::BTreeMap;
use std::sync::Arc;

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
    /// When the draft was saved, if it held answers (the form says it was restored).
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
    let restored_at = restored
        .as_ref()
        .filter(|d| !d.answers.is_empty())
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

/// Rewrites the draft at `key` whenever an answer changes while the form is being edited, and
/// tells the host of every change after the first render. One effect does both, so the answers
/// are collected once per change and the host hears of it before the draft is written.
/// Returns why the last save failed, if it did (storage full), for the form to show.
pub fn use_draft_saving(
    key: String,
    storage_ok: bool,
    rubric: Arc<Rubric>,
    answers: Arc<Vec<RwSignal<Option<Answer>>>>,
    stage: RwSignal<Stage>,
    time: ActiveTime,
    host: Host,
) -> ReadSignal<Option<String>> {
    let save_error = RwSignal::new(None::<String>);
    Effect::new(move |prev: Option<()>| {
        let answers_now: Vec<_> = answers.iter().map(|a| a.get()).collect();
        if stage.get() != Stage::Editing {
            return;
        }
        let f = answers_by_id(&rubric, answers_now);
        if prev.is_some() {
            host.changed(&f);
        }
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
    });
    save_error.read_only()
}
