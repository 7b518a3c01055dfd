//! One trainee's attempt at a calibration quiz, and what is shown and sent about it: the
//! order of the items, the answers so far, answers in words, how each figure was computed
//! (the formula with this attempt's numbers), the quiz result document, and the attempt
//! history kept on the device.

use crate::calibration::agreement::{ac1_parts, kappa_parts, landis_koch, Estimate, Weights};
use crate::calibration::quiz::{Metric, Quiz};
use crate::calibration::scoring::{self, Attempted, CriterionScore};
use crate::document::json::{self, Writer};
use crate::document::output::{json_output, OrderedMap, WriteJson};
use crate::form::ids::shuffled;
use crate::form::submission::{ClientInfo, RubricRef};
use crate::model::answer::{Answer, Check};
use crate::model::rubric::{Criterion, CriterionKind};
use crate::model::task::Task;
use crate::text::i18n::{Arg, Translate};
use crate::text::messages as msg;
use std::collections::BTreeMap;

/// An attempt in progress or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// 1 for the first attempt on this device.
    pub number: u32,
    /// Quiz item indices in the order shown.
    pub order: Vec<usize>,
    /// The trainee's answers by quiz item index.
    pub answers: BTreeMap<usize, BTreeMap<String, Answer>>,
    pub started_at_ms: i64,
}

impl Attempt {
    /// A fresh attempt: the items in quiz order, or shuffled by `seed` when the quiz says so
    /// (a retry gets a new seed, so a new order).
    pub fn new(quiz: &Quiz, number: u32, seed: u64, now_ms: i64) -> Attempt {
        let all: Vec<usize> = (0..quiz.items.len()).collect();
        Attempt {
            number,
            order: if quiz.shuffle {
                shuffled(&all, seed)
            } else {
                all
            },
            answers: BTreeMap::new(),
            started_at_ms: now_ms,
        }
    }

    /// The quiz item to answer next, `None` when every item is answered.
    pub fn current(&self) -> Option<usize> {
        self.order
            .iter()
            .copied()
            .find(|i| !self.answers.contains_key(i))
    }

    /// How many items are answered.
    pub fn done(&self) -> usize {
        self.answers.len()
    }

    pub fn record(&mut self, item: usize, answers: BTreeMap<String, Answer>) {
        self.answers.insert(item, answers);
    }

    /// The attempt in progress as saved on the device, so a reload resumes it (P5).
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.begin_object();
        w.field_int("v", 1);
        w.field_int("number", i64::from(self.number));
        w.field_int("started_at_ms", self.started_at_ms);
        w.key("order");
        w.begin_array();
        for i in &self.order {
            w.int(*i as i64);
        }
        w.end_array();
        w.key("answers");
        w.begin_object();
        for (i, answers) in &self.answers {
            w.key(&i.to_string());
            answers.write_json(&mut w);
        }
        w.end_object();
        w.end_object();
        w.finish()
    }

    /// Reads a saved attempt of `quiz`; `None` when it is unreadable or does not fit the quiz
    /// (it changed since): the trainee then starts afresh.
    pub fn from_json(text: &str, quiz: &Quiz) -> Option<Attempt> {
        let root = json::parse(text).ok()?;
        if root.get("v")?.as_i64()? != 1 {
            return None;
        }
        let n = quiz.items.len();
        let order: Vec<usize> = root
            .get("order")?
            .as_array()?
            .iter()
            .map(|i| {
                i.as_i64()
                    .and_then(|i| usize::try_from(i).ok())
                    .filter(|i| *i < n)
            })
            .collect::<Option<_>>()?;
        let mut sorted = order.clone();
        sorted.sort_unstable();
        if sorted != (0..n).collect::<Vec<_>>() {
            return None;
        }
        let mut answers = BTreeMap::new();
        for (k, v) in root.get("answers")?.as_object()? {
            let item: usize = k.name.parse().ok().filter(|i| *i < n)?;
            let mut map = BTreeMap::new();
            for (cid, a) in v.as_object()? {
                if quiz.rubric.criterion(&cid.name).is_some() {
                    map.insert(cid.name.clone(), Answer::from_json(a)?);
                }
            }
            answers.insert(item, map);
        }
        Some(Attempt {
            number: u32::try_from(root.get("number")?.as_i64()?).ok()?,
            order,
            answers,
            started_at_ms: root.get("started_at_ms")?.as_i64()?,
        })
    }

    /// The answered items in the order shown, for scoring: the trainee's and the experts'
    /// answers both in canonical form ([`Answer::canonical`]), so the order a pair was shown
    /// in never changes a score.
    pub fn attempted(&self, quiz: &Quiz) -> Vec<Attempted> {
        self.order
            .iter()
            .filter_map(|i| {
                let item = quiz.items.get(*i)?;
                let canonical = |answers: &BTreeMap<String, Answer>| {
                    let mut out = BTreeMap::new();
                    for (id, a) in answers {
                        let a = match quiz.rubric.criterion(id) {
                            Some(c) => a.canonical(c, &item.task),
                            None => a.clone(),
                        };
                        out.insert(id.clone(), a);
                    }
                    out
                };
                Some(Attempted {
                    gold: canonical(&item.gold),
                    trainee: canonical(self.answers.get(i)?),
                })
            })
            .collect()
    }
}

/// An answer in words, as the trainee saw the options: "4 · Helpful", "Flag, Remove",
/// "1. Response A = Response B; 2. Response C".
pub fn answer_text(c: &Criterion, task: &Task, a: &Answer, tr: &dyn Translate) -> String {
    let response = |id: &str| {
        task.response(id)
            .map_or(id.to_string(), |r| r.label.clone())
    };
    let level = |levels: &[crate::model::rubric::Level], v: i64| {
        levels
            .iter()
            .find(|l| l.value == v)
            .map_or(v.to_string(), |l| format!("{v} · {}", l.label))
    };
    let option = |options: &[crate::model::rubric::Choice], v: &str| {
        options
            .iter()
            .find(|o| o.value == v)
            .map_or(v.to_string(), |o| o.label.clone())
    };
    match (&c.kind, a) {
        (CriterionKind::Rating { levels }, Answer::Rating { value }) => level(levels, *value),
        (CriterionKind::SingleChoice { options }, Answer::SingleChoice { value }) => {
            option(options, value)
        }
        (CriterionKind::MultiChoice { options, .. }, Answer::MultiChoice { values }) => {
            if values.is_empty() {
                tr.t(msg::answer_none)
            } else {
                let labels: Vec<String> = values.iter().map(|v| option(options, v)).collect();
                labels.join(", ")
            }
        }
        (CriterionKind::Pairwise { scale, .. }, Answer::Pairwise { a, b, value, .. }) => {
            let verdict = value.map_or_else(|| tr.t(msg::answer_both_bad), |v| level(scale, v));
            let (a, b) = (response(a), response(b));
            tr.f(
                msg::answer_pair,
                &[
                    ("verdict", (&verdict).into()),
                    ("a", (&a).into()),
                    ("b", (&b).into()),
                ],
            )
        }
        (_, Answer::Ranking { order }) => {
            let places: Vec<String> = order
                .iter()
                .enumerate()
                .map(|(i, group)| {
                    let names: Vec<String> = group.iter().map(|id| response(id)).collect();
                    format!("{}. {}", i + 1, names.join(" = "))
                })
                .collect();
            places.join("; ")
        }
        (_, Answer::Text { value }) => value.clone(),
        (CriterionKind::Checklist { items: defs, .. }, Answer::Checklist { items }) => {
            let parts: Vec<String> = defs
                .iter()
                .filter_map(|d| {
                    let word = tr.t(match items.get(&d.id)? {
                        Check::Yes => msg::check_yes,
                        Check::No => msg::check_no,
                        Check::Na => msg::check_na,
                    });
                    Some(format!("{}: {word}", d.label))
                })
                .collect();
            parts.join("; ")
        }
        _ => String::new(),
    }
}

/// The figure a metric reads from a score: the pass rule's metric, otherwise quadratic
/// weighted kappa on ordinal scales and kappa elsewhere; mean tau for rankings.
pub fn headline(score: &CriterionScore, metric: Option<Metric>) -> Option<f64> {
    match (score, metric) {
        (CriterionScore::Ranking { mean_tau, .. }, _) => mean_tau.value(),
        (_, Some(m)) => m.of(score),
        (
            CriterionScore::Categorical {
                kappa,
                kappa_quadratic,
                ..
            },
            None,
        ) => kappa_quadratic.as_ref().unwrap_or(kappa).value(),
        (CriterionScore::NotScored, None) => None,
    }
}

/// A figure with two decimals and, for kappa-like values, Landis & Koch's word for it.
pub fn figure_text(e: &Estimate, band: bool, tr: &dyn Translate) -> String {
    figure_text_within(e, e.ci95(), band, tr)
}

/// [`figure_text`] with the interval given (a bootstrap's, say) instead of the estimate's own.
pub fn figure_text_within(
    e: &Estimate,
    interval: Option<(f64, f64)>,
    band: bool,
    tr: &dyn Translate,
) -> String {
    match e {
        Estimate::Value { value, .. } => {
            let v = tr.fixed(*value, 2);
            let with_ci = match interval {
                Some((lo, hi)) => {
                    let (lo, hi) = (tr.fixed(lo, 2), tr.fixed(hi, 2));
                    tr.f(
                        msg::figure_ci,
                        &[
                            ("value", (&v).into()),
                            ("lo", (&lo).into()),
                            ("hi", (&hi).into()),
                        ],
                    )
                }
                None => v,
            };
            if band {
                // The word for the figure shown: from the unrounded value, a kappa of 0.2049
                // read "0.20 (fair)" beside a 0.1990 read "0.20 (slight)".
                let word = tr.t(landis_koch((*value * 100.0).round() / 100.0));
                tr.f(
                    msg::figure_band,
                    &[("figure", (&with_ci).into()), ("band", (&word).into())],
                )
            } else {
                with_ci
            }
        }
        Estimate::Undefined(why) => {
            let why = tr.t(*why);
            tr.f(msg::figure_undefined, &[("why", (&why).into())])
        }
    }
}

/// How each figure of a categorical score was computed, one line per step, with this
/// attempt's counts plugged in. Empty for other scores. The formulas are notation, the same in
/// every language; the words around them are messages.
pub fn explain(score: &CriterionScore, tr: &dyn Translate) -> Vec<String> {
    let CriterionScore::Categorical {
        table,
        kappa,
        kappa_linear,
        ac1,
        ..
    } = score
    else {
        return Vec::new();
    };
    let n = table.total();
    if n == 0 {
        return vec![tr.t(msg::explain_nothing)];
    }
    let k = table.k();
    let agree: u64 = (0..k).map(|c| table.count(c, c)).sum();
    let rows: Vec<u64> = (0..k)
        .map(|a| (0..k).map(|b| table.count(a, b)).sum())
        .collect();
    let cols: Vec<u64> = (0..k)
        .map(|b| (0..k).map(|a| table.count(a, b)).sum())
        .collect();
    let x = |v: f64| tr.fixed(v, 3);
    let say = |m, args: &[(&str, String)]| {
        let args: Vec<(&str, Arg)> = args.iter().map(|(k, v)| (*k, Arg::Text(v))).collect();
        tr.f(m, &args)
    };
    let mut out = vec![say(
        msg::explain_observed,
        &[
            ("agree", agree.to_string()),
            ("n", n.to_string()),
            ("po", x(agree as f64 / n as f64)),
        ],
    )];
    let products: Vec<String> = rows
        .iter()
        .zip(&cols)
        .filter(|(r, c)| **r > 0 && **c > 0)
        .map(|(r, c)| format!("{r}×{c}"))
        .collect();
    let sum: u64 = rows.iter().zip(&cols).map(|(r, c)| r * c).sum();
    if let Some((po, pe)) = kappa_parts(table, &Weights::Unweighted) {
        let products = if products.is_empty() {
            "0".to_string()
        } else {
            products.join(" + ")
        };
        out.push(say(
            msg::explain_chance,
            &[
                ("products", products),
                ("n", n.to_string()),
                ("sum", sum.to_string()),
                ("nn", (n * n).to_string()),
                ("pe", x(pe)),
            ],
        ));
        out.push(match kappa.value() {
            Some(v) => say(
                msg::explain_kappa,
                &[("po", x(po)), ("pe", x(pe)), ("kappa", x(v))],
            ),
            None => say(
                msg::explain_kappa_undefined,
                &[("figure", figure_text(kappa, false, tr))],
            ),
        });
        if let Estimate::Value { se: Some(se), .. } = kappa {
            out.push(say(
                msg::explain_interval,
                &[("se", x(*se)), ("figure", figure_text(kappa, false, tr))],
            ));
        }
    }
    if let (Some(e), Some((po, pe))) = (kappa_linear, kappa_parts(table, &Weights::Linear)) {
        out.push(say(
            msg::explain_weighted,
            &[
                ("k", k.to_string()),
                ("po", x(po)),
                ("pe", x(pe)),
                ("figure", figure_text(e, false, tr)),
            ],
        ));
    }
    if let Some((po, pe)) = ac1_parts(table) {
        out.push(say(
            msg::explain_ac1,
            &[
                ("po", x(po)),
                ("pe", x(pe)),
                ("figure", figure_text(ac1, false, tr)),
            ],
        ));
    }
    out
}

/// The result document of a finished attempt (CONTRACT.md, "The quiz result"), POSTed through
/// the outbox like a submission and kept in the attempt history.
pub struct ResultContext<'a> {
    pub result_id: &'a str,
    pub trainee: &'a str,
    pub finished_at_ms: i64,
    pub client_version: &'a str,
}

/// The quiz result JSON, as sent.
pub fn result_json(quiz: &Quiz, attempt: &Attempt, ctx: &ResultContext) -> String {
    QuizResult::of(quiz, attempt, ctx).to_json()
}

impl QuizResult {
    /// The result document of a finished attempt: the figures per criterion in rubric order,
    /// the answers in the order the items were shown.
    pub fn of(quiz: &Quiz, attempt: &Attempt, ctx: &ResultContext) -> QuizResult {
        let scores = scoring::score(&quiz.rubric, &attempt.attempted(quiz));
        QuizResult {
            schema_version: crate::SCHEMA_VERSION.to_string(),
            result_id: ctx.result_id.to_string(),
            quiz: QuizRef {
                id: quiz.id.clone(),
                rubric: RubricRef {
                    id: quiz.rubric.id.clone(),
                    version: quiz.rubric.version.clone(),
                },
            },
            trainee: ctx.trainee.to_string(),
            attempt: attempt.number,
            started_at: crate::form::time::rfc3339(attempt.started_at_ms),
            finished_at: crate::form::time::rfc3339(ctx.finished_at_ms),
            passed: quiz.pass.as_ref().map(|rule| rule.passes(&scores)),
            criteria: OrderedMap(
                scores
                    .iter()
                    .map(|(id, s)| (id.clone(), CriterionFigures::of(s)))
                    .collect(),
            ),
            items: attempt
                .order
                .iter()
                .filter_map(|i| {
                    Some(ItemAnswers {
                        task_id: quiz.items.get(*i)?.task.id.clone(),
                        answers: attempt.answers.get(i)?.clone(),
                    })
                })
                .collect(),
            client: ClientInfo::this(ctx.client_version),
        }
    }
}

impl CriterionFigures {
    /// A score as the result document states it.
    pub fn of(s: &CriterionScore) -> CriterionFigures {
        match s {
            CriterionScore::Categorical {
                labels,
                table,
                items,
                percent,
                kappa,
                kappa_linear,
                kappa_quadratic,
                ac1,
            } => CriterionFigures::Categorical {
                items: *items as u64,
                percent: Figure::of(percent),
                kappa: Figure::of(kappa),
                kappa_linear: kappa_linear.as_ref().map(Figure::of),
                kappa_quadratic: kappa_quadratic.as_ref().map(Figure::of),
                ac1: Figure::of(ac1),
                labels: labels.clone(),
                confusion: (0..table.k())
                    .map(|a| (0..table.k()).map(|b| table.count(a, b)).collect())
                    .collect(),
            },
            CriterionScore::Ranking { items, mean_tau } => CriterionFigures::Ranking {
                items: *items as u64,
                mean_tau: Figure::of(mean_tau),
            },
            CriterionScore::NotScored => CriterionFigures::NotScored,
        }
    }
}

impl Figure {
    /// An estimate as the result document states it: an undefined one by its reason's stable
    /// English text.
    pub fn of(e: &Estimate) -> Figure {
        match e {
            Estimate::Value { value, se, .. } => Figure::Value {
                value: *value,
                se: *se,
                ci95: e.ci95().map(|(lo, hi)| [lo, hi]),
            },
            Estimate::Undefined(why) => Figure::Undefined {
                undefined: why.en.to_string(),
            },
        }
    }
}

/// One finished attempt as remembered on the device, for the trend.
#[derive(Debug, Clone, PartialEq)]
pub struct Past {
    pub attempt: u32,
    pub finished_at_ms: i64,
    pub passed: Option<bool>,
    /// The headline figure per scored criterion (`None`: undefined), in rubric order.
    pub figures: Vec<(String, Option<f64>)>,
}

impl Past {
    /// The mean of the defined figures.
    pub fn mean(&self) -> Option<f64> {
        let v: Vec<f64> = self.figures.iter().filter_map(|(_, f)| *f).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    }

    /// What to remember of a finished attempt.
    pub fn of(quiz: &Quiz, attempt: &Attempt, finished_at_ms: i64) -> Past {
        let scores = scoring::score(&quiz.rubric, &attempt.attempted(quiz));
        let metric = quiz.pass.map(|p| p.metric);
        Past {
            attempt: attempt.number,
            finished_at_ms,
            passed: quiz.pass.map(|rule| rule.passes(&scores)),
            figures: scores
                .iter()
                .filter(|(_, s)| !matches!(s, CriterionScore::NotScored))
                .map(|(id, s)| (id.clone(), headline(s, metric)))
                .collect(),
        }
    }
}

/// The attempt history as stored on the device (oldest first).
pub fn history_to_json(history: &[Past]) -> String {
    let mut w = Writer::default();
    w.begin_object();
    w.field_int("v", 1);
    w.key("attempts");
    w.begin_array();
    for p in history {
        w.begin_object();
        w.field_int("attempt", i64::from(p.attempt));
        w.field_int("finished_at_ms", p.finished_at_ms);
        w.key("passed");
        match p.passed {
            Some(b) => w.bool(b),
            None => w.null(),
        }
        w.key("figures");
        w.begin_object();
        for (id, f) in &p.figures {
            w.key(id);
            match f {
                Some(v) => w.float(*v),
                None => w.null(),
            }
        }
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish()
}

/// Reads the stored history; anything unreadable is an empty history, never a panic.
pub fn history_from_json(text: &str) -> Vec<Past> {
    let Ok(root) = json::parse(text) else {
        return Vec::new();
    };
    if root.get("v").and_then(json::Node::as_i64) != Some(1) {
        return Vec::new();
    }
    let Some(list) = root.get("attempts").and_then(json::Node::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|n| {
            Some(Past {
                attempt: u32::try_from(n.get("attempt")?.as_i64()?).ok()?,
                finished_at_ms: n.get("finished_at_ms")?.as_i64()?,
                passed: n.get("passed").and_then(json::Node::as_bool),
                figures: n
                    .get("figures")?
                    .as_object()?
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.as_f64()))
                    .collect(),
            })
        })
        .collect()
}

json_output! {
    // The doc comment is the schema's description (schema/quiz-result.schema.json). The widget
    // builds this value too ([`QuizResult::of`]) and writes it with the `WriteJson` impl the
    // macro derives from this one declaration.
    /// The quiz result as a typed document, for native consumers (the receiver validates with it,
    /// the JSON Schema is generated from it). The widget writes the same JSON with
    /// [`result_json`]; a test checks the two agree.
    #[derive(Debug, Clone, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct QuizResult {
        /// The contract version, [`crate::SCHEMA_VERSION`].
        pub schema_version: String,
        /// A UUID v4 made once per finished attempt; the backend deduplicates on it.
        pub result_id: String,
        pub quiz: QuizRef,
        /// Who took the quiz, as the host configured it.
        pub trainee: String,
        /// 1 for the first attempt on that device.
        pub attempt: u32,
        pub started_at: String,
        pub finished_at: String,
        /// Whether the attempt met the quiz's pass rule; `null` when the quiz has none.
        pub passed: Option<bool>,
        /// Per criterion id.
        pub criteria: OrderedMap<CriterionFigures>,
        /// The trainee's answers, in the order the items were shown.
        pub items: Vec<ItemAnswers>,
        pub client: ClientInfo,
    }
}

json_output! {
    #[derive(Debug, Clone, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct QuizRef {
        pub id: String,
        pub rubric: RubricRef,
    }
}

json_output! {
    #[derive(Debug, Clone, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ItemAnswers {
        pub task_id: String,
        pub answers: BTreeMap<String, Answer>,
    }
}

json_output! {
    /// One criterion's figures (see `calibration` for how each type is compared). A contract
    /// type read once per document, so the size difference between variants does not matter.
    #[serde(tag = "kind", deny_unknown_fields)]
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq)]
    pub enum CriterionFigures {
        #[serde(rename = "categorical")]
        Categorical {
            /// Items with both an answer and a gold answer (pooled decisions for checklists and
            /// multiple choice).
            items: u64,
            percent: Figure,
            kappa: Figure,
            /// Ordinal scales only.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            kappa_linear: Option<Figure>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            kappa_quadratic: Option<Figure>,
            ac1: Figure,
            labels: Vec<String>,
            /// Trainee (rows) against gold (columns), in `labels` order.
            confusion: Vec<Vec<u64>>,
        },
        #[serde(rename = "ranking")]
        Ranking {
            items: u64,
            mean_tau: Figure,
        },
        #[serde(rename = "not_scored")]
        NotScored,
    }
}

json_output! {
    /// A figure with its standard error and 95% interval where defined, or why it is undefined.
    #[serde(untagged, deny_unknown_fields)]
    #[derive(Debug, Clone, PartialEq)]
    pub enum Figure {
        Value {
            value: f64,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            se: Option<f64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            ci95: Option<[f64; 2]>,
        },
        Undefined {
            undefined: String,
        },
    }
}

#[cfg(test)]
mod figure_tests {
    use super::*;
    use crate::text::i18n::English;

    #[test]
    fn the_band_is_the_shown_figures() {
        let at = |value| Estimate::Value {
            value,
            se: None,
            nonnegative: false,
        };
        let text = |v| figure_text_within(&at(v), None, true, &English);
        assert_eq!(text(0.2049), text(0.1990));
        assert!(text(0.2049).starts_with("0.20") && text(0.2049).contains("slight"));
        assert!(text(0.2051).starts_with("0.21") && text(0.2051).contains("fair"));
    }
}
