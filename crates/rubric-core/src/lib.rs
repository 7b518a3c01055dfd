//! The pure core of the rubric widget.
//!
//! Everything a reviewer's data passes through lives here, free of any browser API, so that it
//! compiles natively and to wasm32 and is tested natively in seconds:
//! text → [`json`] (syntax, positions) → [`parse`] (size limits, the shape of every object,
//! decoding, every semantic rule; each issue with its path and line:column) → [`rubric`] /
//! [`task`] models → [`answer`] (what the reviewer chose, conditions, form rules) →
//! [`submission`] (the versioned JSON contract).
//! [`markdown`] turns untrusted text into a node tree whose every URL passed [`url_policy`].

pub mod agreement;
pub mod answer;
pub mod attempt;
pub mod calibration;
pub mod condition;
pub mod draft;
pub mod i18n;
pub mod ids;
pub mod json;
pub mod lint;
pub mod markdown;
pub mod messages;
pub mod outbox;
pub mod parse;
pub mod path;
pub mod quiz;
pub mod report;
pub mod rubric;
pub mod schema;
mod shape;
pub mod submission;
pub mod suggest;
pub mod task;
pub mod time;
pub mod url_policy;
mod validate;

pub use answer::{Answer, Check, FieldIssue};
pub use parse::{parse_rubric, parse_task, Limits};
pub use report::{Issue, Report, Severity};
pub use rubric::{Criterion, CriterionKind, Rubric};
pub use submission::Submission;
pub use task::Task;

/// The major version of the rubric, task and submission formats this crate reads and writes.
pub const SCHEMA_MAJOR: u32 = 1;
/// The contract version written into every submission.
pub const SCHEMA_VERSION: &str = "1.0";
/// Name reported in `submission.client.name`.
pub const CLIENT_NAME: &str = "rubric-widget";
