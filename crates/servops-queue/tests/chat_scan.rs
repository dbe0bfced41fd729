//! The chat solver's scan with a patience below `h_m` (no metric proved
//! monotone in `N`): the fuzzed input that ran for minutes (occupancy at
//! most 0.001 needs half a million agents), answers checked against
//! `gen/chat_scan_reference.py`, and the solver against a brute-force scan
//! from one agent on random inputs.
#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use proptest::prelude::*;
use servops_queue::{ChatConcurrency, Metrics, Model, Targets, agents_required, metrics_at};
use std::time::Duration;

/// The fuzzed profile: 300, 420 and 600 s at one, two and three chats.
fn fuzzed(patience: Duration) -> ChatConcurrency {
    let h = [300, 420, 600].map(Duration::from_secs);
    ChatConcurrency::new(&h, Some(patience)).unwrap()
}

fn met(m: &Metrics, t: &Targets) -> bool {
    t.max_asa_secs().is_none_or(|a| m.asa_secs <= a)
        && t.max_prob_wait().is_none_or(|p| m.prob_wait <= p)
        && t.max_occupancy().is_none_or(|o| m.occupancy <= o)
}

/// Agents for `targets`, checked to meet them where the count below does
/// not.
fn solve(c: ChatConcurrency, load: f64, targets: &Targets) -> u32 {
    let t = c.traffic_from_load(load).unwrap();
    let model = Model::Chat { concurrency: c };
    let s = agents_required(&t, model, targets).unwrap();
    assert!(met(&s.metrics, targets), "{s:?}");
    let below = metrics_at(&t, model, f64::from(s.agents - 1), targets).unwrap();
    assert!(
        !met(&below, targets),
        "{} agents meet {targets:?}",
        s.agents - 1
    );
    s.agents
}

/// The fuzzed input: 514 single-chat erlangs, a 201 ns patience, occupancy
/// at most 0.001. Every chat is alone at such team sizes, so the occupancy
/// is `514 (1 - eps) / N` (`eps < 1e-300`, and every team up to 2,000
/// agents is evaluated by the script): 514,000 agents, exactly. Before the
/// skipped block and the occupancy bound this ran for more than ten
/// minutes (each of the 514,000 counts scanned walked all `3 N` states).
#[test]
fn fuzzed_occupancy_cap_is_solved_exactly() {
    let c = fuzzed(Duration::from_nanos(201));
    let cap = Targets::new().with_max_occupancy(0.001).unwrap();
    assert_eq!(solve(c, 514.0, &cap), 514_000);
    let cap = Targets::new().with_max_occupancy(0.0011).unwrap();
    assert_eq!(solve(c, 514.0, &cap), 467_273);
    // 514 / 0.05 agents exactly (summing min(k, N) w_k, the busy agents
    // came out at 514.0000000000002 and the answer one too many)
    let cap = Targets::new().with_max_occupancy(0.05).unwrap();
    assert_eq!(solve(c, 514.0, &cap), 10_280);
    // the same with a P(wait) target beside it (met long before)
    let both = Targets::new()
        .with_max_occupancy(0.001)
        .unwrap()
        .with_max_prob_wait(0.2)
        .unwrap();
    assert_eq!(solve(c, 514.0, &both), 514_000);
}

/// A realistic team (patience 100 s < h_m = 600 s): every count from 1
/// evaluated by `gen/chat_scan_reference.py` (30 digits, the chain summed
/// upwards from state 0): occupancy at most 0.85 with P(wait) at most 0.2
/// needs 605 agents (occupancy 0.849586580644992 there, 0.850993141734809
/// at 604); P(wait) at most 0.05 alone, 347 (P(wait) 0.0437702384404058,
/// 0.0602923863641098 at 346).
#[test]
fn realistic_targets_match_the_reference_scan() {
    let c = fuzzed(Duration::from_secs(100));
    let t = c.traffic_from_load(514.0).unwrap();
    let both = Targets::new()
        .with_max_occupancy(0.85)
        .unwrap()
        .with_max_prob_wait(0.2)
        .unwrap();
    assert_eq!(solve(c, 514.0, &both), 605);
    let wait = Targets::new().with_max_prob_wait(0.05).unwrap();
    assert_eq!(solve(c, 514.0, &wait), 347);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-13;
    let at = |n: u32| servops_queue::ChatModel::new(t, n, c).unwrap();
    assert!(close(at(605).occupancy(), 0.849_586_580_644_992_4));
    assert!(close(at(604).occupancy(), 0.850_993_141_734_809_3));
    assert!(close(at(347).prob_wait(), 0.043_770_238_440_405_83));
    assert!(close(at(346).prob_wait(), 0.060_292_386_364_109_81));
}

/// 50,000 single-chat erlangs with an occupancy cap of 0.85 (patience
/// 100 s): the bracketing's secant step overshot the largest team
/// (5,592,405 agents), whose margin read as a failure, and the solver
/// reported the target unreachable. At 58,000 agents and more the chats
/// are alone but for `P(Poisson(50000) >= 58000) < 1e-266`, so the
/// occupancy is `50000 (1 - eps) / N`: `ceil(50000 / 0.85) = 58,824`.
#[test]
fn secant_step_past_the_largest_team_is_not_unreachable() {
    let c = fuzzed(Duration::from_secs(100));
    let cap = Targets::new().with_max_occupancy(0.85).unwrap();
    assert_eq!(solve(c, 50_000.0, &cap), 58_824);
}

/// A concave profile of 2 to 4 chats: throughput increments `d_1 = 1`,
/// each next a factor 0.3..1 of the one before.
fn profile() -> impl Strategy<Value = Vec<Duration>> {
    (2usize..=4, prop::collection::vec(0.3f64..=1.0, 4)).prop_map(|(m, factors)| {
        let (mut g, mut d) = (0.0, 1.0);
        (1..=m)
            .map(|j| {
                if j > 1 {
                    d *= factors[j - 1];
                }
                g += d;
                Duration::from_millis((j as f64 * 300.0 / g * 1000.0).round() as u64)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With a patience below `h_m` the answer is the first count from 1
    /// that meets occupancy, P(wait) and ASA targets (any non-empty mix).
    #[test]
    fn scan_with_skips_is_the_brute_force_minimum(
        h in profile(), patience_frac in -8.0f64..-0.01, load in 0.01f64..25.0,
        which in 1u8..8, occ in 0.05f64..0.95, wait in 0.005f64..0.9, asa in 0.1f64..300.0,
    ) {
        let hm = h[h.len() - 1].as_secs_f64();
        let patience = Duration::from_secs_f64(hm * 10f64.powf(patience_frac));
        let Ok(c) = ChatConcurrency::new(&h, Some(patience)) else { return Ok(()) };
        prop_assume!(patience < h[h.len() - 1]);
        let mut targets = Targets::new();
        if which & 1 != 0 {
            targets = targets.with_max_occupancy(occ).unwrap();
        }
        if which & 2 != 0 {
            targets = targets.with_max_prob_wait(wait).unwrap();
        }
        if which & 4 != 0 {
            targets = targets.with_max_asa(Duration::from_secs_f64(asa)).unwrap();
        }
        let t = c.traffic_from_load(load).unwrap();
        let model = Model::Chat { concurrency: c };
        let s = agents_required(&t, model, &targets).unwrap();
        prop_assert!(met(&s.metrics, &targets), "{:?}", s);
        for n in 1..s.agents {
            let m = metrics_at(&t, model, f64::from(n), &targets).unwrap();
            prop_assert!(!met(&m, &targets), "{n} agents meet {targets:?}, the solver says {}", s.agents);
        }
    }

    /// Small occupancy caps at small loads: teams up to a few thousand
    /// agents, far above the load, where the bound jumps.
    #[test]
    fn small_occupancy_caps_are_the_brute_force_minimum(
        h in profile(), patience_frac in -8.0f64..-0.01, load in 0.001f64..3.0,
        occ in 0.002f64..0.05, wait in prop::option::of(0.001f64..0.5),
    ) {
        let hm = h[h.len() - 1].as_secs_f64();
        let patience = Duration::from_secs_f64(hm * 10f64.powf(patience_frac));
        let Ok(c) = ChatConcurrency::new(&h, Some(patience)) else { return Ok(()) };
        prop_assume!(patience < h[h.len() - 1]);
        let mut targets = Targets::new().with_max_occupancy(occ).unwrap();
        if let Some(p) = wait {
            targets = targets.with_max_prob_wait(p).unwrap();
        }
        let t = c.traffic_from_load(load).unwrap();
        let model = Model::Chat { concurrency: c };
        let s = agents_required(&t, model, &targets).unwrap();
        prop_assert!(met(&s.metrics, &targets), "{:?}", s);
        for n in 1..s.agents {
            let m = metrics_at(&t, model, f64::from(n), &targets).unwrap();
            prop_assert!(!met(&m, &targets), "{n} agents meet {targets:?}, the solver says {}", s.agents);
        }
    }
}
