//! Workforce KPIs: occupancy, utilisation with a named denominator,
//! shrinkage (additive or multiplicative) and attrition (simple or compound
//! annualisation).

use std::time::Duration;

use crate::error::{Error, Result};
use crate::service::Kpi;

/// Occupancy: the share of on-queue (staffed, available-to-work) time spent
/// handling contacts.
///
/// # Formula
///
/// `occupancy = handle / (handle + available idle)` (Amazon Connect:
/// handle / (handle + idle in a productive status); Erlang C: `A / N`).
/// `None` when both times are zero.
///
/// `handle` must be the total handle time of every contact handled in the
/// period. The handle sums of [`Components`](crate::Components) (`talk_ms`,
/// `hold_ms`, `acw_ms`) leave out the answered contacts whose handle time
/// is unknown ([`Components::handle_unknown`](crate::Components::handle_unknown)),
/// so passing them here understates occupancy when any is unknown;
/// [`Components::occupancy`](crate::Components::occupancy) refuses that
/// case with a typed error.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// let occ = servops_kpi::occupancy(Duration::from_secs(3 * 3600), Duration::from_secs(3600));
/// assert_eq!(occ.value(), Some(0.75));
/// assert_eq!(servops_kpi::occupancy(Duration::ZERO, Duration::ZERO).value(), None);
/// ```
pub fn occupancy(handle: Duration, available: Duration) -> Kpi<()> {
    let h = handle.as_secs_f64();
    Kpi::new(h, h + available.as_secs_f64(), ())
}

/// The time a utilisation is measured against. Vendors disagree, so the
/// caller names it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{utilisation, UtilisationBase};
///
/// let u = utilisation(Duration::from_secs(6 * 3600), UtilisationBase::Paid, Duration::from_secs(8 * 3600));
/// assert_eq!(u.value(), Some(0.75));
/// assert_eq!(u.policy, UtilisationBase::Paid);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum UtilisationBase {
    /// Logged-in (staffed) time.
    Staffed,
    /// Scheduled time (for staffing).
    Scheduled,
    /// Paid time, training and other off-phone paid time included (for
    /// cost; Genesys "utilization considers total time at work").
    Paid,
}

/// Utilisation: productive time (the caller says what it counts: handle
/// time, or handle plus available time) over the named base time.
///
/// # Examples
///
/// 30 h of handle and available time over a 37.5 h staffed week: 30 / 37.5
/// = 0.8. The same 30 h over 40 paid hours: 0.75. The base travels with the
/// value; a zero base gives no value.
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{utilisation, UtilisationBase};
///
/// let h = |x: u64| Duration::from_secs(x * 3600);
/// let staffed = utilisation(h(30), UtilisationBase::Staffed, Duration::from_secs(37 * 3600 + 1800));
/// assert_eq!(staffed.value(), Some(0.8));
/// assert_eq!(staffed.policy, UtilisationBase::Staffed);
/// assert_eq!(utilisation(h(30), UtilisationBase::Paid, h(40)).value(), Some(0.75));
/// assert_eq!(utilisation(h(30), UtilisationBase::Scheduled, Duration::ZERO).value(), None);
/// ```
pub fn utilisation(
    productive: Duration,
    base: UtilisationBase,
    base_time: Duration,
) -> Kpi<UtilisationBase> {
    Kpi::new(productive.as_secs_f64(), base_time.as_secs_f64(), base)
}

/// How shrinkage categories combine.
///
/// # Formula
///
/// - `Additive`: every category is a fraction of the same paid-time base,
///   `s = Σ s_i` (the usual WFM convention);
/// - `Multiplicative`: each category is measured on the time left by the
///   previous ones (absence first, then breaks as a share of attended
///   time), `s = 1 − Π (1 − s_i)`.
///
/// # Examples
///
/// ```
/// use servops_kpi::{combine_shrinkage, ShrinkageCombination};
///
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let add = combine_shrinkage(&[0.10, 0.20], ShrinkageCombination::Additive)?;
/// let mul = combine_shrinkage(&[0.10, 0.20], ShrinkageCombination::Multiplicative)?;
/// assert!((add - 0.30).abs() < 1e-12);
/// assert!((mul - 0.28).abs() < 1e-12);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ShrinkageCombination {
    /// Fractions of one common base: they add.
    Additive,
    /// Fractions of successive remainders: they multiply.
    Multiplicative,
}

fn fraction(name: &'static str, v: f64) -> Result<f64> {
    if v.is_finite() && (0.0..1.0).contains(&v) {
        Ok(v)
    } else {
        Err(Error::InvalidParameter {
            name,
            value: v.to_string(),
            constraint: "finite and in [0, 1)",
        })
    }
}

/// Combines shrinkage categories (planned, unplanned, ...) into one
/// fraction, as `rule` says.
///
/// # Accuracy
///
/// The multiplicative form is computed as `−expm1(Σ ln(1 − s_i))`, within a
/// few ulps of the exact value even for tiny shares, where
/// `1 − Π(1 − s_i)` would cancel.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if a category is not in `[0, 1)` or the
/// combined shrinkage reaches 1 (no productive time would be left).
///
/// # Examples
///
/// Planned 12 %, unplanned 5 %, training 3 %: added, 20 %; each on the time
/// the previous left, `1 − 0.88 × 0.95 × 0.97 = 1 − 0.81092 = 0.18908`.
/// Categories adding up to 100 % or more leave no productive time, a typed
/// error.
///
/// ```
/// use servops_kpi::{combine_shrinkage, Error, ShrinkageCombination};
///
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let parts = [0.12, 0.05, 0.03];
/// let add = combine_shrinkage(&parts, ShrinkageCombination::Additive)?;
/// let mul = combine_shrinkage(&parts, ShrinkageCombination::Multiplicative)?;
/// assert!((add - 0.20).abs() < 1e-15);
/// assert!((mul - 0.18908).abs() < 1e-15);
/// assert_eq!(combine_shrinkage(&[], ShrinkageCombination::Multiplicative)?, 0.0);
/// let all = combine_shrinkage(&[0.6, 0.5], ShrinkageCombination::Additive);
/// assert!(matches!(all, Err(Error::InvalidParameter { name: "combined shrinkage", .. })));
/// # Ok(())
/// # }
/// ```
pub fn combine_shrinkage(parts: &[f64], rule: ShrinkageCombination) -> Result<f64> {
    for p in parts {
        fraction("shrinkage category", *p)?;
    }
    let s = match rule {
        ShrinkageCombination::Additive => parts.iter().sum(),
        // 1 − Π(1 − s_i) as −expm1(Σ ln(1 − s_i)): the direct form cancels
        // for small shares (two of 1e-10: 8e-8 relative error). `0.0 −`
        // keeps an empty list at +0.
        ShrinkageCombination::Multiplicative => {
            0.0 - parts.iter().map(|p| (-p).ln_1p()).sum::<f64>().exp_m1()
        }
    };
    fraction("combined shrinkage", s)
}

/// Shrinkage measured from time: lost (unavailable) time over base time.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// let s = servops_kpi::shrinkage_from_time(Duration::from_secs(12 * 3600), Duration::from_secs(40 * 3600));
/// assert_eq!(s.value(), Some(0.3));
/// ```
pub fn shrinkage_from_time(lost: Duration, base: Duration) -> Kpi<()> {
    Kpi::new(lost.as_secs_f64(), base.as_secs_f64(), ())
}

/// Staff to schedule so that `required` remain after shrinkage `s`.
///
/// # Formula
///
/// `scheduled = required / (1 − s)`, not `required × (1 + s)`
/// (100 × 1.3 = 130 leaves 91 after 30 % shrinkage).
///
/// # Errors
///
/// [`Error::InvalidParameter`] if `required` is negative or not finite,
/// `s` is not in `[0, 1)`, or the result overflows to infinity (named
/// `scheduled staff`).
///
/// # Examples
///
/// ```
/// let n = servops_kpi::scheduled_for_required(100.0, 0.3)?;
/// assert!((n - 142.857).abs() < 1e-3);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
pub fn scheduled_for_required(required: f64, shrinkage: f64) -> Result<f64> {
    if !(required.is_finite() && required >= 0.0) {
        return Err(Error::InvalidParameter {
            name: "required staff",
            value: required.to_string(),
            constraint: "finite and >= 0",
        });
    }
    let scheduled = required / (1.0 - fraction("shrinkage", shrinkage)?);
    if !scheduled.is_finite() {
        return Err(Error::InvalidParameter {
            name: "scheduled staff",
            value: format!("{required} / (1 - {shrinkage})"),
            constraint: "finite (required staff too large for the shrinkage)",
        });
    }
    Ok(scheduled)
}

/// Attrition over a period: leavers over the average of the opening and
/// closing headcount.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if a headcount is negative or not finite.
///
/// # Examples
///
/// ```
/// let a = servops_kpi::attrition_rate(6, 100.0, 90.0)?;
/// assert!((a.value().unwrap_or(0.0) - 6.0 / 95.0).abs() < 1e-12);
/// assert_eq!(servops_kpi::attrition_rate(0, 0.0, 0.0)?.value(), None);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
pub fn attrition_rate(leavers: u64, start_headcount: f64, end_headcount: f64) -> Result<Kpi<()>> {
    for (name, v) in [
        ("start headcount", start_headcount),
        ("end headcount", end_headcount),
    ] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::InvalidParameter {
                name,
                value: v.to_string(),
                constraint: "finite and >= 0",
            });
        }
    }
    // Two headcounts near f64::MAX overflow when added: halve them first
    // then (halving is exact there).
    let sum = start_headcount + end_headcount;
    let average = if sum.is_finite() {
        sum / 2.0
    } else {
        start_headcount / 2.0 + end_headcount / 2.0
    };
    Ok(Kpi::new(leavers as f64, average, ()))
}

/// How a per-period attrition rate becomes an annual one. The right rule
/// depends on what the per-period rate measures.
///
/// # Formula
///
/// - `Simple`: `annual = n × m`. For the contact-centre KPI
///   [`attrition_rate`], leavers / average headcount of a team that
///   backfills its leavers, this is the same KPI over the year (annual
///   leavers / average headcount) when the headcount is steady. That rate
///   can exceed 1 in a period (120 leavers over an average of 100 agents is
///   1.2, with hires replacing them), and so can the annual figure:
///   outsourced centres report 100 % a year and more.
/// - `Compound`: `annual = 1 − (1 − m)^n`, for a cohort share: `m` is the
///   share of the staff present at the start of a period who leave during
///   it (at most 1), periods independent, and the result is the share of a
///   starting group gone after a year. Applied to a leavers / average
///   headcount KPI it does not give that KPI's annual value (35 % a year
///   backfilled is 2.92 % a month, which compounds to 29.9 %), so it
///   refuses `m > 1`, which no cohort share can be.
///
/// (For a backfilled team at a steady headcount whose agents leave at a
/// constant rate, the share of the agents present at the start of the year
/// who leave within it is `1 − e^(−n m)` with `m` the leavers / average
/// headcount rate; neither rule computes that.)
///
/// # Examples
///
/// ```
/// use servops_kpi::{annualise_attrition, AnnualisationRule};
///
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let compound = annualise_attrition(0.0353, 12, AnnualisationRule::Compound)?;
/// let simple = annualise_attrition(0.0292, 12, AnnualisationRule::Simple)?;
/// assert!((compound - 0.350).abs() < 0.001);
/// assert!((simple - 0.350).abs() < 0.001);
/// // 120 leavers over an average of 100 agents in a month, every month
/// let heavy = annualise_attrition(1.2, 12, AnnualisationRule::Simple)?;
/// assert!((heavy - 14.4).abs() < 1e-12);
/// assert!(annualise_attrition(1.2, 12, AnnualisationRule::Compound).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AnnualisationRule {
    /// `1 − (1 − m)^n`, `m` a share of the period's opening staff (`<= 1`).
    Compound,
    /// `n × m`, `m` leavers / average headcount (any `m >= 0`).
    Simple,
}

/// Annualises a per-period attrition rate `m` over `periods_per_year`
/// periods (12 for months, 52 for weeks), by the rule that fits what `m`
/// measures (see [`AnnualisationRule`]).
///
/// # Accuracy
///
/// `Compound` is computed as `−expm1(n ln(1 − m))`, within a few ulps of
/// the exact value even for a tiny `m`, where `1 − (1 − m)^n` would cancel.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if `m` is negative or not finite, if `m > 1`
/// under `Compound` (not a share of the opening staff: a leavers / average
/// headcount rate annualises with `Simple`), if `periods_per_year` is 0, or
/// if `n × m` overflows.
///
/// # Examples
///
/// Half of a cohort leaving each period, over 3 periods: `1 − 0.5³ =
/// 0.875` compounded. 2 % leavers / average headcount a month is
/// `12 × 0.02 = 0.24` a year, simply. Zero periods are a typed error.
///
/// ```
/// use servops_kpi::{annualise_attrition, AnnualisationRule, Error};
///
/// # fn main() -> Result<(), servops_kpi::Error> {
/// let cohort = annualise_attrition(0.5, 3, AnnualisationRule::Compound)?;
/// assert!((cohort - 0.875).abs() < 1e-15);
/// let monthly = annualise_attrition(0.02, 12, AnnualisationRule::Simple)?;
/// assert!((monthly - 0.24).abs() < 1e-15);
/// let none = annualise_attrition(0.02, 0, AnnualisationRule::Simple);
/// assert!(matches!(none, Err(Error::InvalidParameter { name: "periods per year", .. })));
/// # Ok(())
/// # }
/// ```
pub fn annualise_attrition(
    rate: f64,
    periods_per_year: u32,
    rule: AnnualisationRule,
) -> Result<f64> {
    if !(rate.is_finite() && rate >= 0.0) {
        return Err(Error::InvalidParameter {
            name: "attrition rate",
            value: rate.to_string(),
            constraint: "finite and >= 0",
        });
    }
    if rule == AnnualisationRule::Compound && rate > 1.0 {
        return Err(Error::InvalidParameter {
            name: "attrition rate",
            value: rate.to_string(),
            constraint: "at most 1 under Compound (a share of the period's opening staff); \
                         leavers / average headcount above 1 annualises with Simple",
        });
    }
    if periods_per_year == 0 {
        return Err(Error::InvalidParameter {
            name: "periods per year",
            value: "0".to_string(),
            constraint: "at least 1",
        });
    }
    let n = f64::from(periods_per_year);
    let annual = match rule {
        // 1 − (1 − m)^n as −expm1(n ln(1 − m)), without the cancellation
        // of the direct form for a small m (1e-10 monthly: 8e-8 relative).
        AnnualisationRule::Compound => 0.0 - (n * (-rate).ln_1p()).exp_m1(),
        AnnualisationRule::Simple => n * rate,
    };
    if !annual.is_finite() {
        return Err(Error::InvalidParameter {
            name: "annual attrition",
            value: format!("{periods_per_year} x {rate}"),
            constraint: "finite",
        });
    }
    Ok(annual)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinkage_bounds() {
        assert!(combine_shrinkage(&[0.6, 0.5], ShrinkageCombination::Additive).is_err());
        assert!(combine_shrinkage(&[0.6, 0.5], ShrinkageCombination::Multiplicative).is_ok());
        assert!(combine_shrinkage(&[f64::NAN], ShrinkageCombination::Additive).is_err());
        assert!(scheduled_for_required(10.0, 1.0).is_err());
        // wewfm.com check: 130 scheduled at 30 % shrinkage leaves 91, so 91
        // on the phones need 130 scheduled.
        assert!((scheduled_for_required(91.0, 0.3).unwrap() - 130.0).abs() < 1e-9);
    }

    #[test]
    fn attrition_examples() {
        // research notes: 35 %/yr <-> 3.53 %/month compound, 2.92 % naive.
        // The monthly rate m = 1 - 0.65^(1/12) = 0.0352619 (computed apart, to
        // 7 places) annualises back to 35 % compounded (to 1e-6), and 2.92 %
        // to 35.04 % simple.
        let m = 0.035_261_9;
        let compound = annualise_attrition(m, 12, AnnualisationRule::Compound).unwrap();
        assert!((compound - 0.35).abs() < 1e-6, "{compound}");
        let simple = annualise_attrition(0.0292, 12, AnnualisationRule::Simple).unwrap();
        assert!((simple - 0.3504).abs() < 1e-12, "{simple}");
        assert!(annualise_attrition(0.1, 0, AnnualisationRule::Simple).is_err());
    }

    /// Leavers / average headcount exceeds 1 in a period where a team
    /// backfills more leavers than its average size (by hand: 120 leavers
    /// over an average of 100 in a month is 1.2; twelve such months are
    /// 1,440 leavers over the same average, 14.4 a year). Compound
    /// annualisation needs a share of the opening staff, at most 1.
    #[test]
    fn simple_annualisation_takes_rates_above_one() {
        let m = attrition_rate(120, 90.0, 110.0).unwrap().value().unwrap();
        assert_eq!(m, 1.2);
        let a = annualise_attrition(m, 12, AnnualisationRule::Simple).unwrap();
        assert!((a - 14.4).abs() < 1e-12, "{a}");
        assert_eq!(
            annualise_attrition(1.5, 52, AnnualisationRule::Simple).unwrap(),
            78.0
        );
        let e = annualise_attrition(1.2, 12, AnnualisationRule::Compound).unwrap_err();
        assert!(e.to_string().contains("Simple"), "{e}");
        assert!(annualise_attrition(-0.1, 12, AnnualisationRule::Simple).is_err());
        assert!(annualise_attrition(f64::INFINITY, 12, AnnualisationRule::Simple).is_err());
    }

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    /// Small shares: `1 − Π(1 − s_i)` cancels in floating point. References
    /// from mpmath at 50 digits on the same f64 inputs: two categories of
    /// 1e-10 combine to 1.9999999999000000729e-10 and two of 0.001 to
    /// 0.0019990000000000000416 (before: 2.000000165e-10, 8e-8 relative,
    /// and 0.001998999999999973, 1.4e-14).
    #[test]
    fn multiplicative_shrinkage_of_small_shares_is_accurate() {
        let m = |p: f64| combine_shrinkage(&[p, p], ShrinkageCombination::Multiplicative).unwrap();
        let e = rel(m(1e-10), 1.999_999_999_9e-10);
        assert!(e < 1e-15, "{e}");
        let e = rel(m(0.001), 0.001_999);
        assert!(e < 1e-15, "{e}");
        let e = rel(
            combine_shrinkage(&[0.1, 0.2], ShrinkageCombination::Multiplicative).unwrap(),
            0.28,
        );
        assert!(e < 1e-15, "{e}");
    }

    /// Compound annualisation of a small monthly rate: `1 − (1 − m)^12`
    /// cancels. mpmath at 50 digits: m = 1e-10 gives 1.1999999993400000439e-9,
    /// m = 0.001 gives 0.011934219505791077039 (before: 1.2000000993e-9,
    /// 8e-8 relative).
    #[test]
    fn compound_annualisation_of_a_small_rate_is_accurate() {
        let a = |m: f64| annualise_attrition(m, 12, AnnualisationRule::Compound).unwrap();
        let e = rel(a(1e-10), 1.199_999_999_34e-9);
        assert!(e < 1e-15, "{e}");
        let e = rel(a(0.001), 0.011_934_219_505_791_077);
        assert!(e < 1e-15, "{e}");
        assert_eq!(a(1.0), 1.0);
        assert_eq!(a(0.0), 0.0);
    }
}
