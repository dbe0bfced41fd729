//! Setup shared by the forecast fuzz targets: a local-day grid and a
//! calendar with opening hours and one special day, all from input bytes.
//! Each target uses part of it.
#![allow(dead_code)]

use std::time::Duration;

use servops_core::IntervalGrid;
use servops_core::chrono::{Days, NaiveDate, Weekday};
use servops_core::chrono_tz::{Europe::London, Tz, UTC};
use servops_forecast::{Calendar, DayType, OpeningHours, SpecialDay};

/// A grid of 1-40 local days of 15-, 30- or 60-minute intervals from a
/// date in 2026-2027, in London (DST days) or UTC.
pub struct DayGrid {
    pub tz: Tz,
    pub first: NaiveDate,
    pub step: Duration,
    pub days: usize,
    pub grid: IntervalGrid,
}

/// The grid of the input bytes, or `None` when it cannot be built.
pub fn day_grid(start_day: u16, days: u8, london: bool, step: u8) -> Option<DayGrid> {
    let tz = if london { London } else { UTC };
    let first = NaiveDate::from_ymd_opt(2026, 1, 1)?
        .checked_add_days(Days::new(u64::from(start_day % 700)))?;
    let step = Duration::from_secs(60 * [15u64, 30, 60][usize::from(step % 3)]);
    let days = usize::from(days % 40) + 1;
    let grid = IntervalGrid::local_days(first, days, step, tz).ok()?;
    Some(DayGrid {
        tz,
        first,
        step,
        days,
        grid,
    })
}

/// Opening hours `open..close` (minutes, any values: invalid hours are
/// skipped) on `weekdays`, and an optional special day `(date offset,
/// kind, multiplier in fiftieths)`.
pub fn calendar(
    tz: Tz,
    first: NaiveDate,
    (open, close): (u16, u16),
    weekdays: &[Weekday],
    special: Option<(u8, u8, u8)>,
) -> Calendar {
    let mut cal = Calendar::new(tz);
    if let Ok(h) = OpeningHours::new(u32::from(open) % 1441, u32::from(close) % 1441) {
        cal = cal.with_weekday_hours(weekdays, Some(h));
    }
    if let Some((off, kind, mult)) = special {
        let date = first + Days::new(u64::from(off % 60));
        let t = match kind % 4 {
            0 => DayType::Closed,
            1 => DayType::Holiday,
            2 => DayType::Weekday(Weekday::Sat),
            _ => DayType::Custom("event".into()),
        };
        let mut s = SpecialDay::new(t);
        if let Ok(s2) = s.clone().with_multiplier(f64::from(mult) / 50.0) {
            s = s2;
        }
        cal = cal.with_special_day(date, s);
    }
    cal
}
