//! Benchmarks of the deferred-work (backlog) model of servops-queue, each
//! against a baseline in the same run.
//!
//! The workload is a synthetic week of e-mail in 15-minute intervals (672
//! points): about 10 items an interval by day and 3 by night, AHT 8
//! minutes, open 08:00-20:00 every day, 6 agents while open; the week runs
//! from 20:00 to 20:00.
//!
//! - `deferred_simulate_week`: `simulate` then `attainment` (items within
//!   24 h) against a naive per-item FIFO simulation that walks every item
//!   through the intervals' capacity (whole items, evenly spaced), at the
//!   real volume and at x 10;
//! - `deferred_solvers_week`: `constant_staff` (95 % within 24 h) and
//!   `just_in_time_staff` (all within 24 h), with one `simulate` as the
//!   yardstick: the solvers' cost in simulations.
//!
//! Run with `cargo bench -p servops-benches --bench deferred`;
//! `cargo test --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use servops_queue::{DeferredWorkload, ResponseGoal};

const INTERVAL_SECS: f64 = 900.0;
const AHT_SECS: f64 = 480.0;
const DAY: Duration = Duration::from_secs(24 * 3600);
const N: usize = 672;
/// The week starts at 20:00 (interval 80 of a day), so it ends at the close
/// of the last open interval: `constant_staff` requires every item finished
/// by the horizon, which items arriving after the last close cannot be.
const START: usize = 80;

fn open_mask() -> Vec<bool> {
    (0..N)
        .map(|i| {
            let hour = ((i + START) % 96) / 4;
            (8..20).contains(&hour)
        })
        .collect()
}

fn arrivals(scale: f64) -> Vec<f64> {
    (0..N)
        .map(|i| {
            let h = ((i + START) % 96) as f64 / 4.0;
            let day = 3.0 + 7.0 * (-((h - 12.0) / 4.0).powi(2)).exp();
            (day * scale).round()
        })
        .collect()
}

fn staff(open: &[bool], level: f64) -> Vec<f64> {
    open.iter().map(|&o| if o { level } else { 0.0 }).collect()
}

/// The baseline: every item (whole items, evenly spaced in their interval)
/// is walked through the intervals' remaining capacity in FIFO order.
/// Returns (items completed within `within`, items completed).
fn per_item(arrivals: &[f64], staff: &[f64], within: f64) -> (f64, f64) {
    let rates: Vec<f64> = staff.iter().map(|s| s / AHT_SECS).collect();
    let horizon = arrivals.len() as f64 * INTERVAL_SECS;
    let mut free_at = 0.0_f64;
    let (mut met, mut done) = (0.0, 0.0);
    for (i, &a) in arrivals.iter().enumerate() {
        let m = a as usize;
        for j in 0..m {
            let arrival = (i as f64 + (j as f64 + 0.5) / m as f64) * INTERVAL_SECS;
            let mut t = free_at.max(arrival);
            let mut work = 1.0;
            while work > 0.0 && t < horizon {
                let k = (t / INTERVAL_SECS) as usize;
                let end = (k + 1) as f64 * INTERVAL_SECS;
                let can = rates[k] * (end - t);
                if can >= work {
                    t += work / rates[k];
                    work = 0.0;
                } else {
                    work -= can;
                    t = end;
                }
            }
            if work > 0.0 {
                return (met, done);
            }
            free_at = t;
            done += 1.0;
            if t - arrival <= within {
                met += 1.0;
            }
        }
    }
    (met, done)
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn simulate_week(c: &mut Criterion) {
    let open = open_mask();
    let mut group = c.benchmark_group("deferred_simulate_week");
    for scale in [1.0, 10.0] {
        let a = arrivals(scale);
        let plan = staff(&open, 6.0 * scale);
        let work = DeferredWorkload::new(
            &a,
            Duration::from_secs_f64(INTERVAL_SECS),
            Duration::from_secs_f64(AHT_SECS),
        )
        .unwrap();
        // Same answer from both (to the discreteness of whole items).
        let fluid = work.simulate(&plan).unwrap().attainment(DAY).unwrap();
        let (met, _) = per_item(&a, &plan, DAY.as_secs_f64());
        assert!(
            (fluid.met - met).abs() <= 0.01 * fluid.total,
            "{} vs {met}",
            fluid.met
        );
        let label = format!("x{scale}");
        group.bench_with_input(BenchmarkId::new("servops", &label), &plan, |b, plan| {
            b.iter(|| {
                work.simulate(black_box(plan))
                    .unwrap()
                    .attainment(DAY)
                    .unwrap()
                    .met
            });
        });
        group.bench_with_input(BenchmarkId::new("per_item", &label), &plan, |b, plan| {
            b.iter(|| per_item(black_box(&a), black_box(plan), DAY.as_secs_f64()));
        });
    }
    group.finish();
}

fn solvers_week(c: &mut Criterion) {
    let open = open_mask();
    let a = arrivals(1.0);
    let work = DeferredWorkload::new(
        &a,
        Duration::from_secs_f64(INTERVAL_SECS),
        Duration::from_secs_f64(AHT_SECS),
    )
    .unwrap();
    let goal = ResponseGoal::new(0.95, DAY).unwrap();
    let plan = staff(&open, 6.0);
    let mut group = c.benchmark_group("deferred_solvers_week");
    group.bench_function("simulate_once", |b| {
        b.iter(|| work.simulate(black_box(&plan)).unwrap().completed());
    });
    group.bench_function("constant_staff", |b| {
        b.iter(|| work.constant_staff(black_box(&goal), &open).unwrap().agents);
    });
    group.bench_function("just_in_time_staff", |b| {
        b.iter(|| {
            work.just_in_time_staff(black_box(DAY), &open)
                .unwrap()
                .staff
                .len()
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = simulate_week, solvers_week
}
criterion_main!(benches);
