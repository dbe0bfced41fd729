//! Cost per contact of a voice queue as volume grows, with the staffing
//! behind each number, and a deflection case that re-solves staffing.
//!
//! Run with `cargo run --example cost_per_contact -p servops-cost`.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_cost::{
    Currency, DeflectionCase, Irr, Money, Realisation, RoundingPolicy, Scenario, Shrinkage,
    StaffingCost,
};
use servops_queue::{Model, Targets, Workload};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cents = RoundingPolicy::CENTS;
    let per_paid_hour = Money::new(Decimal::new(40, 0), Currency::USD);
    let shrinkage = Shrinkage::new(Decimal::new(30, 2))?;
    let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
    let aht = Duration::from_secs(300);
    let half_hour = Duration::from_secs(1800);
    let cost = StaffingCost::new(per_paid_hour, shrinkage, Model::ErlangC, goal)?;

    println!("Voice queue, AHT 300 s, 80 % answered within 20 s (Erlang C),");
    println!("40.00 USD per paid hour, 30 % shrinkage, half-hour intervals\n");
    println!(
        "{:>9} {:>8} {:>6} {:>7} {:>9} {:>9} {:>10} {:>10} {:>10}",
        "contacts",
        "erlangs",
        "agents",
        "SL",
        "occupancy",
        "scheduled",
        "cost",
        "per call",
        "floor"
    );
    for volume in [25.0, 100.0, 400.0, 800.0] {
        let c = cost.interval(volume, aht, half_hour)?;
        let per = c.cost_per_contact.ok_or("no contacts")?;
        let floor = c.workload_cost_per_contact.ok_or("no contacts")?;
        println!(
            "{:>9} {:>8.2} {:>6} {:>6.1}% {:>8.1}% {:>9.1} {:>10} {:>10} {:>10}",
            volume,
            volume * 300.0 / 1800.0,
            c.agents,
            100.0 * c.service_level.unwrap_or(f64::NAN),
            100.0 * c.occupancy,
            c.scheduled.round_dp(1),
            c.cost.rounded(cents).amount(),
            per.rounded(cents).amount(),
            floor.rounded(cents).amount(),
        );
    }
    println!("\n(\"floor\" is the workload cost at 100 % occupancy: 300/3600 x 40 / 0.7 = 4.76.)");

    // The same queue in Erlang A: callers abandon after 120 s on average, so
    // the 80/20 target (answered within 20 s over all offered) needs fewer
    // agents, and cost is per handled call.
    let patience = Duration::from_secs(120);
    let erlang_a = StaffingCost::new(per_paid_hour, shrinkage, Model::ErlangA { patience }, goal)?;
    println!("\nErlang A, mean patience 120 s:");
    println!(
        "{:>9} {:>6} {:>9} {:>9} {:>9} {:>10}",
        "contacts", "agents", "abandon", "handled", "occupancy", "per call"
    );
    for volume in [25.0, 100.0, 400.0, 800.0] {
        let c = erlang_a.interval(volume, aht, half_hour)?;
        let per = c.cost_per_contact.ok_or("no contacts")?;
        println!(
            "{:>9} {:>6} {:>8.2}% {:>9.2} {:>8.1}% {:>10}",
            volume,
            c.agents,
            100.0 * c.prob_abandon,
            c.handled.round_dp(2),
            100.0 * c.occupancy,
            per.rounded(cents).amount(),
        );
    }

    // Pooling: four queues of 100 calls against one queue of 400.
    let pool = cost.pooling(&[100.0; 4], aht, half_hour)?;
    println!(
        "\nPooling: 4 queues x 100 calls need {} agents ({} USD); pooled, {} agents ({} USD): saves {} USD per half hour",
        pool.separate_agents,
        pool.separate_cost.rounded(cents).amount(),
        pool.pooled.agents,
        pool.pooled.cost.rounded(cents).amount(),
        pool.saving.rounded(cents).amount(),
    );

    // Deflection: a bot contains 15 % of the 100 calls per half hour over a
    // 10-hour day; the calls that remain are harder, AHT 330 s.
    let start = Utc
        .with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
        .single()
        .ok_or("bad date")?;
    let grid = IntervalGrid::new(start, half_hour, 20)?;
    let day = IntervalSeries::filled(grid, Workload::new(100.0, aht)?);
    let bot = Scenario::new()
        .with_deflection(Decimal::new(15, 2))?
        .with_residual_aht(Duration::from_secs(330))?;
    let cmp = cost.compare(&day, &bot)?;
    let per = |m: Option<Money>| m.map(|m| m.rounded(cents).amount().to_string());
    println!(
        "\nDeflection of 15 % (residual AHT 330 s), a 10-hour day of 100 calls per half hour:"
    );
    println!(
        "  baseline: {} calls, {} agents per interval, {} USD, {} USD per call",
        cmp.baseline.offered,
        cmp.baseline.intervals[0].agents,
        cmp.baseline.cost.rounded(cents).amount(),
        per(cmp.baseline.cost_per_contact).unwrap_or_default(),
    );
    println!(
        "  residual: {} calls, {} agents per interval, {} USD, {} USD per call",
        cmp.scenario.offered,
        cmp.scenario.intervals[0].agents,
        cmp.scenario.cost.rounded(cents).amount(),
        per(cmp.scenario.cost_per_contact).unwrap_or_default(),
    );
    println!(
        "  saving with staffing re-solved: {} USD a day; a proportional 15 % cut would claim {} USD",
        cmp.saving.rounded(cents).amount(),
        cmp.proportional_saving.rounded(cents).amount(),
    );

    // The business case: 22 such days a month, 24 months, the saving
    // realised only as surplus staff leave by 3 % monthly attrition.
    let headcount = cmp.baseline.intervals[0].scheduled;
    let surplus = headcount - cmp.scenario.intervals[0].scheduled;
    let usd = |v: i64, scale: u32| Money::new(Decimal::new(v, scale), Currency::USD);
    let case = DeflectionCase::from_comparison(&cmp, Decimal::new(22, 0), 24)?
        .with_implementation(usd(60_000, 0))?
        .with_platform_cost(usd(1_500, 0))?
        .with_usage_cost(usd(25, 2))?
        .with_realisation(Realisation::Attrition {
            headcount,
            surplus,
            rate: Decimal::new(3, 2),
        })?
        .with_discount_rate(Decimal::new(8, 3))?;
    let r = case.evaluate()?;
    println!(
        "\nBusiness case (60,000 USD to implement, 1,500 USD a month platform, 0.25 USD per contained call,"
    );
    println!(
        "saving realised by 3 %/month attrition of {} surplus staff, 0.8 %/month discount rate, 24 months):",
        surplus.round_dp(1)
    );
    println!(
        "  month 1 share realised {:.1} %, month 12 {:.1} %",
        100.0 * f64::try_from(r.realised_share[0])?,
        100.0 * f64::try_from(r.realised_share[11])?
    );
    println!("  NPV {} USD", r.npv.rounded(cents).amount());
    match r.irr {
        Irr::Unique(rate) => println!("  IRR {:.2} % a month", 100.0 * f64::try_from(rate)?),
        ref other => println!("  IRR {other:?}"),
    }
    match r.simple_payback {
        Some(p) => println!("  simple payback {} months", p.periods.round_dp(1)),
        None => println!("  never pays back"),
    }
    match r.discounted_payback {
        Some(p) => println!("  discounted payback {} months", p.periods.round_dp(1)),
        None => println!("  never pays back when discounted"),
    }
    if let Some(roi) = r.roi {
        println!("  ROI {:.1} %", 100.0 * f64::try_from(roi)?);
    }
    Ok(())
}
