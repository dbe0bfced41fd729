//! Variables charts: XmR, X-bar/R and X-bar/S.

use crate::spc::constants::{ChartConstants, MAX_RANGE_SUBGROUP, c4_unchecked};
use crate::spc::rules::{Rule, Signal};
use crate::spc::series::{ChartSeries, ControlLimits, check_agrees, finite, invalid};
use crate::{Error, Result};

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn range(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
    max - min
}

/// Sample standard deviation (n − 1 denominator), two-pass.
fn std_dev(xs: &[f64]) -> f64 {
    let m = mean(xs);
    let ss: f64 = xs.iter().map(|x| (x - m) * (x - m)).sum();
    (ss / (xs.len() as f64 - 1.0)).sqrt()
}

fn check_values(name: &'static str, xs: &[f64]) -> Result<()> {
    for &x in xs {
        finite(name, x)?;
    }
    Ok(())
}

fn check_computed(name: &'static str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(invalid(name, x, "finite (the data overflow when summed)"))
    }
}

/// Individuals and moving-range (XmR) chart.
///
/// # Formula
///
/// With `MR_i = |x_i − x_{i−1}|` and `MR̄` their mean, σ̂ = MR̄/d2(2):
///
/// * individuals: centre `x̄`, limits `x̄ ± 3 MR̄/d2 = x̄ ± 2.660 MR̄`;
/// * moving ranges: centre `MR̄`, upper `D4 MR̄ = 3.267 MR̄`, lower
///   `D3 MR̄ = 0`, zone width `d3 MR̄ / d2`.
///
/// # Errors
///
/// [`Error::InvalidParameter`] with fewer than 2 values or a value that is
/// not finite.
///
/// # Accuracy
///
/// d2(2) = 2/√π and d3(2) = √(2 − 4/π) to 1e-10; the limits to a few ulps
/// of the data's scale.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::{Rule, XmrChart};
///
/// let daily_aht = [312.0, 298.0, 305.0, 320.0, 301.0, 309.0, 296.0, 402.0];
/// let chart = XmrChart::new(&daily_aht)?;
/// let fired = chart.individuals().signals(&[Rule::Nelson1]);
/// assert_eq!(fired.iter().map(|s| s.index).collect::<Vec<_>>(), vec![7]);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*,
/// 6th ed., §6.4. Wheeler, D. J. (1995). *Advanced Topics in Statistical
/// Process Control*.
///
/// Serialised (feature `serde`) as `{"individuals", "moving_ranges"}`;
/// deserialising rebuilds the chart from the individual values with
/// [`XmrChart::new`] and refuses moving ranges or limits that differ from
/// the rebuilt ones (beyond 1e-12 relative).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "XmrChartRepr")
)]
pub struct XmrChart {
    individuals: ChartSeries,
    moving_ranges: ChartSeries,
}

impl XmrChart {
    /// The XmR chart of `values`, limits estimated from the data (phase I).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] with fewer than 2 values, a value that is
    /// not finite, or sums that overflow.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XmrChart;
    ///
    /// let c = XmrChart::new(&[10.0, 12.0, 11.0])?;
    /// assert_eq!(c.individuals().limits()[0].center, 11.0);
    /// assert_eq!(c.moving_ranges().values(), &[2.0, 1.0]);
    /// assert!(XmrChart::new(&[1.0]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(values: &[f64]) -> Result<Self> {
        if values.len() < 2 {
            return Err(invalid("number of values", values.len(), ">= 2"));
        }
        check_values("value", values)?;
        let moving: Vec<f64> = values
            .windows(2)
            .map(|w| match w {
                [a, b] => (b - a).abs(),
                _ => 0.0,
            })
            .collect();
        let center = check_computed("mean", mean(values))?;
        let mr_bar = check_computed("mean moving range", mean(&moving))?;
        let k = ChartConstants::for_subgroup_size(2)?;
        let (d2, d3) = match (k.d2(), k.d3()) {
            (Some(d2), Some(d3)) => (d2, d3),
            _ => return Err(invalid("subgroup size", 2, "tabulated")),
        };
        let sigma = mr_bar / d2;
        let ind = ControlLimits::clipped(center, sigma, f64::NEG_INFINITY, f64::INFINITY);
        check_computed("upper limit", ind.upper)?;
        check_computed("lower limit", ind.lower)?;
        let mr_sigma = d3 * mr_bar / d2;
        let mr = ControlLimits::explicit(
            (mr_bar - 3.0 * mr_sigma).max(0.0),
            mr_bar,
            mr_bar + 3.0 * mr_sigma,
            mr_sigma,
        );
        check_computed("moving-range upper limit", mr.upper)?;
        let n = values.len();
        Ok(Self {
            individuals: ChartSeries::from_parts(values.to_vec(), vec![ind; n]),
            moving_ranges: ChartSeries::from_parts(moving, vec![mr; n - 1]),
        })
    }

    /// The individuals chart (one point per value).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XmrChart;
    /// let c = XmrChart::new(&[1.0, 3.0])?;
    /// assert_eq!(c.individuals().len(), 2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn individuals(&self) -> &ChartSeries {
        &self.individuals
    }

    /// The moving-range chart; point `j` is `|x_{j+1} − x_j|`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XmrChart;
    /// let c = XmrChart::new(&[1.0, 3.0, 2.0])?;
    /// assert_eq!(c.moving_ranges().values(), &[2.0, 1.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn moving_ranges(&self) -> &ChartSeries {
        &self.moving_ranges
    }

    /// The estimated process standard deviation `MR̄/d2`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XmrChart;
    /// let c = XmrChart::new(&[0.0, 1.128_379_167_1])?;
    /// assert!((c.sigma() - 1.0).abs() < 1e-9);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn sigma(&self) -> f64 {
        self.individuals.limits().first().map_or(0.0, |l| l.sigma)
    }

    /// Phase II: new values plotted against this chart's (baseline)
    /// individuals limits, for run rules on data that did not set them.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when a value is not finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{Rule, XmrChart};
    ///
    /// let baseline = XmrChart::new(&[301.0, 296.0, 305.0, 299.0, 303.0, 298.0])?;
    /// let this_week = baseline.judge(&[300.0, 331.0])?;
    /// let fired: Vec<usize> = this_week.signals(&[Rule::Nelson1]).iter().map(|s| s.index).collect();
    /// assert_eq!(fired, vec![1]);
    /// assert_eq!(this_week.limits()[0], baseline.individuals().limits()[0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn judge(&self, values: &[f64]) -> Result<ChartSeries> {
        check_values("value", values)?;
        let limits = self
            .individuals
            .limits()
            .first()
            .copied()
            .ok_or_else(|| invalid("number of baseline values", 0, ">= 2"))?;
        Ok(ChartSeries::from_parts(
            values.to_vec(),
            vec![limits; values.len()],
        ))
    }

    /// Run rules on the individuals chart (shorthand for
    /// `self.individuals().signals(rules)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{Rule, XmrChart};
    /// let c = XmrChart::new(&[1.0, 2.0, 1.0, 2.0])?;
    /// assert!(c.signals(&Rule::WESTERN_ELECTRIC).is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        self.individuals.signals(rules)
    }
}

/// X-bar and R chart for subgroups of equal size `2 <= n <= 25`.
///
/// # Formula
///
/// With subgroup means `x̄_i`, ranges `R_i`, grand mean `x̿` and `R̄`:
///
/// * X-bar: centre `x̿`, limits `x̿ ± A2 R̄`, zone width `R̄/(d2 √n)`;
/// * R: centre `R̄`, limits `D3 R̄` and `D4 R̄`, zone width `d3 R̄/d2`.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for no subgroups, a subgroup size outside
/// 2..=25, a value that is not finite; [`Error::DimensionMismatch`] when the
/// subgroups differ in size.
///
/// # Accuracy
///
/// A2, D3, D4 from d2 and d3 tabulated to 1e-10.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::XbarRChart;
///
/// let chart = XbarRChart::new(&[[1.0, 2.0, 3.0], [2.0, 3.0, 4.0]])?;
/// assert_eq!(chart.means().values(), &[2.0, 3.0]);
/// assert_eq!(chart.ranges().limits()[0].center, 2.0);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*,
/// 6th ed., §6.2.
///
/// Serialised (feature `serde`) as `{"subgroup_size", "means", "ranges"}`;
/// deserialising rebuilds the chart with [`XbarRChart::from_summaries`]
/// and refuses limits that differ from the rebuilt ones (beyond 1e-12
/// relative).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "XbarRChartRepr")
)]
pub struct XbarRChart {
    subgroup_size: usize,
    means: ChartSeries,
    ranges: ChartSeries,
}

impl XbarRChart {
    /// The chart of raw subgroups (each subgroup one slice).
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarRChart;
    /// assert!(XbarRChart::new(&[vec![1.0, 2.0], vec![1.0]]).is_err());
    /// assert_eq!(XbarRChart::new(&[vec![1.0, 2.0]])?.subgroup_size(), 2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new<S: AsRef<[f64]>>(subgroups: &[S]) -> Result<Self> {
        let n = subgroups.first().map_or(0, |s| s.as_ref().len());
        let mut means = Vec::with_capacity(subgroups.len());
        let mut ranges = Vec::with_capacity(subgroups.len());
        for (i, s) in subgroups.iter().enumerate() {
            let s = s.as_ref();
            if s.len() != n {
                return Err(Error::DimensionMismatch {
                    what: format!("size of subgroup {i}"),
                    expected: n,
                    found: s.len(),
                });
            }
            check_values("value", s)?;
            means.push(mean(s));
            ranges.push(range(s));
        }
        Self::from_summaries(&means, &ranges, n)
    }

    /// The chart from each subgroup's mean and range, all subgroups of size `n`.
    ///
    /// # Errors
    ///
    /// As for the type; also when a range is negative or the lengths differ.
    ///
    /// # Examples
    ///
    /// Montgomery & Runger's vane-opening example: x̿ = 33.32, R̄ = 5.8,
    /// n = 5 give limits 29.97 and 36.67.
    ///
    /// ```
    /// use servops_kpi::spc::XbarRChart;
    ///
    /// let c = XbarRChart::from_summaries(&[33.32], &[5.8], 5)?;
    /// let l = c.means().limits()[0];
    /// assert!((l.upper - 36.67).abs() < 0.005 && (l.lower - 29.97).abs() < 0.005);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_summaries(means: &[f64], ranges: &[f64], n: usize) -> Result<Self> {
        if means.is_empty() {
            return Err(invalid("number of subgroups", 0, ">= 1"));
        }
        if ranges.len() != means.len() {
            return Err(Error::DimensionMismatch {
                what: "ranges per subgroup mean".to_owned(),
                expected: means.len(),
                found: ranges.len(),
            });
        }
        if !(2..=MAX_RANGE_SUBGROUP).contains(&n) {
            return Err(invalid(
                "subgroup size",
                n,
                "between 2 and 25 (use X-bar/S above 25)",
            ));
        }
        check_values("subgroup mean", means)?;
        for &r in ranges {
            if !(r.is_finite() && r >= 0.0) {
                return Err(invalid("subgroup range", r, "finite and >= 0"));
            }
        }
        let k = ChartConstants::for_subgroup_size(n)?;
        let (d2, d3) = match (k.d2(), k.d3()) {
            (Some(d2), Some(d3)) => (d2, d3),
            _ => return Err(invalid("subgroup size", n, "between 2 and 25")),
        };
        let center = check_computed("grand mean", mean(means))?;
        let r_bar = check_computed("mean range", mean(ranges))?;
        let sigma_mean = r_bar / (d2 * (n as f64).sqrt());
        let xl = ControlLimits::clipped(center, sigma_mean, f64::NEG_INFINITY, f64::INFINITY);
        check_computed("upper limit", xl.upper)?;
        check_computed("lower limit", xl.lower)?;
        let r_sigma = d3 * r_bar / d2;
        let rl = ControlLimits::explicit(
            (r_bar - 3.0 * r_sigma).max(0.0),
            r_bar,
            r_bar + 3.0 * r_sigma,
            r_sigma,
        );
        check_computed("range upper limit", rl.upper)?;
        let m = means.len();
        Ok(Self {
            subgroup_size: n,
            means: ChartSeries::from_parts(means.to_vec(), vec![xl; m]),
            ranges: ChartSeries::from_parts(ranges.to_vec(), vec![rl; m]),
        })
    }

    /// The subgroup size `n`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarRChart;
    /// assert_eq!(XbarRChart::from_summaries(&[1.0], &[0.5], 4)?.subgroup_size(), 4);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn subgroup_size(&self) -> usize {
        self.subgroup_size
    }

    /// The X-bar chart of subgroup means.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarRChart;
    /// let c = XbarRChart::from_summaries(&[1.0, 3.0], &[0.5, 0.5], 4)?;
    /// assert_eq!(c.means().limits()[1].center, 2.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn means(&self) -> &ChartSeries {
        &self.means
    }

    /// The R chart of subgroup ranges.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarRChart;
    /// let c = XbarRChart::from_summaries(&[1.0, 3.0], &[0.5, 1.5], 4)?;
    /// assert_eq!(c.ranges().limits()[0].center, 1.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn ranges(&self) -> &ChartSeries {
        &self.ranges
    }

    /// Run rules on the X-bar chart.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{Rule, XbarRChart};
    /// let c = XbarRChart::from_summaries(&[1.0, 1.1, 0.9], &[0.5, 0.5, 0.5], 4)?;
    /// assert!(c.signals(&Rule::NELSON).is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        self.means.signals(rules)
    }
}

/// X-bar and S chart, for subgroups of equal or varying size (each `>= 2`).
///
/// # Formula
///
/// x̿ = Σ n_i x̄_i / Σ n_i. With equal sizes, s̄ is the mean of the subgroup
/// standard deviations (Montgomery §6.3.1); with varying sizes it is the
/// pooled `s̄ = sqrt(Σ (n_i − 1) s_i² / (Σ n_i − m))` (§6.3.2). Per subgroup:
///
/// * X-bar: limits `x̿ ± A3(n_i) s̄`, zone width `s̄ / (c4(n_i) √n_i)`;
/// * S: centre `s̄`, limits `B3(n_i) s̄` and `B4(n_i) s̄`, zone width
///   `s̄ √(1 − c4²)/c4`.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for no subgroups, a subgroup with fewer than
/// 2 values, or a value that is not finite.
///
/// # Accuracy
///
/// c4 exact to a few ulps (gamma-ratio recurrence).
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::XbarSChart;
///
/// let chart = XbarSChart::new(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0]])?;
/// // Wider limits for the smaller subgroup.
/// let l = chart.means().limits();
/// assert!(l[1].upper - l[1].center > l[0].upper - l[0].center);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*,
/// 6th ed., §6.3.
///
/// Serialised (feature `serde`) as `{"means", "std_devs", "sizes"}`;
/// deserialising rebuilds the chart with [`XbarSChart::from_summaries`]
/// and refuses limits that differ from the rebuilt ones (beyond 1e-12
/// relative). JSON written before the sizes were stored
/// (`{"means", "std_devs"}`) is read through
/// [`XbarSChart::from_series`], which recovers each size from the point's
/// limits, or refuses the JSON with [`Error::LegacyFormat`] where the
/// limits do not fix the sizes.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "XbarSChartRepr")
)]
pub struct XbarSChart {
    means: ChartSeries,
    std_devs: ChartSeries,
    sizes: Vec<usize>,
}

impl XbarSChart {
    /// The chart of raw subgroups.
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarSChart;
    /// assert!(XbarSChart::new(&[vec![1.0]]).is_err());
    /// let c = XbarSChart::new(&[vec![1.0, 3.0]])?;
    /// assert!((c.std_devs().values()[0] - 2f64.sqrt()).abs() < 1e-12);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new<S: AsRef<[f64]>>(subgroups: &[S]) -> Result<Self> {
        let mut means = Vec::with_capacity(subgroups.len());
        let mut sds = Vec::with_capacity(subgroups.len());
        let mut sizes = Vec::with_capacity(subgroups.len());
        for s in subgroups {
            let s = s.as_ref();
            if s.len() < 2 {
                return Err(invalid("subgroup size", s.len(), ">= 2"));
            }
            check_values("value", s)?;
            means.push(mean(s));
            sds.push(std_dev(s));
            sizes.push(s.len());
        }
        Self::from_summaries(&means, &sds, &sizes)
    }

    /// The chart from each subgroup's mean, standard deviation (n − 1
    /// denominator) and size.
    ///
    /// # Errors
    ///
    /// As for the type; also when a standard deviation is negative or the
    /// lengths differ.
    ///
    /// # Examples
    ///
    /// Montgomery & Runger's vane-opening example: x̿ = 33.32, s̄ = 2.345,
    /// n = 5 give an S-chart upper limit of 4.899.
    ///
    /// ```
    /// use servops_kpi::spc::XbarSChart;
    ///
    /// let c = XbarSChart::from_summaries(&[33.32], &[2.345], &[5])?;
    /// assert!((c.std_devs().limits()[0].upper - 4.899).abs() < 0.002);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_summaries(means: &[f64], std_devs: &[f64], sizes: &[usize]) -> Result<Self> {
        if means.is_empty() {
            return Err(invalid("number of subgroups", 0, ">= 1"));
        }
        for (what, len) in [
            ("standard deviations", std_devs.len()),
            ("sizes", sizes.len()),
        ] {
            if len != means.len() {
                return Err(Error::DimensionMismatch {
                    what: format!("{what} per subgroup mean"),
                    expected: means.len(),
                    found: len,
                });
            }
        }
        check_values("subgroup mean", means)?;
        for &s in std_devs {
            if !(s.is_finite() && s >= 0.0) {
                return Err(invalid("subgroup standard deviation", s, "finite and >= 0"));
            }
        }
        for &n in sizes {
            if n < 2 {
                return Err(invalid("subgroup size", n, ">= 2"));
            }
        }
        let total: f64 = sizes.iter().map(|&n| n as f64).sum();
        let center = check_computed(
            "grand mean",
            means
                .iter()
                .zip(sizes)
                .map(|(m, &n)| m * n as f64)
                .sum::<f64>()
                / total,
        )?;
        let equal = sizes.windows(2).all(|w| w.first() == w.last());
        let s_bar = if equal {
            mean(std_devs)
        } else {
            let ss: f64 = std_devs
                .iter()
                .zip(sizes)
                .map(|(s, &n)| (n as f64 - 1.0) * s * s)
                .sum();
            (ss / (total - means.len() as f64)).sqrt()
        };
        let s_bar = check_computed("mean standard deviation", s_bar)?;
        let mut xl = Vec::with_capacity(sizes.len());
        let mut sl = Vec::with_capacity(sizes.len());
        for &n in sizes {
            let k = ChartConstants::for_subgroup_size(n)?;
            let c4 = k.c4();
            let sigma_mean = s_bar / (c4 * (n as f64).sqrt());
            let l = ControlLimits::clipped(center, sigma_mean, f64::NEG_INFINITY, f64::INFINITY);
            check_computed("upper limit", l.upper)?;
            check_computed("lower limit", l.lower)?;
            xl.push(l);
            let s_sigma = s_bar * (1.0 - c4 * c4).max(0.0).sqrt() / c4;
            let s = ControlLimits::explicit(k.b3() * s_bar, s_bar, k.b4() * s_bar, s_sigma);
            check_computed("standard-deviation upper limit", s.upper)?;
            sl.push(s);
        }
        Ok(Self {
            means: ChartSeries::from_parts(means.to_vec(), xl),
            std_devs: ChartSeries::from_parts(std_devs.to_vec(), sl),
            sizes: sizes.to_vec(),
        })
    }

    /// The chart rebuilt from its two plotted series alone (values and
    /// limits, as [`means`](Self::means) and [`std_devs`](Self::std_devs)
    /// give them), recovering each subgroup's size from its limits: the
    /// form in which charts were serialised before their sizes were stored.
    ///
    /// # Formula
    ///
    /// For point `i`, `σ_x̄,i = s̄ / (c4(n_i) √n_i)` with `s̄` the S chart's
    /// centre line, and `c4(n) √n` is strictly increasing in `n`, so
    /// `s̄ / σ_x̄,i` fixes `n_i` when `s̄ > 0`. The size whose ratio agrees
    /// to 1e-10 is taken if it is the only one; the chart is then rebuilt
    /// with [`from_summaries`](Self::from_summaries) and every stored value
    /// and limit must agree with it (to 1e-12 of the point's scale).
    ///
    /// # Errors
    ///
    /// - [`Error::LegacyFormat`] if the sizes are not determined: the mean
    ///   standard deviation `s̄` is 0 (every limit then collapses onto the
    ///   centre, whatever the sizes), or a point's limits fit no subgroup
    ///   size, or more than one (beyond about 10⁸ the sizes' ratios differ
    ///   by less than the tolerance);
    /// - [`Error::DimensionMismatch`] if the series differ in length;
    /// - [`Error::InvalidParameter`] if a stored value or limit differs from
    ///   the rebuilt chart's, naming the point.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarSChart;
    /// let c = XbarSChart::from_summaries(&[10.0, 12.0, 11.0], &[1.0, 2.0, 1.5], &[3, 2, 5])?;
    /// let back = XbarSChart::from_series(c.means(), c.std_devs())?;
    /// assert_eq!(back.subgroup_sizes(), &[3, 2, 5]);
    /// assert_eq!(back, c);
    ///
    /// // With every standard deviation 0 the limits do not fix the sizes.
    /// let flat = XbarSChart::from_summaries(&[10.0, 10.0], &[0.0, 0.0], &[3, 5])?;
    /// let e = XbarSChart::from_series(flat.means(), flat.std_devs());
    /// assert!(matches!(e, Err(servops_kpi::Error::LegacyFormat { .. })));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_series(means: &ChartSeries, std_devs: &ChartSeries) -> Result<Self> {
        const WHAT: &str = "an X-bar/S chart without its subgroup sizes";
        if std_devs.len() != means.len() {
            return Err(Error::DimensionMismatch {
                what: "standard deviations per subgroup mean".to_string(),
                expected: means.len(),
                found: std_devs.len(),
            });
        }
        let mut sizes = Vec::with_capacity(means.len());
        for (i, (xl, sl)) in means.limits().iter().zip(std_devs.limits()).enumerate() {
            let s_bar = sl.center;
            if !(s_bar > 0.0 && s_bar.is_finite()) {
                return Err(Error::LegacyFormat {
                    what: WHAT,
                    reason: format!(
                        "the mean standard deviation is {}: every limit is then the centre \
                         line whatever the subgroup sizes, so the limits do not determine them",
                        servops_core::CompactFloat(s_bar)
                    ),
                });
            }
            let target = s_bar / xl.sigma;
            let fits = |n: usize| {
                let g = c4_unchecked(n) * (n as f64).sqrt();
                (g - target).abs() <= 1e-10 * target
            };
            // g(n) = c4(n) √n increases with n: bisect for the first n with
            // g(n) >= target, then look at its neighbours.
            let (mut lo, mut hi) = (2usize, 1usize << 40);
            let too_small = |n: usize| c4_unchecked(n) * (n as f64).sqrt() < target;
            if !(target.is_finite() && target > 0.0) || too_small(hi) {
                lo = 0;
            } else {
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if too_small(mid) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
            }
            let candidates: Vec<usize> = [lo.saturating_sub(1), lo, lo.saturating_add(1)]
                .into_iter()
                .filter(|&n| n >= 2 && fits(n))
                .collect();
            match candidates.as_slice() {
                [n] => sizes.push(*n),
                [] => {
                    return Err(Error::LegacyFormat {
                        what: WHAT,
                        reason: format!(
                            "the limits of point {i} (sigma {} beside a mean standard deviation \
                             of {}) fit no subgroup size, so the subgroup sizes cannot be recovered",
                            servops_core::CompactFloat(xl.sigma),
                            servops_core::CompactFloat(s_bar)
                        ),
                    });
                }
                more => {
                    return Err(Error::LegacyFormat {
                        what: WHAT,
                        reason: format!(
                            "the limits of point {i} fit subgroup sizes {more:?} alike, so the \
                             subgroup sizes cannot be recovered"
                        ),
                    });
                }
            }
        }
        let chart = Self::from_summaries(means.values(), std_devs.values(), &sizes)?;
        check_agrees("means", means, &chart.means)?;
        check_agrees("standard deviations", std_devs, &chart.std_devs)?;
        Ok(chart)
    }

    /// The size of each subgroup.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarSChart;
    /// let c = XbarSChart::new(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0]])?;
    /// assert_eq!(c.subgroup_sizes(), &[3, 2]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn subgroup_sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The X-bar chart of subgroup means.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarSChart;
    /// let c = XbarSChart::from_summaries(&[1.0, 2.0], &[0.5, 0.5], &[2, 2])?;
    /// assert_eq!(c.means().limits()[0].center, 1.5);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn means(&self) -> &ChartSeries {
        &self.means
    }

    /// The S chart of subgroup standard deviations.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::XbarSChart;
    /// let c = XbarSChart::from_summaries(&[1.0, 2.0], &[0.5, 1.5], &[4, 4])?;
    /// assert_eq!(c.std_devs().limits()[0].center, 1.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn std_devs(&self) -> &ChartSeries {
        &self.std_devs
    }

    /// Run rules on the X-bar chart.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{Rule, XbarSChart};
    /// let c = XbarSChart::from_summaries(&[1.0, 1.1], &[0.5, 0.5], &[3, 3])?;
    /// assert!(c.signals(&Rule::NELSON).is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        self.means.signals(rules)
    }
}

/// The serialised form of an [`XmrChart`]; rebuilt from the individual
/// values and compared.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct XmrChartRepr {
    individuals: ChartSeries,
    moving_ranges: ChartSeries,
}

#[cfg(feature = "serde")]
impl TryFrom<XmrChartRepr> for XmrChart {
    type Error = Error;

    fn try_from(r: XmrChartRepr) -> Result<Self> {
        let chart = Self::new(r.individuals.values())?;
        check_agrees("individuals", &r.individuals, &chart.individuals)?;
        check_agrees("moving ranges", &r.moving_ranges, &chart.moving_ranges)?;
        Ok(chart)
    }
}

/// The serialised form of an [`XbarRChart`]; rebuilt from the means and
/// ranges and compared.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct XbarRChartRepr {
    subgroup_size: usize,
    means: ChartSeries,
    ranges: ChartSeries,
}

#[cfg(feature = "serde")]
impl TryFrom<XbarRChartRepr> for XbarRChart {
    type Error = Error;

    fn try_from(r: XbarRChartRepr) -> Result<Self> {
        let chart = Self::from_summaries(r.means.values(), r.ranges.values(), r.subgroup_size)?;
        check_agrees("means", &r.means, &chart.means)?;
        check_agrees("ranges", &r.ranges, &chart.ranges)?;
        Ok(chart)
    }
}

/// The serialised form of an [`XbarSChart`]; rebuilt from the means,
/// standard deviations and sizes and compared.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct XbarSChartRepr {
    means: ChartSeries,
    std_devs: ChartSeries,
    /// Absent from JSON written before the sizes were stored.
    #[serde(default)]
    sizes: Option<Vec<usize>>,
}

#[cfg(feature = "serde")]
impl TryFrom<XbarSChartRepr> for XbarSChart {
    type Error = Error;

    fn try_from(r: XbarSChartRepr) -> Result<Self> {
        let Some(sizes) = r.sizes else {
            return Self::from_series(&r.means, &r.std_devs);
        };
        let chart = Self::from_summaries(r.means.values(), r.std_devs.values(), &sizes)?;
        check_agrees("means", &r.means, &chart.means)?;
        check_agrees("standard deviations", &r.std_devs, &chart.std_devs)?;
        Ok(chart)
    }
}
