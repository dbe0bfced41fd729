//! Over-dispersed Poisson (negative binomial) quantiles of interval counts.

use crate::backtest::BacktestReport;
use crate::error::{Result, invalid};

/// Negative binomial (Poisson-gamma) predictive distribution of an interval
/// count around a point forecast `μ`: `Var = μ + φ μ²`.
///
/// `φ` is the squared coefficient of variation of the arrival rate around
/// the forecast (0: pure Poisson). On contact-centre data it is mostly a
/// whole-day level effect; estimate it from backtest residuals with
/// [`NegativeBinomial::from_backtest`].
///
/// # Formula
///
/// `P(N = k) = Γ(k + r) / (Γ(r) k!) (r / (r + μ))^r (μ / (r + μ))^k`,
/// `r = 1 / φ`. The quantile `q_p` is the least `k` with `P(N <= k) >= p`,
/// summed exactly from the mode outwards (Poisson when `φ = 0`).
///
/// # Accuracy
///
/// The cumulative sums are exact to about 1e-12; quantiles are integers.
///
/// # Examples
///
/// ```
/// use servops_forecast::NegativeBinomial;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let poisson = NegativeBinomial::new(0.0)?;
/// assert_eq!(poisson.quantile(2.0, 0.5)?, 2.0); // Poisson(2): P(N <= 1) = 0.406, P(N <= 2) = 0.677
/// let nb = NegativeBinomial::new(0.05)?;
/// assert!(nb.quantile(100.0, 0.9)? > poisson.quantile(100.0, 0.9)?);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Taylor, J. W. (2012), "Density forecasting of intraday call center
/// arrivals using models based on exponential smoothing", *Management
/// Science* 58(3), 534-549; Avramidis, Deslauriers & L'Ecuyer (2004),
/// *Management Science* 50(7) (doubly stochastic Poisson arrivals).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NegativeBinomial {
    phi: f64,
}

impl NegativeBinomial {
    /// A predictive distribution with dispersion `φ >= 0`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `φ` is finite and >= 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::NegativeBinomial;
    /// assert!(NegativeBinomial::new(-0.1).is_err());
    /// ```
    pub fn new(phi: f64) -> Result<Self> {
        if !(phi.is_finite() && phi >= 0.0) {
            return Err(invalid("dispersion", phi, "finite and >= 0"));
        }
        Ok(Self { phi })
    }

    /// Method-of-moments dispersion from backtest residuals:
    /// `φ = max(0, Σ((A - F)² - F) / Σ F²)` over every test interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, Calendar, History, NegativeBinomial, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let r = Backtest::rolling(7, 7, 2)?.run(&AnyMethod::from(WeightedIndex::new(4)?), &h)?;
    /// assert_eq!(NegativeBinomial::from_backtest(&r).dispersion(), 0.0); // under-dispersed: clipped
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_backtest(report: &BacktestReport) -> Self {
        let (mut num, mut den) = (0.0, 0.0);
        for d in &report.days {
            for (f, a) in d.forecast.iter().zip(&d.actual) {
                num += (a - f) * (a - f) - f;
                den += f * f;
            }
        }
        let phi = if den > 0.0 { (num / den).max(0.0) } else { 0.0 };
        Self {
            phi: if phi.is_finite() { phi } else { 0.0 },
        }
    }

    /// Dispersion calibrated on backtest residuals so that the central
    /// `coverage` intervals cover that share of the backtest's actuals: the
    /// `φ` in [0, 4] found by bisection on `log(1 + φ)` (coverage grows with
    /// `φ`). Robust where [`from_backtest`](Self::from_backtest)'s moment
    /// estimate is driven by a few large errors.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `0 < coverage < 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, Calendar, History, NegativeBinomial, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let r = Backtest::rolling(7, 7, 2)?.run(&AnyMethod::from(WeightedIndex::new(4)?), &h)?;
    /// assert_eq!(NegativeBinomial::calibrated(&r, 0.9)?.dispersion(), 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn calibrated(report: &BacktestReport, coverage: f64) -> Result<Self> {
        if !(coverage > 0.0 && coverage < 1.0) {
            return Err(invalid("coverage", coverage, "in (0, 1)"));
        }
        let at =
            |phi: f64| -> Result<Option<bool>> { Self { phi }.covers_at_least(report, coverage) };
        if at(0.0)?.is_none_or(|c| c) {
            return Ok(Self { phi: 0.0 });
        }
        let (mut lo, mut hi) = (0.0f64, 4.0f64.ln_1p());
        for _ in 0..24 {
            let mid = 0.5 * (lo + hi);
            if at(mid.exp_m1())?.is_some_and(|c| c) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(Self { phi: hi.exp_m1() })
    }

    /// The dispersion `φ`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::NegativeBinomial;
    /// assert_eq!(NegativeBinomial::new(0.01)?.dispersion(), 0.01);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn dispersion(&self) -> f64 {
        self.phi
    }

    /// `P(N = k + 1) / P(N = k)`.
    fn ratio_up(&self, k: f64, mu: f64) -> f64 {
        if self.phi <= 1e-12 {
            mu / (k + 1.0)
        } else {
            let r = 1.0 / self.phi;
            (k + r) / (k + 1.0) * (mu / (r + mu))
        }
    }

    /// Relative pmf weights `P(k) / P(mode)` for `k` in `lo..=hi`.
    fn pmf_window(&self, mean: f64, lo: f64, hi: f64) -> Vec<f64> {
        let mode = mean.floor().clamp(lo, hi);
        let n = (hi - lo) as usize + 1;
        let m = (mode - lo) as usize;
        let mut w = vec![0.0; n];
        if let Some(x) = w.get_mut(m) {
            *x = 1.0;
        }
        for i in (m + 1)..n {
            let k = lo + (i - 1) as f64;
            let prev = w.get(i - 1).copied().unwrap_or(0.0);
            if let Some(x) = w.get_mut(i) {
                *x = prev * self.ratio_up(k, mean);
            }
        }
        for i in (0..m).rev() {
            let k = lo + i as f64;
            let next = w.get(i + 1).copied().unwrap_or(0.0);
            let r = self.ratio_up(k, mean);
            if let Some(x) = w.get_mut(i) {
                *x = if r > 0.0 { next / r } else { 0.0 };
            }
        }
        w
    }

    /// The `p` quantile of the count given the point forecast `mean`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `mean` is finite and >= 0 and `0 < p < 1`, or when the distribution
    /// is too wide to sum exactly (its central window spans more than 4e6
    /// counts: means beyond about 1e5 at dispersion 1, 1e6 at 0.01).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::NegativeBinomial;
    /// let nb = NegativeBinomial::new(0.0)?;
    /// assert_eq!(nb.quantile(0.0, 0.99)?, 0.0);
    /// assert!(nb.quantile(1.0, 1.0).is_err());
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn quantile(&self, mean: f64, p: f64) -> Result<f64> {
        Ok(self.quantile_pair(mean, p, p)?.0)
    }

    /// The `p1` and `p2` quantiles (`p1 <= p2`) from one pass over one pmf
    /// window: the same sums as two calls of [`quantile`](Self::quantile).
    fn quantile_pair(&self, mean: f64, p1: f64, p2: f64) -> Result<(f64, f64)> {
        if !(mean.is_finite() && mean >= 0.0) {
            return Err(invalid("mean", mean, "finite and >= 0"));
        }
        for p in [p1, p2] {
            if !(p > 0.0 && p < 1.0) {
                return Err(invalid("probability", p, "in (0, 1)"));
            }
        }
        if mean == 0.0 {
            return Ok((0.0, 0.0));
        }
        let var = mean + self.phi * mean * mean;
        let sd = var.sqrt();
        // Sum the pmf over a window that holds all but ~1e-15 of the mass.
        let lo = (mean - 12.0 * sd - 10.0).max(0.0).floor();
        let hi = (mean + 40.0 * sd + 20.0).ceil();
        check_window(mean, lo, hi)?;
        let w = self.pmf_window(mean, lo, hi);
        let total: f64 = w.iter().sum();
        let (t1, t2) = (p1 * total, p2 * total);
        let mut q1 = None;
        let mut acc = 0.0;
        for (i, wi) in w.iter().enumerate() {
            acc += wi;
            if q1.is_none() && acc >= t1 {
                q1 = Some(lo + i as f64);
            }
            if acc >= t2 {
                return Ok((q1.unwrap_or(hi), lo + i as f64));
            }
        }
        Ok((q1.unwrap_or(hi), hi))
    }

    /// The central prediction interval holding `coverage` (for example 0.9)
    /// as `(lower, upper)` quantiles at `(1 ∓ coverage) / 2`.
    ///
    /// # Errors
    ///
    /// As [`quantile`](Self::quantile), with `0 < coverage < 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::NegativeBinomial;
    /// let (lo, hi) = NegativeBinomial::new(0.0)?.interval(100.0, 0.95)?;
    /// assert!(lo < 100.0 && hi > 100.0);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn interval(&self, mean: f64, coverage: f64) -> Result<(f64, f64)> {
        if !(coverage > 0.0 && coverage < 1.0) {
            return Err(invalid("coverage", coverage, "in (0, 1)"));
        }
        let a = (1.0 - coverage) / 2.0;
        self.quantile_pair(mean, a, 1.0 - a)
    }

    /// Empirical coverage of the central `coverage` intervals over the test
    /// days of a backtest: the share of intervals whose actual lies in
    /// `[lower, upper]`; `None` without test intervals.
    ///
    /// # Errors
    ///
    /// As [`interval`](Self::interval).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, Calendar, History, NegativeBinomial, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let r = Backtest::rolling(7, 7, 2)?.run(&AnyMethod::from(WeightedIndex::new(4)?), &h)?;
    /// assert_eq!(NegativeBinomial::new(0.0)?.coverage(&r, 0.9)?, Some(1.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn coverage(&self, report: &BacktestReport, coverage: f64) -> Result<Option<f64>> {
        let (mut inside, mut n) = (0usize, 0usize);
        for d in &report.days {
            for (f, a) in d.forecast.iter().zip(&d.actual) {
                n += 1;
                if self.covers(*f, *a, coverage)? {
                    inside += 1;
                }
            }
        }
        Ok((n > 0).then(|| inside as f64 / n as f64))
    }

    /// Whether `coverage(report, coverage) >= coverage`, stopping as soon
    /// as the answer is known (`None` without points).
    fn covers_at_least(&self, report: &BacktestReport, coverage: f64) -> Result<Option<bool>> {
        let n: usize = report
            .days
            .iter()
            .map(|d| d.forecast.len().min(d.actual.len()))
            .sum();
        if n == 0 {
            return Ok(None);
        }
        let (mut inside, mut seen) = (0usize, 0usize);
        for d in &report.days {
            for (f, a) in d.forecast.iter().zip(&d.actual) {
                // The same test as `inside as f64 / n as f64 >= coverage`.
                if inside as f64 / n as f64 >= coverage {
                    return Ok(Some(true));
                }
                if ((inside + (n - seen)) as f64 / n as f64) < coverage {
                    return Ok(Some(false));
                }
                seen += 1;
                if self.covers(*f, *a, coverage)? {
                    inside += 1;
                }
            }
        }
        Ok(Some(inside as f64 / n as f64 >= coverage))
    }

    /// Whether `a` lies in [`interval`](Self::interval)`(mean, coverage)`:
    /// both quantiles from one pass over one pmf window (the same sums as
    /// two calls of [`quantile`](Self::quantile)).
    fn covers(&self, mean: f64, a: f64, coverage: f64) -> Result<bool> {
        let (q_lo, q_hi) = self.interval(mean, coverage)?;
        Ok(q_lo <= a && a <= q_hi)
    }
}

/// Largest summation window (counts) the exact quantiles accept.
const MAX_WINDOW: f64 = 4e6;

fn check_window(mean: f64, lo: f64, hi: f64) -> Result<()> {
    if hi - lo > MAX_WINDOW {
        return Err(invalid(
            "mean",
            mean,
            "small enough that the distribution spans at most 4e6 counts (about mean 1e5 at dispersion 1)",
        ));
    }
    Ok(())
}

/// Standard normal quantiles at (j + 0.5) / 16, j = 0..16.
const Z16: [f64; 16] = [
    -1.862731867422,
    -1.318010897304,
    -1.00999016925,
    -0.776421761148,
    -0.579132162256,
    -0.402250065322,
    -0.237202109329,
    -0.078412412733,
    0.078412412733,
    0.237202109329,
    0.402250065322,
    0.579132162256,
    0.776421761148,
    1.00999016925,
    1.318010897304,
    1.862731867422,
];

/// Predictive distribution of an interval count with a whole-day level
/// effect: `N | L ~ NB(mean L μ, dispersion ψ)`, with the day level `L`
/// log-normal, mean 1, variance `τ²`, shared by every interval of the day.
///
/// Arrival counts vary far more than Poisson, mostly through a whole-day
/// "busyness" level; a mixture over that level has heavier tails than a
/// negative binomial with the same variance, so its central intervals are
/// narrower and its outer ones wider.
///
/// # Formula
///
/// `P(N <= k) = (1/16) Σ_j F_NB(k; μ L_j, ψ)`, `L_j = e^{σ z_j} / mean_j e^{σ z_j}`,
/// `σ² = ln(1 + τ²)`, `z_j` the standard normal quantiles at `(j + ½)/16`.
///
/// # Accuracy
///
/// The 16-point quadrature of the day level makes the tails beyond its
/// extreme points (about ±1.9 σ) slightly light; quantiles are integers.
///
/// # Examples
///
/// ```
/// use servops_forecast::{DayLevelNegativeBinomial, NegativeBinomial};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mix = DayLevelNegativeBinomial::new(0.0, 0.0)?;
/// assert_eq!(mix.quantile(2.0, 0.5)?, NegativeBinomial::new(0.0)?.quantile(2.0, 0.5)?);
/// let wide = DayLevelNegativeBinomial::new(0.01, 0.002)?;
/// assert!(wide.quantile(200.0, 0.95)? > mix.quantile(200.0, 0.95)?);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Avramidis, Deslauriers & L'Ecuyer (2004), "Modeling daily arrivals to a
/// telephone call center", *Management Science* 50(7) (busyness factor);
/// Weinberg, Brown & Stroud (2007), *JASA* 102(480).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayLevelNegativeBinomial {
    levels: [f64; 16],
    within: NegativeBinomial,
    tau2: f64,
}

impl DayLevelNegativeBinomial {
    /// A mixture with day-level variance `τ²` and within-day dispersion `ψ`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// both are finite and >= 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DayLevelNegativeBinomial;
    /// assert!(DayLevelNegativeBinomial::new(-1.0, 0.0).is_err());
    /// ```
    pub fn new(day_level_variance: f64, within_day_dispersion: f64) -> Result<Self> {
        if !(day_level_variance.is_finite() && day_level_variance >= 0.0) {
            return Err(invalid(
                "day-level variance",
                day_level_variance,
                "finite and >= 0",
            ));
        }
        let within = NegativeBinomial::new(within_day_dispersion)?;
        let sigma = day_level_variance.ln_1p().sqrt();
        let mut levels = Z16.map(|z| (sigma * z).exp());
        let mean = levels.iter().sum::<f64>() / 16.0;
        levels.iter_mut().for_each(|l| *l /= mean);
        Ok(Self {
            levels,
            within,
            tau2: day_level_variance,
        })
    }

    /// `τ²` from the backtest's daily totals and `ψ` from the interval
    /// residuals left after it (as [`Reforecast::from_backtest`](crate::Reforecast::from_backtest)).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, Calendar, DayLevelNegativeBinomial, History, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let r = Backtest::rolling(7, 7, 2)?.run(&AnyMethod::from(WeightedIndex::new(4)?), &h)?;
    /// assert_eq!(DayLevelNegativeBinomial::from_backtest(&r).day_level_variance(), 0.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_backtest(report: &BacktestReport) -> Self {
        let r = crate::Reforecast::from_backtest(report);
        Self::new(r.day_level_variance(), r.within_day_noise()).unwrap_or(Self {
            levels: [1.0; 16],
            within: NegativeBinomial { phi: 0.0 },
            tau2: 0.0,
        })
    }

    /// `τ²`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DayLevelNegativeBinomial;
    /// assert_eq!(DayLevelNegativeBinomial::new(0.01, 0.0)?.day_level_variance(), 0.01);
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
    /// use servops_forecast::DayLevelNegativeBinomial;
    /// assert_eq!(DayLevelNegativeBinomial::new(0.01, 0.002)?.within_day_dispersion(), 0.002);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn within_day_dispersion(&self) -> f64 {
        self.within.phi
    }

    /// The `p` quantile of the count given the point forecast `mean`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `mean` is finite and >= 0 and `0 < p < 1`, or when the distribution
    /// is too wide to sum exactly (its central window spans more than 4e6
    /// counts: means beyond about 1e5 at dispersion 1, 1e6 at 0.01).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DayLevelNegativeBinomial;
    /// let m = DayLevelNegativeBinomial::new(0.01, 0.0)?;
    /// assert!(m.quantile(100.0, 0.1)? < m.quantile(100.0, 0.9)?);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn quantile(&self, mean: f64, p: f64) -> Result<f64> {
        let (a, _) = self.quantiles(mean, p, p)?;
        Ok(a)
    }

    fn quantiles(&self, mean: f64, p1: f64, p2: f64) -> Result<(f64, f64)> {
        if !(mean.is_finite() && mean >= 0.0) {
            return Err(invalid("mean", mean, "finite and >= 0"));
        }
        for p in [p1, p2] {
            if !(p > 0.0 && p < 1.0) {
                return Err(invalid("probability", p, "in (0, 1)"));
            }
        }
        if mean == 0.0 {
            return Ok((0.0, 0.0));
        }
        let phi = self.within.phi;
        let (lmin, lmax) = (self.levels[0], self.levels[15]);
        let sd = |m: f64| (m + phi * m * m).sqrt();
        let lo = (mean * lmin - 12.0 * sd(mean * lmin) - 10.0)
            .max(0.0)
            .floor();
        let hi = (mean * lmax + 40.0 * sd(mean * lmax) + 20.0).ceil();
        check_window(mean, lo, hi)?;
        let n = (hi - lo) as usize + 1;
        let mut mix = vec![0.0; n];
        for l in self.levels {
            let w = self.within.pmf_window(mean * l, lo, hi);
            let total: f64 = w.iter().sum();
            if total > 0.0 {
                mix.iter_mut().zip(&w).for_each(|(m, x)| *m += x / total);
            }
        }
        let total: f64 = mix.iter().sum();
        let find = |p: f64| {
            let target = p * total;
            let mut acc = 0.0;
            for (i, x) in mix.iter().enumerate() {
                acc += x;
                if acc >= target {
                    return lo + i as f64;
                }
            }
            hi
        };
        Ok((find(p1), find(p2)))
    }

    /// The central interval holding `coverage`, as `(lower, upper)`.
    ///
    /// # Errors
    ///
    /// As [`quantile`](Self::quantile), with `0 < coverage < 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DayLevelNegativeBinomial;
    /// let (lo, hi) = DayLevelNegativeBinomial::new(0.005, 0.001)?.interval(150.0, 0.8)?;
    /// assert!(lo < 150.0 && 150.0 < hi);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn interval(&self, mean: f64, coverage: f64) -> Result<(f64, f64)> {
        let a = (1.0 - coverage) / 2.0;
        self.quantiles(mean, a, 1.0 - a)
    }

    /// Empirical coverage of the central `coverage` intervals over a
    /// backtest's test intervals; `None` without any.
    ///
    /// # Errors
    ///
    /// As [`interval`](Self::interval).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{AnyMethod, Backtest, Calendar, DayLevelNegativeBinomial, History, WeightedIndex};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 42)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(5.0)), Calendar::new(UTC))?;
    /// let r = Backtest::rolling(7, 7, 2)?.run(&AnyMethod::from(WeightedIndex::new(4)?), &h)?;
    /// assert_eq!(DayLevelNegativeBinomial::new(0.0, 0.0)?.coverage(&r, 0.9)?, Some(1.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn coverage(&self, report: &BacktestReport, coverage: f64) -> Result<Option<f64>> {
        let (mut inside, mut n) = (0usize, 0usize);
        for d in &report.days {
            for (f, a) in d.forecast.iter().zip(&d.actual) {
                let (lo, hi) = self.interval(*f, coverage)?;
                n += 1;
                if lo <= *a && *a <= hi {
                    inside += 1;
                }
            }
        }
        Ok((n > 0).then(|| inside as f64 / n as f64))
    }
}
