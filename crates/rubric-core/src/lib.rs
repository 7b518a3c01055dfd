//! The pure core of the rubric widget.
//!
//! Everything a reviewer's data passes through lives here, free of any browser API, so that it
//! compiles natively and to wasm32 and is tested natively in seconds. Grouped by concern:
//!
//! - [`document`]: text → JSON with positions → size limits, the shape of every object,
//!   decoding and every semantic rule ([`document::parse`]); each issue with its path and
//!   line:column. Also lints, JSON Schemas.
//! - [`model`]: the rubric, its conditions, the task and an answer as Rust types, valid by
//!   construction.
//! - [`form`]: one review being filled in: the rules over answers (visible, required, missing,
//!   canonical comparison), the draft, the submission contract, ids and time.
//! - [`calibration`]: quizzes, attempts, scoring against experts, agreement statistics.
//! - [`text`]: untrusted markdown as nodes, the URL allow-list, messages and languages.
//! - [`delivery`]: the outbox that gets each submission to its backend exactly once.
//! - [`report`]: the agreement report: submissions from any backend, per criterion, across
//!   every rater, human or model.
//! - [`authoring`]: the designer's editor help: colours, completion from the field tables,
//!   criterion snippets, indentation; tolerant of text that is not valid yet.
//!
//! Dependencies point down this list's reverse: `text`, `document::json` and
//! `document::output` depend on nothing here; `model` on `text`; `document` and `form` on
//! `model`; `calibration` and `delivery` on the rest; `report` on `calibration`; `authoring` on
//! `document` and `model`.

pub mod authoring;
pub mod calibration;
pub mod delivery;
pub mod document;
pub mod form;
pub mod model;
pub mod report;
pub mod text;

pub use document::parse::{parse_rubric, parse_task, Limits};
pub use document::report::{Issue, Report, Severity};
pub use form::rules::FieldIssue;
pub use form::submission::Submission;
pub use model::answer::{Answer, Check};
pub use model::rubric::{Criterion, CriterionKind, CriterionType, Rubric};
pub use model::task::Task;

/// The major version of the rubric, task and submission formats this crate reads and writes.
pub const SCHEMA_MAJOR: u32 = 1;
/// The contract version written into every submission and quiz result. 1.1 added the
/// submission's optional `skipped`; a minor version only adds optional fields, so a 1.0
/// reader reads it (ignoring what it does not know).
pub const SCHEMA_VERSION: &str = "1.1";
/// Name reported in `submission.client.name`.
pub const CLIENT_NAME: &str = "rubric-widget";
