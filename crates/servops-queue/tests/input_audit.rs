//! Input audit: extremes of every public entry point that once gave an
//! infinite or silently wrong number. Expected values are hand computations
//! stated beside each assertion.
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{
    ErlangA, Error, Model, Targets, Traffic, fractional_agents_required, max_load, metrics_at,
    scheduled_staff,
};
use std::time::Duration;

const AHT: Duration = Duration::from_secs(180);

#[test]
fn scheduled_staff_is_finite_or_an_error() {
    // f64::MAX / 0.5 overflows to infinity: before, Ok(inf).
    assert!(matches!(
        scheduled_staff(f64::MAX, 0.5),
        Err(Error::InvalidParameter {
            name: "required",
            ..
        })
    ));
    assert!(matches!(
        scheduled_staff(1e300, 1.0 - f64::EPSILON),
        Err(Error::InvalidParameter { .. })
    ));
    // the largest representable answers still come back
    assert_eq!(scheduled_staff(f64::MAX, 0.0).unwrap(), f64::MAX);
    assert_eq!(scheduled_staff(1e300, 0.5).unwrap(), 2e300);
}

#[test]
fn real_solvers_reach_roots_many_decades_below_the_bracket() {
    // Occupancy A / N <= 0.5 needs N = 2 A exactly (hand computation), or
    // the models' minimum of 1e-6 agents where 2 A is below it.
    // Before, the bisection from [A, 1] ran out of steps: 1.9e-121 for 2e-200.
    let occ = Targets::new().with_max_occupancy(0.5).unwrap();
    for load in [1e-3, 4e-6, 5e-7, 1e-100, 1e-200, 1e-300] {
        let t = Traffic::from_load(load, AHT).unwrap();
        let n = fractional_agents_required(&t, Model::ErlangC, &occ).unwrap();
        let exact = (2.0 * load).max(1e-6);
        assert!(
            ((n - exact) / exact).abs() < 1e-12 && n >= exact,
            "load {load:e}: {n:e}"
        );
    }
}

#[test]
fn erlang_a_max_load_reports_what_the_model_refuses() {
    let sl = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    // Erlang A takes at least 1e-6 agents: before, Ok(1.9e-121) for any target.
    let model = Model::ErlangA {
        patience: Duration::from_secs(60),
    };
    for agents in [1e-300, 5e-324, 9.9e-7] {
        assert!(
            matches!(
                max_load(agents, AHT, model, &sl),
                Err(Error::InvalidParameter { name: "agents", .. })
            ),
            "{agents:e}"
        );
    }
    // agents x patience / AHT = 5.6e15 > 1e15 at every load: before, Ok(1.9e-112).
    let long = Model::ErlangA {
        patience: Duration::from_secs(1_000_000_000),
    };
    assert!(matches!(
        max_load(1e9, AHT, long, &sl),
        Err(Error::InvalidParameter {
            name: "patience",
            ..
        })
    ));
    // Arrival rate x patience passes 1e15 above 180,000 erlangs while ten
    // agents still meet an occupancy cap of 1 (always met in Erlang A, up to
    // MAX_LOAD): before, Ok(180000.00000000006).
    let longer = Model::ErlangA {
        patience: Duration::from_secs(1_000_000_000_000),
    };
    let occ = Targets::new().with_max_occupancy(1.0).unwrap();
    assert!(matches!(
        max_load(10.0, AHT, longer, &occ),
        Err(Error::InvalidParameter {
            name: "patience",
            ..
        })
    ));
    // A root below that limit is still found: with patience 5.6e9 x AHT the
    // ten agents are always busy in overload, so P(abandon) = 1 - 10 / A
    // and P(abandon) <= 0.5 holds up to A = 20.
    let half = Targets::new().with_max_prob_abandon(0.5).unwrap();
    let a = max_load(10.0, AHT, longer, &half).unwrap();
    assert!((a - 20.0).abs() < 1e-3, "{a}");
}

#[test]
fn erlang_a_abandonment_keeps_its_precision_at_tiny_loads() {
    // One agent, AHT 180 s, patience 60 s, load A -> 0: P(wait) = A (1 + O(A))
    // and a waiting contact abandons before its service ends with
    // probability theta / (mu + theta) = (1/60) / (1/180 + 1/60) = 3/4, so
    // P(abandon) = 3A/4, P(abandon | wait) = 3/4 and the mean wait of all
    // arrivals is P(abandon) x patience = 45 A seconds, each to O(A).
    // Before, the queue length (of order A^2) underflowed first: P(abandon)
    // was 0.74999 A at 1e-160 and 0 from about 3e-162 on.
    let patience = Duration::from_secs(60);
    let model = Model::ErlangA { patience };
    let any = Targets::new().with_max_prob_abandon(0.5).unwrap();
    for load in [1e-100, 1e-155, 1e-160, 1e-170, 1e-199] {
        let t = Traffic::from_load(load, AHT).unwrap();
        let m = ErlangA::new(t, 1, patience).unwrap();
        let close = |got: f64, want: f64| ((got - want) / want).abs() < 1e-12;
        assert!(
            close(m.prob_abandon(), 0.75 * load),
            "{load:e}: {:e}",
            m.prob_abandon()
        );
        assert!(close(m.prob_abandon_given_wait(), 0.75), "{load:e}");
        assert!(
            close(m.mean_wait_secs(), 45.0 * load),
            "{load:e}: {:e}",
            m.mean_wait_secs()
        );
        let at = metrics_at(&t, model, 1.0, &any).unwrap();
        assert!(
            close(at.prob_abandon, 0.75 * load),
            "{load:e}: {:e}",
            at.prob_abandon
        );
        assert!(
            close(at.mean_wait_secs, 45.0 * load),
            "{load:e}: {:e}",
            at.mean_wait_secs
        );
    }
    // and so the largest load one agent carries at P(abandon) <= p is 4p/3
    // (before: 3.1e-162 for p = 1e-190)
    for p in [1e-20, 1e-150, 1e-190] {
        let goal = Targets::new().with_max_prob_abandon(p).unwrap();
        let a = max_load(1.0, AHT, model, &goal).unwrap();
        let exact = 4.0 * p / 3.0;
        assert!(((a - exact) / exact).abs() < 1e-12, "p {p:e}: {a:e}");
    }
}

#[test]
fn fractional_answers_at_the_smallest_load_meet_their_targets() {
    // Found by the staffing fuzz target at the smallest double load
    // a = 2^-1074 with an occupancy cap of 0.2478: the root finder's
    // midpoint returned 4 x 2^-1074 agents (occupancy 0.25, missing the
    // cap). Erlang C now takes at least 1e-6 agents (below, its ASA
    // C AHT / (N - A) could leave the f64 range), which binds here: the
    // answer is the first double at or above 1e-6 meeting the cap.
    let a = f64::from_bits(1);
    let t = Traffic::from_load(a, AHT).unwrap();
    let goal = Targets::new().with_max_occupancy(0.2478).unwrap();
    let x = fractional_agents_required(&t, Model::ErlangC, &goal).unwrap();
    assert!((1e-6..=1e-6 * (1.0 + 1e-14)).contains(&x), "{x:e}");
    assert!(a / x <= 0.2478);
    // Subnormal teams are refused; a millionth of an agent carries
    // 0.2478e-6 erlangs at that cap (occupancy A / N, by hand).
    assert!(matches!(
        max_load(f64::from_bits(5), AHT, Model::ErlangC, &goal),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
    let l = max_load(1e-6, AHT, Model::ErlangC, &goal).unwrap();
    assert!(((l - 0.2478e-6) / 0.2478e-6).abs() < 1e-12, "{l:e}");
}

/// The models refuse more than `MAX_AGENTS` (1e9) integer agents, as they
/// refuse a fractional count above it. Before, `ErlangC::new` and
/// `ErlangA::new` took any `u32` (up to 4.29e9), past the range the
/// documentation states and the references cover.
#[test]
fn integer_agents_above_the_maximum_are_refused() {
    use servops_queue::{ErlangA, ErlangC, Error, MAX_AGENTS, Traffic};
    use std::time::Duration;
    let t = Traffic::from_load(10.0, Duration::from_secs(180)).unwrap();
    let top = MAX_AGENTS as u32;
    assert!(ErlangC::new(t, top).is_ok());
    assert!(matches!(
        ErlangC::new(t, top + 1),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
    assert!(matches!(
        ErlangC::new(t, u32::MAX),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
    let p = Duration::from_secs(60);
    assert!(ErlangA::new(t, top, p).is_ok());
    assert!(matches!(
        ErlangA::new(t, top + 1, p),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
}

#[test]
fn erlang_b_takes_the_same_agent_range_as_the_other_models() {
    // MAX_AGENTS (1e9) is accepted; one more is refused as by
    // erlang_b_fractional and ErlangC::new (it was accepted up to u32::MAX).
    let max = servops_queue::MAX_AGENTS as u32;
    assert_eq!(servops_queue::erlang_b(max, 10.0).unwrap(), 0.0);
    assert!(matches!(
        servops_queue::erlang_b(max + 1, 10.0),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
    assert!(matches!(
        servops_queue::erlang_b(u32::MAX, 1e9),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
}
