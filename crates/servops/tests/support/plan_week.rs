//! The shipped real planning week, shared by the facade's pipeline test and
//! the `plan` benchmark: the Israeli bank's half hours from
//! `data/anonymous_bank_jan_feb_1999_30min.csv`, planning the week of Sunday
//! 1999-02-21 from the five weeks before it, with two shift templates and
//! best pick over three forecasting methods.
//!
//! Each user passes the path of the data file (the test and the bench live
//! in different packages, so their manifest directories differ).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::time::Duration;

use servops::core::chrono::{NaiveDate, NaiveTime, Weekday};
use servops::core::chrono_tz::Asia::Jerusalem;
use servops::cost::Decimal;
use servops::forecast::{
    Backtest, BestPick, Calendar, CsvSpec, OpeningHours, SeasonalNaive, Selection, TimestampFormat,
    TopDown, WeightedIndex, read_csv,
};
use servops::plan::{PlanHistory, PlanModel, PlanSettings};
use servops::queue::Targets;
use servops::schedule::{BreakRule, Pay, ShiftTemplate};

/// Hourly rate of both templates.
pub const RATE: i64 = 30;

/// The first day of the plan week.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1999, 2, 21).unwrap()
}

/// Opening hours of the bank: Sun-Thu 07:00-24:00, Fri 07:00-14:00,
/// Sat 19:00-24:00.
pub fn calendar() -> Calendar {
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

/// The history before the plan week.
pub struct Week {
    /// Volumes, handled counts and handle seconds, with the queue's
    /// abandonment totals.
    pub history: PlanHistory,
    /// Offered per interval of the history (missing = 0).
    pub offered: Vec<f64>,
    /// Handle seconds over handled contacts of the whole history.
    pub mean_aht: f64,
}

/// Reads the history before the plan week from `data` (the CSV path).
pub fn history(data: &str) -> Week {
    let spec = CsvSpec::new(
        "start",
        "offered",
        Duration::from_secs(1800),
        Jerusalem,
        TimestampFormat::Local,
    )
    .with_handle_time("served", "handle_s_sum");
    let read = read_csv(std::fs::File::open(data).unwrap(), &spec).unwrap();
    assert!(read.gaps.is_empty());
    let grid = *read.volume.grid();
    let cut = (0..grid.len())
        .find(|&i| grid.local_date(i, Jerusalem).unwrap() >= first_day())
        .unwrap();
    let volume = read.volume.slice(..cut).unwrap();
    let handled = read.handled.unwrap().slice(..cut).unwrap();
    let seconds = read.handle_seconds.unwrap().slice(..cut).unwrap();
    let served: f64 = handled.values().iter().flatten().sum();
    let secs: f64 = seconds.values().iter().flatten().sum();
    let offered = volume.values().iter().map(|v| v.unwrap_or(0.0)).collect();
    // Erlang A's patience from the history: queue waits over queue abandons
    // (columns 5 and 8 of the file), summed over the days before the week.
    let text = std::fs::read_to_string(data).unwrap();
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
    Week {
        history,
        offered,
        mean_aht: secs / served,
    }
}

/// An 8-hour shift (paid 15-minute break, unpaid 30-minute lunch) and a
/// 4-hour shift (one paid break), both at [`RATE`] an hour.
pub fn templates() -> Vec<ShiftTemplate> {
    let m = |x: u64| Duration::from_secs(60 * x);
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    vec![
        ShiftTemplate::builder("8h")
            .span(m(510))
            .start_window(t(7), t(15))
            .hourly_rate(Decimal::new(RATE, 0))
            .breaks(vec![
                BreakRule::new(m(15), Pay::Paid, m(90), m(150)).unwrap(),
                BreakRule::new(m(30), Pay::Unpaid, m(210), m(300)).unwrap(),
            ])
            .build()
            .unwrap(),
        ShiftTemplate::builder("4h")
            .span(m(240))
            .start_window(t(7), t(20))
            .hourly_rate(Decimal::new(RATE, 0))
            .breaks(vec![
                BreakRule::new(m(15), Pay::Paid, m(60), m(150)).unwrap(),
            ])
            .build()
            .unwrap(),
    ]
}

/// Best pick per series over seasonal naive, the four-weekday average and
/// top-down ETS, scored by a two-origin week-ahead backtest.
pub fn method() -> BestPick {
    BestPick::new(
        vec![
            SeasonalNaive::new().into(),
            WeightedIndex::new(4).unwrap().into(),
            TopDown::new().into(),
        ],
        Backtest::rolling(7, 7, 2).unwrap(),
        Selection::PerSeries,
    )
    .unwrap()
}

/// The plan settings both users share: 80 % within 20 s, Erlang A with the
/// estimated patience, 30 % shrinkage, the templates above.
pub fn settings() -> PlanSettings {
    PlanSettings::new(
        calendar(),
        first_day(),
        7,
        method(),
        Backtest::rolling(7, 7, 2).unwrap(),
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
        templates(),
    )
    .unwrap()
    .with_model(PlanModel::ErlangAEstimated)
    .with_shrinkage(0.3)
    .unwrap()
}
