//! Scoring a calibration attempt: a trainee's answers against the experts' gold answers,
//! criterion by criterion, with the agreement figures of [`crate::calibration::agreement`].
//!
//! How each criterion type is compared:
//! - `rating` and `pairwise` are ordinal: the scale's levels are the categories, so levels nobody
//!   used still count; unweighted, linear and quadratic kappa, AC1, percent agreement;
//! - `single_choice` is nominal over its options;
//! - `checklist` pools every item of every quiz item into one yes / no / n.a. table;
//! - `multi_choice` pools one chosen / not chosen decision per option;
//! - `ranking` is compared per quiz item with Kendall's tau-b, then averaged;
//! - `text` is not scored: it is shown beside the expert's.

use crate::calibration::agreement::{
    cohen_kappa, gwet_ac1, kendall_tau_b, percent_agreement, Estimate, Table, Weights,
};
use crate::model::answer::{Answer, Check};
use crate::model::rubric::{Criterion, CriterionKind, Rubric};
use crate::text::messages as msg;
use std::collections::BTreeMap;

/// One quiz item as attempted: the gold answers and the trainee's, keyed by criterion id.
#[derive(Debug, Clone, Default)]
pub struct Attempted {
    pub gold: BTreeMap<String, Answer>,
    pub trainee: BTreeMap<String, Answer>,
}

/// The figures for one criterion.
// One per criterion of a quiz, never held in bulk: the categorical variant's size is no cost.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionScore {
    /// Category-based figures; `table` is trainee (rows) against gold (columns).
    Categorical {
        labels: Vec<String>,
        table: Table,
        items: usize,
        percent: Estimate,
        kappa: Estimate,
        /// Linear and quadratic weighted kappa, for ordinal scales only.
        kappa_linear: Option<Estimate>,
        kappa_quadratic: Option<Estimate>,
        ac1: Estimate,
    },
    /// Mean Kendall's tau-b over the items where both ranked.
    Ranking { items: usize, mean_tau: Estimate },
    /// Not scored (free text).
    NotScored,
}

/// Where the trainee and the gold answer differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// Index of the quiz item.
    pub item: usize,
    pub criterion: String,
    pub trainee: Option<Answer>,
    pub gold: Answer,
}

/// Scores every criterion over all attempted items.
pub fn score(rubric: &Rubric, items: &[Attempted]) -> Vec<(String, CriterionScore)> {
    rubric
        .criteria
        .iter()
        .map(|c| (c.id.clone(), score_criterion(c, items)))
        .collect()
}

/// Every place where the trainee's answer is not the gold one (text answers excepted).
pub fn disagreements(rubric: &Rubric, items: &[Attempted]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for c in &rubric.criteria {
            if matches!(c.kind, CriterionKind::Text { .. }) {
                continue;
            }
            let Some(gold) = item.gold.get(&c.id) else {
                continue;
            };
            let trainee = item.trainee.get(&c.id);
            if trainee != Some(gold) {
                out.push(Disagreement {
                    item: i,
                    criterion: c.id.clone(),
                    trainee: trainee.cloned(),
                    gold: gold.clone(),
                });
            }
        }
    }
    out
}

/// How many scale levels apart two answers to an ordinal criterion (rating, pairwise) are, by
/// their positions on the scale: 0 is the same level, 1 a near miss. `None` for other types and
/// for answers off the scale (a pairwise "both bad").
pub fn levels_apart(c: &Criterion, a: &Answer, b: &Answer) -> Option<usize> {
    let levels = match &c.kind {
        CriterionKind::Rating { levels } | CriterionKind::Pairwise { scale: levels, .. } => levels,
        _ => return None,
    };
    let at = |x: &Answer| levels.iter().position(|l| Some(l.value) == x.number());
    Some(at(a)?.abs_diff(at(b)?))
}

/// The plain-words summary of an attempt: how many scored answers matched the experts', and
/// where the trainee rates consistently higher or lower than they do.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Answers to scored criteria (free text aside) that equal the experts' (canonical form).
    pub matched: usize,
    /// Answers to scored criteria that the experts answered.
    pub total: usize,
    /// Per rating criterion, in rubric order, where the trainee's answers sit on average at
    /// least half a level from the experts': (criterion id, mean offset in whole levels,
    /// positive when higher on the scale).
    pub leanings: Vec<(String, i64)>,
}

/// The summary of `items` (canonical answers, as [`crate::calibration::attempt::Attempt::attempted`]
/// gives them).
pub fn summary(rubric: &Rubric, items: &[Attempted]) -> Summary {
    let missed = disagreements(rubric, items).len();
    let total = items
        .iter()
        .flat_map(|it| it.gold.keys())
        .filter(|id| {
            rubric
                .criterion(id)
                .is_some_and(|c| !matches!(c.kind, CriterionKind::Text { .. }))
        })
        .count();
    let mut leanings = Vec::new();
    for c in &rubric.criteria {
        let CriterionKind::Rating { levels } = &c.kind else {
            continue;
        };
        let at = |x: &Answer| levels.iter().position(|l| Some(l.value) == x.number());
        let offsets: Vec<i64> = items
            .iter()
            .filter_map(|it| {
                let (t, g) = (at(it.trainee.get(&c.id)?)?, at(it.gold.get(&c.id)?)?);
                Some(t as i64 - g as i64)
            })
            .collect();
        if offsets.is_empty() {
            continue;
        }
        let sum: i64 = offsets.iter().sum();
        let n = offsets.len() as i64;
        // The mean rounded half away from zero, in integers: |2·sum| >= n is at least half a level.
        let rounded = (2 * sum + sum.signum() * n) / (2 * n);
        if rounded != 0 {
            leanings.push((c.id.clone(), rounded));
        }
    }
    Summary {
        matched: total.saturating_sub(missed),
        total,
        leanings,
    }
}

fn score_criterion(c: &Criterion, items: &[Attempted]) -> CriterionScore {
    let pairs = || {
        items
            .iter()
            .filter_map(|it| Some((it.trainee.get(&c.id)?, it.gold.get(&c.id)?)))
    };
    match &c.kind {
        CriterionKind::Rating { levels } | CriterionKind::Pairwise { scale: levels, .. } => {
            let index = |a: &Answer| levels.iter().position(|l| Some(l.value) == a.number());
            let table = Table::from_pairs(
                levels.len(),
                pairs().filter_map(|(t, g)| Some((index(t)?, index(g)?))),
            );
            let labels = levels.iter().map(|l| l.label.clone()).collect();
            categorical(labels, table, true)
        }
        CriterionKind::SingleChoice { options } => {
            let index = |a: &Answer| match a {
                Answer::SingleChoice { value } => options.iter().position(|o| &o.value == value),
                _ => None,
            };
            let table = Table::from_pairs(
                options.len(),
                pairs().filter_map(|(t, g)| Some((index(t)?, index(g)?))),
            );
            categorical(
                options.iter().map(|o| o.label.clone()).collect(),
                table,
                false,
            )
        }
        CriterionKind::MultiChoice { options, .. } => {
            let mut table = Table::new(2);
            for (t, g) in pairs() {
                let (Answer::MultiChoice { values: tv }, Answer::MultiChoice { values: gv }) =
                    (t, g)
                else {
                    continue;
                };
                for o in options {
                    table.add(
                        usize::from(!tv.contains(&o.value)),
                        usize::from(!gv.contains(&o.value)),
                    );
                }
            }
            categorical(vec!["chosen".into(), "not chosen".into()], table, false)
        }
        CriterionKind::Checklist { .. } => {
            let index = |c: &Check| match c {
                Check::Yes => 0,
                Check::No => 1,
                Check::Na => 2,
            };
            let mut table = Table::new(3);
            for (t, g) in pairs() {
                let (Answer::Checklist { items: ti }, Answer::Checklist { items: gi }) = (t, g)
                else {
                    continue;
                };
                for (id, gc) in gi {
                    if let Some(tc) = ti.get(id) {
                        table.add(index(tc), index(gc));
                    }
                }
            }
            categorical(vec!["yes".into(), "no".into(), "n/a".into()], table, false)
        }
        CriterionKind::Ranking { .. } => {
            let taus: Vec<f64> = pairs()
                .filter_map(|(t, g)| ranking_tau(t, g).value())
                .collect();
            let mean_tau = if taus.is_empty() {
                Estimate::Undefined(msg::undef_no_ranked_pairs)
            } else {
                Estimate::Value {
                    value: taus.iter().sum::<f64>() / taus.len() as f64,
                    se: None,
                    nonnegative: false,
                }
            };
            CriterionScore::Ranking {
                items: taus.len(),
                mean_tau,
            }
        }
        CriterionKind::Text { .. } => CriterionScore::NotScored,
    }
}

fn categorical(labels: Vec<String>, table: Table, ordinal: bool) -> CriterionScore {
    CriterionScore::Categorical {
        items: table.total() as usize,
        percent: percent_agreement(&table),
        kappa: cohen_kappa(&table, &Weights::Unweighted),
        kappa_linear: ordinal.then(|| cohen_kappa(&table, &Weights::Linear)),
        kappa_quadratic: ordinal.then(|| cohen_kappa(&table, &Weights::Quadratic)),
        ac1: gwet_ac1(&table),
        labels,
        table,
    }
}

/// Kendall's tau-b between two ranking answers, over the responses both ranked.
fn ranking_tau(t: &Answer, g: &Answer) -> Estimate {
    let (Answer::Ranking { order: to }, Answer::Ranking { order: go }) = (t, g) else {
        return Estimate::Undefined(msg::undef_not_rankings);
    };
    let rank_of = |order: &Vec<Vec<String>>, id: &str| {
        order.iter().position(|group| group.iter().any(|x| x == id))
    };
    let ids: Vec<&String> = go
        .iter()
        .flatten()
        .filter(|id| rank_of(to, id).is_some())
        .collect();
    let x: Vec<f64> = ids
        .iter()
        .filter_map(|id| rank_of(to, id))
        .map(|r| r as f64)
        .collect();
    let y: Vec<f64> = ids
        .iter()
        .filter_map(|id| rank_of(go, id))
        .map(|r| r as f64)
        .collect();
    kendall_tau_b(&x, &y)
}
