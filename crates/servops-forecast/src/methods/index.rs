//! Weighted historical index: same-day-type level times intraday profile.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{apply, by_type, impl_predict, profile, resolve, too_short};
use crate::calendar::DayType;
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::Method;

/// Weights of the last `k` same-type days, most recent first.
///
/// # Examples
///
/// ```
/// use servops_forecast::Weights;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let w = Weights::exponential(0.8)?;
/// assert_eq!(w.weights(3), vec![1.0, 0.8, 0.8 * 0.8]);
/// assert_eq!(Weights::Equal.weights(2), vec![1.0, 1.0]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Weights {
    /// Every day counts the same.
    Equal,
    /// Weights given by the user, most recent day first (missing ones are 0):
    /// finite, >= 0 and not all 0 ([`Weights::custom`] checks;
    /// [`WeightedIndex`]'s `fit` rejects others).
    Custom(Vec<f64>),
    /// `decay^i` for the i-th most recent day (`0 < decay <= 1`;
    /// [`Weights::exponential`] checks, [`WeightedIndex`]'s `fit` rejects
    /// others).
    Exponential(f64),
}

impl Weights {
    /// Exponentially decaying weights.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `0 < decay <= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Weights;
    /// assert!(Weights::exponential(1.5).is_err());
    /// ```
    pub fn exponential(decay: f64) -> Result<Self> {
        Self::Exponential(decay)
            .check()
            .map(|()| Self::Exponential(decay))
    }

    /// The checks of [`exponential`](Self::exponential) and
    /// [`custom`](Self::custom), for weights built from the variants
    /// directly.
    pub(crate) fn check(&self) -> Result<()> {
        match self {
            Self::Equal => Ok(()),
            Self::Exponential(decay) => {
                if !(*decay > 0.0 && *decay <= 1.0) {
                    return Err(invalid("decay", decay, "in (0, 1]"));
                }
                Ok(())
            }
            Self::Custom(weights) => {
                if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0))
                    || !weights.iter().any(|w| *w > 0.0)
                {
                    return Err(invalid(
                        "weights",
                        format!("{weights:?}"),
                        "finite, >= 0 and not all 0",
                    ));
                }
                Ok(())
            }
        }
    }

    /// Custom weights, most recent first.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// every weight is finite and >= 0 and at least one is > 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Weights;
    /// assert!(Weights::custom(vec![0.5, 0.3, 0.2]).is_ok());
    /// assert!(Weights::custom(vec![0.0]).is_err());
    /// ```
    pub fn custom(weights: Vec<f64>) -> Result<Self> {
        let w = Self::Custom(weights);
        w.check()?;
        Ok(w)
    }

    /// The first `n` weights, most recent first.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::Weights;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(Weights::custom(vec![2.0])?.weights(2), vec![2.0, 0.0]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn weights(&self, n: usize) -> Vec<f64> {
        match self {
            Self::Equal => vec![1.0; n],
            Self::Custom(w) => (0..n).map(|i| w.get(i).copied().unwrap_or(0.0)).collect(),
            Self::Exponential(d) => {
                let mut out = Vec::with_capacity(n);
                let mut w = 1.0;
                for _ in 0..n {
                    out.push(w);
                    w *= d;
                }
                out
            }
        }
    }
}

/// Weighted historical index: the daily total of the last `k` complete days
/// of the same day type, weighted (and optionally trimmed), times an
/// intraday profile of that type, what workforce-management suites ship
/// ("average of the last four same weekdays").
///
/// # Formula
///
/// Level `L(T) = Σ w_i y_i / Σ w_i` over the totals `y_1, y_2, …` of the last
/// `k` days of type `T` (most recent first), after dropping the `trim`
/// largest and `trim` smallest. Profile `p(T, s) = Σ_d y(d, s) / Σ_d y(d)`
/// over the last `m` days of type `T`, smoothed with a triangular kernel of
/// half-width `h` slots and renormalised. Forecast `F(d, s) = c(d) L(T) p(T, s)`.
///
/// # Examples
///
/// ```
/// use servops_forecast::{WeightedIndex, Weights};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let m = WeightedIndex::new(6)?
///     .with_weights(Weights::exponential(0.9)?)
///     .with_trim(1)?
///     .with_profile_days(12)?
///     .with_smoothing(1);
/// assert_eq!(m.days(), 6);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Taylor, J. W. (2008), "A comparison of univariate time series methods for
/// forecasting intraday arrivals at a call center", *Management Science*
/// 54(2), 253-265 (historical averages hard to beat beyond 2-3 days).
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedIndex {
    k: usize,
    weights: Weights,
    trim: usize,
    profile_days: usize,
    smoothing: usize,
    pooling: f64,
}

impl WeightedIndex {
    /// Average of the last `k` same-type days, equal weights, no trimming,
    /// the profile from the same `k` days, no smoothing.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if `k == 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// assert!(WeightedIndex::new(4).is_ok());
    /// ```
    pub fn new(k: usize) -> Result<Self> {
        if k == 0 {
            return Err(invalid("number of days", 0, ">= 1"));
        }
        Ok(Self {
            k,
            weights: Weights::Equal,
            trim: 0,
            profile_days: k,
            smoothing: 0,
            pooling: 0.0,
        })
    }

    /// Sets the weights. Build them with [`Weights::exponential`] or
    /// [`Weights::custom`], which check them; weights built from the enum
    /// variants directly are checked by [`fit`](Method::fit) instead.
    ///
    /// # Errors
    ///
    /// None here; [`fit`](Method::fit) returns
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) naming
    /// `decay` or `weights` for weights those constructors would reject
    /// (a negative, infinite or NaN decay; a negative or non-finite weight;
    /// all weights 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{WeightedIndex, Weights};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = WeightedIndex::new(3)?.with_weights(Weights::custom(vec![3.0, 2.0, 1.0])?);
    /// assert_eq!(m.days(), 3);
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    /// Drops the `trim` largest and `trim` smallest totals before weighting.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `2 trim < k` (any `trim` above `usize::MAX / 2` included).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(WeightedIndex::new(4)?.with_trim(2).is_err());
    /// assert!(WeightedIndex::new(4)?.with_trim(usize::MAX / 2 + 1).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_trim(mut self, trim: usize) -> Result<Self> {
        // `2 trim` overflows for trim > usize::MAX / 2: such a trim is
        // never less than half of k either.
        if trim.checked_mul(2).is_none_or(|t| t >= self.k) {
            return Err(invalid("trim", trim, "less than half the number of days"));
        }
        self.trim = trim;
        Ok(self)
    }

    /// Number of same-type days the intraday profile pools.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(WeightedIndex::new(4)?.with_profile_days(0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_profile_days(mut self, m: usize) -> Result<Self> {
        if m == 0 {
            return Err(invalid("profile days", 0, ">= 1"));
        }
        self.profile_days = m;
        Ok(self)
    }

    /// Half-width in slots of the triangular smoothing kernel (0: none).
    /// Every width is accepted: one at least as wide as the day makes the
    /// kernel (nearly) flat, so the profile tends to an even spread over
    /// the open slots.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = WeightedIndex::new(4)?.with_smoothing(2);
    /// assert_eq!(m.days(), 4);
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_smoothing(mut self, half_width: usize) -> Self {
        self.smoothing = half_width;
        self
    }

    /// Blends each day type's profile with the profile pooled over every
    /// day with the same opening hours in the same span of dates:
    /// `p = (1 - λ) p_T + λ p_pooled` (0: no pooling). Regular weekdays share
    /// most of their intraday shape, so pooling lowers the profile's noise.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `0 <= λ <= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(WeightedIndex::new(4)?.with_profile_pooling(0.5).is_ok());
    /// assert!(WeightedIndex::new(4)?.with_profile_pooling(1.5).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_profile_pooling(mut self, lambda: f64) -> Result<Self> {
        if !(0.0..=1.0).contains(&lambda) {
            return Err(invalid("profile pooling", lambda, "in [0, 1]"));
        }
        self.pooling = lambda;
        Ok(self)
    }

    /// Number of days in the level average.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(WeightedIndex::new(8)?.days(), 8);
    /// # Ok(())
    /// # }
    /// ```
    pub fn days(&self) -> usize {
        self.k
    }

    /// The weights of the level average.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{WeightedIndex, Weights};
    /// assert_eq!(WeightedIndex::new(4)?.weights(), &Weights::Equal);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// How many of the largest and of the smallest totals are dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// assert_eq!(WeightedIndex::new(8)?.with_trim(1)?.trim(), 1);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn trim(&self) -> usize {
        self.trim
    }

    /// Number of same-type days the intraday profile pools.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// assert_eq!(WeightedIndex::new(4)?.profile_days(), 4);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn profile_days(&self) -> usize {
        self.profile_days
    }

    /// Half-width of the profile smoothing kernel.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// assert_eq!(WeightedIndex::new(4)?.with_smoothing(1).smoothing(), 1);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn smoothing(&self) -> usize {
        self.smoothing
    }

    /// The profile pooling weight `λ`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// assert_eq!(WeightedIndex::new(4)?.with_profile_pooling(0.5)?.profile_pooling(), 0.5);
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn profile_pooling(&self) -> f64 {
        self.pooling
    }

    /// A fixed grid of conventional settings for best pick to choose from
    /// by a rolling-origin backtest on the history before each origin, so
    /// that no setting is tuned on the period being forecast: `k ∈ {4, 8}`
    /// same-type days (the WFM "last four weeks" and twice that), equal or
    /// exponential weights `δ = 0.85`, the profile from the same `k` days or
    /// from 20, always smoothed over neighbouring slots (`h = 1`). Eight
    /// configurations, most recent-heavy first.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::WeightedIndex;
    /// let grid = WeightedIndex::candidates();
    /// assert_eq!(grid.len(), 8);
    /// assert!(grid.iter().all(|m| m.days() == 4 || m.days() == 8));
    /// ```
    pub fn candidates() -> Vec<Self> {
        let mut out = Vec::with_capacity(8);
        for k in [4usize, 8] {
            for weights in [Weights::Exponential(0.85), Weights::Equal] {
                for m in [k, 20] {
                    out.push(Self {
                        k,
                        weights: weights.clone(),
                        trim: 0,
                        profile_days: m,
                        smoothing: 1,
                        pooling: 0.0,
                    });
                }
            }
        }
        out
    }
}

pub(crate) fn weighted_level(totals: &[f64], weights: &Weights, trim: usize) -> f64 {
    // totals: most recent first
    let w = weights.weights(totals.len());
    let mut pairs: Vec<(f64, f64)> = totals.iter().copied().zip(w).collect();
    if trim > 0 && pairs.len() > 2 * trim {
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        pairs = pairs
            .get(trim..pairs.len() - trim)
            .map(<[(f64, f64)]>::to_vec)
            .unwrap_or_default();
    }
    let (num, den) = pairs
        .iter()
        .fold((0.0, 0.0), |(n, d), (y, w)| (n + y * w, d + w));
    if den > 0.0 {
        num / den
    } else {
        pairs.iter().map(|p| p.0).sum::<f64>() / pairs.len().max(1) as f64
    }
}

/// The profile of `pdays` blended with weight `lambda` toward the profile of
/// every day in `days` with the same opening pattern from the earliest date
/// of `pdays` on.
pub(crate) fn pooled_profile(
    days: &[Day],
    pdays: &[&Day],
    slots: usize,
    smoothing: usize,
    lambda: f64,
) -> Vec<f64> {
    let own = profile(pdays, slots, smoothing);
    if lambda <= 0.0 {
        return own;
    }
    let (Some(first), Some(open)) = (
        pdays.iter().map(|d| d.date).min(),
        pdays.first().map(|d| &d.open),
    ) else {
        return own;
    };
    let pool: Vec<&Day> = days
        .iter()
        .filter(|d| d.date >= first && d.open == *open)
        .collect();
    let pooled = profile(&pool, slots, smoothing);
    own.iter()
        .zip(&pooled)
        .map(|(a, b)| (1.0 - lambda) * a + lambda * b)
        .collect()
}

/// A fitted [`WeightedIndex`]: a level and a profile per day type.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, Method, WeightedIndex};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 7)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(3.0)), Calendar::new(UTC))?;
/// let fitted = WeightedIndex::new(1)?.fit(&h)?;
/// let next = IntervalGrid::new("2026-03-09T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| (v - 3.0).abs() < 1e-9));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedWeightedIndex {
    ctx: Context,
    per_type: BTreeMap<DayType, (f64, Vec<f64>)>,
}

impl Method for WeightedIndex {
    type Fitted = FittedWeightedIndex;
    fn fit(&self, history: &History) -> Result<FittedWeightedIndex> {
        // The variants of `Weights` are public, so weights can reach here
        // without `Weights::exponential` or `Weights::custom`.
        self.weights.check()?;
        let days = history.days();
        if days.is_empty() {
            return Err(too_short("weighted index", 1, 0));
        }
        let slots = history.slots_per_day();
        let mut per_type = BTreeMap::new();
        for (t, idx) in by_type(days) {
            let recent: Vec<&Day> = idx.iter().rev().filter_map(|i| days.get(*i)).collect();
            let totals: Vec<f64> = recent.iter().take(self.k).map(|d| d.total).collect();
            let level = weighted_level(&totals, &self.weights, self.trim);
            let pdays: Vec<&Day> = recent.iter().take(self.profile_days).copied().collect();
            let p = pooled_profile(days, &pdays, slots, self.smoothing, self.pooling);
            per_type.insert(t, (level, p));
        }
        Ok(FittedWeightedIndex {
            ctx: history.context(),
            per_type,
        })
    }
}

impl FittedWeightedIndex {
    fn day(&self, date: NaiveDate, _lead: usize) -> Result<Vec<f64>> {
        let (level, p) = resolve(&self.ctx, &self.per_type, date, "weighted index")?;
        Ok(apply(&self.ctx, date, *level, p))
    }
}

impl_predict!(FittedWeightedIndex);
