//! Benchmarks of weekly tours (`solve_tours`) on the week instances of the
//! servops-schedule benchmark family (`crates/servops-schedule/tests/data`),
//! against the baseline of post-processing a daily schedule into tours
//! (`solve` with `Method::Greedy`, then `build_tours`) in the same run.
//!
//! With `TOURS_TABLE=1` the run first prints the tours table of
//! `docs/schedule.md`: for each week instance and policy, the joint tour
//! model (default options, 10 s limit) against the least-cost daily
//! schedule (default options) and its post-processing into tours, and the
//! HiGHS daily reference of `references.csv`.
//!
//! Run with `cargo bench -p servops-benches --bench tours`;
//! `cargo test --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use serde_json::Value;
use servops_core::chrono::{NaiveTime, Weekday};
use servops_core::chrono_tz::UTC;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, Contract, DaysOff, Horizon, Method, Pay, ScheduleProblem, ShiftTemplate,
    SolveOptions, TourPolicy, build_tours, solve, solve_tours,
};

fn data(name: &str) -> String {
    format!(
        "{}/../crates/servops-schedule/tests/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn mins(v: &Value) -> Duration {
    Duration::from_secs(v.as_u64().unwrap() * 60)
}

fn clock(v: &Value) -> NaiveTime {
    let m = v.as_u64().unwrap() as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap()
}

fn problem(name: &str, fixed_breaks: bool) -> ScheduleProblem {
    let inst: Value =
        serde_json::from_str(&std::fs::read_to_string(data(&format!("{name}.json"))).unwrap())
            .unwrap();
    let step = mins(&inst["step_minutes"]);
    let templates = inst["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let breaks = t["breaks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    let pay = if b["paid"].as_bool().unwrap() {
                        Pay::Paid
                    } else {
                        Pay::Unpaid
                    };
                    BreakRule::new(
                        mins(&b["length_minutes"]),
                        pay,
                        mins(&b["earliest_offset_minutes"]),
                        mins(&b["latest_offset_minutes"]),
                    )
                    .unwrap()
                    .with_step(mins(&b["step_minutes"]))
                    .unwrap()
                })
                .collect();
            let days: Vec<Weekday> = t["days"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().parse().unwrap())
                .collect();
            let contract = if t["part_time"].as_bool().unwrap() {
                Contract::PartTime
            } else {
                Contract::FullTime
            };
            let tpl = ShiftTemplate::builder(t["name"].as_str().unwrap())
                .span(mins(&t["span_minutes"]))
                .paid(mins(&t["paid_minutes"]))
                .start_window(
                    clock(&t["earliest_start_minute"]),
                    clock(&t["latest_start_minute"]),
                )
                .start_step(mins(&t["start_step_minutes"]))
                .days(&days)
                .hourly_rate(
                    t["hourly_rate"]
                        .as_str()
                        .unwrap()
                        .parse::<Decimal>()
                        .unwrap(),
                )
                .fixed_cost(
                    t["fixed_cost"]
                        .as_str()
                        .unwrap()
                        .parse::<Decimal>()
                        .unwrap(),
                )
                .contract(contract)
                .breaks(breaks)
                .build()
                .unwrap();
            if fixed_breaks {
                tpl.with_breaks_fixed_at_middle(step)
            } else {
                tpl
            }
        })
        .collect();
    let req: Vec<f64> = inst["requirement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let grid = IntervalGrid::new(
        inst["start"].as_str().unwrap().parse().unwrap(),
        step,
        req.len(),
    )
    .unwrap();
    let horizon = if inst["cyclic"].as_bool().unwrap() {
        Horizon::Cyclic
    } else {
        Horizon::Linear
    };
    ScheduleProblem::builder(IntervalSeries::new(grid, req).unwrap(), templates)
        .horizon(horizon)
        .build()
        .unwrap()
}

/// `(objective, bound, status)` of the HiGHS reference.
fn reference(name: &str, fixed: bool) -> (f64, f64, String) {
    let Ok(text) = std::fs::read_to_string(data("references.csv")) else {
        return (f64::NAN, f64::NAN, "missing".into());
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |h: &str| header.iter().position(|x| *x == h).unwrap();
    let kind = if fixed { "fixed_mid_window" } else { "placed" };
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        if f[col("instance")] == name && f[col("breaks")] == kind {
            return (
                f[col("objective")].parse().unwrap(),
                f[col("bound")].parse().unwrap(),
                f[col("status")].to_owned(),
            );
        }
    }
    (f64::NAN, f64::NAN, "missing".into())
}

fn policy(days_off: DaysOff, band_hours: u64) -> TourPolicy {
    TourPolicy::new(5, days_off, Duration::from_secs(3600 * band_hours), 40.0).unwrap()
}

fn print_table() {
    println!(
        "| instance | policy | tour types | shift vars | break vars | tours cost | tour bound | gap | seconds | stop | tours | daily ours | daily HiGHS (bound) | tours vs daily HiGHS | post-processed: tours / leftover shifts / uncovered agent-h |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for name in ["week30", "cyclic30", "week15"] {
        let p = problem(name, false);
        let daily = solve(&p, &SolveOptions::default()).unwrap();
        let (reference, ref_bound, _) = reference(name, false);
        for (label, rule, band) in [
            ("5/7 consecutive, band 2 h", DaysOff::Consecutive, 2),
            ("5/7 consecutive, band 1 h", DaysOff::Consecutive, 1),
            ("5/7 any, band 2 h", DaysOff::Any, 2),
        ] {
            let pol = policy(rule, band);
            let post = build_tours(&daily.schedule, &pol, UTC);
            match solve_tours(&p, &pol, &SolveOptions::default()) {
                Ok(s) => {
                    let r = &s.report;
                    println!(
                        "| {name} | {label} | {} | {} | {} | {:.0} | {:.0} | {:.2} % | {:.1} | {:?} | {} | {:.0} | {reference:.0} ({ref_bound:.0}) | {:+.2} % | {} / {} / {:.1} |",
                        r.tour_types,
                        r.shift_variables,
                        r.break_variables,
                        r.objective,
                        r.bound.unwrap_or(f64::NAN),
                        r.gap.unwrap_or(f64::NAN) * 100.0,
                        r.elapsed.as_secs_f64(),
                        r.stop,
                        s.tours.tours.len(),
                        daily.report.objective,
                        (r.objective - reference) / reference * 100.0,
                        post.tours.len(),
                        post.leftover_shifts.len(),
                        post.under_hours(),
                    );
                }
                Err(e) => println!("| {name} | {label} | error: {e} |"),
            }
        }
    }
}

fn bench_instance(c: &mut Criterion, name: &str, iterations: usize, samples: usize) {
    let p = problem(name, false);
    let pol = policy(DaysOff::Consecutive, 2);
    let mut group = c.benchmark_group(format!("tours_{name}"));
    group.sample_size(samples);
    let ours = SolveOptions::default()
        .with_time_limit(Duration::from_secs(600))
        .with_iterations(iterations);
    group.bench_function("joint_lp_dive_search", |b| {
        b.iter(|| {
            black_box(
                solve_tours(black_box(&p), &pol, &ours)
                    .unwrap()
                    .report
                    .objective,
            )
        })
    });
    let greedy = SolveOptions::default().with_method(Method::Greedy);
    group.bench_function("greedy_daily_then_build_tours_baseline", |b| {
        b.iter(|| {
            let s = solve(black_box(&p), &greedy).unwrap();
            black_box(build_tours(&s.schedule, &pol, UTC).tours.len())
        })
    });
    group.finish();
}

fn tours_benches(c: &mut Criterion) {
    if std::env::var_os("TOURS_TABLE").is_some() {
        print_table();
    }
    bench_instance(c, "week30", 50, 10);
}

criterion_group!(benches, tours_benches);
criterion_main!(benches);
