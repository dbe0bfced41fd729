//! Intraday reforecast: rescale the rest of the day by today's actuals.

use crate::backtest::BacktestReport;
use crate::error::{Result, invalid};

/// Intraday reforecast: given the actuals of the intervals completed so far
/// today, rescale the rest of the day by the actual-to-forecast ratio
/// shrunk toward 1 by its sampling noise.
///
/// # Formula
///
/// With `A` and `F` the actual and forecast totals of the completed
/// intervals, `r = A / F`. The day's level factor `L` has prior mean 1 and
/// variance `τ²` (the day-level variance); given `L`, `r` has sampling
/// variance `v = 1/F + ψ Σ f_i² / F²` (Poisson noise plus independent
/// within-day noise of squared CV `ψ`). The posterior-mean factor is
///
/// ```text
/// L̂ = 1 + τ² / (τ² + v) · (r - 1)
/// ```
///
/// and the remaining intervals are forecast `L̂ f`. With `τ² → ∞` this is the
/// plain ratio method; with little volume so far `L̂ → 1`.
///
/// # Examples
///
/// ```
/// use servops_forecast::Reforecast;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let r = Reforecast::new(0.01, 0.0)?;
/// // 10 % above forecast on 1,000 calls so far: v = 0.001, so 0.01 / 0.011 of the gap is kept.
/// let factor = r.factor(&[500.0, 500.0], &[550.0, 550.0])?;
/// assert!((factor - (1.0 + 0.1 * 0.01 / 0.011)).abs() < 1e-12);
/// let rest = r.update(&[500.0, 500.0, 400.0], &[550.0, 550.0])?;
/// assert!((rest[2] - 400.0 * factor).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Shen, H. & Huang, J. Z. (2008), "Interday forecasting and intraday
/// updating of call center arrivals", *M&SOM* 10(3), 391-410; Weinberg,
/// Brown & Stroud (2007), *JASA* 102(480) (a random day level times an
/// intraday profile).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reforecast {
    tau2: f64,
    psi: f64,
    half_life: Option<f64>,
}

impl Reforecast {
    /// A reforecast with day-level variance `τ²` and within-day noise `ψ`
    /// (squared coefficients of variation).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// both are finite and >= 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// assert!(Reforecast::new(f64::NAN, 0.0).is_err());
    /// ```
    pub fn new(day_level_variance: f64, within_day_noise: f64) -> Result<Self> {
        for (name, v) in [
            ("day-level variance", day_level_variance),
            ("within-day noise", within_day_noise),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(name, v, "finite and >= 0"));
            }
        }
        Ok(Self {
            tau2: day_level_variance,
            psi: within_day_noise,
            half_life: None,
        })
    }

    /// The plain ratio method (no shrinkage).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// assert_eq!(Reforecast::plain_ratio().factor(&[10.0], &[12.0])?, 1.2);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn plain_ratio() -> Self {
        Self {
            tau2: f64::INFINITY,
            psi: 0.0,
            half_life: None,
        }
    }

    /// Estimates `τ²` and `ψ` from backtest residuals: `τ²` from the daily
    /// totals, `τ² = max(0, Σ((A_d - F_d)² - F_d) / Σ F_d²)`, and `ψ` as the
    /// interval dispersion left after it.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, Calendar, History, Reforecast, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let r = Backtest::rolling(7, 7, 2)?.run(&AnyMethod::from(WeightedIndex::new(4)?), &h)?;
    /// assert_eq!(Reforecast::from_backtest(&r).day_level_variance(), 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_backtest(report: &BacktestReport) -> Self {
        let (mut num, mut den) = (0.0, 0.0);
        let (mut inum, mut iden) = (0.0, 0.0);
        for d in &report.days {
            let f: f64 = d.forecast.iter().sum();
            let a: f64 = d.actual.iter().sum();
            num += (a - f) * (a - f) - f;
            den += f * f;
            for (fi, ai) in d.forecast.iter().zip(&d.actual) {
                inum += (ai - fi) * (ai - fi) - fi;
                iden += fi * fi;
            }
        }
        let tau2 = if den > 0.0 { (num / den).max(0.0) } else { 0.0 };
        let phi = if iden > 0.0 {
            (inum / iden).max(0.0)
        } else {
            0.0
        };
        Self {
            tau2: if tau2.is_finite() { tau2 } else { 0.0 },
            psi: if phi.is_finite() {
                (phi - tau2).max(0.0)
            } else {
                0.0
            },
            half_life: None,
        }
    }

    /// Weights the completed intervals by recency: the interval `j` steps
    /// before the latest counts `0.5^(j / half_life)`, because the day's level
    /// drifts within the day. `A`, `F` and `v` then use the weighted sums
    /// (`v = Σ w² f / F_w² + ψ Σ w² f² / F_w²`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// the half-life is finite and > 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// let r = Reforecast::plain_ratio().with_half_life(1.0)?;
    /// // Weights 0.5 and 1: (0.5 * 10 + 20) / (0.5 * 10 + 10)
    /// assert!((r.factor(&[10.0, 10.0], &[10.0, 20.0])? - 25.0 / 15.0).abs() < 1e-12);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn with_half_life(mut self, intervals: f64) -> Result<Self> {
        if !(intervals.is_finite() && intervals > 0.0) {
            return Err(invalid("half-life", intervals, "finite and > 0 intervals"));
        }
        self.half_life = Some(intervals);
        Ok(self)
    }

    /// `τ²`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// assert_eq!(Reforecast::new(0.005, 0.002)?.day_level_variance(), 0.005);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn day_level_variance(&self) -> f64 {
        self.tau2
    }

    /// `ψ`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// assert_eq!(Reforecast::new(0.005, 0.002)?.within_day_noise(), 0.002);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn within_day_noise(&self) -> f64 {
        self.psi
    }

    /// The half-life in intervals of the recency weighting, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// assert_eq!(Reforecast::new(0.01, 0.0)?.with_half_life(8.0)?.half_life(), Some(8.0));
    /// assert_eq!(Reforecast::plain_ratio().half_life(), None);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn half_life(&self) -> Option<f64> {
        self.half_life
    }

    /// The shrunk level factor `L̂` from the completed intervals' forecasts
    /// and actuals (1 when the forecast so far is 0).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if the
    /// slices differ in length, or a value is not finite and >= 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// assert_eq!(Reforecast::new(0.01, 0.0)?.factor(&[0.0], &[3.0])?, 1.0);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn factor(&self, forecast_so_far: &[f64], actual_so_far: &[f64]) -> Result<f64> {
        if forecast_so_far.len() != actual_so_far.len() {
            return Err(invalid(
                "actuals so far",
                actual_so_far.len(),
                "as many as the forecast intervals so far",
            ));
        }
        let (mut f, mut a, mut wf, mut f2) = (0.0, 0.0, 0.0, 0.0);
        let n = forecast_so_far.len();
        for (j, (x, y)) in forecast_so_far.iter().zip(actual_so_far).enumerate() {
            if !(x.is_finite() && *x >= 0.0 && y.is_finite() && *y >= 0.0) {
                return Err(invalid(
                    "forecast or actual",
                    format!("({x}, {y})"),
                    "finite and >= 0",
                ));
            }
            let w = self
                .half_life
                .map_or(1.0, |h| 0.5f64.powf((n - 1 - j) as f64 / h));
            f += w * x;
            a += w * y;
            wf += w * w * x;
            f2 += w * w * x * x;
        }
        if f <= 0.0 {
            return Ok(1.0);
        }
        let r = a / f;
        if self.tau2.is_infinite() {
            return Ok(r);
        }
        let v = wf / (f * f) + self.psi * f2 / (f * f);
        let k = if self.tau2 + v > 0.0 {
            self.tau2 / (self.tau2 + v)
        } else {
            0.0
        };
        Ok(1.0 + k * (r - 1.0))
    }

    /// The day's forecast with the remaining intervals (after the
    /// `actual_so_far.len()` completed ones) rescaled by [`factor`](Self::factor);
    /// the completed intervals keep their original forecast.
    ///
    /// # Errors
    ///
    /// As [`factor`](Self::factor), if more actuals than forecast
    /// intervals are given, and if a remaining forecast value is not finite
    /// and >= 0 (it would have been scaled into the output as it was).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Reforecast;
    /// let out = Reforecast::plain_ratio().update(&[10.0, 10.0], &[20.0])?;
    /// assert_eq!(out, vec![10.0, 20.0]);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn update(&self, forecast_day: &[f64], actual_so_far: &[f64]) -> Result<Vec<f64>> {
        let n = actual_so_far.len();
        let done = forecast_day.get(..n).ok_or_else(|| {
            invalid(
                "actuals so far",
                n,
                "at most the number of forecast intervals",
            )
        })?;
        let k = self.factor(done, actual_so_far)?;
        if let Some(x) = forecast_day
            .get(n..)
            .and_then(|rest| rest.iter().find(|x| !(x.is_finite() && **x >= 0.0)))
        {
            return Err(invalid("forecast", x, "finite and >= 0"));
        }
        Ok(forecast_day
            .iter()
            .enumerate()
            .map(|(i, f)| if i < n { *f } else { f * k })
            .collect())
    }
}
