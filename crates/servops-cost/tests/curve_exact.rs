//! Staffing-cost curves multiply before they divide by 3600, so exact
//! inputs give exact money (hand computations beside each assertion).
#![allow(clippy::unwrap_used)]

use rust_decimal::Decimal;
use servops_cost::{Currency, Money, Shrinkage, StaffingCost};
use servops_queue::{Model, Targets};
use std::time::Duration;

fn model(rate: i64, shrinkage: Decimal) -> StaffingCost {
    StaffingCost::new(
        Money::new(Decimal::new(rate, 0), Currency::USD),
        Shrinkage::new(shrinkage).unwrap(),
        Model::ErlangC,
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
    )
    .unwrap()
}

#[test]
fn workload_cost_of_a_fifty_minute_aht_is_exact() {
    // 13 contacts of 3,000 s at 36 an hour: 13 x 3000 x 36 / 3600 = 390,
    // 30 a contact (3000 / 3600 = 0.8333... first can leave 389.999...).
    for (n, aht, cost) in [
        (13, 3000, 390),
        (36, 700, 252),
        (7, 1000, 70),
        (36, 3000, 1080),
    ] {
        let c = model(36, Decimal::ZERO)
            .interval(
                f64::from(n),
                Duration::from_secs(aht),
                Duration::from_secs(3600),
            )
            .unwrap();
        assert_eq!(c.handled, Decimal::from(n));
        assert_eq!(
            c.workload_cost.amount(),
            Decimal::from(cost),
            "{n} x {aht} s"
        );
        assert_eq!(
            c.workload_cost_per_contact.unwrap().amount(),
            Decimal::from(aht) / Decimal::new(100, 0),
            "{n} x {aht} s"
        );
    }
}

#[test]
fn staff_cost_of_a_twenty_minute_interval_is_exact() {
    // Each agent costs 36 x 1200 / 3600 = 12 an interval (1200 / 3600 =
    // 0.333... first left 11.999...).
    let c = model(36, Decimal::ZERO)
        .interval(30.0, Duration::from_secs(240), Duration::from_secs(1200))
        .unwrap();
    assert_eq!(
        c.cost.amount(),
        Decimal::from(c.agents) * Decimal::new(12, 0)
    );
    let s = model(36, Decimal::ZERO)
        .curve(
            &[30.0, 30.0, 30.0],
            Duration::from_secs(240),
            Duration::from_secs(1200),
        )
        .unwrap();
    assert_eq!(s[0].cost.amount(), c.cost.amount());
}

#[test]
fn shrinkage_is_divided_once() {
    // 36 contacts of 3,000 s at 36 an hour with 25 % shrinkage:
    // 1080 / 0.75 = 1440 exactly.
    let c = model(36, Decimal::new(25, 2))
        .interval(36.0, Duration::from_secs(3000), Duration::from_secs(3600))
        .unwrap();
    assert_eq!(c.workload_cost.amount(), Decimal::new(1440, 0));
}

#[test]
fn handled_contacts_never_exceed_what_the_agents_carry() {
    // A billion erlangs on one agent (Erlang A, patience 63 ns against a
    // 249 ns AHT): nearly every contact abandons, and 1 - P(abandon) in
    // floating point lost 8 digits (handled 1.0000000822 contacts in an
    // interval as long as one handle time, more than one agent can carry).
    // The agent carries at most interval / AHT = 1 contact.
    let cost = StaffingCost::new(
        Money::new(Decimal::new(2_115_833, 1), Currency::USD),
        Shrinkage::new(Decimal::new(91, 2)).unwrap(),
        Model::ErlangA {
            patience: Duration::from_nanos(63),
        },
        Targets::service_level_within(1e-256, Duration::from_secs(65_535)).unwrap(),
    )
    .unwrap();
    let c = cost
        .interval(
            999_999_999.5,
            Duration::from_nanos(249),
            Duration::from_nanos(249),
        )
        .unwrap();
    assert_eq!(c.agents, 1);
    assert!(c.handled <= Decimal::ONE, "handled {}", c.handled);
    assert!(
        c.handled > Decimal::new(999_999, 6),
        "handled {}",
        c.handled
    );
    assert!(c.workload_cost.amount() <= c.cost.amount());
}
