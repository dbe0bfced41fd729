//! Erlang C: the `Traffic` constructors and `ErlangC` accept exactly the
//! documented inputs; every metric of a built model is a probability or a
//! finite non-negative number; the service level grows with the threshold;
//! answer-time percentiles invert the service level.
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use servops_fuzz::{Dur, Fraction, Real, check_non_negative, check_prob, valid_load};

use servops_queue::{ErlangC, Error, MAX_AGENTS, Traffic};

#[derive(Debug, Arbitrary)]
enum Build {
    Volume {
        contacts: Real,
        interval: Dur,
        aht: Dur,
    },
    Rate {
        per_hour: Real,
        aht: Dur,
    },
    Load {
        load: Real,
        aht: Dur,
    },
}

#[derive(Debug, Arbitrary)]
struct Input {
    build: Build,
    agents: u32,
    small_agents: u16,
    fractional_agents: Real,
    thresholds: [Dur; 3],
    percentiles: [Fraction; 2],
}

fn traffic(build: &Build) -> Option<Traffic> {
    let (result, finite_and_non_negative, aht) = match *build {
        Build::Volume {
            contacts,
            interval,
            aht,
        } => (
            Traffic::new(contacts.0, interval.0, aht.0),
            contacts.0.is_finite() && contacts.0 >= 0.0 && !interval.0.is_zero(),
            aht.0,
        ),
        Build::Rate { per_hour, aht } => (
            Traffic::from_rate_per_hour(per_hour.0, aht.0),
            per_hour.0.is_finite() && per_hour.0 >= 0.0,
            aht.0,
        ),
        Build::Load { load, aht } => (Traffic::from_load(load.0, aht.0), valid_load(load.0), aht.0),
    };
    match result {
        Ok(t) => {
            assert!(
                finite_and_non_negative && !aht.is_zero(),
                "{build:?} accepted: {t:?}"
            );
            assert!(valid_load(t.load()), "{build:?}: load {}", t.load());
            check_non_negative("rate_per_sec", t.rate_per_sec());
            check_non_negative("rate_per_hour", t.rate_per_hour());
            assert!(t.aht_secs() > 0.0 && t.aht_secs().is_finite());
            Some(t)
        }
        Err(Error::InvalidParameter { .. }) => {
            // A rejection is right for bad inputs or a load above 1e9.
            assert!(
                !finite_and_non_negative || aht.is_zero() || load_would_exceed(build),
                "{build:?} rejected"
            );
            None
        }
        Err(e) => panic!("{build:?}: unexpected {e:?}"),
    }
}

/// Whether the load of valid volume inputs exceeds the 1e9 cap (then the
/// constructor must refuse). Computed in the same order as the library
/// would be fragile; allow a relative margin at the boundary.
fn load_would_exceed(build: &Build) -> bool {
    let load = match *build {
        Build::Volume {
            contacts,
            interval,
            aht,
        } => contacts.0 * aht.0.as_secs_f64() / interval.0.as_secs_f64(),
        Build::Rate { per_hour, aht } => per_hour.0 * aht.0.as_secs_f64() / 3600.0,
        Build::Load { load, .. } => load.0,
    };
    load.is_nan() || load > 1e9 * (1.0 - 1e-12)
}

/// Times and lengths are finite, except where the exact value itself
/// exceeds the `f64` range: `AHT / (N - A)` with a subnormal `N - A`.
/// Every time and length is finite: a model has at least 1e-6 agents, so
/// the ASA of the smallest stable team cannot overflow.
fn check_time(what: &str, v: f64) {
    check_non_negative(what, v);
}

fn check_model(m: &ErlangC, thresholds: &[Dur], percentiles: &[Fraction]) {
    check_prob("prob_wait", m.prob_wait());
    check_time("asa_secs", m.asa_secs());
    check_time("mean_queue_length", m.mean_queue_length());
    check_prob("occupancy", m.occupancy());
    let delayed = m.mean_wait_of_delayed_secs();
    assert!(
        delayed > 0.0 && !delayed.is_nan(),
        "mean_wait_of_delayed_secs = {delayed}"
    );
    assert!((m.service_level(Duration::ZERO) - (1.0 - m.prob_wait())).abs() <= 1e-15);
    let mut sorted: Vec<Duration> = thresholds.iter().map(|d| d.0).collect();
    sorted.sort();
    let mut last = 0.0;
    for t in sorted {
        let sl = m.service_level(t);
        check_prob("service_level", sl);
        assert!(
            sl >= last,
            "service level falls from {last} to {sl} at {t:?}"
        );
        last = sl;
    }
    for &Fraction(p) in percentiles {
        match m.answer_time_percentile_secs(p) {
            Ok(t) => {
                assert!(p > 0.0 && p < 1.0);
                check_time("answer_time_percentile_secs", t);
                if let Ok(d) = Duration::try_from_secs_f64(t) {
                    // Duration rounds to whole nanoseconds; allow for it and for rounding in ln/exp.
                    let sl = m.service_level(d + Duration::from_nanos(1));
                    assert!(sl >= p - 1e-9, "SL at the {p} percentile {t} s is {sl}");
                }
            }
            Err(Error::InvalidParameter { .. }) => assert!(!(p > 0.0 && p < 1.0)),
            Err(e) => panic!("answer_time_percentile_secs({p}): unexpected {e:?}"),
        }
    }
}

fuzz_target!(|input: Input| {
    let Some(t) = traffic(&input.build) else {
        return;
    };
    let load = t.load();
    for n in [input.agents, u32::from(input.small_agents)] {
        match ErlangC::new(t, n) {
            Ok(m) => {
                assert!(
                    load < f64::from(n) || load == 0.0 && n > 0,
                    "stable with {n} agents at {load}"
                );
                assert!(f64::from(n) <= MAX_AGENTS);
                assert_eq!(m.agents(), f64::from(n));
                check_model(&m, &input.thresholds, &input.percentiles);
            }
            Err(Error::Unstable { .. }) => {
                assert!(
                    load >= f64::from(n),
                    "ErlangC::new({load}, {n}) refused a stable queue"
                );
            }
            // More agents than the models take (1e9), or nobody for no load.
            Err(Error::InvalidParameter { .. }) => {
                assert!(
                    f64::from(n) > MAX_AGENTS || n == 0 && load == 0.0,
                    "ErlangC::new({load}, {n})"
                );
            }
            Err(e) => panic!("ErlangC::new({load}, {n}): unexpected {e:?}"),
        }
    }
    let x = input.fractional_agents.0;
    // Erlang C, like Erlang A, takes at least a millionth of an agent.
    let buildable = x.is_finite() && (1e-6..=MAX_AGENTS).contains(&x);
    match ErlangC::with_fractional_agents(t, x) {
        Ok(m) => {
            assert!(buildable && (load < x || load == 0.0));
            check_model(&m, &input.thresholds, &input.percentiles);
        }
        Err(_) => assert!(!(buildable && load < x)),
    }
});
