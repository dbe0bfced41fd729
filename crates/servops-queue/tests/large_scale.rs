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

/// Overload with a patience of a million AHTs: 50 agents, 100 erlangs, AHT
/// 180 s, patience 1.8e8 s. Answer times concentrate at 0.693 patience
/// (1.2477e8 s) within a window of +-2 sigma = +-25,500 s, where a relative
/// change of 1e-16 in the load moves the service level by up to 1.41e-13
/// (2.82e-13 for answered within / answered); outside +-3 sigma by under
/// 2e-15. The computed values carry errors of that size: the rounding of
/// t / patience alone (half an ulp, 5.6e-17 at 0.69) moves them by up to
/// 7.8e-14. The worst error measured over 161 thresholds across the window
/// is 1.86e-13 (3.73e-13 answered within / answered).
/// References and sensitivities: gen/long_patience_reference.py (mpmath,
/// 40 digits; the inputs are exact doubles, y = 1e8 and x = 5e7).
#[test]
fn erlang_a_service_levels_with_patience_a_million_aht() {
    let aht = Duration::from_secs(180);
    let t = Traffic::from_load(100.0, aht).unwrap();
    let m = ErlangA::new(t, 50, Duration::from_secs(180_000_000)).unwrap();
    let cases = [
        // (threshold s, answered within / offered, / answered, abandons count as met)
        (
            124_715_581,
            0.011_375_264_517_417_49,
            0.022_750_529_034_834_98,
            0.511_233_223_380_035_1,
        ),
        (
            124_741_037,
            0.079_337_813_800_354_74,
            0.158_675_627_600_709_5,
            0.579_261_207_617_837_2,
        ),
        (
            124_766_493,
            0.250_022_718_110_976_9,
            0.500_045_436_221_953_8,
            0.749_994_509_325_214_2,
        ),
        (
            124_776_001,
            0.322_828_259_227_58,
            0.645_656_518_455_160_1,
            0.822_811_310_829_615_1,
        ),
        (
            124_791_948,
            0.420_679_288_988_147,
            0.841_358_577_976_294,
            0.920_673_397_556_046_7,
        ),
        (
            124_817_404,
            0.488_624_733_844_296_8,
            0.977_249_467_688_593_5,
            0.988_624_133_353_954_2,
        ),
    ];
    for (secs, offered, answered, met) in cases {
        let within = Duration::from_secs(secs);
        for (convention, want, tol) in [
            (
                ServiceLevelConvention::AnsweredWithinOverOffered,
                offered,
                3e-13,
            ),
            (
                ServiceLevelConvention::AnsweredWithinOverAnswered,
                answered,
                6e-13,
            ),
            (ServiceLevelConvention::AbandonsWithinCountAsMet, met, 3e-13),
        ] {
            let got = m.service_level(within, convention);
            assert!(
                (got - want).abs() < tol,
                "{secs} s, {convention:?}: {got} vs {want} (error {:e})",
                got - want
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
