//! A zero amount is never shown as "-0": allocating a negative pool gives
//! its zero parts as "0.00", and negating zero gives "0".
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_decimal::Decimal;
use servops_cost::{Currency, Money, RoundingPolicy, allocate, allocate_in_minor_units};

#[test]
fn zero_parts_of_a_negative_pool_are_plain_zero() {
    // -0.01 split 1 : 1 in cents: one part gets the whole cent (-0.01), the
    // other nothing, 0.00. Before, the second was "-0.00 USD".
    let pool = Money::new(Decimal::new(-1, 2), Currency::USD);
    let halves = [Decimal::ONE, Decimal::ONE];
    for parts in [
        allocate(pool, &halves, 2).unwrap(),
        allocate_in_minor_units(pool, &halves).unwrap(),
    ] {
        assert_eq!(parts[0].to_string(), "-0.01 USD");
        assert_eq!(parts[1].to_string(), "0.00 USD");
        assert_eq!(parts[1].present(RoundingPolicy::CENTS), "0.00 USD");
        assert!(!parts[1].amount().is_sign_negative());
    }
}

#[test]
fn negated_and_constructed_zero_is_plain_zero() {
    let zero = Money::zero(Currency::EUR);
    assert_eq!(zero.negated().to_string(), "0 EUR");
    let minus_zero = Decimal::from_parts(0, 0, 0, true, 2); // "-0.00"
    assert_eq!(
        Money::new(minus_zero, Currency::EUR).to_string(),
        "0.00 EUR"
    );
    // A negative amount keeps its sign.
    assert_eq!(
        Money::new(Decimal::new(-5, 1), Currency::EUR).to_string(),
        "-0.5 EUR"
    );
}
