//! Handle-time (AHT) forecasts with fallback from fine to coarse profiles.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::calendar::DayType;
use crate::error::{Error, Result, invalid};
use crate::history::{Context, History};

/// The point an AHT forecast aims at.
///
/// Staffing with Erlang formulas needs the **mean** handle time, so
/// [`AhtPoint::Mean`] is the default. The workload error
/// `Σ N |AHT_F - AHT_A| / Σ N AHT_A` is an absolute error: for the
/// right-skewed AHT of an interval it is minimised below the mean, at the
/// workload-weighted median. [`AhtPoint::WorkloadMedian`] scales every AHT
/// by the factor `c` that minimises that error in sample,
/// the weighted median of `AHT_A / AHT_fitted` with weights
/// `N · AHT_fitted` over the fitted window. Use it to report or score
/// AHT against an absolute error, never to staff.
///
/// # Examples
///
/// ```
/// use servops_forecast::{AhtPoint, HandleTime};
/// let m = HandleTime::new(30.0)?;
/// assert_eq!(m.point(), AhtPoint::Mean);
/// assert_eq!(m.with_point(AhtPoint::WorkloadMedian).point(), AhtPoint::WorkloadMedian);
/// # Ok::<(), servops_forecast::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum AhtPoint {
    /// The volume-weighted mean AHT (for staffing).
    #[default]
    Mean,
    /// The mean scaled by the in-sample workload-weighted median ratio.
    WorkloadMedian,
}

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
/// falling back.) A level without contacts takes the coarser level whole:
/// handle seconds on an interval with no handled contacts (talk time an
/// export books in a later interval than its contact) count only in the
/// levels around it that have contacts (the overall AHT, the same slot on
/// other days, smoothed neighbours), and the day-type factors compare only
/// intervals with contacts.
///
/// Optional refinements, all off by default:
///
/// - [`with_day_factor`](Self::with_day_factor)`(m_d)` puts a day-type
///   factor between the two levels (a multiplicative structure: overall
///   level × interval-of-day shape × day-type factor):
///   `E_T = Σ_{d ∈ T, s} N_{d,s} AHT_s`,
///   `f_T = (S_T + m_d AHT_all) / (E_T + m_d AHT_all)`, and the interval of
///   week falls back to `f_T AHT_s` instead of `AHT_s`;
/// - [`with_cell_prior`](Self::with_cell_prior)`(m_c)` gives the
///   interval-of-week level its own weight (default `m`);
/// - [`with_estimated_priors`](Self::with_estimated_priors) replaces every
///   fixed weight by its empirical-Bayes (Bühlmann-Straub) estimate
///   `m = σ² / τ²`: `σ²` the within-cell variance of the interval AHTs
///   (`Σ N_u (x_u - x_c)² / (U - C)` over `U` intervals in `C` cells) and
///   `τ²` the between-cell variance of the cell means around the coarser
///   level (`(Σ N_c (x_c - p_c)² - (C - 1) σ²) / (N - Σ N_c² / N)`);
///   `τ² ≤ 0` means the cells do not differ beyond noise and the coarser
///   level is taken whole;
/// - [`with_recent_level`](Self::with_recent_level) rescales by the recent
///   AHT level and [`with_point`](Self::with_point) chooses the point
///   forecast ([`AhtPoint`]).
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
/// Bühlmann, H. and Straub, E. (1970), "Glaubwürdigkeit für Schadensätze",
/// *Mitteilungen der Vereinigung Schweizerischer Versicherungsmathematiker*
/// 70, 111-133 (the credibility estimator of `m`); Bühlmann, H. and
/// Gisler, A. (2005), *A Course in Credibility Theory*, Springer, ch. 4.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HandleTime {
    prior_calls: f64,
    days: usize,
    smoothing: usize,
    recent: Option<usize>,
    day_prior: Option<f64>,
    cell_prior: Option<f64>,
    estimated: bool,
    point: AhtPoint,
}

fn check_prior(name: &'static str, m: f64) -> Result<f64> {
    if m.is_finite() && m >= 0.0 {
        Ok(m)
    } else {
        Err(invalid(name, m, "finite and >= 0"))
    }
}

/// Credibility mean `(S + m c) / (N + m)`; the coarser value `c` where the
/// level has no contacts (`N = 0`: seconds without contacts say nothing
/// about the time per contact), `m` is infinite or the result is not
/// finite.
fn shrink(s: f64, n: f64, m: f64, coarse: f64) -> f64 {
    if !m.is_finite() || n <= 0.0 {
        return coarse;
    }
    let x = (s + m * coarse) / (n + m);
    if x.is_finite() { x } else { coarse }
}

/// Bühlmann-Straub estimate of the prior weight `m = σ² / τ²` from units
/// `(cell, weight, value)` grouped into cells with coarser predictions
/// `pred`. Infinite when the cells do not differ beyond their noise or the
/// data cannot tell.
fn credibility_prior(units: &[(usize, f64, f64)], pred: &[f64]) -> f64 {
    let c = pred.len();
    let mut w = vec![0.0; c];
    let mut wx = vec![0.0; c];
    for &(k, wu, xu) in units {
        if let (Some(a), Some(b)) = (w.get_mut(k), wx.get_mut(k)) {
            *a += wu;
            *b += wu * xu;
        }
    }
    let mean: Vec<f64> = w
        .iter()
        .zip(&wx)
        .map(|(a, b)| if *a > 0.0 { b / a } else { 0.0 })
        .collect();
    let (mut within, mut used_units) = (0.0, 0usize);
    for &(k, wu, xu) in units {
        if let Some(xc) = mean.get(k) {
            within += wu * (xu - xc) * (xu - xc);
            used_units += 1;
        }
    }
    let cells = w.iter().filter(|a| **a > 0.0).count();
    if used_units <= cells || cells < 2 {
        return f64::INFINITY;
    }
    let sigma2 = within / (used_units - cells) as f64;
    let total: f64 = w.iter().sum();
    let sum_sq: f64 = w.iter().map(|a| a * a).sum();
    let between: f64 = w
        .iter()
        .zip(&mean)
        .zip(pred)
        .filter(|((a, _), _)| **a > 0.0)
        .map(|((a, x), p)| a * (x - p) * (x - p))
        .sum();
    let tau2 = (between - (cells - 1) as f64 * sigma2) / (total - sum_sq / total);
    let m = sigma2 / tau2;
    if tau2 > 0.0 && m.is_finite() && m >= 0.0 {
        m
    } else {
        f64::INFINITY
    }
}

/// Weighted median: the smallest `x` whose cumulative weight reaches half
/// the total (`None` without positive weight).
fn weighted_median(mut v: Vec<(f64, f64)>) -> Option<f64> {
    v.retain(|(x, w)| x.is_finite() && w.is_finite() && *w > 0.0);
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = v.iter().map(|(_, w)| w).sum::<f64>() / 2.0;
    let mut acc = 0.0;
    for (x, w) in &v {
        acc += w;
        if acc >= half {
            return Some(*x);
        }
    }
    None
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
        Ok(Self {
            prior_calls: check_prior("prior calls", prior_calls)?,
            days: usize::MAX,
            smoothing: 0,
            recent: None,
            day_prior: None,
            cell_prior: None,
            estimated: false,
            point: AhtPoint::Mean,
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
    /// assert_eq!(HandleTime::new(30.0)?.with_days(28)?.days(), Some(28));
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
    /// none), since handle time changes slowly through the day. Every width
    /// is accepted: one at least as wide as the day pools (nearly) evenly
    /// over all slots, so each slot tends to the overall AHT.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// let m = HandleTime::new(30.0)?.with_smoothing(2);
    /// assert_ne!(m, HandleTime::new(30.0)?);
    /// assert_eq!(m.smoothing(), 2);
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

    /// Adds the day-type factor level with fallback weight `prior_calls`
    /// (contacts): `f_T = (S_T + m_d AHT_all) / (E_T + m_d AHT_all)` with
    /// `E_T` the seconds the interval-of-day profile expects for the
    /// type's contacts, and the interval of week falls back to
    /// `f_T · AHT_s` (see [`HandleTime`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless finite and >= 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // 14 days of hourly data; every Sunday call takes 300 s, others 100 s.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
    /// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(1.0)), Calendar::new(UTC))?;
    /// let s = IntervalSeries::from_fn(grid, |i, _| Some(if (i / 24) % 7 == 6 { 300.0 } else { 100.0 }));
    /// let s = History::new(&s, Calendar::new(UTC))?;
    /// let sunday = "2026-03-22".parse()?;
    /// // A huge interval-of-week weight hides the Sunday cells ...
    /// let flat = HandleTime::new(1e9)?.fit(&n, &s)?.aht_day(sunday)?;
    /// // ... but the day-type factor (no shrinkage) keeps the Sunday level.
    /// let typed = HandleTime::new(1e9)?.with_day_factor(0.0)?.fit(&n, &s)?.aht_day(sunday)?;
    /// assert!(flat[10].ok_or("open")? < 130.0);
    /// assert!((typed[10].ok_or("open")? - 300.0).abs() < 1e-6);
    /// assert!(HandleTime::new(1.0)?.with_day_factor(f64::NAN).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_day_factor(mut self, prior_calls: f64) -> Result<Self> {
        self.day_prior = Some(check_prior("day factor prior calls", prior_calls)?);
        Ok(self)
    }

    /// Fallback weight (contacts) of the interval-of-week level toward the
    /// coarser level; by default the `m` of [`HandleTime::new`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless finite and >= 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// let m = HandleTime::new(30.0)?;
    /// assert_eq!(m.cell_prior(), 30.0);
    /// assert_eq!(m.with_cell_prior(1000.0)?.cell_prior(), 1000.0);
    /// assert!(m.with_cell_prior(-1.0).is_err());
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn with_cell_prior(mut self, prior_calls: f64) -> Result<Self> {
        self.cell_prior = Some(check_prior("cell prior calls", prior_calls)?);
        Ok(self)
    }

    /// Estimates every fallback weight from the data (empirical Bayes,
    /// Bühlmann-Straub `m = σ² / τ²`, see [`HandleTime`]) instead of using
    /// the fixed values; the fixed values are kept for serialisation but
    /// ignored by [`fit`](Self::fit). The estimates are reported by
    /// [`FittedHandleTime::priors`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// let m = HandleTime::new(30.0)?.with_estimated_priors();
    /// assert!(m.estimated_priors());
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn with_estimated_priors(mut self) -> Self {
        self.estimated = true;
        self
    }

    /// Chooses the point forecast (default [`AhtPoint::Mean`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AhtPoint, Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // One call an hour for three weeks, of 100 s, 100 s and then 400 s: each
    /// // interval of the week averages 200 s, but two calls in three took
    /// // half that, so the workload-weighted median ratio is 0.5.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 21)?;
    /// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(1.0)), Calendar::new(UTC))?;
    /// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 14 { 100.0 } else { 400.0 }));
    /// let s = History::new(&s, Calendar::new(UTC))?;
    /// let monday = "2026-03-23".parse()?;
    /// let mean = HandleTime::new(0.0)?.fit(&n, &s)?.aht_day(monday)?;
    /// let median = HandleTime::new(0.0)?.with_point(AhtPoint::WorkloadMedian).fit(&n, &s)?.aht_day(monday)?;
    /// assert!((mean[9].ok_or("open")? - 200.0).abs() < 1e-9);
    /// assert!((median[9].ok_or("open")? - 100.0).abs() < 1e-9);
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_point(mut self, point: AhtPoint) -> Self {
        self.point = point;
        self
    }

    /// The fallback weight `m` of [`HandleTime::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert_eq!(HandleTime::new(30.0)?.prior_calls(), 30.0);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn prior_calls(&self) -> f64 {
        self.prior_calls
    }

    /// The window in complete days (`None`: every day).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert_eq!(HandleTime::new(30.0)?.days(), None);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn days(&self) -> Option<usize> {
        (self.days != usize::MAX).then_some(self.days)
    }

    /// The half width of the interval-of-day smoothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert_eq!(HandleTime::new(30.0)?.smoothing(), 0);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn smoothing(&self) -> usize {
        self.smoothing
    }

    /// The recent-level window in days, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert_eq!(HandleTime::new(30.0)?.with_recent_level(7)?.recent_level(), Some(7));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn recent_level(&self) -> Option<usize> {
        self.recent
    }

    /// The day-type factor's fallback weight, if the level is used.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert_eq!(HandleTime::new(30.0)?.day_factor(), None);
    /// assert_eq!(HandleTime::new(30.0)?.with_day_factor(1000.0)?.day_factor(), Some(1000.0));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn day_factor(&self) -> Option<f64> {
        self.day_prior
    }

    /// The interval-of-week fallback weight (the `m` of
    /// [`HandleTime::new`] unless set by [`with_cell_prior`](Self::with_cell_prior)).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert_eq!(HandleTime::new(30.0)?.cell_prior(), 30.0);
    /// assert_eq!(HandleTime::new(30.0)?.with_cell_prior(3000.0)?.cell_prior(), 3000.0);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn cell_prior(&self) -> f64 {
        self.cell_prior.unwrap_or(self.prior_calls)
    }

    /// Whether the fallback weights are estimated from the data.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::HandleTime;
    /// assert!(!HandleTime::new(30.0)?.estimated_priors());
    /// assert!(HandleTime::new(30.0)?.with_estimated_priors().estimated_priors());
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn estimated_priors(&self) -> bool {
        self.estimated
    }

    /// The point forecast.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AhtPoint, HandleTime};
    /// assert_eq!(HandleTime::new(30.0)?.point(), AhtPoint::Mean);
    /// let median = HandleTime::new(30.0)?.with_point(AhtPoint::WorkloadMedian);
    /// assert_eq!(median.point(), AhtPoint::WorkloadMedian);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn point(&self) -> AhtPoint {
        self.point
    }

    /// Whether the interval-of-week weight was set apart from `m`.
    #[cfg(feature = "serde")]
    pub(crate) fn cell_prior_set(&self) -> Option<f64> {
        self.cell_prior
    }

    /// Fits on handled counts and handle seconds per interval (two
    /// histories on the same grid and calendar).
    ///
    /// # Errors
    ///
    /// [`Error::TooShort`] if no complete day has both series;
    /// [`Error::NoHandledContacts`] if none of the complete days the model
    /// reads (its window) has a handled contact;
    /// [`Error::CalendarMismatch`] if the histories differ in step;
    /// [`Error::InvalidParameter`] if the handle seconds are so large that
    /// an AHT would overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, Error, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // A week of 10 calls and 1,800 handle seconds an hour: 180 s a call.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 7)?;
    /// let n = History::new(&IntervalSeries::filled(grid, Some(10.0)), Calendar::new(UTC))?;
    /// let s = History::new(&IntervalSeries::filled(grid, Some(1800.0)), Calendar::new(UTC))?;
    /// assert_eq!(HandleTime::new(30.0)?.fit(&n, &s)?.overall_aht(), 180.0);
    /// // Handle seconds at 30 minutes do not match calls at 60.
    /// let half = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(1800), 48 * 7)?;
    /// let s30 = History::new(&IntervalSeries::filled(half, Some(900.0)), Calendar::new(UTC))?;
    /// assert!(matches!(HandleTime::new(30.0)?.fit(&n, &s30), Err(Error::CalendarMismatch { .. })));
    /// # Ok(())
    /// # }
    /// ```
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
        // The window: (day type, handled, seconds) per day with both series.
        let window: Vec<(&DayType, &[f64], &[f64])> = days
            .iter()
            .skip(skip)
            .filter_map(|d| {
                secs.get(&d.date)
                    .map(|sv| (&d.day_type, d.values.as_slice(), sv.as_slice()))
            })
            .collect();
        let types: Vec<DayType> = window
            .iter()
            .map(|(t, _, _)| (*t).clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let type_index = |t: &DayType| types.iter().position(|x| x == t).unwrap_or(0);
        let mut by_slot = vec![(0.0, 0.0); slots];
        let mut cells = vec![(0.0, 0.0); slots * types.len()];
        let (mut s_all, mut n_all) = (0.0, 0.0);
        for (t, nv, sv) in &window {
            let k = type_index(t);
            for (s, (n, sec)) in nv.iter().zip(sv.iter()).enumerate() {
                if let (Some(a), Some(b)) = (by_slot.get_mut(s), cells.get_mut(k * slots + s)) {
                    a.0 += sec;
                    a.1 += n;
                    b.0 += sec;
                    b.1 += n;
                }
                s_all += sec;
                n_all += n;
            }
        }
        if window.is_empty() {
            return Err(Error::TooShort {
                method: "handle time",
                day_type: "any".into(),
                needed: 1,
                found: 0,
            });
        }
        if n_all <= 0.0 {
            return Err(Error::NoHandledContacts { days: window.len() });
        }
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
        // Interval AHTs of the window as credibility units.
        let units = |cell: &dyn Fn(usize, usize) -> usize| -> Vec<(usize, f64, f64)> {
            let mut u = vec![];
            for (t, nv, sv) in &window {
                let k = type_index(t);
                for (s, (n, sec)) in nv.iter().zip(sv.iter()).enumerate() {
                    if *n > 0.0 {
                        u.push((cell(k, s), *n, sec / n));
                    }
                }
            }
            u
        };
        let m_slot = if self.estimated {
            credibility_prior(&units(&|_, s| s), &vec![overall; slots])
        } else {
            self.prior_calls
        };
        if self.smoothing > 0 {
            let h = self.smoothing;
            let raw = by_slot.clone();
            for (i, out) in by_slot.iter_mut().enumerate() {
                let (mut a, mut b) = (0.0, 0.0);
                // Saturating: a half-width near usize::MAX must not
                // overflow (the kernel is then flat over the day).
                let hi = i.saturating_add(h).min(slots.saturating_sub(1));
                for j in i.saturating_sub(h)..=hi {
                    let w =
                        (h.saturating_add(1) - i.abs_diff(j)) as f64 / h.saturating_add(1) as f64;
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
            .map(|(s, n)| shrink(*s, *n, m_slot, overall))
            .collect();
        // Day-type factors (1 without that level).
        let mut m_day = None;
        let factors: Vec<f64> = match self.day_prior {
            None => vec![1.0; types.len()],
            Some(fixed) => {
                let mut expected = vec![(0.0, 0.0); types.len()];
                let mut day_units = vec![];
                for (t, nv, sv) in &window {
                    let k = type_index(t);
                    for ((n, sec), a) in nv.iter().zip(sv.iter()).zip(&slot_aht) {
                        // Seconds without contacts have no expected seconds
                        // to compare with.
                        if *n <= 0.0 {
                            continue;
                        }
                        if let Some(e) = expected.get_mut(k) {
                            e.0 += sec;
                            e.1 += n * a;
                        }
                        // Weights in contacts at the overall AHT.
                        let w = n * a / overall;
                        if w > 0.0 {
                            day_units.push((k, w, sec / (n * a)));
                        }
                    }
                }
                let m = if self.estimated {
                    credibility_prior(&day_units, &vec![1.0; types.len()])
                } else {
                    fixed
                };
                m_day = Some(m);
                expected
                    .iter()
                    .map(|(s, e)| shrink(*s / overall, *e / overall, m, 1.0))
                    .collect()
            }
        };
        let base = |k: usize, s: usize| -> f64 {
            factors.get(k).copied().unwrap_or(1.0) * slot_aht.get(s).copied().unwrap_or(overall)
        };
        let m_cell = if self.estimated {
            let pred: Vec<f64> = (0..cells.len())
                .map(|c| base(c / slots.max(1), c % slots.max(1)))
                .collect();
            credibility_prior(&units(&|k, s| k * slots + s), &pred)
        } else {
            self.cell_prior()
        };
        let profiles: Vec<Vec<f64>> = (0..types.len())
            .map(|k| {
                (0..slots)
                    .map(|s| {
                        let (sec, n) = cells.get(k * slots + s).copied().unwrap_or((0.0, 0.0));
                        shrink(sec, n, m_cell, base(k, s))
                    })
                    .collect()
            })
            .collect();
        let scale = match self.point {
            AhtPoint::Mean => 1.0,
            AhtPoint::WorkloadMedian => {
                let mut ratios = vec![];
                for (t, nv, sv) in &window {
                    if let Some(p) = profiles.get(type_index(t)) {
                        for ((n, sec), mu) in nv.iter().zip(sv.iter()).zip(p) {
                            if *n > 0.0 && *mu > 0.0 {
                                ratios.push((sec / n / mu, n * mu));
                            }
                        }
                    }
                }
                weighted_median(ratios).filter(|c| *c > 0.0).unwrap_or(1.0)
            }
        };
        let factor = level * scale;
        // Finite sums can still overflow in these products (handle seconds
        // near f64::MAX): an error, never an infinite AHT.
        let all_finite = slot_aht
            .iter()
            .chain(profiles.iter().flatten())
            .all(|v| (v * factor).is_finite());
        if !all_finite || !overall.is_finite() {
            return Err(invalid(
                "handle seconds",
                format!("{s_all:e} over {n_all:e} contacts"),
                "small enough that every AHT is finite",
            ));
        }
        let per_type = types
            .into_iter()
            .zip(profiles)
            .map(|(t, p)| (t, p.into_iter().map(|v| v * factor).collect()))
            .collect();
        Ok(FittedHandleTime {
            ctx: handled.context(),
            overall,
            slot_aht: slot_aht.iter().map(|v| v * factor).collect(),
            per_type,
            priors: (m_slot, m_day, m_cell),
            scale,
        })
    }
}

/// A fitted [`HandleTime`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{AhtPoint, Calendar, HandleTime, History};
/// use servops_forecast::chrono_tz::UTC;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // One call an hour for three weeks, of 100 s, 100 s and then 400 s: each
/// // interval of the week averages 200 s, but two calls in three took
/// // half that, so the workload-weighted median ratio is 0.5.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 21)?;
/// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(1.0)), Calendar::new(UTC))?;
/// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 * 14 { 100.0 } else { 400.0 }));
/// let s = History::new(&s, Calendar::new(UTC))?;
/// let monday = "2026-03-23".parse()?;
/// let fitted = HandleTime::new(0.0)?.fit(&n, &s)?;
/// assert!((fitted.overall_aht() - 200.0).abs() < 1e-9);
/// let day = fitted.aht_day(monday)?;
/// assert_eq!(day.len(), 24);
/// assert!(day.iter().all(|a| a.is_some_and(|a| (a - 200.0).abs() < 1e-9)));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedHandleTime {
    ctx: Context,
    overall: f64,
    slot_aht: Vec<f64>,
    per_type: BTreeMap<DayType, Vec<f64>>,
    priors: (f64, Option<f64>, f64),
    scale: f64,
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

    /// The fallback weights used, in contacts: interval of day, day-type
    /// factor (`None` without that level) and interval of week. Fixed
    /// values as configured, or the empirical-Bayes estimates
    /// (`f64::INFINITY`: the coarser level taken whole).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(2.0)), Calendar::new(UTC))?;
    /// let s = History::new(&IntervalSeries::filled(grid, Some(300.0)), Calendar::new(UTC))?;
    /// assert_eq!(HandleTime::new(10.0)?.fit(&n, &s)?.priors(), (10.0, None, 10.0));
    /// // Identical intervals: no between-cell variance, full pooling.
    /// let eb = HandleTime::new(10.0)?.with_estimated_priors().fit(&n, &s)?;
    /// assert_eq!(eb.priors().0, f64::INFINITY);
    /// # Ok(())
    /// # }
    /// ```
    pub fn priors(&self) -> (f64, Option<f64>, f64) {
        self.priors
    }

    /// The factor applied for the point forecast: 1 for
    /// [`AhtPoint::Mean`], the in-sample workload-weighted median ratio for
    /// [`AhtPoint::WorkloadMedian`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AhtPoint, Calendar, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // One interval per day with one 1000 s call, every other with 100 s:
    /// // the mean is pulled up, the workload median is not.
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
    /// let n = History::new(&IntervalSeries::filled(grid.clone(), Some(1.0)), Calendar::new(UTC))?;
    /// let s = IntervalSeries::from_fn(grid, |i, _| Some(if i % 24 == 5 { 1000.0 } else { 100.0 }));
    /// let s = History::new(&s, Calendar::new(UTC))?;
    /// let model = HandleTime::new(1e9)?;
    /// assert_eq!(model.fit(&n, &s)?.point_scale(), 1.0);
    /// let med = model.with_point(AhtPoint::WorkloadMedian).fit(&n, &s)?;
    /// assert!(med.point_scale() < 1.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn point_scale(&self) -> f64 {
        self.scale
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
    /// Open 08:00-20:00: the slots outside the hours have no AHT.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, HandleTime, History, OpeningHours};
    /// use servops_forecast::chrono::Weekday;
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let all = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    /// let cal = Calendar::new(UTC).with_weekday_hours(&all, Some(OpeningHours::new(480, 1200)?));
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 7)?;
    /// let n = History::new(&IntervalSeries::filled(grid, Some(10.0)), cal.clone())?;
    /// let s = History::new(&IntervalSeries::filled(grid, Some(1800.0)), cal)?;
    /// let day = HandleTime::new(30.0)?.fit(&n, &s)?.aht_day("2026-03-09".parse()?)?;
    /// assert_eq!(day[7], None);
    /// assert_eq!(day[8], Some(180.0));
    /// assert_eq!(day[19], Some(180.0));
    /// assert_eq!(day[20], None);
    /// # Ok(())
    /// # }
    /// ```
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
/// An interval with `N = 0` adds nothing and its two AHTs are not read, so
/// an actual AHT computed there as `0 / 0` (NaN) is fine. Every other value
/// is checked: the result is a finite number or `None`, never NaN.
///
/// # Errors
///
/// [`Error::InvalidParameter`] if
/// - the slices differ in length (`slice lengths`);
/// - a handled count is NaN, infinite or negative (`handled`);
/// - where `N > 0`, a forecast or actual AHT is NaN, infinite or negative
///   (`forecast AHT`, `actual AHT`);
/// - either sum overflows to infinity (`weighted AHT sums`).
///
/// The value names the index (`NaN at index 3`).
///
/// # Examples
///
/// ```
/// use servops_forecast::{Error, aht_workload_error};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let e = aht_workload_error(&[200.0, 150.0], &[180.0, 150.0], &[10.0, 0.0])?;
/// assert_eq!(e, Some(20.0 / 180.0));
/// // The AHT of an interval without contacts is not read.
/// let e = aht_workload_error(&[200.0, f64::NAN], &[180.0, f64::NAN], &[10.0, 0.0])?;
/// assert_eq!(e, Some(20.0 / 180.0));
/// // Where contacts were handled, a NaN AHT is an error.
/// let err = aht_workload_error(&[200.0, f64::NAN], &[180.0, 150.0], &[10.0, 5.0]);
/// assert!(matches!(err, Err(Error::InvalidParameter { name: "forecast AHT", .. })));
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
    for (i, ((f, a), n)) in forecast_aht.iter().zip(actual_aht).zip(handled).enumerate() {
        if !(n.is_finite() && *n >= 0.0) {
            return Err(invalid(
                "handled",
                format!("{n} at index {i}"),
                "finite and >= 0",
            ));
        }
        if *n == 0.0 {
            continue;
        }
        for (name, v) in [("forecast AHT", f), ("actual AHT", a)] {
            if !(v.is_finite() && *v >= 0.0) {
                return Err(invalid(
                    name,
                    format!("{v} at index {i}"),
                    "finite and >= 0 where handled > 0",
                ));
            }
        }
        num += n * (f - a).abs();
        den += n * a;
    }
    if !(num.is_finite() && den.is_finite()) {
        return Err(invalid(
            "weighted AHT sums",
            format!("{num} / {den}"),
            "finite (the weighted sums overflow f64)",
        ));
    }
    Ok((den > 0.0).then(|| num / den))
}
