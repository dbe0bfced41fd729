//! The benchmark family against the HiGHS references in
//! `tests/data/references.csv`: every schedule passes the independent
//! checker, and its cost is within the stated gap of the reference. The
//! one-day instances run here; the week instances are `#[ignore]`d (run
//! them with `cargo test --release -- --ignored`). The speed goal is
//! measured by the benchmark, not asserted here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use servops_schedule::{SolveOptions, StopReason, solve};

/// Solves with a deterministic budget (a generous time limit that does not
/// bind, and a fixed number of search iterations), so the asserted gap does
/// not depend on the machine's speed.
fn run(name: &str, fixed: bool, max_gap_to_reference: f64, iterations: usize) {
    let opts = SolveOptions::default()
        .with_time_limit(Duration::from_secs(600))
        .with_iterations(iterations)
        .with_method(servops_schedule::Method::Heuristic);
    run_with(name, fixed, max_gap_to_reference, &opts);
}

fn run_with(name: &str, fixed: bool, max_gap_to_reference: f64, opts: &SolveOptions) {
    let p = common::problem(name, fixed);
    let s = solve(&p, opts).unwrap();
    let checked = common::checker::check(&p, &s.schedule);
    for (c, r) in checked.coverage.iter().zip(p.requirement().values()) {
        assert!(c + 1e-9 >= *r, "under-covered");
    }
    let (reference, ref_bound, _status) = common::reference(name, fixed).expect("reference row");
    let ours = s.report.objective;
    assert_eq!(ours, f64::try_from(s.schedule.cost).unwrap());
    // Our bound is a true lower bound: never above the reference optimum or
    // (when HiGHS stopped early) its incumbent.
    let bound = s.report.bound.unwrap();
    assert!(
        bound <= reference + 1e-6,
        "bound {bound} above reference {reference}"
    );
    assert!(
        ours + 1e-6 >= ref_bound,
        "cost {ours} below the proven bound {ref_bound}"
    );
    let gap = (ours - reference) / reference;
    assert!(
        gap <= max_gap_to_reference,
        "{name}: gap to reference {gap:.5} > {max_gap_to_reference}"
    );
    if s.report.stop == StopReason::Optimal {
        assert!((ours - bound).abs() < 1e-6);
    }
}

/// The search alone stalls about 1.5 % above the optimum on this small,
/// lumpy instance; branch and bound (seeded with the search's schedule)
/// closes most of it, so this test gives it time (it is the one test whose
/// result depends on the machine's speed).
#[test]
fn day30_placed_breaks() {
    let opts = SolveOptions::default()
        .with_time_limit(Duration::from_secs(8))
        .with_iterations(2000);
    run_with("day30", false, 0.005, &opts);
}

#[test]
fn day15_placed_breaks() {
    run("day15", false, 0.005, 500);
}

#[test]
fn day30_fixed_breaks() {
    run("day30", true, 0.01, 2000);
}

#[test]
fn day15_fixed_breaks() {
    run("day15", true, 0.005, 500);
}

#[test]
#[ignore]
fn week30() {
    run("week30", false, 0.01, 3000);
}

#[test]
#[ignore]
fn week15() {
    run("week15", false, 0.005, 500);
}

#[test]
#[ignore]
fn cyclic30() {
    run("cyclic30", false, 0.02, 3000);
}

#[test]
fn placing_breaks_saves_money_on_the_reference_optima() {
    for name in ["day30", "day15", "week30", "week15", "cyclic30"] {
        let (placed, _, _) = common::reference(name, false).unwrap();
        let (fixed, fixed_bound, _) = common::reference(name, true).unwrap();
        assert!(placed < fixed, "{name}");
        assert!(placed <= fixed_bound, "{name}");
    }
}

#[test]
fn same_seed_same_schedule() {
    let p = common::problem("day30", false);
    let opts = SolveOptions::default()
        .with_time_limit(Duration::from_secs(60))
        .with_iterations(300)
        .with_method(servops_schedule::Method::Heuristic);
    let a = solve(&p, &opts).unwrap();
    let b = solve(&p, &opts).unwrap();
    assert_eq!(a.schedule, b.schedule);
}
