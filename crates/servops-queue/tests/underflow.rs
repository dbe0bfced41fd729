//! Inputs at the bottom of the `f64` range: tiny loads, agent counts,
//! arrival rates and patience. Each case either gives the model's value or
//! a typed error naming the parameter.
#![allow(clippy::unwrap_used, clippy::panic)] // test support code

use servops_queue::{Error, Traffic, patience_from_abandonment};
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn is_invalid(r: Result<impl std::fmt::Debug, Error>, param: &str) {
    match r {
        Err(Error::InvalidParameter { name, .. }) if name == param => {}
        other => panic!("expected an invalid {param}, got {other:?}"),
    }
}
/// A positive patience under the 1 ns resolution of `Duration` was
/// returned as a zero patience (which Erlang A then refuses).
#[test]
fn patience_below_a_nanosecond_is_an_error() {
    is_invalid(patience_from_abandonment(4e-10, 1.0), "total wait");
    is_invalid(patience_from_abandonment(9e-10, 1.0), "total wait");
    is_invalid(patience_from_abandonment(1e-300, 3.0), "total wait");
    assert_eq!(
        patience_from_abandonment(3e-9, 3.0).unwrap(),
        Duration::from_nanos(1)
    );
    // no waiting at all is an exact estimate of 0
    assert_eq!(patience_from_abandonment(0.0, 3.0).unwrap(), Duration::ZERO);
}

/// An arrival rate that underflows to 0 under a positive load (or a load
/// that underflows to 0 under a positive rate) is refused, naming the input.
#[test]
fn traffic_whose_rate_or_load_underflows_is_refused() {
    // 4.9e-324 contacts in 10 s: 4.9e-325 per second rounds to 0, while
    // the load 4.9e-324 x 1000 / 10 is 4.9e-322 erlangs.
    is_invalid(Traffic::new(5e-324, secs(10.0), secs(1000.0)), "contacts");
    is_invalid(Traffic::from_load(5e-324, secs(10.0)), "load");
    is_invalid(
        Traffic::from_rate_per_hour(5e-324, secs(1e7)),
        "rate_per_hour",
    );
    // 1e-300 contacts over 1.8e19 s at 1 ns each: a rate of 5.6e-320 per
    // second, a load of 5.6e-329 erlangs, below every double.
    is_invalid(
        Traffic::new(
            1e-300,
            Duration::from_secs(18_000_000_000_000_000_000),
            Duration::from_nanos(1),
        ),
        "contacts",
    );
    // small but representable both ways
    let t = Traffic::new(1e-300, secs(1.0), secs(1.0)).unwrap();
    assert_eq!((t.rate_per_sec(), t.load()), (1e-300, 1e-300));
    let t = Traffic::from_load(5e-324, Duration::from_nanos(1)).unwrap();
    assert!(t.rate_per_sec() > 0.0);
}
