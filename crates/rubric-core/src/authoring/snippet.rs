//! "Insert criterion": a new criterion of a chosen type, valid as inserted, put into the
//! `criteria` list after the criterion the caret is in or after (first when the caret is above
//! the list, last when it is below), indented like its neighbours, with an id no other
//! criterion has. Its title is selected, so the author types over it first.

use super::indent::STEP;
use super::lex::{tokens, Kind};
use crate::document::json::{self, Json, Node};
use crate::model::rubric::CriterionType;

pub use super::Edit;

/// Why no criterion can be inserted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotHere {
    /// The text is not valid JSON: where the list ends is not known.
    Syntax,
    /// There is no `criteria` list (at the top, or in a quiz's `rubric`).
    NoCriteria,
}

/// The edit that inserts a new criterion of type `ty` into `text`, the caret at byte `caret`.
pub fn criterion(text: &str, caret: usize, ty: CriterionType) -> Result<Edit, NotHere> {
    let root = json::parse(text).map_err(|_| NotHere::Syntax)?;
    let list = root
        .get("criteria")
        .or_else(|| root.get("rubric").and_then(|r| r.get("criteria")))
        .ok_or(NotHere::NoCriteria)?;
    let Json::Array(elements) = &list.value else {
        return Err(NotHere::NoCriteria);
    };
    let taken: std::collections::HashSet<&str> = elements
        .iter()
        .filter_map(|e| e.get("id").and_then(Node::as_str))
        .collect();
    let id = (1..)
        .map(|n| match n {
            1 => ty.name().to_string(),
            n => format!("{}_{n}", ty.name()),
        })
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_default();
    let base = indentation(text, list.at);
    let indent = match elements.first() {
        Some(e) if starts_line(text, e.at) => indentation(text, e.at),
        _ => format!("{base}{STEP}"),
    };
    let (body, title) = body(ty, &id);
    let body = body.replace('\n', &format!("\n{indent}"));
    let close = value_end(text, list.at) - 1;
    let (from, to, before, after) = match elements.iter().rev().find(|e| e.at < caret) {
        // After the criterion the caret is in or after (the last, when it is past the list).
        Some(e) => {
            let end = value_end(text, e.at);
            (end, end, format!(",\n{indent}"), String::new())
        }
        None if elements.is_empty() => (
            list.at + 1,
            close,
            format!("\n{indent}"),
            format!("\n{base}"),
        ),
        // Before the first, when the caret is before it.
        None => {
            let first = elements[0].at;
            (first, first, String::new(), format!(",\n{indent}"))
        }
    };
    let title_at = from + before.len() + body.find(&title).unwrap_or(0);
    Ok(Edit {
        from,
        to,
        insert: format!("{before}{body}{after}"),
        select: (title_at, title_at + title.len()),
    })
}

/// The byte just after the value starting at `at`.
fn value_end(text: &str, at: usize) -> usize {
    let mut depth = 0usize;
    for t in tokens(text, at) {
        match t.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return t.end;
        }
    }
    text.len()
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The spaces and tabs that begin the line `at` is on.
fn indentation(text: &str, at: usize) -> String {
    let line = &text[line_start(text, at)..];
    line[..line.len() - line.trim_start_matches([' ', '\t']).len()].to_string()
}

/// Whether only indentation comes before `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    text[line_start(text, at)..at]
        .trim_start_matches([' ', '\t'])
        .is_empty()
}

/// A new criterion's JSON (its lines after the first relative to the first) and its title.
fn body(ty: CriterionType, id: &str) -> (String, String) {
    let (title, own) = match ty {
        CriterionType::Rating => (
            "New rating",
            r#""levels": [
  {"value": 1, "label": "Poor", "descriptor": "Wrong or unusable."},
  {"value": 2, "label": "Fair", "descriptor": "Usable after fixes."},
  {"value": 3, "label": "Good", "descriptor": "Correct and clear."}
]"#,
        ),
        CriterionType::SingleChoice => (
            "New choice",
            r#""options": [
  {"value": "yes", "label": "Yes", "description": "When to choose yes."},
  {"value": "no", "label": "No", "description": "When to choose no."}
]"#,
        ),
        CriterionType::MultiChoice => (
            "New multiple choice",
            r#""options": [
  {"value": "factual_error", "label": "Factual error"},
  {"value": "unsafe", "label": "Unsafe content"},
  {"value": "none", "label": "None of these", "exclusive": true}
]"#,
        ),
        CriterionType::Pairwise => (
            "New comparison",
            r#""scale": [
  {"value": -2, "label": "A is much better", "descriptor": "B has a serious flaw that A does not."},
  {"value": -1, "label": "A is better", "descriptor": "A is better on the most important point."},
  {"value": 0, "label": "About the same", "descriptor": "No meaningful difference."},
  {"value": 1, "label": "B is better", "descriptor": "B is better on the most important point."},
  {"value": 2, "label": "B is much better", "descriptor": "A has a serious flaw that B does not."}
]"#,
        ),
        CriterionType::Ranking => ("New ranking, best first", r#""allow_ties": true"#),
        CriterionType::Text => ("New explanation", r#""min_length": 20"#),
        CriterionType::Checklist => (
            "New checklist",
            r#""items": [
  {"id": "follows_format", "label": "Follows the requested format"},
  {"id": "cites_sources", "label": "Cites its sources"}
]"#,
        ),
    };
    let own = own.replace('\n', &format!("\n{STEP}"));
    (
        format!(
            "{{\n{STEP}\"id\": \"{id}\",\n{STEP}\"type\": \"{}\",\n{STEP}\"title\": \"{title}\",\n{STEP}\"required\": true,\n{STEP}{own}\n}}",
            ty.name()
        ),
        title.to_string(),
    )
}
