//! A deterministic sweep over extreme but valid inputs: every metric is a
//! number in its range (no NaN, no panic), whatever the scale.
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{
    ErlangA, ErlangC, ServiceLevelConvention, Traffic, erlang_b, erlang_b_fractional,
};
use std::time::Duration;

const CONVENTIONS: [ServiceLevelConvention; 3] = [
    ServiceLevelConvention::AnsweredWithinOverOffered,
    ServiceLevelConvention::AnsweredWithinOverAnswered,
    ServiceLevelConvention::AbandonsWithinCountAsMet,
];

fn is_prob(p: f64) -> bool {
    (0.0..=1.0).contains(&p)
}

#[test]
fn extreme_inputs_give_numbers_in_range() {
    let loads = [
        1e-300,
        1e-12,
        1e-3,
        0.999_999_999,
        1.0,
        7.5,
        1e3,
        123_456.789,
        1e6,
        1e9,
    ];
    let ahts = [
        Duration::from_nanos(1),
        Duration::from_secs(180),
        Duration::from_secs(86_400 * 365),
    ];
    let thresholds = [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_secs(20),
        Duration::MAX,
    ];
    let patiences = [
        Duration::from_nanos(1),
        Duration::from_secs(1),
        Duration::from_secs(600),
        Duration::from_secs(1_000_000_000),
    ];
    for &load in &loads {
        for &aht in &ahts {
            let t = Traffic::from_load(load, aht).unwrap();
            for n in [
                1u32,
                2,
                (load.ceil() as u32).max(1),
                (load * 1.000_001).ceil() as u32 + 1,
                (load * 2.0).min(4e9) as u32 + 1,
            ] {
                if f64::from(n) <= servops_queue::MAX_AGENTS {
                    assert!(is_prob(erlang_b(n, load).unwrap()), "B({n}, {load})");
                } else {
                    assert!(erlang_b(n, load).is_err(), "B({n}, {load})");
                }
                if f64::from(n) + 0.5 <= servops_queue::MAX_AGENTS {
                    assert!(is_prob(
                        erlang_b_fractional(f64::from(n) + 0.5, load).unwrap()
                    ));
                }
                if let Ok(c) = ErlangC::new(t, n) {
                    assert!(is_prob(c.prob_wait()), "C({n}, {load})");
                    for &th in &thresholds {
                        assert!(is_prob(c.service_level(th)), "SL C({n}, {load}, {th:?})");
                    }
                    assert!(c.asa_secs() >= 0.0 && !c.asa_secs().is_nan());
                    assert!(c.mean_queue_length() >= 0.0 && !c.mean_queue_length().is_nan());
                    let p = c.answer_time_percentile_secs(0.9).unwrap();
                    assert!(p >= 0.0 && !p.is_nan());
                }
                for &patience in &patiences {
                    let Ok(a) = ErlangA::new(t, n, patience) else {
                        continue;
                    };
                    let ctx = format!("A(n={n}, load={load}, aht={aht:?}, patience={patience:?})");
                    for p in [
                        a.prob_wait(),
                        a.prob_abandon(),
                        a.prob_abandon_given_wait(),
                        a.prob_answered(),
                        a.occupancy(),
                    ] {
                        assert!(is_prob(p), "{ctx}: {p}");
                    }
                    for v in [
                        a.asa_answered_secs(),
                        a.mean_wait_secs(),
                        a.mean_queue_length(),
                    ] {
                        assert!(v >= 0.0 && !v.is_nan(), "{ctx}: {v}");
                    }
                    for &th in &thresholds {
                        for conv in CONVENTIONS {
                            let sl = a.service_level(th, conv);
                            assert!(is_prob(sl), "{ctx} {th:?} {conv:?}: {sl}");
                        }
                    }
                }
            }
        }
    }
}

/// Where the blocking of a count equals the target to within rounding, the
/// answer may be one above exact arithmetic, never below (documented on
/// `agents_for_blocking`). At `A = t = 1e-300` the exact answer is 1:
/// `B(1, A) = A / (1 + A) < A = t`.
#[test]
fn agents_for_blocking_at_a_rounding_tie_is_at_most_one_over() {
    let n = servops_queue::agents_for_blocking(1e-300, 1e-300).unwrap();
    assert!(n == 1 || n == 2, "got {n}");
    // Away from a tie the answer is exact: B(1, A) = A / (1 + A) = 1e-300 / (1 + 1e-300)
    // is far below 2e-300, and B(0, A) = 1 is above it.
    assert_eq!(
        servops_queue::agents_for_blocking(1e-300, 2e-300).unwrap(),
        1
    );
}
