//! The weekly planning pipeline: history, then a forecast with its
//! uncertainty, then the agents each interval needs, then shifts and breaks
//! that cover them, then the service the roster will give and what it costs.
//!
//! Every stage is a public function that can be called on its own; [`plan`]
//! is their composition and returns a [`Plan`] holding each stage's output.
//!
//! ```text
//! PlanHistory ──forecast_stage──► VolumeForecast (mean, band, planned volume)
//!             ──handle_time_stage──► AHT per interval
//!   planned volume + AHT ──requirement_stage──► agents on the phones (Erlang C or A)
//!   ──schedule_requirement──► staff to roster (÷ (1 - shrinkage))
//!   ──schedule_stage──► shifts with breaks (servops-schedule)
//!   coverage × (1 - shrinkage) ──projection_stage──► SL, ASA, abandonment, occupancy
//!   ──► paid hours, cost, cost per contact and service at the planned volume
//!       and at the expected volume (the forecast mean), intervals that miss the target
//! ```
//!
//! # Examples
//!
//! See [`plan`].

use std::time::Duration;

use servops_core::chrono::{DateTime, NaiveDate, Utc};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_cost::Decimal;
use servops_forecast::{
    Backtest, BacktestReport, BestPick, Calendar, FittedModel, HandleTime, History, Method,
    NegativeBinomial,
};
use servops_queue::{
    ChatConcurrency, Metrics, Model, ServiceLevelConvention, Staffing, Targets, Workload,
    metrics_at, solve_series,
};
use servops_schedule::{ScheduleProblem, ShiftTemplate, Solution, SolveOptions};

use crate::{Error, Result};

/// The interval history a plan starts from: contacts offered, contacts
/// handled and their total handle seconds per interval (`None` where the
/// source has no row), and optionally the queue's abandonment totals for
/// estimating Erlang A's patience.
///
/// # Examples
///
/// ```
/// use servops::plan::PlanHistory;
/// use servops::prelude::*;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(1800), 48)?;
/// let offered = IntervalSeries::filled(grid, Some(10.0));
/// let handled = IntervalSeries::filled(grid, Some(9.0));
/// let handle_secs = IntervalSeries::filled(grid, Some(9.0 * 240.0));
/// let history = PlanHistory::new(offered, handled, handle_secs)?.with_abandonment(4_800.0, 48.0)?;
/// assert_eq!(history.patience()?, Some(Duration::from_secs(100)));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlanHistory {
    volume: IntervalSeries<Option<f64>>,
    handled: IntervalSeries<Option<f64>>,
    handle_seconds: IntervalSeries<Option<f64>>,
    abandonment: Option<(f64, f64)>,
}

impl PlanHistory {
    /// Offered contacts, handled contacts and total handle seconds, on one grid.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] (misaligned grids) when the three series are not on
    /// the same grid.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops::plan::PlanHistory;
    /// use servops::prelude::*;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let start = "2026-03-02T00:00:00Z".parse()?;
    /// let half_hours = IntervalGrid::new(start, Duration::from_secs(1800), 48)?;
    /// let offered = IntervalSeries::filled(half_hours, Some(10.0));
    /// let handled = IntervalSeries::filled(half_hours, Some(9.0));
    /// let handle_secs = IntervalSeries::filled(half_hours, Some(9.0 * 240.0));
    /// let history = PlanHistory::new(offered.clone(), handled.clone(), handle_secs)?;
    /// assert_eq!(history.volume().len(), 48);
    ///
    /// // Handle seconds per hour do not line up with counts per half hour.
    /// let hours = IntervalGrid::new(start, Duration::from_secs(3600), 24)?;
    /// let hourly_secs = IntervalSeries::filled(hours, Some(18.0 * 240.0));
    /// let misaligned = PlanHistory::new(offered, handled, hourly_secs);
    /// assert!(matches!(misaligned, Err(servops::Error::Core(_))));
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(
        volume: IntervalSeries<Option<f64>>,
        handled: IntervalSeries<Option<f64>>,
        handle_seconds: IntervalSeries<Option<f64>>,
    ) -> Result<Self> {
        volume.grid().ensure_matches(handled.grid())?;
        volume.grid().ensure_matches(handle_seconds.grid())?;
        Ok(Self {
            volume,
            handled,
            handle_seconds,
            abandonment: None,
        })
    }

    /// Adds the queue's totals over the history: seconds spent waiting by
    /// every contact that queued, and abandons from the queue. They give
    /// Erlang A's patience ([`servops_queue::patience_from_abandonment`]).
    ///
    /// # Errors
    ///
    /// [`Error::Queue`] for a negative or non-finite wait total, or abandons
    /// that are not positive.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops::plan::PlanHistory;
    /// use servops::prelude::*;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 8)?;
    /// let calls = IntervalSeries::filled(grid, Some(30.0));
    /// let seconds = IntervalSeries::filled(grid, Some(30.0 * 300.0));
    /// let history = PlanHistory::new(calls.clone(), calls, seconds)?;
    ///
    /// // 50 minutes of queueing in all over 25 abandons: a mean patience of
    /// // 3000 s / 25 = 120 s.
    /// let with_totals = history.clone().with_abandonment(3_000.0, 25.0)?;
    /// assert_eq!(with_totals.patience()?, Some(Duration::from_secs(120)));
    /// // Without an abandon the patience cannot be estimated.
    /// assert!(matches!(history.with_abandonment(3_000.0, 0.0), Err(servops::Error::Queue(_))));
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_abandonment(mut self, total_wait_secs: f64, abandons: f64) -> Result<Self> {
        servops_queue::patience_from_abandonment(total_wait_secs, abandons)?;
        self.abandonment = Some((total_wait_secs, abandons));
        Ok(self)
    }

    /// The offered contacts per interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops::plan::PlanHistory;
    /// use servops::prelude::*;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 3)?;
    /// let offered = IntervalSeries::new(grid, vec![Some(12.0), None, Some(20.0)])?;
    /// let handled = IntervalSeries::new(grid, vec![Some(11.0), None, Some(18.0)])?;
    /// let seconds = IntervalSeries::new(grid, vec![Some(11.0 * 240.0), None, Some(18.0 * 240.0)])?;
    /// let history = PlanHistory::new(offered, handled, seconds)?;
    /// // The offered counts, not the handled ones, with the missing row kept.
    /// assert_eq!(history.volume().values(), &[Some(12.0), None, Some(20.0)]);
    /// assert_eq!(history.volume().len(), 3);
    /// # Ok(())
    /// # }
    /// ```
    pub fn volume(&self) -> &IntervalSeries<Option<f64>> {
        &self.volume
    }

    /// The estimated mean patience (`None` without abandonment totals).
    ///
    /// # Errors
    ///
    /// None in practice: the totals were checked when added.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops::plan::PlanHistory;
    /// use servops::prelude::*;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 8)?;
    /// let calls = IntervalSeries::filled(grid, Some(30.0));
    /// let seconds = IntervalSeries::filled(grid, Some(30.0 * 300.0));
    /// let history = PlanHistory::new(calls.clone(), calls, seconds)?;
    /// assert_eq!(history.patience()?, None);
    /// // Total queue wait over abandons: 4,800 s / 48 = 100 s.
    /// let history = history.with_abandonment(4_800.0, 48.0)?;
    /// assert_eq!(history.patience()?, Some(Duration::from_secs(100)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn patience(&self) -> Result<Option<Duration>> {
        match self.abandonment {
            None => Ok(None),
            Some((w, a)) => Ok(Some(servops_queue::patience_from_abandonment(w, a)?)),
        }
    }
}

#[cfg(feature = "kpi")]
#[cfg_attr(docsrs, doc(cfg(feature = "kpi")))]
impl PlanHistory {
    /// The history from contact records aggregated by `servops-kpi`
    /// (components attributed by arrival). Per interval: offered is answered
    /// plus abandoned plus flowed out plus callbacks; handled is the
    /// answered contacts whose handle time is known
    /// ([`Components::handle_known`](servops_kpi::Components::handle_known):
    /// one with neither an end nor a talk time is left out, not counted as
    /// 0 s); handle seconds are their talk, hold and after-contact work. The queue's totals for Erlang A's patience are the
    /// waits of answered and abandoned contacts and the abandons (when there
    /// are any).
    ///
    /// Every interval of the components' grid is a known value: an interval
    /// without records is zero contacts, so build the grid over days the
    /// records cover.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] (invalid parameter) unless the components were
    /// attributed by arrival (volume is forecast where contacts arrive).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops::kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    /// use servops::plan::PlanHistory;
    /// use servops::prelude::*;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let t0 = "2026-03-02T09:00:00Z".parse()?;
    /// let s = Duration::from_secs;
    /// let records = vec![
    ///     ContactRecord::builder(t0, Outcome::Answered).wait(s(10)).talk(s(200)).acw(s(40)).build()?,
    ///     ContactRecord::builder(t0, Outcome::Abandoned).wait(s(50)).build()?,
    /// ];
    /// let grid = IntervalGrid::new(t0, s(1800), 2)?;
    /// let series = ComponentSeries::aggregate(&records, grid, ComponentSpec::new(s(20))?);
    /// let history = PlanHistory::from_components(&series)?;
    /// assert_eq!(history.volume().values(), &[Some(2.0), Some(0.0)]);
    /// // (10 + 50) s of queueing over one abandon: 60 s mean patience.
    /// assert_eq!(history.patience()?, Some(s(60)));
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_components(series: &servops_kpi::ComponentSeries) -> Result<Self> {
        if series.spec().attribution() != servops_kpi::Attribution::Arrival {
            return Err(invalid(
                "component attribution",
                format!("{:?}", series.spec().attribution()),
                "by arrival (Attribution::Arrival)",
            ));
        }
        let c = series.components();
        let volume = c.map(|x| Some(x.offered() as f64));
        let handled = c.map(|x| Some(x.handle_known() as f64));
        let seconds =
            c.map(|x| Some((x.talk_ms as f64 + x.hold_ms as f64 + x.acw_ms as f64) / 1000.0));
        let history = Self::new(volume, handled, seconds)?;
        let total = series.total();
        if total.abandoned == 0 {
            return Ok(history);
        }
        let wait_secs = (total.answered_wait_ms as f64 + total.abandoned_wait_ms as f64) / 1000.0;
        history.with_abandonment(wait_secs, total.abandoned as f64)
    }
}

/// Which queueing model turns the forecast into agents.
///
/// # Examples
///
/// ```
/// use servops::plan::PlanModel;
/// let m = PlanModel::ErlangAEstimated;
/// assert_ne!(m, PlanModel::ErlangC);
/// ```
// `PlanModel::Chat` holds the profile inline, as `Model::Chat` does, so
// that the settings stay `Copy`-able; 0.3 kB once per plan.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanModel {
    /// Erlang C: nobody abandons (the conservative textbook model).
    ErlangC,
    /// Erlang A with the patience estimated from the history's abandonment
    /// ([`PlanHistory::with_abandonment`]).
    ErlangAEstimated,
    /// Erlang A with a given mean patience.
    ErlangA {
        /// Mean time a caller waits before abandoning.
        patience: Duration,
    },
    /// Live chat with concurrency ([`servops_queue::Model::Chat`]): each
    /// agent holds up to `m` chats, with the handle times and the optional
    /// patience of `concurrency`, in every interval. The history's handle
    /// seconds are not used: a chat platform measures them across
    /// concurrencies, and the model needs them per concurrency. The
    /// plan's handle time ([`Plan::aht`]) is then `h_1` throughout, and
    /// the projection counts whole agents (only a whole agent holds
    /// chats). Not with [`PlanSettings::with_lines`].
    ///
    /// ```
    /// use servops::plan::PlanModel;
    /// use servops::queue::ChatConcurrency;
    /// use std::time::Duration;
    ///
    /// let secs = Duration::from_secs;
    /// let concurrency = ChatConcurrency::new(&[secs(360), secs(480), secs(660)], None)?;
    /// let chat = PlanModel::Chat { concurrency };
    /// assert_ne!(chat, PlanModel::ErlangC);
    /// # Ok::<(), servops::queue::Error>(())
    /// ```
    Chat {
        /// Handle times per concurrency level and patience.
        concurrency: ChatConcurrency,
    },
}

/// What to plan to: the forecast mean or a quantile of the forecast's
/// negative binomial distribution per interval.
///
/// # Examples
///
/// ```
/// use servops::plan::PlanTo;
/// assert_eq!(PlanTo::Quantile(0.8), PlanTo::Quantile(0.8));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum PlanTo {
    /// The forecast mean.
    Mean,
    /// This quantile of each interval's forecast distribution (for example
    /// 0.8 to staff for the 80th percentile of volume).
    Quantile(f64),
}

/// The settings of a plan: calendar, plan week, forecast method and its
/// backtest, what to plan to, model, targets, shrinkage, shift templates
/// and solver options.
///
/// # Examples
///
/// ```
/// use servops::forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex};
/// use servops::plan::PlanSettings;
/// use servops::prelude::*;
/// use servops::schedule::ShiftTemplate;
/// use servops::core::chrono::NaiveDate;
/// use servops::core::chrono_tz::UTC;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Forecast with the last same weekday, judged on one one-day origin.
/// let one_day = Backtest::rolling(1, 1, 1)?;
/// let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// let shift = ShiftTemplate::builder("8h")
///     .span(Duration::from_secs(8 * 3600))
///     .hourly_rate(servops::cost::Decimal::new(30, 0))
///     .build()?;
/// let settings = PlanSettings::new(
///     Calendar::new(UTC),
///     NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?,
///     1,
///     method,
///     one_day,
///     Targets::service_level_within(0.8, Duration::from_secs(20))?,
///     vec![shift],
/// )?
/// .with_shrinkage(0.25)?;
/// // One UTC day of hours, staffed to 80 % in 20 s with a quarter of the
/// // rostered time off the phones.
/// assert_eq!(settings.grid(Duration::from_secs(3600))?.len(), 24);
/// assert_eq!(settings.targets().service_level(), Some((0.8, Duration::from_secs(20))));
/// assert_eq!(settings.shrinkage(), 0.25);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSettings {
    calendar: Calendar,
    first_day: NaiveDate,
    days: usize,
    method: BestPick,
    backtest: Backtest,
    handle_time: HandleTime,
    plan_to: PlanTo,
    band: f64,
    model: PlanModel,
    lines: Option<u32>,
    targets: Targets,
    shrinkage: f64,
    templates: Vec<ShiftTemplate>,
    solve: SolveOptions,
}

/// The longest plan [`PlanSettings::new`] accepts: 366 local days, a leap
/// year. Every stage is linear in the plan's intervals, and the shift
/// solver far more than linear; a plan of 100,000 days grew past 2.5 GB
/// before an allocation failed.
///
/// # Examples
///
/// ```
/// assert_eq!(servops::plan::MAX_PLAN_DAYS, 366);
/// ```
pub const MAX_PLAN_DAYS: usize = 366;

fn invalid(
    name: &'static str,
    value: impl servops_core::MessageValue,
    constraint: &'static str,
) -> Error {
    Error::Core(servops_core::Error::InvalidParameter {
        name,
        value: value.message_text(),
        constraint,
    })
}

impl PlanSettings {
    /// A plan of `days` local days from `first_day` on `calendar`, forecast
    /// with `method` (a [`BestPick`]; one candidate makes it a single
    /// method) and judged by `backtest`, staffed to `targets`, rostered
    /// from `templates`. Defaults: plan to the mean, 80 % band, Erlang C,
    /// no shrinkage, default handle-time model and solver options.
    /// `BestPick::week_ahead(7)` is the configuration validated on real bank
    /// data (docs/forecast.md 2.5) and what `servops plan` uses; it scores
    /// its candidates on the weekly origins the history holds.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] (invalid parameter) for zero days, more than
    /// [`MAX_PLAN_DAYS`] days or no templates.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops::forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex};
    /// use servops::plan::{MAX_PLAN_DAYS, PlanSettings};
    /// use servops::prelude::*;
    /// use servops::schedule::ShiftTemplate;
    /// use servops::core::chrono::NaiveDate;
    /// use servops::core::chrono_tz::UTC;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let one_day = Backtest::rolling(1, 1, 1)?;
    /// let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).build()?;
    /// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// let settings = |days: usize, templates: Vec<ShiftTemplate>| {
    ///     PlanSettings::new(Calendar::new(UTC), monday, days, method.clone(), one_day.clone(), goal, templates)
    /// };
    /// // A week of half hours: 7 x 48 intervals.
    /// let week = settings(7, vec![shift.clone()])?;
    /// assert_eq!(week.grid(Duration::from_secs(1800))?.len(), 336);
    /// // The defaults: no shrinkage.
    /// assert_eq!(week.shrinkage(), 0.0);
    /// // No days, more than a year of days, or nothing to roster with.
    /// assert!(matches!(settings(0, vec![shift.clone()]), Err(servops::Error::Core(_))));
    /// assert!(settings(MAX_PLAN_DAYS + 1, vec![shift]).is_err());
    /// assert!(settings(7, Vec::new()).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(
        calendar: Calendar,
        first_day: NaiveDate,
        days: usize,
        method: BestPick,
        backtest: Backtest,
        targets: Targets,
        templates: Vec<ShiftTemplate>,
    ) -> Result<Self> {
        if days == 0 {
            return Err(invalid("plan days", days, "at least 1"));
        }
        if days > MAX_PLAN_DAYS {
            return Err(invalid(
                "plan days",
                days,
                "at most 366 (a year of local days)",
            ));
        }
        if templates.is_empty() {
            return Err(invalid("shift templates", 0, "at least one template"));
        }
        Ok(Self {
            calendar,
            first_day,
            days,
            method,
            backtest,
            handle_time: HandleTime::new(30.0)?,
            plan_to: PlanTo::Mean,
            band: 0.8,
            model: PlanModel::ErlangC,
            lines: None,
            targets,
            shrinkage: 0.0,
            templates,
            solve: SolveOptions::default(),
        })
    }

    /// Plan to the mean or to a forecast quantile.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] (invalid parameter) for a quantile outside (0, 1).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method, one_day, goal, vec![shift])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::{plan, PlanTo};
    ///
    /// // The backtest of this steady history has no error, so each hour's count is
    /// // Poisson with mean 30, whose 0.8 quantile is 35 (the least k with
    /// // P(N <= k) >= 0.8; P(N <= 34) = 0.797, P(N <= 35) = 0.843).
    /// let p = plan(&history, &settings.clone().with_plan_to(PlanTo::Quantile(0.8))?)?;
    /// assert_eq!(p.forecast.planned.values()[8], 35.0);
    /// assert_eq!(p.forecast.mean.values()[8], 30.0);
    /// // 8 x 35 contacts planned, 8 x 30 expected: the roster (7 eight-hour
    /// // shifts at 30 an hour, 1,680) costs 6 per planned contact, 7 per expected.
    /// assert_eq!(p.planned_contacts, 280.0);
    /// assert_eq!(p.cost_per_planned_contact, Some(servops::cost::Decimal::new(6, 0)));
    /// assert_eq!(p.cost_per_expected_contact, Some(servops::cost::Decimal::new(7, 0)));
    /// // A quantile must lie strictly between 0 and 1.
    /// assert!(settings.with_plan_to(PlanTo::Quantile(1.0)).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_plan_to(mut self, plan_to: PlanTo) -> Result<Self> {
        if let PlanTo::Quantile(q) = plan_to
            && !(q > 0.0 && q < 1.0)
        {
            return Err(invalid("plan quantile", q, "strictly between 0 and 1"));
        }
        self.plan_to = plan_to;
        Ok(self)
    }

    /// The nominal coverage of the forecast band shown beside the mean.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] (invalid parameter) for a coverage outside (0, 1).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::forecast_stage;
    ///
    /// // A 90 % band runs from the 0.05 to the 0.95 quantile. Each open hour is
    /// // Poisson with mean 30 (the backtest of this steady history has no error):
    /// // P(N <= 20) = 0.035, P(N <= 21) = 0.054, P(N <= 38) = 0.935, P(N <= 39) = 0.954.
    /// let f = forecast_stage(&history, &settings.clone().with_band(0.9)?)?;
    /// assert_eq!(f.band, 0.9);
    /// assert_eq!((f.lower.values()[8], f.upper.values()[8]), (21.0, 39.0));
    /// assert!(settings.with_band(1.0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_band(mut self, coverage: f64) -> Result<Self> {
        if !(coverage > 0.0 && coverage < 1.0) {
            return Err(invalid(
                "band coverage",
                coverage,
                "strictly between 0 and 1",
            ));
        }
        self.band = coverage;
        Ok(self)
    }

    /// The queueing model.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::{plan, PlanModel};
    ///
    /// let patience = Duration::from_secs(60);
    /// let erlang_a = plan(&history, &settings.clone().with_model(PlanModel::ErlangA { patience }))?;
    /// assert_eq!(erlang_a.model, Model::ErlangA { patience });
    /// // Erlang C needs 5 agents for 2.5 erlangs (4 answer 71.1 % in 20 s, 5
    /// // answer 89.0 %). Callers who hang up after a minute on average shorten
    /// // the queue: 3 agents answer 69.0 % of the offered calls in 20 s and 4
    /// // answer 84.0 % (M/M/n+M birth-death chain, solved independently).
    /// assert_eq!(erlang_a.required.values()[8].agents, 4);
    ///
    /// // An estimated patience needs the history's abandonment totals.
    /// let estimated = settings.with_model(PlanModel::ErlangAEstimated);
    /// assert!(matches!(plan(&history, &estimated), Err(servops::Error::Core(_))));
    /// let history = history.with_abandonment(4_800.0, 48.0)?; // 100 s of patience
    /// let p = plan(&history, &estimated)?;
    /// assert_eq!(p.model, Model::ErlangA { patience: Duration::from_secs(100) });
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_model(mut self, model: PlanModel) -> Self {
        self.model = model;
        self
    }

    /// Finite trunk lines: `lines` lines shared by the agents on the phones
    /// and the callers waiting, the same number in every interval. A
    /// contact that finds every line busy gets a busy signal and is lost
    /// (counted against the service level over offered contacts). The
    /// requirement is then solved with [`Model::FiniteLines`], with the
    /// patience of the plan's model (none under Erlang C), so a
    /// [`Targets::with_max_prob_blocked`] goal can be part of the targets.
    /// The projection counts whole agents on the phones (only a whole
    /// agent takes a line): the roster's `coverage x (1 - shrinkage)`
    /// rounded down, at most `lines` (a product that misses an integer by
    /// floating-point rounding alone counts as that integer).
    ///
    /// # Errors
    ///
    /// [`Error::Core`] (invalid parameter) for 0 lines. A plan whose
    /// targets need more agents than there are lines fails in [`plan`]
    /// with [`servops_queue::Error::Unreachable`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::plan;
    ///
    /// // 2.5 erlangs on 6 lines: 5 agents answer 91.8 % in 20 s and 3.37 % get
    /// // a busy signal; 4 agents answer 77.1 % (birth-death chain on 0..=6 with
    /// // Erlang-distributed waits, mpmath), so the requirement stays at 5.
    /// let lines = settings.clone().with_lines(6)?;
    /// assert_eq!(lines.lines(), Some(6));
    /// let p = plan(&history, &lines)?;
    /// assert_eq!(p.model, Model::FiniteLines { lines: 6, patience: None });
    /// assert_eq!(p.required.values()[8].agents, 5);
    /// let blocked = p.required.values()[8].metrics.prob_blocked;
    /// assert!((blocked - 0.033_690_906).abs() < 1e-8, "{blocked}");
    /// // The roster's 5.25 agents on the phones are 5 whole agents.
    /// assert_eq!(p.projected.values()[8].on_phone, 5.0);
    /// // No line, no call.
    /// assert!(settings.with_lines(0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_lines(mut self, lines: u32) -> Result<Self> {
        if lines == 0 {
            return Err(invalid(
                "lines",
                lines,
                "at least 1 (a team needs a line to take a call)",
            ));
        }
        self.lines = Some(lines);
        Ok(self)
    }

    /// The number of trunk lines (`None`: room for every caller).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// assert_eq!(settings.lines(), None);
    /// assert_eq!(settings.with_lines(40)?.lines(), Some(40));
    /// # Ok(())
    /// # }
    /// ```
    pub fn lines(&self) -> Option<u32> {
        self.lines
    }

    /// Shrinkage: the share of rostered time not available for contacts
    /// beyond the breaks the schedule places (absence, meetings, training).
    ///
    /// # Errors
    ///
    /// [`Error::Queue`] for shrinkage outside [0, 1).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::plan;
    ///
    /// let p = plan(&history, &settings)?;
    /// // 30 calls of 300 s an hour are 2.5 erlangs: 5 agents on the phones for
    /// // 80 % in 20 s, so 5 / (1 - 0.25) = 6.67 to roster, 7 whole shifts, and
    /// // 7 x 0.75 = 5.25 agents on the phones.
    /// assert_eq!(p.required.values()[8].agents, 5);
    /// assert!((p.to_roster.values()[8] - 20.0 / 3.0).abs() < 1e-12);
    /// assert_eq!(p.on_phone.values()[8], 5.25);
    /// // Shrinkage of 1 would leave nobody on the phones.
    /// assert!(settings.with_shrinkage(1.0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_shrinkage(mut self, shrinkage: f64) -> Result<Self> {
        servops_queue::scheduled_staff(1.0, shrinkage)?;
        self.shrinkage = shrinkage;
        Ok(self)
    }

    /// The handle-time model.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::forecast::HandleTime;
    /// use servops::plan::handle_time_stage;
    ///
    /// // The same calls, but mornings take 240 s a call and afternoons 360 s.
    /// let seconds = IntervalSeries::from_fn(grid, |i, _| {
    ///     let hour = i % 24;
    ///     Some(if (8..12).contains(&hour) { 30.0 * 240.0 } else if (12..16).contains(&hour) { 30.0 * 360.0 } else { 0.0 })
    /// });
    /// let history = PlanHistory::new(calls.clone(), calls, seconds)?;
    /// let plan_grid = settings.grid(Duration::from_secs(3600))?;
    /// // With no weight on coarser levels, each hour keeps its own mean exactly.
    /// let own = settings.with_handle_time(HandleTime::new(0.0)?);
    /// let aht = handle_time_stage(&history, &own, &plan_grid)?;
    /// assert_eq!((aht.values()[9], aht.values()[13]), (240.0, 360.0));
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_handle_time(mut self, handle_time: HandleTime) -> Self {
        self.handle_time = handle_time;
        self
    }

    /// Options of the shift solver (time limit, gap limit, seed).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::plan;
    /// use servops::schedule::{Method, SolveOptions};
    ///
    /// let greedy = settings.with_solve_options(SolveOptions::default().with_method(Method::Greedy));
    /// let p = plan(&history, &greedy)?;
    /// // The greedy cover proves no lower bound, but it still covers the staff to
    /// // roster in every interval.
    /// assert_eq!(p.schedule.report.bound, None);
    /// let covered = p.schedule.schedule.coverage.values().iter().zip(p.to_roster.values());
    /// assert!(covered.into_iter().all(|(have, need)| have >= need));
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_solve_options(mut self, options: SolveOptions) -> Self {
        self.solve = options;
        self
    }

    /// The plan's interval grid: `days` local days from `first_day` at `step`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] if the step does not divide a day.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::core::chrono_tz::Europe::London;
    ///
    /// // A UTC day is 24 hours or 96 quarter hours; 7 minutes do not divide it.
    /// assert_eq!(settings.grid(Duration::from_secs(3600))?.len(), 24);
    /// assert_eq!(settings.grid(Duration::from_secs(900))?.len(), 96);
    /// assert!(settings.grid(Duration::from_secs(7 * 60)).is_err());
    ///
    /// // Local days: the clocks went forward in London on Sunday 29 March 2026.
    /// let sunday = NaiveDate::from_ymd_opt(2026, 3, 29).ok_or("date")?;
    /// let london = PlanSettings::new(Calendar::new(London), sunday, 1, method, one_day, goal, vec![shift])?;
    /// assert_eq!(london.grid(Duration::from_secs(3600))?.len(), 23);
    /// # Ok(())
    /// # }
    /// ```
    pub fn grid(&self, step: Duration) -> Result<IntervalGrid> {
        Ok(IntervalGrid::local_days(
            self.first_day,
            self.days,
            step,
            self.calendar.time_zone(),
        )?)
    }

    /// The staffing targets.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::plan;
    ///
    /// assert_eq!(settings.targets().service_level(), Some((0.8, Duration::from_secs(20))));
    /// // Every interval's requirement meets them.
    /// let p = plan(&history, &settings)?;
    /// for need in p.required.values() {
    ///     assert!(need.metrics.service_level.ok_or("no service level")? >= 0.8);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn targets(&self) -> &Targets {
        &self.targets
    }

    /// The shrinkage.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
    /// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
    /// # use std::time::Duration;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
    /// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
    /// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
    /// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
    /// # let one_day = Backtest::rolling(1, 1, 1)?;
    /// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
    /// # let rate = servops::cost::Decimal::new(30, 0);
    /// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
    /// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
    /// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
    /// #     .with_shrinkage(0.25)?;
    /// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
    /// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
    /// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
    /// use servops::plan::plan;
    ///
    /// assert_eq!(settings.shrinkage(), 0.25);
    /// // On the phones: the roster's coverage less the shrinkage (7 x 0.75).
    /// let p = plan(&history, &settings)?;
    /// let rostered = p.schedule.schedule.coverage.values()[8];
    /// assert_eq!(p.on_phone.values()[8], rostered * (1.0 - settings.shrinkage()));
    /// assert_eq!(p.on_phone.values()[8], 5.25);
    /// # Ok(())
    /// # }
    /// ```
    pub fn shrinkage(&self) -> f64 {
        self.shrinkage
    }
}

/// The forecast stage's output.
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::forecast_stage;
///
/// let f = forecast_stage(&history, &settings)?;
/// // 09:00: last Monday's 30 calls, with the 80 % band of a Poisson count of
/// // mean 30 (the 0.1 and 0.9 quantiles: P(N <= 22) = 0.081, P(N <= 23) = 0.115,
/// // P(N <= 36) = 0.880, P(N <= 37) = 0.911).
/// assert_eq!(f.mean.values()[9], 30.0);
/// assert_eq!((f.lower.values()[9], f.upper.values()[9]), (23.0, 37.0));
/// assert_eq!(f.band, 0.8);
/// // The one-origin backtest missed by nothing: no dispersion beyond Poisson.
/// assert_eq!(f.backtest.origins.len(), 1);
/// assert_eq!(f.distribution.dispersion(), 0.0);
/// // Planned to the mean (the default).
/// assert_eq!(f.planned, f.mean);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VolumeForecast {
    /// Forecast mean per interval.
    pub mean: IntervalSeries<f64>,
    /// Lower end of the band per interval.
    pub lower: IntervalSeries<f64>,
    /// Upper end of the band per interval.
    pub upper: IntervalSeries<f64>,
    /// Nominal coverage of the band.
    pub band: f64,
    /// The volume the plan staffs for (the mean or a quantile).
    pub planned: IntervalSeries<f64>,
    /// The negative binomial model of interval counts, with its dispersion
    /// estimated from the backtest's residuals.
    pub distribution: NegativeBinomial,
    /// The method's rolling-origin backtest on the history.
    pub backtest: BacktestReport,
}

/// Forecasts the plan's days from the history: fits the method, predicts
/// the plan grid, backtests the method on the history to estimate the
/// count dispersion, and derives the band and the planned volume.
///
/// # Errors
///
/// [`Error::Forecast`] when the history is too short for the method or
/// the backtest, or does not fit the calendar; [`Error::Core`] for a plan
/// grid that cannot be built.
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::forecast_stage;
///
/// let f = forecast_stage(&history, &settings)?;
/// // The plan's day, hour by hour, on the history's step.
/// assert_eq!(f.mean.grid(), &settings.grid(Duration::from_secs(3600))?);
/// // Last Monday again: 30 calls an hour from 08:00 to 16:00, none at night.
/// let monday: Vec<f64> = (0..24).map(|h| if (8..16).contains(&h) { 30.0 } else { 0.0 }).collect();
/// assert_eq!(f.mean.values(), monday.as_slice());
/// # Ok(())
/// # }
/// ```
pub fn forecast_stage(history: &PlanHistory, settings: &PlanSettings) -> Result<VolumeForecast> {
    let past = History::new(&history.volume, settings.calendar.clone())?;
    let grid = settings.grid(history.volume.grid().step())?;
    let fitted = settings.method.fit(&past)?;
    let mean = fitted.predict(&grid)?;
    let backtest = settings.backtest.run(&settings.method, &past)?;
    let distribution = NegativeBinomial::from_backtest(&backtest);
    let mut lower = Vec::with_capacity(mean.len());
    let mut upper = Vec::with_capacity(mean.len());
    let mut planned = Vec::with_capacity(mean.len());
    for &m in mean.values() {
        let (lo, hi) = distribution.interval(m, settings.band)?;
        lower.push(lo);
        upper.push(hi);
        planned.push(match settings.plan_to {
            PlanTo::Mean => m,
            PlanTo::Quantile(q) => distribution.quantile(m, q)?,
        });
    }
    Ok(VolumeForecast {
        lower: IntervalSeries::new(grid, lower)?,
        upper: IntervalSeries::new(grid, upper)?,
        planned: IntervalSeries::new(grid, planned)?,
        mean,
        band: settings.band,
        distribution,
        backtest,
    })
}

/// Forecasts the average handle time per interval of the plan grid from the
/// history's handled contacts and handle seconds; intervals the model leaves
/// undefined (closed) take the history's overall AHT, which only matters
/// where volume is forecast.
///
/// # Errors
///
/// [`Error::Forecast`] when the history does not fit the calendar or
/// holds no handled contacts.
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::handle_time_stage;
///
/// // The same calls, but mornings take 240 s a call and afternoons 360 s.
/// let seconds = IntervalSeries::from_fn(grid, |i, _| {
///     let hour = i % 24;
///     Some(if (8..12).contains(&hour) { 30.0 * 240.0 } else if (12..16).contains(&hour) { 30.0 * 360.0 } else { 0.0 })
/// });
/// let history = PlanHistory::new(calls.clone(), calls, seconds)?;
/// let aht = handle_time_stage(&history, &settings, &settings.grid(Duration::from_secs(3600))?)?;
/// // Credibility weights of 30 calls (the default): overall 300 s; the 09:00
/// // slot over 14 days, (420 x 240 + 30 x 300) / 450 = 244 s; over the two
/// // Mondays, (60 x 240 + 30 x 244) / 90 = 241.33 s. At 13:00 likewise
/// // (420 x 360 + 30 x 300) / 450 = 356 s, then (60 x 360 + 30 x 356) / 90 = 358.67 s.
/// assert!((aht.values()[9] - 724.0 / 3.0).abs() < 1e-9);
/// assert!((aht.values()[13] - 1076.0 / 3.0).abs() < 1e-9);
/// // The closed night hours take the overall AHT.
/// assert!((aht.values()[3] - 300.0).abs() < 1e-9);
/// # Ok(())
/// # }
/// ```
pub fn handle_time_stage(
    history: &PlanHistory,
    settings: &PlanSettings,
    grid: &IntervalGrid,
) -> Result<IntervalSeries<f64>> {
    let handled = History::new(&history.handled, settings.calendar.clone())?;
    let seconds = History::new(&history.handle_seconds, settings.calendar.clone())?;
    let fitted = settings.handle_time.fit(&handled, &seconds)?;
    let overall = fitted.overall_aht();
    Ok(fitted.predict(grid)?.map(|a| a.unwrap_or(overall)))
}

/// The agents each interval needs on the phones for `volume` contacts of
/// handle time `aht` (seconds) under `model`, meeting `targets`
/// ([`servops_queue::solve_series`]).
///
/// # Errors
///
/// [`Error::Core`] for misaligned series, [`Error::Queue`] for invalid
/// volumes or handle times, or targets the model cannot meet.
///
/// # Examples
///
/// ```
/// use servops::plan::requirement_stage;
/// use servops::prelude::*;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 2)?;
/// let volume = IntervalSeries::new(grid, vec![120.0, 0.0])?;
/// let aht = IntervalSeries::new(grid, vec![240.0, 240.0])?;
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let need = requirement_stage(&volume, &aht, Model::ErlangC, &goal)?;
/// assert_eq!(need.values()[0].agents, 20); // 16 erlangs
/// assert_eq!(need.values()[1].agents, 0);
/// # Ok(())
/// # }
/// ```
pub fn requirement_stage(
    volume: &IntervalSeries<f64>,
    aht: &IntervalSeries<f64>,
    model: Model,
    targets: &Targets,
) -> Result<IntervalSeries<Staffing>> {
    let pairs = volume.zip(aht)?;
    let work = pairs.try_map(|&(v, a)| {
        let secs = Duration::try_from_secs_f64(a).map_err(|_| {
            Error::Queue(servops_queue::Error::InvalidParameter {
                name: "aht",
                value: a,
                constraint: "finite and > 0 seconds",
            })
        })?;
        Workload::new(v, secs).map_err(Error::from)
    })?;
    Ok(solve_series(&work, model, targets)?)
}

/// The staff to roster per interval: agents on the phones divided by
/// `1 - shrinkage` (never multiplied by `1 + shrinkage`).
///
/// # Errors
///
/// [`Error::Queue`] for shrinkage outside [0, 1).
///
/// # Examples
///
/// ```
/// use servops::plan::{requirement_stage, schedule_requirement};
/// use servops::prelude::*;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 1)?;
/// let volume = IntervalSeries::new(grid, vec![120.0])?;
/// let aht = IntervalSeries::new(grid, vec![240.0])?;
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let need = requirement_stage(&volume, &aht, Model::ErlangC, &goal)?;
/// let roster = schedule_requirement(&need, 0.2)?;
/// assert_eq!(roster.values()[0], 25.0); // 20 / 0.8
/// # Ok(())
/// # }
/// ```
pub fn schedule_requirement(
    required: &IntervalSeries<Staffing>,
    shrinkage: f64,
) -> Result<IntervalSeries<f64>> {
    Ok(required.try_map(|s| s.scheduled_staff(shrinkage))?)
}

/// Solves the shift problem: shifts from `templates` with their breaks
/// placed, covering `to_roster` in every interval at least cost
/// ([`servops_schedule::solve`]).
///
/// # Errors
///
/// [`Error::Schedule`] for templates that do not fit the grid or a
/// requirement that cannot be covered.
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::schedule_stage;
///
/// // 6.5 agents to roster from 08:00 to 16:00, none otherwise.
/// let plan_grid = settings.grid(Duration::from_secs(3600))?;
/// let to_roster = IntervalSeries::from_fn(plan_grid, |i, _| if (8..16).contains(&i) { 6.5 } else { 0.0 });
/// let solution = schedule_stage(&to_roster, &settings)?;
/// // Covering 08:00 and 15:00 with 8-hour shifts takes 7 shifts starting at
/// // 08:00: 56 paid hours at 30 an hour.
/// assert_eq!(solution.schedule.coverage.values()[8], 7.0);
/// assert_eq!(solution.schedule.coverage.values()[7], 0.0);
/// assert_eq!(solution.schedule.paid_hours, 56.0);
/// assert_eq!(solution.schedule.cost, servops::cost::Decimal::new(1680, 0));
/// # Ok(())
/// # }
/// ```
pub fn schedule_stage(
    to_roster: &IntervalSeries<f64>,
    settings: &PlanSettings,
) -> Result<Solution> {
    let problem = ScheduleProblem::builder(to_roster.clone(), settings.templates.clone())
        .time_zone(settings.calendar.time_zone())
        .build()?;
    Ok(servops_schedule::solve(&problem, &settings.solve)?)
}

/// The service one interval of the roster is projected to give.
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::plan;
///
/// let p = plan(&history, &settings)?;
/// let nine = p.projected.values()[9];
/// // 30 calls planned; 7 rostered, 7 x 0.75 = 5.25 on the phones.
/// assert_eq!((nine.contacts, nine.on_phone), (30.0, 5.25));
/// // Occupancy is the load over the agents: 2.5 / 5.25.
/// let m = nine.metrics.ok_or("no steady state")?;
/// assert!((m.occupancy - 2.5 / 5.25).abs() < 1e-12);
/// // Above the 88.96 % that 5 whole agents give (Erlang C:
/// // 1 - C(5, 2.5) e^(-(5 - 2.5) 20 / 300), C(5, 2.5) = 0.1304).
/// assert!(nine.service_level().ok_or("no target")? > 0.8896);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Projected {
    /// Contacts planned for the interval.
    pub contacts: f64,
    /// Agents on the phones: the schedule's coverage after shrinkage
    /// (in a plan on lines, [`PlanSettings::with_lines`], whole agents and
    /// at most the lines).
    pub on_phone: f64,
    /// The metrics at that staff; `None` when there is no steady-state
    /// service: Erlang C with the load at or above the agents (the queue
    /// grows without bound), or nobody on the phones while contacts arrive.
    pub metrics: Option<Metrics>,
    /// Whether the targets hold a service level (so that no service is 0 %).
    has_service_level_target: bool,
}

impl Projected {
    /// The projected service level: the metric, 0 where there is no
    /// steady-state service (see [`metrics`](Self::metrics)), `None` without a
    /// service-level target.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops::plan::projection_stage;
    /// use servops::prelude::*;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 2)?;
    /// let volume = IntervalSeries::new(grid, vec![120.0, 120.0])?;
    /// let aht = IntervalSeries::new(grid, vec![240.0, 240.0])?;
    /// let staff = IntervalSeries::new(grid, vec![0.0, 20.0])?;
    /// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    /// let p = projection_stage(&volume, &aht, &staff, Model::ErlangC, &goal)?;
    /// // Nobody on the phones while 120 calls arrive: no service, 0 %.
    /// assert_eq!(p.values()[0].metrics, None);
    /// assert_eq!(p.values()[0].service_level(), Some(0.0));
    /// assert!(p.values()[1].service_level().ok_or("target")? > 0.8);
    /// // Without a service-level target there is none to report.
    /// let asa_only = Targets::new().with_max_asa(Duration::from_secs(30))?;
    /// let q = projection_stage(&volume, &aht, &staff, Model::ErlangC, &asa_only)?;
    /// assert_eq!(q.values()[0].service_level(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn service_level(&self) -> Option<f64> {
        match &self.metrics {
            Some(m) => m.service_level,
            None => self.has_service_level_target.then_some(0.0),
        }
    }
}

/// Projects service per interval from the agents on the phones
/// ([`servops_queue::metrics_at`]).
///
/// # Errors
///
/// [`Error::Core`] for misaligned series; [`Error::Queue`] for invalid
/// inputs (negative staff, an Erlang A patience the model refuses). Staff
/// below the models' minimum of 1e-6 agents projects no service, as none.
///
/// # Examples
///
/// ```
/// use servops::plan::projection_stage;
/// use servops::prelude::*;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 2)?;
/// let volume = IntervalSeries::new(grid, vec![120.0, 120.0])?;
/// let aht = IntervalSeries::new(grid, vec![240.0, 240.0])?;
/// let staff = IntervalSeries::new(grid, vec![20.0, 16.0])?;
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let p = projection_stage(&volume, &aht, &staff, Model::ErlangC, &goal)?;
/// assert!(p.values()[0].service_level().unwrap() > 0.8);
/// assert_eq!(p.values()[1].service_level(), Some(0.0)); // 16 agents, 16 erlangs
/// # Ok(())
/// # }
/// ```
pub fn projection_stage(
    volume: &IntervalSeries<f64>,
    aht: &IntervalSeries<f64>,
    on_phone: &IntervalSeries<f64>,
    model: Model,
    targets: &Targets,
) -> Result<IntervalSeries<Projected>> {
    let inputs = volume.zip(aht)?.zip(on_phone)?;
    let step = volume.grid().step();
    inputs.try_map(|&((contacts, aht_secs), staff)| {
        let aht = Duration::try_from_secs_f64(aht_secs).map_err(|_| {
            Error::Queue(servops_queue::Error::InvalidParameter {
                name: "aht",
                value: aht_secs,
                constraint: "finite and > 0 seconds",
            })
        })?;
        let traffic = servops_queue::Traffic::new(contacts, step, aht)?;
        let metrics = match metrics_at(&traffic, model, staff, targets) {
            Ok(m) => Some(m),
            Err(servops_queue::Error::Unstable { .. }) => None,
            // Nobody on the phones with contacts arriving, or less staff
            // than the models' minimum of 1e-6 agents (a shrinkage near 1):
            // no service at all.
            Err(_) if (0.0..1e-6).contains(&staff) => None,
            Err(e) => return Err(e.into()),
        };
        Ok(Projected {
            contacts,
            on_phone: staff,
            metrics,
            has_service_level_target: targets.service_level().is_some(),
        })
    })
}

/// An interval where the roster misses the service-level target at the
/// planned volume: a check on the roster, which [`plan`] always passes
/// (its shift solver covers the requirement in every interval; see
/// [`Plan::misses`]).
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::plan;
///
/// let p = plan(&history, &settings)?;
/// // An interval misses when contacts are planned and its projected service
/// // level is under the target. This roster covers the requirement everywhere
/// // (5.25 agents on the phones where 5 give 89.0 %), so nothing misses.
/// let under = |x: &servops::plan::Projected| x.contacts > 0.0 && x.service_level() < Some(0.8);
/// assert!(!p.projected.values().iter().any(under));
/// assert!(p.misses.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Miss {
    /// Index of the interval in the plan grid.
    pub index: usize,
    /// Start of the interval.
    pub start: DateTime<Utc>,
    /// Projected service level.
    pub service_level: f64,
    /// The target service level.
    pub target: f64,
    /// Agents on the phones short of the requirement (`required - on_phone`).
    pub agents_short: f64,
}

/// One local day of the plan.
///
/// Contacts and the projected service level come twice: at the **planned
/// volume** (what the plan staffs for: the forecast mean, or a quantile of
/// each interval's forecast with [`PlanTo::Quantile`]) and at the
/// **expected volume** (the forecast mean). Planning to the mean makes the
/// two equal.
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::plan;
///
/// let p = plan(&history, &settings)?;
/// let day = p.days.first().ok_or("no day")?;
/// assert_eq!(day.date, monday);
/// // 8 hours of 30 calls, planned to the mean.
/// assert_eq!((day.planned_contacts, day.expected_contacts), (240.0, 240.0));
/// // 5 agents for 8 hours needed; 7 shifts x 0.75 x 8 hours on the phones.
/// assert_eq!(day.required_hours, 40.0);
/// assert_eq!(day.on_phone_hours, 42.0);
/// // Every hour above the 88.96 % of 5 whole agents.
/// assert!(day.service_level_at_planned.ok_or("no target")? > 0.8896);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct DaySummary {
    /// The local date.
    pub date: NaiveDate,
    /// Contacts at the planned volume (the volume staffed for).
    pub planned_contacts: f64,
    /// Contacts expected: the forecast mean summed over the day.
    pub expected_contacts: f64,
    /// Projected service level of the day if the planned volume arrives:
    /// contacts answered within the threshold over contacts offered, summed
    /// over the day's intervals (over contacts answered under
    /// [`ServiceLevelConvention::AnsweredWithinOverAnswered`]; `None`
    /// without contacts or a service-level target).
    pub service_level_at_planned: Option<f64>,
    /// Projected service level of the day if the expected volume (the
    /// forecast mean) arrives, summed as
    /// [`service_level_at_planned`](Self::service_level_at_planned).
    pub service_level_at_expected: Option<f64>,
    /// Agent-hours required on the phones (for the planned volume).
    pub required_hours: f64,
    /// Agent-hours the roster puts on the phones (after shrinkage).
    pub on_phone_hours: f64,
}

/// The plan: every stage's output and the summary.
///
/// The roster is built for the **planned volume** (the forecast mean, or a
/// quantile of each interval's forecast with [`PlanTo::Quantile`]); the
/// summary reports contacts, cost per contact and the projected service
/// level both at that volume and at the **expected volume**, the forecast
/// mean. Planning to the 80th percentile staffs for more contacts than are
/// expected: cost over the planned contacts then understates the cost per
/// contact the centre expects to pay, and the service level at the planned
/// volume understates the service it expects to give.
///
/// # Examples
///
/// ```
/// # use servops::{core::chrono::NaiveDate, core::chrono_tz::UTC, plan::{PlanHistory, PlanSettings}, prelude::*};
/// # use servops::{forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex}, schedule::ShiftTemplate};
/// # use std::time::Duration;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let first = NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?;
/// # let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), UTC)?;
/// # let calls = IntervalSeries::from_fn(grid, |i, _| Some(if (8..16).contains(&(i % 24)) { 30.0 } else { 0.0 }));
/// # let history = PlanHistory::new(calls.clone(), calls.clone(), calls.map(|c| c.map(|c| c * 300.0)))?;
/// # let one_day = Backtest::rolling(1, 1, 1)?;
/// # let method = BestPick::new(vec![WeightedIndex::new(1)?.into()], one_day.clone(), Selection::PerSeries)?;
/// # let rate = servops::cost::Decimal::new(30, 0);
/// # let shift = ShiftTemplate::builder("8h").span(Duration::from_secs(8 * 3600)).hourly_rate(rate).build()?;
/// # let monday = NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?;
/// # let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// # let settings = PlanSettings::new(Calendar::new(UTC), monday, 1, method.clone(), one_day.clone(), goal, vec![shift.clone()])?
/// #     .with_shrinkage(0.25)?;
/// // `history`: two weeks from Monday 16 February 2026 of 30 calls an hour, 300 s each,
/// // 08:00 to 16:00 UTC. `settings`: a plan of Monday 2 March with 8-hour shifts at 30 an
/// // hour, 80 % answered in 20 s and 25 % shrinkage (the `PlanSettings` example).
/// use servops::plan::plan;
/// use servops::cost::Decimal;
///
/// let p = plan(&history, &settings)?;
/// // 7 eight-hour shifts at 30 an hour for 240 calls.
/// assert_eq!(p.paid_hours, 56.0);
/// assert_eq!(p.cost, Decimal::new(1680, 0));
/// assert_eq!(p.expected_contacts, 240.0);
/// assert_eq!(p.cost_per_expected_contact, Some(Decimal::new(7, 0)));
/// // Each stage's output is on the plan's grid.
/// assert_eq!(p.aht.grid(), p.forecast.mean.grid());
/// assert_eq!(p.projected.len(), 24);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Plan {
    /// The volume forecast with its band and backtest.
    pub forecast: VolumeForecast,
    /// Average handle time per interval, seconds.
    pub aht: IntervalSeries<f64>,
    /// The queueing model used (with the estimated patience for Erlang A).
    pub model: Model,
    /// Agents required on the phones per interval for the planned volume,
    /// with the metrics they achieve.
    pub required: IntervalSeries<Staffing>,
    /// Staff to roster per interval (required / (1 - shrinkage)).
    pub to_roster: IntervalSeries<f64>,
    /// The shifts and breaks, with the solver's report (objective, bound, gap, time).
    pub schedule: Solution,
    /// Agents on the phones per interval: the schedule's coverage x (1 -
    /// shrinkage). A plan on lines projects the whole agents in it, at most
    /// the lines ([`Projected::on_phone`]).
    pub on_phone: IntervalSeries<f64>,
    /// Projected service per interval at the planned volume.
    pub projected: IntervalSeries<Projected>,
    /// Projected service per interval at the expected volume (the forecast
    /// mean).
    pub projected_at_expected: IntervalSeries<Projected>,
    /// Intervals under the service-level target at the planned volume, in
    /// time order. The shift solver covers `agents / (1 - shrinkage)` in
    /// every interval, so a plan from [`plan`] has no miss; this is the
    /// check that says so, recomputed from the roster's own coverage and
    /// the queueing model rather than taken from the solver.
    pub misses: Vec<Miss>,
    /// Per local day.
    pub days: Vec<DaySummary>,
    /// Contacts at the planned volume (the volume staffed for), over the plan.
    pub planned_contacts: f64,
    /// Contacts expected over the plan: the sum of the forecast mean.
    pub expected_contacts: f64,
    /// Paid hours of the roster.
    pub paid_hours: f64,
    /// Cost of the roster (the templates' hourly rates x paid hours, plus
    /// fixed costs per shift).
    pub cost: Decimal,
    /// Cost per expected contact: cost / [`expected_contacts`](Self::expected_contacts)
    /// (`None` without contacts). What a contact is expected to cost.
    pub cost_per_expected_contact: Option<Decimal>,
    /// Cost per planned contact: cost / [`planned_contacts`](Self::planned_contacts)
    /// (`None` without contacts). Below the cost per expected contact when
    /// the plan staffs for a quantile above the mean.
    pub cost_per_planned_contact: Option<Decimal>,
    /// Projected service level of the whole plan if the planned volume
    /// arrives (answered within the threshold over offered, or over
    /// answered under [`ServiceLevelConvention::AnsweredWithinOverAnswered`],
    /// summed over intervals).
    pub service_level_at_planned: Option<f64>,
    /// Projected service level of the whole plan if the expected volume
    /// (the forecast mean) arrives, summed as
    /// [`service_level_at_planned`](Self::service_level_at_planned).
    pub service_level_at_expected: Option<f64>,
}

/// Whole agents in `x` staff, as a plan on lines counts them on the phones
/// (only a whole agent takes a line): rounded down, except that a value
/// within `1e-9` (relative) of an integer is that integer, so that
/// floating-point rounding does not cost an agent (`90 x (1 - 0.3)` is
/// `62.99999999999999`).
///
/// # Examples
///
/// ```
/// use servops::plan::whole_agents;
///
/// let (heads, shrinkage) = (std::hint::black_box(90.0), std::hint::black_box(0.3));
/// let on_phone: f64 = heads * (1.0 - shrinkage);
/// assert!(on_phone < 63.0);
/// assert_eq!(whole_agents(on_phone), 63.0);
/// assert_eq!(whole_agents(5.25), 5.0);
/// ```
pub fn whole_agents(x: f64) -> f64 {
    let nearest = x.round();
    if (x - nearest).abs() <= 1e-9 * nearest.max(1.0) {
        nearest
    } else {
        x.floor()
    }
}

/// Runs the whole chain: forecast, handle time, requirement, roster
/// requirement, schedule, projected service, misses, cost.
///
/// # Errors
///
/// Any stage's error, wrapped in [`Error`]; Erlang A with an estimated
/// patience needs abandonment totals in the history ([`Error::Core`],
/// invalid parameter, otherwise).
///
/// # Examples
///
/// ```
/// use servops::forecast::{Backtest, BestPick, Calendar, Selection, WeightedIndex};
/// use servops::plan::{plan, PlanHistory, PlanSettings, PlanTo};
/// use servops::prelude::*;
/// use servops::schedule::{BreakRule, Pay, ShiftTemplate};
/// use servops::core::chrono::NaiveDate;
/// use servops::core::chrono_tz::UTC;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Four weeks of hourly history: 30 calls an hour from 08:00 to 16:00.
/// let first = NaiveDate::from_ymd_opt(2026, 2, 2).ok_or("date")?;
/// let grid = IntervalGrid::local_days(first, 28, Duration::from_secs(3600), UTC)?;
/// let calls = IntervalSeries::from_fn(grid, |i, _| {
///     let hour = i % 24;
///     Some(if (8..16).contains(&hour) { 30.0 } else { 0.0 })
/// });
/// let handled = calls.clone();
/// let seconds = calls.map(|c| c.map(|c| c * 300.0));
/// let history = PlanHistory::new(calls, handled, seconds)?;
///
/// let method = BestPick::new(vec![WeightedIndex::new(4)?.into()], Backtest::rolling(7, 7, 1)?, Selection::PerSeries)?;
/// let eight_hours = ShiftTemplate::builder("8h")
///     .span(Duration::from_secs(8 * 3600))
///     .hourly_rate(servops::cost::Decimal::new(30, 0))
///     .build()?;
/// let settings = PlanSettings::new(
///     Calendar::new(UTC),
///     NaiveDate::from_ymd_opt(2026, 3, 2).ok_or("date")?,
///     7,
///     method,
///     Backtest::rolling(7, 7, 1)?,
///     Targets::service_level_within(0.8, Duration::from_secs(20))?,
///     vec![eight_hours],
/// )?
/// .with_shrinkage(0.25)?
/// .with_plan_to(PlanTo::Mean)?;
/// let p = plan(&history, &settings)?;
/// // 30 calls of 300 s an hour: 2.5 erlangs, 5 agents for 80/20, 6.67 to
/// // roster after 25 % shrinkage, so 7 eight-hour shifts a day.
/// assert_eq!(p.required.values()[10].agents, 5);
/// assert!(p.misses.is_empty());
/// assert_eq!(p.paid_hours, 7.0 * 7.0 * 8.0);
/// // Planned to the mean: the planned volume is the expected one.
/// assert_eq!(p.planned_contacts, p.expected_contacts);
/// assert_eq!(p.cost_per_planned_contact, p.cost_per_expected_contact);
/// # Ok(())
/// # }
/// ```
pub fn plan(history: &PlanHistory, settings: &PlanSettings) -> Result<Plan> {
    let forecast = forecast_stage(history, settings)?;
    let grid = *forecast.mean.grid();
    let aht = match settings.model {
        // The profile's single-chat handle time, not the history's (see
        // `PlanModel::Chat`).
        PlanModel::Chat { concurrency } => {
            let h1 = concurrency.single_chat_aht().as_secs_f64();
            IntervalSeries::from_fn(grid, |_, _| h1)
        }
        _ => handle_time_stage(history, settings, &grid)?,
    };
    let model = match settings.model {
        PlanModel::Chat { concurrency } => Model::Chat { concurrency },
        PlanModel::ErlangC => Model::ErlangC,
        PlanModel::ErlangA { patience } => Model::ErlangA { patience },
        PlanModel::ErlangAEstimated => Model::ErlangA {
            patience: history.patience()?.ok_or_else(|| {
                invalid(
                    "history abandonment",
                    "none",
                    "queue wait and abandon totals (PlanHistory::with_abandonment) for an estimated patience",
                )
            })?,
        },
    };
    let model = match (settings.lines, model) {
        (None, m) => m,
        (Some(lines), Model::Chat { .. }) => {
            return Err(invalid(
                "lines",
                lines,
                "none with the chat model (chats take no trunk lines)",
            ));
        }
        (Some(lines), Model::ErlangA { patience }) => Model::FiniteLines {
            lines,
            patience: Some(patience),
        },
        (Some(lines), _) => Model::FiniteLines {
            lines,
            patience: None,
        },
    };
    let required = requirement_stage(&forecast.planned, &aht, model, &settings.targets)?;
    let to_roster = schedule_requirement(&required, settings.shrinkage)?;
    let schedule = schedule_stage(&to_roster, settings)?;
    let keep = 1.0 - settings.shrinkage;
    let on_phone = schedule.schedule.coverage.map(|c| c * keep);
    // With lines only whole agents take calls, and no more than the lines;
    // only whole agents hold chats.
    let projected_staff = match (settings.lines, model) {
        (Some(lines), _) => on_phone.map(|&x| whole_agents(x).min(f64::from(lines))),
        (None, Model::Chat { .. }) => on_phone.map(|&x| whole_agents(x)),
        (None, _) => on_phone.clone(),
    };
    let projected = projection_stage(
        &forecast.planned,
        &aht,
        &projected_staff,
        model,
        &settings.targets,
    )?;

    let target = settings.targets.service_level().map(|(goal, _)| goal);
    let mut misses = Vec::new();
    if let Some(goal) = target {
        for (i, (p, need)) in projected.values().iter().zip(required.values()).enumerate() {
            let Some(sl) = p.service_level() else {
                continue;
            };
            if p.contacts > 0.0 && sl < goal {
                misses.push(Miss {
                    index: i,
                    start: grid.interval_start(i).unwrap_or_else(|| grid.start()),
                    service_level: sl,
                    target: goal,
                    agents_short: (f64::from(need.agents) - p.on_phone).max(0.0),
                });
            }
        }
    }

    let projected_at_expected = projection_stage(
        &forecast.mean,
        &aht,
        &projected_staff,
        model,
        &settings.targets,
    )?;

    let step_hours = grid.step_hours();
    let tz = settings.calendar.time_zone();
    let convention = settings.targets.convention();
    let has_target = target.is_some();
    let mut days = Vec::new();
    let (mut planned_all, mut expected_all) = (ServiceSum::default(), ServiceSum::default());
    for (date, range) in grid.local_day_ranges(tz) {
        let (mut planned, mut expected) = (ServiceSum::default(), ServiceSum::default());
        let (mut req_h, mut on_h) = (0.0, 0.0);
        for i in range {
            let (Some(p), Some(e), Some(r)) = (
                projected.get(i),
                projected_at_expected.get(i),
                required.get(i),
            ) else {
                continue;
            };
            planned.add(p, convention);
            expected.add(e, convention);
            req_h += f64::from(r.agents) * step_hours;
            on_h += p.on_phone * step_hours;
        }
        planned_all.merge(&planned);
        expected_all.merge(&expected);
        days.push(DaySummary {
            date,
            planned_contacts: planned.contacts,
            expected_contacts: expected.contacts,
            service_level_at_planned: planned.service_level(has_target),
            service_level_at_expected: expected.service_level(has_target),
            required_hours: req_h,
            on_phone_hours: on_h,
        });
    }
    let cost = schedule.schedule.cost;
    let per_contact = |contacts: f64| {
        Decimal::try_from(contacts)
            .ok()
            .filter(|c| !c.is_zero())
            .and_then(|c| cost.checked_div(c))
    };
    Ok(Plan {
        paid_hours: schedule.schedule.paid_hours,
        cost,
        cost_per_planned_contact: per_contact(planned_all.contacts),
        cost_per_expected_contact: per_contact(expected_all.contacts),
        service_level_at_planned: planned_all.service_level(has_target),
        service_level_at_expected: expected_all.service_level(has_target),
        planned_contacts: planned_all.contacts,
        expected_contacts: expected_all.contacts,
        forecast,
        aht,
        model,
        required,
        to_roster,
        schedule,
        on_phone,
        projected,
        projected_at_expected,
        misses,
        days,
    })
}

/// Sums of a projection over intervals: contacts, the contacts the service
/// level is a share of, and those served within the threshold.
#[derive(Debug, Default, Clone, Copy)]
struct ServiceSum {
    contacts: f64,
    base: f64,
    met: f64,
}

impl ServiceSum {
    fn add(&mut self, p: &Projected, convention: ServiceLevelConvention) {
        let of = service_level_base(p, convention);
        self.contacts += p.contacts;
        self.base += of;
        self.met += of * p.service_level().unwrap_or(0.0);
    }

    fn merge(&mut self, other: &ServiceSum) {
        self.contacts += other.contacts;
        self.base += other.base;
        self.met += other.met;
    }

    /// The ratio of sums, `None` without contacts or a service-level target.
    fn service_level(&self, has_target: bool) -> Option<f64> {
        (self.base > 0.0 && has_target).then(|| self.met / self.base)
    }
}

/// The contacts an interval's projected service level is a share of, so
/// that a day's or the plan's service level is a ratio of sums under the
/// targets' convention: the answered contacts (offered x (1 - P(abandon) -
/// P(blocked))) for [`ServiceLevelConvention::AnsweredWithinOverAnswered`],
/// the offered ones otherwise. An interval with no steady-state service (no
/// metrics) counts all its offered contacts as missed.
fn service_level_base(p: &Projected, convention: ServiceLevelConvention) -> f64 {
    match (convention, &p.metrics) {
        (ServiceLevelConvention::AnsweredWithinOverAnswered, Some(m)) => {
            p.contacts * (1.0 - m.prob_abandon - m.prob_blocked).max(0.0)
        }
        _ => p.contacts,
    }
}

/// The service level of several projected intervals together, as one
/// period: the contacts answered within the threshold over the contacts
/// the convention counts, summed over the intervals (not the mean of the
/// intervals' service levels, which gives a quiet interval the weight of a
/// busy one). Under [`ServiceLevelConvention::AnsweredWithinOverAnswered`]
/// each interval counts its answered contacts, offered x (1 - P(abandon) -
/// P(blocked)); under the other conventions its offered contacts. An
/// interval without a steady-state service counts all its contacts as
/// missed, as [`Projected::service_level`] gives it 0. `None` without
/// contacts or without a service-level target (the projections were made
/// without one). This is how [`plan`] reports a day's and the plan's
/// service level.
///
/// # Examples
///
/// ```
/// use servops::plan::{combined_service_level, projection_stage};
/// use servops::prelude::*;
/// use std::time::Duration;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 2)?;
/// let volume = IntervalSeries::new(grid, vec![120.0, 30.0])?;
/// let aht = IntervalSeries::new(grid, vec![240.0, 240.0])?;
/// let staff = IntervalSeries::new(grid, vec![16.0, 10.0])?;
/// let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
/// let p = projection_stage(&volume, &aht, &staff, Model::ErlangC, &goal)?;
/// // 16 agents for 16 erlangs: no steady state, all 120 missed; the quiet
/// // half hour's 30 contacts are nearly all answered in time.
/// let quiet = p.values()[1].service_level().ok_or("target")?;
/// let both = combined_service_level(p.values(), ServiceLevelConvention::default()).ok_or("none")?;
/// assert!((both - 30.0 * quiet / 150.0).abs() < 1e-15);
/// # Ok(())
/// # }
/// ```
pub fn combined_service_level(
    projected: &[Projected],
    convention: ServiceLevelConvention,
) -> Option<f64> {
    let mut sum = ServiceSum::default();
    for p in projected {
        sum.add(p, convention);
    }
    let has_target = projected.iter().all(|p| p.has_service_level_target) && !projected.is_empty();
    sum.service_level(has_target)
}

#[cfg(test)]
mod tests {
    use super::whole_agents;

    /// Products of whole heads and a shrinkage that land a rounding error
    /// below an integer count as that integer; anything else rounds down.
    #[test]
    fn whole_agents_forgives_rounding_only() {
        // 90 x (1 - 0.3) = 62.99999999999999 in binary floating point.
        let (heads, shrinkage) = (std::hint::black_box(90.0), std::hint::black_box(0.3));
        let on_phone: f64 = heads * (1.0 - shrinkage);
        assert!(on_phone < 63.0);
        assert_eq!(whole_agents(on_phone), 63.0);
        assert_eq!(whole_agents(62.999), 62.0);
        assert_eq!(whole_agents(5.25), 5.0);
        assert_eq!(whole_agents(0.0), 0.0);
        assert_eq!(whole_agents(1e-12), 0.0);
        assert_eq!(whole_agents(0.999_999_999_9), 1.0);
    }
}
