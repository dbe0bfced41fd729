//! Cost per contact by channel and staffing-cost intervals never panic and
//! give typed errors. `cost_by_channel`: the shared pool is split exactly
//! (the shares sum to it and each is whole units at the chosen places), and
//! each channel's total is its labour plus its per-contact costs plus its
//! share. `StaffingCost::interval`: the staffing cost is never below the
//! workload cost (the agents' time covers the handled contacts' time:
//! occupancy <= 1), both are >= 0, and the scheduled staff is the agents
//! grossed up for shrinkage.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_core::Channel;
use servops_cost::{
    AllocationBasis, ChannelDemand, Currency, Decimal, HourlyCosts, Money, Occupancy, Shrinkage,
    StaffingCost, cost_by_channel,
};
use servops_fuzz::{Dur, FuzzTargets, Real, model, moderate_decimal as decimal};
use servops_queue::{Model, Targets};

/// Mostly a fraction in [0, 1] in hundredths, sometimes any decimal.
fn fraction(u: &mut Unstructured<'_>) -> arbitrary::Result<Decimal> {
    if u.ratio(1, 8)? {
        return decimal(u);
    }
    Ok(Decimal::new(i64::from(u.int_in_range(0u8..=100)?), 2))
}

#[derive(Debug)]
struct Demand {
    contacts: Decimal,
    aht: Duration,
    concurrency: Option<Decimal>,
    per_contact: Option<Decimal>,
    fcr: Option<Decimal>,
}

#[derive(Debug)]
struct Input {
    rate: Decimal,
    shrinkage: Decimal,
    occupancy: Decimal,
    channels: Vec<Demand>,
    pool: Decimal,
    agent_time: bool,
    places: u32,
    jpy: bool,
    contacts: f64,
    aht: Duration,
    interval: Duration,
    model: Model,
    targets: Targets,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=8)?;
        let mut channels = Vec::with_capacity(n);
        for _ in 0..n {
            let Dur(aht) = u.arbitrary()?;
            channels.push(Demand {
                contacts: decimal(u)?,
                aht,
                concurrency: if u.arbitrary()? {
                    Some(decimal(u)?)
                } else {
                    None
                },
                per_contact: if u.arbitrary()? {
                    Some(decimal(u)?)
                } else {
                    None
                },
                fcr: if u.arbitrary()? {
                    Some(fraction(u)?)
                } else {
                    None
                },
            });
        }
        let places = if u.ratio(1, 8)? {
            u.arbitrary()?
        } else {
            u.int_in_range(0..=4)?
        };
        let (Real(contacts), Dur(aht), Dur(interval)) = u.arbitrary()?;
        Ok(Self {
            rate: decimal(u)?,
            shrinkage: fraction(u)?,
            occupancy: fraction(u)?,
            channels,
            pool: decimal(u)?,
            agent_time: u.arbitrary()?,
            places,
            jpy: u.arbitrary()?,
            contacts,
            aht,
            interval,
            model: model(u)?,
            targets: FuzzTargets::arbitrary(u)?.0,
        })
    }
}

fn channels(input: &Input, currency: Currency) -> Vec<ChannelDemand> {
    let kinds = Channel::ALL;
    input
        .channels
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let kind = kinds[i % kinds.len()];
            let mut d = ChannelDemand::new(kind, c.contacts, c.aht).ok()?;
            if let Some(k) = c.concurrency {
                d = d.with_concurrency(k).ok()?;
            }
            if let Some(p) = c.per_contact {
                d = d.with_cost_per_contact(Money::new(p, currency)).ok()?;
            }
            if let Some(f) = c.fcr {
                d = d.with_fcr(f).ok()?;
            }
            Some(d)
        })
        .collect()
}

/// Whether `amount` is a whole number of units at `places` decimal places.
fn whole_units(amount: Decimal, places: u32) -> bool {
    amount.normalize().scale() <= places
}

/// `amount` in exact units of `10^-places` (`None` past `i128`): a sum of
/// decimals rounds once it needs more than 28 digits, these do not.
fn units(amount: Decimal, places: u32) -> Option<i128> {
    let n = amount.normalize();
    let up = places.checked_sub(n.scale())?;
    n.mantissa().checked_mul(10i128.checked_pow(up)?)
}

fuzz_target!(|input: Input| {
    let currency = if input.jpy {
        Currency::new("JPY").unwrap()
    } else {
        Currency::USD
    };

    // Cost per contact by channel.
    if let (Ok(shrinkage), Ok(occupancy)) = (
        Shrinkage::new(input.shrinkage),
        Occupancy::new(input.occupancy),
    ) && let Ok(hourly) =
        HourlyCosts::new(Money::new(input.rate, currency), shrinkage, occupancy)
    {
        let demand = channels(&input, currency);
        let basis = if input.agent_time {
            AllocationBasis::AgentTime
        } else {
            AllocationBasis::HandleTime
        };
        let pool = Money::new(input.pool, currency);
        if let Ok(costs) = cost_by_channel(&hourly, &demand, pool, basis, input.places) {
            assert_eq!(costs.len(), demand.len());
            let mut shared = Some(0i128);
            for c in &costs {
                assert!(
                    whole_units(c.shared.amount(), input.places),
                    "share {} at {} places",
                    c.shared.amount(),
                    input.places
                );
                shared = shared
                    .zip(units(c.shared.amount(), input.places))
                    .and_then(|(a, b)| a.checked_add(b));
                assert!(c.labour.amount() >= Decimal::ZERO, "labour {:?}", c.labour);
                let total = c.labour.amount() + c.per_contact_costs.amount() + c.shared.amount();
                assert_eq!(c.total.amount(), total, "{c:?}");
            }
            if let (Some(sum), Some(pool_units)) = (shared, units(pool.amount(), input.places)) {
                assert_eq!(sum, pool_units, "shares of {pool:?}");
            }
        }
    }

    // One interval of staffing cost.
    let Ok(shrinkage) = Shrinkage::new(input.shrinkage) else {
        return;
    };
    let Ok(model_cost) = StaffingCost::new(
        Money::new(input.rate, currency),
        shrinkage,
        input.model,
        input.targets,
    ) else {
        return;
    };
    if let Ok(c) = model_cost.interval(input.contacts, input.aht, input.interval) {
        let (cost, work) = (c.cost.amount(), c.workload_cost.amount());
        assert!(cost >= Decimal::ZERO && work >= Decimal::ZERO, "{c:?}");
        // Occupancy <= 1 in exact arithmetic; the handled count comes from
        // an f64, so allow a relative 1e-12.
        let slack = cost * Decimal::new(1, 12);
        assert!(
            work <= cost + slack,
            "workload {work} above staffing {cost}: {c:?}"
        );
        assert_eq!(Ok(c.scheduled), shrinkage.gross_up(Decimal::from(c.agents)));
    }
});
