//! Shifts and breaks on the days London's clocks change (Sunday 29 March
//! 2026, 23 hours: 01:00 GMT is 02:00 BST; Sunday 25 October 2026, 25
//! hours: 02:00 BST is 01:00 GMT, so 01:00-02:00 comes twice). Start
//! windows are local clock times; a break's window is elapsed time from the
//! shift's start, so across a change its clock time moves by the change.
//! Expected instants are worked out by hand from the zone's rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use servops_core::chrono_tz::Europe::London;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, Pay, ScheduleProblem, ShiftTemplate, SolveOptions, StopReason, solve,
};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A 4-hour shift at 20.00 an hour starting at local `hh:mm`, with a paid
/// 30-minute break 60 to 150 minutes after its start.
fn four_hours_from(hh: u32, mm: u32) -> ShiftTemplate {
    let at = NaiveTime::from_hms_opt(hh, mm, 0).unwrap();
    ShiftTemplate::builder(format!("from{hh:02}{mm:02}"))
        .span(m(240))
        .start_window(at, at)
        .hourly_rate(Decimal::new(20, 0))
        .breaks(vec![
            BreakRule::new(m(30), Pay::Paid, m(60), m(150))
                .unwrap()
                .with_step(m(30))
                .unwrap(),
        ])
        .build()
        .unwrap()
}

/// The London days from `date`, 30-minute intervals, needing one agent in
/// the eight intervals from the first except the fifth: one shift from
/// local midnight covers it only with its break in that fifth interval,
/// 120 elapsed minutes after the start.
fn one_break_day(date: NaiveDate) -> ScheduleProblem {
    let grid = IntervalGrid::local_days(date, 1, m(30), London).unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| if i < 8 && i != 4 { 1.0 } else { 0.0 });
    ScheduleProblem::builder(req, vec![four_hours_from(0, 0)])
        .time_zone(London)
        .build()
        .unwrap()
}

fn roster(p: &ScheduleProblem) -> (servops_schedule::Solution, String) {
    let s = solve(p, &SolveOptions::default()).unwrap();
    let checked = common::checker::check(p, &s.schedule);
    for (c, r) in checked.coverage.iter().zip(p.requirement().values()) {
        assert!(c + 1e-9 >= *r);
    }
    let mut out = Vec::new();
    s.schedule.write_roster_csv_in(&mut out, London).unwrap();
    (s, String::from_utf8(out).unwrap())
}

/// 29 March: the day has 46 half hours from 00:00 GMT (00:00 UTC). The
/// shift from local midnight runs four elapsed hours, to 04:00 UTC =
/// 05:00 BST; its break, 120 minutes in, is 02:00-02:30 UTC = 03:00-03:30
/// BST (it would read 02:00 on a day without a change).
#[test]
fn spring_forward_break_is_at_its_elapsed_offset() {
    let p = one_break_day(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
    assert_eq!(p.requirement().len(), 46);
    let (s, csv) = roster(&p);
    assert_eq!(s.report.stop, StopReason::Optimal);
    assert_eq!(s.schedule.shifts.len(), 1);
    let shift = &s.schedule.shifts[0];
    assert_eq!(shift.start, utc("2026-03-29T00:00:00Z"));
    assert_eq!(shift.end, utc("2026-03-29T04:00:00Z"));
    assert_eq!(shift.breaks[0].start, utc("2026-03-29T02:00:00Z"));
    assert_eq!(shift.breaks[0].end, utc("2026-03-29T02:30:00Z"));
    assert_eq!(s.schedule.cost, Decimal::new(80, 0));
    assert_eq!(
        csv.lines().nth(1),
        Some(
            "1,from0000,2026-03-29T00:00:00+00:00,2026-03-29T05:00:00+01:00,4,80,\
             2026-03-29T03:00:00+01:00/2026-03-29T03:30:00+01:00/paid"
        )
    );
}

/// 25 October: 50 half hours from 00:00 BST (23:00 UTC on the 24th). The
/// break 120 minutes in is 01:00-01:30 UTC, the second 01:00 (GMT, not
/// BST); the shift ends at 03:00 UTC = 03:00 GMT.
#[test]
fn fall_back_break_is_in_the_second_one_o_clock() {
    let p = one_break_day(NaiveDate::from_ymd_opt(2026, 10, 25).unwrap());
    assert_eq!(p.requirement().len(), 50);
    let (s, csv) = roster(&p);
    assert_eq!(s.report.stop, StopReason::Optimal);
    assert_eq!(s.schedule.shifts.len(), 1);
    let shift = &s.schedule.shifts[0];
    assert_eq!(shift.start, utc("2026-10-24T23:00:00Z"));
    assert_eq!(shift.end, utc("2026-10-25T03:00:00Z"));
    assert_eq!(shift.breaks[0].start, utc("2026-10-25T01:00:00Z"));
    assert_eq!(
        csv.lines().nth(1),
        Some(
            "1,from0000,2026-10-25T00:00:00+01:00,2026-10-25T03:00:00+00:00,4,80,\
             2026-10-25T01:00:00+00:00/2026-10-25T01:30:00+00:00/paid"
        )
    );
}

/// Start windows are local clock times. On the weekend of 28-29 March a
/// 01:30 start exists only on Saturday (01:30 UTC): Sunday has no 01:30.
/// A 02:00 start exists on both days, at 02:00 UTC and at 01:00 UTC (02:00
/// BST, the first instant after the gap). On 25 October 01:00 comes twice
/// (00:00 and 01:00 UTC): both are starts, and a 03:00 start is once,
/// at 03:00 UTC.
#[test]
fn start_windows_skip_the_missing_hour_and_take_both_doubled_ones() {
    let build = |date: NaiveDate, days: usize, t: ShiftTemplate| {
        let grid = IntervalGrid::local_days(date, days, m(30), London).unwrap();
        ScheduleProblem::builder(IntervalSeries::filled(grid, 0.0), vec![t])
            .time_zone(London)
            .build()
            .unwrap()
    };
    let march = NaiveDate::from_ymd_opt(2026, 3, 28).unwrap();
    let october = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
    // 48 + 46 half hours; 4-hour shifts fit everywhere these start.
    assert_eq!(build(march, 2, four_hours_from(1, 30)).candidate_count(), 1);
    assert_eq!(build(march, 2, four_hours_from(2, 0)).candidate_count(), 2);
    assert_eq!(
        build(october, 1, four_hours_from(1, 0)).candidate_count(),
        2
    );
    assert_eq!(
        build(october, 1, four_hours_from(3, 0)).candidate_count(),
        1
    );
    // Which instants: a requirement only a 02:00-BST start covers.
    let grid = IntervalGrid::local_days(march, 2, m(30), London).unwrap();
    let sunday_one_utc = grid
        .index_of(utc("2026-03-29T01:00:00Z"))
        .expect("on the grid");
    let req = IntervalSeries::from_fn(grid, |i, _| if i == sunday_one_utc { 1.0 } else { 0.0 });
    let p = ScheduleProblem::builder(req, vec![four_hours_from(2, 0)])
        .time_zone(London)
        .build()
        .unwrap();
    let (s, _) = roster(&p);
    assert_eq!(s.schedule.shifts.len(), 1);
    assert_eq!(s.schedule.shifts[0].start, utc("2026-03-29T01:00:00Z"));
}

/// Intervals whose local time chrono cannot represent have no local start
/// and are no starts, and the others keep their own index. A grid from
/// chrono's first instant (-262143-01-01 00:00 UTC) in New York, whose
/// local mean time is UTC-4:56:02: the first five hours fall before
/// chrono's first local date, and 06:00 UTC is 01:03:58 local. A 2-hour
/// shift starting at 01:03 local starts there and covers intervals 6 and
/// 7. Before, the local starts were listed without the first five, so the
/// 01:03 start went to interval 1 and the problem was refused as
/// `Uncoverable` at interval 6.
#[test]
fn intervals_without_a_local_time_do_not_shift_the_starts() {
    use servops_core::chrono_tz::America::New_York;
    let start = DateTime::<Utc>::MIN_UTC;
    let grid = IntervalGrid::new(start, m(60), 12).unwrap();
    assert!(grid.local_start(4, New_York).is_none());
    let req = IntervalSeries::from_fn(grid, |i, _| if i == 6 || i == 7 { 1.0 } else { 0.0 });
    let at = NaiveTime::from_hms_opt(1, 3, 0).unwrap();
    let t = ShiftTemplate::builder("early")
        .span(m(120))
        .start_window(at, at)
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(req, vec![t])
        .time_zone(New_York)
        .build()
        .unwrap();
    assert_eq!(p.candidate_count(), 1);
    let s = solve(&p, &SolveOptions::default()).unwrap();
    assert_eq!(s.schedule.shifts.len(), 1);
    assert_eq!(s.schedule.shifts[0].start_index, 6);
    assert_eq!(
        s.schedule.shifts[0].start,
        start + servops_core::chrono::TimeDelta::hours(6)
    );
}
