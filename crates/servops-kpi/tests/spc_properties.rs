//! Property tests of the control charts and run rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use servops_kpi::spc::{PChart, Rule, UChart, XbarRChart, XbarSChart, XmrChart};

fn all_rules() -> Vec<Rule> {
    let mut r = Rule::WESTERN_ELECTRIC.to_vec();
    r.extend(Rule::NELSON);
    r
}

fn signal_set(chart: &XmrChart) -> Vec<(Rule, usize, usize)> {
    chart
        .signals(&all_rules())
        .into_iter()
        .map(|s| (s.rule, s.first, s.index))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Individuals and X-bar limits are symmetric about the centre line.
    #[test]
    fn variables_limits_are_symmetric(
        values in prop::collection::vec(-1e6f64..1e6, 2..60),
        groups in prop::collection::vec(prop::collection::vec(-1e3f64..1e3, 4), 1..20),
    ) {
        let x = XmrChart::new(&values).unwrap();
        for l in x.individuals().limits() {
            let (up, down) = (l.upper - l.center, l.center - l.lower);
            prop_assert!((up - down).abs() <= 1e-9 * (1.0 + up.abs()));
            prop_assert!(l.lower <= l.center && l.center <= l.upper);
        }
        for chart in [XbarRChart::new(&groups).unwrap().means().clone(),
                      XbarSChart::new(&groups).unwrap().means().clone()] {
            for l in chart.limits() {
                let (up, down) = (l.upper - l.center, l.center - l.lower);
                prop_assert!((up - down).abs() <= 1e-9 * (1.0 + up.abs()));
            }
        }
    }

    /// Range and S charts have lower limits >= 0 and the centre inside.
    #[test]
    fn dispersion_limits_bracket_the_centre(
        groups in prop::collection::vec(prop::collection::vec(-1e3f64..1e3, 2..10), 1..20),
    ) {
        let s = XbarSChart::new(&groups).unwrap();
        for l in s.std_devs().limits() {
            prop_assert!(l.lower >= 0.0 && l.lower <= l.center && l.center <= l.upper);
        }
        let n = groups[0].len();
        let equal: Vec<Vec<f64>> = groups.iter().map(|g| g.iter().cycle().take(n).copied().collect()).collect();
        let r = XbarRChart::new(&equal).unwrap();
        for l in r.ranges().limits() {
            prop_assert!(l.lower >= 0.0 && l.lower <= l.center && l.center <= l.upper);
        }
    }

    /// Run-rule detection is invariant under affine transforms a·x + b of the
    /// data (a ≠ 0; a < 0 mirrors the chart, and every rule is symmetric).
    /// Integer data and power-of-two scales keep the arithmetic exact enough
    /// that no point moves across a zone boundary by rounding.
    #[test]
    fn rules_are_affine_invariant(
        values in prop::collection::vec(-40i32..40, 2..80),
        exponent in -3i32..4,
        negative in any::<bool>(),
        shift in -1000i32..1000,
    ) {
        let x: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
        let a = 2f64.powi(exponent) * if negative { -1.0 } else { 1.0 };
        let y: Vec<f64> = x.iter().map(|v| a * v + f64::from(shift)).collect();
        let before = XmrChart::new(&x).unwrap();
        let after = XmrChart::new(&y).unwrap();
        prop_assert_eq!(signal_set(&before), signal_set(&after));
    }

    /// Signals point inside the series, with `first <= index`.
    #[test]
    fn signals_are_in_bounds(values in prop::collection::vec(-1e3f64..1e3, 2..200)) {
        let c = XmrChart::new(&values).unwrap();
        for s in c.signals(&all_rules()) {
            prop_assert!(s.first <= s.index && s.index < values.len());
            prop_assert!(s.index + 1 - s.first <= s.rule.window());
        }
    }

    /// p-chart limits lie in [0, 1], bracket the centre, and are symmetric
    /// wherever they are not clipped; smaller subgroups get wider limits.
    #[test]
    fn p_chart_limits(data in prop::collection::vec((0u64..500, 1u64..500), 1..40)) {
        let sizes: Vec<u64> = data.iter().map(|&(a, b)| a.max(b)).collect();
        let counts: Vec<u64> = data.iter().map(|&(a, b)| a.min(b)).collect();
        let c = PChart::new(&counts, &sizes).unwrap();
        for (l, &n) in c.proportions().limits().iter().zip(&sizes) {
            prop_assert!(0.0 <= l.lower && l.lower <= l.center && l.center <= l.upper && l.upper <= 1.0);
            if l.lower > 0.0 && l.upper < 1.0 {
                prop_assert!(((l.upper - l.center) - (l.center - l.lower)).abs() < 1e-12);
            }
            for (m, &nm) in c.proportions().limits().iter().zip(&sizes) {
                if nm < n {
                    prop_assert!(m.sigma >= l.sigma);
                }
            }
        }
    }

    /// Every series a chart builds passes the checks of `ChartSeries::new`
    /// (finite, `lower <= center <= upper`), so rebuilding it from its own
    /// values and limits gives the same series.
    #[test]
    fn built_series_pass_the_series_checks(
        values in prop::collection::vec(-1e6f64..1e6, 2..40),
        groups in prop::collection::vec(prop::collection::vec(-1e3f64..1e3, 2..8), 1..15),
        data in prop::collection::vec((0u64..300, 1u64..300, 0.1f64..50.0), 1..30),
    ) {
        use servops_kpi::spc::ChartSeries;

        let n = groups[0].len();
        let equal: Vec<Vec<f64>> = groups.iter().map(|g| g.iter().cycle().take(n).copied().collect()).collect();
        let sizes: Vec<u64> = data.iter().map(|&(a, b, _)| a.max(b)).collect();
        let counts: Vec<u64> = data.iter().map(|&(a, b, _)| a.min(b)).collect();
        let units: Vec<f64> = data.iter().map(|d| d.2).collect();
        let x = XmrChart::new(&values).unwrap();
        let r = XbarRChart::new(&equal).unwrap();
        let s = XbarSChart::new(&groups).unwrap();
        let p = PChart::new(&counts, &sizes).unwrap();
        let p0 = PChart::with_standard(0.02, &counts, &sizes).unwrap();
        let u = UChart::new(&counts, &units).unwrap();
        for series in [
            x.individuals(), x.moving_ranges(), r.means(), r.ranges(), s.means(), s.std_devs(),
            p.proportions(), p0.proportions(), u.rates(),
        ] {
            let rebuilt = ChartSeries::new(series.values().to_vec(), series.limits().to_vec());
            prop_assert_eq!(rebuilt.as_ref(), Ok(series));
        }
    }

    /// u-chart limits bracket the centre and are >= 0.
    #[test]
    fn u_chart_limits(data in prop::collection::vec((0u64..200, 0.1f64..50.0), 1..40)) {
        let counts: Vec<u64> = data.iter().map(|d| d.0).collect();
        let units: Vec<f64> = data.iter().map(|d| d.1).collect();
        let c = UChart::new(&counts, &units).unwrap();
        for l in c.rates().limits() {
            prop_assert!(0.0 <= l.lower && l.lower <= l.center && l.center <= l.upper);
        }
    }
}

#[test]
fn bad_input_is_a_typed_error_not_a_panic() {
    assert!(XmrChart::new(&[1.0, f64::NAN]).is_err());
    assert!(XmrChart::new(&[f64::MAX, -f64::MAX]).is_err()); // sums overflow
    assert!(XbarRChart::new(&[vec![1.0; 26]]).is_err());
    assert!(XbarRChart::new::<Vec<f64>>(&[]).is_err());
    assert!(XbarSChart::from_summaries(&[1.0], &[-1.0], &[3]).is_err());
    assert!(PChart::new(&[3], &[2]).is_err());
    assert!(PChart::with_standard(f64::NAN, &[1], &[2]).is_err());
    assert!(UChart::new(&[1], &[f64::INFINITY]).is_err());
    assert!(UChart::new(&[1, 2], &[1.0]).is_err());
}

#[test]
fn degenerate_data_gives_no_signals() {
    // Constant data: zero-width limits, every point on the centre line.
    let c = XmrChart::new(&[5.0; 30]).unwrap();
    assert!(c.signals(&all_rules()).is_empty());
    // No defectives at all: p̄ = 0, nothing to signal.
    let p = PChart::new(&[0; 12], &[100; 12]).unwrap();
    assert!(p.signals(&all_rules()).is_empty());
}
