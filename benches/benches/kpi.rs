//! Benchmarks of servops-kpi, each against a naive baseline in the same run.
//!
//! - `kpi_1m_records_15min`: every queue KPI (service level under the six
//!   abandon treatments, ASA with and without ring time, average abandon
//!   time, longest wait, AHT, abandonment with and without short abandons,
//!   transfer rate, FCR by flag) for one million synthetic contact records
//!   in the 15-minute intervals of one week. `one_pass` aggregates the
//!   additive components in a single pass and divides per interval at the
//!   end; `naive_per_kpi` makes one pass over the records per KPI, placing
//!   each record with `IntervalGrid::index_of` and accumulating that KPI's
//!   numerator and denominator.
//!
//! Run with `cargo bench -p servops-benches --bench kpi`; `cargo test
//! --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use servops_core::IntervalGrid;
use servops_kpi::{
    AbandonTreatment, AbandonmentPolicy, AsaPolicy, ComponentSeries, ComponentSpec, Components,
    ContactRecord, Outcome, ServiceLevelPolicy,
};

const RECORDS: usize = 1_000_000;
const THRESHOLD_MS: u64 = 20_000;
const SHORT_MS: u64 = 5_000;

fn start() -> DateTime<Utc> {
    "2026-03-02T00:00:00Z".parse().unwrap()
}

fn grid() -> IntervalGrid {
    IntervalGrid::new(start(), Duration::from_secs(15 * 60), 7 * 96).unwrap()
}

/// Deterministic synthetic records: arrivals spread over the week, 85 %
/// answered, 12 % abandoned, 2 % flowed out, 1 % callbacks.
fn records() -> Vec<ContactRecord> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..RECORDS)
        .map(|_| {
            let arrival = start() + TimeDelta::milliseconds((next() % (7 * 86_400_000)) as i64);
            let u = next() % 100;
            let wait = Duration::from_millis(next() % 120_000);
            let outcome = match u {
                0..85 => Outcome::Answered,
                85..97 => Outcome::Abandoned,
                97..99 => Outcome::FlowedOut,
                _ => Outcome::Callback,
            };
            let b = ContactRecord::builder(arrival, outcome).wait(wait);
            if outcome == Outcome::Answered {
                b.ring(Duration::from_millis(next() % 8_000))
                    .talk(Duration::from_millis(next() % 600_000))
                    .hold(Duration::from_millis(next() % 60_000))
                    .acw(Duration::from_millis(next() % 90_000))
                    .transferred(next() % 10 == 0)
                    .resolved(next() % 4 != 0)
                    .build()
                    .unwrap()
            } else {
                b.build().unwrap()
            }
        })
        .collect()
}

/// Every KPI of one interval from its components.
fn all_kpis(c: &Components) -> f64 {
    let mut acc = 0.0;
    for a in AbandonTreatment::ALL {
        acc += c
            .service_level(ServiceLevelPolicy::new(*a))
            .value()
            .unwrap_or(0.0);
    }
    acc += c.asa(AsaPolicy::RingExcluded).value().unwrap_or(0.0);
    acc += c.asa(AsaPolicy::RingIncluded).value().unwrap_or(0.0);
    acc += c.average_abandon_time().value().unwrap_or(0.0);
    acc += c.longest_wait().map_or(0.0, |d| d.as_secs_f64());
    acc += c.aht().value().unwrap_or(0.0);
    acc += c
        .abandonment_rate(AbandonmentPolicy::ShortIncluded)
        .value()
        .unwrap_or(0.0);
    acc += c
        .abandonment_rate(AbandonmentPolicy::ShortExcluded)
        .value()
        .unwrap_or(0.0);
    acc += c.transfer_rate().value().unwrap_or(0.0);
    acc += c.fcr_by_flag().value().unwrap_or(0.0);
    acc
}

fn one_pass(records: &[ContactRecord], grid: IntervalGrid, spec: ComponentSpec) -> f64 {
    let series = ComponentSeries::aggregate(records, grid, spec);
    series.components().values().iter().map(all_kpis).sum()
}

/// One pass over the records per KPI, each placing records with
/// `IntervalGrid::index_of` and accumulating its own numerator and
/// denominator per interval.
fn naive_per_kpi(records: &[ContactRecord], grid: IntervalGrid) -> f64 {
    let n = grid.len();
    let ms = |d: Duration| d.as_millis() as f64;
    let pass = |f: &dyn Fn(&ContactRecord) -> Option<(f64, f64)>| -> Vec<(f64, f64)> {
        let mut acc = vec![(0.0, 0.0); n];
        for r in records {
            if let Some(i) = grid.index_of(r.arrival())
                && let Some((num, den)) = f(r)
            {
                acc[i].0 += num;
                acc[i].1 += den;
            }
        }
        acc
    };
    let within = |r: &ContactRecord| u8::from(ms(r.wait()) <= THRESHOLD_MS as f64) as f64;
    let short = |r: &ContactRecord| u8::from(ms(r.wait()) <= SHORT_MS as f64) as f64;
    let answered = |r: &ContactRecord| r.outcome() == Outcome::Answered;
    let abandoned = |r: &ContactRecord| r.outcome() == Outcome::Abandoned;
    let mut kpis: Vec<Vec<(f64, f64)>> = Vec::new();
    // the six service levels
    kpis.push(pass(&|r| answered(r).then(|| (within(r), 1.0))));
    kpis.push(pass(&|r| {
        (answered(r) || abandoned(r)).then(|| (if answered(r) { within(r) } else { 0.0 }, 1.0))
    }));
    kpis.push(pass(&|r| {
        (answered(r) || abandoned(r)).then(|| (within(r), 1.0))
    }));
    kpis.push(pass(&|r| {
        if answered(r) {
            Some((within(r), 1.0))
        } else if abandoned(r) {
            Some((0.0, 1.0 - within(r)))
        } else {
            None
        }
    }));
    kpis.push(pass(&|r| {
        if answered(r) {
            Some((within(r), 1.0))
        } else if abandoned(r) {
            Some((short(r), 1.0))
        } else {
            None
        }
    }));
    kpis.push(pass(&|r| {
        if answered(r) {
            Some((within(r), 1.0))
        } else if abandoned(r) {
            Some((0.0, 1.0 - short(r)))
        } else {
            None
        }
    }));
    // ASA without and with ring time, average abandon time
    kpis.push(pass(&|r| answered(r).then(|| (ms(r.wait()), 1.0))));
    kpis.push(pass(&|r| {
        answered(r).then(|| (ms(r.wait()) + ms(r.ring()), 1.0))
    }));
    kpis.push(pass(&|r| abandoned(r).then(|| (ms(r.wait()), 1.0))));
    // AHT
    kpis.push(pass(&|r| {
        r.handle_time()
            .filter(|_| answered(r))
            .map(|h| (ms(h), 1.0))
    }));
    // abandonment with and without short abandons
    kpis.push(pass(&|r| {
        (!r.outcome().is_censored()).then(|| (u8::from(abandoned(r)) as f64, 1.0))
    }));
    kpis.push(pass(&|r| {
        if r.outcome().is_censored() || (abandoned(r) && short(r) == 1.0) {
            None
        } else {
            Some((u8::from(abandoned(r)) as f64, 1.0))
        }
    }));
    // transfer rate, FCR by flag
    kpis.push(pass(&|r| {
        answered(r).then(|| (u8::from(r.transferred()) as f64, 1.0))
    }));
    kpis.push(pass(&|r| {
        r.resolved()
            .filter(|_| answered(r))
            .map(|x| (u8::from(x) as f64, 1.0))
    }));
    // longest wait: its own pass with a max
    let mut longest = vec![0.0f64; n];
    for r in records {
        if let Some(i) = grid.index_of(r.arrival())
            && !r.outcome().is_censored()
        {
            longest[i] = longest[i].max(ms(r.wait()));
        }
    }
    let mut acc: f64 = longest.iter().sum();
    for k in &kpis {
        for (num, den) in k {
            if *den != 0.0 {
                acc += num / den;
            }
        }
    }
    acc
}

fn bench_intervals(c: &mut Criterion) {
    let records = records();
    let grid = grid();
    let spec = ComponentSpec::new(Duration::from_millis(THRESHOLD_MS))
        .unwrap()
        .with_short_abandon(Duration::from_millis(SHORT_MS))
        .unwrap();
    let mut g = c.benchmark_group("kpi_1m_records_15min");
    g.sample_size(10);
    g.throughput(Throughput::Elements(RECORDS as u64));
    g.bench_function("one_pass", |b| {
        b.iter(|| one_pass(black_box(&records), grid, spec))
    });
    g.bench_function("naive_per_kpi", |b| {
        b.iter(|| naive_per_kpi(black_box(&records), grid))
    });
    g.finish();
}

criterion_group!(benches, bench_intervals);
criterion_main!(benches);
