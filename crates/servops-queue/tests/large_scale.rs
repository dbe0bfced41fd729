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
