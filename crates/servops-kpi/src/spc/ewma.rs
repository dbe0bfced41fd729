//! Exponentially weighted moving average (EWMA) chart and its average run
//! length.

use crate::qa::normal::upper_tail;
use crate::spc::series::{ChartSeries, ControlLimits, finite, invalid};
use crate::spc::variables::XmrChart;
use crate::{Error, Result};

/// Number of states of the Markov chain behind [`EwmaDesign::arl`] (odd, so
/// that the middle state is centred on the target).
const ARL_STATES: usize = 401;

/// The design of an EWMA chart: the smoothing constant `λ` and the width
/// `L` of the limits in standard errors of the EWMA statistic.
///
/// Small `λ` (0.05 to 0.25) average over many points and find small
/// sustained shifts; `λ = 1` is the individuals chart with limits `μ0 ± Lσ`.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::EwmaDesign;
///
/// let d = EwmaDesign::new(0.1, 2.814)?;
/// assert_eq!((d.lambda(), d.width()), (0.1, 2.814));
/// assert!(EwmaDesign::new(0.0, 3.0).is_err()); // λ must be in (0, 1]
/// assert!(EwmaDesign::new(0.2, -1.0).is_err()); // L must be > 0
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Serialised (feature `serde`) as `{"lambda", "width"}`; deserialising
/// goes through [`EwmaDesign::new`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "EwmaDesignRepr")
)]
pub struct EwmaDesign {
    lambda: f64,
    width: f64,
}

impl EwmaDesign {
    /// A design with smoothing constant `lambda` and limit width `width` (L).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `lambda` is not in `(0, 1]` or
    /// `width` is not finite and `> 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{Error, spc::EwmaDesign};
    ///
    /// assert!(EwmaDesign::new(1.0, 3.0).is_ok());
    /// assert!(matches!(
    ///     EwmaDesign::new(1.5, 3.0),
    ///     Err(Error::InvalidParameter { name: "lambda", .. })
    /// ));
    /// assert!(EwmaDesign::new(0.1, f64::INFINITY).is_err());
    /// ```
    pub fn new(lambda: f64, width: f64) -> Result<Self> {
        if !(lambda > 0.0 && lambda <= 1.0) {
            return Err(invalid("lambda", lambda, "in (0, 1]"));
        }
        if !(width.is_finite() && width > 0.0) {
            return Err(invalid("L (limit width)", width, "finite and > 0"));
        }
        Ok(Self { lambda, width })
    }

    /// The smoothing constant `λ`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::spc::EwmaDesign::new(0.2, 3.0)?.lambda(), 0.2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// The limit width `L`, in standard errors of the EWMA statistic.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::spc::EwmaDesign::new(0.2, 3.0)?.width(), 3.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn width(&self) -> f64 {
        self.width
    }

    /// The standard error of the EWMA statistic after `i` observations, in
    /// units of the process `σ`: `sqrt(λ/(2−λ) · (1 − (1−λ)^{2i}))`.
    ///
    /// 0 for `i = 0` (`z_0 = μ0` is fixed); rises with `i` to the
    /// asymptote `sqrt(λ/(2−λ))` ([`EwmaDesign::asymptotic_sigma_factor`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::EwmaDesign;
    ///
    /// let d = EwmaDesign::new(0.1, 2.7)?;
    /// assert!((d.sigma_factor(1) - 0.1).abs() < 1e-15); // sqrt(λ²) = λ
    /// assert!(d.sigma_factor(5) < d.sigma_factor(6));
    /// assert!((d.sigma_factor(1000) - d.asymptotic_sigma_factor()).abs() < 1e-15);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn sigma_factor(&self, i: usize) -> f64 {
        let lam = self.lambda;
        // 1 − (1−λ)^{2i} = −expm1(2i · ln(1−λ)), exact for small λ; λ = 1
        // gives ln 0 = −∞ and a factor of 1 (i ≥ 1).
        let decay = if i == 0 {
            0.0
        } else {
            -((2.0 * i as f64) * (-lam).ln_1p()).exp_m1()
        };
        (lam / (2.0 - lam) * decay).sqrt()
    }

    /// The asymptotic standard error factor `sqrt(λ/(2−λ))`.
    ///
    /// # Examples
    ///
    /// ```
    /// let d = servops_kpi::spc::EwmaDesign::new(1.0, 3.0)?;
    /// assert_eq!(d.asymptotic_sigma_factor(), 1.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn asymptotic_sigma_factor(&self) -> f64 {
        (self.lambda / (2.0 - self.lambda)).sqrt()
    }

    /// The average run length (the mean number of points up to and
    /// including the first beyond a limit) when the mean has shifted by
    /// `shift` process standard deviations from the target (0: in control),
    /// the EWMA starting at the target.
    ///
    /// # Formula
    ///
    /// The Markov-chain method of Lucas and Saccucci (1990): the in-control
    /// band `(−h, h)` of the standardised statistic, `h = L sqrt(λ/(2−λ))`
    /// (the asymptotic limits, as in their tables), is cut into 401 equal
    /// states; from the centre `c_i` of a state the chain moves to state `j`
    /// with probability `Φ((b_j − (1−λ)c_i)/λ − δ) − Φ((a_j −
    /// (1−λ)c_i)/λ − δ)` and leaves otherwise. The ARL from the middle state
    /// is the middle entry of `(I − Q)⁻¹ 1`.
    ///
    /// # Accuracy
    ///
    /// The discretisation error falls as the square of the number of
    /// states: for `λ = 0.1, L = 2.7` the result is within 0.02 % of the
    /// integral-equation value (Crowder 1987) and it reproduces Lucas and
    /// Saccucci's published values to their three figures (see
    /// `gen/time_weighted_reference.py`). The chart itself uses the exact,
    /// narrower limits of the first points, so its run lengths are slightly
    /// shorter than this ARL, mostly for shifts present from the start. The
    /// linear solve keeps the exit probabilities' relative accuracy (the
    /// elimination of Grassmann, Taksar and Heyman 1985), so large ARLs are
    /// as accurate as small ones: `λ = 1, L = 8` gives `1/(2Φ(−8))` =
    /// 8.037e14 to 1e-12.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `shift` is not finite, or when the
    /// ARL overflows an `f64` (every exit probability of the chain
    /// underflows to 0: limits tens of standard errors wide).
    ///
    /// # Examples
    ///
    /// Lucas and Saccucci (1990), `λ = 0.1, L = 2.814`: ARL 500 in control,
    /// 10.3 for a 1σ shift.
    ///
    /// ```
    /// use servops_kpi::spc::EwmaDesign;
    ///
    /// let d = EwmaDesign::new(0.1, 2.814)?;
    /// assert!((d.arl(0.0)? - 500.0).abs() < 1.0);
    /// assert!((d.arl(1.0)? - 10.3).abs() < 0.05);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// Lucas, J. M. & Saccucci, M. S. (1990). Exponentially weighted moving
    /// average control schemes: properties and enhancements.
    /// *Technometrics* 32(1), 1–12. Crowder, S. V. (1987). A simple method
    /// for studying run-length distributions of exponentially weighted
    /// moving average charts. *Technometrics* 29(4), 401–407. Grassmann,
    /// W. K., Taksar, M. I. & Heyman, D. P. (1985). Regenerative analysis
    /// and steady state distributions for Markov chains. *Operations
    /// Research* 33(5), 1107–1116.
    pub fn arl(&self, shift: f64) -> Result<f64> {
        finite("shift", shift)?;
        let lam = self.lambda;
        let h = self.width * self.asymptotic_sigma_factor();
        let n = ARL_STATES;
        let w = 2.0 * h / n as f64;
        let centre = |i: usize| -h + (i as f64 + 0.5) * w;
        // Q (row-major) and each state's probability of leaving the band,
        // from the standardised next-step position of each state boundary
        // `−h + m w` (m = 0..=n), with the tail Q(|x|) computed once per
        // boundary.
        let mut q = vec![0.0f64; n * n];
        let mut exit = vec![0.0f64; n];
        let mut bounds = vec![(0.0f64, 0.0f64); n + 1];
        for (i, (row, out)) in q.chunks_exact_mut(n).zip(exit.iter_mut()).enumerate() {
            let from = (1.0 - lam) * centre(i);
            for (m, bound) in bounds.iter_mut().enumerate() {
                let edge = if m == n { h } else { -h + m as f64 * w };
                let x = (edge - from) / lam - shift;
                *bound = (x, upper_tail(x.abs()));
            }
            for (cell, pair) in row.iter_mut().zip(bounds.windows(2)) {
                if let [lo, hi] = pair {
                    *cell = normal_interval(*lo, *hi);
                }
            }
            if let (Some(&first), Some(&last)) = (bounds.first(), bounds.last()) {
                *out = normal_cdf(first) + normal_sf(last);
            }
        }
        let b = solve_run_lengths(&mut q, &mut exit, n);
        let arl = b.get(n / 2).copied().unwrap_or(f64::NAN);
        if arl.is_finite() && arl >= 1.0 {
            Ok(arl)
        } else {
            Err(Error::InvalidParameter {
                name: "EWMA average run length",
                // NaN: every exit probability underflowed (0/0), an ARL
                // beyond f64 as well.
                value: servops_core::MessageValue::message_text(&if arl.is_nan() {
                    f64::INFINITY
                } else {
                    arl
                }),
                constraint: "finite (too large for an f64)",
            })
        }
    }
}

/// Φ(hi) − Φ(lo) for `lo <= hi`, each given as `(x, Q(|x|))`, from the
/// tail on the side away from the bulk so that no two numbers near 1 are
/// subtracted.
fn normal_interval((lo, q_lo): (f64, f64), (hi, q_hi): (f64, f64)) -> f64 {
    if lo >= 0.0 {
        q_lo - q_hi
    } else if hi <= 0.0 {
        q_hi - q_lo
    } else {
        1.0 - q_hi - q_lo
    }
}

/// Φ(x), from `(x, Q(|x|))`.
fn normal_cdf((x, q): (f64, f64)) -> f64 {
    if x <= 0.0 { q } else { 1.0 - q }
}

/// 1 − Φ(x), from `(x, Q(|x|))`.
fn normal_sf((x, q): (f64, f64)) -> f64 {
    if x >= 0.0 { q } else { 1.0 - q }
}

/// Solves `(I − Q) x = 1` for the expected steps to absorption of a
/// transient chain with transition matrix `q` (row-major, `n × n`) and exit
/// probabilities `exit` (`1 − Σ_j q_ij`, computed from the tails).
///
/// Gaussian elimination without pivoting (stable: `I − Q` is strictly
/// diagonally dominant by rows) in the form of Grassmann, Taksar and Heyman
/// (1985): every update adds numbers of one sign, and each diagonal entry
/// is rebuilt as its row's exit probability plus its off-diagonal
/// magnitudes instead of as `1 − q_ii − …`, so that exit probabilities far
/// below the rounding of 1 (ARLs of 1e15) keep their relative accuracy.
/// `q` and `exit` are overwritten.
fn solve_run_lengths(q: &mut [f64], exit: &mut [f64], n: usize) -> Vec<f64> {
    let mut x = vec![1.0f64; n];
    let mut diag = vec![0.0f64; n];
    for (i, d) in diag.iter_mut().enumerate() {
        let row = &q[i * n..(i + 1) * n];
        let off: f64 = row
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, v)| v)
            .sum();
        *d = exit[i] + off;
    }
    for k in 0..n {
        let pivot = diag[k];
        let (head, tail) = q.split_at_mut((k + 1) * n);
        let row_k = &head[k * n..];
        for (r, row_i) in tail.chunks_exact_mut(n).enumerate() {
            let i = k + 1 + r;
            let f = row_i[k] / pivot;
            if f == 0.0 {
                continue;
            }
            row_i[k] = 0.0;
            // The diagonal slot q_ii is updated too but never read.
            for (a, b) in row_i[k + 1..].iter_mut().zip(&row_k[k + 1..]) {
                *a += f * b;
            }
            let off = row_i[k + 1..i].iter().sum::<f64>() + row_i[i + 1..].iter().sum::<f64>();
            exit[i] += f * exit[k];
            x[i] += f * x[k];
            diag[i] = exit[i] + off;
        }
    }
    for k in (0..n).rev() {
        let row = &q[k * n..(k + 1) * n];
        let mut s = x[k];
        for j in k + 1..n {
            s += row[j] * x[j];
        }
        x[k] = s / diag[k];
    }
    x
}

/// The target and standard deviation estimated from a phase-I baseline of
/// individual values, as the XmR chart does: the mean and `MR̄/d2`.
pub(crate) fn baseline_standard(baseline: &[f64]) -> Result<(f64, f64)> {
    let x = XmrChart::new(baseline)?;
    let center = x
        .individuals()
        .limits()
        .first()
        .map_or(f64::NAN, |l| l.center);
    let sigma = x.sigma();
    if !(sigma > 0.0 && sigma.is_finite()) {
        return Err(invalid(
            "baseline sigma (mean moving range / d2)",
            sigma,
            "finite and > 0 (the baseline values must not all be equal)",
        ));
    }
    Ok((center, sigma))
}

/// Checks a process standard (target and σ) given by the caller.
pub(crate) fn check_standard(target: f64, sigma: f64) -> Result<()> {
    finite("target", target)?;
    if !(sigma.is_finite() && sigma > 0.0) {
        return Err(invalid("sigma", sigma, "finite and > 0"));
    }
    Ok(())
}

/// Exponentially weighted moving average (EWMA) chart of individual values.
///
/// # Formula
///
/// `z_i = λ x_i + (1 − λ) z_{i−1}`, `z_0 = μ0` (the target), plotted
/// against the exact limits of the `i`-th point (1-based):
///
/// `μ0 ± L σ sqrt(λ/(2−λ) · (1 − (1−λ)^{2i}))`,
///
/// which widen from `L σ λ` at the first point toward the asymptote
/// `μ0 ± L σ sqrt(λ/(2−λ))`. Each point's [`ControlLimits::sigma`] is the
/// standard error of `z_i`, and `lower`/`upper` lie `L` of them from the
/// target. A point signals when `z_i` is strictly outside its limits. The
/// run rules of [`Rule`](crate::spc::Rule) assume independent points and do
/// not apply to the (autocorrelated) EWMA statistic.
///
/// # Errors
///
/// [`Error::InvalidParameter`] when a value or the target is not finite,
/// `σ` is not finite and `> 0`, or a limit overflows.
///
/// # Examples
///
/// Montgomery (2009), Example 9.2: `μ0 = 10, σ = 1, λ = 0.1, L = 2.7`; the
/// first points are `z_1 = 9.945` (x = 9.45) and `z_2 = 9.7495` (x = 7.99),
/// the first limits `10 ± 0.27`.
///
/// ```
/// use servops_kpi::spc::{EwmaChart, EwmaDesign};
///
/// let chart = EwmaChart::with_standard(10.0, 1.0, EwmaDesign::new(0.1, 2.7)?, &[9.45, 7.99])?;
/// let z = chart.statistics().values();
/// assert!((z[0] - 9.945).abs() < 1e-12 && (z[1] - 9.7495).abs() < 1e-12);
/// let first = chart.statistics().limits()[0];
/// assert!((first.upper - 10.27).abs() < 1e-12 && (first.lower - 9.73).abs() < 1e-12);
/// assert!(chart.beyond_limits().is_empty());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Roberts, S. W. (1959). Control chart tests based on geometric moving
/// averages. *Technometrics* 1(3), 239–250. Montgomery, D. C. (2009).
/// *Introduction to Statistical Quality Control*, 6th ed., §9.2.
///
/// Serialised (feature `serde`) as its inputs `{"target", "sigma",
/// "design", "values"}`; deserialising rebuilds the chart with
/// [`EwmaChart::with_standard`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "EwmaChartRepr", into = "EwmaChartRepr")
)]
pub struct EwmaChart {
    target: f64,
    sigma: f64,
    design: EwmaDesign,
    values: Vec<f64>,
    statistics: ChartSeries,
}

impl EwmaChart {
    /// The chart of `values` against a known or standard target `μ0` and
    /// process standard deviation `σ` (phase II).
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// With `λ = 1` the chart is the individuals chart with limits
    /// `μ0 ± Lσ`.
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    ///
    /// let c = EwmaChart::with_standard(0.8, 0.03, EwmaDesign::new(1.0, 3.0)?, &[0.79, 0.70])?;
    /// assert_eq!(c.statistics().values(), &[0.79, 0.70]);
    /// assert!((c.statistics().limits()[0].lower - 0.71).abs() < 1e-12);
    /// assert_eq!(c.beyond_limits(), vec![1]);
    /// assert!(EwmaChart::with_standard(0.8, 0.0, EwmaDesign::new(1.0, 3.0)?, &[0.8]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_standard(
        target: f64,
        sigma: f64,
        design: EwmaDesign,
        values: &[f64],
    ) -> Result<Self> {
        check_standard(target, sigma)?;
        let lam = design.lambda;
        let mut z = target;
        let mut stats = Vec::with_capacity(values.len());
        let mut limits = Vec::with_capacity(values.len());
        for (j, &x) in values.iter().enumerate() {
            finite("value", x)?;
            z = lam * x + (1.0 - lam) * z;
            let se = sigma * design.sigma_factor(j + 1);
            let half = design.width * se;
            let lower = finite("EWMA lower limit", target - half)?;
            let upper = finite("EWMA upper limit", target + half)?;
            finite("EWMA statistic", z)?;
            stats.push(z);
            limits.push(ControlLimits::explicit(lower, target, upper, se));
        }
        Ok(Self {
            target,
            sigma,
            design,
            values: values.to_vec(),
            statistics: ChartSeries::from_parts(stats, limits),
        })
    }

    /// The chart of `values` with the target and `σ` estimated from a
    /// phase-I `baseline` of individual values, as [`XmrChart`] does: the
    /// baseline mean and `MR̄/d2` (`d2 = 2/√π`, the mean moving range of
    /// consecutive baseline values).
    ///
    /// Pass the baseline as `values` too to chart the baseline itself.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when the baseline has fewer than 2
    /// values, a value that is not finite, or no variation (`MR̄ = 0`); as
    /// for the type for `values`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    ///
    /// let baseline = [0.81, 0.79, 0.80, 0.82, 0.78, 0.80];
    /// let c = EwmaChart::from_baseline(&baseline, EwmaDesign::new(0.2, 3.0)?, &[0.80, 0.79])?;
    /// assert!((c.target() - 0.80).abs() < 1e-12);
    /// // MR̄ = (0.02 + 0.01 + 0.02 + 0.04 + 0.02) / 5 = 0.022, σ = 0.022 √π / 2
    /// assert!((c.sigma() - 0.022 * std::f64::consts::PI.sqrt() / 2.0).abs() < 1e-12);
    /// assert!(EwmaChart::from_baseline(&[0.8, 0.8], EwmaDesign::new(0.2, 3.0)?, &[0.8]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_baseline(baseline: &[f64], design: EwmaDesign, values: &[f64]) -> Result<Self> {
        let (target, sigma) = baseline_standard(baseline)?;
        Self::with_standard(target, sigma, design, values)
    }

    /// The EWMA statistics `z_i` with each point's limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    /// let c = EwmaChart::with_standard(0.0, 1.0, EwmaDesign::new(0.5, 3.0)?, &[2.0, 2.0])?;
    /// assert_eq!(c.statistics().values(), &[1.0, 1.5]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn statistics(&self) -> &ChartSeries {
        &self.statistics
    }

    /// The plotted observations `x_i`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    /// let c = EwmaChart::with_standard(0.0, 1.0, EwmaDesign::new(0.5, 3.0)?, &[2.0])?;
    /// assert_eq!(c.values(), &[2.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The target `μ0` (the centre line and `z_0`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    /// let c = EwmaChart::with_standard(5.0, 1.0, EwmaDesign::new(0.5, 3.0)?, &[])?;
    /// assert_eq!(c.target(), 5.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn target(&self) -> f64 {
        self.target
    }

    /// The process standard deviation `σ` of one observation.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    /// let c = EwmaChart::with_standard(5.0, 2.0, EwmaDesign::new(0.5, 3.0)?, &[])?;
    /// assert_eq!(c.sigma(), 2.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// The design (`λ`, `L`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    /// let d = EwmaDesign::new(0.5, 3.0)?;
    /// assert_eq!(EwmaChart::with_standard(5.0, 2.0, d, &[])?.design(), d);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn design(&self) -> EwmaDesign {
        self.design
    }

    /// The indices (0-based) of the points whose EWMA statistic is strictly
    /// outside its limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    /// let c = EwmaChart::with_standard(0.0, 1.0, EwmaDesign::new(0.5, 2.0)?, &[0.0, 3.0, 3.0])?;
    /// // z = 0, 1.5, 2.25 against limits ±1, ±1.118, ±1.146
    /// assert_eq!(c.beyond_limits(), vec![1, 2]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn beyond_limits(&self) -> Vec<usize> {
        self.statistics.beyond_limits()
    }

    /// The first point beyond its limits, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{EwmaChart, EwmaDesign};
    /// let c = EwmaChart::with_standard(0.0, 1.0, EwmaDesign::new(0.5, 2.0)?, &[0.0, 3.0, 3.0])?;
    /// assert_eq!(c.first_signal(), Some(1));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn first_signal(&self) -> Option<usize> {
        self.statistics
            .values()
            .iter()
            .zip(self.statistics.limits())
            .position(|(v, l)| l.is_beyond(*v))
    }
}

/// The serialised form of an [`EwmaDesign`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EwmaDesignRepr {
    lambda: f64,
    width: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<EwmaDesignRepr> for EwmaDesign {
    type Error = Error;

    fn try_from(r: EwmaDesignRepr) -> Result<Self> {
        Self::new(r.lambda, r.width)
    }
}

/// The serialised form of an [`EwmaChart`]: its inputs.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EwmaChartRepr {
    target: f64,
    sigma: f64,
    design: EwmaDesign,
    values: Vec<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<EwmaChartRepr> for EwmaChart {
    type Error = Error;

    fn try_from(r: EwmaChartRepr) -> Result<Self> {
        Self::with_standard(r.target, r.sigma, r.design, &r.values)
    }
}

#[cfg(feature = "serde")]
impl From<EwmaChart> for EwmaChartRepr {
    fn from(c: EwmaChart) -> Self {
        Self {
            target: c.target,
            sigma: c.sigma,
            design: c.design,
            values: c.values,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// `λ = 1`, `L = 3`: a Shewhart individuals chart, whose ARL is
    /// `1/P(beyond ±3)`: 370.398 in control, 43.895 for a 1σ shift
    /// (mpmath, gen/time_weighted_reference.py). The chain is exact here up
    /// to the discretisation of a kernel that does not depend on the state.
    #[test]
    fn arl_of_the_individuals_chart() {
        let d = EwmaDesign::new(1.0, 3.0).unwrap();
        let a0 = d.arl(0.0).unwrap();
        let a1 = d.arl(1.0).unwrap();
        assert!((a0 - 370.398_347_344_958_85).abs() < 1e-8 * 370.0, "{a0}");
        assert!((a1 - 43.894_681_718_539_546).abs() < 1e-9 * 44.0, "{a1}");
    }

    /// Large ARLs keep their accuracy: `λ = 1`, `L = 6` and `L = 8` give
    /// `1/(2Φ(−L))` = 506797345.897125 and 803734397655348.0 (mpmath).
    /// Before the exit probabilities were carried separately, `L = 8` came
    /// out as 1.209e15, 50 % high.
    #[test]
    fn large_arls_are_accurate() {
        // Beyond f64: a typed error naming an infinite ARL, never NaN.
        let huge = EwmaDesign::new(0.5, 40.0).unwrap().arl(0.0);
        assert!(
            matches!(huge, Err(Error::InvalidParameter { ref value, .. }) if value == "inf"),
            "{huge:?}"
        );
        for (l, exact) in [(6.0, 506_797_345.897_125), (8.0, 803_734_397_655_348.0)] {
            let a = EwmaDesign::new(1.0, l).unwrap().arl(0.0).unwrap();
            assert!((a - exact).abs() < 1e-11 * exact, "L {l}: {a} vs {exact}");
        }
    }
}
