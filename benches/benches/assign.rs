//! Benchmarks of `assign_agents` (the exact assignment as a min-cost flow
//! on agent and tour classes) against the Hungarian assignment on the
//! dense agents x tours matrix (`baselines::assign_agents_hungarian`, the
//! method it replaced) in the same run:
//!
//! - `assign_few_classes`: 2,000 agents for 2,000 tours drawn from a
//!   centre's usual variety (4 contracts x 2 availabilities x 7 preferred
//!   days off = 56 agent classes; 7 x 3 pairs of days off x 2 paid hours =
//!   42 tour classes);
//! - `assign_distinct_classes`: 400 agents for 400 tours, every agent and
//!   every tour a class of its own (the flow's worst case: `assign_agents`
//!   takes the dense Hungarian on integer class costs there);
//! - `assign_partial_classes`: 400 agents for 400 tours in 240 classes a
//!   side (0.6 classes per member, just on the flow's side of the switch).
//!
//! Run with `cargo bench -p servops-benches --bench assign`;
//! `cargo test --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chrono::{Datelike, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};
use servops_schedule::baselines::assign_agents_hungarian;
use servops_schedule::examples_support::week_of_tours;
use servops_schedule::{Agent, Tour, assign_agents};

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A tour with `days_off` and `paid_hours` (from a real tour built in UTC,
/// edited: its shifts on the new days off are dropped, as `assign_agents`
/// refuses a shift on a day off).
fn tour(base: &Tour, days_off: &[Weekday], paid_hours: f64) -> Tour {
    let mut t = base.clone();
    t.shifts.retain(|s| !days_off.contains(&s.start.weekday()));
    t.days_off = days_off.to_vec();
    t.paid_hours = paid_hours;
    t
}

/// `n` agents and `n` tours in few classes, by a fixed rule.
fn few_classes(n: usize) -> (Vec<Tour>, Vec<Agent>) {
    let base = week_of_tours().unwrap().tours[0].clone();
    let tours = (0..n)
        .map(|i| {
            let d = i % 7;
            let gap = (i / 7) % 3;
            let paid = [36.0, 40.0][(i / 21) % 2];
            tour(&base, &[DAYS[d], DAYS[(d + 1 + gap) % 7]], paid)
        })
        .collect();
    let agents = (0..n)
        .map(|i| {
            let hours = [36.0, 38.0, 40.0, 40.0][i % 4];
            let avail: Vec<Weekday> = if (i / 4) % 2 == 0 {
                DAYS.to_vec()
            } else {
                DAYS[..6].to_vec()
            };
            Agent::new(format!("a{i}"), hours)
                .unwrap()
                .with_availability(&avail)
                .with_preferred_days_off(&[DAYS[(i / 8) % 7]])
        })
        .collect();
    (tours, agents)
}

/// `n` agents and `n` tours, each a class of its own.
fn distinct_classes(n: usize) -> (Vec<Tour>, Vec<Agent>) {
    classes_of(n, n)
}

/// `n` agents and `n` tours in `k <= n` classes a side, members dealt out
/// in turn.
fn classes_of(n: usize, k: usize) -> (Vec<Tour>, Vec<Agent>) {
    let base = week_of_tours().unwrap().tours[0].clone();
    let tours = (0..n)
        .map(|i| {
            let c = i % k;
            let d = c % 7;
            tour(&base, &[DAYS[d], DAYS[(d + 1) % 7]], 32.0 + c as f64 / 64.0)
        })
        .collect();
    let agents = (0..n)
        .map(|i| {
            let c = i % k;
            Agent::new(format!("a{i}"), 36.0 + c as f64 / 128.0)
                .unwrap()
                .with_preferred_days_off(&[DAYS[c % 7]])
        })
        .collect();
    (tours, agents)
}

fn bench(c: &mut Criterion, name: &str, tours: &[Tour], agents: &[Agent], samples: usize) {
    let mut group = c.benchmark_group(name);
    group.sample_size(samples);
    group.bench_function("class_flow", |b| {
        b.iter(|| {
            black_box(
                assign_agents(black_box(tours), black_box(agents), 8.0)
                    .unwrap()
                    .assignments
                    .len(),
            )
        })
    });
    group.bench_function("hungarian_baseline", |b| {
        b.iter(|| {
            black_box(
                assign_agents_hungarian(black_box(tours), black_box(agents), 8.0)
                    .unwrap()
                    .assignments
                    .len(),
            )
        })
    });
    group.finish();
}

fn assign_benches(c: &mut Criterion) {
    let (tours, agents) = few_classes(2_000);
    bench(c, "assign_few_classes", &tours, &agents, 10);
    let (tours, agents) = distinct_classes(400);
    bench(c, "assign_distinct_classes", &tours, &agents, 10);
    let (tours, agents) = classes_of(400, 240);
    bench(c, "assign_partial_classes", &tours, &agents, 10);
}

criterion_group!(benches, assign_benches);
criterion_main!(benches);
