//! Special functions behind the count distributions of [`crate::uncertainty`]:
//! log probability masses by Loader's saddle-point expansion and the
//! regularised incomplete beta and gamma functions by their series and
//! continued fractions.
//!
//! The masses are computed from the deviance form
//!
//! ```text
//! ln b(x; n, p) = δ(n) − δ(x) − δ(n − x) − D(x, n p) − D(n − x, n q) − ½ ln(2π x (n − x) / n)
//! δ(n)    = ln Γ(n + 1) − (n + ½) ln n + n − ½ ln 2π          (Stirling's error)
//! D(x, m) = x ln(x / m) + m − x                               (deviance)
//! ```
//!
//! which keeps full relative accuracy where `ln Γ` differences would cancel
//! (a negative binomial with mean 1e8 has `ln Γ` terms near 1.7e9). The
//! cumulative probabilities are the normalised front factor times a
//! continued fraction (beta: Numerical Recipes' `betacf`; gamma: the
//! power series below the mean and Legendre's continued fraction above it),
//! evaluated on whichever side of the mean makes the result a small number,
//! so each tail keeps its relative accuracy.
//!
//! References: Loader, C. (2000), "Fast and accurate computation of
//! binomial probabilities"; Press, Teukolsky, Vetterling & Flannery,
//! *Numerical Recipes* (3rd ed.), sections 6.2 and 6.4; Lentz's method as
//! modified by Thompson & Barnett (1986).

/// ln(2π).
const LN_2PI: f64 = 1.837_877_066_409_345_5;
/// ln(√(2π)).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
/// Relative size of the last term at which the series stop.
const EPS: f64 = 1e-16;
/// Distance of the last factor from 1 at which the continued fractions stop
/// (two units in the last place just above 1).
const FRACTION_EPS: f64 = 4.5e-16;
/// Guard against division by zero in the modified Lentz method.
const TINY: f64 = 1e-300;
/// Iteration cap. The callers keep the arguments where the series and
/// fractions converge in far fewer steps (about `10 √(mean)` at worst).
pub(crate) const MAX_ITER: usize = 2_000_000;

/// `ln Γ(x)` for `0 < x <= 17` (Lanczos, g = 7, 9 terms; relative error
/// about 1e-15, and `ln Γ(x) = ln Γ(x + 1) − ln x` below 1).
fn ln_gamma_small(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 1.0 {
        return ln_gamma_small(x + 1.0) - x.ln();
    }
    let z = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (z + i as f64);
    }
    let t = z + G + 0.5;
    LN_SQRT_2PI + (z + 0.5) * t.ln() - t + sum.ln()
}

/// Stirling's error `δ(n) = ln Γ(n + 1) − (n + ½) ln n + n − ln √(2π)`, `n > 0`.
pub(crate) fn stirling_error(n: f64) -> f64 {
    if n > 15.0 {
        let n2 = 1.0 / (n * n);
        // Asymptotic series (Abramowitz & Stegun 6.1.41), five terms: the
        // first omitted term, 691 / (360360 n^11), is below 2.3e-16 for n > 15.
        (1.0 / 12.0
            - n2 * (1.0 / 360.0 - n2 * (1.0 / 1260.0 - n2 * (1.0 / 1680.0 - n2 * (1.0 / 1188.0)))))
            / n
    } else {
        ln_gamma_small(n + 1.0) - (n + 0.5) * n.ln() + n - LN_SQRT_2PI
    }
}

/// The deviance `D(x, m) = x ln(x / m) + m − x >= 0` for `x >= 0`, `m > 0`,
/// by its series in `v = (x − m) / (x + m)` near `x = m`.
pub(crate) fn deviance(x: f64, m: f64) -> f64 {
    if x == 0.0 {
        return m;
    }
    if (x - m).abs() < 0.1 * (x + m) {
        let v = (x - m) / (x + m);
        let v2 = v * v;
        let mut s = (x - m) * v;
        let mut term = 2.0 * x * v;
        for j in 1..1000 {
            term *= v2;
            let next = s + term / (2 * j + 1) as f64;
            if next == s {
                return next;
            }
            s = next;
        }
        return s;
    }
    x * (x / m).ln() + m - x
}

/// `ln [Γ(n + 1) / (Γ(x + 1) Γ(m + 1)) p^x q^m]`, `n = x + m`, for real
/// `x, m >= 0` and `p + q = 1` (both given, so either may be tiny). The
/// two counts are passed separately, so `n − x` never cancels.
pub(crate) fn ln_binomial_mass(x: f64, m: f64, p: f64, q: f64) -> f64 {
    let n = x + m;
    if p == 0.0 {
        return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if q == 0.0 {
        return if m == 0.0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if x == 0.0 {
        if m == 0.0 {
            return 0.0;
        }
        return if p < 0.1 {
            -deviance(m, n * q) - m * p
        } else {
            m * q.ln()
        };
    }
    if m == 0.0 {
        return if q < 0.1 {
            -deviance(x, n * p) - x * q
        } else {
            x * p.ln()
        };
    }
    if x < 0.0 || m < 0.0 {
        return f64::NEG_INFINITY;
    }
    let lc = stirling_error(n)
        - stirling_error(x)
        - stirling_error(m)
        - deviance(x, n * p)
        - deviance(m, n * q);
    let lf = LN_2PI + x.ln() + m.ln() - n.ln();
    lc - 0.5 * lf
}

/// `ln [x^a e^(−x) / Γ(a + 1)]` for `a >= 0`, `x > 0`: the Poisson mass at
/// `a` for a real `a`.
pub(crate) fn ln_poisson_mass(a: f64, x: f64) -> f64 {
    if a == 0.0 {
        return -x;
    }
    -stirling_error(a) - deviance(a, x) - 0.5 * (LN_2PI + a.ln())
}

/// `ln P(N = k)` of a negative binomial with size `r` and success
/// probability `p` (mean `r q / p`), `q = 1 − p` given.
pub(crate) fn ln_negative_binomial_mass(k: f64, r: f64, p: f64, q: f64) -> f64 {
    (r / (r + k)).ln() + ln_binomial_mass(r, k, p, q)
}

/// A probability and its complement, each accurate relative to itself
/// where it is the smaller one: `lower + upper = 1` up to rounding, and the
/// one computed directly (the smaller) keeps its relative accuracy, so a
/// tail far beyond `1e-16` can still be compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Split {
    /// `P(N <= k)` (for the incomplete beta, `I_x(a, b)`).
    pub(crate) lower: f64,
    /// `P(N > k)`, `1 − lower`.
    pub(crate) upper: f64,
}

impl Split {
    fn from_lower(lower: f64) -> Self {
        let lower = lower.clamp(0.0, 1.0);
        Self {
            lower,
            upper: 1.0 - lower,
        }
    }

    fn from_upper(upper: f64) -> Self {
        let upper = upper.clamp(0.0, 1.0);
        Self {
            lower: 1.0 - upper,
            upper,
        }
    }
}

/// Regularised incomplete beta `I_x(a, b)` and its complement for
/// `a, b > 0`, with `y = 1 − x` given. `None` if the continued fraction did
/// not converge.
pub(crate) fn beta_regularized(a: f64, b: f64, x: f64, y: f64) -> Option<Split> {
    if x <= 0.0 {
        return Some(Split::from_lower(0.0));
    }
    if y <= 0.0 {
        return Some(Split::from_upper(0.0));
    }
    if x < (a + 1.0) / (a + b + 2.0) {
        // x^a y^b / (a B(a, b)) = b / (a + b) · (binomial mass of a successes and b failures).
        let front = ln_binomial_mass(a, b, x, y).exp() * b / (a + b);
        Some(Split::from_lower(front * beta_fraction(a, b, x)?))
    } else {
        let front = ln_binomial_mass(b, a, y, x).exp() * a / (a + b);
        Some(Split::from_upper(front * beta_fraction(b, a, y)?))
    }
}

/// The continued fraction of `I_x(a, b)` (modified Lentz).
fn beta_fraction(a: f64, b: f64, x: f64) -> Option<f64> {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=MAX_ITER {
        let m = m as f64;
        let m2 = 2.0 * m;
        h *= lentz_step(
            &mut d,
            &mut c,
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            1.0,
        );
        let del = lentz_step(
            &mut d,
            &mut c,
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
            1.0,
        );
        h *= del;
        if (del - 1.0).abs() <= FRACTION_EPS {
            return Some(h);
        }
    }
    None
}

/// One step of the modified Lentz method for a continued fraction with
/// partial numerator `a` and denominator `b`: updates the ratios `d` and
/// `c` (kept away from 0) and returns the factor `d c` the value takes.
fn lentz_step(d: &mut f64, c: &mut f64, a: f64, b: f64) -> f64 {
    *d = b + a * *d;
    if d.abs() < TINY {
        *d = TINY;
    }
    *c = b + a / *c;
    if c.abs() < TINY {
        *c = TINY;
    }
    *d = 1.0 / *d;
    *d * *c
}

/// Regularised upper incomplete gamma `Q(a, x)` for `a > 0`, `x >= 0`, as
/// `lower`, and `P(a, x)` as `upper`: `P(N <= a − 1)` and `P(N >= a)` for a
/// Poisson count `N` of mean `x` when `a` is an integer. `None` if the
/// series or fraction did not converge.
pub(crate) fn gamma_upper_regularized(a: f64, x: f64) -> Option<Split> {
    if x <= 0.0 {
        return Some(Split::from_lower(1.0));
    }
    if x < a + 1.0 {
        // P(a, x) = x^a e^(-x) / Γ(a + 1) · Σ_n x^n / ((a + 1)…(a + n)).
        let front = ln_poisson_mass(a, x).exp();
        let (mut sum, mut term) = (1.0, 1.0);
        for n in 1..=MAX_ITER {
            term *= x / (a + n as f64);
            sum += term;
            if term < sum * EPS {
                return Some(Split::from_upper(front * sum));
            }
        }
        None
    } else {
        // Q(a, x) = x^a e^(-x) / Γ(a) · (Legendre's continued fraction).
        let front = ln_poisson_mass(a, x).exp() * a;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..=MAX_ITER {
            let i = i as f64;
            b += 2.0;
            let del = lentz_step(&mut d, &mut c, -i * (i - a), b);
            h *= del;
            if (del - 1.0).abs() <= FRACTION_EPS {
                return Some(Split::from_lower(front * h));
            }
        }
        None
    }
}

#[cfg(test)]
// Reference values keep the digits mpmath printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    // Reference values: mpmath 1.3.0 at 30 digits (loggamma, betainc,
    // gammainc, binomial).
    fn close(got: f64, want: f64, rel: f64) -> bool {
        (got - want).abs() <= rel * want.abs()
    }

    #[test]
    fn ln_gamma_matches_mpmath() {
        for (x, want) in [
            (0.001, 6.907_178_885_383_853_7),
            (0.5, 0.572_364_942_924_700_09),
            (3.25, 0.935_801_931_108_725_36),
            (10.0, 12.801_827_480_081_469),
            (16.5, 29.277_754_515_040_815),
        ] {
            assert!(close(ln_gamma_small(x), want, 2e-15), "{x}");
        }
    }

    #[test]
    fn stirling_error_matches_mpmath_on_both_branches() {
        for (n, want) in [
            (0.25, 0.272_510_401_213_432_06),
            (1.0, 0.081_061_466_795_327_258),
            (7.5, 0.011_104_559_758_206_917),
            (15.0, 0.005_554_733_551_962_801_4),
            (15.5, 0.005_375_599_032_926_834_5),
            (100.0, 0.000_833_330_555_634_914_68),
            (1e6, 8.333_333_333_333_055_5e-8),
        ] {
            // Up to 15 the value comes from ln Γ(n + 1) minus terms of the
            // same size, and just above it the series is cut at an absolute
            // 2.3e-16, so the error there is absolute (it enters a log-mass
            // as is); far above, the series keeps relative accuracy.
            let got = stirling_error(n);
            if n <= 16.0 {
                assert!((got - want).abs() <= 1e-14, "{n}");
            } else {
                assert!(close(got, want, 1e-14), "{n}");
            }
        }
    }

    #[test]
    fn deviance_agrees_across_its_two_forms() {
        // Just inside and just outside the series' range |x − m| < 0.1 (x + m).
        for (x, m) in [(100.0f64, 81.9f64), (100.0, 81.7), (5.0, 5.0), (1e-3, 2.0)] {
            let direct: f64 = x * (x / m).ln() + m - x;
            assert!(close(deviance(x, m), direct, 1e-12), "{x} {m}");
        }
        assert_eq!(deviance(0.0, 3.5), 3.5);
    }

    #[test]
    fn masses_and_incomplete_functions_match_mpmath() {
        // ln [C(9.5, 2.5) 0.3^2.5 0.7^7]
        assert!(close(
            ln_binomial_mass(2.5, 7.0, 0.3, 0.7),
            -1.292_166_362_394_691_5,
            1e-14
        ));
        // Both branches of I_x(a, b).
        assert!(close(
            beta_regularized(20.5, 31.0, 0.37, 0.63).unwrap().lower,
            0.346_947_739_026_956_62,
            1e-13
        ));
        assert!(close(
            beta_regularized(20.5, 31.0, 0.6, 0.4).unwrap().lower,
            0.998_267_659_596_974_09,
            1e-13
        ));
        // Both branches of Q(a, x).
        assert!(close(
            gamma_upper_regularized(31.0, 25.5).unwrap().lower,
            0.839_476_733_519_470_76,
            1e-13
        ));
        assert!(close(
            gamma_upper_regularized(31.0, 45.5).unwrap().lower,
            0.009_636_675_872_961_799_9,
            1e-13
        ));
    }

    #[test]
    fn negative_binomial_masses_sum_to_the_cdf() {
        // P(N <= k) − P(N <= k − 1) = P(N = k) on both sides of the mean.
        let (r, mean) = (4.0, 60.0);
        let (p, q) = (r / (r + mean), mean / (r + mean));
        for k in [0.0, 20.0, 59.0, 60.0, 150.0, 400.0] {
            let upper = beta_regularized(r, k + 1.0, p, q).unwrap().lower;
            let lower = if k == 0.0 {
                0.0
            } else {
                beta_regularized(r, k, p, q).unwrap().lower
            };
            let mass = ln_negative_binomial_mass(k, r, p, q).exp();
            assert!((upper - lower - mass).abs() <= 1e-14 + 1e-11 * mass, "{k}");
        }
    }
}
