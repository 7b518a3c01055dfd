//! Agreement statistics against published worked examples (each cited) and properties that
//! must hold for any data.

use proptest::prelude::*;
use rubric_core::calibration::agreement::*;

fn assert_close(v: f64, expected: f64, tolerance: f64) {
    assert!(
        (v - expected).abs() <= tolerance,
        "{v} is not {expected} ± {tolerance}"
    );
}

fn close(e: Estimate, expected: f64, tolerance: f64) {
    let v = e.value().unwrap_or_else(|| panic!("undefined: {e:?}"));
    assert!(
        (v - expected).abs() <= tolerance,
        "{v} is not {expected} ± {tolerance}"
    );
}

/// Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, two readers;
/// 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → pₒ = 0.7, pₑ = 0.5, κ = 0.4.
fn wikipedia_cohen() -> Table {
    let mut t = Table::new(2);
    for (a, b, n) in [(0, 0, 20), (0, 1, 5), (1, 0, 10), (1, 1, 15)] {
        for _ in 0..n {
            t.add(a, b);
        }
    }
    t
}

#[test]
fn cohen_kappa_wikipedia_example() {
    let t = wikipedia_cohen();
    close(percent_agreement(&t), 0.7, 1e-12);
    close(cohen_kappa(&t, &Weights::Unweighted), 0.4, 1e-12);
    // With two categories every weighting scheme is the unweighted one.
    close(cohen_kappa(&t, &Weights::Linear), 0.4, 1e-12);
    close(cohen_kappa(&t, &Weights::Quadratic), 0.4, 1e-12);
    // So are the standard errors: the weighted formula reduces to the unweighted one.
    let se = se_of(cohen_kappa(&t, &Weights::Unweighted));
    assert!((se_of(cohen_kappa(&t, &Weights::Quadratic)) - se).abs() < 1e-12);
}

/// A standard error, or a panic naming why there is none.
fn se_of(e: Estimate) -> f64 {
    match e {
        Estimate::Value { se: Some(se), .. } => se,
        other => panic!("no standard error: {other:?}"),
    }
}

/// irrCAC's `distrib.6raters` (Fleiss 1971's psychiatric diagnoses: 15 subjects, 6 raters, 5
/// categories) and its published `fleiss.kappa.dist` output: 0.4139265, SE 0.08119291.
#[test]
fn fleiss_kappa_standard_error_matches_irrcac() {
    let counts: Vec<Vec<u32>> = [
        [0, 0, 0, 6, 0],
        [0, 3, 0, 0, 3],
        [0, 1, 4, 0, 1],
        [0, 0, 0, 0, 6],
        [0, 3, 0, 3, 0],
        [2, 0, 4, 0, 0],
        [0, 0, 4, 0, 2],
        [2, 0, 3, 1, 0],
        [2, 0, 0, 4, 0],
        [0, 0, 0, 0, 6],
        [1, 0, 0, 5, 0],
        [1, 1, 0, 4, 0],
        [0, 3, 3, 0, 0],
        [1, 0, 0, 5, 0],
        [0, 2, 0, 3, 1],
    ]
    .iter()
    .map(|r| r.to_vec())
    .collect();
    close(fleiss_kappa(&counts), 0.413_926_5, 1e-7);
    assert!((se_of(fleiss_kappa(&counts)) - 0.081_192_91).abs() < 1e-7);
}

/// The published output of Gwet's irrCAC package for its `cont3x3abstractors` table (README
/// and vignette "overview", irrCAC 1.0, Gwet 2019): Cohen's kappa 0.7964094 (SE 0.05891072),
/// Gwet's AC1 0.8493305 (SE 0.04321747), percent agreement 0.89.
#[test]
fn kappa_and_ac1_with_standard_errors_match_irrcac() {
    let counts = [[13, 0, 0], [0, 20, 7], [0, 4, 56]];
    let t = Table::from_pairs(
        3,
        (0..3).flat_map(|a| (0..3).flat_map(move |b| std::iter::repeat_n((a, b), counts[a][b]))),
    );
    assert_eq!(t.total(), 100);
    close(cohen_kappa(&t, &Weights::Unweighted), 0.796_409_4, 1e-7);
    assert!((se_of(cohen_kappa(&t, &Weights::Unweighted)) - 0.058_910_72).abs() < 1e-7);
    close(gwet_ac1(&t), 0.849_330_5, 1e-7);
    assert!((se_of(gwet_ac1(&t)) - 0.043_217_47).abs() < 1e-7);
    close(percent_agreement(&t), 0.89, 1e-12);
    // The same table with quadratic weights (irrCAC vignette "Weighted Chance-corrected
    // Agreement Coefficients", Gwet 2021): weighted kappa 0.8921569, SE 0.03535151.
    close(cohen_kappa(&t, &Weights::Quadratic), 0.892_156_9, 1e-7);
    assert!((se_of(cohen_kappa(&t, &Weights::Quadratic)) - 0.035_351_51).abs() < 1e-7);
}

#[test]
fn gwet_ac1_on_the_same_table() {
    // By hand: π_yes = (0.5 + 0.6)/2 = 0.55, pₑ = 2·0.55·0.45 = 0.495, AC1 = (0.7 − 0.495)/0.505.
    close(gwet_ac1(&wikipedia_cohen()), (0.7 - 0.495) / 0.505, 1e-12);
}

#[test]
fn weighted_kappa_by_hand() {
    // 3 categories, 4 items: (0,0), (1,2), (2,2), (0,1). Linear weights 1, ½, 0.
    // pₒ = (1 + ½ + 1 + ½)/4 = 0.75; rows (½, ¼, ¼), cols (¼, ¼, ½);
    // pₑ = Σ wᵢⱼ rᵢ cⱼ = 6/32 + 5/32 + 5/32 = 0.5 (row by row); κ_lin = (0.75 − 0.5)/(1 − 0.5).
    let t = Table::from_pairs(3, [(0, 0), (1, 2), (2, 2), (0, 1)]);
    close(cohen_kappa(&t, &Weights::Linear), 0.5, 1e-12);
    // A custom matrix equal to the linear weights gives the same figure.
    let linear = vec![1.0, 0.5, 0.0, 0.5, 1.0, 0.5, 0.0, 0.5, 1.0];
    close(cohen_kappa(&t, &Weights::Custom(linear)), 0.5, 1e-12);
}

/// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
/// P̄ = 0.378, P̄ₑ = 0.213, κ = 0.210.
#[test]
fn fleiss_kappa_wikipedia_example() {
    let counts = vec![
        vec![0, 0, 0, 0, 14],
        vec![0, 2, 6, 4, 2],
        vec![0, 0, 3, 5, 6],
        vec![0, 3, 9, 2, 0],
        vec![2, 2, 8, 1, 1],
        vec![7, 7, 0, 0, 0],
        vec![3, 2, 6, 3, 0],
        vec![2, 5, 3, 2, 2],
        vec![6, 5, 2, 1, 0],
        vec![0, 2, 2, 3, 7],
    ];
    close(fleiss_kappa(&counts), 0.210, 0.0005);
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
/// observers, twelve units and missing values: nominal α = 0.743, ordinal α = 0.815,
/// interval α = 0.849.
///
/// The four observers' values, unit by unit (`.`: not rated).
fn krippendorff_units() -> Vec<Vec<Option<f64>>> {
    let coders = [
        "123321412...",
        "1233224125.3",
        ".3332342251.",
        "12332441251.",
    ];
    (0..12)
        .map(|u| {
            coders
                .iter()
                .map(|c| c.as_bytes()[u])
                .map(|b| (b != b'.').then(|| f64::from(b - b'0')))
                .collect()
        })
        .collect()
}

#[test]
fn krippendorff_alpha_published_example() {
    let units = krippendorff_units();
    close(krippendorff_alpha(&units, Level::Nominal), 0.743, 0.0005);
    close(krippendorff_alpha(&units, Level::Ordinal), 0.815, 0.0005);
    close(krippendorff_alpha(&units, Level::Interval), 0.849, 0.0005);
}

/// SciPy's documentation of `scipy.stats.kendalltau` (tau-b, with ties):
/// x = [12, 2, 1, 12, 2], y = [1, 4, 7, 1, 0] → τ = −0.47140452079103173.
#[test]
fn kendall_tau_b_scipy_example() {
    let x = [12.0, 2.0, 1.0, 12.0, 2.0];
    let y = [1.0, 4.0, 7.0, 1.0, 0.0];
    close(kendall_tau_b(&x, &y), -0.471_404_520_791_031_73, 1e-12);
    close(
        kendall_tau_b(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0]),
        1.0,
        1e-12,
    );
    close(
        kendall_tau_b(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]),
        -1.0,
        1e-12,
    );
    assert!(matches!(
        kendall_tau_b(&[1.0, 1.0], &[1.0, 2.0]),
        Estimate::Undefined(_)
    ));
}

fn pairs() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (2usize..6).prop_flat_map(|k| (Just(k), prop::collection::vec((0..k, 0..k), 1..60)))
}

proptest! {
    #[test]
    fn kappa_and_ac1_are_bounded_and_symmetric((k, ps) in pairs()) {
        let t = Table::from_pairs(k, ps.iter().copied());
        let swapped = Table::from_pairs(k, ps.iter().map(|&(a, b)| (b, a)));
        for w in [Weights::Unweighted, Weights::Linear, Weights::Quadratic] {
            let a = cohen_kappa(&t, &w);
            let b = cohen_kappa(&swapped, &w);
            match (a.value(), b.value()) {
                (Some(x), Some(y)) => {
                    prop_assert!((-1.0 - 1e-9..=1.0 + 1e-9).contains(&x), "{x}");
                    prop_assert!((x - y).abs() < 1e-9, "symmetric: {x} vs {y}");
                }
                (None, None) => {}
                _ => prop_assert!(false, "defined for one order only"),
            }
        }
        if let Some(ac1) = gwet_ac1(&t).value() {
            prop_assert!(ac1 <= 1.0 + 1e-9);
            prop_assert!((ac1 - gwet_ac1(&swapped).value().unwrap()).abs() < 1e-9);
        }
    }

    #[test]
    fn perfect_agreement_is_one((k, ps) in pairs()) {
        let t = Table::from_pairs(k, ps.iter().map(|&(a, _)| (a, a)));
        prop_assert_eq!(percent_agreement(&t).value(), Some(1.0));
        if let Some(x) = cohen_kappa(&t, &Weights::Quadratic).value() {
            prop_assert!((x - 1.0).abs() < 1e-9);
        }
        if let Some(x) = gwet_ac1(&t).value() {
            prop_assert!((x - 1.0).abs() < 1e-9);
        }
        let units: Vec<Vec<Option<f64>>> = ps.iter().map(|&(a, _)| vec![Some(a as f64), Some(a as f64)]).collect();
        for level in [Level::Nominal, Level::Ordinal, Level::Interval] {
            if let Some(x) = krippendorff_alpha(&units, level).value() {
                prop_assert!((x - 1.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn alpha_ignores_unit_order((_, ps) in pairs(), seed in any::<u64>()) {
        let units: Vec<Vec<Option<f64>>> = ps.iter().map(|&(a, b)| vec![Some(a as f64), Some(b as f64), None]).collect();
        let shuffled = rubric_core::form::ids::shuffled(&units, seed);
        for level in [Level::Nominal, Level::Ordinal, Level::Interval] {
            let (a, b) = (krippendorff_alpha(&units, level), krippendorff_alpha(&shuffled, level));
            match (a.value(), b.value()) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9 && x <= 1.0 + 1e-9),
                (None, None) => {}
                _ => prop_assert!(false),
            }
        }
    }
}

/// Intervals stay within what the statistic can be: a near-perfect kappa over few items is not
/// "[0.65, 1.11]", and a low percent agreement's interval does not go below 0.
#[test]
fn intervals_stay_within_the_statistics_range() {
    use rubric_core::calibration::agreement::{cohen_kappa, percent_agreement, Table, Weights};
    // 11 of 12 agree over three categories: kappa about 0.88 with a wide interval.
    let mut pairs = vec![
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (1, 1),
        (1, 1),
        (1, 1),
        (1, 1),
    ];
    pairs.extend([(2, 2), (2, 2), (2, 2), (2, 1)]);
    let t = Table::from_pairs(3, pairs);
    let k = cohen_kappa(&t, &Weights::Unweighted);
    let (lo, hi) = k.ci95().unwrap();
    assert!(k.value().unwrap() > 0.8);
    assert!((-1.0..=1.0).contains(&lo) && hi == 1.0, "{lo} {hi}");
    // 1 of 6 agree: percent 0.17, whose Wald interval would start below 0.
    let t = Table::from_pairs(2, [(0, 0), (0, 1), (0, 1), (1, 0), (1, 0), (0, 1)]);
    let p = percent_agreement(&t);
    let (lo, hi) = p.ci95().unwrap();
    assert_eq!(lo, 0.0);
    assert!(hi > p.value().unwrap() && hi <= 1.0);
}

/// Gwet's `cac.raw4raters` (Handbook of Inter-Rater Reliability, 4th ed., table 2.16; irrCAC's
/// example data): 12 subjects, 4 raters, categories a–e, missing ratings. irrCAC 1.0's
/// `gwet.ac1.raw(cac.raw4raters)`: pa 0.8181818, pe 0.1903523, AC1 0.77544, SE 0.14295.
fn raw4raters() -> Vec<Vec<u32>> {
    let rows = [
        "aa.a", "bbcb", "cccc", "cccc", "bbbb", "abcd", "dddd", "aaba", "bbbb", ".eee", "..aa",
        "..c.",
    ];
    rows.iter()
        .map(|r| {
            let mut counts = vec![0u32; 5];
            for ch in r.chars().filter(|c| *c != '.') {
                counts[(ch as u8 - b'a') as usize] += 1;
            }
            counts
        })
        .collect()
}

#[test]
fn gwet_ac1_for_many_raters_with_missing_ratings_matches_irrcac() {
    let (ac1, pa) = gwet_ac1_many(&raw4raters());
    assert_close(pa.value().unwrap(), 0.8181818, 1e-6);
    match ac1 {
        Estimate::Value { value, se, .. } => {
            assert_close(value, 0.77544, 5e-6);
            assert_close(se.unwrap(), 0.14295, 5e-6);
        }
        e => panic!("{e:?}"),
    }
    // Complete data: the same as two raters' AC1 when there are two.
    let pairs = [(0, 0), (0, 1), (1, 1), (2, 2), (1, 1), (0, 0), (2, 1)];
    let table = Table::from_pairs(3, pairs);
    let counts: Vec<Vec<u32>> = pairs
        .iter()
        .map(|&(a, b)| {
            let mut c = vec![0; 3];
            c[a] += 1;
            c[b] += 1;
            c
        })
        .collect();
    assert_close(
        gwet_ac1_many(&counts).0.value().unwrap(),
        gwet_ac1(&table).value().unwrap(),
        1e-12,
    );
    // Nobody rated anything twice: undefined, with the reason.
    assert!(matches!(
        gwet_ac1_many(&[vec![1, 0], vec![0, 1]]).0,
        Estimate::Undefined(_)
    ));
}

#[test]
fn kendalls_w_is_one_for_identical_rankings_and_matches_mean_spearman_without_ties() {
    let same = vec![vec![1.0, 2.0, 3.0, 4.0]; 3];
    assert_close(kendall_w(&same).value().unwrap(), 1.0, 1e-12);
    // Without ties, the mean pairwise Spearman correlation is (mW − 1)/(m − 1).
    let ranks = vec![
        vec![1.0, 2.0, 3.0, 4.0, 5.0],
        vec![2.0, 1.0, 3.0, 5.0, 4.0],
        vec![1.0, 3.0, 2.0, 4.0, 5.0],
    ];
    let spearman = |a: &[f64], b: &[f64]| {
        let n = a.len() as f64;
        1.0 - 6.0 * a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / (n * (n * n - 1.0))
    };
    let mean_rho = (spearman(&ranks[0], &ranks[1])
        + spearman(&ranks[0], &ranks[2])
        + spearman(&ranks[1], &ranks[2]))
        / 3.0;
    let w = kendall_w(&ranks).value().unwrap();
    assert_close(mean_rho, (3.0 * w - 1.0) / 2.0, 1e-12);
    // Ties: rank sums 3, 7, 8 over 2 raters and 3 items... the tie-corrected value by hand:
    // rater 1 ranks (1, 2.5, 2.5), rater 2 (1, 2, 3); sums 2, 4.5, 5.5; mean 4; S = 4 + 0.25 +
    // 2.25 = 6.5; T = 8 − 2 = 6; W = 12·6.5 / (4·24 − 2·6) = 78 / 84.
    assert_close(
        kendall_w(&[vec![1.0, 2.0, 2.0], vec![1.0, 2.0, 3.0]])
            .value()
            .unwrap(),
        78.0 / 84.0,
        1e-12,
    );
    assert!(matches!(
        kendall_w(&[vec![1.0, 1.0], vec![2.0, 2.0]]),
        Estimate::Undefined(_)
    ));
}

#[test]
fn alphas_bootstrap_interval_is_reproducible_and_surrounds_alpha() {
    // Krippendorff (2011)'s example.
    let units = krippendorff_units();
    let alpha = krippendorff_alpha(&units, Level::Ordinal).value().unwrap();
    let (lo, hi) = krippendorff_alpha_bootstrap(&units, Level::Ordinal, 2000, 7).unwrap();
    assert!(
        lo < alpha && alpha < hi && hi <= 1.0 && lo >= -1.0,
        "{lo} {alpha} {hi}"
    );
    assert_eq!(
        krippendorff_alpha_bootstrap(&units, Level::Ordinal, 2000, 7),
        Some((lo, hi))
    );
    assert_ne!(
        krippendorff_alpha_bootstrap(&units, Level::Ordinal, 2000, 8),
        Some((lo, hi))
    );
    // Perfect agreement everywhere: alpha is 1 on every resample that has any disagreement to
    // expect.
    let perfect: Vec<Vec<Option<f64>>> = (0..20).map(|i| vec![Some(f64::from(i % 3)); 3]).collect();
    assert_eq!(
        krippendorff_alpha_bootstrap(&perfect, Level::Nominal, 200, 1),
        Some((1.0, 1.0))
    );
    assert_eq!(
        krippendorff_alpha_bootstrap(&[], Level::Nominal, 200, 1),
        None
    );
}

#[test]
fn students_t_distribution_and_the_benjamini_yekutieli_procedure() {
    // SciPy's scipy.stats.t.cdf(-2, 10) = 0.03669402 and (-1, 5) = 0.18160873; and the closed
    // forms for 1, 2 and 3 degrees of freedom.
    for (t, df, p) in [(-2.0, 10.0, 0.036_694_02), (-1.0, 5.0, 0.181_608_73)] {
        assert_close(student_t_cdf(t, df), p, 2e-7);
    }
    let pi = std::f64::consts::PI;
    for t in [-3.5f64, -0.7, 0.0, 0.5, 2.2] {
        assert_close(student_t_cdf(t, 1.0), 0.5 + t.atan() / pi, 1e-12);
        assert_close(
            student_t_cdf(t, 2.0),
            0.5 + t / (2.0 * (2.0 + t * t).sqrt()),
            1e-12,
        );
        let u = t / 3f64.sqrt();
        assert_close(
            student_t_cdf(t, 3.0),
            0.5 + (u / (1.0 + u * u) + u.atan()) / pi,
            1e-12,
        );
    }
    assert_eq!(student_t_cdf(f64::NEG_INFINITY, 4.0), 0.0);
    // m = 4, q = 0.05, H₄ = 25/12: thresholds 0.0060, 0.0120, 0.0180, 0.0240; step-up from
    // the largest p that passes its own threshold.
    assert_eq!(
        benjamini_yekutieli(&[0.02, 0.001, 0.011, 0.5], 0.05),
        [false, true, true, false]
    );
    assert_eq!(
        benjamini_yekutieli(&[0.017, 0.001, 0.011, 0.5], 0.05),
        [true, true, true, false]
    );
    assert_eq!(benjamini_yekutieli(&[], 0.05), Vec::<bool>::new());
}

/// Tau-b by its definition, over every pair: what Knight's algorithm must equal.
fn tau_b_by_pairs(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mut c, mut d, mut tx, mut ty) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for i in 0..x.len() {
        for j in i + 1..x.len() {
            let (dx, dy) = (x[i] - x[j], y[i] - y[j]);
            match (dx == 0.0, dy == 0.0) {
                (true, true) => {}
                (true, false) => tx += 1.0,
                (false, true) => ty += 1.0,
                _ if (dx > 0.0) == (dy > 0.0) => c += 1.0,
                _ => d += 1.0,
            }
        }
    }
    let den: f64 = ((c + d + tx) * (c + d + ty)).sqrt();
    (den > 0.0).then(|| (c - d) / den)
}

proptest! {
    #[test]
    fn kendalls_tau_b_in_n_log_n_equals_its_definition(pairs in proptest::collection::vec((0u8..6, 0u8..6), 0..40)) {
        let x: Vec<f64> = pairs.iter().map(|p| f64::from(p.0)).collect();
        let y: Vec<f64> = pairs.iter().map(|p| f64::from(p.1)).collect();
        match (kendall_tau_b(&x, &y).value(), tau_b_by_pairs(&x, &y)) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12, "{} vs {}", a, b),
            (a, b) => prop_assert_eq!(a, b),
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Alpha from category counts is alpha over the ratings written out, bit for bit, interval
    /// included, for each scale, whether the scales are drawn for together or alone.
    #[test]
    fn alpha_from_counts_is_alpha_over_the_ratings(
        rows in proptest::collection::vec(proptest::collection::vec(0u32..4, 4), 0..25),
        values in proptest::collection::vec(proptest::sample::select(vec![-1.0, 0.0, -0.0, 1.0, 2.5, 7.0, f64::NAN]), 4),
        seed in 0u64..1000,
    ) {
        let written = |vals: &[f64]| -> Vec<Vec<Option<f64>>> {
            rows.iter()
                .filter(|r| r.iter().sum::<u32>() > 0)
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .flat_map(|(c, &n)| std::iter::repeat_n(Some(vals[c]), n as usize))
                        .collect()
                })
                .collect()
        };
        let nonempty: Vec<&Vec<u32>> = rows.iter().filter(|r| r.iter().sum::<u32>() > 0).collect();
        let indices = [0.0, 1.0, 2.0, 3.0];
        let scales = [(&indices[..], Level::Ordinal), (&values[..], Level::Interval)];
        let together = krippendorff_alpha_counts(&nonempty, &scales, 40, seed);
        for (i, (vals, level)) in scales.iter().enumerate() {
            let units = written(vals);
            let expected = (
                krippendorff_alpha(&units, *level),
                krippendorff_alpha_bootstrap(&units, *level, 40, seed),
            );
            let alone = krippendorff_alpha_counts(&nonempty, &[(vals, *level)], 40, seed);
            proptest::prop_assert_eq!(format!("{:?}", together[i]), format!("{expected:?}"));
            proptest::prop_assert_eq!(format!("{:?}", alone[0]), format!("{expected:?}"));
        }
    }
}
