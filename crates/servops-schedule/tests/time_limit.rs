//! The time limit on long horizons. A year of half hours with the three
//! templates of `servops plan --example` (24,522 candidate shifts, 143,838
//! break placements) used to run minutes past a 3-second limit: every
//! rounding of the dive ended with a greedy repair that re-evaluated every
//! candidate after every shift it added (quadratic in the horizon), and the
//! 32 roundings ran whatever the clock said. `plan --example --days 366`
//! spent 170-220 s in the solver; it now spends about 3.2 s.
//!
//! No wall-clock time is asserted here (speed is the criterion benches'
//! business, `benches/benches/schedule.rs`): these tests check the
//! mechanism instead. A zero or tiny limit gives a schedule that covers
//! the requirement (checked independently) with `StopReason::TimeLimit`
//! and no bound; the interior-point stop rule (stop when the next
//! iteration, as long as the last, would end past the limit) is a unit
//! test in `src/sparse.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::chrono::NaiveTime;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, Pay, ScheduleProblem, ShiftTemplate, SolveOptions, StopReason, solve,
};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

fn at(h: u32, mi: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, mi, 0).unwrap()
}

/// The templates of `servops plan --example` (crates/servops-cli/src/plan.rs):
/// 8 h, 6 h and 4 h from 07:00 on the half hour, with their breaks.
fn templates() -> Vec<ShiftTemplate> {
    let rate = Decimal::new(30, 0);
    let paid = |len, lo, hi| BreakRule::new(m(len), Pay::Paid, m(lo), m(hi)).unwrap();
    let unpaid = |len, lo, hi| BreakRule::new(m(len), Pay::Unpaid, m(lo), m(hi)).unwrap();
    vec![
        ShiftTemplate::builder("8h")
            .span(m(510))
            .start_window(at(7, 0), at(15, 30))
            .start_step(m(30))
            .hourly_rate(rate)
            .breaks(vec![
                paid(15, 90, 150),
                unpaid(30, 210, 300),
                paid(15, 360, 420),
            ])
            .build()
            .unwrap(),
        ShiftTemplate::builder("6h")
            .span(m(390))
            .start_window(at(7, 0), at(17, 30))
            .start_step(m(30))
            .hourly_rate(rate)
            .breaks(vec![paid(15, 60, 120), unpaid(30, 180, 240)])
            .build()
            .unwrap(),
        ShiftTemplate::builder("4h")
            .span(m(240))
            .start_window(at(7, 0), at(20, 0))
            .start_step(m(30))
            .hourly_rate(rate)
            .breaks(vec![paid(15, 90, 150)])
            .build()
            .unwrap(),
    ]
}

/// `days` days of half hours from Sunday 2026-03-01 UTC, open as the
/// example's centre is (Sunday to Thursday 07:00-24:00, Friday
/// 07:00-14:00, Saturday 19:00-24:00), needing 4 to 18 agents in a daily
/// hump.
fn long_horizon(days: usize) -> ScheduleProblem {
    let grid =
        IntervalGrid::new("2026-03-01T00:00:00Z".parse().unwrap(), m(30), days * 48).unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| {
        let (day, half_hour) = (i / 48, i % 48);
        let (open, close) = match day % 7 {
            5 => (14, 28),
            6 => (38, 48),
            _ => (14, 48),
        };
        if half_hour < open || half_hour >= close {
            return 0.0;
        }
        let x = (half_hour as f64 - 14.0) / 34.0;
        let hump = 4.0 + 10.0 * (std::f64::consts::PI * x).sin();
        (hump + ((i * 7919) % 5) as f64).round()
    });
    ScheduleProblem::builder(req, templates()).build().unwrap()
}

/// Solves with `limit` and checks what a caller may rely on whatever the
/// machine's speed: the time limit reported, and a schedule that covers
/// the requirement (checked independently).
fn solve_out_of_time(p: &ScheduleProblem, limit: Duration) -> servops_schedule::Solution {
    let opts = SolveOptions::default().with_time_limit(limit);
    let s = solve(p, &opts).unwrap();
    eprintln!("limit {limit:?}: {:?}", s.report);
    assert_eq!(s.report.stop, StopReason::TimeLimit);
    let checked = common::checker::check(p, &s.schedule);
    for (j, (c, r)) in checked
        .coverage
        .iter()
        .zip(p.requirement().values())
        .enumerate()
    {
        assert!(c + 1e-9 >= *r, "interval {j}: {c} < {r}");
    }
    assert!(s.schedule.under.values().iter().all(|&u| u == 0.0));
    s
}

/// Four months of half hours (8,040 candidates, 47,160 break placements)
/// with no time at all: the greedy cover, the LP relaxation not tried (no
/// bound, no LP objective), reported as stopped on the time limit. Before
/// the greedy fix this took about 6 s.
#[test]
fn four_months_with_no_time() {
    let p = long_horizon(120);
    assert_eq!(p.candidate_count(), 8_040);
    let s = solve_out_of_time(&p, Duration::ZERO);
    assert_eq!(s.report.bound, None);
    assert_eq!(s.report.lp_relaxation, None);
    assert_eq!(s.report.gap, None);
}

/// The year of `plan --example --days 366` with a millisecond: the greedy
/// cover comes first on a model this large, and the LP relaxation is not
/// started with less than four times the cover's time left, so the
/// answer is the cover, stopped on the time limit, without a bound. (With
/// its 3-second limit this year took 164 s in the test profile before the
/// dive's repair stopped being quadratic; that speed is the benches'.)
#[test]
fn a_year_with_a_millisecond() {
    let p = long_horizon(366);
    assert_eq!(p.candidate_count(), 24_522);
    assert_eq!(p.break_placement_count(), 143_838);
    let s = solve_out_of_time(&p, Duration::from_millis(1));
    assert_eq!(s.report.bound, None);
    assert_eq!(s.report.lp_relaxation, None);
}

/// The LP relaxation honours a limit shorter than one second. Four hourly
/// intervals needing one agent and one four-hour template at 20.00 an
/// hour: the only schedule is one shift costing 80 (by hand). With no time
/// at all the solve returns the greedy cover, that shift, with no bound
/// and no LP relaxation, stopped on the time limit. Before the fix the LP
/// relaxation got a second whatever the limit, and the zero limit was
/// reported as `Optimal` with the bound 80. With the default limit the LP
/// is solved and proves 80 optimal, as before.
#[test]
fn no_time_means_no_lp_relaxation() {
    let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(60), 4).unwrap();
    let four = ShiftTemplate::builder("four")
        .span(m(240))
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![four])
        .build()
        .unwrap();
    let none = solve(&p, &SolveOptions::default().with_time_limit(Duration::ZERO)).unwrap();
    assert_eq!(none.schedule.shifts.len(), 1);
    assert_eq!(none.schedule.cost, Decimal::new(80, 0));
    assert_eq!(none.report.stop, StopReason::TimeLimit);
    assert_eq!(none.report.bound, None, "{:?}", none.report);
    assert_eq!(none.report.lp_relaxation, None);
    let with_time = solve(&p, &SolveOptions::default()).unwrap();
    assert_eq!(with_time.schedule.cost, Decimal::new(80, 0));
    assert_eq!(with_time.report.bound, Some(80.0));
    assert_eq!(with_time.report.lp_relaxation, Some(80.0));
    assert_eq!(with_time.report.stop, StopReason::Optimal);
}

/// `solve_tours` honours a limit under one second too. A week needing one
/// agent 08:00-16:00 every day, eight-hour shifts at 08:00 at 20.00 an
/// hour, five-day tours with two consecutive days off: two tours, ten
/// shifts, 1,600 (by hand: 7 days need at least 7 shifts, tours come in
/// fives; the LP relaxation is 1.4 tours, 1,120). With no time at all the
/// LP relaxation is not tried: greedy tours that cover the week, no bound,
/// no LP relaxation. Before the fix the relaxation got at least half a
/// second whatever the limit, and the report had the bound and LP
/// relaxation 1,120. With the default limit branch and bound proves 1,600,
/// as before.
#[test]
fn tours_with_no_time_have_no_lp_relaxation() {
    use servops_schedule::{DaysOff, TourPolicy, solve_tours};
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(60), 7 * 24).unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| {
        if (8..16).contains(&(i % 24)) {
            1.0
        } else {
            0.0
        }
    });
    let eight = ShiftTemplate::builder("ft8")
        .span(m(480))
        .start_window(at(8, 0), at(8, 0))
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![eight]).build().unwrap();
    let policy = TourPolicy::new(5, DaysOff::Consecutive, Duration::ZERO, 40.0).unwrap();
    let none = solve_tours(
        &p,
        &policy,
        &SolveOptions::default().with_time_limit(Duration::ZERO),
    )
    .unwrap();
    assert_eq!(none.tours.under_hours(), 0.0);
    assert_eq!(none.report.bound, None, "{:?}", none.report);
    assert_eq!(none.report.lp_relaxation, None);
    assert_eq!(none.report.stop, StopReason::TimeLimit);
    let with_time = solve_tours(&p, &policy, &SolveOptions::default()).unwrap();
    assert_eq!(with_time.tours.cost, Decimal::new(1600, 0));
    assert_eq!(with_time.report.bound, Some(1600.0));
    assert_eq!(with_time.report.stop, StopReason::Optimal);
}

/// A requirement of zero agents everywhere needs no shift: objective and
/// bound 0 (by hand). Before the fix the bound came back as `-0.0` (the
/// LP bound rounded up to a whole cost, `ceil(0 - 1e-6)`), which a report
/// printed as `-0`; now `+0.0`.
#[test]
fn a_zero_requirement_has_a_bound_of_plus_zero() {
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(60), 24).unwrap();
    let t = ShiftTemplate::builder("t").span(m(480)).build().unwrap();
    let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 0.0), vec![t])
        .build()
        .unwrap();
    let s = solve(&p, &SolveOptions::default()).unwrap();
    assert!(s.schedule.shifts.is_empty());
    assert_eq!(s.report.objective, 0.0);
    let bound = s.report.bound.unwrap();
    assert!(bound == 0.0 && bound.is_sign_positive(), "{bound:?}");
    assert_eq!(format!("{bound}"), "0");
}

/// The interior-point path of `solve_tours` (cost models of more than
/// 3,000 variables) with no time: the relaxation's setup (ordering and
/// first factorisation, which the clock cannot interrupt) is not started,
/// nor is the simplex after it, and greedy tours stand in, without a
/// bound or an LP relaxation, stopped on the time limit. A week of
/// quarter hours needing 2 agents everywhere, 4-hour and 6-hour templates
/// (no breaks) starting at any quarter hour, 5-day tours with any 2 days
/// off and a zero band. By hand: a shift must end by Sunday 24:00, so the
/// 4-hour template has 672 - 15 = 657 starts and the 6-hour one
/// 672 - 23 = 649; each has 96 start clocks x 21 patterns of tour types,
/// less the 15 patterns with Sunday at the 15 (23) clocks Sunday lacks:
/// 2,016 - 225 = 1,791 and 2,016 - 345 = 1,671, so 4,768 variables in all.
/// The coverage is recomputed here from the tours' shift times.
#[test]
fn tours_on_the_interior_point_path_with_no_time() {
    use servops_schedule::{DaysOff, TourPolicy, solve_tours};
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(15), 7 * 96).unwrap();
    let template = |name: &str, hours: u64| {
        ShiftTemplate::builder(name)
            .span(m(60 * hours))
            .start_step(m(15))
            .hourly_rate(Decimal::new(20, 0))
            .build()
            .unwrap()
    };
    let p = ScheduleProblem::builder(
        IntervalSeries::filled(grid, 2.0),
        vec![template("4h", 4), template("6h", 6)],
    )
    .build()
    .unwrap();
    let policy = TourPolicy::new(5, DaysOff::Any, Duration::ZERO, 40.0).unwrap();
    let s = solve_tours(
        &p,
        &policy,
        &SolveOptions::default().with_time_limit(Duration::ZERO),
    )
    .unwrap();
    let r = &s.report;
    assert_eq!(r.tour_types + r.shift_variables + r.break_variables, 4_768);
    assert_eq!(r.stop, StopReason::TimeLimit);
    assert_eq!(r.bound, None, "{r:?}");
    assert_eq!(r.lp_relaxation, None);
    let mut coverage = vec![0u32; grid.len()];
    for shift in s.tours.tours.iter().flat_map(|t| &t.shifts) {
        let first = (shift.start - grid.start()).num_minutes() / 15;
        let last = (shift.end - grid.start()).num_minutes() / 15;
        for j in first..last {
            coverage[usize::try_from(j).unwrap()] += 1;
        }
    }
    assert!(coverage.iter().all(|&c| c >= 2), "{coverage:?}");
}
