//! Level × shape: a recent day level, day-type factors from a longer window
//! and an intraday profile shrunk toward similar day types.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{apply, by_type, impl_predict, profile, resolve, too_short};
use crate::Weights;
use crate::calendar::DayType;
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::Method;
use crate::methods::index::weighted_level;

/// Level × shape: the daily total is a recent **day level** times a
/// **day-type factor** estimated on a longer window, and the intraday
/// profile of each day type is shrunk toward the profile pooled over the
/// day types of similar shape.
///
/// Separating the level from the weekly shape lets the level follow the
/// most recent days of every type (not only the last few of the same
/// type), while each factor and profile averages many more days, which
/// lowers their noise (small counts per interval make single-type profiles
/// noisy).
///
/// # Formula
///
/// With `Y(d)` the total of complete day `d`, `T(d)` its type and `b(d)` its
/// 7-day block (Sunday to Saturday: `⌊days since 0000-12-31 / 7⌋`, chrono's
/// `num_days_from_ce`), alternate four times from `f_T = 1`:
///
/// ```text
/// W_b   = Σ_{d ∈ b} Y(d) / Σ_{d ∈ b} f_T(d)                 block level
/// f_T   = trimmed mean of Y(d) / W_b(d) over the last K days of type T
/// z(d)  = Y(d) / f_T(d)                                      deseasonalised total
/// L     = Σ_i δ^i z_i / Σ_i δ^i  over the last n complete days (i = 0 most recent)
/// p_T   = (1 - λ) p_T^own + λ p_T^pool
/// F(d, s) = c(d) · L · f_T(d) · p_T(d)(s)
/// ```
///
/// `p_T^own` is the volume-weighted profile of the last `m` days of type
/// `T` and `p_T^pool` that of the last `m` days of every type `U` with the
/// same opening hours whose own profile lies within total-variation
/// distance `τ` of `T`'s (`½ Σ_s |p_T(s) - p_U(s)| ≤ τ`; `T` itself
/// included); both are smoothed with a triangular kernel of half-width `h`
/// slots. A date of a type absent from the history uses its fallback type.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, LevelShape, Method};
/// use servops_forecast::chrono::NaiveDate;
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let first = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?; // a Monday
/// let grid = IntervalGrid::local_days(first, 28, Duration::from_secs(3600), UTC)?;
/// // Weekends carry half the weekday volume; a flat intraday shape.
/// let series = IntervalSeries::from_fn(grid, |i, _| Some(if (i / 24) % 7 >= 5 { 5.0 } else { 10.0 }));
/// let history = History::new(&series, Calendar::new(UTC))?;
/// let fitted = LevelShape::new().fit(&history)?;
/// let saturday = fitted.forecast_day(NaiveDate::from_ymd_opt(2026, 4, 4).ok_or("date")?, 6)?;
/// assert!((saturday[9] - 5.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Weinberg, J., Brown, L. D. & Stroud, J. R. (2007), "Bayesian forecasting
/// of an inhomogeneous Poisson process with applications to call center
/// data", *JASA* 102(480) (day level × day-of-week × intraday profile);
/// Shen, H. & Huang, J. Z. (2008), *MSOM* 10(3) (day level and shape
/// separated); Hyndman & Athanasopoulos, *FPP3* section 3.4 (ratio to moving
/// average decomposition).
#[derive(Debug, Clone, PartialEq)]
pub struct LevelShape {
    level_days: usize,
    decay: f64,
    factor_days: usize,
    trim: usize,
    profile_days: usize,
    smoothing: usize,
    pooling: f64,
    similarity: f64,
}

impl Default for LevelShape {
    fn default() -> Self {
        Self::new()
    }
}

impl LevelShape {
    /// The default settings: level from the last `n = 40` days with equal
    /// weights (`δ = 1`), factors from the last `K = 32` days of each type
    /// trimmed by 1 on each side, profile from `m = 20` days per type,
    /// smoothing `h = 1`, pooling `λ = 0.3` over types within `τ = 0.05`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// assert_eq!(LevelShape::new(), LevelShape::default());
    /// assert_eq!(LevelShape::new().level_days(), 40);
    /// ```
    pub fn new() -> Self {
        Self {
            level_days: 40,
            decay: 1.0,
            factor_days: 32,
            trim: 1,
            profile_days: 20,
            smoothing: 1,
            pooling: 0.3,
            similarity: 0.05,
        }
    }

    /// A fixed grid of level windows for best pick to choose from on the
    /// history before each origin: `(n, δ) ∈ {(10, 0.9), (20, 0.9),
    /// (40, 1), (60, 0.97)}`, the other settings as in [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// let grid = LevelShape::candidates();
    /// assert_eq!(grid.len(), 4);
    /// assert!(grid.contains(&LevelShape::new()));
    /// ```
    pub fn candidates() -> Vec<Self> {
        [(10usize, 0.9), (20, 0.9), (40, 1.0), (60, 0.97)]
            .into_iter()
            .map(|(n, d)| Self {
                level_days: n,
                decay: d,
                ..Self::new()
            })
            .collect()
    }

    /// Sets the level window `n` (complete days of any type) and the decay
    /// `δ` of its weights.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `n >= 1` and `0 < δ <= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(LevelShape::new().with_level(5, 0.8)?.level_days(), 5);
    /// assert!(LevelShape::new().with_level(0, 0.8).is_err());
    /// assert!(LevelShape::new().with_level(5, 1.2).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_level(mut self, days: usize, decay: f64) -> Result<Self> {
        if days == 0 {
            return Err(invalid("level days", 0, ">= 1"));
        }
        if !(decay > 0.0 && decay <= 1.0) {
            return Err(invalid("level decay", decay, "in (0, 1]"));
        }
        self.level_days = days;
        self.decay = decay;
        Ok(self)
    }

    /// Sets the factor window `K` (days of each type) and the number of
    /// largest and smallest ratios dropped on each side (used only when more
    /// than `2 trim` days are available).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `K >= 1` and `2 trim < K` (any `trim` above `usize::MAX / 2`
    /// included).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(LevelShape::new().with_factors(8, 2).is_ok());
    /// assert!(LevelShape::new().with_factors(4, 2).is_err());
    /// assert!(LevelShape::new().with_factors(32, usize::MAX / 2 + 1).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_factors(mut self, days: usize, trim: usize) -> Result<Self> {
        if days == 0 {
            return Err(invalid("factor days", 0, ">= 1"));
        }
        // `2 trim` overflows for trim > usize::MAX / 2: such a trim is
        // never less than half of the factor days either.
        if trim.checked_mul(2).is_none_or(|t| t >= days) {
            return Err(invalid("trim", trim, "less than half the factor days"));
        }
        self.factor_days = days;
        self.trim = trim;
        Ok(self)
    }

    /// Sets the profile: `m` days per type, smoothing half-width `h`,
    /// pooling weight `λ` and the similarity radius `τ` (total-variation
    /// distance) of the types pooled. Every `h` is accepted: one at least
    /// as wide as the day makes the kernel (nearly) flat.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `m >= 1`, `0 <= λ <= 1` and `0 <= τ <= 1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(LevelShape::new().with_profile(20, 1, 0.5, 0.1).is_ok());
    /// assert!(LevelShape::new().with_profile(20, 1, 1.5, 0.1).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_profile(
        mut self,
        days: usize,
        smoothing: usize,
        pooling: f64,
        similarity: f64,
    ) -> Result<Self> {
        if days == 0 {
            return Err(invalid("profile days", 0, ">= 1"));
        }
        if !(0.0..=1.0).contains(&pooling) {
            return Err(invalid("profile pooling", pooling, "in [0, 1]"));
        }
        if !(0.0..=1.0).contains(&similarity) {
            return Err(invalid("profile similarity", similarity, "in [0, 1]"));
        }
        self.profile_days = days;
        self.smoothing = smoothing;
        self.pooling = pooling;
        self.similarity = similarity;
        Ok(self)
    }

    /// Number of days in the level average.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// assert_eq!(LevelShape::new().level_days(), 40);
    /// ```
    pub fn level_days(&self) -> usize {
        self.level_days
    }

    /// `(days, decay)` of the level ([`with_level`](Self::with_level)).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// assert_eq!(LevelShape::new().with_level(20, 0.9)?.level_settings(), (20, 0.9));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn level_settings(&self) -> (usize, f64) {
        (self.level_days, self.decay)
    }

    /// `(days, trim)` of the day-type factors
    /// ([`with_factors`](Self::with_factors)).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// assert_eq!(LevelShape::new().with_factors(16, 2)?.factor_settings(), (16, 2));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn factor_settings(&self) -> (usize, usize) {
        (self.factor_days, self.trim)
    }

    /// `(days, smoothing, pooling, similarity)` of the profile
    /// ([`with_profile`](Self::with_profile)).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::LevelShape;
    /// let m = LevelShape::new().with_profile(10, 2, 0.5, 0.1)?;
    /// assert_eq!(m.profile_settings(), (10, 2, 0.5, 0.1));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn profile_settings(&self) -> (usize, usize, f64, f64) {
        (
            self.profile_days,
            self.smoothing,
            self.pooling,
            self.similarity,
        )
    }
}

/// Total-variation distance of two profiles.
fn tv(a: &[f64], b: &[f64]) -> f64 {
    0.5 * a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>()
}

fn block(d: NaiveDate) -> i32 {
    d.num_days_from_ce().div_euclid(7)
}

/// Day-type factors by alternating block levels and trimmed ratios.
fn factors(
    days: &[Day],
    types: &BTreeMap<DayType, Vec<usize>>,
    k: usize,
    trim: usize,
) -> BTreeMap<DayType, f64> {
    let mut f: BTreeMap<DayType, f64> = types.keys().map(|t| (t.clone(), 1.0)).collect();
    let blocks: Vec<i32> = days.iter().map(|d| block(d.date)).collect();
    for _ in 0..4 {
        // Block levels W_b = Σ Y / Σ f.
        let mut sums: BTreeMap<i32, (f64, f64)> = BTreeMap::new();
        for (d, b) in days.iter().zip(&blocks) {
            let fd = f.get(&d.day_type).copied().unwrap_or(1.0);
            let e = sums.entry(*b).or_insert((0.0, 0.0));
            e.0 += d.total;
            e.1 += fd;
        }
        let w = |b: i32| {
            sums.get(&b)
                .and_then(|(y, s)| (*s > 0.0).then_some(y / s))
                .unwrap_or(0.0)
        };
        let mut next = BTreeMap::new();
        for (t, idx) in types {
            let ratios: Vec<f64> = idx
                .iter()
                .rev()
                .filter_map(|i| {
                    let d = days.get(*i)?;
                    let wb = w(*blocks.get(*i)?);
                    (wb > 0.0).then(|| d.total / wb)
                })
                .take(k)
                .collect();
            let trim_here = if ratios.len() > 2 * trim { trim } else { 0 };
            let v = if ratios.is_empty() {
                1.0
            } else {
                weighted_level(&ratios, &Weights::Equal, trim_here)
            };
            next.insert(t.clone(), v);
        }
        // Normalise to mean 1 over the days of the history.
        let mean = days
            .iter()
            .map(|d| next.get(&d.day_type).copied().unwrap_or(1.0))
            .sum::<f64>()
            / days.len().max(1) as f64;
        if mean > 0.0 && mean.is_finite() {
            next.values_mut().for_each(|v| *v /= mean);
        }
        f = next;
    }
    f
}

/// A fitted [`LevelShape`]: the level, and a factor and profile per type.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, LevelShape, Method};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(3.0)), Calendar::new(UTC))?;
/// let fitted = LevelShape::new().fit(&h)?;
/// assert!((fitted.level() - 72.0).abs() < 1e-9);
/// let next = IntervalGrid::new("2026-03-16T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| (v - 3.0).abs() < 1e-9));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedLevelShape {
    ctx: Context,
    level: f64,
    per_type: BTreeMap<DayType, (f64, Vec<f64>)>,
}

impl FittedLevelShape {
    /// The day level `L` (deseasonalised daily total).
    ///
    /// # Examples
    ///
    /// Two weeks (two whole Sunday-to-Saturday blocks) of 4 calls an hour
    /// on weekdays and 2 at weekends: the day-type factors average 1 over
    /// the days, so the level is the mean daily total,
    /// (5 × 96 + 2 × 48) / 7 = 576 / 7.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, History, LevelShape, Method};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// // 2026-03-01 is a Sunday.
    /// let grid = IntervalGrid::new("2026-03-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
    /// let s = IntervalSeries::from_fn(grid, |i, _| Some(if (1..=5).contains(&((i / 24) % 7)) { 4.0 } else { 2.0 }));
    /// let fitted = LevelShape::new().fit(&History::new(&s, Calendar::new(UTC))?)?;
    /// assert!((fitted.level() - 576.0 / 7.0).abs() < 1e-9);
    /// # Ok(())
    /// # }
    /// ```
    pub fn level(&self) -> f64 {
        self.level
    }

    fn day(&self, date: NaiveDate, _lead: usize) -> Result<Vec<f64>> {
        let (f, p) = resolve(&self.ctx, &self.per_type, date, "level x shape")?;
        Ok(apply(&self.ctx, date, self.level * f, p))
    }
}

impl Method for LevelShape {
    type Fitted = FittedLevelShape;
    fn fit(&self, history: &History) -> Result<FittedLevelShape> {
        let days = history.days();
        if days.is_empty() {
            return Err(too_short("level x shape", 1, 0));
        }
        let slots = history.slots_per_day();
        let types = by_type(days);
        let f = factors(days, &types, self.factor_days, self.trim);
        // Level: decayed mean of the deseasonalised totals, most recent first.
        let (mut num, mut den, mut w) = (0.0, 0.0, 1.0);
        for d in days.iter().rev().take(self.level_days) {
            let fd = f.get(&d.day_type).copied().unwrap_or(1.0);
            if fd > 0.0 {
                num += w * d.total / fd;
                den += w;
            }
            w *= self.decay;
        }
        let level = if den > 0.0 { num / den } else { 0.0 };
        // Own profiles, then pooled over similar types with the same hours.
        let own: BTreeMap<&DayType, (Vec<&Day>, Vec<f64>)> = types
            .iter()
            .map(|(t, idx)| {
                let recent: Vec<&Day> = idx
                    .iter()
                    .rev()
                    .take(self.profile_days)
                    .filter_map(|i| days.get(*i))
                    .collect();
                let p = profile(&recent, slots, self.smoothing);
                (t, (recent, p))
            })
            .collect();
        let mut per_type = BTreeMap::new();
        for (t, (recent, p)) in &own {
            let p = if self.pooling > 0.0 {
                let open = recent.first().map(|d| &d.open);
                let pool: Vec<&Day> = own
                    .values()
                    .filter(|(r, q)| {
                        r.first().map(|d| &d.open) == open && tv(p, q) <= self.similarity
                    })
                    .flat_map(|(r, _)| r.iter().copied())
                    .collect();
                let pooled = profile(&pool, slots, self.smoothing);
                p.iter()
                    .zip(&pooled)
                    .map(|(a, b)| (1.0 - self.pooling) * a + self.pooling * b)
                    .collect()
            } else {
                p.clone()
            };
            let fd = f.get(*t).copied().unwrap_or(1.0);
            per_type.insert((*t).clone(), (fd, p));
        }
        Ok(FittedLevelShape {
            ctx: history.context(),
            level,
            per_type,
        })
    }
}

impl_predict!(FittedLevelShape);
