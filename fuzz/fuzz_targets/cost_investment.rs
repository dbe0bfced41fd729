//! Investment functions and money: NPV (both conventions), IRR, paybacks,
//! ROI, rate conversions, allocation and the deflection case never panic;
//! errors are typed; the discounted payback at a rate >= 0 is never an
//! overflow, and at rate 0 it is the simple payback; the same for the final
//! paybacks, which exist only where the first ones do, never earlier;
//! allocation sums to the
//! pool exactly (in minor units); for moderate flows NPV at a reported IRR is ~0 relative to
//! the present value of |flows|.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_cost::Decimal;
use servops_cost::{
    CashFlows, Currency, DeflectionCase, Error, Irr, Money, NpvConvention, Realisation, allocate,
    annual_to_periodic_rate, discounted_payback, discounted_payback_final, irr, npv,
    periodic_to_annual_rate, roi, simple_payback, simple_payback_final,
};
use servops_fuzz::moderate_decimal;

#[derive(Debug)]
struct Input {
    flows: Vec<Decimal>,
    rate: Decimal,
    weights: Vec<Decimal>,
    dp: u32,
    periods_per_year: u32,
    case: (
        Decimal,
        Decimal,
        u32,
        Decimal,
        Decimal,
        Decimal,
        u8,
        Decimal,
    ),
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=60)?;
        let mut flows = Vec::with_capacity(n);
        for _ in 0..n {
            flows.push(moderate_decimal(u)?);
        }
        let k = u.int_in_range(0..=12)?;
        let mut weights = Vec::with_capacity(k);
        for _ in 0..k {
            weights.push(moderate_decimal(u)?);
        }
        Ok(Self {
            flows,
            rate: moderate_decimal(u)?,
            weights,
            dp: u.int_in_range(0..=30)?,
            periods_per_year: u.int_in_range(0..=400)?,
            case: (
                moderate_decimal(u)?,
                moderate_decimal(u)?,
                u.int_in_range(0..=60)?,
                moderate_decimal(u)?,
                moderate_decimal(u)?,
                moderate_decimal(u)?,
                u.arbitrary()?,
                moderate_decimal(u)?,
            ),
        })
    }
}

fn typed<T>(r: Result<T, Error>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(Error::InvalidParameter { .. } | Error::Overflow { .. } | Error::Empty { .. }) => None,
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

fuzz_target!(|input: Input| {
    let usd = |d| Money::new(d, Currency::USD);
    let _ = typed(periodic_to_annual_rate(input.rate, input.periods_per_year));
    let _ = typed(annual_to_periodic_rate(input.rate, input.periods_per_year));
    let _ = typed(roi(
        usd(input.rate),
        usd(input.flows.first().copied().unwrap_or_default()),
    ));

    if let Some(pool) = input.flows.first() {
        if let Some(parts) = typed(allocate(usd(*pool), &input.weights, input.dp)) {
            assert_eq!(parts.len(), input.weights.len());
            // Exactly, in minor units: `Decimal` addition rounds a sum past
            // its 96-bit mantissa (a pool of -1861746498 at 20 places is
            // 1.9e29 minor units, though every part fits).
            let units = |d: Decimal| {
                let shift = input.dp.checked_sub(d.scale())?;
                d.mantissa().checked_mul(10i128.checked_pow(shift)?)
            };
            let total = parts
                .iter()
                .try_fold(0i128, |acc, p| acc.checked_add(units(p.amount())?));
            if let (Some(total), Some(want)) = (total, units(*pool)) {
                assert_eq!(total, want, "{parts:?}");
            }
            assert!(parts.iter().all(|p| p.amount().scale() <= input.dp));
        }
    }

    let Some(flows) = typed(CashFlows::new(input.flows.clone(), Currency::USD)) else {
        return;
    };
    for c in [
        NpvConvention::FirstFlowAtTimeZero,
        NpvConvention::SpreadsheetEndOfPeriod,
    ] {
        let _ = typed(npv(input.rate, &flows, c));
    }
    let _ = simple_payback(&flows);
    let discounted = typed(discounted_payback(&flows, input.rate));
    if input.rate >= Decimal::ZERO {
        // At a rate >= 0 each running total of discounted flows is a
        // weighted mean of the flows' running totals: never an overflow.
        assert!(discounted.is_some(), "rate {} overflowed", input.rate);
    }
    if input.rate.is_zero() {
        assert_eq!(discounted, Some(simple_payback(&flows)));
    }
    // The final payback: the last recovery, after which the total stays
    // >= 0. It needs a first one, and is never before it.
    let simple_final = simple_payback_final(&flows);
    match (simple_payback(&flows), simple_final) {
        (_, None) => {}
        (Some(first), Some(last)) => assert!(first.periods <= last.periods, "{flows:?}"),
        (None, Some(last)) => panic!("final payback {last:?} without a first: {flows:?}"),
    }
    let discounted_final = typed(discounted_payback_final(&flows, input.rate));
    if input.rate >= Decimal::ZERO {
        assert!(discounted_final.is_some(), "rate {} overflowed", input.rate);
    }
    if input.rate.is_zero() {
        assert_eq!(discounted_final, Some(simple_final));
    }
    if let (Some(Some(first)), Some(Some(last))) = (discounted, discounted_final) {
        assert!(first.periods <= last.periods, "{flows:?} at {}", input.rate);
    }
    let answer = typed(irr(&flows));
    let moderate = flows
        .flows()
        .iter()
        .all(|f| f.abs() < Decimal::new(1_000_000_000_000, 0));
    if let (Some(answer), true) = (answer, moderate) {
        // Descartes: at most as many distinct rates as sign changes.
        let rates = match answer {
            Irr::None => vec![],
            Irr::Unique(r) => vec![r],
            Irr::Multiple(rs) => rs,
            // The touching points are within rounding of a zero NPV too.
            Irr::Ambiguous { rates, near_zero } => {
                assert!(rates.len() <= flows.sign_changes());
                assert!(!near_zero.is_empty());
                let mut all = rates;
                all.extend(near_zero);
                all.truncate(flows.sign_changes());
                all
            }
            other => panic!("unexpected {other:?}"),
        };
        assert!(rates.len() <= flows.sign_changes());
        let magnitude = CashFlows::new(
            flows.flows().iter().map(|f| f.abs()).collect(),
            Currency::USD,
        )
        .expect("non-empty");
        for r in rates {
            assert!(r > Decimal::NEGATIVE_ONE);
            if r < Decimal::new(-9, 1) || r > Decimal::new(100, 0) {
                continue;
            }
            if let (Ok(v), Ok(scale)) = (
                npv(r, &flows, NpvConvention::FirstFlowAtTimeZero),
                npv(r, &magnitude, NpvConvention::FirstFlowAtTimeZero),
            ) {
                let tol = scale.amount() * Decimal::new(1, 6) + Decimal::new(1, 6);
                assert!(v.amount().abs() <= tol, "NPV({r}) = {v} for {flows:?}");
            }
        }
    }

    let (gross, deflected, periods, implementation, platform, usage, realisation, rate) =
        input.case;
    let realisation = match realisation % 3 {
        0 => Realisation::Immediate,
        1 => Realisation::Linear {
            periods: u32::from(realisation),
        },
        _ => Realisation::Attrition {
            headcount: deflected,
            surplus: gross,
            rate,
        },
    };
    let case = typed(DeflectionCase::new(usd(gross), deflected, periods)).and_then(|c| {
        typed(
            c.with_implementation(usd(implementation))
                .and_then(|c| c.with_platform_cost(usd(platform)))
                .and_then(|c| c.with_usage_cost(usd(usage)))
                .and_then(|c| c.with_realisation(realisation))
                .and_then(|c| c.with_discount_rate(rate)),
        )
    });
    if let Some(case) = case {
        if let Some(r) = typed(case.evaluate()) {
            assert_eq!(r.cash_flows.len(), periods as usize + 1);
        }
    }
});
