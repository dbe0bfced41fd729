//! Input audit of grids: extreme day counts and lengths give an exact grid
//! or a typed error, never an overflow.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use chrono_tz::{America::New_York, Asia::Tokyo, Europe::London, UTC};
use servops_core::{Error, IntervalGrid};

#[test]
fn local_days_at_extreme_day_counts() {
    let first = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let hour = Duration::from_secs(3600);
    // A million UTC days of hours: 24,000,000 intervals, no allocation.
    let g = IntervalGrid::local_days(first, 1_000_000, hour, UTC).unwrap();
    assert_eq!(g.len(), 24_000_000);
    // Past the end of chrono's dates: a typed error, at once.
    for days in [usize::MAX, 1 << 40] {
        let err = IntervalGrid::local_days(first, days, hour, London).unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidParameter {
                    name: "number of days",
                    ..
                }
            ),
            "{err}"
        );
    }
    // A whole-day step cannot cover London's 23-hour spring day.
    let err = IntervalGrid::local_days(first, 366, Duration::from_secs(86_400), London);
    assert!(matches!(err, Err(Error::UnevenLocalDay { .. })), "{err:?}");
}

/// Local views of intervals at the ends of chrono's range, where the local
/// time east (or, in the far past, west) of UTC lies beyond the last (or
/// before the first) date chrono has: no value, never a panic.
///
/// Offsets from the tz source: Asia/Tokyo +9 (and LMT +9:18:59 before
/// 1888), America/New_York -5 in December (LMT -4:56:02 before 1883).
/// Weekdays through the 400-year Gregorian cycle of 146,097 days (20,871
/// weeks): +262142-12-31 falls as 2142-12-31 (Monday, python3 datetime),
/// -262143-01-01 as 2257-01-01 (Thursday).
#[test]
fn local_views_at_the_ends_of_the_supported_range() {
    let minute = Duration::from_secs(60);
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let last: DateTime<Utc> = "+262142-12-31T23:58:00Z".parse().unwrap();
    let g = IntervalGrid::new(last, minute, 1).unwrap();
    // Tokyo: +262143-01-01 08:58, past chrono's last date.
    assert_eq!(g.local_start(0, Tokyo), None);
    assert_eq!(g.local_date(0, Tokyo), None);
    assert_eq!(g.local_weekday(0, Tokyo), None);
    assert_eq!(g.local_minute_of_day(0, Tokyo), None);
    assert_eq!(g.local_day_ranges(Tokyo), vec![]);
    // New York: +262142-12-31 18:58.
    assert_eq!(g.local_date(0, New_York), Some(day(262_142, 12, 31)));
    assert_eq!(g.local_weekday(0, New_York), Some(Weekday::Mon));
    assert_eq!(g.local_minute_of_day(0, New_York), Some(18 * 60 + 58));
    assert_eq!(
        g.local_day_ranges(New_York),
        vec![(day(262_142, 12, 31), 0..1)]
    );
    assert_eq!(g.local_minute_of_day(0, UTC), Some(23 * 60 + 58));

    // Hours from 14:00 UTC: 23:00 in Tokyo, then past chrono's last date.
    let evening: DateTime<Utc> = "+262142-12-31T14:00:00Z".parse().unwrap();
    let g = IntervalGrid::new(evening, Duration::from_secs(3600), 9).unwrap();
    assert_eq!(
        g.local_day_ranges(Tokyo),
        vec![(day(262_142, 12, 31), 0..1)]
    );
    assert_eq!(g.local_minute_of_day(0, Tokyo), Some(23 * 60));
    assert_eq!(g.local_minute_of_day(1, Tokyo), None);

    let first: DateTime<Utc> = "-262143-01-01T00:00:00Z".parse().unwrap();
    let g = IntervalGrid::new(first, minute, 1).unwrap();
    // New York: -262144-12-31 19:03:58, before chrono's first date.
    assert_eq!(g.local_start(0, New_York), None);
    assert_eq!(g.local_date(0, New_York), None);
    assert_eq!(g.local_day_ranges(New_York), vec![]);
    // Tokyo: -262143-01-01 09:18:59.
    assert_eq!(g.local_date(0, Tokyo), Some(day(-262_143, 1, 1)));
    assert_eq!(g.local_weekday(0, Tokyo), Some(Weekday::Thu));
    assert_eq!(g.local_minute_of_day(0, Tokyo), Some(9 * 60 + 18));
    assert_eq!(g.local_day_ranges(Tokyo), vec![(day(-262_143, 1, 1), 0..1)]);
}
