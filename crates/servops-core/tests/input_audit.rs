//! Input audit of grids: extreme day counts and lengths give an exact grid
//! or a typed error, never an overflow.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::{Europe::London, UTC};
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
