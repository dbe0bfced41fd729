//! DeflectionCase::from_comparison on scenarios that change volume as well
//! as deflect. Expected counts by hand.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_cost::*;
use servops_queue::{Model, Targets, Workload};

fn comparison(scenario: &Scenario) -> ScenarioComparison {
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).single().unwrap();
    let grid = IntervalGrid::new(start, Duration::from_secs(1800), 20).unwrap();
    let work = IntervalSeries::filled(
        grid,
        Workload::new(100.0, Duration::from_secs(300)).unwrap(),
    );
    let model = StaffingCost::new(
        Money::new(Decimal::new(40, 0), Currency::USD),
        Shrinkage::new(Decimal::new(3, 1)).unwrap(),
        Model::ErlangC,
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
    )
    .unwrap();
    model.compare(&work, scenario).unwrap()
}

/// 2,000 contacts a day; a bot containing 15 %: 300 contained contacts.
#[test]
fn deflection_only_counts_the_contained_contacts() {
    let s = Scenario::new()
        .with_deflection(Decimal::new(15, 2))
        .unwrap();
    let case = DeflectionCase::from_comparison(&comparison(&s), Decimal::ONE, 12)
        .unwrap()
        .with_usage_cost(Money::new(Decimal::ONE, Currency::USD))
        .unwrap();
    let r = case.evaluate().unwrap();
    // Usage 300 x 1.00 a period.
    let saving = comparison(&s).saving.amount();
    assert_eq!(r.cash_flows.flows()[1], saving - Decimal::new(300, 0));
}

/// +5 % volume and 15 % deflection at once: the bot contains 2,000 x 1.05 x
/// 0.15 = 315 contacts, but the volumes only differ by 2,000 x (1 - 1.05 x
/// 0.85) = 215, and the saving against the baseline nets the growth in. The
/// case must be built against a baseline that already has the growth.
#[test]
fn growth_and_deflection_together_are_refused() {
    let s = Scenario::new()
        .with_volume_change(Decimal::new(5, 2))
        .unwrap()
        .with_deflection(Decimal::new(15, 2))
        .unwrap();
    let err = DeflectionCase::from_comparison(&comparison(&s), Decimal::ONE, 12).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidParameter {
                name: "volume_change",
                ..
            }
        ),
        "{err:?}"
    );
}

/// A volume cut alone (fewer contacts, no bot) still makes a case: the
/// contacts avoided are 2,000 x 0.10 = 200.
#[test]
fn volume_cut_alone_is_a_case() {
    let s = Scenario::new()
        .with_volume_change(Decimal::new(-10, 2))
        .unwrap();
    let case = DeflectionCase::from_comparison(&comparison(&s), Decimal::ONE, 12)
        .unwrap()
        .with_usage_cost(Money::new(Decimal::ONE, Currency::USD))
        .unwrap();
    let r = case.evaluate().unwrap();
    let saving = comparison(&s).saving.amount();
    assert_eq!(r.cash_flows.flows()[1], saving - Decimal::new(200, 0));
}
