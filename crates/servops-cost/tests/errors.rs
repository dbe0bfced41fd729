//! Bad input gives typed errors naming the field, never a panic.

// Test helpers outside #[test] functions: a bad fixture should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rust_decimal::Decimal;
use servops_cost::*;
use servops_queue::{Model, Targets};

fn usd(v: Decimal) -> Money {
    Money::new(v, Currency::USD)
}

fn field(err: Error) -> &'static str {
    match err {
        Error::InvalidParameter { name, .. } => name,
        Error::Empty { name } => name,
        Error::Overflow { quantity } => quantity,
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn shrinkage_of_one_or_more_is_refused() {
    for bad in [Decimal::ONE, Decimal::new(15, 1), Decimal::new(-1, 2)] {
        assert_eq!(field(Shrinkage::new(bad).unwrap_err()), "shrinkage");
    }
    assert_eq!(
        Shrinkage::new(Decimal::ONE).unwrap_err().to_string(),
        "shrinkage must be in [0, 1), got 1"
    );
}

#[test]
fn zero_occupancy_is_refused() {
    assert_eq!(
        field(Occupancy::new(Decimal::ZERO).unwrap_err()),
        "occupancy"
    );
    assert_eq!(
        Occupancy::new(Decimal::ZERO).unwrap_err().to_string(),
        "occupancy must be in (0, 1], got 0"
    );
}

#[test]
fn rates_at_or_below_minus_one_are_refused() {
    let flows = CashFlows::new(vec![Decimal::NEGATIVE_ONE, Decimal::TWO], Currency::USD).unwrap();
    for bad in [Decimal::NEGATIVE_ONE, Decimal::new(-15, 1)] {
        assert_eq!(
            field(npv(bad, &flows, NpvConvention::FirstFlowAtTimeZero).unwrap_err()),
            "rate"
        );
        assert_eq!(field(discounted_payback(&flows, bad).unwrap_err()), "rate");
        assert_eq!(field(periodic_to_annual_rate(bad, 12).unwrap_err()), "rate");
        assert_eq!(field(annual_to_periodic_rate(bad, 12).unwrap_err()), "rate");
    }
    assert_eq!(
        npv(
            Decimal::NEGATIVE_ONE,
            &flows,
            NpvConvention::FirstFlowAtTimeZero
        )
        .unwrap_err()
        .to_string(),
        "rate must be > -1, got -1"
    );
}

#[test]
fn empty_cash_flows_are_refused() {
    let err = CashFlows::new(vec![], Currency::USD).unwrap_err();
    assert_eq!(err, Error::Empty { name: "cash_flows" });
    assert_eq!(err.to_string(), "cash_flows must not be empty");
}

#[test]
fn salary_of_ten_to_the_28_overflows_with_a_typed_error() {
    let huge = Decimal::from_i128_with_scale(10_i128.pow(28), 0);
    // The annual cost of one FTE: 1e28 x 2,080 hours.
    let stack = LoadedCost::new(usd(huge)).unwrap();
    assert_eq!(
        stack.annual_cost_per_fte().unwrap_err(),
        Error::Overflow {
            quantity: "annual_cost"
        }
    );
    // Benefits loading on top of it: 1e28 x 8 does not fit.
    let loaded = LoadedCost::new(usd(huge))
        .unwrap()
        .with_benefits_load(Decimal::new(8, 0))
        .unwrap();
    assert_eq!(field(loaded.breakdown().unwrap_err()), "benefits");
    // A budget: 10 heads x 160 h x 1e28.
    let month =
        PeriodDemand::new(Decimal::TEN, Shrinkage::default(), Decimal::new(160, 0)).unwrap();
    let err = HeadcountPlan::new(vec![month], Decimal::TEN, Currency::USD)
        .unwrap()
        .with_costs(usd(huge), usd(Decimal::ZERO), usd(Decimal::ZERO))
        .unwrap()
        .run()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "decimal overflow computing budget.salaries"
    );
    // Money arithmetic.
    assert_eq!(
        field(
            usd(Decimal::MAX)
                .checked_add(usd(Decimal::ONE))
                .unwrap_err()
        ),
        "money"
    );
    // Cost per contact from a huge hourly cost with a long AHT.
    let hour = HourlyCosts::new(
        usd(Decimal::MAX),
        Shrinkage::default(),
        Occupancy::new(Decimal::ONE).unwrap(),
    )
    .unwrap();
    assert_eq!(
        field(
            cost_per_contact(
                &hour,
                Duration::from_secs(7_200),
                Decimal::ONE,
                usd(Decimal::ZERO)
            )
            .unwrap_err()
        ),
        "cost_per_contact"
    );
    // A staffing cost of a huge rate.
    let cost = StaffingCost::new(
        usd(huge),
        Shrinkage::default(),
        Model::ErlangC,
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
    )
    .unwrap();
    assert_eq!(
        field(
            cost.interval(1_000.0, Duration::from_secs(300), Duration::from_secs(1800))
                .unwrap_err()
        ),
        "staff_cost"
    );
}

#[test]
fn other_fields_are_named() {
    let d = Decimal::from;
    assert_eq!(field(LoadedCost::new(usd(d(-1))).unwrap_err()), "wage");
    let base = LoadedCost::new(usd(d(10))).unwrap();
    assert_eq!(
        field(base.clone().with_supervision(usd(d(30)), d(0)).unwrap_err()),
        "span_of_control"
    );
    assert_eq!(
        field(base.clone().with_paid_hours_per_year(d(0)).unwrap_err()),
        "paid_hours_per_year"
    );
    assert_eq!(
        field(base.clone().with_benefits_load(d(-1)).unwrap_err()),
        "benefits_load"
    );
    assert!(matches!(
        base.with_technology_per_year(Money::new(d(1), Currency::EUR))
            .unwrap_err(),
        Error::CurrencyMismatch { .. }
    ));
    let hour = HourlyCosts::new(
        usd(d(40)),
        Shrinkage::default(),
        Occupancy::new(Decimal::ONE).unwrap(),
    )
    .unwrap();
    assert_eq!(
        field(cost_per_contact(&hour, Duration::ZERO, Decimal::ONE, usd(d(0))).unwrap_err()),
        "aht"
    );
    assert_eq!(
        field(
            cost_per_contact(
                &hour,
                Duration::from_secs(60),
                Decimal::new(5, 1),
                usd(d(0))
            )
            .unwrap_err()
        ),
        "concurrency"
    );
    assert_eq!(
        field(cost_by_channel(&hour, &[], usd(d(0)), AllocationBasis::HandleTime, 2).unwrap_err()),
        "channels"
    );
    assert_eq!(
        field(allocate(usd(d(1)), &[d(-1), d(2)], 2).unwrap_err()),
        "weights"
    );
    assert_eq!(
        field(Scenario::new().with_deflection(Decimal::ONE).unwrap_err()),
        "deflection"
    );
    assert_eq!(
        field(Scenario::new().with_volume_change(d(-2)).unwrap_err()),
        "volume_change"
    );
    assert_eq!(
        field(AttritionRate::per_period_rate(d(1)).unwrap_err()),
        "attrition"
    );
    assert_eq!(
        field(PeriodDemand::new(d(1), Shrinkage::default(), d(0)).unwrap_err()),
        "paid_hours_per_fte"
    );
    assert_eq!(
        field(HeadcountPlan::new(vec![], d(1), Currency::USD).unwrap_err()),
        "periods"
    );
    assert_eq!(
        field(periodic_to_annual_rate(d(0), 0).unwrap_err()),
        "periods_per_year"
    );
    assert_eq!(field(Currency::new("US").unwrap_err()), "currency");
    assert_eq!(field(usd(d(1)).checked_div(d(0)).unwrap_err()), "divisor");
    assert_eq!(field(roi(usd(d(1)), usd(d(-1))).unwrap_err()), "costs");
    assert!(matches!(
        StaffingCost::new(
            usd(d(1)),
            Shrinkage::default(),
            Model::ErlangC,
            Targets::new()
        )
        .unwrap_err(),
        Error::Queue(servops_queue::Error::NoTarget)
    ));
}

#[test]
fn error_is_send_sync_static() {
    fn check<T: Send + Sync + 'static + std::error::Error>() {}
    check::<Error>();
}

/// An IRR within 1e-16 of -1 (found by fuzzing) stays above -1.
#[test]
fn irr_just_above_minus_one() {
    let flows = CashFlows::new(
        vec![
            Decimal::from_i128_with_scale(-(10_i128.pow(20)), 0),
            Decimal::ONE,
        ],
        Currency::USD,
    )
    .unwrap();
    match irr(&flows).unwrap() {
        Irr::Unique(r) => {
            assert!(r > Decimal::NEGATIVE_ONE, "{r}");
            let growth = r + Decimal::ONE;
            assert!(
                (growth - Decimal::new(1, 20)).abs() < Decimal::new(1, 27),
                "{growth}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Beyond the decimal range of 1 + r: a typed error, not -1.
    let flows = CashFlows::new(vec![Decimal::MIN, Decimal::new(1, 28)], Currency::USD).unwrap();
    assert_eq!(field(irr(&flows).unwrap_err()), "irr");
}
