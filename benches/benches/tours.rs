//! Benchmarks of weekly tours (`solve_tours`) on the week instances of the
//! servops-schedule benchmark family (`crates/servops-schedule/tests/data`),
//! against the baseline of post-processing a daily schedule into tours
//! (`solve` with `Method::Greedy`, then `build_tours`) in the same run.
//!
//! With `TOURS_TABLE=1` the run first prints the tours table of
//! `docs/schedule.md`: for each week instance and policy, the joint tour
//! model (default options, 10 s limit) against the least-cost daily
//! schedule (default options) and its post-processing into tours, and the
//! HiGHS daily reference of `references.csv`. With `TOURS_QUICK=1` it
//! prints only the joint tour model's line for each week and policy (no
//! daily solves, no benchmarks).
//!
//! Run with `cargo bench -p servops-benches --bench tours`;
//! `cargo test --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use servops_core::chrono_tz::UTC;
use servops_schedule::{
    DaysOff, Method, SolveOptions, TourPolicy, build_tours, solve, solve_tours,
};

#[path = "support/schedule_instances.rs"]
mod instances;
use instances::{problem, reference};

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
            let post = build_tours(&daily.schedule, &pol, UTC).unwrap();
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
            black_box(build_tours(&s.schedule, &pol, UTC).unwrap().tours.len())
        })
    });
    group.finish();
}

/// With `TOURS_QUICK=1`: the joint tour model alone on every week and
/// policy (no daily solves), one line each.
fn print_quick() {
    for name in ["week30", "cyclic30", "week15"] {
        let p = problem(name, false);
        let (reference, _, _) = reference(name, false);
        for (label, rule, band) in [
            ("5/7 consecutive, band 2 h", DaysOff::Consecutive, 2),
            ("5/7 consecutive, band 1 h", DaysOff::Consecutive, 1),
            ("5/7 any, band 2 h", DaysOff::Any, 2),
        ] {
            match solve_tours(&p, &policy(rule, band), &SolveOptions::default()) {
                Ok(s) => {
                    let r = &s.report;
                    println!(
                        "{name} | {label} | ref {reference:.0} | tours {:.0} | bound {:.0} | gap {:.2} % | {:.2} s | {:?} | {} tours",
                        r.objective,
                        r.bound.unwrap_or(f64::NAN),
                        r.gap.unwrap_or(f64::NAN) * 100.0,
                        r.elapsed.as_secs_f64(),
                        r.stop,
                        s.tours.tours.len()
                    );
                }
                Err(e) => println!("{name} | {label} | error: {e}"),
            }
        }
    }
}

fn tours_benches(c: &mut Criterion) {
    if std::env::var_os("TOURS_QUICK").is_some() {
        print_quick();
        return;
    }
    if std::env::var_os("TOURS_TABLE").is_some() {
        print_table();
    }
    bench_instance(c, "week30", 50, 10);
}

criterion_group!(benches, tours_benches);
criterion_main!(benches);
