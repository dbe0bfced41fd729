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

/// Solves with the default options and a generous time limit that does not
/// bind: the default solve stops on deterministic work budgets, so the
/// asserted gap does not depend on the machine's speed.
fn run(name: &str, fixed: bool, max_gap_to_reference: f64) {
    let opts = SolveOptions::default().with_time_limit(Duration::from_secs(600));
    run_with(name, fixed, max_gap_to_reference, &opts);
}

/// As [`run`], and the schedule is the reference optimum (HiGHS, proven
/// optimal there), proven optimal here: stop reason `Optimal`, bound equal
/// to the objective.
fn run_optimal(name: &str, fixed: bool) {
    let (reference, ref_bound, status) = common::reference(name, fixed).expect("reference row");
    assert_eq!(
        status, "Optimal",
        "{name}: the reference is a proven optimum"
    );
    assert_eq!(reference, ref_bound);
    let opts = SolveOptions::default().with_time_limit(Duration::from_secs(600));
    let s = run_with(name, fixed, 0.0, &opts);
    assert_eq!(s.report.objective, reference, "{name}: the optimum");
    assert_eq!(s.report.stop, StopReason::Optimal, "{name}");
    assert_eq!(s.report.bound, Some(reference), "{name}: the proof");
    assert_eq!(s.report.gap, Some(0.0));
}

fn run_with(
    name: &str,
    fixed: bool,
    max_gap_to_reference: f64,
    opts: &SolveOptions,
) -> servops_schedule::Solution {
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
    s
}

#[test]
fn day30_placed_breaks() {
    run_optimal("day30", false);
}

#[test]
fn day15_placed_breaks() {
    run_optimal("day15", false);
}

#[test]
fn day30_fixed_breaks() {
    run("day30", true, 0.01);
}

#[test]
fn day15_fixed_breaks() {
    run("day15", true, 0.005);
}

#[test]
#[ignore = "a week instance: minutes in the test profile; run with --release -- --ignored"]
fn week30() {
    run("week30", false, 0.005);
}

#[test]
#[ignore = "a week instance: minutes in the test profile; run with --release -- --ignored"]
fn week15() {
    run("week15", false, 0.001);
}

#[test]
#[ignore = "a week instance: minutes in the test profile; run with --release -- --ignored"]
fn cyclic30() {
    run("cyclic30", false, 0.005);
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

/// The default solve stops on work budgets, not the clock: the same seed
/// gives the same schedule and report, whatever time limit that does not
/// bind.
#[test]
fn same_seed_same_schedule_whatever_the_time_limit() {
    let p = common::problem("day30", false);
    let opts = SolveOptions::default().with_time_limit(Duration::from_secs(120));
    let a = solve(&p, &opts).unwrap();
    let b = solve(&p, &opts).unwrap();
    let c = solve(&p, &opts.with_time_limit(Duration::from_secs(3600))).unwrap();
    assert_ne!(a.report.stop, StopReason::TimeLimit);
    for other in [&b, &c] {
        assert_eq!(a.schedule, other.schedule);
        assert_eq!(a.report.objective, other.report.objective);
        assert_eq!(a.report.bound, other.report.bound);
        assert_eq!(a.report.stop, other.report.stop);
        assert_eq!(a.report.iterations, other.report.iterations);
    }
}

/// A time limit that binds is reported as the stop reason.
#[test]
fn a_binding_time_limit_is_reported() {
    let p = common::problem("day15", false);
    let opts = SolveOptions::default()
        .with_time_limit(Duration::from_millis(1))
        .with_gap_limit(0.0)
        .unwrap();
    match solve(&p, &opts) {
        Ok(s) => assert_eq!(s.report.stop, StopReason::TimeLimit),
        Err(e) => assert!(e.to_string().contains("time limit"), "{e}"),
    }
}

/// The model-size limits leave a wide margin over every benchmark instance
/// (the largest, week15, has 11,235 break placements and 32,732 entries):
/// at least 50 times under both.
#[test]
fn benchmark_instances_are_far_below_the_model_size_limits() {
    use servops_schedule::{MAX_BREAK_PLACEMENTS, MAX_MODEL_ENTRIES};
    for name in ["day30", "day15", "week30", "week15", "cyclic30"] {
        for fixed in [false, true] {
            let p = common::problem(name, fixed);
            eprintln!(
                "{name} fixed={fixed}: {} shifts, {} placements, {} entries",
                p.candidate_count(),
                p.break_placement_count(),
                p.model_entries()
            );
            assert!(
                p.break_placement_count() * 50 <= MAX_BREAK_PLACEMENTS,
                "{name}"
            );
            assert!(p.model_entries() * 50 <= MAX_MODEL_ENTRIES, "{name}");
        }
    }
}

/// The tour-model limit leaves a wide margin over every week instance and
/// tour policy of the `tours` bench (the largest, week15 with consecutive
/// days off in 1-hour bands, has 50,932 tour-model entries): at least 10
/// times under it. The
/// count is taken before the model is built, so a zero time limit is enough.
#[test]
fn benchmark_weeks_are_far_below_the_tour_model_limit() {
    use servops_schedule::{DaysOff, MAX_TOUR_ENTRIES, TourPolicy, solve_tours};
    let opts = SolveOptions::default().with_time_limit(Duration::ZERO);
    for name in ["week30", "cyclic30", "week15"] {
        let p = common::problem(name, false);
        for (rule, band) in [
            (DaysOff::Consecutive, 2),
            (DaysOff::Consecutive, 1),
            (DaysOff::Any, 2),
        ] {
            let policy = TourPolicy::new(5, rule, Duration::from_secs(3600 * band), 40.0).unwrap();
            let s = solve_tours(&p, &policy, &opts).unwrap();
            let entries = s.report.model_entries;
            eprintln!("{name} {rule:?} band {band} h: {entries} tour-model entries");
            assert!(entries * 10 <= MAX_TOUR_ENTRIES, "{name} {rule:?} {band}");
        }
    }
}
