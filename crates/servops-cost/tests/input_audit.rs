//! Input audit: values outside their meaningful range are refused with a typed error naming the parameter, never a silent wrong number, a panic or a huge allocation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use rust_decimal::Decimal;
use servops_cost::*;

fn usd(v: Decimal) -> Money {
    Money::new(v, Currency::USD)
}

/// `v x 10^28`.
fn e28(v: Decimal) -> Decimal {
    v * Decimal::from_i128_with_scale(10_000_000_000_000_000_000_000_000_000, 0)
}

#[test]
fn cash_flows_whose_running_total_overflows_are_refused() {
    // The running total reaches -2 x MAX before coming back to zero: the
    // simple payback used to report `None` ("never pays back") because its
    // cumulative sum overflowed, although the total is back to 0 at period 4.
    let m = Decimal::MAX;
    let err = CashFlows::new(vec![-m, -m, m, m, m], Currency::USD).unwrap_err();
    assert_eq!(
        err,
        Error::Overflow {
            quantity: "cash_flows"
        }
    );
    // Flows whose running total stays in range are still accepted, even with
    // single flows at the limit.
    let ok = CashFlows::new(vec![m, -m, m], Currency::USD).unwrap();
    assert_eq!(simple_payback(&ok).unwrap().period, 0);
}

#[test]
fn discounted_payback_reports_an_overflowing_running_total() {
    // At -25 % the discounted flows are -4, -4, 2.67, 3.56, 4.74 (x 1e28):
    // the running total -8e28 leaves the decimal range. It used to come back
    // as Ok(None) ("never pays back"); the exact answer pays back in period 4.
    let flows = CashFlows::new(
        vec![
            e28(Decimal::new(-4, 0)),
            e28(Decimal::new(-3, 0)),
            e28(Decimal::new(15, 1)),
            e28(Decimal::new(15, 1)),
            e28(Decimal::new(15, 1)),
        ],
        Currency::USD,
    )
    .unwrap();
    assert_eq!(
        discounted_payback(&flows, Decimal::new(-25, 2)).unwrap_err(),
        Error::Overflow {
            quantity: "discounted_payback"
        }
    );
    // The same shape a billion times smaller is answered.
    let small = CashFlows::new(
        flows
            .flows()
            .iter()
            .map(|f| f / Decimal::from(1_000_000_000))
            .collect(),
        Currency::USD,
    )
    .unwrap();
    let p = discounted_payback(&small, Decimal::new(-25, 2))
        .unwrap()
        .unwrap();
    assert_eq!(p.period, 4);
}

#[test]
fn deflection_case_horizon_is_bounded() {
    // u32::MAX periods used to reach `evaluate`, which asked for a
    // 68,719,476,736-byte vector and aborted the process.
    let saving = usd(Decimal::ONE);
    for bad in [DeflectionCase::MAX_PERIODS + 1, u32::MAX] {
        let err = DeflectionCase::new(saving, Decimal::ZERO, bad).unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidParameter {
                    name: "periods",
                    ..
                }
            ),
            "{err:?}"
        );
    }
    let longest = DeflectionCase::new(saving, Decimal::ZERO, DeflectionCase::MAX_PERIODS)
        .unwrap()
        .evaluate()
        .unwrap();
    assert_eq!(
        longest.cash_flows.len(),
        DeflectionCase::MAX_PERIODS as usize + 1
    );
}

#[test]
fn cost_per_contact_refuses_a_negative_per_contact_cost() {
    // A per-contact cost of -100.00 used to give a cost per contact of
    // -96.67; `ChannelDemand::with_cost_per_contact` already refuses it.
    let hour = HourlyCosts::new(
        usd(Decimal::new(40, 0)),
        Shrinkage::default(),
        Occupancy::new(Decimal::ONE).unwrap(),
    )
    .unwrap();
    let err = cost_per_contact(
        &hour,
        Duration::from_secs(300),
        Decimal::ONE,
        usd(Decimal::new(-100, 0)),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidParameter {
                name: "per_contact",
                ..
            }
        ),
        "{err:?}"
    );
    // Zero is fine.
    assert!(
        cost_per_contact(
            &hour,
            Duration::from_secs(300),
            Decimal::ONE,
            Money::zero(Currency::USD)
        )
        .is_ok()
    );
}

#[cfg(feature = "serde")]
#[test]
fn rounding_policy_from_json_keeps_at_most_28_places() {
    // Deserialising used to bypass `RoundingPolicy::new`: 4,000,000,000
    // places were kept and reported by `decimal_places()`.
    let p: RoundingPolicy =
        serde_json::from_str(r#"{"decimal_places": 4000000000, "mode": "half_even"}"#).unwrap();
    assert_eq!(p, RoundingPolicy::new(28, RoundingMode::HalfEven));
    assert_eq!(p.decimal_places(), 28);
    let cents: RoundingPolicy =
        serde_json::from_str(r#"{"decimal_places": 2, "mode": "half_even"}"#).unwrap();
    assert_eq!(cents, RoundingPolicy::CENTS);
}
