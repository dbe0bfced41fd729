//! Benchmarks of servops-forecast on the 27,716-point US bank 5-minute series
//! (data/us_bank_calls_5min_2003.csv), against the plain same-weekday average
//! (mean of the last four same weekdays per 5-minute slot, written directly
//! here) in the same run:
//!
//! - `forecast_us_5min/baseline_avg4`: the plain average from the raw series;
//! - `forecast_us_5min/history`: arranging the raw series by calendar day;
//! - `forecast_us_5min/<method>`: fit and predict one 5-day week for each method
//!   (`svd_factor` is `SvdFactor::new()`, `K = 5` with the AR(1) term;
//!   `svd_factor_k6_no_ar` the week-ahead validation choice);
//! - `forecast_us_5min/best_pick`: best pick over all six methods (a rolling
//!   backtest of four weekly origins per method, then the final fit) and
//!   predict of one week; `best_pick_from_raw_series` also arranges the raw
//!   series by calendar day first; `best_pick_protocol_grid` the week-ahead
//!   protocol's candidates and rule, `best_pick_protocol_day_of_month` the
//!   same inside `DayOfMonth` (the protocol's best pick);
//! - `forecast_us_5min/weighted_index_day_of_month`: the four-weekday average
//!   inside `DayOfMonth` (one effect estimate, one fit);
//! - `forecast_il_30min/best_pick_protocol_day_of_month`: on the Israeli bank
//!   30-minute arrivals (data/anonymous_bank_1999_arrivals_30min.csv, the
//!   1999 holiday calendar of the servops-forecast tests), the week-ahead
//!   protocol's best pick inside `DayOfMonth` fitted on the history before
//!   the December test week (1999-12-04) and predicting that week: the
//!   in-run baseline of
//! - `forecast_il_30min/best_pick_protocol_day_of_month_anchored`: the same
//!   inside `AnchoredShape` (Fridays and Saturdays anchored to Tel Aviv
//!   sunset, the Israeli best pick of docs/forecast.md 2.13);
//! - `forecast_il_30min/best_pick_protocol_day_of_month_anchored_catch_up`:
//!   that inside `CatchUp` (rest days Friday and Saturday; six catch-up
//!   days in the history), docs/forecast.md 2.14.
//!
//! - `negative_binomial_week/interval`: the 90 % intervals of 672 means
//!   (10-2,000 calls, dispersion 0.05) by the incomplete-beta search,
//!   against the in-run baseline of the textbook pmf summed over a window
//!   of 52 standard deviations; `negative_binomial_wide`: the same for 16
//!   means of 10^4-10^5 calls at dispersion 0.5.
//! - `negative_binomial_huge_mean/<case>`: the quantiles at p = 1e-12, 0.05,
//!   0.5 and 0.95 of a Poisson count at means 1e8 and 1e10, of negative
//!   binomials at mean 1e10 with dispersions 1e-12 and 1e-3, and of the
//!   day-level mixture (τ² = 0.01, Poisson within the day) at mean 7e9,
//!   against the in-run baseline of the same four Poisson quantiles at
//!   mean 100 (`baseline_mean_1e2`).
//!
//! Run with `cargo bench -p servops-benches --bench forecast`.

// Benchmark harness: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};
use servops_core::chrono_tz::{Asia::Jerusalem, UTC};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::{
    AnchoredShape, AnyMethod, Backtest, BestPick, Calendar, CatchUp, CsvSpec, DailyAnchors,
    DayLevelNegativeBinomial, DayOfMonth, DayType, DoubleSeasonal, FittedModel, History,
    LevelShape, Method, NegativeBinomial, OpeningHours, ScoreModel, SeasonalNaive, Selection,
    SpecialDay, SvdFactor, TimestampFormat, TopDown, WeightedIndex, Weights, read_csv,
};

fn series() -> IntervalSeries<Option<f64>> {
    let path = format!(
        "{}/../data/us_bank_calls_5min_2003.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let spec = CsvSpec::new(
        "DateTime",
        "Calls",
        Duration::from_secs(300),
        UTC,
        TimestampFormat::Rfc3339,
    );
    read_csv(std::fs::File::open(path).unwrap(), &spec)
        .unwrap()
        .volume
}

/// The Israeli bank's 30-minute arrivals of 1999 (local wall clock, read
/// as UTC as in the servops-forecast tests).
fn israel_series() -> IntervalSeries<Option<f64>> {
    let path = format!(
        "{}/../data/anonymous_bank_1999_arrivals_30min.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let spec = CsvSpec::new(
        "start",
        "calls",
        Duration::from_secs(1800),
        UTC,
        TimestampFormat::Local,
    );
    read_csv(std::fs::File::open(path).unwrap(), &spec)
        .unwrap()
        .volume
}

/// The Israeli calendar of the servops-forecast tests (`israel_calendar(true)`
/// in crates/servops-forecast/tests/common/mod.rs, whose paths are relative
/// to that crate): holidays like Saturdays, eves like Fridays, festival
/// intermediate days Sunday-Thursday as "chol hamoed".
fn israel_calendar() -> Calendar {
    let text = std::fs::read_to_string(format!(
        "{}/../crates/servops-forecast/tests/data/israel_holidays_1999.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut cal = Calendar::new(UTC);
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let weekend = matches!(f[1], "Fri" | "Sat");
        let day = match f[2] {
            "holiday" => SpecialDay::new(DayType::Weekday(Weekday::Sat)),
            "eve" => SpecialDay::new(DayType::Weekday(Weekday::Fri)),
            "chol_hamoed" if !weekend => SpecialDay::new(DayType::Custom("chol hamoed".into())),
            _ => continue,
        };
        cal = cal.with_special_day(f[0].parse().unwrap(), day);
    }
    cal
}

fn calendar() -> Calendar {
    Calendar::new(UTC)
        .with_weekday_hours(
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            Some(OpeningHours::new(7 * 60, 21 * 60 + 5).unwrap()),
        )
        .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None)
}

/// The textbook baseline: per weekday and 5-minute slot, the mean of the
/// last four observed same weekdays; returns the forecast for `days`.
fn baseline_avg4(s: &IntervalSeries<Option<f64>>, days: &[NaiveDate]) -> Vec<f64> {
    let mut by_date: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for (t, v) in s.iter() {
        if let Some(v) = v {
            let slot = ((t
                .time()
                .signed_duration_since(chrono::NaiveTime::MIN)
                .num_minutes()
                - 420)
                / 5) as usize;
            let row = by_date
                .entry(t.date_naive())
                .or_insert_with(|| vec![0.0; 169]);
            if let Some(x) = row.get_mut(slot) {
                *x = *v;
            }
        }
    }
    let mut out = Vec::with_capacity(days.len() * 169);
    for d in days {
        let same: Vec<&Vec<f64>> = by_date
            .iter()
            .rev()
            .filter(|(k, _)| k.weekday() == d.weekday() && *k < d)
            .take(4)
            .map(|(_, v)| v)
            .collect();
        for slot in 0..169 {
            out.push(same.iter().map(|v| v[slot]).sum::<f64>() / same.len() as f64);
        }
    }
    out
}

fn methods() -> Vec<AnyMethod> {
    vec![
        AnyMethod::from(SeasonalNaive::new()),
        AnyMethod::from(
            WeightedIndex::new(8)
                .unwrap()
                .with_weights(Weights::exponential(0.85).unwrap())
                .with_profile_days(20)
                .unwrap()
                .with_smoothing(1),
        ),
        AnyMethod::from(TopDown::new()),
        AnyMethod::from(DoubleSeasonal::new()),
        AnyMethod::from(LevelShape::new()),
        AnyMethod::from(SvdFactor::new()),
    ]
}

fn bench(c: &mut Criterion) {
    let s = series();
    let history = History::new(&s, calendar()).unwrap();
    let next: NaiveDate = "2003-10-27".parse().unwrap();
    let week = IntervalGrid::local_days(next, 5, Duration::from_secs(300), UTC).unwrap();
    let days: Vec<NaiveDate> = (0..5).map(|k| next + chrono::Days::new(k)).collect();
    let mut g = c.benchmark_group("forecast_us_5min");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("baseline_avg4", |b| {
        b.iter(|| baseline_avg4(black_box(&s), &days))
    });
    g.bench_function("history", |b| {
        b.iter(|| History::new(black_box(&s), calendar()).unwrap())
    });
    for m in methods() {
        g.bench_function(m.name().replace(' ', "_"), |b| {
            b.iter(|| m.fit(black_box(&history)).unwrap().predict(&week).unwrap())
        });
    }
    let week_factor = SvdFactor::new()
        .with_components(6)
        .unwrap()
        .with_score_model(ScoreModel::DayTypeMeans);
    g.bench_function("svd_factor_k6_no_ar", |b| {
        b.iter(|| {
            week_factor
                .fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    let pick = BestPick::new(
        methods(),
        Backtest::rolling(5, 5, 4).unwrap(),
        Selection::PerLead,
    )
    .unwrap();
    g.bench_function("best_pick", |b| {
        b.iter(|| {
            pick.fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    let protocol_pick = protocol_best_pick(5);
    g.bench_function("best_pick_protocol_grid", |b| {
        b.iter(|| {
            protocol_pick
                .fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    // The week-ahead protocol's best pick as used: the same grid inside the
    // day-of-month effect.
    let protocol_dom = DayOfMonth::new(protocol_pick.clone());
    g.bench_function("best_pick_protocol_day_of_month", |b| {
        b.iter(|| {
            protocol_dom
                .fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    let index_dom = DayOfMonth::new(WeightedIndex::new(4).unwrap());
    g.bench_function("weighted_index_day_of_month", |b| {
        b.iter(|| {
            index_dom
                .fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    g.bench_function("best_pick_from_raw_series", |b| {
        b.iter(|| {
            let h = History::new(black_box(&s), calendar()).unwrap();
            pick.fit(&h).unwrap().predict(&week).unwrap()
        })
    });
    g.finish();
}

/// The week-ahead protocol's best pick: seasonal naive, the eight
/// weighted-index settings of `WeightedIndex::candidates()`, top-down ETS
/// and the four level x shape settings of `LevelShape::candidates()`,
/// combined per lead by inverse squared backtest WAPE over 8 rolling
/// origins `horizon` days apart.
fn protocol_best_pick(horizon: usize) -> BestPick {
    let mut grid = vec![AnyMethod::from(SeasonalNaive::new())];
    grid.extend(WeightedIndex::candidates().into_iter().map(AnyMethod::from));
    grid.push(AnyMethod::from(TopDown::new()));
    grid.extend(LevelShape::candidates().into_iter().map(AnyMethod::from));
    BestPick::new(
        grid,
        Backtest::rolling(horizon, horizon, 8).unwrap(),
        Selection::InverseErrorWeights,
    )
    .unwrap()
}

/// The Israeli week-ahead best pick with and without sunset-anchored
/// Fridays and Saturdays, fitted on the history before the December test
/// week and predicting it.
fn bench_israel(c: &mut Criterion) {
    let start: NaiveDate = "1999-12-04".parse().unwrap();
    let history = History::new(&israel_series(), israel_calendar())
        .unwrap()
        .before(start, None)
        .unwrap();
    let week = IntervalGrid::local_days(start, 7, Duration::from_secs(1800), UTC).unwrap();
    let plain = DayOfMonth::new(protocol_best_pick(7));
    let sunsets = DailyAnchors::sunset(
        32.08,
        34.78,
        Jerusalem,
        "1999-01-01".parse().unwrap(),
        "1999-12-31".parse().unwrap(),
    )
    .unwrap();
    let anchored = AnchoredShape::new(
        plain.clone(),
        sunsets,
        &[
            DayType::Weekday(Weekday::Fri),
            DayType::Weekday(Weekday::Sat),
        ],
    );
    // The history has anchored days: the wrapper warps, it is not a no-op.
    assert!(anchored.fit(&history).unwrap().reference_minute().is_some());
    let catch_up = CatchUp::new(anchored.clone()).with_rest_days(&[Weekday::Fri, Weekday::Sat]);
    // The history has catch-up days: the wrapper adjusts it.
    assert_eq!(catch_up.fit(&history).unwrap().instances(), 6);
    let mut g = c.benchmark_group("forecast_il_30min");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("best_pick_protocol_day_of_month", |b| {
        b.iter(|| {
            plain
                .fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    g.bench_function("best_pick_protocol_day_of_month_anchored", |b| {
        b.iter(|| {
            anchored
                .fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    g.bench_function("best_pick_protocol_day_of_month_anchored_catch_up", |b| {
        b.iter(|| {
            catch_up
                .fit(black_box(&history))
                .unwrap()
                .predict(&week)
                .unwrap()
        })
    });
    g.finish();
}

/// Negative-binomial central intervals for a week of 15-minute intervals
/// (672 means from 10 to 2,000 calls, dispersion 0.05): one pass per
/// interval (`interval`) against the baseline of two `quantile` calls.
/// The textbook quantile pair (the crate's method before the incomplete
/// beta search): the negative binomial masses over a window from 12
/// standard deviations below the mean to 40 above it, by the ratio
/// `P(k + 1) / P(k) = (k + r) / (k + 1) · μ / (r + μ)` from the mode,
/// summed and normalised. Its cost grows with the standard deviation.
fn window_sum_pair(phi: f64, mean: f64, p1: f64, p2: f64) -> (f64, f64) {
    let r = 1.0 / phi;
    let ratio = |k: f64| (k + r) / (k + 1.0) * (mean / (r + mean));
    let sd = (mean + phi * mean * mean).sqrt();
    let lo = (mean - 12.0 * sd - 10.0).max(0.0).floor();
    let hi = (mean + 40.0 * sd + 20.0).ceil();
    let n = (hi - lo) as usize + 1;
    let m = (mean.floor().clamp(lo, hi) - lo) as usize;
    let mut w = vec![0.0; n];
    w[m] = 1.0;
    for i in m + 1..n {
        w[i] = w[i - 1] * ratio(lo + (i - 1) as f64);
    }
    for i in (0..m).rev() {
        w[i] = w[i + 1] / ratio(lo + i as f64);
    }
    let total: f64 = w.iter().sum();
    let (mut acc, mut q1) = (0.0, None);
    for (i, x) in w.iter().enumerate() {
        acc += x;
        if q1.is_none() && acc >= p1 * total {
            q1 = Some(lo + i as f64);
        }
        if acc >= p2 * total {
            return (q1.unwrap(), lo + i as f64);
        }
    }
    (q1.unwrap_or(hi), hi)
}

fn bench_intervals(c: &mut Criterion) {
    // A week of 15-minute intervals (672 means of 10-2,000 calls) at
    // dispersion 0.05, and 16 wide distributions (means 10^4-10^5 at
    // dispersion 0.5, standard deviations 7,000-70,000 calls).
    for (group, phi, means) in [
        (
            "negative_binomial_week",
            0.05,
            (0..672)
                .map(|i| 10.0 + (i as f64 * 2.97) % 1990.0)
                .collect::<Vec<f64>>(),
        ),
        (
            "negative_binomial_wide",
            0.5,
            (0..16).map(|i| 1e4 * (1.0 + 0.6 * i as f64)).collect(),
        ),
    ] {
        let nb = NegativeBinomial::new(phi).unwrap();
        // The two methods agree on every mean before they are timed.
        for m in &means {
            assert_eq!(
                nb.interval(*m, 0.9).unwrap(),
                window_sum_pair(phi, *m, 0.05, 0.95)
            );
        }
        let mut g = c.benchmark_group(group);
        g.sample_size(20).measurement_time(Duration::from_secs(4));
        g.bench_function("baseline_window_sum", |b| {
            b.iter(|| {
                means
                    .iter()
                    .map(|m| {
                        let (lo, hi) = window_sum_pair(phi, black_box(*m), 0.05, 0.95);
                        lo + hi
                    })
                    .sum::<f64>()
            })
        });
        g.bench_function("interval", |b| {
            b.iter(|| {
                means
                    .iter()
                    .map(|m| {
                        let (lo, hi) = nb.interval(black_box(*m), 0.9).unwrap();
                        lo + hi
                    })
                    .sum::<f64>()
            })
        });
        g.finish();
    }
}

fn bench_huge_means(c: &mut Criterion) {
    const P: [f64; 4] = [1e-12, 0.05, 0.5, 0.95];
    let mix = DayLevelNegativeBinomial::new(0.01, 0.0).unwrap();
    // Before timing: the mean-1e10 quantiles agree with the 50-digit
    // reference (crates/servops-forecast/tests/data/huge_mean_quantiles.csv).
    for (phi, want) in [
        (
            0.0,
            [9_999_296_560.0, 9_999_835_515.0, 1e10, 10_000_164_486.0],
        ),
        (
            1e-12,
            [9_999_293_051.0, 9_999_834_695.0, 1e10, 10_000_165_306.0],
        ),
    ] {
        let nb = NegativeBinomial::new(phi).unwrap();
        for (p, w) in P.iter().zip(want) {
            assert_eq!(nb.quantile(1e10, *p).unwrap(), w);
        }
    }
    let mut g = c.benchmark_group("negative_binomial_huge_mean");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    let cases: [(&str, f64, f64); 5] = [
        ("baseline_mean_1e2", 0.0, 1e2),
        ("poisson_mean_1e8", 0.0, 1e8),
        ("poisson_mean_1e10", 0.0, 1e10),
        ("phi_1e-12_mean_1e10", 1e-12, 1e10),
        ("phi_1e-3_mean_1e10", 1e-3, 1e10),
    ];
    for (name, phi, mean) in cases {
        let nb = NegativeBinomial::new(phi).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| {
                P.iter()
                    .map(|p| nb.quantile(black_box(mean), *p).unwrap())
                    .sum::<f64>()
            })
        });
    }
    g.bench_function("day_level_mean_7e9", |b| {
        b.iter(|| {
            P.iter()
                .map(|p| mix.quantile(black_box(7e9), *p).unwrap())
                .sum::<f64>()
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench,
    bench_israel,
    bench_intervals,
    bench_huge_means
);
criterion_main!(benches);
