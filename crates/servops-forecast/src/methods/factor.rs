//! SVD factor model of the day × interval matrix (Shen & Huang 2008).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{apply, impl_predict, resolve, too_short};
use crate::calendar::DayType;
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::Method;

/// The scale on which [`SvdFactor`] decomposes the day × interval matrix.
///
/// # Examples
///
/// ```
/// use servops_forecast::{FactorScale, SvdFactor};
/// let m = SvdFactor::new().with_scale(FactorScale::Counts);
/// assert_eq!(m.scale(), FactorScale::Counts);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FactorScale {
    /// The counts themselves (the forecast is linear in the history).
    Counts,
    /// The root-unroot transform `y = sqrt(x + 1/4)`, which makes the
    /// variance of a Poisson count nearly constant (about 1/4); the
    /// forecast is transformed back with the bias correction
    /// `x̂ = ŷ² + v − 1/4`, `v` the mean squared in-sample one-step error on
    /// the root scale.
    SquareRoot,
}

/// How [`SvdFactor`] forecasts each day's scores on the shapes.
///
/// # Examples
///
/// ```
/// use servops_forecast::{ScoreModel, SvdFactor};
/// let m = SvdFactor::new().with_score_model(ScoreModel::DayTypeMeans);
/// assert_eq!(m.score_model(), ScoreModel::DayTypeMeans);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ScoreModel {
    /// The (weighted) mean score of the day type: `ξ̂_k = a_k(T)`.
    DayTypeMeans,
    /// The day-type mean plus an AR(1) term on the residual of the last
    /// day: `ξ̂_k = a_k(T) + φ_k^h r_{n,k}` (Shen & Huang's day-of-week
    /// effects with autoregressive scores).
    DayTypeMeansAr1,
}

/// SVD factor model: the matrix of recent days (rows) × open intervals
/// (columns) is decomposed by a singular value decomposition; the first `K`
/// right singular vectors are intraday **shapes**, each day's scores on
/// them are `K` daily time series, forecast with day-type effects and an
/// AR(1) term, and the forecast day is the sum of forecast score × shape.
///
/// Days are grouped by their opening hours (every day type with the same
/// open slots shares the shapes); closed intervals are 0. Unlike a single
/// profile per day type, the shapes let the intraday pattern change with
/// the day's level and type, and every day of every type informs them.
///
/// # Formula
///
/// For one group of days with the same open slots, `Y` is the `n × p`
/// matrix of the last `W` complete days (plus, for every day type with fewer
/// than 4 days among them, its last 4 days) on the chosen scale
/// (`y = x` or `y = sqrt(x + 1/4)`), oldest first:
///
/// ```text
/// Y ≈ Σ_{k=1..K} σ_k u_k v_kᵀ          (truncated SVD)
/// ξ_{i,k} = Y_i · v_k                  (score of day i on shape k)
/// a_k(T)  = Σ_{i: T(i)=T} δ^{n-1-i} ξ_{i,k} / Σ δ^{n-1-i}   (day-type effect)
/// r_{i,k} = ξ_{i,k} − a_k(T(i))
/// φ_k     = clamp(Σ_i r_{i,k} r_{i-1,k} / Σ_i r_{i-1,k}², 0, 1)   (AR(1))
/// ξ̂_k     = a_k(T(d)) + φ_k^h r_{n,k}        (h = lead in open days)
/// ŷ(s)    = Σ_k ξ̂_k v_k(s)
/// F(d, s) = c(d) · max(0, ŷ(s))                           (counts)
/// F(d, s) = c(d) · max(0, max(0, ŷ(s))² + v − 1/4)        (square root)
/// ```
///
/// `v` is the mean squared in-sample one-step error
/// `Y_i − Σ_k (a_k(T(i)) + φ_k r_{i-1,k}) v_kᵀ` on the root scale. The SVD
/// is computed by subspace iteration with Rayleigh-Ritz steps on the smaller
/// Gram matrix (`YᵀY` or `YYᵀ`); components with `σ_k ≤ 10⁻⁶ σ_1` are
/// dropped, so a rank-1 history (a constant) is reproduced exactly. With
/// [`FactorScale::Counts`] the forecast is linear: scaling the history by
/// `c` scales it by `c`.
///
/// # Errors
///
/// [`Method::fit`] returns [`Error::TooShort`](crate::Error::TooShort) for a
/// history without a complete day; forecasting a date whose day type (and
/// fallback) has no day in the history is `TooShort` as well. A forecast
/// that would not be finite (history values near the `f64` limit) is
/// [`Error::InvalidParameter`](crate::Error::InvalidParameter), never a
/// silent 0.
///
/// # Accuracy
///
/// Table 3.1, 3.2 and 3.0c of `docs/forecast.md` give its backtest errors on
/// the bank data next to the other methods.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FactorScale, FittedModel, History, Method, SvdFactor};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Four weeks of hourly counts: a day level that changes, one shape.
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 28)?;
/// let series = IntervalSeries::from_fn(grid, |i, _| {
///     let level = 1.0 + (i / 24 % 7) as f64 * 0.1;
///     Some(level * (10.0 + (i % 24) as f64))
/// });
/// let history = History::new(&series, Calendar::new(UTC))?;
/// let fitted = SvdFactor::new().with_components(2)?.with_scale(FactorScale::Counts).fit(&history)?;
/// // Monday 2026-03-30 (level 1.0) at 05:00: 15 calls.
/// let next = IntervalGrid::new("2026-03-30T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// let forecast = fitted.predict(&next)?;
/// assert!((forecast.values()[5] - 15.0).abs() < 1e-6);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Shen, H. & Huang, J. Z. (2008), "Interday forecasting and intraday
/// updating of call center arrivals", *Manufacturing & Service Operations
/// Management* 10(3), 391-410. Shen, H. & Huang, J. Z. (2005), "Analysis of
/// call centre arrival data using singular value decomposition", *Applied
/// Stochastic Models in Business and Industry* 21, 251-263. Brown et al.
/// (2005), *JASA* 100(469) (the root-unroot transform `sqrt(x + 1/4)`).
#[derive(Debug, Clone, PartialEq)]
pub struct SvdFactor {
    components: usize,
    window: usize,
    decay: f64,
    scale: FactorScale,
    scores: ScoreModel,
}

/// Days of each type kept in the matrix even when older than the window.
const TYPE_DAYS: usize = 4;

impl Default for SvdFactor {
    fn default() -> Self {
        Self::new()
    }
}

impl SvdFactor {
    /// The default settings: `K = 5` shapes, window `W = 100` days per group,
    /// equal weights in the day-type effects (`δ = 1`), square-root scale,
    /// AR(1) on the score residuals: the configuration with the lowest
    /// median APE, one day ahead, on validation days of the US bank data
    /// (`docs/forecast.md`, table 3.0c). For week-ahead forecasts the same
    /// validation favours switching the AR(1) term off.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{FactorScale, SvdFactor};
    /// assert_eq!(SvdFactor::new(), SvdFactor::default());
    /// assert_eq!(SvdFactor::new().components(), 5);
    /// assert_eq!(SvdFactor::new().scale(), FactorScale::SquareRoot);
    /// ```
    pub fn new() -> Self {
        Self {
            components: 5,
            window: 100,
            decay: 1.0,
            scale: FactorScale::SquareRoot,
            scores: ScoreModel::DayTypeMeansAr1,
        }
    }

    /// Sets the number of shapes `K`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `1 <= K <= 20`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::SvdFactor;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SvdFactor::new().with_components(3)?.components(), 3);
    /// assert!(SvdFactor::new().with_components(0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_components(mut self, k: usize) -> Result<Self> {
        if !(1..=20).contains(&k) {
            return Err(invalid("factor components", k, "in 1..=20"));
        }
        self.components = k;
        Ok(self)
    }

    /// Sets the window `W` (the most recent complete days of each group of
    /// days with the same hours) and the decay `δ` of the weights of the
    /// day-type effects (`δ^age`, age in days of the group, 0 for the most
    /// recent).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `W >= 2` and `0 < δ <= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::SvdFactor;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SvdFactor::new().with_window(60, 0.98)?.window(), (60, 0.98));
    /// assert!(SvdFactor::new().with_window(1, 1.0).is_err());
    /// assert!(SvdFactor::new().with_window(60, 0.0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_window(mut self, days: usize, decay: f64) -> Result<Self> {
        if days < 2 {
            return Err(invalid("factor window", days, ">= 2"));
        }
        if !(decay > 0.0 && decay <= 1.0) {
            return Err(invalid("factor decay", decay, "in (0, 1]"));
        }
        self.window = days;
        self.decay = decay;
        Ok(self)
    }

    /// Sets the scale of the decomposition.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{FactorScale, SvdFactor};
    /// assert_eq!(SvdFactor::new().with_scale(FactorScale::Counts).scale(), FactorScale::Counts);
    /// ```
    pub fn with_scale(mut self, scale: FactorScale) -> Self {
        self.scale = scale;
        self
    }

    /// Sets how the scores are forecast (default
    /// [`ScoreModel::DayTypeMeansAr1`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{ScoreModel, SvdFactor};
    /// let m = SvdFactor::new().with_score_model(ScoreModel::DayTypeMeans);
    /// assert_eq!(m.score_model(), ScoreModel::DayTypeMeans);
    /// ```
    pub fn with_score_model(mut self, model: ScoreModel) -> Self {
        self.scores = model;
        self
    }

    /// The number of shapes `K`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::SvdFactor;
    /// assert_eq!(SvdFactor::new().components(), 5);
    /// ```
    pub fn components(&self) -> usize {
        self.components
    }

    /// `(W, δ)`: the window in days and the decay of the day-type effects.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::SvdFactor;
    /// assert_eq!(SvdFactor::new().window(), (100, 1.0));
    /// ```
    pub fn window(&self) -> (usize, f64) {
        (self.window, self.decay)
    }

    /// The scale of the decomposition.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{FactorScale, SvdFactor};
    /// assert_eq!(SvdFactor::new().scale(), FactorScale::SquareRoot);
    /// ```
    pub fn scale(&self) -> FactorScale {
        self.scale
    }

    /// How the scores are forecast.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{ScoreModel, SvdFactor};
    /// assert_eq!(SvdFactor::new().score_model(), ScoreModel::DayTypeMeansAr1);
    /// ```
    pub fn score_model(&self) -> ScoreModel {
        self.scores
    }

    fn forward(&self, x: f64) -> f64 {
        match self.scale {
            FactorScale::Counts => x,
            FactorScale::SquareRoot => (x + 0.25).sqrt(),
        }
    }
}

/// The model of one group of days with the same open slots.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    /// Open slot indices (the matrix columns).
    cols: Vec<usize>,
    /// Shapes `v_k` over `cols`.
    shapes: Vec<Vec<f64>>,
    /// AR(1) coefficient per shape.
    phi: Vec<f64>,
    /// Last residual `r_{n,k}` per shape.
    last: Vec<f64>,
    /// Back-transform bias term `v` (square-root scale).
    bias: f64,
}

/// A fitted [`SvdFactor`]: per group of days with the same hours, the
/// shapes, the AR(1) coefficients and last residuals, and per day type its
/// score effects.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, Method, SvdFactor};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(3.0)), Calendar::new(UTC))?;
/// let fitted = SvdFactor::new().fit(&h)?;
/// assert_eq!(fitted.components(), 1); // a constant history has rank 1
/// let next = IntervalGrid::new("2026-03-16T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| (v - 3.0).abs() < 1e-9));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedSvdFactor {
    ctx: Context,
    scale: FactorScale,
    groups: Vec<Group>,
    /// Per day type: its group and its score effects `a_k(T)`.
    per_type: BTreeMap<DayType, (usize, Vec<f64>)>,
}

impl FittedSvdFactor {
    /// The largest number of shapes kept in any group (at most `K`; fewer
    /// when the history's matrix has lower rank).
    ///
    /// # Examples
    ///
    /// A history whose days are all one shape times a level has rank 1,
    /// whatever `K` allows; a day with another shape adds one.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, FactorScale, History, Method, SvdFactor};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
    /// // Level 1 + day % 3, morning twice the afternoon.
    /// let one = IntervalSeries::from_fn(grid, |i, _| Some((1 + (i / 24) % 3) as f64 * if i % 24 < 12 { 2.0 } else { 1.0 }));
    /// let model = SvdFactor::new().with_components(5)?.with_scale(FactorScale::Counts);
    /// assert_eq!(model.fit(&History::new(&one, Calendar::new(UTC))?)?.components(), 1);
    /// // The same with the shape reversed on every fourth day: rank 2.
    /// let two = IntervalSeries::from_fn(grid, |i, _| {
    ///     let morning = (i % 24 < 12) != ((i / 24) % 4 == 0);
    ///     Some((1 + (i / 24) % 3) as f64 * if morning { 2.0 } else { 1.0 })
    /// });
    /// assert_eq!(model.fit(&History::new(&two, Calendar::new(UTC))?)?.components(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn components(&self) -> usize {
        self.groups
            .iter()
            .map(|g| g.shapes.len())
            .max()
            .unwrap_or(0)
    }

    fn day(&self, date: NaiveDate, lead: usize) -> Result<Vec<f64>> {
        let (gi, effects) = resolve(&self.ctx, &self.per_type, date, "svd factor")?;
        let Some(g) = self.groups.get(*gi) else {
            return Err(too_short("svd factor", 1, 0));
        };
        let h = i32::try_from(lead.max(1)).unwrap_or(i32::MAX);
        let mut y = vec![0.0; g.cols.len()];
        for (k, shape) in g.shapes.iter().enumerate() {
            let a = effects.get(k).copied().unwrap_or(0.0);
            let phi = g.phi.get(k).copied().unwrap_or(0.0);
            let r = g.last.get(k).copied().unwrap_or(0.0);
            let xi = a + phi.powi(h) * r;
            for (acc, v) in y.iter_mut().zip(shape) {
                *acc += xi * v;
            }
        }
        let mut values = vec![0.0; self.ctx.slots];
        for (c, yv) in g.cols.iter().zip(&y) {
            let x = match self.scale {
                FactorScale::Counts => yv.max(0.0),
                FactorScale::SquareRoot => {
                    let r = yv.max(0.0);
                    (r * r + g.bias - 0.25).max(0.0)
                }
            };
            if !x.is_finite() {
                // Only reachable with history values near the f64 limit.
                return Err(invalid(
                    "svd factor forecast",
                    x,
                    "finite (history values too large)",
                ));
            }
            if let Some(slot) = values.get_mut(*c) {
                *slot = x;
            }
        }
        let total: f64 = values.iter().sum();
        if total > 0.0 && total.is_finite() {
            // `apply` takes shares: it renormalises them over the date's
            // open slots and applies the calendar factor.
            values.iter_mut().for_each(|v| *v /= total);
        }
        Ok(apply(&self.ctx, date, total, &values))
    }
}

impl Method for SvdFactor {
    type Fitted = FittedSvdFactor;
    fn fit(&self, history: &History) -> Result<FittedSvdFactor> {
        let days = history.days();
        if days.is_empty() {
            return Err(too_short("svd factor", 1, 0));
        }
        // Groups of days with the same open slots, oldest first.
        let mut groups: BTreeMap<&[bool], Vec<usize>> = BTreeMap::new();
        for (i, d) in days.iter().enumerate() {
            groups.entry(d.open.as_slice()).or_default().push(i);
        }
        let mut fitted_groups = Vec::new();
        // Per type: (date of its latest day, group, effects).
        let mut per_type: BTreeMap<DayType, (NaiveDate, usize, Vec<f64>)> = BTreeMap::new();
        for (open, idx) in &groups {
            let cols: Vec<usize> = open
                .iter()
                .enumerate()
                .filter_map(|(s, o)| o.then_some(s))
                .collect();
            if cols.is_empty() {
                continue;
            }
            let rows = select_rows(days, idx, self.window);
            let (group, effects) = self.fit_group(days, &rows, cols);
            let gi = fitted_groups.len();
            fitted_groups.push(group);
            for (t, (latest, a)) in effects {
                let replace = per_type.get(&t).is_none_or(|(d, _, _)| latest > *d);
                if replace {
                    per_type.insert(t, (latest, gi, a));
                }
            }
        }
        if fitted_groups.is_empty() {
            return Err(too_short("svd factor", 1, 0));
        }
        Ok(FittedSvdFactor {
            ctx: history.context(),
            scale: self.scale,
            groups: fitted_groups,
            per_type: per_type
                .into_iter()
                .map(|(t, (_, g, a))| (t, (g, a)))
                .collect(),
        })
    }
}

/// The last `window` days of a group plus, for every day type with fewer
/// than [`TYPE_DAYS`] of them, its last `TYPE_DAYS` days; oldest first.
fn select_rows(days: &[Day], idx: &[usize], window: usize) -> Vec<usize> {
    let start = idx.len().saturating_sub(window);
    let recent = idx.get(start..).unwrap_or(&[]);
    let mut count: BTreeMap<&DayType, usize> = BTreeMap::new();
    for i in recent {
        if let Some(d) = days.get(*i) {
            *count.entry(&d.day_type).or_default() += 1;
        }
    }
    let mut extra: BTreeMap<&DayType, usize> = BTreeMap::new();
    let mut rows: Vec<usize> = recent.to_vec();
    for i in idx.get(..start).unwrap_or(&[]).iter().rev() {
        let Some(d) = days.get(*i) else { continue };
        let have = count.get(&d.day_type).copied().unwrap_or(0);
        let added = extra.entry(&d.day_type).or_default();
        if have + *added < TYPE_DAYS {
            *added += 1;
            rows.push(*i);
        }
    }
    rows.sort_unstable();
    rows
}

impl SvdFactor {
    /// Fits one group: returns the group model and, per day type, the date
    /// of its latest day and its score effects.
    fn fit_group(
        &self,
        days: &[Day],
        rows: &[usize],
        cols: Vec<usize>,
    ) -> (Group, BTreeMap<DayType, (NaiveDate, Vec<f64>)>) {
        let sel: Vec<&Day> = rows.iter().filter_map(|i| days.get(*i)).collect();
        let y: Vec<Vec<f64>> = sel
            .iter()
            .map(|d| {
                cols.iter()
                    .map(|c| self.forward(d.values.get(*c).copied().unwrap_or(0.0)))
                    .collect()
            })
            .collect();
        let shapes = right_singular_vectors(&y, self.components);
        let n = sel.len();
        // Scores ξ_{i,k}.
        let scores: Vec<Vec<f64>> = shapes
            .iter()
            .map(|v| y.iter().map(|row| dot(row, v)).collect())
            .collect();
        // Day-type effects with weights δ^age.
        let mut effects: BTreeMap<DayType, (NaiveDate, Vec<f64>)> = BTreeMap::new();
        let mut wsum: BTreeMap<DayType, f64> = BTreeMap::new();
        let k_n = shapes.len();
        let mut w = 1.0;
        for (i, d) in sel.iter().enumerate().rev() {
            let e = effects
                .entry(d.day_type.clone())
                .or_insert_with(|| (d.date, vec![0.0; k_n]));
            for (k, acc) in e.1.iter_mut().enumerate() {
                *acc += w * scores.get(k).and_then(|s| s.get(i)).copied().unwrap_or(0.0);
            }
            *wsum.entry(d.day_type.clone()).or_default() += w;
            w *= self.decay;
            if w < 1e-300 {
                w = 1e-300;
            }
        }
        for (t, (_, a)) in &mut effects {
            let s = wsum.get(t).copied().unwrap_or(0.0);
            if s > 0.0 {
                a.iter_mut().for_each(|x| *x /= s);
            }
        }
        // Residuals and AR(1).
        let resid: Vec<Vec<f64>> = (0..k_n)
            .map(|k| {
                sel.iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let xi = scores.get(k).and_then(|s| s.get(i)).copied().unwrap_or(0.0);
                        let a = effects
                            .get(&d.day_type)
                            .and_then(|(_, a)| a.get(k))
                            .copied()
                            .unwrap_or(0.0);
                        xi - a
                    })
                    .collect()
            })
            .collect();
        let phi: Vec<f64> = resid
            .iter()
            .map(|r| {
                if self.scores == ScoreModel::DayTypeMeans {
                    return 0.0;
                }
                // φ does not depend on the residuals' scale: divide by the
                // largest so that no square overflows.
                let big = r.iter().fold(0.0f64, |acc, x| acc.max(x.abs()));
                if !(big > 0.0 && big.is_finite()) {
                    return 0.0;
                }
                let (mut num, mut den) = (0.0, 0.0);
                for pair in r.windows(2) {
                    if let [a, b] = pair {
                        num += (a / big) * (b / big);
                        den += (a / big) * (a / big);
                    }
                }
                let scale: f64 = r
                    .iter()
                    .map(|x| (x / big) * (x / big))
                    .sum::<f64>()
                    .max(f64::MIN_POSITIVE);
                let phi = num / den;
                if den > 1e-12 * scale && phi.is_finite() {
                    phi.clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        let last: Vec<f64> = resid
            .iter()
            .map(|r| r.last().copied().unwrap_or(0.0))
            .collect();
        // Mean squared in-sample one-step error (for the root back-transform).
        let bias = if self.scale == FactorScale::SquareRoot && n > 0 {
            let mut se = 0.0;
            let mut count = 0usize;
            for (i, (d, row)) in sel.iter().zip(&y).enumerate() {
                let mut fit = vec![0.0; row.len()];
                for (k, v) in shapes.iter().enumerate() {
                    let a = effects
                        .get(&d.day_type)
                        .and_then(|(_, a)| a.get(k))
                        .copied()
                        .unwrap_or(0.0);
                    let prev = if i > 0 {
                        resid
                            .get(k)
                            .and_then(|r| r.get(i - 1))
                            .copied()
                            .unwrap_or(0.0)
                    } else {
                        0.0
                    };
                    let xi = a + phi.get(k).copied().unwrap_or(0.0) * prev;
                    for (f, vv) in fit.iter_mut().zip(v) {
                        *f += xi * vv;
                    }
                }
                for (f, a) in fit.iter().zip(row) {
                    se += (a - f).powi(2);
                    count += 1;
                }
            }
            if count > 0 { se / count as f64 } else { 0.0 }
        } else {
            0.0
        };
        let types = effects;
        (
            Group {
                cols,
                shapes,
                phi,
                last,
                bias,
            },
            types,
        )
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The first `k` right singular vectors of the `n × p` matrix `y` (rows of
/// equal length), with singular values above `10⁻⁶ σ_1` (below that the rounding of the Gram matrix, about `10⁻¹⁶ λ_1`, dominates).
fn right_singular_vectors(y: &[Vec<f64>], k: usize) -> Vec<Vec<f64>> {
    let n = y.len();
    let p = y.first().map_or(0, Vec::len);
    if n == 0 || p == 0 {
        return vec![];
    }
    let m = n.min(p);
    let k = k.min(m);
    // Shapes do not depend on the matrix's scale: divide by its largest
    // entry so that the Gram matrix cannot overflow for any finite input.
    let big = y.iter().flatten().fold(0.0f64, |acc, x| acc.max(x.abs()));
    if !(big > 0.0 && big.is_finite()) {
        return vec![];
    }
    let scaled: Vec<Vec<f64>> = y
        .iter()
        .map(|row| row.iter().map(|x| x / big).collect())
        .collect();
    let y = scaled.as_slice();
    // Gram matrix of the smaller side.
    let gram: Vec<Vec<f64>> = if p <= n {
        let mut g = vec![vec![0.0; p]; p];
        for row in y {
            for (a, ra) in row.iter().enumerate() {
                if *ra == 0.0 {
                    continue;
                }
                if let Some(ga) = g.get_mut(a) {
                    for (gab, rb) in ga.iter_mut().zip(row).skip(a) {
                        *gab += ra * rb;
                    }
                }
            }
        }
        symmetrise(g)
    } else {
        let mut g = vec![vec![0.0; n]; n];
        for (a, ra) in y.iter().enumerate() {
            if let Some(ga) = g.get_mut(a) {
                for (gab, rb) in ga.iter_mut().zip(y).skip(a) {
                    *gab = dot(ra, rb);
                }
            }
        }
        symmetrise(g)
    };
    let (values, vectors) = top_eigen(&gram, k);
    let top = values.first().copied().unwrap_or(0.0);
    if top <= 0.0 || !top.is_finite() {
        return vec![];
    }
    let mut out = Vec::new();
    for (lambda, q) in values.iter().zip(&vectors) {
        // σ_k > 1e-6 σ_1  <=>  λ_k > 1e-12 λ_1 (the Gram rounding is ~1e-16 λ_1).
        if *lambda <= 1e-12 * top {
            break;
        }
        let v = if p <= n {
            q.clone()
        } else {
            // v = Yᵀ u / σ.
            let sigma = lambda.sqrt();
            let mut v = vec![0.0; p];
            for (row, u) in y.iter().zip(q) {
                for (vj, yj) in v.iter_mut().zip(row) {
                    *vj += yj * u / sigma;
                }
            }
            v
        };
        out.push(v);
    }
    out
}

fn symmetrise(mut g: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let m = g.len();
    for a in 0..m {
        for b in 0..a {
            let v = g.get(b).and_then(|r| r.get(a)).copied().unwrap_or(0.0);
            if let Some(x) = g.get_mut(a).and_then(|r| r.get_mut(b)) {
                *x = v;
            }
        }
    }
    g
}

/// The fraction of a vector's length below which what is left of it after
/// Gram-Schmidt counts as rounding (see [`orthonormalise`]). Two passes
/// keep a remainder of at least this size orthogonal to the others to
/// working precision.
const COLLAPSE: f64 = 1e-12;

/// `g · q` for a symmetric `m × m` matrix and a block of column vectors
/// (stored as rows of `q`).
fn mul_block(g: &[Vec<f64>], q: &[Vec<f64>]) -> Vec<Vec<f64>> {
    q.iter()
        .map(|col| g.iter().map(|row| dot(row, col)).collect())
        .collect()
}

/// Orthonormalises the vectors in place (modified Gram-Schmidt, twice);
/// a vector that collapses is replaced by a unit vector orthogonal to the
/// others.
///
/// A vector collapses when what is left after projecting out the others
/// is at most [`COLLAPSE`] of its length: below that the remainder is
/// mostly rounding (about `1e-16` of the length), and normalising it would
/// make a vector far from orthogonal to the others.
fn orthonormalise(q: &mut [Vec<f64>]) {
    let m = q.first().map_or(0, Vec::len);
    for j in 0..q.len() {
        let before = q.get(j).map_or(0.0, |v| dot(v, v).sqrt());
        for _pass in 0..2 {
            for i in 0..j {
                let (head, tail) = q.split_at_mut(j);
                if let (Some(qi), Some(qj)) = (head.get(i), tail.first_mut()) {
                    let c = dot(qi, qj);
                    for (x, y) in qj.iter_mut().zip(qi) {
                        *x -= c * y;
                    }
                }
            }
        }
        let norm = q.get(j).map_or(0.0, |v| dot(v, v).sqrt());
        if norm > 1e-300 && norm > COLLAPSE * before {
            if let Some(v) = q.get_mut(j) {
                v.iter_mut().for_each(|x| *x /= norm);
            }
        } else {
            // Replace by the first unit vector nearly orthogonal to the rest.
            for e in 0..m {
                let mut cand = vec![0.0; m];
                if let Some(x) = cand.get_mut(e) {
                    *x = 1.0;
                }
                for i in 0..j {
                    if let Some(qi) = q.get(i) {
                        let c = dot(qi, &cand);
                        for (x, y) in cand.iter_mut().zip(qi) {
                            *x -= c * y;
                        }
                    }
                }
                let nn = dot(&cand, &cand).sqrt();
                if nn > 0.5 {
                    cand.iter_mut().for_each(|x| *x /= nn);
                    if let Some(v) = q.get_mut(j) {
                        *v = cand;
                    }
                    break;
                }
            }
        }
    }
}

/// The `k` largest eigenvalues (descending) and eigenvectors of a symmetric
/// positive semi-definite matrix, by subspace iteration with Rayleigh-Ritz
/// steps on a block of `k + 4` vectors.
fn top_eigen(g: &[Vec<f64>], k: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let m = g.len();
    let b = (k + 4).min(m);
    if b == 0 {
        return (vec![], vec![]);
    }
    // Deterministic start: the all-ones vector (the level) and smooth waves.
    let mut q: Vec<Vec<f64>> = (0..b)
        .map(|j| {
            (0..m)
                .map(|i| {
                    if j == 0 {
                        1.0
                    } else {
                        let t = (i as f64 + 0.5) / m as f64;
                        (std::f64::consts::PI * j as f64 * t).cos()
                            + 0.01 * ((i * 7 + j * 13) % 11) as f64
                    }
                })
                .collect()
        })
        .collect();
    orthonormalise(&mut q);
    let scale: f64 = (0..m)
        .map(|i| g.get(i).and_then(|r| r.get(i)).copied().unwrap_or(0.0))
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    let mut lambdas = vec![0.0; b];
    for _iter in 0..500 {
        let mut z = mul_block(g, &q);
        orthonormalise(&mut z);
        // Rayleigh-Ritz: H = Zᵀ G Z.
        let gz = mul_block(g, &z);
        let h: Vec<Vec<f64>> = z
            .iter()
            .map(|zi| gz.iter().map(|gzj| dot(zi, gzj)).collect())
            .collect();
        let (vals, vecs) = jacobi_eigen(h);
        // Rotate: q_j = Σ_i vecs[j][i] z_i, and g q_j likewise.
        let rotate = |src: &[Vec<f64>]| -> Vec<Vec<f64>> {
            vecs.iter()
                .map(|w| {
                    let mut out = vec![0.0; m];
                    for (wi, zi) in w.iter().zip(src) {
                        for (o, x) in out.iter_mut().zip(zi) {
                            *o += wi * x;
                        }
                    }
                    out
                })
                .collect()
        };
        q = rotate(&z);
        let gq = rotate(&gz);
        lambdas = vals;
        // Converged when the residuals of the wanted pairs are tiny.
        let worst = (0..k.min(b))
            .map(|j| {
                let lam = lambdas.get(j).copied().unwrap_or(0.0);
                match (q.get(j), gq.get(j)) {
                    (Some(qj), Some(gj)) => gj
                        .iter()
                        .zip(qj)
                        .map(|(a, x)| (a - lam * x).powi(2))
                        .sum::<f64>()
                        .sqrt(),
                    _ => 0.0,
                }
            })
            .fold(0.0, f64::max);
        if worst <= 1e-10 * scale {
            break;
        }
    }
    lambdas.truncate(k);
    q.truncate(k);
    (lambdas, q)
}

/// Eigenvalues (descending) and eigenvectors (as rows) of a small symmetric
/// matrix by cyclic Jacobi rotations.
fn jacobi_eigen(mut a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    // v[j] is the j-th eigenvector (row-wise).
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let get = |a: &Vec<Vec<f64>>, i: usize, j: usize| {
        a.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0)
    };
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |j| *j != i).map(move |j| (i, j)))
            .map(|(i, j)| get(&a, i, j).powi(2))
            .sum();
        let diag: f64 = (0..n).map(|i| get(&a, i, i).powi(2)).sum();
        if off <= 1e-30 * diag.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..n {
            for r in (p + 1)..n {
                let apr = get(&a, p, r);
                if apr == 0.0 {
                    continue;
                }
                let app = get(&a, p, p);
                let arr = get(&a, r, r);
                let theta = (arr - app) / (2.0 * apr);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // A ← Jᵀ A J on rows/cols p, r.
                for i in 0..n {
                    let aip = get(&a, i, p);
                    let air = get(&a, i, r);
                    if let Some(row) = a.get_mut(i) {
                        if let Some(x) = row.get_mut(p) {
                            *x = c * aip - s * air;
                        }
                        if let Some(x) = row.get_mut(r) {
                            *x = s * aip + c * air;
                        }
                    }
                }
                for i in 0..n {
                    let api = get(&a, p, i);
                    let ari = get(&a, r, i);
                    if let Some(x) = a.get_mut(p).and_then(|row| row.get_mut(i)) {
                        *x = c * api - s * ari;
                    }
                    if let Some(x) = a.get_mut(r).and_then(|row| row.get_mut(i)) {
                        *x = s * api + c * ari;
                    }
                }
                // Eigenvectors: columns p, r of V (stored as rows p, r).
                let (vp, vr) = (v.get(p).cloned(), v.get(r).cloned());
                if let (Some(vp), Some(vr)) = (vp, vr) {
                    let np: Vec<f64> = vp.iter().zip(&vr).map(|(x, y)| c * x - s * y).collect();
                    let nr: Vec<f64> = vp.iter().zip(&vr).map(|(x, y)| s * x + c * y).collect();
                    if let Some(x) = v.get_mut(p) {
                        *x = np;
                    }
                    if let Some(x) = v.get_mut(r) {
                        *x = nr;
                    }
                }
            }
        }
    }
    let mut pairs: Vec<(f64, Vec<f64>)> = (0..n)
        .map(|i| (get(&a, i, i), v.get(i).cloned().unwrap_or_default()))
        .collect();
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    pairs.into_iter().unzip()
}

impl_predict!(FittedSvdFactor);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_rank_one_matrix_with_a_full_block() {
        // 51 · 1 1ᵀ (3 × 3): eigenvalues 153 (vector 1/√3) and 0 twice, by
        // hand. The block holds all three vectors, and G q of the two
        // starts orthogonal to 1 is 1 again: before, the rounding left
        // after projecting it out was normalised as if it were a
        // direction, the block was not orthonormal, and the top
        // eigenvalue came out 459 after 500 iterations.
        let g = vec![vec![51.0; 3]; 3];
        let (vals, vecs) = top_eigen(&g, 3);
        assert!((vals[0] - 153.0).abs() < 1e-9, "{vals:?}");
        assert!(vals[1].abs() < 1e-9 && vals[2].abs() < 1e-9, "{vals:?}");
        for (i, a) in vecs.iter().enumerate() {
            for (j, b) in vecs.iter().enumerate() {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((dot(a, b) - want).abs() < 1e-9, "{i} {j}: {vecs:?}");
            }
        }
        let s = 1.0 / 3.0f64.sqrt();
        assert!(
            vecs[0].iter().all(|x| (x.abs() - s).abs() < 1e-9),
            "{vecs:?}"
        );
    }

    #[test]
    fn eigen_of_known_matrix() {
        // diag(5, 3, 1) rotated: eigenvalues 5, 3, 1.
        let g = vec![
            vec![4.0, 1.0, 0.0],
            vec![1.0, 4.0, 0.0],
            vec![0.0, 0.0, 1.0],
        ];
        let (vals, vecs) = top_eigen(&g, 2);
        assert!((vals[0] - 5.0).abs() < 1e-9 && (vals[1] - 3.0).abs() < 1e-9);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vecs[0][0].abs() - s).abs() < 1e-9 && vecs[0][2].abs() < 1e-9);
    }

    #[test]
    fn rank_two_matrix_is_reproduced() {
        let y: Vec<Vec<f64>> = (0..12)
            .map(|i| {
                (0..7)
                    .map(|j| {
                        (1.0 + i as f64) * (2.0 + j as f64) + (i % 3) as f64 * (j as f64).sin()
                    })
                    .collect()
            })
            .collect();
        for yy in [y.clone(), y.iter().take(5).cloned().collect()] {
            let v = right_singular_vectors(&yy, 3);
            assert!(v.len() >= 2);
            for row in &yy {
                let mut rec = [0.0; 7];
                for vk in &v {
                    let s = dot(row, vk);
                    for (r, x) in rec.iter_mut().zip(vk) {
                        *r += s * x;
                    }
                }
                for (a, b) in rec.iter().zip(row) {
                    assert!((a - b).abs() < 1e-8, "{a} {b}");
                }
            }
        }
    }
}
