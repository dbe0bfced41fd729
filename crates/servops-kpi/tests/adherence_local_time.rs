//! Adherence and conformance for shifts given in local time across daylight
//! saving changes and midnight, with overlapping, touching and zero-length
//! spans. Every expected value is a hand count of minutes on the UTC
//! timeline (written beside each case), not wall-clock arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::chrono::{DateTime, TimeZone, Utc};
use servops_core::chrono_tz::America::New_York;
use servops_core::chrono_tz::Europe::London;
use servops_core::chrono_tz::Tz;
use servops_kpi::{AdherencePolicy, Conformance, GraceRule, TimeSpan, schedule_adherence};

/// A local wall-clock time that exists once.
fn local(tz: Tz, (y, mo, d): (i32, u32, u32), h: u32, mi: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("an unambiguous local time")
        .with_timezone(&Utc)
}

/// The first (`first = true`) or second occurrence of a repeated local time.
fn repeated(tz: Tz, (y, mo, d): (i32, u32, u32), h: u32, mi: u32, first: bool) -> DateTime<Utc> {
    let r = tz.with_ymd_and_hms(y, mo, d, h, mi, 0);
    let t = if first { r.earliest() } else { r.latest() };
    assert!(r.single().is_none(), "{h}:{mi} should be repeated");
    t.unwrap().with_timezone(&Utc)
}

fn span(a: DateTime<Utc>, b: DateTime<Utc>, label: &str) -> TimeSpan {
    TimeSpan::new(a, b, label).unwrap()
}

fn policy() -> AdherencePolicy {
    AdherencePolicy::new()
        .with_adherent_states("work", &["available"])
        .with_working_states(&["available"])
        .with_working_activities(&["work"])
}

fn secs(d: Duration) -> u64 {
    d.as_secs()
}

#[test]
fn london_spring_forward_shift_is_three_hours() {
    // 2026-03-29: 01:00 GMT becomes 02:00 BST. Work 00:00–04:00 local is
    // 00:00–03:00 UTC, 180 min. Available 00:30 GMT–03:30 BST (00:30–02:30
    // UTC, 120 min), break 03:30–04:00 BST (02:30–03:00 UTC, 30 min).
    // Exceptions: 00:00–00:30 logged out (30) + the break (30) = 60 min;
    // adherence 120/180 = 2/3; conformance 120/180.
    let day = (2026, 3, 29);
    let schedule = [span(
        local(London, day, 0, 0),
        local(London, day, 4, 0),
        "work",
    )];
    let states = [
        span(
            local(London, day, 0, 30),
            local(London, day, 3, 30),
            "available",
        ),
        span(local(London, day, 3, 30), local(London, day, 4, 0), "break"),
    ];
    let r = schedule_adherence(&schedule, &states, &policy()).unwrap();
    assert_eq!(secs(r.scheduled), 180 * 60);
    assert_eq!(secs(r.exception), 60 * 60);
    assert_eq!(secs(r.actual_work), 120 * 60);
    assert_eq!(r.adherence().value(), Some(120.0 / 180.0));
    assert_eq!(r.conformance(), Some(Conformance::Ratio(120.0 / 180.0)));
}

#[test]
fn london_fall_back_night_shift_is_seven_hours() {
    // 2026-10-25: 02:00 BST becomes 01:00 GMT, so 01:00–02:00 happens twice.
    // Work 22:00 BST on the 24th to 04:00 GMT on the 25th is 21:00–04:00
    // UTC, 420 min, across midnight. Away from the first 01:30 (BST, 00:30
    // UTC) to the second 01:15 (GMT, 01:15 UTC): 45 min; available the rest.
    // Adherence (420 − 45)/420 = 25/28; deducting 5 min from the one run:
    // (420 − 40)/420 = 19/21.
    let (eve, day) = ((2026, 10, 24), (2026, 10, 25));
    let start = local(London, eve, 22, 0);
    let end = local(London, day, 4, 0);
    let away_from = repeated(London, day, 1, 30, true);
    let away_to = repeated(London, day, 1, 15, false);
    assert_eq!((away_to - away_from).num_minutes(), 45);
    let schedule = [span(start, end, "work")];
    let states = [
        span(start, away_from, "available"),
        span(away_from, away_to, "away"),
        span(away_to, end, "available"),
    ];
    let r = schedule_adherence(&schedule, &states, &policy()).unwrap();
    assert_eq!(secs(r.scheduled), 420 * 60);
    assert_eq!(secs(r.exception), 45 * 60);
    assert_eq!(secs(r.actual_work), 375 * 60);
    assert_eq!(r.adherence().value(), Some(375.0 / 420.0));
    let deduct = policy().with_grace(GraceRule::DeductFromEach(Duration::from_secs(300)));
    let r = schedule_adherence(&schedule, &states, &deduct).unwrap();
    assert_eq!(secs(r.exception), 40 * 60);
    assert_eq!(r.adherence().value(), Some(380.0 / 420.0));
}

#[test]
fn new_york_spring_forward_overlapping_states_first_listed_wins() {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT. Work 22:00 EST on the 7th to
    // 06:00 EDT on the 8th is 03:00–10:00 UTC, 420 min. `away` 01:00 EST to
    // 03:30 EDT (06:00–07:30 UTC, 90 min) overlaps `available` for the whole
    // shift; a zero-length `offline` at 04:00 EDT changes nothing.
    // Listed first, `away` wins: exception 90, adherence 330/420 = 11/14,
    // work 330 min. Listed after `available`, it is hidden: adherence 1.
    let (eve, day) = ((2026, 3, 7), (2026, 3, 8));
    let start = local(New_York, eve, 22, 0);
    let end = local(New_York, day, 6, 0);
    let away = span(
        local(New_York, day, 1, 0),
        local(New_York, day, 3, 30),
        "away",
    );
    let four = local(New_York, day, 4, 0);
    let available = span(start, end, "available");
    let blip = span(four, four, "offline");
    let schedule = [span(start, end, "work")];

    let r = schedule_adherence(
        &schedule,
        &[away.clone(), available.clone(), blip.clone()],
        &policy(),
    )
    .unwrap();
    assert_eq!(secs(r.scheduled), 420 * 60);
    assert_eq!(secs(r.exception), 90 * 60);
    assert_eq!(secs(r.actual_work), 330 * 60);
    assert_eq!(r.adherence().value(), Some(330.0 / 420.0));

    let r = schedule_adherence(&schedule, &[available, away, blip], &policy()).unwrap();
    assert_eq!(secs(r.exception), 0);
    assert_eq!(r.adherence().value(), Some(1.0));
    assert_eq!(r.conformance(), Some(Conformance::Ratio(1.0)));
}

#[test]
fn touching_exceptions_across_midnight_are_one_run() {
    // Work 23:00–01:00 UTC (2026-01-10/11). Away 23:58–00:00 and offline
    // 00:00–00:02 touch across midnight: one 4-min run of non-adherence.
    // Forgiving runs up to 3 min: the run is longer, so all 240 s count.
    // Deducting 3 min from each run: 60 s.
    let t = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 1, d, h, m, 0).unwrap();
    let schedule = [span(t(10, 23, 0), t(11, 1, 0), "work")];
    let states = [
        span(t(10, 23, 0), t(10, 23, 58), "available"),
        span(t(10, 23, 58), t(11, 0, 0), "away"),
        span(t(11, 0, 0), t(11, 0, 2), "offline"),
        span(t(11, 0, 2), t(11, 1, 0), "available"),
    ];
    let with = |g| schedule_adherence(&schedule, &states, &policy().with_grace(g)).unwrap();
    assert_eq!(secs(with(GraceRule::None).exception), 240);
    let three = Duration::from_secs(180);
    assert_eq!(secs(with(GraceRule::ForgiveShorter(three)).exception), 240);
    assert_eq!(secs(with(GraceRule::DeductFromEach(three)).exception), 60);
    // Touching schedule pieces of one activity change nothing.
    let split = [
        span(t(10, 23, 0), t(11, 0, 0), "work"),
        span(t(11, 0, 0), t(11, 1, 0), "work"),
    ];
    let r = schedule_adherence(&split, &states, &policy()).unwrap();
    assert_eq!((secs(r.scheduled), secs(r.exception)), (7200, 240));
}

#[test]
fn zero_length_schedule_is_nothing_scheduled() {
    // A zero-length shift schedules nothing: adherence undefined, and an
    // hour of work against it is unscheduled work.
    let t = |h: u32| Utc.with_ymd_and_hms(2026, 3, 29, h, 0, 0).unwrap();
    let schedule = [span(t(9), t(9), "work")];
    let r = schedule_adherence(&schedule, &[], &policy()).unwrap();
    assert_eq!(secs(r.scheduled), 0);
    assert_eq!(r.adherence().value(), None);
    assert_eq!(r.conformance(), None);
    let r = schedule_adherence(&schedule, &[span(t(9), t(10), "available")], &policy()).unwrap();
    assert_eq!(secs(r.actual_work), 3600);
    assert_eq!(r.conformance(), Some(Conformance::Unscheduled));
}
