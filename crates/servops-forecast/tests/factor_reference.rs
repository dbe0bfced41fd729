//! The SVD factor model against an independent numpy implementation
//! (`gen/svd_factor_reference.py`: numpy.linalg.svd, no crate code) on a
//! synthetic 30-minute history committed under tests/data/.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono::{Days, NaiveDate, Weekday};
use servops_forecast::chrono_tz::UTC;
use servops_forecast::{
    Calendar, FactorScale, FittedModel, History, Method, OpeningHours, ScoreModel, SvdFactor,
};

const HISTORY: &str = include_str!("data/svd_factor_history.csv");
const REFERENCE: &str = include_str!("data/svd_factor_reference.csv");

fn calendar() -> Calendar {
    let weekdays = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    Calendar::new(UTC)
        .with_weekday_hours(&weekdays, Some(OpeningHours::new(8 * 60, 20 * 60).unwrap()))
        .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None)
}

#[test]
fn svd_factor_matches_the_numpy_reference() {
    let rows: Vec<(NaiveDate, f64)> = HISTORY
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].parse().unwrap(), f[2].parse().unwrap())
        })
        .collect();
    let first = rows[0].0;
    let days = rows.len() / 48;
    let step = Duration::from_secs(1800);
    let grid = IntervalGrid::local_days(first, days, step, UTC).unwrap();
    let series = IntervalSeries::from_fn(grid, |i, _| Some(rows[i].1));
    let history = History::new(&series, calendar()).unwrap();
    let next = IntervalGrid::local_days(first + Days::new(days as u64), 7, step, UTC).unwrap();

    let mut by_config: Vec<(String, SvdFactor, Vec<f64>)> = vec![];
    for l in REFERENCE.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if by_config.last().is_none_or(|c| c.0 != f[0]) {
            let m = SvdFactor::new()
                .with_components(f[1].parse().unwrap())
                .unwrap()
                .with_scale(match f[2] {
                    "counts" => FactorScale::Counts,
                    _ => FactorScale::SquareRoot,
                })
                .with_window(f[3].parse().unwrap(), f[4].parse().unwrap())
                .unwrap()
                .with_score_model(if f[5] == "1" {
                    ScoreModel::DayTypeMeansAr1
                } else {
                    ScoreModel::DayTypeMeans
                });
            by_config.push((f[0].to_string(), m, vec![]));
        }
        by_config.last_mut().unwrap().2.push(f[8].parse().unwrap());
    }
    assert_eq!(by_config.len(), 4);
    for (name, m, want) in by_config {
        let got = m.fit(&history).unwrap().predict(&next).unwrap();
        assert_eq!(got.len(), want.len(), "{name}");
        for (i, (g, w)) in got.values().iter().zip(&want).enumerate() {
            assert!(
                (g - w).abs() <= 1e-7 * (1.0 + w.abs()),
                "{name}: interval {i}: {g} vs {w}"
            );
        }
    }
}

/// A constant history has rank 1, so every day is the constant and so is
/// the forecast, whatever the number of days and the interval. Before, the
/// subspace iteration normalised rounding noise as a direction when a
/// group's Gram matrix was rank-deficient (rank 1 here) and the block
/// held more vectors than its rank:
/// 204 of these 1224 fits forecast something else (24 days of hourly 1.0
/// forecast 51 on the square-root scale and 5 on counts).
#[test]
fn a_constant_history_forecasts_the_constant() {
    let mut wrong = Vec::new();
    for days in 7..=40usize {
        for step in [900u64, 1800, 3600] {
            for value in [1.0, 2.0, 3.0, 7.0, 51.0, 1234.0] {
                let per = usize::try_from(86_400 / step).unwrap();
                let start = "2026-03-02T00:00:00Z".parse().unwrap();
                let grid = IntervalGrid::new(start, Duration::from_secs(step), per * days).unwrap();
                let h = History::new(
                    &IntervalSeries::filled(grid, Some(value)),
                    Calendar::new(UTC),
                )
                .unwrap();
                let next = IntervalGrid::new(grid.end(), Duration::from_secs(step), per).unwrap();
                for scale in [FactorScale::SquareRoot, FactorScale::Counts] {
                    let f = SvdFactor::new().with_scale(scale).fit(&h).unwrap();
                    let v = f.predict(&next).unwrap();
                    if !v.values().iter().all(|x| (x - value).abs() <= 1e-9 * value) {
                        wrong.push((days, step, value, scale, v.values()[0]));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}
