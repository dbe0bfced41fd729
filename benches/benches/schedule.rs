//! Benchmarks of servops-schedule on the benchmark family of
//! `crates/servops-schedule/tests/data` (made by `gen/instances.py`), each
//! group against the greedy cover baseline (`Method::Greedy`) in the same
//! run:
//!
//! - `day30`, `day15`: one day at 30 and 15 minutes, the default solver with
//!   a fixed iteration budget (so every sample does the same work);
//! - `week30`: one week at 30 minutes, likewise.
//!
//! With `SCHEDULE_TABLE=1` the run first prints the benchmark table of
//! `docs/schedule.md`: every instance, with breaks placed and with breaks
//! fixed at mid-window, solved once with the default options (10 s limit),
//! against the HiGHS reference in `references.csv`.
//!
//! Run with `cargo bench -p servops-benches --bench schedule`;
//! `cargo test --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use serde_json::Value;
use servops_core::chrono::{NaiveTime, Weekday};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, Contract, Horizon, Method, Pay, ScheduleProblem, ShiftTemplate, SolveOptions, solve,
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

fn print_table() {
    println!(
        "| instance | breaks | shift vars | break vars | HiGHS reference | HiGHS bound | ours | gap to reference | our bound | our gap | seconds | stop | greedy |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for name in ["day30", "day15", "week30", "week15", "cyclic30"] {
        for fixed in [false, true] {
            let p = problem(name, fixed);
            let s = solve(&p, &SolveOptions::default()).unwrap();
            let g = solve(&p, &SolveOptions::default().with_method(Method::Greedy)).unwrap();
            let r = &s.report;
            let (reference, ref_bound, status) = reference(name, fixed);
            println!(
                "| {name} | {} | {} | {} | {reference:.0} ({status}) | {ref_bound:.0} | {:.0} | {:+.2} % | {:.0} | {:.2} % | {:.1} | {:?} | {:.0} ({:+.2} %) |",
                if fixed { "fixed mid-window" } else { "placed" },
                p.candidate_count(),
                p.break_placement_count(),
                r.objective,
                (r.objective - reference) / reference * 100.0,
                r.bound.unwrap_or(f64::NAN),
                r.gap.unwrap_or(f64::NAN) * 100.0,
                r.elapsed.as_secs_f64(),
                r.stop,
                g.report.objective,
                (g.report.objective - reference) / reference * 100.0,
            );
        }
    }
}

fn bench_instance(c: &mut Criterion, name: &str, iterations: usize, samples: usize) {
    let p = problem(name, false);
    let mut group = c.benchmark_group(name);
    group.sample_size(samples);
    let ours = SolveOptions::default()
        .with_time_limit(Duration::from_secs(600))
        .with_iterations(iterations)
        .with_method(Method::Heuristic);
    group.bench_function("lp_dive_lns", |b| {
        b.iter(|| black_box(solve(black_box(&p), &ours).unwrap().report.objective))
    });
    let greedy = SolveOptions::default().with_method(Method::Greedy);
    group.bench_function("greedy_baseline", |b| {
        b.iter(|| black_box(solve(black_box(&p), &greedy).unwrap().report.objective))
    });
    group.finish();
}

fn schedule_benches(c: &mut Criterion) {
    if std::env::var_os("SCHEDULE_TABLE").is_some() {
        print_table();
    }
    bench_instance(c, "day30", 200, 10);
    bench_instance(c, "day15", 200, 10);
    bench_instance(c, "week30", 100, 10);
}

criterion_group!(benches, schedule_benches);
criterion_main!(benches);
