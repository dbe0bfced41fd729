//! Catch-up days around any method: the first working day after a holiday
//! carries the demand the closure held back.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use servops_core::{IntervalGrid, IntervalSeries};

use crate::calendar::{Calendar, DayType};
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::{FittedModel, Method};

/// How far back a catch-up day looks for the holiday over rest days.
const LOOK_BACK_DAYS: usize = 7;

/// Catch-up days around another method.
///
/// Customers who could not call on a holiday call on the next working day:
/// in WFM practice "the day after a holiday is like a Monday, only more".
/// A same-weekday method forecasts that Tuesday as a Tuesday, and learns
/// the surge into its next weeks of Tuesdays. This wrapper marks the
/// **catch-up days** from the calendar, estimates one multiplier for them
/// from the catch-up days in the history, takes each past catch-up day's
/// surge out of the history the inner method is fitted on, and multiplies
/// the multiplier into the inner method's forecasts of future catch-up
/// days.
///
/// # Which days
///
/// A date is a catch-up day when it is not a special day, its weekday is
/// not a **rest day**, it has opening hours, and walking back from it over
/// regular rest days (at most seven days) the first day reached is a
/// special day that is not worked: [`DayType::Closed`],
/// [`DayType::Holiday`], or "like" a rest day. The rest days are set with
/// [`with_rest_days`](Self::with_rest_days) (for example Friday and
/// Saturday in Israel, where the centre is open but quiet); by default
/// they are the weekdays the calendar closes. So with Saturday and Sunday
/// closed, the Tuesday after a closed Monday and the Monday after a closed
/// Friday are catch-up days, and a regular Monday is not.
///
/// # Formula
///
/// Over the complete days that are not special days, with a positive
/// total `Y(d)` and at least two days of the same type within `±w`
/// calendar days that are not catch-up days:
///
/// ```text
/// r(d)  = ln Y(d) − ln mean{ Y(d') : T(d') = T(d), 0 < |d' − d| ≤ w, d' not a catch-up day }
/// r̄, σ² = mean and variance (n − 1) of r over the regular days
/// e(d)  = r(d) − r̄                               for the n catch-up days with a ratio
/// ē     = mean of e(d)
/// g     = ē · max(0, 1 − σ² / (n ē²))              (0 when n = 0)
/// F(d,s) = exp(g) · F_inner(d, s) on a catch-up day, F_inner(d, s) otherwise
/// ```
///
/// `g` is the empirical-Bayes estimate of one effect with a normal prior
/// centred on no effect: the prior variance is estimated as
/// `max(0, ē² − σ²/n)`, so a mean excess that the day-to-day noise
/// explains is shrunk to none. The inner method is fitted on the history
/// with each catch-up day divided by `exp(e(d))`, its own excess (by
/// `exp(g)` if it has no ratio), so the surge does not leak into the
/// regular days' levels. Without catch-up days in the history or the
/// horizon, the wrapper **is** the inner method.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, CatchUp, DayType, FittedModel, History, Method, SpecialDay, WeightedIndex};
/// use servops_forecast::chrono::{Datelike, NaiveDate, Weekday};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 20 weeks of hourly history, weekends closed, a closed holiday every
/// // four weeks on a Monday, and the Tuesday after it 30 % busier.
/// let first = NaiveDate::from_ymd_opt(2026, 1, 5).ok_or("date")?; // a Monday
/// let holiday = |d: NaiveDate| d.weekday() == Weekday::Mon && (d - first).num_days() % 28 == 7;
/// let mut cal = Calendar::new(UTC).with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None);
/// for k in 0..22 {
///     let d = first + chrono::Days::new(7 * k);
///     if holiday(d) {
///         cal = cal.with_special_day(d, SpecialDay::new(DayType::Closed));
///     }
/// }
/// let grid = IntervalGrid::local_days(first, 140, Duration::from_secs(3600), UTC)?;
/// let series = IntervalSeries::from_fn(grid, |i, _| {
///     let day = first + chrono::Days::new((i / 24) as u64);
///     let after = day.pred_opt().is_some_and(holiday);
///     Some(if after { 13.0 } else { 10.0 })
/// });
/// let history = History::new(&series, cal)?;
/// let fitted = CatchUp::new(WeightedIndex::new(4)?).fit(&history)?;
/// assert!((fitted.multiplier() - 1.3).abs() < 1e-9);
/// // The Tuesday after the next holiday (Monday 2026-06-01).
/// let tuesday = NaiveDate::from_ymd_opt(2026, 6, 2).ok_or("date")?;
/// assert!(fitted.is_catch_up(tuesday));
/// let day = fitted.forecast_day(tuesday, 1)?;
/// assert!((day[9] - 13.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CatchUp<M> {
    inner: M,
    rest_days: Option<Vec<Weekday>>,
    window_days: u32,
}

impl<M> CatchUp<M> {
    /// Catch-up days around `inner`: rest days from the calendar (the
    /// weekdays it closes), window `w = 21` days.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{CatchUp, SeasonalNaive};
    /// let m = CatchUp::new(SeasonalNaive::new());
    /// assert_eq!(m.window_days(), 21);
    /// assert_eq!(m.rest_days(), None);
    /// ```
    pub fn new(inner: M) -> Self {
        Self {
            inner,
            rest_days: None,
            window_days: 21,
        }
    }

    /// Sets the rest days: the weekdays a holiday's demand waits over (for
    /// example Friday and Saturday in Israel). Duplicates are ignored; the
    /// list may be empty (then only the day right after a holiday
    /// catches up).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{CatchUp, SeasonalNaive};
    /// use servops_forecast::chrono::Weekday;
    /// let m = CatchUp::new(SeasonalNaive::new()).with_rest_days(&[Weekday::Sat, Weekday::Fri, Weekday::Sat]);
    /// assert_eq!(m.rest_days(), Some(&[Weekday::Fri, Weekday::Sat][..]));
    /// ```
    #[must_use]
    pub fn with_rest_days(mut self, days: &[Weekday]) -> Self {
        let mut v: Vec<Weekday> = days.to_vec();
        v.sort_by_key(Weekday::num_days_from_monday);
        v.dedup();
        self.rest_days = Some(v);
        self
    }

    /// Sets the window `w` (calendar days each side) of the reference mean.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `7 <= w <= 366`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{CatchUp, SeasonalNaive};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = CatchUp::new(SeasonalNaive::new()).with_window_days(35)?;
    /// assert_eq!(m.window_days(), 35);
    /// assert!(CatchUp::new(SeasonalNaive::new()).with_window_days(6).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_window_days(mut self, window_days: u32) -> Result<Self> {
        if !(7..=366).contains(&window_days) {
            return Err(invalid("catch-up window", window_days, "7 ..= 366 days"));
        }
        self.window_days = window_days;
        Ok(self)
    }

    /// The wrapped method.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{CatchUp, SeasonalNaive};
    /// assert_eq!(CatchUp::new(SeasonalNaive::new()).inner(), &SeasonalNaive::new());
    /// ```
    pub fn inner(&self) -> &M {
        &self.inner
    }

    /// The rest days set, `None` when they come from the calendar.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{CatchUp, SeasonalNaive};
    /// assert_eq!(CatchUp::new(SeasonalNaive::new()).rest_days(), None);
    /// ```
    pub fn rest_days(&self) -> Option<&[Weekday]> {
        self.rest_days.as_deref()
    }

    /// The window `w` in calendar days each side.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{CatchUp, SeasonalNaive};
    /// assert_eq!(CatchUp::new(SeasonalNaive::new()).window_days(), 21);
    /// ```
    pub fn window_days(&self) -> u32 {
        self.window_days
    }

    /// The catch-up days from `from` to `to` (inclusive) under `calendar`.
    ///
    /// A catch-up day lies at most seven days after a special day, so only
    /// the week after each special day in the range is examined: the time
    /// is proportional to the special days in `from - 7 ..= to`, not to the
    /// length of the range (`NaiveDate::MIN ..= NaiveDate::MAX` included).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Calendar, CatchUp, DayType, SeasonalNaive, SpecialDay};
    /// use servops_forecast::chrono::{NaiveDate, Weekday};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let d = |s: &str| s.parse::<NaiveDate>();
    /// // Israel: Friday and Saturday are rest days; Shavuot 1999 was a Friday.
    /// let cal = Calendar::new(UTC)
    ///     .with_special_day(d("1999-05-21")?, SpecialDay::new(DayType::Weekday(Weekday::Sat)));
    /// let m = CatchUp::new(SeasonalNaive::new()).with_rest_days(&[Weekday::Fri, Weekday::Sat]);
    /// assert_eq!(m.catch_up_days(&cal, d("1999-05-16")?, d("1999-05-29")?), vec![d("1999-05-23")?]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn catch_up_days(
        &self,
        calendar: &Calendar,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        let rest = rest_flags(self.rest_days.as_deref(), calendar);
        // `is_catch_up` looks back at most LOOK_BACK_DAYS days for a
        // special day: every catch-up day is within that many days after
        // one.
        let look_back = Days::new(LOOK_BACK_DAYS as u64);
        let first = from.checked_sub_days(look_back).unwrap_or(NaiveDate::MIN);
        let last = to.pred_opt().unwrap_or(NaiveDate::MIN);
        let candidates: BTreeSet<NaiveDate> = calendar
            .special_dates_in(first, last)
            .flat_map(|s| s.iter_days().skip(1).take(LOOK_BACK_DAYS))
            .filter(|d| (from..=to).contains(d))
            .collect();
        candidates
            .into_iter()
            .filter(|d| is_catch_up(calendar, &rest, *d))
            .collect()
    }
}

/// A fitted [`CatchUp`]: the inner fitted model and the multiplier.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, CatchUp, FittedModel, History, Method, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // No holidays: no catch-up day, the multiplier is 1 and the forecast the inner one.
/// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 60)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
/// let fitted = CatchUp::new(SeasonalNaive::new()).fit(&h)?;
/// assert_eq!(fitted.multiplier(), 1.0);
/// assert_eq!(fitted.instances(), 0);
/// let next = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| *v == 2.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedCatchUp<F> {
    inner: F,
    ctx: Context,
    rest: [bool; 7],
    estimate: Estimate,
}

impl<F> FittedCatchUp<F> {
    pub(crate) fn context(&self) -> &Context {
        &self.ctx
    }

    /// The fitted inner model (fitted on the history with the catch-up
    /// days' surges divided out).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, CatchUp, FittedModel, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 30)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
    /// let fitted = CatchUp::new(SeasonalNaive::new()).fit(&h)?;
    /// let next = IntervalGrid::new("2026-01-31T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// assert_eq!(fitted.inner().predict(&next)?.values()[0], 2.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn inner(&self) -> &F {
        &self.inner
    }

    /// The multiplier `exp(g)` applied to catch-up days' forecasts.
    ///
    /// # Examples
    ///
    /// See [`CatchUp`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, CatchUp, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 30)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
    /// assert_eq!(CatchUp::new(SeasonalNaive::new()).fit(&h)?.multiplier(), 1.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn multiplier(&self) -> f64 {
        self.estimate.log_effect.exp()
    }

    /// The unshrunk multiplier `exp(ē)`: the mean excess of the history's
    /// catch-up days over their neighbours (`None` without a catch-up day
    /// that has a ratio, or without two regular ratios to compare with).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, CatchUp, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 30)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
    /// assert_eq!(CatchUp::new(SeasonalNaive::new()).fit(&h)?.raw_multiplier(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw_multiplier(&self) -> Option<f64> {
        self.estimate.raw_log_effect.map(f64::exp)
    }

    /// The number `n` of the history's catch-up days the multiplier was
    /// estimated from.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, CatchUp, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 30)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
    /// assert_eq!(CatchUp::new(SeasonalNaive::new()).fit(&h)?.instances(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn instances(&self) -> usize {
        self.estimate.instances
    }

    /// Whether `date` is a catch-up day under the fitted calendar and rest
    /// days.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, CatchUp, DayType, History, Method, SeasonalNaive, SpecialDay};
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let holiday = NaiveDate::from_ymd_opt(2026, 2, 10).ok_or("d")?;
    /// let cal = Calendar::new(UTC).with_special_day(holiday, SpecialDay::new(DayType::Holiday));
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 30)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), cal)?;
    /// let fitted = CatchUp::new(SeasonalNaive::new()).fit(&h)?;
    /// assert!(fitted.is_catch_up(NaiveDate::from_ymd_opt(2026, 2, 11).ok_or("d")?));
    /// assert!(!fitted.is_catch_up(NaiveDate::from_ymd_opt(2026, 2, 12).ok_or("d")?));
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_catch_up(&self, date: NaiveDate) -> bool {
        is_catch_up(&self.ctx.calendar, &self.rest, date)
    }
}

impl<M: Method> Method for CatchUp<M> {
    type Fitted = FittedCatchUp<M::Fitted>;
    fn fit(&self, history: &History) -> Result<Self::Fitted> {
        let cal = history.calendar();
        let rest = rest_flags(self.rest_days.as_deref(), cal);
        let estimate = estimate(history.days(), cal, &rest, i64::from(self.window_days));
        let inner = if estimate.own.is_empty() {
            self.inner.fit(history)?
        } else {
            let own = |d: NaiveDate| match estimate.own.binary_search_by(|(x, _)| x.cmp(&d)) {
                Ok(i) => estimate.own.get(i).map_or(1.0, |(_, e)| e.exp()),
                Err(_) => 1.0,
            };
            self.inner.fit(&history.divided_by(own))?
        };
        Ok(FittedCatchUp {
            inner,
            ctx: history.context(),
            rest,
            estimate,
        })
    }
}

impl<F: FittedModel> FittedModel for FittedCatchUp<F> {
    fn forecast_day(&self, date: NaiveDate, lead_days: usize) -> Result<Vec<f64>> {
        let mut day = self.inner.forecast_day(date, lead_days)?;
        if self.estimate.log_effect != 0.0 && self.is_catch_up(date) {
            let f = self.multiplier();
            for v in &mut day {
                *v *= f;
            }
        }
        crate::methods::finite_day(date, day)
    }

    fn predict(&self, grid: &IntervalGrid) -> Result<IntervalSeries<f64>> {
        self.ctx.expand(grid, |d, l| self.forecast_day(d, l))
    }
}

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

/// Rest flags by weekday (Monday first): the given days, or the weekdays
/// the calendar closes.
fn rest_flags(days: Option<&[Weekday]>, cal: &Calendar) -> [bool; 7] {
    let mut rest = [false; 7];
    for (i, flag) in rest.iter_mut().enumerate() {
        let w = Weekday::try_from(i as u8).unwrap_or(Weekday::Mon);
        *flag = match days {
            Some(list) => list.contains(&w),
            None => cal.weekday_hours(w).is_none(),
        };
    }
    rest
}

fn is_rest(rest: &[bool; 7], w: Weekday) -> bool {
    rest.get(weekday_index(w)).copied().unwrap_or(false)
}

/// Whether `date` is a catch-up day: a regular working day whose nearest
/// earlier day that is not a regular rest day is a special day not worked.
fn is_catch_up(cal: &Calendar, rest: &[bool; 7], date: NaiveDate) -> bool {
    if cal.special_day(date).is_some() || is_rest(rest, date.weekday()) || cal.hours(date).is_none()
    {
        return false;
    }
    let mut day = date;
    for _ in 0..LOOK_BACK_DAYS {
        let Some(prev) = day.pred_opt() else {
            return false;
        };
        match cal.special_day(prev) {
            Some(s) => {
                return match s.day_type() {
                    DayType::Closed | DayType::Holiday => true,
                    DayType::Weekday(w) => is_rest(rest, *w),
                    DayType::HolidayEve | DayType::Custom(_) => false,
                };
            }
            None if is_rest(rest, prev.weekday()) => day = prev,
            None => return false,
        }
    }
    false
}

/// What [`estimate`] found.
#[derive(Debug, Clone, PartialEq)]
struct Estimate {
    /// `g`, the shrunk log multiplier.
    log_effect: f64,
    /// `ē`, the mean log excess.
    raw_log_effect: Option<f64>,
    /// `n`.
    instances: usize,
    /// Each catch-up day of the history and the log factor divided out of
    /// it, by date.
    own: Vec<(NaiveDate, f64)>,
}

/// The catch-up effect of a history (see [`CatchUp`]'s formula).
fn estimate(days: &[Day], cal: &Calendar, rest: &[bool; 7], window: i64) -> Estimate {
    let none = Estimate {
        log_effect: 0.0,
        raw_log_effect: None,
        instances: 0,
        own: Vec::new(),
    };
    // Usable days: not special, positive finite total; grouped by type.
    let mut by_type: std::collections::BTreeMap<&DayType, Vec<(&Day, bool)>> =
        std::collections::BTreeMap::new();
    let mut catch_up_dates: Vec<NaiveDate> = Vec::new();
    for d in days {
        if cal.special_day(d.date).is_some() {
            continue;
        }
        let c = is_catch_up(cal, rest, d.date);
        if c {
            catch_up_dates.push(d.date);
        }
        if d.total > 0.0 && d.total.is_finite() {
            by_type.entry(&d.day_type).or_default().push((d, c));
        }
    }
    if catch_up_dates.is_empty() {
        return none;
    }
    let mut regular: Vec<f64> = Vec::new();
    let mut excess: Vec<(NaiveDate, f64)> = Vec::new();
    for list in by_type.values() {
        for (i, (d, c)) in list.iter().enumerate() {
            let lo = list.partition_point(|(x, _)| (d.date - x.date).num_days() > window);
            let hi = list.partition_point(|(x, _)| (x.date - d.date).num_days() <= window);
            let refs: Vec<f64> = list
                .iter()
                .enumerate()
                .take(hi)
                .skip(lo)
                .filter(|(j, (_, cj))| *j != i && !cj)
                .map(|(_, (x, _))| x.total)
                .collect();
            if refs.len() < 2 {
                continue;
            }
            let level = refs.iter().sum::<f64>() / refs.len() as f64;
            let r = d.total.ln() - level.ln();
            if !r.is_finite() {
                continue;
            }
            if *c {
                excess.push((d.date, r));
            } else {
                regular.push(r);
            }
        }
    }
    if regular.len() < 2 {
        return none;
    }
    let k = regular.len() as f64;
    let r_bar = regular.iter().sum::<f64>() / k;
    let sigma2 = regular.iter().map(|r| (r - r_bar).powi(2)).sum::<f64>() / (k - 1.0);
    for (_, e) in &mut excess {
        *e -= r_bar;
    }
    let n = excess.len();
    let (log_effect, raw) = if n == 0 {
        (0.0, None)
    } else {
        let e_bar = excess.iter().map(|(_, e)| e).sum::<f64>() / n as f64;
        let shrink = if e_bar == 0.0 {
            0.0
        } else {
            (1.0 - sigma2 / (n as f64 * e_bar * e_bar)).max(0.0)
        };
        let g = e_bar * shrink;
        (if g.is_finite() { g } else { 0.0 }, Some(e_bar))
    };
    // Every catch-up day of the history: its own excess, else g.
    let mut own: Vec<(NaiveDate, f64)> = catch_up_dates
        .iter()
        .map(|d| {
            let e = excess
                .iter()
                .find(|(x, _)| x == d)
                .map_or(log_effect, |(_, e)| *e);
            (*d, e)
        })
        .filter(|(_, e)| *e != 0.0 && e.is_finite())
        .collect();
    own.sort_by_key(|(d, _)| *d);
    Estimate {
        log_effect,
        raw_log_effect: raw,
        instances: n,
        own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday::*;

    use crate::calendar::SpecialDay;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A regular one-slot day.
    fn day(date: NaiveDate, total: f64) -> Day {
        Day {
            date,
            day_type: DayType::Weekday(date.weekday()),
            values: vec![total],
            open: vec![true],
            total,
        }
    }

    fn flags(days: &[Weekday]) -> [bool; 7] {
        let mut f = [false; 7];
        for w in days {
            f[weekday_index(*w)] = true;
        }
        f
    }

    #[test]
    fn reports_name_the_wrapped_method() {
        use crate::{DayOfMonth, MethodName, SeasonalNaive};
        let m = CatchUp::new(SeasonalNaive::new());
        assert_eq!(m.method_name(), "seasonal naive + catch-up");
        let m = CatchUp::new(DayOfMonth::new(SeasonalNaive::new()));
        assert_eq!(m.method_name(), "seasonal naive + day of month + catch-up");
        let m = CatchUp::new(CatchUp::new(SeasonalNaive::new()));
        assert_eq!(m.method_name(), "catch-up days");
    }

    #[test]
    fn the_israeli_1999_holidays_give_the_expected_catch_up_days() {
        let sat = || SpecialDay::new(DayType::Weekday(Sat));
        let fri = || SpecialDay::new(DayType::Weekday(Fri));
        let chol = || SpecialDay::new(DayType::Custom("chol hamoed".into()));
        let cal = servops_core::chrono_tz::UTC;
        let cal = Calendar::new(cal)
            .with_special_day(d("1999-03-31"), fri())
            .with_special_day(d("1999-04-01"), sat())
            .with_special_day(d("1999-04-02"), chol())
            .with_special_day(d("1999-04-03"), chol())
            .with_special_day(d("1999-04-04"), chol())
            .with_special_day(d("1999-04-05"), chol())
            .with_special_day(d("1999-04-06"), fri())
            .with_special_day(d("1999-04-07"), sat())
            .with_special_day(d("1999-04-20"), fri())
            .with_special_day(d("1999-04-21"), sat())
            .with_special_day(d("1999-05-20"), fri())
            .with_special_day(d("1999-05-21"), sat());
        let rest = flags(&[Fri, Sat]);
        let found: Vec<NaiveDate> = d("1999-03-20")
            .iter_days()
            .take_while(|x| *x <= d("1999-06-01"))
            .filter(|x| is_catch_up(&cal, &rest, *x))
            .collect();
        assert_eq!(
            found,
            vec![d("1999-04-08"), d("1999-04-22"), d("1999-05-23")]
        );
        // Without rest days the Sunday after Shavuot (Friday) is not one:
        // the regular Saturday between is a working day.
        assert!(!is_catch_up(&cal, &flags(&[]), d("1999-05-23")));
    }

    #[test]
    fn us_closures_over_a_weekend_are_caught_up_on_monday() {
        let closed = || SpecialDay::new(DayType::Closed);
        let cal = Calendar::new(servops_core::chrono_tz::UTC)
            .with_weekday_hours(&[Sat, Sun], None)
            .with_special_day(d("2003-05-26"), closed())
            .with_special_day(d("2003-07-04"), closed());
        let rest = rest_flags(None, &cal);
        assert_eq!(rest, flags(&[Sat, Sun]));
        assert!(is_catch_up(&cal, &rest, d("2003-05-27")));
        assert!(is_catch_up(&cal, &rest, d("2003-07-07")));
        assert!(!is_catch_up(&cal, &rest, d("2003-07-08")));
        assert!(
            !is_catch_up(&cal, &rest, d("2003-07-05")),
            "a closed Saturday"
        );
        assert!(
            !is_catch_up(&cal, &rest, d("2003-06-02")),
            "a regular Monday"
        );
    }

    #[test]
    fn the_estimate_matches_a_hand_computation() {
        // Mondays of six weeks with totals 10, 12, 10, 11 (regular) and a
        // catch-up Monday; other weekdays flat 10. The holidays are
        // Sundays, so the Mondays after them catch up.
        let start = d("2026-01-05"); // Monday
        let holidays = [d("2026-01-18"), d("2026-02-08")];
        let mut cal = Calendar::new(servops_core::chrono_tz::UTC);
        for h in holidays {
            cal = cal.with_special_day(h, SpecialDay::new(DayType::Holiday));
        }
        let rest = flags(&[Sun]);
        let mondays = [10.0, 12.0, 15.0, 10.0, 11.0, 16.5];
        let days: Vec<Day> = (0..42)
            .map(|i| {
                let date = start + chrono::Days::new(i);
                let total = if date.weekday() == Mon {
                    mondays[(i / 7) as usize]
                } else {
                    10.0
                };
                day(date, total)
            })
            .filter(|x| !holidays.contains(&x.date))
            .collect();
        let est = estimate(&days, &cal, &rest, 21);
        // Catch-up days: 01-19 (15) and 02-09 (16.5). Regular Mondays
        // 01-05 (10), 01-12 (12), 02-02 (10), 02-16 (11); their references
        // are the regular Mondays within 21 days.
        // Mondays: 01-05, 01-12, 01-19 (c), 01-26, 02-02, 02-09 (c).
        let ln = f64::ln;
        let mut regular = Vec::new();
        let mon = |k: usize| mondays[k];
        // 01-05: refs 01-12, 01-26 (within 21 days; 01-19 is catch-up).
        regular.push(ln(mon(0)) - ln((mon(1) + mon(3)) / 2.0));
        // 01-12: refs 01-05, 01-26, 02-02.
        regular.push(ln(mon(1)) - ln((mon(0) + mon(3) + mon(4)) / 3.0));
        // 01-26: refs 01-05, 01-12, 02-02.
        regular.push(ln(mon(3)) - ln((mon(0) + mon(1) + mon(4)) / 3.0));
        // 02-02: refs 01-12, 01-26.
        regular.push(ln(mon(4)) - ln((mon(1) + mon(3)) / 2.0));
        // Every other weekday has ratio 0 (flat 10): 5 weekdays x 6 weeks,
        // minus the two holiday Sundays, with enough references.
        let flat = days.iter().filter(|x| x.date.weekday() != Mon).count();
        regular.extend(std::iter::repeat_n(0.0, flat));
        let k = regular.len() as f64;
        let r_bar = regular.iter().sum::<f64>() / k;
        let s2 = regular.iter().map(|r| (r - r_bar).powi(2)).sum::<f64>() / (k - 1.0);
        // 01-19: refs 01-05, 01-12, 01-26, 02-02. 02-09: refs 01-26, 02-02.
        let e1 = ln(mon(2)) - ln((mon(0) + mon(1) + mon(3) + mon(4)) / 4.0) - r_bar;
        let e2 = ln(mon(5)) - ln((mon(3) + mon(4)) / 2.0) - r_bar;
        let e_bar = (e1 + e2) / 2.0;
        let g = e_bar * (1.0 - s2 / (2.0 * e_bar * e_bar)).max(0.0);
        assert_eq!(est.instances, 2);
        assert!((est.raw_log_effect.unwrap() - e_bar).abs() < 1e-12);
        assert!(
            (est.log_effect - g).abs() < 1e-12,
            "{} vs {g}",
            est.log_effect
        );
        assert!(g > 0.3 && g < e_bar);
        assert_eq!(est.own.len(), 2);
        assert!((est.own[0].1 - e1).abs() < 1e-12 && (est.own[1].1 - e2).abs() < 1e-12);
    }

    #[test]
    fn noise_alone_is_shrunk_to_no_effect() {
        // One catch-up day barely above noisy neighbours.
        let start = d("2026-01-05");
        let holiday = d("2026-01-25"); // a Sunday
        let cal = Calendar::new(servops_core::chrono_tz::UTC)
            .with_special_day(holiday, SpecialDay::new(DayType::Holiday));
        let rest = flags(&[Sat]);
        let days: Vec<Day> = (0..56)
            .map(|i| {
                let date = start + chrono::Days::new(i);
                let total = if date == d("2026-01-26") {
                    11.0
                } else if i % 2 == 0 {
                    8.0
                } else {
                    12.0
                };
                day(date, total)
            })
            .filter(|x| x.date != holiday)
            .collect();
        let est = estimate(&days, &cal, &rest, 21);
        assert_eq!(est.instances, 1);
        assert_eq!(est.log_effect, 0.0);
        assert!(est.raw_log_effect.is_some());
    }
}
