//! Temme's uniform asymptotic expansion of the regularised incomplete gamma
//! function (DLMF 8.12.8-8.12.10): its coefficient table and its evaluation.
//!
//! ```text
//! Q(a, x) = erfc(η √(a/2)) / 2 + e^(−a η²/2) / √(2π a) · Σ_k c_k(η) a^(−k)
//! η² / 2 = λ − 1 − ln λ,   λ = x / a,   sign η = sign(λ − 1)
//! ```
//!
//! Each `c_k` is analytic at `η = 0`; `gen/temme_coefficients.py` derives its
//! Taylor series in 90-digit mpmath arithmetic (Lagrange inversion of `λ(η)`,
//! the recursion `c_k = c'_{k−1} / η + (−1)^k g_k / (λ − 1)` with Stirling's
//! coefficients `g_k`, every pole checked to cancel) and writes the table
//! ([`TEMME_C`]), each coefficient rounded to the nearest double.
//! [`temme_sum`] and [`temme_sum_with_derivatives`] evaluate the sum
//! `Σ_k c_k(η) a^(−k)`. servops-queue evaluates its Erlang B, C and A
//! functions with them and servops-forecast its count quantiles; one table
//! and one evaluation serve both.
//!
//! # Accuracy
//!
//! For `a >= 12` and `|η| <= 1` the sum keeps every term `c_k a^(−k)` above
//! `1e-19` (at most [`TEMME_TERMS`] of them) and the kept Taylor polynomials
//! are exact to that level, so the result is the true sum to a few units of
//! `1e-16` relative, the rounding of the Horner steps. Outside that domain
//! the functions still return a finite number for finite input, but it is
//! not an accurate value of the sum: callers choose the region.
//!
//! # Examples
//!
//! ```
//! use servops_core::temme::{temme_sum, TEMME_C, TEMME_TERMS};
//! // c_0(η) = −1/3 + η/12 − 2η²/135 + …  and  c_1(0) = −1/540 (DLMF 8.12.9-8.12.10).
//! assert_eq!(TEMME_C[0][0], -1.0 / 3.0);
//! assert_eq!(TEMME_C[0][1], 1.0 / 12.0);
//! assert_eq!(TEMME_C[1][0], -1.0 / 540.0);
//! assert_eq!(TEMME_C.len(), TEMME_TERMS);
//! // At x = a = 50 the sum is −0.333368711874689… (mpmath, from Q(50, 50)).
//! assert!((temme_sum(50.0, 0.0, 0) - (-0.333_368_711_874_689_13)).abs() < 1e-15);
//! ```

mod table;

pub use table::{TEMME_BOUND, TEMME_C, TEMME_TERMS, TEMME_WIDTH};

/// How many terms `c_0 .. c_{n−1}` the sum needs at `a = 1 / inv_a` so that
/// every dropped `c_k(η) a^(−k)` is below `1e-19` for `|η| <= 1`: between 1
/// and [`TEMME_TERMS`].
///
/// # Examples
///
/// ```
/// use servops_core::temme::{temme_terms, TEMME_TERMS};
/// // At a = 12 every kept term counts. At a = 1e6, c_2 a^-2 can reach
/// // 0.0078 · 1e-12 but c_3 a^-3 stays below 0.0017 · 1e-18: three terms.
/// assert_eq!(temme_terms(1.0 / 12.0), TEMME_TERMS);
/// assert_eq!(temme_terms(1e-6), 3);
/// assert_eq!(temme_terms(0.0), 1);
/// ```
#[inline]
pub fn temme_terms(inv_a: f64) -> usize {
    let mut terms = 1;
    let mut scale = 1.0;
    while terms < TEMME_TERMS {
        scale *= inv_a;
        if TEMME_BOUND[terms] * scale < 1e-19 {
            break;
        }
        terms += 1;
    }
    terms
}

/// `Σ_{k >= first} c_k(η) a^(−k)`, with the terms [`temme_terms`] keeps.
///
/// `first = 0` gives the whole sum of the expansion; `first = 1` the part
/// after `c_0(η)`, which callers that evaluate `c_0` on its own use to keep
/// the small correction's relative accuracy. A `first` at or past the
/// number of kept terms gives 0. Accurate for `a >= 12`, `|η| <= 1` (see the
/// [module documentation](self)).
///
/// # Examples
///
/// ```
/// use servops_core::temme::temme_sum;
/// // a = 12, η = 1/2: the sum is −0.29544072679041468 and the part after
/// // c_0 is −2.3208162495546617e-4 (mpmath, from Q(a, x) at 50 digits).
/// assert!((temme_sum(12.0, 0.5, 0) - (-0.295_440_726_790_414_68)).abs() < 1e-15);
/// assert!((temme_sum(12.0, 0.5, 1) / -2.320_816_249_554_661_7e-4 - 1.0).abs() < 1e-13);
/// ```
#[inline]
pub fn temme_sum(a: f64, eta: f64, first: usize) -> f64 {
    let inv_a = 1.0 / a;
    let terms = temme_terms(inv_a);
    if first >= terms {
        return 0.0;
    }
    // Σ_{k>=first} c_k(η) a^−k = a^−first Σ_j η^j Σ_k c_{k,j} a^−(k−first):
    // Horner in 1/a for every power of η at once (independent lanes), then
    // in η.
    let mut coef = [0.0_f64; TEMME_WIDTH];
    for row in TEMME_C[first..terms].iter().rev() {
        for (c, r) in coef.iter_mut().zip(row.iter()) {
            *c = *c * inv_a + *r;
        }
    }
    let sum = coef.iter().rev().fold(0.0, |acc, c| acc * eta + *c);
    match first {
        0 => sum,
        1 => sum * inv_a,
        _ => sum * inv_a.powi(i32::try_from(first).unwrap_or(i32::MAX)),
    }
}

/// `Σ_k c_k(η) a^(−k)` with its partial derivatives in `η` and in `a`, as
/// `(sum, ∂/∂η, ∂/∂a)`. Accurate for `a >= 12`, `|η| <= 1` (see the
/// [module documentation](self)).
///
/// # Examples
///
/// ```
/// use servops_core::temme::temme_sum_with_derivatives;
/// // a = 100, η = −0.3 (mpmath: the sum from Q(a, x) at 50 digits, the
/// // derivatives by numerical differentiation of it).
/// let (t, t_eta, t_a) = temme_sum_with_derivatives(100.0, -0.3);
/// assert!((t - (-0.359_699_532_092_943_97)).abs() < 1e-15);
/// assert!((t_eta - 0.092_435_008_029_680_507).abs() < 1e-14);
/// assert!((t_a / 4.434_189_363_358_843_4e-8 - 1.0).abs() < 1e-12);
/// ```
#[inline]
pub fn temme_sum_with_derivatives(a: f64, eta: f64) -> (f64, f64, f64) {
    let inv_a = 1.0 / a;
    let terms = temme_terms(inv_a);
    // Horner in u = 1/a for the value and its u-derivative, across all powers j.
    let mut val = [0.0_f64; TEMME_WIDTH];
    let mut du = [0.0_f64; TEMME_WIDTH];
    for row in TEMME_C[..terms].iter().rev() {
        for ((v, d), r) in val.iter_mut().zip(du.iter_mut()).zip(row.iter()) {
            *d = *d * inv_a + *v;
            *v = *v * inv_a + *r;
        }
    }
    let mut t = 0.0;
    let mut t_eta = 0.0;
    let mut t_u = 0.0;
    for j in (0..TEMME_WIDTH).rev() {
        t_eta = t_eta * eta + t;
        t = t * eta + val[j];
        t_u = t_u * eta + du[j];
    }
    (t, t_eta, -t_u * inv_a * inv_a)
}

#[cfg(test)]
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    /// `(a, η, Σ_{k>=0}, Σ_{k>=1}, ∂Σ/∂η, ∂Σ/∂a)` from mpmath 1.3.0 at 50
    /// digits: `Σ = ±(Q or P − erfc(|η| √(a/2))/2) √(2πa) e^(aη²/2)` with the
    /// tail on the side of `η` (λ from `η²/2 = λ − 1 − ln λ` by findroot),
    /// `Σ_{k>=1} = Σ − c_0(η)` with `c_0 = 1/(λ − 1) − 1/η`, and the
    /// derivatives by `mpmath.diff` of that function. Independent of the
    /// table.
    const REFERENCE: [(f64, f64, f64, f64, f64, f64); 7] = [
        (
            12.0,
            -1.0,
            -0.43156476864816226421,
            0.0005041049342314004589,
            0.11284901985608198071,
            -0.000046241343938065258264,
        ),
        (
            12.0,
            1.0,
            -0.26372189454157543734,
            -0.00027428524711699684396,
            0.057861230592658931403,
            0.000021553116295148077163,
        ),
        (
            12.0,
            0.5,
            -0.29544072679041468357,
            -0.00023208162495546616893,
            0.069378114233450352141,
            0.000017556858173116520799,
        ),
        (
            50.0,
            0.0,
            -0.33336871187468913461,
            -0.00003537854135580127253,
            0.083262818318986774746,
            6.7430258201434340791e-7,
        ),
        (
            100.0,
            -0.3,
            -0.35969953209294396663,
            -4.9358544963224033503e-6,
            0.092435008029680506956,
            4.4341893633588433943e-8,
        ),
        (
            1000.0,
            -0.75,
            -0.40449118637223858473,
            2.7254971753007338013e-6,
            0.10656555085744933301,
            -2.7320264887689179443e-9,
        ),
        (
            10000.0,
            0.9,
            -0.26934480155109426587,
            -3.427495541609123629e-7,
            0.060047489863377474697,
            3.4272653986682712303e-11,
        ),
    ];

    fn rel(got: f64, want: f64) -> f64 {
        ((got - want) / want).abs()
    }

    #[test]
    fn sums_match_mpmath() {
        for (a, eta, all, rest, d_eta, d_a) in REFERENCE {
            assert!(rel(temme_sum(a, eta, 0), all) < 1e-15, "{a} {eta}");
            // The part after c_0 keeps its own relative accuracy.
            assert!(rel(temme_sum(a, eta, 1), rest) < 1e-13, "{a} {eta}");
            let (t, t_eta, t_a) = temme_sum_with_derivatives(a, eta);
            assert!(rel(t, all) < 1e-15, "{a} {eta}");
            assert!(rel(t_eta, d_eta) < 1e-14, "{a} {eta}");
            assert!(rel(t_a, d_a) < 1e-11, "{a} {eta}");
        }
    }

    #[test]
    fn the_sum_splits_at_any_term() {
        // Σ_{k>=0} = c_0 + Σ_{k>=1}, and Σ_{k>=first} is 0 past the kept terms.
        for (a, eta) in [(12.0, -1.0), (12.0, 0.7), (1e3, 0.2)] {
            let c0 = TEMME_C[0].iter().rev().fold(0.0, |acc, c| acc * eta + c);
            let split = c0 + temme_sum(a, eta, 1);
            assert!((temme_sum(a, eta, 0) - split).abs() < 1e-16);
            let c1 = TEMME_C[1].iter().rev().fold(0.0, |acc, c| acc * eta + c);
            let from2 = temme_sum(a, eta, 1) - c1 / a;
            assert!((temme_sum(a, eta, 2) - from2).abs() < 1e-17, "{a} {eta}");
        }
        assert_eq!(temme_sum(1e8, 0.5, TEMME_TERMS), 0.0);
        assert_eq!(temme_sum(1e8, 0.5, 3), 0.0);
    }

    #[test]
    fn the_term_count_falls_with_a() {
        let mut last = TEMME_TERMS;
        for a in [12.0, 20.0, 50.0, 1e2, 1e3, 1e4, 1e6, 1e9, 1e20] {
            let n = temme_terms(1.0 / a);
            assert!(n <= last && n >= 1, "{a}");
            // The first dropped term is below 1e-19 (none is dropped at n = K).
            if n < TEMME_TERMS {
                assert!(TEMME_BOUND[n] * a.powi(-(n as i32)) < 1e-19, "{a}");
            }
            last = n;
        }
    }
}
