//! The error type of servops-forecast.

use chrono::NaiveDate;

/// Everything that can go wrong in servops-forecast.
///
/// Every variant names the offending input and carries the value, so a
/// message can be shown to an operator as it is.
///
/// # Examples
///
/// ```
/// use servops_forecast::{Error, WeightedIndex};
///
/// let err = WeightedIndex::new(0).unwrap_err();
/// assert!(matches!(err, Error::InvalidParameter { name: "number of days", .. }));
/// assert_eq!(err.to_string(), "number of days must be >= 1, got 0");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A parameter is outside its domain.
    #[error("{name} must be {constraint}, got {value}")]
    InvalidParameter {
        /// The parameter, as named in the API.
        name: &'static str,
        /// The value given, formatted.
        value: String,
        /// What the value must satisfy.
        constraint: &'static str,
    },
    /// A history value is NaN, infinite or negative.
    #[error(
        "history value at interval {index} must be finite and >= 0, got {}",
        servops_core::CompactFloat(*.value)
    )]
    InvalidValue {
        /// Index of the interval in the series.
        index: usize,
        /// The value found.
        value: f64,
    },
    /// The history holds too few usable days for the method.
    #[error(
        "{method} needs at least {needed} complete days of type {day_type} in the history, found {found}"
    )]
    TooShort {
        /// The method.
        method: &'static str,
        /// Day type (or "any") that is short.
        day_type: String,
        /// Days needed.
        needed: usize,
        /// Days found.
        found: usize,
    },
    /// A handle-time model has no handled contact to be estimated from: the
    /// complete days it reads (its window) hold handled contacts of 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_forecast::{Calendar, Error, HandleTime, History};
    /// use servops_forecast::chrono_tz::UTC;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(3600), 24 * 7)?;
    /// let zero = History::new(&IntervalSeries::filled(grid, Some(0.0)), Calendar::new(UTC))?;
    /// let e = HandleTime::new(30.0)?.fit(&zero, &zero).unwrap_err();
    /// assert_eq!(e, Error::NoHandledContacts { days: 7 });
    /// assert_eq!(e.to_string(), "handle time has no handled contact in the 7 complete days it is fitted on");
    /// # Ok(())
    /// # }
    /// ```
    #[error("handle time has no handled contact in the {days} complete days it is fitted on")]
    NoHandledContacts {
        /// The complete days the model read.
        days: usize,
    },
    /// The grid and the calendar do not fit together.
    #[error("grid does not match the calendar: {reason}")]
    CalendarMismatch {
        /// What does not fit.
        reason: String,
    },
    /// A forecast was asked for a grid that starts before the end of the history.
    #[error("forecast grid starts on {grid_start}, before the end of the history on {history_end}")]
    ForecastOverlapsHistory {
        /// First local date of the forecast grid.
        grid_start: NaiveDate,
        /// Last local date of the history.
        history_end: NaiveDate,
    },
    /// A CSV row could not be read.
    ///
    /// The message reads `csv line 3, column 4: ...`, or `csv line 3: ...`
    /// without a column.
    #[error(
        "csv line {line}{}: {message}",
        .column.map(|c| format!(", column {c}")).unwrap_or_default()
    )]
    Csv {
        /// 1-based line number in the file (the header is line 1).
        line: u64,
        /// 1-based column (position in the header) of the field at fault,
        /// or `None` when no single field is: a header that lacks a column
        /// or cannot be read, a row with more or fewer fields than the
        /// header, a CSV syntax error.
        column: Option<usize>,
        /// What is wrong with it.
        message: String,
    },
    /// Two rows carry the same timestamp.
    #[error("duplicate timestamp {timestamp} on csv lines {first_line} and {line}")]
    DuplicateTimestamp {
        /// The timestamp, as written.
        timestamp: String,
        /// Line of the first occurrence.
        first_line: u64,
        /// Line of the repeated occurrence.
        line: u64,
    },
    /// Timestamps are not in increasing order.
    #[error("csv line {line}: timestamp {timestamp} is earlier than the one before it")]
    UnsortedTimestamp {
        /// Line of the out-of-order row.
        line: u64,
        /// The timestamp, as written.
        timestamp: String,
    },
    /// An error from servops-core (interval grids and series).
    #[error(transparent)]
    Core(#[from] servops_core::Error),
}

/// Shorthand for results of this crate.
///
/// # Examples
///
/// ```
/// use servops_forecast::{Error, Result, WeightedIndex};
///
/// fn index(days: usize) -> Result<WeightedIndex> {
///     WeightedIndex::new(days)
/// }
/// assert!(index(4).is_ok());
/// assert!(matches!(index(0), Err(Error::InvalidParameter { .. })));
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
    fn messages_are_lowercase() {
        let errs = [
            invalid("alpha", 2.0, "in [0, 1]"),
            Error::TooShort {
                method: "seasonal naive",
                day_type: "Mon".into(),
                needed: 1,
                found: 0,
            },
            Error::Csv {
                line: 3,
                column: None,
                message: "bad".into(),
            },
            Error::Csv {
                line: 3,
                column: Some(2),
                message: "bad".into(),
            },
        ];
        for e in errs {
            let m = e.to_string();
            assert!(m.chars().next().is_some_and(char::is_lowercase), "{m}");
            assert!(!m.ends_with('.'));
        }
    }
}
