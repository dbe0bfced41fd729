//! Tabular (Page's) cumulative-sum chart and Siegmund's average run length.

use crate::spc::ewma::{baseline_standard, check_standard};
use crate::spc::series::{finite, invalid};
use crate::{Error, Result};

/// The design of a tabular CUSUM, in units of the process `σ`: the
/// reference value `k` (the allowance, usually half the shift to detect),
/// the decision interval `h`, and an optional fast-initial-response head
/// start.
///
/// `k = 0.5, h = 4` or `h = 5` are the usual choices for a 1σ shift
/// (Montgomery 2009, §9.1.3).
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::CusumDesign;
///
/// let d = CusumDesign::new(0.5, 5.0)?;
/// assert_eq!((d.k(), d.h(), d.head_start()), (0.5, 5.0, 0.0));
/// assert_eq!(d.with_fast_initial_response().head_start(), 2.5);
/// assert!(CusumDesign::new(0.5, 0.0).is_err());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Serialised (feature `serde`) as `{"k", "h", "fast_initial_response"}`;
/// deserialising goes through [`CusumDesign::new`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "CusumDesignRepr", into = "CusumDesignRepr")
)]
pub struct CusumDesign {
    k: f64,
    h: f64,
    fast_initial_response: bool,
}

impl CusumDesign {
    /// A design with reference value `k >= 0` and decision interval `h > 0`,
    /// both in process standard deviations, starting from zero.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `k` is not finite and `>= 0` or `h`
    /// is not finite and `> 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{Error, spc::CusumDesign};
    ///
    /// assert!(CusumDesign::new(0.0, 4.0).is_ok());
    /// assert!(matches!(CusumDesign::new(-0.5, 4.0), Err(Error::InvalidParameter { name: "k", .. })));
    /// assert!(CusumDesign::new(0.5, f64::NAN).is_err());
    /// ```
    pub fn new(k: f64, h: f64) -> Result<Self> {
        if !(k.is_finite() && k >= 0.0) {
            return Err(invalid("k", k, "finite and >= 0"));
        }
        if !(h.is_finite() && h > 0.0) {
            return Err(invalid("h", h, "finite and > 0"));
        }
        Ok(Self {
            k,
            h,
            fast_initial_response: false,
        })
    }

    /// The same design with a fast initial response (Lucas and Crosier
    /// 1982): both sums start at `H/2` instead of 0, so a process that is
    /// off target from the start signals sooner.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    ///
    /// let plain = CusumDesign::new(0.5, 4.0)?;
    /// let fir = plain.with_fast_initial_response();
    /// let shifted = [1.5; 6]; // 1.5σ above target from the first point
    /// let a = CusumChart::with_standard(0.0, 1.0, plain, &shifted)?;
    /// let b = CusumChart::with_standard(0.0, 1.0, fir, &shifted)?;
    /// // C+ = i without, 2 + i with the head start: first above 4 at i = 5 and i = 3
    /// assert_eq!(a.first_signal().map(|s| s.index), Some(4));
    /// assert_eq!(b.first_signal().map(|s| s.index), Some(2));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    #[must_use]
    pub fn with_fast_initial_response(mut self) -> Self {
        self.fast_initial_response = true;
        self
    }

    /// The reference value `k`, in process standard deviations.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::spc::CusumDesign::new(0.5, 4.0)?.k(), 0.5);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn k(&self) -> f64 {
        self.k
    }

    /// The decision interval `h`, in process standard deviations.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(servops_kpi::spc::CusumDesign::new(0.5, 4.0)?.h(), 4.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn h(&self) -> f64 {
        self.h
    }

    /// The starting value of both sums in process standard deviations:
    /// `h/2` with a fast initial response, else 0.
    ///
    /// # Examples
    ///
    /// ```
    /// let d = servops_kpi::spc::CusumDesign::new(0.5, 4.0)?;
    /// assert_eq!((d.head_start(), d.with_fast_initial_response().head_start()), (0.0, 2.0));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn head_start(&self) -> f64 {
        if self.fast_initial_response {
            self.h / 2.0
        } else {
            0.0
        }
    }

    /// The average run length of the upper CUSUM alone when the mean has
    /// shifted by `shift` process standard deviations (negative: downward),
    /// by Siegmund's approximation, both sums starting at 0 (the head
    /// start is not taken into account). By symmetry the lower CUSUM's ARL
    /// for a shift `δ` is this one for `−δ`.
    ///
    /// # Formula
    ///
    /// `ARL = (exp(−2Δb) + 2Δb − 1) / (2Δ²)`, `Δ = δ − k`, `b = h + 1.166`;
    /// `b²` for `Δ = 0` (the limit), computed without cancellation near it.
    /// Clamped at 1, the shortest possible run: the formula falls below 1
    /// for shifts far above `k` (it tends to `b/Δ`) and for `h` near 0.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `shift` is not finite or the ARL
    /// overflows an `f64` (a shift far below `k` with a large `h`).
    ///
    /// # Examples
    ///
    /// `k = 0.5, h = 4`, a 1σ shift: `Δ = 0.5, b = 5.166`,
    /// `(e^{−5.166} + 5.166 − 1)/0.5 = 8.343`.
    ///
    /// ```
    /// let d = servops_kpi::spc::CusumDesign::new(0.5, 4.0)?;
    /// assert!((d.one_sided_arl(1.0)? - 8.343_414_705_263_486).abs() < 1e-12);
    /// assert!((d.one_sided_arl(0.5)? - 5.166 * 5.166).abs() < 1e-12); // Δ = 0
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// Siegmund, D. (1985). *Sequential Analysis: Tests and Confidence
    /// Intervals*. Springer. Montgomery, D. C. (2009), §9.1.3.
    pub fn one_sided_arl(&self, shift: f64) -> Result<f64> {
        finite("shift", shift)?;
        finite_arl(siegmund(shift - self.k, self.h + 1.166).max(1.0))
    }

    /// The average run length of the two-sided CUSUM (upper and lower sums
    /// together) for a shift of `shift` process standard deviations:
    /// `1/ARL = 1/ARL⁺ + 1/ARL⁻`, each side by Siegmund's approximation
    /// ([`CusumDesign::one_sided_arl`]), `Δ⁺ = δ − k`, `Δ⁻ = −δ − k`.
    ///
    /// # Accuracy
    ///
    /// Siegmund's approximation is within about 1 % of the exact ARL for
    /// `k = 0.5, h = 4` or `5`: Montgomery's Table 9.3 gives 168 and 465
    /// in control where the approximation gives 169.0 and 469.1, and 8.38
    /// and 10.4 for a 1σ shift where it gives 8.34 and 10.34. It is meant
    /// for the usual designs (`h` of 2 or more); it degrades for large
    /// shifts (3σ with `h = 4`: 1.99 where Lucas and Crosier 1982 give
    /// 2.19) and for `h` near 0. Where it falls below 1, a run length no
    /// chart can have, the result is 1 (as for
    /// [`CusumDesign::one_sided_arl`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `shift` is not finite or the ARL
    /// overflows an `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// let d = servops_kpi::spc::CusumDesign::new(0.5, 5.0)?;
    /// assert!((d.arl(0.0)? - 465.0).abs() < 0.01 * 465.0);
    /// assert!((d.arl(1.0)? - 10.4).abs() < 0.01 * 10.4);
    /// assert_eq!(d.arl(-1.0)?, d.arl(1.0)?);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn arl(&self, shift: f64) -> Result<f64> {
        finite("shift", shift)?;
        let b = self.h + 1.166;
        let up = siegmund(shift - self.k, b);
        let down = siegmund(-shift - self.k, b);
        finite_arl((1.0 / (1.0 / up + 1.0 / down)).max(1.0))
    }
}

/// An ARL, or the error saying it overflows.
fn finite_arl(arl: f64) -> Result<f64> {
    if arl.is_finite() {
        Ok(arl)
    } else {
        Err(Error::InvalidParameter {
            name: "CUSUM average run length",
            value: servops_core::MessageValue::message_text(&arl),
            constraint: "finite (too large for an f64)",
        })
    }
}

/// Siegmund's one-sided ARL `b² g(x)`, `x = −2Δb`,
/// `g(x) = (eˣ − 1 − x)/(x²/2)`: by its series near 0, in logarithms
/// where `eˣ` alone would overflow, and by its limits at `x = ±∞`. Not
/// clamped (the callers clamp at 1).
fn siegmund(delta: f64, b: f64) -> f64 {
    let x = -2.0 * delta * b;
    if x == f64::INFINITY {
        return f64::INFINITY;
    }
    if x == f64::NEG_INFINITY {
        return 0.0;
    }
    let g = if x.abs() < 0.5 {
        // Σ_{m≥0} 2 x^m / (m+2)!
        let mut term = 1.0f64;
        let mut sum = 1.0f64;
        let mut m = 1.0;
        while term.abs() > 1e-17 * sum.abs() && m < 60.0 {
            term *= x / (m + 2.0);
            sum += term;
            m += 1.0;
        }
        sum
    } else if x > 700.0 {
        // b² eˣ / (x²/2): (1 + x) e^{−x} is below 1e-300 here.
        return (2.0 * b.ln() + x - 2.0 * x.ln() + std::f64::consts::LN_2).exp();
    } else {
        // x < −1.3e154 gives |x| / ∞ = 0, the limit.
        (x.exp_m1() - x) / (0.5 * x * x)
    };
    b * b * g
}

/// Which of the two sums of a CUSUM signalled.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::{CusumChart, CusumDesign, CusumSide};
/// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 2.0)?, &[-3.0])?;
/// assert_eq!(c.signals()[0].side, CusumSide::Lower);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CusumSide {
    /// `C⁺ > H`: the mean has moved up.
    Upper,
    /// `C⁻ > H`: the mean has moved down.
    Lower,
}

/// A point at which a CUSUM sum exceeds the decision interval.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::{CusumChart, CusumDesign, CusumSide};
///
/// // μ0 = 0, σ = 1, K = 0.5, H = 2: C+ = 1.5, 3.0 → signal at the second point
/// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 2.0)?, &[2.0, 2.0])?;
/// let s = c.signals()[0];
/// assert_eq!((s.index, s.side, s.run_length), (1, CusumSide::Upper, 2));
/// assert_eq!((s.statistic, s.estimated_mean), (3.0, 2.0)); // 0 + 0.5 + 3/2
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct CusumSignal {
    /// The point (0-based).
    pub index: usize,
    /// The sum that exceeds `H`.
    pub side: CusumSide,
    /// That sum, `C⁺_i` or `C⁻_i`, in data units.
    pub statistic: f64,
    /// `N⁺` or `N⁻`: the number of consecutive points, up to and including
    /// this one, at which the sum has been above 0; the shift most likely
    /// began after point `index − run_length`.
    pub run_length: usize,
    /// The estimated mean since the shift (Montgomery 2009, §9.1.2):
    /// `μ0 + K + C⁺/N⁺` (upper) or `μ0 − K − C⁻/N⁻` (lower). With a fast
    /// initial response the head start is part of the sum and biases the
    /// estimate away from the target.
    pub estimated_mean: f64,
}

/// Tabular (Page's) cumulative-sum chart of individual values.
///
/// # Formula
///
/// With `K = kσ` and `H = hσ` (data units) and `C⁺_0 = C⁻_0` = 0 (or `H/2`
/// with a fast initial response):
///
/// * `C⁺_i = max(0, x_i − (μ0 + K) + C⁺_{i−1})`,
/// * `C⁻_i = max(0, (μ0 − K) − x_i + C⁻_{i−1})`,
///
/// and a point signals where `C⁺_i > H` or `C⁻_i > H`. The sums are not
/// reset after a signal: every point while a sum stays above `H` is
/// reported ([`CusumChart::signals`]). `N⁺_i` (`N⁻_i`) counts the
/// consecutive points at which `C⁺` (`C⁻`) has been above 0.
///
/// # Errors
///
/// [`Error::InvalidParameter`] when a value or the target is not finite,
/// `σ` is not finite and `> 0`, `K`, `H` or `μ0 ± K` overflow, or a sum
/// overflows.
///
/// # Examples
///
/// Montgomery (2009), Table 9.2: `μ0 = 10, σ = 1, k = 0.5, h = 5`; the
/// upper sum first exceeds `H = 5` at observation 29 (`C⁺ = 5.28`,
/// `N⁺ = 7`), estimating the new mean as `10.5 + 5.28/7 = 11.25`.
///
/// ```
/// use servops_kpi::spc::{CusumChart, CusumDesign, CusumSide};
///
/// let x = [
///     9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34,
///     9.03, 11.47, 10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84,
///     10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52,
/// ];
/// let chart = CusumChart::with_standard(10.0, 1.0, CusumDesign::new(0.5, 5.0)?, &x)?;
/// let first = chart.first_signal().ok_or("no signal")?;
/// assert_eq!((first.index + 1, first.side, first.run_length), (29, CusumSide::Upper, 7));
/// assert!((first.statistic - 5.28).abs() < 1e-9);
/// assert!((first.estimated_mean - 11.254_285_714).abs() < 1e-8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// Page, E. S. (1954). Continuous inspection schemes. *Biometrika* 41,
/// 100–115. Lucas, J. M. & Crosier, R. B. (1982). Fast initial response
/// for CUSUM quality-control schemes. *Technometrics* 24(3), 199–205.
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality
/// Control*, 6th ed., §9.1.
///
/// Serialised (feature `serde`) as its inputs `{"target", "sigma",
/// "design", "values"}`; deserialising rebuilds the chart with
/// [`CusumChart::with_standard`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "CusumChartRepr", into = "CusumChartRepr")
)]
pub struct CusumChart {
    target: f64,
    sigma: f64,
    design: CusumDesign,
    values: Vec<f64>,
    reference: f64,
    decision: f64,
    upper: Vec<f64>,
    lower: Vec<f64>,
    upper_runs: Vec<usize>,
    lower_runs: Vec<usize>,
}

impl CusumChart {
    /// The chart of `values` against a known or standard target `μ0` and
    /// process standard deviation `σ` (phase II).
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    ///
    /// let c = CusumChart::with_standard(100.0, 10.0, CusumDesign::new(0.5, 4.0)?, &[112.0, 90.0])?;
    /// assert_eq!(c.upper(), &[7.0, 0.0]); // 112 − 105, then 7 + 90 − 105 < 0
    /// assert_eq!(c.lower(), &[0.0, 5.0]); // 95 − 90
    /// assert_eq!((c.reference_value(), c.decision_interval()), (5.0, 40.0));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_standard(
        target: f64,
        sigma: f64,
        design: CusumDesign,
        values: &[f64],
    ) -> Result<Self> {
        check_standard(target, sigma)?;
        let reference = finite("K = k sigma", design.k * sigma)?;
        let decision = finite("H = h sigma", design.h * sigma)?;
        let above = finite("target + K", target + reference)?;
        let below = finite("target - K", target - reference)?;
        let start = if design.fast_initial_response {
            decision / 2.0
        } else {
            0.0
        };
        let n = values.len();
        let (mut upper, mut lower) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut upper_runs, mut lower_runs) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut cp, mut cm) = (start, start);
        let (mut np, mut nm) = (0usize, 0usize);
        for &x in values {
            finite("value", x)?;
            cp = finite("upper CUSUM", (x - above + cp).max(0.0))?;
            cm = finite("lower CUSUM", (below - x + cm).max(0.0))?;
            np = if cp > 0.0 { np + 1 } else { 0 };
            nm = if cm > 0.0 { nm + 1 } else { 0 };
            upper.push(cp);
            lower.push(cm);
            upper_runs.push(np);
            lower_runs.push(nm);
        }
        Ok(Self {
            target,
            sigma,
            design,
            values: values.to_vec(),
            reference,
            decision,
            upper,
            lower,
            upper_runs,
            lower_runs,
        })
    }

    /// The chart of `values` with the target and `σ` estimated from a
    /// phase-I `baseline` of individual values, as [`XmrChart`](crate::spc::XmrChart)
    /// does: the baseline mean and `MR̄/d2` (`d2 = 2/√π`).
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
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    ///
    /// let baseline = [300.0, 310.0, 290.0, 305.0, 295.0];
    /// let c = CusumChart::from_baseline(&baseline, CusumDesign::new(0.5, 4.0)?, &[320.0])?;
    /// assert_eq!(c.target(), 300.0);
    /// // MR̄ = (10 + 20 + 15 + 10) / 4 = 13.75, σ = 13.75 √π / 2
    /// assert!((c.sigma() - 13.75 * std::f64::consts::PI.sqrt() / 2.0).abs() < 1e-9);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_baseline(baseline: &[f64], design: CusumDesign, values: &[f64]) -> Result<Self> {
        let (target, sigma) = baseline_standard(baseline)?;
        Self::with_standard(target, sigma, design, values)
    }

    /// The upper sums `C⁺_i`, in data units.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 4.0)?, &[1.0, 1.0])?;
    /// assert_eq!(c.upper(), &[0.5, 1.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn upper(&self) -> &[f64] {
        &self.upper
    }

    /// The lower sums `C⁻_i`, in data units.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 4.0)?, &[-1.0, -1.0])?;
    /// assert_eq!(c.lower(), &[0.5, 1.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn lower(&self) -> &[f64] {
        &self.lower
    }

    /// `N⁺_i`: how many consecutive points, up to and including point `i`,
    /// the upper sum has been above 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 4.0)?, &[1.0, 1.0, -2.0, 1.0])?;
    /// assert_eq!(c.upper_run_lengths(), &[1, 2, 0, 1]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn upper_run_lengths(&self) -> &[usize] {
        &self.upper_runs
    }

    /// `N⁻_i`: how many consecutive points, up to and including point `i`,
    /// the lower sum has been above 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 4.0)?, &[-1.0, 2.0, -1.0])?;
    /// assert_eq!(c.lower_run_lengths(), &[1, 0, 1]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn lower_run_lengths(&self) -> &[usize] {
        &self.lower_runs
    }

    /// `K = kσ`, in data units.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 2.0, CusumDesign::new(0.5, 4.0)?, &[])?;
    /// assert_eq!(c.reference_value(), 1.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn reference_value(&self) -> f64 {
        self.reference
    }

    /// `H = hσ`, in data units.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 2.0, CusumDesign::new(0.5, 4.0)?, &[])?;
    /// assert_eq!(c.decision_interval(), 8.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn decision_interval(&self) -> f64 {
        self.decision
    }

    /// The target `μ0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(3.0, 2.0, CusumDesign::new(0.5, 4.0)?, &[])?;
    /// assert_eq!(c.target(), 3.0);
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
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(3.0, 2.0, CusumDesign::new(0.5, 4.0)?, &[])?;
    /// assert_eq!(c.sigma(), 2.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// The design (`k`, `h`, head start).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let d = CusumDesign::new(0.5, 4.0)?;
    /// assert_eq!(CusumChart::with_standard(3.0, 2.0, d, &[])?.design(), d);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn design(&self) -> CusumDesign {
        self.design
    }

    /// The plotted observations.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 4.0)?, &[1.0])?;
    /// assert_eq!(c.values(), &[1.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Every point where a sum exceeds `H`, in order of the points, the
    /// upper sum before the lower at the same point.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 1.0)?, &[2.0, 1.0, -5.0])?;
    /// // C+ = 1.5, 2.0, 0; C- = 0, 0, 4.5
    /// let at: Vec<usize> = c.signals().iter().map(|s| s.index).collect();
    /// assert_eq!(at, vec![0, 1, 2]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self) -> Vec<CusumSignal> {
        let mut out = Vec::new();
        for i in 0..self.upper.len() {
            out.extend(self.signal_at(i, CusumSide::Upper));
            out.extend(self.signal_at(i, CusumSide::Lower));
        }
        out
    }

    /// The first signal, if any (the upper one if both sums exceed `H` at
    /// the same point).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{CusumChart, CusumDesign};
    /// let c = CusumChart::with_standard(0.0, 1.0, CusumDesign::new(0.5, 4.0)?, &[0.0, 0.3, -0.2])?;
    /// assert!(c.first_signal().is_none());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn first_signal(&self) -> Option<CusumSignal> {
        (0..self.upper.len()).find_map(|i| {
            self.signal_at(i, CusumSide::Upper)
                .or_else(|| self.signal_at(i, CusumSide::Lower))
        })
    }

    fn signal_at(&self, index: usize, side: CusumSide) -> Option<CusumSignal> {
        let (sums, runs) = match side {
            CusumSide::Upper => (&self.upper, &self.upper_runs),
            CusumSide::Lower => (&self.lower, &self.lower_runs),
        };
        let statistic = *sums.get(index)?;
        let run_length = *runs.get(index)?;
        // C > H > 0 implies N ≥ 1.
        if statistic <= self.decision || run_length == 0 {
            return None;
        }
        let drift = self.reference + statistic / run_length as f64;
        let estimated_mean = match side {
            CusumSide::Upper => self.target + drift,
            CusumSide::Lower => self.target - drift,
        };
        Some(CusumSignal {
            index,
            side,
            statistic,
            run_length,
            estimated_mean,
        })
    }
}

/// The serialised form of a [`CusumDesign`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CusumDesignRepr {
    k: f64,
    h: f64,
    #[serde(default)]
    fast_initial_response: bool,
}

#[cfg(feature = "serde")]
impl TryFrom<CusumDesignRepr> for CusumDesign {
    type Error = Error;

    fn try_from(r: CusumDesignRepr) -> Result<Self> {
        let d = Self::new(r.k, r.h)?;
        Ok(if r.fast_initial_response {
            d.with_fast_initial_response()
        } else {
            d
        })
    }
}

#[cfg(feature = "serde")]
impl From<CusumDesign> for CusumDesignRepr {
    fn from(d: CusumDesign) -> Self {
        Self {
            k: d.k,
            h: d.h,
            fast_initial_response: d.fast_initial_response,
        }
    }
}

/// The serialised form of a [`CusumChart`]: its inputs.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CusumChartRepr {
    target: f64,
    sigma: f64,
    design: CusumDesign,
    values: Vec<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<CusumChartRepr> for CusumChart {
    type Error = Error;

    fn try_from(r: CusumChartRepr) -> Result<Self> {
        Self::with_standard(r.target, r.sigma, r.design, &r.values)
    }
}

#[cfg(feature = "serde")]
impl From<CusumChart> for CusumChartRepr {
    fn from(c: CusumChart) -> Self {
        Self {
            target: c.target,
            sigma: c.sigma,
            design: c.design,
            values: c.values,
        }
    }
}
