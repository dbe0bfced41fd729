//! QA sample sizes and Wilson score intervals for pass rates.

use super::{ConfidenceLevel, invalid};
use crate::Result;

/// A required sample size, before and after the finite-population correction.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{sample_size_for_proportion, ConfidenceLevel};
///
/// let s = sample_size_for_proportion(0.5, 0.05, ConfidenceLevel::new(0.95)?, Some(1000))?;
/// assert_eq!(s.required, 278);
/// assert!((s.unadjusted - 384.15).abs() < 0.01);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) checks what a sample size can be: finite
/// sizes `>= 0`, an adjusted size between the unadjusted one and 1 (the
/// finite-population correction moves it towards 1; 0 stays 0), and
/// `required` the adjusted size rounded up, at least 1.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "SampleSizeRepr")
)]
#[non_exhaustive]
pub struct SampleSize {
    /// n0, the size for an infinite population.
    pub unadjusted: f64,
    /// n after the finite-population correction (n0 when no population is given).
    pub adjusted: f64,
    /// The number of evaluations to draw: `adjusted` rounded up (never more
    /// than the population).
    pub required: u64,
}

fn finish(n0: f64, population: Option<u64>) -> Result<SampleSize> {
    let adjusted = match population {
        None => n0,
        Some(0) => return Err(invalid("population", 0, ">= 1")),
        // No variance: 0 for every population (for N = 1 the formula is
        // 0/0).
        Some(_) if n0 == 0.0 => 0.0,
        Some(big_n) => n0 / (1.0 + (n0 - 1.0) / big_n as f64),
    };
    if !adjusted.is_finite() {
        return Err(invalid(
            "sample size",
            adjusted,
            "finite (margin too small)",
        ));
    }
    // A 1e-9 allowance keeps a size that is an integer up to rounding from
    // being pushed up by one.
    let required = (adjusted - 1e-9).ceil().max(1.0);
    let required = match population {
        // The cap is taken in integers: a population past 2^53 is not a
        // double, and `N as f64` can round above N.
        Some(big_n) if required >= big_n as f64 => big_n,
        _ if required >= u64::MAX as f64 => {
            return Err(invalid("sample size", required, "representable as u64"));
        }
        _ => required as u64,
    };
    Ok(SampleSize {
        unadjusted: n0,
        adjusted,
        required,
    })
}

/// The number of evaluations needed to estimate a pass rate (a proportion)
/// within `± margin`, with Cochran's finite-population correction.
///
/// # Formula
///
/// `n0 = z² p (1 − p) / e²`; with a population of `N` contacts,
/// `n = n0 / (1 + (n0 − 1)/N)`; `required = ⌈n⌉`. Use `p = 0.5` when
/// nothing is known (the largest `n`).
///
/// # Errors
///
/// [`crate::Error::InvalidParameter`] when `expected` is not in [0, 1],
/// `margin` not in (0, 1), or `population` is `Some(0)`.
///
/// # Accuracy
///
/// Exact arithmetic on `z` (itself to 1e-13).
///
/// # Examples
///
/// How many of last month's 5,000 calls must QA score to know a 90 % pass
/// rate within ±3 points at 95 % confidence?
///
/// ```
/// use servops_kpi::qa::{sample_size_for_proportion, ConfidenceLevel};
///
/// let s = sample_size_for_proportion(0.9, 0.03, ConfidenceLevel::new(0.95)?, Some(5000))?;
/// assert_eq!(s.required, 357);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., §4.4.
pub fn sample_size_for_proportion(
    expected: f64,
    margin: f64,
    confidence: ConfidenceLevel,
    population: Option<u64>,
) -> Result<SampleSize> {
    if !(0.0..=1.0).contains(&expected) {
        return Err(invalid("expected proportion", expected, "in [0, 1]"));
    }
    if !(margin > 0.0 && margin < 1.0) {
        return Err(invalid("margin", margin, "strictly between 0 and 1"));
    }
    let z = confidence.z();
    finish(
        z * z * expected * (1.0 - expected) / (margin * margin),
        population,
    )
}

/// The number of evaluations needed to estimate a mean score within
/// `± margin`, given the scores' standard deviation, with the
/// finite-population correction.
///
/// # Formula
///
/// `n0 = (z σ / e)²`, then as [`sample_size_for_proportion`].
///
/// # Errors
///
/// [`crate::Error::InvalidParameter`] when `std_dev` is not finite and
/// `>= 0`, `margin` is not finite and `> 0`, or `population` is `Some(0)`.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{sample_size_for_mean, ConfidenceLevel};
///
/// // Scores with sd 12 points, mean wanted within ±2 points, 95 %.
/// let s = sample_size_for_mean(12.0, 2.0, ConfidenceLevel::new(0.95)?, None)?;
/// assert_eq!(s.required, 139);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., §4.6.
pub fn sample_size_for_mean(
    std_dev: f64,
    margin: f64,
    confidence: ConfidenceLevel,
    population: Option<u64>,
) -> Result<SampleSize> {
    if !(std_dev.is_finite() && std_dev >= 0.0) {
        return Err(invalid("standard deviation", std_dev, "finite and >= 0"));
    }
    if !(margin.is_finite() && margin > 0.0) {
        return Err(invalid("margin", margin, "finite and > 0"));
    }
    let r = confidence.z() * std_dev / margin;
    finish(r * r, population)
}

/// A Wilson score interval for a proportion.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{wilson_interval, ConfidenceLevel};
///
/// let w = wilson_interval(45, 50, ConfidenceLevel::new(0.95)?)?.unwrap();
/// assert_eq!(w.estimate, 0.9);
/// assert!(w.lower < 0.9 && 0.9 < w.upper && w.upper < 1.0);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) checks
/// `0 <= lower <= estimate <= upper <= 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "WilsonIntervalRepr")
)]
#[non_exhaustive]
pub struct WilsonInterval {
    /// The observed proportion x/n.
    pub estimate: f64,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// The Wilson score interval for `successes` out of `trials` (a QA pass
/// rate); `None` when `trials` is 0 (the rate is undefined).
///
/// # Formula
///
/// With `p̂ = x/n` and `z` the two-sided critical value:
/// `(p̂ + z²/2n ± z sqrt(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)`.
/// Unlike the Wald interval it stays inside [0, 1] and does not collapse to a
/// point at 0 % or 100 %.
///
/// # Errors
///
/// [`crate::Error::InvalidParameter`] when `successes > trials`.
///
/// # Accuracy
///
/// To a few ulps given `z` (tested against statsmodels' `proportion_confint`).
///
/// # Examples
///
/// Newcombe (1998)'s example: 0 of 20 gives [0, 0.1611].
///
/// ```
/// use servops_kpi::qa::{wilson_interval, ConfidenceLevel};
///
/// let c = ConfidenceLevel::new(0.95)?;
/// let w = wilson_interval(0, 20, c)?.unwrap();
/// assert_eq!(w.lower, 0.0);
/// assert!((w.upper - 0.1611).abs() < 1e-4);
/// assert!(wilson_interval(0, 0, c)?.is_none());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Wilson, E. B. (1927). Probable inference, the law of succession, and
/// statistical inference. *JASA* 22(158), 209–212. Newcombe, R. G. (1998).
/// Two-sided confidence intervals for the single proportion. *Statistics in
/// Medicine* 17, 857–872.
pub fn wilson_interval(
    successes: u64,
    trials: u64,
    confidence: ConfidenceLevel,
) -> Result<Option<WilsonInterval>> {
    if successes > trials {
        return Err(invalid("successes", successes, "<= trials"));
    }
    if trials == 0 {
        return Ok(None);
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z = confidence.z();
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    let lower = if successes == 0 {
        0.0
    } else {
        (center - half).clamp(0.0, p)
    };
    let upper = if successes == trials {
        1.0
    } else {
        (center + half).clamp(p, 1.0)
    };
    Ok(Some(WilsonInterval {
        estimate: p,
        lower,
        upper,
    }))
}

/// The serialised form of a [`SampleSize`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleSizeRepr {
    unadjusted: f64,
    adjusted: f64,
    required: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<SampleSizeRepr> for SampleSize {
    type Error = crate::Error;

    fn try_from(r: SampleSizeRepr) -> Result<Self> {
        use crate::serde_support::at_most;
        let (n0, adj) = (r.unadjusted, r.adjusted);
        for (name, x) in [
            ("unadjusted sample size", n0),
            ("adjusted sample size", adj),
        ] {
            if !(x.is_finite() && x >= 0.0) {
                return Err(invalid(name, x, "finite and >= 0"));
            }
        }
        let (lo, hi) = if n0 == 0.0 {
            (0.0, 0.0)
        } else {
            (n0.min(1.0), n0.max(1.0))
        };
        if !(at_most(lo, adj) && at_most(adj, hi)) {
            return Err(invalid(
                "adjusted sample size",
                adj,
                "between the unadjusted size and 1 (0 when the unadjusted size is 0)",
            ));
        }
        let expected = (adj - 1e-9).ceil().max(1.0);
        let required = r.required as f64;
        // exact below 2^53; above, a population-capped size is only known
        // to the precision of a double
        let ok = if expected < 9_007_199_254_740_992.0 {
            required == expected
        } else {
            crate::serde_support::agrees(required, expected, expected)
        };
        if !ok {
            return Err(invalid(
                "required sample size",
                r.required,
                "the adjusted size rounded up, at least 1",
            ));
        }
        Ok(Self {
            unadjusted: n0,
            adjusted: adj,
            required: r.required,
        })
    }
}

/// The serialised form of a [`WilsonInterval`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WilsonIntervalRepr {
    estimate: f64,
    lower: f64,
    upper: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<WilsonIntervalRepr> for WilsonInterval {
    type Error = crate::Error;

    fn try_from(r: WilsonIntervalRepr) -> Result<Self> {
        if !(0.0 <= r.lower && r.lower <= r.estimate && r.estimate <= r.upper && r.upper <= 1.0) {
            return Err(invalid(
                "Wilson interval",
                format!(
                    "lower {} estimate {} upper {}",
                    r.lower, r.estimate, r.upper
                ),
                "0 <= lower <= estimate <= upper <= 1",
            ));
        }
        Ok(Self {
            estimate: r.estimate,
            lower: r.lower,
            upper: r.upper,
        })
    }
}
