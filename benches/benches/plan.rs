//! The planning pipeline of the `servops` facade on the shipped real history
//! (`data/anonymous_bank_jan_feb_1999_30min.csv`: plan the week of Sunday
//! 1999-02-21 from the five weeks before it), without I/O, against a
//! baseline in the same run: what a spreadsheet does (the average of the
//! last four same weekdays per half hour, one mean AHT, the textbook Erlang C
//! scan per interval).
//!
//! - `plan_week/stages_without_shifts`: forecast (best of three methods by
//!   backtest, plus the backtest that sets the band), handle time,
//!   requirement (Erlang A), projection;
//! - `plan_week/whole_plan`: the same plus the shift solver with a 1 s limit
//!   (the solver stops at its limit or at a proven optimum);
//! - `plan_week/baseline_same_weekday_textbook`: the spreadsheet baseline.
//!
//! Run with `cargo bench -p servops-benches --bench plan`.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use servops::core::chrono::{Datelike, NaiveDate};
use servops::plan::{
    PlanHistory, PlanSettings, forecast_stage, handle_time_stage, plan, projection_stage,
    requirement_stage,
};
use servops::queue::Model;
use servops::schedule::SolveOptions;
use servops_benches::textbook_erlang_c_agents;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/anonymous_bank_jan_feb_1999_30min.csv"
);

// The same week, templates and settings as the facade's pipeline test.
#[path = "../../crates/servops/tests/support/plan_week.rs"]
mod plan_week;
use plan_week::first_day;

struct Setup {
    history: PlanHistory,
    settings: PlanSettings,
    /// Offered per interval of the history, for the baseline.
    offered: Vec<f64>,
    mean_aht: f64,
}

fn setup(limit: Duration) -> Setup {
    let week = plan_week::history(DATA);
    Setup {
        history: week.history,
        settings: plan_week::settings()
            .with_solve_options(SolveOptions::default().with_time_limit(limit)),
        offered: week.offered,
        mean_aht: week.mean_aht,
    }
}

/// The spreadsheet baseline: per half hour of each plan day, the mean of
/// the last four same weekdays; one mean AHT; the textbook Erlang C scan.
fn baseline(offered: &[f64], mean_aht: f64) -> u32 {
    let per_day = 48;
    let days = offered.len() / per_day;
    // The history starts on Wednesday 1999-01-13.
    let first = NaiveDate::from_ymd_opt(1999, 1, 13).unwrap();
    let mut total = 0;
    for d in 0..7 {
        let weekday = (first_day() + servops::core::chrono::Days::new(d)).weekday();
        let same: Vec<usize> = (0..days)
            .rev()
            .filter(|&h| (first + servops::core::chrono::Days::new(h as u64)).weekday() == weekday)
            .take(4)
            .collect();
        for slot in 0..per_day {
            let mean = same
                .iter()
                .map(|&h| offered[h * per_day + slot])
                .sum::<f64>()
                / same.len().max(1) as f64;
            let load = mean * mean_aht / 1800.0;
            total += textbook_erlang_c_agents(load, mean_aht, 0.8, 20.0);
        }
    }
    total
}

fn plan_week(c: &mut Criterion) {
    let quick = setup(Duration::from_secs(1));
    let mut group = c.benchmark_group("plan_week");
    group.sample_size(10);
    group.bench_function("baseline_same_weekday_textbook", |b| {
        b.iter(|| baseline(black_box(&quick.offered), black_box(quick.mean_aht)))
    });
    group.bench_function("stages_without_shifts", |b| {
        b.iter(|| {
            let s = &quick.settings;
            let f = forecast_stage(black_box(&quick.history), s).unwrap();
            let aht = handle_time_stage(&quick.history, s, f.mean.grid()).unwrap();
            let model = Model::ErlangA {
                patience: quick.history.patience().unwrap().unwrap(),
            };
            let need = requirement_stage(&f.planned, &aht, model, s.targets()).unwrap();
            let staff = need.map(|x| f64::from(x.agents));
            projection_stage(&f.planned, &aht, &staff, model, s.targets()).unwrap()
        })
    });
    group.bench_function("whole_plan", |b| {
        b.iter(|| plan(black_box(&quick.history), &quick.settings).unwrap())
    });
    group.finish();
}

criterion_group!(benches, plan_week);
criterion_main!(benches);
