//! Local-calendar grids on real clock-change days.
//!
//! The expected instants come from the laws behind the tz database rules, not
//! from this crate's output:
//! - Europe/London: Summer Time Order / EU directive 2000/84/EC, clocks change
//!   at 01:00 UTC on the last Sunday of March and of October.
//! - America/New_York: Energy Policy Act of 2005, 02:00 local on the second
//!   Sunday of March and the first Sunday of November.
//! - Australia/Lord_Howe: 30 minute shift, 02:00 to 02:30 on the first Sunday
//!   of October and 02:00 back to 01:30 on the first Sunday of April
//!   (UTC+10:30 standard, UTC+11 summer).
//! - America/Sao_Paulo: Decree 9.242/2017, summer time from 00:00 on
//!   2018-11-04 to 00:00 on 2019-02-17 (UTC-3 standard, UTC-2 summer).
//! - America/Santiago: since 2023 summer time starts at 24:00 local standard
//!   time (UTC-4) before the first Sunday of September on or after the 2nd,
//!   04:00 UTC on that Sunday, so the Sunday has no midnight.
//! - America/Havana: clocks change at 00:00 standard time, forward on the
//!   second Sunday of March, back on the first Sunday of November.
//! - Pacific/Apia: Samoa skipped Friday 2011-12-30 when it moved west of the
//!   date line (UTC-10 summer to UTC+14 summer).
//! - Asia/Tokyo: no daylight-saving time since 1951, UTC+9.
//! - America/St_Johns: UTC-3:30 standard, UTC-2:30 summer; from 1987 to
//!   2011 the clocks changed at 00:01 local time (tzdata `Rule StJohns 2007
//!   2011 - Nov Sun>=1 0:01 0 S`), so going back at 00:01 NDT on a Sunday
//!   returned the clock to 23:01 NST on the Saturday.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use chrono_tz::{America, Asia, Australia, Europe, Pacific, Tz};
use servops_core::{Error, IntervalGrid, start_of_local_day};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
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

/// Checks one local day: its first and end instants and its interval count.
fn check_day(tz: Tz, day: NaiveDate, step_min: u64, start: &str, end: &str, len: usize) {
    let grid = IntervalGrid::local_days(day, 1, minutes(step_min), tz).unwrap();
    assert_eq!(grid.start(), utc(start), "{tz} {day} start");
    assert_eq!(grid.end(), utc(end), "{tz} {day} end");
    assert_eq!(grid.len(), len, "{tz} {day} intervals");
    assert_eq!(
        day_lengths(&grid, tz),
        vec![(day, len)],
        "{tz} {day} grouping"
    );
    assert_eq!(grid.local_date(0, tz), Some(day));
    assert_eq!(grid.local_date(len - 1, tz), Some(day));
}

#[test]
fn london_spring_forward_has_23_hours() {
    check_day(
        Europe::London,
        date(2026, 3, 29),
        15,
        "2026-03-29T00:00:00Z",
        "2026-03-29T23:00:00Z",
        92,
    );
}

#[test]
fn london_fall_back_has_25_hours() {
    check_day(
        Europe::London,
        date(2026, 10, 25),
        15,
        "2026-10-24T23:00:00Z",
        "2026-10-26T00:00:00Z",
        100,
    );
}

#[test]
fn london_fall_back_repeats_the_01_hour_on_the_wall_clock() {
    let tz = Europe::London;
    let g = IntervalGrid::local_days(date(2026, 10, 25), 1, minutes(15), tz).unwrap();
    // 00:00 BST is 23:00 UTC; 01:00 BST is index 4, 01:00 GMT is index 8.
    assert_eq!(g.local_minute_of_day(4, tz), Some(60));
    assert_eq!(g.local_minute_of_day(7, tz), Some(105));
    assert_eq!(g.local_minute_of_day(8, tz), Some(60));
    assert_eq!(g.local_minute_of_day(12, tz), Some(120));
    assert_eq!(g.local_minute_of_day(99, tz), Some(23 * 60 + 45));
    assert_eq!(g.local_weekday(50, tz), Some(Weekday::Sun));
    assert_eq!(g.interval_start(8), Some(utc("2026-10-25T01:00:00Z")));
}

#[test]
fn london_spring_forward_skips_the_01_hour_on_the_wall_clock() {
    let tz = Europe::London;
    let g = IntervalGrid::local_days(date(2026, 3, 29), 1, minutes(30), tz).unwrap();
    assert_eq!(g.len(), 46);
    let readings: Vec<u32> = (0..4)
        .map(|i| g.local_minute_of_day(i, tz).unwrap())
        .collect();
    assert_eq!(readings, [0, 30, 120, 150]);
}

#[test]
fn london_week_with_october_change() {
    let g = IntervalGrid::local_days(date(2026, 10, 19), 7, minutes(30), Europe::London).unwrap();
    assert_eq!(g.len(), 338);
    let counts: Vec<usize> = day_lengths(&g, Europe::London)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(counts, [48, 48, 48, 48, 48, 48, 50]);
}

#[test]
fn new_york_spring_forward_has_23_hours() {
    check_day(
        America::New_York,
        date(2026, 3, 8),
        15,
        "2026-03-08T05:00:00Z",
        "2026-03-09T04:00:00Z",
        92,
    );
}

#[test]
fn new_york_fall_back_has_25_hours() {
    check_day(
        America::New_York,
        date(2026, 11, 1),
        15,
        "2026-11-01T04:00:00Z",
        "2026-11-02T05:00:00Z",
        100,
    );
}

#[test]
fn new_york_year_has_the_hours_of_365_days() {
    let g =
        IntervalGrid::local_days(date(2026, 1, 1), 365, minutes(60), America::New_York).unwrap();
    assert_eq!(g.len(), 365 * 24);
    let days = day_lengths(&g, America::New_York);
    assert_eq!(days.len(), 365);
    let odd: Vec<(NaiveDate, usize)> = days.into_iter().filter(|&(_, n)| n != 24).collect();
    assert_eq!(odd, vec![(date(2026, 3, 8), 23), (date(2026, 11, 1), 25)]);
}

#[test]
fn lord_howe_half_hour_shift_with_half_hour_steps() {
    let tz = Australia::Lord_Howe;
    check_day(
        tz,
        date(2026, 10, 4),
        30,
        "2026-10-03T13:30:00Z",
        "2026-10-04T13:00:00Z",
        47,
    );
    check_day(
        tz,
        date(2026, 4, 5),
        30,
        "2026-04-04T13:00:00Z",
        "2026-04-05T13:30:00Z",
        49,
    );
    check_day(
        tz,
        date(2026, 10, 4),
        15,
        "2026-10-03T13:30:00Z",
        "2026-10-04T13:00:00Z",
        94,
    );
}

#[test]
fn lord_howe_hourly_steps_refuse_the_uneven_day_only() {
    let tz = Australia::Lord_Howe;
    let err = IntervalGrid::local_days(date(2026, 10, 1), 7, minutes(60), tz).unwrap_err();
    assert_eq!(
        err,
        Error::UnevenLocalDay {
            date: date(2026, 10, 4),
            tz,
            length: minutes(23 * 60 + 30),
            step: minutes(60),
        }
    );
    assert_eq!(
        err.to_string(),
        "local day 2026-10-04 in Australia/Lord_Howe lasts 1410 min, \
         not a whole number of 60 min intervals"
    );
    // Days without the change work at any step, though local midnight is
    // on the half hour in UTC.
    let g = IntervalGrid::local_days(date(2026, 7, 1), 3, minutes(60), tz).unwrap();
    assert_eq!(g.len(), 72);
    assert_eq!(g.start(), utc("2026-06-30T13:30:00Z"));
}

#[test]
fn lord_howe_local_views_do_not_break_with_any_step() {
    // A UTC-aligned hourly grid across the change: intervals start at :30
    // before it and on the hour after it, and every view still answers.
    let tz = Australia::Lord_Howe;
    let g = IntervalGrid::new(utc("2026-10-03T12:00:00Z"), minutes(60), 48).unwrap();
    let readings: Vec<u32> = (0..4)
        .map(|i| g.local_minute_of_day(i, tz).unwrap())
        .collect();
    // 12:00Z = 22:30, 13:00Z = 23:30, 14:00Z = 00:30, 15:00Z = 01:30 (+10:30);
    // from 15:30Z on it is +11: 16:00Z = 03:00.
    assert_eq!(readings, [22 * 60 + 30, 23 * 60 + 30, 30, 90]);
    assert_eq!(g.local_minute_of_day(4, tz), Some(180));
    let total: usize = day_lengths(&g, tz).iter().map(|&(_, n)| n).sum();
    assert_eq!(total, 48);
}

#[test]
fn sao_paulo_day_without_midnight_starts_at_one() {
    let tz = America::Sao_Paulo;
    check_day(
        tz,
        date(2018, 11, 4),
        30,
        "2018-11-04T03:00:00Z",
        "2018-11-05T02:00:00Z",
        46,
    );
    let g = IntervalGrid::local_days(date(2018, 11, 4), 1, minutes(30), tz).unwrap();
    assert_eq!(g.local_minute_of_day(0, tz), Some(60));
    assert_eq!(g.local_weekday(0, tz), Some(Weekday::Sun));
    // The day before is a normal 24 hours and ends where the next one starts.
    check_day(
        tz,
        date(2018, 11, 3),
        30,
        "2018-11-03T03:00:00Z",
        "2018-11-04T03:00:00Z",
        48,
    );
    let two = IntervalGrid::local_days(date(2018, 11, 3), 2, minutes(30), tz).unwrap();
    assert_eq!(
        day_lengths(&two, tz),
        vec![(date(2018, 11, 3), 48), (date(2018, 11, 4), 46)]
    );
}

#[test]
fn sao_paulo_end_of_summer_time_repeats_the_last_hour_of_saturday() {
    let tz = America::Sao_Paulo;
    check_day(
        tz,
        date(2019, 2, 16),
        30,
        "2019-02-16T02:00:00Z",
        "2019-02-17T03:00:00Z",
        50,
    );
}

#[test]
fn santiago_day_without_midnight() {
    let tz = America::Santiago;
    assert_eq!(
        start_of_local_day(date(2026, 9, 6), tz).unwrap(),
        utc("2026-09-06T04:00:00Z")
    );
    check_day(
        tz,
        date(2026, 9, 6),
        15,
        "2026-09-06T04:00:00Z",
        "2026-09-07T03:00:00Z",
        92,
    );
}

#[test]
fn havana_ambiguous_midnight_starts_at_the_first_occurrence() {
    let tz = America::Havana;
    check_day(
        tz,
        date(2026, 11, 1),
        30,
        "2026-11-01T04:00:00Z",
        "2026-11-02T05:00:00Z",
        50,
    );
    // The repeated hour is 00:00 to 01:00 on the same date.
    let g = IntervalGrid::local_days(date(2026, 11, 1), 1, minutes(30), tz).unwrap();
    assert_eq!(g.local_minute_of_day(0, tz), Some(0));
    assert_eq!(g.local_minute_of_day(2, tz), Some(0));
    check_day(
        tz,
        date(2026, 3, 8),
        30,
        "2026-03-08T05:00:00Z",
        "2026-03-09T04:00:00Z",
        46,
    );
}

#[test]
fn apia_skipped_date_has_no_intervals() {
    let tz = Pacific::Apia;
    let g = IntervalGrid::local_days(date(2011, 12, 29), 3, minutes(15), tz).unwrap();
    assert_eq!(g.start(), utc("2011-12-29T10:00:00Z"));
    assert_eq!(g.end(), utc("2011-12-31T10:00:00Z"));
    assert_eq!(g.len(), 192);
    assert_eq!(
        day_lengths(&g, tz),
        vec![(date(2011, 12, 29), 96), (date(2011, 12, 31), 96)]
    );
    let skipped = IntervalGrid::local_days(date(2011, 12, 30), 1, minutes(15), tz).unwrap();
    assert!(skipped.is_empty());
}

#[test]
fn tokyo_has_no_clock_changes() {
    let tz = Asia::Tokyo;
    let g = IntervalGrid::local_days(date(2026, 1, 1), 365, minutes(15), tz).unwrap();
    assert_eq!(g.start(), utc("2025-12-31T15:00:00Z"));
    assert_eq!(g.len(), 365 * 96);
    let days = day_lengths(&g, tz);
    assert_eq!(days.len(), 365);
    assert!(days.iter().all(|&(_, n)| n == 96));
    assert_eq!(days[364].0, date(2026, 12, 31));
}

#[test]
fn every_allowed_step_covers_a_london_change_day() {
    for step in [5u64, 6, 10, 15, 30, 60] {
        let g =
            IntervalGrid::local_days(date(2026, 3, 29), 1, minutes(step), Europe::London).unwrap();
        assert_eq!(g.len() as u64 * step, 23 * 60, "{step} min");
    }
}

#[test]
fn st_johns_clock_going_back_past_midnight_keeps_each_day_in_one_range() {
    // Sunday 2010-11-07 starts at 00:00 NDT (02:30 UTC). At 00:01 NDT
    // (02:31 UTC) the clock goes back to 23:01 NST Saturday and reaches
    // Sunday 00:00 again at 03:30 UTC; Monday starts at 00:00 NST (03:30
    // UTC next day). So Saturday is 24 hours (96 intervals of 15 minutes)
    // and Sunday 25 hours (100), the 02:45, 03:00 and 03:15 UTC intervals
    // belonging to Sunday although the clock reads Saturday 23:15 to 23:45.
    let tz = America::St_Johns;
    let g = IntervalGrid::local_days(date(2010, 11, 6), 2, minutes(15), tz).unwrap();
    assert_eq!(g.start(), utc("2010-11-06T02:30:00Z"));
    assert_eq!(g.end(), utc("2010-11-08T03:30:00Z"));
    assert_eq!(g.len(), 196);
    assert_eq!(
        g.local_day_ranges(tz),
        vec![(date(2010, 11, 6), 0..96), (date(2010, 11, 7), 96..196)]
    );
    // The labels still read the clock.
    assert_eq!(g.local_date(97, tz), Some(date(2010, 11, 6)));
    assert_eq!(g.local_minute_of_day(97, tz), Some(23 * 60 + 15));
    // A grid not built from local days is split at the same instants.
    let utc_grid = IntervalGrid::new(utc("2010-11-07T00:00:00Z"), minutes(60), 6).unwrap();
    assert_eq!(
        utc_grid.local_day_ranges(tz),
        vec![(date(2010, 11, 6), 0..3), (date(2010, 11, 7), 3..6)]
    );
}

#[test]
fn newfoundland_and_labrador_years_of_midnight_changes_give_one_range_per_day() {
    // Every day from 2006 to 2011 in the two zones whose clocks changed at
    // 00:01: one range per day, as long as the day from its start to the
    // next day's start.
    for tz in [America::St_Johns, America::Goose_Bay] {
        let first = date(2006, 1, 1);
        let days = 6 * 365 + 1;
        let g = IntervalGrid::local_days(first, days, minutes(15), tz).unwrap();
        let ranges = g.local_day_ranges(tz);
        assert_eq!(ranges.len(), days, "{tz}");
        let mut next = 0;
        for (k, (d, r)) in ranges.into_iter().enumerate() {
            let want = first + chrono::Days::new(k as u64);
            assert_eq!(d, want, "{tz}");
            let span = start_of_local_day(want.succ_opt().unwrap(), tz).unwrap()
                - start_of_local_day(want, tz).unwrap();
            assert_eq!(
                r,
                next..next + (span.num_minutes() / 15) as usize,
                "{tz} {d}"
            );
            next = r.end;
        }
    }
}
