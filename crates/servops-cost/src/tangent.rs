//! Exact test of a rational double root of the NPV polynomial.
//!
//! The flows are decimals, so the NPV polynomial `P(x) = sum CF_t x^t`
//! (`x = 1 / (1 + r)`) times `10^S` (`S` the largest scale of the flows)
//! has integer coefficients `c_t`. A rational `x = a / b` is a root of `P`
//! and of `P'` exactly when the integers
//!
//! ```text
//! N0 = sum_t c_t a^t b^(n - t)            (b^n P(a / b))
//! N1 = sum_t t c_t a^(t - 1) b^(n - t)    (b^(n - 1) P'(a / b))
//! ```
//!
//! are both zero. They are computed modulo primes just below `2^62`
//! (checked by a deterministic Miller-Rabin test) until the product of the
//! primes exceeds a bound on `|N0|` and `|N1|`: a multiple of that product
//! below it in absolute value is zero, so the answer is exact, not
//! probabilistic.

use rust_decimal::Decimal;

/// `a x b mod m`.
fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    // The remainder is below m, so the cast is exact.
    ((u128::from(a) * u128::from(b)) % u128::from(m)) as u64
}

fn add_mod(a: u64, b: u64, m: u64) -> u64 {
    // a, b < m < 2^62: no overflow.
    let s = a + b;
    if s >= m { s - m } else { s }
}

fn pow_mod(mut b: u64, mut e: u64, m: u64) -> u64 {
    let mut r = 1 % m;
    b %= m;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, b, m);
        }
        b = mul_mod(b, b, m);
        e >>= 1;
    }
    r
}

/// Deterministic Miller-Rabin for `n < 2^64` (the first twelve primes as
/// bases suffice below `3.3 x 10^24`).
fn is_prime(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    for p in BASES {
        if n.is_multiple_of(p) {
            return n == p;
        }
    }
    let s = (n - 1).trailing_zeros();
    let d = (n - 1) >> s;
    'bases: for a in BASES {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'bases;
            }
        }
        return false;
    }
    true
}

/// The integer NPV polynomial of a list of decimal flows.
pub(crate) struct IntPoly {
    /// `c_t = mantissa_t x 10^shift_t`.
    terms: Vec<(i128, u32)>,
    /// An upper bound on `log2 max |c_t|`.
    log2_max: f64,
}

impl IntPoly {
    pub(crate) fn new(flows: &[Decimal]) -> Self {
        let top = flows.iter().map(|d| d.scale()).max().unwrap_or(0);
        let terms: Vec<(i128, u32)> = flows
            .iter()
            .map(|d| (d.mantissa(), top - d.scale()))
            .collect();
        let log2_max = terms
            .iter()
            .filter(|(m, _)| *m != 0)
            .map(|&(m, k)| (m.unsigned_abs() as f64).log2() + f64::from(k) * 10f64.log2())
            .fold(0.0, f64::max)
            + 1.0;
        Self { terms, log2_max }
    }

    fn coef_mod(&self, t: usize, m: u64) -> u64 {
        let Some(&(mant, k)) = self.terms.get(t) else {
            return 0;
        };
        let mm = i128::from(m);
        // rem_euclid is in [0, m), so the cast is exact.
        let r = mant.rem_euclid(mm) as u64;
        mul_mod(r, pow_mod(10, u64::from(k), m), m)
    }

    /// `(N0 mod m, N1 mod m)` at `x = a / b`.
    fn residues(&self, a: u64, b: u64, m: u64) -> (u64, u64) {
        let n = self.terms.len().saturating_sub(1);
        let (am, bm) = (a % m, b % m);
        // Homogeneous Horner from the leading coefficient:
        // acc <- acc a + c_t b^(n - t).
        let mut p = 0;
        let mut dp = 0;
        let mut b_pow = 1 % m;
        for t in (0..=n).rev() {
            let c = self.coef_mod(t, m);
            p = add_mod(mul_mod(p, am, m), mul_mod(c, b_pow, m), m);
            if t >= 1 {
                // d_(t-1) = t c_t, degree n - 1: b^((n - 1) - (t - 1)) = b^(n - t).
                let tc = mul_mod(c, (t as u64) % m, m);
                dp = add_mod(mul_mod(dp, am, m), mul_mod(tc, b_pow, m), m);
            }
            b_pow = mul_mod(b_pow, bm, m);
        }
        (p, dp)
    }

    /// Whether `x = a / b` (`a, b >= 1`) is exactly a root of both the NPV
    /// polynomial and its derivative: a root of multiplicity two or more.
    pub(crate) fn is_multiple_root(&self, a: u64, b: u64) -> bool {
        if a == 0 || b == 0 {
            return false;
        }
        let n = self.terms.len().saturating_sub(1) as f64;
        let bits = self.log2_max + 2.0 * (n + 2.0).log2() + n * (a.max(b) as f64).log2() + 2.0;
        let mut covered = 0.0;
        let mut candidate: u64 = (1 << 62) - 1;
        while covered <= bits {
            while !is_prime(candidate) {
                candidate -= 2;
            }
            if self.residues(a, b, candidate) != (0, 0) {
                return false;
            }
            // Each prime is above 2^61.
            covered += 61.0;
            candidate -= 2;
        }
        true
    }
}

/// The convergents `a / b` of the continued fraction of `x > 0` with
/// `a, b <= max` and `|x - a / b| <= rel_tol x`, smallest denominator first.
pub(crate) fn convergents_near(x: f64, rel_tol: f64, max: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    if !(x.is_finite() && x > 0.0) {
        return out;
    }
    // h_{-1} = 1, h_{-2} = 0; k_{-1} = 0, k_{-2} = 1.
    let (mut h1, mut h2, mut k1, mut k2) = (1u128, 0u128, 0u128, 1u128);
    let mut rest = x;
    for _ in 0..64 {
        let a = rest.floor();
        if !(0.0..=1e19).contains(&a) {
            break;
        }
        // 0 <= a <= 1e19 < 2^64: the cast is exact up to f64 rounding.
        let ai = a as u128;
        let h = ai.saturating_mul(h1).saturating_add(h2);
        let k = ai.saturating_mul(k1).saturating_add(k2);
        if h > u128::from(max) || k > u128::from(max) {
            break;
        }
        // h, k <= max: exact in u64.
        let (hu, ku) = (h as u64, k as u64);
        if hu > 0 && (x - hu as f64 / ku as f64).abs() <= rel_tol * x {
            out.push((hu, ku));
        }
        (h2, h1, k2, k1) = (h1, h, k1, k);
        let frac = rest - a;
        if frac <= 0.0 {
            break;
        }
        rest = 1.0 / frac;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primes() {
        assert!(is_prime(2) && is_prime(97) && is_prime((1 << 61) - 1));
        assert!(!is_prime(1) && !is_prime(561) && !is_prime(3_215_031_751));
    }

    #[test]
    fn double_roots_exactly() {
        let d = |v: i64, s: u32| Decimal::new(v, s);
        // -1 + 2x - x^2 = -(x - 1)^2: double root at x = 1.
        let p = IntPoly::new(&[d(-1, 0), d(2, 0), d(-1, 0)]);
        assert!(p.is_multiple_root(1, 1));
        assert!(!p.is_multiple_root(10, 11));
        // -1 + 2.2x - 1.21x^2 = -(1.1x - 1)^2: double root at x = 10/11.
        let p = IntPoly::new(&[d(-1, 0), d(22, 1), d(-121, 2)]);
        assert!(p.is_multiple_root(10, 11));
        assert!(!p.is_multiple_root(1, 1));
        // -1 + 2.1x - 1.1x^2 = -(1.1x - 1)(x - 1): simple roots only.
        let p = IntPoly::new(&[d(-1, 0), d(21, 1), d(-11, 1)]);
        assert!(!p.is_multiple_root(1, 1) && !p.is_multiple_root(10, 11));
    }

    #[test]
    fn convergents() {
        assert_eq!(convergents_near(1.0, 1e-9, 1000), vec![(1, 1)]);
        let c = convergents_near(10.0 / 11.0, 1e-12, 1000);
        assert_eq!(c.first(), Some(&(10, 11)));
        assert!(convergents_near(f64::NAN, 1e-9, 10).is_empty());
    }
}
