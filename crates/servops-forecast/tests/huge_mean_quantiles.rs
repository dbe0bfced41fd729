//! Poisson and negative binomial quantiles at means 1e8 to 1e10 and
//! probabilities down to 1e-300 against an independent 50-digit mpmath
//! computation (`gen/huge_mean_quantiles.py`: the tail side of each
//! cumulative probability integrated directly, no crate code). Their cost
//! is measured by the `negative_binomial_huge_mean` criterion group in
//! `benches/benches/forecast.rs`, against quantiles at mean 100 in the
//! same run.
#![allow(clippy::unwrap_used)]

use servops_forecast::{DayLevelNegativeBinomial, NegativeBinomial};

const REFERENCE: &str = include_str!("data/huge_mean_quantiles.csv");

#[test]
fn huge_mean_quantiles_match_the_50_digit_reference() {
    let (mut checked, mut ties) = (0, 0);
    for line in REFERENCE.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 5, "{line}");
        let mean: f64 = f[0].parse().unwrap();
        let phi: f64 = f[1].parse().unwrap();
        let p: f64 = f[2].parse().unwrap();
        let want: f64 = f[3].parse().unwrap();
        let margin: f64 = f[4].parse().unwrap();
        let got = NegativeBinomial::new(phi)
            .unwrap()
            .quantile(mean, p)
            .unwrap();
        // A cumulative probability within 1e-12 (relative to the tail
        // compared) of p is a tie up to rounding: one row is (mean 1e10,
        // φ 1e-9, p = 0.5, margin 4.9e-16), where the count on the other
        // side is accepted too.
        let tie = margin < 1e-12;
        ties += usize::from(tie);
        if tie {
            assert!((got - want).abs() <= 1.0, "{line}: {got}");
        } else {
            assert_eq!(got, want, "{line}");
        }
        checked += 1;
    }
    assert_eq!(checked, 54);
    assert_eq!(ties, 1);
}

/// A day-level mixture's upper tail where only the highest component is
/// left (τ² = 0.01, Poisson within the day, mean 909,090.9, p = 0.95):
/// the mass there is so small against the tail that a Newton step on it
/// went to 1e94 and the search gave up. 50-digit reference
/// (`gen/huge_mean_quantiles.py mixture`): the average of the 16 Poisson
/// tails, bisected (P(N > 1,088,825) − 0.05 = 3.0e-6, P(N > 1,088,826) − 0.05 =
/// −1.4e-5).
#[test]
fn a_mixture_tail_with_one_component_left() {
    let mix = DayLevelNegativeBinomial::new(0.01, 0.0).unwrap();
    assert_eq!(
        mix.quantile(909_090.909_090_909_1, 0.95).unwrap(),
        1_088_826.0
    );
}
