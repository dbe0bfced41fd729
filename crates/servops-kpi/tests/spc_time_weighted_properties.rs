//! Property tests of the EWMA and CUSUM charts and their run lengths.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use servops_kpi::spc::{CusumChart, CusumDesign, CusumSide, EwmaChart, EwmaDesign, XmrChart};

/// (index, side, run length) of every CUSUM signal.
fn cusum_signals(c: &CusumChart) -> Vec<(usize, CusumSide, usize)> {
    c.signals()
        .iter()
        .map(|s| (s.index, s.side, s.run_length))
        .collect()
}

/// Whether every quantity a CUSUM decision compares is at least `margin`
/// (relative to σ) away from its threshold, so rounding cannot flip it.
fn cusum_clear_of_ties(c: &CusumChart, margin: f64) -> bool {
    let (mu, k, h) = (c.target(), c.reference_value(), c.decision_interval());
    let tol = margin * c.sigma();
    let (mut up, mut down) = (
        c.design().head_start() * c.sigma(),
        c.design().head_start() * c.sigma(),
    );
    for (i, &x) in c.values().iter().enumerate() {
        let pre_up = x - (mu + k) + up;
        let pre_down = (mu - k) - x + down;
        if pre_up.abs() < tol || pre_down.abs() < tol {
            return false;
        }
        up = c.upper()[i];
        down = c.lower()[i];
        if (up - h).abs() < tol || (down - h).abs() < tol {
            return false;
        }
    }
    true
}

fn ewma_clear_of_ties(c: &EwmaChart, margin: f64) -> bool {
    let s = c.statistics();
    s.values().iter().zip(s.limits()).all(|(z, l)| {
        let tol = margin * c.sigma();
        (z - l.upper).abs() > tol && (z - l.lower).abs() > tol
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Both sums are never negative, whatever the data, and never below
    /// the head start's effect (a sum is 0 or positive).
    #[test]
    fn cusum_sums_are_non_negative(
        values in prop::collection::vec(-1e6f64..1e6, 0..80),
        target in -1e3f64..1e3,
        sigma in 1e-3f64..1e3,
        k in 0.0f64..3.0,
        h in 0.1f64..10.0,
        fir in any::<bool>(),
    ) {
        let mut d = CusumDesign::new(k, h).unwrap();
        if fir { d = d.with_fast_initial_response(); }
        let c = CusumChart::with_standard(target, sigma, d, &values).unwrap();
        prop_assert_eq!(c.upper().len(), values.len());
        for i in 0..values.len() {
            prop_assert!(c.upper()[i] >= 0.0 && c.lower()[i] >= 0.0);
            prop_assert_eq!(c.upper()[i] > 0.0, c.upper_run_lengths()[i] > 0);
            prop_assert_eq!(c.lower()[i] > 0.0, c.lower_run_lengths()[i] > 0);
        }
        for s in c.signals() {
            prop_assert!(s.statistic > c.decision_interval() && s.run_length >= 1);
            match s.side {
                CusumSide::Upper => prop_assert!(s.estimated_mean > target + c.reference_value()),
                CusumSide::Lower => prop_assert!(s.estimated_mean < target - c.reference_value()),
            }
        }
    }

    /// A series constant at the target keeps both sums at 0 and never
    /// signals (without a head start).
    #[test]
    fn cusum_is_zero_in_control(
        n in 0usize..100,
        target in -1e6f64..1e6,
        sigma in 1e-6f64..1e6,
        k in 0.0f64..3.0,
        h in 0.1f64..10.0,
    ) {
        let c = CusumChart::with_standard(target, sigma, CusumDesign::new(k, h).unwrap(), &vec![target; n]).unwrap();
        prop_assert!(c.upper().iter().chain(c.lower()).all(|&v| v == 0.0));
        prop_assert!(c.signals().is_empty());
    }

    /// With λ = 1 the EWMA is the individuals chart: z_i = x_i and the
    /// limits are μ0 ± Lσ at every point; with L = 3 and the baseline's
    /// mean and MR̄/d2 it is the XmR individuals chart.
    #[test]
    fn ewma_with_lambda_one_is_the_individuals_chart(
        values in prop::collection::vec(-1e4f64..1e4, 2..60),
        target in -1e3f64..1e3,
        sigma in 1e-2f64..1e3,
        width in 0.5f64..5.0,
    ) {
        let c = EwmaChart::with_standard(target, sigma, EwmaDesign::new(1.0, width).unwrap(), &values).unwrap();
        prop_assert_eq!(c.statistics().values(), &values[..]);
        for l in c.statistics().limits() {
            prop_assert_eq!(l.sigma, sigma);
            prop_assert_eq!(l.upper, target + width * sigma);
            prop_assert_eq!(l.lower, target - width * sigma);
        }
        let beyond: Vec<usize> = values.iter().enumerate()
            .filter(|(_, x)| (*x - target).abs() > width * sigma).map(|(i, _)| i).collect();
        prop_assume!(ewma_clear_of_ties(&c, 1e-9));
        prop_assert_eq!(c.beyond_limits(), beyond);

        let xmr = XmrChart::new(&values).unwrap();
        prop_assume!(xmr.sigma() > 0.0);
        let e = EwmaChart::from_baseline(&values, EwmaDesign::new(1.0, 3.0).unwrap(), &values).unwrap();
        prop_assert_eq!(e.statistics().values(), xmr.individuals().values());
        for (a, b) in e.statistics().limits().iter().zip(xmr.individuals().limits()) {
            let tol = 1e-12 * (b.upper.abs() + b.lower.abs() + 1.0);
            prop_assert!((a.upper - b.upper).abs() <= tol && (a.lower - b.lower).abs() <= tol);
            prop_assert!((a.center - b.center).abs() <= tol && (a.sigma - b.sigma).abs() <= tol);
        }
    }

    /// The limits widen monotonically toward the asymptote μ0 ± Lσ√(λ/(2−λ))
    /// and never pass it.
    #[test]
    fn ewma_limits_widen_toward_the_asymptote(
        lambda in 1e-4f64..=1.0,
        width in 0.1f64..6.0,
        target in -1e3f64..1e3,
        sigma in 1e-3f64..1e3,
        n in 1usize..400,
    ) {
        let d = EwmaDesign::new(lambda, width).unwrap();
        let c = EwmaChart::with_standard(target, sigma, d, &vec![target; n]).unwrap();
        let asymptote = width * sigma * d.asymptotic_sigma_factor();
        let limits = c.statistics().limits();
        for w in limits.windows(2) {
            prop_assert!(w[1].upper >= w[0].upper && w[1].lower <= w[0].lower);
            prop_assert!(w[1].sigma >= w[0].sigma);
        }
        // Beyond the asymptote by no more than the rounding of μ0 ± half-width.
        let slack = asymptote * 1e-15 + 4.0 * f64::EPSILON * target.abs();
        for l in limits {
            prop_assert!(l.upper - target <= asymptote + slack);
            prop_assert!(target - l.lower <= asymptote + slack);
            prop_assert!(l.sigma <= sigma * d.asymptotic_sigma_factor());
        }
        for i in 0..n {
            prop_assert!(d.sigma_factor(i) <= d.sigma_factor(i + 1));
            prop_assert!(d.sigma_factor(i + 1) <= d.asymptotic_sigma_factor());
        }
    }

    /// A larger shift (in absolute value) never gives a larger CUSUM ARL;
    /// the ARL is symmetric in the sign of the shift. Up to 1e-12 relative
    /// for Siegmund's formula (the series and the closed form meet at
    /// |2Δb| = 0.5) and 1e-11 for the exact solve (rounding).
    #[test]
    fn cusum_arl_falls_with_the_shift(
        k in 0.0f64..2.0,
        h in 0.5f64..10.0,
        a in 0.0f64..5.0,
        b in 0.0f64..5.0,
    ) {
        let d = CusumDesign::new(k, h).unwrap();
        let (small, large) = if a <= b { (a, b) } else { (b, a) };
        let (s, l) = (d.siegmund_arl(small).unwrap(), d.siegmund_arl(large).unwrap());
        prop_assert!(l <= s * (1.0 + 1e-12), "{} at {} > {} at {}", l, large, s, small);
        prop_assert_eq!(d.siegmund_arl(-large).unwrap(), l);
        let (s1, l1) = (
            d.siegmund_one_sided_arl(small).unwrap(),
            d.siegmund_one_sided_arl(large).unwrap(),
        );
        prop_assert!(l1 <= s1 * (1.0 + 1e-12));
        prop_assert!(l <= l1 * (1.0 + 1e-12)); // two sides alarm no later than one
        for d in [d, d.with_fast_initial_response()] {
            let (s, l) = (d.arl(small).unwrap(), d.arl(large).unwrap());
            prop_assert!(l >= 1.0 && l <= s * (1.0 + 1e-11), "{} at {} > {} at {}", l, large, s, small);
            prop_assert_eq!(d.arl(-large).unwrap(), l);
            let (s1, l1) = (d.one_sided_arl(small).unwrap(), d.one_sided_arl(large).unwrap());
            prop_assert!(l1 <= s1 * (1.0 + 1e-11));
            prop_assert!(l <= l1 * (1.0 + 1e-11));
            prop_assert!(l <= d.one_sided_arl(-large).unwrap() * (1.0 + 1e-11));
        }
    }

    /// Scaling and shifting the data, x → a x + b with μ0 → a μ0 + b and
    /// σ → |a| σ, leaves the signals unchanged (a < 0 swaps the CUSUM's
    /// sides). Cases within 1e-9 σ of a decision are skipped: there
    /// rounding may decide either way.
    #[test]
    fn signals_are_invariant_under_affine_maps(
        values in prop::collection::vec(-4.0f64..4.0, 1..60),
        drift in -1.5f64..1.5,
        a in prop_oneof![0.01f64..100.0, -100.0f64..-0.01],
        b in -1e4f64..1e4,
        k in 0.0f64..1.0,
        h in 0.5f64..5.0,
        lambda in 0.05f64..=1.0,
        width in 1.0f64..3.5,
        fir in any::<bool>(),
    ) {
        let x: Vec<f64> = values.iter().enumerate()
            .map(|(i, v)| v + if i >= values.len() / 2 { drift } else { 0.0 }).collect();
        let y: Vec<f64> = x.iter().map(|v| a * v + b).collect();
        let mut cd = CusumDesign::new(k, h).unwrap();
        if fir { cd = cd.with_fast_initial_response(); }
        let c0 = CusumChart::with_standard(0.0, 1.0, cd, &x).unwrap();
        let c1 = CusumChart::with_standard(b, a.abs(), cd, &y).unwrap();
        prop_assume!(cusum_clear_of_ties(&c0, 1e-9) && cusum_clear_of_ties(&c1, 1e-9));
        let flip = |s: CusumSide| match (a < 0.0, s) {
            (false, s) => s,
            (true, CusumSide::Upper) => CusumSide::Lower,
            (true, CusumSide::Lower) => CusumSide::Upper,
        };
        let mut expected: Vec<_> = cusum_signals(&c0).into_iter().map(|(i, s, n)| (i, flip(s), n)).collect();
        expected.sort_by_key(|&(i, s, _)| (i, s == CusumSide::Lower));
        prop_assert_eq!(cusum_signals(&c1), expected);
        // The estimated mean maps as the data do (a < 0: the other side's
        // μ0 − K − C/N is a (μ0 + K + C/N) + b).
        let mut s0 = c0.signals();
        s0.sort_by_key(|s| (s.index, flip(s.side) == CusumSide::Lower));
        for (s0, s1) in s0.iter().zip(c1.signals()) {
            let mapped = a * s0.estimated_mean + b;
            let tol = 1e-9 * (a.abs() * (s0.estimated_mean.abs() + 1.0) + b.abs());
            prop_assert!((s1.estimated_mean - mapped).abs() <= tol, "{} vs {}", s1.estimated_mean, mapped);
        }

        let ed = EwmaDesign::new(lambda, width).unwrap();
        let e0 = EwmaChart::with_standard(0.0, 1.0, ed, &x).unwrap();
        let e1 = EwmaChart::with_standard(b, a.abs(), ed, &y).unwrap();
        prop_assume!(ewma_clear_of_ties(&e0, 1e-9) && ewma_clear_of_ties(&e1, 1e-9));
        prop_assert_eq!(e0.beyond_limits(), e1.beyond_limits());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The EWMA ARL (Markov chain) never rises with the size of the shift,
    /// and is symmetric in its sign.
    #[test]
    fn ewma_arl_falls_with_the_shift(
        lambda in 0.05f64..=1.0,
        width in 2.0f64..3.2,
        a in 0.0f64..3.0,
        b in 0.0f64..3.0,
    ) {
        let d = EwmaDesign::new(lambda, width).unwrap();
        let (small, large) = if a <= b { (a, b) } else { (b, a) };
        let (s, l) = (d.arl(small).unwrap(), d.arl(large).unwrap());
        prop_assert!(l <= s * (1.0 + 1e-9), "{} at {} > {} at {}", l, large, s, small);
        let m = d.arl(-large).unwrap();
        prop_assert!((m - l).abs() <= 1e-9 * l);
    }
}

/// Φ(x) by Simpson's rule on φ over [x − 40, x] (or 1 − Φ(−x)), 20 000
/// steps: an independent check of the `h → 0` limits, good to about 1e-7
/// relative for |x| <= 6.
fn normal_cdf(x: f64) -> f64 {
    if x > 0.0 {
        return 1.0 - normal_cdf(-x);
    }
    let n = 20_000;
    let (a, step) = (x - 40.0, 40.0 / n as f64);
    let phi = |t: f64| (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let mut sum = phi(a) + phi(x);
    for i in 1..n {
        sum += if i % 2 == 1 { 4.0 } else { 2.0 } * phi(a + i as f64 * step);
    }
    sum * step / 3.0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The exact CUSUM ARLs over shifts of ±10σ, `k` up to 3 and `h` up to
    /// 12: every ARL is finite and >= 1 or the typed overflow error; the
    /// upper side's ARL falls as the shift rises; the two-sided ARL is at
    /// most either side's; a wider `h` never shortens the run (from 0);
    /// the head start never lengthens it, and a higher start shortens the
    /// upper side's.
    #[test]
    fn cusum_exact_arl_properties(
        k in 0.0f64..3.0,
        h in 0.01f64..12.0,
        a in -10.0f64..10.0,
        b in -10.0f64..10.0,
        dh in 0.0f64..3.0,
        s in 0.0f64..1.0,
        t in 0.0f64..1.0,
    ) {
        let plain = CusumDesign::new(k, h).unwrap();
        let wider = CusumDesign::new(k, h + dh).unwrap();
        let fir = plain.with_fast_initial_response();
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let tol = 1.0 + 1e-11;
        let ok = |r: Result<f64, servops_kpi::Error>| -> Option<f64> {
            match r {
                Ok(v) => { assert!(v.is_finite() && v >= 1.0, "{v}"); Some(v) }
                Err(servops_kpi::Error::InvalidParameter { name: "CUSUM average run length", .. }) => None,
                Err(e) => panic!("{e}"),
            }
        };
        for d in [plain, fir] {
            let (x, y) = (ok(d.one_sided_arl(lo)), ok(d.one_sided_arl(hi)));
            if let (Some(x), Some(y)) = (x, y) {
                prop_assert!(y <= x * tol, "{} at {} > {} at {}", y, hi, x, lo);
            }
            if let Some(two) = ok(d.arl(hi)) {
                for side in [ok(d.one_sided_arl(hi)), ok(d.one_sided_arl(-hi))].into_iter().flatten() {
                    prop_assert!(two <= side * tol, "{} > {}", two, side);
                }
            }
        }
        if let (Some(x), Some(y)) = (ok(plain.one_sided_arl(hi)), ok(wider.one_sided_arl(hi))) {
            prop_assert!(x <= y * tol, "h {}: {} > h {}: {}", h, x, h + dh, y);
        }
        if let (Some(x), Some(y)) = (ok(plain.arl(hi)), ok(wider.arl(hi))) {
            prop_assert!(x <= y * tol);
        }
        if let (Some(x), Some(y)) = (ok(plain.arl(hi)), ok(fir.arl(hi))) {
            prop_assert!(y <= x * tol, "head start {} > {}", y, x);
        }
        let (s1, s2) = if s <= t { (s * h, t * h) } else { (t * h, s * h) };
        if let (Some(x), Some(y)) = (ok(plain.one_sided_arl_from(hi, s1)), ok(plain.one_sided_arl_from(hi, s2))) {
            prop_assert!(y <= x * tol, "from {}: {} > from {}: {}", s2, y, s1, x);
        }
    }

    /// `h → 0`: every positive sum signals, so the run is geometric:
    /// `1/Φ(δ − k)` for the upper side and `1/(Φ(δ − k) + Φ(−δ − k))` for
    /// both (Φ by Simpson's rule here, independent of the crate).
    #[test]
    fn cusum_arl_as_h_vanishes(k in 0.0f64..2.0, shift in -4.0f64..4.0) {
        let d = CusumDesign::new(k, 1e-9).unwrap();
        let (up, down) = (normal_cdf(shift - k), normal_cdf(-shift - k));
        let one = d.one_sided_arl(shift).unwrap();
        prop_assert!(((one * up) - 1.0).abs() < 1e-6, "{} vs {}", one, 1.0 / up);
        let two = d.arl(shift).unwrap();
        prop_assert!((two * (up + down) - 1.0).abs() < 1e-6, "{} vs {}", two, 1.0 / (up + down));
        let fir = d.with_fast_initial_response().arl(shift).unwrap();
        prop_assert!((fir / two - 1.0).abs() < 1e-6);
    }
}
