//! Headcount plans: any plan the builders accept runs without panicking and
//! either fails with a typed overflow or satisfies the plan's invariants
//! exactly (closing = opening - leavers + graduates, next opening = closing,
//! hires and leavers never negative, surplus and unmet never both positive).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_cost::Decimal;
use servops_cost::{
    AttritionRate, Currency, Error, HeadcountPlan, Money, PeriodDemand, Ramp, Shrinkage,
};
use servops_fuzz::any_decimal;

/// A small non-negative decimal: mostly realistic magnitudes, sometimes anything.
fn small_decimal(u: &mut Unstructured<'_>) -> arbitrary::Result<Decimal> {
    if u.ratio(1, 64)? {
        return any_decimal(u);
    }
    let (m, s): (u32, u8) = u.arbitrary()?;
    Ok(Decimal::new(i64::from(m % 1_000_000), u32::from(s) % 4))
}

/// A fraction: mostly in `[0, 1]` (4 decimal places), sometimes anything.
fn fraction(u: &mut Unstructured<'_>) -> arbitrary::Result<Decimal> {
    if u.ratio(1, 64)? {
        return any_decimal(u);
    }
    Ok(Decimal::new(i64::from(u.int_in_range(0..=10_000_u16)?), 4))
}

#[derive(Debug)]
struct Input {
    periods: Vec<(Decimal, Decimal, Decimal)>,
    opening: Decimal,
    attrition: Decimal,
    recruiting: u32,
    classroom: u32,
    washout: Decimal,
    ramp: Ramp,
    overtime: (Decimal, Decimal),
    undertime: Decimal,
    costs: (Decimal, Decimal, Decimal),
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=40)?;
        let mut periods = Vec::with_capacity(n);
        for _ in 0..n {
            periods.push((small_decimal(u)?, fraction(u)?, small_decimal(u)?));
        }
        let ramp = match u.int_in_range(0..=3)? {
            0 => Ramp::None,
            1 => Ramp::Linear {
                start: fraction(u)?,
                periods: u.int_in_range(0..=12)?,
            },
            2 => {
                let k = u.int_in_range(0..=4)?;
                let mut steps = Vec::new();
                for _ in 0..k {
                    steps.push((u.int_in_range(0..=6)?, fraction(u)?));
                }
                Ramp::Stepped(steps)
            }
            _ => {
                let k = u.int_in_range(0..=6)?;
                let mut levels = Vec::new();
                for _ in 0..k {
                    levels.push(fraction(u)?);
                }
                Ramp::Curve(levels)
            }
        };
        Ok(Self {
            periods,
            opening: small_decimal(u)?,
            attrition: fraction(u)?,
            recruiting: u.int_in_range(0..=6)?,
            classroom: u.int_in_range(0..=6)?,
            washout: fraction(u)?,
            ramp,
            overtime: (fraction(u)?, fraction(u)?),
            undertime: fraction(u)?,
            costs: (small_decimal(u)?, small_decimal(u)?, small_decimal(u)?),
        })
    }
}

fn build(input: &Input) -> Result<HeadcountPlan, Error> {
    let months = input
        .periods
        .iter()
        .map(|&(fte, s, hours)| PeriodDemand::new(fte, Shrinkage::new(s)?, hours))
        .collect::<Result<Vec<_>, _>>()?;
    let usd = |d| Money::new(d, Currency::USD);
    HeadcountPlan::new(months, input.opening, Currency::USD)?
        .with_attrition(AttritionRate::per_period_rate(input.attrition)?)
        .with_hiring(input.recruiting, input.classroom, input.washout)?
        .with_ramp(input.ramp.clone())?
        .with_overtime(input.overtime.0, input.overtime.1)?
        .with_undertime(input.undertime)?
        .with_costs(usd(input.costs.0), usd(input.costs.1), usd(input.costs.2))
}

fuzz_target!(|input: Input| {
    let Ok(plan) = build(&input) else {
        return;
    };
    match plan.run() {
        Err(Error::Overflow { .. }) => {}
        Err(other) => panic!("unexpected error from a validated plan: {other:?}"),
        Ok(result) => {
            assert_eq!(result.periods.len(), input.periods.len());
            for (i, p) in result.periods.iter().enumerate() {
                assert_eq!(p.period, i);
                assert_eq!(
                    p.closing_headcount,
                    p.opening_headcount - p.leavers + p.graduates
                );
                if let Some(next) = result.periods.get(i + 1) {
                    assert_eq!(next.opening_headcount, p.closing_headcount);
                }
                assert!(p.hires >= Decimal::ZERO && p.hires.fract().is_zero());
                assert!(p.leavers >= Decimal::ZERO && p.graduates >= Decimal::ZERO);
                assert!(p.surplus.is_zero() || p.unmet_fte.is_zero());
                assert!(p.overtime_fte >= Decimal::ZERO && p.undertime_fte >= Decimal::ZERO);
            }
        }
    }
});
