//! Benchmarks of servops-cost, each group against a simple baseline in the
//! same run, so ratios can be read even on a noisy machine.
//!
//! - `cost_curve`: the Erlang C cost curve (`StaffingCost::curve`, 80/20,
//!   AHT 300 s, 40 volumes from 5 to 1,955 contacts per half hour) against
//!   the proportional-cost baseline a spreadsheet uses (`volume x AHT x cost
//!   per handled hour` at a fixed 85 % occupancy, in `Decimal`) and against
//!   the bare staffing solves (`agents_required`, `f64` only), which shows
//!   what the exact money adds;
//! - `week_cost`: `StaffingCost::series` over the shipped sample week (672
//!   intervals of 15 minutes) against `solve_series` alone;
//! - `plan_recurrence`: `HeadcountPlan::run` over 12, 60 and 260 periods
//!   against the same recurrence in plain `f64` (no cohorts, no rounding);
//! - `npv_irr`: `npv` (Decimal, Horner) and `irr` over 360 monthly flows
//!   against a plain `f64` NPV loop.
//!
//! Run with `cargo bench -p servops-benches --bench cost`; `cargo test
//! --benches` runs each benchmark once as a smoke test.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use servops_benches::{SAMPLE_WEEK_CSV, sample_week};
use servops_cost::{
    AttritionRate, CashFlows, Currency, Decimal, HeadcountPlan, HourlyCosts, Money, NpvConvention,
    Occupancy, PeriodDemand, Ramp, Shrinkage, StaffingCost, cost_per_contact, irr, npv,
};
use servops_queue::{Model, Targets, Traffic, agents_required, solve_series};

const AHT: Duration = Duration::from_secs(300);
const HALF_HOUR: Duration = Duration::from_secs(1800);

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

fn goal() -> Targets {
    Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap()
}

fn usd(v: i64, scale: u32) -> Money {
    Money::new(Decimal::new(v, scale), Currency::USD)
}

fn staffing_cost() -> StaffingCost {
    StaffingCost::new(
        usd(40, 0),
        Shrinkage::new(Decimal::new(30, 2)).unwrap(),
        Model::ErlangC,
        goal(),
    )
    .unwrap()
}

fn cost_curve(c: &mut Criterion) {
    let volumes: Vec<f64> = (0..40).map(|i| 5.0 + 50.0 * f64::from(i)).collect();
    let cost = staffing_cost();
    let hour = HourlyCosts::new(
        usd(40, 0),
        Shrinkage::new(Decimal::new(30, 2)).unwrap(),
        Occupancy::new(Decimal::new(85, 2)).unwrap(),
    )
    .unwrap();
    let targets = goal();
    let mut group = c.benchmark_group("cost_curve");
    group.bench_function("erlang_c_curve", |b| {
        b.iter(|| {
            cost.curve(black_box(&volumes), AHT, HALF_HOUR)
                .unwrap()
                .len()
        });
    });
    group.bench_function("proportional_baseline", |b| {
        b.iter(|| {
            let per = cost_per_contact(&hour, AHT, Decimal::ONE, usd(0, 0)).unwrap();
            black_box(&volumes)
                .iter()
                .map(|&v| per.checked_mul(Decimal::try_from(v).unwrap()).unwrap())
                .collect::<Vec<_>>()
        });
    });
    group.bench_function("agents_required_only", |b| {
        b.iter(|| {
            black_box(&volumes)
                .iter()
                .map(|&v| {
                    let t = Traffic::new(v, HALF_HOUR, AHT).unwrap();
                    agents_required(&t, Model::ErlangC, &targets)
                        .unwrap()
                        .agents
                })
                .sum::<u32>()
        });
    });
    group.finish();
}

fn week_cost(c: &mut Criterion) {
    let week = sample_week(SAMPLE_WEEK_CSV, 1.0).unwrap();
    let cost = staffing_cost();
    let targets = goal();
    let mut group = c.benchmark_group("week_cost");
    group.bench_function("staffing_cost_series", |b| {
        b.iter(|| cost.series(black_box(&week)).unwrap().cost);
    });
    group.bench_function("solve_series_only", |b| {
        b.iter(|| {
            solve_series(black_box(&week), Model::ErlangC, &targets)
                .unwrap()
                .len()
        });
    });
    group.finish();
}

fn plan(periods: usize) -> HeadcountPlan {
    let s = Shrinkage::new(Decimal::new(32, 2)).unwrap();
    let months = (0..periods)
        .map(|i| {
            let fte = 70 + ((i * 37) % 23) as i64;
            PeriodDemand::new(Decimal::new(fte, 0), s, Decimal::new(168, 0)).unwrap()
        })
        .collect();
    HeadcountPlan::new(months, Decimal::new(100, 0), Currency::USD)
        .unwrap()
        .with_attrition(AttritionRate::per_period_rate(Decimal::new(35, 3)).unwrap())
        .with_hiring(1, 2, Decimal::new(15, 2))
        .unwrap()
        .with_ramp(Ramp::Linear {
            start: Decimal::new(5, 1),
            periods: 3,
        })
        .unwrap()
        .with_overtime(Decimal::new(5, 2), Decimal::new(5, 1))
        .unwrap()
        .with_costs(usd(3_250, 2), usd(2_800, 2), usd(4_200, 0))
        .unwrap()
}

/// The baseline: the same headcount recurrence in `f64`, one pool of staff,
/// no cohorts, ramp or rounding.
fn plan_f64(required: &[f64], opening: f64, attrition: f64, lead: usize, keep: f64) -> f64 {
    let mut heads = opening;
    let mut budget = 0.0;
    for (m, &req) in required.iter().enumerate() {
        heads -= heads * attrition;
        if m >= lead && req > heads {
            heads += ((req - heads) / keep).ceil() * keep;
        }
        budget += heads * 168.0 * 32.5;
    }
    budget
}

fn plan_recurrence(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan_recurrence");
    for periods in [12_usize, 60, 260] {
        let p = plan(periods);
        group.bench_with_input(BenchmarkId::new("headcount_plan", periods), &p, |b, p| {
            b.iter(|| black_box(p).run().unwrap().total_hires);
        });
        let required: Vec<f64> = (0..periods)
            .map(|i| (70 + (i * 37) % 23) as f64 / 0.68)
            .collect();
        group.bench_with_input(
            BenchmarkId::new("f64_baseline", periods),
            &required,
            |b, r| {
                b.iter(|| plan_f64(black_box(r), 100.0, 0.035, 3, 0.85));
            },
        );
    }
    group.finish();
}

fn npv_irr(c: &mut Criterion) {
    let mut flows = vec![Decimal::new(-1_000_000, 0)];
    flows.extend(std::iter::repeat_n(Decimal::new(8_000, 0), 360));
    let cf = CashFlows::new(flows, Currency::USD).unwrap();
    let cf64: Vec<f64> = cf
        .flows()
        .iter()
        .map(|d| f64::try_from(*d).unwrap())
        .collect();
    let rate = Decimal::new(5, 3);
    let mut group = c.benchmark_group("npv_irr");
    group.bench_function("npv_decimal_360", |b| {
        b.iter(|| npv(black_box(rate), &cf, NpvConvention::FirstFlowAtTimeZero).unwrap());
    });
    group.bench_function("irr_360", |b| {
        b.iter(|| irr(black_box(&cf)).unwrap());
    });
    group.bench_function("npv_f64_baseline_360", |b| {
        b.iter(|| {
            black_box(&cf64)
                .iter()
                .rev()
                .fold(0.0, |acc, &f| f + acc / 1.005)
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = cost_curve, week_cost, plan_recurrence, npv_irr
}
criterion_main!(benches);
