//! Benchmarks of servops-schedule on the benchmark family of
//! `crates/servops-schedule/tests/data` (made by `gen/instances.py`), each
//! group against the greedy cover baseline (`Method::Greedy`) in the same
//! run:
//!
//! - `day30`, `day15`: one day at 30 and 15 minutes, the default solver with
//!   a fixed iteration budget (so every sample does the same work);
//! - `week30`: one week at 30 minutes, likewise;
//! - `day30_proven`, `day15_proven`: the whole default solve, which ends
//!   with the optimum proven.
//!
//! With `SCHEDULE_TABLE=1` the run first prints the benchmark table of
//! `docs/schedule.md`: every instance, with breaks placed and with breaks
//! fixed at mid-window, solved once with the default options (10 s limit),
//! against the HiGHS reference in `references.csv` (`SCHEDULE_ONLY=name`
//! picks one instance).
//!
//! Run with `cargo bench -p servops-benches --bench schedule`;
//! `cargo test --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use servops_schedule::{Method, SolveOptions, solve};

#[path = "support/schedule_instances.rs"]
mod instances;
use instances::{problem, reference};

fn print_table() {
    println!(
        "| instance | breaks | shift vars | break vars | HiGHS reference | HiGHS bound | ours | gap to reference | our bound | our gap | seconds | stop | greedy |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let only = std::env::var("SCHEDULE_ONLY").ok();
    for name in ["day30", "day15", "week30", "week15", "cyclic30"] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
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

/// The whole default solve (`Method::Auto`: LP, dives, windows, search and
/// the exact phase that proves the one-day optima) against the greedy
/// cover.
fn bench_proven(c: &mut Criterion, name: &str) {
    let p = problem(name, false);
    let mut group = c.benchmark_group(format!("{name}_proven"));
    group.sample_size(10);
    let auto = SolveOptions::default().with_time_limit(Duration::from_secs(600));
    group.bench_function("auto_with_exact_phase", |b| {
        b.iter(|| black_box(solve(black_box(&p), &auto).unwrap().report.objective))
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
    bench_proven(c, "day30");
    bench_proven(c, "day15");
}

criterion_group!(benches, schedule_benches);
criterion_main!(benches);
