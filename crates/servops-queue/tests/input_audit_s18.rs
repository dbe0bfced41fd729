//! Input audit: extremes of every public entry point that once gave an
//! infinite or silently wrong number. Expected values are hand computations
//! stated beside each assertion.
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{Error, Model, Targets, Traffic, fractional_agents_required, scheduled_staff};
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

#[test]
fn real_solvers_reach_roots_many_decades_below_the_bracket() {
    // Occupancy A / N <= 0.5 needs N = 2 A exactly (hand computation).
    // Before, the bisection from [A, 1] ran out of steps: 1.9e-121 for 2e-200.
    let occ = Targets::new().with_max_occupancy(0.5).unwrap();
    for load in [1e-3, 1e-100, 1e-200, 1e-300] {
        let t = Traffic::from_load(load, AHT).unwrap();
        let n = fractional_agents_required(&t, Model::ErlangC, &occ).unwrap();
        assert!(
            ((n - 2.0 * load) / (2.0 * load)).abs() < 1e-12,
            "load {load:e}: {n:e}"
        );
    }
}
