//! Drafts: the unfinished form, saved on every change and restored after a reload.

use crate::delivery::outbox::key_part;
use crate::document::json;
use crate::document::output::json_output;
use crate::model::answer::Answer;
use crate::model::rubric::Rubric;
use crate::model::task::Task;
use std::collections::BTreeMap;

json_output! {
    /// What is saved. Small and self-describing so an old draft can be checked before it is
    /// used. Written with [`WriteJson::to_json`](crate::document::output::WriteJson::to_json);
    /// read back by [`Draft::restore`], which checks every answer against the rubric.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Draft {
        /// The draft format version; a draft of another version is ignored.
        pub v: u32,
        pub answers: BTreeMap<String, Answer>,
        pub started_at_ms: i64,
        pub active_ms: u64,
        pub saved_at_ms: i64,
    }
}

/// Current draft format version.
pub const DRAFT_VERSION: u32 = 1;

/// The storage key: one draft per rubric version, task, annotator and (when the host gives
/// one) outbox namespace, which keeps apart people a portal gives the same annotator id. Each
/// part is encoded ([`key_part`]), so ids containing `:` or `@` can never make two drafts
/// share a key; ids without them and no namespace give the key the first version used, so
/// existing drafts are still found.
pub fn key(rubric: &Rubric, task: &Task, annotator: &str, namespace: &str) -> String {
    let mut key = format!(
        "rubric-widget:draft:v{DRAFT_VERSION}:{}@{}:{}:{}",
        key_part(&rubric.id),
        key_part(&rubric.version),
        key_part(&task.id),
        key_part(annotator)
    );
    if !namespace.is_empty() {
        key.push(':');
        key.push_str(&key_part(namespace));
    }
    key
}

impl Draft {
    /// Reads a saved draft, keeping only answers that are readable and still fit the rubric
    /// and task. Anything else yields `None`: a broken draft must never stop the form loading.
    pub fn restore(text: &str, rubric: &Rubric, task: &Task) -> Option<Draft> {
        let root = json::parse(text).ok()?;
        if root.get("v")?.as_i64()? != i64::from(DRAFT_VERSION) {
            return None;
        }
        let mut answers = BTreeMap::new();
        for (id, a) in root.get("answers")?.as_object()? {
            let Some(a) = Answer::from_json(a) else {
                continue;
            };
            if rubric.criterion(&id.name).is_some_and(|c| a.fits(c, task)) {
                answers.insert(id.name.clone(), a);
            }
        }
        Some(Draft {
            v: DRAFT_VERSION,
            answers,
            started_at_ms: root.get("started_at_ms")?.as_i64()?,
            active_ms: u64::try_from(root.get("active_ms")?.as_i64()?).ok()?,
            saved_at_ms: root.get("saved_at_ms")?.as_i64()?,
        })
    }
}
