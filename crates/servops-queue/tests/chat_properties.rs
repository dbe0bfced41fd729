//! ChatModel invariants as property tests: bounds, monotonicity in load
//! and agents, the reduction to Erlang C and A with one chat per agent,
//! and the staffing solver against a brute-force scan.
#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use proptest::prelude::*;
use servops_queue::{
    ChatConcurrency, ChatModel, ErlangA, ErlangC, Metrics, Model,
    ServiceLevelConvention as Convention, Targets, agents_required, metrics_at,
};
use std::time::Duration;

const H1: f64 = 300.0;
const CONVENTIONS: [Convention; 3] = [
    Convention::AnsweredWithinOverOffered,
    Convention::AnsweredWithinOverAnswered,
    Convention::AbandonsWithinCountAsMet,
];

/// A concave profile: throughput increments `d_1 = 1`, each next one a
/// factor 0.2..1 of the one before (or exactly equal), `h_j = j h_1 / g(j)`.
fn profile() -> impl Strategy<Value = Vec<Duration>> {
    (
        1usize..=8,
        prop::collection::vec(prop_oneof![Just(1.0), 0.2f64..0.95], 8),
    )
        .prop_map(|(m, factors)| {
            let (mut g, mut d) = (0.0, 1.0);
            (1..=m)
                .map(|j| {
                    if j > 1 {
                        d *= factors[j - 1];
                    }
                    g += d;
                    Duration::from_millis((j as f64 * H1 / g * 1000.0).round() as u64)
                })
                .collect()
        })
}

fn patience() -> impl Strategy<Value = Option<Duration>> {
    prop_oneof![
        Just(None),
        (-1.0f64..4.0).prop_map(|e| Some(Duration::from_secs_f64(10f64.powf(e)))),
    ]
}

/// The concurrency, or `None` when rounding to milliseconds broke concavity.
fn concurrency(h: &[Duration], p: Option<Duration>) -> Option<ChatConcurrency> {
    ChatConcurrency::new(h, p).ok()
}

/// The load filling `frac` of the slots' capacity `N m h_1 / h_m`.
fn load_for(c: &ChatConcurrency, n: u32, frac: f64) -> f64 {
    let h = c.handle_times();
    frac * f64::from(n) * h.len() as f64 * H1 / h[h.len() - 1].as_secs_f64()
}

fn met(m: &Metrics, t: &Targets) -> bool {
    t.service_level()
        .is_none_or(|(goal, _)| m.service_level.unwrap() >= goal)
        && t.max_asa_secs().is_none_or(|a| m.asa_secs <= a)
        && t.max_prob_wait().is_none_or(|p| m.prob_wait <= p)
        && t.max_prob_abandon().is_none_or(|p| m.prob_abandon <= p)
        && t.max_occupancy().is_none_or(|o| m.occupancy <= o)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn metrics_are_finite_and_bounded(
        h in profile(), p in patience(), n in 1u32..300, frac in 0.0f64..2.0,
        t1 in 0.0f64..900.0, t2 in 0.0f64..900.0,
    ) {
        let Some(c) = concurrency(&h, p) else { return Ok(()) };
        let frac = if p.is_none() { frac.min(0.999) } else { frac };
        let t = c.traffic_from_load(load_for(&c, n, frac)).unwrap();
        let m = ChatModel::new(t, n, c).unwrap();
        for v in [m.prob_wait(), m.prob_abandon(), m.prob_answered(), m.occupancy(), m.slot_utilisation()] {
            prop_assert!((0.0..=1.0).contains(&v), "{v}");
        }
        prop_assert!(m.prob_abandon() <= m.prob_wait() + 1e-15);
        for v in [m.asa_answered_secs(), m.mean_wait_secs(), m.mean_queue_length(), m.mean_chats_in_service()] {
            prop_assert!(v.is_finite() && v >= 0.0, "{v}");
        }
        let mc = f64::from(c.max_chats());
        // E[K] >= E[min(K, N)] >= E[K] / m
        prop_assert!(m.mean_concurrency() >= m.occupancy() * (1.0 - 1e-12));
        prop_assert!(m.occupancy() >= m.mean_concurrency() / mc * (1.0 - 1e-12));
        let (lo, hi) = (t1.min(t2), t1.max(t2));
        for conv in CONVENTIONS {
            let (a, b) = (
                m.service_level(Duration::from_secs_f64(lo), conv),
                m.service_level(Duration::from_secs_f64(hi), conv),
            );
            prop_assert!((0.0..=1.0).contains(&a) && a <= b + 1e-14, "{conv:?}: {a} {b}");
        }
        // flow balance: throughput = lambda P(answered)
        prop_assert!((m.throughput_per_sec() - t.rate_per_sec() * m.prob_answered()).abs() <= 1e-15 * t.rate_per_sec());
    }

    #[test]
    fn worse_with_load_better_with_agents(
        h in profile(), p in patience(), n in 1u32..200, f1 in 0.0f64..1.6, f2 in 0.0f64..1.6,
        within in 0.0f64..600.0,
    ) {
        let Some(c) = concurrency(&h, p) else { return Ok(()) };
        let cap = if p.is_none() { 0.95 } else { 2.0 };
        let (lo, hi) = (f1.min(f2).min(cap), f1.max(f2).min(cap));
        let at = |frac: f64, agents: u32| {
            ChatModel::new(c.traffic_from_load(load_for(&c, n, frac)).unwrap(), agents, c).unwrap()
        };
        let (a, b) = (at(lo, n), at(hi, n));
        let w = Duration::from_secs_f64(within);
        let conv = Convention::AnsweredWithinOverOffered;
        prop_assert!(a.prob_wait() <= b.prob_wait() + 1e-13);
        prop_assert!(a.service_level(w, conv) >= b.service_level(w, conv) - 1e-13);
        prop_assert!(a.prob_abandon() <= b.prob_abandon() + 1e-13);
        prop_assert!(a.occupancy() <= b.occupancy() + 1e-13);
        // one agent more at the same load (the proved monotone metrics,
        // under the proof's condition: no patience, or at least h_m)
        if p.is_some_and(|p| p < h[h.len() - 1]) {
            return Ok(());
        }
        let same = ChatModel::new(*b.traffic(), n + 1, c).unwrap();
        prop_assert!(same.prob_wait() <= b.prob_wait() + 1e-13);
        prop_assert!(same.prob_abandon() <= b.prob_abandon() + 1e-13);
        prop_assert!(same.occupancy() <= b.occupancy() + 1e-13);
        prop_assert!(same.mean_queue_length() <= b.mean_queue_length() * (1.0 + 1e-12) + 1e-300);
        for conv in [Convention::AnsweredWithinOverOffered, Convention::AbandonsWithinCountAsMet] {
            prop_assert!(same.service_level(w, conv) >= b.service_level(w, conv) - 1e-13);
        }
    }

    #[test]
    fn one_chat_per_agent_is_erlang(
        n in 1u32..2000, frac in 0.0f64..2.0, p in patience(), within in 0.0f64..900.0,
    ) {
        let h = Duration::from_secs(300);
        let c = ChatConcurrency::new(&[h], p).unwrap();
        let frac = if p.is_none() { frac.min(0.9999) } else { frac };
        let t = c.traffic_from_load(frac * f64::from(n)).unwrap();
        let m = ChatModel::new(t, n, c).unwrap();
        let w = Duration::from_secs_f64(within);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-14 * a.abs().max(b.abs()).max(1.0);
        match p {
            None => {
                let e = ErlangC::new(t, n).unwrap();
                prop_assert!(close(m.prob_wait(), e.prob_wait()));
                prop_assert!(close(m.asa_answered_secs(), e.asa_secs()));
                prop_assert!(close(m.occupancy(), e.occupancy()));
                prop_assert!(close(m.service_level(w, Convention::AnsweredWithinOverOffered), e.service_level(w)));
            }
            Some(p) => {
                let e = ErlangA::new(t, n, p).unwrap();
                prop_assert!(close(m.prob_wait(), e.prob_wait()));
                prop_assert!(close(m.prob_abandon(), e.prob_abandon()));
                prop_assert!(close(m.asa_answered_secs(), e.asa_answered_secs()));
                prop_assert!(close(m.occupancy(), e.occupancy()));
                for conv in CONVENTIONS {
                    prop_assert!(close(m.service_level(w, conv), e.service_level(w, conv)));
                }
            }
        }
    }

    /// The solver's answer meets the targets, and no smaller team does
    /// (every count below it evaluated).
    #[test]
    fn solver_is_the_brute_force_minimum(
        h in profile(), p in patience(), load in 0.01f64..60.0,
        which in 0usize..6, conv in 0usize..3, goal in 0.05f64..0.95, within in 1.0f64..300.0,
    ) {
        let Some(c) = concurrency(&h, p) else { return Ok(()) };
        let model = Model::Chat { concurrency: c };
        let t = c.traffic_from_load(load).unwrap();
        let w = Duration::from_secs_f64(within);
        let targets = match which {
            0 => Targets::service_level_within(goal, w).unwrap().with_convention(CONVENTIONS[conv]),
            1 => Targets::new().with_max_asa(w).unwrap(),
            2 => Targets::new().with_max_prob_wait(goal).unwrap(),
            3 if p.is_some() => Targets::new().with_max_prob_abandon(goal * 0.2).unwrap(),
            4 => Targets::new().with_max_occupancy(goal.max(0.5)).unwrap(),
            _ => Targets::service_level_within(goal, w).unwrap()
                .with_convention(CONVENTIONS[conv])
                .with_max_asa(w * 2).unwrap()
                .with_max_occupancy(0.97).unwrap(),
        };
        let s = agents_required(&t, model, &targets).unwrap();
        prop_assert!(met(&s.metrics, &targets), "{:?}", s);
        for n in 1..s.agents {
            if let Ok(m) = metrics_at(&t, model, f64::from(n), &targets) {
                prop_assert!(!met(&m, &targets), "{n} agents meet {targets:?} but the solver says {}", s.agents);
            }
        }
    }
}
