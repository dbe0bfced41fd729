//! Within-day shapes anchored to a daily time (sunset) around any method.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Offset, TimeZone};
use servops_core::chrono_tz::Tz;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::calendar::DayType;
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::{FittedModel, Method};

/// Minutes in a clock day.
const DAY_MINUTES: f64 = 1440.0;

/// Most days [`DailyAnchors::sunset`] computes in one call (about 300 years).
///
/// # Examples
///
/// ```
/// use servops_forecast::{DailyAnchors, Error, MAX_ANCHOR_DAYS};
/// use servops_forecast::chrono::{Days, NaiveDate};
/// use servops_forecast::chrono_tz::Asia::Jerusalem;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let first = NaiveDate::from_ymd_opt(1999, 1, 1).ok_or("date")?;
/// let last = first + Days::new(MAX_ANCHOR_DAYS as u64);
/// let too_long = DailyAnchors::sunset(31.78, 35.22, Jerusalem, first, last);
/// assert!(matches!(too_long, Err(Error::InvalidParameter { .. })));
/// assert!(DailyAnchors::sunset(31.78, 35.22, Jerusalem, first, first + Days::new(364)).is_ok());
/// # Ok(())
/// # }
/// ```
pub const MAX_ANCHOR_DAYS: i64 = 110_000;

/// One anchor time per date, in minutes after local midnight on the
/// series' own clock (the clock its interval labels read).
///
/// [`AnchoredShape`] aligns the within-day shape of some day types to these
/// times. [`sunset`](Self::sunset) computes sunsets; any other daily event
/// time (the end of a fast, a match kick-off) can be set date by date.
///
/// # Examples
///
/// ```
/// use servops_forecast::DailyAnchors;
/// use servops_forecast::chrono::NaiveDate;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let d = NaiveDate::from_ymd_opt(2026, 3, 6).ok_or("date")?;
/// let anchors = DailyAnchors::new().with_time(d, 17.5 * 60.0)?;
/// assert_eq!(anchors.minute(d), Some(1050.0));
/// assert!(DailyAnchors::new().with_time(d, 1440.0).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DailyAnchors {
    times: BTreeMap<NaiveDate, f64>,
}

impl DailyAnchors {
    /// No anchors.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DailyAnchors;
    /// assert!(DailyAnchors::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the anchor of one date (replacing an earlier one).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `0 < minute < 1440`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DailyAnchors;
    /// use servops_forecast::chrono::NaiveDate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let d = NaiveDate::from_ymd_opt(2026, 3, 6).ok_or("date")?;
    /// assert_eq!(DailyAnchors::new().with_time(d, 1000.0)?.len(), 1);
    /// assert!(DailyAnchors::new().with_time(d, f64::NAN).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_time(mut self, date: NaiveDate, minute: f64) -> Result<Self> {
        if !(minute.is_finite() && minute > 0.0 && minute < DAY_MINUTES) {
            return Err(invalid("anchor minute", minute, "0 < minute < 1440"));
        }
        self.times.insert(date, minute);
        Ok(self)
    }

    /// Sunset times for every date from `from` to `to` inclusive at a
    /// location, read on the wall clock of `tz`.
    ///
    /// Sunset is the instant the sun's centre is 0.833° below the horizon
    /// (refraction and the solar radius), from NOAA's general solar position
    /// approximation (fractional year `γ = 2π/365 · (n − 1)`, equation of
    /// time and declination as Fourier series, hour angle
    /// `cos h = cos 90.833° / (cos φ cos δ) − tan φ tan δ`, sunset
    /// `720 − 4 (λ − h) − eqtime` minutes UTC). It agrees with the full
    /// NOAA (Meeus) algorithm to within about a minute (see
    /// `docs/forecast.md`). A date without a sunset (polar day or night),
    /// or whose sunset falls on another local date, gets no anchor.
    ///
    /// `tz` must be the clock the series' interval labels read: a series
    /// recorded on the local wall clock takes the local zone, daylight
    /// saving included, even when its timestamps were stored as UTC.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for a
    /// latitude outside `[-90, 90]`, a longitude outside `[-180, 180]`,
    /// `to` before `from`, or more than [`MAX_ANCHOR_DAYS`] days.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DailyAnchors;
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::Asia::Jerusalem;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let from = NaiveDate::from_ymd_opt(1999, 9, 1).ok_or("date")?;
    /// let to = NaiveDate::from_ymd_opt(1999, 9, 4).ok_or("date")?;
    /// let tel_aviv = DailyAnchors::sunset(32.08, 34.78, Jerusalem, from, to)?;
    /// // Summer time ended on Friday 1999-09-03: the clock sunset moves back an hour.
    /// let thu = tel_aviv.minute(from + chrono::Days::new(1)).ok_or("no sunset")?;
    /// let sat = tel_aviv.minute(to).ok_or("no sunset")?;
    /// assert!((thu - sat - 62.0).abs() < 2.0, "{thu} {sat}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn sunset(
        latitude: f64,
        longitude: f64,
        tz: Tz,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Self> {
        if !(latitude.is_finite() && (-90.0..=90.0).contains(&latitude)) {
            return Err(invalid("latitude", latitude, "-90 ..= 90 degrees"));
        }
        if !(longitude.is_finite() && (-180.0..=180.0).contains(&longitude)) {
            return Err(invalid("longitude", longitude, "-180 ..= 180 degrees"));
        }
        let days = (to - from).num_days();
        if !(0..MAX_ANCHOR_DAYS).contains(&days) {
            return Err(invalid(
                "sunset date range (days)",
                days + 1,
                "1 ..= MAX_ANCHOR_DAYS, to not before from",
            ));
        }
        let mut times = BTreeMap::new();
        for date in from.iter_days().take_while(|d| *d <= to) {
            if let Some(m) = sunset_utc_minutes(date, latitude, longitude)
                .and_then(|m| wall_clock_minute(date, m, tz))
            {
                times.insert(date, m);
            }
        }
        Ok(Self { times })
    }

    /// The anchor of a date, in minutes after local midnight.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DailyAnchors;
    /// use servops_forecast::chrono::NaiveDate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let d = NaiveDate::from_ymd_opt(2026, 3, 6).ok_or("date")?;
    /// assert_eq!(DailyAnchors::new().minute(d), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn minute(&self, date: NaiveDate) -> Option<f64> {
        self.times.get(&date).copied()
    }

    /// Number of dates with an anchor.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DailyAnchors;
    /// assert_eq!(DailyAnchors::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// Whether no date has an anchor.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DailyAnchors;
    /// assert!(DailyAnchors::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// The dates and their anchors, in date order.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DailyAnchors;
    /// use servops_forecast::chrono::NaiveDate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let d = NaiveDate::from_ymd_opt(2026, 3, 6).ok_or("date")?;
    /// let a = DailyAnchors::new().with_time(d, 1000.0)?;
    /// assert_eq!(a.iter().collect::<Vec<_>>(), vec![(d, 1000.0)]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (NaiveDate, f64)> + '_ {
        self.times.iter().map(|(d, m)| (*d, *m))
    }
}

/// Sunset in minutes after UTC midnight of `date` (NOAA's fractional-year
/// approximation), `None` without a sunset that day.
fn sunset_utc_minutes(date: NaiveDate, latitude: f64, longitude: f64) -> Option<f64> {
    let n = f64::from(date.ordinal());
    let year_days = if date.leap_year() { 366.0 } else { 365.0 };
    let g = 2.0 * std::f64::consts::PI / year_days * (n - 1.0);
    let eqtime = 229.18
        * (0.000075 + 0.001868 * g.cos()
            - 0.032077 * g.sin()
            - 0.014615 * (2.0 * g).cos()
            - 0.040849 * (2.0 * g).sin());
    let decl = 0.006918 - 0.399912 * g.cos() + 0.070257 * g.sin() - 0.006758 * (2.0 * g).cos()
        + 0.000907 * (2.0 * g).sin()
        - 0.002697 * (3.0 * g).cos()
        + 0.00148 * (3.0 * g).sin();
    let lat = latitude.to_radians();
    let cos_h = 90.833f64.to_radians().cos() / (lat.cos() * decl.cos()) - lat.tan() * decl.tan();
    if !(-1.0..=1.0).contains(&cos_h) {
        return None;
    }
    let h = cos_h.acos().to_degrees();
    Some(720.0 - 4.0 * (longitude - h) - eqtime)
}

/// Minutes after local midnight in `tz` of the instant `utc_minutes` after
/// UTC midnight of `date`, if that instant falls on `date` locally. The
/// zone's offset is looked up at the instant (to the second) and added to
/// the unrounded minutes.
fn wall_clock_minute(date: NaiveDate, utc_minutes: f64, tz: Tz) -> Option<f64> {
    if !(utc_minutes.is_finite() && utc_minutes.abs() < 4.0 * DAY_MINUTES) {
        return None;
    }
    let utc = date.and_hms_opt(0, 0, 0)?.and_utc()
        + chrono::Duration::seconds((utc_minutes * 60.0).round() as i64);
    let offset_secs = tz
        .offset_from_utc_datetime(&utc.naive_utc())
        .fix()
        .local_minus_utc();
    let m = utc_minutes + f64::from(offset_secs) / 60.0;
    (m > 0.0 && m < DAY_MINUTES).then_some(m)
}

/// Within-day shapes anchored to a daily time, around another method.
///
/// Some days' demand follows an event whose clock time moves through the
/// year. In Israel the Sabbath starts at sunset on Friday and ends at
/// nightfall on Saturday, so Friday's afternoon tail and Saturday's
/// evening rush move by almost four hours between December and July, and
/// by an hour overnight when summer time starts or ends; a method that
/// averages the last weeks' shapes by clock time smears them and lags
/// behind. Ramadan's fast-breaking at sunset moves contact patterns the
/// same way. This wrapper warps the history's days of the chosen types to
/// a common reference anchor before the inner method fits, and warps each
/// forecast back to its own date's anchor.
///
/// # Formula
///
/// For a day with anchor `a` (minutes after midnight), the fixed minute
/// `F` and the reference anchor `R`, the warp is the piecewise-linear map
/// of the clock day through `(0, 0)`, `(F, F)`, `(a, R)`, `(1440, 1440)`:
/// the morning up to `F` keeps its clock times, the span `F..a` is
/// stretched or compressed onto `F..R` and `a..24:00` onto `R..24:00`.
/// Counts move with the clock time they belong to: slot `i` spreads its
/// count uniformly over `[i·Δ, (i+1)·Δ)`, each part lands where the map
/// puts it, and every slot of the warped day sums what lands in it, so the
/// day's total is unchanged.
///
/// `R` is the mean anchor of the history's anchored days, rounded to a
/// slot boundary (so an event at the anchor stays on a slot edge in the
/// warped history; the mean itself if the rounded value is not after `F`).
/// The warped history has the slots' resolution: a day averaged in the
/// warped clock and warped back is smoothed by up to a slot. A day is
/// anchored when its day type is one of the chosen types (a special day
/// mapped to `Weekday(Sat)` counts as a Saturday), it has an anchor with
/// `F < a < 1440`, and every slot from `F` to midnight is open (a day that
/// closes at a fixed hour keeps its clock shape). A forecast for an
/// anchored date is the inner forecast warped through `(0, 0)`, `(F, F)`,
/// `(R, a)`, `(1440, 1440)`. Other days pass through unchanged; with no
/// anchored day in the history the wrapper is the inner method.
///
/// The default `F = 600` (10:00) keeps the morning, which follows office
/// hours, on the clock. The choice of day types and of the anchor is
/// domain knowledge the caller supplies.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{AnchoredShape, Calendar, DailyAnchors, DayType, FittedModel, History, Method, SeasonalNaive};
/// use servops_forecast::chrono::{NaiveDate, Weekday};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 8 weeks of hourly history; on Saturdays calls start at the anchor,
/// // which moves an hour later each week (17:00, 18:00, ...).
/// let first = NaiveDate::from_ymd_opt(2026, 1, 5).ok_or("date")?; // a Monday
/// let grid = IntervalGrid::local_days(first, 56, Duration::from_secs(3600), UTC)?;
/// let mut anchors = DailyAnchors::new();
/// for w in 0..9u64 {
///     let sat = first + chrono::Days::new(7 * w + 5);
///     anchors = anchors.with_time(sat, 60.0 * (12 + w) as f64)?;
/// }
/// let series = IntervalSeries::from_fn(grid, |i, _| {
///     let (day, hour) = (i / 24, i % 24);
///     let start = 12 + day / 7;
///     Some(if day % 7 == 5 && hour >= start { 10.0 } else { 1.0 })
/// });
/// let history = History::new(&series, Calendar::new(UTC))?;
/// let method = AnchoredShape::new(SeasonalNaive::new(), anchors, &[DayType::Weekday(Weekday::Sat)]);
/// let fitted = method.fit(&history)?;
/// // The next Saturday's rush starts at its own anchor, 20:00, not at
/// // 19:00 as on the last Saturday seen: the 9 calls of 10:00-19:00 spread
/// // to 20:00 and the evening's 50 over the four hours left.
/// let sat = fitted.forecast_day(first + chrono::Days::new(61), 6)?;
/// assert!((sat[19] - 0.9).abs() < 1e-9 && (sat[20] - 12.5).abs() < 1e-9, "{sat:?}");
/// assert!((sat.iter().sum::<f64>() - 69.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AnchoredShape<M> {
    inner: M,
    anchors: DailyAnchors,
    day_types: Vec<DayType>,
    fixed_minute: u32,
}

impl<M> AnchoredShape<M> {
    /// Anchors the days of `day_types` to `anchors` around `inner`, with the
    /// fixed minute `F = 600` (10:00).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnchoredShape, DailyAnchors, DayType, SeasonalNaive};
    /// use servops_forecast::chrono::Weekday;
    /// let m = AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[DayType::Weekday(Weekday::Fri)]);
    /// assert_eq!(m.fixed_minute(), 600);
    /// ```
    pub fn new(inner: M, anchors: DailyAnchors, day_types: &[DayType]) -> Self {
        Self {
            inner,
            anchors,
            day_types: day_types.to_vec(),
            fixed_minute: 600,
        }
    }

    /// Sets the fixed minute `F`: clock times before it are not warped.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `F < 1440`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnchoredShape, DailyAnchors, SeasonalNaive};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[]).with_fixed_minute(0)?;
    /// assert_eq!(m.fixed_minute(), 0);
    /// assert!(AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[]).with_fixed_minute(1440).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_fixed_minute(mut self, minute: u32) -> Result<Self> {
        if minute >= 1440 {
            return Err(invalid("anchored-shape fixed minute", minute, "0 ..= 1439"));
        }
        self.fixed_minute = minute;
        Ok(self)
    }

    /// The wrapped method.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnchoredShape, DailyAnchors, SeasonalNaive};
    /// let m = AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[]);
    /// assert_eq!(m.inner(), &SeasonalNaive::new());
    /// ```
    pub fn inner(&self) -> &M {
        &self.inner
    }

    /// The anchors.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnchoredShape, DailyAnchors, SeasonalNaive};
    /// let m = AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[]);
    /// assert!(m.anchors().is_empty());
    /// ```
    pub fn anchors(&self) -> &DailyAnchors {
        &self.anchors
    }

    /// The anchored day types.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnchoredShape, DailyAnchors, DayType, SeasonalNaive};
    /// let m = AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[DayType::Holiday]);
    /// assert_eq!(m.day_types(), &[DayType::Holiday]);
    /// ```
    pub fn day_types(&self) -> &[DayType] {
        &self.day_types
    }

    /// The fixed minute `F`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnchoredShape, DailyAnchors, SeasonalNaive};
    /// assert_eq!(AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[]).fixed_minute(), 600);
    /// ```
    pub fn fixed_minute(&self) -> u32 {
        self.fixed_minute
    }

    /// The anchor of `day` if it is anchored (type, anchor in range, open
    /// from `F` to midnight).
    fn anchor_of(
        &self,
        day_type: &DayType,
        date: NaiveDate,
        open: &[bool],
        step: f64,
    ) -> Option<f64> {
        anchor_of(
            &self.anchors,
            &self.day_types,
            self.fixed_minute,
            day_type,
            date,
            open,
            step,
        )
    }
}

fn anchor_of(
    anchors: &DailyAnchors,
    day_types: &[DayType],
    fixed: u32,
    day_type: &DayType,
    date: NaiveDate,
    open: &[bool],
    step: f64,
) -> Option<f64> {
    if !day_types.contains(day_type) {
        return None;
    }
    let a = anchors.minute(date)?;
    let f = f64::from(fixed);
    let open_after = open
        .iter()
        .enumerate()
        .filter(|(s, _)| (*s as f64 + 1.0) * step > f)
        .all(|(_, o)| *o);
    let end = open.len() as f64 * step;
    (a > f && a < end && open_after).then_some(a)
}

/// A fitted [`AnchoredShape`]: the inner model fitted on the warped
/// history, and the reference anchor.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{AnchoredShape, Calendar, DailyAnchors, DayType, History, Method, SeasonalNaive};
/// use servops_forecast::chrono::Weekday;
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // No anchors: nothing is warped and there is no reference anchor.
/// let grid = IntervalGrid::new("2026-01-05T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
/// let m = AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[DayType::Weekday(Weekday::Sat)]);
/// assert_eq!(m.fit(&h)?.reference_minute(), None);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedAnchoredShape<F> {
    inner: F,
    ctx: Context,
    anchors: DailyAnchors,
    day_types: Vec<DayType>,
    fixed_minute: u32,
    reference: Option<f64>,
}

impl<F> FittedAnchoredShape<F> {
    pub(crate) fn context(&self) -> &Context {
        &self.ctx
    }

    /// The fitted inner model (fitted on the warped history).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnchoredShape, Calendar, DailyAnchors, FittedModel, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-05T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
    /// let fitted = AnchoredShape::new(SeasonalNaive::new(), DailyAnchors::new(), &[]).fit(&h)?;
    /// let next = IntervalGrid::new("2026-01-19T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// assert_eq!(fitted.inner().predict(&next)?.values()[0], 2.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn inner(&self) -> &F {
        &self.inner
    }

    /// The reference anchor `R` (minutes after midnight), `None` when the
    /// history had no anchored day.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnchoredShape, Calendar, DailyAnchors, DayType, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono::{NaiveDate, Weekday};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-05T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
    /// let anchors = DailyAnchors::new()
    ///     .with_time(NaiveDate::from_ymd_opt(2026, 1, 10).ok_or("d")?, 1000.0)?
    ///     .with_time(NaiveDate::from_ymd_opt(2026, 1, 17).ok_or("d")?, 1100.0)?;
    /// let m = AnchoredShape::new(SeasonalNaive::new(), anchors, &[DayType::Weekday(Weekday::Sat)]);
    /// // The mean, 17:30, rounded to the hourly slots.
    /// assert_eq!(m.fit(&h)?.reference_minute(), Some(1080.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn reference_minute(&self) -> Option<f64> {
        self.reference
    }
}

impl<M: Method> Method for AnchoredShape<M> {
    type Fitted = FittedAnchoredShape<M::Fitted>;
    fn fit(&self, history: &History) -> Result<Self::Fitted> {
        let step = f64::from(history.step_minutes());
        let anchored: Vec<f64> = history
            .days()
            .iter()
            .filter_map(|d| self.anchor_of(&d.day_type, d.date, &d.open, step))
            .collect();
        let end = history.slots_per_day() as f64 * step;
        let fixed = f64::from(self.fixed_minute);
        let reference = (!anchored.is_empty()).then(|| {
            let mean = anchored.iter().sum::<f64>() / anchored.len() as f64;
            let snapped = (mean / step).round() * step;
            if snapped > fixed && snapped < end {
                snapped
            } else {
                mean
            }
        });
        let inner = match reference {
            Some(r) => {
                let warped = history.with_days_mapped(|d: &Day| {
                    let a = self.anchor_of(&d.day_type, d.date, &d.open, step)?;
                    Some(transport(&d.values, step, &knots(fixed, a, r, end)))
                });
                self.inner.fit(&warped)?
            }
            None => self.inner.fit(history)?,
        };
        Ok(FittedAnchoredShape {
            inner,
            ctx: history.context(),
            anchors: self.anchors.clone(),
            day_types: self.day_types.clone(),
            fixed_minute: self.fixed_minute,
            reference,
        })
    }
}

impl<F: FittedModel> FittedModel for FittedAnchoredShape<F> {
    fn forecast_day(&self, date: NaiveDate, lead_days: usize) -> Result<Vec<f64>> {
        let day = self.inner.forecast_day(date, lead_days)?;
        let Some(r) = self.reference else {
            return Ok(day);
        };
        let step = f64::from(self.ctx.step_minutes);
        let open = self.ctx.open_slots(date);
        let day_type = self.ctx.calendar.day_type(date);
        match anchor_of(
            &self.anchors,
            &self.day_types,
            self.fixed_minute,
            &day_type,
            date,
            &open,
            step,
        ) {
            Some(a) => {
                let end = open.len() as f64 * step;
                crate::methods::finite_day(
                    date,
                    transport(&day, step, &knots(f64::from(self.fixed_minute), r, a, end)),
                )
            }
            None => Ok(day),
        }
    }

    fn predict(&self, grid: &IntervalGrid) -> Result<IntervalSeries<f64>> {
        self.ctx.expand(grid, |d, l| self.forecast_day(d, l))
    }
}

/// Knots of the warp taking anchor `from` to `to` with `fixed` held.
/// `end` is the end of the day's last slot (1440 when the step divides a day).
fn knots(fixed: f64, from: f64, to: f64, end: f64) -> [(f64, f64); 4] {
    [(0.0, 0.0), (fixed, fixed), (from, to), (end, end)]
}

/// Moves the counts of a day's slots (width `step` minutes) through the
/// increasing piecewise-linear map given by `knots` (increasing in both
/// coordinates, from `(0, 0)` to the end of the last slot on both axes),
/// spreading each slot's count uniformly over its clock span; the day's
/// total is unchanged.
pub(crate) fn transport(values: &[f64], step: f64, knots: &[(f64, f64)]) -> Vec<f64> {
    let n = values.len();
    let mut out = vec![0.0; n];
    if n == 0 || step <= 0.0 {
        return out;
    }
    for (i, &x) in values.iter().enumerate() {
        if x == 0.0 {
            continue;
        }
        let (s0, s1) = (i as f64 * step, (i as f64 + 1.0) * step);
        for seg in knots.windows(2) {
            let &[(p0, q0), (p1, q1)] = seg else {
                continue;
            };
            let (u0, u1) = (s0.max(p0), s1.min(p1));
            if u1 <= u0 || p1 <= p0 {
                continue;
            }
            let slope = (q1 - q0) / (p1 - p0);
            let (v0, v1) = (q0 + (u0 - p0) * slope, q0 + (u1 - p0) * slope);
            let mass = x * (u1 - u0) / step;
            if v1 <= v0 {
                continue;
            }
            let first = ((v0 / step).floor().max(0.0) as usize).min(n - 1);
            let last = ((v1 / step).ceil().max(0.0) as usize).clamp(first + 1, n);
            for j in first..last {
                let (t0, t1) = (j as f64 * step, (j as f64 + 1.0) * step);
                let overlap = v1.min(t1) - v0.max(t0);
                if overlap > 0.0
                    && let Some(o) = out.get_mut(j)
                {
                    *o += mass * overlap / (v1 - v0);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_warp_keeps_the_day() {
        let x: Vec<f64> = (0..48).map(|i| (i * 7 % 11) as f64).collect();
        let y = transport(&x, 30.0, &knots(600.0, 1000.0, 1000.0, 1440.0));
        for (a, b) in x.iter().zip(&y) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn a_whole_slot_shift_moves_counts_exactly() {
        // 10:00 fixed, anchor 18:00 -> 19:00: 18:00-24:00 (12 slots) onto
        // 19:00-24:00 (10 slots), 10:00-18:00 onto 10:00-19:00.
        let mut x = vec![0.0; 48];
        x[36] = 6.0; // 18:00-18:30, lands at 19:00-19:25: all in slot 38
        x[10] = 3.0; // 05:00: before F, unchanged
        let y = transport(&x, 30.0, &knots(600.0, 1080.0, 1140.0, 1440.0));
        assert!((y[10] - 3.0).abs() < 1e-12);
        assert!((y[38] - 6.0).abs() < 1e-12, "{:?}", &y[36..40]);
        assert!((y.iter().sum::<f64>() - 9.0).abs() < 1e-12);
    }

    #[test]
    fn a_warp_and_its_inverse_keep_the_total() {
        let x: Vec<f64> = (0..48).map(|i| 1.0 + (i % 5) as f64).collect();
        let y = transport(&x, 30.0, &knots(600.0, 1000.0, 1111.0, 1440.0));
        let z = transport(&y, 30.0, &knots(600.0, 1111.0, 1000.0, 1440.0));
        let t: f64 = x.iter().sum();
        assert!((y.iter().sum::<f64>() - t).abs() < 1e-9);
        assert!((z.iter().sum::<f64>() - t).abs() < 1e-9);
    }
}
