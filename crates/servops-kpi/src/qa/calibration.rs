//! Evaluator calibration: each evaluator's deviation from the calibrated score.

use super::invalid;
use crate::{Error, Result};

/// How far one evaluator's scores are from the calibrated (reference or
/// consensus) scores of the same evaluations.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::calibration_deviation;
///
/// // Bob is harsh on two of three calls.
/// let d = calibration_deviation(&[90.0, 70.0, 80.0], &[80.0, 70.0, 74.0], 5.0)?;
/// assert!(d.mean_deviation < 0.0);
/// assert!((d.within_tolerance - 1.0 / 3.0).abs() < 1e-15);
/// assert_eq!(d.evaluations, 3);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) checks what a deviation can be: at least
/// one evaluation, every field finite, `|mean| <= mean absolute <= root mean
/// square <= max` (to 1e-9 relative, for rounding) and `within_tolerance` a
/// whole number of evaluations over `evaluations`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "CalibrationDeviationRepr")
)]
#[non_exhaustive]
pub struct CalibrationDeviation {
    /// The number of evaluations compared.
    pub evaluations: usize,
    /// Mean signed deviation (evaluator − calibrated): positive is lenient.
    pub mean_deviation: f64,
    /// Mean absolute deviation.
    pub mean_absolute_deviation: f64,
    /// Root-mean-square deviation.
    pub root_mean_square_deviation: f64,
    /// Largest absolute deviation.
    pub max_absolute_deviation: f64,
    /// Share of evaluations within the tolerance (|deviation| <= tolerance).
    pub within_tolerance: f64,
}

/// Compares an evaluator's scores with the calibrated scores of the same
/// evaluations (same order), for a calibration session.
///
/// # Formula
///
/// `d_i = e_i − c_i`; mean `d̄`, mean `|d_i|`, `sqrt(mean d_i²)`, `max |d_i|`
/// and the share with `|d_i| <= tolerance`. That comparison allows the
/// binary rounding of decimal inputs (one machine epsilon of
/// `|e_i| + |c_i| + tolerance`): 0.80 against 0.70 is within a tolerance of
/// 0.10, though `0.8 - 0.7` is `0.10000000000000009` in `f64`.
///
/// # Errors
///
/// [`Error::DimensionMismatch`] when the lengths differ;
/// [`Error::InvalidParameter`] with no evaluations, a score that is not
/// finite, or a tolerance that is not finite and `>= 0`.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::calibration_deviation;
///
/// let calibrated = [80.0, 92.0, 65.0, 100.0];
/// let alice = [85.0, 95.0, 70.0, 100.0]; // lenient
/// let d = calibration_deviation(&calibrated, &alice, 5.0)?;
/// assert_eq!(d.mean_deviation, 3.25);
/// assert_eq!(d.max_absolute_deviation, 5.0);
/// assert_eq!(d.within_tolerance, 1.0);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
pub fn calibration_deviation(
    calibrated: &[f64],
    evaluator: &[f64],
    tolerance: f64,
) -> Result<CalibrationDeviation> {
    if calibrated.len() != evaluator.len() {
        return Err(Error::DimensionMismatch {
            what: "evaluator scores".to_owned(),
            expected: calibrated.len(),
            found: evaluator.len(),
        });
    }
    if calibrated.is_empty() {
        return Err(invalid("number of evaluations", 0, ">= 1"));
    }
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(invalid("tolerance", tolerance, "finite and >= 0"));
    }
    let n = calibrated.len() as f64;
    let (mut sum, mut abs, mut sq, mut max, mut within) = (0.0, 0.0, 0.0, 0.0f64, 0usize);
    for (&c, &e) in calibrated.iter().zip(evaluator) {
        if !c.is_finite() {
            return Err(invalid("calibrated score", c, "finite"));
        }
        if !e.is_finite() {
            return Err(invalid("evaluator score", e, "finite"));
        }
        let d = e - c;
        sum += d;
        abs += d.abs();
        sq += d * d;
        max = max.max(d.abs());
        // Scores and tolerance are usually decimals (0.80, 0.70, 0.10) that
        // binary rounds: 0.8 − 0.7 is 0.10000000000000009. Allow that
        // representation error, at most 2^-53 of each operand (bounded here
        // by one epsilon of their sum), so a deviation equal to the
        // tolerance in decimal counts as within.
        let slack = f64::EPSILON * (c.abs() + e.abs() + tolerance);
        if d.abs() <= tolerance + slack {
            within += 1;
        }
    }
    let out = CalibrationDeviation {
        evaluations: calibrated.len(),
        mean_deviation: sum / n,
        mean_absolute_deviation: abs / n,
        root_mean_square_deviation: (sq / n).sqrt(),
        max_absolute_deviation: max,
        within_tolerance: within as f64 / n,
    };
    if !out.root_mean_square_deviation.is_finite() || !out.mean_deviation.is_finite() {
        return Err(invalid(
            "scores",
            "overflow",
            "small enough that squares stay finite",
        ));
    }
    Ok(out)
}

/// The serialised form of a [`CalibrationDeviation`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CalibrationDeviationRepr {
    evaluations: usize,
    mean_deviation: f64,
    mean_absolute_deviation: f64,
    root_mean_square_deviation: f64,
    max_absolute_deviation: f64,
    within_tolerance: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<CalibrationDeviationRepr> for CalibrationDeviation {
    type Error = Error;

    fn try_from(r: CalibrationDeviationRepr) -> Result<Self> {
        use crate::serde_support::at_most;
        if r.evaluations == 0 {
            return Err(invalid("number of evaluations", 0, ">= 1"));
        }
        for (name, x) in [
            ("mean deviation", r.mean_deviation),
            ("mean absolute deviation", r.mean_absolute_deviation),
            ("root mean square deviation", r.root_mean_square_deviation),
            ("max absolute deviation", r.max_absolute_deviation),
            ("within tolerance", r.within_tolerance),
        ] {
            if !x.is_finite() {
                return Err(invalid(name, x, "finite"));
            }
        }
        let chain = [
            (
                "absolute mean deviation",
                r.mean_deviation.abs(),
                "at most the mean absolute deviation",
                r.mean_absolute_deviation,
            ),
            (
                "mean absolute deviation",
                r.mean_absolute_deviation,
                "at most the root mean square deviation",
                r.root_mean_square_deviation,
            ),
            (
                "root mean square deviation",
                r.root_mean_square_deviation,
                "at most the max absolute deviation",
                r.max_absolute_deviation,
            ),
        ];
        for (name, a, constraint, b) in chain {
            if !at_most(a, b) {
                return Err(invalid(name, a, constraint));
            }
        }
        let n = r.evaluations as f64;
        let within = (r.within_tolerance * n).round();
        if !(0.0..=n).contains(&within) || within / n != r.within_tolerance {
            return Err(invalid(
                "within tolerance",
                r.within_tolerance,
                "a whole number of evaluations over evaluations, in [0, 1]",
            ));
        }
        Ok(Self {
            evaluations: r.evaluations,
            mean_deviation: r.mean_deviation,
            mean_absolute_deviation: r.mean_absolute_deviation,
            root_mean_square_deviation: r.root_mean_square_deviation,
            max_absolute_deviation: r.max_absolute_deviation,
            within_tolerance: r.within_tolerance,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deviation_equal_to_the_tolerance_is_within_on_a_fraction_scale() {
        // By hand: |0.80 − 0.70| = 0.10, |0.90 − 0.85| = 0.05, |0.90 − 1.00| =
        // 0.10, all at most the tolerance 0.10, so all three are within.
        // (In binary 0.8 − 0.7 is 0.10000000000000009 and 0.9 − 0.85 is
        // 0.05000000000000004: the inputs' rounding, not a real deviation.)
        let d = calibration_deviation(&[0.70, 0.85, 1.00], &[0.80, 0.90, 0.90], 0.10).unwrap();
        assert_eq!(d.within_tolerance, 1.0);
        // Tolerance 0.05: only the middle one (|0.05| <= 0.05) is within.
        let d = calibration_deviation(&[0.70, 0.85, 1.00], &[0.80, 0.90, 0.90], 0.05).unwrap();
        assert_eq!(d.within_tolerance, 1.0 / 3.0);
        // On a 0–100 scale 1.1 points over a tolerance of 1 is outside, and
        // 101.1 − 100 (1.0999999999999943 in binary) stays outside too.
        let d = calibration_deviation(&[100.0, 50.0], &[101.1, 51.0], 1.0).unwrap();
        assert_eq!(d.within_tolerance, 0.5);
    }
}
