//! Interval history arranged by local calendar day.

use chrono::{NaiveDate, Offset, Timelike};
use servops_core::chrono_tz::Tz;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::calendar::{Calendar, DayType};
use crate::error::{Error, Result, invalid};

/// One complete local day of history, normalised by the calendar factor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Day {
    pub(crate) date: NaiveDate,
    pub(crate) day_type: DayType,
    /// Values per clock slot (minute of day / step), divided by the day's
    /// calendar factor; closed slots are 0.
    pub(crate) values: Vec<f64>,
    /// Whether each slot is open.
    pub(crate) open: Vec<bool>,
    /// Sum of `values`.
    pub(crate) total: f64,
}

/// Interval history of one series arranged by local calendar day: the input
/// every forecasting method fits on.
///
/// Built from an `IntervalSeries<Option<f64>>` (`None` = no observation)
/// and a [`Calendar`]. Each local day whose open intervals are all observed
/// becomes a *complete* day and is used for fitting; a day with a missing
/// open interval, a closed day, and a date absent from the data are left
/// out (and counted in [`History::incomplete_days`]), so a gap can never
/// shift a seasonal cycle. Values are divided by the calendar factor of
/// their date (special-day multiplier times overrides), so a special day
/// still teaches its type.
///
/// # Daylight saving
///
/// Slots are keyed by the local clock reading (minute of day / step). On a
/// 25-hour day the repeated clock slots are averaged; on a 23-hour day the
/// skipped slots have no observation, so the day is used only if none of
/// them is open. Forecasts on such days give each existing interval the
/// value of its clock slot. Days are clock dates: where the clocks went
/// back across midnight (America/St_Johns until 2011, from 00:01 on a
/// Sunday to 23:01 on the Saturday), the repeated Saturday slots are
/// averaged into Saturday and both readings of Sunday's 00:00 into Sunday.
///
/// # Errors
///
/// See [`History::new`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, History};
/// use servops_forecast::chrono::NaiveDate;
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let first = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// let series = IntervalSeries::from_fn(grid, |i, _| Some((i % 24) as f64));
/// let history = History::new(&series, Calendar::new(UTC))?;
/// assert_eq!(history.complete_days(), 14);
/// assert_eq!(history.slots_per_day(), 24);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    calendar: Calendar,
    step_minutes: u32,
    slots: usize,
    days: Vec<Day>,
    incomplete: usize,
    end: NaiveDate,
}

impl History {
    /// Arranges a series by local day under a calendar.
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidValue`] for a NaN, infinite or negative value;
    /// - [`Error::CalendarMismatch`] if an interval starts off the step's
    ///   clock slots (a 30 minute grid starting at 07:10 local);
    /// - [`Error::InvalidParameter`] for an empty series, or a complete day
    ///   whose total (each value divided by the day's calendar factor)
    ///   overflows `f64`: values near `f64::MAX`, or near `f64::MAX / 1000`
    ///   on a day with a small special-day multiplier;
    /// - [`Error::InvalidParameter`] named `calendar factor`, with the first
    ///   such date as its value, if the calendar's
    ///   [`factor`](Calendar::factor) on some date (not only one the series
    ///   covers) is outside [`Calendar::MIN_FACTOR`]`..=`
    ///   [`Calendar::MAX_FACTOR`]: a special day added with a multiplier
    ///   that, times the overrides covering it, leaves that range.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, Error, History};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// let bad = IntervalSeries::from_fn(grid, |i, _| Some(if i == 5 { -1.0 } else { 1.0 }));
    /// assert!(matches!(History::new(&bad, Calendar::new(UTC)), Err(Error::InvalidValue { index: 5, .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(series: &IntervalSeries<Option<f64>>, calendar: Calendar) -> Result<Self> {
        let grid = series.grid();
        if grid.is_empty() {
            return Err(invalid("history length", 0, ">= 1 interval"));
        }
        // `Calendar::with_special_day` cannot fail: the products of its
        // multipliers and the overrides are checked here, once, so that no
        // fit or forecast sees a factor outside [0.001, 1000].
        calendar.check_factors()?;
        let step = grid.step_minutes();
        let slots = (1440 / step) as usize;
        let tz = calendar.time_zone();
        // Accumulate each clock date's slots. A date's intervals are one run
        // except where the clocks go back across midnight (St_Johns until
        // 2011: from 00:01 Sunday to 23:01 Saturday), where Saturday's
        // repeated slots come after Sunday's first interval; they are
        // averaged into Saturday as on any 25-hour day.
        struct Acc {
            date: NaiveDate,
            sum: Vec<f64>,
            count: Vec<u32>,
            missing_open: bool,
        }
        let mut accs: Vec<Acc> = Vec::new();
        for (date, range, minutes) in local_days(grid, tz) {
            let hours = calendar.hours(date);
            // A date seen before is at most two runs back (Saturday, Sunday,
            // Saturday again), so the search is short.
            let recent = accs.len().saturating_sub(3);
            let found = accs
                .iter()
                .skip(recent)
                .rposition(|a| a.date == date)
                .map(|k| k + recent);
            let k = match found {
                Some(k) => k,
                None => {
                    accs.push(Acc {
                        date,
                        sum: vec![0.0; slots],
                        count: vec![0; slots],
                        missing_open: false,
                    });
                    accs.len() - 1
                }
            };
            let Some(acc) = accs.get_mut(k) else {
                continue;
            };
            for (i, minute) in range.zip(minutes) {
                if !minute.is_multiple_of(step) {
                    return Err(Error::CalendarMismatch {
                        reason: format!(
                            "interval {i} starts at local minute {minute}, not on a {step} minute slot"
                        ),
                    });
                }
                let slot = (minute / step) as usize;
                let v = series.get(i).copied().flatten();
                if let Some(x) = v
                    && !(x.is_finite() && x >= 0.0)
                {
                    return Err(Error::InvalidValue { index: i, value: x });
                }
                let is_open = hours.is_some_and(|h| h.contains(minute));
                if !is_open {
                    continue;
                }
                match v {
                    Some(x) => {
                        if let (Some(s), Some(c)) = (acc.sum.get_mut(slot), acc.count.get_mut(slot))
                        {
                            *s += x;
                            *c += 1;
                        }
                    }
                    None => acc.missing_open = true,
                }
            }
        }
        let mut days = Vec::new();
        let mut incomplete = 0usize;
        let end = accs.iter().map(|a| a.date).max();
        for Acc {
            date,
            sum,
            count,
            missing_open,
        } in accs
        {
            let hours = calendar.hours(date);
            let day_type = calendar.day_type(date);
            let Some(h) = hours else {
                continue;
            };
            if day_type == DayType::Closed {
                continue;
            }
            let open: Vec<bool> = (0..slots).map(|s| h.contains(s as u32 * step)).collect();
            let all_seen = open.iter().zip(&count).all(|(o, c)| !*o || *c > 0);
            if missing_open || !all_seen {
                incomplete += 1;
                continue;
            }
            let factor = calendar.factor(date);
            let values: Vec<f64> = sum
                .iter()
                .zip(&count)
                .map(|(s, c)| {
                    if *c > 0 {
                        s / f64::from(*c) / factor
                    } else {
                        0.0
                    }
                })
                .collect();
            let total: f64 = values.iter().sum();
            if !total.is_finite() {
                // Every value is finite, so the sum (or a division by a
                // tiny calendar factor) overflowed: no method could use it.
                return Err(invalid(
                    "history day total",
                    date,
                    "finite: the day's values (divided by its calendar factor) overflow f64",
                ));
            }
            days.push(Day {
                date,
                day_type,
                values,
                open,
                total,
            });
        }
        let end = end.ok_or_else(|| invalid("history length", 0, ">= 1 interval"))?;
        Ok(Self {
            calendar,
            step_minutes: step,
            slots,
            days,
            incomplete,
            end,
        })
    }

    /// The calendar.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// assert_eq!(h.calendar().time_zone(), UTC);
    /// # Ok(())
    /// # }
    /// ```
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Interval length in minutes.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// assert_eq!(h.step_minutes(), 60);
    /// # Ok(())
    /// # }
    /// ```
    pub fn step_minutes(&self) -> u32 {
        self.step_minutes
    }

    /// Clock slots per day (1440 / step).
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(1800), 48)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// assert_eq!(h.slots_per_day(), 48);
    /// # Ok(())
    /// # }
    /// ```
    pub fn slots_per_day(&self) -> usize {
        self.slots
    }

    /// Number of complete days usable for fitting.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// assert_eq!(h.complete_days(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn complete_days(&self) -> usize {
        self.days.len()
    }

    /// Number of open days left out because an open interval is missing.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let s = IntervalSeries::from_fn(grid, |i, _| if i == 30 { None } else { Some(1.0) });
    /// let h = History::new(&s, Calendar::new(UTC))?;
    /// assert_eq!((h.complete_days(), h.incomplete_days()), (1, 1));
    /// # Ok(())
    /// # }
    /// ```
    pub fn incomplete_days(&self) -> usize {
        self.incomplete
    }

    /// The last local date covered by the series.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono::NaiveDate;
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// assert_eq!(h.end_date(), NaiveDate::from_ymd_opt(2026, 3, 3).ok_or("d")?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn end_date(&self) -> NaiveDate {
        self.end
    }

    /// The dates of the complete days, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// assert_eq!(h.dates().len(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn dates(&self) -> Vec<NaiveDate> {
        self.days.iter().map(|d| d.date).collect()
    }

    /// The history before `date` (days on or after it dropped), keeping at
    /// most the last `max_days` complete days if given. The end date becomes
    /// the day before `date`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `date` is before the first complete day
    /// or `max_days` is `Some(0)`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono::NaiveDate;
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 10)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// let cut = h.before(NaiveDate::from_ymd_opt(2026, 3, 9).ok_or("d")?, Some(3))?;
    /// assert_eq!(cut.complete_days(), 3);
    /// # Ok(())
    /// # }
    /// ```
    pub fn before(&self, date: NaiveDate, max_days: Option<usize>) -> Result<Self> {
        if max_days == Some(0) {
            return Err(invalid("max days", 0, ">= 1"));
        }
        let n = self.days.partition_point(|d| d.date < date);
        if n == 0 {
            return Err(invalid(
                "cut-off date",
                date,
                "after the first complete day of the history",
            ));
        }
        let first = max_days.map_or(0, |m| n.saturating_sub(m));
        let end = date.pred_opt().unwrap_or(date);
        Ok(Self {
            calendar: self.calendar.clone(),
            step_minutes: self.step_minutes,
            slots: self.slots,
            days: self
                .days
                .get(first..n)
                .map(<[Day]>::to_vec)
                .unwrap_or_default(),
            incomplete: 0,
            end,
        })
    }

    /// The values of a complete day per clock slot (divided by the
    /// calendar factor of the date; closed slots 0), or `None` if the date
    /// is not a complete day of the history.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono::NaiveDate;
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let h = History::new(&IntervalSeries::from_fn(grid, |i, _| Some(i as f64)), Calendar::new(UTC))?;
    /// let day = h.day_values(NaiveDate::from_ymd_opt(2026, 3, 3).ok_or("d")?).ok_or("day")?;
    /// assert_eq!(day[0], 24.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn day_values(&self, date: NaiveDate) -> Option<&[f64]> {
        let i = self.days.binary_search_by(|d| d.date.cmp(&date)).ok()?;
        self.days.get(i).map(|d| d.values.as_slice())
    }

    /// The complete days, oldest first.
    pub(crate) fn days(&self) -> &[Day] {
        &self.days
    }

    /// A copy with every complete day's values divided by `factor(date)`
    /// (a factor that is not finite and > 0 leaves the day as it is).
    pub(crate) fn divided_by(&self, mut factor: impl FnMut(NaiveDate) -> f64) -> Self {
        let mut out = self.clone();
        for day in &mut out.days {
            let f = factor(day.date);
            if f.is_finite() && f > 0.0 && f != 1.0 {
                for v in &mut day.values {
                    *v /= f;
                }
                day.total /= f;
            }
        }
        out
    }

    /// A copy with the values of the complete days for which `map` returns
    /// new ones replaced (same length; the total is recomputed).
    pub(crate) fn with_days_mapped(&self, mut map: impl FnMut(&Day) -> Option<Vec<f64>>) -> Self {
        let mut out = self.clone();
        for day in &mut out.days {
            if let Some(v) = map(day)
                && v.len() == day.values.len()
            {
                day.total = v.iter().sum();
                day.values = v;
            }
        }
        out
    }

    /// Number of open days from the day after the history's end up to and
    /// including `date` (0 if `date` is not after the end): the lead time in
    /// operating days.
    ///
    /// Counted in closed form (whole weeks of open weekdays, corrected by
    /// the special days in between), so the time does not grow with the
    /// distance to `date`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use servops_core::{IntervalGrid, IntervalSeries};
    /// # use servops_forecast::{Calendar, History};
    /// # use servops_forecast::chrono::{NaiveDate, Weekday};
    /// # use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // History ends on Friday 2026-03-06; Saturday and Sunday are closed.
    /// # let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 5)?;
    /// let cal = Calendar::new(UTC).with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None);
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), cal)?;
    /// assert_eq!(h.lead_days(NaiveDate::from_ymd_opt(2026, 3, 9).ok_or("d")?), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn lead_days(&self, date: NaiveDate) -> usize {
        lead_days(&self.calendar, self.end, date)
    }

    pub(crate) fn context(&self) -> Context {
        Context {
            calendar: self.calendar.clone(),
            step_minutes: self.step_minutes,
            slots: self.slots,
            end: self.end,
            no_contacts: self.days.iter().all(|d| d.total <= 0.0),
        }
    }
}

/// The grid's intervals grouped by local date, with each interval's local
/// clock minute. Two time-zone conversions per day where the UTC offset is
/// the same at the day's first and last interval (every real zone changes
/// offset at most once a day); otherwise one per interval. A day whose
/// clocks go back at its end (Santiago: from 24:00 to 23:00 the same day)
/// looks whole after 24 hours; the repeated hour that follows is joined
/// to it.
pub(crate) fn local_days(
    grid: &IntervalGrid,
    tz: Tz,
) -> Vec<(NaiveDate, std::ops::Range<usize>, Vec<u32>)> {
    let step = i64::from(grid.step_minutes());
    let n = grid.len();
    let local = |i: usize| {
        grid.interval_start(i).map(|t| {
            let l = t.with_timezone(&tz);
            let off = l.offset().fix().local_minus_utc();
            (l.date_naive(), l.hour() * 60 + l.minute(), off)
        })
    };
    let mut out: Vec<(NaiveDate, std::ops::Range<usize>, Vec<u32>)> = Vec::new();
    // Adds a run of intervals, joining it to the run before on the same date.
    let push = |out: &mut Vec<(NaiveDate, std::ops::Range<usize>, Vec<u32>)>,
                date: NaiveDate,
                range: std::ops::Range<usize>,
                minutes: Vec<u32>| {
        match out.last_mut() {
            Some((d, r, m)) if *d == date && r.end == range.start => {
                r.end = range.end;
                m.extend(minutes);
            }
            _ => out.push((date, range, minutes)),
        }
    };
    let mut i = 0;
    while i < n {
        let Some((date, minute, off)) = local(i) else {
            break;
        };
        // Intervals left in this local day if the offset stays the same.
        let left = ((1440 - i64::from(minute)) + step - 1) / step;
        let guess_end = (i + usize::try_from(left).unwrap_or(1).max(1)).min(n);
        let same = local(guess_end - 1).is_some_and(|(d, _, o)| d == date && o == off);
        if same {
            let minutes = (0..guess_end - i)
                .map(|k| minute + (k as u32) * grid.step_minutes())
                .collect();
            push(&mut out, date, i..guess_end, minutes);
            i = guess_end;
        } else {
            let mut minutes = Vec::new();
            let start = i;
            while i < n {
                match local(i) {
                    Some((d, m, _)) if d == date => {
                        minutes.push(m);
                        i += 1;
                    }
                    _ => break,
                }
            }
            push(&mut out, date, start..i, minutes);
        }
    }
    out
}

/// The open days in `(end, date]`, counted in closed form (time
/// independent of the distance; see `Calendar::open_days_between`).
pub(crate) fn lead_days(calendar: &Calendar, end: NaiveDate, date: NaiveDate) -> usize {
    calendar.open_days_between(end, date)
}

/// What a fitted model needs to turn per-slot day forecasts into a series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Context {
    pub(crate) calendar: Calendar,
    pub(crate) step_minutes: u32,
    pub(crate) slots: usize,
    pub(crate) end: NaiveDate,
    /// Whether no complete day of the history has a contact: then every
    /// method forecasts 0 (the multiplicative and transformed ones would
    /// otherwise leave their floors and rounding: 0.006, 2e-17, 3e-16).
    pub(crate) no_contacts: bool,
}

impl Context {
    /// Open flags of `date` per slot.
    pub(crate) fn open_slots(&self, date: NaiveDate) -> Vec<bool> {
        let hours = self.calendar.hours(date);
        let closed = self.calendar.day_type(date) == DayType::Closed;
        (0..self.slots)
            .map(|s| !closed && hours.is_some_and(|h| h.contains(s as u32 * self.step_minutes)))
            .collect()
    }

    /// Expands per-slot day forecasts onto a grid.
    pub(crate) fn expand(
        &self,
        grid: &IntervalGrid,
        mut day: impl FnMut(NaiveDate, usize) -> Result<Vec<f64>>,
    ) -> Result<IntervalSeries<f64>> {
        if grid.step_minutes() != self.step_minutes {
            return Err(Error::CalendarMismatch {
                reason: format!(
                    "forecast grid step {} min differs from the history step {} min",
                    grid.step_minutes(),
                    self.step_minutes
                ),
            });
        }
        let tz = self.calendar.time_zone();
        let mut values = vec![0.0; grid.len()];
        // The lead of the previous local day: each day adds the open days
        // since it, so a grid far from the history costs its own length.
        let mut previous: Option<(NaiveDate, usize)> = None;
        let mut recent: Vec<(NaiveDate, Vec<f64>)> = Vec::with_capacity(3);
        for (date, range, minutes) in local_days(grid, tz) {
            if date <= self.end {
                return Err(Error::ForecastOverlapsHistory {
                    grid_start: date,
                    history_end: self.end,
                });
            }
            let lead = match previous {
                Some((p, lead)) if p <= date => {
                    lead.saturating_add(self.calendar.open_days_between(p, date))
                }
                _ => lead_days(&self.calendar, self.end, date),
            };
            previous = Some((date, lead));
            // A clock change at midnight splits a local date into runs that
            // alternate with the next date's (section 1 of docs/forecast.md):
            // each date's forecast is computed once and reused.
            let profile = match recent.iter().position(|(d, _)| *d == date) {
                Some(k) => recent.swap_remove(k).1,
                None if self.open_slots(date).iter().any(|o| *o) => day(date, lead)?,
                None => vec![0.0; self.slots],
            };
            for (i, minute) in range.zip(minutes) {
                if !minute.is_multiple_of(self.step_minutes) {
                    return Err(Error::CalendarMismatch {
                        reason: format!(
                            "interval {i} starts at local minute {minute}, not on a {} minute slot",
                            self.step_minutes
                        ),
                    });
                }
                let slot = (minute / self.step_minutes) as usize;
                if let Some(v) = values.get_mut(i) {
                    *v = profile.get(slot).copied().unwrap_or(0.0);
                }
            }
            recent.push((date, profile));
            if recent.len() > 2 {
                recent.remove(0);
            }
        }
        Ok(IntervalSeries::new(*grid, values)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fast_local_days_match_the_core_conversions() {
        let zones = [
            servops_core::chrono_tz::UTC,
            servops_core::chrono_tz::Europe::London,
            servops_core::chrono_tz::America::New_York,
            servops_core::chrono_tz::Australia::Lord_Howe,
            servops_core::chrono_tz::Asia::Kolkata,
            servops_core::chrono_tz::Asia::Kathmandu,
            // The clocks go back at midnight, from 24:00 on Saturday
            // 2026-04-04 to 23:00 the same Saturday, and forward from
            // 24:00 to 01:00 on 2026-09-06.
            servops_core::chrono_tz::America::Santiago,
        ];
        for tz in zones {
            for (start, step) in [
                ("2026-03-27T13:15:00Z", 15u64),
                ("2026-10-23T00:00:00Z", 30),
                ("2026-04-03T07:10:00Z", 5),
                ("2026-04-02T12:00:00Z", 15),
                ("2026-09-04T12:00:00Z", 60),
            ] {
                let grid = IntervalGrid::new(
                    start.parse().unwrap(),
                    Duration::from_secs(step * 60),
                    (4 * 1440 / step) as usize + 7,
                )
                .unwrap();
                let fast = local_days(&grid, tz);
                let slow = grid.local_day_ranges(tz);
                assert_eq!(fast.len(), slow.len(), "{tz} {start}");
                for ((d, r, m), (d2, r2)) in fast.iter().zip(&slow) {
                    assert_eq!((d, r), (d2, r2), "{tz} {start}");
                    let want: Vec<u32> = r2
                        .clone()
                        .map(|i| grid.local_minute_of_day(i, tz).unwrap())
                        .collect();
                    assert_eq!(m, &want, "{tz} {start} {d}");
                }
            }
        }
    }

    #[test]
    fn a_date_split_by_a_midnight_fold_back_is_forecast_once() {
        // America/St_Johns put its clocks back from 00:01 Sunday 2006-10-29
        // to 23:01 Saturday: at 15 minutes the local days run Saturday,
        // Sunday 00:00, Saturday 23:15-23:45, Sunday again (see the
        // integration test `clocks_going_back_across_midnight_...`).
        use chrono::Datelike;
        let tz = servops_core::chrono_tz::America::St_Johns;
        let step = Duration::from_secs(900);
        let saturday = NaiveDate::from_ymd_opt(2006, 10, 28).unwrap();
        let grid = IntervalGrid::local_days(saturday, 2, step, tz).unwrap();
        let runs: Vec<NaiveDate> = local_days(&grid, tz).iter().map(|r| r.0).collect();
        assert_eq!(runs.len(), 4, "{runs:?}");
        let ctx = Context {
            calendar: Calendar::new(tz),
            step_minutes: 15,
            slots: 96,
            end: saturday.pred_opt().unwrap(),
            no_contacts: false,
        };
        let mut calls = Vec::new();
        let series = ctx
            .expand(&grid, |date, _| {
                calls.push(date);
                // Slot s of a date forecasts day-of-month x 1000 + s.
                Ok((0..96)
                    .map(|s| f64::from(date.day() * 1000) + s as f64)
                    .collect())
            })
            .unwrap();
        assert_eq!(calls, vec![saturday, saturday.succ_opt().unwrap()]);
        for (i, v) in series.values().iter().enumerate() {
            let date = grid.local_date(i, tz).unwrap();
            let slot = grid.local_minute_of_day(i, tz).unwrap() / 15;
            assert_eq!(*v, f64::from(date.day() * 1000 + slot), "interval {i}");
        }
    }
}
