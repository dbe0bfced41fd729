//! Tickets and email: first reply and resolution times on a calendar or a
//! business-hours clock, backlog over time, SLA attainment.

use std::collections::BTreeSet;
use std::time::Duration;

use servops_core::chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use servops_core::chrono_tz::Tz;
use servops_core::{
    Disambiguation, IntervalGrid, IntervalSeries, local_to_utc, start_of_local_day,
};

use crate::error::{Error, Result};
use crate::service::Kpi;

/// Opening hours per weekday and a holiday list, in a time zone. The
/// business clock runs only inside the opening hours and pauses outside
/// them; windows are local wall-clock times, so a window spanning a clock
/// change is an hour shorter or longer that day (a 00:00–24:00 window on a
/// daylight-saving day has 23 or 25 hours). A window boundary the clocks
/// skip is the jump itself, the first instant the clock reads past it (a
/// desk closing at 02:30 on a day the clocks go from 02:00 to 03:00 closes
/// at 03:00); a repeated one is its first occurrence.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::chrono::{NaiveDate, NaiveTime, Weekday};
/// use servops_core::chrono_tz::Europe::London;
/// use servops_kpi::BusinessCalendar;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let nine = NaiveTime::from_hms_opt(9, 0, 0).ok_or("t")?;
/// let five = NaiveTime::from_hms_opt(17, 0, 0).ok_or("t")?;
/// let cal = BusinessCalendar::new(London)
///     .with_weekdays(nine, five)?
///     .with_holiday(NaiveDate::from_ymd_opt(2026, 12, 25).ok_or("d")?);
/// // Friday 16:00 to Monday 10:00: 1 h on Friday + 1 h on Monday.
/// let t = cal.business_time("2026-03-06T16:00:00Z".parse()?, "2026-03-09T10:00:00Z".parse()?)?;
/// assert_eq!(t, Duration::from_secs(2 * 3600));
/// # Ok(())
/// # }
/// ```
///
/// Serialised (feature `serde`) as `{"time_zone", "weekday_hours",
/// "holidays"}`: the IANA time-zone name, seven lists of opening windows
/// `{"start", "end"}` Monday first (an `end` of `"00:00:00"` is midnight at
/// the end of the day), and the holidays in date order. Deserialising goes
/// through [`with_hours`](Self::with_hours) and
/// [`with_holiday`](Self::with_holiday), so a window whose end is not after
/// its start, or an unknown time zone, is refused.
///
/// ```
/// # #[cfg(feature = "serde")]
/// # {
/// use servops_kpi::BusinessCalendar;
///
/// let json = r#"{"time_zone": "Europe/London",
///     "weekday_hours": [[{"start": "09:00:00", "end": "17:00:00"}], [], [], [], [], [], []],
///     "holidays": ["2026-12-25"]}"#;
/// let cal: BusinessCalendar = serde_json::from_str(json).unwrap();
/// let again: BusinessCalendar = serde_json::from_str(&serde_json::to_string(&cal).unwrap()).unwrap();
/// assert_eq!(again, cal);
/// // A window that ends before it starts is refused.
/// let bad = json.replace("17:00:00", "08:00:00");
/// assert!(serde_json::from_str::<BusinessCalendar>(&bad).is_err());
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "BusinessCalendarRepr", try_from = "BusinessCalendarRepr")
)]
pub struct BusinessCalendar {
    tz: Tz,
    /// Windows per weekday (Monday = 0), as (start, end) minutes... in
    /// seconds of the local day; end may be 86,400 (midnight at the end).
    hours: [Vec<(u32, u32)>; 7],
    holidays: BTreeSet<NaiveDate>,
}

const DAY_S: u32 = 86_400;

impl BusinessCalendar {
    /// A calendar in `tz` with no opening hours yet (the clock never runs).
    ///
    /// # Examples
    ///
    /// With no opening hours the business clock never runs: a whole week gives
    /// zero.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::chrono_tz::Europe::London;
    /// use servops_kpi::BusinessCalendar;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let closed = BusinessCalendar::new(London);
    /// let week = closed.business_time("2026-03-02T00:00:00Z".parse()?, "2026-03-09T00:00:00Z".parse()?)?;
    /// assert_eq!(week, Duration::ZERO);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(tz: Tz) -> Self {
        Self {
            tz,
            hours: Default::default(),
            holidays: BTreeSet::new(),
        }
    }

    /// A calendar open all day every day (the clock pauses only on
    /// holidays).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::chrono_tz::Europe::London;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let cal = servops_kpi::BusinessCalendar::always_open(London);
    /// // 2026-03-29, the day the clocks go forward, has 23 hours.
    /// let t = cal.business_time("2026-03-29T00:00:00Z".parse()?, "2026-03-29T23:00:00Z".parse()?)?;
    /// assert_eq!(t, Duration::from_secs(23 * 3600));
    /// # Ok(())
    /// # }
    /// ```
    pub fn always_open(tz: Tz) -> Self {
        let mut c = Self::new(tz);
        for d in &mut c.hours {
            d.push((0, DAY_S));
        }
        c
    }

    /// Adds an opening window on `weekday`. An `end` of 00:00 means
    /// midnight at the end of the day. A window that overlaps one already
    /// given for that day is merged with it (the day is open over their
    /// union, counted once); adjacent windows are kept as they are.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `end` is not after `start`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_core::chrono::{NaiveTime, Weekday};
    /// use servops_core::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).ok_or("t");
    /// let cal = servops_kpi::BusinessCalendar::new(UTC).with_hours(Weekday::Sat, t(10)?, t(0)?)?;
    /// assert!(servops_kpi::BusinessCalendar::new(UTC).with_hours(Weekday::Sat, t(10)?, t(9)?).is_err());
    /// # let _ = cal;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_hours(
        mut self,
        weekday: servops_core::chrono::Weekday,
        start: NaiveTime,
        end: NaiveTime,
    ) -> Result<Self> {
        use servops_core::chrono::Timelike;
        let s = start.num_seconds_from_midnight();
        let mut e = end.num_seconds_from_midnight();
        if e == 0 {
            e = DAY_S;
        }
        if e <= s {
            return Err(Error::InvalidParameter {
                name: "opening window",
                value: format!("{start}-{end}"),
                constraint: "an end after the start (00:00 as end means midnight)",
            });
        }
        if let Some(day) = self.hours.get_mut(weekday.num_days_from_monday() as usize) {
            day.push((s, e));
            day.sort_unstable();
            // Overlapping windows are merged into their union, so that no
            // second of the day is counted twice.
            let mut merged: Vec<(u32, u32)> = Vec::with_capacity(day.len());
            for &(ws, we) in day.iter() {
                match merged.last_mut() {
                    Some(last) if ws < last.1 => last.1 = last.1.max(we),
                    _ => merged.push((ws, we)),
                }
            }
            *day = merged;
        }
        Ok(self)
    }

    /// Adds the same window Monday to Friday.
    ///
    /// # Errors
    ///
    /// As [`with_hours`](Self::with_hours).
    ///
    /// # Examples
    ///
    /// 09:00–17:00 Monday to Friday is 5 × 8 = 40 business hours a week (London
    /// is on GMT in early March); a window ending before it starts is refused.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::chrono::NaiveTime;
    /// use servops_core::chrono_tz::Europe::London;
    /// use servops_kpi::BusinessCalendar;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).ok_or("t");
    /// let cal = BusinessCalendar::new(London).with_weekdays(t(9)?, t(17)?)?;
    /// // Monday 2 March 00:00 to Monday 9 March 00:00
    /// let week = cal.business_time("2026-03-02T00:00:00Z".parse()?, "2026-03-09T00:00:00Z".parse()?)?;
    /// assert_eq!(week, Duration::from_secs(40 * 3600));
    /// assert!(BusinessCalendar::new(London).with_weekdays(t(17)?, t(9)?).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_weekdays(mut self, start: NaiveTime, end: NaiveTime) -> Result<Self> {
        use servops_core::chrono::Weekday::*;
        for d in [Mon, Tue, Wed, Thu, Fri] {
            self = self.with_hours(d, start, end)?;
        }
        Ok(self)
    }

    /// Adds a holiday (a local date on which the clock does not run).
    ///
    /// # Examples
    ///
    /// A holiday on Wednesday 4 March takes its 8 hours out of the 40-hour week.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::chrono::{NaiveDate, NaiveTime};
    /// use servops_core::chrono_tz::Europe::London;
    /// use servops_kpi::BusinessCalendar;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).ok_or("t");
    /// let cal = BusinessCalendar::new(London)
    ///     .with_weekdays(t(9)?, t(17)?)?
    ///     .with_holiday(NaiveDate::from_ymd_opt(2026, 3, 4).ok_or("d")?);
    /// let week = cal.business_time("2026-03-02T00:00:00Z".parse()?, "2026-03-09T00:00:00Z".parse()?)?;
    /// assert_eq!(week, Duration::from_secs(32 * 3600));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_holiday(mut self, date: NaiveDate) -> Self {
        self.holidays.insert(date);
        self
    }

    /// The time the business clock runs between `from` and `to` (zero if
    /// `to` is not after `from`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if the span covers more than 100 years;
    /// [`Error::Core`] if a local day cannot be placed in time.
    ///
    /// # Examples
    ///
    /// Open 09:00–17:00 on weekdays: from Monday 16:15 to Tuesday 09:30 the
    /// clock runs 45 + 30 = 75 minutes; backwards it gives zero.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::chrono::NaiveTime;
    /// use servops_core::chrono_tz::Europe::London;
    /// use servops_kpi::BusinessCalendar;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).ok_or("t");
    /// let cal = BusinessCalendar::new(London).with_weekdays(t(9)?, t(17)?)?;
    /// let (from, to) = ("2026-03-02T16:15:00Z".parse()?, "2026-03-03T09:30:00Z".parse()?);
    /// assert_eq!(cal.business_time(from, to)?, Duration::from_secs(75 * 60));
    /// assert_eq!(cal.business_time(to, from)?, Duration::ZERO);
    /// # Ok(())
    /// # }
    /// ```
    pub fn business_time(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Duration> {
        self.business_time_past(from, to, Duration::MAX)
    }

    /// The business time from `from` to `to`, or a time past `cap` as soon
    /// as the sum passes it (the days after are not visited): enough to
    /// compare with `cap`, in time growing with the days up to `cap`.
    fn business_time_past(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        cap: Duration,
    ) -> Result<Duration> {
        if to <= from {
            return Ok(Duration::ZERO);
        }
        let first = from.with_timezone(&self.tz).date_naive();
        let last = to.with_timezone(&self.tz).date_naive();
        if (last - first).num_days() > 36_600 {
            return Err(Error::InvalidParameter {
                name: "business-time span",
                value: format!("{from} to {to}"),
                constraint: "at most 100 years",
            });
        }
        let mut total = Duration::ZERO;
        let mut day = first;
        while day <= last {
            if !self.holidays.contains(&day) {
                let windows = self
                    .hours
                    .get(day.weekday().num_days_from_monday() as usize)
                    .map_or(&[][..], Vec::as_slice);
                for &(s, e) in windows {
                    let ws = self.local_instant(day, s)?;
                    let we = self.local_instant(day, e)?;
                    let a = ws.max(from);
                    let b = we.min(to);
                    if b > a {
                        total = total.saturating_add((b - a).to_std().unwrap_or(Duration::ZERO));
                    }
                }
                if total > cap {
                    break;
                }
            }
            match day.checked_add_days(Days::new(1)) {
                Some(d) => day = d,
                None => break,
            }
        }
        Ok(total)
    }

    fn local_instant(&self, day: NaiveDate, second: u32) -> Result<DateTime<Utc>> {
        if second == 0 {
            return Ok(start_of_local_day(day, self.tz)?);
        }
        if second >= DAY_S {
            let next = day
                .checked_add_days(Days::new(1))
                .ok_or(Error::InvalidParameter {
                    name: "date",
                    value: day.to_string(),
                    constraint: "within the supported range",
                })?;
            return Ok(start_of_local_day(next, self.tz)?);
        }
        let t = NaiveTime::from_num_seconds_from_midnight_opt(second, 0).unwrap_or(NaiveTime::MIN);
        let local = day.and_time(t);
        // A repeated time takes its first occurrence. A time the clocks
        // skip is the jump, the first instant the clock reads at least it
        // (as for a skipped midnight in `start_of_local_day`): 02:30 in a
        // 02:00-03:00 gap is 03:00 after the gap, not 03:30.
        let before = local_to_utc(local, self.tz, Disambiguation::Earlier)?;
        let after = local_to_utc(local, self.tz, Disambiguation::Later)?;
        if before == after {
            return Ok(before);
        }
        let reads_at_least = |u: DateTime<Utc>| u.with_timezone(&self.tz).naive_local() >= local;
        if reads_at_least(before) {
            return Ok(before); // a repeated time: its first occurrence
        }
        // In a gap the clock reads below `local` at `before` and past it at
        // `after`; the jump between them is found to the second (offsets
        // change on whole seconds).
        let (mut lo, mut hi) = (before, after);
        while hi - lo > TimeDelta::seconds(1) {
            let mid = lo + (hi - lo) / 2;
            if reads_at_least(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }
}

/// The clock elapsed ticket times are measured on.
///
/// # Examples
///
/// A ticket created Monday 16:00 and answered Tuesday 10:00: 18 h on the
/// calendar, 2 h of business time (09:00–17:00 opening).
///
/// ```
/// use servops_core::chrono::NaiveTime;
/// use servops_core::chrono_tz::Europe::London;
/// use servops_kpi::{mean_ticket_time, BusinessCalendar, Ticket, TicketClock, TicketMetric};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).ok_or("t");
/// let cal = BusinessCalendar::new(London).with_weekdays(t(9)?, t(17)?)?;
/// let ticket = [Ticket::new("2026-03-02T16:00:00Z".parse()?, Some("2026-03-03T10:00:00Z".parse()?), None)?];
/// let hours = |clock: &TicketClock| -> Result<Option<f64>, servops_kpi::Error> {
///     Ok(mean_ticket_time(&ticket, TicketMetric::FirstReply, clock)?.0.value().map(|s| s / 3600.0))
/// };
/// assert_eq!(hours(&TicketClock::Calendar)?, Some(18.0));
/// assert_eq!(hours(&TicketClock::Business(cal))?, Some(2.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TicketClock {
    /// Wall-clock (calendar) time.
    Calendar,
    /// Business time: the clock pauses outside the calendar's opening hours
    /// and on its holidays.
    Business(BusinessCalendar),
}

impl TicketClock {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Duration> {
        self.elapsed_past(from, to, Duration::MAX)
    }

    /// The elapsed time, or a time past `cap` once it is known to pass it.
    fn elapsed_past(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        cap: Duration,
    ) -> Result<Duration> {
        match self {
            Self::Calendar => Ok((to - from).to_std().unwrap_or(Duration::ZERO)),
            Self::Business(c) => c.business_time_past(from, to, cap),
        }
    }
}

/// A ticket or email: created, first agent reply, resolution (each later
/// event optional while it has not happened).
///
/// # Examples
///
/// ```
/// use servops_kpi::{Error, Ticket};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = Ticket::new("2026-03-02T09:00:00Z".parse()?, Some("2026-03-02T10:00:00Z".parse()?), None)?;
/// assert!(t.resolved().is_none());
/// let bad = Ticket::new("2026-03-02T09:00:00Z".parse()?, Some("2026-03-02T08:00:00Z".parse()?), None);
/// assert!(matches!(bad, Err(Error::TimeOrder { later: "first reply", .. })));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "TicketRepr")
)]
pub struct Ticket {
    created: DateTime<Utc>,
    first_reply: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
}

impl Ticket {
    /// A ticket.
    ///
    /// # Errors
    ///
    /// [`Error::TimeOrder`] if the first reply or the resolution is before
    /// the creation.
    ///
    /// # Examples
    ///
    /// A reply at the creation instant is allowed; a resolution before it is a
    /// typed error naming the resolution.
    ///
    /// ```
    /// use servops_kpi::{Error, Ticket};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let at: servops_core::chrono::DateTime<servops_core::chrono::Utc> = "2026-03-02T09:00:00Z".parse()?;
    /// assert!(Ticket::new(at, Some(at), None).is_ok());
    /// let bad = Ticket::new(at, None, Some("2026-03-01T09:00:00Z".parse()?));
    /// assert!(matches!(bad, Err(Error::TimeOrder { later: "resolution", .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(
        created: DateTime<Utc>,
        first_reply: Option<DateTime<Utc>>,
        resolved: Option<DateTime<Utc>>,
    ) -> Result<Self> {
        for (name, t) in [("first reply", first_reply), ("resolution", resolved)] {
            if let Some(t) = t
                && t < created
            {
                return Err(Error::TimeOrder {
                    earlier: "creation",
                    earlier_value: created.to_rfc3339(),
                    later: name,
                    later_value: t.to_rfc3339(),
                });
            }
        }
        Ok(Self {
            created,
            first_reply,
            resolved,
        })
    }

    /// Creation instant.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::Ticket;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = Ticket::new("2026-03-02T09:00:00Z".parse()?, None, None)?;
    /// assert_eq!(t.created().to_rfc3339(), "2026-03-02T09:00:00+00:00");
    /// # Ok(())
    /// # }
    /// ```
    pub fn created(&self) -> DateTime<Utc> {
        self.created
    }

    /// First agent reply, if any.
    ///
    /// # Examples
    ///
    /// Replied 90 minutes after creation; `None` while no agent has replied.
    ///
    /// ```
    /// use servops_kpi::Ticket;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = Ticket::new("2026-03-02T09:00:00Z".parse()?, Some("2026-03-02T10:30:00Z".parse()?), None)?;
    /// assert_eq!(t.first_reply().map(|r| (r - t.created()).num_minutes()), Some(90));
    /// assert_eq!(Ticket::new(t.created(), None, None)?.first_reply(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn first_reply(&self) -> Option<DateTime<Utc>> {
        self.first_reply
    }

    /// Resolution, if any.
    ///
    /// # Examples
    ///
    /// Resolved two days after creation; `None` while open.
    ///
    /// ```
    /// use servops_kpi::Ticket;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t = Ticket::new("2026-03-02T09:00:00Z".parse()?, None, Some("2026-03-04T09:00:00Z".parse()?))?;
    /// assert_eq!(t.resolved().map(|r| (r - t.created()).num_hours()), Some(48));
    /// assert_eq!(Ticket::new(t.created(), None, None)?.resolved(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn resolved(&self) -> Option<DateTime<Utc>> {
        self.resolved
    }

    fn event(&self, m: TicketMetric) -> Option<DateTime<Utc>> {
        match m {
            TicketMetric::FirstReply => self.first_reply,
            TicketMetric::FullResolution => self.resolved,
        }
    }
}

/// Which ticket event a time or SLA is measured to.
///
/// # Examples
///
/// One ticket replied after 1 h and resolved after 5 h: the mean time to
/// each event differs; an unresolved ticket is pending for resolution only.
///
/// ```
/// use servops_kpi::{mean_ticket_time, Ticket, TicketClock, TicketMetric};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = |s: &str| s.parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let tickets = [
///     Ticket::new(t("2026-03-02T09:00:00Z")?, Some(t("2026-03-02T10:00:00Z")?), Some(t("2026-03-02T14:00:00Z")?))?,
///     Ticket::new(t("2026-03-02T09:00:00Z")?, Some(t("2026-03-02T10:00:00Z")?), None)?,
/// ];
/// let clock = TicketClock::Calendar;
/// let (reply, pending) = mean_ticket_time(&tickets, TicketMetric::FirstReply, &clock)?;
/// assert_eq!((reply.value(), pending), (Some(3600.0), 0));
/// let (solve, pending) = mean_ticket_time(&tickets, TicketMetric::FullResolution, &clock)?;
/// assert_eq!((solve.value(), pending), (Some(5.0 * 3600.0), 1));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TicketMetric {
    /// Creation to first agent reply (Zendesk "first reply time").
    FirstReply,
    /// Creation to resolution (Zendesk "full resolution time", with a
    /// single solve).
    FullResolution,
}

/// Mean elapsed time (seconds) from creation to `metric`, over tickets that
/// reached it, with the number still pending beside it.
///
/// # Errors
///
/// As [`BusinessCalendar::business_time`].
///
/// # Examples
///
/// ```
/// use servops_kpi::{mean_ticket_time, Ticket, TicketClock, TicketMetric};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = |s: &str| s.parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let tickets = [
///     Ticket::new(t("2026-03-02T09:00:00Z")?, Some(t("2026-03-02T10:00:00Z")?), None)?,
///     Ticket::new(t("2026-03-02T09:00:00Z")?, Some(t("2026-03-02T12:00:00Z")?), None)?,
///     Ticket::new(t("2026-03-02T09:00:00Z")?, None, None)?,
/// ];
/// let (mean, pending) = mean_ticket_time(&tickets, TicketMetric::FirstReply, &TicketClock::Calendar)?;
/// assert_eq!(mean.value(), Some(7200.0));
/// assert_eq!(pending, 1);
/// # Ok(())
/// # }
/// ```
pub fn mean_ticket_time(
    tickets: &[Ticket],
    metric: TicketMetric,
    clock: &TicketClock,
) -> Result<(Kpi<TicketMetric>, u64)> {
    let (mut sum, mut n, mut pending) = (0.0, 0u64, 0u64);
    for t in tickets {
        match t.event(metric) {
            Some(e) => {
                sum += clock.elapsed(t.created, e)?.as_secs_f64();
                n += 1;
            }
            None => pending += 1,
        }
    }
    Ok((Kpi::new(sum, n as f64, metric), pending))
}

/// Open tickets at the end of each interval of `grid`: created before the
/// interval's end and not resolved by then.
///
/// Time `O((n + m) log n)` for `n` tickets and `m` intervals.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::IntervalGrid;
/// use servops_kpi::{backlog, Ticket};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = |s: &str| s.parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let grid = IntervalGrid::new(t("2026-03-02T09:00:00Z")?, Duration::from_secs(3600), 3)?;
/// let tickets = [
///     Ticket::new(t("2026-03-02T09:10:00Z")?, None, Some(t("2026-03-02T10:30:00Z")?))?,
///     Ticket::new(t("2026-03-02T09:50:00Z")?, None, None)?,
/// ];
/// // open at 10:00, 11:00 and 12:00
/// assert_eq!(backlog(&tickets, grid).values(), &[2, 1, 1]);
/// # Ok(())
/// # }
/// ```
pub fn backlog(tickets: &[Ticket], grid: IntervalGrid) -> IntervalSeries<u64> {
    // Open at `end` = created before it, less resolved before it (a ticket
    // is never resolved before it is created): two sorted lists and a binary
    // search per interval, O((n + m) log n) where a scan per interval was
    // O(n m).
    let mut created: Vec<DateTime<Utc>> = tickets.iter().map(|t| t.created).collect();
    let mut resolved: Vec<DateTime<Utc>> = tickets.iter().filter_map(|t| t.resolved).collect();
    created.sort_unstable();
    resolved.sort_unstable();
    let step = grid.step();
    IntervalSeries::from_fn(grid, |_, start| {
        let end = start + step;
        let open = created.partition_point(|&c| c < end);
        let closed = resolved.partition_point(|&r| r < end);
        open.saturating_sub(closed) as u64
    })
}

/// SLA attainment counts.
///
/// # Examples
///
/// Target 4 h to first reply, data to 18:00: replied after 3 h (met),
/// after 5 h (breached), open since 12:00 (6 h: breached), open since 16:00
/// (2 h: pending).
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{sla_attainment, Ticket, TicketClock, TicketMetric};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = |s: &str| s.parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let tickets = [
///     Ticket::new(t("2026-03-02T09:00:00Z")?, Some(t("2026-03-02T12:00:00Z")?), None)?,
///     Ticket::new(t("2026-03-02T09:00:00Z")?, Some(t("2026-03-02T14:00:00Z")?), None)?,
///     Ticket::new(t("2026-03-02T12:00:00Z")?, None, None)?,
///     Ticket::new(t("2026-03-02T16:00:00Z")?, None, None)?,
/// ];
/// let r = sla_attainment(&tickets, TicketMetric::FirstReply, Duration::from_secs(4 * 3600),
///     &TicketClock::Calendar, t("2026-03-02T18:00:00Z")?)?;
/// assert_eq!((r.met, r.breached, r.pending), (1, 2, 1));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SlaReport {
    /// Reached the event within the target.
    pub met: u64,
    /// Reached it late, or still open with the target already passed.
    pub breached: u64,
    /// Created by the end of the data and still open there, within the
    /// target: censored, in neither side of the ratio. (A ticket created
    /// after the end of the data is in no field.)
    pub pending: u64,
}

impl SlaReport {
    /// `met / (met + breached)`; `None` if nothing is decided.
    ///
    /// # Examples
    ///
    /// 9 met, 3 breached, 5 pending: 9 / (9 + 3) = 0.75; pending tickets are in
    /// neither side. Nothing decided: no value.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_kpi::{sla_attainment, TicketClock, TicketMetric};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut r = sla_attainment(&[], TicketMetric::FirstReply, Duration::from_secs(3600),
    ///     &TicketClock::Calendar, "2026-03-02T18:00:00Z".parse()?)?;
    /// assert_eq!(r.attainment().value(), None);
    /// (r.met, r.breached, r.pending) = (9, 3, 5);
    /// assert_eq!(r.attainment().value(), Some(0.75));
    /// # Ok(())
    /// # }
    /// ```
    pub fn attainment(&self) -> Kpi<()> {
        // summed in u128: the public fields may add up past u64::MAX
        let decided = u128::from(self.met) + u128::from(self.breached);
        Kpi::new(self.met as f64, decided as f64, ())
    }
}

/// SLA attainment: the share of tickets whose `metric` event came within
/// `target` on `clock`. A ticket still open at `data_end` is breached once
/// its elapsed time passes the target, and pending (censored) before that.
///
/// The data cover instants up to and including `data_end`: an event at
/// `data_end` has happened, and a ticket created at `data_end` is pending.
/// A ticket created after `data_end` is outside the data and counted
/// nowhere (neither met, breached nor pending), whatever its events; so
/// `met + breached + pending` is the number of tickets created by
/// `data_end`.
///
/// # Errors
///
/// As [`BusinessCalendar::business_time`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::chrono::NaiveTime;
/// use servops_core::chrono_tz::Europe::London;
/// use servops_kpi::{sla_attainment, BusinessCalendar, Ticket, TicketClock, TicketMetric};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let t = |s: &str| s.parse::<servops_core::chrono::DateTime<servops_core::chrono::Utc>>();
/// let cal = BusinessCalendar::new(London).with_weekdays(
///     NaiveTime::from_hms_opt(9, 0, 0).ok_or("t")?, NaiveTime::from_hms_opt(17, 0, 0).ok_or("t")?)?;
/// // Created Friday 16:30, replied Monday 09:20: 50 business minutes, 3 days of calendar time.
/// let tickets = [Ticket::new(t("2026-03-06T16:30:00Z")?, Some(t("2026-03-09T09:20:00Z")?), None)?];
/// let business = sla_attainment(&tickets, TicketMetric::FirstReply, Duration::from_secs(3600),
///     &TicketClock::Business(cal), t("2026-03-10T00:00:00Z")?)?;
/// assert_eq!(business.attainment().value(), Some(1.0));
/// let calendar = sla_attainment(&tickets, TicketMetric::FirstReply, Duration::from_secs(3600),
///     &TicketClock::Calendar, t("2026-03-10T00:00:00Z")?)?;
/// assert_eq!(calendar.attainment().value(), Some(0.0));
/// // A ticket created after the end of the data is in no count.
/// let late = [Ticket::new(t("2026-03-10T09:00:00Z")?, None, None)?];
/// let r = sla_attainment(&late, TicketMetric::FirstReply, Duration::from_secs(3600),
///     &TicketClock::Calendar, t("2026-03-10T00:00:00Z")?)?;
/// assert_eq!((r.met, r.breached, r.pending), (0, 0, 0));
/// # Ok(())
/// # }
/// ```
pub fn sla_attainment(
    tickets: &[Ticket],
    metric: TicketMetric,
    target: Duration,
    clock: &TicketClock,
    data_end: DateTime<Utc>,
) -> Result<SlaReport> {
    let mut r = SlaReport {
        met: 0,
        breached: 0,
        pending: 0,
    };
    for t in tickets.iter().filter(|t| t.created <= data_end) {
        match t.event(metric) {
            Some(e) if e <= data_end => {
                // Only the comparison with the target matters: the business
                // clock stops counting days once past it.
                if clock.elapsed_past(t.created, e, target)? <= target {
                    r.met += 1;
                } else {
                    r.breached += 1;
                }
            }
            _ => {
                if clock.elapsed_past(t.created, data_end, target)? > target {
                    r.breached += 1;
                } else {
                    r.pending += 1;
                }
            }
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use servops_core::chrono::Weekday;
    use servops_core::chrono_tz::{America::New_York, Europe::London};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let c = BusinessCalendar::always_open(London);
        let spring = c
            .business_time(t("2026-03-28T12:00:00Z"), t("2026-03-31T12:00:00Z"))
            .unwrap();
        // business time is real time: 72 h, although the local dates cover
        // one 23-hour day
        assert_eq!(spring, Duration::from_secs(72 * 3600));
        let day = c
            .business_time(t("2026-03-29T00:00:00Z"), t("2026-03-30T00:00:00+01:00"))
            .unwrap();
        assert_eq!(day, Duration::from_secs(23 * 3600));
        let autumn = c
            .business_time(t("2026-10-25T00:00:00+01:00"), t("2026-10-26T00:00:00Z"))
            .unwrap();
        assert_eq!(autumn, Duration::from_secs(25 * 3600));
    }

    #[test]
    fn window_across_the_clock_change() {
        // 00:00-04:00 local on 2026-03-08 in New York: 3 real hours.
        let c = BusinessCalendar::new(New_York)
            .with_hours(
                Weekday::Sun,
                NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(4, 0, 0).unwrap(),
            )
            .unwrap();
        let d = c
            .business_time(t("2026-03-08T00:00:00Z"), t("2026-03-09T00:00:00Z"))
            .unwrap();
        assert_eq!(d, Duration::from_secs(3 * 3600));
    }

    #[test]
    fn a_window_boundary_the_clocks_skip_is_the_jump() {
        // New York, Sunday 2026-03-08: the clocks jump from 02:00 EST
        // (07:00Z) to 03:00 EDT. 02:30 never shows; a desk closing at 02:30
        // closes at the jump (the first moment the clock reads past 02:30),
        // one opening at 02:30 opens then.
        let sunday = |start, end| {
            BusinessCalendar::new(New_York)
                .with_hours(Weekday::Sun, start, end)
                .unwrap()
                .business_time(t("2026-03-08T00:00:00Z"), t("2026-03-09T00:00:00Z"))
                .unwrap()
        };
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        // 00:00 EST = 05:00Z to the jump at 07:00Z: 2 h
        assert_eq!(sunday(hm(0, 0), hm(2, 30)), Duration::from_secs(2 * 3600));
        // the jump at 07:00Z to 05:00 EDT = 09:00Z: 2 h
        assert_eq!(sunday(hm(2, 30), hm(5, 0)), Duration::from_secs(2 * 3600));
        // a window inside the skipped hour is never open
        assert_eq!(sunday(hm(2, 10), hm(2, 50)), Duration::ZERO);
    }

    #[test]
    fn holidays_pause_the_clock() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let five = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
        let c = BusinessCalendar::new(London)
            .with_weekdays(nine, five)
            .unwrap()
            .with_holiday(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        // Thu 24 Dec 16:00 -> Mon 28 Dec 10:00: 1 h + (Fri 25 holiday) + 1 h
        let d = c
            .business_time(t("2026-12-24T16:00:00Z"), t("2026-12-28T10:00:00Z"))
            .unwrap();
        assert_eq!(d, Duration::from_secs(2 * 3600));
    }

    #[test]
    fn open_tickets_breach_once_the_target_passes() {
        let tickets = [
            Ticket::new(t("2026-03-02T09:00:00Z"), None, None).unwrap(),
            Ticket::new(t("2026-03-02T11:30:00Z"), None, None).unwrap(),
        ];
        let r = sla_attainment(
            &tickets,
            TicketMetric::FullResolution,
            Duration::from_secs(3600),
            &TicketClock::Calendar,
            t("2026-03-02T12:00:00Z"),
        )
        .unwrap();
        assert_eq!((r.met, r.breached, r.pending), (0, 1, 1));
    }
}

/// The serialized form of a [`Ticket`]; deserializing goes through its
/// checking constructor.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TicketRepr {
    created: DateTime<Utc>,
    first_reply: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
}

#[cfg(feature = "serde")]
impl TryFrom<TicketRepr> for Ticket {
    type Error = Error;

    fn try_from(r: TicketRepr) -> Result<Self> {
        Self::new(r.created, r.first_reply, r.resolved)
    }
}

/// The serialised form of a [`BusinessCalendar`]: time-zone name, opening
/// windows per weekday (Monday first), holidays in date order.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BusinessCalendarRepr {
    time_zone: String,
    weekday_hours: [Vec<OpeningWindow>; 7],
    holidays: Vec<NaiveDate>,
}

/// One opening window; an `end` of 00:00 is midnight at the end of the day.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OpeningWindow {
    start: NaiveTime,
    end: NaiveTime,
}

#[cfg(feature = "serde")]
impl From<BusinessCalendar> for BusinessCalendarRepr {
    fn from(c: BusinessCalendar) -> Self {
        // seconds of the day, 86,400 (midnight at the end) written as 00:00
        let time = |s: u32| {
            NaiveTime::from_num_seconds_from_midnight_opt(s % DAY_S, 0).unwrap_or(NaiveTime::MIN)
        };
        Self {
            time_zone: c.tz.name().to_owned(),
            weekday_hours: c.hours.map(|day| {
                day.into_iter()
                    .map(|(s, e)| OpeningWindow {
                        start: time(s),
                        end: time(e),
                    })
                    .collect()
            }),
            holidays: c.holidays.into_iter().collect(),
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<BusinessCalendarRepr> for BusinessCalendar {
    type Error = Error;

    fn try_from(r: BusinessCalendarRepr) -> Result<Self> {
        use servops_core::chrono::Weekday;
        let tz: Tz = r.time_zone.parse().map_err(|_| Error::InvalidParameter {
            name: "time zone",
            value: format!("{:?}", r.time_zone),
            constraint: "an IANA time-zone name",
        })?;
        let mut cal = Self::new(tz);
        let week = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        for (day, windows) in week.into_iter().zip(r.weekday_hours) {
            for w in windows {
                cal = cal.with_hours(day, w.start, w.end)?;
            }
        }
        for d in r.holidays {
            cal = cal.with_holiday(d);
        }
        Ok(cal)
    }
}
