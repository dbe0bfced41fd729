//! Overtime and undertime priced at a wage rate rather than the loaded rate.
//! Every expected amount is a hand calculation written out beside it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use rust_decimal::Decimal;
use servops_cost::*;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn usd(s: &str) -> Money {
    Money::new(dec(s), Currency::USD)
}

/// Month 0: 84 productive FTE at 30 % shrinkage = 120 paid FTE, 112 on the
/// floor: shortfall 8, overtime cap 10 % x 112 = 11.2, so 8 FTE x 160 h =
/// 1,280 overtime hours. Month 1: 63 / 0.7 = 90 paid FTE, surplus 22,
/// undertime cap 5 % x 112 = 5.6 FTE x 160 h = 896 hours.
fn plan() -> HeadcountPlan {
    let s = Shrinkage::new(dec("0.30")).unwrap();
    let months = vec![
        PeriodDemand::new(dec("84"), s, dec("160")).unwrap(),
        PeriodDemand::new(dec("63"), s, dec("160")).unwrap(),
    ];
    HeadcountPlan::new(months, dec("112"), Currency::USD)
        .unwrap()
        .with_overtime(dec("0.10"), dec("0.5"))
        .unwrap()
        .with_undertime(dec("0.05"))
        .unwrap()
        .with_costs(usd("40"), usd("30"), usd("2000"))
        .unwrap()
}

#[test]
fn overtime_and_undertime_at_the_wage_rate() {
    // Wage 20.00 + 7.65 % payroll taxes = 21.53 an hour.
    let p = plan()
        .with_overtime_base_rate(usd("21.53"))
        .unwrap()
        .with_undertime_saving_rate(usd("21.53"))
        .unwrap()
        .run()
        .unwrap();
    let (m0, m1) = (&p.periods[0], &p.periods[1]);
    assert_eq!(m0.overtime_fte, dec("8"));
    assert_eq!(m1.undertime_fte, dec("5.6"));
    // 1,280 h x 21.53 x 1.5 = 41,337.60
    assert_eq!(m0.budget.overtime, usd("41337.60"));
    // 112 x 160 x 40 = 716,800; + 41,337.60
    assert_eq!(m0.budget.salaries, usd("716800"));
    assert_eq!(m0.budget.total, usd("758137.60"));
    // 896 h x 21.53 = 19,290.88; 716,800 - 19,290.88 = 697,509.12
    assert_eq!(m1.budget.undertime_saving, usd("19290.88"));
    assert_eq!(m1.budget.total, usd("697509.12"));
    assert_eq!(p.total_budget.total, usd("1455646.72"));
}

#[test]
fn without_wage_rates_the_loaded_rate_is_kept() {
    let p = plan().run().unwrap();
    // 1,280 h x 40 x 1.5 = 76,800; 896 h x 40 = 35,840.
    assert_eq!(p.periods[0].budget.overtime, usd("76800"));
    assert_eq!(p.periods[1].budget.undertime_saving, usd("35840"));
}

#[test]
fn wage_rates_are_checked() {
    assert!(matches!(
        plan().with_overtime_base_rate(usd("-1")),
        Err(Error::InvalidParameter {
            name: "overtime_base_rate",
            ..
        })
    ));
    assert!(matches!(
        plan().with_undertime_saving_rate(Money::new(Decimal::ONE, Currency::EUR)),
        Err(Error::CurrencyMismatch { .. })
    ));
}

/// Overtime with 12.5 % shrinkage (breaks only) instead of the month's 30 %:
/// 8 paid FTE short = 8 x 0.7 = 5.6 productive FTE = 5.6 / 0.875 = 6.4 FTE
/// of overtime = 1,024 hours; at 21.53 x 1.5 = 32.295 an hour, 33,070.08.
/// With a 5 % cap (5.6 FTE = 896 hours, 28,936.32) it covers 5.6 x 0.875 /
/// 0.7 = 7 paid FTE, leaving 1 unmet.
#[test]
fn overtime_hours_with_their_own_shrinkage() {
    let s_ot = Shrinkage::new(dec("0.125")).unwrap();
    let p = plan()
        .with_overtime_base_rate(usd("21.53"))
        .unwrap()
        .with_overtime_shrinkage(s_ot)
        .run()
        .unwrap();
    let m0 = &p.periods[0];
    assert_eq!(m0.overtime_fte, dec("6.4"));
    assert_eq!(m0.unmet_fte, dec("0"));
    assert_eq!(m0.budget.overtime, usd("33070.08"));
    // Month 1 has a surplus: no overtime, undertime as before.
    assert_eq!(p.periods[1].overtime_fte, dec("0"));
    assert_eq!(p.periods[1].undertime_fte, dec("5.6"));

    let capped = plan()
        .with_overtime(dec("0.05"), dec("0.5"))
        .unwrap()
        .with_overtime_base_rate(usd("21.53"))
        .unwrap()
        .with_overtime_shrinkage(s_ot)
        .run()
        .unwrap();
    let m0 = &capped.periods[0];
    assert_eq!(m0.overtime_fte, dec("5.6"));
    assert_eq!(m0.unmet_fte, dec("1"));
    assert_eq!(m0.budget.overtime, usd("28936.32"));
}

/// An overtime shrinkage equal to the month's changes nothing.
#[test]
fn overtime_shrinkage_equal_to_the_months_is_the_default() {
    let same = plan()
        .with_overtime_shrinkage(Shrinkage::new(dec("0.30")).unwrap())
        .run()
        .unwrap();
    assert_eq!(same, plan().run().unwrap());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Overtime with its own shrinkage `s_ot <= s`: it never passes the cap,
    /// it is `(1 - s) / (1 - s_ot)` of the shortfall it covers (to the 4
    /// decimal places head counts carry), a shortfall is left unmet only when
    /// the cap binds, and overtime is never more than the shortfall.
    #[test]
    fn overtime_with_its_own_shrinkage(
        productive in 0_i64..20_000,
        opening in 0_i64..20_000,
        s in 0_i64..60,
        s_ot_share in 0_i64..=100,
        cap in 0_i64..=30,
    ) {
        let s = dec("0.01") * Decimal::from(s);
        let s_ot = s * Decimal::new(s_ot_share, 2);
        let m = PeriodDemand::new(Decimal::new(productive, 2), Shrinkage::new(s).unwrap(), dec("160")).unwrap();
        let p = HeadcountPlan::new(vec![m], Decimal::new(opening, 2), Currency::USD).unwrap()
            .with_overtime(Decimal::new(cap, 2), dec("0.5")).unwrap()
            .with_overtime_shrinkage(Shrinkage::new(s_ot).unwrap())
            .run().unwrap();
        let r = &p.periods[0];
        let shortfall = (-r.gap).max(Decimal::ZERO);
        let limit = (r.available_fte * Decimal::new(cap, 2)).round_dp(4);
        proptest::prop_assert!(r.overtime_fte <= limit);
        proptest::prop_assert!(r.unmet_fte >= Decimal::ZERO && r.unmet_fte <= shortfall);
        proptest::prop_assert!(r.overtime_fte <= shortfall);
        let covered = shortfall - r.unmet_fte;
        let factor = (Decimal::ONE - s) / (Decimal::ONE - s_ot);
        proptest::prop_assert!((r.overtime_fte - covered * factor).abs() <= dec("0.0001"),
            "{} vs {} x {}", r.overtime_fte, covered, factor);
        if r.unmet_fte > Decimal::ZERO {
            proptest::prop_assert_eq!(r.overtime_fte, limit);
        }
    }
}
