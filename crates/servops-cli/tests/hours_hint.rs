//! A history whose rows cover the opening hours only, read without
//! `--hours`: every day is open all day, so no day is complete and the
//! backtest has nothing to fit on. The error names the `--hours` the rows
//! suggest (their weekdays and clock span), and with it the forecast runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use servops::core::chrono::{Datelike, Days, NaiveDate, Weekday};

/// Eight weeks from Monday 2026-02-02 in UTC, Monday to Friday, half hours
/// 09:00 to 16:30 (the last interval ends at 17:00), 10 contacts each,
/// all handled in 240 s.
fn office_hours_history() -> String {
    let mut s = String::from("start,offered,served,handle_s_sum\n");
    let first = NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
    for d in 0..56 {
        let date = first.checked_add_days(Days::new(d)).unwrap();
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for i in 18..34 {
            s.push_str(&format!(
                "{date}T{:02}:{:02}:00Z,10,10,2400\n",
                i / 2,
                (i % 2) * 30
            ));
        }
    }
    s
}

#[test]
fn a_history_of_opening_hours_without_hours_names_the_hours_to_give() {
    let path = file("office_hours.csv", &office_hours_history());
    let o = servops(&["forecast", &path, "--format", "csv"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("--hours 'mon-fri=09:00-17:00'"),
        "the error suggests the hours of the rows: {err}"
    );
    let o = servops(&[
        "forecast",
        &path,
        "--format",
        "csv",
        "--hours",
        "mon-fri=09:00-17:00",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_plan_names_the_hours_to_give_too() {
    let path = file("office_hours_plan.csv", &office_hours_history());
    let o = servops(&["plan", &path]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("--hours 'mon-fri=09:00-17:00'"), "{err}");
}
