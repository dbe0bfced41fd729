//! The crate's error type.

/// The result type of every fallible function in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when building records, policies or statistics.
///
/// Each variant carries the offending values and its message names them.
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
    /// An error from the shared vocabulary (grids, series).
    #[error(transparent)]
    Core(#[from] servops_core::Error),
}
