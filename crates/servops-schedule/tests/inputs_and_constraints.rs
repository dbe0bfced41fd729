//! Bad input gives typed errors; side constraints and the soft objective
//! are honoured (checked on the returned schedule by the independent
//! checker).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::chrono::NaiveTime;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, Contract, Error, Horizon, Method, Objective, Pay, ScheduleProblem, ShiftTemplate,
    SoftObjective, SolveOptions, solve,
};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

fn grid(step: u64, len: usize) -> IntervalGrid {
    IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(step), len).unwrap()
}

fn four() -> ShiftTemplate {
    ShiftTemplate::builder("four")
        .span(m(240))
        .hourly_rate(Decimal::new(20, 0))
        .breaks(vec![
            BreakRule::new(m(30), Pay::Paid, m(60), m(150)).unwrap(),
        ])
        .build()
        .unwrap()
}

#[test]
fn empty_templates() {
    let r = ScheduleProblem::builder(IntervalSeries::filled(grid(30, 8), 1.0), vec![]).build();
    assert_eq!(r.unwrap_err(), Error::NoTemplates);
}

#[test]
fn template_off_the_requirement_grid() {
    // A 4-hour template is fine on 30 minutes, but a 15-minute start step is not.
    let t = ShiftTemplate::builder("t")
        .span(m(240))
        .start_step(m(15))
        .build()
        .unwrap();
    let err = ScheduleProblem::builder(IntervalSeries::filled(grid(30, 16), 1.0), vec![t])
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotOnGrid {
                what: "start step",
                step_minutes: 30,
                ..
            }
        ),
        "{err}"
    );
    let t = ShiftTemplate::builder("t").span(m(50)).build().unwrap();
    let err = ScheduleProblem::builder(IntervalSeries::filled(grid(60, 4), 1.0), vec![t])
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "span of template t is 50 min, not a whole number of 60 min intervals"
    );
}

#[test]
fn negative_nan_or_huge_requirement() {
    for bad in [-1.0, f64::NAN, f64::INFINITY, 2e6] {
        let mut v = vec![1.0; 8];
        v[3] = bad;
        let err =
            ScheduleProblem::builder(IntervalSeries::new(grid(30, 8), v).unwrap(), vec![four()])
                .build()
                .unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequirement { index: 3, .. }),
            "{err}"
        );
    }
}

#[test]
fn uncoverable_interval_is_named() {
    let t = ShiftTemplate::builder("morning")
        .span(m(120))
        .start_window(
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        )
        .build()
        .unwrap();
    let err = ScheduleProblem::builder(
        IntervalSeries::new(grid(60, 4), vec![1.0, 1.0, 0.0, 2.0]).unwrap(),
        vec![t],
    )
    .build()
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Uncoverable {
                index: 3,
                required: 2.0,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("interval 3 (2026-03-02 11:00:00 UTC) needs 2 agents")
    );
}

#[test]
fn infeasible_side_constraints() {
    let p = ScheduleProblem::builder(IntervalSeries::filled(grid(30, 8), 1.0), vec![four()])
        .template_count("four", 0, Some(0))
        .build()
        .unwrap();
    let err = solve(&p, &SolveOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Infeasible { .. }), "{err}");
}

#[test]
fn template_bounds_and_part_time_cap_hold() {
    let eight = ShiftTemplate::builder("eight")
        .span(m(480))
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    let pt = ShiftTemplate::builder("pt")
        .span(m(240))
        .hourly_rate(Decimal::new(15, 0))
        .contract(Contract::PartTime)
        .build()
        .unwrap();
    let req = IntervalSeries::new(
        grid(60, 12),
        vec![2., 2., 4., 4., 4., 4., 3., 3., 2., 2., 2., 2.],
    )
    .unwrap();
    // Without the cap part-time is cheaper per hour, so it is used heavily.
    let free = ScheduleProblem::builder(req.clone(), vec![eight.clone(), pt.clone()])
        .build()
        .unwrap();
    let s = solve(&free, &SolveOptions::default()).unwrap();
    common::checker::check(&free, &s.schedule);
    let capped = ScheduleProblem::builder(req, vec![eight, pt])
        .part_time_share_cap(0.25)
        .template_count("eight", 2, None)
        .build()
        .unwrap();
    let s = solve(&capped, &SolveOptions::default()).unwrap();
    let c = common::checker::check(&capped, &s.schedule);
    let pt_hours: f64 = s
        .schedule
        .shifts
        .iter()
        .filter(|x| x.template == "pt")
        .map(|x| x.paid_hours)
        .sum();
    assert!(
        pt_hours <= 0.25 * c.paid_hours + 1e-9,
        "{pt_hours} of {}",
        c.paid_hours
    );
    assert!(s.schedule.template_counts[0].1 >= 2);
}

#[test]
fn starts_per_interval_cap_holds() {
    let req = IntervalSeries::new(grid(60, 6), vec![2.0, 4.0, 4.0, 4.0, 4.0, 2.0]).unwrap();
    let two = ShiftTemplate::builder("two")
        .span(m(120))
        .hourly_rate(Decimal::ONE)
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![two])
        .starts_per_interval(0, Some(2))
        .build()
        .unwrap();
    let s = solve(&p, &SolveOptions::default()).unwrap();
    common::checker::check(&p, &s.schedule);
    for i in 0..6 {
        let k = s
            .schedule
            .shifts
            .iter()
            .filter(|x| x.start_index == i)
            .count();
        assert!(k <= 2, "{k} starts at {i}");
    }
}

#[test]
fn soft_objective_with_budget_trades_under_for_hours() {
    let req = IntervalSeries::new(grid(60, 8), vec![3.0; 8]).unwrap();
    let eight = ShiftTemplate::builder("eight")
        .span(m(480))
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    // A budget of 16 paid hours buys 2 of the 3 agents needed all day.
    let soft = SoftObjective::new(10.0, 1.0)
        .unwrap()
        .with_paid_hours_budget(16.0)
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![eight])
        .objective(Objective::UnderOver(soft))
        .build()
        .unwrap();
    let s = solve(&p, &SolveOptions::default()).unwrap();
    common::checker::check(&p, &s.schedule);
    assert_eq!(s.schedule.shifts.len(), 2);
    assert!((s.schedule.under_hours() - 8.0).abs() < 1e-9);
    // The tie-break is 1e-6 per largest shift cost (160): 1e-6 x 320 / 160.
    assert_eq!(p.soft_cost_weight(), 1e-6 / 160.0);
    assert!((s.report.objective - (80.0 + 2e-6)).abs() < 1e-9);
}

#[test]
fn closed_hours_and_cyclic_week() {
    // The 24/7 benchmark week: shifts cross midnight and the week wraps.
    let p = common::problem("cyclic30", false);
    let s = solve(
        &p,
        &SolveOptions::default().with_method(servops_schedule::Method::Greedy),
    )
    .unwrap();
    common::checker::check(&p, &s.schedule);
    assert!(
        s.schedule
            .shifts
            .iter()
            .any(|x| x.end > p.requirement().grid().end()),
        "some shift wraps the week"
    );
    assert!(s.schedule.under.values().iter().all(|&u| u == 0.0));
}

#[cfg(feature = "serde")]
#[test]
fn solution_round_trips_through_json() {
    let p = ScheduleProblem::builder(IntervalSeries::filled(grid(30, 8), 2.0), vec![four()])
        .build()
        .unwrap();
    let s = solve(&p, &SolveOptions::default()).unwrap();
    let json = serde_json::to_string(&s).unwrap();
    let back: servops_schedule::Solution = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    assert!(json.contains("\"cost\":\""), "money as a string: {json}");
}

#[test]
fn roster_csv_lists_every_shift() {
    let p = common::problem("day30", false);
    let s = solve(
        &p,
        &SolveOptions::default().with_method(servops_schedule::Method::Greedy),
    )
    .unwrap();
    let mut out = Vec::new();
    s.schedule.write_roster_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), s.schedule.shifts.len() + 1);
    // ft8 rows have three breaks.
    let row = text.lines().find(|l| l.contains(",ft8,")).unwrap();
    assert_eq!(row.split(';').count(), 3);
}

#[cfg(feature = "highs")]
#[test]
fn highs_backend_reaches_the_day15_optimum() {
    let p = common::problem("day15", false);
    let opts = SolveOptions::default()
        .with_time_limit(Duration::from_secs(120))
        .with_gap_limit(0.0)
        .unwrap()
        .with_method(servops_schedule::Method::Highs);
    let s = solve(&p, &opts).unwrap();
    common::checker::check(&p, &s.schedule);
    let (reference, _, _) = common::reference("day15", false).unwrap();
    assert!(
        (s.report.objective - reference).abs() < 1e-6,
        "{} vs {reference}",
        s.report.objective
    );
}

/// Regression (fuzz, schedule_solve): a horizon of one interval made the
/// window search clamp its width to `[2, 1]` and panic.
#[test]
fn a_one_interval_horizon_solves() {
    let one = ShiftTemplate::builder("one")
        .span(m(30))
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    for horizon in [Horizon::Linear, Horizon::Cyclic] {
        let p =
            ScheduleProblem::builder(IntervalSeries::filled(grid(30, 1), 2.5), vec![one.clone()])
                .horizon(horizon)
                .build()
                .unwrap();
        for method in [Method::Auto, Method::Heuristic] {
            let s = solve(&p, &SolveOptions::default().with_method(method)).unwrap();
            assert_eq!(s.schedule.coverage.values(), &[3.0]);
            // 2.5 agents need three half-hour shifts at 20 an hour.
            assert!((s.report.objective - 30.0).abs() < 1e-9);
        }
    }
}

/// Template names are checked through a map (a pairwise check was
/// quadratic: 40,000 templates took 3.32 s, now 0.02 s, release build;
/// this test cannot fail on the old code, which was only slow, and the
/// time is not asserted). What it checks: the first repeated name in list
/// order is the one reported, and a side constraint finds its template
/// among many. 2,000 one-hour templates startable only on Mondays on a
/// Monday grid of two hours at 08:00 needing one agent at 09:00:
/// `t1999` alone may start at 09:00, so the schedule is one `t1999` shift
/// and the minimum of one `t1999` shift (looked up by name) holds.
#[test]
fn template_names_among_many() {
    use servops_core::chrono::Weekday;
    let at = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let many = |n: usize| -> Vec<ShiftTemplate> {
        (0..n)
            .map(|k| {
                let start = if k == 1999 { at(9) } else { at(8) };
                ShiftTemplate::builder(format!("t{k}"))
                    .start_window(start, start)
                    .days(&[Weekday::Mon])
                    .hourly_rate(Decimal::ONE)
                    .build()
                    .unwrap()
            })
            .collect()
    };
    let req = IntervalSeries::new(grid(60, 2), vec![0.0, 1.0]).unwrap();
    let mut ts = many(2000);
    ts.push(ShiftTemplate::builder("t7").build().unwrap());
    ts.push(ShiftTemplate::builder("t3").build().unwrap());
    let r = ScheduleProblem::builder(req.clone(), ts).build();
    assert_eq!(
        r.unwrap_err(),
        Error::DuplicateTemplate {
            name: "t7".to_owned()
        }
    );
    let p = ScheduleProblem::builder(req, many(2000))
        .template_count("t1999", 1, None)
        .build()
        .unwrap();
    let s = solve(&p, &SolveOptions::default()).unwrap();
    assert_eq!(s.schedule.shifts.len(), 1);
    assert_eq!(s.schedule.shifts[0].template, "t1999");
}

/// A requirement of tens of thousands of agents: one-hour shifts at 1.00
/// an hour on three hourly intervals needing 20,000, 30,000.5 and 1
/// agents take 20,000 + 30,001 + 1 = 50,002 shifts costing 50,002 (by
/// hand), by every method. The redundant-shift pass scanned the schedule
/// for every shift (quadratic; the fuzz target's inputs of 64,000-185,000
/// agents with a 200 ms limit took 2-18 s in a release build, 39-56 s in
/// the fuzz build; now 0.05-0.36 s); this test checks the result, which
/// the old code also reached, and does not assert the time.
#[test]
fn tens_of_thousands_of_agents() {
    let req = IntervalSeries::new(grid(60, 3), vec![20_000.0, 30_000.5, 1.0]).unwrap();
    let one = ShiftTemplate::builder("one")
        .span(m(60))
        .hourly_rate(Decimal::ONE)
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![one]).build().unwrap();
    for method in [Method::Greedy, Method::Heuristic, Method::Auto] {
        let s = solve(&p, &SolveOptions::default().with_method(method)).unwrap();
        assert_eq!(s.schedule.shifts.len(), 50_002, "{method:?}");
        assert_eq!(s.schedule.cost, Decimal::from(50_002), "{method:?}");
    }
}

/// A UTC-aligned grid in Asia/Kathmandu (UTC+5:45): the hourly intervals
/// from 2026-03-02 00:00 UTC start at 05:45, 06:45, ... local time, so an
/// eight-hour template starting on the hour from 06:00 to 14:00 has no
/// start on the grid at all. The first interval needing agents is 3
/// (03:00 UTC, 08:45 local). Before the fix the error was `Uncoverable`,
/// "interval 3 (2026-03-02 03:00:00 UTC) needs 1 agents but no shift of
/// any template can work in it", which does not say why; now
/// `StartsOffGrid` names the interval, its local start and the template's
/// start times. On a half-hour grid (local starts :15 and :45, template
/// starts :00 and :30) it names interval 0, 05:45. With the window moved
/// to 05:45-13:45 the grid builds, needing agents in intervals 0..=15
/// (05:45 to 21:45 local, which those shifts cover): starts at 05:45 + s
/// hours for s = 0..=8 (the window; s + 8 <= 24 on the linear day), 9
/// candidates.
#[test]
fn starts_off_the_grid_in_a_quarter_hour_zone_are_named() {
    use servops_core::chrono_tz::Asia::Kathmandu;
    let at = |h, mi| NaiveTime::from_hms_opt(h, mi, 0).unwrap();
    let day8 = |lo: NaiveTime, hi: NaiveTime, step: u64| {
        ShiftTemplate::builder("day8")
            .span(m(480))
            .start_window(lo, hi)
            .start_step(m(step))
            .hourly_rate(Decimal::new(20, 0))
            .build()
            .unwrap()
    };
    let utc_grid = |step: u64, len: usize| {
        IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(step), len).unwrap()
    };
    let req = IntervalSeries::from_fn(utc_grid(60, 24), |i, _| if i < 3 { 0.0 } else { 1.0 });
    let err = ScheduleProblem::builder(req.clone(), vec![day8(at(6, 0), at(14, 0), 60)])
        .time_zone(Kathmandu)
        .build()
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("no template start fits"), "{msg}");
    assert!(
        msg.contains("interval 3 starts at 08:45 local time (2026-03-02 03:00:00 UTC)"),
        "{msg}"
    );
    assert!(
        msg.contains("template day8 starts at 06:00 and every 60 min"),
        "{msg}"
    );
    assert!(
        matches!(
            err,
            Error::StartsOffGrid {
                index: 3,
                start_step_minutes: 60,
                ..
            }
        ),
        "{err:?}"
    );
    let half = IntervalSeries::filled(utc_grid(30, 48), 1.0);
    let err = ScheduleProblem::builder(half, vec![day8(at(6, 0), at(14, 0), 30)])
        .time_zone(Kathmandu)
        .build()
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("interval 0 starts at 05:45 local time (2026-03-02 00:00:00 UTC)"),
        "{msg}"
    );
    assert!(
        msg.contains("template day8 starts at 06:00 and every 30 min"),
        "{msg}"
    );
    // Intervals 0..=15 (05:45-21:45 local), which the starts cover.
    let req = IntervalSeries::from_fn(utc_grid(60, 24), |i, _| if i < 16 { 1.0 } else { 0.0 });
    let p = ScheduleProblem::builder(req, vec![day8(at(5, 45), at(13, 45), 60)])
        .time_zone(Kathmandu)
        .build()
        .unwrap();
    assert_eq!(p.candidate_count(), 9);
}

/// A maximum below its minimum names the template and both numbers.
/// Before the fix the messages showed Rust's `Option` and neither the
/// template nor the minimum: "template maximum must be at least the
/// minimum, got Some(2)", and "maximum starts per interval must be at
/// least the minimum, got Some(2)".
#[test]
fn a_maximum_below_its_minimum_reads_plainly() {
    let req = || IntervalSeries::filled(grid(30, 8), 1.0);
    let e = ScheduleProblem::builder(req(), vec![four()])
        .template_count("four", 3, Some(2))
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "template maximum must be at least the minimum, got 2 for template four (minimum 3)"
    );
    let e = ScheduleProblem::builder(req(), vec![four()])
        .starts_per_interval(3, Some(2))
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "maximum starts per interval must be at least the minimum, got 2 (minimum 3)"
    );
}

#[test]
fn requirements_are_met_to_one_billionth_of_an_agent() {
    // As documented on ProblemBuilder::build: a requirement below 1e-9
    // agents needs no shift (and is not reported as under-staffing); one of
    // 1e-8 needs a shift.
    for (r, shifts) in [(1e-10, 0), (1e-8, 1)] {
        let mut v = vec![0.0; 8];
        v[0] = r;
        let p =
            ScheduleProblem::builder(IntervalSeries::new(grid(30, 8), v).unwrap(), vec![four()])
                .build()
                .unwrap();
        let s = solve(&p, &SolveOptions::default()).unwrap();
        assert_eq!(s.schedule.shifts.len(), shifts, "requirement {r}");
        assert_eq!(s.schedule.under_hours(), 0.0, "requirement {r}");
    }
    // Above MAX_REQUIREMENT: a typed error.
    let v = vec![1e6 + 1.0; 8];
    let r = ScheduleProblem::builder(IntervalSeries::new(grid(30, 8), v).unwrap(), vec![four()])
        .build();
    assert!(matches!(r, Err(Error::InvalidRequirement { index: 0, .. })));
}
