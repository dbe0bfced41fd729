//! `kpi --time-format` on the nights the clocks change: a local time the
//! clocks show twice (London 2026-10-25 01:30 is 00:30Z and 01:30Z) is a
//! bad row naming both instants and how to write the offset, not the
//! earlier instant without a word; a skipped one (London 2026-03-29 01:30)
//! is a bad row too; a time written with `%z` is read at its offset.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

const FMT: &str = "%Y-%m-%d %H:%M:%S";

#[test]
fn a_repeated_local_time_is_refused_with_both_instants_and_the_remedy() {
    // Before: the row was read as 01:30+01:00 (00:30Z) and kpi succeeded.
    let path = file(
        "repeated_hour.csv",
        "arrival,outcome,wait_s\n\
         2026-10-25 00:50:00,abandoned,3\n\
         2026-10-25 01:30:00,abandoned,3\n",
    );
    let o = servops(&["kpi", &path, "--tz", "Europe/London", "--time-format", FMT]);
    assert_clean_failure(&o, "repeated_hour.csv");
    let err = stderr(&o);
    for part in [
        ":3",
        "arrival",
        "2026-10-25T01:30:00+01:00 (2026-10-25T00:30:00Z)",
        "2026-10-25T01:30:00+00:00 (2026-10-25T01:30:00Z)",
        "--time-format '%Y-%m-%d %H:%M:%S%z'",
    ] {
        assert!(err.contains(part), "{part:?} not in {err}");
    }

    // Skipping bad rows reports it and reads the rest: one contact.
    let o = servops(&[
        "kpi",
        &path,
        "--tz",
        "Europe/London",
        "--time-format",
        FMT,
        "--skip-bad-rows",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("skipped") && err.contains("occurs twice"),
        "{err}"
    );
}

#[test]
fn new_york_too_and_the_offset_reads_it() {
    let path = file(
        "repeated_hour_ny.csv",
        "arrival,outcome,wait_s\n2026-11-01 01:30:00,abandoned,3\n",
    );
    let o = servops(&[
        "kpi",
        &path,
        "--tz",
        "America/New_York",
        "--time-format",
        FMT,
    ]);
    assert_clean_failure(&o, "2026-11-01T01:30:00-05:00 (2026-11-01T06:30:00Z)");

    // With the offset written: 01:30 EST is 06:30Z, in the 01:30 EST
    // (-05:00) half hour.
    let path = file(
        "repeated_hour_ny_offset.csv",
        "arrival,outcome,wait_s\n2026-11-01 01:30:00-0500,abandoned,3\n",
    );
    let o = servops(&[
        "kpi",
        &path,
        "--tz",
        "America/New_York",
        "--time-format",
        "%Y-%m-%d %H:%M:%S%z",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("2026-11-01T01:30:00-05:00"), "{out}");
    assert!(!out.contains("2026-11-01T01:30:00-04:00"), "{out}");
}

#[test]
fn a_skipped_local_time_is_refused() {
    let path = file(
        "spring_gap.csv",
        "arrival,outcome,wait_s\n2026-03-29 01:30:00,abandoned,3\n",
    );
    let o = servops(&["kpi", &path, "--tz", "Europe/London", "--time-format", FMT]);
    assert_clean_failure(&o, "does not exist in Europe/London");
    assert!(stderr(&o).contains("%z"), "{}", stderr(&o));
}
