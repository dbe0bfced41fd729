//! The local business calendar: time zone, opening hours, day types,
//! special days and manual overrides.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

use chrono::{Datelike, NaiveDate, Weekday};
use servops_core::chrono_tz::Tz;

use crate::error::{Result, invalid};

/// What kind of day a date is, for forecasting: days of the same type share
/// their history (level and intraday profile).
///
/// A regular date is [`DayType::Weekday`] of its own weekday. A special day
/// maps a date to another type: a public holiday "like a Saturday" is
/// `Weekday(Sat)`, a day the centre does not open is [`DayType::Closed`].
///
/// # Examples
///
/// ```
/// use servops_forecast::DayType;
/// use servops_forecast::chrono::Weekday;
///
/// assert_eq!(DayType::Weekday(Weekday::Sat).to_string(), "Sat");
/// assert_eq!(DayType::Custom("chol hamoed".into()).to_string(), "chol hamoed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DayType {
    /// A regular day of this weekday (or a special day that behaves like it).
    Weekday(Weekday),
    /// Closed: every interval is forecast as exactly 0 and the day is not
    /// used as history.
    Closed,
    /// A public holiday on which the centre is open (reduced demand).
    Holiday,
    /// The day before a holiday.
    HolidayEve,
    /// Any other user-defined type ("sale day", "billing day").
    Custom(String),
}

impl DayType {
    fn key(&self) -> (u8, u32, &str) {
        match self {
            Self::Weekday(w) => (0, w.num_days_from_monday(), ""),
            Self::Closed => (1, 0, ""),
            Self::Holiday => (2, 0, ""),
            Self::HolidayEve => (3, 0, ""),
            Self::Custom(s) => (4, 0, s.as_str()),
        }
    }
}

impl PartialOrd for DayType {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DayType {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for DayType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Weekday(w) => write!(f, "{w}"),
            Self::Closed => f.write_str("closed"),
            Self::Holiday => f.write_str("holiday"),
            Self::HolidayEve => f.write_str("holiday eve"),
            Self::Custom(name) => f.write_str(name),
        }
    }
}

/// Opening hours of one day: intervals whose local start time lies in
/// `[open, close)` are open, every other interval is closed (forecast 0).
///
/// # Examples
///
/// ```
/// use servops_forecast::OpeningHours;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let hours = OpeningHours::new(7 * 60, 21 * 60)?;
/// assert!(hours.contains(7 * 60));
/// assert!(!hours.contains(21 * 60));
/// assert!(OpeningHours::new(600, 500).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OpeningHours {
    open: u32,
    close: u32,
}

impl OpeningHours {
    /// Opening hours from the opening and closing local clock time in minutes
    /// after midnight (`close` may be 1440 for midnight at the end of the day).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `open < close <= 1440`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::OpeningHours;
    /// assert!(OpeningHours::new(0, 1440).is_ok());
    /// assert!(OpeningHours::new(0, 1441).is_err());
    /// ```
    pub fn new(open_minute: u32, close_minute: u32) -> Result<Self> {
        if open_minute >= close_minute || close_minute > 1440 {
            return Err(invalid(
                "opening hours",
                format!("{open_minute}..{close_minute}"),
                "open < close <= 1440 minutes",
            ));
        }
        Ok(Self {
            open: open_minute,
            close: close_minute,
        })
    }

    /// Open around the clock.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::OpeningHours;
    /// assert!(OpeningHours::all_day().contains(0));
    /// ```
    pub fn all_day() -> Self {
        Self {
            open: 0,
            close: 1440,
        }
    }

    /// Whether an interval starting at this local minute of the day is open.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::OpeningHours;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(OpeningHours::new(480, 1020)?.contains(480));
    /// # Ok(())
    /// # }
    /// ```
    pub fn contains(&self, minute_of_day: u32) -> bool {
        (self.open..self.close).contains(&minute_of_day)
    }

    /// Opening minute after midnight.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::OpeningHours;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(OpeningHours::new(480, 1020)?.open_minute(), 480);
    /// # Ok(())
    /// # }
    /// ```
    pub fn open_minute(&self) -> u32 {
        self.open
    }

    /// Closing minute after midnight (exclusive).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::OpeningHours;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(OpeningHours::new(480, 1020)?.close_minute(), 1020);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_minute(&self) -> u32 {
        self.close
    }
}

/// A date with its own day type, optional multiplier and optional hours.
///
/// The multiplier scales the forecast of the day (0.7 = 30 % fewer
/// contacts than a normal day of its type); history on such a day is
/// divided by it before it is used, so the day can still teach its type.
/// It lies in [`Calendar::MIN_FACTOR`]`..=`[`Calendar::MAX_FACTOR`]
/// (0.001 to 1000).
///
/// # Examples
///
/// ```
/// use servops_forecast::{DayType, SpecialDay};
/// use servops_forecast::chrono::Weekday;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let like_saturday = SpecialDay::new(DayType::Weekday(Weekday::Sat)).with_multiplier(0.8)?;
/// assert_eq!(like_saturday.multiplier(), 0.8);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SpecialDay {
    day_type: DayType,
    multiplier: f64,
    hours: Option<OpeningHours>,
    fallback: Option<DayType>,
}

impl SpecialDay {
    /// A special day of the given type, multiplier 1, with the hours of its
    /// type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, SpecialDay};
    /// assert_eq!(SpecialDay::new(DayType::Closed).day_type(), &DayType::Closed);
    /// ```
    pub fn new(day_type: DayType) -> Self {
        Self {
            day_type,
            multiplier: 1.0,
            hours: None,
            fallback: None,
        }
    }

    /// Sets the multiplier applied to the forecast of this day.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) named
    /// `multiplier` unless `0.001 <= multiplier <= 1000`
    /// ([`Calendar::MIN_FACTOR`] and [`Calendar::MAX_FACTOR`]): a day with
    /// a thousandth of its type's volume is as good as closed, and a factor
    /// far from 1 on a history day divides its volume into absurd levels
    /// and backtest errors (1e10 gave a WAPE of 1.4e10 %).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, Error, SpecialDay};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SpecialDay::new(DayType::Holiday).with_multiplier(1000.0)?.multiplier(), 1000.0);
    /// assert!(SpecialDay::new(DayType::Holiday).with_multiplier(-1.0).is_err());
    /// let err = SpecialDay::new(DayType::Holiday).with_multiplier(1e10).unwrap_err();
    /// assert!(matches!(err, Error::InvalidParameter { name: "multiplier", .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_multiplier(mut self, multiplier: f64) -> Result<Self> {
        if !in_factor_range(multiplier) {
            return Err(invalid("multiplier", multiplier, FACTOR_RANGE));
        }
        self.multiplier = multiplier;
        Ok(self)
    }

    /// Sets the opening hours of this date (instead of its type's).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, OpeningHours, SpecialDay};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let eve = SpecialDay::new(DayType::HolidayEve).with_hours(OpeningHours::new(480, 780)?);
    /// assert_eq!(eve.hours().map(|h| h.close_minute()), Some(780));
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_hours(mut self, hours: OpeningHours) -> Self {
        self.hours = Some(hours);
        self
    }

    /// Sets the day type whose history is used when the history holds no
    /// complete day of this day's own type (default: the date's weekday).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, SpecialDay};
    /// use servops_forecast::chrono::Weekday;
    /// let eve = SpecialDay::new(DayType::HolidayEve).with_fallback(DayType::Weekday(Weekday::Fri));
    /// assert_eq!(eve.fallback(), Some(&DayType::Weekday(Weekday::Fri)));
    /// ```
    pub fn with_fallback(mut self, fallback: DayType) -> Self {
        self.fallback = Some(fallback);
        self
    }

    /// The day type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, SpecialDay};
    /// assert_eq!(SpecialDay::new(DayType::Holiday).day_type(), &DayType::Holiday);
    /// ```
    pub fn day_type(&self) -> &DayType {
        &self.day_type
    }

    /// The multiplier.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, SpecialDay};
    /// assert_eq!(SpecialDay::new(DayType::Holiday).multiplier(), 1.0);
    /// ```
    pub fn multiplier(&self) -> f64 {
        self.multiplier
    }

    /// The date's own opening hours, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, SpecialDay};
    /// assert_eq!(SpecialDay::new(DayType::Holiday).hours(), None);
    /// ```
    pub fn hours(&self) -> Option<OpeningHours> {
        self.hours
    }

    /// The fallback day type, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayType, SpecialDay};
    /// assert_eq!(SpecialDay::new(DayType::Holiday).fallback(), None);
    /// ```
    pub fn fallback(&self) -> Option<&DayType> {
        self.fallback.as_ref()
    }
}

/// A manual override: every forecast on the dates `from..=to` is multiplied
/// by `factor` ("+10 % in week 42"), in `0.001..=1000`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Override {
    from: NaiveDate,
    to: NaiveDate,
    factor: f64,
}

/// The local calendar that keys every seasonal cycle: the time zone, the
/// opening hours per weekday, special days and overrides.
///
/// Seasonal methods look up "the same interval on the last day of the same
/// type" through the calendar, never by counting positions, so a missing
/// day (a holiday absent from the file) cannot shift the weekly cycle.
///
/// # Examples
///
/// ```
/// use servops_forecast::{Calendar, DayType, OpeningHours, SpecialDay};
/// use servops_forecast::chrono::{NaiveDate, Weekday};
/// use servops_forecast::chrono_tz::America::New_York;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let hours = OpeningHours::new(7 * 60, 21 * 60)?;
/// let july4 = NaiveDate::from_ymd_opt(2003, 7, 4).ok_or("date")?;
/// let cal = Calendar::new(New_York)
///     .with_weekday_hours(&[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri], Some(hours))
///     .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None)
///     .with_special_day(july4, SpecialDay::new(DayType::Closed));
/// assert_eq!(cal.day_type(july4), DayType::Closed);
/// assert!(cal.hours(july4).is_none());
/// let monday = NaiveDate::from_ymd_opt(2003, 7, 7).ok_or("date")?;
/// assert_eq!(cal.day_type(monday), DayType::Weekday(Weekday::Mon));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    tz: Tz,
    weekly: [Option<OpeningHours>; 7],
    special: BTreeMap<NaiveDate, SpecialDay>,
    overrides: Vec<Override>,
}

impl Calendar {
    /// The smallest special-day multiplier, override factor and
    /// [`factor`](Self::factor) of a date: 0.001.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, DayType, SpecialDay};
    /// assert!(SpecialDay::new(DayType::Holiday).with_multiplier(Calendar::MIN_FACTOR).is_ok());
    /// assert!(SpecialDay::new(DayType::Holiday).with_multiplier(Calendar::MIN_FACTOR / 2.0).is_err());
    /// ```
    pub const MIN_FACTOR: f64 = 1e-3;

    /// The largest special-day multiplier, override factor and
    /// [`factor`](Self::factor) of a date: 1000.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, DayType, SpecialDay};
    /// assert!(SpecialDay::new(DayType::Holiday).with_multiplier(Calendar::MAX_FACTOR).is_ok());
    /// assert!(SpecialDay::new(DayType::Holiday).with_multiplier(Calendar::MAX_FACTOR * 2.0).is_err());
    /// ```
    pub const MAX_FACTOR: f64 = 1e3;

    /// A calendar in time zone `tz`, open around the clock every day, with
    /// no special days.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Calendar;
    /// use servops_forecast::chrono_tz::UTC;
    /// assert_eq!(Calendar::new(UTC).time_zone(), UTC);
    /// ```
    pub fn new(tz: Tz) -> Self {
        Self {
            tz,
            weekly: [Some(OpeningHours::all_day()); 7],
            special: BTreeMap::new(),
            overrides: Vec::new(),
        }
    }

    /// Sets the opening hours of these weekdays (`None`: closed all day).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Calendar;
    /// use servops_forecast::chrono::{NaiveDate, Weekday};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let cal = Calendar::new(UTC).with_weekday_hours(&[Weekday::Sun], None);
    /// assert!(cal.hours(NaiveDate::from_ymd_opt(2026, 3, 1).ok_or("date")?).is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_weekday_hours(mut self, weekdays: &[Weekday], hours: Option<OpeningHours>) -> Self {
        for w in weekdays {
            if let Some(slot) = self.weekly.get_mut(w.num_days_from_monday() as usize) {
                *slot = hours;
            }
        }
        self
    }

    /// Adds (or replaces) a special day.
    ///
    /// This cannot fail, so the product of the day's multiplier and the
    /// overrides covering it is checked later: by an override added
    /// afterwards ([`with_override`](Self::with_override)) and by
    /// [`History::new`](crate::History::new), which reject a calendar whose
    /// [`factor`](Self::factor) on some date is outside
    /// [`MIN_FACTOR`](Self::MIN_FACTOR)`..=`[`MAX_FACTOR`](Self::MAX_FACTOR).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, DayType, SpecialDay};
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let d = NaiveDate::from_ymd_opt(2026, 12, 25).ok_or("date")?;
    /// let cal = Calendar::new(UTC).with_special_day(d, SpecialDay::new(DayType::Closed));
    /// assert_eq!(cal.day_type(d), DayType::Closed);
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_special_day(mut self, date: NaiveDate, day: SpecialDay) -> Self {
        self.special.insert(date, day);
        self
    }

    /// Adds a manual override: forecasts on `from..=to` are multiplied by
    /// `factor` (1.1 = +10 %); history on those dates is divided by it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter):
    /// - named `override factor` unless `0.001 <= factor <= 1000`
    ///   ([`MIN_FACTOR`](Self::MIN_FACTOR), [`MAX_FACTOR`](Self::MAX_FACTOR));
    /// - named `override dates` if `to < from`;
    /// - named `calendar factor`, with the first such date as its value, if
    ///   with this override the [`factor`](Self::factor) of a date in
    ///   `from..=to` (its special-day multiplier times every override
    ///   covering it) leaves the same range. Checking takes time linear in the special days in the
    ///   range plus quadratic in the overrides overlapping it, not in the
    ///   length of the range.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, Error};
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mon = NaiveDate::from_ymd_opt(2026, 10, 12).ok_or("date")?;
    /// let sun = NaiveDate::from_ymd_opt(2026, 10, 18).ok_or("date")?;
    /// let cal = Calendar::new(UTC).with_override(mon, sun, 1.1)?;
    /// assert!((cal.factor(mon) - 1.1).abs() < 1e-12);
    /// assert!(Calendar::new(UTC).with_override(mon, sun, 1e4).is_err());
    /// // Two overlapping overrides whose product is above 1000.
    /// let wed = NaiveDate::from_ymd_opt(2026, 10, 14).ok_or("date")?;
    /// let err = Calendar::new(UTC)
    ///     .with_override(mon, sun, 100.0)?
    ///     .with_override(wed, wed, 100.0)
    ///     .unwrap_err();
    /// assert!(matches!(err, Error::InvalidParameter { name: "calendar factor", .. }));
    /// assert!(err.to_string().ends_with("got 2026-10-14"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_override(mut self, from: NaiveDate, to: NaiveDate, factor: f64) -> Result<Self> {
        if !in_factor_range(factor) {
            return Err(invalid("override factor", factor, FACTOR_RANGE));
        }
        if to < from {
            return Err(invalid(
                "override dates",
                format!("{from}..={to}"),
                "a range with from <= to",
            ));
        }
        self.overrides.push(Override { from, to, factor });
        match self.first_bad_factor(from, to) {
            Some(date) => Err(bad_factor(date)),
            None => Ok(self),
        }
    }

    /// The time zone.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Calendar;
    /// use servops_forecast::chrono_tz::Europe::London;
    /// assert_eq!(Calendar::new(London).time_zone(), London);
    /// ```
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The regular opening hours of a weekday (`None`: closed).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, OpeningHours};
    /// use servops_forecast::chrono::Weekday;
    /// use servops_forecast::chrono_tz::UTC;
    /// let cal = Calendar::new(UTC).with_weekday_hours(&[Weekday::Sun], None);
    /// assert_eq!(cal.weekday_hours(Weekday::Sun), None);
    /// assert_eq!(cal.weekday_hours(Weekday::Mon), Some(OpeningHours::all_day()));
    /// ```
    pub fn weekday_hours(&self, weekday: Weekday) -> Option<OpeningHours> {
        self.weekly
            .get(weekday.num_days_from_monday() as usize)
            .copied()
            .flatten()
    }

    /// The special days, in date order.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, DayType, SpecialDay};
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// let d = NaiveDate::from_ymd_opt(2026, 12, 25).ok_or("date")?;
    /// let cal = Calendar::new(UTC).with_special_day(d, SpecialDay::new(DayType::Closed));
    /// assert_eq!(cal.special_days().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn special_days(&self) -> impl Iterator<Item = (NaiveDate, &SpecialDay)> {
        self.special.iter().map(|(d, s)| (*d, s))
    }

    /// The manual overrides `(from, to, factor)`, in the order added.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Calendar;
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// let d = NaiveDate::from_ymd_opt(2026, 10, 12).ok_or("date")?;
    /// let cal = Calendar::new(UTC).with_override(d, d, 1.1)?;
    /// assert_eq!(cal.overrides(), vec![(d, d, 1.1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overrides(&self) -> Vec<(NaiveDate, NaiveDate, f64)> {
        self.overrides
            .iter()
            .map(|o| (o.from, o.to, o.factor))
            .collect()
    }

    /// The special day on a date, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Calendar;
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(Calendar::new(UTC).special_day(NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("d")?).is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn special_day(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.special.get(&date)
    }

    /// The day type of a date.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, DayType};
    /// use servops_forecast::chrono::{NaiveDate, Weekday};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let d = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("d")?;
    /// assert_eq!(Calendar::new(UTC).day_type(d), DayType::Weekday(Weekday::Mon));
    /// # Ok(())
    /// # }
    /// ```
    pub fn day_type(&self, date: NaiveDate) -> DayType {
        match self.special.get(&date) {
            Some(s) => s.day_type.clone(),
            None => DayType::Weekday(date.weekday()),
        }
    }

    /// The day type used when the history has no day of `date`'s own type:
    /// the special day's fallback, or the date's weekday.
    pub(crate) fn fallback_type(&self, date: NaiveDate) -> DayType {
        self.special
            .get(&date)
            .and_then(|s| s.fallback.clone())
            .unwrap_or(DayType::Weekday(date.weekday()))
    }

    /// The opening hours of a date, `None` when it is closed all day.
    ///
    /// A special day uses its own hours if set; otherwise a day "like a
    /// Saturday" gets Saturday's hours, and other types get the hours of the
    /// date's own weekday. [`DayType::Closed`] has none.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, DayType, SpecialDay};
    /// use servops_forecast::chrono::{NaiveDate, Weekday};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("d")?;
    /// let cal = Calendar::new(UTC)
    ///     .with_weekday_hours(&[Weekday::Sun], None)
    ///     .with_special_day(monday, SpecialDay::new(DayType::Weekday(Weekday::Sun)));
    /// assert!(cal.hours(monday).is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn hours(&self, date: NaiveDate) -> Option<OpeningHours> {
        let weekday_hours = |w: Weekday| {
            self.weekly
                .get(w.num_days_from_monday() as usize)
                .copied()
                .flatten()
        };
        match self.special.get(&date) {
            None => weekday_hours(date.weekday()),
            Some(s) => match (&s.day_type, s.hours) {
                (DayType::Closed, _) => None,
                (_, Some(h)) => Some(h),
                (DayType::Weekday(w), None) => weekday_hours(*w),
                (_, None) => weekday_hours(date.weekday()),
            },
        }
    }

    /// Whether the interval starting at `minute_of_day` (local clock) on
    /// `date` is open.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, OpeningHours};
    /// use servops_forecast::chrono::{NaiveDate, Weekday};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let cal = Calendar::new(UTC).with_weekday_hours(&[Weekday::Mon], Some(OpeningHours::new(480, 1020)?));
    /// let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("d")?;
    /// assert!(cal.is_open(monday, 480));
    /// assert!(!cal.is_open(monday, 1020));
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_open(&self, date: NaiveDate, minute_of_day: u32) -> bool {
        self.hours(date).is_some_and(|h| h.contains(minute_of_day))
    }

    /// The factor applied to forecasts of a date: the special day's
    /// multiplier times every override covering it (multiplied in the
    /// order the overrides were added).
    ///
    /// [`with_override`](Self::with_override) and
    /// [`History::new`](crate::History::new) reject a calendar on which
    /// this is outside [`MIN_FACTOR`](Self::MIN_FACTOR)`..=`
    /// [`MAX_FACTOR`](Self::MAX_FACTOR) (0.001 to 1000) for some date, so
    /// on the calendar of a history it is always in that range.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Calendar;
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(Calendar::new(UTC).factor(NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("d")?), 1.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn factor(&self, date: NaiveDate) -> f64 {
        let mut f = self.special.get(&date).map_or(1.0, |s| s.multiplier);
        for o in &self.overrides {
            if o.from <= date && date <= o.to {
                f *= o.factor;
            }
        }
        f
    }

    /// The number of open dates in `(after, upto]` (0 if `upto <= after`):
    /// dates with opening hours that are not [`DayType::Closed`].
    ///
    /// Closed form: whole weeks times the open weekdays, the remaining
    /// days one by one, then each special day in the range corrected from
    /// its weekday's answer to its own. Time `O(log s + s')` for `s`
    /// special days, `s'` of them in the range, whatever its length.
    pub(crate) fn open_days_between(&self, after: NaiveDate, upto: NaiveDate) -> usize {
        let days = (upto - after).num_days();
        if days <= 0 {
            return 0;
        }
        let weekday_open = |w: Weekday| i64::from(self.weekday_hours(w).is_some());
        let open_per_week: i64 = self.weekly.iter().map(|h| i64::from(h.is_some())).sum();
        let mut open = days / 7 * open_per_week;
        let mut w = after.weekday();
        for _ in 0..days % 7 {
            w = w.succ();
            open += weekday_open(w);
        }
        for (date, _) in self
            .special
            .range((Bound::Excluded(after), Bound::Included(upto)))
        {
            open += i64::from(self.hours(*date).is_some()) - weekday_open(date.weekday());
        }
        usize::try_from(open).unwrap_or(0)
    }

    /// The special days' dates in `from..=to` (none if `to < from`).
    pub(crate) fn special_dates_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = NaiveDate> + '_ {
        let range = if from <= to {
            Some(self.special.range(from..=to).map(|(d, _)| *d))
        } else {
            None
        };
        range.into_iter().flatten()
    }

    /// Checks that [`factor`](Self::factor) is in `0.001..=1000` on every
    /// date.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) named
    /// `calendar factor` with the first date on which it is not.
    pub(crate) fn check_factors(&self) -> Result<()> {
        match self.first_bad_factor(NaiveDate::MIN, NaiveDate::MAX) {
            Some(date) => Err(bad_factor(date)),
            None => Ok(()),
        }
    }

    /// The first date in `from..=to` whose [`factor`](Self::factor) is
    /// outside `0.001..=1000`.
    ///
    /// The overrides covering a date change only at an override's first
    /// date or the day after its last, so between those breakpoints every
    /// date that is not a special day has the same factor: one such date
    /// per piece, and every special day, cover all dates. The cost is
    /// `O((s + k) * n)` for `s` special days in the range and `k <= 2n + 1`
    /// pieces of `n` overrides, whatever the range's length.
    fn first_bad_factor(&self, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
        let mut starts = vec![from];
        for o in &self.overrides {
            if o.to < from || to < o.from {
                continue;
            }
            if o.from > from {
                starts.push(o.from);
            }
            if let Some(next) = o.to.succ_opt()
                && next <= to
            {
                starts.push(next);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let bad = |date: &NaiveDate| !in_factor_range(self.factor(*date));
        // The first regular (not special) date of each piece.
        let regular = starts.iter().enumerate().filter_map(|(i, start)| {
            let end = starts
                .get(i + 1)
                .and_then(|next| next.pred_opt())
                .unwrap_or(to);
            let mut date = *start;
            while self.special.contains_key(&date) {
                date = date.succ_opt().filter(|next| *next <= end)?;
            }
            Some(date)
        });
        let first_regular = regular.filter(bad).min();
        let first_special = self.special.range(from..=to).map(|(d, _)| *d).find(bad);
        match (first_regular, first_special) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// What a multiplier and an override factor must be.
const FACTOR_RANGE: &str = "in [0.001, 1000]";

/// In [`Calendar::MIN_FACTOR`]`..=`[`Calendar::MAX_FACTOR`] (false for NaN).
fn in_factor_range(x: f64) -> bool {
    (Calendar::MIN_FACTOR..=Calendar::MAX_FACTOR).contains(&x)
}

fn bad_factor(date: NaiveDate) -> crate::Error {
    invalid(
        "calendar factor",
        date,
        "in [0.001, 1000] on every date: the date's special-day multiplier times every override covering it leaves that range",
    )
}
