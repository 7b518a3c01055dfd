//! Lints: warnings about a valid rubric that will still confuse or slow reviewers. They come
//! with the parse result (a rubric with warnings still renders); the designer lists them next to
//! the errors, each at its line. (Hotkeys need no lint here: validation already allows only
//! single letters and digits, which no browser binds without a modifier, and refuses clashes
//! between criteria; the widget ignores keys pressed with Ctrl, Alt or Meta.)

use crate::document::path::Path;
use crate::document::report::Report;
use crate::model::condition::Condition;
use crate::model::rubric::{Criterion, CriterionKind, Rubric};
use std::collections::HashMap;

/// The criteria by id (the first of a repeated id, as `Rubric::criterion` finds): conditions
/// may test criteria thousands of times, and a search per test would cost that times the number
/// of criteria.
struct ById<'a>(&'a Rubric, HashMap<&'a str, usize>);

impl<'a> ById<'a> {
    fn new(r: &'a Rubric) -> Self {
        let mut at = HashMap::new();
        for (i, c) in r.criteria.iter().enumerate().rev() {
            at.insert(c.id.as_str(), i);
        }
        ById(r, at)
    }

    fn get(&self, id: &str) -> Option<&'a Criterion> {
        self.1.get(id).map(|i| &self.0.criteria[*i])
    }
}

/// More criteria than this and the form gets a "very long" warning.
pub const LONG_FORM: usize = 30;

/// Adds every lint warning for `r` to `report`.
pub fn lint(r: &Rubric, report: &mut Report) {
    let root = Path::root();
    let by_id = ById::new(r);
    if r.criteria.len() > LONG_FORM {
        report.warning(
            root.key("criteria"),
            format!(
                "{} criteria make a very long form: reviewers tire and rush the last ones; consider splitting it",
                r.criteria.len()
            ),
        );
    }
    for (i, c) in r.criteria.iter().enumerate() {
        let p = root.key("criteria").index(i);
        // Required, but shown only through an optional criterion: a reviewer who skips that
        // one never sees this one, and nothing else asks for it.
        if let (true, Some(cond)) = (c.required, &c.visible_if) {
            if let Some(optional) = cond
                .references()
                .into_iter()
                .filter_map(|id| by_id.get(id))
                .find(|t| !t.required && t.required_if.is_none())
            {
                report.warning(
                    p.key("visible_if"),
                    format!(
                        "this required criterion is shown only depending on \"{}\", which is optional: a reviewer who skips it never sees this one",
                        optional.id
                    ),
                );
            }
        }
        for (field, cond) in [
            ("visible_if", &c.visible_if),
            ("required_if", &c.required_if),
        ] {
            if let Some(cond) = cond {
                never_true(&by_id, cond, p.key(field), report);
            }
        }
    }
}

/// Warns about number tests outside the scale of the criterion they test.
fn never_true(r: &ById, c: &Condition, path: Path, report: &mut Report) {
    let (criterion, test) = match c {
        Condition::All(subs) | Condition::Any(subs) => {
            let key = if matches!(c, Condition::All(_)) {
                "all"
            } else {
                "any"
            };
            for (i, sub) in subs.iter().enumerate() {
                never_true(r, sub, path.key(key).index(i), report);
            }
            return;
        }
        Condition::Not(sub) => return never_true(r, sub, path.key("not"), report),
        Condition::Test { criterion, test } => (criterion, test),
    };
    let Some((x, _)) = test.bound(0) else {
        return;
    };
    let scale = r.get(criterion).and_then(|t| match &t.kind {
        CriterionKind::Rating { levels } | CriterionKind::Pairwise { scale: levels, .. } => {
            Some(levels)
        }
        _ => None,
    });
    let Some(values) = scale.map(|l| l.iter().map(|l| l.value).collect::<Vec<_>>()) else {
        return;
    };
    let (Some(min), Some(max)) = (values.iter().min(), values.iter().max()) else {
        return;
    };
    if !values
        .iter()
        .any(|v| test.bound(*v).is_some_and(|(_, ok)| ok))
    {
        let key = test.name();
        report.warning(
            path.key(key),
            format!("no level of the scale ({min} to {max}) is {key} {x}: this test is never true"),
        );
    }
}
