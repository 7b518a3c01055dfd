//! Drafts: the unfinished form, saved on every change and restored after a reload.

use crate::answer::Answer;
use crate::rubric::Rubric;
use crate::task::Task;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What is saved. Small and self-describing so an old draft can be checked before it is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Draft {
    /// The draft format version; a draft of another version is ignored.
    pub v: u32,
    pub answers: BTreeMap<String, Answer>,
    pub started_at_ms: i64,
    pub active_ms: u64,
    pub saved_at_ms: i64,
}

/// Current draft format version.
pub const DRAFT_VERSION: u32 = 1;

/// The storage key: one draft per rubric version, task and annotator.
pub fn key(rubric: &Rubric, task: &Task, annotator: &str) -> String {
    format!(
        "rubric-widget:draft:v{DRAFT_VERSION}:{}@{}:{}:{annotator}",
        rubric.id, rubric.version, task.id
    )
}

impl Draft {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a saved draft, keeping only answers that still fit the rubric and task. Anything
    /// unreadable yields `None`: a broken draft must never stop the form from loading.
    pub fn restore(text: &str, rubric: &Rubric, task: &Task) -> Option<Draft> {
        // Through `Value`, whose deserializer the rubric parser already brings into the wasm,
        // rather than straight from text, which would add a second copy of it (about 25 KB).
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let mut d = Draft::deserialize(&value).ok()?;
        if d.v != DRAFT_VERSION {
            return None;
        }
        d.answers
            .retain(|id, a| rubric.criterion(id).is_some_and(|c| a.fits(c, task)));
        Some(d)
    }
}
