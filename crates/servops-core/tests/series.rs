//! Interval series meeting each other: alignment, slicing, aggregation.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::{America, Europe};
use servops_core::{Error, GridDifference, IntervalGrid, IntervalSeries};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn same_calendar_day_in_two_zones_does_not_zip() {
    let day = date(2026, 3, 29);
    let london = IntervalGrid::local_days(day, 1, minutes(15), Europe::London).unwrap();
    let new_york = IntervalGrid::local_days(day, 1, minutes(15), America::New_York).unwrap();
    let a = IntervalSeries::filled(london, 1.0);
    let b = IntervalSeries::filled(new_york, 1.0);
    let err = a.zip(&b).unwrap_err();
    assert_eq!(
        err,
        Error::Misaligned {
            difference: GridDifference::Start {
                left: utc("2026-03-29T00:00:00Z"),
                right: utc("2026-03-29T04:00:00Z"),
            }
        }
    );
    assert_eq!(
        err.to_string(),
        "interval grids are misaligned: start 2026-03-29 00:00:00 UTC \
         differs from 2026-03-29 04:00:00 UTC"
    );
}

#[test]
fn dst_day_and_ordinary_day_differ_in_length() {
    let change =
        IntervalGrid::local_days(date(2026, 10, 25), 1, minutes(30), Europe::London).unwrap();
    let same_start = IntervalGrid::new(change.start(), minutes(30), 48).unwrap();
    let a = IntervalSeries::filled(change, 0u32);
    let b = IntervalSeries::filled(same_start, 0u32);
    assert_eq!(
        a.zip_with(&b, |x, y| x + y).unwrap_err(),
        Error::Misaligned {
            difference: GridDifference::Length {
                left: 50,
                right: 48
            }
        }
    );
}

#[test]
fn volumes_and_handle_times_combine_into_workload() {
    let grid = IntervalGrid::new(utc("2026-03-02T08:00:00Z"), minutes(30), 4).unwrap();
    let calls = IntervalSeries::new(grid, vec![40.0, 50.0, 60.0, 30.0]).unwrap();
    let aht_s = IntervalSeries::new(grid, vec![300.0, 360.0, 300.0, 240.0]).unwrap();
    let erlangs = calls
        .zip_with(&aht_s, |n, aht| n * aht / (grid.step_hours() * 3600.0))
        .unwrap();
    let expected = [40.0 * 300.0 / 1800.0, 10.0, 10.0, 4.0];
    for (got, want) in erlangs.values().iter().zip(expected) {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
}

#[test]
fn slicing_a_local_day_out_of_a_week() {
    let tz = Europe::London;
    let week = IntervalGrid::local_days(date(2026, 10, 19), 7, minutes(30), tz).unwrap();
    let volumes = IntervalSeries::from_fn(week, |i, _| i);
    let days = week.local_day_ranges(tz);
    let (sunday, range) = days[6].clone();
    assert_eq!(sunday, date(2026, 10, 25));
    let sunday_volumes = volumes.slice(range.clone()).unwrap();
    assert_eq!(sunday_volumes.len(), 50);
    assert_eq!(sunday_volumes.grid().start(), utc("2026-10-24T23:00:00Z"));
    assert_eq!(sunday_volumes.grid().end(), week.end());
    assert_eq!(sunday_volumes[0], range.start);
    // The sliced grid is the grid of that local day.
    assert_eq!(
        *sunday_volumes.grid(),
        IntervalGrid::local_days(sunday, 1, minutes(30), tz).unwrap()
    );
    assert!(sunday_volumes.grid().is_aligned_with(&week));
    assert!(volumes.slice(300..400).is_err());
}

#[test]
fn aggregation_across_a_dst_day_keeps_totals() {
    let tz = America::New_York;
    let day = IntervalGrid::local_days(date(2026, 3, 8), 1, minutes(15), tz).unwrap();
    let volumes = IntervalSeries::from_fn(day, |i, _| (i % 7) as u64);
    let hourly = volumes.aggregate_sum(minutes(60)).unwrap();
    assert_eq!(hourly.len(), 23);
    assert_eq!(
        hourly.values().iter().sum::<u64>(),
        volumes.values().iter().sum::<u64>()
    );
    assert_eq!(hourly.grid().start(), day.start());
    assert_eq!(hourly[1], volumes.values()[4..8].iter().sum::<u64>());
    // 23 hours do not split into 2-hour blocks.
    assert_eq!(
        volumes.aggregate_sum(minutes(120)).unwrap_err(),
        Error::IncompleteCoarseInterval { len: 92, group: 8 }
    );
}

#[test]
fn aggregation_refuses_steps_that_do_not_nest() {
    let grid = IntervalGrid::new(utc("2026-03-02T00:00:00Z"), minutes(10), 18).unwrap();
    let s = IntervalSeries::filled(grid, 1.0);
    assert_eq!(
        s.aggregate_sum(minutes(15)).unwrap_err(),
        Error::IncompatibleStep {
            step: minutes(10),
            coarse_step: minutes(15)
        }
    );
    assert_eq!(s.aggregate_sum(minutes(30)).unwrap().values(), &[3.0; 6]);
    assert!(matches!(
        s.aggregate_sum(Duration::from_secs(1)),
        Err(Error::InvalidParameter { .. })
    ));
}

#[test]
fn daily_totals_from_local_day_ranges() {
    let tz = Europe::London;
    let week = IntervalGrid::local_days(date(2026, 3, 23), 7, minutes(15), tz).unwrap();
    let ones = IntervalSeries::filled(week, 1u32);
    let totals: Vec<(NaiveDate, u32)> = week
        .local_day_ranges(tz)
        .into_iter()
        .map(|(d, r)| (d, ones.values()[r].iter().sum()))
        .collect();
    assert_eq!(totals.len(), 7);
    assert_eq!(totals[6], (date(2026, 3, 29), 92));
    assert!(totals[..6].iter().all(|&(_, n)| n == 96));
}
