//! Per rater, on one categorical variable: how often they agree with the consensus of the
//! others (leave-one-out), which way they lean on an ordered scale, which level pairs they
//! confuse; each pair of raters' agreement; model judges against the human consensus beside the
//! humans' own ceiling; and the tasks raters disagree on most, for an adjudicator.
//!
//! The consensus of a set of ratings is its median category on an ordered scale (the lower
//! middle one for an even count) and its most frequent category otherwise; a tie for most
//! frequent has no consensus and the task is left out of that comparison. Each task's
//! category counts are taken once and a rater's own rating subtracted, so a task with many
//! raters costs its raters times its categories, never raters squared.

use super::figures::Variable;
use super::read::{Rater, RaterKind};
use crate::calibration::agreement::{cohen_kappa, percent_agreement, Estimate, Table, Weights};

/// One rater against a consensus.
#[derive(Debug, Clone, PartialEq)]
pub struct Against {
    /// Tasks the rater rated.
    pub items: usize,
    /// Of those, the tasks where the others had a consensus.
    pub compared: usize,
    /// The share of compared tasks where the rater's category is the consensus.
    pub agreement: Estimate,
    /// Its 95% Wilson score interval: unlike the large-sample one it stays informative for
    /// a share of 0 or 1 and for few tasks.
    pub agreement_ci: Option<(f64, f64)>,
    /// On an ordered scale: the rater's mean distance from the consensus in levels (positive:
    /// higher, that is further along the scale).
    pub offset: Option<f64>,
    /// The rater's category and the consensus's, with how often, most frequent first: the
    /// level pairs they confuse.
    pub confusions: Vec<(usize, usize, usize)>,
}

/// The consensus category of `counts` (ordered: the lower median).
fn consensus(counts: &[u32], ordered: bool) -> Option<usize> {
    let total: u32 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    if ordered {
        let half = total.div_ceil(2);
        let mut seen = 0;
        return counts.iter().position(|&c| {
            seen += c;
            seen >= half
        });
    }
    let most = *counts.iter().max()?;
    let mut at = counts.iter().enumerate().filter(|(_, &c)| c == most);
    let first = at.next()?.0;
    at.next().is_none().then_some(first)
}

/// Every rater against the consensus of the other raters in `pool` (a rater's index →
/// whether they count), over every task of `v`, in one pass.
pub fn against_all(v: &Variable, raters: usize, pool: &dyn Fn(usize) -> bool) -> Vec<Against> {
    let k = v.names.len();
    let ordered = v.values.is_some();
    let (mut items, mut compared, mut agreed) = (vec![0; raters], vec![0; raters], vec![0; raters]);
    let mut offset = vec![0.0; raters];
    let mut tables = vec![0usize; raters * k * k];
    let in_pool: Vec<bool> = (0..raters).map(pool).collect();
    // One buffer for every task: its pooled counts, a rater's own rating taken out and put
    // back around each comparison.
    let mut others = vec![0u32; k];
    for unit in &v.by_unit {
        others.fill(0);
        for &(r, c) in unit {
            if in_pool[r] {
                others[c] += 1;
            }
        }
        for &(who, own) in unit {
            items[who] += 1;
            if in_pool[who] {
                others[own] -= 1;
            }
            let agreed_on = consensus(&others, ordered);
            if in_pool[who] {
                others[own] += 1;
            }
            let Some(agreed_on) = agreed_on else {
                continue;
            };
            compared[who] += 1;
            agreed[who] += usize::from(own == agreed_on);
            offset[who] += own as f64 - agreed_on as f64;
            tables[who * k * k + own * k + agreed_on] += 1;
        }
    }
    (0..raters)
        .map(|r| {
            let table = &tables[r * k * k..(r + 1) * k * k];
            let mut confusions: Vec<(usize, usize, usize)> = (0..k * k)
                .filter(|i| i / k != i % k && table[*i] > 0)
                .map(|i| (i / k, i % k, table[i]))
                .collect();
            confusions.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
            confusions.truncate(3);
            let agreement = if compared[r] == 0 {
                Estimate::Undefined(crate::text::messages::undef_no_pairs)
            } else {
                let p = agreed[r] as f64 / compared[r] as f64;
                Estimate::within(p, Some((p * (1.0 - p) / compared[r] as f64).sqrt()), true)
            };
            Against {
                items: items[r],
                compared: compared[r],
                agreement_ci: wilson(agreed[r], compared[r]),
                agreement,
                offset: (ordered && compared[r] > 0).then(|| offset[r] / compared[r] as f64),
                confusions,
            }
        })
        .collect()
}

/// The 95% Wilson score interval of `k` successes in `n` trials (`None` for none).
pub fn wilson(k: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (z, n, p) = (1.959_963_984_540_054, n as f64, k as f64 / n as f64);
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Every rater against all the others.
pub fn per_rater(v: &Variable, raters: usize) -> Vec<Against> {
    against_all(v, raters, &|_| true)
}

/// A model judge against the human consensus, beside the humans' ceiling.
#[derive(Debug, Clone, PartialEq)]
pub struct Judge {
    pub rater: usize,
    pub against_humans: Against,
}

/// Each model judge against the consensus of the humans, and the ceiling: each human against
/// the consensus of the other humans, their agreements averaged over the humans who could be
/// compared (`None` with fewer than two humans).
pub fn judges(v: &Variable, raters: &[Rater]) -> (Vec<Judge>, Option<f64>) {
    let human = |r: usize| raters[r].kind == RaterKind::Human;
    let all = against_all(v, raters.len(), &human);
    let ceilings: Vec<f64> = (0..raters.len())
        .filter(|&r| human(r))
        .filter_map(|r| all[r].agreement.value())
        .collect();
    let ceiling =
        (!ceilings.is_empty()).then(|| ceilings.iter().sum::<f64>() / ceilings.len() as f64);
    let judges = all
        .into_iter()
        .enumerate()
        .filter(|(r, _)| !human(*r))
        .map(|(rater, against_humans)| Judge {
            rater,
            against_humans,
        })
        .collect();
    (judges, ceiling)
}

/// Above this many raters the rater × rater matrix is not computed (it could not be read, and
/// a task rated by all would cost raters squared).
pub const MAX_MATRIX_RATERS: usize = 60;

/// Each pair of raters' agreement over the tasks both rated: `(percent, kappa)` with kappa
/// quadratic-weighted on an ordered scale, unweighted otherwise; row-major, `raters × raters`,
/// `None` on the diagonal. `None` above [`MAX_MATRIX_RATERS`].
pub type Matrix = Vec<Option<(Estimate, Estimate)>>;

pub fn matrix(v: &Variable, raters: usize) -> Option<Matrix> {
    if raters > MAX_MATRIX_RATERS {
        return None;
    }
    let k = v.names.len();
    // One table per pair (a < b); a pair's figures are the same either way round.
    let mut tables: Vec<Table> = (0..raters * raters).map(|_| Table::new(k)).collect();
    for unit in &v.by_unit {
        for &(a, ca) in unit {
            for &(b, cb) in unit {
                if a < b {
                    tables[a * raters + b].add(ca, cb);
                }
            }
        }
    }
    let weights = if v.values.is_some() {
        Weights::Quadratic
    } else {
        Weights::Unweighted
    };
    let mut out: Matrix = vec![None; raters * raters];
    for a in 0..raters {
        for b in a + 1..raters {
            let t = &tables[a * raters + b];
            let figures = Some((percent_agreement(t), cohen_kappa(t, &weights)));
            out[b * raters + a] = figures;
            out[a * raters + b] = figures;
        }
    }
    Some(out)
}

/// A task the raters disagree on.
#[derive(Debug, Clone, PartialEq)]
pub struct Contested {
    pub unit: usize,
    /// The share of pairs of its ratings that differ (0: all agree).
    pub disagreement: f64,
    /// On an ordered scale, the distance in levels between the lowest and highest rating.
    pub spread: Option<usize>,
}

/// The tasks with two ratings or more where any differ, most contested first (then widest
/// spread, then task order).
pub fn contested(v: &Variable) -> Vec<Contested> {
    let k = v.names.len();
    let mut counts = vec![0u64; k];
    let mut out: Vec<Contested> = v
        .by_unit
        .iter()
        .enumerate()
        .filter(|(_, u)| u.len() >= 2)
        .filter_map(|(unit, u)| {
            counts.fill(0);
            u.iter().for_each(|&(_, c)| counts[c] += 1);
            let m = u.len() as u64;
            let same: u64 = counts.iter().map(|c| c * c.saturating_sub(1)).sum();
            let disagreement = 1.0 - same as f64 / (m * (m - 1)) as f64;
            let used = || {
                counts
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c > 0)
                    .map(|(i, _)| i)
            };
            let spread = v
                .values
                .as_ref()
                .map(|_| used().max().unwrap_or(0) - used().min().unwrap_or(0));
            (disagreement > 0.0).then_some(Contested {
                unit,
                disagreement,
                spread,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.disagreement
            .total_cmp(&a.disagreement)
            .then(b.spread.cmp(&a.spread))
            .then(a.unit.cmp(&b.unit))
    });
    out
}

/// One human in the alternative annotator test.
#[derive(Debug, Clone, PartialEq)]
pub struct AltHuman {
    pub rater: usize,
    /// Tasks this human and the judge both rated, with another human's rating to compare to.
    pub items: usize,
    /// How often the judge represents the other humans at least as well as this one does.
    pub advantage: f64,
    /// One-sided p-value of "this human is better by more than ε".
    pub p_value: f64,
    /// The test rejected it (after the Benjamini–Yekutieli correction): the judge won.
    pub judge_wins: bool,
}

/// The alternative annotator test's outcome for one judge.
#[derive(Debug, Clone, PartialEq)]
pub struct AltTest {
    pub epsilon: f64,
    pub humans: Vec<AltHuman>,
    /// Humans with too few tasks shared with the judge to be tested.
    pub untested: Vec<usize>,
    /// The share of tested humans the judge beat; `None` when none could be tested.
    pub winning_rate: Option<f64>,
    /// The mean of the humans' advantage probabilities: a measure to compare judges by.
    pub advantage: Option<f64>,
    /// The judge could replace a human: it beat at least half of them.
    pub passes: bool,
}

/// The alternative annotator test (Calderon, Reichart & Dror, "The Alternative Annotator Test
/// for LLM-as-a-Judge", ACL 2025): for each human with at least `min_items` tasks rated by the
/// judge and another human, leave that human out and ask who represents the remaining humans
/// better on each task, the judge or the human (accuracy against each remaining rating on a
/// nominal scale, the negative root mean squared distance in levels on an ordered one). With
/// `W_judge = 1[judge ≥ human]` and `W_human = 1[human ≥ judge]` per task, a one-sided t-test
/// of `mean(W_human − W_judge) < ε` gives a p-value per human; the Benjamini–Yekutieli
/// procedure at q = 0.05 decides which the judge beat. ε (0.1 for crowd workers, 0.15 trained,
/// 0.2 experts, by the paper) is the advantage the judge's lower cost buys it. The judge passes
/// when it beats at least half the humans. The paper asks for three humans or more and 30
/// tasks or more per human.
///
/// Linear: each task's human ratings are summarised once (counts, sums), and each human's own
/// rating taken out of the summary.
pub fn alt_test(
    v: &Variable,
    raters: &[Rater],
    judge: usize,
    epsilon: f64,
    min_items: usize,
) -> AltTest {
    use crate::calibration::agreement::{benjamini_yekutieli, student_t_cdf};
    let k = v.names.len();
    let ordered = v.values.is_some();
    let human = |r: usize| r != judge && raters.get(r).is_some_and(|x| x.kind == RaterKind::Human);
    // Per human: each task's W_human − W_judge, and the judge's wins.
    let mut diffs: Vec<Vec<f64>> = vec![Vec::new(); raters.len()];
    let mut judge_at_least: Vec<usize> = vec![0; raters.len()];
    let mut counts = vec![0u32; k];
    for unit in &v.by_unit {
        let Some(&(_, j)) = unit.iter().find(|r| r.0 == judge) else {
            continue;
        };
        counts.fill(0);
        let (mut n, mut s1, mut s2) = (0.0, 0.0, 0.0);
        for &(_, c) in unit.iter().filter(|r| human(r.0)) {
            counts[c] += 1;
            n += 1.0;
            s1 += c as f64;
            s2 += (c * c) as f64;
        }
        for &(h, own) in unit.iter().filter(|r| human(r.0)) {
            let rest = n - 1.0;
            if rest < 1.0 {
                continue;
            }
            let (r1, r2) = (s1 - own as f64, s2 - (own * own) as f64);
            // How well rating x represents the remaining humans.
            let score = |x: usize| {
                if ordered {
                    let x = x as f64;
                    -((r2 - 2.0 * x * r1 + rest * x * x) / rest).max(0.0).sqrt()
                } else {
                    f64::from(counts[x] - u32::from(x == own)) / rest
                }
            };
            let (by_judge, by_human) = (score(j), score(own));
            let w_judge = by_judge >= by_human;
            let w_human = by_human >= by_judge;
            judge_at_least[h] += usize::from(w_judge);
            diffs[h].push(f64::from(u8::from(w_human)) - f64::from(u8::from(w_judge)));
        }
    }
    let mut humans = Vec::new();
    let mut untested = Vec::new();
    for h in (0..raters.len()).filter(|&h| human(h)) {
        let d = &diffs[h];
        if d.len() < min_items.max(2) {
            untested.push(h);
            continue;
        }
        let n = d.len() as f64;
        let mean = d.iter().sum::<f64>() / n;
        let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let p_value = if sd == 0.0 {
            if mean < epsilon {
                0.0
            } else {
                1.0
            }
        } else {
            student_t_cdf((mean - epsilon) / (sd / n.sqrt()), n - 1.0)
        };
        humans.push(AltHuman {
            rater: h,
            items: d.len(),
            advantage: judge_at_least[h] as f64 / n,
            p_value,
            judge_wins: false,
        });
    }
    let rejected = benjamini_yekutieli(&humans.iter().map(|h| h.p_value).collect::<Vec<_>>(), 0.05);
    for (h, won) in humans.iter_mut().zip(rejected) {
        h.judge_wins = won;
    }
    let tested = humans.len() as f64;
    let winning_rate = (!humans.is_empty())
        .then(|| humans.iter().filter(|h| h.judge_wins).count() as f64 / tested);
    AltTest {
        epsilon,
        advantage: (!humans.is_empty())
            .then(|| humans.iter().map(|h| h.advantage).sum::<f64>() / tested),
        passes: winning_rate.is_some_and(|w| w >= 0.5),
        winning_rate,
        humans,
        untested,
    }
}
