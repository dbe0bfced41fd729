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
