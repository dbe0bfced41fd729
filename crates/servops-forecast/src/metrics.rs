//! Accuracy metrics: WAPE, MAPE, sMAPE, MASE, RMSE and bias.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, SecondsFormat};
use servops_core::IntervalSeries;
use servops_core::chrono_tz::Tz;

use crate::error::{Result, invalid};

/// Accuracy of a forecast against actuals.
///
/// # Formula
///
/// Over the `n` aligned pairs (forecast `F`, actual `A`):
///
/// ```text
/// WAPE  = Σ|F - A| / Σ A
/// MAPE  = mean |F - A| / A          over pairs with A > 0 (others counted in `zero_actuals`)
/// sMAPE = mean 2|F - A| / (|F| + |A|) over pairs not both 0
/// MASE  = mean |F - A| / q          q = in-sample mean absolute seasonal-naive error
/// RMSE  = sqrt(mean (F - A)²)
/// bias  = mean (F - A)              positive: over-forecast
/// ```
///
/// A metric whose denominator is 0 (or that has no pairs) is `None`, never 0
/// or 100 %; so is MASE when the scale `q` is not a finite number > 0 (0,
/// negative, infinite or NaN), since `|F - A| / ∞ = 0` would read as a
/// perfect score. Percentages are fractions (0.08 = 8 %).
///
/// # Examples
///
/// ```
/// use servops_forecast::Accuracy;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let acc = Accuracy::from_pairs(&[110.0, 90.0, 5.0], &[100.0, 100.0, 0.0], Some(10.0))?;
/// assert!((acc.wape.ok_or("wape")? - 25.0 / 200.0).abs() < 1e-12);
/// assert!((acc.mape.ok_or("mape")? - 0.1).abs() < 1e-12);
/// assert_eq!(acc.zero_actuals, 1);
/// assert!((acc.bias.ok_or("bias")? - 5.0 / 3.0).abs() < 1e-12);
/// assert!((acc.mase.ok_or("mase")? - 25.0 / 3.0 / 10.0).abs() < 1e-12);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Hyndman, R. J. & Athanasopoulos, G., *Forecasting: Principles and
/// Practice*, 3rd ed., section 5.8 (MASE and percentage errors).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Accuracy {
    /// Number of pairs.
    pub n: usize,
    /// Sum of the actuals.
    pub sum_actual: f64,
    /// Weighted absolute percentage error.
    pub wape: Option<f64>,
    /// Mean absolute percentage error over pairs with a non-zero actual.
    pub mape: Option<f64>,
    /// Pairs skipped by MAPE because the actual is 0.
    pub zero_actuals: usize,
    /// Symmetric MAPE (in [0, 2]).
    pub smape: Option<f64>,
    /// Mean absolute scaled error.
    pub mase: Option<f64>,
    /// Root mean squared error.
    pub rmse: Option<f64>,
    /// Mean of forecast minus actual.
    pub bias: Option<f64>,
}

/// Running sums from which [`Accuracy`] is computed; add pairs one by one
/// (or from many backtest origins) and pool them.
///
/// # Examples
///
/// ```
/// use servops_forecast::ErrorSums;
/// let mut sums = ErrorSums::new();
/// sums.add(12.0, 10.0);
/// sums.add(8.0, 10.0);
/// let acc = sums.accuracy(None);
/// assert_eq!(acc.wape, Some(0.2));
/// assert_eq!(acc.mase, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ErrorSums {
    n: usize,
    abs: f64,
    sq: f64,
    err: f64,
    actual: f64,
    ape: f64,
    ape_n: usize,
    zero: usize,
    sape: f64,
    sape_n: usize,
}

impl ErrorSums {
    /// Empty sums.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::ErrorSums;
    /// assert_eq!(ErrorSums::new().accuracy(None).wape, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one pair (forecast, actual). Non-finite pairs are ignored.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::ErrorSums;
    /// let mut s = ErrorSums::new();
    /// s.add(1.0, f64::NAN);
    /// assert_eq!(s.accuracy(None).n, 0);
    /// ```
    pub fn add(&mut self, forecast: f64, actual: f64) {
        if !(forecast.is_finite() && actual.is_finite()) {
            return;
        }
        let e = forecast - actual;
        self.n += 1;
        self.abs += e.abs();
        self.sq += e * e;
        self.err += e;
        self.actual += actual;
        if actual != 0.0 {
            self.ape += e.abs() / actual.abs();
            self.ape_n += 1;
        } else {
            self.zero += 1;
        }
        let d = forecast.abs() + actual.abs();
        if d > 0.0 {
            self.sape += 2.0 * e.abs() / d;
            self.sape_n += 1;
        }
    }

    /// Adds every pair of another set of sums.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::ErrorSums;
    /// let mut a = ErrorSums::new();
    /// a.add(2.0, 1.0);
    /// let mut b = ErrorSums::new();
    /// b.merge(&a);
    /// assert_eq!(b, a);
    /// ```
    pub fn merge(&mut self, other: &Self) {
        self.n += other.n;
        self.abs += other.abs;
        self.sq += other.sq;
        self.err += other.err;
        self.actual += other.actual;
        self.ape += other.ape;
        self.ape_n += other.ape_n;
        self.zero += other.zero;
        self.sape += other.sape;
        self.sape_n += other.sape_n;
    }

    /// The metrics; `mase_scale` is the in-sample seasonal-naive MAE. MASE
    /// is `None` without it or when it is not a finite number > 0: a scale
    /// of 0, a negative one, an infinite one and NaN all give `None` (an
    /// infinite scale would otherwise score every forecast a perfect 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::ErrorSums;
    /// let mut s = ErrorSums::new();
    /// s.add(3.0, 1.0);
    /// assert_eq!(s.accuracy(Some(4.0)).mase, Some(0.5));
    /// assert_eq!(s.accuracy(Some(0.0)).mase, None);
    /// assert_eq!(s.accuracy(Some(f64::INFINITY)).mase, None);
    /// ```
    pub fn accuracy(&self, mase_scale: Option<f64>) -> Accuracy {
        let n = self.n as f64;
        let some = |v: f64, ok: bool| if ok && v.is_finite() { Some(v) } else { None };
        Accuracy {
            n: self.n,
            sum_actual: self.actual,
            wape: some(self.abs / self.actual, self.actual > 0.0),
            mape: some(self.ape / self.ape_n as f64, self.ape_n > 0),
            zero_actuals: self.zero,
            smape: some(self.sape / self.sape_n as f64, self.sape_n > 0),
            mase: mase_scale
                .and_then(|q| some(self.abs / n / q, self.n > 0 && q.is_finite() && q > 0.0)),
            rmse: some((self.sq / n).sqrt(), self.n > 0),
            bias: some(self.err / n, self.n > 0),
        }
    }
}

impl Accuracy {
    /// Metrics of paired slices.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if the
    /// lengths differ or a forecast or actual value is not finite. A
    /// `mase_scale` that is not a finite number > 0 is not an error: MASE is
    /// then `None`, as in [`ErrorSums::accuracy`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Accuracy;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let acc = Accuracy::from_pairs(&[0.0], &[0.0], None)?;
    /// assert_eq!(acc.wape, None); // 0 / 0 is undefined
    /// assert!(Accuracy::from_pairs(&[1.0], &[], None).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_pairs(forecast: &[f64], actual: &[f64], mase_scale: Option<f64>) -> Result<Self> {
        if forecast.len() != actual.len() {
            return Err(invalid(
                "actual length",
                actual.len(),
                "equal to the forecast length",
            ));
        }
        let mut s = ErrorSums::new();
        for (f, a) in forecast.iter().zip(actual) {
            if !(f.is_finite() && a.is_finite()) {
                return Err(invalid(
                    "forecast or actual",
                    format!("({f}, {a})"),
                    "finite",
                ));
            }
            s.add(*f, *a);
        }
        Ok(s.accuracy(mase_scale))
    }
}

/// The level at which errors are measured.
///
/// # Examples
///
/// ```
/// use servops_forecast::Level;
/// assert_ne!(Level::Interval, Level::Daily);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Level {
    /// Every interval.
    Interval,
    /// Sums per local date.
    Daily,
    /// Sums per local ISO week.
    Weekly,
}

/// Accuracy of a forecast series against an actual series aligned by
/// timestamp (same grid), at interval, daily or weekly level.
///
/// Intervals with no actual (`None`) are gaps: they are left out of both
/// sides, and the forecast there is not read. Every other interval is one
/// pair at interval level; at daily (weekly) level the forecasts and the
/// actuals of the intervals that are not gaps are summed per local date
/// (local ISO week) and each sum is one pair. The metrics of those pairs
/// are those of [`Accuracy`]; `mase_scale` as in [`ErrorSums::accuracy`].
/// A present value that is NaN or infinite is an error, as in
/// [`Accuracy::from_pairs`], never dropped.
///
/// # Errors
///
/// - [`Error::Core`](crate::Error::Core) if the grids differ.
/// - [`Error::InvalidParameter`](crate::Error::InvalidParameter) named
///   `forecast` or `actual` if a value of an interval that is not a gap is
///   not finite; the value names the interval's start
///   (`NaN at 2026-03-02T05:00:00Z`).
/// - [`Error::InvalidParameter`](crate::Error::InvalidParameter) named
///   `forecast total` or `actual total` if a daily or weekly sum of finite
///   values overflows to infinity; the value names the date or the ISO week
///   (`2026-W10`).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Level, accuracy};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 48)?;
/// let f = IntervalSeries::filled(grid.clone(), 11.0);
/// let a = IntervalSeries::from_fn(grid, |i, _| Some(if i < 24 { 10.0 } else { 12.0 }));
/// let daily = accuracy(&f, &a, Level::Daily, UTC, None)?;
/// assert_eq!(daily.n, 2);
/// assert!((daily.wape.ok_or("wape")? - 48.0 / 528.0).abs() < 1e-12);
///
/// // A missing actual is a gap; a NaN one is an error.
/// let gap = IntervalSeries::from_fn(grid, |i, _| (i != 5).then_some(10.0));
/// assert_eq!(accuracy(&f, &gap, Level::Interval, UTC, None)?.n, 47);
/// let nan = IntervalSeries::from_fn(grid, |i, _| Some(if i == 5 { f64::NAN } else { 10.0 }));
/// assert!(accuracy(&f, &nan, Level::Interval, UTC, None).is_err());
/// # Ok(())
/// # }
/// ```
pub fn accuracy(
    forecast: &IntervalSeries<f64>,
    actual: &IntervalSeries<Option<f64>>,
    level: Level,
    tz: Tz,
    mase_scale: Option<f64>,
) -> Result<Accuracy> {
    forecast.grid().ensure_matches(actual.grid())?;
    let grid = forecast.grid();
    let mut sums = ErrorSums::new();
    let mut groups: BTreeMap<(i32, u32), (f64, f64)> = BTreeMap::new();
    for (i, (f, a)) in forecast.values().iter().zip(actual.values()).enumerate() {
        let Some(a) = a else { continue };
        for (name, v) in [("forecast", *f), ("actual", *a)] {
            if !v.is_finite() {
                let at = grid.interval_start(i).map_or_else(
                    || format!("interval {i}"),
                    |t| t.to_rfc3339_opts(SecondsFormat::Secs, true),
                );
                return Err(invalid(name, format!("{v} at {at}"), "finite"));
            }
        }
        match level {
            Level::Interval => sums.add(*f, *a),
            Level::Daily | Level::Weekly => {
                let Some(date) = grid.local_date(i, tz) else {
                    continue;
                };
                let key = if level == Level::Daily {
                    (date.year(), date.ordinal())
                } else {
                    let w = date.iso_week();
                    (w.year(), w.week())
                };
                let g = groups.entry(key).or_insert((0.0, 0.0));
                g.0 += f;
                g.1 += a;
            }
        }
    }
    for (&(year, number), &(f, a)) in &groups {
        for (name, v) in [("forecast total", f), ("actual total", a)] {
            if !v.is_finite() {
                let period = if level == Level::Daily {
                    NaiveDate::from_yo_opt(year, number)
                        .map_or_else(|| format!("{year} day {number}"), |d| d.to_string())
                } else {
                    format!("{year}-W{number:02}")
                };
                return Err(invalid(
                    name,
                    format!("{v} for {period}"),
                    "finite (the sum of the period overflows f64)",
                ));
            }
        }
        sums.add(f, a);
    }
    Ok(sums.accuracy(mase_scale))
}
