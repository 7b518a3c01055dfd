//! The judge kit: a rubric as a prompt for a model acting as a judge, and a JSON Schema for
//! its structured output, so that what the model answers is a submission's `answers` object
//! the widget itself could have written. The widget never calls a model: a portal's script
//! fills the task into the prompt, asks its model, wraps the answers in a submission with
//! `"rater": {"kind": "model", …}` and posts it like any other (CONTRACT.md, "Model judges").
//!
//! Both are derived from the rubric alone, in one pass over it.

use crate::document::json::Writer;
use crate::model::condition::{Naming, Scalar};
use crate::model::rubric::{Criterion, CriterionKind, Level, Rubric};
use crate::text::i18n::English;
use std::fmt::Write;

/// Where the portal puts the task's prompt in [`prompt`]'s text.
pub const PROMPT_SLOT: &str = "{{prompt}}";
/// Where the portal puts the task's responses (each with its id and label).
pub const RESPONSES_SLOT: &str = "{{responses}}";

/// Conditions named as the model answers: by criterion id and raw value.
struct Ids;

impl Naming for Ids {
    fn criterion(&self, id: &str) -> String {
        id.to_string()
    }
    fn value(&self, _: &str, _: &Scalar) -> Option<String> {
        None
    }
}

/// The rubric as a judge's instructions, in Markdown: the rubric's instructions, the task's
/// slots ([`PROMPT_SLOT`], [`RESPONSES_SLOT`]), every criterion with each level's meaning and
/// the exact answer it takes, and how to reply.
pub fn prompt(r: &Rubric) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "You are an expert reviewer. Judge the response(s) below against the rubric \"{}\" (id `{}`, version {}). Judge each criterion on its own, from what the response says, not from its length or style unless a criterion asks about them.\n",
        r.title, r.id, r.version
    );
    if !r.instructions.is_empty() {
        let _ = writeln!(out, "{}\n", r.instructions);
    }
    let _ = writeln!(out, "# The task\n\n## Prompt\n\n{PROMPT_SLOT}\n\n## Responses\n\n{RESPONSES_SLOT}\n\n# Criteria\n");
    for c in &r.criteria {
        criterion(&mut out, c);
    }
    for t in &r.tensions {
        let _ = writeln!(
            out,
            "When {} pull against each other: {}\n",
            t.between
                .iter()
                .map(|b| format!("`{b}`"))
                .collect::<Vec<_>>()
                .join(" and "),
            t.guidance
        );
    }
    out.push_str("# Your answer\n\nReply with one JSON object and nothing else: `{\"answers\": {…}}`, with one entry per criterion, keyed by its id, in the form given for it above. Leave out a criterion whose condition does not hold, and one that is not required when you cannot judge it. The JSON Schema given with this prompt checks the form.\n");
    out
}

fn criterion(out: &mut String, c: &Criterion) {
    let need = if c.required { "required" } else { "optional" };
    let _ = writeln!(
        out,
        "## {} (`{}`, {}, {need})\n",
        c.title,
        c.id,
        c.kind.name()
    );
    if !c.description.is_empty() {
        let _ = writeln!(out, "{}\n", c.description);
    }
    if let Some(cond) = &c.visible_if {
        let _ = writeln!(out, "Answer only when {}.\n", cond.describe(&Ids, &English));
    }
    if let Some(cond) = &c.required_if {
        let _ = writeln!(out, "Required when {}.\n", cond.describe(&Ids, &English));
    }
    let levels = |out: &mut String, levels: &[Level]| {
        for l in levels {
            let _ = write!(out, "- `{}`: {}", l.value, l.label);
            if !l.descriptor.is_empty() {
                let _ = write!(out, ". {}", l.descriptor);
            }
            if let Some(e) = &l.example {
                let _ = write!(out, " Example: {e}");
            }
            out.push('\n');
        }
    };
    match &c.kind {
        CriterionKind::Rating { levels: ls } => {
            let _ = writeln!(
                out,
                "Answer `{{\"type\": \"rating\", \"value\": <level>}}`, the level one of:\n"
            );
            levels(out, ls);
        }
        CriterionKind::Pairwise {
            scale,
            allow_both_bad,
            responses,
        } => {
            let pair = match responses {
                Some(ids) => format!(
                    "`a` is response `{}` and `b` is response `{}`",
                    ids[0], ids[1]
                ),
                None => "`a` and `b` are the ids of the first two responses".into(),
            };
            let _ = writeln!(out, "Compare two responses: {pair}. Answer `{{\"type\": \"pairwise\", \"a\": \"<id>\", \"b\": \"<id>\", \"value\": <point>, \"both_bad\": false}}`; a negative point prefers `a`. The point is one of:\n");
            levels(out, scale);
            if *allow_both_bad {
                out.push_str(
                    "\nWhen both are unacceptable, answer `\"value\": null, \"both_bad\": true`.\n",
                );
            }
        }
        CriterionKind::SingleChoice { options } | CriterionKind::MultiChoice { options, .. } => {
            let (ty, shape, bounds) = match &c.kind {
                CriterionKind::MultiChoice {
                    min_selections,
                    max_selections,
                    ..
                } => {
                    let bounds: Vec<String> =
                        [("at least", min_selections), ("at most", max_selections)]
                            .iter()
                            .filter_map(|(w, n)| n.map(|n| format!("{w} {n}")))
                            .collect();
                    let bounds = if bounds.is_empty() {
                        String::new()
                    } else {
                        format!(", choosing {}", bounds.join(" and "))
                    };
                    ("multi_choice", "\"values\": [<option>, …]", bounds)
                }
                _ => ("single_choice", "\"value\": <option>", String::new()),
            };
            let _ = writeln!(
                out,
                "Answer `{{\"type\": \"{ty}\", {shape}}}`{bounds}, each option one of:\n"
            );
            for o in options {
                let _ = write!(out, "- `\"{}\"`: {}", o.value, o.label);
                if !o.description.is_empty() {
                    let _ = write!(out, ". {}", o.description);
                }
                if o.exclusive {
                    out.push_str(" (only on its own)");
                }
                out.push('\n');
            }
        }
        CriterionKind::Ranking { allow_ties, top_k } => {
            let _ = writeln!(out, "Rank the responses by id, best first: `{{\"type\": \"ranking\", \"order\": [[\"<id>\"], [\"<id>\"], …]}}`{}{}.", if *allow_ties { "; responses of equal merit share a group" } else { "; one response per group" }, top_k.map(|k| format!("; only the best {k} places are needed")).unwrap_or_default());
        }
        CriterionKind::Text {
            min_length,
            max_length,
            ..
        } => {
            let _ = writeln!(
                out,
                "Answer in words: `{{\"type\": \"text\", \"value\": \"…\"}}`{}{}{}.",
                min_length
                    .map(|n| format!(", at least {n} characters"))
                    .unwrap_or_default(),
                max_length
                    .map(|n| format!(", at most {n}"))
                    .unwrap_or_default(),
                if min_length.is_some() || max_length.is_some() {
                    " (spaces at either end do not count)"
                } else {
                    ""
                }
            );
        }
        CriterionKind::Checklist { items, allow_na } => {
            let _ = writeln!(out, "Answer each item `\"yes\"` or `\"no\"`{}: `{{\"type\": \"checklist\", \"items\": {{\"<item id>\": \"yes\", …}}}}`. The items:\n", if *allow_na { " (or `\"na\"` when it does not apply)" } else { "" });
            for i in items {
                let _ = write!(out, "- `\"{}\"`: {}", i.id, i.label);
                if !i.description.is_empty() {
                    let _ = write!(out, ". {}", i.description);
                }
                out.push('\n');
            }
        }
    }
    out.push('\n');
}

/// A JSON Schema (2020-12) for the judge's reply, `{"answers": {…}}`: each criterion's answer
/// as a submission carries it (levels, options and items as enums, an exclusive option only on
/// its own, a pairwise point or "both bad" but not a mix); required criteria that no condition
/// governs are required. What a schema cannot say is left to the prompt: conditions between
/// criteria, and text lengths, which the widget counts without the spaces at either end.
pub fn schema(r: &Rubric) -> String {
    let mut w = Writer::default();
    w.begin_object();
    w.key("$schema");
    w.str("https://json-schema.org/draft/2020-12/schema");
    w.key("title");
    w.str(&format!(
        "Judge answers for rubric {} version {}",
        r.id, r.version
    ));
    object_head(&mut w, &["answers"]);
    w.key("answers");
    let required: Vec<&str> = r
        .criteria
        .iter()
        .filter(|c| c.required && c.visible_if.is_none())
        .map(|c| c.id.as_str())
        .collect();
    w.begin_object();
    object_head(&mut w, &required);
    for c in &r.criteria {
        w.key(&c.id);
        answer(&mut w, c);
    }
    // The answers' properties and the answers; the reply's properties and the reply.
    w.end_object();
    w.end_object();
    w.end_object();
    w.end_object();
    w.finish()
}

/// `"type": "object"`, `required`, no other properties, and opens `properties` (the caller
/// writes them and closes it).
fn object_head(w: &mut Writer, required: &[&str]) {
    w.key("type");
    w.str("object");
    w.key("additionalProperties");
    w.bool(false);
    w.key("required");
    w.begin_array();
    for k in required {
        w.str(k);
    }
    w.end_array();
    w.key("properties");
    w.begin_object();
}

/// One criterion's answer object.
fn answer(w: &mut Writer, c: &Criterion) {
    let ty = c.kind.name();
    let own: Vec<&str> = match &c.kind {
        CriterionKind::Rating { .. }
        | CriterionKind::SingleChoice { .. }
        | CriterionKind::Text { .. } => vec!["value"],
        CriterionKind::MultiChoice { .. } => vec!["values"],
        CriterionKind::Pairwise { .. } => vec!["a", "b", "value", "both_bad"],
        CriterionKind::Ranking { .. } => vec!["order"],
        CriterionKind::Checklist { .. } => vec!["items"],
    };
    let mut required = vec!["type"];
    required.extend(&own);
    w.begin_object();
    object_head(w, &required);
    w.key("type");
    w.begin_object();
    w.key("const");
    w.str(ty);
    w.end_object();
    let ints = |w: &mut Writer, levels: &[Level], null: bool| {
        w.key("enum");
        w.begin_array();
        for l in levels {
            w.int(l.value);
        }
        if null {
            w.null();
        }
        w.end_array();
    };
    let strings = |w: &mut Writer, values: &mut dyn Iterator<Item = &str>| {
        w.key("enum");
        w.begin_array();
        for v in values {
            w.str(v);
        }
        w.end_array();
    };
    let count = |w: &mut Writer, key: &str, n: Option<u32>| {
        if let Some(n) = n {
            w.key(key);
            w.int(i64::from(n));
        }
    };
    match &c.kind {
        CriterionKind::Rating { levels } => {
            w.key("value");
            w.begin_object();
            ints(w, levels, false);
            w.end_object();
        }
        CriterionKind::SingleChoice { options } => {
            w.key("value");
            w.begin_object();
            strings(w, &mut options.iter().map(|o| o.value.as_str()));
            w.end_object();
        }
        CriterionKind::MultiChoice {
            options,
            min_selections,
            max_selections,
        } => {
            w.key("values");
            w.begin_object();
            w.key("type");
            w.str("array");
            w.key("uniqueItems");
            w.bool(true);
            count(w, "minItems", *min_selections);
            count(w, "maxItems", *max_selections);
            w.key("items");
            w.begin_object();
            strings(w, &mut options.iter().map(|o| o.value.as_str()));
            w.end_object();
            // An exclusive option ("none of these") only on its own.
            let exclusive: Vec<&str> = options
                .iter()
                .filter(|o| o.exclusive)
                .map(|o| o.value.as_str())
                .collect();
            if !exclusive.is_empty() {
                w.key("allOf");
                w.begin_array();
                for e in exclusive {
                    w.begin_object();
                    w.key("not");
                    w.begin_object();
                    w.key("allOf");
                    w.begin_array();
                    w.begin_object();
                    w.key("contains");
                    w.begin_object();
                    w.key("const");
                    w.str(e);
                    w.end_object();
                    w.end_object();
                    w.begin_object();
                    w.key("minItems");
                    w.int(2);
                    w.end_object();
                    w.end_array();
                    w.end_object();
                    w.end_object();
                }
                w.end_array();
            }
            w.end_object();
        }
        CriterionKind::Pairwise {
            scale,
            allow_both_bad,
            responses,
        } => {
            for (side, at) in [("a", 0), ("b", 1)] {
                w.key(side);
                w.begin_object();
                match responses {
                    Some(ids) => strings(w, &mut std::iter::once(ids[at].as_str())),
                    None => {
                        w.key("type");
                        w.str("string");
                    }
                }
                w.end_object();
            }
            w.key("value");
            w.begin_object();
            w.end_object();
            w.key("both_bad");
            w.begin_object();
            w.key("type");
            w.str("boolean");
            w.end_object();
            // A point on the scale with `both_bad` false; or, where the criterion allows it, no
            // point with `both_bad` true; never a mix. The branches sit beside the properties.
            let branch = |w: &mut Writer, both_bad: bool| {
                w.begin_object();
                w.key("properties");
                w.begin_object();
                w.key("value");
                w.begin_object();
                if both_bad {
                    w.key("const");
                    w.null();
                } else {
                    ints(w, scale, false);
                }
                w.end_object();
                w.key("both_bad");
                w.begin_object();
                w.key("const");
                w.bool(both_bad);
                w.end_object();
                w.end_object();
                w.end_object();
            };
            w.end_object();
            w.key("oneOf");
            w.begin_array();
            branch(w, false);
            if *allow_both_bad {
                branch(w, true);
            }
            w.end_array();
            w.end_object();
            return;
        }
        CriterionKind::Ranking { .. } => {
            w.key("order");
            w.begin_object();
            w.key("type");
            w.str("array");
            w.key("items");
            w.begin_object();
            w.key("type");
            w.str("array");
            w.key("minItems");
            w.int(1);
            w.key("items");
            w.begin_object();
            w.key("type");
            w.str("string");
            w.end_object();
            w.end_object();
            w.end_object();
        }
        CriterionKind::Text {
            min_length,
            max_length,
            ..
        } => {
            w.key("value");
            w.begin_object();
            w.key("type");
            w.str("string");
            count(w, "minLength", *min_length);
            count(w, "maxLength", *max_length);
            w.end_object();
        }
        CriterionKind::Checklist { items, allow_na } => {
            w.key("items");
            w.begin_object();
            let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
            object_head(w, &ids);
            for i in items {
                w.key(&i.id);
                w.begin_object();
                let checks: &[&str] = if *allow_na {
                    &["yes", "no", "na"]
                } else {
                    &["yes", "no"]
                };
                strings(w, &mut checks.iter().copied());
                w.end_object();
            }
            w.end_object();
            w.end_object();
        }
    }
    w.end_object();
    w.end_object();
}
