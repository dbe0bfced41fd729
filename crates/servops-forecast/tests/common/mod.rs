//! Loaders for the committed real data (data/ at the workspace root).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::fs::File;
use std::time::Duration;

use servops_core::{IntervalGrid, IntervalSeries};
use servops_forecast::chrono::{NaiveDate, Weekday};
use servops_forecast::chrono_tz::UTC;
use servops_forecast::{
    Calendar, CsvSpec, DayType, History, OpeningHours, SpecialDay, TimestampFormat, read_csv,
};

pub fn data_path(name: &str) -> String {
    format!("{}/../../data/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// US bank 5-minute series. The file's trailing `Z` is an export artefact:
/// times are the bank's wall clock, so the calendar runs in UTC to keep them.
pub fn us_5min() -> IntervalSeries<Option<f64>> {
    let spec = CsvSpec::new(
        "DateTime",
        "Calls",
        Duration::from_secs(300),
        UTC,
        TimestampFormat::Rfc3339,
    );
    let data = read_csv(
        File::open(data_path("us_bank_calls_5min_2003.csv")).unwrap(),
        &spec,
    )
    .unwrap();
    assert_eq!(data.rows, 27_716);
    data.volume
}

const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// US calendar: weekdays open from 07:00 to `close`, weekends closed, and
/// the federal holidays inside the data span closed (Memorial Day
/// 2003-05-26, Independence Day 2003-07-04, Labor Day 2003-09-01).
pub fn us_calendar(close_minute: u32) -> Calendar {
    let mut cal = Calendar::new(UTC)
        .with_weekday_hours(
            &WEEKDAYS,
            Some(OpeningHours::new(7 * 60, close_minute).unwrap()),
        )
        .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None);
    for d in ["2003-05-26", "2003-07-04", "2003-09-01"] {
        cal = cal.with_special_day(date(d), SpecialDay::new(DayType::Closed));
    }
    cal
}

/// Sums a 5-minute series into 15 minutes (None if any part is missing).
pub fn to_15min(s: &IntervalSeries<Option<f64>>) -> IntervalSeries<Option<f64>> {
    let g = s.grid();
    let n = g.len() / 3;
    let grid = IntervalGrid::new(g.start(), Duration::from_secs(900), n).unwrap();
    let v = s.values();
    IntervalSeries::from_fn(grid, |i, _| {
        let a = v[3 * i]?;
        let b = v[3 * i + 1]?;
        let c = v[3 * i + 2]?;
        Some(a + b + c)
    })
}

pub fn us_history_5() -> History {
    History::new(&us_5min(), us_calendar(21 * 60 + 5)).unwrap()
}

pub fn us_history_15() -> History {
    History::new(&to_15min(&us_5min()), us_calendar(21 * 60)).unwrap()
}

/// Israeli bank 30-minute arrivals from 1999-01-13 (local wall clock, no DST
/// in the source, so the calendar runs in UTC).
pub fn israel_30min() -> IntervalSeries<Option<f64>> {
    let spec = CsvSpec::new(
        "start",
        "calls",
        Duration::from_secs(1800),
        UTC,
        TimestampFormat::Local,
    );
    read_csv(
        File::open(data_path("anonymous_bank_1999_arrivals_30min.csv")).unwrap(),
        &spec,
    )
    .unwrap()
    .volume
}

/// The Israeli calendar with the 1999 Jewish holidays of
/// tests/data/israel_holidays_1999.csv (dates from the Hebrew calendar):
/// a holiday is treated like a Saturday, an eve like a Friday, and the
/// intermediate days of a festival that fall Sunday-Thursday as their own
/// type "chol hamoed" (falling back to the weekday when the history has none).
pub fn israel_calendar(with_holidays: bool) -> Calendar {
    let mut cal = Calendar::new(UTC);
    if !with_holidays {
        return cal;
    }
    let text = std::fs::read_to_string(format!(
        "{}/tests/data/israel_holidays_1999.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let d = date(f[0]);
        let weekend = matches!(f[1], "Fri" | "Sat");
        let day = match f[2] {
            "holiday" => SpecialDay::new(DayType::Weekday(Weekday::Sat)),
            "eve" => SpecialDay::new(DayType::Weekday(Weekday::Fri)),
            "chol_hamoed" if !weekend => SpecialDay::new(DayType::Custom("chol hamoed".into())),
            _ => continue,
        };
        cal = cal.with_special_day(d, day);
    }
    cal
}

pub fn israel_history(with_holidays: bool) -> History {
    History::new(&israel_30min(), israel_calendar(with_holidays)).unwrap()
}

/// Jan-Feb 1999 handled counts and handle seconds per 30 minutes.
pub fn israel_handle() -> (History, History) {
    let spec = CsvSpec::new(
        "start",
        "offered",
        Duration::from_secs(1800),
        UTC,
        TimestampFormat::Local,
    )
    .with_handle_time("served", "handle_s_sum");
    let d = read_csv(
        File::open(data_path("anonymous_bank_1999_handle_30min.csv")).unwrap(),
        &spec,
    )
    .unwrap();
    let cal = israel_calendar(false);
    (
        History::new(&d.handled.unwrap(), cal.clone()).unwrap(),
        History::new(&d.handle_seconds.unwrap(), cal).unwrap(),
    )
}
