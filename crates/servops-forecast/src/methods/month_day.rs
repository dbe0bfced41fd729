//! Day-of-month effect around any method: multipliers by position in the
//! month, estimated from the history with a credibility weight.

use chrono::{Datelike, Months, NaiveDate};
use servops_core::{IntervalGrid, IntervalSeries};

use crate::calendar::{Calendar, DayType};
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::{FittedModel, Method};

/// Number of month positions: offsets −16 ..= 14 from the 1st.
const POSITIONS: usize = 31;

/// Day-of-month effect around another method.
///
/// Bank call volumes rise around the dates money moves (paydays, benefit
/// and pension payments, statements at the start of the month) and fall in
/// between; a same-weekday average over the last weeks mixes all parts of the
/// month and forecasts none of them. This wrapper estimates one multiplier
/// per position in the month from the history, divides it out of the
/// history the inner method is fitted on, and multiplies it back into the
/// inner method's forecasts.
///
/// # Formula
///
/// The position of a date is its offset to the nearest 1st of a month,
/// `t(d) = day − 1` for days 1-15 and `t(d) = day − days_in_month − 1`
/// after (the last day of a month is `t = −1`), so `t ∈ −16 ..= 14` and
/// the month's turn is in the middle of the range. Over the complete days
/// that are not special days (their own calendar multiplier governs them)
/// and have at least two days of their own type within `±w` calendar days:
///
/// ```text
/// e(d)   = ln Y(d) − ln mean{ Y(d') / exp(g_t(d')) : T(d') = T(d), 0 < |d' − d| ≤ w }
/// n_t, S_t = count and sum of e over the days at position t
/// σ²     = Σ_d (e(d) − S_t(d)/n_t(d))² / (U − C)                         within positions
/// τ²     = (Σ_t n_t (S_t/n_t − ē)² − (C − 1) σ²) / (U − Σ_t n_t² / U)   between positions
/// m      = σ² / τ²              (no effect at all when τ² ≤ 0)
/// g_t    = (2 S_t + S_{t−1} + S_{t+1}) / (2 n_t + n_{t−1} + n_{t+1} + m)
/// g_t   ← g_t − mean of g_t(d) over the history's days
/// F(d,s) = exp(g_t(d)) · F_inner(d, s)    (inner fitted on Y(d) / exp(g_t(d)))
/// ```
///
/// `U` is the number of days with a ratio, `C` the number of positions
/// that have one, `ē` their mean: `m` is the Bühlmann-Straub credibility
/// constant, so a position seen on few days is shrunk toward no effect.
/// With fewer than two ratios per position on average (`U < 2C`: less than
/// about two months of daily history) `m` is not estimated and there is no
/// effect; a fixed `m` ([`with_credibility`](Self::with_credibility)) is
/// used with any history.
/// Neighbouring positions are pooled with weights 1-2-1 (the payment day
/// moves to the next business day when the date falls on a weekend).
/// Special days are neither adjusted in the history nor in the forecast.
///
/// The estimate is backfitted: pass 0 takes `g = 0`, each later pass
/// recomputes the ratios `e` with the neighbours' current effects divided
/// out (and `m` from them), until no `g_t` moves by more than `1e-12` (at
/// most 100 passes). A single pass would compare a day between two peaks
/// with neighbours on the peaks and overstate the contrast.
///
/// The default window `w = 21` days (three same weekdays on each side) and
/// the estimated `m` were compared with other settings on validation data
/// (`docs/forecast.md`, table 3.0d).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, DayOfMonth, FittedModel, History, Method, WeightedIndex};
/// use servops_forecast::chrono::{Datelike, NaiveDate};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // 240 days of hourly history: 50 % more calls on the first three days of a month.
/// let first = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("date")?;
/// let grid = IntervalGrid::local_days(first, 240, Duration::from_secs(3600), UTC)?;
/// let series = IntervalSeries::from_fn(grid, |i, _| {
///     let day = first + chrono::Days::new((i / 24) as u64);
///     Some(if day.day() <= 3 { 15.0 } else { 10.0 })
/// });
/// let history = History::new(&series, Calendar::new(UTC))?;
/// let fitted = DayOfMonth::new(WeightedIndex::new(4)?).fit(&history)?;
/// let sep1 = NaiveDate::from_ymd_opt(2026, 9, 1).ok_or("date")?;
/// let sep9 = NaiveDate::from_ymd_opt(2026, 9, 9).ok_or("date")?;
/// let ratio = fitted.multiplier(sep1) / fitted.multiplier(sep9);
/// assert!(ratio > 1.3 && ratio < 1.5, "{ratio}");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DayOfMonth<M> {
    inner: M,
    window_days: u32,
    credibility: Option<f64>,
}

impl<M> DayOfMonth<M> {
    /// The effect around `inner`, window `w = 21` days, credibility
    /// constant estimated from the history.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayOfMonth, SeasonalNaive};
    /// let m = DayOfMonth::new(SeasonalNaive::new());
    /// assert_eq!(m.window_days(), 21);
    /// assert_eq!(m.credibility(), None);
    /// ```
    pub fn new(inner: M) -> Self {
        Self {
            inner,
            window_days: 21,
            credibility: None,
        }
    }

    /// Sets the window `w` (calendar days each side) of the reference mean.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `7 <= w <= 366`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayOfMonth, SeasonalNaive};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = DayOfMonth::new(SeasonalNaive::new()).with_window_days(35)?;
    /// assert_eq!(m.window_days(), 35);
    /// assert!(DayOfMonth::new(SeasonalNaive::new()).with_window_days(3).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_window_days(mut self, window_days: u32) -> Result<Self> {
        if !(7..=366).contains(&window_days) {
            return Err(invalid(
                "day-of-month window",
                window_days,
                "7 ..= 366 days",
            ));
        }
        self.window_days = window_days;
        Ok(self)
    }

    /// Fixes the credibility constant `m` (in day counts) instead of
    /// estimating it; `m = 0` takes the pooled position means as they are.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) unless
    /// `m` is finite and `>= 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayOfMonth, SeasonalNaive};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = DayOfMonth::new(SeasonalNaive::new()).with_credibility(5.0)?;
    /// assert_eq!(m.credibility(), Some(5.0));
    /// assert!(DayOfMonth::new(SeasonalNaive::new()).with_credibility(f64::NAN).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_credibility(mut self, m: f64) -> Result<Self> {
        if !(m.is_finite() && m >= 0.0) {
            return Err(invalid("day-of-month credibility", m, "finite and >= 0"));
        }
        self.credibility = Some(m);
        Ok(self)
    }

    /// The wrapped method.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayOfMonth, SeasonalNaive};
    /// assert_eq!(DayOfMonth::new(SeasonalNaive::new()).inner(), &SeasonalNaive::new());
    /// ```
    pub fn inner(&self) -> &M {
        &self.inner
    }

    /// The window `w` in calendar days each side.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayOfMonth, SeasonalNaive};
    /// assert_eq!(DayOfMonth::new(SeasonalNaive::new()).window_days(), 21);
    /// ```
    pub fn window_days(&self) -> u32 {
        self.window_days
    }

    /// The fixed credibility constant, `None` when it is estimated.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::{DayOfMonth, SeasonalNaive};
    /// assert_eq!(DayOfMonth::new(SeasonalNaive::new()).credibility(), None);
    /// ```
    pub fn credibility(&self) -> Option<f64> {
        self.credibility
    }
}

/// A fitted [`DayOfMonth`]: the inner fitted model and the multipliers.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, DayOfMonth, FittedModel, History, Method, SeasonalNaive};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // A flat history has no day-of-month effect: every multiplier is 1.
/// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 90)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
/// let fitted = DayOfMonth::new(SeasonalNaive::new()).fit(&h)?;
/// assert!(fitted.multipliers().iter().all(|m| *m == 1.0));
/// assert_eq!(fitted.estimated_credibility(), None);
/// let next = IntervalGrid::new("2026-04-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| *v == 2.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedDayOfMonth<F> {
    inner: F,
    ctx: Context,
    log_effects: [f64; POSITIONS],
    credibility: Option<f64>,
}

impl<F> FittedDayOfMonth<F> {
    pub(crate) fn context(&self) -> &Context {
        &self.ctx
    }

    /// The fitted inner model (fitted on the adjusted history).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, DayOfMonth, FittedModel, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 30)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(2.0)), Calendar::new(UTC))?;
    /// let fitted = DayOfMonth::new(SeasonalNaive::new()).fit(&h)?;
    /// let next = IntervalGrid::new("2026-01-31T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
    /// assert_eq!(fitted.inner().predict(&next)?.values()[0], 2.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn inner(&self) -> &F {
        &self.inner
    }

    /// Multipliers by position in the month, index `t + 16` for offsets
    /// `t = −16 ..= 14` from the 1st (index 16 is the 1st, 15 the last day
    /// of the month).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, DayOfMonth, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 60)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// assert_eq!(DayOfMonth::new(SeasonalNaive::new()).fit(&h)?.multipliers().len(), 31);
    /// # Ok(())
    /// # }
    /// ```
    pub fn multipliers(&self) -> [f64; POSITIONS] {
        self.log_effects.map(f64::exp)
    }

    /// The multiplier applied to a date's forecast (1 on special days).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, DayOfMonth, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono::NaiveDate;
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 60)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// let fitted = DayOfMonth::new(SeasonalNaive::new()).fit(&h)?;
    /// assert_eq!(fitted.multiplier(NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("d")?), 1.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn multiplier(&self, date: NaiveDate) -> f64 {
        multiplier(&self.ctx.calendar, &self.log_effects, date)
    }

    /// The credibility constant `m` used: the fixed one, or the estimate
    /// (`None` when the history shows no effect, `τ² <= 0`, or is too short
    /// to estimate one).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, DayOfMonth, History, Method, SeasonalNaive};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-01-01T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 60)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(1.0)), Calendar::new(UTC))?;
    /// let fixed = DayOfMonth::new(SeasonalNaive::new()).with_credibility(4.0)?.fit(&h)?;
    /// assert_eq!(fixed.estimated_credibility(), Some(4.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn estimated_credibility(&self) -> Option<f64> {
        self.credibility
    }
}

impl<M: Method> Method for DayOfMonth<M> {
    type Fitted = FittedDayOfMonth<M::Fitted>;
    fn fit(&self, history: &History) -> Result<Self::Fitted> {
        let cal = history.calendar();
        let (log_effects, credibility) = estimate(
            history.days(),
            cal,
            i64::from(self.window_days),
            self.credibility,
        );
        let adjusted = history.divided_by(|d| multiplier(cal, &log_effects, d));
        let inner = self.inner.fit(&adjusted)?;
        Ok(FittedDayOfMonth {
            inner,
            ctx: history.context(),
            log_effects,
            credibility,
        })
    }
}

impl<F: FittedModel> FittedModel for FittedDayOfMonth<F> {
    fn forecast_day(&self, date: NaiveDate, lead_days: usize) -> Result<Vec<f64>> {
        let f = self.multiplier(date);
        let mut day = self.inner.forecast_day(date, lead_days)?;
        for v in &mut day {
            *v *= f;
        }
        crate::methods::finite_day(date, day)
    }

    fn predict(&self, grid: &IntervalGrid) -> Result<IntervalSeries<f64>> {
        self.ctx.expand(grid, |d, l| self.forecast_day(d, l))
    }
}

fn multiplier(cal: &Calendar, log_effects: &[f64; POSITIONS], date: NaiveDate) -> f64 {
    if cal.special_day(date).is_some() {
        return 1.0;
    }
    log_effects.get(position(date)).map_or(1.0, |g| g.exp())
}

/// Index `t + 16` of a date's offset `t` to the nearest 1st of a month.
fn position(date: NaiveDate) -> usize {
    let day = date.day() as usize;
    if day <= 15 {
        day + 15
    } else {
        // t = day - days_in_month - 1, index = t + 16.
        (day + 15).saturating_sub(days_in_month(date))
    }
}

fn days_in_month(date: NaiveDate) -> usize {
    date.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .map_or(31, |last| last.day() as usize)
}

/// A day with at least two same-type neighbours: its position, log total,
/// and its neighbours' positions and totals.
struct Case {
    position: usize,
    ln_total: f64,
    refs: Vec<(usize, f64)>,
}

/// Most passes of the backfitting in [`estimate`].
const PASSES: usize = 100;

/// Log effects per position and the credibility constant used.
///
/// Backfitting: the reference level of a day is the mean of its same-type
/// neighbours *with their current effects divided out*, so a neighbour on
/// a peak does not lower the day's ratio. Pass 0 uses the raw neighbours;
/// every pass re-estimates the credibility constant (unless fixed) and the
/// effects from the ratios to the adjusted neighbours, until no effect
/// moves by more than `1e-12` (or after [`PASSES`] passes).
fn estimate(
    days: &[Day],
    cal: &Calendar,
    window: i64,
    fixed: Option<f64>,
) -> ([f64; POSITIONS], Option<f64>) {
    // Usable days: not special, positive total; grouped by type, by date.
    let usable: Vec<&Day> = days
        .iter()
        .filter(|d| cal.special_day(d.date).is_none() && d.total > 0.0 && d.total.is_finite())
        .collect();
    let mut by_type: std::collections::BTreeMap<&DayType, Vec<&Day>> =
        std::collections::BTreeMap::new();
    for d in &usable {
        by_type.entry(&d.day_type).or_default().push(d);
    }
    let mut cases: Vec<Case> = Vec::new();
    for list in by_type.values() {
        for (i, d) in list.iter().enumerate() {
            let lo = list.partition_point(|x| (d.date - x.date).num_days() > window);
            let hi = list.partition_point(|x| (x.date - d.date).num_days() <= window);
            let refs: Vec<(usize, f64)> = list
                .iter()
                .enumerate()
                .take(hi)
                .skip(lo)
                .filter(|(j, _)| *j != i)
                .map(|(_, x)| (position(x.date), x.total))
                .collect();
            if refs.len() >= 2 {
                cases.push(Case {
                    position: position(d.date),
                    ln_total: d.total.ln(),
                    refs,
                });
            }
        }
    }
    let mut g = [0.0f64; POSITIONS];
    let mut used = fixed;
    for _ in 0..PASSES {
        let mut n = [0.0f64; POSITIONS];
        let mut s = [0.0f64; POSITIONS];
        let mut ratios: Vec<(usize, f64)> = Vec::with_capacity(cases.len());
        for Case {
            position: t,
            ln_total: ln_y,
            refs,
        } in &cases
        {
            let level = refs
                .iter()
                .map(|(u, y)| y / g.get(*u).map_or(1.0, |x| x.exp()))
                .sum::<f64>()
                / refs.len() as f64;
            let r = ln_y - level.ln();
            if let (Some(nt), Some(st)) = (n.get_mut(*t), s.get_mut(*t))
                && r.is_finite()
            {
                *nt += 1.0;
                *st += r;
                ratios.push((*t, r));
            }
        }
        let m = match fixed.or_else(|| credibility(&ratios, &n, &s)) {
            Some(m) => m,
            None => return ([0.0; POSITIONS], None),
        };
        used = Some(m);
        let mut next = [0.0f64; POSITIONS];
        for (t, gt) in next.iter_mut().enumerate() {
            let at = |a: &[f64; POSITIONS], k: Option<usize>| {
                k.and_then(|k| a.get(k)).copied().unwrap_or(0.0)
            };
            let (prev, after) = (t.checked_sub(1), Some(t + 1));
            let num = 2.0 * s[t] + at(&s, prev) + at(&s, after);
            let den = 2.0 * n[t] + at(&n, prev) + at(&n, after) + m;
            *gt = if den > 0.0 { num / den } else { 0.0 };
        }
        // Centre over the history's days so the adjusted history keeps
        // its level.
        let mean = usable
            .iter()
            .filter_map(|d| next.get(position(d.date)))
            .sum::<f64>()
            / usable.len().max(1) as f64;
        let mut change = 0.0f64;
        for (gt, old) in next.iter_mut().zip(&g) {
            *gt -= mean;
            change = change.max((*gt - old).abs());
        }
        g = next;
        if change <= 1e-12 {
            break;
        }
    }
    (g, used)
}

/// Bühlmann-Straub credibility constant `σ² / τ²` over the positions;
/// `None` when there is no between-position variance or too few days.
fn credibility(ratios: &[(usize, f64)], n: &[f64; POSITIONS], s: &[f64; POSITIONS]) -> Option<f64> {
    let u = ratios.len() as f64;
    let c = n.iter().filter(|x| **x > 0.0).count() as f64;
    // At least two ratios per position on average (about two months of
    // daily history, three of business days): with fewer, σ² rests on a
    // handful of degrees of freedom and a small estimate would let single
    // days through unshrunk.
    if c < 2.0 || u < 2.0 * c {
        return None;
    }
    let mean_at = |t: usize| {
        let nt = n.get(t).copied().unwrap_or(0.0);
        if nt > 0.0 {
            s.get(t).copied().unwrap_or(0.0) / nt
        } else {
            0.0
        }
    };
    let within: f64 = ratios
        .iter()
        .map(|(t, e)| (e - mean_at(*t)).powi(2))
        .sum::<f64>()
        / (u - c);
    let grand = s.iter().sum::<f64>() / u;
    let between: f64 = (0..POSITIONS)
        .map(|t| n[t] * (mean_at(t) - grand).powi(2))
        .sum();
    let sum_sq: f64 = n.iter().map(|x| x * x).sum();
    let denom = u - sum_sq / u;
    if denom <= 0.0 {
        return None;
    }
    let tau2 = (between - (c - 1.0) * within) / denom;
    if tau2 > 0.0 && within.is_finite() {
        Some(within / tau2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn positions_run_from_minus_16_to_14_around_the_first() {
        assert_eq!(position(d("2026-03-01")), 16);
        assert_eq!(position(d("2026-03-15")), 30);
        assert_eq!(position(d("2026-03-31")), 15);
        assert_eq!(position(d("2026-03-16")), 0);
        assert_eq!(position(d("2026-02-28")), 15);
        assert_eq!(position(d("2026-02-16")), 3);
        assert_eq!(position(d("2024-02-29")), 15);
        assert_eq!(position(d("2026-04-30")), 15);
        assert_eq!(position(d("2026-04-16")), 1);
    }

    #[test]
    fn credibility_matches_a_hand_computation() {
        // Two positions, three ratios each: means 0.1 and -0.1, within
        // variance (2 * 0.02) / 4 = 0.01 ... computed below by hand.
        let ratios = [(0, 0.2), (0, 0.1), (0, 0.0), (1, -0.2), (1, -0.1), (1, 0.0)];
        let mut n = [0.0; POSITIONS];
        let mut s = [0.0; POSITIONS];
        for (t, e) in ratios {
            n[t] += 1.0;
            s[t] += e;
        }
        // σ² = (0.01 + 0 + 0.01) * 2 / (6 - 2) = 0.01
        // between = 3 * 0.01 + 3 * 0.01 = 0.06; τ² = (0.06 - 0.01) / (6 - 18/6) = 0.05 / 3
        let m = credibility(&ratios, &n, &s).unwrap();
        assert!((m - 0.01 / (0.05 / 3.0)).abs() < 1e-12, "{m}");
    }
}
