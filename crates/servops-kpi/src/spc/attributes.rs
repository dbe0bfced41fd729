//! Attributes charts: p (proportion) and u (rate per unit), with variable limits.

use crate::spc::rules::{Rule, Signal};
use crate::spc::series::{ChartSeries, ControlLimits, invalid};
use crate::{Error, Result};

pub(super) fn same_len(what: &str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::DimensionMismatch {
            what: what.to_owned(),
            expected,
            found,
        })
    }
}

/// p-chart: the proportion of "defective" items (abandoned calls, failed
/// evaluations, repeat contacts) in subgroups of varying size.
///
/// # Formula
///
/// `p_i = d_i / n_i`; centre `p̄ = Σ d_i / Σ n_i` (or a standard `p0`);
/// per point `σ_i = sqrt(p̄ (1 − p̄) / n_i)` and limits
/// `max(0, p̄ − 3σ_i)`, `min(1, p̄ + 3σ_i)` — the limits vary with the
/// subgroup size.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for no subgroups, a size of 0, a count above
/// its size, or a standard outside [0, 1]; [`Error::DimensionMismatch`] when
/// the slices differ in length.
///
/// # Accuracy
///
/// The normal approximation to the binomial behind 3σ limits is poor when
/// `n p̄` is small (say below 5); the arithmetic is exact to a few ulps.
///
/// # Examples
///
/// Is this week's abandonment a signal or noise? Set the limits on twelve
/// ordinary weeks, then judge the new week against them:
///
/// ```
/// use servops_kpi::spc::{PChart, Rule};
///
/// let abandoned = [412, 388, 455, 401, 437, 379, 421, 446, 398, 430, 392, 418];
/// let offered = [8120, 7905, 8410, 8002, 8266, 7710, 8150, 8390, 7988, 8230, 7840, 8105];
/// let baseline = PChart::new(&abandoned, &offered)?;
/// assert!(baseline.signals(&Rule::WESTERN_ELECTRIC).is_empty()); // a stable baseline
///
/// // This week: 520 of 8,180 calls abandoned (6.4 % against a 5.1 % centre).
/// let judged = PChart::with_standard(baseline.center(), &[520], &[8180])?;
/// let fired = judged.signals(&[Rule::WesternElectric1]);
/// assert_eq!(fired.len(), 1); // above the upper limit: a signal, not noise
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*,
/// 6th ed., §7.2.
///
/// Serialised (feature `serde`) as `{"center", "proportions"}`.
/// Deserialising checks what a p-chart is: at least one point, a centre in
/// [0, 1] that is every point's centre, proportions in [0, 1], each
/// `sigma` at most `sqrt(p̄ (1 − p̄))` (a subgroup of one) and limits equal
/// to `p̄ ± 3σ` clipped to [0, 1] (to 1e-12 relative).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "PChartRepr")
)]
pub struct PChart {
    center: f64,
    proportions: ChartSeries,
}

impl PChart {
    /// Phase I: the centre line is the pooled proportion of the data.
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::PChart;
    /// let c = PChart::new(&[5, 15], &[100, 100])?;
    /// assert_eq!(c.center(), 0.1);
    /// assert!(PChart::new(&[5], &[0]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(counts: &[u64], sizes: &[u64]) -> Result<Self> {
        Self::check(counts, sizes)?;
        let d: f64 = counts.iter().map(|&c| c as f64).sum();
        let n: f64 = sizes.iter().map(|&s| s as f64).sum();
        Ok(Self::build(d / n, counts, sizes))
    }

    /// Phase II: the centre line is a given standard `p0` (for example the
    /// `center()` of a baseline chart).
    ///
    /// # Errors
    ///
    /// As for the type; `p0` must lie in [0, 1].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::PChart;
    /// let c = PChart::with_standard(0.05, &[30], &[200])?;
    /// assert!(c.proportions().beyond_limits() == vec![0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_standard(p0: f64, counts: &[u64], sizes: &[u64]) -> Result<Self> {
        if !(0.0..=1.0).contains(&p0) {
            return Err(invalid("p0", p0, "in [0, 1]"));
        }
        Self::check(counts, sizes)?;
        Ok(Self::build(p0, counts, sizes))
    }

    pub(super) fn check(counts: &[u64], sizes: &[u64]) -> Result<()> {
        if counts.is_empty() {
            return Err(invalid("number of subgroups", 0, ">= 1"));
        }
        same_len("sizes per count", counts.len(), sizes.len())?;
        for (&c, &n) in counts.iter().zip(sizes) {
            if n == 0 {
                return Err(invalid("subgroup size", n, ">= 1"));
            }
            if c > n {
                return Err(invalid("count", c, "<= its subgroup size"));
            }
        }
        Ok(())
    }

    fn build(p: f64, counts: &[u64], sizes: &[u64]) -> Self {
        let (values, limits) = counts
            .iter()
            .zip(sizes)
            .map(|(&c, &n)| {
                let n = n as f64;
                let sigma = (p * (1.0 - p) / n).sqrt();
                (c as f64 / n, ControlLimits::clipped(p, sigma, 0.0, 1.0))
            })
            .unzip();
        Self {
            center: p,
            proportions: ChartSeries::from_parts(values, limits),
        }
    }

    /// The centre line `p̄` (or the standard `p0`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::PChart;
    /// assert_eq!(PChart::new(&[1, 3], &[10, 10])?.center(), 0.2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn center(&self) -> f64 {
        self.center
    }

    /// The plotted proportions with their per-point limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::PChart;
    /// let c = PChart::new(&[1, 3], &[10, 30])?;
    /// assert_eq!(c.proportions().values(), &[0.1, 0.1]);
    /// let l = c.proportions().limits();
    /// assert!(l[0].upper > l[1].upper); // smaller subgroup, wider limits
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn proportions(&self) -> &ChartSeries {
        &self.proportions
    }

    /// Run rules on the proportions.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{PChart, Rule};
    /// let c = PChart::new(&[10, 11, 9], &[100, 100, 100])?;
    /// assert!(c.signals(&Rule::NELSON).is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        self.proportions.signals(rules)
    }
}

/// u-chart: nonconformities (defects, complaints, errors) per unit of
/// inspection (per evaluation, per 100 calls, per agent-hour) with a
/// varying number of units per subgroup.
///
/// # Formula
///
/// `u_i = c_i / n_i`; centre `ū = Σ c_i / Σ n_i` (or a standard `u0`);
/// `σ_i = sqrt(ū / n_i)`, limits `max(0, ū − 3σ_i)` and `ū + 3σ_i`.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for no subgroups, a unit count that is not
/// finite and > 0, or a standard that is not finite and >= 0;
/// [`Error::DimensionMismatch`] when the slices differ in length.
///
/// # Accuracy
///
/// The normal approximation to the Poisson is poor when `n ū` is small.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::UChart;
///
/// // Complaints per 1,000 calls, five days.
/// let chart = UChart::new(&[12, 9, 15, 11, 30], &[8.2, 7.9, 8.4, 8.0, 8.1])?;
/// assert_eq!(chart.rates().beyond_limits(), vec![4]);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*,
/// 6th ed., §7.3.
///
/// Serialised (feature `serde`) as `{"center", "rates"}`. Deserialising
/// checks what a u-chart is: at least one point, a finite centre `>= 0`
/// that is every point's centre, rates `>= 0`, `sigma` 0 when the centre
/// is 0, and limits equal to `ū ± 3σ` with the lower one clipped at 0 (to
/// 1e-12 relative).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "UChartRepr")
)]
pub struct UChart {
    center: f64,
    rates: ChartSeries,
}

impl UChart {
    /// Phase I: the centre line is the pooled rate of the data.
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::UChart;
    /// assert_eq!(UChart::new(&[3, 5], &[2.0, 2.0])?.center(), 2.0);
    /// assert!(UChart::new(&[3], &[0.0]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(counts: &[u64], units: &[f64]) -> Result<Self> {
        Self::check(counts, units)?;
        let c: f64 = counts.iter().map(|&c| c as f64).sum();
        let n: f64 = units.iter().sum();
        let u = c / n;
        if !u.is_finite() {
            return Err(invalid("total units", n, "finite after summing"));
        }
        Self::build(u, counts, units)
    }

    /// Phase II: the centre line is a given standard rate `u0`.
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::UChart;
    /// let c = UChart::with_standard(1.0, &[9], &[2.0])?;
    /// assert_eq!(c.rates().beyond_limits(), vec![0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_standard(u0: f64, counts: &[u64], units: &[f64]) -> Result<Self> {
        if !(u0.is_finite() && u0 >= 0.0) {
            return Err(invalid("u0", u0, "finite and >= 0"));
        }
        Self::check(counts, units)?;
        Self::build(u0, counts, units)
    }

    pub(super) fn check(counts: &[u64], units: &[f64]) -> Result<()> {
        if counts.is_empty() {
            return Err(invalid("number of subgroups", 0, ">= 1"));
        }
        same_len("units per count", counts.len(), units.len())?;
        for &n in units {
            if !(n.is_finite() && n > 0.0) {
                return Err(invalid("units", n, "finite and > 0"));
            }
        }
        Ok(())
    }

    fn build(u: f64, counts: &[u64], units: &[f64]) -> Result<Self> {
        let mut values = Vec::with_capacity(counts.len());
        let mut limits = Vec::with_capacity(counts.len());
        for (&c, &n) in counts.iter().zip(units) {
            let sigma = (u / n).sqrt();
            let l = ControlLimits::clipped(u, sigma, 0.0, f64::INFINITY);
            let rate = c as f64 / n;
            if !(l.upper.is_finite() && rate.is_finite()) {
                return Err(invalid(
                    "units",
                    n,
                    "large enough that rate and limits stay finite",
                ));
            }
            values.push(rate);
            limits.push(l);
        }
        Ok(Self {
            center: u,
            rates: ChartSeries::from_parts(values, limits),
        })
    }

    /// The centre line `ū` (or the standard `u0`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::UChart;
    /// assert_eq!(UChart::new(&[4], &[2.0])?.center(), 2.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn center(&self) -> f64 {
        self.center
    }

    /// The plotted rates with their per-point limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::UChart;
    /// let c = UChart::new(&[4, 8], &[2.0, 4.0])?;
    /// assert_eq!(c.rates().values(), &[2.0, 2.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn rates(&self) -> &ChartSeries {
        &self.rates
    }

    /// Run rules on the rates.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{Rule, UChart};
    /// let c = UChart::new(&[4, 5, 3], &[2.0, 2.0, 2.0])?;
    /// assert!(c.signals(&Rule::NELSON).is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        self.rates.signals(rules)
    }
}

/// Checks the points of a deserialised attributes chart against its centre
/// and rebuilds their limits as `center ± 3σ` clipped to `[0, ceiling]`;
/// `max_sigma` bounds each point's `sigma`, `value_max` its value.
#[cfg(feature = "serde")]
pub(super) fn rebuild_attribute_series(
    center: f64,
    series: &ChartSeries,
    ceiling: f64,
    max_sigma: f64,
    value_max: f64,
) -> Result<ChartSeries> {
    use crate::serde_support::agrees;
    if series.is_empty() {
        return Err(invalid("number of subgroups", 0, ">= 1"));
    }
    let mut limits = Vec::with_capacity(series.len());
    for (i, (&v, l)) in series.values().iter().zip(series.limits()).enumerate() {
        if !(0.0..=value_max).contains(&v) {
            return Err(Error::InvalidParameter {
                name: "plotted value",
                value: format!("point {i}: {}", servops_core::CompactFloat(v)),
                constraint: "between 0 and the statistic's bound (1 for a proportion)",
            });
        }
        if l.center != center {
            return Err(Error::InvalidParameter {
                name: "center",
                value: format!(
                    "point {i}: {} where the chart's centre is {}",
                    servops_core::CompactFloat(l.center),
                    servops_core::CompactFloat(center)
                ),
                constraint: "the chart's centre at every point",
            });
        }
        if l.sigma > max_sigma * (1.0 + 1e-12) {
            return Err(Error::InvalidParameter {
                name: "sigma",
                value: format!(
                    "point {i}: {} above {}",
                    servops_core::CompactFloat(l.sigma),
                    servops_core::CompactFloat(max_sigma)
                ),
                constraint: "at most the standard error of a subgroup of one",
            });
        }
        let rebuilt = ControlLimits::clipped(center, l.sigma, 0.0, ceiling);
        let scale = center.abs().max(3.0 * l.sigma);
        for (field, a, b) in [
            ("lower limit", l.lower, rebuilt.lower),
            ("upper limit", l.upper, rebuilt.upper),
        ] {
            if !agrees(a, b, scale) {
                return Err(Error::InvalidParameter {
                    name: field,
                    value: format!(
                        "point {i}: {} where center ± 3 sigma gives {}",
                        servops_core::CompactFloat(a),
                        servops_core::CompactFloat(b)
                    ),
                    constraint: "center ± 3 sigma, clipped to the statistic's range",
                });
            }
        }
        limits.push(rebuilt);
    }
    Ok(ChartSeries::from_parts(series.values().to_vec(), limits))
}

/// The serialised form of a [`PChart`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PChartRepr {
    center: f64,
    proportions: ChartSeries,
}

#[cfg(feature = "serde")]
impl TryFrom<PChartRepr> for PChart {
    type Error = Error;

    fn try_from(r: PChartRepr) -> Result<Self> {
        let p = r.center;
        if !(0.0..=1.0).contains(&p) {
            return Err(invalid("center", p, "in [0, 1]"));
        }
        let max_sigma = (p * (1.0 - p)).sqrt();
        let proportions = rebuild_attribute_series(p, &r.proportions, 1.0, max_sigma, 1.0)?;
        Ok(Self {
            center: p,
            proportions,
        })
    }
}

/// The serialised form of a [`UChart`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UChartRepr {
    center: f64,
    rates: ChartSeries,
}

#[cfg(feature = "serde")]
impl TryFrom<UChartRepr> for UChart {
    type Error = Error;

    fn try_from(r: UChartRepr) -> Result<Self> {
        let u = r.center;
        if !(u.is_finite() && u >= 0.0) {
            return Err(invalid("center", u, "finite and >= 0"));
        }
        // sigma = sqrt(u / n) for some n > 0: any value when u > 0, 0 when u = 0
        let max_sigma = if u == 0.0 { 0.0 } else { f64::INFINITY };
        let rates = rebuild_attribute_series(u, &r.rates, f64::INFINITY, max_sigma, f64::INFINITY)?;
        Ok(Self { center: u, rates })
    }
}
