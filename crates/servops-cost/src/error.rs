//! The error type of servops-cost.

use rust_decimal::Decimal;

use crate::money::Currency;

/// Everything that can go wrong in servops-cost.
///
/// Every variant names the offending field or quantity and carries the
/// value, so a message can be shown to an operator as it is.
///
/// # Examples
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Error, Shrinkage};
///
/// let err = Shrinkage::new(Decimal::ONE).unwrap_err();
/// assert!(matches!(err, Error::InvalidParameter { name: "shrinkage", .. }));
/// assert_eq!(err.to_string(), "shrinkage must be in [0, 1), got 1");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input is outside its domain.
    #[error("{name} must be {constraint}, got {value}")]
    InvalidParameter {
        /// The field, as named in the API (`shrinkage`, `occupancy`, `rate`, ...).
        name: &'static str,
        /// The value given, as text (durations in seconds).
        value: String,
        /// What the value must satisfy.
        constraint: &'static str,
    },
    /// A result does not fit in a [`Decimal`] (about `7.9e28`): the
    /// computation stops rather than wrapping or panicking.
    #[error("decimal overflow computing {quantity}")]
    Overflow {
        /// The quantity being computed (`annual_cost`, `budget.salaries`, ...).
        quantity: &'static str,
    },
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: {left} and {right}")]
    CurrencyMismatch {
        /// Currency of the left operand.
        left: Currency,
        /// Currency of the right operand.
        right: Currency,
    },
    /// A list that must have at least one element is empty.
    #[error("{name} must not be empty")]
    Empty {
        /// The list (`cash_flows`, `weights`, `periods`, ...).
        name: &'static str,
    },
    /// Two lists that must have the same length do not.
    #[error("{name} must have {expected} elements, got {got}")]
    LengthMismatch {
        /// The list.
        name: &'static str,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        got: usize,
    },
    /// An error from servops-queue (staffing).
    #[error(transparent)]
    Queue(#[from] servops_queue::Error),
    /// An error from servops-core (interval grids and series).
    #[error(transparent)]
    Core(#[from] servops_core::Error),
}

/// `Result` with [`Error`].
///
/// # Examples
///
/// A function of your own can return it and pass the crate's errors on with
/// `?`: 12.00 + 3.50 = 15.50, and adding euros to dollars is a typed
/// [`Error::CurrencyMismatch`].
///
/// ```
/// use rust_decimal::Decimal;
/// use servops_cost::{Currency, Error, Money, Result};
///
/// fn add_fee(price: Money, fee: Money) -> Result<Money> {
///     price.checked_add(fee)
/// }
/// let usd = |cents| Money::new(Decimal::new(cents, 2), Currency::USD);
/// assert_eq!(add_fee(usd(1_200), usd(350))?, usd(1_550));
/// let err = add_fee(usd(1_200), Money::new(Decimal::ONE, Currency::EUR));
/// assert!(matches!(
///     err,
///     Err(Error::CurrencyMismatch { left: Currency::USD, right: Currency::EUR })
/// ));
/// # Ok::<(), servops_cost::Error>(())
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn invalid(
    name: &'static str,
    value: impl std::fmt::Display,
    constraint: &'static str,
) -> Error {
    Error::InvalidParameter {
        name,
        value: value.to_string(),
        constraint,
    }
}

pub(crate) fn overflow(quantity: &'static str) -> Error {
    Error::Overflow { quantity }
}

/// Checked decimal arithmetic naming the quantity on overflow.
pub(crate) fn add(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal> {
    a.checked_add(b).ok_or(Error::Overflow { quantity })
}

pub(crate) fn sub(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal> {
    a.checked_sub(b).ok_or(Error::Overflow { quantity })
}

pub(crate) fn mul(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal> {
    a.checked_mul(b).ok_or(Error::Overflow { quantity })
}

/// `a x b / divisor`, multiplied before it is divided so that the one
/// rounding is the final division: exact whenever the result fits a decimal
/// (3,000 s at 3,600 an hour is 3,000, not `3000/3600 x 3600` =
/// 2999.99...). Only if `a x b` overflows does it divide first, which
/// reaches `divisor` times further. The caller guarantees `divisor != 0`.
pub(crate) fn mul_div(
    a: Decimal,
    b: Decimal,
    divisor: Decimal,
    quantity: &'static str,
) -> Result<Decimal> {
    match a.checked_mul(b) {
        Some(product) => div(product, divisor, quantity),
        None => mul(div(a, divisor, quantity)?, b, quantity),
    }
}

/// Division; the caller guarantees `b != 0` (a zero divisor reports an overflow).
pub(crate) fn div(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal> {
    a.checked_div(b).ok_or(Error::Overflow { quantity })
}

/// Checks `value` is in `[0, 1)`.
pub(crate) fn unit_half_open(name: &'static str, value: Decimal) -> Result<Decimal> {
    if value >= Decimal::ZERO && value < Decimal::ONE {
        Ok(value)
    } else {
        Err(invalid(name, value, "in [0, 1)"))
    }
}

/// Checks `value` is in `(0, 1]`.
pub(crate) fn unit_left_open(name: &'static str, value: Decimal) -> Result<Decimal> {
    if value > Decimal::ZERO && value <= Decimal::ONE {
        Ok(value)
    } else {
        Err(invalid(name, value, "in (0, 1]"))
    }
}

/// Checks `value` is in `[0, 1]`.
pub(crate) fn unit_closed(name: &'static str, value: Decimal) -> Result<Decimal> {
    if value >= Decimal::ZERO && value <= Decimal::ONE {
        Ok(value)
    } else {
        Err(invalid(name, value, "in [0, 1]"))
    }
}

/// Checks `value >= 0`.
pub(crate) fn non_negative(name: &'static str, value: Decimal) -> Result<Decimal> {
    if value >= Decimal::ZERO {
        Ok(value)
    } else {
        Err(invalid(name, value, ">= 0"))
    }
}

/// Checks `value > 0`.
pub(crate) fn positive(name: &'static str, value: Decimal) -> Result<Decimal> {
    if value > Decimal::ZERO {
        Ok(value)
    } else {
        Err(invalid(name, value, "> 0"))
    }
}

/// A duration as exact decimal seconds.
pub(crate) fn duration_secs(d: std::time::Duration) -> Decimal {
    // u64 seconds and < 1e9 nanoseconds: always fits (at most ~1.8e19 s).
    Decimal::from(d.as_secs()) + Decimal::new(i64::from(d.subsec_nanos()), 9)
}

/// An `f64` as a decimal, rejecting NaN and infinities.
pub(crate) fn from_f64(name: &'static str, value: f64) -> Result<Decimal> {
    Decimal::try_from(value).map_err(|_| {
        invalid(
            name,
            servops_core::CompactFloat(value),
            "finite and within the decimal range",
        )
    })
}

/// A decimal as an `f64` (for the queueing models, which work in `f64`).
pub(crate) fn to_f64(value: Decimal) -> f64 {
    f64::try_from(value).unwrap_or(f64::NAN)
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
    fn messages_name_field_and_value() {
        assert_eq!(
            unit_left_open("occupancy", Decimal::ZERO)
                .unwrap_err()
                .to_string(),
            "occupancy must be in (0, 1], got 0"
        );
        assert_eq!(
            overflow("annual_cost").to_string(),
            "decimal overflow computing annual_cost"
        );
    }

    #[test]
    fn duration_is_exact() {
        let d = std::time::Duration::from_millis(300_250);
        assert_eq!(duration_secs(d), Decimal::new(300_250, 3));
    }
}
