//! Interval-level double-seasonal exponential smoothing keyed by the calendar.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{impl_predict, resolve, too_short};
use crate::calendar::DayType;
use crate::error::{Result, invalid};
use crate::history::{Context, Day, History};
use crate::methods::Method;

/// Double-seasonal Holt-Winters at interval level (Taylor 2003) with both
/// cycles keyed by the calendar: an intraday index per clock slot and an
/// intraweek index per (day type, clock slot), plus Taylor's AR(1)
/// adjustment of the one-step error.
///
/// # Formula
///
/// Over the open intervals `t` of complete days, with clock slot `s(t)` and
/// day type `T(t)`:
///
/// ```text
/// ŷ_t = l_{t-1} D_s W_{T,s}
/// l_t = α y_t / (D_s W_{T,s}) + (1 - α) l_{t-1}
/// D_s ← δ y_t / (l_t W_{T,s}) + (1 - δ) D_s
/// W_{T,s} ← ω y_t / (l_t D_s) + (1 - ω) W_{T,s}
/// F_{n+k} = l_n D_s W_{T,s} + λ^k e_n
/// ```
///
/// `k` counts open intervals ahead; `e_n` is the last one-step error and
/// `λ` the lag-1 autocorrelation of the one-step errors. Closed intervals
/// are skipped rather than fed as zeros (so the multiplicative form never
/// divides by a closed interval), and each cycle is looked up by day type
/// and clock time, so a missing day cannot shift it. A day type's `W`
/// starts at its first occurrence. `α, δ, ω` are chosen on a grid by the
/// least sum of squared one-step errors. The level has no trend term.
///
/// # Examples
///
/// ```
/// use servops_forecast::DoubleSeasonal;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let m = DoubleSeasonal::new().with_parameters(0.02, 0.1, 0.1)?;
/// assert!(DoubleSeasonal::new().with_parameters(2.0, 0.1, 0.1).is_err());
/// # let _ = m;
/// # Ok(())
/// # }
/// ```
///
/// # References
///
/// Taylor, J. W. (2003), "Short-term electricity demand forecasting using
/// double seasonal exponential smoothing", *Journal of the Operational
/// Research Society* 54, 799-805; Taylor (2008), *Management Science* 54(2).
#[derive(Debug, Clone, PartialEq)]
pub struct DoubleSeasonal {
    params: Option<[f64; 3]>,
}

impl Default for DoubleSeasonal {
    fn default() -> Self {
        Self::new()
    }
}

impl DoubleSeasonal {
    /// Parameters fitted by squared error.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DoubleSeasonal;
    /// assert_eq!(DoubleSeasonal::new(), DoubleSeasonal::default());
    /// ```
    pub fn new() -> Self {
        Self { params: None }
    }

    /// Fixes `α, δ, ω`, each in [0, 1].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`](crate::Error::InvalidParameter) outside [0, 1].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DoubleSeasonal;
    /// assert!(DoubleSeasonal::new().with_parameters(0.1, -0.1, 0.1).is_err());
    /// ```
    pub fn with_parameters(mut self, alpha: f64, delta: f64, omega: f64) -> Result<Self> {
        for (name, v) in [("alpha", alpha), ("delta", delta), ("omega", omega)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(invalid(name, v, "in [0, 1]"));
            }
        }
        self.params = Some([alpha, delta, omega]);
        Ok(self)
    }

    /// The fixed `[α, δ, ω]`, or `None` when fitted by squared error.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_forecast::DoubleSeasonal;
    /// assert_eq!(DoubleSeasonal::new().fixed_parameters(), None);
    /// let m = DoubleSeasonal::new().with_parameters(0.1, 0.2, 0.3)?;
    /// assert_eq!(m.fixed_parameters(), Some([0.1, 0.2, 0.3]));
    /// # Ok::<(), servops_forecast::Error>(())
    /// ```
    pub fn fixed_parameters(&self) -> Option<[f64; 3]> {
        self.params
    }
}

#[derive(Debug, Clone, PartialEq)]
struct State {
    level: f64,
    daily: Vec<f64>,
    weekly: BTreeMap<DayType, Vec<f64>>,
    sse: f64,
    last_error: f64,
    lag1: f64,
}

const FLOOR: f64 = 1e-3;

fn run(days: &[Day], slots: usize, [alpha, delta, omega]: [f64; 3]) -> State {
    let mut st = State {
        level: 0.0,
        daily: vec![1.0; slots],
        weekly: BTreeMap::new(),
        sse: 0.0,
        last_error: 0.0,
        lag1: 0.0,
    };
    let (mut cross, mut sq) = (0.0, 0.0);
    let mut prev_e: Option<f64> = None;
    for d in days {
        let n_open = d.open.iter().filter(|o| **o).count().max(1) as f64;
        if st.level <= 0.0 {
            st.level = (d.total / n_open).max(FLOOR);
        }
        if !st.weekly.contains_key(&d.day_type) {
            let w: Vec<f64> = d
                .values
                .iter()
                .zip(&st.daily)
                .map(|(y, ds)| ((y + 0.5) / (st.level * ds)).max(FLOOR))
                .collect();
            st.weekly.insert(d.day_type.clone(), w);
            continue;
        }
        let Some(w) = st.weekly.get_mut(&d.day_type) else {
            continue;
        };
        for s in 0..slots {
            if !d.open.get(s).copied().unwrap_or(false) {
                continue;
            }
            let (Some(&y), Some(ds), Some(ws)) =
                (d.values.get(s), st.daily.get_mut(s), w.get_mut(s))
            else {
                continue;
            };
            let f = st.level * *ds * *ws;
            let e = y - f;
            st.sse += e * e;
            if let Some(p) = prev_e {
                cross += e * p;
                sq += p * p;
            }
            prev_e = Some(e);
            st.last_error = e;
            let seas = (*ds * *ws).max(FLOOR);
            let new_level = (alpha * y / seas + (1.0 - alpha) * st.level).max(FLOOR);
            *ds = (delta * y / (new_level * *ws) + (1.0 - delta) * *ds).max(FLOOR);
            *ws = (omega * y / (new_level * *ds) + (1.0 - omega) * *ws).max(FLOOR);
            st.level = new_level;
        }
    }
    st.lag1 = if sq > 0.0 {
        (cross / sq).clamp(0.0, 0.99)
    } else {
        0.0
    };
    st
}

/// A fitted [`DoubleSeasonal`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_forecast::{Calendar, DoubleSeasonal, FittedModel, History, Method};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 21)?;
/// let h = History::new(&IntervalSeries::filled(grid, Some(30.0)), Calendar::new(UTC))?;
/// let fitted = DoubleSeasonal::new().fit(&h)?;
/// let next = IntervalGrid::new("2026-03-23T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// assert!(fitted.predict(&next)?.values().iter().all(|v| (v - 30.0).abs() < 0.6));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FittedDoubleSeasonal {
    ctx: Context,
    params: [f64; 3],
    state: State,
}

impl FittedDoubleSeasonal {
    /// The smoothing parameters `[α, δ, ω]` in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, DoubleSeasonal, History, Method};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 14)?;
    /// let h = History::new(&IntervalSeries::filled(grid, Some(3.0)), Calendar::new(UTC))?;
    /// let f = DoubleSeasonal::new().with_parameters(0.01, 0.1, 0.1)?.fit(&h)?;
    /// assert_eq!(f.parameters(), [0.01, 0.1, 0.1]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn parameters(&self) -> [f64; 3] {
        self.params
    }

    fn day(&self, date: NaiveDate, lead: usize) -> Result<Vec<f64>> {
        let w = resolve(&self.ctx, &self.state.weekly, date, "double seasonal")?;
        let open = self.ctx.open_slots(date);
        let factor = self.ctx.calendar.factor(date);
        let mut k: i32 = if lead <= 1 { 0 } else { i32::MAX };
        Ok(open
            .iter()
            .zip(w)
            .zip(&self.state.daily)
            .map(|((o, ws), ds)| {
                if !*o {
                    return 0.0;
                }
                k = k.saturating_add(1);
                let ar = if k < 2000 {
                    self.state.lag1.powi(k) * self.state.last_error
                } else {
                    0.0
                };
                ((self.state.level * ds * ws + ar) * factor).max(0.0)
            })
            .collect())
    }
}

const ALPHAS: [f64; 3] = [0.005, 0.02, 0.05];
const DELTAS: [f64; 2] = [0.02, 0.1];
const OMEGAS: [f64; 3] = [0.05, 0.15, 0.3];

impl Method for DoubleSeasonal {
    type Fitted = FittedDoubleSeasonal;
    fn fit(&self, history: &History) -> Result<FittedDoubleSeasonal> {
        let days = history.days();
        if days.len() < 2 {
            return Err(too_short("double seasonal", 2, days.len()));
        }
        let slots = history.slots_per_day();
        let params = match self.params {
            Some(p) => p,
            None => {
                let mut best = ([0.02, 0.1, 0.1], f64::INFINITY);
                for a in ALPHAS {
                    for d in DELTAS {
                        for o in OMEGAS {
                            let st = run(days, slots, [a, d, o]);
                            if st.sse < best.1 {
                                best = ([a, d, o], st.sse);
                            }
                        }
                    }
                }
                best.0
            }
        };
        let state = run(days, slots, params);
        Ok(FittedDoubleSeasonal {
            ctx: history.context(),
            params,
            state,
        })
    }
}

impl_predict!(FittedDoubleSeasonal);
