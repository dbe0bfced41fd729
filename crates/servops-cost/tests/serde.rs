//! Serde forms: decimals are strings, pinned per field; validated types
//! cannot be deserialized around their constructors.
#![cfg(feature = "serde")]

use rust_decimal::Decimal;
use servops_cost::*;

#[test]
fn money_amount_is_a_string() {
    let m = Money::new(Decimal::new(560, 2), Currency::USD);
    let json = serde_json::to_string(&m).unwrap();
    assert_eq!(json, r#"{"amount":"5.60","currency":"USD"}"#);
    assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
    // A float amount is refused: the form is pinned.
    assert!(serde_json::from_str::<Money>(r#"{"amount":5.6,"currency":"USD"}"#).is_err());
    assert!(serde_json::from_str::<Money>(r#"{"amount":"1","currency":"DOLLARS"}"#).is_err());
}

#[test]
fn a_negative_zero_amount_is_read_as_plain_zero() {
    // Money::new stores "-0.00" as "0.00"; reading the same amount from JSON
    // must not bypass that and print "-0.00 USD".
    let m: Money = serde_json::from_str(r#"{"amount":"-0.00","currency":"USD"}"#).unwrap();
    assert_eq!(m.to_string(), "0.00 USD");
    assert!(!m.amount().is_sign_negative());
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        r#"{"amount":"0.00","currency":"USD"}"#
    );
    assert_eq!(m, Money::zero(Currency::USD).checked_add(m).unwrap());
    // A missing field is still refused.
    assert!(serde_json::from_str::<Money>(r#"{"amount":"1"}"#).is_err());
}

#[test]
fn validated_types_go_through_their_constructors() {
    assert_eq!(
        serde_json::to_string(&Shrinkage::new(Decimal::new(3, 1)).unwrap()).unwrap(),
        r#""0.3""#
    );
    assert!(serde_json::from_str::<Shrinkage>(r#""1.0""#).is_err());
    assert!(serde_json::from_str::<Occupancy>(r#""0""#).is_err());
    assert!(serde_json::from_str::<CashFlows>(r#"{"flows":[],"currency":"USD"}"#).is_err());
    let f: CashFlows =
        serde_json::from_str(r#"{"flows":["-100","60.5"],"currency":"EUR"}"#).unwrap();
    assert_eq!(f.flows(), &[Decimal::new(-100, 0), Decimal::new(605, 1)]);
    assert_eq!(
        serde_json::to_string(&f).unwrap(),
        r#"{"flows":["-100","60.5"],"currency":"EUR"}"#
    );
}

#[test]
fn results_round_trip() {
    let d = |v: i64| Decimal::new(v, 0);
    let flows = CashFlows::new(vec![d(-100), d(230), d(-132)], Currency::USD).unwrap();
    let answer = irr(&flows).unwrap();
    let json = serde_json::to_string(&answer).unwrap();
    assert!(json.starts_with(r#"{"multiple":[""#), "{json}");
    assert_eq!(serde_json::from_str::<Irr>(&json).unwrap(), answer);
    // The undecided answer: -(x^2 - 2)^2 touches zero at an irrational rate.
    let touch = CashFlows::new(vec![d(-4), d(0), d(4), d(0), d(-1)], Currency::USD).unwrap();
    let answer = irr(&touch).unwrap();
    let json = serde_json::to_string(&answer).unwrap();
    assert!(
        json.starts_with(r#"{"ambiguous":{"rates":[],"near_zero":[""#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Irr>(&json).unwrap(), answer);

    let m = PeriodDemand::new(d(70), Shrinkage::new(Decimal::new(3, 1)).unwrap(), d(160)).unwrap();
    let plan = HeadcountPlan::new(vec![m; 3], d(100), Currency::USD)
        .unwrap()
        .run()
        .unwrap();
    let json = serde_json::to_string(&plan).unwrap();
    assert!(json.contains(r#""required_paid_fte":"100.0000""#), "{json}");
    assert_eq!(serde_json::from_str::<PlanResult>(&json).unwrap(), plan);
}

#[test]
fn hourly_costs_are_rebuilt_from_their_inputs() {
    let h = HourlyCosts::new(
        Money::new(Decimal::new(40, 0), Currency::USD),
        Shrinkage::new(Decimal::new(3, 1)).unwrap(),
        Occupancy::new(Decimal::new(85, 2)).unwrap(),
    )
    .unwrap();
    let json = serde_json::to_string(&h).unwrap();
    assert_eq!(
        json,
        r#"{"per_paid_hour":{"amount":"40","currency":"USD"},"shrinkage":"0.3","occupancy":"0.85"}"#
    );
    assert_eq!(serde_json::from_str::<HourlyCosts>(&json).unwrap(), h);
    assert!(serde_json::from_str::<HourlyCosts>(
        r#"{"per_paid_hour":{"amount":"-1","currency":"USD"},"shrinkage":"0.3","occupancy":"0.85"}"#
    )
    .is_err());
}

#[test]
fn plan_and_scenario_inputs_are_validated() {
    let m: PeriodDemand = serde_json::from_str(
        r#"{"required_productive_fte":"70","shrinkage":"0.3","paid_hours_per_fte":"160"}"#,
    )
    .unwrap();
    assert_eq!(m.required_paid_fte().unwrap(), Decimal::new(100, 0));
    assert!(
        serde_json::from_str::<PeriodDemand>(
            r#"{"required_productive_fte":"70","shrinkage":"0.3","paid_hours_per_fte":"0"}"#
        )
        .is_err()
    );
    assert!(serde_json::from_str::<AttritionRate>(r#""1.5""#).is_err());
    let s: Scenario =
        serde_json::from_str(r#"{"deflection":"0.15","residual_aht_secs":330.0}"#).unwrap();
    assert_eq!(s.volume_factor(), Decimal::new(85, 2));
    assert_eq!(
        serde_json::from_str::<Scenario>(&serde_json::to_string(&s).unwrap()).unwrap(),
        s
    );
    assert!(serde_json::from_str::<Scenario>(r#"{"deflection":"1"}"#).is_err());
}
