//! The error type of servops-schedule.

use std::time::Duration;

/// Everything that can go wrong in servops-schedule.
///
/// Every variant names the offending template, parameter or interval and
/// carries the value, so a message can be shown to a planner as it is.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_schedule::{Error, ShiftTemplate};
///
/// let err = ShiftTemplate::builder("early")
///     .span(Duration::from_secs(4 * 3600))
///     .paid(Duration::from_secs(5 * 3600))
///     .build()
///     .unwrap_err();
/// assert!(matches!(err, Error::SpanMismatch { .. }));
/// assert_eq!(
///     err.to_string(),
///     "template early spans 240 min but its paid time plus unpaid breaks is 300 min",
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A numeric or duration input is outside its domain.
    #[error("{name} must be {constraint}, got {value}")]
    InvalidParameter {
        /// The parameter, as named in the API (`span`, `hourly rate`, ...).
        name: &'static str,
        /// The value given, formatted for the message.
        value: String,
        /// What the value must satisfy.
        constraint: &'static str,
    },
    /// A template's span is not its paid time plus its unpaid breaks.
    #[error(
        "template {template} spans {} min but its paid time plus unpaid breaks is {} min",
        span.as_secs() / 60,
        paid_plus_unpaid.as_secs() / 60
    )]
    SpanMismatch {
        /// The template's name.
        template: String,
        /// The span (first minute to last minute of the shift).
        span: Duration,
        /// Paid time plus the lengths of the unpaid breaks.
        paid_plus_unpaid: Duration,
    },
    /// A break's placement window does not fit inside the shift.
    #[error(
        "break {break_index} of template {template} ends up to {} min after the start, beyond the span of {} min",
        latest_end.as_secs() / 60,
        span.as_secs() / 60
    )]
    BreakOutsideSpan {
        /// The template's name.
        template: String,
        /// Position of the break in the template's list (0-based).
        break_index: usize,
        /// Latest start offset plus length.
        latest_end: Duration,
        /// The template's span.
        span: Duration,
    },
    /// Two breaks of a template could overlap, or are not listed in time order.
    #[error(
        "breaks {first} and {second} of template {template} have overlapping windows: break {first} can end at {} min, break {second} can start at {} min",
        first_latest_end.as_secs() / 60,
        second_earliest_start.as_secs() / 60
    )]
    OverlappingBreaks {
        /// The template's name.
        template: String,
        /// Index of the earlier break.
        first: usize,
        /// Index of the later break.
        second: usize,
        /// Latest end of the earlier break, from the shift start.
        first_latest_end: Duration,
        /// Earliest start of the later break, from the shift start.
        second_earliest_start: Duration,
    },
    /// A duration of a template is not a whole number of the grid's intervals.
    #[error("{what} of template {template} is {} min, not a whole number of {step_minutes} min intervals", value.as_secs() / 60)]
    NotOnGrid {
        /// The template's name.
        template: String,
        /// Which duration (`span`, `start step`, ...).
        what: &'static str,
        /// The duration.
        value: Duration,
        /// The grid's step in minutes.
        step_minutes: u32,
    },
    /// No templates were given.
    #[error("no shift templates given")]
    NoTemplates,
    /// Two templates share a name.
    #[error("template name {name} is used twice")]
    DuplicateTemplate {
        /// The repeated name.
        name: String,
    },
    /// Two agents given to [`assign_agents`](crate::assign_agents) share a
    /// name (exactly, as [`Agent::name`](crate::Agent::name) gives it):
    /// the assignment names agents by position, but a roster by name, so
    /// it would not say which of them works which tour.
    #[error("agent name {name} is used twice")]
    DuplicateAgent {
        /// The repeated name.
        name: String,
    },
    /// A tour has a shift on a weekday it lists as a day off: the shift
    /// starts, in the tour's time zone (the zone of
    /// [`build_tours`](crate::build_tours) or of the problem of
    /// [`solve_tours`](crate::solve_tours)), on one of its `days_off`.
    /// [`assign_agents`](crate::assign_agents) reads a tour's working days
    /// from its days off, so it would give such a tour to an agent not
    /// available that day. Raised by `assign_agents` and when a tour's
    /// serde form is read (a tour edited by hand or deserialised; every
    /// tour the crate builds is consistent).
    #[error(
        "{} has shift {template} starting at {start}, on {day} in {time_zone}, a day it lists as a day off",
        tour.map_or_else(|| "a tour".to_owned(), |k| format!("tour {k}"))
    )]
    ShiftOnDayOff {
        /// The tour's position among those given to `assign_agents`;
        /// `None` when read from its serde form.
        tour: Option<usize>,
        /// The local weekday of the shift's start, listed as a day off.
        day: chrono::Weekday,
        /// The shift's template name.
        template: String,
        /// The shift's start.
        start: chrono::DateTime<chrono::Utc>,
        /// The tour's time zone.
        time_zone: servops_core::chrono_tz::Tz,
    },
    /// A side constraint names a template that does not exist.
    #[error("unknown template {name}")]
    UnknownTemplate {
        /// The name asked for.
        name: String,
    },
    /// A requirement value is negative, NaN, infinite or above
    /// [`MAX_REQUIREMENT`](crate::MAX_REQUIREMENT).
    #[error(
        "requirement at interval {index} must be finite, >= 0 and <= 1e6, got {}",
        servops_core::CompactFloat(*.value)
    )]
    InvalidRequirement {
        /// Index of the interval.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// No legal shift works in an interval that needs agents.
    #[error(
        "interval {index} ({start}) needs {required} agents but no shift of any template can work in it"
    )]
    Uncoverable {
        /// Index of the interval.
        index: usize,
        /// Start of the interval.
        start: chrono::DateTime<chrono::Utc>,
        /// Agents required there.
        required: f64,
    },
    /// No template can start at any interval of the grid, so an interval
    /// that needs agents cannot be covered: every template's start times
    /// (its earliest start plus whole start steps, in the problem's time
    /// zone) miss every interval's local start. This happens on a grid
    /// aligned to UTC in a zone whose offset is not whole hours (Asia/Kathmandu,
    /// UTC+5:45, puts hourly intervals at 05:45, 06:45, ...) with templates
    /// starting on the hour. Build the grid in local time
    /// (`IntervalGrid::local_days`), or give start windows on the grid's
    /// local minutes. Raised instead of [`Error::Uncoverable`] (cost
    /// objective) when that is the cause.
    #[error(
        "no template start fits the grid's interval starts: interval {index} starts at {} local time ({start}) and needs {required} agents, but template {template} starts at {} and every {start_step_minutes} min after, and no template's start falls on any interval's local start (build the grid in local time, or move the start windows onto the grid's minutes)",
        local_start.format("%H:%M"),
        earliest.format("%H:%M")
    )]
    StartsOffGrid {
        /// Index of the first interval that needs agents.
        index: usize,
        /// Start of that interval.
        start: chrono::DateTime<chrono::Utc>,
        /// Its start in the problem's time zone.
        local_start: chrono::NaiveTime,
        /// Agents required there.
        required: f64,
        /// The first template's name.
        template: String,
        /// Its earliest start (local time).
        earliest: chrono::NaiveTime,
        /// Its start step in minutes (the grid's step when it has none).
        start_step_minutes: u32,
    },
    /// The model has no feasible solution (side constraints, budget or
    /// coverage cannot all hold at once).
    #[error("the schedule is infeasible: {reason}")]
    Infeasible {
        /// What the solver or the pre-checks found.
        reason: String,
    },
    /// The LP/MIP backend failed for a reason other than infeasibility.
    #[error("the solver failed: {reason}")]
    Solver {
        /// The backend's message.
        reason: String,
    },
    /// Writing the roster failed.
    #[error("writing the roster failed: {reason}")]
    Write {
        /// The writer's message.
        reason: String,
    },
    /// The problem would expand to a model larger than
    /// [`MAX_BREAK_PLACEMENTS`](crate::MAX_BREAK_PLACEMENTS) break
    /// placements or [`MAX_MODEL_ENTRIES`](crate::MAX_MODEL_ENTRIES)
    /// entries, a problem solved with an LP relaxation larger than
    /// [`MAX_LP_ENTRIES`](crate::MAX_LP_ENTRIES) entries, a tour model of
    /// more than [`MAX_TOUR_ENTRIES`](crate::MAX_TOUR_ENTRIES) entries, or an agent
    /// assignment to more than
    /// [`MAX_ASSIGNMENT_PAIRS`](crate::MAX_ASSIGNMENT_PAIRS) agent-tour
    /// class pairs. The sizes are counted before anything is built.
    #[error(
        "the model would have {count} {what}, above the limit of {limit}; {}",
        size_advice(what)
    )]
    ModelTooLarge {
        /// What was counted (`break placements`, `model entries`, `lp model
        /// entries`, `tour model entries`, `agent-tour class pairs`, or
        /// `agent-tour pairs` from the Hungarian baseline).
        what: &'static str,
        /// How many the model would have.
        count: u128,
        /// The limit.
        limit: usize,
    },
    /// A total cost is above the largest decimal, `Decimal::MAX` (about
    /// 7.9e28); shift costs themselves are checked when a template is built.
    #[error(
        "the total cost of the {shifts} shifts of the {what} is above the largest decimal (about 7.9e28)"
    )]
    CostOverflow {
        /// Whose total (`schedule`, `tours`).
        what: &'static str,
        /// Number of shifts whose costs were summed.
        shifts: usize,
    },
    /// A scheduled shift's start interval index disagrees with its start
    /// time: the interval of that index on the schedule's grid starts at
    /// another instant (a schedule edited by hand or deserialised; every
    /// shift [`solve`](fn@crate::solve) and [`solve_tours`](crate::solve_tours)
    /// return agrees). Coverage is counted from the index and tours from
    /// the time, so such a shift would make them silently disagree.
    #[error(
        "shift {template} starting at {start} gives start interval {start_index}, which starts at {interval_start}"
    )]
    ShiftIndexMismatch {
        /// The shift's template name.
        template: String,
        /// The start interval index the shift gives.
        start_index: usize,
        /// The start time the shift gives.
        start: chrono::DateTime<chrono::Utc>,
        /// Where interval `start_index` of the grid starts.
        interval_start: chrono::DateTime<chrono::Utc>,
    },
    /// An error from servops-core (interval grids and series).
    #[error(transparent)]
    Core(#[from] servops_core::Error),
}

/// What to do about a model too large, by what was counted.
fn size_advice(what: &str) -> &'static str {
    if what == "agent-tour class pairs" || what == "agent-tour pairs" {
        "split the agents and tours into groups (by site, skill or team) and assign each group"
    } else if what == "lp model entries" {
        "solve a shorter horizon at a time, use a coarser grid or narrower start or break windows, or Method::Greedy, which builds no lp"
    } else {
        "use a coarser grid, a larger start or break step, or narrower start or break windows"
    }
}

/// `Result` with [`Error`].
///
/// # Examples
///
/// ```
/// use servops_schedule::{Result, ShiftTemplate};
/// use std::time::Duration;
///
/// fn four_hours() -> Result<ShiftTemplate> {
///     ShiftTemplate::builder("pt4").span(Duration::from_secs(4 * 3600)).build()
/// }
/// assert!(four_hours().is_ok());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn invalid(
    name: &'static str,
    value: impl servops_core::MessageValue,
    constraint: &'static str,
) -> Error {
    Error::InvalidParameter {
        name,
        value: value.message_text(),
        constraint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<E: std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn messages_are_lowercase_without_full_stop() {
        let errors = [
            Error::NoTemplates,
            invalid("hourly rate", "-1", "finite and >= 0"),
            Error::InvalidRequirement {
                index: 3,
                value: f64::NAN,
            },
            Error::Infeasible { reason: "x".into() },
            Error::ModelTooLarge {
                what: "agent-tour pairs",
                count: 2,
                limit: 1,
            },
        ];
        for err in errors {
            let msg = err.to_string();
            assert!(msg.chars().next().is_some_and(char::is_lowercase), "{msg}");
            assert!(!msg.ends_with('.'), "{msg}");
        }
    }
}
