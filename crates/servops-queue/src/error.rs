//! The error type of servops-queue.

use servops_core::CompactFloat;

/// Everything that can go wrong in servops-queue.
///
/// Every variant names the offending parameter or target and carries the
/// value, so a message can be shown to an operator as it is.
///
/// # Examples
///
/// ```
/// use servops_queue::{Error, Traffic};
/// use std::time::Duration;
///
/// let err = Traffic::from_load(f64::NAN, Duration::from_secs(180)).unwrap_err();
/// assert!(matches!(err, Error::InvalidParameter { name: "load", .. }));
/// assert_eq!(err.to_string(), "load must be finite and >= 0, got NaN");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A numeric input is outside its domain.
    #[error("{name} must be {constraint}, got {}", CompactFloat(*.value))]
    InvalidParameter {
        /// The parameter, as named in the API (`load`, `aht`, `service_level`, ...).
        name: &'static str,
        /// The value given (durations in seconds).
        value: f64,
        /// What the value must satisfy.
        constraint: &'static str,
    },
    /// Erlang C has no steady state when the load reaches the number of agents.
    #[error(
        "unstable queue: a load of {} erlangs needs more than {} agents in Erlang C (load must be < agents)",
        CompactFloat(*.load),
        CompactFloat(*.agents)
    )]
    Unstable {
        /// Offered load in erlangs.
        load: f64,
        /// Number of agents.
        agents: f64,
    },
    /// A solver was called with no target at all.
    #[error(
        "no staffing target given: set at least one of service level, ASA, P(wait), P(abandon), P(blocked) or occupancy"
    )]
    NoTarget,
    /// The target does not exist in the chosen model (for example P(abandon) in Erlang C).
    #[error("{target} is not defined in {model}")]
    TargetNotSupported {
        /// The target.
        target: &'static str,
        /// The model.
        model: &'static str,
    },
    /// No agent count up to the solver's ceiling meets the targets.
    #[error(
        "the targets are not met by any number of agents up to {}",
        CompactFloat(*.max_agents)
    )]
    Unreachable {
        /// The largest agent count tried.
        max_agents: f64,
    },
    /// An error from servops-core (interval grids and series).
    #[error(transparent)]
    Core(#[from] servops_core::Error),
}

/// `Result` with [`Error`].
///
/// # Examples
///
/// ```
/// use servops_queue::{Error, Result, Traffic};
/// use std::time::Duration;
///
/// fn erlangs(contacts: f64, aht_secs: u64) -> Result<f64> {
///     let half_hour = Duration::from_secs(1800);
///     Ok(Traffic::new(contacts, half_hour, Duration::from_secs(aht_secs))?.load())
/// }
/// // 90 contacts of 6 minutes in a half hour: 90 x 360 / 1800 = 18 erlangs.
/// assert!((erlangs(90.0, 360)? - 18.0).abs() < 1e-12);
/// // A zero handle time is refused, naming the parameter.
/// assert!(matches!(erlangs(90.0, 0), Err(Error::InvalidParameter { .. })));
/// # Ok::<(), servops_queue::Error>(())
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn invalid(name: &'static str, value: f64, constraint: &'static str) -> Error {
    Error::InvalidParameter {
        name,
        value,
        constraint,
    }
}

/// Checks `value` is finite and `>= 0`.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(invalid(name, value, "finite and >= 0"))
    }
}

/// Checks `value` is finite and `> 0`.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(invalid(name, value, "finite and > 0"))
    }
}

/// Checks `value` lies in the open interval (0, 1).
pub(crate) fn open_unit(name: &'static str, value: f64) -> Result<f64> {
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(invalid(name, value, "in (0, 1)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static + std::error::Error>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn messages_name_parameter_and_value() {
        assert_eq!(
            positive("aht", 0.0).unwrap_err().to_string(),
            "aht must be finite and > 0, got 0"
        );
        assert_eq!(
            open_unit("service_level", 1.5).unwrap_err().to_string(),
            "service_level must be in (0, 1), got 1.5"
        );
        assert_eq!(
            non_negative("load", -1.0).unwrap_err().to_string(),
            "load must be finite and >= 0, got -1"
        );
    }
}
