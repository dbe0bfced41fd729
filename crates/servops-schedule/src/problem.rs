//! The scheduling problem: requirement, templates, horizon, objective and
//! side constraints, expanded into candidate shifts on the requirement's grid.

use chrono::Datelike;
use servops_core::chrono_tz::Tz;
use servops_core::{IntervalGrid, IntervalSeries};

use crate::error::{Error, Result, invalid};
use crate::template::{Contract, ShiftTemplate};

/// The largest requirement accepted in one interval (agents).
///
/// # Examples
///
/// ```
/// assert_eq!(servops_schedule::MAX_REQUIREMENT, 1e6);
/// ```
pub const MAX_REQUIREMENT: f64 = 1e6;

/// The most break-placement variables a problem may expand to (over all
/// candidate shifts, breaks and allowed offsets; see
/// [`ScheduleProblem::break_placement_count`]).
///
/// The largest benchmark instance (a 24/7 week at 15 minutes, `week15` in
/// `docs/schedule.md`) has 11,235, so the limit leaves a margin of 89. A
/// 24/7 week at 5 minutes with a 12-hour template and a 30-minute break
/// placed anywhere at a 1-minute step would have 1,393,056 (2,016 starts
/// x 691 offsets): about 216 MB to build and far beyond what the solver
/// handles in minutes. [`ProblemBuilder::build`] counts before it
/// allocates and refuses larger problems with [`Error::ModelTooLarge`].
///
/// # Examples
///
/// ```
/// assert_eq!(servops_schedule::MAX_BREAK_PLACEMENTS, 1_000_000);
/// ```
pub const MAX_BREAK_PLACEMENTS: usize = 1_000_000;

/// The most model entries a problem may expand to: one per interval each
/// candidate shift spans, plus one per interval each break placement takes
/// time from (see [`ScheduleProblem::model_entries`]). Memory grows with it
/// (about 8 bytes per shift entry and 16 per break entry, before the
/// solver's copy).
///
/// The largest benchmark instance (`week15`) has 32,732, a margin of
/// 305. A template spanning the whole of a 1-minute 24/7 week would have
/// 10,080 x 10,080 = 101,606,400 shift entries alone (about 0.8 GB).
/// [`ProblemBuilder::build`] counts before it allocates and refuses larger
/// problems with [`Error::ModelTooLarge`].
///
/// # Examples
///
/// ```
/// assert_eq!(servops_schedule::MAX_MODEL_ENTRIES, 10_000_000);
/// ```
pub const MAX_MODEL_ENTRIES: usize = 10_000_000;

/// The most model entries (see [`ScheduleProblem::model_entries`]) that
/// [`solve`](fn@crate::solve) builds an LP relaxation for, with every method
/// but [`Method::Greedy`](crate::Method::Greedy), which builds none.
///
/// The interior-point method that solves large relaxations holds about
/// 550 bytes per entry (measured, release build, on half-hour horizons
/// with the three templates of `servops schedule` starting at any half
/// hour: 0.18 M entries 105 MB, 0.73 M (a year) 407 MB, 1.46 M 809 MB,
/// 2.19 M (three years) 1.2 GB), and its setup, which the time limit
/// cannot interrupt, took 0.5 s at a year and 2.7 s at three. At the
/// limit that is about 0.55 GB. Larger problems are refused with
/// [`Error::ModelTooLarge`] before anything is built: solve a shorter
/// horizon at a time (a month or a quarter), or use `Method::Greedy`.
///
/// # Examples
///
/// ```
/// assert_eq!(servops_schedule::MAX_LP_ENTRIES, 1_000_000);
/// ```
pub const MAX_LP_ENTRIES: usize = 1_000_000;

/// The most tour-model entries (see
/// [`TourReport::model_entries`](crate::TourReport::model_entries))
/// [`solve_tours`](crate::solve_tours) builds a model for.
///
/// Its interior-point relaxation holds about 190 to 400 bytes per entry
/// (measured peak resident memory, release build, one-week models: break
/// windows on a 5-minute week, 1.91 M entries 390 MB and 4.60 M 917 MB;
/// short templates in 0-minute bands with any days off, 1.43 M 400 MB and
/// 2.86 M 798 MB; one-minute templates, whose tour types dominate, 1.48 M
/// 601 MB and 2.12 M 872 MB). At the limit that is at most about 0.6 GB,
/// in line with [`MAX_LP_ENTRIES`]. The largest tour model of the
/// benchmark instances (`week15`, consecutive days off in 1-hour bands)
/// has 50,932 entries, 29 times under it. Larger models are refused with
/// [`Error::ModelTooLarge`] before they are built: use coarser start
/// bands or start steps, fewer templates, or fewer days-off patterns.
///
/// # Examples
///
/// ```
/// assert_eq!(servops_schedule::MAX_TOUR_ENTRIES, 1_500_000);
/// ```
pub const MAX_TOUR_ENTRIES: usize = 1_500_000;

/// Whether the horizon is a line with ends, or a cycle (a 24/7 week that
/// repeats, where a shift starting late on the last day carries on into the
/// first).
///
/// # Examples
///
/// ```
/// use servops_schedule::Horizon;
/// assert_eq!(Horizon::default(), Horizon::Linear);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Horizon {
    /// Shifts must start and end inside the grid.
    #[default]
    Linear,
    /// The grid repeats: interval `len` is interval `0` again.
    Cyclic,
}

/// Weights of the soft objective: agent-hours under the requirement and
/// over it, and an optional budget of paid hours.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for weights that are not finite and `>= 0`,
/// an under weight of zero, or a budget that is not finite and `>= 0`.
///
/// # Examples
///
/// ```
/// use servops_schedule::SoftObjective;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let soft = SoftObjective::new(10.0, 1.0)?.with_paid_hours_budget(800.0)?;
/// assert_eq!(soft.paid_hours_budget(), Some(800.0));
/// assert!(SoftObjective::new(f64::NAN, 1.0).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoftObjective {
    under_weight: f64,
    over_weight: f64,
    budget: Option<f64>,
}

impl SoftObjective {
    /// Weights per agent-hour under and over the requirement.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless `under > 0` and `over >= 0`, both finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SoftObjective;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SoftObjective::new(5.0, 1.0)?.under_weight(), 5.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(under: f64, over: f64) -> Result<Self> {
        if !(under.is_finite() && under > 0.0) {
            return Err(invalid("under weight", under, "finite and > 0"));
        }
        if !(over.is_finite() && over >= 0.0) {
            return Err(invalid("over weight", over, "finite and >= 0"));
        }
        Ok(Self {
            under_weight: under,
            over_weight: over,
            budget: None,
        })
    }

    /// Caps the total paid hours.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] unless the budget is finite and `>= 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SoftObjective;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert!(SoftObjective::new(5.0, 1.0)?.with_paid_hours_budget(-1.0).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_paid_hours_budget(mut self, hours: f64) -> Result<Self> {
        if !(hours.is_finite() && hours >= 0.0) {
            return Err(invalid("paid hours budget", hours, "finite and >= 0"));
        }
        self.budget = Some(hours);
        Ok(self)
    }

    /// Weight per agent-hour under the requirement.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SoftObjective;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SoftObjective::new(3.0, 1.0)?.under_weight(), 3.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn under_weight(&self) -> f64 {
        self.under_weight
    }

    /// Weight per agent-hour over the requirement.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SoftObjective;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SoftObjective::new(3.0, 1.0)?.over_weight(), 1.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn over_weight(&self) -> f64 {
        self.over_weight
    }

    /// The paid-hours budget, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_schedule::SoftObjective;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(SoftObjective::new(3.0, 1.0)?.paid_hours_budget(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn paid_hours_budget(&self) -> Option<f64> {
        self.budget
    }
}

/// What the schedule minimises.
///
/// # Examples
///
/// ```
/// use servops_schedule::{Objective, SoftObjective};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let soft = Objective::UnderOver(SoftObjective::new(10.0, 1.0)?);
/// assert_ne!(soft, Objective::Cost);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum Objective {
    /// Least cost with coverage at or above the requirement in every interval
    /// (to within `1e-9` agents).
    #[default]
    Cost,
    /// Least weighted under- and over-staffing (agent-hours); cost breaks
    /// ties, weighted by [`ScheduleProblem::soft_cost_weight`] (`1e-6` of the
    /// smallest positive staffing weight per largest shift cost, so the
    /// roster depends neither on the currency unit nor on the weights' unit).
    UnderOver(SoftObjective),
}

/// One break placement option of a candidate shift.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placement {
    /// Start offset from the shift start, minutes.
    pub(crate) offset_min: u32,
    /// Intervals the break takes the agent away from, with the fraction of
    /// the interval.
    pub(crate) absence: Vec<(usize, f64)>,
}

/// A template at one start interval.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) template: usize,
    pub(crate) start: usize,
    pub(crate) cost: f64,
    pub(crate) paid_hours: f64,
    /// Intervals the shift spans (wrapped on a cyclic horizon).
    pub(crate) work: Vec<usize>,
    /// Per break of the template, its placement options.
    pub(crate) breaks: Vec<Vec<Placement>>,
}

/// Bounds on the number of shifts of one template.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TemplateBound {
    pub(crate) template: usize,
    pub(crate) min: u32,
    pub(crate) max: Option<u32>,
}

/// A validated scheduling problem, built by [`ScheduleProblem::builder`].
///
/// Holds the requirement (agents needed on the phones per interval), the
/// templates, the local time zone in which the templates' start windows and
/// days are read, the horizon, the objective and the side constraints, and
/// the candidate shifts: every template at every allowed start interval,
/// with every allowed placement of each break.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_schedule::{ScheduleProblem, ShiftTemplate};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 8)?;
/// let req = IntervalSeries::new(grid, vec![1.0, 2.0, 2.0, 3.0, 3.0, 2.0, 1.0, 1.0])?;
/// let four = ShiftTemplate::builder("four").span(Duration::from_secs(4 * 3600)).build()?;
/// let problem = ScheduleProblem::builder(req, vec![four]).build()?;
/// assert_eq!(problem.candidate_count(), 5); // starts at 08:00 .. 12:00
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleProblem {
    pub(crate) requirement: IntervalSeries<f64>,
    pub(crate) templates: Vec<ShiftTemplate>,
    pub(crate) tz: Tz,
    pub(crate) horizon: Horizon,
    pub(crate) objective: Objective,
    pub(crate) bounds: Vec<TemplateBound>,
    pub(crate) part_time_cap: Option<f64>,
    pub(crate) starts_min: u32,
    pub(crate) starts_max: Option<u32>,
    pub(crate) candidates: Vec<Candidate>,
    /// The power of two the candidates' costs are multiplied by: it brings
    /// the dearest into `[1, 2)` (1 when no cost is positive, and with the
    /// soft objective). The solvers' tolerances are absolute (1e-9 in the
    /// search, microlp's 1e-10 on reduced costs and in its ratio test), so
    /// shift costs of 1e-10 all looked alike to them, and costs in
    /// different units (x 1 and x 2^20) made them pick different ones of
    /// equally good LP vertices. With the dearest cost in one binade the
    /// search sees the same numbers in any unit that differs by a power of
    /// two. Multiplying by a power of two is exact, and [`crate::solve()`]
    /// divides its objective and bounds by it again.
    pub(crate) cost_scale: f64,
}

/// Builder of a [`ScheduleProblem`]; [`build`](Self::build) validates and
/// expands the candidate shifts.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
/// use servops_core::chrono_tz::Europe::Paris;
/// use servops_schedule::{Horizon, ScheduleProblem, ShiftTemplate};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24)?;
/// let req = IntervalSeries::filled(grid, 2.0);
/// let eight = ShiftTemplate::builder("eight").span(Duration::from_secs(8 * 3600)).build()?;
/// let problem = ScheduleProblem::builder(req, vec![eight])
///     .time_zone(Paris)
///     .horizon(Horizon::Cyclic)
///     .build()?;
/// assert_eq!(problem.candidate_count(), 24);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ProblemBuilder {
    requirement: IntervalSeries<f64>,
    templates: Vec<ShiftTemplate>,
    tz: Tz,
    horizon: Horizon,
    objective: Objective,
    bounds: Vec<(String, u32, Option<u32>)>,
    part_time_cap: Option<f64>,
    starts_min: u32,
    starts_max: Option<u32>,
}

impl ProblemBuilder {
    /// The time zone in which start windows and start days are read (default UTC).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_core::chrono_tz::Asia::Tokyo;
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).time_zone(Tokyo).build()?;
    /// assert_eq!(p.time_zone(), Tokyo);
    /// # Ok(())
    /// # }
    /// ```
    pub fn time_zone(mut self, tz: Tz) -> Self {
        self.tz = tz;
        self
    }

    /// Linear (default) or cyclic horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{Horizon, ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let t = ShiftTemplate::builder("t").span(Duration::from_secs(7200)).build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).horizon(Horizon::Cyclic).build()?;
    /// assert_eq!(p.candidate_count(), 4);
    /// # Ok(())
    /// # }
    /// ```
    pub fn horizon(mut self, horizon: Horizon) -> Self {
        self.horizon = horizon;
        self
    }

    /// The objective (default [`Objective::Cost`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{Objective, ScheduleProblem, ShiftTemplate, SoftObjective};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let soft = Objective::UnderOver(SoftObjective::new(10.0, 1.0)?);
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).objective(soft).build()?;
    /// assert_eq!(p.objective(), soft);
    /// # Ok(())
    /// # }
    /// ```
    pub fn objective(mut self, objective: Objective) -> Self {
        self.objective = objective;
        self
    }

    /// At least `min` and at most `max` shifts of the template named `name`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{Error, ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let err = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t])
    ///     .template_count("nope", 0, Some(3)).build().unwrap_err();
    /// assert!(matches!(err, Error::UnknownTemplate { .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn template_count(mut self, name: &str, min: u32, max: Option<u32>) -> Self {
        self.bounds.push((name.to_owned(), min, max));
        self
    }

    /// Caps the part-time templates' share of paid hours (in `[0, 1]`).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let b = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]);
    /// assert!(b.clone().part_time_share_cap(0.3).build().is_ok());
    /// assert!(b.part_time_share_cap(1.5).build().is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn part_time_share_cap(mut self, share: f64) -> Self {
        self.part_time_cap = Some(share);
        self
    }

    /// At least `min` and at most `max` agents starting at each start time
    /// that some template allows.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).starts_per_interval(0, Some(5)).build()?;
    /// assert_eq!(p.candidate_count(), 4);
    /// # Ok(())
    /// # }
    /// ```
    pub fn starts_per_interval(mut self, min: u32, max: Option<u32>) -> Self {
        self.starts_min = min;
        self.starts_max = max;
        self
    }

    /// Validates the inputs and expands the candidate shifts.
    ///
    /// # Errors
    ///
    /// - [`Error::NoTemplates`], [`Error::DuplicateTemplate`],
    ///   [`Error::UnknownTemplate`] (a bound naming no template).
    /// - [`Error::InvalidRequirement`] for a negative, NaN or infinite value,
    ///   or one above [`MAX_REQUIREMENT`]. A requirement below `1e-9` agents
    ///   is met by no coverage at all: the solvers and the reported
    ///   [`Schedule::under`](crate::Schedule::under) work to that tolerance.
    /// - [`Error::NotOnGrid`] when a template's span or start step is not a
    ///   whole number of the requirement grid's intervals.
    /// - [`Error::InvalidParameter`] for a part-time cap outside `[0, 1]`,
    ///   `min > max` in a bound, or a cyclic horizon shorter than a span.
    /// - [`Error::Uncoverable`] naming the first interval with a positive
    ///   requirement that no candidate shift works in (cost objective only;
    ///   the soft objective reports it as understaffing instead).
    /// - [`Error::ModelTooLarge`] when the candidate shifts would have more
    ///   than [`MAX_BREAK_PLACEMENTS`] break placements or
    ///   [`MAX_MODEL_ENTRIES`] entries (counted before anything is built).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{Error, ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(1800), 4)?;
    /// let t = ShiftTemplate::builder("t").span(Duration::from_secs(45 * 60)).build()?;
    /// let err = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build().unwrap_err();
    /// assert!(matches!(err, Error::NotOnGrid { what: "span", .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn build(self) -> Result<ScheduleProblem> {
        if self.templates.is_empty() {
            return Err(Error::NoTemplates);
        }
        // Template index by name (a pairwise check was quadratic: 40,000
        // templates took 3.3 s).
        let mut by_name: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(self.templates.len());
        for (i, t) in self.templates.iter().enumerate() {
            if by_name.insert(t.name(), i).is_some() {
                return Err(Error::DuplicateTemplate {
                    name: t.name().to_owned(),
                });
            }
        }
        for (index, &value) in self.requirement.values().iter().enumerate() {
            if !(value.is_finite() && (0.0..=MAX_REQUIREMENT).contains(&value)) {
                return Err(Error::InvalidRequirement { index, value });
            }
        }
        let mut bounds = Vec::new();
        for (name, min, max) in &self.bounds {
            let template = by_name
                .get(name.as_str())
                .copied()
                .ok_or_else(|| Error::UnknownTemplate { name: name.clone() })?;
            if let Some(m) = max.filter(|m| m < min) {
                return Err(invalid(
                    "template maximum",
                    format!("{m} for template {name} (minimum {min})"),
                    "at least the minimum",
                ));
            }
            bounds.push(TemplateBound {
                template,
                min: *min,
                max: *max,
            });
        }
        if let Some(cap) = self.part_time_cap
            && !(cap.is_finite() && (0.0..=1.0).contains(&cap))
        {
            return Err(invalid("part-time share cap", cap, "in [0, 1]"));
        }
        if let Some(m) = self.starts_max.filter(|&m| m < self.starts_min) {
            return Err(invalid(
                "maximum starts per interval",
                format!("{m} (minimum {})", self.starts_min),
                "at least the minimum",
            ));
        }
        let mut candidates = expand(
            self.requirement.grid(),
            &self.templates,
            self.tz,
            self.horizon,
        )?;
        let cost_scale = if self.objective == Objective::Cost {
            cost_scale(&candidates)
        } else {
            1.0
        };
        for c in &mut candidates {
            c.cost *= cost_scale;
        }
        let problem = ScheduleProblem {
            requirement: self.requirement,
            templates: self.templates,
            tz: self.tz,
            horizon: self.horizon,
            objective: self.objective,
            bounds,
            part_time_cap: self.part_time_cap,
            starts_min: self.starts_min,
            starts_max: self.starts_max,
            candidates,
            cost_scale,
        };
        if problem.objective == Objective::Cost {
            problem.check_coverable()?;
        }
        Ok(problem)
    }
}

/// What one template expands to per candidate shift on a grid, and where
/// it may start.
struct Shape {
    /// Intervals the shift spans.
    span_iv: usize,
    /// Start step in minutes (a multiple of the grid's step).
    start_step: u32,
    /// Whether shifts must end inside the grid.
    linear: bool,
    /// Grid length.
    n: usize,
    /// Break placements per shift (all breaks).
    placements: u128,
    /// Model entries per shift: spanned intervals plus, per placement, the
    /// intervals the break takes time from.
    entries: u128,
}

impl Shape {
    /// Checks `t` against a grid of `n` intervals of `step` minutes and
    /// counts its placements and entries per shift, without allocating.
    fn of(t: &ShiftTemplate, step: u32, n: usize, horizon: Horizon) -> Result<Self> {
        let name = || t.name().to_owned();
        if !t.span_min().is_multiple_of(step) {
            return Err(Error::NotOnGrid {
                template: name(),
                what: "span",
                value: t.span(),
                step_minutes: step,
            });
        }
        let span_iv = (t.span_min() / step) as usize;
        let start_step = t.start_step_min().unwrap_or(step);
        if !start_step.is_multiple_of(step) {
            return Err(Error::NotOnGrid {
                template: name(),
                what: "start step",
                value: std::time::Duration::from_secs(u64::from(start_step) * 60),
                step_minutes: step,
            });
        }
        if horizon == Horizon::Cyclic && span_iv > n {
            return Err(invalid(
                "cyclic horizon length",
                format!("{n} intervals"),
                "at least the longest span",
            ));
        }
        // The break windows lie inside the span (at most 7 days), so this
        // walks at most 10,080 offsets per template.
        let (mut placements, mut entries) = (0u128, span_iv as u128);
        for b in t.breaks() {
            let bstep = b.step_min().unwrap_or(step).max(1);
            let mut o = b.earliest_min();
            while o <= b.latest_min() {
                // Intervals first..=last, as `expand` lists them.
                let first = o / step;
                let last = (o + b.length_min() - 1) / step;
                placements += 1;
                entries += u128::from(last - first + 1);
                o += bstep;
            }
        }
        Ok(Self {
            span_iv,
            start_step,
            linear: horizon == Horizon::Linear,
            n,
            placements,
            entries,
        })
    }

    /// Whether a shift of `t` may start at interval `s`, which starts at
    /// local `minute` of `weekday`.
    fn starts_at(
        &self,
        t: &ShiftTemplate,
        s: usize,
        minute: u32,
        weekday: chrono::Weekday,
    ) -> bool {
        t.starts_on(weekday)
            && minute >= t.earliest_start_min()
            && minute <= t.latest_start_min()
            && (minute - t.earliest_start_min()).is_multiple_of(self.start_step)
            && !(self.linear && s + self.span_iv > self.n)
    }
}

/// The power of two `2^k` that brings the dearest candidate's cost into
/// `[1, 2)` (1 when every cost is zero).
fn cost_scale(candidates: &[Candidate]) -> f64 {
    power_of_two_scale(candidates.iter().map(|c| c.cost).fold(0.0f64, f64::max))
}

/// The power of two `2^k` (`k` of either sign) that brings `max` into
/// `[1, 2)`; 1 when `max` is not positive or not finite.
///
/// Costs that differ by a power of two (a currency unit 2^20 times
/// smaller) get scales that differ by its inverse, so `max x scale` is the
/// same float for both, and so is every other cost times its scale.
pub(crate) fn power_of_two_scale(max: f64) -> f64 {
    let mut scale = 1.0f64;
    if !(max > 0.0 && max.is_finite()) {
        return scale;
    }
    // A positive decimal cost is at least 1e-28, above 2^-94, and at most
    // Decimal::MAX, below 2^96 (a sum of a few such costs stays far below
    // 2^127).
    for _ in 0..128 {
        if max * scale >= 1.0 {
            break;
        }
        scale *= 2.0;
    }
    for _ in 0..128 {
        if max * scale < 2.0 {
            break;
        }
        scale *= 0.5;
    }
    scale
}

/// The smallest cost step [`cost_step`] takes on, relative to the dearest
/// scaled cost (in `[1, 2)`): whole costs qualify while the dearest is
/// below 2^40 currency units.
const MIN_COST_STEP: f64 = 1.0 / (1u64 << 40) as f64;

/// The largest power of two that divides every cost (of the scaled costs
/// the search runs on, the dearest in `[1, 2)`), when it is at least
/// [`MIN_COST_STEP`]: every total is then a multiple of it, and lower
/// bounds may be rounded up to one. `None` when no cost is positive, when a
/// cost is not finite, or when the step is finer.
///
/// This is the rule "whole costs give whole bounds" in a form that does
/// not depend on the currency unit: whole costs of 54 and 156 are
/// multiples of 2 (and of 1), and the same costs in a unit 2^20 times
/// smaller (54 x 2^20 and 156 x 2^20) are scaled to the same floats, so
/// they get the same step. (A rule on whole costs in the currency unit
/// rounded the first to multiples of 1 and the second to multiples of
/// 2^-20 of it.)
pub(crate) fn cost_step(costs: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut step: Option<f64> = None;
    for c in costs {
        if !c.is_finite() || c < 0.0 {
            return None;
        }
        if c == 0.0 {
            continue;
        }
        let v = dyadic_part(c);
        step = Some(step.map_or(v, |s| s.min(v)));
    }
    step.filter(|&s| s >= MIN_COST_STEP)
}

/// The largest power of two dividing a positive finite `x` (`x` is an odd
/// integer times it).
fn dyadic_part(x: f64) -> f64 {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    // x = mantissa x 2^(e - 52), the mantissa a whole number.
    let (mantissa, e) = if exp == 0 {
        (frac, -1022)
    } else {
        (frac | (1u64 << 52), exp - 1023)
    };
    let k = e - 52 + mantissa.trailing_zeros() as i32;
    // k >= -1074; 2^k for k < -1022 is subnormal, powi still exact.
    2f64.powi(k)
}

/// Expands templates into candidate shifts on `grid`.
pub(crate) fn expand(
    grid: &IntervalGrid,
    templates: &[ShiftTemplate],
    tz: Tz,
    horizon: Horizon,
) -> Result<Vec<Candidate>> {
    let step = grid.step_minutes();
    let n = grid.len();
    let mut out = Vec::new();
    // One entry per interval, `None` where the local time is outside
    // chrono's dates (no start there); leaving those out shifted every
    // later start to an earlier interval.
    let local: Vec<Option<(u32, chrono::Weekday)>> = (0..n)
        .map(|i| {
            let t = grid.local_start(i, tz)?;
            Some((grid.local_minute_of_day(i, tz).unwrap_or(0), t.weekday()))
        })
        .collect();
    // First pass: check each template against the grid and count what it
    // expands to, so that an oversized model is refused before anything is
    // allocated for it. The counts are u128 (saturating only far beyond
    // anything that fits in memory, and far above the limits).
    let mut shapes = Vec::with_capacity(templates.len());
    let (mut placements, mut entries) = (0u128, 0u128);
    for t in templates {
        let shape = Shape::of(t, step, n, horizon)?;
        let starts = local
            .iter()
            .enumerate()
            .filter(|&(s, l)| {
                l.is_some_and(|(minute, weekday)| shape.starts_at(t, s, minute, weekday))
            })
            .count() as u128;
        placements = placements.saturating_add(starts.saturating_mul(shape.placements));
        entries = entries.saturating_add(starts.saturating_mul(shape.entries));
        shapes.push(shape);
    }
    if placements > MAX_BREAK_PLACEMENTS as u128 {
        return Err(Error::ModelTooLarge {
            what: "break placements",
            count: placements,
            limit: MAX_BREAK_PLACEMENTS,
        });
    }
    if entries > MAX_MODEL_ENTRIES as u128 {
        return Err(Error::ModelTooLarge {
            what: "model entries",
            count: entries,
            limit: MAX_MODEL_ENTRIES,
        });
    }
    for ((ti, t), shape) in templates.iter().enumerate().zip(&shapes) {
        let span_iv = shape.span_iv;
        let cost = f64::try_from(t.shift_cost()).unwrap_or(f64::MAX);
        let paid_hours = t.paid_hours();
        // Break placements relative to the shift start: offsets and the
        // absence fraction per interval offset.
        #[allow(clippy::type_complexity)]
        let mut rel_breaks: Vec<Vec<(u32, Vec<(usize, f64)>)>> = Vec::new();
        for b in t.breaks() {
            let bstep = b.step_min().unwrap_or(step).max(1);
            let mut opts = Vec::new();
            let mut o = b.earliest_min();
            while o <= b.latest_min() {
                let (a, z) = (o, o + b.length_min());
                let mut absence = Vec::new();
                let first = a / step;
                let last = (z - 1) / step;
                for k in first..=last {
                    let lo = a.max(k * step);
                    let hi = z.min((k + 1) * step);
                    if hi > lo {
                        absence.push((k as usize, f64::from(hi - lo) / f64::from(step)));
                    }
                }
                opts.push((o, absence));
                o += bstep;
            }
            rel_breaks.push(opts);
        }
        for (s, &(minute, weekday)) in local
            .iter()
            .enumerate()
            .filter_map(|(s, l)| l.as_ref().map(|l| (s, l)))
        {
            if !shape.starts_at(t, s, minute, weekday) {
                continue;
            }
            let work: Vec<usize> = (0..span_iv).map(|k| (s + k) % n).collect();
            let breaks = rel_breaks
                .iter()
                .map(|opts| {
                    opts.iter()
                        .map(|(o, abs)| Placement {
                            offset_min: *o,
                            absence: abs.iter().map(|&(k, f)| ((s + k) % n, f)).collect(),
                        })
                        .collect()
                })
                .collect();
            out.push(Candidate {
                template: ti,
                start: s,
                cost,
                paid_hours,
                work,
                breaks,
            });
        }
    }
    Ok(out)
}

impl ScheduleProblem {
    /// Starts building a problem from the agents required on the phones per
    /// interval and the shift templates.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 2)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// assert_eq!(p.requirement().len(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(
        requirement: IntervalSeries<f64>,
        templates: Vec<ShiftTemplate>,
    ) -> ProblemBuilder {
        ProblemBuilder {
            requirement,
            templates,
            tz: servops_core::chrono_tz::UTC,
            horizon: Horizon::Linear,
            objective: Objective::Cost,
            bounds: Vec::new(),
            part_time_cap: None,
            starts_min: 0,
            starts_max: None,
        }
    }

    /// The requirement.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 2)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 3.0), vec![t]).build()?;
    /// assert_eq!(p.requirement().values(), &[3.0, 3.0]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn requirement(&self) -> &IntervalSeries<f64> {
        &self.requirement
    }

    /// The templates.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 2)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// assert_eq!(p.templates()[0].name(), "t");
    /// # Ok(())
    /// # }
    /// ```
    pub fn templates(&self) -> &[ShiftTemplate] {
        &self.templates
    }

    /// The time zone of the local calendar.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 2)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// assert_eq!(p.time_zone(), servops_core::chrono_tz::UTC);
    /// # Ok(())
    /// # }
    /// ```
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{Horizon, ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 2)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// assert_eq!(p.horizon(), Horizon::Linear);
    /// # Ok(())
    /// # }
    /// ```
    pub fn horizon(&self) -> Horizon {
        self.horizon
    }

    /// The objective.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{Objective, ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 2)?;
    /// let t = ShiftTemplate::builder("t").build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// assert_eq!(p.objective(), Objective::Cost);
    /// # Ok(())
    /// # }
    /// ```
    pub fn objective(&self) -> Objective {
        self.objective
    }

    /// The power of two the soft objective's weights are multiplied by in
    /// the search (1 for the cost objective): it brings the smallest
    /// positive staffing weight into `[1, 2)`, so that the solvers'
    /// absolute tolerances (1e-9 and the like) see the same objective
    /// whatever unit the weights are in. Multiplying by a power of two is
    /// exact, and the reported objective and bounds are divided by it again.
    pub(crate) fn soft_scale(&self) -> f64 {
        let Objective::UnderOver(s) = self.objective else {
            return 1.0;
        };
        let w = if s.over_weight() > 0.0 {
            s.under_weight().min(s.over_weight())
        } else {
            s.under_weight()
        };
        // w is finite and > 0: its binary exponent is in [-1074, 1023].
        let k = (-w.log2().floor()).clamp(-1000.0, 1000.0);
        2f64.powi(k as i32)
    }

    /// The weight of cost in the soft objective ([`Objective::UnderOver`]):
    /// `1e-6` times the smallest positive staffing weight (the under weight,
    /// or the over weight when it is positive and smaller), divided by the
    /// largest [`ShiftTemplate::shift_cost`] of the templates (by 1 when none
    /// is positive). The soft objective a solve minimises and reports is the
    /// weighted under- and over-staffing in agent-hours plus this weight
    /// times the cost, so the cost only breaks ties, and by the same amount
    /// whatever the units: scaling every rate and fixed cost by a positive
    /// factor (euros to cents) leaves the roster and the objective as they
    /// were, and scaling both staffing weights by a positive factor leaves
    /// the roster and scales the objective. With the cost objective,
    /// computed as if both weights were 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use rust_decimal::Decimal;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{Objective, ScheduleProblem, ShiftTemplate, SoftObjective};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let req = IntervalSeries::filled(grid, 1.0);
    /// let two = |rate| ShiftTemplate::builder("two").span(Duration::from_secs(7200)).hourly_rate(rate).build();
    /// let soft = Objective::UnderOver(SoftObjective::new(10.0, 2.0)?);
    /// let euros = ScheduleProblem::builder(req.clone(), vec![two(Decimal::new(20, 0))?]).objective(soft).build()?;
    /// assert_eq!(euros.soft_cost_weight(), 1e-6 * 2.0 / 40.0); // a shift costs 40
    /// let cents = ScheduleProblem::builder(req, vec![two(Decimal::new(2000, 0))?]).objective(soft).build()?;
    /// assert_eq!(cents.soft_cost_weight(), 1e-6 * 2.0 / 4000.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn soft_cost_weight(&self) -> f64 {
        let staffing = match self.objective {
            Objective::UnderOver(s) if s.over_weight() > 0.0 => {
                s.under_weight().min(s.over_weight())
            }
            Objective::UnderOver(s) => s.under_weight(),
            Objective::Cost => 1.0,
        };
        staffing
            * crate::lp::soft_cost_weight(
                self.templates
                    .iter()
                    .map(|t| f64::try_from(t.shift_cost()).unwrap_or(0.0)),
            )
    }

    /// Number of candidate shifts (template x allowed start interval): the
    /// integer start variables of the model.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, Duration::from_secs(3600), 3)?;
    /// let t = ShiftTemplate::builder("t").span(Duration::from_secs(7200)).build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// assert_eq!(p.candidate_count(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn candidate_count(&self) -> usize {
        self.candidates.len()
    }

    /// Number of break-placement variables (per candidate, per break, per
    /// allowed offset).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{BreakRule, Pay, ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = |x: u64| Duration::from_secs(60 * x);
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, m(30), 8)?;
    /// let t = ShiftTemplate::builder("t").span(m(240))
    ///     .breaks(vec![BreakRule::new(m(30), Pay::Paid, m(60), m(150))?])
    ///     .build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// assert_eq!(p.candidate_count(), 1);
    /// assert_eq!(p.break_placement_count(), 4); // 60, 90, 120, 150 min
    /// # Ok(())
    /// # }
    /// ```
    pub fn break_placement_count(&self) -> usize {
        self.candidates
            .iter()
            .map(|c| c.breaks.iter().map(Vec::len).sum::<usize>())
            .sum()
    }

    /// Number of model entries: per candidate shift one per interval it
    /// spans, plus per break placement one per interval the break takes
    /// time from. The size [`MAX_MODEL_ENTRIES`] limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_schedule::{BreakRule, Pay, ScheduleProblem, ShiftTemplate};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let m = |x: u64| Duration::from_secs(60 * x);
    /// let grid = IntervalGrid::new("2026-03-02T09:00:00Z".parse()?, m(30), 8)?;
    /// let t = ShiftTemplate::builder("t").span(m(240))
    ///     .breaks(vec![BreakRule::new(m(30), Pay::Paid, m(60), m(150))?.with_step(m(15))?])
    ///     .build()?;
    /// let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t]).build()?;
    /// // One start, 8 intervals; offsets 60, 90, 120, 150 take one interval
    /// // each, 75, 105, 135 take two halves.
    /// assert_eq!(p.break_placement_count(), 7);
    /// assert_eq!(p.model_entries(), 8 + 4 * 1 + 3 * 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn model_entries(&self) -> usize {
        self.candidates
            .iter()
            .map(|c| {
                c.work.len()
                    + c.breaks
                        .iter()
                        .flatten()
                        .map(|p| p.absence.len())
                        .sum::<usize>()
            })
            .sum()
    }

    /// Whether `template` is part-time.
    /// Whether any side constraint (template counts, part-time cap, starts
    /// per interval) applies.
    pub(crate) fn has_side_constraints(&self) -> bool {
        !self.bounds.is_empty()
            || self.part_time_cap.is_some()
            || self.starts_min > 0
            || self.starts_max.is_some()
    }

    pub(crate) fn is_part_time(&self, template: usize) -> bool {
        self.templates
            .get(template)
            .is_some_and(|t| t.contract() == Contract::PartTime)
    }

    /// [`Error::StartsOffGrid`] for uncoverable interval `j` (needing `r`)
    /// when no template's start lattice (earliest start plus whole start
    /// steps, inside its window) meets any interval's local start minute,
    /// whatever the day; `None` when some template could start somewhere
    /// (the interval is uncoverable for another reason).
    fn starts_off_grid(&self, j: usize, r: f64) -> Option<Error> {
        let grid = self.requirement.grid();
        let minutes: Vec<u32> = (0..grid.len())
            .filter_map(|i| grid.local_minute_of_day(i, self.tz))
            .collect();
        let step = grid.step_minutes();
        let fits = |t: &ShiftTemplate| {
            let start_step = t.start_step_min().unwrap_or(step).max(1);
            minutes.iter().any(|&m| {
                m >= t.earliest_start_min()
                    && m <= t.latest_start_min()
                    && (m - t.earliest_start_min()).is_multiple_of(start_step)
            })
        };
        if self.templates.iter().any(fits) {
            return None;
        }
        let first = self.templates.first()?;
        let local = grid.local_start(j, self.tz)?;
        Some(Error::StartsOffGrid {
            index: j,
            start: grid.interval_start(j)?,
            local_start: local.time(),
            required: r,
            template: first.name().to_owned(),
            earliest: first.start_window().0,
            start_step_minutes: first.start_step_min().unwrap_or(step),
        })
    }

    /// Checks every interval with a positive requirement has some candidate
    /// that can be on the phone in it.
    fn check_coverable(&self) -> Result<()> {
        let n = self.requirement.len();
        let mut best = vec![0.0f64; n];
        for c in &self.candidates {
            // The most on-phone time the shift can give each interval: one
            // minus the smallest absence over each break's placements.
            let mut cov: Vec<(usize, f64)> = c.work.iter().map(|&j| (j, 1.0)).collect();
            for opts in &c.breaks {
                for (j, v) in cov.iter_mut() {
                    let min_abs = opts
                        .iter()
                        .map(|p| {
                            p.absence
                                .iter()
                                .filter(|(k, _)| k == j)
                                .map(|(_, f)| *f)
                                .sum::<f64>()
                        })
                        .fold(f64::INFINITY, f64::min);
                    if min_abs.is_finite() {
                        *v -= min_abs;
                    }
                }
            }
            for (j, v) in cov {
                if let Some(b) = best.get_mut(j) {
                    *b = b.max(v);
                }
            }
        }
        for (j, (&r, &b)) in self.requirement.values().iter().zip(&best).enumerate() {
            if r > 0.0 && b <= 1e-9 {
                if let Some(e) = self.starts_off_grid(j, r) {
                    return Err(e);
                }
                return Err(Error::Uncoverable {
                    index: j,
                    start: self
                        .requirement
                        .grid()
                        .interval_start(j)
                        .unwrap_or_else(|| self.requirement.grid().start()),
                    required: r,
                });
            }
        }
        Ok(())
    }
}
