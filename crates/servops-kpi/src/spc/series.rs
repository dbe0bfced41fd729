//! Plotted series with their control limits.

use crate::spc::rules::{Rule, Signal, detect};
use crate::{Error, Result};

/// The centre line, the 3-sigma control limits and the standard error of one
/// plotted point.
///
/// `sigma` is the standard error of the plotted statistic at that point, so
/// the zones of the run rules are `center ± k·sigma`. `lower` and `upper` are
/// `center ∓ 3·sigma`, except where the statistic cannot go beyond a natural
/// bound (a proportion below 0 or above 1, a range below 0): there the limit
/// is clipped to the bound, while `sigma` keeps the unclipped value.
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::ControlLimits;
///
/// let l = ControlLimits::symmetric(10.0, 2.0)?;
/// assert_eq!((l.lower, l.center, l.upper), (4.0, 10.0, 16.0));
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Deserialising (feature `serde`) makes the checks of [`ChartSeries::new`]:
/// every field finite, `sigma >= 0`, `lower <= center <= upper`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "ControlLimitsRepr")
)]
#[non_exhaustive]
pub struct ControlLimits {
    /// Lower control limit.
    pub lower: f64,
    /// Centre line.
    pub center: f64,
    /// Upper control limit.
    pub upper: f64,
    /// Standard error of the plotted statistic (one zone width).
    pub sigma: f64,
}

impl ControlLimits {
    /// Limits `center ± 3·sigma`, for a series you computed yourself.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `center` is not finite or `sigma` is
    /// not finite and `>= 0`, or when `center ± 3·sigma` overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ControlLimits;
    ///
    /// assert!(ControlLimits::symmetric(0.0, -1.0).is_err());
    /// assert_eq!(ControlLimits::symmetric(1.0, 0.5)?.upper, 2.5);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn symmetric(center: f64, sigma: f64) -> Result<Self> {
        finite("center", center)?;
        if !(sigma.is_finite() && sigma >= 0.0) {
            return Err(invalid("sigma", sigma, "finite and >= 0"));
        }
        let l = Self::clipped(center, sigma, f64::NEG_INFINITY, f64::INFINITY);
        finite("center + 3 sigma", l.upper)?;
        finite("center - 3 sigma", l.lower)?;
        Ok(l)
    }

    /// `center ± 3·sigma` clipped to `[floor, ceiling]`.
    pub(crate) fn clipped(center: f64, sigma: f64, floor: f64, ceiling: f64) -> Self {
        Self {
            lower: (center - 3.0 * sigma).max(floor),
            center,
            upper: (center + 3.0 * sigma).min(ceiling),
            sigma,
        }
    }

    /// Limits with an explicit lower and upper value (R and S charts, whose
    /// limits come from tabulated factors), with `sigma` for the zones.
    pub(crate) fn explicit(lower: f64, center: f64, upper: f64, sigma: f64) -> Self {
        Self {
            lower,
            center,
            upper,
            sigma,
        }
    }

    /// Checks limits given from outside the crate: every field finite,
    /// `sigma >= 0` and `lower <= center <= upper`.
    fn check(&self) -> Result<()> {
        finite("center", self.center)?;
        if !(self.sigma.is_finite() && self.sigma >= 0.0) {
            return Err(invalid("sigma", self.sigma, "finite and >= 0"));
        }
        finite("lower limit", self.lower)?;
        finite("upper limit", self.upper)?;
        if self.lower > self.upper {
            return Err(invalid(
                "lower limit",
                format!(
                    "{} > upper limit {}",
                    servops_core::CompactFloat(self.lower),
                    servops_core::CompactFloat(self.upper)
                ),
                "at most the upper limit",
            ));
        }
        if self.center > self.upper {
            return Err(invalid(
                "center",
                format!(
                    "{} > upper limit {}",
                    servops_core::CompactFloat(self.center),
                    servops_core::CompactFloat(self.upper)
                ),
                "between the lower and upper limits",
            ));
        }
        if self.center < self.lower {
            return Err(invalid(
                "center",
                format!(
                    "{} < lower limit {}",
                    servops_core::CompactFloat(self.center),
                    servops_core::CompactFloat(self.lower)
                ),
                "between the lower and upper limits",
            ));
        }
        Ok(())
    }

    /// Whether `value` lies strictly outside the control limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::ControlLimits;
    ///
    /// let l = ControlLimits::symmetric(10.0, 2.0)?;
    /// assert!(l.is_beyond(16.5));
    /// assert!(!l.is_beyond(16.0)); // on the limit is not beyond it
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn is_beyond(&self, value: f64) -> bool {
        value > self.upper || value < self.lower
    }
}

/// A plotted series: one value and one set of limits per point.
///
/// Every chart of this module exposes its plotted statistics as a
/// `ChartSeries`; run rules are evaluated on a series with
/// [`ChartSeries::signals`].
///
/// # Examples
///
/// ```
/// use servops_kpi::spc::{ChartSeries, ControlLimits, Rule};
///
/// let limits = ControlLimits::symmetric(0.0, 1.0)?;
/// let series = ChartSeries::with_constant_limits(vec![0.1, -0.4, 3.5, 0.2], limits)?;
/// let signals = series.signals(&Rule::WESTERN_ELECTRIC);
/// assert_eq!(signals.len(), 1);
/// assert_eq!((signals[0].rule, signals[0].index), (Rule::WesternElectric1, 2));
/// # Ok::<(), servops_kpi::Error>(())
/// ```
///
/// Serialised (feature `serde`) as `{"values", "limits"}`; deserialising
/// goes through [`ChartSeries::new`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "ChartSeriesRepr")
)]
pub struct ChartSeries {
    values: Vec<f64>,
    limits: Vec<ControlLimits>,
}

impl ChartSeries {
    /// A series with one set of limits per point.
    ///
    /// Each point's limits must make a chart: `lower`, `center`, `upper`
    /// and `sigma` finite, `sigma >= 0` and
    /// `lower <= center <= upper` (a centre on a limit is allowed: a
    /// clipped limit can meet it).
    ///
    /// # Errors
    ///
    /// [`Error::DimensionMismatch`] when the lengths differ;
    /// [`Error::InvalidParameter`] when a value is not finite, or a point's
    /// limits are not finite, cross (`lower > upper`, named `lower limit`)
    /// or leave the centre outside them (named `center`, with the limit it
    /// passes, for example `"4 > upper limit 3"`). Checked point by point:
    /// the centre, `sigma`, the lower and the upper limit, their order, the
    /// centre within them.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::Error;
    /// use servops_kpi::spc::{ChartSeries, ControlLimits};
    ///
    /// let l = ControlLimits::symmetric(0.0, 1.0)?;
    /// assert!(ChartSeries::new(vec![1.0, 2.0], vec![l]).is_err());
    /// assert_eq!(ChartSeries::new(vec![1.0], vec![l])?.len(), 1);
    ///
    /// // A centre line above the upper limit is not a chart.
    /// let mut off = l;
    /// off.center = 4.0;
    /// assert!(matches!(
    ///     ChartSeries::new(vec![1.0], vec![off]),
    ///     Err(Error::InvalidParameter { name: "center", ref value, .. }) if value == "4 > upper limit 3"
    /// ));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn new(values: Vec<f64>, limits: Vec<ControlLimits>) -> Result<Self> {
        if values.len() != limits.len() {
            return Err(Error::DimensionMismatch {
                what: "limits per plotted value".to_owned(),
                expected: values.len(),
                found: limits.len(),
            });
        }
        for &v in &values {
            finite("plotted value", v)?;
        }
        for l in &limits {
            l.check()?;
        }
        Ok(Self { values, limits })
    }

    /// A series whose points all share one set of limits.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when a value is not finite or the limits
    /// are not valid, as for [`ChartSeries::new`] (checked also when there
    /// is no point).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits};
    ///
    /// let l = ControlLimits::symmetric(5.0, 1.0)?;
    /// let s = ChartSeries::with_constant_limits(vec![5.0, 6.0, 4.0], l)?;
    /// assert_eq!(s.limits()[2], l);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn with_constant_limits(values: Vec<f64>, limits: ControlLimits) -> Result<Self> {
        let n = values.len();
        let series = Self::new(values, vec![limits; n])?;
        limits.check()?;
        Ok(series)
    }

    /// Built by the charts from values they validated.
    pub(crate) fn from_parts(values: Vec<f64>, limits: Vec<ControlLimits>) -> Self {
        Self { values, limits }
    }

    /// The plotted values.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits};
    /// let s = ChartSeries::with_constant_limits(vec![1.0, 2.0], ControlLimits::symmetric(1.5, 1.0)?)?;
    /// assert_eq!(s.values(), &[1.0, 2.0]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The limits of each point.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits};
    /// let l = ControlLimits::symmetric(1.5, 1.0)?;
    /// let s = ChartSeries::with_constant_limits(vec![1.0, 2.0], l)?;
    /// assert_eq!(s.limits(), &[l, l]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn limits(&self) -> &[ControlLimits] {
        &self.limits
    }

    /// The number of points.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits};
    /// let s = ChartSeries::with_constant_limits(vec![], ControlLimits::symmetric(0.0, 1.0)?)?;
    /// assert_eq!(s.len(), 0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the series has no points.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits};
    /// let s = ChartSeries::with_constant_limits(vec![], ControlLimits::symmetric(0.0, 1.0)?)?;
    /// assert!(s.is_empty());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The indices of the points strictly outside their control limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits};
    /// let l = ControlLimits::symmetric(0.0, 1.0)?;
    /// let s = ChartSeries::with_constant_limits(vec![0.0, -3.5, 3.0, 4.0], l)?;
    /// assert_eq!(s.beyond_limits(), vec![1, 3]);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn beyond_limits(&self) -> Vec<usize> {
        self.values
            .iter()
            .zip(&self.limits)
            .enumerate()
            .filter(|(_, (v, l))| l.is_beyond(**v))
            .map(|(i, _)| i)
            .collect()
    }

    /// Evaluates the run rules `rules` and returns every signal, ordered by
    /// the point at which it fires and then by the order of `rules`.
    ///
    /// See [`Rule`] for each rule's exact definition and the convention of
    /// which points are reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::spc::{ChartSeries, ControlLimits, Rule};
    ///
    /// let l = ControlLimits::symmetric(0.0, 1.0)?;
    /// // Nine points above the centre line: Nelson rule 2 fires at the ninth.
    /// let s = ChartSeries::with_constant_limits(vec![0.5; 9], l)?;
    /// let signals = s.signals(&[Rule::Nelson2]);
    /// assert_eq!(signals.len(), 1);
    /// assert_eq!((signals[0].first, signals[0].index), (0, 8));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn signals(&self, rules: &[Rule]) -> Vec<Signal> {
        detect(&self.values, &self.limits, rules)
    }
}

/// The serialised form of [`ControlLimits`], checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlLimitsRepr {
    lower: f64,
    center: f64,
    upper: f64,
    sigma: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<ControlLimitsRepr> for ControlLimits {
    type Error = Error;

    fn try_from(r: ControlLimitsRepr) -> Result<Self> {
        let l = Self::explicit(r.lower, r.center, r.upper, r.sigma);
        l.check()?;
        Ok(l)
    }
}

/// The serialised form of [`ChartSeries`], through [`ChartSeries::new`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartSeriesRepr {
    values: Vec<f64>,
    limits: Vec<ControlLimits>,
}

#[cfg(feature = "serde")]
impl TryFrom<ChartSeriesRepr> for ChartSeries {
    type Error = Error;

    fn try_from(r: ChartSeriesRepr) -> Result<Self> {
        Self::new(r.values, r.limits)
    }
}

/// Checks that a deserialised series equals the one the chart's
/// constructor computes from the same inputs (to 1e-12 of each point's
/// scale): the limits and values must be those of a chart, not any numbers.
pub(crate) fn check_agrees(
    name: &'static str,
    stored: &ChartSeries,
    computed: &ChartSeries,
) -> Result<()> {
    use crate::serde_support::agrees;
    if stored.len() != computed.len() {
        return Err(Error::DimensionMismatch {
            what: format!("points of the serialised {name}"),
            expected: computed.len(),
            found: stored.len(),
        });
    }
    let points = stored
        .values
        .iter()
        .zip(&stored.limits)
        .zip(computed.values.iter().zip(&computed.limits));
    for (i, ((&v, s), (&cv, c))) in points.enumerate() {
        let scale = [c.center, 3.0 * c.sigma, c.lower, c.upper, cv]
            .iter()
            .fold(0.0f64, |m, x| m.max(x.abs()));
        let fields = [
            ("value", v, cv),
            ("lower", s.lower, c.lower),
            ("center", s.center, c.center),
            ("upper", s.upper, c.upper),
            ("sigma", s.sigma, c.sigma),
        ];
        for (field, a, b) in fields {
            if !agrees(a, b, scale) {
                return Err(Error::InvalidParameter {
                    name,
                    value: format!(
                        "point {i}: {field} {} where the chart gives {}",
                        servops_core::CompactFloat(a),
                        servops_core::CompactFloat(b)
                    ),
                    constraint: "as the chart computes from its inputs",
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn invalid(
    name: &'static str,
    value: impl servops_core::MessageValue,
    constraint: &'static str,
) -> Error {
    Error::InvalidParameter {
        name,
        value: value.message_text(),
        constraint,
    }
}

pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(invalid(name, value, "finite"))
    }
}
