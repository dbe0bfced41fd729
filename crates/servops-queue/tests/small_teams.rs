//! Erlang B and C below 12 agents against exact birth-death sums.
//!
//! References: `R(N, A) = sum_{j<N} (A^j / j!) / (A^N / N!)` summed directly
//! for whole `N`, and Jagerman's `1/B = A int_0^inf e^(-At) (1+t)^N dt` by
//! mpmath quadrature for fractional `N` (agreeing with the sum to 30 digits
//! at `N = 10`, `A = 8`), at 40 digits; `B = 1 / (1 + R)`,
//! `C = 1 / (1 + (1 - A/N) R)`. There `1/D(N, A) = N! e^A / A^N` was
//! taken as `exp(lgamma(N + 1) - N ln A + A)`, whose terms are up to ten
//! times the sum, and P(wait) came out up to `2.0e-15` off (24 ulps at 10
//! agents and 8 erlangs; 52 of 3,980 points from 1 to 15 agents over
//! `1e-15`).
#![allow(clippy::unwrap_used)] // test support code
#![allow(clippy::excessive_precision)] // references as computed, 20 digits

use servops_queue::{ErlangC, Traffic, erlang_b_fractional};
use std::time::Duration;

/// (agents, load, Erlang C P(wait), Erlang B blocking), 20 digits.
const CASES: [(f64, f64, f64, f64); 4] = [
    (
        10.0,
        8.0,
        0.409_180_150_796_443_532_01,
        0.121_661_064_252_951_510_04,
    ),
    (
        11.5,
        9.545,
        0.449_975_926_783_480_635_5,
        0.122_096_517_112_211_919_14,
    ),
    (
        3.0,
        2.5,
        0.702_247_191_011_235_955_06,
        0.282_167_042_889_390_519_19,
    ),
    (
        7.25,
        1.5,
        6.350_633_916_282_065_169_6e-4,
        5.037_371_530_206_230_473_2e-4,
    ),
];

#[test]
fn wait_and_blocking_probabilities_are_within_a_few_ulps() {
    for (agents, load, c, b) in CASES {
        let t = Traffic::from_load(load, Duration::from_secs(60)).unwrap();
        let pw = ErlangC::with_fractional_agents(t, agents)
            .unwrap()
            .prob_wait();
        let bl = erlang_b_fractional(agents, load).unwrap();
        assert!(
            (pw - c).abs() <= 4.0 * f64::EPSILON * c,
            "C({agents}, {load}) = {pw:e}, reference {c:e}, error {:e}",
            (pw - c).abs()
        );
        assert!(
            (bl - b).abs() <= 4.0 * f64::EPSILON * b,
            "B({agents}, {load}) = {bl:e}, reference {b:e}, error {:e}",
            (bl - b).abs()
        );
    }
}
