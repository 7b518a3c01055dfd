//! The submission: the versioned JSON object that leaves the widget, written with
//! [`WriteJson::to_json`](crate::document::output::WriteJson::to_json) (the same text as
//! serde's, tested).

use crate::document::output::json_output;
use crate::form::rules::{form_issues, submitted_answers, FieldIssue};
use crate::model::answer::Answer;
use crate::model::rubric::Rubric;
use crate::model::task::Task;
use crate::text::i18n::{Msg, Translate};
use crate::text::messages as msg;
use std::collections::BTreeMap;

json_output! {
    /// One reviewer's finished review of one task. Field order is the documented order.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Submission {
        /// The contract version, [`crate::SCHEMA_VERSION`].
        pub schema_version: String,
        /// A UUID v4 made once per submit intent; the backend deduplicates on it.
        pub submission_id: String,
        pub rubric: RubricRef,
        pub task_id: String,
        pub annotator: String,
        /// Answered, visible criteria only, keyed by criterion id.
        pub answers: BTreeMap<String, Answer>,
        /// Response ids in the order this reviewer saw them.
        pub response_order: Vec<String>,
        pub started_at: String,
        pub submitted_at: String,
        pub active_ms: u64,
        pub client: ClientInfo,
        /// Present when the reviewer declined the task instead of reviewing it ("can't
        /// assess"); `answers` is then empty. Added in contract 1.1: readers of 1.0 ignore it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub skipped: Option<Skipped>,
        /// Who rated, when it was not a person: a model acting as a judge writes its
        /// submissions itself with `{"kind": "model", "model": …, "prompt_version": …}`, so the
        /// agreement report can set judges beside humans. The widget never writes it (a person
        /// filled its form); absent means a human. Added in contract 1.1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rater: Option<RaterInfo>,
    }
}

json_output! {
    /// Who or what produced a submission.
    #[derive(Debug, Clone, PartialEq)]
    pub struct RaterInfo {
        /// `"human"` or `"model"`.
        pub kind: String,
        /// The model's name and version, for a model.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub model: Option<String>,
        /// Which version of the judge prompt produced it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub prompt_version: Option<String>,
    }
}

json_output! {
    /// Why a task was not reviewed.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Skipped {
        /// A `value` of the rubric's `skip_reasons`; without them one of the default reasons:
        /// `expertise`, `unreadable`, `language`, `other`.
        pub reason: String,
        /// The reviewer's own words, possibly empty.
        pub note: String,
    }
}

/// The reasons a reviewer may give for not assessing a task when the rubric names none: each
/// value as recorded and the message that shows it.
pub const DEFAULT_SKIP_REASONS: [(&str, Msg); 4] = [
    ("expertise", msg::skip_expertise),
    ("unreadable", msg::skip_unreadable),
    ("language", msg::skip_language),
    ("other", msg::skip_other),
];

/// The reasons offered for skipping a task under `rubric`: (value, label), in `tr`'s language.
pub fn skip_reasons(rubric: &Rubric, tr: &dyn Translate) -> Vec<(String, String)> {
    if rubric.skip_reasons.is_empty() {
        DEFAULT_SKIP_REASONS
            .iter()
            .map(|(v, m)| (v.to_string(), tr.t(*m)))
            .collect()
    } else {
        rubric
            .skip_reasons
            .iter()
            .map(|r| (r.value.clone(), r.label.clone()))
            .collect()
    }
}

json_output! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct RubricRef {
        pub id: String,
        pub version: String,
    }
}

json_output! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct ClientInfo {
        pub name: String,
        pub version: String,
    }
}

impl ClientInfo {
    /// This widget: `{"name": "rubric-widget", "version"}`.
    pub fn this(version: &str) -> ClientInfo {
        ClientInfo {
            name: crate::CLIENT_NAME.to_string(),
            version: version.to_string(),
        }
    }
}

/// What the form knows besides the answers when the reviewer submits.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub submission_id: String,
    pub annotator: &'a str,
    pub response_order: Vec<String>,
    pub started_at_ms: i64,
    pub submitted_at_ms: i64,
    pub active_ms: u64,
    pub client_version: &'a str,
}

impl Submission {
    /// Builds the submission, or returns every problem that blocks it, in `tr`'s language.
    pub fn build(
        rubric: &Rubric,
        task: &Task,
        answers: &BTreeMap<String, Answer>,
        ctx: Context<'_>,
        tr: &dyn Translate,
    ) -> Result<Submission, Vec<FieldIssue>> {
        let issues = form_issues(rubric, task, answers, tr);
        if !issues.is_empty() {
            return Err(issues);
        }
        Ok(Submission::new(
            rubric,
            task,
            submitted_answers(rubric, answers),
            ctx,
            None,
        ))
    }

    /// The submission of a task the reviewer declined, for `reason` (one of [`skip_reasons`]):
    /// no answers, whatever the form held.
    pub fn skip(
        rubric: &Rubric,
        task: &Task,
        reason: &str,
        note: &str,
        ctx: Context<'_>,
    ) -> Submission {
        let skipped = Skipped {
            reason: reason.to_string(),
            note: note.trim().to_string(),
        };
        Submission::new(rubric, task, BTreeMap::new(), ctx, Some(skipped))
    }

    fn new(
        rubric: &Rubric,
        task: &Task,
        answers: BTreeMap<String, Answer>,
        ctx: Context<'_>,
        skipped: Option<Skipped>,
    ) -> Submission {
        Submission {
            schema_version: crate::SCHEMA_VERSION.to_string(),
            submission_id: ctx.submission_id,
            rubric: RubricRef {
                id: rubric.id.clone(),
                version: rubric.version.clone(),
            },
            task_id: task.id.clone(),
            annotator: ctx.annotator.to_string(),
            answers,
            response_order: ctx.response_order,
            started_at: crate::form::time::rfc3339(ctx.started_at_ms),
            submitted_at: crate::form::time::rfc3339(ctx.submitted_at_ms),
            active_ms: ctx.active_ms,
            client: ClientInfo::this(ctx.client_version),
            skipped,
            rater: None,
        }
    }
}
