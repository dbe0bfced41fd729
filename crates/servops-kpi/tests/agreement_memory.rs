//! Memory of an agreement table with many categories: proportional to the
//! observed cells and the number of categories, never to its square.
//!
//! Alone in its test binary, so that the process's peak memory measures this
//! test only (Linux: `/proc/self/status`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod memory_support;
#[cfg(target_os = "linux")]
use memory_support::peaks_kib;

#[cfg(target_os = "linux")]
#[test]
fn a_table_of_4096_categories_does_not_allocate_the_square() {
    use servops_kpi::qa::{AgreementTable, KappaWeighting, MAX_CATEGORIES};

    let k = MAX_CATEGORIES; // 4096: a dense table of k² u64 is 128 MiB
    let (peak0, hwm0) = peaks_kib();

    let empty = AgreementTable::from_ratings(&[], &[], k).unwrap();
    assert_eq!(empty.total(), 0);
    assert_eq!(empty.cohen_kappa(KappaWeighting::Unweighted), None);
    let t = AgreementTable::from_ratings(&[0, k - 1], &[k - 1, 0], k).unwrap();
    let copy = t.clone();
    assert_eq!(copy.count(0, k - 1), Some(1));
    for w in [
        KappaWeighting::Unweighted,
        KappaWeighting::Linear,
        KappaWeighting::Quadratic,
    ] {
        // two subjects, each rated 0 by one rater and k - 1 by the other:
        // observed disagreement 1, expected 1/2 (see input_audit.rs), κ = −1
        assert_eq!(t.cohen_kappa(w), Some(-1.0));
    }
    assert!(t.gwet_ac1().is_some());

    let (peak1, hwm1) = peaks_kib();
    // Before the fix: each table held k² = 16.8 million u64 (128 MiB) and
    // every kappa built a second k² table of f64 (another 128 MiB).
    let (grown, resident) = (peak1 - peak0, hwm1 - hwm0);
    assert!(
        grown < 16 * 1024 && resident < 16 * 1024,
        "peak virtual memory grew by {grown} KiB, peak resident by {resident} KiB"
    );
}
