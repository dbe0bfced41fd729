//! Local calendars in zones the other tests do not reach, against Python's
//! `zoneinfo` (python3.11, system tzdata 2025b, the same release chrono-tz
//! 0.10.4 carries; both give identical offsets in every year compared).
//!
//! Each expected instant was read from `zoneinfo` independently of this
//! crate: the UTC offsets `datetime.fromtimestamp(t, ZoneInfo(zone))` gives,
//! the start of a local day taken as the first instant whose wall-clock
//! reading is at least that date's midnight, and gaps and folds resolved
//! with `fold=0` / `fold=1`. The same comparison, run over 35 zones from
//! 1995 to 2030 (and 1843 to 1925 for historical oddities) with steps of 5,
//! 15, 30 and 60 minutes, found no difference.
//!
//! - Antarctica/Troll: UTC+0 in winter, UTC+2 in summer (a two-hour change at
//!   01:00 UTC on the last Sundays of March and October), so days of 22 and
//!   26 hours.
//! - Africa/Casablanca: UTC+1 except during Ramadan; in 2026 UTC+0 from
//!   02:00 UTC on 2026-02-15 to 02:00 UTC on 2026-03-22.
//! - Europe/Dublin: tzdata describes Irish time as negative summer time
//!   (IST is standard, GMT in winter); the offsets are those of London.
//! - Asia/Kathmandu: UTC+5:45 since 1986, so local midnight is 18:15 UTC.
//! - Pacific/Kwajalein: moved west of the date line at 12:00 UTC on
//!   1993-08-21 (UTC-12 to UTC+12), so 1993-08-21 never appeared.
//! - America/Sitka: on the transfer of Alaska the clocks went from local mean
//!   time +14:58:47 to -9:01:13 at 00:31:13 UTC on 1867-10-19, so the wall
//!   clock went back from 1867-10-19 15:30 to 1867-10-18 15:30.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::{Africa, America, Antarctica, Asia, Europe, Pacific, Tz};
use servops_core::{
    Disambiguation, Error, IntervalGrid, IntervalSeries, local_to_utc, start_of_local_day,
};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn local(s: &str) -> NaiveDateTime {
    s.parse().unwrap()
}

fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

fn day_lengths(grid: &IntervalGrid, tz: Tz) -> Vec<(NaiveDate, usize)> {
    grid.local_day_ranges(tz)
        .into_iter()
        .map(|(d, r)| (d, r.len()))
        .collect()
}

/// Checks `local_to_utc` under every policy: `single` for an ordinary time,
/// else the (fold=0, fold=1) readings of `zoneinfo` and whether it is a gap.
fn check_change(tz: Tz, wall: &str, fold0: &str, fold1: &str, gap: bool) {
    let l = local(wall);
    let (f0, f1) = (utc(fold0), utc(fold1));
    let at = |d| local_to_utc(l, tz, d);
    if gap {
        // zoneinfo: fold=0 reads a gap with the offset before it (later
        // instant), fold=1 with the offset after it (earlier instant).
        assert_eq!(at(Disambiguation::Compatible).unwrap(), f0, "{tz} {wall}");
        assert_eq!(at(Disambiguation::Later).unwrap(), f0, "{tz} {wall}");
        assert_eq!(at(Disambiguation::Earlier).unwrap(), f1, "{tz} {wall}");
        assert_eq!(
            at(Disambiguation::Reject).unwrap_err(),
            Error::NonexistentLocalTime { local: l, tz }
        );
    } else {
        assert_eq!(at(Disambiguation::Compatible).unwrap(), f0, "{tz} {wall}");
        assert_eq!(at(Disambiguation::Earlier).unwrap(), f0, "{tz} {wall}");
        assert_eq!(at(Disambiguation::Later).unwrap(), f1, "{tz} {wall}");
        assert_eq!(
            at(Disambiguation::Reject).unwrap_err(),
            Error::AmbiguousLocalTime {
                local: l,
                tz,
                earlier: f0,
                later: f1
            }
        );
    }
}

#[test]
fn troll_two_hour_changes_give_days_of_22_and_26_hours() {
    let tz = Antarctica::Troll;
    let spring = IntervalGrid::local_days(date(2026, 3, 28), 3, minutes(15), tz).unwrap();
    assert_eq!(spring.start(), utc("2026-03-28T00:00:00Z"));
    assert_eq!(
        day_lengths(&spring, tz),
        [
            (date(2026, 3, 28), 96),
            (date(2026, 3, 29), 88),
            (date(2026, 3, 30), 96)
        ]
    );
    let autumn = IntervalGrid::local_days(date(2026, 10, 25), 1, minutes(60), tz).unwrap();
    assert_eq!(autumn.start(), utc("2026-10-24T22:00:00Z"));
    assert_eq!(autumn.end(), utc("2026-10-26T00:00:00Z"));
    assert_eq!(autumn.len(), 26);
    // 01:00 UTC is 03:00 +02 and then 01:00 +00: the wall clock reads 02:00
    // at 00:00 UTC and again at 02:00 UTC.
    assert_eq!(autumn.local_minute_of_day(2, tz), Some(120));
    assert_eq!(autumn.local_minute_of_day(3, tz), Some(60));
    assert_eq!(autumn.local_minute_of_day(4, tz), Some(120));
    check_change(
        tz,
        "2026-03-29T01:30:00",
        "2026-03-29T01:30:00Z",
        "2026-03-28T23:30:00Z",
        true,
    );
    check_change(
        tz,
        "2026-10-25T02:30:00",
        "2026-10-25T00:30:00Z",
        "2026-10-25T02:30:00Z",
        false,
    );
}

#[test]
fn casablanca_ramadan_suspension_lengthens_then_shortens_a_day() {
    let tz = Africa::Casablanca;
    assert_eq!(
        start_of_local_day(date(2026, 2, 15), tz).unwrap(),
        utc("2026-02-14T23:00:00Z")
    );
    assert_eq!(
        start_of_local_day(date(2026, 3, 22), tz).unwrap(),
        utc("2026-03-22T00:00:00Z")
    );
    let ramadan = IntervalGrid::local_days(date(2026, 2, 14), 37, minutes(30), tz).unwrap();
    let lengths = day_lengths(&ramadan, tz);
    assert_eq!(lengths.len(), 37);
    assert_eq!(lengths[1], (date(2026, 2, 15), 50));
    assert_eq!(lengths[36], (date(2026, 3, 22), 46));
    assert!(lengths[2..36].iter().all(|&(_, n)| n == 48));
    check_change(
        tz,
        "2026-02-15T02:30:00",
        "2026-02-15T01:30:00Z",
        "2026-02-15T02:30:00Z",
        false,
    );
    check_change(
        tz,
        "2026-03-22T02:30:00",
        "2026-03-22T02:30:00Z",
        "2026-03-22T01:30:00Z",
        true,
    );
}

#[test]
fn dublin_negative_summer_time_reads_like_london() {
    let tz = Europe::Dublin;
    let spring = IntervalGrid::local_days(date(2026, 3, 29), 1, minutes(5), tz).unwrap();
    assert_eq!(spring.start(), utc("2026-03-29T00:00:00Z"));
    assert_eq!(spring.len(), 23 * 12);
    let autumn = IntervalGrid::local_days(date(2026, 10, 25), 1, minutes(5), tz).unwrap();
    assert_eq!(autumn.start(), utc("2026-10-24T23:00:00Z"));
    assert_eq!(autumn.len(), 25 * 12);
    check_change(
        tz,
        "2026-03-29T01:30:00",
        "2026-03-29T01:30:00Z",
        "2026-03-29T00:30:00Z",
        true,
    );
    check_change(
        tz,
        "2026-10-25T01:30:00",
        "2026-10-25T00:30:00Z",
        "2026-10-25T01:30:00Z",
        false,
    );
}

#[test]
fn kathmandu_quarter_hour_offset_aggregates_on_local_hours() {
    let tz = Asia::Kathmandu;
    let day = IntervalGrid::local_days(date(2026, 3, 2), 1, minutes(15), tz).unwrap();
    assert_eq!(day.start(), utc("2026-03-01T18:15:00Z"));
    assert_eq!(day.len(), 96);
    let calls = IntervalSeries::from_fn(day, |i, _| i as u64);
    let hourly = calls.aggregate_sum(minutes(60)).unwrap();
    assert_eq!(hourly.len(), 24);
    // Hour h holds quarters 4h..4h+3: 16h + 6.
    let expected: Vec<u64> = (0..24).map(|h| 16 * h + 6).collect();
    assert_eq!(hourly.values(), expected.as_slice());
    for h in 0..24 {
        assert_eq!(
            hourly.grid().local_minute_of_day(h, tz),
            Some(60 * h as u32)
        );
        assert_eq!(hourly.grid().local_date(h, tz), Some(date(2026, 3, 2)));
    }
}

#[test]
fn kwajalein_skipped_date_has_no_range() {
    let tz = Pacific::Kwajalein;
    assert_eq!(
        start_of_local_day(date(1993, 8, 21), tz).unwrap(),
        utc("1993-08-21T12:00:00Z")
    );
    assert_eq!(
        start_of_local_day(date(1993, 8, 22), tz).unwrap(),
        utc("1993-08-21T12:00:00Z")
    );
    let grid = IntervalGrid::local_days(date(1993, 8, 19), 4, minutes(60), tz).unwrap();
    assert_eq!(grid.start(), utc("1993-08-19T12:00:00Z"));
    assert_eq!(grid.len(), 72);
    assert_eq!(
        day_lengths(&grid, tz),
        [
            (date(1993, 8, 19), 24),
            (date(1993, 8, 20), 24),
            (date(1993, 8, 22), 24)
        ]
    );
}

#[test]
fn sitka_1867_date_repeated_belongs_to_the_day_that_began_first() {
    let tz = America::Sitka;
    // 1867-10-19 began at its first midnight (+14:58:47); the clock then
    // went back to 1867-10-18 15:30 and read 1867-10-19 again from 09:01:13
    // UTC on the 19th, which is not a new start. The day lasted 48 hours.
    assert_eq!(
        start_of_local_day(date(1867, 10, 19), tz).unwrap(),
        utc("1867-10-18T09:01:13Z")
    );
    assert_eq!(
        start_of_local_day(date(1867, 10, 20), tz).unwrap(),
        utc("1867-10-20T09:01:13Z")
    );
    // A grid on whole minutes across the change: every interval from the
    // 19th's first start to the 20th's belongs to the 19th.
    let grid = IntervalGrid::new(utc("1867-10-18T09:02:00Z"), minutes(60), 48).unwrap();
    assert_eq!(day_lengths(&grid, tz), [(date(1867, 10, 19), 48)]);
    // Local mean time starts days off the minute, so whole days are refused.
    assert!(matches!(
        IntervalGrid::local_days(date(1867, 10, 19), 1, minutes(60), tz),
        Err(Error::InvalidParameter { .. })
    ));
}
