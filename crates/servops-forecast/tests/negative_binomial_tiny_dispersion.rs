//! Negative binomial quantiles for a dispersion at or below the old
//! Poisson cut-off (`φ <= 1e-12`) but a mean large enough that `φμ²` still
//! moves the quantiles: the counts below are the least `k` with
//! `P(N <= k) >= p`, from a 40-digit mpmath sum of the negative binomial
//! pmf (log-gamma at the window start, then the ratio
//! `(k + r)/(k + 1) · μ/(r + μ)`, over mean ± 14 sd), no crate code.
#![allow(clippy::unwrap_used)]

use servops_forecast::NegativeBinomial;

const P: [f64; 5] = [1e-12, 0.025, 0.5, 0.975, 0.999_999_999_999];

#[test]
fn tiny_dispersion_at_large_means_is_not_poisson() {
    let cases: [(f64, f64, [f64; 5]); 4] = [
        (
            1e9,
            1e-12,
            [
                999_777_447.0,
                999_937_990.0,
                1e9,
                1_000_062_011.0,
                1_000_222_569.0,
            ],
        ),
        (
            1e9,
            1e-14,
            [
                999_777_557.0,
                999_938_021.0,
                1e9,
                1_000_061_980.0,
                1_000_222_459.0,
            ],
        ),
        (
            1e7,
            1e-12,
            [9_977_763.0, 9_993_802.0, 1e7, 10_006_198.0, 10_022_253.0],
        ),
        (
            1e10,
            1e-15,
            [
                9_999_296_556.0,
                9_999_804_003.0,
                1e10,
                10_000_195_998.0,
                10_000_703_460.0,
            ],
        ),
    ];
    for (mean, phi, want) in cases {
        let nb = NegativeBinomial::new(phi).unwrap();
        for (p, w) in P.iter().zip(want) {
            assert_eq!(
                nb.quantile(mean, *p).unwrap(),
                w,
                "mean {mean}, φ {phi}, p {p}"
            );
        }
    }
}
