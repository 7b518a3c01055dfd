//! Inter-rater agreement: percent agreement, Cohen's kappa (unweighted, linear, quadratic,
//! custom weights), Gwet's AC1 (two raters, and many with missing ratings), Fleiss' kappa,
//! Krippendorff's alpha (nominal, ordinal, interval; missing ratings allowed; a seeded
//! bootstrap interval), Kendall's tau-b for two rankings and Kendall's W for many.
//!
//! Standard errors (95% intervals `value ± 1.96·se`, truncated to the statistic's range: 0 to 1
//! for percent agreement, −1 to 1 for the rest): percent agreement (binomial), Cohen's
//! kappa with any weights (Fleiss, Cohen & Everitt 1969), Gwet's AC1 (Gwet 2008) and Fleiss'
//! kappa and many raters' AC1 (Gwet 2014), all checked against irrCAC's published outputs;
//! Krippendorff's alpha has a bootstrap interval instead ([`krippendorff_alpha_bootstrap`]);
//! none for Kendall's tau-b and W.
//!
//! Categories are indices `0..k` given by the caller (from the rubric), so categories nobody
//! used still count. A figure that cannot be computed is [`Estimate::Undefined`] with the
//! reason, never NaN and never a panic:
//! - every figure is undefined with no rated items;
//! - Cohen's kappa (any weights) is undefined when chance agreement is 1 (both raters used one
//!   and the same category for everything), Gwet's AC1 when there are fewer than 2 categories;
//! - Fleiss' kappa is undefined when subjects have different numbers of ratings, fewer than 2
//!   ratings, or when chance agreement is 1;
//! - Krippendorff's alpha is undefined when fewer than 2 values are pairable or when all
//!   pairable values are equal (no expected disagreement).

use crate::text::i18n::Msg;
use crate::text::messages as msg;

/// A figure, or why it has none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimate {
    Value {
        value: f64,
        /// Large-sample standard error, where one is defined here.
        se: Option<f64>,
        /// The statistic cannot be negative (percent agreement): its range is 0 to 1, else
        /// −1 to 1 (the kappa family, AC1, alpha, tau). Its interval stays within.
        nonnegative: bool,
    },
    Undefined(Msg),
}

impl Estimate {
    fn of(value: f64, se: Option<f64>) -> Estimate {
        Estimate::within(value, se, false)
    }

    /// A statistic whose possible values are 0 to 1 (`nonnegative`) or −1 to 1.
    pub fn within(value: f64, se: Option<f64>, nonnegative: bool) -> Estimate {
        if value.is_finite() {
            Estimate::Value {
                value,
                se: se.filter(|s| s.is_finite()),
                nonnegative,
            }
        } else {
            Estimate::Undefined(msg::undef_not_finite)
        }
    }

    pub fn value(&self) -> Option<f64> {
        match self {
            Estimate::Value { value, .. } => Some(*value),
            Estimate::Undefined(_) => None,
        }
    }

    /// The 95% confidence interval, where a standard error is defined: the Wald interval
    /// `value ± 1.96·se` truncated to the statistic's possible range (0 or −1 to 1), so a
    /// near-perfect kappa is never shown as "[0.65, 1.11]". Near the ends of the range the
    /// truncated interval is narrower than the truth; with few items, read it as rough.
    pub fn ci95(&self) -> Option<(f64, f64)> {
        match self {
            Estimate::Value {
                value,
                se: Some(se),
                nonnegative,
            } => {
                let lowest = if *nonnegative { 0.0 } else { -1.0 };
                Some((
                    (value - 1.96 * se).clamp(lowest, 1.0),
                    (value + 1.96 * se).clamp(lowest, 1.0),
                ))
            }
            _ => None,
        }
    }
}

/// Landis & Koch's words for a kappa-like value.
pub fn landis_koch(value: f64) -> Msg {
    match value {
        v if v < 0.0 => msg::band_poor,
        v if v <= 0.20 => msg::band_slight,
        v if v <= 0.40 => msg::band_fair,
        v if v <= 0.60 => msg::band_moderate,
        v if v <= 0.80 => msg::band_substantial,
        _ => msg::band_almost_perfect,
    }
}

/// A k×k confusion matrix of two raters: `count(a, b)` items rater A put in `a` and rater B
/// in `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    k: usize,
    counts: Vec<u64>,
}

impl Table {
    /// An empty table over `k` categories.
    pub fn new(k: usize) -> Table {
        Table {
            k,
            counts: vec![0; k * k],
        }
    }

    /// From pairs of category indices; pairs outside `0..k` are ignored.
    pub fn from_pairs(k: usize, pairs: impl IntoIterator<Item = (usize, usize)>) -> Table {
        let mut t = Table::new(k);
        for (a, b) in pairs {
            t.add(a, b);
        }
        t
    }

    pub fn add(&mut self, a: usize, b: usize) {
        if a < self.k && b < self.k {
            self.counts[a * self.k + b] += 1;
        }
    }

    pub fn k(&self) -> usize {
        self.k
    }

    pub fn count(&self, a: usize, b: usize) -> u64 {
        self.counts[a * self.k + b]
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Row (rater A) and column (rater B) proportions.
    fn marginals(&self) -> (Vec<f64>, Vec<f64>) {
        let n = self.total() as f64;
        let rows = (0..self.k)
            .map(|a| (0..self.k).map(|b| self.count(a, b)).sum::<u64>() as f64 / n)
            .collect();
        let cols = (0..self.k)
            .map(|b| (0..self.k).map(|a| self.count(a, b)).sum::<u64>() as f64 / n)
            .collect();
        (rows, cols)
    }
}

/// How much two categories agree, from 1 (same) down to 0.
#[derive(Debug, Clone, PartialEq)]
pub enum Weights {
    /// Only identical categories agree (nominal data).
    Unweighted,
    /// `1 − |i − j| / (k − 1)`: ordinal data, every step costs the same.
    Linear,
    /// `1 − ((i − j) / (k − 1))²`: ordinal data, big disagreements cost more.
    Quadratic,
    /// A k×k row-major matrix of agreement weights, 1 on the diagonal.
    Custom(Vec<f64>),
}

impl Weights {
    /// The agreement weight of categories `i` and `j` out of `k`.
    pub fn weight(&self, i: usize, j: usize, k: usize) -> f64 {
        let d = i.abs_diff(j) as f64 / (k.max(2) - 1) as f64;
        match self {
            Weights::Unweighted => f64::from(u8::from(i == j)),
            Weights::Linear => 1.0 - d,
            Weights::Quadratic => 1.0 - d * d,
            Weights::Custom(m) => m
                .get(i * k + j)
                .copied()
                .unwrap_or(f64::from(u8::from(i == j))),
        }
    }
}

/// Observed agreement: the share of items both raters put in the same category.
pub fn percent_agreement(t: &Table) -> Estimate {
    let n = t.total();
    if n == 0 {
        return Estimate::Undefined(msg::undef_no_pairs);
    }
    let agree: u64 = (0..t.k).map(|c| t.count(c, c)).sum();
    let p = agree as f64 / n as f64;
    Estimate::within(p, Some((p * (1.0 - p) / n as f64).sqrt()), true)
}

/// Observed and chance agreement `(pₒ, pₑ)` of Cohen's kappa with these weights; `None` for an
/// empty table. Exposed so the quiz can show the formula with its numbers.
pub fn kappa_parts(t: &Table, weights: &Weights) -> Option<(f64, f64)> {
    let n = t.total();
    if n == 0 {
        return None;
    }
    let (rows, cols) = t.marginals();
    let (mut po, mut pe) = (0.0, 0.0);
    for (i, r) in rows.iter().enumerate() {
        for (j, c) in cols.iter().enumerate() {
            let w = weights.weight(i, j, t.k);
            po += w * t.count(i, j) as f64 / n as f64;
            pe += w * r * c;
        }
    }
    Some((po, pe))
}

/// Cohen's kappa, `(pₒ − pₑ) / (1 − pₑ)` with agreement weights, and its large-sample standard
/// error from Fleiss, Cohen & Everitt (1969), for any weights:
/// `var = [Σᵢⱼ pᵢⱼ (wᵢⱼ − (w̄ᵢ. + w̄.ⱼ)(1 − κ))² − (κ − pₑ(1 − κ))²] / (n (1 − pₑ)²)` with
/// `w̄ᵢ. = Σⱼ p.ⱼ wᵢⱼ` and `w̄.ⱼ = Σᵢ pᵢ. wᵢⱼ` (the formula of SAS, R's vcd and irrCAC).
pub fn cohen_kappa(t: &Table, weights: &Weights) -> Estimate {
    let n = t.total();
    let Some((po, pe)) = kappa_parts(t, weights) else {
        return Estimate::Undefined(msg::undef_no_pairs);
    };
    if (1.0 - pe).abs() < 1e-12 {
        return Estimate::Undefined(msg::undef_one_category_both);
    }
    let kappa = (po - pe) / (1.0 - pe);
    let (rows, cols) = t.marginals();
    let k = t.k;
    let w = |i: usize, j: usize| weights.weight(i, j, k);
    let row_w: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| cols[j] * w(i, j)).sum())
        .collect();
    let col_w: Vec<f64> = (0..k)
        .map(|j| (0..k).map(|i| rows[i] * w(i, j)).sum())
        .collect();
    let mut sum = 0.0;
    for (i, rw) in row_w.iter().enumerate() {
        for (j, cw) in col_w.iter().enumerate() {
            let p = t.count(i, j) as f64 / n as f64;
            let d = w(i, j) - (rw + cw) * (1.0 - kappa);
            sum += p * d * d;
        }
    }
    let last = kappa - pe * (1.0 - kappa);
    let var = (sum - last * last) / (n as f64 * (1.0 - pe).powi(2));
    Estimate::of(kappa, Some(var.max(0.0).sqrt()))
}

/// Gwet's AC1 for two raters: chance agreement `pₑ = Σ πₖ(1 − πₖ) / (k − 1)` with πₖ the mean
/// share of category k; stays meaningful when one category dominates, where kappa collapses.
/// Standard error from Gwet (2008), for an infinite population:
/// `var = [Σₖₗ pₖₗ (δₖₗ − 2(1 − AC1)(1 − (πₖ + πₗ)/2)/(k − 1))² − (pₒ − 2(1 − AC1)pₑ)²] / (n (1 − pₑ)²)`.
pub fn gwet_ac1(t: &Table) -> Estimate {
    let n = t.total();
    if n == 0 {
        return Estimate::Undefined(msg::undef_no_pairs);
    }
    let Some((po, pe)) = ac1_parts(t) else {
        return Estimate::Undefined(msg::undef_few_categories);
    };
    if (1.0 - pe).abs() < 1e-12 {
        return Estimate::Undefined(msg::undef_chance_one);
    }
    let ac1 = (po - pe) / (1.0 - pe);
    let (rows, cols) = t.marginals();
    let k = t.k;
    let pi: Vec<f64> = (0..k).map(|c| (rows[c] + cols[c]) / 2.0).collect();
    let mut sum = 0.0;
    for (a, pa) in pi.iter().enumerate() {
        for (b, pb) in pi.iter().enumerate() {
            let p = t.count(a, b) as f64 / n as f64;
            let same = f64::from(u8::from(a == b));
            let d = same - 2.0 * (1.0 - ac1) * (1.0 - (pa + pb) / 2.0) / (k - 1) as f64;
            sum += p * d * d;
        }
    }
    let last = po - 2.0 * (1.0 - ac1) * pe;
    let var = (sum - last * last) / (n as f64 * (1.0 - pe).powi(2));
    Estimate::of(ac1, Some(var.max(0.0).sqrt()))
}

/// Observed and chance agreement `(pₒ, pₑ)` of Gwet's AC1; `None` for an empty table or fewer
/// than 2 categories.
pub fn ac1_parts(t: &Table) -> Option<(f64, f64)> {
    let n = t.total();
    if n == 0 || t.k < 2 {
        return None;
    }
    let (rows, cols) = t.marginals();
    let pe: f64 = (0..t.k)
        .map(|c| (rows[c] + cols[c]) / 2.0)
        .map(|pi| pi * (1.0 - pi))
        .sum::<f64>()
        / (t.k - 1) as f64;
    let po = (0..t.k).map(|c| t.count(c, c)).sum::<u64>() as f64 / n as f64;
    Some((po, pe))
}

/// Fleiss' kappa: `counts[i][c]` is how many raters put subject i in category c; every subject
/// must have the same number of ratings.
pub fn fleiss_kappa<R: AsRef<[u32]>>(counts: &[R]) -> Estimate {
    let rows: Vec<&[u32]> = counts.iter().map(AsRef::as_ref).collect();
    let counts = rows.as_slice();
    let Some(first) = counts.first() else {
        return Estimate::Undefined(msg::undef_no_subjects);
    };
    let m: u32 = first.iter().sum();
    if m < 2 {
        return Estimate::Undefined(msg::undef_few_ratings);
    }
    if counts
        .iter()
        .any(|row| row.iter().sum::<u32>() != m || row.len() != first.len())
    {
        return Estimate::Undefined(msg::undef_uneven_ratings);
    }
    let (n, m) = (counts.len() as f64, f64::from(m));
    let k = first.len();
    let p_bar = counts
        .iter()
        .map(|row| {
            (row.iter()
                .map(|&c| f64::from(c) * (f64::from(c) - 1.0))
                .sum::<f64>())
                / (m * (m - 1.0))
        })
        .sum::<f64>()
        / n;
    let pe: f64 = (0..k)
        .map(|c| counts.iter().map(|row| f64::from(row[c])).sum::<f64>() / (n * m))
        .map(|p| p * p)
        .sum();
    if (1.0 - pe).abs() < 1e-12 {
        return Estimate::Undefined(msg::undef_one_category);
    }
    let kappa = (p_bar - pe) / (1.0 - pe);
    // Standard error by Gwet's linearisation (Handbook of Inter-Rater Reliability, 2014;
    // irrCAC's fleiss.kappa.dist), for an infinite population: each subject's contribution
    // κᵢ* = (pₐᵢ − pₑ)/(1 − pₑ) − 2(1 − κ)(pₑᵢ − pₑ)/(1 − pₑ), var = Σ(κᵢ* − κ)² / (n(n − 1)).
    let shares: Vec<f64> = (0..k)
        .map(|c| counts.iter().map(|row| f64::from(row[c])).sum::<f64>() / (n * m))
        .collect();
    let spread: f64 = counts
        .iter()
        .map(|row| {
            let pa_i = row
                .iter()
                .map(|&c| f64::from(c) * (f64::from(c) - 1.0))
                .sum::<f64>()
                / (m * (m - 1.0));
            let pe_i = row
                .iter()
                .zip(&shares)
                .map(|(&c, s)| f64::from(c) * s)
                .sum::<f64>()
                / m;
            let k_i = (pa_i - pe) / (1.0 - pe) - 2.0 * (1.0 - kappa) * (pe_i - pe) / (1.0 - pe);
            (k_i - kappa).powi(2)
        })
        .sum();
    let se = (n > 1.0).then(|| (spread / (n * (n - 1.0))).sqrt());
    Estimate::of(kappa, se)
}

/// The level of measurement for Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Nominal,
    Ordinal,
    Interval,
}

/// Krippendorff's alpha over `units[u][coder]` (None: not rated), `α = 1 − Dₒ / Dₑ` from the
/// coincidence matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
/// Values are compared as numbers; for `Ordinal` only their order matters.
pub fn krippendorff_alpha(units: &[Vec<Option<f64>>], level: Level) -> Estimate {
    let c = Coincidences::of(units);
    match c.alpha(&c.type_counts(), level) {
        Ok(alpha) => Estimate::of(alpha, None),
        Err(why) => Estimate::Undefined(why),
    }
}

/// Kendall's tau-b between two rankings of the same items (`x[i]`, `y[i]` are item i's ranks;
/// equal ranks are ties). Used per item for ranking criteria. Undefined with fewer than 2
/// items or when either ranking ties everything.
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> Estimate {
    let n = x.len().min(y.len());
    if n < 2 {
        return Estimate::Undefined(msg::undef_few_ranked);
    }
    // Knight's O(n log n) algorithm (1966), as SciPy computes it: sort by x then y, count the
    // ties in x and the joint ties, then merge-sort by y counting the swaps (the discordant
    // pairs) and the ties in y. A ranking read from a backend can be long, so no pair loop.
    let mut pairs: Vec<(f64, f64)> = x.iter().zip(y).take(n).map(|(a, b)| (*a, *b)).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let runs = |same: &dyn Fn(usize) -> bool| -> f64 {
        let (mut total, mut run) = (0.0, 1.0);
        for i in 1..n {
            if same(i) {
                run += 1.0;
            } else {
                total += run * (run - 1.0) / 2.0;
                run = 1.0;
            }
        }
        total + run * (run - 1.0) / 2.0
    };
    let ties_x = runs(&|i| pairs[i].0 == pairs[i - 1].0);
    let ties_xy = runs(&|i| pairs[i] == pairs[i - 1]);
    let mut ys: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let swaps = merge_count(&mut ys, &mut vec![0.0; n]);
    let ties_y = runs(&|i| ys[i] == ys[i - 1]);
    let all = n as f64 * (n as f64 - 1.0) / 2.0;
    let denominator = ((all - ties_x) * (all - ties_y)).sqrt();
    if denominator == 0.0 {
        return Estimate::Undefined(msg::undef_all_tied);
    }
    let score = all - ties_x - ties_y + ties_xy - 2.0 * swaps;
    Estimate::of(score / denominator, None)
}

/// Sorts `v` (stably, by merging) and returns how many pairs were out of order: the swaps an
/// exchange sort would make.
fn merge_count(v: &mut [f64], buf: &mut [f64]) -> f64 {
    let n = v.len();
    if n < 2 {
        return 0.0;
    }
    let mid = n / 2;
    let mut swaps =
        merge_count(&mut v[..mid], &mut buf[..mid]) + merge_count(&mut v[mid..], &mut buf[mid..]);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if v[j] < v[i] {
            buf[k] = v[j];
            swaps += (mid - i) as f64;
            j += 1;
        } else {
            buf[k] = v[i];
            i += 1;
        }
        k += 1;
    }
    buf[k..k + mid - i].copy_from_slice(&v[i..mid]);
    k += mid - i;
    buf[k..k + n - j].copy_from_slice(&v[j..n]);
    v.copy_from_slice(&buf[..n]);
    swaps
}

/// Many raters, missing ratings allowed (Gwet 2014, "Handbook of Inter-Rater Reliability",
/// ch. 2; irrCAC's `gwet.ac1.raw`): `counts[i][c]` is how many raters put subject i in
/// category c, and subjects may have any number of ratings. Observed agreement `pₐ` is the mean,
/// over subjects with at least 2 ratings, of `Σc rᵢc(rᵢc − 1) / (rᵢ(rᵢ − 1))`; category shares
/// `πc` are the mean over subjects with at least one rating of `rᵢc / rᵢ`; chance agreement is
/// `Σ πc(1 − πc) / (k − 1)`. Standard error by Gwet's linearisation, for an infinite
/// population. Returns `(AC1, pₐ)`, pₐ as a nonnegative estimate with its own standard error
/// (the spread of the subjects' agreement).
pub fn gwet_ac1_many<R: AsRef<[u32]>>(counts: &[R]) -> (Estimate, Estimate) {
    let rows: Vec<&[u32]> = counts
        .iter()
        .map(AsRef::as_ref)
        .filter(|r| r.iter().sum::<u32>() > 0)
        .collect();
    let k = rows.first().map_or(0, |r| r.len());
    if counts.iter().any(|r| r.as_ref().len() != k) {
        let why = Estimate::Undefined(msg::undef_uneven_ratings);
        return (why, why);
    }
    let r_i = |row: &[u32]| f64::from(row.iter().sum::<u32>());
    let pa_i = |row: &[u32]| {
        let r = r_i(row);
        if r < 2.0 {
            return 0.0;
        }
        row.iter()
            .map(|&c| f64::from(c) * (f64::from(c) - 1.0))
            .sum::<f64>()
            / (r * (r - 1.0))
    };
    let paired: Vec<&[u32]> = rows.iter().copied().filter(|r| r_i(r) >= 2.0).collect();
    if paired.is_empty() {
        let why = Estimate::Undefined(msg::undef_few_ratings);
        return (why, why);
    }
    let (n, n2) = (rows.len() as f64, paired.len() as f64);
    let each: Vec<f64> = paired.iter().map(|r| pa_i(r)).collect();
    let pa = each.iter().sum::<f64>() / n2;
    let pa_se = (n2 > 1.0)
        .then(|| (each.iter().map(|p| (p - pa).powi(2)).sum::<f64>() / (n2 * (n2 - 1.0))).sqrt());
    let percent = Estimate::within(pa, pa_se, true);
    if k < 2 {
        return (Estimate::Undefined(msg::undef_few_categories), percent);
    }
    let shares: Vec<f64> = (0..k)
        .map(|c| rows.iter().map(|r| f64::from(r[c]) / r_i(r)).sum::<f64>() / n)
        .collect();
    let scale = 1.0 / (k as f64 - 1.0);
    let pe = scale * shares.iter().map(|p| p * (1.0 - p)).sum::<f64>();
    let ac1 = (pa - pe) / (1.0 - pe);
    let spread: f64 = rows
        .iter()
        .map(|row| {
            let r = r_i(row);
            let (pa_row, pe_row) = if r >= 2.0 {
                (pa_i(row), pe)
            } else {
                (0.0, 0.0)
            };
            let ac1_i = (n / n2) * (pa_row - pe_row) / (1.0 - pe);
            let pe_i = scale
                * row
                    .iter()
                    .zip(&shares)
                    .map(|(&c, p)| f64::from(c) * (1.0 - p))
                    .sum::<f64>()
                / r;
            let x = ac1_i - 2.0 * (1.0 - ac1) * (pe_i - pe) / (1.0 - pe);
            (x - ac1).powi(2)
        })
        .sum();
    let se = (n > 1.0).then(|| (spread / (n * (n - 1.0))).sqrt());
    (Estimate::of(ac1, se), percent)
}

/// Kendall's coefficient of concordance W for `m` raters who each ranked the same `n` items
/// (`ranks[j][i]`: rater j's rank of item i; equal ranks are ties), with the tie correction
/// `W = 12 S / (m²(n³ − n) − m Σⱼ Tⱼ)`, `S` the squared deviations of the items' rank sums
/// from their mean and `Tⱼ = Σ (t³ − t)` over rater j's groups of t tied items. Ranks are
/// re-ranked (ties get their mean rank), so any numbers that order the items will do. 0 is no
/// concordance, 1 complete; undefined with fewer than 2 raters or 2 items, or when every rater
/// ties every item.
pub fn kendall_w(ranks: &[Vec<f64>]) -> Estimate {
    let m = ranks.len();
    let n = ranks.first().map_or(0, Vec::len);
    if m < 2 || n < 2 || ranks.iter().any(|r| r.len() != n) {
        return Estimate::Undefined(msg::undef_few_ranked);
    }
    let mut sums = vec![0.0f64; n];
    let mut ties = 0.0f64;
    for r in ranks {
        let (mid, t) = mid_ranks(r);
        ties += t;
        for (s, v) in sums.iter_mut().zip(mid) {
            *s += v;
        }
    }
    let (m, nf) = (m as f64, n as f64);
    let mean = m * (nf + 1.0) / 2.0;
    let s: f64 = sums.iter().map(|r| (r - mean).powi(2)).sum();
    let denominator = m * m * (nf.powi(3) - nf) - m * ties;
    if denominator <= 0.0 {
        return Estimate::Undefined(msg::undef_all_tied);
    }
    Estimate::within(12.0 * s / denominator, None, true)
}

/// The mid-ranks (1-based, ties share their mean rank) of `values`, and `Σ (t³ − t)` over their
/// groups of `t` ties.
fn mid_ranks(values: &[f64]) -> (Vec<f64>, f64) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut ties = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            out[i] = rank;
        }
        let t = (end - start) as f64;
        ties += t.powi(3) - t;
        start = end;
    }
    (out, ties)
}

/// A 95% interval for Krippendorff's alpha by bootstrapping units (Efron's percentile
/// interval): `resamples` times, the units are drawn with replacement and alpha recomputed;
/// the 2.5th and 97.5th percentiles of the defined values are returned. Seeded, so the same
/// data and seed give the same interval. `None` when alpha is undefined on most resamples.
///
/// Each unit's coincidences are tallied once; a resample only weights them by how often the
/// unit was drawn, so each costs one pass over the pairable values.
pub fn krippendorff_alpha_bootstrap(
    units: &[Vec<Option<f64>>],
    level: Level,
    resamples: usize,
    seed: u64,
) -> Option<(f64, f64)> {
    bootstrap(&[(&Coincidences::of(units), level)], resamples, seed)[0]
}

/// Krippendorff's alpha over units given by their category counts (`counts[u][c]`: how many
/// of unit u's ratings are category c), once per scale `(values, level)` of `scales`
/// (`values[c]`: category c's value), each with its bootstrap interval (`resamples`, 0: none;
/// `seed` as for [`krippendorff_alpha_bootstrap`]). The same figures, bit for bit, as
/// [`krippendorff_alpha`] and [`krippendorff_alpha_bootstrap`] over the units with each
/// rating written as its category's value, without writing them out: a unit costs its
/// categories, and the scales share one set of draws (the same seed draws the same units).
pub fn krippendorff_alpha_counts<R: AsRef<[u32]>>(
    counts: &[R],
    scales: &[(&[f64], Level)],
    resamples: usize,
    seed: u64,
) -> Vec<(Estimate, Option<(f64, f64)>)> {
    let all: Vec<(Coincidences, Level)> = scales
        .iter()
        .map(|&(values, level)| (Coincidences::of_counts(counts, values), level))
        .collect();
    let estimates = all
        .iter()
        .map(|(c, level)| match c.alpha(&c.type_counts(), *level) {
            Ok(alpha) => Estimate::of(alpha, None),
            Err(why) => Estimate::Undefined(why),
        });
    let intervals: Vec<Option<(f64, f64)>> = if resamples == 0 {
        vec![None; all.len()]
    } else {
        let refs: Vec<(&Coincidences, Level)> = all.iter().map(|(c, l)| (c, *l)).collect();
        let n = refs.first().map_or(0, |(c, _)| c.unit_type.len());
        if refs.iter().all(|(c, _)| c.unit_type.len() == n) {
            bootstrap(&refs, resamples, seed)
        } else {
            refs.iter()
                .map(|&one| bootstrap(&[one], resamples, seed)[0])
                .collect()
        }
    };
    estimates.zip(intervals).collect()
}

/// The bootstrap intervals of each of `sets`, which must have as many pairable units: each
/// resample draws the units once for all of them.
///
/// Each unit's coincidences are tallied once; a resample only weights them by how often the
/// unit was drawn, so each costs one pass over the pairable values.
fn bootstrap(
    sets: &[(&Coincidences, Level)],
    resamples: usize,
    seed: u64,
) -> Vec<Option<(f64, f64)>> {
    let n = sets.first().map_or(0, |(c, _)| c.unit_type.len());
    let mut rng = SplitMix64(seed);
    // A resample's units, drawn once for every set.
    let mut draws = vec![0u32; n];
    let mut lanes: Vec<Vec<u32>> = sets
        .iter()
        .map(|(c, _)| vec![0u32; c.types.len() * 4])
        .collect();
    let mut drawn: Vec<Vec<u32>> = sets
        .iter()
        .map(|(c, _)| vec![0u32; c.types.len()])
        .collect();
    let mut alphas: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); sets.len()];
    for _ in 0..resamples {
        for d in draws.iter_mut() {
            *d = rng.below(n) as u32;
        }
        for (s, (c, level)) in sets.iter().enumerate() {
            tally(&draws, &c.unit_type, &mut lanes[s], &mut drawn[s]);
            if let Ok(a) = c.alpha(&drawn[s], *level) {
                alphas[s].push(a);
            }
        }
    }
    alphas
        .into_iter()
        .map(|mut alphas| {
            if alphas.len() * 2 < resamples.max(1) {
                return None;
            }
            alphas.sort_by(f64::total_cmp);
            let at = |q: f64| alphas[((alphas.len() - 1) as f64 * q).round() as usize];
            Some((at(0.025).max(-1.0), at(0.975).min(1.0)))
        })
        .collect()
}

/// How many of `draws` (units) are of each type, into `out`. Counted in four lanes (draw j
/// into lane j mod 4), summed after: a draw does not wait for the previous one's count when
/// both fall on the same type.
fn tally(draws: &[u32], unit_type: &[u32], lanes: &mut [u32], out: &mut [u32]) {
    let types = out.len();
    lanes.fill(0);
    let (a, rest) = lanes.split_at_mut(types);
    let (b, rest) = rest.split_at_mut(types);
    let (c, d) = rest.split_at_mut(types);
    let mut quads = draws.chunks_exact(4);
    for q in &mut quads {
        a[unit_type[q[0] as usize] as usize] += 1;
        b[unit_type[q[1] as usize] as usize] += 1;
        c[unit_type[q[2] as usize] as usize] += 1;
        d[unit_type[q[3] as usize] as usize] += 1;
    }
    for &u in quads.remainder() {
        a[unit_type[u as usize] as usize] += 1;
    }
    for (t, o) in out.iter_mut().enumerate() {
        *o = a[t] + b[t] + c[t] + d[t];
    }
}

/// A unit's coincidences from its value counts `(value, n)` (m ratings in all):
/// n_c·n_d/(m − 1) off the diagonal and n_c(n_c − 1)/(m − 1) on it.
fn unit_pairs(counts: &[(usize, f64)], m: usize) -> Vec<(usize, usize, f64)> {
    let w = 1.0 / (m - 1) as f64;
    let mut pairs = Vec::with_capacity(counts.len() * counts.len());
    for &(c, nc) in counts {
        for &(d, nd) in counts {
            let times = if c == d { nc * (nc - 1.0) } else { nc * nd };
            if times > 0.0 {
                pairs.push((c, d, times * w));
            }
        }
    }
    pairs
}

/// The pairable units' coincidences (Krippendorff 2011), grouped by type: units whose values
/// are the same multiset contribute the same entries `(c, d, weight)` of the coincidence matrix
/// over the sorted distinct `values`, so each type is tallied once and a unit is only its
/// type's index. A scale of k values rated m times has at most C(k + m − 1, m) types however
/// many units there are, which makes a bootstrap resample cost its draws, not its pairs.
/// Values are compared as numbers; for `Ordinal` only their order matters.
struct Coincidences {
    values: Vec<f64>,
    types: Vec<Vec<(usize, usize, f64)>>,
    /// Each pairable unit's type.
    unit_type: Vec<u32>,
}

impl Coincidences {
    fn of(units: &[Vec<Option<f64>>]) -> Coincidences {
        let mut values: Vec<f64> = units
            .iter()
            .flatten()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        let index = |v: f64| values.binary_search_by(|x| x.total_cmp(&v)).ok();
        let mut by_values: std::collections::HashMap<Vec<usize>, usize> = Default::default();
        let mut types = Vec::new();
        let mut unit_type = Vec::new();
        for unit in units {
            let mut idx: Vec<usize> = unit.iter().flatten().filter_map(|v| index(*v)).collect();
            let m = idx.len();
            if m < 2 {
                continue; // an unpairable unit tells nothing about agreement
            }
            idx.sort_unstable();
            let next = types.len();
            let t = *by_values.entry(idx.clone()).or_insert(next);
            if t == next {
                // From the unit's value counts: n_c·n_d/(m − 1) off the diagonal and
                // n_c(n_c − 1)/(m − 1) on it, so a unit rated m times costs its distinct values
                // squared, never m squared (a task a whole crowd rated).
                let mut counts: Vec<(usize, f64)> = Vec::new();
                for &c in &idx {
                    match counts.last_mut() {
                        Some((last, n)) if *last == c => *n += 1.0,
                        _ => counts.push((c, 1.0)),
                    }
                }
                types.push(unit_pairs(&counts, m));
            }
            unit_type.push(t as u32);
        }
        Coincidences {
            values,
            types,
            unit_type,
        }
    }

    /// The same as [`Coincidences::of`] over the units with each rating written as its
    /// category's value (`counts[u][c]` ratings of category c, valued `values[c]`): the same
    /// values, types in the same order, the same entries.
    fn of_counts<R: AsRef<[u32]>>(counts: &[R], category_values: &[f64]) -> Coincidences {
        let mut used = vec![false; category_values.len()];
        for row in counts {
            for (c, &n) in row.as_ref().iter().enumerate() {
                if n > 0 {
                    used[c] = true;
                }
            }
        }
        let mut values: Vec<f64> = category_values
            .iter()
            .zip(&used)
            .filter(|(v, &u)| u && v.is_finite())
            .map(|(v, _)| *v)
            .collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        let index: Vec<Option<usize>> = category_values
            .iter()
            .map(|v| values.binary_search_by(|x| x.total_cmp(v)).ok())
            .collect();
        let mut by_values: std::collections::HashMap<Vec<u32>, usize> = Default::default();
        let mut types = Vec::new();
        let mut unit_type = Vec::new();
        // The unit's number of ratings of each value.
        let mut of_value = vec![0u32; values.len()];
        for row in counts {
            of_value.fill(0);
            let mut m = 0usize;
            for (c, &n) in row.as_ref().iter().enumerate() {
                if let (true, Some(v)) = (n > 0, index[c]) {
                    of_value[v] += n;
                    m += n as usize;
                }
            }
            if m < 2 {
                continue;
            }
            let t = match by_values.get(of_value.as_slice()) {
                Some(&t) => t,
                None => {
                    let counts: Vec<(usize, f64)> = of_value
                        .iter()
                        .enumerate()
                        .filter(|(_, &n)| n > 0)
                        .map(|(v, &n)| (v, f64::from(n)))
                        .collect();
                    by_values.insert(of_value.clone(), types.len());
                    types.push(unit_pairs(&counts, m));
                    types.len() - 1
                }
            };
            unit_type.push(t as u32);
        }
        Coincidences {
            values,
            types,
            unit_type,
        }
    }

    /// How many units each type has.
    fn type_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.types.len()];
        for &t in &self.unit_type {
            counts[t as usize] += 1;
        }
        counts
    }

    /// Alpha with type t counted `times[t]` times, `α = 1 − Dₒ / Dₑ`, or why it is undefined.
    fn alpha(&self, times: &[u32], level: Level) -> Result<f64, Msg> {
        let k = self.values.len();
        let mut o = vec![0.0f64; k * k];
        for (pairs, &t) in self.types.iter().zip(times) {
            if t > 0 {
                for &(c, d, w) in pairs {
                    o[c * k + d] += w * f64::from(t);
                }
            }
        }
        let n_c: Vec<f64> = (0..k).map(|c| o[c * k..(c + 1) * k].iter().sum()).collect();
        let n: f64 = n_c.iter().sum();
        if n < 2.0 {
            return Err(msg::undef_few_values);
        }
        let delta = |c: usize, d: usize| -> f64 {
            match level {
                Level::Nominal => f64::from(u8::from(c != d)),
                Level::Interval => (self.values[c] - self.values[d]).powi(2),
                Level::Ordinal => {
                    let (lo, hi) = (c.min(d), c.max(d));
                    let between: f64 = n_c[lo..=hi].iter().sum::<f64>() - (n_c[c] + n_c[d]) / 2.0;
                    between * between
                }
            }
        };
        let (mut observed, mut expected) = (0.0, 0.0);
        for c in 0..k {
            for d in 0..k {
                let dl = delta(c, d);
                observed += o[c * k + d] * dl;
                expected += n_c[c] * n_c[d] * dl;
            }
        }
        if expected == 0.0 {
            return Err(msg::undef_no_disagreement);
        }
        Ok(1.0 - (n - 1.0) * observed / expected)
    }
}

/// The probability that Student's t with `df` degrees of freedom is at most `t`, through the
/// regularised incomplete beta function: `P(T ≤ t) = I_x(df/2, 1/2) / 2` for `t < 0`, with
/// `x = df / (df + t²)`, and its complement above 0.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return if t < 0.0 { 0.0 } else { 1.0 };
    }
    let tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
    if t < 0.0 {
        tail
    } else {
        1.0 - tail
    }
}

/// The regularised incomplete beta function `I_x(a, b)`, by its continued fraction (modified
/// Lentz, as in Numerical Recipes §6.4), using the symmetry `I_x(a, b) = 1 − I_{1−x}(b, a)` where
/// the fraction converges faster.
fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        for aa in [
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ] {
            d = 1.0 + aa * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The natural logarithm of the gamma function (Lanczos, g = 7, n = 9; about 15 digits).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection.
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = G[1..]
        .iter()
        .enumerate()
        .fold(G[0], |acc, (i, g)| acc + g / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The Benjamini–Yekutieli step-up procedure at false discovery rate `q` (valid under any
/// dependence between the tests): which of `p_values` are rejected.
pub fn benjamini_yekutieli(p_values: &[f64], q: f64) -> Vec<bool> {
    let m = p_values.len();
    let harmonic: f64 = (1..=m).map(|i| 1.0 / i as f64).sum();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let last = (0..m)
        .rev()
        .find(|&i| p_values[order[i]] <= (i + 1) as f64 / m as f64 * q / harmonic);
    let mut rejected = vec![false; m];
    if let Some(last) = last {
        for &i in &order[..=last] {
            rejected[i] = true;
        }
    }
    rejected
}

/// A small seeded generator (SplitMix64, Steele et al. 2014): reproducible resampling without
/// a dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    #[inline(always)]
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias is below 2⁻³² for the sizes here).
    #[inline(always)]
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next() >> 32) * n as u128) >> 32) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landis_koch_bands() {
        assert_eq!(landis_koch(-0.1).en, "poor");
        assert_eq!(landis_koch(0.2).en, "slight");
        assert_eq!(landis_koch(0.41).en, "moderate");
        assert_eq!(landis_koch(0.95).en, "almost perfect");
    }

    #[test]
    fn undefined_cases_are_explicit() {
        let empty = Table::new(3);
        assert_eq!(
            cohen_kappa(&empty, &Weights::Unweighted),
            Estimate::Undefined(msg::undef_no_pairs)
        );
        let one_category = Table::from_pairs(3, [(1, 1), (1, 1)]);
        assert!(matches!(
            cohen_kappa(&one_category, &Weights::Quadratic),
            Estimate::Undefined(_)
        ));
        assert_eq!(percent_agreement(&one_category).value(), Some(1.0));
        assert!(matches!(
            fleiss_kappa(&[vec![2, 0], vec![1, 0]]),
            Estimate::Undefined(_)
        ));
        assert!(matches!(
            krippendorff_alpha(&[vec![Some(1.0), Some(1.0)]], Level::Nominal),
            Estimate::Undefined(_)
        ));
        assert!(matches!(
            krippendorff_alpha(&[vec![Some(1.0), None]], Level::Interval),
            Estimate::Undefined(_)
        ));
    }
}
