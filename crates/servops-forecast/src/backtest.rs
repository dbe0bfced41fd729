//! Rolling-origin backtests, and best pick driven by them.

use chrono::NaiveDate;

use crate::error::{Error, Result, invalid};
use crate::history::History;
use crate::methods::{AnyFitted, AnyMethod, FittedModel, Method};
use crate::metrics::{Accuracy, ErrorSums};

/// How much history each backtest origin fits on.
///
/// # Examples
///
/// ```
/// use servops_forecast::Window;
/// assert_ne!(Window::Expanding, Window::Sliding(100));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Window {
    /// Everything before the origin.
    Expanding,
    /// At most this many complete days before the origin.
    Sliding(usize),
}

#[derive(Debug, Clone, PartialEq)]
enum Origins {
    Rolling { step: usize, count: usize },
    At(Vec<NaiveDate>),
}

/// A rolling-origin evaluation: at each origin, fit on the history before
/// it and forecast the next `horizon` complete days.
///
/// An origin is the first test date: nothing on or after it is used to
/// fit. [`Backtest::rolling`] places `count` origins `step` complete days
/// apart so that the last test window ends with the history;
/// [`Backtest::at`] takes explicit origins.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{AnyMethod, Backtest, Calendar, History, WeightedIndex};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 2)?.run(&AnyMethod::from(WeightedIndex::new(4)?), &h)?;
/// assert_eq!(report.origins.len(), 2);
/// assert!(report.pooled.wape.ok_or("wape")? < 1e-12);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd
/// ed., section 5.10 (time series cross-validation).
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    horizon: usize,
    origins: Origins,
    window: Window,
}

/// One forecast day of a backtest: the forecast and the actuals on the
/// open slots of the day.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Backtest, Calendar, History, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Three weeks of 5 calls an hour, then a week of 6: seasonal naive,
/// // forecast at the start of the fourth week, says 5 and misses by 1.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 28)?;
/// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 21 { 5.0 } else { 6.0 }));
/// let h = History::new(&s, Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 1)?.run(&SeasonalNaive::new(), &h)?;
/// let day = &report.days[2];
/// assert_eq!((day.origin.to_string(), day.date.to_string()), ("2026-03-23".into(), "2026-03-25".into()));
/// assert_eq!(day.lead, 3);
/// assert_eq!(day.slots, (0..24).collect::<Vec<_>>());
/// assert!(day.forecast.iter().all(|f| *f == 5.0) && day.actual.iter().all(|a| *a == 6.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TestDay {
    /// The origin (first test date) this day belongs to.
    pub origin: NaiveDate,
    /// The date.
    pub date: NaiveDate,
    /// Lead in open days (1 = the next open day).
    pub lead: usize,
    /// Clock slots of the open intervals.
    pub slots: Vec<usize>,
    /// Forecast per open slot.
    pub forecast: Vec<f64>,
    /// Actual per open slot.
    pub actual: Vec<f64>,
}

/// Accuracy at one origin.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Backtest, Calendar, History, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Three weeks of 5 calls an hour, then a week of 6: seasonal naive,
/// // forecast at the start of the fourth week, says 5 and misses by 1.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 28)?;
/// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 21 { 5.0 } else { 6.0 }));
/// let h = History::new(&s, Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 1)?.run(&SeasonalNaive::new(), &h)?;
/// let origin = &report.origins[0];
/// assert_eq!(origin.origin.to_string(), "2026-03-23");
/// // Every interval and every day misses by 1/6 of the actual.
/// assert!((origin.interval.wape.ok_or("wape")? - 1.0 / 6.0).abs() < 1e-12);
/// assert!((origin.daily.wape.ok_or("wape")? - 1.0 / 6.0).abs() < 1e-12);
/// // Bias is forecast minus actual: 24 calls a day short.
/// assert!((origin.daily.bias.ok_or("bias")? + 24.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct OriginAccuracy {
    /// The origin.
    pub origin: NaiveDate,
    /// Interval-level accuracy.
    pub interval: Accuracy,
    /// Daily-total accuracy.
    pub daily: Accuracy,
}

/// The result of a [`Backtest`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Backtest, Calendar, History, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Three weeks of 5 calls an hour, then a week of 6: seasonal naive,
/// // forecast at the start of the fourth week, says 5 and misses by 1.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 28)?;
/// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 21 { 5.0 } else { 6.0 }));
/// let h = History::new(&s, Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 1)?.run(&SeasonalNaive::new(), &h)?;
/// assert_eq!(report.method, "seasonal naive");
/// assert_eq!((report.origins.len(), report.days.len(), report.by_lead.len()), (1, 7, 7));
/// assert_eq!(report.pooled.n, 7 * 24);
/// assert!((report.pooled.wape.ok_or("wape")? - 1.0 / 6.0).abs() < 1e-12);
/// assert!((report.by_lead[6].rmse.ok_or("rmse")? - 1.0).abs() < 1e-12);
/// // One window of 1,008 actual calls forecast as 840.
/// assert!((report.pooled_window.bias.ok_or("bias")? + 168.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BacktestReport {
    /// Method name.
    pub method: &'static str,
    /// Per-origin accuracy.
    pub origins: Vec<OriginAccuracy>,
    /// Interval-level accuracy pooled over every origin.
    pub pooled: Accuracy,
    /// Daily-total accuracy pooled over every origin.
    pub pooled_daily: Accuracy,
    /// Accuracy of the whole test window (one pair per origin).
    pub pooled_window: Accuracy,
    /// Interval-level accuracy per lead (index 0 = lead 1).
    pub by_lead: Vec<Accuracy>,
    /// Every test day.
    pub days: Vec<TestDay>,
}

/// Where a backtest's interval error lies: in the **levels** (daily
/// totals, the week's level) or in the **within-day shapes**. From
/// [`BacktestReport::level_oracle`].
///
/// Each field is the pooled interval WAPE `Σ|F - A| / ΣA` over every test
/// interval, with the forecasts rescaled by an oracle that knows part of
/// the actuals:
///
/// ```text
/// as_forecast   F
/// window_level  F · (ΣA / ΣF over the origin's test window)   perfect level of each window
/// daily_totals  F · (ΣA / ΣF over the day)                    perfect daily totals
/// ```
///
/// The rescaled forecasts keep the method's within-day shapes (and, for
/// `window_level`, its split of the window between days), so
/// `daily_totals` is what the same shapes would score with a perfect
/// forecast of every day's total: a floor that no better forecast of
/// daily totals can go below, and the distance from `as_forecast` to it is
/// what level forecasting can still win. A day (window) whose forecast
/// total is 0 keeps its forecasts. A field is `None` when the actuals sum
/// to 0 (no test interval, or nothing happened) or a sum overflows.
///
/// # Examples
///
/// Seasonal naive on three weeks of hourly counts whose intraday shape
/// changes every day (a peak at hour `day % 24`) while every day has 300
/// calls: all its error is in the within-day shapes.
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Backtest, Calendar, History, LevelOracle, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 21)?;
/// let values = (0..24 * 21)
///     .map(|i| Some(if i % 24 == (i / 24) % 24 { 277.0 } else { 1.0 }))
///     .collect();
/// let h = History::new(&IntervalSeries::new(grid, values)?, Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 1)?.run(&SeasonalNaive::new(), &h)?;
/// let split: LevelOracle = report.level_oracle();
/// let (a, d) = (split.as_forecast.ok_or("wape")?, split.daily_totals.ok_or("wape")?);
/// // Each day's forecast puts 277 calls in the wrong hour and 1 in the
/// // right one: |277 - 1| twice over 300 calls, 1.84, by hand.
/// assert!((a - 1.84).abs() < 1e-12);
/// // The daily totals were right, so the oracle gains nothing.
/// assert!((d - a).abs() < 1e-12);
/// assert!((a - report.pooled.wape.ok_or("wape")?).abs() < 1e-12);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct LevelOracle {
    /// Interval WAPE of the forecasts as made (the same as
    /// `report.pooled.wape`, up to rounding).
    pub as_forecast: Option<f64>,
    /// Interval WAPE with each origin's test window rescaled to its actual
    /// total.
    pub window_level: Option<f64>,
    /// Interval WAPE with each test day rescaled to its actual total.
    pub daily_totals: Option<f64>,
}

impl BacktestReport {
    /// The interval WAPE as forecast, with a perfect level for each test
    /// window and with perfect daily totals: see [`LevelOracle`].
    ///
    /// # Examples
    ///
    /// A forecast with the right shape and the wrong level has all its
    /// error in the level:
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Backtest, Calendar, History, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Hourly counts: the same intraday shape every day, twice as many
    /// // calls in the third week as in the first two.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 21)?;
    /// let values = (0..24 * 21)
    ///     .map(|i| Some(f64::from((i % 24 + 1) * if i >= 24 * 14 { 2 } else { 1 })))
    ///     .collect();
    /// let h = History::new(&IntervalSeries::new(grid, values)?, Calendar::new(UTC))?;
    /// let report = Backtest::rolling(7, 7, 1)?.run(&SeasonalNaive::new(), &h)?;
    /// let split = report.level_oracle();
    /// assert!((split.as_forecast.ok_or("wape")? - 0.5).abs() < 1e-12);
    /// assert!(split.window_level.ok_or("wape")? < 1e-12);
    /// assert!(split.daily_totals.ok_or("wape")? < 1e-12);
    /// # Ok(())
    /// # }
    /// ```
    pub fn level_oracle(&self) -> LevelOracle {
        level_oracle(
            self.days
                .iter()
                .map(|d| (d.origin, d.forecast.as_slice(), d.actual.as_slice(), None)),
        )
    }
}

/// One test window's rows for [`level_oracle`]: origin, forecasts,
/// actuals and optional weights (1 when `None`), each test day's rows
/// consecutive and each origin's days consecutive.
type OracleDay<'a> = (NaiveDate, &'a [f64], &'a [f64], Option<&'a [f64]>);

/// The weighted error `Σ w|F - A| / Σ w A` as forecast, with each origin's
/// forecasts rescaled so that `Σ w F = Σ w A` over its window, and with
/// each day's rescaled so over the day (a window or day with `Σ w F = 0`
/// keeps its forecasts).
fn level_oracle<'a>(days: impl Iterator<Item = OracleDay<'a>> + Clone) -> LevelOracle {
    let weight = |w: Option<&[f64]>, i: usize| w.map_or(Some(1.0), |w| w.get(i).copied());
    let sums = |f: &[f64], a: &[f64], w: Option<&[f64]>| {
        f.iter()
            .zip(a)
            .enumerate()
            .filter_map(|(i, (f, a))| weight(w, i).map(|w| (w * f, w * a)))
            .fold((0.0, 0.0), |(sf, sa), (f, a)| (sf + f, sa + a))
    };
    // Forecast and actual sums of each origin's window, in test order.
    let mut windows: Vec<(NaiveDate, f64, f64)> = Vec::new();
    for (origin, f, a, w) in days.clone() {
        let (df, da) = sums(f, a, w);
        match windows.last_mut() {
            Some((o, wf, wa)) if *o == origin => {
                *wf += df;
                *wa += da;
            }
            _ => windows.push((origin, df, da)),
        }
    }
    let ratio = |f: f64, a: f64| if f > 0.0 { a / f } else { 1.0 };
    let (mut e, mut e_window, mut e_day, mut total) = (0.0, 0.0, 0.0, 0.0);
    let mut window = windows.iter();
    let mut current: Option<&(NaiveDate, f64, f64)> = None;
    for (origin, f, a, w) in days {
        if current.is_none_or(|c| c.0 != origin) {
            current = window.next();
        }
        let r_window = current.map_or(1.0, |c| ratio(c.1, c.2));
        let (df, da) = sums(f, a, w);
        let r_day = ratio(df, da);
        for (i, (f, a)) in f.iter().zip(a).enumerate() {
            let Some(w) = weight(w, i) else { continue };
            e += w * (f - a).abs();
            e_window += w * (f * r_window - a).abs();
            e_day += w * (f * r_day - a).abs();
            total += w * a;
        }
    }
    let ratio_of = |x: f64| (total > 0.0 && total.is_finite() && x.is_finite()).then(|| x / total);
    LevelOracle {
        as_forecast: ratio_of(e),
        window_level: ratio_of(e_window),
        daily_totals: ratio_of(e_day),
    }
}

/// One test day of a handle-time backtest ([`Backtest::run_handle_time`]):
/// the slots with handled contacts and a forecast.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Backtest, Calendar, HandleTime, History};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 10 calls an hour, 180 s each for five weeks, then 200 s: the last
/// // week, forecast from the five before it, is 20 s short on every call.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
/// let calls = History::new(&IntervalSeries::filled(grid, Some(10.0)), Calendar::new(UTC))?;
/// let secs = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 35 { 1800.0 } else { 2000.0 }));
/// let secs = History::new(&secs, Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 1)?.run_handle_time(&HandleTime::new(30.0)?, &calls, &secs)?;
/// let day = &report.days[0];
/// assert_eq!((day.origin.to_string(), day.date.to_string()), ("2026-04-06".into(), "2026-04-06".into()));
/// assert_eq!(day.slots.len(), 24);
/// assert!(day.forecast.iter().all(|f| (f - 180.0).abs() < 1e-9));
/// assert!(day.actual.iter().all(|a| *a == 200.0) && day.handled.iter().all(|n| *n == 10.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HandleTimeDay {
    /// The origin (first test date) this day belongs to.
    pub origin: NaiveDate,
    /// The date.
    pub date: NaiveDate,
    /// Clock slots with handled contacts.
    pub slots: Vec<usize>,
    /// Forecast AHT per slot, seconds.
    pub forecast: Vec<f64>,
    /// Actual AHT per slot: handle seconds / handled contacts.
    pub actual: Vec<f64>,
    /// Handled contacts per slot (the weights of the workload error).
    pub handled: Vec<f64>,
}

/// Handle-time accuracy at one origin.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Backtest, Calendar, HandleTime, History};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 10 calls an hour, 180 s each for five weeks, then 200 s: the last
/// // week, forecast from the five before it, is 20 s short on every call.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
/// let calls = History::new(&IntervalSeries::filled(grid, Some(10.0)), Calendar::new(UTC))?;
/// let secs = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 35 { 1800.0 } else { 2000.0 }));
/// let secs = History::new(&secs, Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 1)?.run_handle_time(&HandleTime::new(30.0)?, &calls, &secs)?;
/// let origin = &report.origins[0];
/// // 1,680 calls, each 20 s short, of 200 s each.
/// assert!((origin.error_seconds - 1680.0 * 20.0).abs() < 1e-6);
/// assert!((origin.handle_seconds - 1680.0 * 200.0).abs() < 1e-6);
/// assert!((origin.error.ok_or("calls")? - 0.1).abs() < 1e-12);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct HandleTimeOrigin {
    /// The origin.
    pub origin: NaiveDate,
    /// `Σ N |AHT_F - AHT_A|` over the test window: the handle seconds the
    /// AHT forecast misses by, summed without sign.
    pub error_seconds: f64,
    /// `Σ N AHT_A`: the actual handle seconds of the test window.
    pub handle_seconds: f64,
    /// The workload error `error_seconds / handle_seconds`
    /// ([`aht_workload_error`](crate::aht_workload_error)); `None` without
    /// handled contacts.
    pub error: Option<f64>,
}

/// The result of [`Backtest::run_handle_time`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Backtest, Calendar, HandleTime, History};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 10 calls an hour, 180 s each for five weeks, then 200 s: the last
/// // week, forecast from the five before it, is 20 s short on every call.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
/// let calls = History::new(&IntervalSeries::filled(grid, Some(10.0)), Calendar::new(UTC))?;
/// let secs = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 35 { 1800.0 } else { 2000.0 }));
/// let secs = History::new(&secs, Calendar::new(UTC))?;
/// let report = Backtest::rolling(7, 7, 1)?.run_handle_time(&HandleTime::new(30.0)?, &calls, &secs)?;
/// assert_eq!((report.origins.len(), report.days.len(), report.unscored), (1, 7, 0));
/// assert!((report.pooled.ok_or("calls")? - 0.1).abs() < 1e-12);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HandleTimeReport {
    /// Per-origin accuracy.
    pub origins: Vec<HandleTimeOrigin>,
    /// The workload error pooled over every origin.
    pub pooled: Option<f64>,
    /// Test slots with handled contacts but no forecast (slots the
    /// calendar closes): counted here, not scored.
    pub unscored: usize,
    /// Every test day.
    pub days: Vec<HandleTimeDay>,
}

impl HandleTimeReport {
    /// The workload error as forecast, with each test window's AHT level
    /// and with each day's AHT level made right: [`LevelOracle`] with the
    /// handled contacts as weights (a level is rescaled so that
    /// `Σ N AHT_F = Σ N AHT_A`).
    ///
    /// # Examples
    ///
    /// The level moved from 180 s to 200 s; the shape (flat) was right, so
    /// the right weekly level removes the whole error.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Backtest, Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // 10 calls an hour, 180 s each for five weeks, then 200 s: the last
    /// // week, forecast from the five before it, is 20 s short on every call.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let calls = History::new(&IntervalSeries::filled(grid, Some(10.0)), Calendar::new(UTC))?;
    /// let secs = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 35 { 1800.0 } else { 2000.0 }));
    /// let secs = History::new(&secs, Calendar::new(UTC))?;
    /// let report = Backtest::rolling(7, 7, 1)?.run_handle_time(&HandleTime::new(30.0)?, &calls, &secs)?;
    /// let oracle = report.level_oracle();
    /// assert!((oracle.as_forecast.ok_or("calls")? - 0.1).abs() < 1e-12);
    /// assert!(oracle.window_level.ok_or("calls")? < 1e-12);
    /// assert!(oracle.daily_totals.ok_or("calls")? < 1e-12);
    /// # Ok(())
    /// # }
    /// ```
    pub fn level_oracle(&self) -> LevelOracle {
        level_oracle(self.days.iter().map(|d| {
            (
                d.origin,
                d.forecast.as_slice(),
                d.actual.as_slice(),
                Some(d.handled.as_slice()),
            )
        }))
    }
}

/// Complete days [`Backtest::shortened_for`] leaves before the first
/// origin: one week, so that every weekday appears in the shortest
/// training window (every method fits on a week of history).
///
/// # Examples
///
/// ```
/// assert_eq!(servops_forecast::MIN_TRAINING_DAYS, 7);
/// ```
pub const MIN_TRAINING_DAYS: usize = 7;

impl Backtest {
    /// `count` origins `step` complete days apart, horizon `horizon`
    /// complete days, expanding window.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if any argument is 0, or if the days
    /// the origins need, `horizon + step (count - 1) + 1`, do not fit in a
    /// `usize` (no history could hold them).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Backtest;
    /// assert!(Backtest::rolling(0, 1, 1).is_err());
    /// assert!(Backtest::rolling(7, usize::MAX, 2).is_err());
    /// ```
    pub fn rolling(horizon: usize, step: usize, count: usize) -> Result<Self> {
        for (name, v) in [
            ("horizon", horizon),
            ("step", step),
            ("origin count", count),
        ] {
            if v == 0 {
                return Err(invalid(name, 0, ">= 1"));
            }
        }
        // `origin_indices` needs this many days; checked here so that it
        // cannot overflow there.
        let span = step
            .checked_mul(count - 1)
            .and_then(|x| x.checked_add(horizon))
            .and_then(|x| x.checked_add(1));
        if span.is_none() {
            return Err(invalid(
                "backtest span (horizon + step (count - 1) + 1 days)",
                format!("{horizon} + {step} ({count} - 1) + 1"),
                "at most usize::MAX days",
            ));
        }
        Ok(Self {
            horizon,
            origins: Origins::Rolling { step, count },
            window: Window::Expanding,
        })
    }

    /// Explicit origins (first test dates), horizon in complete days.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `horizon` is 0 or there is no origin.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Backtest;
    /// use servops_forecast::chrono::NaiveDate;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let b = Backtest::at(vec![NaiveDate::from_ymd_opt(2003, 9, 29).ok_or("d")?], 5)?;
    /// assert_eq!(b.horizon(), 5);
    /// # Ok(())
    /// # }
    /// ```
    pub fn at(origins: Vec<NaiveDate>, horizon: usize) -> Result<Self> {
        if horizon == 0 {
            return Err(invalid("horizon", 0, ">= 1"));
        }
        if origins.is_empty() {
            return Err(invalid("origin count", 0, ">= 1"));
        }
        Ok(Self {
            horizon,
            origins: Origins::At(origins),
            window: Window::Expanding,
        })
    }

    /// Sets the window.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for `Window::Sliding(0)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Backtest, Window};
    /// assert!(Backtest::rolling(5, 5, 4)?.with_window(Window::Sliding(100)).is_ok());
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn with_window(mut self, window: Window) -> Result<Self> {
        if window == Window::Sliding(0) {
            return Err(invalid("window", 0, ">= 1 day"));
        }
        self.window = window;
        Ok(self)
    }

    /// Horizon in complete days.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Backtest;
    /// assert_eq!(Backtest::rolling(7, 7, 4)?.horizon(), 7);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// The training window.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Backtest, Window};
    /// let b = Backtest::rolling(7, 7, 4)?.with_window(Window::Sliding(100))?;
    /// assert_eq!(b.window(), Window::Sliding(100));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn window(&self) -> Window {
        self.window
    }

    /// `(step, count)` of rolling origins, `None` for explicit dates.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Backtest;
    /// assert_eq!(Backtest::rolling(7, 1, 4)?.rolling_origins(), Some((1, 4)));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn rolling_origins(&self) -> Option<(usize, usize)> {
        match &self.origins {
            Origins::Rolling { step, count } => Some((*step, *count)),
            Origins::At(_) => None,
        }
    }

    /// The explicit origin dates, `None` for rolling origins.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Backtest;
    /// use servops_forecast::chrono::NaiveDate;
    /// let d = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// assert_eq!(Backtest::at(vec![d], 7)?.origin_dates(), Some(&[d][..]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn origin_dates(&self) -> Option<&[NaiveDate]> {
        match &self.origins {
            Origins::Rolling { .. } => None,
            Origins::At(list) => Some(list),
        }
    }

    /// The same backtest with its rolling origin count lowered, if need
    /// be, to what `history` holds while leaving at least
    /// [`MIN_TRAINING_DAYS`] complete days before the first origin:
    /// `count' = min(count, (n − horizon − 7) / step + 1)` for `n`
    /// complete days. Explicit origins ([`Backtest::at`]) and the window
    /// are kept as they are. This is how a fixed configuration such as
    /// [`BestPick::week_ahead`] (8 weekly origins, 63 days with the
    /// training) runs on a history of a few weeks.
    ///
    /// # Errors
    ///
    /// [`Error::TooShort`] if `history` has fewer than `horizon + 7`
    /// complete days (not even one origin fits).
    ///
    /// # Examples
    ///
    /// Five weeks of hourly data hold four weekly origins, days 7, 14, 21
    /// and 28, with a week of training before the first.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Backtest, Calendar, History};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 35)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let b = Backtest::rolling(7, 7, 8)?.shortened_for(&h)?;
    /// assert_eq!(b.rolling_origins(), Some((7, 4)));
    /// assert!(Backtest::rolling(29, 7, 8)?.shortened_for(&h).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn shortened_for(&self, history: &History) -> Result<Self> {
        let Origins::Rolling { step, count } = self.origins else {
            return Ok(self.clone());
        };
        let n = history.dates().len();
        let needed = self.horizon.saturating_add(MIN_TRAINING_DAYS);
        let Some(spare) = n.checked_sub(needed) else {
            return Err(Error::TooShort {
                method: "backtest",
                day_type: "any".into(),
                needed,
                found: n,
            });
        };
        Ok(Self {
            origins: Origins::Rolling {
                step,
                count: count.min(spare / step + 1),
            },
            ..self.clone()
        })
    }

    fn origin_indices(&self, dates: &[NaiveDate]) -> Result<Vec<usize>> {
        match &self.origins {
            Origins::Rolling { step, count } => {
                let needed = self.horizon + step * (count - 1) + 1;
                if dates.len() < needed {
                    return Err(Error::TooShort {
                        method: "backtest",
                        day_type: "any".into(),
                        needed,
                        found: dates.len(),
                    });
                }
                let last = dates.len() - self.horizon;
                Ok((0..*count).rev().map(|i| last - i * step).collect())
            }
            Origins::At(list) => list
                .iter()
                .map(|o| {
                    let i = dates.partition_point(|d| d < o);
                    if i == 0 || i >= dates.len() {
                        Err(invalid(
                            "backtest origin",
                            o,
                            "a date inside the history with history before it",
                        ))
                    } else {
                        Ok(i)
                    }
                })
                .collect(),
        }
    }

    /// Runs the backtest of one method.
    ///
    /// # Errors
    ///
    /// [`Error::TooShort`] if the history cannot hold the origins, and any
    /// error of fitting or forecasting at an origin.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Backtest, Calendar, Error, History, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Week k (0 to 5) has 10 + k calls every hour: forecast from the
    /// // week before, weeks 4 and 5 miss by 1 call an hour of 14 and 15.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::from_fn(grid, |i, _| Some(10.0 + (i / 168) as f64)), Calendar::new(UTC))?;
    /// let report = Backtest::rolling(7, 7, 2)?.run(&SeasonalNaive::new(), &h)?;
    /// assert!((report.pooled.wape.ok_or("wape")? - 2.0 / 29.0).abs() < 1e-12);
    /// // Six origins a week apart need seven weeks.
    /// assert!(matches!(Backtest::rolling(7, 7, 6)?.run(&SeasonalNaive::new(), &h), Err(Error::TooShort { .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn run<M: Method + MethodName>(
        &self,
        method: &M,
        history: &History,
    ) -> Result<BacktestReport> {
        let all = history.days();
        let dates = history.dates();
        let cal = history.calendar();
        let max_days = match self.window {
            Window::Expanding => None,
            Window::Sliding(n) => Some(n),
        };
        let mut days = Vec::new();
        let mut origins = Vec::new();
        let (mut pooled, mut pooled_daily, mut window_sums) =
            (ErrorSums::new(), ErrorSums::new(), ErrorSums::new());
        let mut by_lead: Vec<ErrorSums> = Vec::new();
        for oi in self.origin_indices(&dates)? {
            let Some(origin) = dates.get(oi).copied() else {
                continue;
            };
            let train = history.before(origin, max_days)?;
            let fitted = method.fit(&train)?;
            let (mut s_int, mut s_day) = (ErrorSums::new(), ErrorSums::new());
            let (mut wf, mut wa) = (0.0, 0.0);
            for d in all.iter().skip(oi).take(self.horizon) {
                let lead = train.lead_days(d.date);
                let fc = fitted.forecast_day(d.date, lead)?;
                let factor = cal.factor(d.date);
                let mut td = TestDay {
                    origin,
                    date: d.date,
                    lead,
                    slots: Vec::new(),
                    forecast: Vec::new(),
                    actual: Vec::new(),
                };
                if by_lead.len() < lead {
                    by_lead.resize(lead, ErrorSums::new());
                }
                let (mut df, mut da) = (0.0, 0.0);
                for (s, ((o, y), f)) in d.open.iter().zip(&d.values).zip(&fc).enumerate() {
                    if !*o {
                        continue;
                    }
                    let a = y * factor;
                    s_int.add(*f, a);
                    if let Some(b) = by_lead.get_mut(lead.saturating_sub(1)) {
                        b.add(*f, a);
                    }
                    df += f;
                    da += a;
                    td.slots.push(s);
                    td.forecast.push(*f);
                    td.actual.push(a);
                }
                s_day.add(df, da);
                wf += df;
                wa += da;
                days.push(td);
            }
            window_sums.add(wf, wa);
            pooled.merge(&s_int);
            pooled_daily.merge(&s_day);
            origins.push(OriginAccuracy {
                origin,
                interval: s_int.accuracy(None),
                daily: s_day.accuracy(None),
            });
        }
        let scale = dates
            .first()
            .and_then(|_| origins.first())
            .and_then(|o| history.before(o.origin, None).ok())
            .and_then(|h| seasonal_naive_scale(&h));
        Ok(BacktestReport {
            method: method.method_name(),
            origins,
            pooled: pooled.accuracy(scale),
            pooled_daily: pooled_daily.accuracy(None),
            pooled_window: window_sums.accuracy(None),
            by_lead: by_lead.iter().map(|s| s.accuracy(scale)).collect(),
            days,
        })
    }

    /// Runs the backtest of a handle-time model: at each origin it fits on
    /// the handled contacts and handle seconds before it and scores the AHT
    /// forecast of the next `horizon` complete days of `handled` by the
    /// workload error `Σ N |AHT_F - AHT_A| / Σ N AHT_A` over the slots with
    /// handled contacts (`N` handled, `AHT_A` = handle seconds / `N`).
    /// This is how the AHT settings of docs/forecast.md 3.4 are chosen.
    ///
    /// # Errors
    ///
    /// [`Error::TooShort`] if the history cannot hold the origins;
    /// [`Error::CalendarMismatch`] if the two histories differ in step or a
    /// test day of `handled` is not a complete day of `handle_seconds`; any
    /// error of fitting at an origin.
    ///
    /// # Examples
    ///
    /// Six weeks of 10 calls an hour: 180 s each in the first five weeks
    /// and 200 s in the last. Forecast from the five weeks before it, the
    /// last week misses by 20 s on every call (10 %), all of it in the
    /// level.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Backtest, Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let calls = History::new(&IntervalSeries::filled(grid, Some(10.0)), Calendar::new(UTC))?;
    /// let secs = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 35 { 1800.0 } else { 2000.0 }));
    /// let secs = History::new(&secs, Calendar::new(UTC))?;
    /// let report = Backtest::rolling(7, 7, 1)?.run_handle_time(&HandleTime::new(30.0)?, &calls, &secs)?;
    /// assert_eq!(report.days.len(), 7);
    /// assert!((report.pooled.ok_or("calls")? - 0.1).abs() < 1e-12);
    /// assert!((report.origins[0].handle_seconds - 7.0 * 24.0 * 2000.0).abs() < 1e-6);
    /// assert!(report.level_oracle().window_level.ok_or("calls")? < 1e-12);
    /// # Ok(())
    /// # }
    /// ```
    pub fn run_handle_time(
        &self,
        model: &crate::HandleTime,
        handled: &History,
        handle_seconds: &History,
    ) -> Result<HandleTimeReport> {
        if handled.step_minutes() != handle_seconds.step_minutes() {
            return Err(Error::CalendarMismatch {
                reason: "handled and handle-second histories have different steps".into(),
            });
        }
        let all = handled.days();
        let dates = handled.dates();
        let cal = handled.calendar();
        let max_days = match self.window {
            Window::Expanding => None,
            Window::Sliding(n) => Some(n),
        };
        let mut days = Vec::new();
        let mut origins = Vec::new();
        let mut unscored = 0;
        let (mut pooled_error, mut pooled_seconds) = (0.0, 0.0);
        for oi in self.origin_indices(&dates)? {
            let Some(origin) = dates.get(oi).copied() else {
                continue;
            };
            let fitted = model.fit(
                &handled.before(origin, max_days)?,
                &handle_seconds.before(origin, max_days)?,
            )?;
            let (mut error_seconds, mut seconds) = (0.0, 0.0);
            for d in all.iter().skip(oi).take(self.horizon) {
                let secs =
                    handle_seconds
                        .day_values(d.date)
                        .ok_or_else(|| Error::CalendarMismatch {
                            reason: format!(
                                "{} is a complete day of the handled contacts but not of the handle seconds",
                                d.date
                            ),
                        })?;
                let forecast = fitted.aht_day(d.date)?;
                // Both histories hold values divided by the date's factor:
                // the AHT is their ratio, the weight the handled count.
                let factor = cal.factor(d.date);
                let mut td = HandleTimeDay {
                    origin,
                    date: d.date,
                    slots: Vec::new(),
                    forecast: Vec::new(),
                    actual: Vec::new(),
                    handled: Vec::new(),
                };
                for (s, ((n, sec), f)) in d.values.iter().zip(secs).zip(&forecast).enumerate() {
                    if *n <= 0.0 {
                        continue;
                    }
                    let Some(f) = f else {
                        unscored += 1;
                        continue;
                    };
                    let (a, n) = (sec / n, n * factor);
                    error_seconds += n * (f - a).abs();
                    seconds += n * a;
                    td.slots.push(s);
                    td.forecast.push(*f);
                    td.actual.push(a);
                    td.handled.push(n);
                }
                days.push(td);
            }
            pooled_error += error_seconds;
            pooled_seconds += seconds;
            origins.push(HandleTimeOrigin {
                origin,
                error_seconds,
                handle_seconds: seconds,
                error: (seconds > 0.0).then(|| error_seconds / seconds),
            });
        }
        Ok(HandleTimeReport {
            origins,
            pooled: (pooled_seconds > 0.0).then(|| pooled_error / pooled_seconds),
            unscored,
            days,
        })
    }
}

/// Name of a method for reports: the `method` of a [`BacktestReport`]
/// and the names in [`FittedBestPick::scores`].
///
/// # Examples
///
/// ```
/// use servops_forecast::{AnyMethod, DayOfMonth, MethodName, SeasonalNaive, WeightedIndex};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// assert_eq!(SeasonalNaive::new().method_name(), "seasonal naive");
/// assert_eq!(AnyMethod::from(WeightedIndex::new(4)?).method_name(), "weighted index");
/// assert_eq!(DayOfMonth::new(WeightedIndex::new(4)?).method_name(), "weighted index + day of month");
/// # Ok(())
/// # }
/// ```
pub trait MethodName {
    /// A short name.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{MethodName, TopDown};
    /// assert_eq!(TopDown::new().method_name(), "top-down ETS");
    /// ```
    fn method_name(&self) -> &'static str;
}

impl MethodName for AnyMethod {
    fn method_name(&self) -> &'static str {
        self.name()
    }
}

/// Reports name a [`DayOfMonth`](crate::DayOfMonth) wrapper after the
/// method inside it ("weighted index + day of month"); a method of another
/// crate is named "day of month".
impl<M: MethodName> MethodName for crate::DayOfMonth<M> {
    fn method_name(&self) -> &'static str {
        match self.inner().method_name() {
            "seasonal naive" => "seasonal naive + day of month",
            "weighted index" => "weighted index + day of month",
            "top-down ETS" => "top-down ETS + day of month",
            "double seasonal" => "double seasonal + day of month",
            "level x shape" => "level x shape + day of month",
            "svd factor" => "svd factor + day of month",
            "best pick" => "best pick + day of month",
            _ => "day of month",
        }
    }
}

/// Reports name an [`AnchoredShape`](crate::AnchoredShape) wrapper after
/// the method inside it ("best pick + day of month, anchored"); a method of
/// another crate is named "anchored shape".
impl<M: MethodName> MethodName for crate::AnchoredShape<M> {
    fn method_name(&self) -> &'static str {
        match self.inner().method_name() {
            "seasonal naive" => "seasonal naive, anchored",
            "weighted index" => "weighted index, anchored",
            "top-down ETS" => "top-down ETS, anchored",
            "double seasonal" => "double seasonal, anchored",
            "level x shape" => "level x shape, anchored",
            "svd factor" => "svd factor, anchored",
            "best pick" => "best pick, anchored",
            "seasonal naive + day of month" => "seasonal naive + day of month, anchored",
            "weighted index + day of month" => "weighted index + day of month, anchored",
            "top-down ETS + day of month" => "top-down ETS + day of month, anchored",
            "double seasonal + day of month" => "double seasonal + day of month, anchored",
            "level x shape + day of month" => "level x shape + day of month, anchored",
            "svd factor + day of month" => "svd factor + day of month, anchored",
            "best pick + day of month" => "best pick + day of month, anchored",
            _ => "anchored shape",
        }
    }
}

/// `concat!(name, " + catch-up")` for every name listed, else "catch-up
/// days".
macro_rules! catch_up_name {
    ($inner:expr, $($n:literal),* $(,)?) => {
        match $inner {
            $($n => concat!($n, " + catch-up"),)*
            _ => "catch-up days",
        }
    };
}

/// Reports name a [`CatchUp`](crate::CatchUp) wrapper after the method
/// inside it ("best pick + day of month, anchored + catch-up"); a method of
/// another crate is named "catch-up days".
impl<M: MethodName> MethodName for crate::CatchUp<M> {
    fn method_name(&self) -> &'static str {
        catch_up_name!(
            self.inner().method_name(),
            "seasonal naive",
            "weighted index",
            "top-down ETS",
            "double seasonal",
            "level x shape",
            "svd factor",
            "best pick",
            "seasonal naive + day of month",
            "weighted index + day of month",
            "top-down ETS + day of month",
            "double seasonal + day of month",
            "level x shape + day of month",
            "svd factor + day of month",
            "best pick + day of month",
            "seasonal naive, anchored",
            "weighted index, anchored",
            "top-down ETS, anchored",
            "double seasonal, anchored",
            "level x shape, anchored",
            "svd factor, anchored",
            "best pick, anchored",
            "seasonal naive + day of month, anchored",
            "weighted index + day of month, anchored",
            "top-down ETS + day of month, anchored",
            "double seasonal + day of month, anchored",
            "level x shape + day of month, anchored",
            "svd factor + day of month, anchored",
            "best pick + day of month, anchored",
        )
    }
}

impl MethodName for BestPick {
    fn method_name(&self) -> &'static str {
        "best pick"
    }
}

macro_rules! named {
    ($($t:ty => $n:expr),*) => {$(
        impl MethodName for $t {
            fn method_name(&self) -> &'static str { $n }
        }
    )*};
}
named!(
    crate::SeasonalNaive => "seasonal naive",
    crate::WeightedIndex => "weighted index",
    crate::TopDown => "top-down ETS",
    crate::DoubleSeasonal => "double seasonal",
    crate::LevelShape => "level x shape",
    crate::SvdFactor => "svd factor"
);

/// In-sample mean absolute error of the seasonal naive forecast (same clock
/// slot on the previous complete day of the same type): the MASE scale.
/// `None` when no day has an earlier day of its type.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, History, seasonal_naive_scale};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
/// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 7 { 1.0 } else { 3.0 }));
/// let h = History::new(&s, Calendar::new(UTC))?;
/// assert_eq!(seasonal_naive_scale(&h), Some(2.0));
/// # Ok(())
/// # }
/// ```
pub fn seasonal_naive_scale(history: &History) -> Option<f64> {
    let days = history.days();
    let mut last: std::collections::BTreeMap<&crate::DayType, usize> = Default::default();
    let (mut sum, mut n) = (0.0, 0usize);
    for (i, d) in days.iter().enumerate() {
        if let Some(p) = last.get(&d.day_type).and_then(|j| days.get(*j)) {
            for ((o, y), x) in d.open.iter().zip(&d.values).zip(&p.values) {
                if *o {
                    sum += (y - x).abs();
                    n += 1;
                }
            }
        }
        last.insert(&d.day_type, i);
    }
    (n > 0 && sum > 0.0).then(|| sum / n as f64)
}

/// How best pick turns backtest errors into a forecast.
///
/// # Examples
///
/// ```
/// use servops_forecast::Selection;
/// assert_ne!(Selection::PerSeries, Selection::PerLead);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Selection {
    /// The method with the lowest pooled interval WAPE.
    PerSeries,
    /// Per lead day, the method with the lowest WAPE at that lead.
    PerLead,
    /// Per lead day, a combination weighted by 1 / WAPE².
    InverseErrorWeights,
    /// Per lead day, the equal-weight average of the `k` candidates with the
    /// lowest WAPE at that lead (a trimmed combination; all of them if fewer
    /// than `k` backtest). `k = 0` is treated as 1.
    ///
    /// ```
    /// use servops_forecast::Selection;
    /// assert_ne!(Selection::BestEqual(2), Selection::BestEqual(3));
    /// ```
    BestEqual(usize),
}

/// Best pick: choose among candidate methods by a rolling-origin backtest
/// on the history, as workforce-management suites do.
///
/// # Formula
///
/// For candidate `m` and lead `h`, `WAPE_{m,h}` from the backtest; then
/// `PerSeries`: argmin of the pooled WAPE; `PerLead`: argmin per lead;
/// `InverseErrorWeights`: `F_h = Σ_m w_{m,h} F_{m,h}` with `w ∝ WAPE_{m,h}^-2`;
/// `BestEqual(k)`: `F_h` the plain mean of the `k` lowest `WAPE_{m,h}`.
/// Where the backtest holds no contacts (every candidate's WAPE is 0/0,
/// a new or dormant channel), RMSE takes WAPE's place in these rules, so
/// such a history is forecast (0 by any candidate that forecasts 0)
/// instead of refused. Leads beyond the backtest horizon use the last lead's choice. A lead
/// longer than the history (in calendar days) can never be scored, so the
/// rows stop there: with a horizon past it (possible with
/// [`Backtest::at`]), [`FittedBestPick::weights`] holds one row per day of
/// the history's span plus one, the last shared by every longer lead.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{AnyMethod, Backtest, BestPick, Calendar, History, Method, SeasonalNaive, Selection, WeightedIndex};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
/// let s = IntervalSeries::from_fn(grid, |i, _| Some(10.0 + ((i * 7919) % 13) as f64));
/// let h = History::new(&s, Calendar::new(UTC))?;
/// let pick = BestPick::new(
///     vec![AnyMethod::from(SeasonalNaive::new()), AnyMethod::from(WeightedIndex::new(4)?)],
///     Backtest::rolling(7, 7, 2)?,
///     Selection::PerSeries,
/// )?;
/// let fitted = pick.fit(&h)?;
/// assert_eq!(fitted.scores().len(), 2);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// NICE IEX "Best Pick" (selection of the lowest-error model); Hyndman &
/// Athanasopoulos, *FPP3* section 13.4 (forecast combinations).
#[derive(Debug, Clone, PartialEq)]
pub struct BestPick {
    candidates: Vec<AnyMethod>,
    backtest: Backtest,
    selection: Selection,
    shorten: bool,
}

impl BestPick {
    /// Best pick over `candidates` scored by `backtest`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if there is no candidate.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Backtest, BestPick, Error, Selection};
    /// let none = BestPick::new(Vec::new(), Backtest::rolling(7, 7, 2)?, Selection::PerSeries);
    /// assert!(matches!(none, Err(Error::InvalidParameter { .. })));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn new(
        candidates: Vec<AnyMethod>,
        backtest: Backtest,
        selection: Selection,
    ) -> Result<Self> {
        if candidates.is_empty() {
            return Err(invalid("candidate count", 0, ">= 1"));
        }
        Ok(Self {
            candidates,
            backtest,
            selection,
            shorten: false,
        })
    }

    /// The candidate methods.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnyMethod, Backtest, BestPick, SeasonalNaive, Selection};
    /// let b = BestPick::new(vec![AnyMethod::from(SeasonalNaive::new())], Backtest::rolling(7, 7, 2)?, Selection::PerSeries)?;
    /// assert_eq!(b.candidates().len(), 1);
    /// assert_eq!(b.backtest().horizon(), 7);
    /// assert_eq!(b.selection(), Selection::PerSeries);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn candidates(&self) -> &[AnyMethod] {
        &self.candidates
    }

    /// The backtest that scores the candidates.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{Backtest, BestPick};
    /// assert_eq!(BestPick::week_ahead(7)?.backtest().rolling_origins(), Some((7, 8)));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn backtest(&self) -> &Backtest {
        &self.backtest
    }

    /// The selection rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{BestPick, Selection};
    /// assert_eq!(BestPick::week_ahead(7)?.selection(), Selection::InverseErrorWeights);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn selection(&self) -> Selection {
        self.selection
    }

    /// The same best pick, but at every fit its backtest's rolling origin
    /// count is lowered to what the history it is given holds
    /// ([`Backtest::shortened_for`]: at least [`MIN_TRAINING_DAYS`]
    /// complete days before the first origin). A history that holds every
    /// origin is scored exactly as without it; a shorter one (a new queue,
    /// or the early origins of a backtest of best pick itself) is scored on
    /// fewer origins instead of failing. [`BestPick::week_ahead`] and
    /// [`BestPick::day_ahead`] shorten; [`BestPick::new`] does not.
    ///
    /// # Examples
    ///
    /// Five weeks and four days of hourly data: the 8 weekly origins of
    /// the week-ahead preset need 63 days; shortened, 4 fit.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, BestPick, Calendar, Error, History, Method, SeasonalNaive, Selection};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 39)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let fixed = BestPick::new(vec![AnyMethod::from(SeasonalNaive::new())], Backtest::rolling(7, 7, 8)?, Selection::PerSeries)?;
    /// assert!(matches!(fixed.fit(&h), Err(Error::TooShort { needed: 57, found: 39, .. })));
    /// let shortening = fixed.shortening_origins();
    /// assert!(shortening.shortens_origins());
    /// assert_eq!(shortening.fit(&h)?.scores()[0].1, Some(0.0));
    /// assert!(BestPick::week_ahead(7)?.fit(&h).is_ok());
    /// # Ok(())
    /// # }
    /// ```
    pub fn shortening_origins(mut self) -> Self {
        self.shorten = true;
        self
    }

    /// Whether fits lower the backtest's origin count to the history
    /// ([`shortening_origins`](Self::shortening_origins)).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::BestPick;
    /// assert!(BestPick::week_ahead(7)?.shortens_origins());
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn shortens_origins(&self) -> bool {
        self.shorten
    }
}

/// A fitted [`BestPick`]: every candidate with a non-zero weight, fitted on
/// the whole history, and the weights per lead.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{AnyMethod, Backtest, BestPick, Calendar, History, Method, SeasonalNaive, Selection, WeightedIndex};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Week k (0 to 5) has 10 + k calls every hour. Backtested on weeks 4
/// // and 5, seasonal naive misses by 1 call an hour and the average of
/// // the last four same weekdays by 2.5: WAPE 2/29 and 5/29.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
/// let h = History::new(&IntervalSeries::from_fn(grid, |i, _| Some(10.0 + (i / 168) as f64)), Calendar::new(UTC))?;
/// let candidates = vec![AnyMethod::from(SeasonalNaive::new()), AnyMethod::from(WeightedIndex::new(4)?)];
/// use servops_forecast::FittedModel;
/// let fitted = BestPick::new(candidates, Backtest::rolling(7, 7, 2)?, Selection::InverseErrorWeights)?.fit(&h)?;
/// // Weights ∝ WAPE^-2, (29/2)^2 : (29/5)^2, that is 25/29 and 4/29.
/// // Next week: 15 from seasonal naive, 13.5 from the mean of weeks 2-5.
/// let next = IntervalGrid::new("2026-04-13T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// let f = fitted.predict(&next)?;
/// assert!((f.values()[0] - (25.0 * 15.0 + 4.0 * 13.5) / 29.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedBestPick {
    fitted: Vec<Option<AnyFitted>>,
    weights: Vec<Vec<f64>>,
    scores: Vec<(&'static str, Option<f64>)>,
}

impl FittedBestPick {
    /// Backtest pooled interval WAPE of each candidate (`None` if it failed).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, BestPick, Calendar, History, Method, SeasonalNaive, Selection, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Week k (0 to 5) has 10 + k calls every hour. Backtested on weeks 4
    /// // and 5, seasonal naive misses by 1 call an hour and the average of
    /// // the last four same weekdays by 2.5: WAPE 2/29 and 5/29.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::from_fn(grid, |i, _| Some(10.0 + (i / 168) as f64)), Calendar::new(UTC))?;
    /// let candidates = vec![AnyMethod::from(SeasonalNaive::new()), AnyMethod::from(WeightedIndex::new(4)?)];
    /// let fitted = BestPick::new(candidates, Backtest::rolling(7, 7, 2)?, Selection::PerSeries)?.fit(&h)?;
    /// let scores = fitted.scores();
    /// assert_eq!((scores[0].0, scores[1].0), ("seasonal naive", "weighted index"));
    /// assert!((scores[0].1.ok_or("wape")? - 2.0 / 29.0).abs() < 1e-12);
    /// assert!((scores[1].1.ok_or("wape")? - 5.0 / 29.0).abs() < 1e-12);
    /// # Ok(())
    /// # }
    /// ```
    pub fn scores(&self) -> &[(&'static str, Option<f64>)] {
        &self.scores
    }

    /// Weights per lead (outer index lead - 1), one per candidate: one row
    /// per lead of the backtest horizon, at most one more than the days
    /// the history spans (see [`BestPick`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, BestPick, Calendar, History, Method, SeasonalNaive, Selection, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Week k (0 to 5) has 10 + k calls every hour. Backtested on weeks 4
    /// // and 5, seasonal naive misses by 1 call an hour and the average of
    /// // the last four same weekdays by 2.5: WAPE 2/29 and 5/29.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::from_fn(grid, |i, _| Some(10.0 + (i / 168) as f64)), Calendar::new(UTC))?;
    /// let candidates = vec![AnyMethod::from(SeasonalNaive::new()), AnyMethod::from(WeightedIndex::new(4)?)];
    /// let rule = Selection::InverseErrorWeights;
    /// let fitted = BestPick::new(candidates, Backtest::rolling(7, 7, 2)?, rule)?.fit(&h)?;
    /// // One row per lead of the 7-day horizon; weights ∝ WAPE^-2 (25/29 and
    /// // 4/29: each lead has the same errors here), each row summing to 1.
    /// assert_eq!(fitted.weights().len(), 7);
    /// for row in fitted.weights() {
    ///     assert!((row[0] - 25.0 / 29.0).abs() < 1e-12 && (row[1] - 4.0 / 29.0).abs() < 1e-12);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn weights(&self) -> &[Vec<f64>] {
        &self.weights
    }
}

impl Method for BestPick {
    type Fitted = FittedBestPick;
    fn fit(&self, history: &History) -> Result<FittedBestPick> {
        /// What best pick reads of a candidate's backtest.
        struct Scored {
            pooled: Accuracy,
            by_lead: Vec<Accuracy>,
        }
        let n = self.candidates.len();
        // No backtest lead exceeds the days the history spans (a lead
        // counts open days from an origin inside it), so every row past
        // `span` would score each candidate by its pooled WAPE: the rows
        // stop at the first of them. A horizon of 1 << 40 days used to
        // allocate a row per day and abort.
        let dates = history.dates();
        let span = match (dates.first(), dates.last()) {
            (Some(first), Some(last)) => {
                usize::try_from((*last - *first).num_days()).unwrap_or(usize::MAX)
            }
            _ => 0,
        };
        let shortened;
        let backtest = if self.shorten {
            shortened = self.backtest.shortened_for(history)?;
            &shortened
        } else {
            &self.backtest
        };
        let h = backtest.horizon.min(span.saturating_add(1));
        let mut reports = Vec::with_capacity(n);
        let mut scores = Vec::with_capacity(n);
        let mut first_err = None;
        for m in &self.candidates {
            match backtest.run(m, history) {
                Ok(r) => {
                    scores.push((m.name(), r.pooled.wape));
                    // Only the metrics are read below: the test days'
                    // forecasts and actuals are dropped here, not held
                    // for every candidate until the weights are set.
                    reports.push(Some(Scored {
                        pooled: r.pooled,
                        by_lead: r.by_lead,
                    }));
                }
                Err(e) => {
                    scores.push((m.name(), None));
                    first_err.get_or_insert(e);
                    reports.push(None);
                }
            }
        }
        // The score is the WAPE. Where the backtest windows hold no
        // contacts at all, every WAPE is 0/0 and the candidates are ranked
        // by RMSE instead, so a series without contacts is forecast, not
        // refused.
        let no_contacts = scores.iter().all(|s| s.1.is_none());
        let metric = |a: &Accuracy| if no_contacts { a.rmse } else { a.wape };
        let table: Vec<Option<Vec<f64>>> = reports
            .iter()
            .map(|r| {
                r.as_ref().map(|r| {
                    (0..h)
                        .map(|l| {
                            r.by_lead
                                .get(l)
                                .and_then(metric)
                                .or(metric(&r.pooled))
                                .unwrap_or(f64::INFINITY)
                        })
                        .collect()
                })
            })
            .collect();
        let pooled_scores: Vec<Option<f64>> = reports
            .iter()
            .map(|r| r.as_ref().and_then(|r| metric(&r.pooled)))
            .collect();
        let pooled = |i: usize| {
            pooled_scores
                .get(i)
                .copied()
                .flatten()
                .unwrap_or(f64::INFINITY)
        };
        let argmin = |f: &dyn Fn(usize) -> f64| {
            (0..n)
                .filter(|i| f(*i).is_finite())
                .min_by(|a, b| f(*a).total_cmp(&f(*b)))
        };
        let mut weights = Vec::with_capacity(h);
        for l in 0..h {
            let at = |i: usize| {
                table
                    .get(i)
                    .and_then(|t| t.as_ref())
                    .and_then(|t| t.get(l).copied())
                    .unwrap_or(f64::INFINITY)
            };
            let mut w = vec![0.0; n];
            match self.selection {
                Selection::PerSeries => {
                    if let Some(i) = argmin(&pooled) {
                        w[i] = 1.0;
                    }
                }
                Selection::PerLead => {
                    if let Some(i) = argmin(&at) {
                        w[i] = 1.0;
                    }
                }
                Selection::InverseErrorWeights => {
                    for (i, wi) in w.iter_mut().enumerate() {
                        let e = at(i);
                        if e.is_finite() {
                            *wi = 1.0 / (e * e).max(1e-12);
                        }
                    }
                    let s: f64 = w.iter().sum();
                    if s > 0.0 {
                        w.iter_mut().for_each(|x| *x /= s);
                    }
                }
                Selection::BestEqual(k) => {
                    let mut order: Vec<usize> = (0..n).filter(|i| at(*i).is_finite()).collect();
                    order.sort_by(|a, b| at(*a).total_cmp(&at(*b)));
                    order.truncate(k.max(1));
                    let share = 1.0 / order.len().max(1) as f64;
                    for i in order {
                        if let Some(x) = w.get_mut(i) {
                            *x = share;
                        }
                    }
                }
            }
            if w.iter().all(|x| *x == 0.0) {
                return Err(first_err.unwrap_or(invalid(
                    "candidate count",
                    0,
                    ">= 1 that backtests",
                )));
            }
            weights.push(w);
        }
        let mut fitted = Vec::with_capacity(n);
        for (i, m) in self.candidates.iter().enumerate() {
            let used = weights
                .iter()
                .any(|w| w.get(i).copied().unwrap_or(0.0) > 0.0);
            fitted.push(if used { Some(m.fit(history)?) } else { None });
        }
        Ok(FittedBestPick {
            fitted,
            weights,
            scores,
        })
    }
}

impl FittedModel for FittedBestPick {
    fn forecast_day(&self, date: NaiveDate, lead_days: usize) -> Result<Vec<f64>> {
        let row = self
            .weights
            .get(
                lead_days
                    .saturating_sub(1)
                    .min(self.weights.len().saturating_sub(1)),
            )
            .ok_or_else(|| invalid("lead", lead_days, ">= 1"))?;
        let mut out: Option<Vec<f64>> = None;
        for (w, f) in row.iter().zip(&self.fitted) {
            if *w <= 0.0 {
                continue;
            }
            let Some(f) = f else { continue };
            let day = f.forecast_day(date, lead_days)?;
            match out.as_mut() {
                None => out = Some(day.iter().map(|v| v * w).collect()),
                Some(acc) => acc.iter_mut().zip(&day).for_each(|(a, v)| *a += v * w),
            }
        }
        let day = out.ok_or_else(|| invalid("lead", lead_days, "covered by a fitted candidate"))?;
        crate::methods::finite_day(date, day)
    }

    fn predict(
        &self,
        grid: &servops_core::IntervalGrid,
    ) -> Result<servops_core::IntervalSeries<f64>> {
        let ctx = self
            .fitted
            .iter()
            .flatten()
            .next()
            .map(AnyFitted::context)
            .ok_or_else(|| invalid("candidate count", 0, ">= 1 fitted"))?;
        ctx.expand(grid, |d, l| self.forecast_day(d, l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(origin: u32, date: u32, forecast: Vec<f64>, actual: Vec<f64>) -> TestDay {
        let d = |x| NaiveDate::from_ymd_opt(2026, 3, x).unwrap_or_default();
        TestDay {
            origin: d(origin),
            date: d(date),
            lead: 1,
            slots: (0..forecast.len()).collect(),
            forecast,
            actual,
        }
    }

    fn report(days: Vec<TestDay>) -> BacktestReport {
        BacktestReport {
            method: "test",
            origins: Vec::new(),
            pooled: ErrorSums::new().accuracy(None),
            pooled_daily: ErrorSums::new().accuracy(None),
            pooled_window: ErrorSums::new().accuracy(None),
            by_lead: Vec::new(),
            days,
        }
    }

    #[test]
    fn level_oracle_by_hand() {
        // Window 1: day 1 forecast (1, 3) for actual (2, 2); day 2 forecast
        // (0, 0) for actual (1, 1), kept because its total is 0.
        // Window 2: day 3 forecast (4, 4) for actual (1, 3).
        let r = report(vec![
            day(1, 1, vec![1.0, 3.0], vec![2.0, 2.0]),
            day(1, 2, vec![0.0, 0.0], vec![1.0, 1.0]),
            day(3, 3, vec![4.0, 4.0], vec![1.0, 3.0]),
        ]);
        let o = r.level_oracle();
        // ΣA = 10. As forecast: 1 + 1 + 1 + 1 + 3 + 1 = 8.
        assert_eq!(o.as_forecast, Some(0.8));
        // Window 1 ratio 6 / 4: day 1 (1.5, 4.5) -> 0.5 + 2.5, day 2 stays
        // 0 -> 2; window 2 ratio 4 / 8: (2, 2) -> 1 + 1. Total 7.
        assert_eq!(o.window_level, Some(0.7));
        // Day ratios 1, none (forecast total 0), 0.5: 1 + 1 + 2 + 1 + 1 = 6.
        assert_eq!(o.daily_totals, Some(0.6));
    }

    #[test]
    fn level_oracle_undefined_without_actuals() {
        let empty = report(Vec::new()).level_oracle();
        assert_eq!(empty.as_forecast, None);
        assert_eq!(empty.daily_totals, None);
        let zero = report(vec![day(1, 1, vec![1.0], vec![0.0])]).level_oracle();
        assert_eq!(zero.window_level, None);
    }

    fn days_strategy() -> impl Strategy<Value = Vec<(Vec<f64>, Vec<f64>, f64)>> {
        prop::collection::vec(
            (1usize..6).prop_flat_map(|n| {
                (
                    prop::collection::vec(0.0f64..50.0, n),
                    prop::collection::vec(0.0f64..50.0, n),
                    0.1f64..10.0,
                )
            }),
            1..10,
        )
    }

    proptest! {
        /// Rescaling each day's forecasts by any positive factor leaves the
        /// perfect-daily-totals WAPE unchanged; rescaling every forecast by
        /// one factor also leaves the perfect-window-level WAPE unchanged;
        /// forecasts proportional to the actuals day by day have no error
        /// left once the daily totals are perfect.
        #[test]
        fn level_oracle_invariances(days in days_strategy(), k in 0.1f64..10.0) {
            let build = |scale: &dyn Fn(usize, f64) -> f64| {
                report(days.iter().enumerate().map(|(i, (f, a, c))| {
                    let origin = 1 + 7 * (i / 4) as u32;
                    day(origin, 1 + i as u32, f.iter().map(|x| scale(i, *x * c)).collect(), a.clone())
                }).collect())
            };
            let base = build(&|_, x| x).level_oracle();
            let per_day = build(&|i, x| x * (1.0 + i as f64)).level_oracle();
            let uniform = build(&|_, x| x * k).level_oracle();
            let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * (1.0 + a.abs()),
                (a, b) => a == b,
            };
            prop_assert!(close(base.daily_totals, per_day.daily_totals));
            prop_assert!(close(base.daily_totals, uniform.daily_totals));
            prop_assert!(close(base.window_level, uniform.window_level));
            // WAPE as forecast from its definition.
            let num: f64 = days.iter().flat_map(|(f, a, c)| f.iter().zip(a).map(move |(f, a)| (f * c - a).abs())).sum();
            let den: f64 = days.iter().flat_map(|(_, a, _)| a.iter()).sum();
            let direct = (den > 0.0).then(|| num / den);
            prop_assert!(close(base.as_forecast, direct));
            let proportional = report(days.iter().enumerate().map(|(i, (_, a, c))| {
                day(1, 1 + i as u32, a.iter().map(|x| x * c).collect(), a.clone())
            }).collect()).level_oracle();
            if let Some(v) = proportional.daily_totals {
                prop_assert!(v <= 1e-9);
            }
        }
    }
}
