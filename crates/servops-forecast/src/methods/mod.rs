//! Forecasting methods: configuration types whose `fit` returns a fitted
//! model that predicts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::calendar::DayType;
use crate::error::{Error, Result};
use crate::history::{Context, Day, History};

mod anchored;
mod catch_up;
mod double_seasonal;
mod factor;
mod index;
mod level_shape;
mod month_day;
mod naive;
mod top_down;

pub use anchored::{AnchoredShape, DailyAnchors, FittedAnchoredShape, MAX_ANCHOR_DAYS};
pub use catch_up::{CatchUp, FittedCatchUp};
pub use double_seasonal::{DoubleSeasonal, FittedDoubleSeasonal};
pub use factor::{FactorScale, FittedSvdFactor, ScoreModel, SvdFactor};
pub use index::{FittedWeightedIndex, WeightedIndex, Weights};
pub use level_shape::{FittedLevelShape, LevelShape};
pub use month_day::{DayOfMonth, FittedDayOfMonth};
pub use naive::{FittedSeasonalNaive, SeasonalNaive};
pub use top_down::{FittedTopDown, TopDown};

/// A forecasting method: a configuration that fits a model to a history.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, Method, SeasonalNaive};
/// use servops_forecast::chrono::NaiveDate;
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let first = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// let series = IntervalSeries::from_fn(grid, |i, _| Some(10.0 + (i % 24) as f64));
/// let history = History::new(&series, Calendar::new(UTC))?;
/// let fitted = SeasonalNaive::new().fit(&history)?;
/// let next = IntervalGrid::local_days(first + chrono::Days::new(14), 1, Duration::from_secs(3600), UTC)?;
/// let forecast = fitted.predict(&next)?;
/// assert_eq!(forecast.values()[5], 15.0);
/// # Ok(())
/// # }
/// ```
pub trait Method {
    /// The fitted model.
    type Fitted: FittedModel;
    /// Fits the method to a history.
    ///
    /// # Errors
    ///
    /// [`Error::TooShort`] when the history holds too few complete days, or
    /// a method-specific parameter error.
    fn fit(&self, history: &History) -> Result<Self::Fitted>;
}

/// A fitted model: forecasts per local day and onto interval grids.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, Method, WeightedIndex};
/// use servops_forecast::chrono::NaiveDate;
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let first = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// let grid = IntervalGrid::local_days(first, 28, Duration::from_secs(3600), UTC)?;
/// let history = History::new(&IntervalSeries::filled(grid, Some(4.0)), Calendar::new(UTC))?;
/// let fitted = WeightedIndex::new(4)?.fit(&history)?;
/// let day = fitted.forecast_day(NaiveDate::from_ymd_opt(2026, 3, 30).ok_or("date")?, 1)?;
/// assert!(day.iter().all(|v| (v - 4.0).abs() < 1e-9));
/// # Ok(())
/// # }
/// ```
pub trait FittedModel {
    /// Forecast of one local date per clock slot (slot = minute of day /
    /// step), calendar factor applied, closed slots 0. `lead_days` is the
    /// number of open days from the end of the history up to and including
    /// `date` (see [`History::lead_days`]).
    ///
    /// # Errors
    ///
    /// [`Error::TooShort`] if the history held no day of the date's type (or
    /// its fallback); [`Error::InvalidParameter`] named "forecast" if a value
    /// overflows `f64` (a fitted level times the date's calendar factor,
    /// each valid alone), never an infinite forecast.
    fn forecast_day(&self, date: NaiveDate, lead_days: usize) -> Result<Vec<f64>>;

    /// Forecast on an interval grid that starts after the history.
    ///
    /// # Errors
    ///
    /// [`Error::ForecastOverlapsHistory`], [`Error::CalendarMismatch`] for a
    /// different step or off-slot intervals, and the errors of
    /// [`forecast_day`](Self::forecast_day).
    fn predict(&self, grid: &IntervalGrid) -> Result<IntervalSeries<f64>>;
}

macro_rules! impl_predict {
    ($t:ty) => {
        impl $t {
            pub(crate) fn context(&self) -> &$crate::history::Context {
                &self.ctx
            }
        }
        impl $crate::methods::FittedModel for $t {
            fn forecast_day(
                &self,
                date: chrono::NaiveDate,
                lead_days: usize,
            ) -> $crate::error::Result<Vec<f64>> {
                if self.ctx.no_contacts {
                    return Ok(vec![0.0; self.ctx.slots]);
                }
                $crate::methods::finite_day(date, self.day(date, lead_days)?)
            }
            fn predict(
                &self,
                grid: &servops_core::IntervalGrid,
            ) -> $crate::error::Result<servops_core::IntervalSeries<f64>> {
                self.ctx.expand(grid, |d, l| {
                    $crate::methods::FittedModel::forecast_day(self, d, l)
                })
            }
        }
    };
}
pub(crate) use impl_predict;

/// A day's forecast, checked: every value finite. A history's level times
/// a large calendar factor (or a wrapper's multiplier) can pass `f64::MAX`
/// although each is valid alone; that is an error naming the date, never
/// an infinite forecast.
pub(crate) fn finite_day(date: NaiveDate, day: Vec<f64>) -> Result<Vec<f64>> {
    match day.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(crate::error::invalid(
            "forecast",
            format!("{v} on {date}"),
            "finite (the fitted level times the date's calendar factor overflows f64)",
        )),
        None => Ok(day),
    }
}

/// Indices of days by type, oldest first.
pub(crate) fn by_type(days: &[Day]) -> BTreeMap<DayType, Vec<usize>> {
    let mut map: BTreeMap<DayType, Vec<usize>> = BTreeMap::new();
    for (i, d) in days.iter().enumerate() {
        map.entry(d.day_type.clone()).or_default().push(i);
    }
    map
}

/// The type whose history serves `date`: its own, else its fallback.
pub(crate) fn resolve<'a, V>(
    ctx: &Context,
    map: &'a BTreeMap<DayType, V>,
    date: NaiveDate,
    method: &'static str,
) -> Result<&'a V> {
    let own = ctx.calendar.day_type(date);
    if let Some(v) = map.get(&own) {
        return Ok(v);
    }
    let fb = ctx.calendar.fallback_type(date);
    map.get(&fb).ok_or(Error::TooShort {
        method,
        day_type: own.to_string(),
        needed: 1,
        found: 0,
    })
}

/// Intraday profile (shares summing to 1 over the open slots) from days,
/// pooled by volume, then smoothed with a triangular kernel of half-width
/// `smoothing` slots among open slots.
pub(crate) fn profile(days: &[&Day], slots: usize, smoothing: usize) -> Vec<f64> {
    let mut sum = vec![0.0; slots];
    let mut open = vec![false; slots];
    for d in days {
        for s in 0..slots {
            if let (Some(acc), Some(v), Some(o)) = (sum.get_mut(s), d.values.get(s), d.open.get(s))
            {
                *acc += v;
                if *o && let Some(x) = open.get_mut(s) {
                    *x = true;
                }
            }
        }
    }
    let smoothed = smooth(&sum, &open, smoothing);
    normalise(smoothed, &open)
}

pub(crate) fn smooth(x: &[f64], open: &[bool], h: usize) -> Vec<f64> {
    if h == 0 {
        return x.to_vec();
    }
    let n = x.len();
    (0..n)
        .map(|i| {
            if !open.get(i).copied().unwrap_or(false) {
                return 0.0;
            }
            // Saturating: a half-width near usize::MAX (any width past the
            // day is a flat kernel) must not overflow; for every smaller
            // width this is the plain arithmetic.
            let lo = i.saturating_sub(h);
            let hi = i.saturating_add(h).min(n.saturating_sub(1));
            let (mut num, mut den) = (0.0, 0.0);
            for j in lo..=hi {
                if open.get(j).copied().unwrap_or(false) {
                    let w = (h.saturating_add(1) - i.abs_diff(j)) as f64;
                    num += w * x.get(j).copied().unwrap_or(0.0);
                    den += w;
                }
            }
            if den > 0.0 { num / den } else { 0.0 }
        })
        .collect()
}

fn normalise(mut x: Vec<f64>, open: &[bool]) -> Vec<f64> {
    let total: f64 = x
        .iter()
        .zip(open)
        .filter(|(_, o)| **o)
        .map(|(v, _)| *v)
        .sum();
    let n_open = open.iter().filter(|o| **o).count();
    for (v, o) in x.iter_mut().zip(open) {
        *v = if !*o {
            0.0
        } else if total > 0.0 {
            *v / total
        } else {
            1.0 / n_open as f64
        };
    }
    x
}

/// A day's forecast: `level x profile` restricted to the date's open slots
/// (the profile renormalised over them), times the calendar factor.
pub(crate) fn apply(ctx: &Context, date: NaiveDate, level: f64, profile: &[f64]) -> Vec<f64> {
    let open = ctx.open_slots(date);
    let share: f64 = profile
        .iter()
        .zip(&open)
        .filter(|(_, o)| **o)
        .map(|(p, _)| *p)
        .sum();
    let factor = ctx.calendar.factor(date);
    let n_open = open.iter().filter(|o| **o).count().max(1) as f64;
    profile
        .iter()
        .zip(&open)
        .map(|(p, o)| {
            if !*o {
                0.0
            } else if share > 0.0 {
                (level * p / share * factor).max(0.0)
            } else {
                (level / n_open * factor).max(0.0)
            }
        })
        .collect()
}

/// Every method of the crate as one value, so that collections of methods
/// (best pick, backtest tables) can hold them.
///
/// # Examples
///
/// ```
/// use servops_forecast::{AnyMethod, SeasonalNaive, WeightedIndex};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let methods = [AnyMethod::from(SeasonalNaive::new()), AnyMethod::from(WeightedIndex::new(4)?)];
/// assert_eq!(methods[0].name(), "seasonal naive");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnyMethod {
    /// [`SeasonalNaive`].
    SeasonalNaive(SeasonalNaive),
    /// [`WeightedIndex`].
    WeightedIndex(WeightedIndex),
    /// [`TopDown`].
    TopDown(TopDown),
    /// [`DoubleSeasonal`].
    DoubleSeasonal(DoubleSeasonal),
    /// [`LevelShape`].
    LevelShape(LevelShape),
    /// [`SvdFactor`].
    SvdFactor(SvdFactor),
    /// A method inside the day-of-month effect ([`DayOfMonth`]), so that
    /// best pick can weigh a method with and without it.
    DayOfMonth(Box<DayOfMonth<AnyMethod>>),
    /// A method with some day types' shapes anchored to a daily time
    /// ([`AnchoredShape`]).
    AnchoredShape(Box<AnchoredShape<AnyMethod>>),
    /// A method inside the catch-up days' effect ([`CatchUp`]).
    CatchUp(Box<CatchUp<AnyMethod>>),
}

impl AnyMethod {
    /// A short name for tables.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{AnyMethod, TopDown};
    /// assert_eq!(AnyMethod::from(TopDown::new()).name(), "top-down ETS");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::SeasonalNaive(_) => "seasonal naive",
            Self::WeightedIndex(_) => "weighted index",
            Self::TopDown(_) => "top-down ETS",
            Self::DoubleSeasonal(_) => "double seasonal",
            Self::LevelShape(_) => "level x shape",
            Self::SvdFactor(_) => "svd factor",
            Self::DayOfMonth(m) => crate::MethodName::method_name(m.as_ref()),
            Self::AnchoredShape(m) => crate::MethodName::method_name(m.as_ref()),
            Self::CatchUp(m) => crate::MethodName::method_name(m.as_ref()),
        }
    }
}

impl From<SeasonalNaive> for AnyMethod {
    fn from(m: SeasonalNaive) -> Self {
        Self::SeasonalNaive(m)
    }
}
impl From<WeightedIndex> for AnyMethod {
    fn from(m: WeightedIndex) -> Self {
        Self::WeightedIndex(m)
    }
}
impl From<TopDown> for AnyMethod {
    fn from(m: TopDown) -> Self {
        Self::TopDown(m)
    }
}
impl From<DoubleSeasonal> for AnyMethod {
    fn from(m: DoubleSeasonal) -> Self {
        Self::DoubleSeasonal(m)
    }
}
impl From<LevelShape> for AnyMethod {
    fn from(m: LevelShape) -> Self {
        Self::LevelShape(m)
    }
}
impl From<SvdFactor> for AnyMethod {
    fn from(m: SvdFactor) -> Self {
        Self::SvdFactor(m)
    }
}
impl From<DayOfMonth<AnyMethod>> for AnyMethod {
    fn from(m: DayOfMonth<AnyMethod>) -> Self {
        Self::DayOfMonth(Box::new(m))
    }
}
impl From<AnchoredShape<AnyMethod>> for AnyMethod {
    fn from(m: AnchoredShape<AnyMethod>) -> Self {
        Self::AnchoredShape(Box::new(m))
    }
}
impl From<CatchUp<AnyMethod>> for AnyMethod {
    fn from(m: CatchUp<AnyMethod>) -> Self {
        Self::CatchUp(Box::new(m))
    }
}

/// A fitted [`AnyMethod`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{AnyFitted, AnyMethod, Calendar, FittedModel, History, Method, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 7)?;
/// let history = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
/// let fitted: AnyFitted = AnyMethod::from(SeasonalNaive::new()).fit(&history)?;
/// assert!(matches!(fitted, AnyFitted::SeasonalNaive(_)));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnyFitted {
    /// Fitted [`SeasonalNaive`].
    SeasonalNaive(FittedSeasonalNaive),
    /// Fitted [`WeightedIndex`].
    WeightedIndex(FittedWeightedIndex),
    /// Fitted [`TopDown`].
    TopDown(FittedTopDown),
    /// Fitted [`DoubleSeasonal`].
    DoubleSeasonal(FittedDoubleSeasonal),
    /// Fitted [`LevelShape`].
    LevelShape(FittedLevelShape),
    /// Fitted [`SvdFactor`].
    SvdFactor(FittedSvdFactor),
    /// Fitted [`DayOfMonth`] around a method.
    DayOfMonth(Box<FittedDayOfMonth<AnyFitted>>),
    /// Fitted [`AnchoredShape`] around a method.
    AnchoredShape(Box<FittedAnchoredShape<AnyFitted>>),
    /// Fitted [`CatchUp`] around a method.
    CatchUp(Box<FittedCatchUp<AnyFitted>>),
}

impl AnyFitted {
    pub(crate) fn context(&self) -> &Context {
        match self {
            Self::SeasonalNaive(m) => m.context(),
            Self::WeightedIndex(m) => m.context(),
            Self::TopDown(m) => m.context(),
            Self::DoubleSeasonal(m) => m.context(),
            Self::LevelShape(m) => m.context(),
            Self::SvdFactor(m) => m.context(),
            Self::DayOfMonth(m) => m.context(),
            Self::AnchoredShape(m) => m.context(),
            Self::CatchUp(m) => m.context(),
        }
    }
}

impl Method for AnyMethod {
    type Fitted = AnyFitted;
    fn fit(&self, history: &History) -> Result<AnyFitted> {
        Ok(match self {
            Self::SeasonalNaive(m) => AnyFitted::SeasonalNaive(m.fit(history)?),
            Self::WeightedIndex(m) => AnyFitted::WeightedIndex(m.fit(history)?),
            Self::TopDown(m) => AnyFitted::TopDown(m.fit(history)?),
            Self::DoubleSeasonal(m) => AnyFitted::DoubleSeasonal(m.fit(history)?),
            Self::LevelShape(m) => AnyFitted::LevelShape(m.fit(history)?),
            Self::SvdFactor(m) => AnyFitted::SvdFactor(m.fit(history)?),
            Self::DayOfMonth(m) => AnyFitted::DayOfMonth(Box::new(m.fit(history)?)),
            Self::AnchoredShape(m) => AnyFitted::AnchoredShape(Box::new(m.fit(history)?)),
            Self::CatchUp(m) => AnyFitted::CatchUp(Box::new(m.fit(history)?)),
        })
    }
}

impl FittedModel for AnyFitted {
    fn forecast_day(&self, date: NaiveDate, lead_days: usize) -> Result<Vec<f64>> {
        match self {
            Self::SeasonalNaive(m) => m.forecast_day(date, lead_days),
            Self::WeightedIndex(m) => m.forecast_day(date, lead_days),
            Self::TopDown(m) => m.forecast_day(date, lead_days),
            Self::DoubleSeasonal(m) => m.forecast_day(date, lead_days),
            Self::LevelShape(m) => m.forecast_day(date, lead_days),
            Self::SvdFactor(m) => m.forecast_day(date, lead_days),
            Self::DayOfMonth(m) => m.forecast_day(date, lead_days),
            Self::AnchoredShape(m) => m.forecast_day(date, lead_days),
            Self::CatchUp(m) => m.forecast_day(date, lead_days),
        }
    }
    fn predict(&self, grid: &IntervalGrid) -> Result<IntervalSeries<f64>> {
        match self {
            Self::SeasonalNaive(m) => m.predict(grid),
            Self::WeightedIndex(m) => m.predict(grid),
            Self::TopDown(m) => m.predict(grid),
            Self::DoubleSeasonal(m) => m.predict(grid),
            Self::LevelShape(m) => m.predict(grid),
            Self::SvdFactor(m) => m.predict(grid),
            Self::DayOfMonth(m) => m.predict(grid),
            Self::AnchoredShape(m) => m.predict(grid),
            Self::CatchUp(m) => m.predict(grid),
        }
    }
}

pub(crate) fn too_short(method: &'static str, needed: usize, found: usize) -> Error {
    Error::TooShort {
        method,
        day_type: "any".into(),
        needed,
        found,
    }
}
