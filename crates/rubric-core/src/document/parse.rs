//! From text to a validated [`Rubric`] or [`Task`]: size limits first, then JSON syntax (with
//! line and column), then the shape of every object ([`crate::document::shape`]: unknown fields with "did
//! you mean", missing fields, wrong types), then decoding, then every semantic rule. Every
//! problem is reported at once, located at its line and column. Never panics.

use crate::document::json::{self, Json, Node};
use crate::document::path::{short, Path, Seg};
use crate::document::report::Report;
use crate::document::shape;
use crate::document::validate;
pub use crate::document::validate::MAX_ID_CHARS;
use crate::model::condition::{Condition, Scalar, Test, MAX_DEPTH};
use crate::model::rubric::*;
use crate::model::task::{Response, Task};
use std::collections::BTreeMap;

/// Documented bounds on what the widget accepts (docs/rubric-format.md, "Limits"). Inputs
/// beyond them are refused with an error naming the limit, so no input can make the form hang.
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
    let root = read_json(text, limits.max_rubric_bytes, "rubric", &mut report)?;
    let rubric = check_rubric(&root, limits, &mut report);
    finish(rubric, report, text, &root)
}

/// [`parse_rubric`] plus the [`crate::document::lint`] warnings, each located in `text`: what the
/// designer shows. (The widget does not lint: it would only carry the code.)
pub fn parse_rubric_linted(text: &str, limits: &Limits) -> Parsed<Rubric> {
    let mut report = Report::default();
    let root = read_json(text, limits.max_rubric_bytes, "rubric", &mut report)?;
    let rubric = check_rubric(&root, limits, &mut report);
    if let Some(r) = &rubric {
        crate::document::lint::lint(r, &mut report);
    }
    finish(rubric, report, text, &root)
}

/// Parses and validates a task.
pub fn parse_task(text: &str, limits: &Limits) -> Parsed<Task> {
    let mut report = Report::default();
    let root = read_json(text, limits.max_task_bytes, "task", &mut report)?;
    let task = check_task(&root, limits, &mut report);
    finish(task, report, text, &root)
}

/// A task from its JSON, once read: version, shape, decoding, rules. The task, when its shape
/// is right (whether valid is for the report to say). A quiz calls this on each of its tasks in
/// place, rather than writing each out and reading it again.
pub(crate) fn check_task(root: &Node, limits: &Limits, report: &mut Report) -> Option<Task> {
    if let Some(v) = root.get("schema_version").and_then(Node::as_str) {
        if !check_major(v, report) {
            return None;
        }
    }
    shape::check_object(root, shape::TASK, &Path::root(), 0, report);
    let shape_ok = !report.has_errors();
    let task = decode_task(root);
    validate::task(&task, limits, report);
    shape_ok.then_some(task)
}

/// Errors for a task that is valid on its own but cannot be reviewed with this rubric.
pub fn check_task_fits(rubric: &Rubric, task: &Task) -> Report {
    let mut report = Report::default();
    validate::task_fits(rubric, task, &mut report);
    report
}

pub(crate) fn finish<T>(
    value: Option<T>,
    mut report: Report,
    text: &str,
    root: &Node,
) -> Parsed<T> {
    report.locate_in(text, root);
    settle(value, report)
}

/// The value if the report has no errors, else the errors (at least one).
pub(crate) fn settle<T>(value: Option<T>, mut report: Report) -> Parsed<T> {
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
pub(crate) fn read_json(
    text: &str,
    max: usize,
    what: &str,
    report: &mut Report,
) -> Result<Node, Report> {
    if text.len() > max {
        report.error(Path::root(), too_big(what, text.len(), max));
        return Err(report.clone());
    }
    match json::parse(text) {
        Ok(root) if root.as_object().is_some() => Ok(root),
        Ok(_) => {
            report.error(
                Path::root(),
                format!("the {what} must be a JSON object ({{ ... }})"),
            );
            Err(report.clone())
        }
        Err(e) => {
            report.error(Path::root(), format!("invalid JSON: {}", e.message));
            report.issues[0].at = Some(e.at);
            Err(report.clone())
        }
    }
}

/// The message refusing a document of `len` bytes over the limit of `max`.
pub(crate) fn too_big(what: &str, len: usize, max: usize) -> String {
    format!(
        "the {what} is {} KiB; the limit is {} KiB",
        len.div_ceil(1024),
        max / 1024
    )
}

/// Refuses a major version this build cannot read. Returns whether reading may go on.
pub(crate) fn check_major(version: &str, report: &mut Report) -> bool {
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
                    "schema_version \"{}\" is not supported: this widget reads version {} (major version {m} is newer or unknown)",
                    short(version),
                    crate::SCHEMA_VERSION
                ),
            );
            false
        }
        None => {
            report.error(
                Path::root().key("schema_version"),
                format!(
                    "schema_version \"{}\" is not a version like \"1.0\"",
                    short(version)
                ),
            );
            false
        }
    }
}

fn check_rubric(root: &Node, limits: &Limits, report: &mut Report) -> Option<Rubric> {
    match root.get("schema_version").map(|v| &v.value) {
        Some(Json::String(v)) => {
            if !check_major(v, report) {
                return None;
            }
        }
        Some(_) => {
            report.error(
                Path::root().key("schema_version"),
                "schema_version must be text such as \"1.0\"",
            );
            return None;
        }
        None => {
            report.error(Path::root(), "missing field `schema_version` (use \"1.0\")");
            return None;
        }
    }
    let raw_criteria = list(root, "criteria");
    if raw_criteria.len() > limits.max_criteria {
        report.error(
            Path::root().key("criteria"),
            format!(
                "{} criteria; the limit is {}",
                raw_criteria.len(),
                limits.max_criteria
            ),
        );
        return None;
    }
    shape::check_object(root, shape::RUBRIC, &Path::root(), 0, report);
    let shape_ok = !report.has_errors();
    // Semantic rules still run on every part whose shape is right, so the author sees all
    // problems at once, not the shape problems first and the rest after fixing them.
    let raw_tensions = list(root, "tensions");
    let criteria_clean = clean(&report.broken, "criteria", raw_criteria.len());
    let tensions_clean = clean(&report.broken, "tensions", raw_tensions.len());
    let raw_reasons = list(root, "skip_reasons");
    let reasons_clean = clean(&report.broken, "skip_reasons", raw_reasons.len());
    let head_clean = !report.broken.iter().any(|p| p.0.len() <= 1);
    // Each decoded criterion with the node it was read from, which validation walks for its
    // conditions (a malformed condition has no decoded form to check).
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut sources: Vec<&Node> = Vec::new();
    for (raw, _) in raw_criteria
        .iter()
        .zip(criteria_clean)
        .filter(|(_, ok)| *ok)
    {
        if let Some(c) = criterion(raw) {
            criteria.push(c);
            sources.push(raw);
        }
    }
    let tensions: Vec<Tension> = raw_tensions
        .iter()
        .zip(tensions_clean)
        .filter(|(_, clean)| *clean)
        .map(|(t, _)| tension(t))
        .collect();
    let rubric = Rubric {
        schema_version: text(root, "schema_version"),
        id: text(root, "id"),
        version: text(root, "version"),
        title: text(root, "title"),
        language: opt_text(root, "language"),
        instructions: text(root, "instructions"),
        shuffle_responses: flag(root, "shuffle_responses", false),
        criteria,
        tensions,
        skip_reasons: raw_reasons
            .iter()
            .zip(reasons_clean)
            .filter(|(_, clean)| *clean)
            .map(|(r, _)| choice(r))
            .collect(),
        translations: translations(root),
    };
    validate::rubric(&rubric, raw_criteria, &sources, head_clean, limits, report);
    shape_ok.then_some(rubric)
}

/// For each of the `len` elements of the top-level list `key`, whether no value in it has a
/// broken shape. One pass over the broken paths: asking per element would cost elements ×
/// broken paths, quadratic for a list of thousands of wrong values.
fn clean(broken: &[Path], key: &str, len: usize) -> Vec<bool> {
    let mut clean = vec![true; len];
    for p in broken {
        if let [Seg::Key(k), Seg::Index(i), ..] = p.0.as_slice() {
            if k == key && *i < len {
                clean[*i] = false;
            }
        }
    }
    clean
}

// Readers for values whose shape was checked: a missing optional field reads as its default.

pub(crate) fn text(n: &Node, key: &str) -> String {
    opt_text(n, key).unwrap_or_default()
}

fn opt_text(n: &Node, key: &str) -> Option<String> {
    n.get(key).and_then(Node::as_str).map(str::to_string)
}

fn flag(n: &Node, key: &str, default: bool) -> bool {
    n.get(key).and_then(Node::as_bool).unwrap_or(default)
}

fn int(n: &Node, key: &str) -> Option<i64> {
    n.get(key).and_then(Node::as_i64)
}

fn count(n: &Node, key: &str) -> Option<u32> {
    int(n, key).and_then(|v| u32::try_from(v).ok())
}

fn list<'a>(n: &'a Node, key: &str) -> &'a [Node] {
    n.get(key).and_then(Node::as_array).unwrap_or(&[])
}

/// The `translations` object (shape already checked).
fn translations(root: &Node) -> Keyed<Translation> {
    let map = |n: &Node, key: &str| -> Vec<(String, Node)> {
        n.get(key)
            .and_then(Node::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.name.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let texts_of = |n: &Node, key: &str| -> Keyed<Texts> {
        map(n, key)
            .into_iter()
            .map(|(k, v)| {
                let description =
                    opt_text(&v, "descriptor").or_else(|| opt_text(&v, "description"));
                let t = Texts {
                    label: opt_text(&v, "label"),
                    description,
                    example: opt_text(&v, "example"),
                };
                (k, t)
            })
            .collect()
    };
    map(root, "translations")
        .into_iter()
        .map(|(tag, t)| {
            let criteria = map(&t, "criteria")
                .into_iter()
                .map(|(id, c)| {
                    let ct = CriterionText {
                        title: opt_text(&c, "title"),
                        description: opt_text(&c, "description"),
                        placeholder: opt_text(&c, "placeholder"),
                        levels: texts_of(&c, "levels"),
                        options: texts_of(&c, "options"),
                        items: texts_of(&c, "items"),
                    };
                    (id, ct)
                })
                .collect();
            let tr = Translation {
                title: opt_text(&t, "title"),
                instructions: opt_text(&t, "instructions"),
                criteria,
                tensions: texts(&t, "tensions"),
                skip_reasons: texts_of(&t, "skip_reasons"),
            };
            (tag, tr)
        })
        .collect()
}

fn texts(n: &Node, key: &str) -> Vec<String> {
    list(n, key)
        .iter()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect()
}

/// A criterion, or `None` when its type is unknown.
fn criterion(n: &Node) -> Option<Criterion> {
    let levels = |key: &str| list(n, key).iter().map(level).collect::<Vec<_>>();
    let choices = || list(n, "options").iter().map(choice).collect::<Vec<_>>();
    let kind = match CriterionType::from_name(n.get("type")?.as_str()?)? {
        CriterionType::Rating => CriterionKind::Rating {
            levels: levels("levels"),
        },
        CriterionType::SingleChoice => CriterionKind::SingleChoice { options: choices() },
        CriterionType::MultiChoice => CriterionKind::MultiChoice {
            options: choices(),
            min_selections: count(n, "min_selections"),
            max_selections: count(n, "max_selections"),
        },
        CriterionType::Pairwise => CriterionKind::Pairwise {
            scale: levels("scale"),
            allow_both_bad: flag(n, "allow_both_bad", false),
            responses: n.get("responses").map(|_| texts(n, "responses")),
        },
        CriterionType::Ranking => CriterionKind::Ranking {
            allow_ties: flag(n, "allow_ties", false),
            top_k: count(n, "top_k"),
        },
        CriterionType::Text => CriterionKind::Text {
            min_length: count(n, "min_length"),
            max_length: count(n, "max_length"),
            placeholder: text(n, "placeholder"),
        },
        CriterionType::Checklist => CriterionKind::Checklist {
            items: list(n, "items")
                .iter()
                .map(|i| ChecklistItem {
                    id: text(i, "id"),
                    label: text(i, "label"),
                    description: text(i, "description"),
                })
                .collect(),
            allow_na: flag(n, "allow_na", true),
        },
    };
    Some(Criterion {
        id: text(n, "id"),
        title: text(n, "title"),
        description: text(n, "description"),
        required: flag(n, "required", false),
        hotkeys: texts(n, "hotkeys"),
        visible_if: n.get("visible_if").and_then(condition),
        required_if: n.get("required_if").and_then(condition),
        kind,
    })
}

fn level(n: &Node) -> Level {
    Level {
        value: int(n, "value").unwrap_or_default(),
        label: text(n, "label"),
        descriptor: text(n, "descriptor"),
        example: opt_text(n, "example"),
    }
}

fn choice(n: &Node) -> Choice {
    Choice {
        value: text(n, "value"),
        label: text(n, "label"),
        description: text(n, "description"),
        exclusive: flag(n, "exclusive", false),
    }
}

fn tension(n: &Node) -> Tension {
    Tension {
        between: texts(n, "between"),
        guidance: text(n, "guidance"),
    }
}

fn scalar(n: &Node) -> Option<Scalar> {
    match &n.value {
        Json::String(s) => Some(Scalar::Text(s.clone())),
        _ => n.as_i64().map(Scalar::Int),
    }
}

/// One condition node as the format reads it, before its children are decoded: the single
/// place that decides what a node is, shared by the decoder ([`condition`]) and validation
/// (which walks the same nodes to say what is wrong where).
pub(crate) enum ConditionNode<'a> {
    All(&'a [Node]),
    Any(&'a [Node]),
    Not(&'a Node),
    Test(&'a str, Test),
}

/// Why a node is not a condition; validation words each.
pub(crate) enum Malformed {
    /// More than one of all / any / not, or one beside a criterion or a test.
    Mixed,
    /// An empty `all` or `any` (the field's name).
    Empty(&'static str),
    /// Neither a combinator nor a criterion.
    NoCriterion,
    /// A leaf with no test or several: their field names, in the format's order.
    Tests(Vec<&'static str>),
}

/// The fields that write a test, in the format's order (the names [`Test::name`] gives).
const TESTS: [&str; 9] = [
    "answered",
    "equals",
    "not_equals",
    "in",
    "includes",
    "lt",
    "lte",
    "gt",
    "gte",
];

/// The test written as `v`, the value of field `TESTS[k]`; `None` when the value has the wrong
/// type (except `in`, whose wrong-typed list reads as empty).
fn test(v: &Node, k: usize) -> Option<Test> {
    Some(match k {
        0 => Test::Answered(v.as_bool()?),
        1 => Test::Equals(scalar(v)?),
        2 => Test::NotEquals(scalar(v)?),
        3 => Test::In(
            v.as_array()
                .unwrap_or(&[])
                .iter()
                .filter_map(scalar)
                .collect(),
        ),
        4 => Test::Includes(v.as_str()?.to_string()),
        5 => Test::Lt(v.as_i64()?),
        6 => Test::Lte(v.as_i64()?),
        7 => Test::Gt(v.as_i64()?),
        _ => Test::Gte(v.as_i64()?),
    })
}

/// Reads one condition node (its children are left as JSON). A field whose value has the wrong
/// type counts as absent: the shape check has reported it, and the criterion is not decoded.
pub(crate) fn condition_node(n: &Node) -> Result<ConditionNode<'_>, Malformed> {
    // The tests written, by name, and the first of them.
    let mut names = Vec::new();
    let mut first = None;
    for (k, name) in TESTS.into_iter().enumerate() {
        if let Some(t) = n.get(name).and_then(|v| test(v, k)) {
            names.push(name);
            first.get_or_insert(t);
        }
    }
    let criterion = n.get("criterion").and_then(Node::as_str);
    // The combinators written, and the first of them.
    let mut combinators = 0;
    let mut combinator = None;
    for key in ["all", "any", "not"] {
        if let Some(v) = n.get(key) {
            combinators += 1;
            combinator.get_or_insert((key, v));
        }
    }
    if let Some((key, v)) = combinator {
        if combinators > 1 || criterion.is_some() || !names.is_empty() {
            return Err(Malformed::Mixed);
        }
        if key == "not" {
            return Ok(ConditionNode::Not(v));
        }
        let subs = v.as_array().unwrap_or(&[]);
        return match (subs.is_empty(), key == "all") {
            (true, _) => Err(Malformed::Empty(key)),
            (false, true) => Ok(ConditionNode::All(subs)),
            (false, false) => Ok(ConditionNode::Any(subs)),
        };
    }
    let Some(criterion) = criterion else {
        return Err(Malformed::NoCriterion);
    };
    match first {
        Some(test) if names.len() == 1 => Ok(ConditionNode::Test(criterion, test)),
        _ => Err(Malformed::Tests(names)),
    }
}

/// A condition, or `None` when any node of it is malformed or nested deeper than
/// [`MAX_DEPTH`] (validation reports each of those, so a valid rubric has every condition).
pub(crate) fn condition(n: &Node) -> Option<Condition> {
    condition_at(n, 0)
}

fn condition_at(n: &Node, depth: usize) -> Option<Condition> {
    if depth > MAX_DEPTH {
        return None;
    }
    let all = |cs: &[Node]| -> Option<Vec<Condition>> {
        cs.iter().map(|c| condition_at(c, depth + 1)).collect()
    };
    Some(match condition_node(n).ok()? {
        ConditionNode::All(cs) => Condition::All(all(cs)?),
        ConditionNode::Any(cs) => Condition::Any(all(cs)?),
        ConditionNode::Not(c) => Condition::Not(Box::new(condition_at(c, depth + 1)?)),
        ConditionNode::Test(criterion, test) => Condition::Test {
            criterion: criterion.to_string(),
            test,
        },
    })
}

fn decode_task(n: &Node) -> Task {
    let mut metadata = BTreeMap::new();
    for (k, v) in n.get("metadata").and_then(Node::as_object).unwrap_or(&[]) {
        let shown = match &v.value {
            Json::String(s) => s.clone(),
            Json::Number { text, .. } => text.clone(),
            Json::Bool(b) => b.to_string(),
            _ => continue,
        };
        metadata.insert(k.name.clone(), shown);
    }
    Task {
        schema_version: opt_text(n, "schema_version"),
        id: text(n, "id"),
        language: opt_text(n, "language"),
        prompt: text(n, "prompt"),
        context: opt_text(n, "context"),
        responses: list(n, "responses")
            .iter()
            .map(|r| Response {
                id: text(r, "id"),
                label: text(r, "label"),
                content: text(r, "content"),
            })
            .collect(),
        metadata,
    }
}
