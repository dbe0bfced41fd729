//! Inputs at the bottom of the `f64` range: tiny loads, agent counts,
//! arrival rates and patience. Each case either gives the model's value
//! or a typed error naming the parameter.
//!
//! The references come from `gen/underflow_reference.py` (mpmath, 50
//! digits), which evaluates, with `x = N patience / AHT` and
//! `y = A patience / AHT`:
//! `1/B = e^A A^-N Gamma(N+1, A)`, `J = 1F1(1; x+1; y)`,
//! `1/pi_N = 1/B - 1 + J`, `P(wait) = J pi_N`,
//! `P(abandon) = 1F1(2; x+2; y) pi_N / (x+1)`,
//! `ASA(answered) = x patience pi_N integral_0^inf s e^(-(x+1)s + y(1-e^-s)) ds / P(answered)`,
//! `SL(t) = P(answered) - x pi_N integral_{t/patience}^inf e^(-(x+1)s + y(1-e^-s)) ds`,
//! and for Erlang C `C = 1 / (1 + (1 - A/N)(1/B - 1))`, `ASA = C AHT / (N - A)`.
// test support code; the references keep the digits mpmath printed
#![allow(clippy::unwrap_used, clippy::panic, clippy::excessive_precision)]

use servops_queue::{
    ErlangC, Error, Model, Targets, Traffic, fractional_agents_required, max_load, metrics_at,
    patience_from_abandonment,
};
use std::time::Duration;

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn close(what: &str, got: f64, want: f64, rel: f64) {
    assert!(
        (got - want).abs() <= rel * want.abs(),
        "{what}: got {got:e}, want {want:e} (relative error {:e})",
        ((got - want) / want).abs()
    );
}

fn is_invalid(r: Result<impl std::fmt::Debug, Error>, param: &str) {
    match r {
        Err(Error::InvalidParameter { name, .. }) if name == param => {}
        other => panic!("expected an invalid {param}, got {other:?}"),
    }
}
/// Erlang C below a millionth of an agent: ASA = C AHT / (N - A) leaves the
/// `f64` range (it was `inf` in an `Ok` model); such counts are refused, as
/// Erlang A refuses them.
#[test]
fn erlang_c_refuses_agent_counts_below_a_millionth() {
    let t = Traffic::from_load(1e-320, secs(1.0)).unwrap();
    is_invalid(ErlangC::with_fractional_agents(t, 1e-310), "agents");
    let t = Traffic::from_load(1e-301, secs(1.0)).unwrap();
    is_invalid(ErlangC::with_fractional_agents(t, 1e-300), "agents");
    is_invalid(ErlangC::with_fractional_agents(t, 9.99e-7), "agents");
    // with no load too, as Erlang A
    let idle = Traffic::from_load(0.0, secs(1.0)).unwrap();
    is_invalid(ErlangC::with_fractional_agents(idle, 1e-9), "agents");
    // and max_load says so rather than answering 0
    let goal = Targets::new().with_max_prob_wait(0.5).unwrap();
    is_invalid(max_load(1e-7, secs(1.0), Model::ErlangC, &goal), "agents");
    is_invalid(metrics_at(&t, Model::ErlangC, 1e-300, &goal), "agents");
}

/// At the smallest count, with the longest AHT a `Duration` holds, every
/// metric is finite and right.
#[test]
fn erlang_c_at_a_millionth_of_an_agent_is_finite_and_exact() {
    let aht = Duration::from_secs(18_000_000_000_000_000_000);
    let t = Traffic::from_load(1e-250, aht).unwrap();
    let m = ErlangC::with_fractional_agents(t, 1e-6).unwrap();
    // mpmath: C(1e-6, 1e-250) and C AHT / (N - A)
    close("C", m.prob_wait(), 0.999_425_096_262_113_134_48, 1e-13);
    close("ASA", m.asa_secs(), 1.798_965_173_271_803_723_5e25, 1e-13);
    assert!(
        m.answer_time_percentile_secs(1.0 - 1e-16)
            .unwrap()
            .is_finite()
    );
    assert!(m.mean_wait_of_delayed_secs().is_finite());
    // the fractional solver's answer is a count the model takes, and meets the target
    let t = Traffic::from_load(1e-12, secs(180.0)).unwrap();
    let goal = Targets::new().with_max_prob_wait(0.5).unwrap();
    let x = fractional_agents_required(&t, Model::ErlangC, &goal).unwrap();
    let m = ErlangC::with_fractional_agents(t, x).unwrap();
    assert!(m.prob_wait() <= 0.5 && x <= 1.0, "{x}: {}", m.prob_wait());
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
