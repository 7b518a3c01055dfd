//! From text to a validated [`Rubric`] or [`Task`]: size limits first, then JSON syntax (with
//! line and column), then unknown fields (with "did you mean"), then types (each criterion on
//! its own, so one mistake does not hide the next), then every semantic rule. Never panics.

use crate::condition::CONDITION_FIELDS;
use crate::path::Path;
use crate::report::Report;
use crate::rubric::*;
use crate::suggest::did_you_mean;
use crate::task::{Task, RESPONSE_FIELDS, TASK_FIELDS};
use crate::validate;
use serde::de::DeserializeOwned;
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
    unknown_fields(&value, &Path::root(), TASK_FIELDS, &mut report);
    if let Some(rs) = value.get("responses").and_then(Value::as_array) {
        for (i, r) in rs.iter().enumerate() {
            unknown_fields(
                r,
                &Path::root().key("responses").index(i),
                RESPONSE_FIELDS,
                &mut report,
            );
        }
    }
    let task = decode::<Task>(&value, &Path::root(), &mut report);
    if let Some(t) = &task {
        validate::task(t, limits, &mut report);
    }
    finish(task, report, text)
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
    unknown_fields(value, &root, RUBRIC_FIELDS, report);
    let head = decode::<RubricHead>(value, &root, report);
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
    let mut criteria = Vec::with_capacity(raw_criteria.len());
    for (i, raw) in raw_criteria.iter().enumerate() {
        if let Some(c) = decode_criterion(raw, &root.key("criteria").index(i), report) {
            criteria.push(c);
        }
    }
    let raw_tensions: &[Value] = value
        .get("tensions")
        .and_then(Value::as_array)
        .map_or(&[], |v| v);
    let mut tensions = Vec::new();
    for (i, raw) in raw_tensions.iter().enumerate() {
        let path = root.key("tensions").index(i);
        unknown_fields(raw, &path, TENSION_FIELDS, report);
        tensions.extend(decode::<Tension>(raw, &path, report));
    }
    let head = head?;
    if criteria.len() != raw_criteria.len() || tensions.len() != raw_tensions.len() {
        // Still check what decoded, so the author sees every problem at once.
        let partial = Rubric {
            criteria,
            tensions,
            ..rubric_from(head)
        };
        validate::rubric(&partial, raw_criteria, limits, report);
        return None;
    }
    let rubric = Rubric {
        criteria,
        tensions,
        ..rubric_from(head)
    };
    validate::rubric(&rubric, raw_criteria, limits, report);
    Some(rubric)
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

fn decode_criterion(raw: &Value, path: &Path, report: &mut Report) -> Option<Criterion> {
    let Some(obj) = raw.as_object() else {
        report.error(path.clone(), "a criterion must be a JSON object");
        return None;
    };
    let type_name = match obj.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(_) => {
            report.error(path.key("type"), "type must be a string such as \"rating\"");
            return None;
        }
        None => {
            report.error(
                path.clone(),
                format!("missing field `type` (one of {})", KIND_NAMES.join(", ")),
            );
            return None;
        }
    };
    let Some(specific) = CriterionKind::fields_of(type_name) else {
        report.error(
            path.key("type"),
            format!(
                "unknown criterion type \"{type_name}\"{}; expected one of {}",
                did_you_mean(type_name, KIND_NAMES.iter().copied()),
                KIND_NAMES.join(", ")
            ),
        );
        return None;
    };
    let known: Vec<&str> = COMMON_FIELDS.iter().chain(specific).copied().collect();
    unknown_fields(raw, path, &known, report);
    let nested = |key: &str, fields: &[&str], report: &mut Report| {
        if let Some(items) = raw.get(key).and_then(Value::as_array) {
            for (j, item) in items.iter().enumerate() {
                unknown_fields(item, &path.key(key).index(j), fields, report);
            }
        }
    };
    nested("levels", LEVEL_FIELDS, report);
    nested("scale", LEVEL_FIELDS, report);
    nested("options", CHOICE_FIELDS, report);
    nested("items", CHECKLIST_ITEM_FIELDS, report);
    for key in ["visible_if", "required_if"] {
        if let Some(c) = raw.get(key) {
            condition_fields(c, &path.key(key), 0, report);
        }
    }
    let common = decode::<CommonFields>(raw, path, report);
    let tagged = serde_json::json!({ type_name: raw });
    let kind = decode::<CriterionKind>(&tagged, path, report);
    let (common, kind) = (common?, kind?);
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

fn condition_fields(v: &Value, path: &Path, depth: usize, report: &mut Report) {
    if depth > crate::condition::MAX_DEPTH {
        return; // validation reports the depth; no need to walk a hostile nest further
    }
    unknown_fields(v, path, CONDITION_FIELDS, report);
    for key in ["all", "any"] {
        if let Some(items) = v.get(key).and_then(Value::as_array) {
            for (i, c) in items.iter().enumerate() {
                condition_fields(c, &path.key(key).index(i), depth + 1, report);
            }
        }
    }
    if let Some(c) = v.get("not") {
        condition_fields(c, &path.key("not"), depth + 1, report);
    }
}

/// Reports every key of the object `v` that is not in `known`, with a suggestion.
fn unknown_fields(v: &Value, path: &Path, known: &[&str], report: &mut Report) {
    let Some(obj) = v.as_object() else { return };
    for key in obj.keys() {
        if !known.contains(&key.as_str()) {
            report.error(
                path.key(key),
                format!(
                    "unknown field \"{key}\"{}",
                    did_you_mean(key, known.iter().copied())
                ),
            );
        }
    }
}

/// Typed decoding with the path of the first type error.
fn decode<T: DeserializeOwned>(v: &Value, path: &Path, report: &mut Report) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            let at = path.join_serde(e.path());
            report.error(at, e.inner().to_string());
            None
        }
    }
}
