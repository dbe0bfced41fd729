//! Shared tolerances and comparison helpers for tests against the reference
//! vectors.
//!
//! The reference values are exact to 25 significant digits (see
//! `data/PROVENANCE.md`), so any difference a test sees is the error of the
//! implementation under test, plus at most half an ulp from parsing the
//! decimal string into an `f64`.
//!
//! Two families of checks are offered:
//!
//! * `within_*` / `*_error` return a value and never panic, for code that
//!   wants to collect failures or report statistics;
//! * `assert_*` panic with the case description when the check fails, which
//!   is their purpose (they are test helpers, not library code).
//!
//! # Examples
//!
//! ```
//! use servops_testdata::tolerance::{PROB_ABS, TIME_REL, assert_abs, assert_rel, within_rel};
//!
//! assert_abs(0.5 + 1e-14, 0.5, PROB_ABS, "a probability");
//! assert_rel(20.000_000_000_1, 20.0, TIME_REL, "a waiting time in seconds");
//! assert!(!within_rel(21.0, 20.0, TIME_REL));
//! // values below the normal double range compare equal to each other and to zero
//! assert_rel(0.0, 1e-320, TIME_REL, "underflowed blocking");
//! ```

use std::fmt::Display;

/// Absolute tolerance for probabilities (blocking, probability of waiting,
/// service levels, abandonment, occupancy): `1e-12`.
///
/// Probabilities live in `[0, 1]`, so an absolute bound is the natural
/// measure; it is loose enough for a well-conditioned double-precision
/// algorithm (errors of a few hundred ulps) and tight enough to catch a wrong
/// formula or a lost digit.
pub const PROB_ABS: f64 = 1e-12;

/// Relative tolerance for times and means (ASA, mean waits, answer-time
/// percentiles, mean queue lengths): `1e-10`.
///
/// These quantities can be arbitrarily large (a queue near saturation) or
/// small, so they are compared relative to the expected value.
pub const TIME_REL: f64 = 1e-10;

/// Absolute difference `|actual - expected|` (NaN if either is NaN).
#[must_use]
pub fn abs_error(actual: f64, expected: f64) -> f64 {
    (actual - expected).abs()
}

/// Relative difference `|actual - expected| / |expected|`.
///
/// Returns `0.0` when the two are equal (including both zero or both the same
/// infinity) and when both lie below the normal range of `f64`
/// (`|x| < f64::MIN_POSITIVE`, i.e. zero or subnormal), where no relative
/// precision can be expected.  Returns `f64::INFINITY` when `expected` is zero
/// and `actual` is a normal number, and NaN if either input is NaN.
#[must_use]
pub fn rel_error(actual: f64, expected: f64) -> f64 {
    if actual.is_nan() || expected.is_nan() {
        return f64::NAN;
    }
    if actual == expected {
        return 0.0;
    }
    if actual.abs() < f64::MIN_POSITIVE && expected.abs() < f64::MIN_POSITIVE {
        return 0.0;
    }
    if expected == 0.0 {
        return f64::INFINITY;
    }
    (actual - expected).abs() / expected.abs()
}

/// `true` when `|actual - expected| <= tol` (and neither is NaN).
#[must_use]
pub fn within_abs(actual: f64, expected: f64, tol: f64) -> bool {
    abs_error(actual, expected) <= tol
}

/// `true` when `actual` matches `expected` to relative tolerance `tol`.
///
/// Besides `rel_error(actual, expected) <= tol` this also accepts an
/// absolute difference below `f64::MIN_POSITIVE` (about `2.2e-308`): near
/// the underflow threshold a double carries fewer significant bits, so a
/// subnormal result, or zero against a tiny expected value, is accepted.
/// NaN never matches.
#[must_use]
pub fn within_rel(actual: f64, expected: f64, tol: f64) -> bool {
    if actual.is_nan() || expected.is_nan() {
        return false;
    }
    rel_error(actual, expected) <= tol || abs_error(actual, expected) < f64::MIN_POSITIVE
}

/// Panics with `context` unless `|actual - expected| <= tol`.
///
/// # Panics
///
/// When the check fails or either value is NaN; the message names the case,
/// both values, the error and the tolerance.
#[track_caller]
#[allow(clippy::panic)]
pub fn assert_abs(actual: f64, expected: f64, tol: f64, context: impl Display) {
    if !within_abs(actual, expected, tol) {
        panic!(
            "{context}: expected {expected:e}, got {actual:e} (absolute error {:e} > tolerance {tol:e})",
            abs_error(actual, expected)
        );
    }
}

/// Panics with `context` unless `actual` matches `expected` to relative
/// tolerance `tol`, as decided by [`within_rel`] (both-zero and
/// subnormal-versus-tiny pairs pass).
///
/// # Panics
///
/// When the check fails or either value is NaN; the message names the case,
/// both values, the relative error and the tolerance.
#[track_caller]
#[allow(clippy::panic)]
pub fn assert_rel(actual: f64, expected: f64, tol: f64, context: impl Display) {
    if !within_rel(actual, expected, tol) {
        panic!(
            "{context}: expected {expected:e}, got {actual:e} (relative error {:e} > tolerance {tol:e})",
            rel_error(actual, expected)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abs_checks() {
        assert!(within_abs(0.3, 0.3 + 5e-13, PROB_ABS));
        assert!(!within_abs(0.3, 0.3 + 5e-12, PROB_ABS));
        assert!(!within_abs(f64::NAN, 0.3, PROB_ABS));
        assert!(!within_abs(0.3, f64::NAN, 1.0));
        assert_abs(1.0, 1.0, 0.0, "exact");
    }

    #[test]
    fn rel_checks() {
        assert_eq!(rel_error(0.0, 0.0), 0.0);
        assert_eq!(rel_error(2.0, 2.0), 0.0);
        assert_eq!(rel_error(1.0, 0.0), f64::INFINITY);
        assert!(rel_error(f64::NAN, 1.0).is_nan());
        assert!((rel_error(101.0, 100.0) - 0.01).abs() < 1e-15);
        assert!(within_rel(100.0 * (1.0 + 5e-11), 100.0, TIME_REL));
        assert!(!within_rel(100.0 * (1.0 + 5e-10), 100.0, TIME_REL));
        assert!(!within_rel(f64::NAN, f64::NAN, TIME_REL));
        assert_eq!(rel_error(f64::INFINITY, f64::INFINITY), 0.0);
    }

    #[test]
    fn rel_underflow_band() {
        // both subnormal, or zero against subnormal: no relative precision expected
        assert!(within_rel(0.0, 4.9e-324, TIME_REL));
        assert!(within_rel(1e-315, 3e-316, TIME_REL));
        // a tiny normal value against zero: absolute difference below MIN_POSITIVE
        assert!(within_rel(0.0, 1e-310, TIME_REL));
        // but a normal value is not equal to zero
        assert!(!within_rel(0.0, 1e-300, TIME_REL));
        assert!(!within_rel(1e-300, 2e-300, TIME_REL));
    }

    #[test]
    #[should_panic(expected = "case 7: expected")]
    fn assert_abs_reports_context() {
        assert_abs(0.5, 0.6, PROB_ABS, "case 7");
    }

    #[test]
    #[should_panic(expected = "row 3 (n=10): expected")]
    fn assert_rel_reports_context() {
        assert_rel(1.0, 2.0, TIME_REL, format_args!("row {} (n={})", 3, 10));
    }

    #[test]
    #[should_panic(expected = "relative error NaN")]
    fn assert_rel_rejects_nan() {
        assert_rel(f64::NAN, 2.0, TIME_REL, "nan");
    }
}
