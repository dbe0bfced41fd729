//! Erlang B: `erlang_b`, `erlang_b_fractional` and `agents_for_blocking`
//! never panic, return probabilities, accept exactly the documented inputs,
//! and the trunk solver returns the fewest trunks meeting the target.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use servops_fuzz::{Fraction, Real, check_prob, valid_load};
use servops_queue::{Error, MAX_AGENTS, agents_for_blocking, erlang_b, erlang_b_fractional};

#[derive(Debug, Arbitrary)]
struct Input {
    n: u32,
    small_n: u16,
    load: Real,
    fractional_agents: Real,
    max_blocking: Fraction,
}

fuzz_target!(|input: Input| {
    let load = input.load.0;
    for n in [input.n, u32::from(input.small_n)] {
        match erlang_b(n, load) {
            Ok(b) => {
                assert!(valid_load(load), "erlang_b accepted load {load}");
                assert!(f64::from(n) <= MAX_AGENTS, "erlang_b accepted {n} trunks");
                check_prob("erlang_b", b);
                if n > 0 && load > 0.0 {
                    // Blocking is non-increasing in the number of trunks.
                    let fewer = erlang_b(n - 1, load).unwrap();
                    assert!(
                        b <= fewer * (1.0 + 1e-12) + 1e-300,
                        "B({n}, {load}) = {b} > B({}, {load}) = {fewer}",
                        n - 1
                    );
                }
                // The continuous extension agrees at integers.
                let x = erlang_b_fractional(f64::from(n), load);
                assert_eq!(x, Ok(b), "erlang_b_fractional({n}, {load})");
            }
            Err(Error::InvalidParameter { name: "agents", .. }) => {
                assert!(f64::from(n) > MAX_AGENTS)
            }
            Err(Error::InvalidParameter { name: "load", .. }) => assert!(!valid_load(load)),
            Err(e) => panic!("erlang_b({n}, {load}): unexpected {e:?}"),
        }
    }

    let x = input.fractional_agents.0;
    match erlang_b_fractional(x, load) {
        Ok(b) => {
            assert!(valid_load(load) && x.is_finite() && (0.0..=MAX_AGENTS).contains(&x));
            check_prob("erlang_b_fractional", b);
        }
        Err(Error::InvalidParameter { .. }) => {
            assert!(!(valid_load(load) && x.is_finite() && (0.0..=MAX_AGENTS).contains(&x)))
        }
        Err(e) => panic!("erlang_b_fractional({x}, {load}): unexpected {e:?}"),
    }

    let target = input.max_blocking.0;
    match agents_for_blocking(load, target) {
        Ok(n) => {
            assert!(valid_load(load) && target > 0.0 && target < 1.0);
            if load == 0.0 {
                // No traffic needs no trunks (although B(0, 0) = 1 by the formula).
                assert_eq!(n, 0);
                return;
            }
            let b = erlang_b(n, load).unwrap();
            assert!(
                b <= target,
                "agents_for_blocking({load}, {target}) = {n} blocks {b}"
            );
            if n > 0 {
                let b1 = erlang_b(n - 1, load).unwrap();
                assert!(
                    b1 > target,
                    "agents_for_blocking({load}, {target}) = {n}, but {} block only {b1}",
                    n - 1
                );
            }
        }
        Err(Error::InvalidParameter { .. }) => {
            assert!(!(valid_load(load) && target > 0.0 && target < 1.0))
        }
        Err(Error::Unreachable { .. }) => {
            // Only when more than 1e9 trunks would be needed.
            let b = erlang_b(MAX_AGENTS as u32, load).unwrap();
            assert!(
                b > target,
                "agents_for_blocking({load}, {target}) unreachable, but 1e9 trunks block {b}"
            );
        }
        Err(e) => panic!("agents_for_blocking({load}, {target}): unexpected {e:?}"),
    }
});
