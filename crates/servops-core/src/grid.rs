//! The interval grid: a start instant, a step and a number of intervals.

use std::fmt;
use std::iter::FusedIterator;
use std::ops::{Bound, Range, RangeBounds};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::error::{DisplayDuration, Error, GridDifference, Result};
use crate::local::{local_naive, start_of_local_day};

const MINUTES_PER_DAY: u64 = 24 * 60;

/// A sequence of equal, contiguous time intervals: a start instant, a step
/// and a number of intervals.
///
/// Instants are absolute (UTC). The local calendar (date, weekday, time of
/// day) is read through a time zone the caller supplies, so a grid can cover
/// local days of 23 or 25 hours across a daylight-saving change and every
/// interval still has the same length.
///
/// The step is a whole number of minutes that divides 24 hours (5, 6, 10,
/// 15, 30 and 60 minutes, and every other divisor of 1440); the start is on
/// a whole minute; the end lies within the supported date range. These are
/// checked once, by the constructors. Starts need not be aligned to the step
/// in UTC: local midnight in Asia/Kolkata is 18:30 UTC.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::IntervalGrid;
/// use servops_core::chrono::{DateTime, Utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let start: DateTime<Utc> = "2026-03-02T08:00:00Z".parse()?;
/// let grid = IntervalGrid::new(start, Duration::from_secs(15 * 60), 8)?;
/// assert_eq!(grid.end(), "2026-03-02T10:00:00Z".parse::<DateTime<Utc>>()?);
/// assert_eq!(grid.index_of("2026-03-02T09:10:00Z".parse()?), Some(4));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "GridRepr", into = "GridRepr")
)]
pub struct IntervalGrid {
    start: DateTime<Utc>,
    step_minutes: u32,
    len: usize,
    /// Derived from the other three; kept so `end` needs no checked arithmetic.
    end: DateTime<Utc>,
}

/// The serialized form of a grid; deserializing goes through
/// [`IntervalGrid::new`]'s checks.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GridRepr {
    start: DateTime<Utc>,
    step_minutes: u32,
    len: usize,
}

#[cfg(feature = "serde")]
impl From<IntervalGrid> for GridRepr {
    fn from(grid: IntervalGrid) -> Self {
        Self {
            start: grid.start,
            step_minutes: grid.step_minutes,
            len: grid.len,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<GridRepr> for IntervalGrid {
    type Error = Error;

    fn try_from(repr: GridRepr) -> Result<Self> {
        Self::new(
            repr.start,
            Duration::from_secs(u64::from(repr.step_minutes) * 60),
            repr.len,
        )
    }
}

/// Checks an interval step and returns it in minutes.
fn step_in_minutes(step: Duration) -> Result<u32> {
    let invalid = || Error::InvalidParameter {
        name: "interval step",
        value: DisplayDuration(step).to_string(),
        constraint: "a whole number of minutes dividing 24 hours",
    };
    if step.subsec_nanos() != 0 || !step.as_secs().is_multiple_of(60) {
        return Err(invalid());
    }
    let minutes = step.as_secs() / 60;
    if minutes == 0 || !MINUTES_PER_DAY.is_multiple_of(minutes) {
        return Err(invalid());
    }
    u32::try_from(minutes).map_err(|_| invalid())
}

/// `start + n * step`, or `None` outside the supported range.
fn advance(start: DateTime<Utc>, step_minutes: u32, n: usize) -> Option<DateTime<Utc>> {
    let n = i64::try_from(n).ok()?;
    let seconds = n.checked_mul(i64::from(step_minutes) * 60)?;
    start.checked_add_signed(TimeDelta::try_seconds(seconds)?)
}

/// The local day in `tz` that contains `instant`: the date `d` with
/// `start_of_local_day(d) <= instant < start_of_local_day(d + 1)`, and the
/// start of `d + 1` (`None` beyond the supported range); `None` if the
/// clock's date at `instant` is outside chrono's dates.
///
/// Usually `d` is the date the clock shows. Where the clocks go back across
/// midnight the clock shows the previous date for a while after `d` began,
/// and where a date is skipped it is never shown; day starts never decrease,
/// so a few steps from the clock's date find `d`.
fn local_day_of(instant: DateTime<Utc>, tz: Tz) -> Option<(NaiveDate, Option<DateTime<Utc>>)> {
    let mut date = local_naive(instant, tz)?.date();
    for _ in 0..3 {
        match (start_of_local_day(date, tz), date.pred_opt()) {
            (Ok(start), Some(previous)) if start > instant => date = previous,
            _ => break,
        }
    }
    let mut steps = 0;
    loop {
        let next = date.succ_opt();
        let next_start = next.and_then(|next| start_of_local_day(next, tz).ok());
        match (next, next_start) {
            (Some(next), Some(next_start)) if next_start <= instant && steps < 3 => {
                date = next;
                steps += 1;
            }
            _ => return Some((date, next_start)),
        }
    }
}

/// Resolves a range of interval indices against a length.
pub(crate) fn resolve_range(range: impl RangeBounds<usize>, len: usize) -> Result<Range<usize>> {
    let start = match range.start_bound() {
        Bound::Included(&s) => Some(s),
        Bound::Excluded(&s) => s.checked_add(1),
        Bound::Unbounded => Some(0),
    };
    let end = match range.end_bound() {
        Bound::Included(&e) => e.checked_add(1),
        Bound::Excluded(&e) => Some(e),
        Bound::Unbounded => Some(len),
    };
    match (start, end) {
        (Some(s), Some(e)) if s <= e && e <= len => Ok(s..e),
        _ => Err(Error::RangeOutOfBounds {
            start: start.unwrap_or(usize::MAX),
            end: end.unwrap_or(usize::MAX),
            len,
        }),
    }
}

impl IntervalGrid {
    /// Builds a grid of `len` intervals of length `step`, the first starting
    /// at `start`. A grid may be empty (`len == 0`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `step` is not a whole number of minutes
    /// dividing 24 hours, if `start` is not on a whole minute, or if the grid
    /// would end beyond the supported date range.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{Error, IntervalGrid};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let start = "2026-03-02T00:00:00Z".parse()?;
    /// let day = IntervalGrid::new(start, Duration::from_secs(30 * 60), 48)?;
    /// assert_eq!(day.len(), 48);
    ///
    /// let odd = IntervalGrid::new(start, Duration::from_secs(7 * 60), 48);
    /// assert!(matches!(odd, Err(Error::InvalidParameter { name: "interval step", .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(start: DateTime<Utc>, step: Duration, len: usize) -> Result<Self> {
        Self::from_parts(start, step_in_minutes(step)?, len)
    }

    fn from_parts(start: DateTime<Utc>, step_minutes: u32, len: usize) -> Result<Self> {
        if start.timestamp().rem_euclid(60) != 0 || start.timestamp_subsec_nanos() != 0 {
            return Err(Error::InvalidParameter {
                name: "grid start",
                value: start.to_string(),
                constraint: "on a whole minute",
            });
        }
        let end = advance(start, step_minutes, len).ok_or_else(|| Error::InvalidParameter {
            name: "grid length",
            value: len.to_string(),
            constraint: "small enough for the grid to end within the supported date range",
        })?;
        Ok(Self {
            start,
            step_minutes,
            len,
            end,
        })
    }

    /// Builds a grid covering `days` whole local calendar days in `tz`, from
    /// the start of `first_day` to the start of the day after the last one.
    ///
    /// A day normally starts at local midnight. A day on which the clocks go
    /// forward is shorter (23 hours in London or New York: 92 intervals of 15
    /// minutes), one on which they go back is longer (25 hours: 100
    /// intervals). Where midnight itself is skipped (America/Sao_Paulo on
    /// 2018-11-04) the day starts at the first instant the clock shows that
    /// date; see [`start_of_local_day`].
    ///
    /// Every day's length is checked, so the cost is linear in `days`.
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidParameter`] if `step` is not a whole number of
    ///   minutes dividing 24 hours, or the days run outside the supported
    ///   date range, or a day starts off a whole minute (only in historical
    ///   local mean time).
    /// - [`Error::UnevenLocalDay`] if a day's length is not a whole number of
    ///   steps: a 60 minute step across Australia/Lord_Howe's 30 minute
    ///   clock change, for example.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::{DateTime, NaiveDate, Utc};
    /// use servops_core::chrono_tz::Europe::London;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // The clocks went back in London on Sunday 2026-10-25.
    /// let saturday = NaiveDate::from_ymd_opt(2026, 10, 24).ok_or("date")?;
    /// let weekend = IntervalGrid::local_days(saturday, 2, Duration::from_secs(15 * 60), London)?;
    /// assert_eq!(weekend.len(), 96 + 100);
    /// assert_eq!(weekend.start(), "2026-10-23T23:00:00Z".parse::<DateTime<Utc>>()?);
    /// assert_eq!(weekend.end(), "2026-10-26T00:00:00Z".parse::<DateTime<Utc>>()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_days(first_day: NaiveDate, days: usize, step: Duration, tz: Tz) -> Result<Self> {
        let step_minutes = step_in_minutes(step)?;
        let step_seconds = i64::from(step_minutes) * 60;
        let too_many_days = || Error::InvalidParameter {
            name: "number of days",
            value: days.to_string(),
            constraint: "small enough to end within the supported date range",
        };
        // Fail fast on absurd spans; the loop below is linear in `days`.
        let end_day = u64::try_from(days)
            .ok()
            .and_then(|d| first_day.checked_add_days(chrono::Days::new(d)))
            .ok_or_else(too_many_days)?;
        let start = start_of_local_day(first_day, tz)?;
        start_of_local_day(end_day, tz)?;
        let mut day = first_day;
        let mut day_start = start;
        for _ in 0..days {
            let next_day = day.succ_opt().ok_or_else(too_many_days)?;
            let next_start = start_of_local_day(next_day, tz)?;
            let seconds = next_start.signed_duration_since(day_start).num_seconds();
            let length = u64::try_from(seconds).map_err(|_| Error::InvalidParameter {
                name: "local day",
                value: day.to_string(),
                constraint: "a day that starts before the next one in this time zone",
            })?;
            if seconds % step_seconds != 0 {
                return Err(Error::UnevenLocalDay {
                    date: day,
                    tz,
                    length: Duration::from_secs(length),
                    step,
                });
            }
            day = next_day;
            day_start = next_start;
        }
        let total = day_start.signed_duration_since(start).num_seconds() / step_seconds;
        let len = usize::try_from(total).map_err(|_| too_many_days())?;
        Self::from_parts(start, step_minutes, len)
    }

    /// The instant the first interval starts.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::{DateTime, Utc};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let start: DateTime<Utc> = "2026-03-02T08:00:00Z".parse()?;
    /// let grid = IntervalGrid::new(start, Duration::from_secs(900), 4)?;
    /// assert_eq!(grid.start(), start);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The length of every interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// assert_eq!(grid.step(), Duration::from_secs(15 * 60));
    /// # Ok(())
    /// # }
    /// ```
    pub fn step(&self) -> Duration {
        Duration::from_secs(u64::from(self.step_minutes) * 60)
    }

    /// The length of every interval, in whole minutes.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 4)?;
    /// assert_eq!(grid.step_minutes(), 30);
    /// # Ok(())
    /// # }
    /// ```
    pub fn step_minutes(&self) -> u32 {
        self.step_minutes
    }

    /// The length of every interval in hours, for converting between rates
    /// per interval and rates per hour.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let calls_per_interval = 30.0;
    /// let calls_per_hour = calls_per_interval / grid.step_hours();
    /// assert_eq!(calls_per_hour, 120.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn step_hours(&self) -> f64 {
        f64::from(self.step_minutes) / 60.0
    }

    /// The number of intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// assert_eq!(grid.len(), 24);
    /// # Ok(())
    /// # }
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the grid has no intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 0)?;
    /// assert!(grid.is_empty());
    /// assert_eq!(grid.start(), grid.end());
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The instant the last interval ends (exclusive): `start + len * step`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::{DateTime, Utc};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// assert_eq!(grid.end(), "2026-03-03T00:00:00Z".parse::<DateTime<Utc>>()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// The instant interval `index` starts, or `None` if `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::{DateTime, Utc};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// assert_eq!(grid.interval_start(2), Some("2026-03-02T08:30:00Z".parse::<DateTime<Utc>>()?));
    /// assert_eq!(grid.interval_start(4), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn interval_start(&self, index: usize) -> Option<DateTime<Utc>> {
        if index < self.len {
            advance(self.start, self.step_minutes, index)
        } else {
            None
        }
    }

    /// The index of the interval containing `instant`, or `None` if it lies
    /// before the start or at or after the end. Intervals include their
    /// start and exclude their end.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// assert_eq!(grid.index_of("2026-03-02T08:15:00Z".parse()?), Some(1));
    /// assert_eq!(grid.index_of("2026-03-02T08:29:59Z".parse()?), Some(1));
    /// assert_eq!(grid.index_of("2026-03-02T09:00:00Z".parse()?), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn index_of(&self, instant: DateTime<Utc>) -> Option<usize> {
        if instant < self.start || instant >= self.end {
            return None;
        }
        let seconds = instant.signed_duration_since(self.start).num_seconds();
        usize::try_from(seconds / (i64::from(self.step_minutes) * 60)).ok()
    }

    /// Whether `instant` lies within the grid, from its start (included) to
    /// its end (excluded).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// assert!(grid.contains("2026-03-02T08:00:00Z".parse()?));
    /// assert!(!grid.contains("2026-03-02T09:00:00Z".parse()?));
    /// # Ok(())
    /// # }
    /// ```
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.start <= instant && instant < self.end
    }

    /// An iterator over the start instants of the intervals, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::{DateTime, Utc};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 3)?;
    /// let starts: Vec<DateTime<Utc>> = grid.starts().collect();
    /// assert_eq!(starts[2], "2026-03-02T09:00:00Z".parse::<DateTime<Utc>>()?);
    /// assert_eq!(grid.starts().len(), 3);
    /// # Ok(())
    /// # }
    /// ```
    pub fn starts(&self) -> IntervalStarts {
        IntervalStarts {
            start: self.start,
            step_minutes: self.step_minutes,
            front: 0,
            back: self.len,
        }
    }

    /// Whether the two grids have the same step and interval boundaries that
    /// coincide wherever they overlap, whatever their lengths. Aligned grids
    /// can be sliced to a common range with [`slice`](Self::slice) and
    /// [`index_of`](Self::index_of).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let quarter = Duration::from_secs(900);
    /// let morning = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, quarter, 16)?;
    /// let later = IntervalGrid::new("2026-03-02T10:45:00Z".parse()?, quarter, 4)?;
    /// let shifted = IntervalGrid::new("2026-03-02T10:50:00Z".parse()?, quarter, 4)?;
    /// assert!(morning.is_aligned_with(&later));
    /// assert!(!morning.is_aligned_with(&shifted));
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_aligned_with(&self, other: &Self) -> bool {
        self.step_minutes == other.step_minutes
            && other.start.signed_duration_since(self.start).num_seconds()
                % (i64::from(self.step_minutes) * 60)
                == 0
    }

    /// Checks that `other` is the same grid, reporting the first difference.
    ///
    /// # Errors
    ///
    /// [`Error::Misaligned`] naming the first of start, step and length that
    /// differs.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{Error, GridDifference, IntervalGrid};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let start = "2026-03-02T08:00:00Z".parse()?;
    /// let a = IntervalGrid::new(start, Duration::from_secs(900), 4)?;
    /// let b = IntervalGrid::new(start, Duration::from_secs(1800), 4)?;
    /// a.ensure_matches(&a)?;
    /// assert!(matches!(
    ///     a.ensure_matches(&b),
    ///     Err(Error::Misaligned { difference: GridDifference::Step { .. } })
    /// ));
    /// # Ok(())
    /// # }
    /// ```
    pub fn ensure_matches(&self, other: &Self) -> Result<()> {
        let difference = if self.start != other.start {
            GridDifference::Start {
                left: self.start,
                right: other.start,
            }
        } else if self.step_minutes != other.step_minutes {
            GridDifference::Step {
                left: self.step(),
                right: other.step(),
            }
        } else if self.len != other.len {
            GridDifference::Length {
                left: self.len,
                right: other.len,
            }
        } else {
            return Ok(());
        };
        Err(Error::Misaligned { difference })
    }

    /// The sub-grid of the intervals with indices in `range`.
    ///
    /// # Errors
    ///
    /// [`Error::RangeOutOfBounds`] if the range does not lie within `0..len`
    /// or ends before it starts.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::{DateTime, Utc};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let day = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(1800), 48)?;
    /// let office_hours = day.slice(16..36)?;
    /// assert_eq!(office_hours.start(), "2026-03-02T08:00:00Z".parse::<DateTime<Utc>>()?);
    /// assert_eq!(office_hours.len(), 20);
    /// assert!(day.slice(40..50).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Result<Self> {
        let range = resolve_range(range, self.len)?;
        let out_of_bounds = || Error::RangeOutOfBounds {
            start: range.start,
            end: range.end,
            len: self.len,
        };
        let start =
            advance(self.start, self.step_minutes, range.start).ok_or_else(out_of_bounds)?;
        let end = advance(self.start, self.step_minutes, range.end).ok_or_else(out_of_bounds)?;
        Ok(Self {
            start,
            step_minutes: self.step_minutes,
            len: range.len(),
            end,
        })
    }

    /// The grid with the same start and end and a coarser step, each coarse
    /// interval covering a whole number of this grid's intervals.
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidParameter`] if `coarse_step` is not a valid step.
    /// - [`Error::IncompatibleStep`] if it is not a whole multiple of this
    ///   grid's step.
    /// - [`Error::IncompleteCoarseInterval`] if the grid's length is not a
    ///   whole number of coarse intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let day = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(900), 96)?;
    /// let hourly = day.coarsen(Duration::from_secs(3600))?;
    /// assert_eq!(hourly.len(), 24);
    /// assert_eq!(hourly.end(), day.end());
    /// assert!(day.coarsen(Duration::from_secs(20 * 60)).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn coarsen(&self, coarse_step: Duration) -> Result<Self> {
        let coarse_minutes = step_in_minutes(coarse_step)?;
        if !coarse_minutes.is_multiple_of(self.step_minutes) {
            return Err(Error::IncompatibleStep {
                step: self.step(),
                coarse_step,
            });
        }
        let group = (coarse_minutes / self.step_minutes) as usize;
        if !self.len.is_multiple_of(group) {
            return Err(Error::IncompleteCoarseInterval {
                len: self.len,
                group,
            });
        }
        Ok(Self {
            start: self.start,
            step_minutes: coarse_minutes,
            len: self.len / group,
            end: self.end,
        })
    }

    /// The start of interval `index` in the local time of `tz`, or `None` if
    /// `index >= len` or the local time is outside chrono's dates (an
    /// interval in the last hours of year +262142 east of UTC, or the first
    /// hours of -262143 west of it), where chrono's local accessors would
    /// panic.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::Timelike;
    /// use servops_core::chrono_tz::America::New_York;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-07-01T13:00:00Z".parse()?, Duration::from_secs(1800), 4)?;
    /// let local = grid.local_start(0, New_York).ok_or("no interval")?;
    /// assert_eq!(local.hour(), 9); // EDT is UTC-4
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_start(&self, index: usize, tz: Tz) -> Option<DateTime<Tz>> {
        self.interval_start(index)
            .filter(|&t| local_naive(t, tz).is_some())
            .map(|t| t.with_timezone(&tz))
    }

    /// The local calendar date in `tz` on which interval `index` starts, or
    /// `None` if `index >= len` or [`local_start`](Self::local_start) is
    /// `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::NaiveDate;
    /// use servops_core::chrono_tz::Asia::Tokyo;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // 15:00 UTC is already midnight of the next day in Tokyo (UTC+9).
    /// let grid = IntervalGrid::new("2026-03-01T15:00:00Z".parse()?, Duration::from_secs(3600), 1)?;
    /// assert_eq!(grid.local_date(0, Tokyo), NaiveDate::from_ymd_opt(2026, 3, 2));
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_date(&self, index: usize, tz: Tz) -> Option<NaiveDate> {
        self.local_start(index, tz).map(|t| t.date_naive())
    }

    /// The local weekday in `tz` on which interval `index` starts, or `None`
    /// if `index >= len` or [`local_start`](Self::local_start) is `None`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::Weekday;
    /// use servops_core::chrono_tz::America::Los_Angeles;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Monday 02:00 UTC is still Sunday evening in Los Angeles.
    /// let grid = IntervalGrid::new("2026-03-02T02:00:00Z".parse()?, Duration::from_secs(3600), 1)?;
    /// assert_eq!(grid.local_weekday(0, Los_Angeles), Some(Weekday::Sun));
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_weekday(&self, index: usize, tz: Tz) -> Option<Weekday> {
        self.local_start(index, tz).map(|t| t.weekday())
    }

    /// The local wall-clock time in `tz` at which interval `index` starts, in
    /// minutes after midnight (`0..1440`), or `None` if `index >= len` or
    /// [`local_start`](Self::local_start) is `None`.
    ///
    /// This is the clock reading, not the time elapsed since the day began:
    /// on the day the clocks go forward in London, the 15 minute interval
    /// after the one at 00:45 reads 120 (02:00), not 60, because 01:00 to
    /// 02:00 is skipped. Time-of-day profiles should key on this reading.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::NaiveDate;
    /// use servops_core::chrono_tz::Europe::London;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let day = NaiveDate::from_ymd_opt(2026, 3, 29).ok_or("date")?;
    /// let grid = IntervalGrid::local_days(day, 1, Duration::from_secs(900), London)?;
    /// assert_eq!(grid.local_minute_of_day(3, London), Some(45));
    /// assert_eq!(grid.local_minute_of_day(4, London), Some(120)); // 01:00 GMT is 02:00 BST
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_minute_of_day(&self, index: usize, tz: Tz) -> Option<u32> {
        self.local_start(index, tz)
            .map(|t| t.hour() * 60 + t.minute())
    }

    /// Groups the intervals by the local day in `tz` in which they start:
    /// each run of consecutive intervals starting in the same day, with its
    /// date and index range, in order.
    ///
    /// The local day of a date runs from its
    /// [`start_of_local_day`] to that of the next
    /// date, as in [`local_days`](Self::local_days), so on a grid from
    /// `local_days` there is one entry per day of non-zero length, and each
    /// range holds that day's intervals: 92, 96 or 100 of 15 minutes in
    /// London. (A date the clocks skip entirely has no entry, and intervals
    /// whose local time is outside chrono's dates, as for
    /// [`local_start`](Self::local_start), are left out.) This is the
    /// clock's date except where the clocks go back across midnight: in
    /// America/St_Johns until 2011 they went back at 00:01 on a Sunday to
    /// 23:01 on the Saturday, and that repeated hour belongs to Sunday,
    /// whose day had begun, though [`local_date`](Self::local_date) reads
    /// Saturday.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::IntervalGrid;
    /// use servops_core::chrono::NaiveDate;
    /// use servops_core::chrono_tz::America::New_York;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // The clocks went forward in New York on 2026-03-08.
    /// let first = NaiveDate::from_ymd_opt(2026, 3, 7).ok_or("date")?;
    /// let grid = IntervalGrid::local_days(first, 3, Duration::from_secs(900), New_York)?;
    /// let counts: Vec<usize> = grid.local_day_ranges(New_York).into_iter().map(|(_, r)| r.len()).collect();
    /// assert_eq!(counts, [96, 92, 96]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_day_ranges(&self, tz: Tz) -> Vec<(NaiveDate, Range<usize>)> {
        let mut days: Vec<(NaiveDate, Range<usize>)> = Vec::new();
        // The start of the day after the last one pushed; `None` where it is
        // beyond the supported range, and each interval is looked up.
        let mut next_day_start = None;
        for (index, start) in self.starts().enumerate() {
            let date = match (days.last(), next_day_start) {
                (Some(&(date, _)), Some(next)) if start < next => date,
                _ => {
                    // Out of chrono's dates: only the first or last few
                    // intervals of a grid at the ends of the range.
                    let Some((date, next)) = local_day_of(start, tz) else {
                        continue;
                    };
                    next_day_start = next;
                    date
                }
            };
            match days.last_mut() {
                Some((last, range)) if *last == date && range.end == index => {
                    range.end = index + 1;
                }
                _ => days.push((date, index..index + 1)),
            }
        }
        days
    }
}

impl fmt::Display for IntervalGrid {
    /// Formats as `48 intervals of 30 min from 2026-03-02 00:00:00 UTC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} intervals of {} from {}",
            self.len,
            DisplayDuration(self.step()),
            self.start
        )
    }
}

/// Iterator over the start instants of a grid's intervals, returned by
/// [`IntervalGrid::starts`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalStarts};
/// use servops_core::chrono::{DateTime, Utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 3)?;
/// let mut starts: IntervalStarts = grid.starts();
/// assert_eq!(starts.next_back(), Some("2026-03-02T10:00:00Z".parse::<DateTime<Utc>>()?));
/// assert_eq!(starts.len(), 2);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct IntervalStarts {
    start: DateTime<Utc>,
    step_minutes: u32,
    front: usize,
    back: usize,
}

impl Iterator for IntervalStarts {
    type Item = DateTime<Utc>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        let instant = advance(self.start, self.step_minutes, self.front)?;
        self.front += 1;
        Some(instant)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = self.back - self.front;
        (remaining, Some(remaining))
    }

    fn nth(&mut self, n: usize) -> Option<Self::Item> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for IntervalStarts {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        let instant = advance(self.start, self.step_minutes, self.back - 1)?;
        self.back -= 1;
        Some(instant)
    }
}

impl ExactSizeIterator for IntervalStarts {}

impl FusedIterator for IntervalStarts {}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn minutes(m: u64) -> Duration {
        Duration::from_secs(m * 60)
    }

    #[test]
    fn accepts_every_step_dividing_a_day() {
        for m in 1..=1440u64 {
            let r = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(m), 3);
            assert_eq!(r.is_ok(), 1440 % m == 0, "{m} min");
        }
    }

    #[test]
    fn rejects_steps_that_are_not_whole_minutes() {
        let start = utc("2026-01-01T00:00:00Z");
        for step in [
            Duration::ZERO,
            Duration::from_secs(30),
            Duration::from_secs(90),
            Duration::from_millis(900_001),
            minutes(2880),
        ] {
            let err = IntervalGrid::new(start, step, 1).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidParameter {
                        name: "interval step",
                        ..
                    }
                ),
                "{err}"
            );
        }
    }

    #[test]
    fn step_error_message_names_value() {
        let err = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(7), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "interval step must be a whole number of minutes dividing 24 hours, got 7 min"
        );
    }

    #[test]
    fn start_must_be_on_a_whole_minute() {
        let err = IntervalGrid::new(utc("2026-01-01T00:00:30Z"), minutes(15), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "grid start must be on a whole minute, got 2026-01-01 00:00:30 UTC"
        );
        let fractional = utc("2026-01-01T00:00:00.5Z");
        assert!(IntervalGrid::new(fractional, minutes(15), 1).is_err());
        // Off-step starts on whole minutes are fine.
        assert!(IntervalGrid::new(utc("2026-01-01T00:07:00Z"), minutes(15), 1).is_ok());
        // Before 1970 too.
        assert!(IntervalGrid::new(utc("1969-12-31T23:59:00Z"), minutes(15), 1).is_ok());
        assert!(IntervalGrid::new(utc("1969-12-31T23:59:30Z"), minutes(15), 1).is_err());
    }

    #[test]
    fn huge_lengths_are_rejected_not_overflowed() {
        let start = utc("2026-01-01T00:00:00Z");
        for len in [usize::MAX, usize::MAX / 2, 1usize << 40] {
            let err = IntervalGrid::new(start, minutes(1440), len).unwrap_err();
            assert!(matches!(
                err,
                Error::InvalidParameter {
                    name: "grid length",
                    ..
                }
            ));
        }
    }

    #[test]
    fn index_of_covers_interval_and_excludes_end() {
        let g = IntervalGrid::new(utc("2026-01-01T08:00:00Z"), minutes(15), 4).unwrap();
        assert_eq!(g.index_of(utc("2026-01-01T07:59:59Z")), None);
        assert_eq!(g.index_of(utc("2026-01-01T08:00:00Z")), Some(0));
        assert_eq!(g.index_of(utc("2026-01-01T08:14:59.999Z")), Some(0));
        assert_eq!(g.index_of(utc("2026-01-01T08:15:00Z")), Some(1));
        assert_eq!(g.index_of(utc("2026-01-01T08:59:59Z")), Some(3));
        assert_eq!(g.index_of(utc("2026-01-01T09:00:00Z")), None);
        assert!(!g.contains(g.end()));
        assert!(g.contains(g.start()));
    }

    #[test]
    fn empty_grid_contains_nothing() {
        let g = IntervalGrid::new(utc("2026-01-01T08:00:00Z"), minutes(15), 0).unwrap();
        assert!(g.is_empty());
        assert_eq!(g.index_of(g.start()), None);
        assert_eq!(g.interval_start(0), None);
        assert_eq!(g.starts().next(), None);
        assert!(g.local_day_ranges(chrono_tz::UTC).is_empty());
    }

    #[test]
    fn starts_iterates_both_ends_exactly() {
        let g = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(60), 5).unwrap();
        let mut it = g.starts();
        assert_eq!(it.len(), 5);
        assert_eq!(it.next(), Some(utc("2026-01-01T00:00:00Z")));
        assert_eq!(it.next_back(), Some(utc("2026-01-01T04:00:00Z")));
        assert_eq!(it.nth(1), Some(utc("2026-01-01T02:00:00Z")));
        assert_eq!(it.len(), 1);
        assert_eq!(it.next(), Some(utc("2026-01-01T03:00:00Z")));
        assert_eq!(it.next(), None);
        assert_eq!(it.next_back(), None);
        assert_eq!(g.starts().nth(99), None);
        let rev: Vec<_> = g.starts().rev().collect();
        let mut fwd: Vec<_> = g.starts().collect();
        fwd.reverse();
        assert_eq!(rev, fwd);
    }

    #[test]
    fn slice_bounds() {
        let g = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(30), 48).unwrap();
        assert_eq!(g.slice(..).unwrap(), g);
        assert_eq!(g.slice(48..).unwrap().len(), 0);
        assert_eq!(g.slice(48..).unwrap().start(), g.end());
        assert_eq!(g.slice(..=0).unwrap().len(), 1);
        let (from, to) = (10, 5);
        assert_eq!(
            g.slice(from..to).unwrap_err(),
            Error::RangeOutOfBounds {
                start: 10,
                end: 5,
                len: 48
            }
        );
        assert_eq!(
            g.slice(40..=48).unwrap_err(),
            Error::RangeOutOfBounds {
                start: 40,
                end: 49,
                len: 48
            }
        );
        assert!(g.slice(..=usize::MAX).is_err());
        assert!(
            g.slice((Bound::Excluded(usize::MAX), Bound::Unbounded))
                .is_err()
        );
    }

    #[test]
    fn ensure_matches_reports_first_difference() {
        let a = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(30), 4).unwrap();
        let b = IntervalGrid::new(utc("2026-01-01T00:30:00Z"), minutes(15), 5).unwrap();
        assert_eq!(
            a.ensure_matches(&b).unwrap_err(),
            Error::Misaligned {
                difference: GridDifference::Start {
                    left: a.start(),
                    right: b.start()
                }
            }
        );
        let c = IntervalGrid::new(a.start(), minutes(15), 5).unwrap();
        assert_eq!(
            a.ensure_matches(&c).unwrap_err().to_string(),
            "interval grids are misaligned: step 30 min differs from 15 min"
        );
    }

    #[test]
    fn alignment_ignores_length_but_not_phase() {
        let a = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(30), 4).unwrap();
        let before = IntervalGrid::new(utc("2025-12-31T12:00:00Z"), minutes(30), 1).unwrap();
        let phase = IntervalGrid::new(utc("2026-01-01T00:15:00Z"), minutes(30), 4).unwrap();
        let other_step = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(15), 4).unwrap();
        assert!(a.is_aligned_with(&before));
        assert!(before.is_aligned_with(&a));
        assert!(!a.is_aligned_with(&phase));
        assert!(!a.is_aligned_with(&other_step));
    }

    #[test]
    fn coarsen_checks_step_and_length() {
        let g = IntervalGrid::new(utc("2026-01-01T00:00:00Z"), minutes(15), 10).unwrap();
        assert_eq!(g.coarsen(minutes(30)).unwrap().len(), 5);
        assert_eq!(
            g.coarsen(minutes(60)).unwrap_err(),
            Error::IncompleteCoarseInterval { len: 10, group: 4 }
        );
        assert_eq!(
            g.coarsen(minutes(5)).unwrap_err(),
            Error::IncompatibleStep {
                step: minutes(15),
                coarse_step: minutes(5)
            }
        );
        assert_eq!(g.coarsen(minutes(15)).unwrap(), g);
        assert!(matches!(
            g.coarsen(minutes(7)).unwrap_err(),
            Error::InvalidParameter { .. }
        ));
    }

    #[test]
    fn display_is_readable() {
        let g = IntervalGrid::new(utc("2026-03-02T00:00:00Z"), minutes(30), 48).unwrap();
        assert_eq!(
            g.to_string(),
            "48 intervals of 30 min from 2026-03-02 00:00:00 UTC"
        );
    }

    #[test]
    fn step_accessors_agree() {
        let g = IntervalGrid::new(utc("2026-03-02T00:00:00Z"), minutes(90), 2).unwrap();
        assert_eq!(g.step(), minutes(90));
        assert_eq!(g.step_minutes(), 90);
        assert_eq!(g.step_hours(), 1.5);
    }

    #[test]
    fn local_days_rejects_bad_step_and_range() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(matches!(
            IntervalGrid::local_days(day, 1, minutes(7), chrono_tz::UTC),
            Err(Error::InvalidParameter {
                name: "interval step",
                ..
            })
        ));
        assert!(matches!(
            IntervalGrid::local_days(day, usize::MAX, minutes(60), chrono_tz::UTC),
            Err(Error::InvalidParameter {
                name: "number of days",
                ..
            })
        ));
        let zero = IntervalGrid::local_days(day, 0, minutes(60), chrono_tz::UTC).unwrap();
        assert!(zero.is_empty());
        assert_eq!(zero.start(), utc("2026-01-01T00:00:00Z"));
    }
}
