//! Benchmark: every agreement figure over 100,000 ratings (two raters, 5 categories).
//! Run: `cargo run --release -p rubric-core --example agreement_bench`

use rubric_core::calibration::agreement::*;
use std::time::Instant;

fn main() {
    const N: usize = 100_000;
    const K: usize = 5;
    // A deterministic pseudo-random pair stream where raters agree about 60% of the time.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pairs: Vec<(usize, usize)> = (0..N)
        .map(|_| {
            let a = (next() % K as u64) as usize;
            let b = if next() % 10 < 6 {
                a
            } else {
                (next() % K as u64) as usize
            };
            (a, b)
        })
        .collect();
    let time = |name: &str, f: &dyn Fn() -> Estimate| {
        let start = Instant::now();
        let runs = 20;
        let mut last = Estimate::Undefined(rubric_core::text::messages::undef_not_finite);
        for _ in 0..runs {
            last = f();
        }
        let per_run = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
        println!(
            "{name:<32} {per_run:>8.2} ms   {:.4}",
            last.value().unwrap_or(f64::NAN)
        );
    };
    println!("{N} ratings by two raters, {K} categories (mean of 20 runs, table built each time):");
    time("percent agreement", &|| {
        percent_agreement(&Table::from_pairs(K, pairs.iter().copied()))
    });
    time("Cohen's kappa", &|| {
        cohen_kappa(
            &Table::from_pairs(K, pairs.iter().copied()),
            &Weights::Unweighted,
        )
    });
    time("Cohen's kappa, quadratic", &|| {
        cohen_kappa(
            &Table::from_pairs(K, pairs.iter().copied()),
            &Weights::Quadratic,
        )
    });
    time("Gwet's AC1", &|| {
        gwet_ac1(&Table::from_pairs(K, pairs.iter().copied()))
    });
    let counts: Vec<Vec<u32>> = pairs
        .iter()
        .map(|&(a, b)| {
            let mut row = vec![0u32; K];
            row[a] += 1;
            row[b] += 1;
            row
        })
        .collect();
    time("Fleiss' kappa", &|| fleiss_kappa(&counts));
    let units: Vec<Vec<Option<f64>>> = pairs
        .iter()
        .map(|&(a, b)| vec![Some(a as f64), Some(b as f64)])
        .collect();
    time("Krippendorff's alpha, ordinal", &|| {
        krippendorff_alpha(&units, Level::Ordinal)
    });
}
