//! Drafts: the unfinished form, saved on every change and restored after a reload.

use crate::answer::Answer;
use crate::rubric::Rubric;
use crate::task::Task;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// What is saved. Small and self-describing so an old draft can be checked before it is used.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
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

    /// Reads a saved draft, keeping only answers that are readable and still fit the rubric
    /// and task. Anything else yields `None`: a broken draft must never stop the form loading.
    pub fn restore(text: &str, rubric: &Rubric, task: &Task) -> Option<Draft> {
        let value: Value = serde_json::from_str(text).ok()?;
        let o = value.as_object()?;
        if o.get("v")?.as_u64()? != u64::from(DRAFT_VERSION) {
            return None;
        }
        let mut answers = BTreeMap::new();
        for (id, a) in o.get("answers")?.as_object()? {
            let Some(a) = Answer::from_json(a) else {
                continue;
            };
            if rubric.criterion(id).is_some_and(|c| a.fits(c, task)) {
                answers.insert(id.clone(), a);
            }
        }
        Some(Draft {
            v: DRAFT_VERSION,
            answers,
            started_at_ms: o.get("started_at_ms")?.as_i64()?,
            active_ms: o.get("active_ms")?.as_u64()?,
            saved_at_ms: o.get("saved_at_ms")?.as_i64()?,
        })
    }
}
