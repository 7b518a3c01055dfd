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

/// A condition as written in the rubric. An enum, so that a node is one combinator or one test
/// on one criterion by construction: evaluation, descriptions and lints match on it and never
/// decide which of several fields wins. (The JSON can say more than one thing at once; the
/// decoder, [`crate::document::parse`], refuses such a node, and validation says why.)
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Every condition holds (at least one is listed).
    All(Vec<Condition>),
    /// At least one holds (at least one is listed).
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// One test on one criterion's answer.
    Test {
        criterion: String,
        test: Test,
    },
}

/// What a leaf checks about the answer of its criterion. Which tests fit which criterion type
/// is validation's rule; here a test that does not fit the answer is simply false.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// True when the criterion has (or, with `false`, has not) been answered.
    Answered(bool),
    /// A rating or pairwise value (number), or a single_choice value (text).
    Equals(Scalar),
    NotEquals(Scalar),
    /// Written `in`.
    In(Vec<Scalar>),
    /// A multi_choice answer includes this option value.
    Includes(String),
    Lt(i64),
    Lte(i64),
    Gt(i64),
    Gte(i64),
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

/// The deepest nesting of `all` / `any` / `not` accepted, so evaluation stays trivially bounded.
pub const MAX_DEPTH: usize = 8;

impl Test {
    /// The field that writes this test in JSON, which messages quote and paths name.
    pub fn name(&self) -> &'static str {
        match self {
            Test::Answered(_) => "answered",
            Test::Equals(_) => "equals",
            Test::NotEquals(_) => "not_equals",
            Test::In(_) => "in",
            Test::Includes(_) => "includes",
            Test::Lt(_) => "lt",
            Test::Lte(_) => "lte",
            Test::Gt(_) => "gt",
            Test::Gte(_) => "gte",
        }
    }

    /// For a number test (`lt`, `lte`, `gt`, `gte`), its bound and whether `x` passes it: the
    /// one comparison evaluation and the "never true" lint share. `None` for other tests.
    pub fn bound(&self, x: i64) -> Option<(i64, bool)> {
        match *self {
            Test::Lt(b) => Some((b, x < b)),
            Test::Lte(b) => Some((b, x <= b)),
            Test::Gt(b) => Some((b, x > b)),
            Test::Gte(b) => Some((b, x >= b)),
            _ => None,
        }
    }

    /// Whether the test holds for this answer (none when unanswered or hidden). An unanswered
    /// criterion fails every test except `answered: false`.
    pub fn holds(&self, answer: Option<&Answer>) -> bool {
        let Some(answer) = answer else {
            return *self == Test::Answered(false);
        };
        let num = answer.number();
        let matches = |v: &Scalar| match (v, answer) {
            (Scalar::Int(n), _) => num == Some(*n),
            (Scalar::Text(s), Answer::SingleChoice { value }) => s == value,
            _ => false,
        };
        match self {
            Test::Answered(want) => *want,
            Test::Equals(v) => matches(v),
            Test::NotEquals(v) => !matches(v),
            Test::In(vs) => vs.iter().any(matches),
            Test::Includes(opt) => {
                matches!(answer, Answer::MultiChoice { values } if values.contains(opt))
            }
            Test::Lt(_) | Test::Lte(_) | Test::Gt(_) | Test::Gte(_) => {
                num.and_then(|x| self.bound(x)).is_some_and(|(_, ok)| ok)
            }
        }
    }
}

impl Condition {
    /// Every criterion id this condition reads.
    pub fn references(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                for c in cs {
                    c.collect_refs(out);
                }
            }
            Condition::Not(c) => c.collect_refs(out),
            Condition::Test { criterion, .. } => out.push(criterion),
        }
    }

    /// Evaluates against the current answers. `answer_of` returns a criterion's answer as it
    /// counts for conditions (none when unanswered or hidden).
    pub fn eval(&self, answer_of: &dyn Fn(&str) -> Option<Answer>) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.eval(answer_of)),
            Condition::Any(cs) => cs.iter().any(|c| c.eval(answer_of)),
            Condition::Not(c) => !c.eval(answer_of),
            Condition::Test { criterion, test } => {
                test.holds(answer_of(criterion).filter(Answer::is_answered).as_ref())
            }
        }
    }

    /// What makes this condition hold now, described as [`Condition::describe`] does; none
    /// when it does not hold. Of an `any`, only the parts that hold (a reviewer who rated
    /// Helpfulness 2 reads why their answer matters, not the whole rule), joined by "and" as
    /// they all hold. One pass: each part is evaluated and described at most once.
    pub fn why(
        &self,
        names: &dyn Naming,
        tr: &dyn Translate,
        answer_of: &dyn Fn(&str) -> Option<Answer>,
    ) -> Option<String> {
        let (cs, all) = match self {
            Condition::Any(cs) => (cs, false),
            Condition::All(cs) => (cs, true),
            _ => return self.eval(answer_of).then(|| self.describe(names, tr)),
        };
        let parts: Vec<String> = cs
            .iter()
            .filter_map(|c| c.why(names, tr, answer_of))
            .collect();
        if parts.is_empty() || (all && parts.len() < cs.len()) {
            return None;
        }
        Some(fold_pairs(parts, &|a, b| {
            tr.f(msg::cond_and, &[("a", a.into()), ("b", b.into())])
        }))
    }

    /// A short description for inline messages, e.g. `"Helpfulness" is at most 2` or
    /// `"Verdict" is "Remove"`: criteria by their titles and values by the labels the reviewer
    /// sees, never the ids and values only the rubric's author knows.
    pub fn describe(&self, names: &dyn Naming, tr: &dyn Translate) -> String {
        let join = |cs: &[Condition], m: Msg| {
            let parts = cs.iter().map(|c| c.describe(names, tr)).collect();
            fold_pairs(parts, &|a, b| tr.f(m, &[("a", a.into()), ("b", b.into())]))
        };
        let (criterion, test) = match self {
            Condition::All(cs) => return join(cs, msg::cond_and),
            Condition::Any(cs) => return join(cs, msg::cond_or),
            Condition::Not(c) => {
                let c = c.describe(names, tr);
                return tr.f(msg::cond_not, &[("c", (&c).into())]);
            }
            Condition::Test { criterion, test } => (criterion, test),
        };
        // A value's label in the language's quotes, as a criterion's name is.
        let shown = |v: &Scalar| match names.value(criterion, v) {
            Some(label) => tr.f(msg::cond_name, &[("name", (&label).into())]),
            None => v.to_string(),
        };
        let (m, v) = match test {
            Test::Answered(true) => (msg::cond_answered, String::new()),
            Test::Answered(false) => (msg::cond_not_answered, String::new()),
            Test::Equals(v) => (msg::cond_is, shown(v)),
            Test::NotEquals(v) => (msg::cond_is_not, shown(v)),
            Test::In(vs) => {
                let list = vs.iter().map(shown).collect::<Vec<_>>();
                (msg::cond_one_of, list.join(", "))
            }
            Test::Includes(o) => {
                let option = Scalar::Text(o.clone());
                let label = names.value(criterion, &option).unwrap_or_else(|| o.clone());
                (msg::cond_includes, label)
            }
            Test::Lt(b) => (msg::cond_below, b.to_string()),
            Test::Lte(b) => (msg::cond_at_most, b.to_string()),
            Test::Gt(b) => (msg::cond_above, b.to_string()),
            Test::Gte(b) => (msg::cond_at_least, b.to_string()),
        };
        let name = names.criterion(criterion);
        tr.f(m, &[("name", (&name).into()), ("v", (&v).into())])
    }
}

/// How a description names what a condition reads (implemented by the rubric).
pub trait Naming {
    /// A criterion by its title (its id if there is none).
    fn criterion(&self, id: &str) -> String;
    /// The label of a criterion's level, scale point or option with this value, if it has one.
    fn value(&self, criterion: &str, v: &Scalar) -> Option<String>;
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
        crate::document::parse::condition(&crate::document::json::parse(text).unwrap()).unwrap()
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

    /// Names every criterion "Helpfulness" and the value 2 "Poor".
    struct Titled;

    impl Naming for Titled {
        fn criterion(&self, _: &str) -> String {
            "Helpfulness".into()
        }
        fn value(&self, _: &str, v: &Scalar) -> Option<String> {
            (*v == Scalar::Int(2)).then(|| "Poor".into())
        }
    }

    #[test]
    fn describes_itself_for_inline_messages() {
        let c = cond(r#"{"criterion": "h", "lte": 2}"#);
        assert_eq!(
            c.describe(&Titled, &crate::text::i18n::English),
            "\"Helpfulness\" is at most 2"
        );
        let c = cond(r#"{"criterion": "h", "in": [2, 3]}"#);
        assert_eq!(
            c.describe(&Titled, &crate::text::i18n::English),
            "\"Helpfulness\" is one of \"Poor\", 3"
        );
    }
}
