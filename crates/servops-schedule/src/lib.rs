#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod assign;
mod error;
mod exact;
mod heuristic;
mod lp;
mod money;
mod problem;
mod schedule;
mod solve;
mod sparse;
mod template;
mod tour_model;
mod tours;

pub use error::{Error, Result};
pub use problem::{
    Horizon, MAX_BREAK_PLACEMENTS, MAX_LP_ENTRIES, MAX_MODEL_ENTRIES, MAX_REQUIREMENT,
    MAX_TOUR_ENTRIES, Objective, ProblemBuilder, ScheduleProblem, SoftObjective,
};
/// Re-export of the decimal type used for money (rates and costs), so
/// callers use the same version as this crate.
///
/// # Examples
///
/// ```
/// use servops_schedule::Decimal;
/// assert_eq!(Decimal::new(2050, 2).to_string(), "20.50");
/// ```
pub use rust_decimal::Decimal;
pub use schedule::{RosterCsv, Schedule, ScheduledBreak, ScheduledShift};
pub use solve::{Method, Solution, SolveOptions, SolveReport, StopReason, solve};
pub use template::{BreakRule, Contract, Pay, ShiftTemplate, TemplateBuilder};
pub use tour_model::{TourReport, TourSolution, solve_tours};
pub use tours::{
    Agent, Assignment, DaysOff, MAX_ASSIGNMENT_PAIRS, Tour, TourPolicy, Tours, assign_agents,
    build_tours,
};

/// Reference implementations kept for the tests and the benchmarks.
#[doc(hidden)]
pub mod baselines {
    use crate::{Agent, Assignment, Result, Tour};

    /// The Hungarian assignment on the dense agents x tours cost matrix
    /// (Kuhn-Munkres, O(s^2 l)), which [`assign_agents`](crate::assign_agents)
    /// used before it worked on classes: the same cost per pair, the same
    /// optimum (the most agents matched, then the least total cost), ties
    /// broken otherwise. At most
    /// [`MAX_ASSIGNMENT_PAIRS`](crate::MAX_ASSIGNMENT_PAIRS) agent-tour
    /// pairs.
    ///
    /// # Errors
    ///
    /// As [`assign_agents`](crate::assign_agents), with
    /// [`Error::ModelTooLarge`](crate::Error::ModelTooLarge) counting
    /// agent-tour pairs.
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::week_of_tours;
    /// use servops_schedule::{Agent, assign_agents, baselines::assign_agents_hungarian};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let tours = week_of_tours()?;
    /// let agents = vec![Agent::new("Ana", 40.0)?, Agent::new("Bo", 40.0)?];
    /// let h = assign_agents_hungarian(&tours.tours, &agents, 0.0)?;
    /// let c = assign_agents(&tours.tours, &agents, 0.0)?;
    /// assert_eq!(h.assignments.len(), c.assignments.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn assign_agents_hungarian(
        tours: &[Tour],
        agents: &[Agent],
        flex_hours: f64,
    ) -> Result<Assignment> {
        crate::tours::assign_agents_hungarian(tours, agents, flex_hours)
    }

    /// [`assign_agents`](crate::assign_agents) always by the min-cost flow
    /// between classes (it picks the flow or the Hungarian by the sizes).
    ///
    /// # Errors
    ///
    /// As [`assign_agents`](crate::assign_agents).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::week_of_tours;
    /// use servops_schedule::{Agent, assign_agents, baselines::assign_agents_class_flow};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let tours = week_of_tours()?;
    /// let agents = vec![Agent::new("Ana", 40.0)?, Agent::new("Bo", 40.0)?];
    /// let f = assign_agents_class_flow(&tours.tours, &agents, 0.0)?;
    /// assert_eq!(f, assign_agents(&tours.tours, &agents, 0.0)?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn assign_agents_class_flow(
        tours: &[Tour],
        agents: &[Agent],
        flex_hours: f64,
    ) -> Result<Assignment> {
        crate::tours::assign_agents_by(tours, agents, flex_hours, crate::assign::Path::ClassFlow)
    }

    /// [`assign_agents`](crate::assign_agents) always by the Hungarian
    /// algorithm on the agents x tours matrix of integer class costs (it
    /// picks the flow or the Hungarian by the sizes). Time O(s^2 l) for
    /// `s` the smaller side and `l` the larger.
    ///
    /// # Errors
    ///
    /// As [`assign_agents`](crate::assign_agents), and
    /// [`Error::ModelTooLarge`](crate::Error::ModelTooLarge) when agents x
    /// tours is above [`MAX_ASSIGNMENT_PAIRS`](crate::MAX_ASSIGNMENT_PAIRS).
    ///
    /// # Examples
    ///
    /// ```
    /// # use servops_schedule::examples_support::week_of_tours;
    /// use servops_schedule::{Agent, baselines::assign_agents_dense};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let tours = week_of_tours()?;
    /// let agents = vec![Agent::new("Ana", 40.0)?, Agent::new("Bo", 40.0)?];
    /// let d = assign_agents_dense(&tours.tours, &agents, 0.0)?;
    /// assert_eq!(d.assignments.len(), 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn assign_agents_dense(
        tours: &[Tour],
        agents: &[Agent],
        flex_hours: f64,
    ) -> Result<Assignment> {
        crate::tours::assign_agents_by(tours, agents, flex_hours, crate::assign::Path::Dense)
    }
}

/// Small ready-made values for the documentation examples.
#[doc(hidden)]
pub mod examples_support {
    use std::time::Duration;

    use rust_decimal::Decimal;
    use servops_core::{IntervalGrid, IntervalSeries};

    pub use crate::tour_model::small_tour_solution;

    use crate::{
        BreakRule, Pay, Result, Schedule, ScheduleProblem, ShiftTemplate, SolveOptions, solve,
    };

    /// One four-hour shift from 08:00 UTC with a paid 30-minute break at 09:00,
    /// covering `[1, 0, 1, 1]` agents on an hourly grid.
    ///
    /// # Errors
    ///
    /// None in practice; the inputs are fixed.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = servops_schedule::examples_support::one_shift_schedule()?;
    /// assert_eq!(s.shifts.len(), 1);
    /// # Ok::<(), servops_schedule::Error>(())
    /// ```
    pub fn one_shift_schedule() -> Result<Schedule> {
        let m = |x: u64| Duration::from_secs(60 * x);
        let start = chrono::DateTime::from_timestamp(1_772_438_400, 0).unwrap_or_default();
        let grid = IntervalGrid::new(start, m(60), 4)?;
        let req = IntervalSeries::new(grid, vec![1.0, 0.0, 1.0, 1.0])?;
        let four = ShiftTemplate::builder("four")
            .span(m(240))
            .hourly_rate(Decimal::new(20, 0))
            .breaks(vec![BreakRule::new(m(30), Pay::Paid, m(60), m(60))?])
            .build()?;
        let problem = ScheduleProblem::builder(req, vec![four]).build()?;
        Ok(solve(&problem, &SolveOptions::default())?.schedule)
    }

    /// Tours (five 8-hour days, two consecutive days off, start band one
    /// hour, at most 40 hours) from a week needing 2 agents 08:00-16:00
    /// Monday to Friday and none at the weekend, on an hourly grid.
    ///
    /// # Errors
    ///
    /// None in practice; the inputs are fixed.
    ///
    /// # Examples
    ///
    /// ```
    /// let t = servops_schedule::examples_support::week_of_tours()?;
    /// assert_eq!(t.tours.len(), 2);
    /// # Ok::<(), servops_schedule::Error>(())
    /// ```
    pub fn week_of_tours() -> Result<crate::Tours> {
        let m = |x: u64| Duration::from_secs(60 * x);
        let start = chrono::DateTime::from_timestamp(1_772_409_600, 0).unwrap_or_default();
        let grid = IntervalGrid::new(start, m(60), 7 * 24)?;
        let req = IntervalSeries::from_fn(grid, |i, _| {
            let (day, hour) = (i / 24, i % 24);
            if (8..16).contains(&hour) {
                if day < 5 { 2.0 } else { 0.0 }
            } else {
                0.0
            }
        });
        let eight = ShiftTemplate::builder("ft8")
            .span(m(480))
            .start_window(
                chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
                chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            )
            .hourly_rate(Decimal::new(20, 0))
            .build()?;
        let problem = ScheduleProblem::builder(req, vec![eight]).build()?;
        let schedule = solve(&problem, &SolveOptions::default())?.schedule;
        let policy = crate::TourPolicy::new(5, crate::DaysOff::Consecutive, m(60), 40.0)?;
        crate::build_tours(&schedule, &policy, servops_core::chrono_tz::UTC)
    }
}
