//! Erlang A at hundreds of millions of erlangs, where the queue sums carry
//! exponents near `1e8` and a rounding of the exponent is a relative error
//! of `1e-8` in the value. References: the closed forms of
//! `docs/queueing.md` section 4 with `J(c, z) = c int_0^inf exp(-c s +
//! z (1 - e^-s)) ds` and `1/B = A int_0^inf e^(-A t) (1 + t)^N dt`, each
//! integral by mpmath's tanh-sinh quadrature around its peak, at 50 and at
//! 70 digits (identical to 25 digits), here rounded to the nearest double.
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{ErlangA, ServiceLevelConvention, Traffic};
use std::time::Duration;

/// Service levels in heavy overload at 1e8 and 1e9 erlangs (AHT = patience
/// = 180 s). A relative change of one ulp in the load moves them by at most
/// 8.2e-13 (measured with the same references), so 4e-12 allows a few ulps
/// of input rounding and nothing more.
#[test]
fn erlang_a_service_levels_at_a_billion_erlangs() {
    let aht = Duration::from_secs(180);
    let cases = [
        // (load, agents, threshold s, answered within / offered, / answered, abandons count as met)
        (
            1e9,
            500_000_000,
            124.75,
            0.010120446918056181,
            0.020240893836112363,
            0.5100744659003845,
        ),
        (
            1e8,
            90_000_000,
            18.968_75,
            0.5225161569702164,
            0.5805735077446849,
            0.6224871737387514,
        ),
    ];
    for (load, agents, within, offered, answered, met) in cases {
        let t = Traffic::from_load(load, aht).unwrap();
        let m = ErlangA::new(t, agents, aht).unwrap();
        let within = Duration::from_secs_f64(within);
        for (convention, want) in [
            (ServiceLevelConvention::AnsweredWithinOverOffered, offered),
            (ServiceLevelConvention::AnsweredWithinOverAnswered, answered),
            (ServiceLevelConvention::AbandonsWithinCountAsMet, met),
        ] {
            let got = m.service_level(within, convention);
            assert!(
                (got - want).abs() < 4e-12,
                "{load} erlangs, {agents} agents, {convention:?}: {got} vs {want}"
            );
        }
    }
}

/// Service levels at thresholds far below an astronomically long patience
/// (1e9 to 1e12 AHT; x = N patience / AHT up to 1e15, the model's limit),
/// at N = A. The offered wait is then resolved in units of the patience to
/// about 1e-16, and the double nearest y e^(-t / patience) stands for a
/// threshold up to that far off, which moved the tails by up to 3.5e-10.
/// References as above; one ulp of the load moves these values by 3.3e-15,
/// 1.8e-13 and 2.1e-14.
#[test]
fn erlang_a_service_levels_with_astronomical_patience() {
    let aht = Duration::from_secs(180);
    let cases = [
        (
            100.0,
            100,
            180_000_000_000_u64,
            [
                5.884_029_235_084_011e-5,
                5.884_044_080_837_149e-5,
                5.884_040_345_697_085e-5,
            ],
        ),
        (
            10_000.0,
            10_000,
            18_000_000_000_000,
            [
                3.118_860_066_269_842e-5,
                3.118_860_144_962_568e-5,
                3.118_860_177_379_045e-5,
            ],
        ),
        (
            1000.0,
            1000,
            180_000_000_000_000,
            [
                3.795_148_932_093_337e-6,
                3.795_149_027_849_881e-6,
                3.795_149_043_204_182e-6,
            ],
        ),
    ];
    let conventions = [
        ServiceLevelConvention::AnsweredWithinOverOffered,
        ServiceLevelConvention::AnsweredWithinOverAnswered,
        ServiceLevelConvention::AbandonsWithinCountAsMet,
    ];
    for (load, agents, patience, wants) in cases {
        let t = Traffic::from_load(load, aht).unwrap();
        let m = ErlangA::new(t, agents, Duration::from_secs(patience)).unwrap();
        for (convention, want) in conventions.into_iter().zip(wants) {
            let got = m.service_level(Duration::from_secs(20), convention);
            assert!(
                (got - want).abs() < 1e-13,
                "{agents} agents, patience {patience} s, {convention:?}: {got} vs {want}"
            );
        }
    }
    // An Erlang-C-like queue (N - A = 3 sqrt(A), patience 1e9 AHT) within
    // 1 ms: the tail falls by a factor e per 3e-13 of the patience, so the
    // step back from the threshold the double stands for must follow the
    // exponential (a first-order step left 2e-11). One ulp of the load
    // moves these by 1.1e-15.
    let t = Traffic::from_load(1e6, aht).unwrap();
    let m = ErlangA::new(t, 1_003_000, Duration::from_secs(179_000_000_000)).unwrap();
    let wants = [
        0.998_538_591_630_107_3,
        0.998_538_591_630_107_8,
        0.998_538_591_630_107_3,
    ];
    for (convention, want) in conventions.into_iter().zip(wants) {
        let got = m.service_level(Duration::from_millis(1), convention);
        assert!(
            (got - want).abs() < 1e-13,
            "{convention:?}: {got} vs {want}"
        );
    }
}
