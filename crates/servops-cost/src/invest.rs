//! Investment cases: ROI, NPV under both timing conventions, IRR as a typed
//! answer, simple and discounted payback, rate conversion, and a
//! deflection/automation business case.

use rust_decimal::Decimal;

use crate::curve::ScenarioComparison;
use crate::error::{Error, Result, add, div, invalid, mul, non_negative, sub, to_f64};
use crate::money::{Currency, Money};
use crate::root::nth_root;

/// A series of cash flows, one per period, all in one currency. Period 0 is
/// "now" under [`NpvConvention::FirstFlowAtTimeZero`].
///
/// # Errors
///
/// [`CashFlows::new`] returns [`Error::Empty`] naming `cash_flows` for an empty list.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{CashFlows, Currency};
///
/// let flows = CashFlows::new(vec![Decimal::new(-100, 0), Decimal::new(60, 0), Decimal::new(60, 0)], Currency::USD)?;
/// assert_eq!(flows.len(), 3);
/// assert_eq!(flows.sign_changes(), 1);
/// assert!(CashFlows::new(vec![], Currency::USD).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "CashFlowsRepr", into = "CashFlowsRepr")
)]
pub struct CashFlows {
    flows: Vec<Decimal>,
    currency: Currency,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CashFlowsRepr {
    #[serde(with = "decimal_vec")]
    flows: Vec<Decimal>,
    currency: Currency,
}

#[cfg(feature = "serde")]
mod decimal_vec {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|d| d.to_string()))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        let strings = Vec::<String>::deserialize(d)?;
        strings
            .iter()
            .map(|s| s.parse::<Decimal>().map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(feature = "serde")]
impl TryFrom<CashFlowsRepr> for CashFlows {
    type Error = Error;
    fn try_from(r: CashFlowsRepr) -> Result<Self> {
        CashFlows::new(r.flows, r.currency)
    }
}

#[cfg(feature = "serde")]
impl From<CashFlows> for CashFlowsRepr {
    fn from(c: CashFlows) -> Self {
        Self {
            flows: c.flows,
            currency: c.currency,
        }
    }
}

impl CashFlows {
    /// Cash flows `flows` (period 0 first) in `currency`.
    ///
    /// Every running total `C_t = CF_0 + ... + CF_t` must fit in a
    /// [`Decimal`], so that the cumulative position (and [`simple_payback`])
    /// is exact.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] naming `cash_flows`; [`Error::Overflow`] naming
    /// `cash_flows` when a running total leaves the decimal range (about
    /// `±7.9e28`).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{CashFlows, Currency};
    ///
    /// let f = CashFlows::new(vec![Decimal::ONE], Currency::EUR)?;
    /// assert_eq!(f.currency(), Currency::EUR);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn new(flows: Vec<Decimal>, currency: Currency) -> Result<Self> {
        if flows.is_empty() {
            return Err(Error::Empty { name: "cash_flows" });
        }
        let mut cumulative = Decimal::ZERO;
        for &f in &flows {
            cumulative = add(cumulative, f, "cash_flows")?;
        }
        Ok(Self { flows, currency })
    }

    /// The flows.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{CashFlows, Currency};
    ///
    /// let f = CashFlows::new(vec![Decimal::ONE, Decimal::TWO], Currency::EUR)?;
    /// assert_eq!(f.flows(), &[Decimal::ONE, Decimal::TWO]);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn flows(&self) -> &[Decimal] {
        &self.flows
    }

    /// The currency.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{CashFlows, Currency};
    ///
    /// assert_eq!(CashFlows::new(vec![Decimal::ONE], Currency::USD)?.currency(), Currency::USD);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Number of periods (never zero).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{CashFlows, Currency};
    ///
    /// assert_eq!(CashFlows::new(vec![Decimal::ONE; 4], Currency::USD)?.len(), 4);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.flows.len()
    }

    /// Number of sign changes between consecutive non-zero flows (Descartes'
    /// rule of signs bounds the number of IRRs by it).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{CashFlows, Currency};
    ///
    /// let d = |v: i64| Decimal::new(v, 0);
    /// let f = CashFlows::new(vec![d(-100), d(0), d(230), d(-132)], Currency::USD)?;
    /// assert_eq!(f.sign_changes(), 2);
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn sign_changes(&self) -> usize {
        let mut changes = 0;
        let mut last: Option<bool> = None;
        for f in &self.flows {
            if f.is_zero() {
                continue;
            }
            let neg = f.is_sign_negative();
            if last.is_some_and(|l| l != neg) {
                changes += 1;
            }
            last = Some(neg);
        }
        changes
    }
}

/// When the flows are assumed to occur.
///
/// # Examples
///
/// ```
/// use servops_cost::NpvConvention;
///
/// assert_ne!(NpvConvention::FirstFlowAtTimeZero, NpvConvention::SpreadsheetEndOfPeriod);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum NpvConvention {
    /// The first flow is at `t = 0` (undiscounted), flow `t` is discounted
    /// by `(1 + r)^t`: the finance-textbook convention and numpy-financial's `npv`.
    #[default]
    FirstFlowAtTimeZero,
    /// Every flow is at the end of its period, the first at `t = 1`: the
    /// spreadsheet `NPV()` function (Excel, LibreOffice, Google Sheets).
    /// Equals the `t = 0` value divided by `1 + r`.
    SpreadsheetEndOfPeriod,
}

fn check_rate(rate: Decimal) -> Result<Decimal> {
    if rate <= Decimal::NEGATIVE_ONE {
        Err(invalid("rate", rate, "> -1"))
    } else {
        Ok(rate)
    }
}

/// `1 + rate`, or `rate` itself when `1 + rate` is past `Decimal::MAX` (the
/// two differ by under `1.3e-29` relative, below the last digit).
fn growth_of(rate: Decimal) -> Decimal {
    rate.checked_add(Decimal::ONE).unwrap_or(rate)
}

fn npv_t0(rate: Decimal, flows: &[Decimal]) -> Result<Decimal> {
    let growth = growth_of(rate);
    // Horner from the last flow backwards: one division per period.
    let mut acc = Decimal::ZERO;
    for &f in flows.iter().rev() {
        acc = add(f, div(acc, growth, "npv")?, "npv")?;
    }
    // The loop divided once too many for the first flow only if acc was
    // used before the first addition; with acc = 0 initially the result is
    // CF_0 + CF_1/(1+r) + ... as required.
    Ok(acc)
}

/// Net present value of `flows` at a per-period `rate` under `convention`.
///
/// # Formula
///
/// ```text
/// t = 0 convention:      NPV = sum_{t=0}^{T} CF_t / (1 + r)^t
/// end-of-period (NPV()): NPV = sum_{t=0}^{T} CF_t / (1 + r)^(t + 1)
/// ```
///
/// evaluated by Horner's rule from the last flow, one checked division per period.
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `rate` when `rate <= -1`;
/// [`Error::Overflow`] naming `npv` (a rate near -1 on a long horizon).
///
/// # Accuracy
///
/// Each division rounds to `Decimal`'s 28 significant digits: the result is
/// exact to about `T x 1e-28` relative.
///
/// # Examples
///
/// The worked example: `-100,000` now, then `40,000` a year for three years, at 8 %.
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{npv, CashFlows, Currency, NpvConvention, RoundingPolicy};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// let flows = CashFlows::new(vec![d(-100_000), d(40_000), d(40_000), d(40_000)], Currency::USD)?;
/// let v = npv(Decimal::new(8, 2), &flows, NpvConvention::FirstFlowAtTimeZero)?;
/// assert_eq!(v.present(RoundingPolicy::CENTS), "3083.88 USD");
/// let sheet = npv(Decimal::new(8, 2), &flows, NpvConvention::SpreadsheetEndOfPeriod)?;
/// assert_eq!(sheet.present(RoundingPolicy::CENTS), "2855.44 USD");
/// assert!(npv(Decimal::NEGATIVE_ONE, &flows, NpvConvention::FirstFlowAtTimeZero).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// Brealey, R., Myers, S. and Allen, F., *Principles of Corporate Finance*,
/// ch. 2; Microsoft, "NPV function" (end-of-period convention);
/// numpy-financial `npv` documentation.
pub fn npv(rate: Decimal, flows: &CashFlows, convention: NpvConvention) -> Result<Money> {
    let rate = check_rate(rate)?;
    let mut v = npv_t0(rate, &flows.flows)?;
    if convention == NpvConvention::SpreadsheetEndOfPeriod {
        v = div(v, growth_of(rate), "npv")?;
    }
    Ok(Money::new(v, flows.currency))
}

/// The internal rate of return as a typed answer.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{irr, CashFlows, Currency, Irr};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// // -100 now, +230 next year, -132 the year after: 10 % and 20 % both give NPV 0.
/// let f = CashFlows::new(vec![d(-100), d(230), d(-132)], Currency::USD)?;
/// match irr(&f)? {
///     Irr::Multiple(rates) => assert_eq!(rates.len(), 2),
///     other => panic!("expected two rates, got {other:?}"),
/// }
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Irr {
    /// No rate above -1 makes the NPV zero (for example, all flows of one
    /// sign). Also the answer for flows that are all zero, whose NPV is zero
    /// at every rate: no rate is singled out.
    None,
    /// Exactly one rate.
    Unique(#[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))] Decimal),
    /// Several rates (cash flows changing sign more than once), ascending.
    /// No single one is "the" IRR; use NPV at the cost of capital instead.
    Multiple(#[cfg_attr(feature = "serde", serde(with = "decimal_vec"))] Vec<Decimal>),
    /// Undecided: besides the `rates` where the NPV changes sign (ascending,
    /// possibly none), it comes within rounding error of zero without
    /// changing sign at each of `near_zero` (ascending). Each is a double
    /// (or higher even-order) IRR at an irrational rate, two IRRs too close
    /// together to tell apart in `f64` (about `1e-8`), or a near miss with
    /// no IRR at all; `f64` cannot tell which (see [`irr`]). A double IRR
    /// at a rational `1 / (1 + r)` is verified exactly and is reported in
    /// [`Irr::Unique`] or [`Irr::Multiple`] instead. Decide on [`npv`].
    Ambiguous {
        /// Rates at which the NPV changes sign, ascending.
        #[cfg_attr(feature = "serde", serde(with = "decimal_vec"))]
        rates: Vec<Decimal>,
        /// Rates at which the NPV touches zero within rounding error
        /// without a verified root, ascending.
        #[cfg_attr(feature = "serde", serde(with = "decimal_vec"))]
        near_zero: Vec<Decimal>,
    },
}

/// The lowest rate the multiple-root scan always covers (it is widened to the roots' bounds).
const SCAN_MIN_RATE: f64 = -0.99;
/// The highest rate the multiple-root scan always covers (it is widened to the roots' bounds).
const SCAN_MAX_RATE: f64 = 100.0;
/// Grid points of the multiple-root scan (in `ln(1 + r)`).
const SCAN_POINTS: usize = 4000;

/// The sign-equivalent of NPV at `u = ln(1 + r)`: NPV itself for `r >= 0`,
/// the future value `NPV x (1 + r)^T` for `r < 0`, so that neither overflows.
fn npv_sign_equivalent(flows: &[f64], u: f64) -> f64 {
    let g = u.exp();
    if g >= 1.0 {
        flows.iter().rev().fold(0.0, |acc, &f| f + acc / g)
    } else {
        flows.iter().fold(0.0, |acc, &f| acc * g + f)
    }
}

/// Natural log of Fujiwara's bound on the moduli of the roots of
/// `c_0 + c_1 x + ... + c_n x^n` (`c_0`, `c_n` non-zero, `n >= 1`):
/// `|x| <= 2 max(|c_{n-1}/c_n|, |c_{n-2}/c_n|^(1/2), ..., |c_0/(2 c_n)|^(1/n))`.
fn ln_fujiwara_bound(c: &[f64]) -> f64 {
    let n = c.len().saturating_sub(1);
    let ln_lead = c.last().map_or(0.0, |a| a.abs().ln());
    let mut worst = f64::NEG_INFINITY;
    // `i` counts down from the leading coefficient: `a` is `c_{n-i}`.
    for (i, &a) in c.iter().rev().enumerate().skip(1) {
        if a == 0.0 {
            continue;
        }
        let mut ln_ratio = a.abs().ln() - ln_lead;
        if i == n {
            ln_ratio -= std::f64::consts::LN_2;
        }
        worst = worst.max(ln_ratio / i as f64);
    }
    std::f64::consts::LN_2 + worst
}

/// The range of `u = ln(1 + r) = -ln x` that holds every positive root `x`
/// of the NPV polynomial `sum CF_t x^t`: Fujiwara's bound on the roots of
/// the polynomial (an upper bound on `x`) and of its reverse (a lower
/// bound). `(0, 0)` when there is no root to bound.
fn root_bounds_u(flows: &[f64]) -> (f64, f64) {
    let first = flows.iter().position(|&v| v != 0.0);
    let last = flows.iter().rposition(|&v| v != 0.0);
    let (Some(first), Some(last)) = (first, last) else {
        return (0.0, 0.0);
    };
    let Some(c) = flows.get(first..=last) else {
        return (0.0, 0.0);
    };
    if c.len() < 2 {
        return (0.0, 0.0);
    }
    let reversed: Vec<f64> = c.iter().rev().copied().collect();
    // x <= X_max gives u >= -ln X_max; x >= 1 / X_max(reverse) gives
    // u <= ln X_max(reverse). Kept inside f64's exp range.
    let lo = (-ln_fujiwara_bound(c)).max(-740.0);
    let hi = ln_fujiwara_bound(&reversed).min(709.0);
    (lo, hi)
}

fn bisect(flows: &[f64], mut lo: f64, mut hi: f64) -> f64 {
    let mut f_lo = npv_sign_equivalent(flows, lo);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        let f_mid = npv_sign_equivalent(flows, mid);
        if f_mid == 0.0 {
            return mid;
        }
        if (f_mid < 0.0) == (f_lo < 0.0) {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The derivative of [`npv_sign_equivalent`] with respect to `u` (of the
/// form used at `u`: `-sum t CF_t (1 + r)^-t` for `r >= 0`, `sum (T - t)
/// CF_t (1 + r)^(T - t)` below).
fn npv_sign_equivalent_slope(flows: &[f64], u: f64) -> f64 {
    let g = u.exp();
    if g >= 1.0 {
        let y = (-u).exp();
        -flows
            .iter()
            .enumerate()
            .rev()
            .fold(0.0, |acc, (t, &f)| acc * y + t as f64 * f)
    } else {
        let last = flows.len().saturating_sub(1);
        flows
            .iter()
            .enumerate()
            .fold(0.0, |acc, (t, &f)| acc * g + (last - t) as f64 * f)
    }
}

/// The point of `[a, b]` where `sign x NPV` (in the form of
/// [`npv_sign_equivalent`]) is lowest, for a bracket around a grid point
/// where `|NPV|` has a local minimum without a sign change: the zero of the
/// slope by bisection when the slope changes sign over `[a, b]`, else
/// golden-section search.
fn lowest_point(flows: &[f64], sign: f64, mut a: f64, mut b: f64) -> f64 {
    let slope = |u: f64| sign * npv_sign_equivalent_slope(flows, u);
    if slope(a) < 0.0 && slope(b) > 0.0 {
        for _ in 0..200 {
            let mid = 0.5 * (a + b);
            if mid <= a || mid >= b {
                break;
            }
            let d = slope(mid);
            if d == 0.0 {
                return mid;
            }
            if d < 0.0 {
                a = mid;
            } else {
                b = mid;
            }
        }
        return 0.5 * (a + b);
    }
    let h = |u: f64| sign * npv_sign_equivalent(flows, u);
    let inv_phi = 0.5 * (5.0_f64.sqrt() - 1.0);
    let mut c = b - inv_phi * (b - a);
    let mut d = a + inv_phi * (b - a);
    let (mut hc, mut hd) = (h(c), h(d));
    for _ in 0..200 {
        if !(a < c && c < d && d < b) {
            break;
        }
        if hc <= hd {
            b = d;
            d = c;
            hd = hc;
            c = b - inv_phi * (b - a);
            hc = h(c);
        } else {
            a = c;
            c = d;
            hc = hd;
            d = a + inv_phi * (b - a);
            hd = h(d);
        }
    }
    if hc <= hd { c } else { d }
}

/// The rounding error allowed in an `f64` NPV of `n` flows whose absolute
/// values have the present value `magnitude`: Horner's rule is within
/// about `2 n eps` of it, and the flows were rounded to `f64` (`eps`); a
/// margin of 8.
fn rounding_bound(n: usize, magnitude: f64) -> f64 {
    8.0 * (n as f64 + 2.0) * f64::EPSILON * magnitude
}

/// What a sign-preserving local minimum of `|NPV|` on the scan's grid
/// holds.
enum Dip {
    /// The NPV changes sign twice inside: two roots (in `u`).
    TwoRoots(f64, f64),
    /// The NPV comes within rounding error of zero at `u` without a
    /// certain sign change.
    Touch(f64),
    /// The NPV stays clear of zero.
    Clear,
}

/// Examines the dip of `|NPV|` between the grid points `a < b` whose NPV
/// has the sign of `sign`.
fn examine_dip(flows: &[f64], magnitude: &[f64], sign: f64, a: f64, b: f64) -> Dip {
    let u = lowest_point(flows, sign, a, b);
    let h = sign * npv_sign_equivalent(flows, u);
    let tol = rounding_bound(flows.len(), npv_sign_equivalent(magnitude, u));
    if h < -tol {
        Dip::TwoRoots(bisect(flows, a, u), bisect(flows, u, b))
    } else if h <= tol {
        Dip::Touch(u)
    } else {
        Dip::Clear
    }
}

fn rate_of(u: f64) -> Result<Decimal> {
    let growth = u.exp();
    if (0.5..=2.0).contains(&growth) {
        // Near zero, exp_m1 keeps the relative accuracy of small rates.
        let r = u.exp_m1();
        return Decimal::from_f64_retain(r)
            .ok_or_else(|| invalid("irr", servops_core::CompactFloat(r), "finite"));
    }
    // Far from zero, go through 1 + r so that a rate within 1e-16 of -1
    // stays above -1 (a binary64 rate would round to -1 exactly).
    match Decimal::from_f64_retain(growth) {
        Some(g) if g > Decimal::ZERO => sub(g, Decimal::ONE, "irr"),
        _ => Err(invalid(
            "irr",
            servops_core::CompactFloat(u.exp_m1()),
            "representable: 1 + irr between 1e-28 and 7.9e28",
        )),
    }
}

/// The internal rate(s) of return: the rates `r > -1` at which the NPV of
/// `flows` is zero.
///
/// # Formula
///
/// `NPV(r) = sum CF_t (1 + r)^-t = 0`, a polynomial in `x = 1 / (1 + r)`.
/// Descartes' rule of signs: the number of positive roots `x` is at most the
/// number of sign changes `k` of the flows, and has its parity.
///
/// - `k = 0`: [`Irr::None`].
/// - `k = 1`: exactly one root; it is bracketed in `u = ln(1 + r)` and
///   bisected to full `f64` precision: [`Irr::Unique`].
/// - `k >= 2`: the NPV is scanned on points evenly spaced in `ln(1 + r)`
///   (4,000 over `r` in `[-0.99, 100]`, and as many more at the same step
///   as it takes to reach Fujiwara's bound on the roots of the polynomial
///   and of its reverse, so no root is outside the scan), and each sign
///   change bisected. `-2,000, 2,210, -11` has IRRs -99.5 % and 10 %.
///   Between two points of one sign where `|NPV|` has a local minimum (or
///   a point within rounding error of zero), the lowest point is located:
///   if the NPV is clearly of the other sign there, the two roots on either
///   side are bisected (roots closer than the grid step, about 0.0023 in
///   `ln(1 + r)`, such as 10 % and 10.01 %); if it is within rounding error
///   of zero, the NPV touches zero there without changing sign.
///
/// A touching point is a double (or higher even-order) IRR when `x = 1 / (1 +
/// r)` is a rational `a / b` at which the NPV polynomial and its
/// derivative are both exactly zero. This is verified in exact integer
/// arithmetic (modulo enough primes to exceed a bound on the integers) for
/// the continued-fraction convergents of the `f64` point with `a, b <=
/// 2^32`; the rate is then exact: `-1, 2, -1` (NPV `-r^2 / (1 + r)^2`)
/// gives [`Irr::Unique`]`(0)`, `-1, 2.2, -1.21` gives 10 %, and `-0.5, 2,
/// -2.5, 1` (`(x - 1)^2 (x - 0.5)`) gives [`Irr::Multiple`]`([0, 1])`. A
/// double root counts once in the rates; the NPV has one sign on both
/// sides of it. Any other touching point cannot be decided in `f64`: an
/// irrational double root (`-4, 0, 4, 0, -1`, at `r = 1 / sqrt 2 - 1`),
/// two roots within about `1e-8` of each other, and a near miss
/// (`-1, 2, -1 - 10^-20`, which has no IRR but the same `f64` flows as
/// `-1, 2, -1`) all look alike; the answer is then [`Irr::Ambiguous`],
/// with the rates found and the touching points. A touching point whose
/// `|NPV|` stays above the rounding bound is no root: `-1, 2, -1.001` gives
/// [`Irr::None`].
///
/// The answer is [`Irr::None`], [`Irr::Unique`] or [`Irr::Multiple`] by
/// how many distinct rates are found, or [`Irr::Ambiguous`]. When the
/// flows change sign twice or more, check [`npv`] at the rates that matter
/// rather than relying on the IRR.
///
/// # Errors
///
/// None for valid [`CashFlows`] in practice; [`Error::InvalidParameter`]
/// naming `irr` if a root cannot be represented (`1 + irr` below `1e-28`
/// or above the decimal range).
///
/// # Accuracy
///
/// The search runs in `f64` (to its full precision) and the `f64` rate is
/// converted to `Decimal` exactly (through `1 + r` far from zero, so a rate
/// just above -1 stays above -1). `|NPV(irr)| <= 1e-9 x sum |CF_t| / (1 + irr)^t` (1e-9 of the
/// present value of the absolute flows; property-tested), typically far smaller.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{irr, npv, CashFlows, Currency, Irr, NpvConvention};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// let f = CashFlows::new(vec![d(-100_000), d(40_000), d(40_000), d(40_000)], Currency::USD)?;
/// let Irr::Unique(r) = irr(&f)? else { panic!("one sign change gives one rate") };
/// assert!((r - Decimal::new(9_701, 5)).abs() < Decimal::new(1, 5)); // 9.701 %
/// assert!(npv(r, &f, NpvConvention::FirstFlowAtTimeZero)?.amount().abs() < Decimal::new(1, 6));
/// let never = CashFlows::new(vec![d(-1), d(-2)], Currency::USD)?;
/// assert_eq!(irr(&never)?, Irr::None);
/// // A double root at 0 %: the NPV touches zero there without changing sign.
/// let touch = CashFlows::new(vec![d(-1), d(2), d(-1)], Currency::USD)?;
/// assert!(npv(Decimal::ZERO, &touch, NpvConvention::FirstFlowAtTimeZero)?.is_zero());
/// assert_eq!(irr(&touch)?, Irr::Unique(Decimal::ZERO));
/// // -(x^2 - 2)^2 touches zero at an irrational rate: undecided in f64.
/// let odd = CashFlows::new(vec![d(-4), d(0), d(4), d(0), d(-1)], Currency::USD)?;
/// assert!(matches!(irr(&odd)?, Irr::Ambiguous { .. }));
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// Hazen, G. (2003). A new perspective on multiple internal rates of return.
/// *The Engineering Economist* 48(1), 31-51; numpy-financial `irr`.
pub fn irr(flows: &CashFlows) -> Result<Irr> {
    let k = flows.sign_changes();
    if k == 0 {
        return Ok(Irr::None);
    }
    // Leading and trailing zero flows multiply the polynomial by a power of
    // `x` and change no positive root, but in the scan's future-value form
    // `g^T NPV` a long tail of zeros underflows to exactly 0 far below
    // `r = -99 %` (40 zeros after five flows made every grid point from
    // `ln(1 + r) = -20` a "root"). The search runs on the flows from the
    // first non-zero one to the last.
    let first = flows.flows.iter().position(|d| !d.is_zero()).unwrap_or(0);
    let last = flows.flows.iter().rposition(|d| !d.is_zero()).unwrap_or(0);
    let f: Vec<f64> = flows
        .flows
        .iter()
        .skip(first)
        .take(last.saturating_sub(first) + 1)
        .map(|&d| to_f64(d))
        .collect();
    if k == 1 {
        // Limits: NPV -> sign of the last non-zero flow as r -> -1, and of
        // the first non-zero flow as r -> infinity.
        let first_neg = f.iter().find(|v| **v != 0.0).is_some_and(|v| *v < 0.0);
        let (mut lo, mut hi) = (-1.0_f64, 1.0_f64);
        // g(lo) must have the sign of the last flow, g(hi) of the first.
        while lo > -700.0 && (npv_sign_equivalent(&f, lo) < 0.0) == first_neg {
            hi = hi.min(lo);
            lo *= 2.0;
        }
        while hi < 700.0 && (npv_sign_equivalent(&f, hi) < 0.0) != first_neg {
            lo = lo.max(hi);
            hi *= 2.0;
        }
        let g_lo = npv_sign_equivalent(&f, lo);
        let g_hi = npv_sign_equivalent(&f, hi);
        if g_lo == 0.0 {
            return Ok(Irr::Unique(rate_of(lo)?));
        }
        if g_hi == 0.0 {
            return Ok(Irr::Unique(rate_of(hi)?));
        }
        if (g_lo < 0.0) == (g_hi < 0.0) {
            return Ok(Irr::None);
        }
        return Ok(Irr::Unique(rate_of(bisect(&f, lo, hi))?));
    }
    let u_min = SCAN_MIN_RATE.ln_1p();
    let u_max = SCAN_MAX_RATE.ln_1p();
    let step = (u_max - u_min) / SCAN_POINTS as f64;
    // Widen the grid (same step, same points inside the range) to every
    // `u` where a root can be, with a step to spare at each end.
    let (bound_lo, bound_hi) = root_bounds_u(&f);
    let below = ((u_min - bound_lo) / step).ceil().max(0.0) as i64 + 1;
    let above = ((bound_hi - u_max) / step).ceil().max(0.0) as i64 + 1;
    let grid = |i: i64| u_min + step * i as f64;
    let points: Vec<(f64, f64)> = ((-below)..=(SCAN_POINTS as i64 + above))
        .map(|i| {
            let u = grid(i);
            (u, npv_sign_equivalent(&f, u))
        })
        .collect();
    let magnitude: Vec<f64> = f.iter().map(|v| v.abs()).collect();
    let value = |i: usize| points.get(i).map_or(0.0, |p| p.1);
    let at = |i: usize| points.get(i).map_or(0.0, |p| p.0);
    let negative = |v: f64| v < 0.0;
    // Point `i` is a dip of `|NPV|` between neighbours of one sign when its
    // neighbours are non-zero and of one sign, and it is either a local
    // minimum of `|NPV|` of that sign, or within rounding error of zero
    // (zero or of the other sign: near a double root, the rounding of the
    // flows to f64 can make the NPV cross zero for a point or two).
    let dip = |i: usize| -> bool {
        if i == 0 || i + 1 >= points.len() {
            return false;
        }
        let (ga, gm, gb) = (value(i - 1), value(i), value(i + 1));
        if ga == 0.0 || gb == 0.0 || negative(ga) != negative(gb) {
            return false;
        }
        if gm != 0.0 && negative(gm) == negative(ga) {
            // A local minimum of |NPV|. For `|NPV|` to reach 0 at `u0`
            // between the neighbours, with `h = |NPV| ~ c (u - u0)^2` over
            // the two steps and `|u0 - u_i| <= step / 2`, the farther
            // neighbour is at least `4 h(u_i)` above it; a factor of 4 to
            // spare. This skips the flat tails, where |NPV| wobbles by an
            // ulp from point to point.
            let (a, m, b) = (ga.abs(), gm.abs(), gb.abs());
            return m < a && m <= b && (a - m).max(b - m) >= m;
        }
        gm == 0.0 || gm.abs() <= rounding_bound(f.len(), npv_sign_equivalent(&magnitude, at(i)))
    };
    let dips: Vec<bool> = (0..points.len()).map(dip).collect();
    let is_dip = |i: usize| dips.get(i).copied().unwrap_or(false);
    let mut roots = Vec::new();
    // Where the NPV touches zero without changing sign.
    let mut touching = Vec::new();
    for i in 0..points.len() {
        let g = value(i);
        if is_dip(i) {
            // A root where the NPV touches zero without changing sign (a
            // double root), or two roots closer than the grid step, leave
            // no sign change on the grid (or one within rounding) but a dip
            // of |NPV| between points of one sign.
            let sign = if negative(value(i - 1)) { -1.0 } else { 1.0 };
            match examine_dip(&f, &magnitude, sign, at(i - 1), at(i + 1)) {
                Dip::TwoRoots(r1, r2) => roots.extend([r1, r2]),
                Dip::Touch(u) => touching.push(u),
                Dip::Clear => {}
            }
        } else if g == 0.0 {
            roots.push(at(i));
        } else if i >= 1
            && !is_dip(i - 1)
            && value(i - 1) != 0.0
            && negative(g) != negative(value(i - 1))
        {
            roots.push(bisect(&f, at(i - 1), at(i)));
        }
    }
    let mut rates = roots.into_iter().map(rate_of).collect::<Result<Vec<_>>>()?;
    // A touching point is a root if `x = 1 / (1 + r)` is a rational at which
    // the NPV polynomial and its derivative are exactly zero.
    let exact = crate::tangent::IntPoly::new(flows.flows.get(first..=last).unwrap_or(&[]));
    let mut near_zero = Vec::new();
    for u in touching {
        let x = (-u).exp();
        let verified = crate::tangent::convergents_near(x, 1e-9, 1 << 32)
            .into_iter()
            .take(4)
            .find(|&(a, b)| exact.is_multiple_root(a, b));
        match verified {
            // 1 + r = b / a, so r = (b - a) / a.
            Some((a, b)) => rates.push(div(
                Decimal::from(i128::from(b) - i128::from(a)),
                Decimal::from(a),
                "irr",
            )?),
            None => near_zero.push(rate_of(u)?),
        }
    }
    rates.sort();
    rates.dedup();
    near_zero.sort();
    near_zero.dedup();
    if !near_zero.is_empty() {
        return Ok(Irr::Ambiguous { rates, near_zero });
    }
    Ok(match rates.len() {
        0 => Irr::None,
        1 => Irr::Unique(rates.remove(0)),
        _ => Irr::Multiple(rates),
    })
}

/// When the cumulative cash flow reaches zero: the first time
/// ([`simple_payback`], [`discounted_payback`]) or the last time, after
/// which it stays `>= 0` ([`simple_payback_final`],
/// [`discounted_payback_final`]).
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{simple_payback, CashFlows, Currency};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// let f = CashFlows::new(vec![d(-100), d(40), d(40), d(40)], Currency::USD)?;
/// let p = simple_payback(&f).unwrap();
/// assert_eq!(p.period, 3);
/// assert_eq!(p.periods, Decimal::new(25, 1)); // 2.5 periods
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Payback {
    /// The period at whose end the cumulative flow is `>= 0` again: the
    /// first such period after the first outlay (0 when the first non-zero
    /// flow is an inflow, or there is none), or for a final payback the
    /// last period in which it turns `>= 0` from below (0 when it never
    /// falls below 0).
    pub period: usize,
    /// Interpolated time: `(period - 1) + unrecovered / flow of that period`
    /// (0 when [`Payback::period`] is 0).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub periods: Decimal,
}

/// The payback of `values`; [`Error::Overflow`] naming `quantity` when the
/// running total leaves the decimal range before it turns non-negative. The
/// values are taken lazily: nothing after the payback period is computed.
fn payback_of(
    values: impl IntoIterator<Item = Result<Decimal>>,
    quantity: &'static str,
) -> Result<Option<Payback>> {
    const AT_ONCE: Payback = Payback {
        period: 0,
        periods: Decimal::ZERO,
    };
    let mut cumulative = Decimal::ZERO;
    // Whether a non-zero value has been seen: leading zeros (nothing spent
    // yet) are not a payback.
    let mut started = false;
    for (t, v) in values.into_iter().enumerate() {
        let v = v?;
        let before = cumulative;
        cumulative = add(cumulative, v, quantity)?;
        if !started {
            if v.is_zero() {
                continue;
            }
            started = true;
            if v > Decimal::ZERO {
                // The first non-zero value is an inflow: nothing to recover.
                return Ok(Some(AT_ONCE));
            }
            // An outlay: cumulative < 0 from here until the payback.
            continue;
        }
        if cumulative >= Decimal::ZERO {
            // before < 0 and v > 0 here, so the part is in (0, 1].
            let part = div(-before, v, quantity)?;
            let periods = add(Decimal::from(t - 1), part, quantity)?;
            return Ok(Some(Payback { period: t, periods }));
        }
    }
    // All values zero: nothing was ever invested.
    Ok(if started { None } else { Some(AT_ONCE) })
}

/// The final payback of `values`: the last period `t` with `C_{t-1} < 0 <=
/// C_t`, provided `C` stays `>= 0` from there to the end; `None` when the
/// last running total is below 0; period 0 when no running total is below
/// 0. Every value is read. [`Error::Overflow`] naming `quantity` when the
/// running total leaves the decimal range.
fn final_payback_of(
    values: impl IntoIterator<Item = Result<Decimal>>,
    quantity: &'static str,
) -> Result<Option<Payback>> {
    let mut cumulative = Decimal::ZERO;
    // The latest crossing from below 0, while the total has stayed >= 0
    // since; `Some(AT_ONCE)` until the total first falls below 0.
    let mut last = Some(Payback {
        period: 0,
        periods: Decimal::ZERO,
    });
    for (t, v) in values.into_iter().enumerate() {
        let v = v?;
        let before = cumulative;
        cumulative = add(cumulative, v, quantity)?;
        if cumulative < Decimal::ZERO {
            last = None;
        } else if before < Decimal::ZERO {
            // before < 0 <= cumulative, so v > 0, t >= 1 and the part is in (0, 1].
            let part = div(-before, v, quantity)?;
            let periods = add(Decimal::from(t - 1), part, quantity)?;
            last = Some(Payback { period: t, periods });
        }
    }
    Ok(last)
}

/// `CF_t / g^t` for `t = 0, 1, ...` without forming `g^t` when it leaves the
/// decimal range.
///
/// For `g >= 1` the factor is kept as a product of chunks, each in the
/// decimal range, and a flow is divided by them in turn; once the chunks
/// multiply past `MAX x 10^29` every flow discounts to below the last
/// decimal place and is 0. For `g < 1` the flow is multiplied by powers of
/// `1 / g` the same way (so the factor never rounds toward 0), and a product
/// that leaves the range is a genuine [`Error::Overflow`].
struct Discounter {
    /// `g` when `g >= 1`, else `1 / g`.
    step: Decimal,
    shrink: bool,
    /// Completed chunks of the factor, each `<= Decimal::MAX`.
    chunks: Vec<Decimal>,
    /// The factor since the last chunk.
    current: Decimal,
    /// The factor is beyond every flow (`g >= 1`): each discounts to 0.
    vanished: bool,
    /// The factor is beyond every flow (`g < 1`): each non-zero one overflows.
    overflowed: bool,
    started: bool,
}

impl Discounter {
    /// Chunks of at least `sqrt(MAX) > 2.8 x 10^14` each (a chunk is closed
    /// only when multiplying by `step` would overflow, so it is at least
    /// `max(step, MAX / step)`): four and a full current factor exceed
    /// `MAX x 10^29` (every flow discounts to 0) and `MAX x 10^28` (every
    /// non-zero flow grows out of range).
    const MAX_CHUNKS: usize = 5;

    fn new(growth: Decimal) -> Result<Self> {
        let shrink = growth < Decimal::ONE;
        let step = if shrink {
            div(Decimal::ONE, growth, "discounted_payback")?
        } else {
            growth
        };
        Ok(Self {
            step,
            shrink,
            chunks: Vec::new(),
            current: Decimal::ONE,
            vanished: false,
            overflowed: false,
            started: false,
        })
    }

    fn discount(&mut self, flow: Decimal) -> Result<Decimal> {
        const Q: &str = "discounted_payback";
        if self.started {
            self.advance();
        }
        self.started = true;
        if flow.is_zero() || self.vanished {
            return Ok(Decimal::ZERO);
        }
        if self.overflowed {
            return Err(Error::Overflow { quantity: Q });
        }
        let mut v = flow;
        if self.shrink {
            for &c in &self.chunks {
                v = mul(v, c, Q)?;
            }
            mul(v, self.current, Q)
        } else {
            for &c in &self.chunks {
                v = div(v, c, Q)?;
                if v.is_zero() {
                    return Ok(v);
                }
            }
            div(v, self.current, Q)
        }
    }

    fn advance(&mut self) {
        if self.vanished || self.overflowed {
            return;
        }
        if let Some(next) = self.current.checked_mul(self.step) {
            self.current = next;
        } else if self.chunks.len() + 1 >= Self::MAX_CHUNKS {
            // The factor is now beyond MAX^2.5 > MAX x 10^29.
            if self.shrink {
                self.overflowed = true;
            } else {
                self.vanished = true;
            }
        } else {
            self.chunks.push(self.current);
            self.current = self.step;
        }
    }
}

/// Simple payback: the first period at which the cumulative cash flow is
/// `>= 0`, with linear interpolation inside it; `None` if it never pays back.
///
/// # Formula
///
/// `C_t = sum_{s<=t} CF_s`; payback at the first `t` with `C_t >= 0`, in
/// periods `(t - 1) + (-C_{t-1}) / CF_t`. Leading zero flows come before
/// the investment and do not count: the search starts at the first non-zero
/// flow, and when that is an inflow there is nothing to recover (period 0).
/// So `0, -500, 200, 200, 200` pays back at 3.5 periods. Flows that later turn negative
/// again do not undo it (the first crossing is reported, and nothing after
/// it is read); [`simple_payback_final`] reports the crossing after which the
/// total stays `>= 0`. The running
/// totals are exact: [`CashFlows::new`] refuses flows whose running total
/// leaves the decimal range.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{simple_payback, CashFlows, Currency};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// assert!(simple_payback(&CashFlows::new(vec![d(-100), d(10), d(10)], Currency::USD)?).is_none());
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn simple_payback(flows: &CashFlows) -> Option<Payback> {
    // `CashFlows::new` checked that every running total of these flows fits,
    // and `payback_of` adds them in the same order: it cannot overflow.
    payback_of(flows.flows.iter().map(|&f| Ok(f)), "cash_flows")
        .ok()
        .flatten()
}

/// Discounted payback: as [`simple_payback`] on the flows discounted at
/// `rate` (the `t = 0` convention: `CF_t / (1 + r)^t`).
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `rate` when `rate <= -1`;
/// [`Error::Overflow`] naming `discounted_payback` when a discounted flow or
/// the running total leaves the decimal range before the payback period,
/// rather than reporting that the flows never pay back. At a rate `>= 0`
/// this cannot happen (each running total of discounted flows is a weighted
/// mean of the flows' own running totals, which [`CashFlows::new`] keeps in
/// range); at a negative rate the discounted flows are larger than the flows.
///
/// Flows after the payback period are not read. A discount factor `(1 + r)^t`
/// beyond the decimal range (`1.1^t` from `t = 700`) is not an error: the flow
/// is divided by the factor in parts.
///
/// # Accuracy
///
/// Each discounted flow is rounded to `Decimal`'s 28 decimal places, so a
/// flow discounted below 1 keeps fewer significant digits (`10^-19` keeps
/// 9), and one below `5 x 10^-29` is 0.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{discounted_payback, CashFlows, Currency};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// let f = CashFlows::new(vec![d(-100_000), d(40_000), d(40_000), d(40_000)], Currency::USD)?;
/// let p = discounted_payback(&f, Decimal::new(8, 2))?.unwrap();
/// assert_eq!(p.period, 3);
/// assert!(p.periods > Decimal::new(29, 1) && p.periods < Decimal::new(3, 0));
/// assert!(discounted_payback(&f, Decimal::new(10, 2))?.is_none()); // above the IRR
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn discounted_payback(flows: &CashFlows, rate: Decimal) -> Result<Option<Payback>> {
    let rate = check_rate(rate)?;
    let growth = growth_of(rate);
    let mut discounter = Discounter::new(growth)?;
    payback_of(
        flows.flows.iter().map(|&f| discounter.discount(f)),
        "discounted_payback",
    )
}

/// Final simple payback: the period after which the cumulative cash flow
/// stays `>= 0` to the end of the flows, with linear interpolation inside
/// it; `None` if the flows end below 0.
///
/// [`simple_payback`] stops at the first period whose cumulative flow is
/// `>= 0`, even if a later outlay (a refit, a licence renewal) takes the
/// total below 0 again. This one reads every flow and reports the last
/// recovery: on `-100, 60, 60, -50, 40, 40` (cumulative `-100, -40, 20,
/// -30, 10, 50`) the first payback is 1.67 periods and the final one 3.75.
/// Both are the same when the total never falls back below 0 after the
/// first payback: for instance when the flows after the first outlay never
/// decrease, as a [`DeflectionCase`]'s do (its realised share of the saving
/// only grows, against the same running costs each period), so it reports
/// the first payback only.
///
/// # Formula
///
/// `C_t = sum_{s<=t} CF_s`; payback at the last `t` with `C_{t-1} < 0 <=
/// C_t` when `C_u >= 0` for every `u >= t`, in periods
/// `(t - 1) + (-C_{t-1}) / CF_t`. Period 0 (at once) when no `C_t` is below
/// 0 (no flows, all zero, or an inflow first that the total never falls
/// below 0 after); `None` when the last `C_T < 0`. Leading zero flows count
/// as in [`simple_payback`]. The running totals are exact: [`CashFlows::new`]
/// refuses flows whose running total leaves the decimal range.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{simple_payback, simple_payback_final, CashFlows, Currency};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// let f = CashFlows::new(vec![d(-100), d(60), d(60), d(-50), d(40), d(40)], Currency::USD)?;
/// assert_eq!(simple_payback(&f).unwrap().period, 2); // 1 + 40/60 periods
/// let p = simple_payback_final(&f).unwrap();
/// assert_eq!((p.period, p.periods), (4, Decimal::new(375, 2))); // 3 + 30/40
/// let short = CashFlows::new(vec![d(-100), d(150), d(-80)], Currency::USD)?;
/// assert!(simple_payback(&short).is_some());
/// assert!(simple_payback_final(&short).is_none()); // ends 30 below 0
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn simple_payback_final(flows: &CashFlows) -> Option<Payback> {
    // As in `simple_payback`: the running totals were checked to fit by
    // `CashFlows::new`, in the same order, so this cannot overflow.
    final_payback_of(flows.flows.iter().map(|&f| Ok(f)), "cash_flows")
        .ok()
        .flatten()
}

/// Final discounted payback: as [`simple_payback_final`] on the flows
/// discounted at `rate` (the `t = 0` convention: `CF_t / (1 + r)^t`).
///
/// Unlike [`discounted_payback`], every flow is read, since a later outlay
/// can take the discounted total below 0 again. Discounting can move the
/// final crossing later than the simple one: on `-100, 60, 60, -50, 40, 40`
/// at 10 % the discounted total is still `-6.11` after period 4 and
/// recovers in period 5 (4.25 periods; simple: 3.75).
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `rate` when `rate <= -1`;
/// [`Error::Overflow`] naming `discounted_payback` when a discounted flow or
/// the running total leaves the decimal range. At a rate `>= 0` this cannot
/// happen (each running total of discounted flows is a weighted mean of the
/// flows' own running totals, which [`CashFlows::new`] keeps in range).
///
/// # Accuracy
///
/// As [`discounted_payback`]: each discounted flow is rounded to
/// `Decimal`'s 28 decimal places, and one below `5 x 10^-29` is 0.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{discounted_payback_final, CashFlows, Currency};
///
/// let d = |v: i64| Decimal::new(v, 0);
/// let f = CashFlows::new(vec![d(-100), d(60), d(60), d(-50), d(40), d(40)], Currency::USD)?;
/// let p = discounted_payback_final(&f, Decimal::new(10, 2))?.unwrap();
/// assert_eq!(p.period, 5);
/// assert_eq!(p.periods.round_dp(6), Decimal::new(4_246_125, 6)); // 4 + 1969/8000
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn discounted_payback_final(flows: &CashFlows, rate: Decimal) -> Result<Option<Payback>> {
    let rate = check_rate(rate)?;
    let growth = growth_of(rate);
    let mut discounter = Discounter::new(growth)?;
    final_payback_of(
        flows.flows.iter().map(|&f| discounter.discount(f)),
        "discounted_payback",
    )
}

/// Return on investment: `(benefits - costs) / costs`; `None` when costs are zero.
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `costs` or `benefits` if negative;
/// [`Error::CurrencyMismatch`]; [`Error::Overflow`].
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{roi, Currency, Money};
///
/// let usd = |v: i64| Money::new(Decimal::new(v, 0), Currency::USD);
/// assert_eq!(roi(usd(150), usd(100))?, Some(Decimal::new(5, 1)));
/// assert_eq!(roi(usd(150), usd(0))?, None);
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn roi(benefits: Money, costs: Money) -> Result<Option<Decimal>> {
    non_negative("benefits", benefits.amount())?;
    non_negative("costs", costs.amount())?;
    let net = benefits.checked_sub(costs)?;
    if costs.is_zero() {
        return Ok(None);
    }
    Ok(Some(div(net.amount(), costs.amount(), "roi")?))
}

/// `(1 + r)^n - 1`: a per-period rate compounded over `n` periods (a
/// monthly rate to an annual one with `n = 12`).
///
/// # Accuracy
///
/// Square and multiply in `Decimal`, whose 28 decimal places bound each
/// step: against a 120-digit reference (`tests/periodic_to_annual.rs`,
/// rates from `-1 + 1e-28` to 10) the error is at most 1.1e-25 for up to
/// 8,760 periods, 1.3e-23 up to a million and 8.1e-20 at `u32::MAX`
/// (absolute where the result is under 1 in size, relative above; the
/// worst case is a rate of 1e-10, whose powers keep few significant
/// digits in 28 places). A result beyond `Decimal::MAX` is `Overflow`.
/// A result that would round to -1 (`(1 + r)^n` below `5e-29`, such as
/// `-0.9999999999` a day over 365 days) is `-1 + 1e-28`, the nearest rate
/// the other functions accept (they refuse `rate <= -1`).
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `rate` (`<= -1`) or
/// `periods_per_year` (zero); [`Error::Overflow`] naming `rate_conversion`.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::periodic_to_annual_rate;
///
/// // 1 % a month is 12.68 % a year, not 12 %.
/// let a = periodic_to_annual_rate(Decimal::new(1, 2), 12)?;
/// assert_eq!(a.round_dp(6), Decimal::new(126_825, 6));
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn periodic_to_annual_rate(rate: Decimal, periods_per_year: u32) -> Result<Decimal> {
    let rate = check_rate(rate)?;
    if periods_per_year == 0 {
        return Err(invalid("periods_per_year", 0, ">= 1"));
    }
    let growth = add(Decimal::ONE, rate, "rate_conversion")?;
    let p = pow_u32(growth, periods_per_year, "rate_conversion")?;
    // (1 + r)^n > 0, but below 5e-29 it rounds to 0 and the rate to -1,
    // which no function here accepts: the nearest accepted rate instead.
    let smallest = Decimal::NEGATIVE_ONE + Decimal::new(1, 28);
    Ok(sub(p, Decimal::ONE, "rate_conversion")?.max(smallest))
}

pub(crate) fn pow_u32(base: Decimal, exp: u32, quantity: &'static str) -> Result<Decimal> {
    let mut result = Decimal::ONE;
    let mut b = base;
    let mut e = exp;
    while e > 0 {
        if e & 1 == 1 {
            result = mul(result, b, quantity)?;
        }
        e >>= 1;
        if e > 0 {
            b = mul(b, b, quantity)?;
        }
    }
    Ok(result)
}

/// `(1 + r)^(1/n) - 1`: the per-period rate equivalent to an annual rate
/// (monthly with `n = 12`, weekly with `n = 52`).
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `rate` (`<= -1`) or
/// `periods_per_year` (zero); [`Error::Overflow`] naming `rate_conversion`.
///
/// # Accuracy
///
/// Over every accepted `rate` (`-1 + 1e-28` up to `Decimal::MAX`) and every
/// `periods_per_year`: within `1e-27` absolute where the result is under 1
/// in size, within `1e-27` relative above (a `Decimal` of size 1e14 holds
/// only 14 decimal places). Measured against Python `decimal` at 60 digits
/// on a 275-point grid including both ends: worst error one unit of the
/// 28th place. Newton's method on a 28-digit mantissa with a separate power
/// of ten, so neither a tiny `1 + rate` nor one near `Decimal::MAX` loses
/// digits or overflows; `periods_per_year = 1` returns `rate` itself.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::annual_to_periodic_rate;
///
/// // A staff base shrinking 35 % a year shrinks 3.53 % a month (not 35 / 12 = 2.92 %).
/// let m = annual_to_periodic_rate(Decimal::new(-35, 2), 12)?;
/// assert_eq!((-m).round_dp(4), Decimal::new(353, 4));
/// // 12.68 % a year is 1 % a month.
/// assert_eq!(annual_to_periodic_rate(Decimal::from_i128_with_scale(126_825_030_131_969_720_661_201, 24), 12)?.round_dp(12), Decimal::new(1, 2));
/// // The extremes: (2^96 - 1)^(1/2) - 1 = 2^48 - 1 - 1.8e-15, and a rate a hair above -1.
/// assert_eq!(annual_to_periodic_rate(Decimal::MAX, 2)?.round_dp(10), Decimal::from(281_474_976_710_655_i64));
/// assert_eq!(annual_to_periodic_rate(Decimal::new(1, 28) - Decimal::ONE, 2)?, Decimal::new(-99_999_999_999_999, 14));
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub fn annual_to_periodic_rate(rate: Decimal, periods_per_year: u32) -> Result<Decimal> {
    let rate = check_rate(rate)?;
    if periods_per_year == 0 {
        return Err(invalid("periods_per_year", 0, ">= 1"));
    }
    if periods_per_year == 1 {
        return Ok(rate);
    }
    let root = nth_root(growth_of(rate), periods_per_year, "rate_conversion")?;
    sub(root, Decimal::ONE, "rate_conversion")
}

/// How fast a deflection's gross saving is realised: staff cost only falls
/// as headcount actually falls.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::Realisation;
///
/// let r = Realisation::Attrition { headcount: Decimal::new(100, 0), surplus: Decimal::new(10, 0), rate: Decimal::new(3, 2) };
/// assert_ne!(r, Realisation::Immediate);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Realisation {
    /// The whole saving from period 1.
    #[default]
    Immediate,
    /// A straight ramp: `min(1, t / periods)` of the saving in period `t`.
    Linear {
        /// Periods to the full saving.
        periods: u32,
    },
    /// Surplus staff leave only by attrition (no backfill): in period `t`
    /// the share realised is `min(surplus, headcount x (1 - (1 - rate)^t)) / surplus`.
    Attrition {
        /// Headcount when the change goes live.
        #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
        headcount: Decimal,
        /// Heads no longer needed.
        #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
        surplus: Decimal,
        /// Attrition per period.
        #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
        rate: Decimal,
    },
}

impl Realisation {
    fn share(&self, t: u32) -> Result<Decimal> {
        match *self {
            Self::Immediate => Ok(Decimal::ONE),
            Self::Linear { periods } => {
                if periods == 0 || t >= periods {
                    Ok(Decimal::ONE)
                } else {
                    div(Decimal::from(t), Decimal::from(periods), "realisation")
                }
            }
            Self::Attrition {
                headcount,
                surplus,
                rate,
            } => {
                if surplus.is_zero() {
                    return Ok(Decimal::ONE);
                }
                let stay = pow_u32(Decimal::ONE - rate, t, "realisation")?;
                let gone = mul(headcount, Decimal::ONE - stay, "realisation")?;
                div(gone.min(surplus), surplus, "realisation")
            }
        }
    }

    fn check(&self) -> Result<()> {
        if let Self::Attrition {
            headcount,
            surplus,
            rate,
        } = *self
        {
            non_negative("headcount", headcount)?;
            non_negative("surplus", surplus)?;
            if surplus > headcount {
                return Err(invalid("surplus", surplus, "<= headcount"));
            }
            crate::error::unit_closed("rate", rate)?;
        }
        Ok(())
    }
}

/// A deflection or automation business case: the gross staff saving (from
/// re-solved staffing, see [`crate::StaffingCost::compare`]) realised as
/// headcount falls, against implementation, platform and usage costs.
///
/// # Formula
///
/// ```text
/// CF_0 = -implementation
/// CF_t = share_t x gross saving - platform - usage x deflected contacts     (t = 1..=periods)
/// ROI  = (sum share_t x gross - total costs) / total costs
/// ```
///
/// # Errors
///
/// Constructors and `with_*` methods return [`Error::InvalidParameter`]
/// naming the field for negative amounts, zero `periods`, a `rate <= -1`,
/// or an attrition realisation with `surplus > headcount`; [`Error::CurrencyMismatch`].
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, DeflectionCase, Irr, Money, Realisation};
///
/// let usd = |v: i64| Money::new(Decimal::new(v, 0), Currency::USD);
/// let case = DeflectionCase::new(usd(50_000), Decimal::new(20_000, 0), 12)?   // per month
///     .with_implementation(usd(150_000))?
///     .with_platform_cost(usd(5_000))?
///     .with_usage_cost(Money::new(Decimal::new(40, 2), Currency::USD))?       // 0.40 per contained contact
///     .with_realisation(Realisation::Linear { periods: 4 })?
///     .with_discount_rate(Decimal::new(8, 3))?;                               // 0.8 % a month
/// let r = case.evaluate()?;
/// assert_eq!(r.cash_flows.flows()[1], Decimal::new(-500, 0)); // 12,500 - 5,000 - 8,000
/// assert!(r.npv.amount() > Decimal::ZERO);
/// assert!(matches!(r.irr, Irr::Unique(_)));
/// assert!(r.simple_payback.is_some());
/// # Ok::<(), servops_cost::Error>(())
/// ```
///
/// # References
///
/// ccplanning.net and turnella.com on non-linear staffing savings and the
/// harder residual mix; Gartner (2019) on self-service costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeflectionCase {
    gross_saving_per_period: Money,
    deflected_per_period: Decimal,
    periods: u32,
    implementation: Money,
    platform_per_period: Money,
    usage_per_contact: Money,
    realisation: Realisation,
    rate: Decimal,
}

/// The evaluated [`DeflectionCase`].
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, DeflectionCase, DeflectionCaseResult, Money};
///
/// let usd = |v: i64| Money::new(Decimal::new(v, 0), Currency::USD);
/// let r: DeflectionCaseResult = DeflectionCase::new(usd(1_000), Decimal::ZERO, 3)?
///     .with_implementation(usd(1_500))?
///     .evaluate()?;
/// assert_eq!(r.benefits, usd(3_000));
/// assert_eq!(r.costs, usd(1_500));
/// assert_eq!(r.roi, Some(Decimal::ONE)); // (3,000 - 1,500) / 1,500
/// assert_eq!(r.simple_payback.unwrap().periods, Decimal::new(15, 1));
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DeflectionCaseResult {
    /// `CF_0 .. CF_periods`.
    pub cash_flows: CashFlows,
    /// Share of the gross saving realised in each period `1..=periods`.
    #[cfg_attr(feature = "serde", serde(with = "decimal_vec"))]
    pub realised_share: Vec<Decimal>,
    /// Total realised saving.
    pub benefits: Money,
    /// Total costs (implementation, platform, usage).
    pub costs: Money,
    /// NPV at the case's rate, `t = 0` convention.
    pub npv: Money,
    /// IRR per period.
    pub irr: Irr,
    /// Simple payback.
    pub simple_payback: Option<Payback>,
    /// Discounted payback at the case's rate.
    pub discounted_payback: Option<Payback>,
    /// `(benefits - costs) / costs`; `None` without costs.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str_option"))]
    pub roi: Option<Decimal>,
}

impl DeflectionCase {
    /// The longest horizon [`DeflectionCase::new`] accepts: 100,000 periods
    /// (over 8,000 years of months), so that [`DeflectionCase::evaluate`]
    /// stays small and fast.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money};
    ///
    /// let saving = Money::zero(Currency::USD);
    /// assert!(DeflectionCase::new(saving, Decimal::ZERO, DeflectionCase::MAX_PERIODS).is_ok());
    /// assert!(DeflectionCase::new(saving, Decimal::ZERO, DeflectionCase::MAX_PERIODS + 1).is_err());
    /// ```
    pub const MAX_PERIODS: u32 = 100_000;

    /// A case saving `gross_saving_per_period` of staff cost at full
    /// realisation, with `deflected_per_period` contacts contained, over
    /// `periods` periods; no costs, immediate realisation, zero rate.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `gross_saving` or `deflected` if
    /// negative, or `periods` outside `1..=`[`DeflectionCase::MAX_PERIODS`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money};
    ///
    /// assert!(DeflectionCase::new(Money::zero(Currency::USD), Decimal::ZERO, 0).is_err());
    /// ```
    pub fn new(
        gross_saving_per_period: Money,
        deflected_per_period: Decimal,
        periods: u32,
    ) -> Result<Self> {
        non_negative("gross_saving", gross_saving_per_period.amount())?;
        non_negative("deflected", deflected_per_period)?;
        if periods == 0 || periods > Self::MAX_PERIODS {
            return Err(invalid("periods", periods, "in 1..=100000"));
        }
        let c = gross_saving_per_period.currency();
        Ok(Self {
            gross_saving_per_period,
            deflected_per_period,
            periods,
            implementation: Money::zero(c),
            platform_per_period: Money::zero(c),
            usage_per_contact: Money::zero(c),
            realisation: Realisation::Immediate,
            rate: Decimal::ZERO,
        })
    }

    /// A case from a [`ScenarioComparison`] (a baseline and its deflection
    /// scenario, both staffed by the model): the gross saving and the
    /// contacts removed, each multiplied by `series_per_period` (how many of
    /// the compared series make one period, e.g. 4.33 weeks a month).
    ///
    /// The contacts deflected are the baseline's offered contacts minus the
    /// scenario's. That is the contained volume only when the scenario
    /// changes volume or deflects, not both: with +5 % growth and 15 %
    /// deflection the bot contains `1.05 x 0.15 = 15.75 %` of today's
    /// contacts, the volumes differ by `1 - 1.05 x 0.85 = 10.75 %`, and the
    /// saving nets the growth's extra cost in. Compare such a deflection
    /// against a baseline that already has the growth.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `volume_change` for a scenario
    /// with both a volume change and a deflection, `gross_saving` when the
    /// scenario costs more than the baseline, `series_per_period` if
    /// negative, or `periods`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use rust_decimal::Decimal;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_cost::*;
    /// use servops_queue::{Model, Targets, Workload};
    /// use std::time::Duration;
    ///
    /// let grid = IntervalGrid::new(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).single().ok_or("date")?, Duration::from_secs(1800), 20)?;
    /// let work = IntervalSeries::filled(grid, Workload::new(100.0, Duration::from_secs(300))?);
    /// let model = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
    ///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
    /// let cmp = model.compare(&work, &Scenario::new().with_deflection(Decimal::new(2, 1))?)?;
    /// let case = DeflectionCase::from_comparison(&cmp, Decimal::new(22, 0), 24)?; // 22 such days a month
    /// assert!(case.evaluate()?.npv.amount() > Decimal::ZERO);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_comparison(
        comparison: &ScenarioComparison,
        series_per_period: Decimal,
        periods: u32,
    ) -> Result<Self> {
        non_negative("series_per_period", series_per_period)?;
        let applied = comparison.definition;
        if !applied.volume_change().is_zero() && !applied.deflection().is_zero() {
            return Err(invalid(
                "volume_change",
                applied.volume_change(),
                "0 when the scenario also deflects (compare the deflection against a baseline with the volume change)",
            ));
        }
        let gross = comparison.saving.checked_mul(series_per_period)?;
        let removed = sub(
            comparison.baseline.offered,
            comparison.scenario.offered,
            "deflected",
        )?;
        let deflected = mul(removed.max(Decimal::ZERO), series_per_period, "deflected")?;
        Self::new(gross, deflected, periods)
    }

    fn same(&self, m: Money, name: &'static str) -> Result<Money> {
        if m.currency() != self.gross_saving_per_period.currency() {
            return Err(Error::CurrencyMismatch {
                left: self.gross_saving_per_period.currency(),
                right: m.currency(),
            });
        }
        non_negative(name, m.amount())?;
        Ok(m)
    }

    /// One-off implementation cost at `t = 0`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `implementation` if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money};
    ///
    /// let c = DeflectionCase::new(Money::zero(Currency::USD), Decimal::ZERO, 1)?;
    /// assert!(c.with_implementation(Money::new(Decimal::NEGATIVE_ONE, Currency::USD)).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_implementation(mut self, cost: Money) -> Result<Self> {
        self.implementation = self.same(cost, "implementation")?;
        Ok(self)
    }

    /// Platform (licence, hosting) cost per period.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `platform` if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money};
    ///
    /// let c = DeflectionCase::new(Money::zero(Currency::USD), Decimal::ZERO, 1)?;
    /// assert!(c.with_platform_cost(Money::zero(Currency::EUR)).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_platform_cost(mut self, per_period: Money) -> Result<Self> {
        self.platform_per_period = self.same(per_period, "platform")?;
        Ok(self)
    }

    /// Usage cost per deflected contact (tokens, per-session fees).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `usage` if negative; [`Error::CurrencyMismatch`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money};
    ///
    /// let c = DeflectionCase::new(Money::zero(Currency::USD), Decimal::ONE, 1)?
    ///     .with_usage_cost(Money::new(Decimal::new(5, 1), Currency::USD))?;
    /// assert_eq!(c.evaluate()?.cash_flows.flows()[1], Decimal::new(-5, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_usage_cost(mut self, per_contact: Money) -> Result<Self> {
        self.usage_per_contact = self.same(per_contact, "usage")?;
        Ok(self)
    }

    /// How the saving is realised over time.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `headcount`, `surplus` or `rate`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money, Realisation};
    ///
    /// let c = DeflectionCase::new(Money::zero(Currency::USD), Decimal::ONE, 1)?;
    /// let bad = Realisation::Attrition { headcount: Decimal::ONE, surplus: Decimal::TWO, rate: Decimal::new(3, 2) };
    /// assert!(c.with_realisation(bad).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_realisation(mut self, realisation: Realisation) -> Result<Self> {
        realisation.check()?;
        self.realisation = realisation;
        Ok(self)
    }

    /// Discount rate per period for NPV and discounted payback.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `rate` when `<= -1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money};
    ///
    /// let c = DeflectionCase::new(Money::zero(Currency::USD), Decimal::ONE, 1)?;
    /// assert!(c.with_discount_rate(Decimal::new(-2, 0)).is_err());
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_discount_rate(mut self, rate: Decimal) -> Result<Self> {
        self.rate = check_rate(rate)?;
        Ok(self)
    }

    /// Cash flows, NPV, IRR, paybacks and ROI.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming the quantity.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, DeflectionCase, Money};
    ///
    /// let r = DeflectionCase::new(Money::new(Decimal::TEN, Currency::USD), Decimal::ZERO, 3)?.evaluate()?;
    /// assert_eq!(r.cash_flows.len(), 4);
    /// assert_eq!(r.roi, None); // no costs
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn evaluate(&self) -> Result<DeflectionCaseResult> {
        let c = self.gross_saving_per_period.currency();
        let usage = mul(
            self.usage_per_contact.amount(),
            self.deflected_per_period,
            "usage",
        )?;
        let running = add(self.platform_per_period.amount(), usage, "costs")?;
        let mut flows = Vec::with_capacity(self.periods as usize + 1);
        flows.push(-self.implementation.amount());
        let mut shares = Vec::with_capacity(self.periods as usize);
        let mut benefits = Decimal::ZERO;
        let mut costs = self.implementation.amount();
        for t in 1..=self.periods {
            let share = self.realisation.share(t)?;
            let realised = mul(share, self.gross_saving_per_period.amount(), "benefits")?;
            benefits = add(benefits, realised, "benefits")?;
            costs = add(costs, running, "costs")?;
            flows.push(sub(realised, running, "cash_flows")?);
            shares.push(share);
        }
        let cash_flows = CashFlows::new(flows, c)?;
        let npv_value = npv(self.rate, &cash_flows, NpvConvention::FirstFlowAtTimeZero)?;
        Ok(DeflectionCaseResult {
            irr: irr(&cash_flows)?,
            simple_payback: simple_payback(&cash_flows),
            discounted_payback: discounted_payback(&cash_flows, self.rate)?,
            roi: roi(Money::new(benefits, c), Money::new(costs, c))?,
            npv: npv_value,
            cash_flows,
            realised_share: shares,
            benefits: Money::new(benefits, c),
            costs: Money::new(costs, c),
        })
    }
}
