//! Input audit: extremes of every public entry point that once gave an
//! infinite or silently wrong number. Expected values are hand computations
//! stated beside each assertion.
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{
    Error, Model, Targets, Traffic, fractional_agents_required, max_load, scheduled_staff,
};
use std::time::Duration;

const AHT: Duration = Duration::from_secs(180);

#[test]
fn scheduled_staff_is_finite_or_an_error() {
    // f64::MAX / 0.5 overflows to infinity: before, Ok(inf).
    assert!(matches!(
        scheduled_staff(f64::MAX, 0.5),
        Err(Error::InvalidParameter {
            name: "required",
            ..
        })
    ));
    assert!(matches!(
        scheduled_staff(1e300, 1.0 - f64::EPSILON),
        Err(Error::InvalidParameter { .. })
    ));
    // the largest representable answers still come back
    assert_eq!(scheduled_staff(f64::MAX, 0.0).unwrap(), f64::MAX);
    assert_eq!(scheduled_staff(1e300, 0.5).unwrap(), 2e300);
}
