//! Negative binomial, Poisson and day-level mixture quantiles against an
//! independent 40-digit computation (`gen/negative_binomial_reference.py`,
//! mpmath, no crate code): means from 0.001 to 1e10, dispersions from 0
//! to 100, probabilities from 1e-6 to 1 − 1e-9.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_forecast::{DayLevelNegativeBinomial, NegativeBinomial};

const REFERENCE: &str = include_str!("data/negative_binomial_reference.csv");

/// The largest distance in counts the docs allow between a quantile and
/// the exact one `want`: none while `φμ < 1e7`; beyond, a relative
/// `1e-15 φμ`. There the upper tail comes from the continued fraction of
/// `I_y(k + 1, r)` at `y = φμ / (1 + φμ)` next to 1, and `y` as a double has
/// lost the last digits of `1 − y` (about `1e-16 φμ` relative in the tail
/// probability). The largest relative distance measured is 2.4 times
/// `1e-16 φμ`.
fn allowed(mean: f64, phi: f64, want: f64) -> f64 {
    if phi * mean < 1e7 {
        0.0
    } else {
        (1e-15 * phi * mean * want).floor()
    }
}

#[test]
fn quantiles_match_the_40_digit_reference() {
    let (mut checked, mut exact, mut ties, mut worst) = (0, 0, 0, 0.0f64);
    let (mut exact_poisson, mut exact_mixture) = (true, true);
    for line in REFERENCE.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 7, "{line}");
        let mean: f64 = f[1].parse().unwrap();
        let phi: f64 = f[2].parse().unwrap();
        let tau2: f64 = f[3].parse().unwrap();
        let p: f64 = f[4].parse().unwrap();
        let want: f64 = f[5].parse().unwrap();
        let margin: f64 = f[6].parse().unwrap();
        // A cdf within 1e-12 of p, relative to the smaller of p and 1 − p
        // (the tail the crate computes), is a tie up to rounding (three
        // rows are exact ties, such as p = 0.5 for a geometric count of
        // mean 1): the count on the other side is accepted there too. The
        // file's margin is relative to p.
        let tie = margin * p < 1e-12 * p.min(1.0 - p);
        ties += usize::from(tie);
        let got = match f[0] {
            "nb" => NegativeBinomial::new(phi).unwrap().quantile(mean, p),
            "day_level" => DayLevelNegativeBinomial::new(tau2, phi)
                .unwrap()
                .quantile(mean, p),
            other => panic!("unknown kind {other}"),
        }
        .unwrap();
        let off = if tie && (got - want).abs() == 1.0 {
            0.0
        } else {
            (got - want).abs()
        };
        assert!(
            off <= allowed(mean, phi, want),
            "{line}: {got} (allowed {} off)",
            allowed(mean, phi, want)
        );
        checked += 1;
        exact += usize::from(off == 0.0);
        exact_poisson &= phi > 0.0 || off == 0.0;
        exact_mixture &= f[0] != "day_level" || off == 0.0;
        worst = worst.max(off / want.max(1.0));
    }
    println!(
        "{checked} quantiles ({ties} within rounding of a tie), {exact} exact, largest relative distance {worst:e}"
    );
    assert_eq!(checked, 1_680);
    // Every Poisson quantile is exact, up to a mean of 1e10, and so is
    // every day-level mixture quantile.
    assert!(exact_poisson && exact_mixture);
}
