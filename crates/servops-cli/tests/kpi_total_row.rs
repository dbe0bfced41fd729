//! The total row of `kpi` in CSV and JSON: named in a `row` column, with
//! an empty (CSV) or null (JSON) time, so that every value of the
//! `interval_start` (`date`) column is a timestamp (a date). Before, the
//! total row wrote `total` there, and a reader of timestamps failed on it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use servops::core::chrono::{DateTime, NaiveDate};

#[test]
fn every_time_in_the_csv_is_a_timestamp_and_the_total_is_marked() {
    let o = servops(&["kpi", &data("contacts.csv"), "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "row");
    assert_eq!(&headers[1], "interval_start");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let (last, intervals) = rows.split_last().unwrap();
    assert!(!intervals.is_empty());
    for row in intervals {
        assert_eq!(&row[0], "interval", "{row:?}");
        DateTime::parse_from_rfc3339(&row[1]).unwrap();
    }
    assert_eq!(&last[0], "total");
    assert_eq!(&last[1], "");
    // The offered of the total is the sum of the intervals'.
    let sum: i64 = intervals.iter().map(|r| r[2].parse::<i64>().unwrap()).sum();
    assert_eq!(last[2].parse::<i64>().unwrap(), sum);
}

#[test]
fn every_date_in_the_json_is_a_date_and_the_total_is_marked() {
    let o = servops(&[
        "kpi",
        &data("contacts.csv"),
        "--by",
        "day",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v.as_array().unwrap();
    let (last, days) = rows.split_last().unwrap();
    for row in days {
        assert_eq!(row["row"], "day");
        NaiveDate::parse_from_str(row["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    }
    assert_eq!(last["row"], "total");
    assert!(last["date"].is_null(), "{last}");
}

/// The aligned table is as it was: no `row` column, `total` under the
/// times.
#[test]
fn the_table_keeps_total_under_the_times() {
    let o = servops(&["kpi", &data("contacts.csv")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let header = out.lines().next().unwrap();
    assert!(header.trim_start().starts_with("interval_start"), "{out}");
    assert!(!header.contains("row"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.trim_start().starts_with("total "), "{out}");
    assert!(!out.contains("interval "), "{out}");
}
