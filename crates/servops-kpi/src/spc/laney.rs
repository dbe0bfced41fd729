//! Laney's p′ and u′ charts: attributes charts whose limits are widened
//! (or narrowed) by the over-dispersion ratio `σ_z` of the data.

#[cfg(feature = "serde")]
use crate::Error;
use crate::Result;
use crate::spc::attributes::{PChart, UChart};
use crate::spc::rules::{Rule, Signal};
use crate::spc::series::{ChartSeries, ControlLimits, invalid};

/// The unbiasing constant d2(2) as Laney (2002) and Minitab use it, to
/// three decimals (the exact `2/√π` is 1.128379…, 0.03 % larger).
const LANEY_D2: f64 = 1.128;

/// `σ_z = MR̄(z) / 1.128` of the z-scores `z`; at least two of them.
fn sigma_z(z: &[f64]) -> Result<f64> {
    let moving: f64 = z
        .windows(2)
        .map(|w| match w {
            [a, b] => (b - a).abs(),
            _ => 0.0,
        })
        .sum();
    let s = moving / (z.len() as f64 - 1.0) / LANEY_D2;
    if s.is_finite() {
        Ok(s)
    } else {
        Err(invalid(
            "sigma_z",
            s,
            "finite (the z-scores overflow when summed)",
        ))
    }
}

/// `(x − centre) / s`, or 0 when `s` is 0 (a centre of 0 or 1, where every
/// point of a phase I chart lies on the centre line).
fn z_score(x: f64, centre: f64, s: f64) -> f64 {
    if s > 0.0 { (x - centre) / s } else { 0.0 }
}

fn check_sigma_z(s: f64) -> Result<()> {
    if s.is_finite() && s >= 0.0 {
        Ok(())
    } else {
        Err(invalid("sigma_z", s, "finite and >= 0"))
    }
}

fn phase1_len(n: usize) -> Result<()> {
    if n >= 2 {
        Ok(())
    } else {
        Err(invalid(
            "number of subgroups",
            n,
            ">= 2 (sigma_z is a mean moving range)",
        ))
    }
}

/// Limits `centre ± 3 s_i σ_z` clipped to `[0, ceiling]`, zone width
/// `s_i σ_z`; an error when a width overflows.
fn widened(centre: f64, s: f64, sigma_z: f64, ceiling: f64) -> Result<ControlLimits> {
    let w = s * sigma_z;
    let l = ControlLimits::clipped(centre, w, 0.0, ceiling);
    if (3.0 * w).is_finite() && l.upper.is_finite() {
        Ok(l)
    } else {
        Err(invalid(
            "sigma_z",
            sigma_z,
            "small enough that the limits stay finite",
        ))
    }
}

/// Laney's p′ chart: a p-chart whose limits allow for the variation of the
/// true proportion from subgroup to subgroup.
///
/// With subgroups of thousands (a day's offered calls) the binomial limits
/// of a [`PChart`] are so narrow that the ordinary day-to-day variation of
/// the true abandonment rate (weather, outages, campaigns) puts most days
/// outside them. The p′ chart measures that variation on the z-scale and
/// widens the limits by it.
///
/// # Formula
///
/// With `p_i = d_i / n_i`, centre `p̄ = Σ d_i / Σ n_i` (or a standard) and
/// `σ_{p_i} = sqrt(p̄ (1 − p̄) / n_i)`:
///
/// * z-scores `z_i = (p_i − p̄) / σ_{p_i}`;
/// * `σ_z = MR̄ / 1.128`, the mean moving range `|z_i − z_{i−1}|` of
///   consecutive z-scores over d2(2), as Laney and Minitab take it;
/// * limits `max(0, p̄ − 3 σ_{p_i} σ_z)` and `min(1, p̄ + 3 σ_{p_i} σ_z)`;
///   each point's zone width ([`ControlLimits::sigma`]) is `σ_{p_i} σ_z`.
///
/// `σ_z ≈ 1` means the binomial model holds (the chart is then the
/// p-chart); `σ_z > 1` is over-dispersion, `σ_z < 1` under-dispersion.
/// `σ_z` depends on the order of the subgroups (a moving range), so it is
/// not invariant under a permutation of them (it is under reversal).
///
/// # When `σ_z` is 0
///
/// `σ_z = 0` when every z-score is equal; with `p̄` from the data that means
/// every point lies on the centre line (or `p̄` is 0 or 1, where the
/// z-scores are taken as 0). The limits then collapse onto the centre line
/// (zone width 0), no point is beyond them and no run rule fires. A chart
/// judged against a standard `σ_z = 0` flags every point off the centre
/// line, as an XmR chart of equal values does.
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for fewer than 2 subgroups (phase I: no
/// moving range) or none (phase II), a size of 0, a count above its size,
/// a standard `p0` outside [0, 1], or a `σ_z` that is not finite and
/// `>= 0`; [`Error::DimensionMismatch`](crate::Error::DimensionMismatch) when the slices differ in length.
///
/// # Accuracy
///
/// The arithmetic is exact to a few ulps (checked to 1e-12 against an
/// independent numpy script). `σ_z` from `m` subgroups has a relative
/// standard error of about `0.83/√(m − 1)` (that of a moving-range sigma):
/// some 16 % from 30 days.
///
/// # Examples
///
/// Ten days of 2,000–3,500 offered calls: the p-chart puts six of the ten
/// days beyond its limits, while the p′ chart measures the day-to-day
/// variation as about 5.4 times the binomial and finds none.
///
/// ```
/// use servops_kpi::spc::{LaneyPChart, PChart, Rule};
///
/// let abandoned = [83, 180, 278, 299, 84, 159, 215, 218, 75, 173];
/// let offered = [2286, 3316, 3470, 3370, 2320, 3221, 2619, 3293, 2836, 2488];
/// let p = PChart::new(&abandoned, &offered)?;
/// assert_eq!(p.proportions().beyond_limits().len(), 6);
///
/// let laney = LaneyPChart::new(&abandoned, &offered)?;
/// assert!((laney.sigma_z() - 5.40).abs() < 0.01);
/// assert!(laney.proportions().beyond_limits().is_empty());
/// assert!(laney.signals(&[Rule::WesternElectric1]).is_empty());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Laney, D. B. (2002). Improved control charts for attributes. *Quality
/// Engineering* 14(4), 531–537. Minitab, "Methods and formulas for Laney
/// P′ Chart".
///
/// Serialised (feature `serde`) as `{"center", "sigma_z", "proportions"}`.
/// Deserialising checks what a p′ chart is: at least one point, a centre
/// in [0, 1] that is every point's centre, `σ_z` finite and `>= 0`,
/// proportions in [0, 1], each `sigma` at most `σ_z sqrt(p̄ (1 − p̄))` (a
/// subgroup of one) and limits `p̄ ± 3σ` clipped to [0, 1] (to 1e-12
/// relative).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "LaneyPChartRepr")
)]
pub struct LaneyPChart {
    center: f64,
    sigma_z: f64,
    proportions: ChartSeries,
}

impl LaneyPChart {
    /// Phase I: the centre is the pooled proportion and `σ_z` the mean
    /// moving range of the z-scores over 1.128.
    ///
    /// # Errors
    ///
    /// As for the type; at least 2 subgroups.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyPChart;
    ///
    /// // p̄ = 0.2; z = 2.5, -2.5, -2.5, 2.5; MR̄ = 10/3; σ_z = 10/3/1.128.
    /// let c = LaneyPChart::new(&[30, 60, 10, 100], &[100, 400, 100, 400])?;
    /// assert_eq!(c.center(), 0.2);
    /// assert!((c.sigma_z() - 10.0 / 3.0 / 1.128).abs() < 1e-12);
    /// assert!(LaneyPChart::new(&[5], &[100]).is_err()); // no moving range
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(counts: &[u64], sizes: &[u64]) -> Result<Self> {
        PChart::check(counts, sizes)?;
        phase1_len(counts.len())?;
        let d: f64 = counts.iter().map(|&c| c as f64).sum();
        let n: f64 = sizes.iter().map(|&s| s as f64).sum();
        let p = d / n;
        let z: Vec<f64> = counts
            .iter()
            .zip(sizes)
            .map(|(&c, &n)| {
                let n = n as f64;
                z_score(c as f64 / n, p, (p * (1.0 - p) / n).sqrt())
            })
            .collect();
        let s = sigma_z(&z)?;
        Self::build(p, s, counts, sizes)
    }

    /// Phase II: judged against a standard centre `p0` and ratio `sigma_z`
    /// (for example a baseline chart's [`center`](Self::center) and
    /// [`sigma_z`](Self::sigma_z)). With `sigma_z = 1` this is
    /// [`PChart::with_standard`].
    ///
    /// # Errors
    ///
    /// As for the type; `p0` in [0, 1], `sigma_z` finite and `>= 0`, at
    /// least one subgroup.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyPChart;
    ///
    /// // 0.2 ± 3 × 0.04 × 2: the limits are 0 and 0.44 for 100 calls.
    /// let c = LaneyPChart::with_standard(0.2, 2.0, &[45, 20], &[100, 100])?;
    /// assert!((c.proportions().limits()[0].upper - 0.44).abs() < 1e-15);
    /// assert_eq!(c.proportions().beyond_limits(), vec![0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_standard(p0: f64, sigma_z: f64, counts: &[u64], sizes: &[u64]) -> Result<Self> {
        if !(0.0..=1.0).contains(&p0) {
            return Err(invalid("p0", p0, "in [0, 1]"));
        }
        check_sigma_z(sigma_z)?;
        PChart::check(counts, sizes)?;
        Self::build(p0, sigma_z, counts, sizes)
    }

    fn build(p: f64, sigma_z: f64, counts: &[u64], sizes: &[u64]) -> Result<Self> {
        let mut values = Vec::with_capacity(counts.len());
        let mut limits = Vec::with_capacity(counts.len());
        for (&c, &n) in counts.iter().zip(sizes) {
            let n = n as f64;
            let s = (p * (1.0 - p) / n).sqrt();
            values.push(c as f64 / n);
            limits.push(widened(p, s, sigma_z, 1.0)?);
        }
        Ok(Self {
            center: p,
            sigma_z,
            proportions: ChartSeries::from_parts(values, limits),
        })
    }

    /// The centre line `p̄` (or the standard `p0`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyPChart;
    /// assert_eq!(LaneyPChart::new(&[1, 3], &[10, 10])?.center(), 0.2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn center(&self) -> f64 {
        self.center
    }

    /// The over-dispersion ratio `σ_z` (or the standard): the spread of
    /// the z-scores, 1 when the binomial model holds.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyPChart;
    /// // Every day on the centre line: σ_z = 0 and the limits collapse.
    /// let c = LaneyPChart::new(&[10, 20], &[100, 200])?;
    /// assert_eq!(c.sigma_z(), 0.0);
    /// assert_eq!(c.proportions().limits()[1].upper, 0.1);
    /// assert!(c.proportions().beyond_limits().is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn sigma_z(&self) -> f64 {
        self.sigma_z
    }

    /// The plotted proportions with their per-point limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyPChart;
    /// let c = LaneyPChart::new(&[30, 60, 10, 100], &[100, 400, 100, 400])?;
    /// assert_eq!(c.proportions().values(), &[0.3, 0.15, 0.1, 0.25]);
    /// let l = c.proportions().limits();
    /// assert!(l[0].upper > l[1].upper); // smaller subgroup, wider limits
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn proportions(&self) -> &ChartSeries {
        &self.proportions
    }

    /// Run rules on the proportions, zones measured in `σ_{p_i} σ_z`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{LaneyPChart, Rule};
    /// let c = LaneyPChart::new(&[10, 12, 9, 11], &[100, 100, 100, 100])?;
    /// assert!(c.signals(&Rule::NELSON).is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        self.proportions.signals(rules)
    }
}

/// Laney's u′ chart: a u-chart whose limits allow for the variation of the
/// true rate from subgroup to subgroup.
///
/// # Formula
///
/// With `u_i = c_i / n_i`, centre `ū = Σ c_i / Σ n_i` (or a standard) and
/// `σ_{u_i} = sqrt(ū / n_i)`: z-scores `z_i = (u_i − ū) / σ_{u_i}`,
/// `σ_z = MR̄(z) / 1.128`, limits `max(0, ū − 3 σ_{u_i} σ_z)` and
/// `ū + 3 σ_{u_i} σ_z`, zone width `σ_{u_i} σ_z`. `σ_z ≈ 1` means the
/// Poisson model holds (the chart is then the u-chart). `σ_z = 0` is
/// handled as for [`LaneyPChart`] (with `ū = 0` the z-scores are taken as
/// 0).
///
/// # Errors
///
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter) for fewer than 2 subgroups (phase I) or
/// none (phase II), units that are not finite and > 0, a standard `u0` or
/// `σ_z` that is not finite and `>= 0`, or rates, z-scores or limits that
/// overflow; [`Error::DimensionMismatch`](crate::Error::DimensionMismatch) when the slices differ in length.
///
/// # Accuracy
///
/// As for [`LaneyPChart`].
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::{LaneyUChart, UChart};
///
/// // Complaints per 1,000 calls: far more spread than Poisson.
/// let complaints = [12, 31, 9, 40, 15, 33, 10, 29];
/// let thousands = [8.2, 7.9, 8.4, 8.0, 8.1, 8.3, 7.7, 8.0];
/// assert!(!UChart::new(&complaints, &thousands)?.rates().beyond_limits().is_empty());
/// let laney = LaneyUChart::new(&complaints, &thousands)?;
/// assert!((laney.sigma_z() - 4.22).abs() < 0.01);
/// assert!(laney.rates().beyond_limits().is_empty());
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// # References
///
/// Laney, D. B. (2002). Improved control charts for attributes. *Quality
/// Engineering* 14(4), 531–537. Minitab, "Methods and formulas for Laney
/// U′ Chart".
///
/// Serialised (feature `serde`) as `{"center", "sigma_z", "rates"}`.
/// Deserialising checks what a u′ chart is: at least one point, a finite
/// centre `>= 0` that is every point's centre, `σ_z` finite and `>= 0`,
/// rates `>= 0`, `sigma` 0 when the centre or `σ_z` is 0, and limits
/// `ū ± 3σ` with the lower one clipped at 0 (to 1e-12 relative).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "LaneyUChartRepr")
)]
pub struct LaneyUChart {
    center: f64,
    sigma_z: f64,
    rates: ChartSeries,
}

impl LaneyUChart {
    /// Phase I: the centre is the pooled rate and `σ_z` the mean moving
    /// range of the z-scores over 1.128.
    ///
    /// # Errors
    ///
    /// As for the type; at least 2 subgroups.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyUChart;
    ///
    /// // ū = 4; z = √2, -√2, -√2, √2; σ_z = (4√2/3)/1.128.
    /// let c = LaneyUChart::new(&[12, 24, 4, 40], &[2.0, 8.0, 2.0, 8.0])?;
    /// assert_eq!(c.center(), 4.0);
    /// assert!((c.sigma_z() - 4.0 * 2f64.sqrt() / 3.0 / 1.128).abs() < 1e-12);
    /// assert!(LaneyUChart::new(&[3], &[1.0]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(counts: &[u64], units: &[f64]) -> Result<Self> {
        UChart::check(counts, units)?;
        phase1_len(counts.len())?;
        let c: f64 = counts.iter().map(|&c| c as f64).sum();
        let n: f64 = units.iter().sum();
        let u = c / n;
        if !u.is_finite() {
            return Err(invalid("total units", n, "finite after summing"));
        }
        let mut z = Vec::with_capacity(counts.len());
        for (&c, &n) in counts.iter().zip(units) {
            let zi = z_score(c as f64 / n, u, (u / n).sqrt());
            if !zi.is_finite() {
                return Err(invalid(
                    "units",
                    n,
                    "large enough that rate and z-score stay finite",
                ));
            }
            z.push(zi);
        }
        let s = sigma_z(&z)?;
        Self::build(u, s, counts, units)
    }

    /// Phase II: judged against a standard rate `u0` and ratio `sigma_z`.
    /// With `sigma_z = 1` this is [`UChart::with_standard`].
    ///
    /// # Errors
    ///
    /// As for the type.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyUChart;
    /// // 1 ± 3 × sqrt(1/4) × 2 = 1 ± 3: 4.5 per unit is beyond 4.
    /// let c = LaneyUChart::with_standard(1.0, 2.0, &[18], &[4.0])?;
    /// assert_eq!(c.rates().limits()[0].upper, 4.0);
    /// assert_eq!(c.rates().beyond_limits(), vec![0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_standard(u0: f64, sigma_z: f64, counts: &[u64], units: &[f64]) -> Result<Self> {
        if !(u0.is_finite() && u0 >= 0.0) {
            return Err(invalid("u0", u0, "finite and >= 0"));
        }
        check_sigma_z(sigma_z)?;
        UChart::check(counts, units)?;
        Self::build(u0, sigma_z, counts, units)
    }

    fn build(u: f64, sigma_z: f64, counts: &[u64], units: &[f64]) -> Result<Self> {
        let mut values = Vec::with_capacity(counts.len());
        let mut limits = Vec::with_capacity(counts.len());
        for (&c, &n) in counts.iter().zip(units) {
            let rate = c as f64 / n;
            let s = (u / n).sqrt();
            if !(rate.is_finite() && s.is_finite()) {
                return Err(invalid(
                    "units",
                    n,
                    "large enough that rate and limits stay finite",
                ));
            }
            values.push(rate);
            limits.push(widened(u, s, sigma_z, f64::INFINITY)?);
        }
        Ok(Self {
            center: u,
            sigma_z,
            rates: ChartSeries::from_parts(values, limits),
        })
    }

    /// The centre line `ū` (or the standard `u0`).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyUChart;
    /// assert_eq!(LaneyUChart::new(&[4, 2], &[2.0, 1.0])?.center(), 2.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn center(&self) -> f64 {
        self.center
    }

    /// The over-dispersion ratio `σ_z` (or the standard): 1 when the
    /// Poisson model holds.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyUChart;
    /// let c = LaneyUChart::new(&[0, 0, 0], &[1.0, 2.0, 3.0])?;
    /// assert_eq!((c.center(), c.sigma_z()), (0.0, 0.0));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn sigma_z(&self) -> f64 {
        self.sigma_z
    }

    /// The plotted rates with their per-point limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::LaneyUChart;
    /// let c = LaneyUChart::new(&[12, 24, 4, 40], &[2.0, 8.0, 2.0, 8.0])?;
    /// assert_eq!(c.rates().values(), &[6.0, 3.0, 2.0, 5.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn rates(&self) -> &ChartSeries {
        &self.rates
    }

    /// Run rules on the rates, zones measured in `σ_{u_i} σ_z`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{LaneyUChart, Rule};
    /// let c = LaneyUChart::new(&[4, 5, 3, 4], &[2.0, 2.0, 2.0, 2.0])?;
    /// assert!(c.signals(&Rule::NELSON).is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        self.rates.signals(rules)
    }
}

/// The serialised form of a [`LaneyPChart`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LaneyPChartRepr {
    center: f64,
    sigma_z: f64,
    proportions: ChartSeries,
}

#[cfg(feature = "serde")]
impl TryFrom<LaneyPChartRepr> for LaneyPChart {
    type Error = Error;

    fn try_from(r: LaneyPChartRepr) -> Result<Self> {
        let p = r.center;
        if !(0.0..=1.0).contains(&p) {
            return Err(invalid("center", p, "in [0, 1]"));
        }
        check_sigma_z(r.sigma_z)?;
        let max_sigma = r.sigma_z * (p * (1.0 - p)).sqrt();
        let proportions =
            super::attributes::rebuild_attribute_series(p, &r.proportions, 1.0, max_sigma, 1.0)?;
        Ok(Self {
            center: p,
            sigma_z: r.sigma_z,
            proportions,
        })
    }
}

/// The serialised form of a [`LaneyUChart`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LaneyUChartRepr {
    center: f64,
    sigma_z: f64,
    rates: ChartSeries,
}

#[cfg(feature = "serde")]
impl TryFrom<LaneyUChartRepr> for LaneyUChart {
    type Error = Error;

    fn try_from(r: LaneyUChartRepr) -> Result<Self> {
        let u = r.center;
        if !(u.is_finite() && u >= 0.0) {
            return Err(invalid("center", u, "finite and >= 0"));
        }
        check_sigma_z(r.sigma_z)?;
        let max_sigma = if u == 0.0 || r.sigma_z == 0.0 {
            0.0
        } else {
            f64::INFINITY
        };
        let rates = super::attributes::rebuild_attribute_series(
            u,
            &r.rates,
            f64::INFINITY,
            max_sigma,
            f64::INFINITY,
        )?;
        Ok(Self {
            center: u,
            sigma_z: r.sigma_z,
            rates,
        })
    }
}
