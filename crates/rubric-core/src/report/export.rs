//! The report's data for other tools: every answer in long format (one row per rating of a
//! criterion, or of a checklist item), ready for pandas, R or DuckDB, as CSV.
//!
//! Cells come from submissions, so they are untrusted: a cell a spreadsheet would read as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a
//! leading `'`, and every cell with a comma, quote or line break is quoted.

use super::read::{RaterKind, Ratings};
use crate::document::output::WriteJson;
use crate::model::answer::{Answer, Check};
use crate::model::rubric::Rubric;

/// The header of [`answers_csv`].
pub const ANSWERS_HEADER: &str = "task_id,rater,rater_kind,criterion,type,part,value,answer";

/// Every answer, one row per task × rater × criterion (per checklist item for a checklist):
/// `value` is the answer as one cell (a level's number, an option's value, chosen options joined
/// by `|`, a ranking as `a>b=c`, a pairwise point in canonical orientation or `both_bad`) and
/// `answer` its canonical JSON. Rows follow the rubric's criteria, then the order read.
pub fn answers_csv(rubric: &Rubric, ratings: &Ratings) -> String {
    let mut out = String::from(ANSWERS_HEADER);
    out.push('\n');
    for (c, list) in rubric.criteria.iter().zip(&ratings.by_criterion) {
        for r in list {
            let rater = &ratings.raters[r.rater];
            let kind = match rater.kind {
                RaterKind::Human => "human",
                RaterKind::Model => "model",
            };
            let json = r.answer.to_json();
            let mut row = |part: &str, value: &str| {
                let cells = [
                    &ratings.units[r.unit],
                    &rater.id,
                    kind,
                    &c.id,
                    c.kind.name(),
                    part,
                    value,
                    &json,
                ];
                row_into(&mut out, &cells);
            };
            match &r.answer {
                Answer::Checklist { items } => {
                    for (item, check) in items {
                        let v = match check {
                            Check::Yes => "yes",
                            Check::No => "no",
                            Check::Na => "na",
                        };
                        row(item, v);
                    }
                }
                a => row("", &value(a)),
            }
        }
    }
    out
}

/// An answer as one cell.
fn value(a: &Answer) -> String {
    match a {
        Answer::Rating { value } => value.to_string(),
        Answer::SingleChoice { value } | Answer::Text { value } => value.clone(),
        Answer::MultiChoice { values } => values.join("|"),
        Answer::Pairwise { value: Some(v), .. } => v.to_string(),
        Answer::Pairwise { value: None, .. } => "both_bad".into(),
        Answer::Ranking { order } => order
            .iter()
            .map(|g| g.join("="))
            .collect::<Vec<_>>()
            .join(">"),
        Answer::Checklist { .. } => String::new(),
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// One CSV row of `cells`, with its line break.
pub(crate) fn row_into(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        cell_into(out, cell);
    }
    out.push('\n');
}

/// One CSV cell: quoted when it must be, defused when a spreadsheet would run it.
fn cell_into(out: &mut String, cell: &str) {
    // A plain decimal ("-1", "2.5") is a number, not a formula; "-inf" or "+NaN" are not plain.
    let unsigned = cell.strip_prefix('-').unwrap_or(cell);
    let plain = match unsigned.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(unsigned),
    };
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain;
    let quote = formula || cell.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    let mut pieces = cell.split('"');
    out.push_str(pieces.next().unwrap_or_default());
    for piece in pieces {
        out.push_str("\"\"");
        out.push_str(piece);
    }
    if quote {
        out.push('"');
    }
}
