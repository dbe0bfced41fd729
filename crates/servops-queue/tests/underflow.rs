//! Inputs at the bottom of the `f64` range: tiny loads, agent counts,
//! arrival rates and patience. Each case either gives the model's value
//! (checked against mpmath at 50 digits, from the closed forms written in
//! each test) or a typed error naming the parameter.
//!
//! The references come from `gen/underflow_reference.py`, which evaluates,
//! with `x = N patience / AHT` and `y = A patience / AHT`:
//! `1/B = e^A A^-N Gamma(N+1, A)`, `J = 1F1(1; x+1; y)`,
//! `1/pi_N = 1/B - 1 + J`, `P(wait) = J pi_N`,
//! `P(abandon) = 1F1(2; x+2; y) pi_N / (x+1)`,
//! `ASA(answered) = x patience pi_N integral_0^inf s e^(-(x+1)s + y(1-e^-s)) ds / P(answered)`,
//! `SL(t) = P(answered) - x pi_N integral_{t/patience}^inf e^(-(x+1)s + y(1-e^-s)) ds`,
//! and for Erlang C `C = 1 / (1 + (1 - A/N)(1/B - 1))`, `ASA = C AHT / (N - A)`.
#![allow(clippy::unwrap_used, clippy::panic, clippy::excessive_precision)] // test support code; references keep the digits mpmath printed

use servops_queue::{
    ErlangA, ErlangC, Error, Model, ServiceLevelConvention, Targets, Traffic, erlang_b_fractional,
    fractional_agents_required, max_load, metrics_at, patience_from_abandonment,
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
    // too few agents for a real load stays an unstable queue (a float
    // residue of a roster, as the servops plan projects it)
    let busy = Traffic::from_load(1e-5, secs(180.0)).unwrap();
    assert!(matches!(
        ErlangC::with_fractional_agents(busy, 4.4e-16),
        Err(Error::Unstable { .. })
    ));
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

const OFFERED: ServiceLevelConvention = ServiceLevelConvention::AnsweredWithinOverOffered;

/// Erlang A treated loads below 1e-200 erlangs as zero (P(wait) = 0,
/// SL = 1). With a fraction of an agent, B(N, A) tends to 1, not 0, as
/// the load falls (`1/B = A^-N Gamma(N+1)` to first order): almost every
/// contact waits and abandons.
#[test]
fn erlang_a_tiny_load_with_a_fraction_of_an_agent() {
    let t = Traffic::from_load(1e-250, secs(180.0)).unwrap();
    let m = ErlangA::with_fractional_agents(t, 1e-6, secs(60.0)).unwrap();
    close(
        "P(wait)",
        m.prob_wait(),
        0.999_425_096_262_113_134_48,
        1e-13,
    );
    close(
        "P(abandon)",
        m.prob_abandon(),
        0.999_424_763_120_525_427_64,
        1e-13,
    );
    close(
        "P(answered)",
        m.prob_answered(),
        5.752_368_794_745_723_649_2e-4,
        1e-12,
    );
    close(
        "ASA",
        m.asa_answered_secs(),
        0.034_748_273_820_410_606_829,
        1e-12,
    );
    close(
        "SL(20 s)",
        m.service_level(secs(20.0), OFFERED),
        5.749_981_731_226_490_780_7e-4,
        1e-11,
    );
    close(
        "occupancy",
        m.occupancy(),
        5.752_368_794_745_724_220_1e-248,
        1e-12,
    );
    close(
        "queue",
        m.mean_queue_length(),
        3.331_415_877_068_418_272e-251,
        1e-12,
    );
}

/// With a whole agent the values are of the order of the load, not 0.
#[test]
fn erlang_a_tiny_load_with_one_agent_keeps_relative_accuracy() {
    let t = Traffic::from_load(1e-250, secs(180.0)).unwrap();
    let m = ErlangA::new(t, 1, secs(60.0)).unwrap();
    close(
        "P(wait)",
        m.prob_wait(),
        1.000_000_000_000_000_054e-250,
        1e-13,
    );
    close(
        "P(abandon)",
        m.prob_abandon(),
        7.500_000_000_000_000_405e-251,
        1e-13,
    );
    close(
        "ASA",
        m.asa_answered_secs(),
        1.125_000_000_000_000_060_7e-249,
        1e-12,
    );
    close(
        "occupancy",
        m.occupancy(),
        1.000_000_000_000_000_054e-250,
        1e-13,
    );
}

/// Arrival rate x patience `y` below 1e-200: the queue sums are their
/// `y -> 0` limits (`P(abandon) = pi_N / (x + 1)` to a relative `y`), which
/// mpmath confirms to double precision.
#[test]
fn erlang_a_rate_times_patience_below_1e_200_is_its_limit() {
    let aht = Duration::from_secs(10_000_000_000_000_000_000);
    let t = Traffic::from_load(1e-180, aht).unwrap();
    let patience = Duration::from_nanos(1);
    let m = ErlangA::with_fractional_agents(t, 1e-6, patience).unwrap();
    assert!(t.rate_per_sec() * patience.as_secs_f64() < 1e-200);
    close(
        "P(wait)",
        m.prob_wait(),
        0.999_586_197_537_968_437_89,
        1e-13,
    );
    close(
        "P(abandon)",
        m.prob_abandon(),
        0.999_586_197_537_968_437_89,
        1e-13,
    );
    close(
        "P(answered)",
        m.prob_answered(),
        4.138_024_620_315_621_107e-4,
        1e-12,
    );
    close(
        "ASA",
        m.asa_answered_secs(),
        2.415_612_011_176_788_753_6e-40,
        1e-12,
    );
    close(
        "SL(20 s)",
        m.service_level(secs(20.0), OFFERED),
        4.138_024_620_315_621_107e-4,
        1e-12,
    );
    close(
        "queue",
        m.mean_queue_length(),
        9.995_861_975_379_685_207_1e-209,
        1e-12,
    );
}

/// The smallest positive load: Erlang B of 0.99 servers was 0 (its
/// `1/B - 1` overflowed), and Erlang A then mixed `inf / inf`.
#[test]
fn subnormal_load_on_a_fraction_of_an_agent() {
    let load = 5e-324;
    // mpmath: B(0.99, 4.94e-324) = 8.4853332916083342342e-321; among
    // subnormals one step is 4.94e-324.
    let b = erlang_b_fractional(0.99, load).unwrap();
    assert!(
        (b - 8.485_333_291_608_334e-321).abs() <= 2.0 * 5e-324,
        "{b:e}"
    );
    let t = Traffic::from_load(load, secs(1.0)).unwrap();
    let m = ErlangA::with_fractional_agents(t, 0.99, secs(1.0)).unwrap();
    assert!((m.prob_wait() - 8.485_333_291_608_334e-321).abs() <= 4.0 * 5e-324);
    assert!((m.prob_abandon() - 4.263_986_578_697_655e-321).abs() <= 4.0 * 5e-324);
    assert_eq!(m.prob_answered(), 1.0);
    assert_eq!(m.service_level(secs(20.0), OFFERED), 1.0);
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

/// At the bottom of the range the rate and the load are each the double
/// nearest their exact value, so one can be 0 while the other is positive;
/// Traffic accepts them (every finite volume is valid) and no model reads
/// the underflowed rate. (A typed refusal here stopped a whole
/// `solve_series` on one subnormal forecast value.)
#[test]
fn traffic_rate_and_load_are_each_correctly_rounded() {
    // 2^-1074 contacts in 10 s at 1000 s: 4.9e-325 per second rounds to 0;
    // the load 2^-1074 x 100 is exactly 100 x 2^-1074.
    let t = Traffic::new(5e-324, secs(10.0), secs(1000.0)).unwrap();
    assert_eq!(t.rate_per_sec(), 0.0);
    assert_eq!(t.load().to_bits(), 100);
    let t = Traffic::from_load(5e-324, secs(10.0)).unwrap();
    assert_eq!((t.rate_per_sec(), t.load().to_bits()), (0.0, 1));
    // 2^-1074 per hour at an AHT of 1e7 s: 2777.8 x 2^-1074 erlangs
    let t = Traffic::from_rate_per_hour(5e-324, secs(1e7)).unwrap();
    assert_eq!((t.rate_per_sec(), t.load().to_bits()), (0.0, 2778));
    // an Erlang A model on such traffic has its exact tiny-load values
    // (B(0.99, 100 x 2^-1074) x J, far below the normal range)
    let m = ErlangA::with_fractional_agents(
        Traffic::new(5e-324, secs(10.0), secs(1000.0)).unwrap(),
        0.99,
        secs(60.0),
    )
    .unwrap();
    assert!(m.prob_wait() > 0.0 && m.prob_wait() < 1e-300);
    assert!(m.prob_abandon() <= m.prob_wait());
    assert_eq!(m.prob_answered(), 1.0);
}

/// Erlang A took arrival rate x patience as the rate times the patience;
/// a subnormal rate (1e-300 erlangs at an AHT of 1e19 s: 1e-319 per
/// second, 1.1e-5 off after rounding) carried its rounding into the queue
/// length. It is now the load x patience / AHT there.
#[test]
fn erlang_a_with_a_subnormal_arrival_rate() {
    let long = Duration::from_secs(10_000_000_000_000_000_000);
    let t = Traffic::from_load(1e-300, long).unwrap();
    assert!(t.rate_per_sec() < f64::MIN_POSITIVE);
    let m = ErlangA::with_fractional_agents(t, 1e-6, long).unwrap();
    // mpmath, gen/underflow_reference.py
    close(
        "P(wait)",
        m.prob_wait(),
        0.999_310_039_819_010_625_95,
        1e-13,
    );
    close(
        "P(abandon)",
        m.prob_abandon(),
        0.999_309_040_509_970_115_98,
        1e-13,
    );
    close(
        "queue",
        m.mean_queue_length(),
        9.993_090_405_099_701_410_2e-301,
        1e-12,
    );
    close(
        "ASA",
        m.asa_answered_secs(),
        14_462_614_026_166_841.69,
        1e-12,
    );
}
