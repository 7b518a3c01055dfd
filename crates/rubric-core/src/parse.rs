//! From text to a validated [`Rubric`] or [`Task`]: size limits first, then JSON syntax (with
//! line and column), then the shape of every object ([`crate::shape`]: unknown fields with "did
//! you mean", missing fields, wrong types), then typed decoding, then every semantic rule.
//! Every problem is reported at once, located at its line and column. Never panics.

use crate::path::Path;
use crate::report::Report;
use crate::rubric::*;
use crate::shape;
use crate::task::Task;
use crate::validate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Documented bounds on what the widget accepts (README, "Limits"). Inputs beyond them are
/// refused with an error naming the limit, so no input can make the form hang.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub max_rubric_bytes: usize,
    pub max_task_bytes: usize,
    pub max_criteria: usize,
    /// Levels of a rating or pairwise scale, options of a choice, items of a checklist.
    pub max_choices: usize,
    pub max_responses: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_rubric_bytes: 512 * 1024,
            max_task_bytes: 2 * 1024 * 1024,
            max_criteria: 500,
            max_choices: 100,
            max_responses: 12,
        }
    }
}

/// A parsed document with its warnings, or every error found in it.
pub type Parsed<T> = Result<(T, Report), Report>;

/// Parses and validates a rubric. On success, the report holds only warnings.
pub fn parse_rubric(text: &str, limits: &Limits) -> Parsed<Rubric> {
    let mut report = Report::default();
    let value = read_json(text, limits.max_rubric_bytes, "rubric", &mut report)?;
    let rubric = decode_rubric(&value, limits, &mut report);
    finish(rubric, report, text)
}

/// Parses and validates a task.
pub fn parse_task(text: &str, limits: &Limits) -> Parsed<Task> {
    let mut report = Report::default();
    let value = read_json(text, limits.max_task_bytes, "task", &mut report)?;
    if let Some(v) = value.get("schema_version").and_then(Value::as_str) {
        if !check_major(v, &mut report) {
            return Err(report);
        }
    }
    shape::check_object(&value, shape::TASK, &Path::root(), 0, &mut report);
    let shape_ok = !report.has_errors();
    let task = if shape_ok {
        decode::<Task>(&value, &Path::root(), &mut report)
    } else {
        Task::deserialize(&value).ok() // only to report semantic problems too
    };
    if let Some(t) = &task {
        validate::task(t, limits, &mut report);
    }
    finish(task.filter(|_| shape_ok), report, text)
}

/// Errors for a task that is valid on its own but cannot be reviewed with this rubric.
pub fn check_task_fits(rubric: &Rubric, task: &Task) -> Report {
    let mut report = Report::default();
    validate::task_fits(rubric, task, &mut report);
    report
}

fn finish<T>(value: Option<T>, mut report: Report, text: &str) -> Parsed<T> {
    report.locate_in(text);
    match value {
        Some(v) if !report.has_errors() => Ok((v, report)),
        _ => {
            if !report.has_errors() {
                report.error(Path::root(), "the document could not be read");
            }
            Err(report)
        }
    }
}

/// Size limit, then syntax. A syntax error is the only issue reported: nothing after it can be
/// trusted.
fn read_json(text: &str, max: usize, what: &str, report: &mut Report) -> Result<Value, Report> {
    if text.len() > max {
        report.error(
            Path::root(),
            format!(
                "the {what} is {} KiB; the limit is {} KiB",
                text.len().div_ceil(1024),
                max / 1024
            ),
        );
        return Err(report.clone());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => {
            report.error(
                Path::root(),
                format!("the {what} must be a JSON object ({{ ... }})"),
            );
            Err(report.clone())
        }
        Err(e) => {
            let full = e.to_string();
            let message = full
                .rfind(" at line ")
                .map_or(full.as_str(), |i| &full[..i]);
            report.error(Path::root(), format!("invalid JSON: {message}"));
            report.issues[0].at = Some((e.line().max(1), e.column().max(1)));
            Err(report.clone())
        }
    }
}

/// Refuses a major version this build cannot read. Returns whether reading may go on.
fn check_major(version: &str, report: &mut Report) -> bool {
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(crate::SCHEMA_MAJOR) => true,
        Some(m) => {
            report.error(
                Path::root().key("schema_version"),
                format!(
                    "schema_version \"{version}\" is not supported: this widget reads version {} (major version {m} is newer or unknown)",
                    crate::SCHEMA_VERSION
                ),
            );
            false
        }
        None => {
            report.error(
                Path::root().key("schema_version"),
                format!("schema_version \"{version}\" is not a version like \"1.0\""),
            );
            false
        }
    }
}

fn decode_rubric(value: &Value, limits: &Limits, report: &mut Report) -> Option<Rubric> {
    match value.get("schema_version") {
        Some(Value::String(v)) => {
            if !check_major(v, report) {
                return None;
            }
        }
        Some(_) => {
            report.error(
                Path::root().key("schema_version"),
                "schema_version must be a string such as \"1.0\"",
            );
            return None;
        }
        None => {
            report.error(Path::root(), "missing field `schema_version` (use \"1.0\")");
            return None;
        }
    }
    let root = Path::root();
    let raw_criteria: &[Value] = value
        .get("criteria")
        .and_then(Value::as_array)
        .map_or(&[], |v| v);
    if raw_criteria.len() > limits.max_criteria {
        report.error(
            root.key("criteria"),
            format!(
                "{} criteria; the limit is {}",
                raw_criteria.len(),
                limits.max_criteria
            ),
        );
        return None;
    }
    shape::check_object(value, shape::RUBRIC, &root, 0, report);
    let shape_ok = !report.has_errors();
    // Decode what can be decoded even when some parts are malformed, so the semantic rules can
    // still report on the rest.
    let head = if shape_ok {
        decode::<RubricHead>(value, &root, report)
    } else {
        RubricHead::deserialize(value).ok()
    };
    let criteria: Vec<Criterion> = raw_criteria.iter().filter_map(decode_criterion).collect();
    let raw_tensions: &[Value] = value
        .get("tensions")
        .and_then(Value::as_array)
        .map_or(&[], |v| v);
    let tensions: Vec<Tension> = raw_tensions
        .iter()
        .filter_map(|t| Tension::deserialize(t).ok())
        .collect();
    let complete =
        shape_ok && criteria.len() == raw_criteria.len() && tensions.len() == raw_tensions.len();
    let partial = Rubric {
        criteria,
        tensions,
        ..head
            .map(rubric_from)
            .unwrap_or_else(|| rubric_from_partial(value))
    };
    validate::rubric(&partial, raw_criteria, limits, report);
    complete.then_some(partial)
}

/// The top level of a rubric whose head did not decode, for validating its criteria anyway.
fn rubric_from_partial(value: &Value) -> Rubric {
    let text = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Rubric {
        schema_version: text("schema_version"),
        id: text("id"),
        version: text("version"),
        title: text("title"),
        instructions: String::new(),
        shuffle_responses: false,
        criteria: Vec::new(),
        tensions: Vec::new(),
    }
}

fn rubric_from(head: RubricHead) -> Rubric {
    Rubric {
        schema_version: head.schema_version,
        id: head.id,
        version: head.version,
        title: head.title,
        instructions: head.instructions,
        shuffle_responses: head.shuffle_responses,
        criteria: Vec::new(),
        tensions: Vec::new(),
    }
}

/// A criterion whose shape was checked; `None` if it still does not decode.
fn decode_criterion(raw: &Value) -> Option<Criterion> {
    let type_name = raw.get("type")?.as_str()?;
    let common = CommonFields::deserialize(raw).ok()?;
    // See `CriterionKind` for why the type is decoded as if it were an outer key.
    let kind = CriterionKind::deserialize(serde_json::json!({ type_name: raw })).ok()?;
    Some(Criterion {
        id: common.id,
        title: common.title,
        description: common.description,
        required: common.required,
        hotkeys: common.hotkeys,
        visible_if: common.visible_if,
        required_if: common.required_if,
        kind,
    })
}

/// Typed decoding of a value whose shape was checked. A failure here means the shape tables
/// and the types disagree; it is still reported, never a panic.
fn decode<T: DeserializeOwned>(v: &Value, path: &Path, report: &mut Report) -> Option<T> {
    match T::deserialize(v) {
        Ok(t) => Some(t),
        Err(e) => {
            report.error(path.clone(), e.to_string());
            None
        }
    }
}
