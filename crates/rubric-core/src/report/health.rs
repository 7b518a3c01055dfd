//! Rubric health: what the figures say about the rubric itself, not the raters. Criteria whose
//! agreement cannot be told apart from chance (their interval reaches 0, or it is undefined),
//! levels nobody uses, ordered criteria that move together across tasks (candidates to merge),
//! and tensions whose two criteria are both answered often (so their guidance is read often).

use super::figures::{CriterionFigures, Figures};
use super::read::Ratings;
use crate::model::rubric::{CriterionKind, Rubric};
use std::collections::HashSet;

/// A variable of the report: a criterion, or one checklist item or multi-choice option of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub criterion: usize,
    pub part: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Health {
    /// Agreement indistinguishable from chance: the alpha interval reaches 0 (or alpha is
    /// undefined while there were tasks to compare).
    pub near_chance: Vec<Place>,
    /// Levels (or options, checks) no rating chose: the place and the level's index.
    pub unused: Vec<(Place, usize)>,
    /// Ordered criteria whose per-task mean ratings correlate at |r| ≥ [`TOGETHER`] over at
    /// least [`MIN_SHARED`] tasks: the two criteria, r, and the tasks.
    pub together: Vec<(usize, usize, f64, usize)>,
    /// Each tension, by its place in the rubric, and the share of rater-task pairs that
    /// answered both of its criteria.
    pub tensions: Vec<(usize, f64)>,
}

/// How strongly two criteria must move together to be named.
pub const TOGETHER: f64 = 0.8;
/// How many tasks two criteria must share for their correlation to count.
pub const MIN_SHARED: usize = 10;
/// Above this many ordered criteria, pairs are not compared (their count grows as a square).
pub const MAX_COMPARED: usize = 60;

pub fn of(rubric: &Rubric, ratings: &Ratings, figures: &[CriterionFigures]) -> Health {
    let mut h = Health::default();
    for (criterion, f) in figures.iter().enumerate() {
        let CriterionFigures::Categorical(list) = f else {
            continue;
        };
        for v in list {
            let place = || Place {
                criterion,
                part: v.part.clone(),
            };
            if near_chance(v) {
                h.near_chance.push(place());
            }
            for (i, (_, n)) in v.levels.iter().enumerate() {
                if *n == 0 {
                    h.unused.push((place(), i));
                }
            }
        }
    }
    h.together = together(rubric, ratings);
    // Tensions: the rater-task pairs that answered both criteria (none to count without one:
    // the pairs of a large export take a while to gather).
    if rubric.tensions.is_empty() {
        return h;
    }
    let pairs: HashSet<(usize, usize)> = ratings
        .by_criterion
        .iter()
        .flatten()
        .map(|r| (r.unit, r.rater))
        .collect();
    for (i, t) in rubric.tensions.iter().enumerate() {
        let answered = |id: &str| -> HashSet<(usize, usize)> {
            rubric
                .criteria
                .iter()
                .position(|c| c.id == id)
                .map(|c| {
                    ratings.by_criterion[c]
                        .iter()
                        .map(|r| (r.unit, r.rater))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut both = answered(&t.between[0]);
        for other in &t.between[1..] {
            let o = answered(other);
            both.retain(|p| o.contains(p));
        }
        if !pairs.is_empty() {
            h.tensions.push((i, both.len() as f64 / pairs.len() as f64));
        }
    }
    h
}

fn near_chance(v: &Figures) -> bool {
    match (v.alpha.value(), v.alpha_ci) {
        (Some(_), Some((lo, _))) => lo <= 0.0,
        (Some(a), None) => a <= 0.0,
        (None, _) => v.units > 0,
    }
}

/// Pearson's r between the per-task mean levels of each pair of ordered criteria.
fn together(rubric: &Rubric, ratings: &Ratings) -> Vec<(usize, usize, f64, usize)> {
    let units = ratings.units.len();
    // Per ordered criterion: per task, the sum and count of level indices.
    let ordered: Vec<(usize, Vec<Option<f64>>)> = rubric
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(c, crit)| {
            let levels = match &crit.kind {
                CriterionKind::Rating { levels }
                | CriterionKind::Pairwise { scale: levels, .. } => levels,
                _ => return None,
            };
            let mut sum = vec![(0.0, 0u32); units];
            for r in &ratings.by_criterion[c] {
                if let Some(i) = levels
                    .iter()
                    .position(|l| Some(l.value) == r.answer.number())
                {
                    sum[r.unit].0 += i as f64;
                    sum[r.unit].1 += 1;
                }
            }
            Some((
                c,
                sum.into_iter()
                    .map(|(s, n)| (n > 0).then(|| s / f64::from(n)))
                    .collect(),
            ))
        })
        .take(MAX_COMPARED)
        .collect();
    let mut out = Vec::new();
    for (i, (a, xa)) in ordered.iter().enumerate() {
        for (b, xb) in &ordered[i + 1..] {
            let pairs: Vec<(f64, f64)> = xa
                .iter()
                .zip(xb)
                .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
                .collect();
            let n = pairs.len();
            if n < MIN_SHARED {
                continue;
            }
            let (mx, my) = (
                pairs.iter().map(|p| p.0).sum::<f64>() / n as f64,
                pairs.iter().map(|p| p.1).sum::<f64>() / n as f64,
            );
            let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
            for (x, y) in &pairs {
                sxy += (x - mx) * (y - my);
                sxx += (x - mx).powi(2);
                syy += (y - my).powi(2);
            }
            if sxx > 0.0 && syy > 0.0 {
                let r = sxy / (sxx * syy).sqrt();
                if r.abs() >= TOGETHER {
                    out.push((*a, *b, r, n));
                }
            }
        }
    }
    out
}
