//! Opening hours must fall on the interval grid: an interval is open when
//! its start lies within the hours, so `08:15` on half hours left the
//! 08:00-08:30 interval closed (no forecast, no staff for 08:15-08:30)
//! and a close at `19:45` kept 19:30-20:00 open in full, without a word.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// Five weeks of `step`-minute intervals from Monday 2026-02-02 (UTC),
/// `offered` contacts in every interval, each handled in 240 s.
fn history(step: u32, offered: u32) -> String {
    let mut s = String::from("start,offered,served,handle_s_sum\n");
    let first = servops::core::chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
    for d in 0..35u64 {
        let date = first
            .checked_add_days(servops::core::chrono::Days::new(d))
            .unwrap();
        for m in (0..1440).step_by(step as usize) {
            s.push_str(&format!(
                "{date}T{:02}:{:02}:00Z,{offered},{offered},{}\n",
                m / 60,
                m % 60,
                offered * 240
            ));
        }
    }
    s
}

/// Before: `--hours mon-fri=08:15-20:00` forecast 0 for 08:00 and 10
/// from 08:30 on. After: refused, naming the time and the grid.
#[test]
fn hours_off_the_interval_grid_are_refused() {
    let path = file("grid_history.csv", &history(30, 10));
    for (hours, bad) in [
        ("mon-fri=08:15-20:00", "08:15"),
        ("mon-fri=08:00-19:45", "19:45"),
    ] {
        let o = servops(&[
            "forecast", &path, "--hours", hours, "--method", "naive", "--days", "1",
        ]);
        assert_clean_failure(&o, "--hours");
        let err = stderr(&o);
        assert!(err.contains(bad), "{err}");
        assert!(err.contains("30 min"), "{err}");
        let o = servops(&["plan", &path, "--hours", hours, "--days", "1"]);
        assert_clean_failure(&o, bad);
    }
    // On quarter hours 08:15 is a start: the seasonal naive forecasts 0
    // at 08:00 (closed) and last Monday's 5 from 08:15.
    let quarter = file("grid_history_15.csv", &history(15, 5));
    let o = servops(&[
        "forecast",
        &quarter,
        "--hours",
        "mon-fri=08:15-20:00",
        "--interval",
        "15m",
        "--method",
        "naive",
        "--first-day",
        "2026-03-09",
        "--days",
        "1",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\n2026-03-09T08:00:00+00:00,0,"), "{out}");
    assert!(out.contains("\n2026-03-09T08:15:00+00:00,5,"), "{out}");
}
