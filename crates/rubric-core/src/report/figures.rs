//! Per criterion, across every rater, the agreement statistics that fit its scale:
//!
//! - `rating` and `pairwise` (canonical orientation) are ordinal: Krippendorff's alpha ordinal
//!   and interval, each with a bootstrap interval; percent agreement and Gwet's AC1 over the
//!   levels; Fleiss' kappa when every task has the same number of ratings;
//! - `single_choice`: alpha nominal, AC1, percent, Fleiss when complete;
//! - `checklist`: the same, per item (yes / no / n.a.); `multi_choice`: per option (chosen or
//!   not);
//! - `ranking`: Kendall's W per task (the responses every rater of that task ranked), averaged,
//!   and the mean Kendall's tau-b over every pair of raters of a task;
//! - `text` is not scored.
//!
//! Each figure keeps the counts behind it (tasks, raters, pairable values) and each level's
//! share of the answers, so unused levels show.

use super::read::{Rating, Ratings};
use crate::calibration::agreement::{
    fleiss_kappa, gwet_ac1_many, kendall_tau_b, kendall_w, krippendorff_alpha_counts, Estimate,
    Level,
};
use crate::model::answer::{Answer, Check};
use crate::model::rubric::{Criterion, CriterionKind};
use crate::text::i18n::Msg;
use crate::text::messages as msg;

/// One scored variable: a criterion, or one checklist item or multi-choice option of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The checklist item's id or the option's value, for a part of a criterion.
    pub part: Option<String>,
    /// The criterion's title, or the item's or option's label.
    pub label: String,
    /// Whether the categories are ordered (alpha ordinal and interval are given).
    pub ordinal: bool,
    /// Tasks with at least two ratings.
    pub units: usize,
    /// Raters with at least one rating on such a task.
    pub raters: usize,
    /// Ratings on such tasks.
    pub values: usize,
    /// Gwet's observed agreement over tasks with two ratings or more.
    pub percent: Estimate,
    pub ac1: Estimate,
    /// Nominal, or ordinal for an ordered scale, with its bootstrap interval.
    pub alpha: Estimate,
    pub alpha_ci: Option<(f64, f64)>,
    /// Interval alpha (the levels' values as distances), ordered scales only.
    pub alpha_interval: Option<(Estimate, Option<(f64, f64)>)>,
    /// Fleiss' kappa, when every task has the same number of ratings.
    pub fleiss: Option<Estimate>,
    /// Each category's name and how many ratings chose it (all tasks).
    pub levels: Vec<(Name, usize)>,
}

/// A category's name: the rubric's words, or the widget's (yes / no / n.a., chosen or not),
/// translated where it is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Name {
    Rubric(String),
    Ui(Msg),
}

/// A criterion's figures.
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionFigures {
    /// One entry for the criterion, or one per checklist item or multi-choice option.
    Categorical(Vec<Figures>),
    Ranking {
        /// Tasks ranked by two raters or more.
        units: usize,
        mean_w: Estimate,
        mean_tau: Estimate,
    },
    NotScored,
}

/// One categorical variable's ratings: a criterion, or one checklist item or multi-choice
/// option of it, each answer placed among `names`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub part: Option<String>,
    pub label: String,
    pub names: Vec<Name>,
    /// The levels' numbers, for an ordered scale.
    pub values: Option<Vec<f64>>,
    /// Per task, each rating's rater and category.
    pub by_unit: Vec<Vec<(usize, usize)>>,
}

/// The categorical variables of criterion `c` (its place in the rubric `index`): one for a
/// rating, pairwise or single-choice criterion, one per checklist item or multi-choice
/// option; none for rankings and text.
pub fn variables(c: &Criterion, index: usize, ratings: &Ratings) -> Vec<Variable> {
    let list = &ratings.by_criterion[index];
    /// A part of the criterion: its id, label, category names and values.
    type Part = (Option<String>, String, Vec<Name>, Option<Vec<f64>>);
    // Every part's category of each rating (NONE: not rated for it), each answer looked at
    // once for all its parts: answers are spread over memory, and reaching one is the cost.
    const NONE: usize = usize::MAX;
    let (parts, categories): (Vec<Part>, Vec<usize>) = match &c.kind {
        CriterionKind::Rating { levels } | CriterionKind::Pairwise { scale: levels, .. } => {
            let names = levels
                .iter()
                .map(|l| Name::Rubric(l.label.clone()))
                .collect();
            let values = levels.iter().map(|l| l.value as f64).collect();
            let at = |a: &Answer| levels.iter().position(|l| Some(l.value) == a.number());
            (
                vec![(None, c.title.clone(), names, Some(values))],
                list.iter().map(|r| at(&r.answer).unwrap_or(NONE)).collect(),
            )
        }
        CriterionKind::SingleChoice { options } => {
            let names = options
                .iter()
                .map(|o| Name::Rubric(o.label.clone()))
                .collect();
            let at = |a: &Answer| match a {
                Answer::SingleChoice { value } => options.iter().position(|o| &o.value == value),
                _ => None,
            };
            (
                vec![(None, c.title.clone(), names, None)],
                list.iter().map(|r| at(&r.answer).unwrap_or(NONE)).collect(),
            )
        }
        CriterionKind::MultiChoice { options, .. } => {
            let parts = options
                .iter()
                .map(|o| {
                    let names = vec![
                        Name::Ui(msg::report_chosen),
                        Name::Ui(msg::report_not_chosen),
                    ];
                    (Some(o.value.clone()), o.label.clone(), names, None)
                })
                .collect();
            let mut categories = Vec::with_capacity(list.len() * options.len());
            for r in list {
                match &r.answer {
                    Answer::MultiChoice { values } => categories.extend(
                        options
                            .iter()
                            .map(|o| usize::from(!values.contains(&o.value))),
                    ),
                    _ => categories.extend(options.iter().map(|_| NONE)),
                }
            }
            (parts, categories)
        }
        CriterionKind::Checklist { items, .. } => {
            let parts = items
                .iter()
                .map(|item| {
                    let names = [msg::check_yes, msg::check_no, msg::check_na]
                        .map(Name::Ui)
                        .to_vec();
                    (Some(item.id.clone()), item.label.clone(), names, None)
                })
                .collect();
            let mut categories = Vec::with_capacity(list.len() * items.len());
            for r in list {
                match &r.answer {
                    Answer::Checklist { items: checks } => {
                        categories.extend(items.iter().map(|item| match checks.get(&item.id) {
                            Some(Check::Yes) => 0,
                            Some(Check::No) => 1,
                            Some(Check::Na) => 2,
                            None => NONE,
                        }))
                    }
                    _ => categories.extend(items.iter().map(|_| NONE)),
                }
            }
            (parts, categories)
        }
        CriterionKind::Ranking { .. } | CriterionKind::Text { .. } => return Vec::new(),
    };
    let n = parts.len();
    // Each rating's task and rater, compact, for the passes below.
    let who: Vec<(usize, usize)> = list.iter().map(|r| (r.unit, r.rater)).collect();
    // Each task's list made at its size.
    let mut sizes = vec![0usize; ratings.units.len()];
    parts
        .into_iter()
        .enumerate()
        .map(|(p, (part, label, names, values))| {
            let at = |i: usize| categories[i * n + p];
            sizes.fill(0);
            for (i, &(unit, _)) in who.iter().enumerate() {
                if at(i) != NONE {
                    sizes[unit] += 1;
                }
            }
            let mut by_unit: Vec<Vec<(usize, usize)>> =
                sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
            for (i, &(unit, rater)) in who.iter().enumerate() {
                if at(i) != NONE {
                    by_unit[unit].push((rater, at(i)));
                }
            }
            Variable {
                part,
                label,
                names,
                values,
                by_unit,
            }
        })
        .collect()
}

/// Ratings of criterion `c` (its place in the rubric `index`) that are no point on its scale:
/// a pairwise "both are bad". They are not in its figures, which say how many were left out.
pub fn off_scale(c: &Criterion, index: usize, ratings: &Ratings) -> usize {
    match c.kind {
        CriterionKind::Pairwise { .. } => ratings.by_criterion[index]
            .iter()
            .filter(|r| matches!(r.answer, Answer::Pairwise { value: None, .. }))
            .count(),
        _ => 0,
    }
}

/// The figures of criterion `c` (its place in the rubric `index`) over `ratings`. `resamples`
/// for the bootstrap intervals (0: none), seeded per criterion so a report is reproducible.
pub fn criterion(
    c: &Criterion,
    index: usize,
    ratings: &Ratings,
    resamples: usize,
) -> CriterionFigures {
    match &c.kind {
        CriterionKind::Ranking { .. } => ranking(&ratings.by_criterion[index], ratings.units.len()),
        CriterionKind::Text { .. } => CriterionFigures::NotScored,
        _ => CriterionFigures::Categorical(
            variables(c, index, ratings)
                .iter()
                .map(|v| Figures::of(v, resamples, 0x5eed_0000 + index as u64))
                .collect(),
        ),
    }
}

impl Figures {
    /// The figures of one variable; `seed` for its bootstrap.
    pub fn of(v: &Variable, resamples: usize, seed: u64) -> Figures {
        let k = v.names.len();
        let by_unit = &v.by_unit;
        let mut levels: Vec<(Name, usize)> = v.names.iter().map(|l| (l.clone(), 0)).collect();
        for &(_, c) in by_unit.iter().flatten() {
            levels[c].1 += 1;
        }
        // Each task's category counts, in one buffer.
        let nonempty = by_unit.iter().filter(|u| !u.is_empty()).count();
        let mut flat = vec![0u32; nonempty * k];
        for (row, u) in flat
            .chunks_mut(k.max(1))
            .zip(by_unit.iter().filter(|u| !u.is_empty()))
        {
            for &(_, c) in u {
                row[c] += 1;
            }
        }
        let counts: Vec<&[u32]> = if k == 0 {
            vec![&[]; nonempty]
        } else {
            flat.chunks(k).collect()
        };
        let pairable: Vec<&Vec<(usize, usize)>> = by_unit.iter().filter(|u| u.len() >= 2).collect();
        // The raters of pairable tasks, counted once each.
        let mut seen: Vec<bool> = Vec::new();
        for &(r, _) in pairable.iter().copied().flatten() {
            if r >= seen.len() {
                seen.resize(r + 1, false);
            }
            seen[r] = true;
        }
        let raters = seen.iter().filter(|&&s| s).count();
        let (ac1, percent) = gwet_ac1_many(&counts);
        let complete = pairable.len() == counts.len()
            && counts
                .windows(2)
                .all(|w| w[0].iter().sum::<u32>() == w[1].iter().sum::<u32>());
        let fleiss = (complete && !counts.is_empty()).then(|| fleiss_kappa(&counts));
        let ordinal = v.values.is_some();
        let level = if ordinal {
            Level::Ordinal
        } else {
            Level::Nominal
        };
        // Alpha over the categories' indices (nominal, or ordinal), and over the levels' values
        // (interval) for an ordered scale, with one set of bootstrap draws.
        let indices: Vec<f64> = (0..k).map(|c| c as f64).collect();
        let mut scales: Vec<(&[f64], Level)> = vec![(&indices, level)];
        if let Some(vals) = &v.values {
            scales.push((vals, Level::Interval));
        }
        let mut alphas = krippendorff_alpha_counts(&counts, &scales, resamples, seed).into_iter();
        let (alpha, alpha_ci) = alphas.next().expect("one alpha a scale");
        let alpha_interval = alphas.next();
        Figures {
            part: v.part.clone(),
            label: v.label.clone(),
            ordinal,
            units: pairable.len(),
            raters,
            values: pairable.iter().map(|u| u.len()).sum(),
            percent,
            ac1,
            alpha,
            alpha_ci,
            alpha_interval,
            fleiss,
            levels,
        }
    }
}

/// Kendall's W per task over the responses every one of its raters ranked, averaged; and the
/// mean tau-b over every pair of raters of a task.
fn ranking(list: &[Rating], units: usize) -> CriterionFigures {
    let mut by_unit: Vec<Vec<&Vec<Vec<String>>>> = vec![Vec::new(); units];
    for r in list {
        if let Answer::Ranking { order } = &r.answer {
            by_unit[r.unit].push(order);
        }
    }
    let (mut ws, mut taus) = (Vec::new(), Vec::new());
    // Each order's ranks by id, made once: a search per id would be quadratic in an order's
    // length, which nothing bounds in a submission read without its task.
    fn ranks_of(order: &[Vec<String>]) -> std::collections::HashMap<&str, f64> {
        let mut m = std::collections::HashMap::new();
        for (place, group) in order.iter().enumerate() {
            for id in group {
                m.entry(id.as_str()).or_insert(place as f64);
            }
        }
        m
    }
    let mut ranked = 0;
    for orders in by_unit.iter().filter(|o| o.len() >= 2) {
        ranked += 1;
        let maps: Vec<_> = orders.iter().map(|o| ranks_of(o)).collect();
        let mut seen = std::collections::HashSet::new();
        let common: Vec<&String> = orders[0]
            .iter()
            .flatten()
            .filter(|id| {
                seen.insert(id.as_str()) && maps.iter().all(|m| m.contains_key(id.as_str()))
            })
            .collect();
        let ranks: Vec<Vec<f64>> = maps
            .iter()
            .map(|m| common.iter().map(|id| m[id.as_str()]).collect())
            .collect();
        if let Some(w) = kendall_w(&ranks).value() {
            ws.push(w);
        }
        for i in 0..ranks.len() {
            for j in i + 1..ranks.len() {
                if let Some(t) = kendall_tau_b(&ranks[i], &ranks[j]).value() {
                    taus.push(t);
                }
            }
        }
    }
    let mean = |xs: &[f64], nonnegative| {
        if xs.is_empty() {
            Estimate::Undefined(msg::undef_no_ranked_pairs)
        } else {
            Estimate::within(xs.iter().sum::<f64>() / xs.len() as f64, None, nonnegative)
        }
    };
    CriterionFigures::Ranking {
        units: ranked,
        mean_w: mean(&ws, true),
        mean_tau: mean(&taus, false),
    }
}
