//! The crate's error type.

/// The result type of every fallible function in this crate.
///
/// # Examples
///
/// A helper of your own can return it and pass the crate's errors on with
/// `?`: 180 s talk + 20 s hold + 40 s ACW = 240 s handled; an abandon with
/// no wait is a typed [`Error::MissingField`].
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{ContactRecord, Error, Outcome, Result};
///
/// fn handle_secs(at: &str, outcome: Outcome, talk: u64) -> Result<Option<u64>> {
///     let at = at.parse().map_err(|_| Error::InvalidParameter {
///         name: "arrival",
///         value: at.to_string(),
///         constraint: "an RFC 3339 instant",
///     })?;
///     let mut b = ContactRecord::builder(at, outcome);
///     if talk > 0 {
///         b = b.wait(Duration::from_secs(5)).talk(Duration::from_secs(talk))
///             .hold(Duration::from_secs(20)).acw(Duration::from_secs(40));
///     }
///     Ok(b.build()?.handle_time().map(|d| d.as_secs()))
/// }
/// assert_eq!(handle_secs("2026-03-02T09:00:00Z", Outcome::Answered, 180), Ok(Some(240)));
/// assert!(matches!(
///     handle_secs("2026-03-02T09:00:00Z", Outcome::Abandoned, 0),
///     Err(Error::MissingField { field: "queue exit or wait", .. })
/// ));
/// assert!(matches!(handle_secs("9 am", Outcome::Answered, 180), Err(Error::InvalidParameter { name: "arrival", .. })));
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when building records, policies or statistics.
///
/// Each variant carries the offending values and its message names them.
///
/// # Examples
///
/// Each error names the values at fault, in its fields and in its message.
///
/// ```
/// use std::time::Duration;
/// use servops_kpi::{ContactRecord, Error, Outcome};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let late = ContactRecord::builder("2026-03-02T09:00:00Z".parse()?, Outcome::Answered)
///     .wait(Duration::from_secs(10))
///     .end("2026-03-02T09:00:05Z".parse()?)
///     .build();
/// let Err(err) = late else { return Err("an end before the answer must be refused".into()) };
/// assert!(matches!(err, Error::TimeOrder { earlier: "answer", later: "end", .. }));
/// assert_eq!(
///     err.to_string(),
///     "end (2026-03-02T09:00:05+00:00) must not be before answer (2026-03-02T09:00:10+00:00)"
/// );
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input is outside the values the function accepts.
    #[error("{name} must be {constraint}, got {value}")]
    InvalidParameter {
        /// The parameter, as the message names it.
        name: &'static str,
        /// The rejected value, formatted for the message.
        value: String,
        /// What the parameter must be.
        constraint: &'static str,
    },
    /// Two instants of a record are in the wrong order (for example an answer
    /// before the arrival, or an end before the answer).
    #[error("{later} ({later_value}) must not be before {earlier} ({earlier_value})")]
    TimeOrder {
        /// The field that must come first.
        earlier: &'static str,
        /// Its value, formatted for the message.
        earlier_value: String,
        /// The field that must come later.
        later: &'static str,
        /// Its value, formatted for the message.
        later_value: String,
    },
    /// A record lacks a field its outcome requires (an answered contact
    /// without an answer instant).
    #[error("a contact with outcome {outcome} needs {field}")]
    MissingField {
        /// The missing field.
        field: &'static str,
        /// The outcome that requires it.
        outcome: &'static str,
    },
    /// A row of a CSV file could not be read; names the line and the field.
    #[error("line {line}, field {field}: {message}")]
    CsvRow {
        /// The 1-based line number in the file (the header is line 1).
        line: u64,
        /// The column name (as in the header), or `"row"` for a row-level problem.
        field: String,
        /// What is wrong, naming the value.
        message: String,
    },
    /// A CSV file lacks a column the schema names, or cannot be read (at
    /// all, or past some line).
    #[error("csv input: {message}")]
    CsvInput {
        /// What is wrong.
        message: String,
    },
    /// Components computed with different settings (threshold, attribution)
    /// were added together.
    #[error("cannot combine components computed with different settings: {left} vs {right}")]
    IncompatibleComponents {
        /// The settings of the left operand.
        left: String,
        /// The settings of the right operand.
        right: String,
    },
    /// Weights that must have a positive sum add up to zero (a scoring
    /// rubric or one of its sections).
    #[error("the weights of {what} sum to zero")]
    ZeroTotalWeight {
        /// What the weights belong to (`rubric`, `section "greeting"`, ...).
        what: String,
    },
    /// Two inputs that must have matching sizes do not.
    #[error("{what}: expected {expected}, got {found}")]
    DimensionMismatch {
        /// What is being compared (`responses for section "greeting"`, ...).
        what: String,
        /// The size required.
        expected: usize,
        /// The size given.
        found: usize,
    },
    /// Data in a form written by an earlier release lacks a field this
    /// release stores, and the rest of it does not determine that field
    /// (for example an X-bar/S chart written before its subgroup sizes were
    /// stored, whose limits do not fix the sizes).
    #[error("cannot read {what} in its earlier form: {reason}")]
    LegacyFormat {
        /// What was being read.
        what: &'static str,
        /// Why the missing field cannot be recovered.
        reason: String,
    },
    /// A KPI that needs the total handle time was asked of contacts some of
    /// whose handle times are unknown ([`Components::handle_unknown`](crate::Components::handle_unknown)):
    /// leaving them out would understate the total, so no value is given.
    #[error(
        "{kpi} needs the handle time of every answered contact; {unknown} of {answered} have none"
    )]
    UnknownHandleTime {
        /// The KPI asked for (`occupancy`).
        kpi: &'static str,
        /// Answered contacts whose handle time is unknown.
        unknown: u64,
        /// All answered contacts.
        answered: u64,
    },
    /// An error from the shared vocabulary (grids, series).
    #[error(transparent)]
    Core(#[from] servops_core::Error),
}
