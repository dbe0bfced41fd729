//! Top-down: exponential smoothing of daily totals times the intraday profile.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{apply, by_type, impl_predict, profile, resolve, too_short};
use crate::calendar::DayType;
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::Method;

/// Top-down forecast: Holt-Winters exponential smoothing (damped additive
/// trend, multiplicative seasonality) of the daily totals, with one seasonal
/// index per calendar day type, times the intraday profile of the day type.
///
/// # Formula
///
/// Over the sequence of complete open days `t` with day type `T(t)`:
///
/// ```text
/// l_t = α y_t / s_T(t) + (1 - α)(l_{t-1} + φ b_{t-1})
/// b_t = β (l_t - l_{t-1}) + (1 - β) φ b_{t-1}
/// s_T(t) ← γ y_t / l_t + (1 - γ) s_T(t)
/// ŷ_{n+h} = (l_n + (φ + … + φ^h) b_n) s_T(n+h)
/// ```
///
/// `h` is the lead in open days (any value: past 100 000 days the damped
/// sum is completed in closed form). A day type's index starts at its first
/// occurrence (`s_T = y_t / (l_{t-1} + φ b_{t-1})`). `α, β, γ, φ` are chosen
/// on a grid by the least sum of squared one-step errors (the Gaussian
/// likelihood of the additive-error form), unless fixed with
/// [`with_parameters`](Self::with_parameters). The interval forecast is
/// `c(d) ŷ p(T, s)` with the profile of [`WeightedIndex`](crate::WeightedIndex).
///
/// # Examples
///
/// ```
/// use servops_forecast::TopDown;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let m = TopDown::new().with_parameters(0.2, 0.0, 0.1, 0.98)?.with_profile_days(8)?;
/// assert!(TopDown::new().with_parameters(1.5, 0.0, 0.1, 1.0).is_err());
/// # let _ = m;
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Hyndman, R. J. & Athanasopoulos, G., *Forecasting: Principles and
/// Practice*, 3rd ed., chapter 8 (ETS, Holt-Winters damped method).
#[derive(Debug, Clone, PartialEq)]
pub struct TopDown {
    params: Option<[f64; 4]>,
    profile_days: usize,
    smoothing: usize,
}

impl Default for TopDown {
    fn default() -> Self {
        Self::new()
    }
}

impl TopDown {
    /// Parameters fitted by squared error, profile from the last 20 days of
    /// each type, smoothing half-width 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::TopDown;
    /// assert_eq!(TopDown::new(), TopDown::default());
    /// ```
    pub fn new() -> Self {
        Self {
            params: None,
            profile_days: 20,
            smoothing: 1,
        }
    }

    /// Fixes `α, β, γ` (each in [0, 1]) and the damping `φ` (in (0, 1]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) outside
    /// those ranges.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::TopDown;
    /// assert!(TopDown::new().with_parameters(0.1, 0.0, 0.1, 0.0).is_err());
    /// ```
    pub fn with_parameters(mut self, alpha: f64, beta: f64, gamma: f64, phi: f64) -> Result<Self> {
        for (name, v) in [("alpha", alpha), ("beta", beta), ("gamma", gamma)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(invalid(name, v, "in [0, 1]"));
            }
        }
        if !(phi > 0.0 && phi <= 1.0) {
            return Err(invalid("phi", phi, "in (0, 1]"));
        }
        self.params = Some([alpha, beta, gamma, phi]);
        Ok(self)
    }

    /// Number of same-type days in the intraday profile.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) if 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::TopDown;
    /// assert!(TopDown::new().with_profile_days(0).is_err());
    /// ```
    pub fn with_profile_days(mut self, m: usize) -> Result<Self> {
        if m == 0 {
            return Err(invalid("profile days", 0, ">= 1"));
        }
        self.profile_days = m;
        Ok(self)
    }

    /// Half-width of the profile smoothing kernel in slots. Every width is
    /// accepted: one at least as wide as the day makes the kernel (nearly)
    /// flat, so the profile tends to an even spread over the open slots.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::TopDown;
    /// let m = TopDown::new().with_smoothing(0);
    /// assert_ne!(m, TopDown::new());
    /// ```
    pub fn with_smoothing(mut self, half_width: usize) -> Self {
        self.smoothing = half_width;
        self
    }

    /// The fixed `[α, β, γ, φ]`, or `None` when fitted by squared error.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::TopDown;
    /// assert_eq!(TopDown::new().fixed_parameters(), None);
    /// let m = TopDown::new().with_parameters(0.2, 0.0, 0.1, 0.98)?;
    /// assert_eq!(m.fixed_parameters(), Some([0.2, 0.0, 0.1, 0.98]));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn fixed_parameters(&self) -> Option<[f64; 4]> {
        self.params
    }

    /// Number of days the intraday profile pools.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::TopDown;
    /// assert_eq!(TopDown::new().with_profile_days(8)?.profile_days(), 8);
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
    /// use servops_forecast::TopDown;
    /// assert_eq!(TopDown::new().with_smoothing(2).smoothing(), 2);
    /// ```
    pub fn smoothing(&self) -> usize {
        self.smoothing
    }
}

#[derive(Debug, Clone, PartialEq)]
struct State {
    level: f64,
    trend: f64,
    season: BTreeMap<DayType, f64>,
    sse: f64,
}

/// Daily totals with their day type as a dense index, for the grid search.
struct Series {
    totals: Vec<f64>,
    types: Vec<usize>,
    names: Vec<DayType>,
}

fn series(days: &[Day]) -> Series {
    let mut names: Vec<DayType> = Vec::new();
    let mut types = Vec::with_capacity(days.len());
    for d in days {
        let i = match names.iter().position(|t| *t == d.day_type) {
            Some(i) => i,
            None => {
                names.push(d.day_type.clone());
                names.len() - 1
            }
        };
        types.push(i);
    }
    Series {
        totals: days.iter().map(|d| d.total).collect(),
        types,
        names,
    }
}

/// Runs the recursions; returns level, trend, seasonal indices by type
/// index and the sum of squared one-step errors.
fn run_dense(x: &Series, [alpha, beta, gamma, phi]: [f64; 4]) -> (f64, f64, Vec<Option<f64>>, f64) {
    let init_n = x.totals.len().min(7);
    let level0 = x.totals.iter().take(init_n).sum::<f64>() / init_n.max(1) as f64;
    let (mut level, mut trend, mut sse) = (level0.max(1e-9), 0.0, 0.0);
    let mut season: Vec<Option<f64>> = vec![None; x.names.len()];
    for (y, t) in x.totals.iter().zip(&x.types) {
        let base = (level + phi * trend).max(1e-9);
        let Some(slot) = season.get_mut(*t) else {
            continue;
        };
        let s = match slot {
            Some(s) => *s,
            None => {
                *slot = Some((y / base).max(1e-6));
                continue;
            }
        };
        let e = y - base * s;
        sse += e * e;
        let new_level = (alpha * y / s + (1.0 - alpha) * base).max(1e-9);
        trend = beta * (new_level - level) + (1.0 - beta) * phi * trend;
        level = new_level;
        *slot = Some((gamma * y / new_level + (1.0 - gamma) * s).max(1e-6));
    }
    (level, trend, season, sse)
}

fn run(x: &Series, params: [f64; 4]) -> State {
    let (level, trend, season, sse) = run_dense(x, params);
    State {
        level,
        trend,
        season: x
            .names
            .iter()
            .zip(season)
            .filter_map(|(t, s)| Some((t.clone(), s?)))
            .collect(),
        sse,
    }
}

/// A fitted [`TopDown`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, FittedModel, History, Method, TopDown};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 28)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(3.0)), Calendar::new(UTC))?;
/// let fitted = TopDown::new().fit(&h)?;
/// let next = IntervalGrid::new("2026-03-30T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| (v - 3.0).abs() < 1e-6));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedTopDown {
    ctx: Context,
    params: [f64; 4],
    state: State,
    profiles: BTreeMap<DayType, Vec<f64>>,
}

impl FittedTopDown {
    /// The smoothing parameters `[α, β, γ, φ]` in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, History, Method, TopDown};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 28)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(3.0)), Calendar::new(UTC))?;
    /// let fitted = TopDown::new().with_parameters(0.3, 0.0, 0.1, 1.0)?.fit(&h)?;
    /// assert_eq!(fitted.parameters(), [0.3, 0.0, 0.1, 1.0]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn parameters(&self) -> [f64; 4] {
        self.params
    }

    fn day(&self, date: NaiveDate, lead: usize) -> Result<Vec<f64>> {
        let s = resolve(&self.ctx, &self.state.season, date, "top-down ETS")?;
        let p = resolve(&self.ctx, &self.profiles, date, "top-down ETS")?;
        let damp = damped_sum(self.params[3], lead.max(1));
        let total = ((self.state.level + damp * self.state.trend) * s).max(0.0);
        Ok(apply(&self.ctx, date, total, p))
    }
}

/// Leads up to this many days sum the damped trend term by term; longer
/// ones add the rest of the sum in closed form.
const SUMMED_LEADS: usize = 100_000;

/// `φ + φ² + … + φ^h` for `0 < φ <= 1`. Term by term (the published
/// numbers) up to [`SUMMED_LEADS`], stopping at the first term that no
/// longer changes the sum (every later one is smaller, so the term-by-term
/// sum is then complete, bit for bit, and the same for every longer lead); a
/// lead past that whose terms still count (`φ` within about `1e-4` of 1)
/// adds its remaining terms in closed form. Any lead (`usize::MAX`
/// included) takes at most `SUMMED_LEADS` steps.
fn damped_sum(phi: f64, h: usize) -> f64 {
    let mut damp = 0.0;
    let mut f = 1.0;
    let summed = h.min(SUMMED_LEADS);
    for _ in 0..summed {
        f *= phi;
        if damp + f == damp {
            // The remaining terms add nothing one by one: the sum is the
            // same for every longer lead.
            return damp;
        }
        damp += f;
    }
    if h > SUMMED_LEADS {
        let rest = (h - SUMMED_LEADS) as f64;
        damp += if phi < 1.0 {
            f * phi * (1.0 - phi.powf(rest)) / (1.0 - phi)
        } else {
            rest * f
        };
    }
    damp
}

const ALPHAS: [f64; 6] = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5];
const BETAS: [f64; 3] = [0.0, 0.02, 0.1];
const GAMMAS: [f64; 4] = [0.02, 0.1, 0.25, 0.4];
const PHIS: [f64; 2] = [0.9, 0.98];

impl Method for TopDown {
    type Fitted = FittedTopDown;
    fn fit(&self, history: &History) -> Result<FittedTopDown> {
        let days = history.days();
        if days.len() < 2 {
            return Err(too_short("top-down ETS", 2, days.len()));
        }
        let dense = series(days);
        let params = match self.params {
            Some(p) => p,
            None => {
                let mut best = ([0.1, 0.0, 0.1, 0.98], f64::INFINITY);
                for a in ALPHAS {
                    for b in BETAS {
                        for g in GAMMAS {
                            for p in PHIS {
                                let sse = run_dense(&dense, [a, b, g, p]).3;
                                if sse < best.1 {
                                    best = ([a, b, g, p], sse);
                                }
                            }
                        }
                    }
                }
                best.0
            }
        };
        let state = run(&dense, params);
        let slots = history.slots_per_day();
        let profiles = by_type(days)
            .into_iter()
            .map(|(t, idx)| {
                let recent: Vec<&Day> = idx
                    .iter()
                    .rev()
                    .take(self.profile_days)
                    .filter_map(|i| days.get(*i))
                    .collect();
                (t, profile(&recent, slots, self.smoothing))
            })
            .collect();
        Ok(FittedTopDown {
            ctx: history.context(),
            params,
            state,
            profiles,
        })
    }
}

impl_predict!(FittedTopDown);

#[cfg(test)]
mod tests {
    use super::*;

    /// The damped sum is the plain loop `f *= φ; s += f` bit for bit for
    /// every lead the loop can run, and the geometric series `φ (1 − φ^h) /
    /// (1 − φ)` within rounding for leads it could not.
    #[test]
    fn damped_sum_is_the_term_by_term_sum() {
        for phi in [0.3, 0.9, 0.98, 0.999, 1.0] {
            let (mut s, mut f) = (0.0f64, 1.0f64);
            for h in 1..=20_000usize {
                f *= phi;
                s += f;
                assert_eq!(damped_sum(phi, h).to_bits(), s.to_bits(), "{phi} {h}");
            }
            for h in [100_001usize, 1 << 40, usize::MAX] {
                let d = damped_sum(phi, h);
                let want = if phi < 1.0 {
                    phi * (1.0 - phi.powf(h as f64)) / (1.0 - phi)
                } else {
                    h as f64
                };
                assert!((d - want).abs() <= 1e-12 * want, "{phi} {h}: {d} {want}");
            }
        }
    }
}
