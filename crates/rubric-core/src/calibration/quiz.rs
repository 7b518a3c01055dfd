//! Calibration quizzes (format 1): a rubric, items with the experts' gold answers and
//! explanations, when feedback is shown, and the rule for passing.
//!
//! The rubric and each task are checked by the same parser as on their own, and their issues
//! are reported at their place in the quiz (`rubric.criteria[2].title`, `items[4].task.id`).

use crate::calibration::agreement::Estimate;
use crate::calibration::scoring::CriterionScore;
use crate::document::json::{self, Node};
use crate::document::parse::{
    check_major, check_task, finish, parse_rubric, read_json, settle, text, too_big, Limits, Parsed,
};
use crate::document::path::{short, Path};
use crate::document::report::Report;
use crate::document::shape;
use crate::document::suggest::Budget;
use crate::model::answer::Answer;
use crate::model::rubric::Rubric;
use crate::model::task::Task;
use std::collections::BTreeMap;

/// A validated quiz.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub id: String,
    pub title: String,
    /// Markdown.
    pub instructions: String,
    pub rubric: Rubric,
    pub feedback: Feedback,
    /// Present the items in a fresh random order on every attempt.
    pub shuffle: bool,
    pub pass: Option<PassRule>,
    pub items: Vec<QuizItem>,
}

/// One item: a task and what the experts answered, with why.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizItem {
    pub task: Task,
    pub gold: BTreeMap<String, Answer>,
    /// Markdown, by criterion id.
    pub explanations: BTreeMap<String, String>,
}

impl Quiz {
    /// The rubric as a trainee answers item `item`: questions the quiz does not score there
    /// (free text, or no expert answer on this item) are optional, so a trainee is never held
    /// up by a question that does not count. Conditions and everything else stay as written.
    pub fn rubric_for_item(&self, item: usize) -> Rubric {
        let mut r = self.rubric.clone();
        let gold = self.items.get(item).map(|it| &it.gold);
        for c in &mut r.criteria {
            let scored = !matches!(c.kind, crate::model::rubric::CriterionKind::Text { .. })
                && gold.is_some_and(|g| g.contains_key(&c.id));
            if !scored {
                c.required = false;
                c.required_if = None;
            }
        }
        r
    }
}

/// When the trainee sees the gold answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    AfterEachItem,
    AtTheEnd,
}

/// Which figure decides a pass; also the five figures of a categorical score, in the order
/// the result document writes them and the results table shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Percent,
    Kappa,
    KappaLinear,
    KappaQuadratic,
    Ac1,
}

/// Pass when the metric reaches the threshold: on every scored criterion, or on their mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassRule {
    pub metric: Metric,
    pub threshold: f64,
    pub per_criterion: bool,
}

impl PassRule {
    /// Whether an attempt passes. A criterion whose figure is undefined (or that the metric
    /// does not apply to, e.g. weighted kappa on a nominal criterion) is left out; with no
    /// figure at all, the attempt does not pass.
    pub fn passes(&self, scores: &[(String, CriterionScore)]) -> bool {
        let figures: Vec<f64> = scores.iter().filter_map(|(_, s)| self.figure(s)).collect();
        if figures.is_empty() {
            return false;
        }
        if self.per_criterion {
            figures.iter().all(|f| *f >= self.threshold)
        } else {
            figures.iter().sum::<f64>() / figures.len() as f64 >= self.threshold
        }
    }

    fn figure(&self, s: &CriterionScore) -> Option<f64> {
        self.metric.of(s)
    }
}

impl Metric {
    pub const ALL: [Metric; 5] = [
        Metric::Percent,
        Metric::Kappa,
        Metric::KappaLinear,
        Metric::KappaQuadratic,
        Metric::Ac1,
    ];

    /// The name the quiz's pass rule and the result document use.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Percent => "percent",
            Metric::Kappa => "kappa",
            Metric::KappaLinear => "kappa_linear",
            Metric::KappaQuadratic => "kappa_quadratic",
            Metric::Ac1 => "ac1",
        }
    }

    pub fn from_name(name: &str) -> Option<Metric> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether Landis & Koch's words describe this figure: every kappa-like one, not percent
    /// agreement.
    pub fn banded(self) -> bool {
        self != Metric::Percent
    }

    /// This metric's value in a category-based score; `None` where it does not apply (weighted
    /// kappa on a nominal criterion, any metric on a ranking) or is undefined.
    pub fn of(self, s: &CriterionScore) -> Option<f64> {
        self.estimate(s).and_then(Estimate::value)
    }

    /// This metric's estimate in a category-based score, defined or not; `None` where it does
    /// not apply.
    pub fn estimate(self, s: &CriterionScore) -> Option<&Estimate> {
        let CriterionScore::Categorical {
            percent,
            kappa,
            kappa_linear,
            kappa_quadratic,
            ac1,
            ..
        } = s
        else {
            return None;
        };
        match self {
            Metric::Percent => Some(percent),
            Metric::Kappa => Some(kappa),
            Metric::KappaLinear => kappa_linear.as_ref(),
            Metric::KappaQuadratic => kappa_quadratic.as_ref(),
            Metric::Ac1 => Some(ac1),
        }
    }
}

/// Parses and validates a quiz with its inline rubric and tasks.
pub fn parse_quiz(text: &str, limits: &Limits) -> Parsed<Quiz> {
    let mut report = Report::default();
    // A rubric and a handful of tasks' worth of text.
    let max = limits.max_rubric_bytes + limits.max_task_bytes * 4;
    let root = read_json(text, max, "quiz", &mut report)?;
    let quiz = check(&root, limits, &mut report);
    finish(quiz, report, text, &root)
}

/// A nested document parsed on its own, its issues moved under `base` to be located in the quiz.
fn nested<T>(
    node: &Node,
    base: Path,
    parse: fn(&str, &Limits) -> Parsed<T>,
    limits: &Limits,
    report: &mut Report,
) -> Option<T> {
    let (value, issues) = match parse(&json::to_text(node), limits) {
        Ok((value, warnings)) => (Some(value), warnings),
        Err(errors) => (None, errors),
    };
    report.absorb(&base, issues);
    value
}

/// A quiz's task, checked in place as [`crate::parse_task`] would check its text: the same
/// size limit (on the text it would be), rules and messages, its issues moved under `base`.
/// Writing each task out to read it again cost about half of reading a quiz of thousands of
/// items. The tasks share the quiz's "did you mean" budget.
fn nested_task(node: &Node, base: Path, limits: &Limits, report: &mut Report) -> Option<Task> {
    let mut own = Report {
        suggest: if report.is_full() {
            Budget(0)
        } else {
            report.suggest.clone()
        },
        ..Report::default()
    };
    let size = json::text_len(node);
    let task = if size > limits.max_task_bytes {
        own.error(Path::root(), too_big("task", size, limits.max_task_bytes));
        None
    } else {
        check_task(node, limits, &mut own)
    };
    if !report.is_full() {
        report.suggest = own.suggest.clone();
    }
    let (value, issues) = match settle(task, own) {
        Ok((value, warnings)) => (Some(value), warnings),
        Err(errors) => (None, errors),
    };
    report.absorb(&base, issues);
    value
}

fn check(root: &Node, limits: &Limits, report: &mut Report) -> Option<Quiz> {
    let top = Path::root();
    if let Some(v) = root.get("schema_version").and_then(Node::as_str) {
        if !check_major(v, report) {
            return None;
        }
    }
    shape::check_object(root, shape::QUIZ, &top, 0, report);
    if report.has_errors() {
        return None; // nested documents are checked once the quiz itself has the right shape
    }
    crate::document::validate::id_length(&text(root, "id"), top.key("id"), "id", report);
    let rubric = nested(
        root.get("rubric")?,
        top.key("rubric"),
        parse_rubric,
        limits,
        report,
    );
    let feedback = match root.get("feedback").and_then(Node::as_str) {
        None | Some("per_item") => Feedback::AfterEachItem,
        Some("end") => Feedback::AtTheEnd,
        Some(other) => {
            report.error(
                top.key("feedback"),
                format!(
                    "feedback is \"per_item\" or \"end\", not \"{}\"",
                    short(other)
                ),
            );
            Feedback::AfterEachItem
        }
    };
    let pass = root
        .get("pass")
        .and_then(|p| pass_rule(p, &top.key("pass"), report));
    let raw_items = root.get("items").and_then(Node::as_array).unwrap_or(&[]);
    if raw_items.is_empty() {
        report.error(top.key("items"), "a quiz needs at least one item");
    }
    let mut items = Vec::new();
    let mut task_ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in raw_items.iter().enumerate() {
        let at = top.key("items").index(i);
        let task = raw
            .get("task")
            .and_then(|t| nested_task(t, at.key("task"), limits, report));
        let (Some(task), Some(rubric)) = (task, rubric.as_ref()) else {
            continue;
        };
        if let Some(prev) = task_ids.insert(task.id.clone(), i) {
            report.error(
                at.key("task").key("id"),
                format!("task id \"{}\" is also items[{prev}]", short(&task.id)),
            );
        }
        report.absorb(
            &at.key("task"),
            crate::document::parse::check_task_fits(rubric, &task),
        );
        let gold = gold_answers(raw.get("gold")?, rubric, &task, &at.key("gold"), report);
        let mut explanations = BTreeMap::new();
        for (k, v) in raw
            .get("explanations")
            .and_then(Node::as_object)
            .unwrap_or(&[])
        {
            if rubric.criterion(&k.name).is_none() && !report.is_full() {
                let message = unknown_criterion(&k.name, rubric, report);
                report.error(at.key("explanations").key(&k.name), message);
            }
            explanations.insert(k.name.clone(), v.as_str().unwrap_or_default().to_string());
        }
        items.push(QuizItem {
            task,
            gold,
            explanations,
        });
    }
    Some(Quiz {
        id: text(root, "id"),
        title: text(root, "title"),
        instructions: text(root, "instructions"),
        rubric: rubric?,
        feedback,
        shuffle: root.get("shuffle").and_then(Node::as_bool).unwrap_or(false),
        pass,
        items,
    })
}

fn unknown_criterion(id: &str, rubric: &Rubric, report: &mut Report) -> String {
    let hint = report.did_you_mean(id, rubric.criteria.iter().map(|c| c.id.as_str()));
    format!("unknown criterion \"{}\"{hint}", short(id))
}

fn gold_answers(
    node: &Node,
    rubric: &Rubric,
    task: &Task,
    at: &Path,
    report: &mut Report,
) -> BTreeMap<String, Answer> {
    let mut gold = BTreeMap::new();
    for (k, v) in node.as_object().unwrap_or(&[]) {
        let path = at.key(&k.name);
        let Some(c) = rubric.criterion(&k.name) else {
            if !report.is_full() {
                let message = unknown_criterion(&k.name, rubric, report);
                report.error(path, message);
            }
            continue;
        };
        match Answer::from_json(v).filter(|a| a.fits(c, task) && a.is_answered()) {
            Some(a) => {
                gold.insert(k.name.clone(), a);
            }
            None => report.error(
                path,
                format!(
                    "not a valid {} answer for \"{}\" (see docs/rubric-format.md for its shape)",
                    c.kind.name(),
                    short(&c.id)
                ),
            ),
        }
    }
    if gold.is_empty() {
        report.error(at.clone(), "an item needs at least one gold answer");
    }
    gold
}

fn pass_rule(p: &Node, at: &Path, report: &mut Report) -> Option<PassRule> {
    let name = p.get("metric").and_then(Node::as_str).unwrap_or_default();
    let Some(metric) = Metric::from_name(name) else {
        let names = Metric::ALL.iter().map(|m| m.name());
        let hint = report.did_you_mean(name, names.clone());
        report.error(
            at.key("metric"),
            format!(
                "unknown metric \"{}\"{hint}; expected one of {}",
                short(name),
                names.collect::<Vec<_>>().join(", ")
            ),
        );
        return None;
    };
    let threshold = match p.get("threshold").map(|t| &t.value) {
        Some(json::Json::Number { text, .. }) => text
            .parse::<f64>()
            .ok()
            .filter(|t| (-1.0..=1.0).contains(t)),
        _ => None,
    };
    let Some(threshold) = threshold else {
        report.error(
            at.key("threshold"),
            "threshold is a number from -1 to 1, e.g. 0.6",
        );
        return None;
    };
    let per_criterion = match p.get("scope").and_then(Node::as_str) {
        None | Some("per_criterion") => true,
        Some("overall") => false,
        Some(other) => {
            report.error(
                at.key("scope"),
                format!(
                    "scope is \"per_criterion\" or \"overall\", not \"{}\"",
                    short(other)
                ),
            );
            return None;
        }
    };
    Some(PassRule {
        metric,
        threshold,
        per_criterion,
    })
}
