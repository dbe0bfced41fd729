//! Staffing-driven cost: cost per contact as a function of volume through
//! the Erlang C or Erlang A staffing solvers of servops-queue, pooling
//! economies, and volume or deflection scenarios that re-solve staffing.

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::IntervalSeries;
use servops_queue::{Model, Staffing, Targets, Workload, agents_required, solve_series};

use crate::error::{
    Error, Result, add, div, duration_secs, from_f64, invalid, mul, mul_div, non_negative,
};
use crate::hourly::Shrinkage;
use crate::money::Money;

const SECS_PER_HOUR: Decimal = Decimal::from_parts(3600, 0, 0, false, 0);

/// Prices the staffing an interval needs: the fewest agents meeting the
/// targets (servops-queue), grossed up for shrinkage, at the loaded cost of
/// a paid hour.
///
/// # Formula
///
/// For an interval of length `T` hours with `N` agents required by the model:
///
/// ```text
/// scheduled        = N / (1 - shrinkage)
/// staff cost       = scheduled x cost per paid hour x T
/// handled          = offered x (1 - P(abandon))            (P(abandon) = 0 in Erlang C)
/// cost per contact = staff cost / handled
/// workload cost    = handled x AHT x cost per paid hour / (1 - shrinkage)
/// ```
///
/// The workload cost is what the contacts would cost at 100 % occupancy;
/// the staffing cost is never below it because `N >= handled x AHT / T`.
/// Because `N` grows like `A + beta sqrt(A)` (square-root staffing), cost
/// per contact falls as volume grows (pooling economies) and, because `N`
/// is an integer, it moves in a saw-tooth.
///
/// # Errors
///
/// [`StaffingCost::new`] returns [`Error::InvalidParameter`] naming
/// `per_paid_hour` if negative and [`Error::Queue`] for an empty target set.
///
/// # Accuracy
///
/// Agent counts are exact integers from servops-queue. The offered and
/// handled volumes and the abandonment probability are `f64` converted to
/// `Decimal`; money is exact from there on, multiplied before it is divided
/// by `3600 (1 - shrinkage)`. Where `P(abandon) > 0.5` the handled
/// contacts are taken as the carried load, `occupancy x N x T / AHT`
/// (equal in exact arithmetic), because `1 - P(abandon)` cancels when
/// nearly every contact abandons (8 digits lost at a billion erlangs on one
/// agent); the workload cost is computed from the `f64` handled seconds,
/// since a decimal count below `1e-16` keeps few digits.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, Money, RoundingPolicy, Shrinkage, StaffingCost};
/// use servops_queue::{Model, Targets};
/// use std::time::Duration;
///
/// let cost = StaffingCost::new(
///     Money::new(Decimal::new(40, 0), Currency::USD),
///     Shrinkage::new(Decimal::new(30, 2))?,
///     Model::ErlangC,
///     Targets::service_level_within(0.8, Duration::from_secs(20))?,
/// )?;
/// let half_hour = Duration::from_secs(1800);
/// let c = cost.interval(100.0, Duration::from_secs(300), half_hour)?;
/// assert_eq!(c.agents, 21);
/// assert_eq!(c.cost_per_contact.unwrap().present(RoundingPolicy::CENTS), "6.00 USD");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
///
/// Borst, S., Mandelbaum, A. and Reiman, M. (2004). Dimensioning large call
/// centers. *Operations Research* 52(1), 17-34.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaffingCost {
    per_paid_hour: Money,
    shrinkage: Shrinkage,
    model: Model,
    targets: Targets,
}

/// The cost of one interval's staffing.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, Money, Shrinkage, StaffingCost};
/// use servops_queue::{Model, Targets};
/// use std::time::Duration;
///
/// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::default(),
///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
/// let c = cost.interval(0.0, Duration::from_secs(300), Duration::from_secs(1800))?;
/// assert_eq!(c.agents, 0);
/// assert_eq!(c.cost_per_contact, None); // undefined, not zero
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct IntervalCost {
    /// Contacts offered.
    pub offered: f64,
    /// Mean handle time in seconds.
    pub aht_secs: f64,
    /// Agents required on the phones (servops-queue).
    pub agents: u32,
    /// Scheduled staff, `agents / (1 - shrinkage)`.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub scheduled: Decimal,
    /// Occupancy of the agents on the phones.
    pub occupancy: f64,
    /// Service level achieved, when the targets include one.
    pub service_level: Option<f64>,
    /// Average speed of answer in seconds.
    pub asa_secs: f64,
    /// Probability of abandoning (0 in Erlang C).
    pub prob_abandon: f64,
    /// Contacts handled, `offered x (1 - P(abandon))` (the carried load
    /// `occupancy x N x T / AHT` where `P(abandon) > 0.5`, see
    /// [`StaffingCost`]'s accuracy).
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub handled: Decimal,
    /// Staff cost of the interval.
    pub cost: Money,
    /// Cost of the handled workload alone at 100 % occupancy.
    pub workload_cost: Money,
    /// `cost / handled`; `None` when nothing is handled.
    pub cost_per_contact: Option<Money>,
    /// `workload_cost / handled`, the floor of the cost per contact; `None` when nothing is handled.
    pub workload_cost_per_contact: Option<Money>,
}

/// The staffing cost of an interval series (a day or a week).
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use rust_decimal::Decimal;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_cost::*;
/// use servops_queue::{Model, Targets, Workload};
/// use std::time::Duration;
///
/// let grid = IntervalGrid::new(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).single().ok_or("date")?, Duration::from_secs(1800), 2)?;
/// let work = IntervalSeries::filled(grid, Workload::new(100.0, Duration::from_secs(300))?);
/// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
/// let s: SeriesCost = cost.series(&work)?;
/// assert_eq!(s.agent_hours, Decimal::new(21, 0)); // 2 x 21 agents x 0.5 h
/// assert_eq!(s.scheduled_hours, Decimal::new(30, 0)); // after 30 % shrinkage
/// assert_eq!(s.cost_per_contact.unwrap().present(RoundingPolicy::CENTS), "6.00 USD");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SeriesCost {
    /// Each interval.
    pub intervals: Vec<IntervalCost>,
    /// Contacts offered over the series.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub offered: Decimal,
    /// Contacts handled over the series.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub handled: Decimal,
    /// Agent-hours on the phones.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub agent_hours: Decimal,
    /// Scheduled (paid) hours, after shrinkage.
    #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
    pub scheduled_hours: Decimal,
    /// Total staff cost.
    pub cost: Money,
    /// Total workload cost (100 % occupancy).
    pub workload_cost: Money,
    /// `cost / handled` over the series (a ratio of sums); `None` when nothing is handled.
    pub cost_per_contact: Option<Money>,
}

/// Pooling economies: the same traffic served by separate queues or by one pooled queue.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::*;
/// use servops_queue::{Model, Targets};
/// use std::time::Duration;
///
/// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
/// let p: Pooling = cost.pooling(&[25.0, 25.0], Duration::from_secs(300), Duration::from_secs(1800))?;
/// assert_eq!(p.separate_agents, 14); // 7 + 7
/// assert!(p.pooled.agents < p.separate_agents);
/// assert_eq!(p.saving, p.separate_cost.checked_sub(p.pooled.cost)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Pooling {
    /// Each queue served on its own.
    pub separate: Vec<IntervalCost>,
    /// All queues served as one.
    pub pooled: IntervalCost,
    /// Agents over the separate queues.
    pub separate_agents: u32,
    /// Cost over the separate queues.
    pub separate_cost: Money,
    /// Separate cost minus pooled cost.
    pub saving: Money,
}

/// A volume change and a deflection applied to a workload; the contacts
/// that remain may take longer (self-service keeps the easy ones).
///
/// # Formula
///
/// ```text
/// residual contacts = contacts x (1 + volume change) x (1 - deflection)
/// residual AHT      = the scenario's AHT if given, else the interval's AHT
/// ```
///
/// # Errors
///
/// [`Error::InvalidParameter`] naming `volume_change` (`<= -1`),
/// `deflection` (outside `[0, 1)`) or `residual_aht` (zero).
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::Scenario;
/// use std::time::Duration;
///
/// let s = Scenario::new()
///     .with_deflection(Decimal::new(15, 2))?
///     .with_residual_aht(Duration::from_secs(330))?;
/// assert_eq!(s.volume_factor(), Decimal::new(85, 2));
/// assert!(Scenario::new().with_volume_change(Decimal::NEGATIVE_ONE).is_err());
/// # Ok::<(), servops_cost::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(
        try_from = "crate::serde_impls::ScenarioRepr",
        into = "crate::serde_impls::ScenarioRepr"
    )
)]
pub struct Scenario {
    volume_change: Decimal,
    deflection: Decimal,
    residual_aht: Option<Duration>,
}

impl Scenario {
    /// No change.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Scenario;
    ///
    /// assert_eq!(Scenario::new().volume_factor(), Decimal::ONE);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Volume grows by `change` (`0.20` = +20 %, `-0.10` = -10 %); must be
    /// in `(-1, 1e9]`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `volume_change` outside `(-1, 1e9]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Scenario;
    ///
    /// let s = Scenario::new().with_volume_change(Decimal::new(2, 1))?;
    /// assert_eq!(s.volume_factor(), Decimal::new(12, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn with_volume_change(mut self, change: Decimal) -> Result<Self> {
        if change <= Decimal::NEGATIVE_ONE || change > Decimal::new(1_000_000_000, 0) {
            return Err(invalid("volume_change", change, "in (-1, 1e9]"));
        }
        self.volume_change = change;
        Ok(self)
    }

    /// A share `deflection` in `[0, 1)` of contacts is contained by self-service.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `deflection` outside `[0, 1)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Scenario;
    ///
    /// assert!(Scenario::new().with_deflection(Decimal::ONE).is_err());
    /// ```
    pub fn with_deflection(mut self, deflection: Decimal) -> Result<Self> {
        self.deflection = crate::error::unit_half_open("deflection", deflection)?;
        Ok(self)
    }

    /// The AHT of the contacts that remain.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `residual_aht` if zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Scenario;
    /// use std::time::Duration;
    ///
    /// assert!(Scenario::new().with_residual_aht(Duration::ZERO).is_err());
    /// ```
    pub fn with_residual_aht(mut self, aht: Duration) -> Result<Self> {
        if aht.is_zero() {
            return Err(invalid("residual_aht", 0, "> 0"));
        }
        self.residual_aht = Some(aht);
        Ok(self)
    }

    /// The volume change.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Scenario;
    ///
    /// assert_eq!(Scenario::new().with_volume_change(Decimal::new(1, 1))?.volume_change(), Decimal::new(1, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn volume_change(&self) -> Decimal {
        self.volume_change
    }

    /// The deflection rate.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Scenario;
    ///
    /// assert_eq!(Scenario::new().deflection(), Decimal::ZERO);
    /// ```
    pub fn deflection(&self) -> Decimal {
        self.deflection
    }

    /// The residual AHT, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_cost::Scenario;
    /// use std::time::Duration;
    ///
    /// assert_eq!(Scenario::new().with_residual_aht(Duration::from_secs(330))?.residual_aht(), Some(Duration::from_secs(330)));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn residual_aht(&self) -> Option<Duration> {
        self.residual_aht
    }

    /// `(1 + volume change) x (1 - deflection)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Scenario;
    ///
    /// let s = Scenario::new().with_volume_change(Decimal::new(2, 1))?.with_deflection(Decimal::new(5, 1))?;
    /// assert_eq!(s.volume_factor(), Decimal::new(6, 1));
    /// # Ok::<(), servops_cost::Error>(())
    /// ```
    pub fn volume_factor(&self) -> Decimal {
        // (1 + change) is in (0, 1e9 + 1] and (1 - deflection) in (0, 1]:
        // the product always fits.
        (Decimal::ONE + self.volume_change)
            .checked_mul(Decimal::ONE - self.deflection)
            .unwrap_or(Decimal::ZERO)
    }

    /// The residual workload of one interval.
    ///
    /// # Errors
    ///
    /// [`Error::Queue`] if the residual volume is not a valid workload
    /// (not finite).
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::Scenario;
    /// use servops_queue::Workload;
    /// use std::time::Duration;
    ///
    /// let s = Scenario::new().with_deflection(Decimal::new(25, 2))?.with_residual_aht(Duration::from_secs(360))?;
    /// let w = s.apply(&Workload::new(100.0, Duration::from_secs(300))?)?;
    /// assert_eq!(w.contacts(), 75.0);
    /// assert_eq!(w.aht(), Duration::from_secs(360));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&self, workload: &Workload) -> Result<Workload> {
        let factor = crate::error::to_f64(self.volume_factor());
        let contacts = workload.contacts() * factor;
        let aht = self.residual_aht.unwrap_or(workload.aht());
        Ok(Workload::new(contacts, aht)?)
    }
}

/// A baseline and a scenario, each with staffing re-solved, beside the
/// proportional estimate a spreadsheet would make.
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use rust_decimal::Decimal;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_cost::*;
/// use servops_queue::{Model, Targets, Workload};
/// use std::time::Duration;
///
/// let grid = IntervalGrid::new(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).single().ok_or("date")?, Duration::from_secs(1800), 2)?;
/// let work = IntervalSeries::filled(grid, Workload::new(100.0, Duration::from_secs(300))?);
/// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
/// let growth = Scenario::new().with_volume_change(Decimal::new(20, 2))?; // +20 %
/// let c: ScenarioComparison = cost.compare(&work, &growth)?;
/// assert_eq!(c.proportional_cost.amount(), c.baseline.cost.amount() * Decimal::new(12, 1));
/// // Pooling economies: 20 % more calls need fewer than 20 % more agents.
/// assert!(c.scenario.cost.amount() < c.proportional_cost.amount());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ScenarioComparison {
    /// The baseline, staffed by the model.
    pub baseline: SeriesCost,
    /// The residual workload, staffed again by the model.
    pub scenario: SeriesCost,
    /// Baseline cost x volume factor: the proportional cut.
    pub proportional_cost: Money,
    /// Baseline cost minus scenario cost (re-solved staffing).
    pub saving: Money,
    /// Baseline cost minus proportional cost.
    pub proportional_saving: Money,
    /// The scenario that was applied to the baseline.
    pub definition: Scenario,
}

impl StaffingCost {
    /// A staffing-cost model: loaded cost per paid hour, shrinkage, queueing
    /// model and staffing targets.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] naming `per_paid_hour` if negative;
    /// [`Error::Queue`] (`NoTarget`) for an empty target set.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money, Shrinkage, StaffingCost};
    /// use servops_queue::{Model, Targets};
    ///
    /// let bad = StaffingCost::new(Money::new(Decimal::ONE, Currency::USD), Shrinkage::default(), Model::ErlangC, Targets::new());
    /// assert!(bad.is_err());
    /// ```
    pub fn new(
        per_paid_hour: Money,
        shrinkage: Shrinkage,
        model: Model,
        targets: Targets,
    ) -> Result<Self> {
        non_negative("per_paid_hour", per_paid_hour.amount())?;
        if targets.is_empty() {
            return Err(Error::Queue(servops_queue::Error::NoTarget));
        }
        Ok(Self {
            per_paid_hour,
            shrinkage,
            model,
            targets,
        })
    }

    /// The cost of staffing one interval of length `interval` offered
    /// `contacts` with mean handle time `aht`.
    ///
    /// # Errors
    ///
    /// [`Error::Queue`] for invalid traffic or unreachable targets;
    /// [`Error::InvalidParameter`] naming `interval` if zero; [`Error::Overflow`].
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money, Shrinkage, StaffingCost};
    /// use servops_queue::{Model, Targets};
    /// use std::time::Duration;
    ///
    /// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
    ///     Model::ErlangA { patience: Duration::from_secs(120) },
    ///     Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
    /// let c = cost.interval(400.0, Duration::from_secs(300), Duration::from_secs(1800))?;
    /// assert!(c.prob_abandon > 0.0);
    /// assert!(c.cost.amount() >= c.workload_cost.amount());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn interval(
        &self,
        contacts: f64,
        aht: Duration,
        interval: Duration,
    ) -> Result<IntervalCost> {
        let workload = Workload::new(contacts, aht)?;
        if interval.is_zero() {
            return Err(invalid("interval", 0, "> 0"));
        }
        let traffic = workload.traffic(interval)?;
        let staffing = agents_required(&traffic, self.model, &self.targets)?;
        self.price(&workload, interval, &staffing)
    }

    /// The cost curve: [`StaffingCost::interval`] at each volume.
    ///
    /// # Errors
    ///
    /// As [`StaffingCost::interval`], for the first volume that fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money, Shrinkage, StaffingCost};
    /// use servops_queue::{Model, Targets};
    /// use std::time::Duration;
    ///
    /// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
    ///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
    /// let curve = cost.curve(&[25.0, 800.0], Duration::from_secs(300), Duration::from_secs(1800))?;
    /// // Pooling economies: a contact costs less in a big queue.
    /// assert!(curve[1].cost_per_contact.unwrap().amount() < curve[0].cost_per_contact.unwrap().amount());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn curve(
        &self,
        volumes: &[f64],
        aht: Duration,
        interval: Duration,
    ) -> Result<Vec<IntervalCost>> {
        volumes
            .iter()
            .map(|&v| self.interval(v, aht, interval))
            .collect()
    }

    /// The cost of a whole series of interval workloads (a day, a week),
    /// solved with [`servops_queue::solve_series`].
    ///
    /// # Errors
    ///
    /// As [`StaffingCost::interval`]; [`Error::Empty`] naming `workload` for an empty series.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use rust_decimal::Decimal;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_cost::{Currency, Money, Shrinkage, StaffingCost};
    /// use servops_queue::{Model, Targets, Workload};
    /// use std::time::Duration;
    ///
    /// let grid = IntervalGrid::new(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).single().ok_or("date")?, Duration::from_secs(1800), 3)?;
    /// let aht = Duration::from_secs(300);
    /// let work = IntervalSeries::new(grid, vec![Workload::new(25.0, aht)?, Workload::new(100.0, aht)?, Workload::new(0.0, aht)?])?;
    /// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
    ///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
    /// let day = cost.series(&work)?;
    /// assert_eq!(day.intervals.len(), 3);
    /// assert_eq!(day.offered, Decimal::new(125, 0));
    /// assert_eq!(day.agent_hours, Decimal::new(14, 0)); // (7 + 21 + 0) x 0.5 h
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn series(&self, workload: &IntervalSeries<Workload>) -> Result<SeriesCost> {
        if workload.is_empty() {
            return Err(Error::Empty { name: "workload" });
        }
        let interval = workload.grid().step();
        let staffing = solve_series(workload, self.model, &self.targets)?;
        let intervals = workload
            .values()
            .iter()
            .zip(staffing.values())
            .map(|(w, s)| self.price(w, interval, s))
            .collect::<Result<Vec<_>>>()?;
        self.total(intervals, interval)
    }

    /// Pooling economies: each of `queues` (contacts per interval, same AHT)
    /// staffed on its own, against all of them staffed as one queue.
    ///
    /// # Errors
    ///
    /// As [`StaffingCost::interval`]; [`Error::Empty`] naming `queues`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use servops_cost::{Currency, Money, Shrinkage, StaffingCost};
    /// use servops_queue::{Model, Targets};
    /// use std::time::Duration;
    ///
    /// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
    ///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
    /// let p = cost.pooling(&[100.0; 4], Duration::from_secs(300), Duration::from_secs(1800))?;
    /// assert_eq!(p.separate_agents, 84); // 4 x 21
    /// assert_eq!(p.pooled.agents, 74);
    /// assert!(p.saving.amount() > Decimal::ZERO);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pooling(&self, queues: &[f64], aht: Duration, interval: Duration) -> Result<Pooling> {
        if queues.is_empty() {
            return Err(Error::Empty { name: "queues" });
        }
        let separate = self.curve(queues, aht, interval)?;
        let pooled = self.interval(queues.iter().sum(), aht, interval)?;
        let separate_agents = separate.iter().map(|c| c.agents).sum();
        let separate_cost = Money::sum(
            separate.iter().map(|c| c.cost),
            self.per_paid_hour.currency(),
        )?;
        let saving = separate_cost.checked_sub(pooled.cost)?;
        Ok(Pooling {
            separate,
            pooled,
            separate_agents,
            separate_cost,
            saving,
        })
    }

    /// A baseline workload and a [`Scenario`] of it, each staffed by the
    /// model, beside the proportional estimate.
    ///
    /// # Errors
    ///
    /// As [`StaffingCost::series`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use rust_decimal::Decimal;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_cost::{Currency, Money, Scenario, Shrinkage, StaffingCost};
    /// use servops_queue::{Model, Targets, Workload};
    /// use std::time::Duration;
    ///
    /// let grid = IntervalGrid::new(Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).single().ok_or("date")?, Duration::from_secs(1800), 1)?;
    /// let work = IntervalSeries::new(grid, vec![Workload::new(100.0, Duration::from_secs(300))?])?;
    /// let cost = StaffingCost::new(Money::new(Decimal::new(40, 0), Currency::USD), Shrinkage::new(Decimal::new(3, 1))?,
    ///     Model::ErlangC, Targets::service_level_within(0.8, Duration::from_secs(20))?)?;
    /// let bot = Scenario::new().with_deflection(Decimal::new(15, 2))?.with_residual_aht(Duration::from_secs(330))?;
    /// let c = cost.compare(&work, &bot)?;
    /// // The harder residual mix and the queueing curve save less than a 15 % cut.
    /// assert!(c.saving.amount() < c.proportional_saving.amount());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compare(
        &self,
        workload: &IntervalSeries<Workload>,
        scenario: &Scenario,
    ) -> Result<ScenarioComparison> {
        let baseline = self.series(workload)?;
        let residual = workload.try_map(|w| scenario.apply(w))?;
        let scenario_cost = self.series(&residual)?;
        let proportional_cost = baseline.cost.checked_mul(scenario.volume_factor())?;
        let saving = baseline.cost.checked_sub(scenario_cost.cost)?;
        let proportional_saving = baseline.cost.checked_sub(proportional_cost)?;
        Ok(ScenarioComparison {
            baseline,
            scenario: scenario_cost,
            proportional_cost,
            saving,
            proportional_saving,
            definition: *scenario,
        })
    }

    fn price(&self, workload: &Workload, interval: Duration, s: &Staffing) -> Result<IntervalCost> {
        let currency = self.per_paid_hour.currency();
        // Money is multiplied before it is divided by 3600 (1 - shrinkage),
        // one division last: exact inputs give exact money (a 20-minute
        // interval at 36 an hour is 12 an agent, not 36 x 0.333...).
        let paid_secs = mul(
            SECS_PER_HOUR,
            Decimal::ONE - self.shrinkage.value(),
            "staff_cost",
        )?;
        let scheduled = self.shrinkage.gross_up(Decimal::from(s.agents))?;
        let per_paid = self.per_paid_hour.amount();
        let cost = mul_div(
            mul(Decimal::from(s.agents), per_paid, "staff_cost")?,
            duration_secs(interval),
            paid_secs,
            "staff_cost",
        )?;
        let offered = workload.contacts();
        let prob_abandon = s.metrics.prob_abandon;
        // Handled = offered x P(served). Where nearly every contact abandons,
        // 1 - P(abandon) cancels (8 digits lost at a billion erlangs on one
        // agent, handling more than the agent can carry); there the carried
        // load, occupancy x agents, which the queue computes from P(served)
        // directly, gives the handled contacts.
        let handled_f = if prob_abandon <= 0.5 {
            offered * (1.0 - prob_abandon)
        } else {
            let per_agent = interval.as_secs_f64() / workload.aht().as_secs_f64();
            (s.metrics.occupancy * f64::from(s.agents) * per_agent).min(offered)
        };
        let handled = from_f64("handled", handled_f)?;
        // The handled seconds from the f64 count: the decimal `handled` keeps
        // only 28 decimal places, too few digits for a count below 1e-16.
        let handle_secs = from_f64("workload_cost", handled_f * workload.aht().as_secs_f64())?;
        let workload_cost = mul_div(handle_secs, per_paid, paid_secs, "workload_cost")?;
        let (cost_per_contact, workload_cost_per_contact) = if handled > Decimal::ZERO {
            (
                Some(Money::new(
                    div(cost, handled, "cost_per_contact")?,
                    currency,
                )),
                Some(Money::new(
                    div(workload_cost, handled, "workload_cost_per_contact")?,
                    currency,
                )),
            )
        } else {
            (None, None)
        };
        Ok(IntervalCost {
            offered,
            aht_secs: workload.aht().as_secs_f64(),
            agents: s.agents,
            scheduled,
            occupancy: s.metrics.occupancy,
            service_level: s.metrics.service_level,
            asa_secs: s.metrics.asa_secs,
            prob_abandon,
            handled,
            cost: Money::new(cost, currency),
            workload_cost: Money::new(workload_cost, currency),
            cost_per_contact,
            workload_cost_per_contact,
        })
    }

    fn total(&self, intervals: Vec<IntervalCost>, interval: Duration) -> Result<SeriesCost> {
        let currency = self.per_paid_hour.currency();
        let secs = duration_secs(interval);
        let mut offered = Decimal::ZERO;
        let mut handled = Decimal::ZERO;
        // Agents and scheduled staff summed over the intervals, turned into
        // hours once (x seconds / 3600, multiplied first).
        let mut agents = Decimal::ZERO;
        let mut scheduled = Decimal::ZERO;
        let mut cost = Decimal::ZERO;
        let mut workload_cost = Decimal::ZERO;
        for c in &intervals {
            offered = add(offered, from_f64("offered", c.offered)?, "offered")?;
            handled = add(handled, c.handled, "handled")?;
            agents = add(agents, Decimal::from(c.agents), "agent_hours")?;
            scheduled = add(scheduled, c.scheduled, "scheduled_hours")?;
            cost = add(cost, c.cost.amount(), "staff_cost")?;
            workload_cost = add(workload_cost, c.workload_cost.amount(), "workload_cost")?;
        }
        let agent_hours = mul_div(agents, secs, SECS_PER_HOUR, "agent_hours")?;
        let scheduled_hours = mul_div(scheduled, secs, SECS_PER_HOUR, "scheduled_hours")?;
        let cost_per_contact = if handled > Decimal::ZERO {
            Some(Money::new(
                div(cost, handled, "cost_per_contact")?,
                currency,
            ))
        } else {
            None
        };
        Ok(SeriesCost {
            intervals,
            offered,
            handled,
            agent_hours,
            scheduled_hours,
            cost: Money::new(cost, currency),
            workload_cost: Money::new(workload_cost, currency),
            cost_per_contact,
        })
    }
}
