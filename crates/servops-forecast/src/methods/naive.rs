//! Seasonal naive by calendar day type.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{by_type, impl_predict, resolve, too_short};
use crate::calendar::DayType;
use crate::error::Result;
use crate::history::{Context, History};
use crate::methods::Method;

/// Seasonal naive: each interval repeats the same clock interval of the last
/// complete day of the same day type ("same interval, last week").
///
/// # Formula
///
/// `F(d, s) = c(d) · y(d', s) / c(d')` where `d'` is the last complete day
/// in the history with the day type of `d` and `c` is the calendar factor.
/// The day is found through the calendar, not by counting back a fixed
/// number of positions, so a missing day cannot shift the cycle.
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
/// let grid = IntervalGrid::local_days(first, 7, Duration::from_secs(3600), UTC)?;
/// let series = IntervalSeries::from_fn(grid, |i, _| Some((i / 24) as f64)); // day index
/// let fitted = SeasonalNaive::new().fit(&History::new(&series, Calendar::new(UTC))?)?;
/// // Monday 2026-03-09 repeats Monday 2026-03-02 (day 0).
/// let monday = fitted.forecast_day(NaiveDate::from_ymd_opt(2026, 3, 9).ok_or("date")?, 1)?;
/// assert_eq!(monday[12], 0.0);
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Hyndman, R. J. & Athanasopoulos, G., *Forecasting: Principles and
/// Practice*, 3rd ed., section 5.2 (seasonal naive method).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SeasonalNaive {}

impl SeasonalNaive {
    /// The method (it has no parameters).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::SeasonalNaive;
    /// assert_eq!(SeasonalNaive::new(), SeasonalNaive::default());
    /// ```
    pub fn new() -> Self {
        Self {}
    }
}

/// A fitted [`SeasonalNaive`]: the last complete day of each type.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, Method, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 7)?;
/// let fitted = SeasonalNaive::new().fit(&History::new(&IntervalSeries::filled(grid.clone(), Some(3.0)), Calendar::new(UTC))?)?;
/// let next = IntervalGrid::new("2026-03-09T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| *v == 3.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedSeasonalNaive {
    ctx: Context,
    last: BTreeMap<DayType, Vec<f64>>,
}

impl Method for SeasonalNaive {
    type Fitted = FittedSeasonalNaive;
    fn fit(&self, history: &History) -> Result<FittedSeasonalNaive> {
        let days = history.days();
        if days.is_empty() {
            return Err(too_short("seasonal naive", 1, 0));
        }
        let last = by_type(days)
            .into_iter()
            .filter_map(|(t, idx)| {
                let d = days.get(*idx.last()?)?;
                Some((t, d.values.clone()))
            })
            .collect();
        Ok(FittedSeasonalNaive {
            ctx: history.context(),
            last,
        })
    }
}

impl FittedSeasonalNaive {
    fn day(&self, date: NaiveDate, _lead: usize) -> Result<Vec<f64>> {
        let values = resolve(&self.ctx, &self.last, date, "seasonal naive")?;
        let open = self.ctx.open_slots(date);
        let factor = self.ctx.calendar.factor(date);
        Ok(values
            .iter()
            .zip(&open)
            .map(|(v, o)| if *o { v * factor } else { 0.0 })
            .collect())
    }
}

impl_predict!(FittedSeasonalNaive);
