//! The crate's error type.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// The result type of every fallible function in this crate.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::chrono::{DateTime, Utc};
/// use servops_core::{IntervalGrid, IntervalSeries, Result};
///
/// fn flat_day(start: DateTime<Utc>, calls_per_interval: f64) -> Result<IntervalSeries<f64>> {
///     let grid = IntervalGrid::new(start, Duration::from_secs(15 * 60), 96)?;
///     IntervalSeries::new(grid, vec![calls_per_interval; 96])
/// }
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let day = flat_day("2026-03-02T00:00:00Z".parse()?, 12.0)?;
/// assert_eq!(day.len(), 96);
/// assert!(flat_day("2026-03-02T00:00:30Z".parse()?, 12.0).is_err());
/// # Ok(())
/// # }
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when building or combining the shared types.
///
/// Each variant carries the offending values, and its message names them, so
/// a caller can both match on the failure and show it to an operator.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{Error, IntervalGrid};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let start = "2026-03-02T00:00:00Z".parse()?;
/// let err = IntervalGrid::new(start, Duration::from_secs(7 * 60), 10).unwrap_err();
/// assert!(matches!(err, Error::InvalidParameter { name: "interval step", .. }));
/// assert_eq!(
///     err.to_string(),
///     "interval step must be a whole number of minutes dividing 24 hours, got 7 min",
/// );
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input is outside the values the type accepts.
    #[error("{name} must be {constraint}, got {value}")]
    InvalidParameter {
        /// The parameter, as the message names it (for example `"interval step"`).
        name: &'static str,
        /// The rejected value, formatted for the message.
        value: String,
        /// What the parameter must be (for example `"at least 1"`).
        constraint: &'static str,
    },
    /// Two grids that must be identical are not.
    #[error("interval grids are misaligned: {difference}")]
    Misaligned {
        /// The first way in which the grids differ.
        difference: GridDifference,
    },
    /// A series was given a different number of values than its grid has intervals.
    #[error("expected {expected} values, one per interval, got {actual}")]
    LengthMismatch {
        /// The number of intervals in the grid.
        expected: usize,
        /// The number of values supplied.
        actual: usize,
    },
    /// An index range does not lie within the grid.
    #[error("interval range {start}..{end} does not fit a grid of {len} intervals")]
    RangeOutOfBounds {
        /// First index of the requested range.
        start: usize,
        /// One past the last index of the requested range.
        end: usize,
        /// Number of intervals in the grid.
        len: usize,
    },
    /// A coarser step is not a whole multiple of the grid's step.
    #[error(
        "coarse step {} is not a whole multiple of the grid step {}",
        DisplayDuration(*coarse_step),
        DisplayDuration(*step)
    )]
    IncompatibleStep {
        /// The grid's step.
        step: Duration,
        /// The requested coarser step.
        coarse_step: Duration,
    },
    /// A grid does not divide into whole coarse intervals.
    #[error("a grid of {len} intervals does not divide into whole groups of {group} intervals")]
    IncompleteCoarseInterval {
        /// Number of intervals in the fine grid.
        len: usize,
        /// Number of fine intervals in one coarse interval.
        group: usize,
    },
    /// A local wall-clock time falls in a gap skipped by a clock change.
    #[error("local time {local} does not exist in {tz}, the clocks skip it")]
    NonexistentLocalTime {
        /// The wall-clock time asked for.
        local: NaiveDateTime,
        /// The time zone it was asked for in.
        tz: Tz,
    },
    /// A local wall-clock time occurs twice because the clocks go back.
    #[error("local time {local} occurs twice in {tz}, at {earlier} and at {later}")]
    AmbiguousLocalTime {
        /// The wall-clock time asked for.
        local: NaiveDateTime,
        /// The time zone it was asked for in.
        tz: Tz,
        /// The first instant showing that wall-clock time.
        earlier: DateTime<Utc>,
        /// The second instant showing that wall-clock time.
        later: DateTime<Utc>,
    },
    /// A local day's length is not a whole number of interval steps, so the
    /// day cannot be covered by whole intervals (for example a 23.5 hour day
    /// in Australia/Lord_Howe with a 60 minute step).
    #[error(
        "local day {date} in {tz} lasts {}, not a whole number of {} intervals",
        DisplayDuration(*length),
        DisplayDuration(*step)
    )]
    UnevenLocalDay {
        /// The local date.
        date: NaiveDate,
        /// The time zone of the calendar.
        tz: Tz,
        /// How long the local day lasts.
        length: Duration,
        /// The interval step asked for.
        step: Duration,
    },
    /// A channel name is not one this crate knows.
    #[error("unknown channel {input:?}, expected voice, chat, email, messaging or back_office")]
    UnknownChannel {
        /// The text that was parsed.
        input: String,
    },
}

/// The first way in which two interval grids differ, reported by
/// [`Error::Misaligned`].
///
/// Start is compared first, then step, then length.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{Error, GridDifference, IntervalGrid};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let start = "2026-03-02T08:00:00Z".parse()?;
/// let a = IntervalGrid::new(start, Duration::from_secs(1800), 4)?;
/// let b = IntervalGrid::new(start, Duration::from_secs(1800), 5)?;
/// let err = a.ensure_matches(&b).unwrap_err();
/// assert_eq!(
///     err,
///     Error::Misaligned { difference: GridDifference::Length { left: 4, right: 5 } },
/// );
/// assert_eq!(err.to_string(), "interval grids are misaligned: length 4 differs from 5");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GridDifference {
    /// The grids start at different instants.
    Start {
        /// Start of the grid the check was called on.
        left: DateTime<Utc>,
        /// Start of the other grid.
        right: DateTime<Utc>,
    },
    /// The grids have different steps.
    Step {
        /// Step of the grid the check was called on.
        left: Duration,
        /// Step of the other grid.
        right: Duration,
    },
    /// The grids have different numbers of intervals.
    Length {
        /// Length of the grid the check was called on.
        left: usize,
        /// Length of the other grid.
        right: usize,
    },
}

impl fmt::Display for GridDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Start { left, right } => write!(f, "start {left} differs from {right}"),
            Self::Step { left, right } => write!(
                f,
                "step {} differs from {}",
                DisplayDuration(*left),
                DisplayDuration(*right)
            ),
            Self::Length { left, right } => write!(f, "length {left} differs from {right}"),
        }
    }
}

/// Formats a duration for messages: whole minutes as `15 min`, anything else
/// with `Duration`'s own notation (`90.5s`).
#[derive(Clone, Copy)]
pub(crate) struct DisplayDuration(pub(crate) Duration);

impl fmt::Display for DisplayDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if d.subsec_nanos() == 0 && d.as_secs().is_multiple_of(60) {
            write!(f, "{} min", d.as_secs() / 60)
        } else {
            write!(f, "{d:?}")
        }
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
    fn durations_format_as_minutes_when_whole() {
        assert_eq!(
            DisplayDuration(Duration::from_secs(900)).to_string(),
            "15 min"
        );
        assert_eq!(DisplayDuration(Duration::from_secs(90)).to_string(), "90s");
        assert_eq!(
            DisplayDuration(Duration::from_millis(60_500)).to_string(),
            "60.5s"
        );
        assert_eq!(DisplayDuration(Duration::ZERO).to_string(), "0 min");
    }

    #[test]
    fn messages_are_lowercase_without_full_stop() {
        let errors = [
            Error::InvalidParameter {
                name: "interval step",
                value: "7 min".into(),
                constraint: "a whole number of minutes dividing 24 hours",
            },
            Error::LengthMismatch {
                expected: 96,
                actual: 95,
            },
            Error::RangeOutOfBounds {
                start: 90,
                end: 100,
                len: 96,
            },
            Error::IncompatibleStep {
                step: Duration::from_secs(900),
                coarse_step: Duration::from_secs(1200),
            },
            Error::IncompleteCoarseInterval { len: 10, group: 4 },
            Error::UnknownChannel {
                input: "fax".into(),
            },
            Error::UnevenLocalDay {
                date: NaiveDate::from_ymd_opt(2026, 10, 4).unwrap(),
                tz: chrono_tz::Australia::Lord_Howe,
                length: Duration::from_secs(1410 * 60),
                step: Duration::from_secs(3600),
            },
        ];
        for err in errors {
            let msg = err.to_string();
            let first = msg.chars().next().unwrap();
            assert!(first.is_lowercase(), "{msg}");
            assert!(!msg.ends_with('.'), "{msg}");
        }
    }

    #[test]
    fn messages_name_the_values() {
        let err = Error::IncompatibleStep {
            step: Duration::from_secs(900),
            coarse_step: Duration::from_secs(1200),
        };
        assert_eq!(
            err.to_string(),
            "coarse step 20 min is not a whole multiple of the grid step 15 min"
        );
        let err = Error::UnevenLocalDay {
            date: NaiveDate::from_ymd_opt(2026, 10, 4).unwrap(),
            tz: chrono_tz::Australia::Lord_Howe,
            length: Duration::from_secs(1410 * 60),
            step: Duration::from_secs(3600),
        };
        assert_eq!(
            err.to_string(),
            "local day 2026-10-04 in Australia/Lord_Howe lasts 1410 min, \
             not a whole number of 60 min intervals"
        );
        let err = Error::UnknownChannel {
            input: "fax".into(),
        };
        assert_eq!(
            err.to_string(),
            "unknown channel \"fax\", expected voice, chat, email, messaging or back_office"
        );
    }
}
