//! Negative binomial, Poisson and day-level mixture quantiles for any
//! dispersion, day-level variance, mean and probability: never a panic or
//! a hang; a valid input gives an integer quantile >= 0 that does not
//! decrease with `p`, an interval `lo <= hi`, and a dispersion above 1e6,
//! a mean above 1e10 or a probability outside [1e-300, 1) is an error. Small means are checked against
//! the textbook recurrence `P(k + 1) / P(k) = (k + r) / (k + 1) · μ / (r + μ)`.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use servops_forecast::{DayLevelNegativeBinomial, NegativeBinomial};

#[derive(Debug, Arbitrary)]
struct Input {
    phi: f64,
    tau2: f64,
    mean: f64,
    p: f64,
    dp: f64,
    /// Mean drawn on a log scale from 1e-6 to 1e11 when set.
    log_mean: Option<u16>,
}

fuzz_target!(|inp: Input| {
    let mean = match inp.log_mean {
        Some(u) => 10f64.powf(-6.0 + 17.0 * f64::from(u) / f64::from(u16::MAX)),
        None => inp.mean,
    };
    let p2 = inp.p + inp.dp.abs();
    let phi = inp.phi;
    let Ok(nb) = NegativeBinomial::new(phi) else {
        assert!(!(phi.is_finite() && (0.0..=1e6).contains(&phi)));
        return;
    };
    let valid =
        |m: f64, p: f64| m.is_finite() && (0.0..=1e10).contains(&m) && (1e-300..1.0).contains(&p);
    match nb.quantile(mean, inp.p) {
        Ok(q) => {
            assert!(valid(mean, inp.p));
            assert!(q >= 0.0 && q.fract() == 0.0);
            if valid(mean, p2) {
                assert!(nb.quantile(mean, p2).unwrap() >= q);
            }
            if mean < 50.0 && phi > 1e-12 && phi < 100.0 {
                let r = 1.0 / phi;
                let mut pmf = (-r * (phi * mean).ln_1p()).exp();
                let (mut cdf, mut k) = (pmf, 0.0);
                while cdf < inp.p && k < 1e6 {
                    pmf *= (k + r) / (k + 1.0) * (mean / (r + mean));
                    k += 1.0;
                    cdf += pmf;
                }
                if (cdf - inp.p).abs() > 1e-9 && (cdf - pmf - inp.p).abs() > 1e-9 && k < 1e6 {
                    assert_eq!(q, k, "mean {mean} phi {phi} p {}", inp.p);
                }
            }
        }
        Err(_) => assert!(!valid(mean, inp.p)),
    }
    if let Ok((lo, hi)) = nb.interval(mean, inp.p) {
        assert!(lo <= hi);
    }
    let Ok(mix) = DayLevelNegativeBinomial::new(inp.tau2, phi) else {
        return;
    };
    // The largest day level is at most e^{1.8628 σ}, σ² = ln(1 + τ²); the
    // mixture also refuses a mean whose largest component passes 1e10.
    let largest = (1.8628 * inp.tau2.ln_1p().sqrt()).exp();
    match mix.quantile(mean, inp.p) {
        Ok(q) => {
            assert!(valid(mean, inp.p));
            assert!(q >= 0.0 && q.fract() == 0.0);
            if valid(mean, p2) {
                assert!(mix.quantile(mean, p2).unwrap() >= q);
            }
        }
        Err(_) => assert!(!valid(mean, inp.p) || mean * largest > 1e10),
    }
    if let Ok((lo, hi)) = mix.interval(mean, inp.p) {
        assert!(lo <= hi);
    }
});
