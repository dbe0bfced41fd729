//! The solvers with `Model::FiniteLines`: which metrics are monotone in
//! the agent count at fixed lines (the basis of the bracketing search),
//! minimality of every answer against a brute-force scan, the lines
//! solver, and the other entry points (metrics_at, max_load, solve_series,
//! fractional_agents_required).
#![allow(clippy::unwrap_used)] // test support code

use servops_core::{IntervalGrid, IntervalSeries};
use servops_queue::{
    Error, FiniteLines, Model, ServiceLevelConvention as Convention, Targets, Traffic, Workload,
    agents_required, fractional_agents_required, lines_for_blocking, max_load, metrics_at,
    solve_series,
};
use std::time::Duration;

const LOADS: [f64; 6] = [0.5, 2.0, 5.0, 10.0, 20.0, 40.0];
const LINES: [u32; 8] = [1, 2, 3, 5, 8, 12, 20, 50];
const PATIENCES: [Option<f64>; 5] = [None, Some(10.0), Some(60.0), Some(180.0), Some(1800.0)];
const THRESHOLDS: [f64; 4] = [0.0, 5.0, 20.0, 300.0];

fn traffic(load: f64) -> Traffic {
    Traffic::from_load(load, Duration::from_secs(180)).unwrap()
}

fn secs(p: Option<f64>) -> Option<Duration> {
    p.map(Duration::from_secs_f64)
}

/// Metrics that must improve (weakly) with every agent at fixed lines,
/// as "larger is better" values.
fn monotone_metrics(m: &FiniteLines, within: Duration) -> [f64; 7] {
    let mut v = [
        m.service_level(within, Convention::AnsweredWithinOverOffered),
        m.service_level(within, Convention::AnsweredWithinOverAnswered),
        -m.asa_answered_secs(),
        -m.prob_wait_given_accepted(),
        -m.prob_abandon(),
        -m.occupancy(),
        0.0,
    ];
    // Blocking changes monotonically too, in a direction set by the
    // patience: an agent more raises the death rate of every state above N
    // by mu - theta, so blocking falls when patience >= AHT (and without
    // patience) and rises when patience < AHT.
    v[6] = match m.patience_secs() {
        Some(p) if p < m.traffic().aht_secs() => m.prob_blocked(),
        _ => -m.prob_blocked(),
    };
    v
}

#[test]
fn monotone_metrics_improve_with_every_agent() {
    let mut failures = Vec::new();
    for load in LOADS {
        for k in LINES {
            for p in PATIENCES {
                for th in THRESHOLDS {
                    let within = Duration::from_secs_f64(th);
                    let mut prev: Option<[f64; 7]> = None;
                    for n in 1..=k {
                        let m = FiniteLines::new(traffic(load), n, k, secs(p)).unwrap();
                        let v = monotone_metrics(&m, within);
                        if let Some(pv) = prev {
                            for i in 0..v.len() {
                                if v[i] < pv[i] - 1e-12 * pv[i].abs().max(1.0) {
                                    failures.push(format!(
                                        "A={load} K={k} p={p:?} t={th} N={n}: metric {i} {} -> {}",
                                        pv[i], v[i]
                                    ));
                                }
                            }
                        }
                        prev = Some(v);
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn blocking_with_patience_can_grow_with_agents() {
    // 2 lines, 0.5 erlangs, AHT 180 s, patience 10 s: with 1 agent the
    // second line is held by a waiting contact for 10 s on average, with 2
    // agents by a call in service for 180 s. By hand (birth-death chain,
    // lambda = 1/360, mu = 1/180, theta = 1/10):
    // N = 1: pi ~ (1, 0.5, 0.5 (1/360) / (1/180 + 1/10)) = (1, 0.5, 0.5/38)
    //        blocked = (0.5/38) / (1.5 + 0.5/38) = 0.0086957
    // N = 2: pi ~ (1, A, A^2/2) = (1, 0.5, 0.125), blocked = 0.125 / 1.625 = 0.076923
    let t = traffic(0.5);
    let p = Some(Duration::from_secs(10));
    let one = FiniteLines::new(t, 1, 2, p).unwrap().prob_blocked();
    let two = FiniteLines::new(t, 2, 2, p).unwrap().prob_blocked();
    assert!(
        (one - 0.5 / 38.0 / (1.5 + 0.5 / 38.0)).abs() < 1e-15,
        "{one}"
    );
    assert!((two - 0.125 / 1.625).abs() < 1e-15, "{two}");
    assert!(two > one);
}

fn goals() -> Vec<Targets> {
    let sl = |c| {
        Targets::service_level_within(0.8, Duration::from_secs(20))
            .unwrap()
            .with_convention(c)
    };
    vec![
        sl(Convention::AnsweredWithinOverOffered),
        sl(Convention::AnsweredWithinOverAnswered),
        sl(Convention::AbandonsWithinCountAsMet),
        Targets::new().with_max_prob_blocked(0.02).unwrap(),
        Targets::new()
            .with_max_prob_blocked(0.05)
            .unwrap()
            .with_max_asa(Duration::from_secs(30))
            .unwrap(),
        Targets::new().with_max_prob_wait(0.3).unwrap(),
        Targets::new().with_max_occupancy(0.8).unwrap(),
        Targets::new().with_max_prob_abandon(0.03).unwrap(),
        sl(Convention::AbandonsWithinCountAsMet)
            .with_max_prob_blocked(0.01)
            .unwrap(),
    ]
}

fn meets(m: &FiniteLines, goal: &Targets) -> bool {
    let mut ok = true;
    if let Some((f, within)) = goal.service_level() {
        ok &= m.service_level(within, goal.convention()) >= f;
    }
    if let Some(a) = goal.max_asa_secs() {
        ok &= m.asa_answered_secs() <= a;
    }
    if let Some(p) = goal.max_prob_wait() {
        ok &= m.prob_wait_given_accepted() <= p;
    }
    if let Some(p) = goal.max_prob_abandon() {
        ok &= m.prob_abandon() <= p;
    }
    if let Some(o) = goal.max_occupancy() {
        ok &= m.occupancy() <= o;
    }
    if let Some(p) = goal.max_prob_blocked() {
        ok &= m.prob_blocked() <= p;
    }
    ok
}

#[test]
fn agents_required_is_the_brute_force_minimum() {
    let mut checked = 0;
    for load in LOADS {
        for k in [3_u32, 8, 12, 20, 50] {
            for p in PATIENCES {
                for goal in goals() {
                    let model = Model::FiniteLines {
                        lines: k,
                        patience: secs(p),
                    };
                    let t = traffic(load);
                    let brute = (1..=k)
                        .find(|&n| meets(&FiniteLines::new(t, n, k, secs(p)).unwrap(), &goal));
                    let got = agents_required(&t, model, &goal);
                    let case = format!("A={load} K={k} p={p:?} {goal:?}");
                    match (brute, got) {
                        (_, Err(Error::TargetNotSupported { .. }))
                            if p.is_none() && goal.max_prob_abandon().is_some() => {}
                        (Some(n), Ok(s)) => {
                            assert_eq!(s.agents, n, "{case}");
                            checked += 1;
                        }
                        (None, Err(Error::Unreachable { max_agents })) => {
                            assert_eq!(max_agents, f64::from(k), "{case}")
                        }
                        (b, g) => panic!("{case}: brute force {b:?}, solver {g:?}"),
                    }
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn solver_answers_report_their_metrics() {
    let t = traffic(30.0);
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20))
        .unwrap()
        .with_max_prob_blocked(0.01)
        .unwrap();
    let model = Model::FiniteLines {
        lines: 45,
        patience: Some(Duration::from_secs(120)),
    };
    let s = agents_required(&t, model, &goal).unwrap();
    let m = FiniteLines::new(t, s.agents, 45, Some(Duration::from_secs(120))).unwrap();
    assert_eq!(s.metrics.prob_blocked, m.prob_blocked());
    assert_eq!(s.metrics.prob_wait, m.prob_wait_given_accepted());
    assert_eq!(s.metrics.mean_wait_secs, m.mean_wait_secs());
    assert_eq!(
        metrics_at(&t, model, f64::from(s.agents), &goal).unwrap(),
        s.metrics
    );
    // whole agents only
    assert!(matches!(
        metrics_at(&t, model, 30.5, &goal),
        Err(Error::InvalidParameter { name: "agents", .. })
    ));
    assert!(matches!(
        metrics_at(&t, model, 46.0, &goal),
        Err(Error::InvalidParameter { name: "lines", .. })
    ));
    assert!(matches!(
        fractional_agents_required(&t, model, &goal),
        Err(Error::TargetNotSupported { .. })
    ));
    // the blocking target is refused by the models without lines
    assert!(matches!(
        agents_required(&t, Model::ErlangC, &goal),
        Err(Error::TargetNotSupported {
            target: "P(blocked)",
            ..
        })
    ));
    let abandon = Targets::new().with_max_prob_abandon(0.05).unwrap();
    let no_patience = Model::FiniteLines {
        lines: 45,
        patience: None,
    };
    assert!(matches!(
        agents_required(&t, no_patience, &abandon),
        Err(Error::TargetNotSupported {
            target: "P(abandon)",
            ..
        })
    ));
}

#[test]
fn lines_for_blocking_is_the_brute_force_minimum() {
    for load in LOADS {
        for n in [1_u32, 3, 10, 30] {
            for p in PATIENCES {
                for target in [0.3, 0.05, 0.01, 1e-4, 1e-9] {
                    let t = traffic(load);
                    let got = lines_for_blocking(&t, n, secs(p), target);
                    let blocked =
                        |k: u32| FiniteLines::new(t, n, k, secs(p)).unwrap().prob_blocked();
                    let case = format!("A={load} N={n} p={p:?} target={target}");
                    match got {
                        Ok(k) => {
                            assert!(k >= n && blocked(k) <= target, "{case}: {k}");
                            assert!(k == n || blocked(k - 1) > target, "{case}: {k}");
                        }
                        Err(Error::InvalidParameter {
                            name: "max_prob_blocked",
                            ..
                        }) => {
                            // only where blocking stays above 1 - N/A
                            assert!(p.is_none() && load > f64::from(n), "{case}");
                            assert!(target < 1.0 - f64::from(n) / load + 1e-12, "{case}");
                        }
                        Err(e) => panic!("{case}: {e:?}"),
                    }
                }
            }
        }
    }
}

#[test]
fn blocking_falls_with_every_line() {
    for load in LOADS {
        for n in [1_u32, 4, 15] {
            for p in PATIENCES {
                let t = traffic(load);
                let mut prev = 1.0;
                for k in n..n + 60 {
                    let b = FiniteLines::new(t, n, k, secs(p)).unwrap().prob_blocked();
                    // strictly in exact arithmetic; overloaded without
                    // patience it reaches its limit 1 - N/A in a few lines
                    assert!(
                        b <= prev * (1.0 + 4.0 * f64::EPSILON),
                        "A={load} N={n} K={k} p={p:?}"
                    );
                    if load < f64::from(n) || p.is_some() {
                        assert!(b < prev || b == 0.0, "A={load} N={n} K={k} p={p:?}");
                    }
                    prev = b;
                }
            }
        }
    }
}

#[test]
fn max_load_and_series() {
    let aht = Duration::from_secs(240);
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20))
        .unwrap()
        .with_max_prob_blocked(0.02)
        .unwrap();
    for patience in [None, Some(Duration::from_secs(90))] {
        let model = Model::FiniteLines {
            lines: 30,
            patience,
        };
        let a = max_load(25.0, aht, model, &goal).unwrap();
        assert!(a > 10.0 && a < 25.0, "{a}");
        let just_below = Traffic::from_load(a * (1.0 - 1e-9), aht).unwrap();
        let just_above = Traffic::from_load(a * (1.0 + 1e-9), aht).unwrap();
        assert!(agents_required(&just_below, model, &goal).unwrap().agents <= 25);
        match agents_required(&just_above, model, &goal) {
            Ok(s) => assert!(s.agents > 25),
            Err(e) => assert_eq!(e, Error::Unreachable { max_agents: 30.0 }),
        }
        assert!(max_load(25.5, aht, model, &goal).is_err());
    }

    let grid = IntervalGrid::new(
        chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap(),
        Duration::from_secs(1800),
        4,
    )
    .unwrap();
    let work: Vec<Workload> = [0.0, 120.0, 300.0, 40.0]
        .iter()
        .map(|&c| Workload::new(c, Duration::from_secs(240)).unwrap())
        .collect();
    let series = IntervalSeries::new(grid, work.clone()).unwrap();
    let model = Model::FiniteLines {
        lines: 60,
        patience: Some(Duration::from_secs(120)),
    };
    let solved = solve_series(&series, model, &goal).unwrap();
    for (w, s) in work.iter().zip(solved.values()) {
        let t = w.traffic(Duration::from_secs(1800)).unwrap();
        assert_eq!(*s, agents_required(&t, model, &goal).unwrap());
    }
}
