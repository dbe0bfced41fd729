//! FiniteLines invariants as property tests: probabilities that add up,
//! monotonicity in lines, agents, load and threshold, the reductions to
//! Erlang B, C and A, and minimality of both solvers.
#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use proptest::prelude::*;
use servops_queue::{
    ErlangA, ErlangC, FiniteLines, Model, ServiceLevelConvention as Convention, Targets, Traffic,
    agents_required, erlang_b, lines_for_blocking,
};
use std::time::Duration;

const AHT: Duration = Duration::from_secs(180);
const CONVENTIONS: [Convention; 3] = [
    Convention::AnsweredWithinOverOffered,
    Convention::AnsweredWithinOverAnswered,
    Convention::AbandonsWithinCountAsMet,
];

/// Loads 1e-3 .. 1e5 erlangs, log-uniform.
fn load() -> impl Strategy<Value = f64> {
    (-3.0f64..5.0).prop_map(|e| 10f64.powf(e))
}

/// No patience, or a mean patience of 1 s .. 1e4 s, log-uniform.
fn patience() -> impl Strategy<Value = Option<Duration>> {
    prop_oneof![
        Just(None),
        (0.0f64..4.0).prop_map(|e| Some(Duration::from_secs_f64(10f64.powf(e)))),
    ]
}

fn traffic(a: f64) -> Traffic {
    Traffic::from_load(a, AHT).unwrap()
}

/// Agents around the load (from well below to well above).
fn agents_for(a: f64, beta: f64) -> u32 {
    (a + beta * a.sqrt()).max(1.0).round().min(2e5) as u32
}

/// Waiting positions: none, a few, or several square roots of the agents.
fn positions(n: u32, w: f64) -> u32 {
    (w * f64::from(n).sqrt()).round() as u32
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn probabilities_add_up_and_service_levels_are_ordered(
        a in load(), beta in -3.0f64..5.0, w in 0.0f64..6.0, p in patience(),
        t1 in 0.0f64..600.0, t2 in 0.0f64..600.0,
    ) {
        let n = agents_for(a, beta);
        let k = n + positions(n, w);
        let m = FiniteLines::new(traffic(a), n, k, p).unwrap();
        let (blocked, abandon, answered) = (m.prob_blocked(), m.prob_abandon(), m.prob_answered());
        for v in [blocked, abandon, answered, m.prob_wait(), m.prob_wait_given_accepted(), m.occupancy()] {
            prop_assert!((0.0..=1.0).contains(&v));
        }
        prop_assert!((blocked + abandon + answered - 1.0).abs() < 1e-12,
            "{blocked} + {abandon} + {answered}");
        prop_assert!(m.prob_wait() + blocked <= 1.0 + 1e-12);
        prop_assert!(m.prob_wait() <= m.prob_wait_given_accepted() * (1.0 + 1e-12) + 1e-300);
        prop_assert!(abandon <= m.prob_wait() * (1.0 + 1e-12) + 1e-300);
        for v in [m.mean_queue_length(), m.asa_answered_secs(), m.mean_wait_secs()] {
            prop_assert!(v.is_finite() && v >= 0.0);
        }
        prop_assert!((m.carried_load() + m.lost_load() - a).abs() <= 1e-12 * a);
        let sl0 = m.service_level(Duration::ZERO, Convention::AnsweredWithinOverOffered);
        prop_assert!((sl0 - (1.0 - m.prob_wait() - blocked)).abs() < 1e-12);
        let (lo, hi) = (t1.min(t2), t1.max(t2));
        for c in CONVENTIONS {
            let (s_lo, s_hi) = (
                m.service_level(Duration::from_secs_f64(lo), c),
                m.service_level(Duration::from_secs_f64(hi), c),
            );
            prop_assert!((0.0..=1.0).contains(&s_lo) && (0.0..=1.0).contains(&s_hi));
            prop_assert!(s_hi >= s_lo - 1e-12, "{c:?}: {s_lo} at {lo} s, {s_hi} at {hi} s");
        }
        let within = Duration::from_secs_f64(hi);
        let offered = m.service_level(within, Convention::AnsweredWithinOverOffered);
        prop_assert!(offered <= answered + 1e-12);
        prop_assert!(offered <= m.service_level(within, Convention::AnsweredWithinOverAnswered) + 1e-12);
        prop_assert!(offered <= m.service_level(within, Convention::AbandonsWithinCountAsMet) + 1e-12);
        // blocked contacts count against the conventions over offered ones
        prop_assert!(m.service_level(within, Convention::AbandonsWithinCountAsMet) <= 1.0 - blocked + 1e-12);
    }

    #[test]
    fn blocking_falls_with_lines_and_rises_with_load(
        a in load(), beta in -3.0f64..5.0, w in 0.0f64..6.0, p in patience(),
    ) {
        let n = agents_for(a, beta);
        let k = n + positions(n, w);
        let t = traffic(a);
        let b = FiniteLines::new(t, n, k, p).unwrap().prob_blocked();
        let more_lines = FiniteLines::new(t, n, k + 1, p).unwrap().prob_blocked();
        prop_assert!(more_lines <= b * (1.0 + 1e-12), "K+1: {more_lines} > {b}");
        let more_load = FiniteLines::new(traffic(a * 1.01), n, k, p).unwrap().prob_blocked();
        prop_assert!(more_load >= b * (1.0 - 1e-12), "1.01 A: {more_load} < {b}");
    }

    #[test]
    fn blocking_falls_with_agents_without_patience(
        a in load(), beta in -3.0f64..5.0, w in 0.1f64..6.0,
    ) {
        let n = agents_for(a, beta);
        let k = n + positions(n, w).max(1);
        let t = traffic(a);
        let b = FiniteLines::new(t, n, k, None).unwrap().prob_blocked();
        let more = FiniteLines::new(t, n + 1, k, None).unwrap().prob_blocked();
        prop_assert!(more <= b * (1.0 + 1e-12), "N+1: {more} > {b}");
    }

    #[test]
    fn no_waiting_positions_is_erlang_b(a in load(), beta in -3.0f64..5.0, p in patience()) {
        let n = agents_for(a, beta);
        let m = FiniteLines::new(traffic(a), n, n, p).unwrap();
        prop_assert_eq!(m.prob_blocked(), erlang_b(n, a).unwrap());
        prop_assert_eq!(m.prob_wait(), 0.0);
    }

    #[test]
    fn many_lines_are_erlang_c_and_a(
        a in (-3.0f64..4.0).prop_map(|e| 10f64.powf(e)), beta in 0.3f64..5.0,
        pe in 0.0f64..3.5, t in 0.0f64..300.0,
    ) {
        let n = agents_for(a, beta);
        let tr = traffic(a);
        let within = Duration::from_secs_f64(t);
        if a < f64::from(n) {
            let c = ErlangC::new(tr, n).unwrap();
            let m = FiniteLines::new(tr, n, u32::MAX, None).unwrap();
            prop_assert!((m.prob_wait() - c.prob_wait()).abs() < 1e-12);
            let sl = m.service_level(within, Convention::AnsweredWithinOverOffered);
            prop_assert!((sl - c.service_level(within)).abs() < 1e-12);
        }
        let patience = Duration::from_secs_f64(10f64.powf(pe));
        let e = ErlangA::new(tr, n, patience).unwrap();
        let m = FiniteLines::new(tr, n, u32::MAX, Some(patience)).unwrap();
        prop_assert!((m.prob_abandon() - e.prob_abandon()).abs() < 1e-12);
        for c in CONVENTIONS {
            prop_assert!((m.service_level(within, c) - e.service_level(within, c)).abs() < 1e-12);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn agents_solver_returns_the_true_minimum(
        a in (-1.0f64..3.0).prop_map(|e| 10f64.powf(e)), w in 0.5f64..4.0, p in patience(),
        goal in 0.5f64..0.95, block in 0.001f64..0.2, c in 0usize..3,
    ) {
        let t = traffic(a);
        let lines = (2.0 * a + w * a.sqrt() + 2.0).round() as u32;
        let targets = Targets::service_level_within(goal, Duration::from_secs(20)).unwrap()
            .with_max_prob_blocked(block).unwrap()
            .with_convention(CONVENTIONS[c]);
        let model = Model::FiniteLines { lines, patience: p };
        let meets = |n: u32| {
            let m = FiniteLines::new(t, n, lines, p).unwrap();
            m.service_level(Duration::from_secs(20), CONVENTIONS[c]) >= goal
                && m.prob_blocked() <= block
        };
        match agents_required(&t, model, &targets) {
            Ok(s) => {
                prop_assert!(meets(s.agents));
                // no smaller team meets them (not only N - 1: some targets
                // are not monotone in N)
                prop_assert!((1..s.agents).all(|n| !meets(n)), "{} agents", s.agents);
            }
            Err(servops_queue::Error::Unreachable { max_agents }) => {
                prop_assert_eq!(max_agents, f64::from(lines));
                prop_assert!((1..=lines).all(|n| !meets(n)));
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    #[test]
    fn lines_solver_returns_the_true_minimum(
        a in load(), beta in -2.0f64..4.0, p in patience(), target in 1e-6f64..0.5,
    ) {
        let n = agents_for(a, beta);
        let t = traffic(a);
        if let Ok(k) = lines_for_blocking(&t, n, p, target) {
            prop_assert!(FiniteLines::new(t, n, k, p).unwrap().prob_blocked() <= target);
            prop_assert!(k == n || FiniteLines::new(t, n, k - 1, p).unwrap().prob_blocked() > target);
        } else {
            // only where even u32::MAX lines block more than the target
            // (overloaded without patience: blocking stays above 1 - N/A)
            prop_assert!(FiniteLines::new(t, n, u32::MAX, p).unwrap().prob_blocked() > target);
        }
    }
}
