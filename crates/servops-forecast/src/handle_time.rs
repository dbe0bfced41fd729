//! Handle-time (AHT) forecasts with fallback from fine to coarse profiles.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::calendar::DayType;
use crate::error::{Error, Result, invalid};
use crate::history::{Context, History};

/// Average handle time per interval as total handle seconds over handled
/// contacts (volume-weighted), from an interval-of-week profile that falls
/// back to the interval-of-day profile, then to the overall AHT, where the
/// sample is small.
///
/// # Formula
///
/// Over the last `days` complete days, with `N` handled contacts and `S`
/// handle seconds summed per level:
///
/// ```text
/// AHT_all    = S / N
/// AHT_s      = (S_s + m AHT_all) / (N_s + m)          clock slot s, every day type
/// AHT_{T,s}  = (S_{T,s} + m AHT_s) / (N_{T,s} + m)    day type T, slot s
/// ```
///
/// `m` (`prior_calls`) is how many contacts the coarser level counts for: an
/// interval with far fewer than `m` contacts takes mostly the coarser AHT,
/// one with far more keeps its own. (The credibility-weighted form of
/// falling back.)
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, HandleTime, History};
/// use servops_forecast::chrono::NaiveDate;
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
/// let calls = History::new(&IntervalSeries::filled(grid.clone(), Some(10.0)), Calendar::new(UTC))?;
/// let secs = History::new(&IntervalSeries::filled(grid, Some(1800.0)), Calendar::new(UTC))?;
/// let fitted = HandleTime::new(30.0)?.fit(&calls, &secs)?;
/// let aht = fitted.aht_day(NaiveDate::from_ymd_opt(2026, 3, 16).ok_or("d")?)?;
/// assert!((aht[9].ok_or("open")? - 180.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Brown, L. et al. (2005), "Statistical analysis of a telephone call
/// center", *JASA* 100(469), 36-50 (service-time variation by time of day).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HandleTime {
    prior_calls: f64,
    days: usize,
    smoothing: usize,
    recent: Option<usize>,
}

impl HandleTime {
    /// Fallback weight `m` in contacts; uses every day of the history.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless `prior_calls` is finite and >= 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert!(HandleTime::new(-1.0).is_err());
    /// ```
    pub fn new(prior_calls: f64) -> Result<Self> {
        if !(prior_calls.is_finite() && prior_calls >= 0.0) {
            return Err(invalid("prior calls", prior_calls, "finite and >= 0"));
        }
        Ok(Self {
            prior_calls,
            days: usize::MAX,
            smoothing: 0,
            recent: None,
        })
    }

    /// Uses only the last `days` complete days.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert!(HandleTime::new(30.0)?.with_days(0).is_err());
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn with_days(mut self, days: usize) -> Result<Self> {
        if days == 0 {
            return Err(invalid("days", 0, ">= 1"));
        }
        self.days = days;
        Ok(self)
    }

    /// Pools the interval-of-day sums `S_s`, `N_s` over `±half_width`
    /// neighbouring slots with triangular weights before the fallback (0:
    /// none), since handle time changes slowly through the day.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// let m = HandleTime::new(30.0)?.with_smoothing(2);
    /// assert_ne!(m, HandleTime::new(30.0)?);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn with_smoothing(mut self, half_width: usize) -> Self {
        self.smoothing = half_width;
        self
    }

    /// Rescales every AHT by the recent level: the overall AHT of the last
    /// `days` complete days divided by the overall AHT of the whole window,
    /// `AHT ← AHT · (S_recent / N_recent) / AHT_all`, so that a drift of
    /// the whole AHT level (new staff, a new product) carries into the
    /// forecast while the profile keeps its long sample. No rescaling when
    /// the recent days have no handled contacts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // Two days: 100 s per call, then 200 s per call.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(1.0)), Calendar::new(UTC))?;
    /// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 { 100.0 } else { 200.0 }));
    /// let s = History::new(&s, Calendar::new(UTC))?;
    /// let d = "2026-03-04".parse()?;
    /// let plain = HandleTime::new(0.0)?.fit(&n, &s)?.aht_day(d)?;
    /// let recent = HandleTime::new(0.0)?.with_recent_level(1)?.fit(&n, &s)?.aht_day(d)?;
    /// assert_eq!(plain[0], Some(150.0));
    /// assert_eq!(recent[0], Some(200.0));
    /// assert!(HandleTime::new(0.0)?.with_recent_level(0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_recent_level(mut self, days: usize) -> Result<Self> {
        if days == 0 {
            return Err(invalid("recent days", 0, ">= 1"));
        }
        self.recent = Some(days);
        Ok(self)
    }

    /// Fits on handled counts and handle seconds per interval (two
    /// histories on the same grid and calendar).
    ///
    /// # Errors
    ///
    /// [`Error::TooShort`] if no complete day has handled contacts;
    /// [`Error::CalendarMismatch`] if the histories differ in step.
    ///
    /// # Examples
    ///
    /// See [`HandleTime`].
    pub fn fit(&self, handled: &History, handle_seconds: &History) -> Result<FittedHandleTime> {
        if handled.step_minutes() != handle_seconds.step_minutes() {
            return Err(Error::CalendarMismatch {
                reason: "handled and handle-second histories have different steps".into(),
            });
        }
        let secs: BTreeMap<NaiveDate, &Vec<f64>> = handle_seconds
            .days()
            .iter()
            .map(|d| (d.date, &d.values))
            .collect();
        let slots = handled.slots_per_day();
        let days = handled.days();
        let skip = days.len().saturating_sub(self.days);
        let mut by_slot = vec![(0.0, 0.0); slots];
        let mut by_type: BTreeMap<DayType, Vec<(f64, f64)>> = BTreeMap::new();
        let (mut s_all, mut n_all) = (0.0, 0.0);
        for d in days.iter().skip(skip) {
            let Some(sv) = secs.get(&d.date) else {
                continue;
            };
            let t = by_type
                .entry(d.day_type.clone())
                .or_insert_with(|| vec![(0.0, 0.0); slots]);
            for (s, (n, sec)) in d.values.iter().zip(sv.iter()).enumerate() {
                if let (Some(a), Some(b)) = (by_slot.get_mut(s), t.get_mut(s)) {
                    a.0 += sec;
                    a.1 += n;
                    b.0 += sec;
                    b.1 += n;
                }
                s_all += sec;
                n_all += n;
            }
        }
        if n_all <= 0.0 {
            return Err(Error::TooShort {
                method: "handle time",
                day_type: "any".into(),
                needed: 1,
                found: 0,
            });
        }
        let m = self.prior_calls;
        let overall = s_all / n_all;
        let level = match self.recent {
            None => 1.0,
            Some(r) => {
                let (mut sr, mut nr) = (0.0, 0.0);
                for d in days.iter().skip(days.len().saturating_sub(r)) {
                    if let Some(sv) = secs.get(&d.date) {
                        sr += sv.iter().sum::<f64>();
                        nr += d.values.iter().sum::<f64>();
                    }
                }
                let x = sr / nr / overall;
                if nr > 0.0 && x.is_finite() && x > 0.0 {
                    x
                } else {
                    1.0
                }
            }
        };
        if self.smoothing > 0 {
            let h = self.smoothing;
            let raw = by_slot.clone();
            for (i, out) in by_slot.iter_mut().enumerate() {
                let (mut a, mut b) = (0.0, 0.0);
                for j in i.saturating_sub(h)..=(i + h).min(slots.saturating_sub(1)) {
                    let w = (h + 1 - i.abs_diff(j)) as f64 / (h + 1) as f64;
                    if let Some((sj, nj)) = raw.get(j) {
                        a += w * sj;
                        b += w * nj;
                    }
                }
                *out = (a, b);
            }
        }
        let slot_aht: Vec<f64> = by_slot
            .iter()
            .map(|(s, n)| (s + m * overall) / (n + m).max(f64::MIN_POSITIVE))
            .map(|v| if v.is_finite() { v } else { overall })
            .collect();
        let slot_aht: Vec<f64> = slot_aht.iter().map(|v| v * level).collect();
        let per_type = by_type
            .into_iter()
            .map(|(t, v)| {
                let a = v
                    .iter()
                    .zip(&slot_aht)
                    .map(|((s, n), coarse)| {
                        // `coarse` already carries the recent level.
                        let x = (s * level + m * coarse) / (n + m);
                        if x.is_finite() { x } else { *coarse }
                    })
                    .collect();
                (t, a)
            })
            .collect();
        Ok(FittedHandleTime {
            ctx: handled.context(),
            overall,
            slot_aht,
            per_type,
        })
    }
}

/// A fitted [`HandleTime`].
///
/// # Examples
///
/// See [`HandleTime`].
#[derive(Debug, Clone, PartialEq)]
pub struct FittedHandleTime {
    ctx: Context,
    overall: f64,
    slot_aht: Vec<f64>,
    per_type: BTreeMap<DayType, Vec<f64>>,
}

impl FittedHandleTime {
    /// The overall volume-weighted AHT in seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(2.0)), Calendar::new(UTC))?;
    /// let s = History::new(&IntervalSeries::filled(grid, Some(300.0)), Calendar::new(UTC))?;
    /// assert_eq!(HandleTime::new(10.0)?.fit(&n, &s)?.overall_aht(), 150.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn overall_aht(&self) -> f64 {
        self.overall
    }

    /// AHT in seconds per clock slot of a date (`None` where closed).
    /// A day type without history uses the interval-of-day profile.
    ///
    /// # Errors
    ///
    /// None at present; the `Result` leaves room for calendar checks.
    ///
    /// # Examples
    ///
    /// See [`HandleTime`].
    pub fn aht_day(&self, date: NaiveDate) -> Result<Vec<Option<f64>>> {
        let t = self.ctx.calendar.day_type(date);
        let fb = self.ctx.calendar.fallback_type(date);
        let prof = self
            .per_type
            .get(&t)
            .or_else(|| self.per_type.get(&fb))
            .unwrap_or(&self.slot_aht);
        let open = self.ctx.open_slots(date);
        Ok(open
            .iter()
            .zip(prof)
            .map(|(o, a)| o.then_some(*a))
            .collect())
    }

    /// AHT in seconds on a grid after the history (`None` where closed).
    ///
    /// # Errors
    ///
    /// As [`FittedModel::predict`](crate::FittedModel::predict).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(2.0)), Calendar::new(UTC))?;
    /// let s = History::new(&IntervalSeries::filled(grid, Some(300.0)), Calendar::new(UTC))?;
    /// let next = IntervalGrid::new("2026-03-03T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// let aht = HandleTime::new(10.0)?.fit(&n, &s)?.predict(&next)?;
    /// assert_eq!(aht.values()[0], Some(150.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn predict(&self, grid: &IntervalGrid) -> Result<IntervalSeries<Option<f64>>> {
        // Expand through the shared routine with NaN marking closed slots.
        let series = self.ctx.expand(grid, |d, _| {
            Ok(self
                .aht_day(d)?
                .into_iter()
                .map(|a| a.unwrap_or(f64::NAN))
                .collect())
        })?;
        let tz = self.ctx.calendar.time_zone();
        let values = series
            .values()
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let open = grid
                    .local_date(i, tz)
                    .zip(grid.local_minute_of_day(i, tz))
                    .is_some_and(|(d, m)| {
                        self.ctx.calendar.is_open(d, m)
                            && self.ctx.calendar.day_type(d) != DayType::Closed
                    });
                (open && v.is_finite()).then_some(*v)
            })
            .collect();
        Ok(IntervalSeries::new(*grid, values)?)
    }
}

/// The workload error that handle time alone causes:
/// `Σ N |AHT_F - AHT_A| / Σ N AHT_A` over intervals with `N > 0` handled
/// contacts; `None` if that denominator is 0.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if the slices differ in length.
///
/// # Examples
///
/// ```
/// use servops_forecast::aht_workload_error;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let e = aht_workload_error(&[200.0, 150.0], &[180.0, 150.0], &[10.0, 0.0])?;
/// assert_eq!(e, Some(20.0 / 180.0));
/// # Ok(())
/// # }
/// ```
pub fn aht_workload_error(
    forecast_aht: &[f64],
    actual_aht: &[f64],
    handled: &[f64],
) -> Result<Option<f64>> {
    if forecast_aht.len() != actual_aht.len() || actual_aht.len() != handled.len() {
        return Err(invalid(
            "slice lengths",
            format!(
                "{}, {}, {}",
                forecast_aht.len(),
                actual_aht.len(),
                handled.len()
            ),
            "equal",
        ));
    }
    let (mut num, mut den) = (0.0, 0.0);
    for ((f, a), n) in forecast_aht.iter().zip(actual_aht).zip(handled) {
        if *n > 0.0 && f.is_finite() && a.is_finite() {
            num += n * (f - a).abs();
            den += n * a;
        }
    }
    Ok((den > 0.0).then(|| num / den))
}
