//! The submission: the versioned JSON object that leaves the widget.

use crate::document::json::Writer;
use crate::form::rules::{form_issues, submitted_answers, FieldIssue};
use crate::model::answer::{write_answers, Answer};
use crate::model::rubric::Rubric;
use crate::model::task::Task;
use crate::text::i18n::Translate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One reviewer's finished review of one task. Field order is the documented order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RubricRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ClientInfo {
    pub name: String,
    pub version: String,
}

impl RubricRef {
    /// `{"id", "version"}`, as `Serialize` writes it.
    pub fn write(&self, w: &mut Writer) {
        w.begin_object();
        w.field_str("id", &self.id);
        w.field_str("version", &self.version);
        w.end_object();
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

    /// `{"name", "version"}`, as `Serialize` writes it.
    pub fn write(&self, w: &mut Writer) {
        w.begin_object();
        w.field_str("name", &self.name);
        w.field_str("version", &self.version);
        w.end_object();
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
    /// The JSON text sent and emitted: what `Serialize` writes (tested), built without a
    /// serializer so the wasm carries none.
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.begin_object();
        w.field_str("schema_version", &self.schema_version);
        w.field_str("submission_id", &self.submission_id);
        w.key("rubric");
        self.rubric.write(&mut w);
        w.field_str("task_id", &self.task_id);
        w.field_str("annotator", &self.annotator);
        w.key("answers");
        write_answers(&mut w, &self.answers);
        w.key("response_order");
        w.strs(&self.response_order);
        w.field_str("started_at", &self.started_at);
        w.field_str("submitted_at", &self.submitted_at);
        w.field_int(
            "active_ms",
            i64::try_from(self.active_ms).unwrap_or(i64::MAX),
        );
        w.key("client");
        self.client.write(&mut w);
        w.end_object();
        w.finish()
    }

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
        Ok(Submission {
            schema_version: crate::SCHEMA_VERSION.to_string(),
            submission_id: ctx.submission_id,
            rubric: RubricRef {
                id: rubric.id.clone(),
                version: rubric.version.clone(),
            },
            task_id: task.id.clone(),
            annotator: ctx.annotator.to_string(),
            answers: submitted_answers(rubric, answers),
            response_order: ctx.response_order,
            started_at: crate::form::time::rfc3339(ctx.started_at_ms),
            submitted_at: crate::form::time::rfc3339(ctx.submitted_at_ms),
            active_ms: ctx.active_ms,
            client: ClientInfo::this(ctx.client_version),
        })
    }
}
