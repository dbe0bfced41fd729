//! Three audits: totals of shift costs are exact (not the sum of rounded
//! shift costs), agent names are unique, and a tour's days off agree with
//! its shifts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use proptest::prelude::*;
use rust_decimal::Decimal;
use servops_core::chrono::NaiveTime;
use servops_core::chrono_tz::UTC;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::examples_support::week_of_tours;
use servops_schedule::{
    Agent, DaysOff, Error, Horizon, ScheduleProblem, ShiftTemplate, SolveOptions, TourPolicy,
    assign_agents, build_tours, solve, solve_tours,
};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

/// A week (Monday 2026-03-02, UTC) of 10-minute intervals needing one
/// agent from 08:00 to 16:10 on Monday, Tuesday and Wednesday, and an
/// 8 h 10 min template starting at 08:00 at 20 an hour.
fn three_long_days() -> ScheduleProblem {
    let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(10), 7 * 144).unwrap();
    let req = IntervalSeries::from_fn(grid, |i, _| {
        let (day, slot) = (i / 144, i % 144);
        if day < 3 && (48..48 + 49).contains(&slot) {
            1.0
        } else {
            0.0
        }
    });
    let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    let t = ShiftTemplate::builder("ft8h10")
        .span(m(490))
        .start_window(eight, eight)
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    ScheduleProblem::builder(req, vec![t]).build().unwrap()
}

/// Three shifts of 490 paid minutes at 20 an hour cost
/// 3 x 20 x 490 / 60 = 29,400 / 60 = 490 exactly (one shift, 490 / 3 =
/// 163.33..., is no decimal). The schedule's, the post-processed tours'
/// and the jointly solved tours' totals are all 490, not
/// 489.99999999999999999999999999 (the sum of three rounded shift costs).
#[test]
fn three_shifts_of_8h10_at_20_an_hour_cost_exactly_490() {
    let p = three_long_days();
    let s = solve(&p, &SolveOptions::default()).unwrap().schedule;
    assert_eq!(s.shifts.len(), 3);
    assert_eq!(s.cost, Decimal::from(490), "schedule: {}", s.cost);
    let policy = TourPolicy::new(3, DaysOff::Any, Duration::ZERO, 30.0).unwrap();
    let tours = build_tours(&s, &policy, UTC).unwrap();
    assert_eq!(tours.tours.len(), 1);
    assert_eq!(
        tours.cost,
        Decimal::from(490),
        "build_tours: {}",
        tours.cost
    );
    let joint = solve_tours(&p, &policy, &SolveOptions::default()).unwrap();
    assert_eq!(joint.tours.tours.len(), 1);
    assert_eq!(
        joint.tours.cost,
        Decimal::from(490),
        "solve_tours: {}",
        joint.tours.cost
    );
}

/// `num / den` rounded half to even to the most decimal places (at most
/// 28) whose mantissa fits a decimal's 96 bits: the exact value as a
/// decimal, or its correct rounding.
fn rounded(num: i128, den: i128) -> Decimal {
    assert!(num >= 0 && den > 0);
    let (q, r) = (num / den, num % den);
    for s in (0..=28u32).rev() {
        let p = 10i128.pow(s);
        let (mut f, rest) = ((r * p) / den, (r * p) % den);
        if 2 * rest > den || (2 * rest == den && f % 2 == 1) {
            f += 1;
        }
        let Some(mantissa) = q.checked_mul(p).and_then(|x| x.checked_add(f)) else {
            continue;
        };
        if let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, s) {
            return d;
        }
    }
    panic!("{num}/{den} is no decimal");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `n` back-to-back shifts of `span` minutes at a rate of `rate`
    /// ten-thousandths an hour plus a fixed cost of `fixed` cents: the
    /// schedule's total is `n (rate x span / 60 + fixed)` computed here in
    /// exact integers (ten-thousandths x 60), rounded once.
    #[test]
    fn schedule_total_is_the_exact_sum_rounded_once(
        n in 1usize..=12,
        span in 1u64..=48,
        rate in 0i64..=2_000_000,
        fixed in 0i64..=10_000,
    ) {
        let span = span * 10;
        let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse().unwrap(), m(10), n * span as usize / 10).unwrap();
        let t = ShiftTemplate::builder("t")
            .span(m(span))
            .hourly_rate(Decimal::new(rate, 4))
            .fixed_cost(Decimal::new(fixed, 2))
            .build()
            .unwrap();
        let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), vec![t])
            .horizon(Horizon::Linear)
            .build()
            .unwrap();
        let s = solve(&p, &SolveOptions::default()).unwrap().schedule;
        prop_assert_eq!(s.shifts.len(), n);
        // In ten-thousandths x 60: rate x span + 60 x fixed x 100, per shift.
        let num = n as i128 * (i128::from(rate) * i128::from(span) + 60 * 100 * i128::from(fixed));
        let want = rounded(num, 60 * 10_000);
        prop_assert_eq!(s.cost, want, "{} shifts of {} min at {} + {}", n, span, Decimal::new(rate, 4), Decimal::new(fixed, 2));
    }
}

/// Two agents named "Ana": the assignment's pairs name agents by index,
/// but a roster names them, so the second Ana is refused, named.
#[test]
fn duplicate_agent_names_are_refused() {
    let tours = week_of_tours().unwrap();
    let agents = vec![
        Agent::new("Ana", 40.0).unwrap(),
        Agent::new("Bo", 40.0).unwrap(),
        Agent::new("Ana", 32.0).unwrap(),
    ];
    let r = assign_agents(&tours.tours, &agents, 8.0);
    assert!(
        matches!(&r, Err(Error::DuplicateAgent { name }) if name == "Ana"),
        "{r:?}"
    );
    assert!(r.unwrap_err().to_string().contains("Ana"));
    let r = servops_schedule::baselines::assign_agents_hungarian(&tours.tours, &agents, 8.0);
    assert!(
        matches!(&r, Err(Error::DuplicateAgent { name }) if name == "Ana"),
        "{r:?}"
    );
    // Distinct names are fine.
    let agents = vec![
        Agent::new("Ana", 40.0).unwrap(),
        Agent::new("Bo", 40.0).unwrap(),
    ];
    assert_eq!(
        assign_agents(&tours.tours, &agents, 8.0)
            .unwrap()
            .assignments
            .len(),
        2
    );
}
