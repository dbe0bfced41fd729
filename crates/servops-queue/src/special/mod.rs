//! Special functions behind the Erlang models.
//!
//! Everything here is built on one pair of functions: the regularised
//! incomplete gamma functions `P(a, x)` and `Q(a, x)` divided by the
//! "Poisson-like" prefix
//!
//! ```text
//! D(a, x) = x^a e^-x / Gamma(a + 1)
//! ```
//!
//! These ratios are exactly the sums queueing models need:
//!
//! ```text
//! P(a, x) / D(a, x) = sum_{k >= 0} x^k / ((a+1)(a+2)...(a+k))       (Erlang A's queue sum)
//! Q(a, x) / D(a, x) = 1 / B(a, x) - 1                                (Erlang B, real a agents)
//! ```
//!
//! Dividing by `D` removes the factor that over- and underflows, and makes the
//! functions cheap to evaluate with the right method in each region:
//!
//! * the power series (for `x` well below `a`),
//! * the Legendre continued fraction (for `x` well above `a`, and from
//!   `x = a` up when `a < 12`),
//! * Temme's uniform asymptotic expansion (for `a >= 12` and `x / a` within
//!   `[0.3017, 2.3577]`, i.e. `|eta| <= 1`), which costs the same for
//!   `a = 12` as for `a = 10^9`; this is what keeps the staffing solvers'
//!   time independent of the load.
//!
//! Values that leave the `f64` range are carried as [`Scaled`] numbers
//! `m * exp(e)`.

use servops_core::temme::{TEMME_C, temme_sum, temme_sum_with_derivatives};

/// ln(sqrt(2 pi)).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
/// sqrt(pi).
const SQRT_PI: f64 = 1.772_453_850_905_516;
/// Smallest `a` for which Temme's expansion (15 terms) is used.
const TEMME_MIN_A: f64 = 12.0;
/// `x / a` at `eta = -1`: below it the power series converges at least as fast as `0.302^k`.
const TEMME_LAMBDA_LO: f64 = 0.301_709_562_684_336;
/// `x / a` at `eta = +1`: above it the continued fraction converges fast.
const TEMME_LAMBDA_HI: f64 = 2.357_676_673_945_899;
/// Relative size at which series and continued fractions stop.
const TOL: f64 = 1e-17;
/// Iteration cap for series and continued fractions; never reached in the
/// regions where they are used (at most a few hundred terms are needed).
const MAX_ITER: usize = 10_000;

/// A positive number `m * exp(e)` that may lie far outside the `f64` range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Scaled {
    m: f64,
    e: f64,
}

impl Scaled {
    /// An ordinary number.
    pub(crate) const fn plain(m: f64) -> Self {
        Self { m, e: 0.0 }
    }

    /// `m * exp(e)`.
    pub(crate) const fn new(m: f64, e: f64) -> Self {
        Self { m, e }
    }

    /// The mantissa `m` of `m * exp(e)`.
    pub(crate) fn mantissa(self) -> f64 {
        self.m
    }

    /// Whether this is a large ratio carrying an explicit exponent.
    pub(crate) fn is_large(self) -> bool {
        self.e != 0.0
    }

    /// The same mantissa with exponent `e` instead.
    pub(crate) fn with_exponent(self, e: f64) -> Self {
        Self { m: self.m, e }
    }

    /// Natural logarithm.
    pub(crate) fn ln(self) -> f64 {
        self.m.ln() + self.e
    }

    /// The value as an `f64` (0 or a subnormal below the range, `inf` above).
    #[cfg(test)]
    pub(crate) fn value(self) -> f64 {
        if self.e == 0.0 {
            self.m
        } else {
            mul_exp(self.m, self.e)
        }
    }

    /// `self * k` for an ordinary `k >= 0`.
    pub(crate) fn mul(self, k: f64) -> Self {
        Self {
            m: self.m * k,
            e: self.e,
        }
    }

    /// `self * exp(t)`.
    pub(crate) fn mul_exp(self, t: f64) -> Self {
        Self {
            m: self.m,
            e: self.e + t,
        }
    }

    /// `self + other` (both non-negative).
    pub(crate) fn add(self, other: Self) -> Self {
        if other.m == 0.0 {
            return self;
        }
        if self.m == 0.0 {
            return other;
        }
        if self.e >= other.e {
            Self {
                m: self.m + mul_exp(other.m, other.e - self.e),
                e: self.e,
            }
        } else {
            other.add(self)
        }
    }

    /// `self - other`, for `self >= other >= 0` (used only where no
    /// cancellation occurs: the subtracted part is at most about half).
    pub(crate) fn sub(self, other: Self) -> Self {
        Self {
            m: self.m - mul_exp(other.m, other.e - self.e),
            e: self.e,
        }
    }

    /// `self / other` as an `f64`.
    pub(crate) fn ratio(self, other: Self) -> f64 {
        mul_exp(self.m / other.m, self.e - other.e)
    }
}

/// `m * exp(e)` without spurious overflow or underflow of the factors.
fn mul_exp(m: f64, e: f64) -> f64 {
    if e.abs() < 700.0 {
        m * e.exp()
    } else if m == 0.0 {
        0.0
    } else {
        (m.ln() + e).exp()
    }
}

/// `ln(1 + d) - d` for `d > -1`, accurate to a few ulps also for tiny `d`.
pub(crate) fn log1pmx(d: f64) -> f64 {
    if !(-0.5..=1.0).contains(&d) {
        return d.ln_1p() - d;
    }
    // ln(1+d) = 2 atanh(v), v = d / (2 + d), |v| <= 1/3; and 2v - d = -v d.
    let v = d / (2.0 + d);
    let v2 = v * v;
    let mut power = v2 * v;
    let mut sum = 0.0;
    let mut k = 3.0;
    while k < 80.0 {
        let term = power / k;
        sum += term;
        if term.abs() <= sum.abs() * TOL {
            break;
        }
        power *= v2;
        k += 2.0;
    }
    2.0 * sum - v * d
}

/// `a (lambda - 1 - ln lambda)` with `lambda = x / a`: the exponent of the
/// Poisson prefix, `-ln(D(a, x) sqrt(2 pi a) e^stirlerr(a))`.
pub(crate) fn half_eta_sq_times_a(a: f64, x: f64) -> f64 {
    if x < 0.5 * a {
        // 1 + d = x / a would lose relative accuracy as d -> -1.
        let lambda = x / a;
        // x / a can underflow (x subnormal): then ln x - ln a, which is
        // exact enough there (|ln lambda| > 708 dwarfs the roundings).
        let ln_lambda = if lambda < f64::MIN_POSITIVE {
            x.ln() - a.ln()
        } else {
            lambda.ln()
        };
        a * (lambda - 1.0 - ln_lambda)
    } else {
        -a * log1pmx((x - a) / a)
    }
}

/// Stirling's error `ln Gamma(a+1) - (a ln a - a + ln sqrt(2 pi a))` for `a >= 10`
/// (asymptotic series, absolute error below 2e-18). The same function is
/// Binet's `mu(a) = ln Gamma(a) - (a - 1/2) ln a + a - ln(2 pi) / 2`.
pub(crate) fn stirlerr_large(a: f64) -> f64 {
    const C: [f64; 9] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
        43867.0 / 244_188.0,
    ];
    let r = 1.0 / a;
    let r2 = r * r;
    let mut acc = 0.0_f64;
    for c in C.iter().rev() {
        acc = acc * r2 + *c;
    }
    acc * r
}

/// Derivative of [`stirlerr_large`] in `a` (`a >= 10`).
fn stirlerr_large_deriv(a: f64) -> f64 {
    // d/da sum_k C_k a^-(2k-1) = -sum_k (2k-1) C_k a^-2k
    const C: [f64; 9] = [
        1.0 / 12.0,
        -3.0 / 360.0,
        5.0 / 1260.0,
        -7.0 / 1680.0,
        9.0 / 1188.0,
        -11.0 * 691.0 / 360_360.0,
        13.0 / 156.0,
        -15.0 * 3617.0 / 122_400.0,
        17.0 * 43867.0 / 244_188.0,
    ];
    let r = 1.0 / a;
    let r2 = r * r;
    let mut acc = 0.0_f64;
    for c in C.iter().rev() {
        acc = acc * r2 + *c;
    }
    -acc * r2
}

/// `ln(1 / D(a, x)) = ln Gamma(a+1) - a ln x + x` for `a > 0`, `x > 0`.
pub(crate) fn ln_inv_prefix(a: f64, x: f64) -> f64 {
    if a >= TEMME_MIN_A {
        half_eta_sq_times_a(a, x) + stirlerr_large(a) + LN_SQRT_2PI + 0.5 * a.ln()
    } else {
        libm::lgamma(a + 1.0) - a * x.ln() + x
    }
}

/// `1/D(a, x) = Gamma(a + 1) e^x / x^a` for `a` below the Temme region,
/// carried with the exponent [`ln_inv_prefix`] gives (so large ratios keep
/// exactly that exponent).
///
/// That exponent is `lgamma(a + 1) - a ln x + x`, whose terms can be ten
/// times their sum (`15.1 - 20.8 + 8` at `a = 10`, `x = 8`): its rounding is
/// a relative error of several `1e-15` in `1/D`. Where `1/D` is itself a
/// normal double it is computed directly (`tgamma` is exact at whole `a`,
/// `powf` and `exp` within an ulp) and the mantissa absorbs the difference.
fn inv_prefix(a: f64, x: f64) -> Scaled {
    let e = ln_inv_prefix(a, x);
    if a < TEMME_MIN_A && e.abs() < 700.0 {
        let direct = gamma_1p(a) * x.exp() / x.powf(a);
        if direct.is_normal() {
            return Scaled::new(direct * (-e).exp(), e);
        }
    }
    Scaled::new(1.0, e)
}

/// `Gamma(a + 1)` below the Temme region: `a!` from a table at whole `a`
/// (the agent counts of the staffing solvers; exact), `tgamma` otherwise.
fn gamma_1p(a: f64) -> f64 {
    const FACTORIALS: [f64; 13] = [
        1.0,
        1.0,
        2.0,
        6.0,
        24.0,
        120.0,
        720.0,
        5040.0,
        40320.0,
        362_880.0,
        3_628_800.0,
        39_916_800.0,
        479_001_600.0,
    ];
    if a.fract() == 0.0
        && a >= 0.0
        && let Some(f) = FACTORIALS.get(a as usize)
    {
        return *f;
    }
    libm::tgamma(a + 1.0)
}

/// `exp(z^2) erfc(z)` for `z >= 0`, relative error a few ulps.
pub(crate) fn erfcx(z: f64) -> f64 {
    if z < 0.5 {
        (z * z).exp() * libm::erfc(z)
    } else if z < 26.0 {
        // exp(z^2) with z^2 split exactly into hi + lo (Dekker's product;
        // no fused multiply-add needed).
        let hi = z * z;
        let lo = two_product_error(z, hi);
        hi.exp() * (1.0 + lo) * libm::erfc(z)
    } else {
        // Asymptotic series; the first omitted term is below 2e-19 for z >= 26.
        let w = 0.5 / (z * z);
        let mut term = 1.0;
        let mut sum = 1.0;
        for k in 1..=8 {
            term *= -w * f64::from(2 * k - 1);
            sum += term;
        }
        sum / (z * SQRT_PI)
    }
}

/// The rounding error `z * z - hi` of `hi = fl(z * z)`, exactly (Veltkamp
/// splitting and Dekker's product), for `|z| < 2^500`.
fn two_product_error(z: f64, hi: f64) -> f64 {
    const SPLIT: f64 = 134_217_729.0; // 2^27 + 1
    let t = SPLIT * z;
    let z_hi = t - (t - z);
    let z_lo = z - z_hi;
    ((z_hi * z_hi - hi) + 2.0 * z_hi * z_lo) + z_lo * z_lo
}

/// `sqrt(pi) w erfcx(w) - 1` for `w >= 2`, without cancellation (Laplace's
/// continued fraction for erfc, evaluated backwards).
pub(crate) fn erfcx_gap(w: f64) -> f64 {
    // Depth at which the truncated fraction is within 1e-17 of its limit
    // (fitted to the minimal depths found in 40-digit arithmetic for
    // w in [2, 30], plus a margin of 2; checked in tests).
    let depth = (5.0 + 30.0 / w + 200.0 / (w * w)).ceil() + 2.0;
    let mut k = 0.0;
    let mut j = depth.min(90.0);
    while j >= 1.0 {
        k = (0.5 * j) / (w + k);
        j -= 1.0;
    }
    -k / (w + k)
}

/// The pieces of Temme's expansion at `(a, x)`.
struct Temme {
    /// `exp(stirlerr(a))`.
    s: f64,
    /// `stirlerr(a)`.
    st: f64,
    /// `eta`.
    eta: f64,
    /// `z^2 = a eta^2 / 2`.
    z2: f64,
    /// `|z|`.
    w: f64,
    /// `sqrt(pi a / 2) erfcx(|z|)`.
    base: f64,
    /// `c_0(eta)`.
    c0: f64,
    /// `sum_{k >= 1} c_k(eta) a^-k`.
    rest: f64,
}

fn poly(coeffs: &[f64], x: f64) -> f64 {
    coeffs.iter().rev().fold(0.0, |acc, c| acc * x + *c)
}

fn temme(a: f64, x: f64) -> Temme {
    let d = (x - a) / a;
    let z2 = half_eta_sq_times_a(a, x);
    let phi = z2 / a;
    let eta = (2.0 * phi).sqrt().copysign(d);
    let w = z2.sqrt();
    let st = stirlerr_large(a);
    // rest = sum_{k>=1} c_k(eta) a^-k, kept apart from c_0 for its own
    // relative accuracy.
    let rest = temme_sum(a, eta, 1);
    Temme {
        s: st.exp(),
        st,
        eta,
        z2,
        w,
        base: SQRT_PI * (0.5 * a).sqrt() * erfcx(w),
        c0: poly(&TEMME_C[0], eta),
        rest,
    }
}

/// `integral_0^inf s exp(-c s + y (1 - e^-s)) ds = (J - c dJ/dc) / c^2` with
/// `J = J(c, y)`, from the derivative of the series or of Temme's expansion
/// in the parameter; [`first_moment_integral`] (quadrature) elsewhere.
pub(crate) fn first_moment(c: f64, y: f64) -> Scaled {
    if y == 0.0 {
        return Scaled::plain(1.0 / (c * c));
    }
    match region(c, y) {
        Region::Series => {
            // J - c J' = sum_k t_k (1 + c H_k), H_k = sum_{i<=k} 1/(c+i)
            let mut t = 1.0;
            let mut h = 0.0;
            let mut sum = 1.0;
            let mut k = 0.0;
            for _ in 0..MAX_ITER {
                k += 1.0;
                t *= y / (c + k);
                h += 1.0 / (c + k);
                let term = t * (1.0 + c * h);
                sum += term;
                if c + k > y && term <= sum * TOL {
                    break;
                }
            }
            Scaled::plain(sum / (c * c))
        }
        Region::Temme => first_moment_temme(c, y),
        Region::Fraction | Region::SeriesSmallA => first_moment_integral(c, y),
    }
}

/// The Temme-region case of [`first_moment`].
fn first_moment_temme(a: f64, x: f64) -> Scaled {
    let d = (x - a) / a;
    let z2 = half_eta_sq_times_a(a, x);
    let eta = (2.0 * z2 / a).sqrt().copysign(d);
    let w = z2.sqrt();
    let st = stirlerr_large(a);
    let st_d = stirlerr_large_deriv(a);
    let s_val = st.exp();
    // d eta / d a = (d eta / d lambda)(d lambda / d a) = -(lambda - 1) / (a eta); -> -1/a at eta = 0
    let eta_d = if eta == 0.0 { -1.0 / a } else { -d / (a * eta) };
    let (t, t_eta, t_a) = temme_sum_with_derivatives(a, eta);
    let t_d = t_eta * eta_d + t_a;
    // B = sqrt(pi a / 2) erfcx(w), w = |eta| sqrt(a / 2); erfcx'(w) = (2/sqrt(pi)) g(w)
    let root = (0.5 * a).sqrt();
    let e = erfcx(w);
    let g = if w >= 2.0 {
        erfcx_gap(w)
    } else {
        SQRT_PI * w * e - 1.0
    };
    let b = SQRT_PI * root * e;
    // w = |z| with z = eta sqrt(a/2); the branch below uses z itself for eta >= 0
    // and -z for eta < 0, so dw/da = (+/-)(eta' sqrt(a/2) + eta / (4 sqrt(a/2))).
    let side = if eta < 0.0 { -1.0 } else { 1.0 };
    let w_d = side * (eta_d * root + eta / (4.0 * root));
    let b_d = SQRT_PI * e / (4.0 * root) + 2.0 * root * g * w_d;
    if eta < 0.0 {
        // J = S (B - T) is the small ratio
        let j = s_val * (b - t);
        let j_d = s_val * (st_d * (b - t) + b_d - t_d);
        Scaled::plain((j - a * j_d) / (a * a))
    } else {
        // J = 1/D - S (B + T); d ln(1/D)/da = -ln(lambda) + stirlerr' + 1/(2a)
        let ln_inv_d = z2 + st + LN_SQRT_2PI + 0.5 * a.ln();
        let small = s_val * (b + t);
        let small_d = s_val * (st_d * (b + t) + b_d + t_d);
        let l_d = -d.ln_1p() + st_d + 0.5 / a;
        let m = (1.0 - a * l_d) - (-ln_inv_d).exp() * (small - a * small_d);
        Scaled::new(m / (a * a), ln_inv_d)
    }
}

/// Which method evaluates the ratios at `(a, x)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Region {
    Series,
    /// Series for `P`; `Q` by the small-`a` expansion (`a < 1`, `x < 1`).
    SeriesSmallA,
    Temme,
    Fraction,
}

fn region(a: f64, x: f64) -> Region {
    if a >= TEMME_MIN_A {
        if x < TEMME_LAMBDA_LO * a {
            Region::Series
        } else if x <= TEMME_LAMBDA_HI * a {
            Region::Temme
        } else {
            Region::Fraction
        }
    } else if a < 1.0 {
        if x < 1.0 {
            Region::SeriesSmallA
        } else {
            Region::Fraction
        }
    } else if x < a {
        Region::Series
    } else {
        Region::Fraction
    }
}

/// `ln Gamma(1 + a)` for `0 <= a < 1`, without rounding `1 + a` first (which
/// would cost relative accuracy for small `a`).
fn ln_gamma_1p(a: f64) -> f64 {
    if a >= 0.25 {
        return libm::lgamma(1.0 + a);
    }
    // ln Gamma(1 + a) = -gamma a + sum_{k>=2} (-1)^k zeta(k) a^k / k
    const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;
    const ZETA: [f64; 30] = [
        1.644_934_066_848_226_4,
        1.202_056_903_159_594_3,
        1.082_323_233_711_138_2,
        1.036_927_755_143_37,
        1.017_343_061_984_449,
        1.008_349_277_381_922_8,
        1.004_077_356_197_944_3,
        1.002_008_392_826_082_2,
        1.000_994_575_127_818_1,
        1.000_494_188_604_119_5,
        1.000_246_086_553_308,
        1.000_122_713_347_578_5,
        1.000_061_248_135_058_7,
        1.000_030_588_236_307,
        1.000_015_282_259_408_7,
        1.000_007_637_197_637_9,
        1.000_003_817_293_265,
        1.000_001_908_212_716_6,
        1.000_000_953_962_033_9,
        1.000_000_476_932_986_8,
        1.000_000_238_450_502_7,
        1.000_000_119_219_926,
        1.000_000_059_608_189,
        1.000_000_029_803_503_5,
        1.000_000_014_901_554_8,
        1.000_000_007_450_711_8,
        1.000_000_003_725_334,
        1.000_000_001_862_659_7,
        1.000_000_000_931_327_4,
        1.000_000_000_465_662_9,
    ];
    let mut sum = 0.0_f64;
    for (i, z) in ZETA.iter().enumerate().rev() {
        let k = (i + 2) as f64;
        sum = sum * -a + z / k;
    }
    // sum = zeta(2)/2 - zeta(3)/3 a + ... ; ln Gamma(1+a) = a (-gamma + a sum)
    a * (a * sum - EULER_GAMMA)
}

/// `Q(a, x) / D(a, x)` for `a < 1`, `x < 1`, where `Q` may be much smaller than `P`:
///
/// ```text
/// Q(a, x) = -expm1(a ln x - ln Gamma(1 + a)) - x^a / Gamma(a) sum_{k>=1} (-x)^k / (k! (a + k))
/// ```
///
/// Both parts are of order `a` and of the same sign for `x < 1`, so no digits are lost.
/// The factor `1/D` can pass `f64::MAX` (`a` near 1 and `x` near the
/// smallest subnormal, where `a ln x < -709`); the result is then carried
/// as a [`Scaled`] with that exponent instead of overflowing to `inf`.
fn q_small_a(a: f64, x: f64) -> Scaled {
    let lg = ln_gamma_1p(a);
    let ln_xa_over_gamma = a * x.ln() - lg;
    let first = -ln_xa_over_gamma.exp_m1();
    let mut term = 1.0;
    let mut sum = 0.0;
    let mut k = 0.0;
    for _ in 0..MAX_ITER {
        k += 1.0;
        term *= -x / k;
        let t = term / (a + k);
        sum += t;
        if t.abs() <= sum.abs() * TOL {
            break;
        }
    }
    // x^a / Gamma(a) = a x^a / Gamma(a + 1)
    let q = first - a * ln_xa_over_gamma.exp() * sum;
    // Q / D = Q Gamma(a + 1) x^-a e^x
    let ln_inv_d = x - ln_xa_over_gamma;
    if ln_inv_d < 700.0 {
        Scaled::plain(q * ln_inv_d.exp())
    } else {
        Scaled::new(q, ln_inv_d)
    }
}

/// `(sum_k t_k, sum_k k t_k)` with `t_k = x^k / ((a+1)...(a+k))`.
fn series(a: f64, x: f64) -> (f64, f64) {
    let mut t = 1.0;
    let mut s0 = 1.0;
    let mut s1 = 0.0;
    let mut k = 0.0;
    for _ in 0..MAX_ITER {
        k += 1.0;
        t *= x / (a + k);
        s0 += t;
        s1 += k * t;
        if a + k > x && k * t <= s1 * TOL && t <= s0 * TOL {
            break;
        }
    }
    (s0, s1)
}

/// `Q(a, x) / D(a, x)` by the Legendre continued fraction (modified Lentz).
///
/// Used where [`region`] returns `Fraction`: `x > 2.3577 a` for `a >= 12`,
/// `x >= a` for `1 <= a < 12` and `x >= 1` for `a < 1`. So it also serves
/// `a <= x < a + 1` (and, for `a < 1`, `1 <= x < a + 1`), not only the
/// textbook `x >= a + 1`: the fraction converges for every `x > 0`, only
/// more slowly as `x` falls towards `a`, and in this domain it stops within
/// about 100 steps (93 at `a = 0.5`, `x = 1`; 35 at `a = x = 2.5`; it ends
/// exactly when `a` is an integer). Against the 60-digit references in
/// `tests/data/special.csv` its relative error is at most `1.9e-15` on
/// `a <= x < a + 1` (19 points, worst at `a = 2.5`, `x = 1.001 a`) and
/// `1.8e-15` over all 97 points it serves.
fn fraction(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    let mut i = 0.0;
    for _ in 0..MAX_ITER {
        i += 1.0;
        let an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 2e-16 {
            break;
        }
    }
    a * h
}

/// `P(a, x) / D(a, x)` and `Q(a, x) / D(a, x)`.
///
/// The larger of the two is computed as `1/D` minus the smaller and carries
/// the exponent `ln(1/D(a, x))` exactly as [`ln_inv_prefix`] computes it (a
/// [`Scaled`] with `e != 0`); the smaller is an ordinary number (`e == 0`).
/// The exception is `a < 1`, `x < 1`, where both are computed directly: `P`
/// is ordinary and `Q` carries an exponent only when `1/D` passes `e^700`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct GammaRatios {
    /// `P(a, x) / D(a, x) = sum_{k>=0} x^k / ((a+1)...(a+k))`.
    pub(crate) p: Scaled,
    /// `Q(a, x) / D(a, x)`.
    pub(crate) q: Scaled,
}

/// Both ratios, for `a > 0` and `x > 0` (finite).
///
/// Accuracy: relative error below `1e-14` for the smaller of `P` and `Q`
/// (worst against the 60-digit references: `7.8e-15`, the series at
/// `a = 11.5`, `x = 0.99 a`; `3.6e-15` for `a >= 12`, at `a = 1e8`,
/// `x = a - 0.1`); the larger
/// is `1/D` minus the smaller, with no cancellation beyond a factor of ~2,
/// except for `a < 1` with `x` just below `a + 1`, where `Q` can be
/// relatively small and loses up to `log10(1 / Q)` digits (absolute error
/// in `B` stays at the ulp level there).
pub(crate) fn gamma_ratios(a: f64, x: f64) -> GammaRatios {
    match region(a, x) {
        Region::Series => {
            let (p, _) = series(a, x);
            let p = Scaled::plain(p);
            GammaRatios {
                p,
                q: inv_prefix(a, x).sub(p),
            }
        }
        Region::SeriesSmallA => GammaRatios {
            p: Scaled::plain(series(a, x).0),
            q: q_small_a(a, x),
        },
        Region::Fraction => {
            let q = Scaled::plain(fraction(a, x));
            GammaRatios {
                p: inv_prefix(a, x).sub(q),
                q,
            }
        }
        Region::Temme => {
            // The large ratio is 1/D minus the small one; 1/D = exp(ln_inv_d) with
            // ln_inv_d = z^2 + stirlerr(a) + ln sqrt(2 pi a), the same expression
            // `ln_inv_prefix` uses, so every large ratio carries exactly the
            // exponent ln(1/D(a, x)) whatever the region (callers rely on it).
            let t = temme(a, x);
            let ln_inv_d = t.z2 + t.st + LN_SQRT_2PI + 0.5 * a.ln();
            let tt = t.c0 + t.rest;
            let small = if t.eta >= 0.0 {
                t.s * (t.base + tt)
            } else {
                t.s * (t.base - tt)
            };
            let large = Scaled::new(1.0 - small * (-ln_inv_d).exp(), ln_inv_d);
            if t.eta >= 0.0 {
                GammaRatios {
                    p: large,
                    q: Scaled::plain(small),
                }
            } else {
                GammaRatios {
                    p: Scaled::plain(small),
                    q: large,
                }
            }
        }
    }
}

/// `P(a, x) / D(a, x)` alone (tests compare it with the pair).
#[cfg(test)]
pub(crate) fn p_over_d(a: f64, x: f64) -> Scaled {
    if x == 0.0 {
        return Scaled::plain(1.0);
    }
    match region(a, x) {
        Region::Series | Region::SeriesSmallA => Scaled::plain(series(a, x).0),
        Region::Temme | Region::Fraction => gamma_ratios(a, x).p,
    }
}

/// `J(a, x) = P(a, x)/D(a, x)` together with `a/(a+1) J(a+1, x)`, the second
/// from the first by `J(a, x) = 1 + x/(a+1) J(a+1, x)` where that loses at
/// most half a digit (`J >= 1.4` outside the series region), and by its own
/// series otherwise.
pub(crate) fn j_pair(a: f64, x: f64) -> (Scaled, Scaled) {
    if x == 0.0 {
        return (Scaled::plain(1.0), Scaled::plain(a / (a + 1.0)));
    }
    match region(a, x) {
        Region::Series | Region::SeriesSmallA => {
            let j = series(a, x).0;
            let j1 = series(a + 1.0, x).0;
            (Scaled::plain(j), Scaled::plain(j1 * a / (a + 1.0)))
        }
        Region::Temme | Region::Fraction => {
            let j = gamma_ratios(a, x).p;
            (j, j.sub(Scaled::plain(1.0)).mul(a / x))
        }
    }
}

/// `sum_{k>=1} k x^k / ((a+1)...(a+k)) = a - (a - x) P(a,x)/D(a,x)`, without
/// the cancellation of that closed form when `x < a`.
pub(crate) fn weighted_sum(a: f64, x: f64) -> Scaled {
    if x == 0.0 {
        return Scaled::plain(0.0);
    }
    match region(a, x) {
        Region::Series | Region::SeriesSmallA => Scaled::plain(series(a, x).1),
        Region::Fraction => gamma_ratios(a, x).p.mul(x - a).add(Scaled::plain(a)),
        Region::Temme => {
            if x >= a {
                return gamma_ratios(a, x).p.mul(x - a).add(Scaled::plain(a));
            }
            let t = temme(a, x);
            let one_minus_lambda = (a - x) / a;
            if t.w < 2.0 {
                let p = t.s * (t.base - t.c0 - t.rest);
                return Scaled::plain(a - (a - x) * p);
            }
            // P/D = S (g / |eta| + 1 / (1 - lambda) - rest), g = sqrt(pi) w erfcx(w) - 1,
            // so a - (a - x) P/D = a (S (1 - lambda) (rest - g / |eta|) - (S - 1)).
            let g = erfcx_gap(t.w);
            let inner = t.s * one_minus_lambda * (t.rest - g / t.eta.abs()) - t.st.exp_m1();
            Scaled::plain(a * inner)
        }
    }
}

/// `s - 1 + e^-s` without the cancellation of that form for small `|s|`.
fn s_minus_one_plus_exp(s: f64) -> f64 {
    if s.abs() > 0.5 {
        return s + (-s).exp_m1();
    }
    // s^2 sum_{k>=0} (-s)^k / (k+2)!, to k = 16 (remainder below 1e-19 relative).
    const INV_FACT: [f64; 17] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
        1.0 / 40320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
        1.0 / 87_178_291_200.0,
        1.0 / 1_307_674_368_000.0,
        1.0 / 20_922_789_888_000.0,
        1.0 / 355_687_428_096_000.0,
        1.0 / 6_402_373_705_728_000.0,
    ];
    let sum = INV_FACT.iter().rev().fold(0.0, |acc, c| acc * -s + c);
    s * s * sum
}

/// Most panels either side of the mode in [`first_moment_integral`].
const MAX_PANELS: usize = 10_000;

/// Gauss-Legendre 16-point nodes and weights on [-1, 1] (positive half).
const GL16: [(f64, f64); 8] = [
    (0.989_400_934_991_649_9, 0.027_152_459_411_754_095),
    (0.944_575_023_073_232_6, 0.062_253_523_938_647_89),
    (0.865_631_202_387_831_7, 0.095_158_511_682_492_78),
    (0.755_404_408_355_003, 0.124_628_971_255_533_87),
    (0.617_876_244_402_643_8, 0.149_595_988_816_576_73),
    (0.458_016_777_657_227_4, 0.169_156_519_395_002_54),
    (0.281_603_550_779_258_9, 0.182_603_415_044_923_6),
    (0.095_012_509_837_637_44, 0.189_450_610_455_068_5),
];

/// `integral_0^inf s exp(psi(s)) ds` with `psi(s) = -c s + y (1 - e^-s)`,
/// `c > 0`, `y >= 0`, returned as a [`Scaled`] whose exponent is, when
/// `y > c`, exactly the one [`gamma_ratios`]`(c, y)` gives its large ratio.
///
/// `psi` is concave, so the integrand is log-concave; it is integrated with
/// 16-point Gauss-Legendre panels laid out from its mode outwards, each panel
/// at most four standard deviations wide and narrow enough that the
/// log-integrand falls by at most ~12 across it (where 16 nodes integrate
/// `e^(-12 t)` to 1e-28), until it has fallen by 46 (relative tail below
/// 1e-19). Relative accuracy about 1e-15.
pub(crate) fn first_moment_integral(c: f64, y: f64) -> Scaled {
    // Centre: psi(s* + r) - psi(s*) in a cancellation-free form.
    let (centre, shift) = if y > c {
        let s_star = (y / c).ln();
        (s_star, half_eta_sq_times_a(c, y))
    } else {
        (0.0, 0.0)
    };
    // psi(s) - shift, and the log of the integrand with its first two derivatives.
    let psi = |s: f64| -> f64 {
        if y > c {
            -c * s_minus_one_plus_exp(s - centre)
        } else {
            -(c - y) * s - y * s_minus_one_plus_exp(s)
        }
    };
    let lnf = |s: f64| -> (f64, f64, f64) {
        let ye = y * (-s).exp();
        (s.ln() + psi(s), 1.0 / s - c + ye, -1.0 / (s * s) - ye)
    };
    // Mode of ln s + psi(s): the root of 1/s - c + y e^-s (decreasing in s).
    let mut lo = 0.0;
    let mut hi = if y > c {
        centre + 1.0 / c + 1.0
    } else {
        1.0 / c
    };
    while lnf(hi).1 > 0.0 {
        lo = hi;
        hi *= 2.0;
    }
    // Safeguarded Newton; the panels only need the mode roughly (to 1e-9).
    let mut s = 0.5 * (lo + hi);
    for _ in 0..200 {
        let (_, d1, d2) = lnf(s);
        if d1 == 0.0 {
            break; // s is the mode
        }
        if d1 > 0.0 {
            lo = s;
        } else {
            hi = s;
        }
        let newton = s - d1 / d2;
        let next = if newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let done = (next - s).abs() <= 1e-9 * s;
        s = next;
        if done {
            break;
        }
    }
    let mode = s;
    let (peak, _, d2) = lnf(mode);
    let sigma = 1.0 / (-d2).sqrt();
    // The integrand relative to its peak: (s / mode) exp(psi(s) - psi(mode)).
    let psi_mode = psi(mode);
    let inv_mode = 1.0 / mode;
    let relative = |s: f64| s * inv_mode * (psi(s) - psi_mode).exp();
    let panel = |from: f64, to: f64| -> f64 {
        let half = 0.5 * (to - from);
        let mid = 0.5 * (to + from);
        GL16.iter().fold(0.0, |acc, (node, weight)| {
            acc + weight * (relative(mid - half * node) + relative(mid + half * node))
        }) * half
    };
    // Below ln(y) + 40 the term y e^-s still shapes the integrand on a scale of 1.
    let feature_end = y.ln() + 40.0;
    let cap = |low_end: f64, width: f64| {
        if low_end < feature_end {
            width.min(1.0)
        } else {
            width
        }
    };
    let mut total = 0.0;
    // Right of the mode.
    let mut s = mode;
    // Panel caps: never reached for finite inputs (the log-integrand falls by
    // at least 12 per panel beyond a few standard deviations); they only
    // guarantee termination.
    for _ in 0..MAX_PANELS {
        let (v, d1, d2) = lnf(s);
        if v.is_nan() || v - peak < -46.0 {
            break;
        }
        // local scale: the curvature flattens away from the mode
        let sigma = sigma.max(1.0 / (-d2).sqrt());
        let width = cap(s, (4.0 * sigma).min(12.0 / d1.abs().max(f64::MIN_POSITIVE)));
        total += panel(s, s + width);
        s += width;
    }
    // Left of the mode, down to 0.
    let mut s = mode;
    for _ in 0..MAX_PANELS {
        if s.is_nan() || s <= 0.0 {
            break;
        }
        let (v, d1, d2) = lnf(s);
        if v.is_nan() || v - peak < -46.0 {
            break;
        }
        let sigma = sigma.max(1.0 / (-d2).sqrt());
        let width = (4.0 * sigma).min(12.0 / d1.abs().max(f64::MIN_POSITIVE));
        let width = width.min(s);
        let width = cap(s - width, width).min(s);
        total += panel(s - width, s);
        s -= width;
    }
    if y > c {
        // Carry exactly the exponent ln(1/D(c, y)) that `gamma_ratios(c, y)`
        // gives its large ratio, so that callers divide like by like:
        // psi(s*) - ln(1/D(c, y)) is a moderate function of c alone.
        let ln_inv_d = ln_inv_prefix(c, y);
        let offset = if c >= TEMME_MIN_A {
            -(stirlerr_large(c) + LN_SQRT_2PI + 0.5 * c.ln())
        } else {
            c * c.ln() - c - libm::lgamma(c + 1.0)
        };
        Scaled::new(total * (peak + offset).exp(), ln_inv_d)
    } else {
        Scaled::new(total, peak + shift)
    }
}

#[cfg(test)]
mod tests;
