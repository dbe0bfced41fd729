//! Property tests of Laney's p′ and u′ charts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use servops_kpi::spc::{LaneyPChart, LaneyUChart, PChart, Rule, UChart};

fn all_rules() -> Vec<Rule> {
    let mut r = Rule::WESTERN_ELECTRIC.to_vec();
    r.extend(Rule::NELSON);
    r
}

/// Subgroups as (count, size) with count <= size.
fn subgroups(max: usize) -> impl Strategy<Value = (Vec<u64>, Vec<u64>)> {
    prop::collection::vec((1u64..20_000).prop_flat_map(|n| (0..=n, Just(n))), 2..max)
        .prop_map(|v| v.into_iter().unzip())
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// With σ_z = 1 the p′ and u′ limits are the p and u charts'.
    #[test]
    fn sigma_z_one_is_the_binomial_and_poisson_chart(
        (counts, sizes) in subgroups(40),
        p0 in 0.0f64..=1.0,
        u0 in 0.0f64..50.0,
    ) {
        let laney = LaneyPChart::with_standard(p0, 1.0, &counts, &sizes).unwrap();
        let p = PChart::with_standard(p0, &counts, &sizes).unwrap();
        prop_assert_eq!(laney.proportions(), p.proportions());
        let units: Vec<f64> = sizes.iter().map(|&n| n as f64 / 100.0).collect();
        let laney = LaneyUChart::with_standard(u0, 1.0, &counts, &units).unwrap();
        let u = UChart::with_standard(u0, &counts, &units).unwrap();
        prop_assert_eq!(laney.rates(), u.rates());
    }

    /// Each point's zone width is the p (u) chart's times σ_z, in phase I
    /// and against a standard; a larger σ_z never narrows the limits.
    #[test]
    fn limits_scale_with_sigma_z(
        (counts, sizes) in subgroups(40),
        k in 0.0f64..20.0,
    ) {
        let laney = LaneyPChart::new(&counts, &sizes).unwrap();
        let p = PChart::new(&counts, &sizes).unwrap();
        prop_assert!(laney.sigma_z().is_finite() && laney.sigma_z() >= 0.0);
        for (l, b) in laney.proportions().limits().iter().zip(p.proportions().limits()) {
            prop_assert!(rel(l.sigma, b.sigma * laney.sigma_z()) <= 1e-12 || l.sigma == 0.0);
        }
        let c = laney.center();
        let s1 = LaneyPChart::with_standard(c, laney.sigma_z(), &counts, &sizes).unwrap();
        prop_assert_eq!(s1.proportions(), laney.proportions());
        let wide = LaneyPChart::with_standard(c, k * laney.sigma_z(), &counts, &sizes).unwrap();
        for ((w, l), b) in wide.proportions().limits().iter()
            .zip(laney.proportions().limits()).zip(p.proportions().limits()) {
            prop_assert!(rel(w.sigma, b.sigma * k * laney.sigma_z()) <= 1e-12 || w.sigma == 0.0);
            if k >= 1.0 {
                prop_assert!(w.upper >= l.upper && w.lower <= l.lower);
            }
        }
    }

    /// p′ limits stay in [0, 1] around the centre; u′ lower limits >= 0;
    /// every signal lies inside the series and starts no later than it fires.
    #[test]
    fn limits_are_bounded_and_signals_inside(
        (counts, sizes) in subgroups(60),
        sigma_z in 0.0f64..1e3,
    ) {
        let rules = all_rules();
        for chart in [
            LaneyPChart::new(&counts, &sizes).unwrap(),
            LaneyPChart::with_standard(0.03, sigma_z, &counts, &sizes).unwrap(),
        ] {
            for (&v, l) in chart.proportions().values().iter().zip(chart.proportions().limits()) {
                prop_assert!((0.0..=1.0).contains(&v));
                prop_assert!(0.0 <= l.lower && l.lower <= l.center);
                prop_assert!(l.center <= l.upper && l.upper <= 1.0);
            }
            for s in chart.signals(&rules) {
                prop_assert!(s.first <= s.index && s.index < counts.len());
            }
        }
        let units: Vec<f64> = sizes.iter().map(|&n| n as f64 / 1000.0).collect();
        let u = LaneyUChart::new(&counts, &units).unwrap();
        prop_assert!(u.sigma_z().is_finite() && u.sigma_z() >= 0.0);
        for l in u.rates().limits() {
            prop_assert!(0.0 <= l.lower && l.lower <= l.center && l.center <= l.upper);
            prop_assert!(l.upper.is_finite());
        }
        for s in u.signals(&rules) {
            prop_assert!(s.first <= s.index && s.index < counts.len());
        }
    }

    /// σ_z is a mean moving range: unchanged when the subgroups are
    /// reversed (the same ranges), though not under every permutation.
    #[test]
    fn sigma_z_is_invariant_under_reversal(
        (counts, sizes) in subgroups(40),
    ) {
        let a = LaneyPChart::new(&counts, &sizes).unwrap();
        let rc: Vec<u64> = counts.iter().rev().copied().collect();
        let rs: Vec<u64> = sizes.iter().rev().copied().collect();
        let b = LaneyPChart::new(&rc, &rs).unwrap();
        prop_assert!((a.sigma_z() - b.sigma_z()).abs() <= 1e-9 * a.sigma_z().max(1.0));
    }
}

/// The order matters: the same four subgroups alternating or sorted give
/// different σ_z (the moving ranges differ), so no permutation property.
#[test]
fn sigma_z_depends_on_order() {
    let alternating = LaneyPChart::new(&[30, 10, 30, 10], &[100; 4]).unwrap();
    let sorted = LaneyPChart::new(&[10, 10, 30, 30], &[100; 4]).unwrap();
    assert_eq!(alternating.center(), sorted.center());
    assert!(alternating.sigma_z() > 2.0 * sorted.sigma_z());
}
