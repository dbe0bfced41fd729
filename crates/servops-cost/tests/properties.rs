//! Property tests of the model invariants.

use std::time::Duration;

use proptest::prelude::*;
use rust_decimal::Decimal;
use servops_cost::*;
use servops_queue::{Model, Targets};

fn money_cents() -> impl Strategy<Value = i64> {
    -10_000_000_000_i64..10_000_000_000
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Allocation never loses or invents a cent, and each part is within one
    /// minor unit of its exact proportional share.
    #[test]
    fn allocation_sums_to_pool(
        cents in money_cents(),
        weights in prop::collection::vec(0_u32..1_000_000, 1..40),
        dp in 0_u32..4,
    ) {
        prop_assume!(weights.iter().any(|&w| w > 0));
        let pool = Money::new(Decimal::new(cents, dp), Currency::USD);
        let w: Vec<Decimal> = weights.iter().map(|&x| Decimal::from(x)).collect();
        let parts = allocate(pool, &w, dp).unwrap();
        prop_assert_eq!(parts.len(), w.len());
        prop_assert_eq!(Money::sum(parts.iter().copied(), Currency::USD).unwrap(), pool);
        let total: Decimal = w.iter().sum();
        let unit = Decimal::new(1, dp);
        for (p, wi) in parts.iter().zip(&w) {
            let exact = pool.amount() * *wi / total;
            prop_assert!((p.amount() - exact).abs() < unit, "{} vs {}", p.amount(), exact);
            prop_assert_eq!((p.amount() / unit).fract(), Decimal::ZERO);
        }
    }

    /// Shared costs through the channel pipeline: the shares add up to the pool exactly.
    #[test]
    fn channel_pipeline_keeps_every_cent(
        pool_cents in 0_i64..1_000_000_000,
        volumes in prop::collection::vec((0_u32..100_000, 30_u64..1_800, 1_u32..4), 1..6),
    ) {
        prop_assume!(volumes.iter().any(|v| v.0 > 0));
        let hour = HourlyCosts::new(
            Money::new(Decimal::new(3_250, 2), Currency::USD),
            Shrinkage::new(Decimal::new(3, 1)).unwrap(),
            Occupancy::new(Decimal::new(85, 2)).unwrap(),
        ).unwrap();
        let channels: Vec<ChannelDemand> = volumes.iter().map(|&(n, aht, conc)| {
            ChannelDemand::new(servops_core::Channel::Chat, Decimal::from(n), Duration::from_secs(aht))
                .unwrap()
                .with_concurrency(Decimal::from(conc))
                .unwrap()
        }).collect();
        let pool = Money::new(Decimal::new(pool_cents, 2), Currency::USD);
        for basis in [AllocationBasis::HandleTime, AllocationBasis::AgentTime] {
            let costs = cost_by_channel(&hour, &channels, pool, basis, 2).unwrap();
            let shared = Money::sum(costs.iter().map(|c| c.shared), Currency::USD).unwrap();
            prop_assert_eq!(shared, pool);
            for c in &costs {
                let parts = c.labour.checked_add(c.per_contact_costs).unwrap().checked_add(c.shared).unwrap();
                prop_assert_eq!(parts, c.total);
            }
        }
    }

    /// NPV of a conventional investment (outflow then inflows) falls as the rate rises.
    #[test]
    fn npv_decreasing_in_rate_for_conventional_flows(
        invest in 1_i64..10_000_000,
        inflows in prop::collection::vec(0_i64..5_000_000, 1..60),
        r1 in -500_i64..5_000,
        dr in 1_i64..5_000,
    ) {
        prop_assume!(inflows.iter().any(|&x| x > 0));
        let mut flows = vec![Decimal::new(-invest, 2)];
        flows.extend(inflows.iter().map(|&x| Decimal::new(x, 2)));
        let f = CashFlows::new(flows, Currency::USD).unwrap();
        let lo = Decimal::new(r1, 3);
        let hi = Decimal::new(r1 + dr, 3);
        let a = npv(lo, &f, NpvConvention::FirstFlowAtTimeZero).unwrap();
        let b = npv(hi, &f, NpvConvention::FirstFlowAtTimeZero).unwrap();
        prop_assert!(b.amount() < a.amount(), "NPV({lo}) = {a}, NPV({hi}) = {b}");
    }

    /// NPV at each reported IRR is zero within the stated tolerance:
    /// 1e-9 of the present value of the absolute flows at that rate.
    #[test]
    fn irr_zeroes_npv(
        flows in prop::collection::vec(-1_000_000_i64..1_000_000, 2..30),
    ) {
        let f = CashFlows::new(flows.iter().map(|&x| Decimal::new(x, 2)).collect(), Currency::USD).unwrap();
        let magnitude = CashFlows::new(f.flows().iter().map(|d| d.abs()).collect(), Currency::USD).unwrap();
        let rates = match irr(&f).unwrap() {
            Irr::None => vec![],
            Irr::Unique(r) => vec![r],
            Irr::Multiple(rs) => { prop_assert!(rs.len() <= f.sign_changes()); rs }
            other => panic!("{other:?}"),
        };
        if f.sign_changes() == 1 {
            prop_assert_eq!(rates.len(), 1);
        }
        for r in rates {
            prop_assert!(r > Decimal::NEGATIVE_ONE);
            // A rate near -1 can make the present value leave the decimal
            // range (a typed overflow); the tolerance applies where it exists.
            if let (Ok(v), Ok(scale)) = (
                npv(r, &f, NpvConvention::FirstFlowAtTimeZero),
                npv(r, &magnitude, NpvConvention::FirstFlowAtTimeZero),
            ) {
                let tol = Decimal::new(1, 9) * scale.amount().max(Decimal::new(1, 2));
                prop_assert!(v.amount().abs() <= tol, "NPV({r}) = {} > {tol}", v.amount());
            }
        }
    }

    /// Every IRR is reported, wherever it lies: flows built from two chosen
    /// growth factors `g = 1 + r` in `[0.001, 1000]` (-99.9 % to 99,900 %),
    /// `-(g - g1)(g - g2) = -g^2 + (g1 + g2) g - g1 g2` as `CF_0, CF_1, CF_2`,
    /// give exactly those two rates.
    #[test]
    fn irr_reports_every_placed_root(
        g1 in 1_000_i64..1_000_000_000,
        g2 in 1_000_i64..1_000_000_000,
    ) {
        let (a, b) = (g1.min(g2), g1.max(g2));
        // Roots closer than the scan's grid step (0.0023 in ln g) are
        // found from the dip of |NPV| between grid points; below about
        // 1e-5 apart their f64 positions blur (an error near eps / gap).
        prop_assume!((b as f64 / a as f64).ln() > 1e-5);
        let (ga, gb) = (Decimal::new(a, 6), Decimal::new(b, 6));
        let flows = vec![Decimal::NEGATIVE_ONE, ga + gb, -(ga * gb)];
        let f = CashFlows::new(flows, Currency::USD).unwrap();
        let Irr::Multiple(rates) = irr(&f).unwrap() else {
            return Err(TestCaseError::fail(format!("{f:?}: not two rates")));
        };
        prop_assert_eq!(rates.len(), 2);
        for (r, g) in rates.iter().zip([ga, gb]) {
            let found = f64::try_from(Decimal::ONE + *r).unwrap();
            let g = f64::try_from(g).unwrap();
            prop_assert!((found - g).abs() <= 1e-9 * g, "1 + irr = {found}, placed {g}");
        }
    }

    /// Payback is the first period whose cumulative flow is back at or
    /// above zero after the first outlay (leading zeros are before the
    /// investment), interpolated inside that period; 0 when the first
    /// non-zero flow is an inflow; `None` only if the cumulative stays
    /// negative. At a rate >= 0 a conventional investment's discounted
    /// payback is never earlier than its simple payback.
    #[test]
    fn payback_is_the_first_recovery_after_the_outlay(
        zeros in 0_usize..4,
        flows in prop::collection::vec(-1_000_000_i64..1_000_000, 1..20),
        rate in 0_i64..500,
    ) {
        let mut all = vec![Decimal::ZERO; zeros];
        all.extend(flows.iter().map(|&x| Decimal::new(x, 2)));
        let f = CashFlows::new(all.clone(), Currency::USD).unwrap();
        let cumulative: Vec<Decimal> = all
            .iter()
            .scan(Decimal::ZERO, |c, &x| { *c += x; Some(*c) })
            .collect();
        let first = all.iter().position(|x| !x.is_zero());
        let p = simple_payback(&f);
        match first {
            None => prop_assert_eq!(p.map(|p| p.period), Some(0)),
            Some(t0) if all[t0] > Decimal::ZERO => prop_assert_eq!(p.map(|p| p.period), Some(0)),
            Some(t0) => {
                let recovered = (t0 + 1..all.len()).find(|&t| cumulative[t] >= Decimal::ZERO);
                prop_assert_eq!(p.map(|p| p.period), recovered);
                if let Some(p) = p {
                    let t = Decimal::from(p.period);
                    prop_assert!(p.periods > t - Decimal::ONE && p.periods <= t, "{p:?}");
                }
            }
        }
        // Conventional: one outlay, then inflows only.
        let outlay = -flows[0].abs() - 1;
        let mut conventional = vec![Decimal::ZERO; zeros];
        conventional.push(Decimal::new(outlay, 2));
        conventional.extend(flows[1..].iter().map(|&x| Decimal::new(x.abs(), 2)));
        let c = CashFlows::new(conventional, Currency::USD).unwrap();
        let simple = simple_payback(&c).map(|p| p.periods);
        let discounted = discounted_payback(&c, Decimal::new(rate, 3)).unwrap().map(|p| p.periods);
        match (simple, discounted) {
            (Some(s), Some(d)) => prop_assert!(d >= s, "discounted {d} < simple {s}"),
            (None, Some(d)) => return Err(TestCaseError::fail(format!("discounted {d} without simple"))),
            _ => {}
        }
    }

    /// Headcount invariant: next opening = opening - leavers + graduates, exactly;
    /// hires never negative; surplus and shortfall never both positive.
    #[test]
    fn plan_invariants(
        demand in prop::collection::vec(0_i64..50_000, 1..30),
        opening in 0_i64..50_000,
        attrition in 0_i64..300,
        recruiting in 0_u32..4,
        classroom in 0_u32..4,
        washout in 0_i64..500,
    ) {
        let months: Vec<PeriodDemand> = demand.iter().map(|&d| {
            PeriodDemand::new(Decimal::new(d, 2), Shrinkage::new(Decimal::new(3, 1)).unwrap(), Decimal::new(160, 0)).unwrap()
        }).collect();
        let plan = HeadcountPlan::new(months, Decimal::new(opening, 2), Currency::USD).unwrap()
            .with_attrition(AttritionRate::per_period_rate(Decimal::new(attrition, 3)).unwrap())
            .with_hiring(recruiting, classroom, Decimal::new(washout, 3)).unwrap()
            .with_ramp(Ramp::Linear { start: Decimal::new(5, 1), periods: 3 }).unwrap()
            .with_overtime(Decimal::new(5, 2), Decimal::new(5, 1)).unwrap()
            .with_costs(Money::new(Decimal::new(35, 0), Currency::USD), Money::new(Decimal::new(30, 0), Currency::USD), Money::new(Decimal::new(4_000, 0), Currency::USD)).unwrap()
            .run().unwrap();
        for w in plan.periods.windows(2) {
            prop_assert_eq!(w[1].opening_headcount, w[0].opening_headcount - w[0].leavers + w[0].graduates);
        }
        for p in &plan.periods {
            prop_assert_eq!(p.closing_headcount, p.opening_headcount - p.leavers + p.graduates);
            prop_assert!(p.hires >= Decimal::ZERO);
            prop_assert!(p.leavers >= Decimal::ZERO && p.graduates >= Decimal::ZERO);
            prop_assert!(p.surplus.is_zero() || p.unmet_fte.is_zero());
            prop_assert!(p.available_fte <= p.closing_headcount);
        }
    }

    /// The Erlang cost per contact is never below the pure workload cost
    /// (relative slack 1e-12 for the f64 abandonment probability).
    #[test]
    fn erlang_cost_never_below_workload_cost(
        contacts in 0.5_f64..3_000.0,
        aht in 30_u64..1_200,
        patience in prop::option::of(10_u64..900),
        shrink in 0_i64..60,
    ) {
        let model = match patience {
            None => Model::ErlangC,
            Some(p) => Model::ErlangA { patience: Duration::from_secs(p) },
        };
        let cost = StaffingCost::new(
            Money::new(Decimal::new(40, 0), Currency::USD),
            Shrinkage::new(Decimal::new(shrink, 2)).unwrap(),
            model,
            Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
        ).unwrap();
        let c = cost.interval(contacts, Duration::from_secs(aht), Duration::from_secs(1800)).unwrap();
        let cpc = c.cost_per_contact.unwrap().amount();
        let floor = c.workload_cost_per_contact.unwrap().amount();
        prop_assert!(cpc >= floor * (Decimal::ONE - Decimal::new(1, 12)), "{cpc} < {floor}");
        prop_assert!(c.cost.amount() >= c.workload_cost.amount() * (Decimal::ONE - Decimal::new(1, 12)));
    }

    /// Agents (and so cost) never fall as volume rises; cost per contact
    /// may (saw-tooth), so only the agent count is monotone.
    #[test]
    fn agents_monotone_in_volume(v in 1.0_f64..2_000.0, dv in 0.0_f64..200.0) {
        let cost = StaffingCost::new(
            Money::new(Decimal::new(40, 0), Currency::USD),
            Shrinkage::new(Decimal::new(3, 1)).unwrap(),
            Model::ErlangC,
            Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
        ).unwrap();
        let a = cost.interval(v, Duration::from_secs(300), Duration::from_secs(1800)).unwrap();
        let b = cost.interval(v + dv, Duration::from_secs(300), Duration::from_secs(1800)).unwrap();
        prop_assert!(b.agents >= a.agents);
        prop_assert!(b.cost.amount() >= a.cost.amount());
    }

    /// Rate conversions round-trip.
    #[test]
    fn rate_conversion_round_trips(r in -500_i64..3_000, n in 1_u32..60) {
        let annual = Decimal::new(r, 3);
        let p = annual_to_periodic_rate(annual, n).unwrap();
        let back = periodic_to_annual_rate(p, n).unwrap();
        prop_assert!((back - annual).abs() < Decimal::new(1, 20), "{annual} -> {p} -> {back}");
    }
}

/// The saw-tooth: cost per contact is not monotone in volume.
#[test]
fn cost_per_contact_saw_tooth_exists() {
    let cost = StaffingCost::new(
        Money::new(Decimal::new(40, 0), Currency::USD),
        Shrinkage::new(Decimal::new(3, 1)).unwrap(),
        Model::ErlangC,
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
    )
    .unwrap();
    let curve: Vec<Decimal> = (20..200)
        .map(|v| {
            cost.interval(
                f64::from(v),
                Duration::from_secs(300),
                Duration::from_secs(1800),
            )
            .unwrap()
            .cost_per_contact
            .unwrap()
            .amount()
        })
        .collect();
    assert!(curve.windows(2).any(|w| w[1] > w[0]), "no upward step");
    assert!(curve.windows(2).filter(|w| w[1] < w[0]).count() > curve.len() / 2);
}
