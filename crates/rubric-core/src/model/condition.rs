//! `visible_if` / `required_if` conditions: a test on one criterion's answer, or `all` / `any` /
//! `not` of other conditions.
//!
//! ```json
//! {"criterion": "helpfulness", "lte": 2}
//! {"any": [{"criterion": "safety", "equals": "unsafe"}, {"criterion": "flags", "includes": "pii"}]}
//! ```

use crate::model::answer::Answer;
use crate::text::i18n::{Msg, Translate};
use crate::text::messages as msg;

/// A condition as written in the rubric. Validation guarantees that a node is either exactly
/// one of `all` / `any` / `not`, or a `criterion` with exactly one test.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Condition {
    pub criterion: Option<String>,
    /// True when the criterion has (or, with `false`, has not) been answered.
    pub answered: Option<bool>,
    /// A rating or pairwise value (number), or a single_choice value (string).
    pub equals: Option<Scalar>,
    pub not_equals: Option<Scalar>,
    /// Written `in`.
    pub one_of: Option<Vec<Scalar>>,
    /// A multi_choice answer includes this option value.
    pub includes: Option<String>,
    pub lt: Option<i64>,
    pub lte: Option<i64>,
    pub gt: Option<i64>,
    pub gte: Option<i64>,
    pub all: Option<Vec<Condition>>,
    pub any: Option<Vec<Condition>>,
    pub not: Option<Box<Condition>>,
}

/// A value a condition compares an answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// A rating or pairwise value.
    Int(i64),
    /// A single_choice option value.
    Text(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Int(n) => write!(f, "{n}"),
            Scalar::Text(s) => write!(f, "\"{s}\""),
        }
    }
}

/// The tests a leaf may carry, by field name.
pub(crate) const TEST_FIELDS: &[&str] = &[
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

/// The deepest nesting of `all` / `any` / `not` accepted, so evaluation stays trivially bounded.
pub const MAX_DEPTH: usize = 8;

impl Condition {
    /// Names of the tests present on this node (validation wants exactly one on a leaf).
    pub(crate) fn tests(&self) -> Vec<&'static str> {
        let present = [
            self.answered.is_some(),
            self.equals.is_some(),
            self.not_equals.is_some(),
            self.one_of.is_some(),
            self.includes.is_some(),
            self.lt.is_some(),
            self.lte.is_some(),
            self.gt.is_some(),
            self.gte.is_some(),
        ];
        TEST_FIELDS
            .iter()
            .zip(present)
            .filter(|(_, p)| *p)
            .map(|(n, _)| *n)
            .collect()
    }

    /// Every criterion id this condition reads.
    pub fn references(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        if let Some(c) = &self.criterion {
            out.push(c);
        }
        for c in self.all.iter().chain(self.any.iter()).flatten() {
            c.collect_refs(out);
        }
        if let Some(n) = &self.not {
            n.collect_refs(out);
        }
    }

    /// Evaluates against the current answers. `answer_of` returns a criterion's answer as it
    /// counts for conditions (none when unanswered or hidden). An unanswered criterion fails
    /// every test except `answered: false`.
    pub fn eval(&self, answer_of: &dyn Fn(&str) -> Option<Answer>) -> bool {
        if let Some(all) = &self.all {
            return all.iter().all(|c| c.eval(answer_of));
        }
        if let Some(any) = &self.any {
            return any.iter().any(|c| c.eval(answer_of));
        }
        if let Some(not) = &self.not {
            return !not.eval(answer_of);
        }
        let Some(id) = &self.criterion else {
            return false;
        };
        let answer = answer_of(id).filter(Answer::is_answered);
        if let Some(want) = self.answered {
            return answer.is_some() == want;
        }
        let Some(answer) = answer else { return false };
        let num = answer.number();
        let matches = |v: &Scalar| match (v, &answer) {
            (Scalar::Int(n), _) => num == Some(*n),
            (Scalar::Text(s), Answer::SingleChoice { value }) => s == value,
            _ => false,
        };
        if let Some(v) = &self.equals {
            return matches(v);
        }
        if let Some(v) = &self.not_equals {
            return !matches(v);
        }
        if let Some(vs) = &self.one_of {
            return vs.iter().any(matches);
        }
        if let Some(opt) = &self.includes {
            return matches!(&answer, Answer::MultiChoice { values } if values.contains(opt));
        }
        let Some(x) = num else {
            return false;
        };
        match (self.lt, self.lte, self.gt, self.gte) {
            (Some(b), ..) => x < b,
            (_, Some(b), ..) => x <= b,
            (_, _, Some(b), _) => x > b,
            (.., Some(b)) => x >= b,
            _ => false,
        }
    }

    /// A short description for inline messages, e.g. `"Helpfulness" is at most 2`.
    pub fn describe(&self, title_of: &dyn Fn(&str) -> String, tr: &dyn Translate) -> String {
        let join = |cs: &Vec<Condition>, m: Msg| {
            let parts = cs.iter().map(|c| c.describe(title_of, tr)).collect();
            fold_pairs(parts, &|a, b| tr.f(m, &[("a", a.into()), ("b", b.into())]))
        };
        if let Some(all) = &self.all {
            return join(all, msg::cond_and);
        }
        if let Some(any) = &self.any {
            return join(any, msg::cond_or);
        }
        if let Some(not) = &self.not {
            let c = not.describe(title_of, tr);
            return tr.f(msg::cond_not, &[("c", (&c).into())]);
        }
        let name = title_of(self.criterion.as_deref().unwrap_or_default());
        let say = |m: Msg, v: &str| tr.f(m, &[("name", (&name).into()), ("v", v.into())]);
        if let Some(a) = self.answered {
            let m = if a {
                msg::cond_answered
            } else {
                msg::cond_not_answered
            };
            return say(m, "");
        }
        if let Some(v) = &self.equals {
            return say(msg::cond_is, &v.to_string());
        }
        if let Some(v) = &self.not_equals {
            return say(msg::cond_is_not, &v.to_string());
        }
        if let Some(vs) = &self.one_of {
            let list = vs.iter().map(|v| v.to_string()).collect::<Vec<_>>();
            return say(msg::cond_one_of, &list.join(", "));
        }
        if let Some(o) = &self.includes {
            return say(msg::cond_includes, o);
        }
        let pairs = [
            (self.lt, msg::cond_below),
            (self.lte, msg::cond_at_most),
            (self.gt, msg::cond_above),
            (self.gte, msg::cond_at_least),
        ];
        for (bound, m) in pairs {
            if let Some(b) = bound {
                return say(m, &b.to_string());
            }
        }
        say(msg::cond_name, "")
    }
}

/// `pair(pair(pair(p1, p2), p3), p4)…`, as a left fold would build it, in linear time. The fold
/// copies all the text so far at every step, quadratic in the number of parts (a `required_if`
/// of thousands of conditions); but `pair` is a message "{a} and {b}", so it is rendered once
/// around two markers, and its three pieces (before, between, after) are repeated instead. A
/// message that does not place each marker exactly once is folded as written.
fn fold_pairs(parts: Vec<String>, pair: &dyn Fn(&str, &str) -> String) -> String {
    const A: char = '\u{E000}';
    const B: char = '\u{E001}';
    let mut parts = parts.into_iter();
    let first = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts.collect();
    if rest.is_empty() {
        return first;
    }
    let template = pair(&A.to_string(), &B.to_string());
    let pieces = template
        .split_once(A)
        .and_then(|(before, after_a)| Some((before, after_a.split_once(B)?)))
        .filter(|(before, (between, after))| {
            !before.contains(B) && !between.contains([A, B]) && !after.contains([A, B])
        });
    let Some((before, (between, after))) = pieces else {
        return rest.into_iter().fold(first, |a, b| pair(&a, &b));
    };
    let mut out = before.repeat(rest.len());
    out.push_str(&first);
    for part in rest {
        out.push_str(between);
        out.push_str(&part);
        out.push_str(after);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    fn cond(text: &str) -> Condition {
        crate::document::parse::condition(&crate::document::json::parse(text).unwrap())
    }

    fn rating(v: i64) -> Option<Answer> {
        Some(Answer::Rating { value: v })
    }

    #[test]
    fn numeric_comparisons_read_rating_values() {
        let c = cond(r#"{"criterion": "h", "lte": 2}"#);
        assert!(c.eval(&|_| rating(2)));
        assert!(!c.eval(&|_| rating(3)));
        assert!(!c.eval(&|_| None), "unanswered fails a comparison");
    }

    #[test]
    fn answered_false_holds_for_unanswered() {
        let c = cond(r#"{"criterion": "h", "answered": false}"#);
        assert!(c.eval(&|_| None));
        assert!(!c.eval(&|_| rating(1)));
    }

    #[test]
    fn combinators_and_choice_tests() {
        let c = cond(
            r#"{"any": [
            {"criterion": "s", "equals": "unsafe"},
            {"not": {"criterion": "f", "includes": "pii"}}
        ]}"#,
        );
        let safe_with_pii = |id: &str| match id {
            "s" => Some(Answer::SingleChoice {
                value: "safe".into(),
            }),
            _ => Some(Answer::MultiChoice {
                values: vec!["pii".into()],
            }),
        };
        assert!(!c.eval(&safe_with_pii));
        let unsafe_ = |id: &str| match id {
            "s" => Some(Answer::SingleChoice {
                value: "unsafe".into(),
            }),
            _ => Some(Answer::MultiChoice {
                values: vec!["pii".into()],
            }),
        };
        assert!(c.eval(&unsafe_));
    }

    #[test]
    fn long_lists_are_described_as_a_fold_would() {
        let parts = || ["a", "b", "c", "d"].map(String::from).to_vec();
        let fold = |pair: &dyn Fn(&str, &str) -> String| {
            parts().into_iter().reduce(|a, b| pair(&a, &b)).unwrap()
        };
        type Pair<'a> = &'a dyn Fn(&str, &str) -> String;
        let templates: [Pair; 3] = [
            &|a, b| format!("{a} and {b}"),
            &|a, b| format!("both ({a}) and [{b}]!"),
            &|a, b| format!("{b} then {a} then {b}"),
        ];
        for pair in templates {
            assert_eq!(fold_pairs(parts(), pair), fold(pair));
        }
        assert_eq!(fold_pairs(vec![], &|a, b| format!("{a}{b}")), "");
        assert_eq!(fold_pairs(vec!["x".into()], &|a, b| format!("{a}{b}")), "x");
    }

    #[test]
    fn describes_itself_for_inline_messages() {
        let c = cond(r#"{"criterion": "h", "lte": 2}"#);
        assert_eq!(
            c.describe(&|_| "Helpfulness".into(), &crate::text::i18n::English),
            "\"Helpfulness\" is at most 2"
        );
    }
}
