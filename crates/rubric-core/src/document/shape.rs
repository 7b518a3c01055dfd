//! The shape of every object in the rubric and task formats, checked against the JSON before
//! typed decoding: every unknown field (with "did you mean"), every missing field and every
//! value of the wrong type is reported with its path, all at once. After this pass, decoding
//! into the Rust types cannot fail on shape, so no path-tracking deserializer is needed.
//!
//! The tables are the format's single list of field names; `tests/validation.rs` and the
//! example files check them against the Rust types.

use crate::document::json::{Json, Node};
use crate::document::path::{short, Path, Seg};
use crate::document::report::Report;
use crate::model::rubric::CriterionType;

/// What a value must look like.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    Text,
    /// An id (or an option's value): text of at most [`crate::document::validate::MAX_ID_CHARS`]
    /// characters. The shape check takes any text; validation reports a long one with the
    /// limit, and the JSON Schemas carry it as `maxLength`.
    Id,
    Bool,
    /// A whole number.
    Int,
    /// A whole number from 0 to 2^32 - 1.
    Count,
    /// A list of texts.
    Texts,
    /// A list of objects of one kind.
    List(&'static [Field]),
    /// A condition (recursive, so not a plain table).
    Condition,
    /// A list of conditions.
    Conditions,
    /// Text or a whole number (a value compared by a condition).
    Scalar,
    /// A list of scalars.
    Scalars,
    /// An object of text, numbers or booleans (checked by validation).
    Metadata,
    /// The criteria list: each criterion's fields depend on its `type`.
    Criteria,
    /// Any JSON number.
    Number,
    /// One object of a kind.
    Object(&'static [Field]),
    /// An object whose values are objects (answers, checked against the rubric later).
    Objects,
    /// An object whose values are text.
    TextMap,
    /// An object whose values are objects of one kind, keyed by an id, a value or a locale.
    Map(&'static [Field]),
}

/// One field of an object.
#[derive(Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
}

const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

const fn opt(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

pub(crate) const RUBRIC: &[Field] = &[
    // The editor's schema reference, so authors get completion; ignored by the widget.
    opt("$schema", Shape::Text),
    req("schema_version", Shape::Text),
    req("id", Shape::Id),
    req("version", Shape::Text),
    req("title", Shape::Text),
    opt("language", Shape::Text),
    opt("instructions", Shape::Text),
    opt("shuffle_responses", Shape::Bool),
    req("criteria", Shape::Criteria),
    opt("tensions", Shape::List(TENSION)),
    opt("skip_reasons", Shape::List(SKIP_REASON)),
    opt("translations", Shape::Map(TRANSLATION)),
];

/// A reason a reviewer may give for not assessing a task.
const SKIP_REASON: &[Field] = &[
    req("value", Shape::Id),
    req("label", Shape::Text),
    opt("description", Shape::Text),
];

/// A rubric's texts in one language: every field optional, keyed by the ids and values of the
/// rubric itself (`rubric::Translation`).
const TRANSLATION: &[Field] = &[
    opt("title", Shape::Text),
    opt("instructions", Shape::Text),
    opt("criteria", Shape::Map(CRITERION_TEXT)),
    opt("tensions", Shape::Texts),
    opt("skip_reasons", Shape::Map(CHOICE_TEXT)),
];

const CRITERION_TEXT: &[Field] = &[
    opt("title", Shape::Text),
    opt("description", Shape::Text),
    opt("placeholder", Shape::Text),
    opt("levels", Shape::Map(LEVEL_TEXT)),
    opt("options", Shape::Map(CHOICE_TEXT)),
    opt("items", Shape::Map(CHOICE_TEXT)),
];

const LEVEL_TEXT: &[Field] = &[
    opt("label", Shape::Text),
    opt("descriptor", Shape::Text),
    opt("example", Shape::Text),
];

const CHOICE_TEXT: &[Field] = &[opt("label", Shape::Text), opt("description", Shape::Text)];

const TENSION: &[Field] = &[req("between", Shape::Texts), req("guidance", Shape::Text)];

pub(crate) const COMMON: &[Field] = &[
    req("id", Shape::Id),
    req("type", Shape::Text),
    req("title", Shape::Text),
    opt("description", Shape::Text),
    opt("required", Shape::Bool),
    opt("hotkeys", Shape::Texts),
    opt("visible_if", Shape::Condition),
    opt("required_if", Shape::Condition),
];

const LEVEL: &[Field] = &[
    req("value", Shape::Int),
    req("label", Shape::Text),
    opt("descriptor", Shape::Text),
    opt("example", Shape::Text),
];

const CHOICE: &[Field] = &[
    req("value", Shape::Id),
    req("label", Shape::Text),
    opt("description", Shape::Text),
    opt("exclusive", Shape::Bool),
];

const ITEM: &[Field] = &[
    req("id", Shape::Id),
    req("label", Shape::Text),
    opt("description", Shape::Text),
];

/// A criterion type's own fields (besides [`COMMON`]). A match, so a new type cannot be
/// forgotten here.
pub(crate) fn kind_fields(t: CriterionType) -> &'static [Field] {
    match t {
        CriterionType::Rating => const { &[req("levels", Shape::List(LEVEL))] },
        CriterionType::SingleChoice => const { &[req("options", Shape::List(CHOICE))] },
        CriterionType::MultiChoice => {
            const {
                &[
                    req("options", Shape::List(CHOICE)),
                    opt("min_selections", Shape::Count),
                    opt("max_selections", Shape::Count),
                ]
            }
        }
        CriterionType::Pairwise => {
            const {
                &[
                    req("scale", Shape::List(LEVEL)),
                    opt("allow_both_bad", Shape::Bool),
                    opt("responses", Shape::Texts),
                ]
            }
        }
        CriterionType::Ranking => {
            const { &[opt("allow_ties", Shape::Bool), opt("top_k", Shape::Count)] }
        }
        CriterionType::Text => {
            const {
                &[
                    opt("min_length", Shape::Count),
                    opt("max_length", Shape::Count),
                    opt("placeholder", Shape::Text),
                ]
            }
        }
        CriterionType::Checklist => {
            const {
                &[
                    req("items", Shape::List(ITEM)),
                    opt("allow_na", Shape::Bool),
                ]
            }
        }
    }
}

pub(crate) const CONDITION: &[Field] = &[
    opt("criterion", Shape::Text),
    opt("answered", Shape::Bool),
    opt("equals", Shape::Scalar),
    opt("not_equals", Shape::Scalar),
    opt("in", Shape::Scalars),
    opt("includes", Shape::Text),
    opt("lt", Shape::Int),
    opt("lte", Shape::Int),
    opt("gt", Shape::Int),
    opt("gte", Shape::Int),
    opt("all", Shape::Conditions),
    opt("any", Shape::Conditions),
    opt("not", Shape::Condition),
];

pub(crate) const TASK: &[Field] = &[
    opt("$schema", Shape::Text),
    opt("schema_version", Shape::Text),
    req("id", Shape::Id),
    opt("language", Shape::Text),
    req("prompt", Shape::Text),
    opt("context", Shape::Text),
    req("responses", Shape::List(RESPONSE)),
    opt("metadata", Shape::Metadata),
];

/// A calibration quiz: a rubric, items with gold answers, feedback and pass rules.
pub(crate) const QUIZ: &[Field] = &[
    opt("$schema", Shape::Text),
    req("schema_version", Shape::Text),
    req("id", Shape::Id),
    req("title", Shape::Text),
    opt("instructions", Shape::Text),
    req("rubric", Shape::Object(RUBRIC)),
    opt("feedback", Shape::Text),
    opt("shuffle", Shape::Bool),
    opt("pass", Shape::Object(PASS)),
    req("items", Shape::List(QUIZ_ITEM)),
];

const PASS: &[Field] = &[
    req("metric", Shape::Text),
    req("threshold", Shape::Number),
    opt("scope", Shape::Text),
];

const QUIZ_ITEM: &[Field] = &[
    req("task", Shape::Object(TASK)),
    req("gold", Shape::Objects),
    opt("explanations", Shape::TextMap),
];

const RESPONSE: &[Field] = &[
    req("id", Shape::Id),
    req("label", Shape::Text),
    req("content", Shape::Text),
];

/// Checks an object against its table, reporting every problem.
pub(crate) fn check_object(
    v: &Node,
    fields: &[Field],
    path: &Path,
    depth: usize,
    report: &mut Report,
) {
    object(v, fields, &mut path.clone(), depth, report);
}

/// `path` is where `v` is. The walk extends it for each child and restores it after, and copies
/// it only into an issue: copying it for every element of a list of thousands of values, deep in
/// a condition, was most of the work (and memory) of checking such a list.
fn object(v: &Node, fields: &[Field], path: &mut Path, depth: usize, report: &mut Report) {
    let Some(members) = v.as_object() else {
        wrong(v, path, "an object { … }", report);
        return;
    };
    let mut seen = std::collections::HashSet::new();
    for (key, value) in members {
        let name = key.name.as_str();
        if !seen.insert(name) {
            if !report.is_full() {
                let message = format!("field \"{}\" is given twice", short(name));
                report.error(path.key(name), message);
            }
            continue;
        }
        match fields.iter().find(|f| f.name == name) {
            Some(f) => {
                path.0.push(Seg::Key(name.to_string()));
                check(value, f.shape, path, depth, report);
                path.0.pop();
            }
            None if report.is_full() => {}
            None => {
                let hint = report.did_you_mean(name, fields.iter().map(|f| f.name));
                report.error(
                    path.key(name),
                    format!("unknown field \"{}\"{hint}", short(name)),
                );
            }
        }
    }
    for f in fields
        .iter()
        .filter(|f| f.required && v.get(f.name).is_none())
    {
        report.error(path.clone(), format!("missing field `{}`", f.name));
        report.mark_broken(path);
    }
}

/// Reports that the value at `path` is not `what`, and marks it broken.
fn wrong(v: &Node, path: &Path, what: &str, report: &mut Report) {
    if !report.is_full() {
        report.error(path.clone(), format!("expected {what}, found {}", found(v)));
    }
    report.mark_broken(path);
}

fn check(v: &Node, shape: Shape, path: &mut Path, depth: usize, report: &mut Report) {
    let mut expect = |ok: bool, what: &str| {
        if !ok {
            wrong(v, path, what, report);
        }
    };
    match shape {
        Shape::Text | Shape::Id => expect(v.as_str().is_some(), "text"),
        Shape::Bool => expect(v.as_bool().is_some(), "true or false"),
        Shape::Int => expect(v.as_i64().is_some(), "a whole number"),
        Shape::Count => expect(
            v.as_i64()
                .is_some_and(|n| (0..=i64::from(u32::MAX)).contains(&n)),
            "a whole number, 0 or more",
        ),
        Shape::Scalar => expect(
            v.as_str().is_some() || v.as_i64().is_some(),
            "text or a whole number",
        ),
        Shape::Number => expect(matches!(v.value, Json::Number { .. }), "a number"),
        Shape::Object(fields) => object(v, fields, path, depth + 1, report),
        Shape::Map(fields) => {
            let Some(members) = v.as_object() else {
                wrong(v, path, "an object { … }", report);
                return;
            };
            for (k, value) in members {
                path.0.push(key_seg(&k.name));
                object(value, fields, path, depth + 1, report);
                path.0.pop();
            }
        }
        Shape::Objects | Shape::TextMap => {
            let Some(members) = v.as_object() else {
                wrong(v, path, "an object { … }", report);
                return;
            };
            let (text, what) = match shape {
                Shape::TextMap => (true, "text"),
                _ => (false, "an object { … }"),
            };
            for (k, value) in members {
                let ok = if text {
                    value.as_str().is_some()
                } else {
                    value.as_object().is_some()
                };
                if !ok {
                    path.0.push(key_seg(&k.name));
                    wrong(value, path, what, report);
                    path.0.pop();
                }
            }
        }
        Shape::Metadata => {
            let Some(members) = v.as_object() else {
                wrong(v, path, "an object { … }", report);
                return;
            };
            for (k, value) in members {
                let bad = matches!(value.value, Json::Array(_) | Json::Object(_) | Json::Null);
                if bad && !report.is_full() {
                    report.error(
                        path.key(&k.name),
                        "metadata values must be text, numbers or booleans",
                    );
                }
            }
        }
        Shape::Texts | Shape::Scalars | Shape::List(_) | Shape::Conditions | Shape::Criteria => {
            let Some(items) = v.as_array() else {
                wrong(v, path, "a list [ … ]", report);
                return;
            };
            let element = match shape {
                Shape::Texts => Shape::Text,
                Shape::Scalars => Shape::Scalar,
                Shape::Conditions => Shape::Condition,
                other => other,
            };
            for (i, item) in items.iter().enumerate() {
                path.0.push(Seg::Index(i));
                match element {
                    Shape::List(fields) => object(item, fields, path, depth + 1, report),
                    Shape::Criteria => check_criterion(item, path, report),
                    other => check(item, other, path, depth + 1, report),
                }
                path.0.pop();
            }
        }
        Shape::Condition => {
            // Deeper nesting is refused by validation; no need to walk a hostile nest further.
            if depth <= crate::model::condition::MAX_DEPTH + 1 {
                object(v, CONDITION, path, depth + 1, report);
            }
        }
    }
}

/// A path step for a key of the document, cut as [`Path::key`] cuts it.
fn key_seg(k: &str) -> Seg {
    Seg::Key(short(k).into_owned())
}

/// A criterion: its `type` decides which fields it may have.
fn check_criterion(v: &Node, path: &mut Path, report: &mut Report) {
    let type_name = v.get("type").and_then(Node::as_str);
    let specific = type_name
        .and_then(CriterionType::from_name)
        .map(kind_fields);
    if let (Some(t), None) = (type_name, specific) {
        let names = || CriterionType::ALL.iter().map(|t| t.name());
        let hint = report.did_you_mean(t, names());
        report.error(
            path.key("type"),
            format!(
                "unknown criterion type \"{}\"{hint}; expected one of {}",
                short(t),
                names().collect::<Vec<_>>().join(", ")
            ),
        );
    }
    let fields: Vec<Field> = COMMON
        .iter()
        .chain(specific.unwrap_or(&[]))
        .copied()
        .collect();
    if specific.is_some() || type_name.is_none() {
        object(v, &fields, path, 0, report);
    } else {
        // Unknown type: its own fields cannot be judged, but the common ones can.
        for f in COMMON {
            match v.get(f.name) {
                Some(value) => {
                    path.0.push(Seg::Key(f.name.to_string()));
                    check(value, f.shape, path, 0, report);
                    path.0.pop();
                }
                None if f.required => {
                    report.error(path.clone(), format!("missing field `{}`", f.name))
                }
                None => {}
            }
        }
    }
}

/// How a wrong value is described: `text "two"`, `the number 2.5`, `a list`.
fn found(v: &Node) -> String {
    match &v.value {
        Json::Null => "null".to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Number { text, .. } => format!("the number {text}"),
        Json::String(s) if s.chars().count() > 40 => "text".to_string(),
        Json::String(s) => format!("text \"{s}\""),
        Json::Array(_) => "a list".to_string(),
        Json::Object(_) => "an object".to_string(),
    }
}
