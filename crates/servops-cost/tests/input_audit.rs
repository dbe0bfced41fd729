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

#[test]
fn discounted_payback_on_a_long_horizon_is_answered() {
    let d = |v: i64| Decimal::new(v, 0);
    // -100, 60, 60 and then 997 periods of 10 at 10 %: pays back in period 2,
    // at 1 + (100 - 60/1.1) / (60/1.21) = 1 + 55/60 periods (by hand). It used
    // to be an Overflow error because 1.1^t leaves the decimal range near t = 700,
    // long after the answer.
    let mut flows = vec![d(-100), d(60), d(60)];
    flows.extend(std::iter::repeat_n(d(10), 997));
    let flows = CashFlows::new(flows, Currency::USD).unwrap();
    let p = discounted_payback(&flows, Decimal::new(10, 2))
        .unwrap()
        .unwrap();
    assert_eq!(p.period, 2);
    let expected = Decimal::ONE + Decimal::from(55) / Decimal::from(60);
    assert!(
        (p.periods - expected).abs() < Decimal::new(1, 25),
        "{}",
        p.periods
    );

    // At -50 % a flow of 2 in period 1 is worth 4: pays back after 1/4 of
    // period 1. The trailing zeros drove 0.5^t to 0 and the division 0/0
    // used to be reported as an Overflow.
    let mut flows = vec![d(-1), d(2)];
    flows.extend(std::iter::repeat_n(Decimal::ZERO, 500));
    let flows = CashFlows::new(flows, Currency::USD).unwrap();
    let p = discounted_payback(&flows, Decimal::new(-5, 1))
        .unwrap()
        .unwrap();
    assert_eq!((p.period, p.periods), (1, Decimal::new(25, 2)));
}

#[test]
fn discounted_payback_after_the_discount_factor_leaves_the_decimal_range() {
    // At 100 % the factor is 2^t, and Decimal::MAX = 2^96 - 1. A flow of MAX
    // in period 97 is worth (2^96 - 1) / 2^97 = 1/2 - 2^-97; after -1/4 now
    // the total turns non-negative in period 97, at 96 + (1/4) / (1/2 - 2^-97)
    // = 96.5 + 2^-96 + ... periods (by hand). This used to be an Overflow error.
    let mut flows = vec![Decimal::new(-25, 2)];
    flows.extend(std::iter::repeat_n(Decimal::ZERO, 96));
    flows.push(Decimal::MAX);
    let flows = CashFlows::new(flows, Currency::USD).unwrap();
    let p = discounted_payback(&flows, Decimal::ONE).unwrap().unwrap();
    assert_eq!(p.period, 97);
    assert!(
        (p.periods - Decimal::new(965, 1)).abs() < Decimal::new(1, 25),
        "{}",
        p.periods
    );

    // Far past that point a flow of MAX is worth less than 2^-200: -1/4 is
    // never recovered, and that is an answer, not an error.
    let mut flows = vec![Decimal::new(-25, 2)];
    flows.extend(std::iter::repeat_n(Decimal::ZERO, 300));
    flows.push(Decimal::MAX);
    let flows = CashFlows::new(flows, Currency::USD).unwrap();
    assert_eq!(discounted_payback(&flows, Decimal::ONE).unwrap(), None);

    // A rate of 10^20 (g = 10^18 + 1) leaves the range in period 2, where
    // 10^17 is worth 10^17 / g^2 = 10^-19 (1 - 2 x 10^-18): after -10^-20 now
    // it pays back at 1 + 10^-20 / 10^-19 = 1.1 periods (by hand). Decimal
    // holds 10^-19 to 28 places, 9 digits, hence the tolerance.
    let flows = vec![
        Decimal::new(-1, 20),
        Decimal::ZERO,
        Decimal::from(100_000_000_000_000_000_i64),
    ];
    let flows = CashFlows::new(flows, Currency::USD).unwrap();
    let rate = Decimal::from(1_000_000_000_000_000_000_i64);
    let p = discounted_payback(&flows, rate).unwrap().unwrap();
    assert_eq!(p.period, 2);
    assert!(
        (p.periods - Decimal::new(11, 1)).abs() < Decimal::new(1, 8),
        "{}",
        p.periods
    );
}

#[test]
fn overtime_share_is_a_fraction() {
    // A cap of 10 (meant as 10 %) used to be accepted as 1,000 % of
    // available FTE: a 10-FTE shortfall on 1 FTE available was "closed" by
    // 10 FTE of overtime.
    let m = PeriodDemand::new(Decimal::from(11), Shrinkage::default(), Decimal::ONE).unwrap();
    let plan = HeadcountPlan::new(vec![m], Decimal::ONE, Currency::USD).unwrap();
    for bad in [Decimal::from(10), Decimal::new(101, 2), Decimal::new(-1, 2)] {
        match plan.clone().with_overtime(bad, Decimal::new(5, 1)) {
            Err(Error::InvalidParameter { name, .. }) => assert_eq!(name, "max_overtime"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    // The whole range [0, 1] is accepted: at 1 the 10-FTE shortfall on one
    // available FTE is closed by 1 FTE of overtime and 9 stay short.
    let p = plan
        .with_overtime(Decimal::ONE, Decimal::new(5, 1))
        .unwrap()
        .run()
        .unwrap();
    assert_eq!(p.periods[0].overtime_fte, Decimal::ONE);
    assert_eq!(p.periods[0].unmet_fte, Decimal::from(9));
}

#[test]
fn a_rate_at_the_decimal_limit_discounts_rather_than_overflows() {
    // 1 + Decimal::MAX is not a decimal: NPV and the discounted payback
    // returned Overflow. A flow of MAX one period later is worth
    // MAX / (MAX + 1), within 1e-28 of 1 (by hand).
    let d = |v: i64| Decimal::new(v, 0);
    let flows = CashFlows::new(vec![d(-1), Decimal::MAX], Currency::USD).unwrap();
    let v = npv(Decimal::MAX, &flows, NpvConvention::FirstFlowAtTimeZero).unwrap();
    assert!(v.amount().abs() < Decimal::new(1, 27), "{v:?}");
    // -1 now, then MAX: pays back in period 1, at (almost exactly) 1 period.
    let p = discounted_payback(&flows, Decimal::MAX).unwrap().unwrap();
    assert_eq!(p.period, 1);
    assert!((p.periods - Decimal::ONE).abs() < Decimal::new(1, 27));
}

#[test]
fn head_counts_past_the_exact_range_are_an_overflow() {
    // The cost_plan fuzz target found a plan needing 1.28e26 FTE in one
    // period: its head counts reached 6e25 with 4 decimals, past Decimal's
    // 28 digits, and closing = opening - leavers + graduates was off by
    // 0.002. Head counts are now kept to at most 1e20.
    let one = |fte: Decimal, shrinkage: Decimal| {
        PeriodDemand::new(fte, Shrinkage::new(shrinkage).unwrap(), Decimal::ONE).unwrap()
    };
    let big = Decimal::from_i128_with_scale(12_790_833_405_910_414_428_584_542_208, 2);
    let plan = HeadcountPlan::new(vec![one(big, Decimal::ZERO)], Decimal::ONE, Currency::USD)
        .unwrap()
        .with_hiring(0, 0, Decimal::ZERO)
        .unwrap();
    assert_eq!(
        plan.run().unwrap_err(),
        Error::Overflow {
            quantity: "required_paid_fte"
        }
    );
    // 10^6 productive FTE at a shrinkage of 1 - 10^-16 need 10^22 paid FTE.
    let shrinkage = Decimal::ONE - Decimal::new(1, 16);
    let plan = HeadcountPlan::new(
        vec![one(Decimal::from(1_000_000), shrinkage)],
        Decimal::ONE,
        Currency::USD,
    )
    .unwrap();
    assert_eq!(
        plan.run().unwrap_err(),
        Error::Overflow {
            quantity: "required_paid_fte"
        }
    );
    // A wash-out of 1 - 10^-18 makes a class of 10 graduates 10^19 hires;
    // 10^3 graduates need 10^21, past the limit.
    let washout = Decimal::ONE - Decimal::new(1, 18);
    let plan = HeadcountPlan::new(
        vec![one(Decimal::from(1_000), Decimal::ZERO)],
        Decimal::ZERO,
        Currency::USD,
    )
    .unwrap()
    .with_hiring(0, 0, washout)
    .unwrap();
    assert_eq!(
        plan.run().unwrap_err(),
        Error::Overflow { quantity: "hires" }
    );
    // The opening head count is checked when the plan is made; the limit
    // itself is accepted, and the identity holds exactly there: 10^20
    // opening, 10 % attrition, leavers 10^19, closing 9 x 10^19 (by hand).
    let too_many = HeadcountPlan::MAX_HEADCOUNT + Decimal::new(1, 4);
    assert!(matches!(
        HeadcountPlan::new(
            vec![one(Decimal::ONE, Decimal::ZERO)],
            too_many,
            Currency::USD
        ),
        Err(Error::InvalidParameter {
            name: "opening_headcount",
            ..
        })
    ));
    let p = HeadcountPlan::new(
        vec![one(Decimal::ONE, Decimal::ZERO)],
        HeadcountPlan::MAX_HEADCOUNT,
        Currency::USD,
    )
    .unwrap()
    .with_attrition(AttritionRate::per_period_rate(Decimal::new(1, 1)).unwrap())
    .run()
    .unwrap();
    assert_eq!(
        p.periods[0].leavers,
        Decimal::from(10_000_000_000_000_000_000_u128)
    );
    assert_eq!(
        p.periods[0].closing_headcount,
        Decimal::from(90_000_000_000_000_000_000_u128)
    );
}
