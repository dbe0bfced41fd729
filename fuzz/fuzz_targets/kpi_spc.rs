//! servops-kpi statistical process control: every chart constructor
//! (Laney's p′ and u′ included) and the Western Electric and Nelson run
//! rules accept any input without panicking; accepted charts have ordered,
//! finite limits (and a finite σ_z >= 0 for Laney's); every signal points
//! inside its series with a window no longer than its rule's.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_kpi::spc::{
    ChartSeries, ControlLimits, LaneyPChart, LaneyUChart, PChart, Rule, UChart, XbarRChart,
    XbarSChart, XmrChart,
};

const MAX_POINTS: usize = 400;

fn all_rules() -> Vec<Rule> {
    let mut r = Rule::WESTERN_ELECTRIC.to_vec();
    r.extend(Rule::NELSON);
    r
}

fn check(series: &ChartSeries) {
    assert_eq!(series.values().len(), series.limits().len());
    for l in series.limits() {
        assert!(l.lower.is_finite() && l.upper.is_finite() && l.center.is_finite());
        assert!(l.lower <= l.center && l.center <= l.upper, "{l:?}");
        assert!(l.sigma.is_finite() && l.sigma >= 0.0);
    }
    for s in series.signals(&all_rules()) {
        assert!(s.first <= s.index && s.index < series.len(), "{s:?}");
        assert!(s.index + 1 - s.first <= s.rule.window(), "{s:?}");
    }
    for i in series.beyond_limits() {
        assert!(i < series.len());
    }
}

fn floats(u: &mut Unstructured<'_>, n: usize) -> arbitrary::Result<Vec<f64>> {
    (0..n).map(|_| f64::arbitrary(u)).collect()
}

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let n = u.int_in_range(0..=MAX_POINTS)?;
    match u.int_in_range(0u8..=6)? {
        0 => {
            let values = floats(u, n)?;
            if let Ok(c) = XmrChart::new(&values) {
                check(c.individuals());
                check(c.moving_ranges());
                let later = floats(u, n.min(50))?;
                if let Ok(judged) = c.judge(&later) {
                    check(&judged);
                }
            }
        }
        1 => {
            let size = u.int_in_range(0..=30)?;
            let groups: Vec<Vec<f64>> = (0..n / size.max(1))
                .map(|_| floats(u, size))
                .collect::<arbitrary::Result<_>>()?;
            if let Ok(c) = XbarRChart::new(&groups) {
                check(c.means());
                check(c.ranges());
            }
            if let Ok(c) = XbarSChart::new(&groups) {
                check(c.means());
                check(c.std_devs());
            }
        }
        2 => {
            let sizes: Vec<usize> = (0..n.min(60))
                .map(|_| u.int_in_range(0..=12))
                .collect::<arbitrary::Result<_>>()?;
            let means = floats(u, sizes.len())?;
            let sds = floats(u, sizes.len())?;
            if let Ok(c) = XbarSChart::from_summaries(&means, &sds, &sizes) {
                check(c.means());
                check(c.std_devs());
            }
            let ranges = floats(u, sizes.len())?;
            if let Ok(c) =
                XbarRChart::from_summaries(&means, &ranges, sizes.first().copied().unwrap_or(0))
            {
                check(c.means());
                check(c.ranges());
            }
        }
        3 => {
            let counts: Vec<u64> = (0..n)
                .map(|_| u64::arbitrary(u))
                .collect::<arbitrary::Result<_>>()?;
            let sizes: Vec<u64> = (0..n)
                .map(|_| u64::arbitrary(u))
                .collect::<arbitrary::Result<_>>()?;
            if let Ok(c) = PChart::new(&counts, &sizes) {
                check(c.proportions());
                assert!((0.0..=1.0).contains(&c.center()));
            }
            let p0 = f64::arbitrary(u)?;
            if let Ok(c) = PChart::with_standard(p0, &counts, &sizes) {
                check(c.proportions());
            }
            if let Ok(c) = LaneyPChart::new(&counts, &sizes) {
                check(c.proportions());
                assert!((0.0..=1.0).contains(&c.center()));
                assert!(c.sigma_z().is_finite() && c.sigma_z() >= 0.0);
            }
            let sigma_z = f64::arbitrary(u)?;
            if let Ok(c) = LaneyPChart::with_standard(p0, sigma_z, &counts, &sizes) {
                check(c.proportions());
            }
        }
        4 => {
            let counts: Vec<u64> = (0..n)
                .map(|_| u64::arbitrary(u))
                .collect::<arbitrary::Result<_>>()?;
            let units = floats(u, n)?;
            if let Ok(c) = UChart::new(&counts, &units) {
                check(c.rates());
            }
            let u0 = f64::arbitrary(u)?;
            if let Ok(c) = UChart::with_standard(u0, &counts, &units) {
                check(c.rates());
            }
            if let Ok(c) = LaneyUChart::new(&counts, &units) {
                check(c.rates());
                assert!(c.sigma_z().is_finite() && c.sigma_z() >= 0.0);
            }
            let sigma_z = f64::arbitrary(u)?;
            if let Ok(c) = LaneyUChart::with_standard(u0, sigma_z, &counts, &units) {
                check(c.rates());
            }
        }
        _ => {
            // Arbitrary series and per-point limits straight into the rules.
            let values = floats(u, n)?;
            let limits: Vec<ControlLimits> = (0..n)
                .filter_map(|_| {
                    let c = f64::arbitrary(u).ok()?;
                    let s = f64::arbitrary(u).ok()?;
                    ControlLimits::symmetric(c, s).ok()
                })
                .collect();
            if let Ok(series) = ChartSeries::new(values, limits) {
                check(&series);
            }
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let _ = run(&mut u);
});
