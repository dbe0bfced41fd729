//! The baselines agree exactly with servops-queue on the integer answer, on
//! a grid of loads, AHTs, patiences and targets: the benchmarks compare
//! methods that compute the same thing.

use std::time::Duration;

use servops_benches::{
    SAMPLE_WEEK_CSV, incremental_erlang_c_agents, sample_week, textbook_erlang_a_agents,
    textbook_erlang_b, textbook_erlang_c_agents,
};
use servops_queue::{Model, Targets, Traffic, agents_required, erlang_b, solve_series};

/// `(service level, threshold seconds)` targets.
const TARGETS: [(f64, f64); 5] = [
    (0.8, 20.0),
    (0.9, 30.0),
    (0.5, 60.0),
    (0.95, 10.0),
    (0.7, 0.0),
];

fn servops_agents(
    load: f64,
    aht: f64,
    model: Model,
    goal: f64,
    within: f64,
) -> Result<u32, servops_queue::Error> {
    let traffic = Traffic::from_load(load, Duration::from_secs_f64(aht))?;
    let targets = Targets::service_level_within(goal, Duration::from_secs_f64(within))?;
    Ok(agents_required(&traffic, model, &targets)?.agents)
}

#[test]
fn erlang_b_recursion_matches_servops() {
    for load in [0.01, 0.5, 1.0, 3.3, 10.0, 42.0, 100.0, 1000.0, 1e4] {
        for n in [0u32, 1, 2, 5, 10, 20, 50, 100, 200, 1000, 2000, 10_000] {
            let ours = textbook_erlang_b(n, load);
            let theirs = erlang_b(n, load).unwrap();
            let tol = 1e-15 + 1e-12 * theirs;
            assert!(
                (ours - theirs).abs() <= tol,
                "B({n}, {load}): recursion {ours}, servops {theirs}"
            );
        }
    }
}

#[test]
fn erlang_c_scans_match_servops() {
    let loads = [
        0.05, 0.5, 1.0, 2.5, 5.0, 7.3, 10.0, 17.5, 33.3, 50.0, 99.9, 100.0, 250.0, 777.7, 1000.0,
        5000.0, 1e4,
    ];
    for load in loads {
        for aht in [30.0, 180.0, 600.0] {
            for (goal, within) in TARGETS {
                let expected = servops_agents(load, aht, Model::ErlangC, goal, within).unwrap();
                let scan = textbook_erlang_c_agents(load, aht, goal, within);
                let incremental = incremental_erlang_c_agents(load, aht, goal, within);
                assert_eq!(
                    scan, expected,
                    "textbook scan: A = {load}, AHT = {aht}, {goal} in {within} s"
                );
                assert_eq!(
                    incremental, expected,
                    "incremental: A = {load}, AHT = {aht}, {goal} in {within} s"
                );
            }
        }
    }
}

#[test]
fn erlang_c_scans_match_servops_at_the_benchmark_loads() {
    for load in [10.0, 100.0, 1e3, 1e4, 1e5] {
        let expected = servops_agents(load, 180.0, Model::ErlangC, 0.8, 20.0).unwrap();
        assert_eq!(
            incremental_erlang_c_agents(load, 180.0, 0.8, 20.0),
            expected,
            "A = {load}"
        );
        if load <= 1e4 {
            assert_eq!(
                textbook_erlang_c_agents(load, 180.0, 0.8, 20.0),
                expected,
                "A = {load}"
            );
        }
    }
}

#[test]
fn erlang_c_zero_load_needs_nobody() {
    assert_eq!(textbook_erlang_c_agents(0.0, 180.0, 0.8, 20.0), 0);
    assert_eq!(incremental_erlang_c_agents(0.0, 180.0, 0.8, 20.0), 0);
    assert_eq!(
        servops_agents(0.0, 180.0, Model::ErlangC, 0.8, 20.0).unwrap(),
        0
    );
}

#[test]
fn erlang_a_scan_matches_servops() {
    let loads = [0.05, 0.5, 1.0, 3.0, 7.3, 10.0, 25.0, 60.0, 100.0, 200.0];
    for load in loads {
        for aht in [60.0, 180.0, 600.0] {
            for patience in [10.0, 60.0, 180.0, 600.0, 3600.0] {
                for (goal, within) in TARGETS {
                    let model = Model::ErlangA {
                        patience: Duration::from_secs_f64(patience),
                    };
                    let expected = servops_agents(load, aht, model, goal, within).unwrap();
                    let scan = textbook_erlang_a_agents(load, aht, patience, goal, within);
                    assert_eq!(
                        scan, expected,
                        "A = {load}, AHT = {aht}, patience = {patience}, {goal} in {within} s"
                    );
                }
            }
        }
    }
}

#[test]
fn erlang_a_scan_matches_servops_at_the_benchmark_loads() {
    for load in [10.0, 100.0, 1000.0] {
        for patience in [180.0, 600.0] {
            let model = Model::ErlangA {
                patience: Duration::from_secs_f64(patience),
            };
            let expected = servops_agents(load, 180.0, model, 0.8, 20.0).unwrap();
            let scan = textbook_erlang_a_agents(load, 180.0, patience, 0.8, 20.0);
            assert_eq!(scan, expected, "A = {load}, patience = {patience}");
        }
    }
}

#[test]
fn sample_week_batch_matches_per_interval_scans() {
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap();
    for scale in [1.0, 100.0] {
        let week = sample_week(SAMPLE_WEEK_CSV, scale).unwrap();
        assert_eq!(week.len(), 672);
        let step = week.grid().step();
        let plan = solve_series(&week, Model::ErlangC, &goal).unwrap();
        for (w, s) in week.values().iter().zip(plan.values()) {
            let traffic = w.traffic(step).unwrap();
            let scan = textbook_erlang_c_agents(traffic.load(), traffic.aht_secs(), 0.8, 20.0);
            assert_eq!(
                s.agents,
                scan,
                "load {} AHT {}",
                traffic.load(),
                traffic.aht_secs()
            );
        }
        let peak = week
            .values()
            .iter()
            .map(|w| w.traffic(step).unwrap().load())
            .fold(0.0, f64::max);
        if scale == 1.0 {
            assert!(peak > 5.0 && peak < 50.0, "peak load {peak}");
        } else {
            assert!(peak > 500.0, "peak load {peak}");
        }
    }
}
