//! ChatModel: its exact reductions to Erlang C and A, its errors, and its
//! place in the staffing solvers.
#![allow(clippy::unwrap_used)] // test support code

use servops_queue::{
    ChatConcurrency, ChatModel, ErlangA, ErlangC, Error, MAX_CHAT_SLOTS, Model,
    ServiceLevelConvention, Targets, Traffic, agents_required, fractional_agents_required,
    max_load, metrics_at,
};
use std::time::Duration;

const CONVENTIONS: [ServiceLevelConvention; 3] = [
    ServiceLevelConvention::AnsweredWithinOverOffered,
    ServiceLevelConvention::AnsweredWithinOverAnswered,
    ServiceLevelConvention::AbandonsWithinCountAsMet,
];

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    let scale = a.abs().max(b.abs()).max(1.0);
    assert!((a - b).abs() <= tol * scale, "{what}: {a} vs {b}");
}

/// One chat per agent, or equal handle times: Erlang C with `N m` servers.
#[test]
fn reduces_to_erlang_c_on_n_m_servers() {
    for m in [1_u32, 2, 3, 8] {
        for n in [1_u32, 3, 20, 250, 4000] {
            for frac in [1e-4, 0.3, 0.8, 0.97, 0.9999] {
                let s = n * m;
                let c = ChatConcurrency::uniform(m, secs(240.0), None).unwrap();
                let t = c.traffic_from_load(frac * f64::from(s)).unwrap();
                let chat = ChatModel::new(t, n, c).unwrap();
                let erlang = ErlangC::new(t, s).unwrap();
                let what = format!("m={m} N={n} rho={frac}");
                close(chat.prob_wait(), erlang.prob_wait(), 1e-14, &what);
                close(chat.asa_answered_secs(), erlang.asa_secs(), 1e-14, &what);
                close(chat.mean_wait_secs(), erlang.asa_secs(), 1e-14, &what);
                close(
                    chat.mean_queue_length(),
                    erlang.mean_queue_length(),
                    1e-14,
                    &what,
                );
                close(chat.slot_utilisation(), erlang.occupancy(), 1e-14, &what);
                for within in [0.0, 10.0, 60.0, 600.0] {
                    for conv in CONVENTIONS {
                        close(
                            chat.service_level(secs(within), conv),
                            erlang.service_level(secs(within)),
                            1e-14,
                            &what,
                        );
                    }
                }
                if m == 1 {
                    close(chat.occupancy(), erlang.occupancy(), 1e-14, &what);
                }
            }
        }
    }
}

/// One chat per agent, or equal handle times, with patience: Erlang A.
#[test]
fn reduces_to_erlang_a_on_n_m_servers() {
    for m in [1_u32, 2, 4] {
        for n in [1_u32, 5, 60, 2000] {
            for frac in [1e-4, 0.5, 0.95, 1.0, 1.3, 3.0] {
                for patience in [1.0, 60.0, 240.0, 1e5] {
                    let s = n * m;
                    let c = ChatConcurrency::uniform(m, secs(240.0), Some(secs(patience))).unwrap();
                    let t = c.traffic_from_load(frac * f64::from(s)).unwrap();
                    let chat = ChatModel::new(t, n, c).unwrap();
                    let erlang = ErlangA::new(t, s, secs(patience)).unwrap();
                    let what = format!("m={m} N={n} rho={frac} p={patience}");
                    close(chat.prob_wait(), erlang.prob_wait(), 1e-14, &what);
                    close(chat.prob_abandon(), erlang.prob_abandon(), 1e-14, &what);
                    close(chat.prob_answered(), erlang.prob_answered(), 1e-14, &what);
                    close(
                        chat.asa_answered_secs(),
                        erlang.asa_answered_secs(),
                        1e-14,
                        &what,
                    );
                    close(chat.mean_wait_secs(), erlang.mean_wait_secs(), 1e-14, &what);
                    close(
                        chat.mean_queue_length(),
                        erlang.mean_queue_length(),
                        1e-14,
                        &what,
                    );
                    close(chat.slot_utilisation(), erlang.occupancy(), 1e-14, &what);
                    for within in [0.0, 10.0, 60.0, 600.0] {
                        for conv in CONVENTIONS {
                            close(
                                chat.service_level(secs(within), conv),
                                erlang.service_level(secs(within), conv),
                                1e-14,
                                &what,
                            );
                        }
                    }
                    if m == 1 {
                        close(chat.occupancy(), erlang.occupancy(), 1e-14, &what);
                    }
                }
            }
        }
    }
}

/// A hand-computed case: one agent, two chats, h = (100 s, 150 s), no
/// patience, lambda = 1/100 per second. Rates: c(1) = 1/100, c(2) =
/// 2/150, queue C = 2/150 = 1/75. pi_1 = pi_0 (lambda / c(1)) = pi_0,
/// pi_2 = pi_1 lambda / c(2) = 0.75 pi_0, and the queue above 2 is
/// geometric with rho = 0.75: P(K >= 2) = 0.75 pi_0 / 0.25 = 3 pi_0, so
/// pi_0 = 1 / (1 + 1 + 3) = 0.2 and P(wait) = 0.6. Busy agent share:
/// 1 - pi_0 = 0.8. Chats in service: pi_1 + 2 P(K >= 2) = 0.2 + 1.2 = 1.4.
/// Mean queue: pi_2 sum_j j 0.75^j = 0.15 x 0.75 / 0.0625 = 1.8; mean
/// wait 1.8 / 0.01 = 180 s; SL(t) = 1 - 0.6 e^(-(1/75 - 1/100) t).
#[test]
fn one_agent_two_chats_by_hand() {
    let c = ChatConcurrency::new(&[secs(100.0), secs(150.0)], None).unwrap();
    let t = c.traffic_from_load(1.0).unwrap();
    let m = ChatModel::new(t, 1, c).unwrap();
    close(m.prob_wait(), 0.6, 1e-15, "wait");
    close(m.occupancy(), 0.8, 1e-15, "busy");
    close(m.mean_chats_in_service(), 1.4, 1e-15, "in service");
    close(m.mean_queue_length(), 1.8, 1e-14, "queue");
    close(m.mean_wait_secs(), 180.0, 1e-14, "wait secs");
    let sl = 1.0 - 0.6 * (-(1.0 / 75.0 - 1.0 / 100.0) * 30.0_f64).exp();
    close(
        m.service_level(
            secs(30.0),
            ServiceLevelConvention::AnsweredWithinOverOffered,
        ),
        sl,
        1e-15,
        "sl",
    );
    close(m.throughput_per_sec(), 0.01, 1e-15, "throughput");
}

#[test]
fn refuses_bad_inputs_with_typed_errors() {
    let c = ChatConcurrency::new(&[secs(300.0), secs(400.0)], None).unwrap();
    // blended AHT instead of h_1
    let t = Traffic::from_load(5.0, secs(350.0)).unwrap();
    assert!(matches!(
        ChatModel::new(t, 5, c),
        Err(Error::InvalidParameter { name: "aht", .. })
    ));
    let goal = Targets::new().with_max_prob_wait(0.2).unwrap();
    let model = Model::Chat { concurrency: c };
    assert!(matches!(
        agents_required(&t, model, &goal),
        Err(Error::InvalidParameter { name: "aht", .. })
    ));
    assert!(matches!(
        max_load(5.0, secs(350.0), model, &goal),
        Err(Error::InvalidParameter { name: "aht", .. })
    ));
    let t = c.traffic_from_load(5.0).unwrap();
    assert!(ChatModel::new(t, 0, c).is_err());
    let too_many = u32::try_from(MAX_CHAT_SLOTS / 2 + 1).unwrap();
    assert!(ChatModel::new(t, too_many, c).is_err());
    // unstable: 5 erlangs at h_2 = 400 s need 5 x 400 / 300 / 2 = 3.33 agents
    assert!(matches!(
        ChatModel::new(t, 3, c),
        Err(Error::Unstable { .. })
    ));
    assert!(ChatModel::new(t, 4, c).is_ok());
    // whole agents only
    assert!(matches!(
        fractional_agents_required(&t, model, &goal),
        Err(Error::TargetNotSupported { .. })
    ));
    assert!(metrics_at(&t, model, 4.5, &goal).is_err());
    assert!(metrics_at(&t, model, 4.0, &goal).is_ok());
    // P(abandon) needs a patience; P(blocked) does not exist here
    let abandon = Targets::new().with_max_prob_abandon(0.1).unwrap();
    assert!(matches!(
        agents_required(&t, model, &abandon),
        Err(Error::TargetNotSupported { .. })
    ));
    let blocked = Targets::new().with_max_prob_blocked(0.1).unwrap();
    assert!(matches!(
        agents_required(&t, model, &blocked),
        Err(Error::TargetNotSupported { .. })
    ));
    // profiles
    assert!(ChatConcurrency::new(&[secs(300.0); 17], None).is_err());
    assert!(ChatConcurrency::new(&[secs(300.0), Duration::ZERO], None).is_err());
    // h_2 < h_1 means 2 / h_2 > 2 / h_1: more than linear
    let err = ChatConcurrency::new(&[secs(300.0), secs(299.0)], None).unwrap_err();
    assert!(
        matches!(err, Error::InvalidParameter { name: "handle_times", value, .. } if value == 2.0)
    );
    // concave but falling throughput is allowed
    assert!(ChatConcurrency::new(&[secs(300.0), secs(500.0), secs(1000.0)], None).is_ok());
}

#[test]
fn zero_load_is_the_empty_system() {
    for patience in [None, Some(secs(60.0))] {
        let c = ChatConcurrency::new(&[secs(300.0), secs(400.0)], patience).unwrap();
        let m = ChatModel::new(c.traffic_from_load(0.0).unwrap(), 3, c).unwrap();
        assert_eq!(m.prob_wait(), 0.0);
        assert_eq!(m.prob_abandon(), 0.0);
        assert_eq!(m.occupancy(), 0.0);
        assert_eq!(m.mean_chats_in_service(), 0.0);
        for conv in CONVENTIONS {
            assert_eq!(m.service_level(secs(20.0), conv), 1.0);
        }
        let goal = Targets::service_level_within(0.8, secs(20.0)).unwrap();
        let s = agents_required(
            &c.traffic_from_load(0.0).unwrap(),
            Model::Chat { concurrency: c },
            &goal,
        )
        .unwrap();
        assert_eq!(s.agents, 0);
    }
}

/// The solver agrees with the model and with one agent fewer, and with
/// `max_load` on the same team.
#[test]
fn solver_metrics_and_max_load_agree() {
    let c =
        ChatConcurrency::new(&[secs(360.0), secs(480.0), secs(660.0)], Some(secs(180.0))).unwrap();
    let model = Model::Chat { concurrency: c };
    let t = c.traffic(300.0, secs(1800.0)).unwrap();
    let goal = Targets::service_level_within(0.8, secs(60.0)).unwrap();
    let s = agents_required(&t, model, &goal).unwrap();
    let at = metrics_at(&t, model, f64::from(s.agents), &goal).unwrap();
    assert_eq!(at, s.metrics);
    let fewer = metrics_at(&t, model, f64::from(s.agents - 1), &goal).unwrap();
    assert!(fewer.service_level.unwrap() < 0.8);
    let m = ChatModel::new(t, s.agents, c).unwrap();
    assert_eq!(s.metrics.occupancy, m.occupancy());
    let most = max_load(f64::from(s.agents), secs(360.0), model, &goal).unwrap();
    assert!(
        most >= t.load() && most < t.load() * 1.2,
        "{most} vs {}",
        t.load()
    );
    // without patience, the load is capped by stability
    let plain = ChatConcurrency::new(&[secs(360.0), secs(480.0), secs(660.0)], None).unwrap();
    let most = max_load(10.0, secs(360.0), Model::Chat { concurrency: plain }, &goal).unwrap();
    // 10 agents x 3 chats at 660 s: capacity 30 x 360 / 660 = 16.36 erlangs
    assert!(most > 10.0 && most < 30.0 * 360.0 / 660.0);
}

/// Regression (found by `fuzz/fuzz_targets/chat.rs`): at a load of 1e-279
/// erlangs the ratio `c(k) / lambda` of the finite sum's steps reached
/// 1e281, and the walk overflowed to infinity, giving NaN for the chats in
/// service. At such loads nearly every chat is alone with its agent: the
/// chats in service are the load (`lambda h_1`), the busy share is that
/// over `N`, and nobody waits. (Below the smallest normal double the
/// factor between successive terms leaves the double range and the chats
/// in service are only bounded.)
#[test]
fn tiny_loads_stay_finite() {
    let c = ChatConcurrency::new(&[secs(61_188.0), secs(65_000.0), secs(80_000.0)], None).unwrap();
    for load in [1.2132747043521296e-279, 1e-300, 1e-200, 1e-120, 1e-30] {
        let m = ChatModel::new(c.traffic_from_load(load).unwrap(), 91, c).unwrap();
        let k = m.mean_chats_in_service();
        assert!((k - load).abs() <= 1e-12 * load, "A={load}: in service {k}");
        assert!((m.occupancy() - load / 91.0).abs() <= 1e-12 * load / 91.0);
        assert_eq!(m.prob_wait(), 0.0);
    }
    for load in [5e-324, 1e-310] {
        let m = ChatModel::new(c.traffic_from_load(load).unwrap(), 91, c).unwrap();
        let k = m.mean_chats_in_service();
        assert!(k.is_finite() && (0.0..=2.0 * load).contains(&k), "{k}");
        assert!(m.occupancy().is_finite());
    }
}

/// Regression (found by `fuzz/fuzz_targets/chat.rs`): with a patience
/// below `h_m` an agent more can lower the death rates above the old slots
/// (a waiting chat that abandons at once leaves faster than a slot frees),
/// and the occupancy is not monotone: with `h_j = j h_1` (every agent ends
/// one chat per `h_1` whatever it holds), a 14 ns patience and 18.8
/// erlangs, the share of idle agent time falls from 4.0e-7 (1 agent:
/// pi_0 = 1 / sum_k 18.8^k, k <= 5, plus the queue) to 6.5e-14 at 7 agents
/// and rises again. The solver answered 12 for occupancy and P(abandon)
/// caps of 1 - 1e-11, which 1 agent already meets.
#[test]
fn short_patience_solver_is_the_true_minimum() {
    let h1 = 65_535.0;
    let h: Vec<Duration> = (1..=5).map(|j| secs(f64::from(j) * h1)).collect();
    let c = ChatConcurrency::new(&h, Some(Duration::from_nanos(14))).unwrap();
    let t = c.traffic_from_load(0.254 * 74.0).unwrap();
    let idle = |n: u32| 1.0 - ChatModel::new(t, n, c).unwrap().occupancy();
    // one agent: pi_0 of the chain p_k ~ 18.8^k (k <= 5; the queue adds
    // a term below 1e-9 of the rest), busy = 1 - pi_0
    let a: f64 = 0.254 * 74.0;
    let pi0 = 1.0 / (0..=5).map(|k| a.powi(k)).sum::<f64>();
    assert!((idle(1) - pi0).abs() < 1e-6 * pi0, "{} vs {pi0}", idle(1));
    assert!(idle(7) < idle(1) * 1e-6);
    let goal = Targets::new()
        .with_max_prob_abandon(0.999_999_999_99)
        .unwrap()
        .with_max_occupancy(0.999_999_999_99)
        .unwrap();
    let s = agents_required(&t, Model::Chat { concurrency: c }, &goal).unwrap();
    assert_eq!(s.agents, 1);
}

/// Serde: the profile as `{"handle_secs": [...], "patience_secs": p}`,
/// validated on the way in; `Model::Chat` round-trips.
#[cfg(feature = "serde")]
#[test]
fn serde_round_trips_and_validates() {
    let c = ChatConcurrency::new(&[secs(300.0), secs(420.5)], Some(secs(90.0))).unwrap();
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(
        json,
        r#"{"handle_secs":[300.0,420.5],"patience_secs":90.0}"#
    );
    assert_eq!(serde_json::from_str::<ChatConcurrency>(&json).unwrap(), c);
    let model = Model::Chat { concurrency: c };
    let json = serde_json::to_string(&model).unwrap();
    assert_eq!(serde_json::from_str::<Model>(&json).unwrap(), model);
    let plain: ChatConcurrency = serde_json::from_str(r#"{"handle_secs":[300]}"#).unwrap();
    assert_eq!(plain.patience(), None);
    // non-concave, empty, zero, negative, unknown field: refused
    for bad in [
        r#"{"handle_secs":[300,200]}"#,
        r#"{"handle_secs":[]}"#,
        r#"{"handle_secs":[0]}"#,
        r#"{"handle_secs":[-1]}"#,
        r#"{"handle_secs":[300],"patience_secs":0}"#,
        r#"{"handle_secs":[300],"extra":1}"#,
    ] {
        assert!(
            serde_json::from_str::<ChatConcurrency>(bad).is_err(),
            "{bad}"
        );
    }
}

/// With a patience shorter than `h_m` the solver scans team sizes; it
/// starts at the bound that answered chats leave at most at `N max_j (j /
/// h_j)` per second. The answer at a large load is still the true minimum:
/// every smaller team, from 1, misses (brute force over all of them).
#[test]
fn large_load_with_short_patience_is_the_true_minimum() {
    use servops_queue::{Targets, agents_required, metrics_at};
    let secs = |s| Duration::from_secs(s);
    let c = ChatConcurrency::new(&[secs(300), secs(400), secs(500)], Some(secs(60))).unwrap();
    let model = Model::Chat { concurrency: c };
    let t = c.traffic_from_load(3000.0).unwrap();
    let goal = Targets::service_level_within(0.8, secs(30)).unwrap();
    let s = agents_required(&t, model, &goal).unwrap();
    assert!(s.metrics.service_level.unwrap() >= 0.8);
    // Answered chats need 0.8 x 10 chats/s / (3 / 500 s) = 1334 agents at least.
    assert!(s.agents >= 1334, "{}", s.agents);
    for n in 1..s.agents {
        let m = metrics_at(&t, model, f64::from(n), &goal).unwrap();
        assert!(m.service_level.unwrap() < 0.8, "{n} agents already meet it");
    }
}
