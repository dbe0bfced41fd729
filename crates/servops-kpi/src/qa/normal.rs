//! The standard normal distribution: upper tail and quantile.

use super::invalid;
use crate::Result;

const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

fn pdf(x: f64) -> f64 {
    INV_SQRT_2PI * (-0.5 * x * x).exp()
}

/// Upper tail Q(x) = 1 − Φ(x) for `x >= 0`.
///
/// Below 3: Φ(x) − 1/2 = φ(x) Σ x^(2n+1) / (1·3·…·(2n+1)) (Marsaglia 2004),
/// a series of positive terms. From 3 on: the continued fraction
/// Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))) evaluated with Lentz's
/// method. Relative accuracy about 1e-14 over the whole range.
pub(crate) fn upper_tail(x: f64) -> f64 {
    if x < 3.0 {
        let mut term = x;
        let mut sum = x;
        let x2 = x * x;
        let mut k = 1.0;
        while term.abs() > 1e-17 * sum.abs() && k < 200.0 {
            term *= x2 / (2.0 * k + 1.0);
            sum += term;
            k += 1.0;
        }
        0.5 - pdf(x) * sum
    } else {
        // Lentz's algorithm for b0 + a1/(b1 + a2/(b2 + ...)), b_j = x, a_j = j.
        let tiny = 1e-300;
        let mut f = x;
        let mut c = x;
        let mut d = 0.0;
        for j in 1..500 {
            let a = j as f64;
            d = x + a * d;
            if d.abs() < tiny {
                d = tiny;
            }
            c = x + a / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = c * d;
            f *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        pdf(x) / f
    }
}

/// Φ(x), the standard normal distribution function.
#[cfg(test)]
pub(crate) fn cdf(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 - upper_tail(x)
    } else {
        upper_tail(-x)
    }
}

/// The x with upper tail `q`, for `0 < q <= 0.5` (so x >= 0).
fn upper_quantile(q: f64) -> f64 {
    // Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4), then Halley steps.
    let t = (-2.0 * q.ln()).sqrt();
    let mut x = t
        - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1.0 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t);
    for _ in 0..50 {
        let density = pdf(x);
        if density <= 0.0 {
            break;
        }
        let delta = (upper_tail(x) - q) / density;
        let step = delta / (1.0 - 0.5 * x * delta);
        x += step;
        if step.abs() <= 1e-15 * (1.0 + x.abs()) {
            break;
        }
    }
    x
}

/// Φ⁻¹(p) for `0 < p < 1` (callers validate `p`).
pub(crate) fn quantile(p: f64) -> f64 {
    if p < 0.5 {
        -upper_quantile(p)
    } else {
        upper_quantile(1.0 - p)
    }
}

/// A two-sided confidence level, strictly between 0 and 1.
///
/// # Formula
///
/// The critical value is `z = Φ⁻¹(1 − (1 − level)/2)`, with Φ⁻¹ computed by
/// Halley iteration on the normal tail (a positive-term series below 3, a
/// continued fraction above).
///
/// # Errors
///
/// [`crate::Error::InvalidParameter`] when the level is not in (0, 1).
///
/// # Accuracy
///
/// `z` to about 1e-13 absolute (tested against SciPy's `norm.ppf`).
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::ConfidenceLevel;
///
/// let c = ConfidenceLevel::new(0.95)?;
/// assert!((c.z() - 1.959_963_984_540_054).abs() < 1e-12);
/// assert!(ConfidenceLevel::new(1.0).is_err());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Abramowitz, M. & Stegun, I. A. (1964), 26.2.23. Marsaglia, G. (2004).
/// Evaluating the normal distribution. *Journal of Statistical Software* 11(4).
///
/// Serialised (feature `serde`) as `{"level", "z"}`; deserialising goes
/// through [`ConfidenceLevel::new`] and refuses a `z` that is not the
/// level's quantile (beyond 1e-12 relative).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "ConfidenceLevelRepr")
)]
pub struct ConfidenceLevel {
    level: f64,
    z: f64,
}

impl ConfidenceLevel {
    /// A two-sided confidence level such as 0.95.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidParameter`] when `level` is not in (0, 1).
    /// Every level in (0, 1) gives a finite `z`, including the largest
    /// `f64` below 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::ConfidenceLevel;
    /// assert!((ConfidenceLevel::new(0.99)?.z() - 2.5758).abs() < 1e-4);
    /// assert!(ConfidenceLevel::new(f64::NAN).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(level: f64) -> Result<Self> {
        if !(level > 0.0 && level < 1.0) {
            return Err(invalid(
                "confidence level",
                level,
                "strictly between 0 and 1",
            ));
        }
        let tail = (1.0 - level) / 2.0;
        let p = 1.0 - tail;
        // Just below 1 the upper probability rounds to 1.0 (whose quantile
        // is infinite); take the quantile of the tail itself there.
        let z = if p < 1.0 {
            quantile(p)
        } else {
            upper_quantile(tail)
        };
        Ok(Self { level, z })
    }

    /// The level, for example 0.95.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::ConfidenceLevel;
    /// assert_eq!(ConfidenceLevel::new(0.9)?.level(), 0.9);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn level(&self) -> f64 {
        self.level
    }

    /// The two-sided critical value z.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::ConfidenceLevel;
    /// assert!((ConfidenceLevel::new(0.90)?.z() - 1.6449).abs() < 1e-4);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn z(&self) -> f64 {
        self.z
    }
}

/// Φ⁻¹(p), exposed for the reference tests.
///
/// # Errors
///
/// [`crate::Error::InvalidParameter`] when `p` is not in (0, 1).
///
/// # Accuracy
///
/// About 1e-13 absolute for `1e-300 < p < 1 − 1e-16`.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::normal_quantile;
/// assert!((normal_quantile(0.975)? - 1.959_964).abs() < 1e-6);
/// assert_eq!(normal_quantile(0.5)?, 0.0);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
pub fn normal_quantile(p: f64) -> Result<f64> {
    if !(p > 0.0 && p < 1.0) {
        return Err(invalid("p", p, "strictly between 0 and 1"));
    }
    if p == 0.5 {
        return Ok(0.0);
    }
    Ok(quantile(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_is_continuous_at_the_switch() {
        let below = upper_tail(3.0 - 1e-12);
        let above = upper_tail(3.0);
        assert!((below - above).abs() / above < 1e-10, "{below} {above}");
        assert!((cdf(0.0) - 0.5).abs() < 1e-16);
    }
}

/// The serialised form of a [`ConfidenceLevel`]; rebuilt from the level
/// and `z` compared.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfidenceLevelRepr {
    level: f64,
    z: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<ConfidenceLevelRepr> for ConfidenceLevel {
    type Error = crate::Error;

    fn try_from(r: ConfidenceLevelRepr) -> Result<Self> {
        let c = Self::new(r.level)?;
        if !crate::serde_support::agrees(r.z, c.z, c.z) {
            return Err(invalid(
                "z",
                r.z,
                "the two-sided normal quantile of the level",
            ));
        }
        Ok(c)
    }
}
