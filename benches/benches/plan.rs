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
use servops::core::chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use servops::core::chrono_tz::Asia::Jerusalem;
use servops::cost::Decimal;
use servops::forecast::{
    Backtest, BestPick, Calendar, CsvSpec, OpeningHours, SeasonalNaive, Selection, TimestampFormat,
    TopDown, WeightedIndex, read_csv,
};
use servops::plan::{
    PlanHistory, PlanModel, PlanSettings, forecast_stage, handle_time_stage, plan,
    projection_stage, requirement_stage,
};
use servops::queue::{Model, Targets};
use servops::schedule::{BreakRule, Pay, ShiftTemplate, SolveOptions};
use servops_benches::textbook_erlang_c_agents;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/anonymous_bank_jan_feb_1999_30min.csv"
);

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1999, 2, 21).unwrap()
}

fn calendar() -> Calendar {
    let all = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    Calendar::new(Jerusalem)
        .with_weekday_hours(&all, None)
        .with_weekday_hours(
            &[
                Weekday::Sun,
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
            ],
            Some(OpeningHours::new(7 * 60, 24 * 60).unwrap()),
        )
        .with_weekday_hours(
            &[Weekday::Fri],
            Some(OpeningHours::new(7 * 60, 14 * 60).unwrap()),
        )
        .with_weekday_hours(
            &[Weekday::Sat],
            Some(OpeningHours::new(19 * 60, 24 * 60).unwrap()),
        )
}

struct Setup {
    history: PlanHistory,
    settings: PlanSettings,
    /// Offered per interval of the history, for the baseline.
    offered: Vec<f64>,
    mean_aht: f64,
}

fn setup(limit: Duration) -> Setup {
    let spec = CsvSpec::new(
        "start",
        "offered",
        Duration::from_secs(1800),
        Jerusalem,
        TimestampFormat::Local,
    )
    .with_handle_time("served", "handle_s_sum");
    let data = read_csv(std::fs::File::open(DATA).unwrap(), &spec).unwrap();
    let grid = *data.volume.grid();
    let cut = (0..grid.len())
        .find(|&i| grid.local_date(i, Jerusalem).unwrap() >= first_day())
        .unwrap();
    let volume = data.volume.slice(..cut).unwrap();
    let handled = data.handled.unwrap().slice(..cut).unwrap();
    let seconds = data.handle_seconds.unwrap().slice(..cut).unwrap();
    let served: f64 = handled.values().iter().flatten().sum();
    let secs: f64 = seconds.values().iter().flatten().sum();
    let offered = volume.values().iter().map(|v| v.unwrap_or(0.0)).collect();
    // Erlang A's patience from the history: queue waits over queue abandons.
    let text = std::fs::read_to_string(DATA).unwrap();
    let (mut wait, mut abandons) = (0.0, 0.0);
    for line in text.lines().skip(1).filter(|l| l < &"1999-02-21") {
        let f: Vec<&str> = line.split(',').collect();
        abandons += f[5].parse::<f64>().unwrap();
        wait += f[8].parse::<f64>().unwrap();
    }
    let history = PlanHistory::new(volume, handled, seconds)
        .unwrap()
        .with_abandonment(wait, abandons)
        .unwrap();
    let m = |x: u64| Duration::from_secs(60 * x);
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let templates = vec![
        ShiftTemplate::builder("8h")
            .span(m(510))
            .start_window(t(7), t(15))
            .hourly_rate(Decimal::new(30, 0))
            .breaks(vec![
                BreakRule::new(m(15), Pay::Paid, m(90), m(150)).unwrap(),
                BreakRule::new(m(30), Pay::Unpaid, m(210), m(300)).unwrap(),
            ])
            .build()
            .unwrap(),
        ShiftTemplate::builder("4h")
            .span(m(240))
            .start_window(t(7), t(20))
            .hourly_rate(Decimal::new(30, 0))
            .breaks(vec![
                BreakRule::new(m(15), Pay::Paid, m(60), m(150)).unwrap(),
            ])
            .build()
            .unwrap(),
    ];
    let method = BestPick::new(
        vec![
            SeasonalNaive::new().into(),
            WeightedIndex::new(4).unwrap().into(),
            TopDown::new().into(),
        ],
        Backtest::rolling(7, 7, 2).unwrap(),
        Selection::PerSeries,
    )
    .unwrap();
    let settings = PlanSettings::new(
        calendar(),
        first_day(),
        7,
        method,
        Backtest::rolling(7, 7, 2).unwrap(),
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
        templates,
    )
    .unwrap()
    .with_model(PlanModel::ErlangAEstimated)
    .with_shrinkage(0.3)
    .unwrap()
    .with_solve_options(SolveOptions::default().with_time_limit(limit));
    Setup {
        history,
        settings,
        offered,
        mean_aht: secs / served,
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
