//! Memory of `RatingCounts::from_ratings` with many categories and many
//! subjects: proportional to the ratings, never to subjects × categories.
//!
//! Alone in its test binary, so that the process's peak memory measures this
//! test only (Linux: `/proc/self/status`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod memory_support;
#[cfg(target_os = "linux")]
use memory_support::peaks_kib;

#[cfg(target_os = "linux")]
#[test]
fn ten_thousand_subjects_of_4096_categories_do_not_allocate_a_dense_row_each() {
    use servops_kpi::qa::{MAX_CATEGORIES, RatingCounts};

    let k = MAX_CATEGORIES;
    let n = 10_000;
    // Subject i: two raters say i mod k, the third (i + 1) mod k.
    let ratings: Vec<[usize; 3]> = (0..n).map(|i| [i % k, i % k, (i + 1) % k]).collect();
    let (peak0, hwm0) = peaks_kib();

    let r = RatingCounts::from_ratings(&ratings, k).unwrap();
    assert_eq!(
        (r.subjects(), r.raters_per_subject(), r.categories()),
        (n, 3, k)
    );
    let fleiss = r.fleiss_kappa().unwrap();
    let ac1 = r.gwet_ac1().unwrap();

    let (peak1, hwm1) = peaks_kib();
    // (P̄ sums 1/3 ten thousand times: a few hundred ulps of rounding.)
    // Exact rationals (Python fractions): every subject has P_i = 1/3, and
    // category j holds 2·#{i: i ≡ j} + #{i: i + 1 ≡ j} of the 30,000 ratings:
    // κ = 74942797/224942797, AC1 = 306900057203/921150057203.
    assert!(
        (fleiss - 0.333_163_799_861_526_57).abs() < 1e-12,
        "{fleiss}"
    );
    assert!((ac1 - 0.333_170_534_814_792_27).abs() < 1e-12, "{ac1}");
    // Before the fix: one dense row of 4,096 u64 per subject (328 MB), then
    // a copy of them all into the counts (another 328 MB).
    let (grown, resident) = (peak1 - peak0, hwm1 - hwm0);
    assert!(
        grown < 16 * 1024 && resident < 16 * 1024,
        "peak virtual memory grew by {grown} KiB, peak resident by {resident} KiB"
    );
}
