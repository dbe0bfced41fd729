//! The optimisers against brute-force enumeration in exact integer
//! arithmetic, on tiny instances whose shift costs are no decimals (a rate
//! for a number of minutes not a multiple of three, so each cost is
//! rounded to 28 digits) or are far from 1 (rates of 10^-12): the exact
//! solver's schedule costs exactly the enumerated minimum, the report
//! says so, and the heuristic always covers and never reports less.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::type_complexity
)]

mod common;

use std::time::Duration;

use proptest::prelude::*;
use rust_decimal::Decimal;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, Method, Pay, ScheduleProblem, ShiftTemplate, Solution, SolveOptions, StopReason,
    solve,
};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

/// A template: span in 20-minute intervals, hourly rate in cents (times
/// `10^-scale`), fixed cost in cents, and whether it has a paid 10-minute
/// break (half an interval) at 20 or 40 minutes after the start.
type Spec = (u32, i64, i64, bool);

/// Intervals of 20 minutes from 08:00 UTC.
const STEP: u32 = 20;

fn problem(req: &[u32], specs: &[Spec], scale: u32) -> ScheduleProblem {
    let grid = IntervalGrid::new(
        "2026-03-02T08:00:00Z".parse().unwrap(),
        m(u64::from(STEP)),
        req.len(),
    )
    .unwrap();
    let templates = specs
        .iter()
        .enumerate()
        .map(|(i, &(k, rate, fixed, brk))| {
            let mut b = ShiftTemplate::builder(format!("t{i}"))
                .span(m(u64::from(STEP * k)))
                .hourly_rate(Decimal::new(rate, 2 + scale))
                .fixed_cost(Decimal::new(fixed, 2 + scale));
            if brk {
                b = b.breaks(vec![
                    BreakRule::new(m(10), Pay::Paid, m(20), m(40))
                        .unwrap()
                        .with_step(m(20))
                        .unwrap(),
                ]);
            }
            b.build().unwrap()
        })
        .collect();
    let req = req.iter().map(|&r| f64::from(r)).collect();
    ScheduleProblem::builder(IntervalSeries::new(grid, req).unwrap(), templates)
        .build()
        .unwrap()
}

/// The least covering cost by enumeration, in units of `10^-(2 + scale)
/// / 60` (a shift costs `rate x minutes + 60 x fixed` units, an integer),
/// over every multiset of (template, start, break placement) with at most
/// `cap` of each; `None` when nothing covers. Coverage is counted in half
/// intervals, also integers.
fn enumerate(req: &[u32], specs: &[Spec], cap: u32) -> Option<i128> {
    let n = req.len();
    let mut items: Vec<(i128, Vec<i64>)> = Vec::new();
    for &(k, rate, fixed, brk) in specs {
        let span = k as usize;
        let cost = i128::from(rate) * i128::from(STEP * k) + 60 * i128::from(fixed);
        for s in 0..n {
            if s + span > n {
                continue;
            }
            // The break starts 20 or 40 minutes in: half of interval 1 or 2.
            let offsets: Vec<Option<usize>> = if brk {
                vec![Some(1), Some(2)]
            } else {
                vec![None]
            };
            for o in offsets {
                let mut cov = vec![0i64; n];
                for c in cov.iter_mut().skip(s).take(span) {
                    *c += 2;
                }
                if let Some(o) = o {
                    cov[s + o] -= 1;
                }
                items.push((cost, cov));
            }
        }
    }
    let need: Vec<i64> = req.iter().map(|&r| 2 * i64::from(r)).collect();
    fn go(
        items: &[(i128, Vec<i64>)],
        i: usize,
        cov: &mut Vec<i64>,
        cost: i128,
        need: &[i64],
        cap: u32,
        best: &mut Option<i128>,
    ) {
        if best.is_some_and(|b| cost >= b) {
            return;
        }
        if cov.iter().zip(need).all(|(c, r)| c >= r) {
            *best = Some(cost);
            return;
        }
        let Some((c, icov)) = items.get(i) else {
            return;
        };
        for k in 0..=cap {
            for (a, b) in cov.iter_mut().zip(icov) {
                *a += i64::from(k) * b;
            }
            go(items, i + 1, cov, cost + i128::from(k) * c, need, cap, best);
            for (a, b) in cov.iter_mut().zip(icov) {
                *a -= i64::from(k) * b;
            }
        }
    }
    let mut best = None;
    go(&items, 0, &mut vec![0; n], 0, &need, cap, &mut best);
    best
}

/// `units / (60 x 10^(2 + scale))` as a decimal, rounded to 28 digits.
fn units_to_decimal(units: i128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(units, 2 + scale) / Decimal::from(60)
}

/// Checks every shift is legal and recomputes the coverage (the checker's
/// per-shift and series checks; its total check sums rounded costs, which
/// these costs are not).
fn coverage(p: &ScheduleProblem, s: &Solution) -> Vec<f64> {
    let mut on = vec![0i64; p.requirement().len()];
    for shift in &s.schedule.shifts {
        common::checker::check_shift(p, shift, &mut on);
    }
    common::checker::check_series(
        p,
        &on,
        &s.schedule.coverage,
        &s.schedule.under,
        &s.schedule.over,
    )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        2u32..=4,
        prop::sample::select(vec![1000i64, 1001, 2000, 2050, 2125, 3333]),
        prop::sample::select(vec![0i64, 1, 500]),
        any::<bool>(),
    )
        // The break window needs a span of three intervals.
        .prop_map(|(k, rate, fixed, brk)| (k, rate, fixed, brk && k >= 3))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn optimisers_match_enumeration(
        req in prop::collection::vec(0u32..=2, 3..=5),
        specs in prop::collection::vec(spec(), 1..=2),
        tiny in any::<bool>(),
    ) {
        prop_assume!(req.iter().any(|&r| r > 0));
        let scale = if tiny { 12 } else { 0 };
        let best = enumerate(&req, &specs, 3);
        prop_assume!(best.is_some());
        let Some(best) = best else { unreachable!() };
        let exact_best = units_to_decimal(best, scale);
        let p = problem(&req, &specs, scale);
        let opts = SolveOptions::default().with_time_limit(Duration::from_secs(30)).with_gap_limit(0.0).unwrap();
        let s = solve(&p, &opts).unwrap();
        let cov = coverage(&p, &s);
        for (c, r) in cov.iter().zip(&req) {
            prop_assert!(*c + 1e-9 >= f64::from(*r));
        }
        prop_assert_eq!(s.report.stop, StopReason::Optimal);
        // Distinct totals differ by at least 10^-(14 + scale) / 60; the
        // rounding to 28 digits is below 10^-26.
        let tol = Decimal::new(1, 24);
        prop_assert!((s.schedule.cost - exact_best).abs() < tol, "auto {} enumerated {}", s.schedule.cost, exact_best);
        // The report's objective is the schedule's total, the bound equals
        // it and the gap is zero.
        let total = f64::try_from(s.schedule.cost).unwrap();
        prop_assert_eq!(s.report.objective, total);
        prop_assert_eq!(s.report.bound, Some(total));
        prop_assert_eq!(s.report.gap, Some(0.0));

        let h = solve(&p, &opts.with_method(Method::Heuristic)).unwrap();
        let cov = coverage(&p, &h);
        for (c, r) in cov.iter().zip(&req) {
            prop_assert!(*c + 1e-9 >= f64::from(*r));
        }
        prop_assert!(h.schedule.cost > exact_best - tol, "heuristic {} below {}", h.schedule.cost, exact_best);
        prop_assert_eq!(h.report.objective, f64::try_from(h.schedule.cost).unwrap());
        let bound = h.report.bound.unwrap();
        prop_assert!(bound <= f64::try_from(exact_best).unwrap(), "heuristic bound {} above {}", bound, exact_best);
        if h.report.stop == StopReason::Optimal {
            prop_assert!((h.schedule.cost - exact_best).abs() < tol);
        }
    }
}

/// Costs of 10^-11 a shift: two one-hour shifts at 10.00 x 10^-12 an
/// hour cover [2, 2, 0] (their breaks in the last interval), by hand
/// 2 x 10^-11. The solver's absolute tolerances (1e-9) saw every such
/// cost as nothing: it returned four shifts, 4 x 10^-11, as `Optimal`.
#[test]
fn tiny_costs_get_the_least_roster() {
    let p = problem(&[2, 2, 0], &[(3, 1000, 0, true)], 12);
    let s = solve(&p, &SolveOptions::default()).unwrap();
    assert_eq!(s.schedule.cost, Decimal::new(2, 11));
    assert_eq!(s.schedule.shifts.len(), 2);
    assert_eq!(s.report.stop, StopReason::Optimal);
    assert_eq!(s.report.objective, 2e-11);
    assert_eq!(s.report.bound, Some(2e-11));
}

/// Three 40-minute shifts at 10.01 an hour plus 5.00 cover [2, 0, 1]:
/// by hand 3 x (10.01 x 40 / 60 + 5) = 3 x 11.67333... = 35.02. The report
/// gave the float sum 35.019999999999996, and a bound below it with the
/// stop reason `Optimal`.
#[test]
fn report_gives_the_exact_total() {
    let p = problem(&[2, 0, 1], &[(2, 1001, 500, false)], 0);
    let s = solve(&p, &SolveOptions::default()).unwrap();
    assert_eq!(s.schedule.cost, Decimal::new(3502, 2));
    assert_eq!(s.report.stop, StopReason::Optimal);
    assert_eq!(s.report.objective, 35.02);
    assert_eq!(s.report.bound, Some(35.02));
    assert_eq!(s.report.gap, Some(0.0));
}

/// A problem on an hourly grid of `req.len()` intervals: templates
/// `(span in hours, rate)` with a paid 30-minute break from one hour in to
/// 90 minutes before the end, on a 30-minute step.
fn hourly(req: &[u32], spans: &[(u64, i64)], rate_times: Decimal, cyclic: bool) -> ScheduleProblem {
    let grid =
        IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(60), req.len()).unwrap();
    let templates = spans
        .iter()
        .enumerate()
        .map(|(i, &(h, rate))| {
            ShiftTemplate::builder(format!("t{i}"))
                .span(m(60 * h))
                .hourly_rate(Decimal::from(rate) * rate_times)
                .breaks(vec![
                    BreakRule::new(m(30), Pay::Paid, m(60), m(60 * h - 90))
                        .unwrap()
                        .with_step(m(30))
                        .unwrap(),
                ])
                .build()
                .unwrap()
        })
        .collect();
    let req = req.iter().map(|&r| f64::from(r)).collect();
    ScheduleProblem::builder(IntervalSeries::new(grid, req).unwrap(), templates)
        .horizon(if cyclic {
            servops_schedule::Horizon::Cyclic
        } else {
            servops_schedule::Horizon::Linear
        })
        .build()
        .unwrap()
}

/// Found with the proptest below: a cyclic day of 18 hours, 5-hour shifts
/// at 23 an hour. At 23 x 2^15 an hour (752,664, a rate in Vietnamese
/// dong or Iranian rials) the heuristic returned 12 shifts, 1380 x 2^15,
/// where at 23 it finds 11, 1265 (the LP bound, so optimal): the break
/// placement's tie-break (the most surplus left) was an absolute 1e-7 x
/// surplus on penalties of about 1e9, below their float spacing.
#[test]
fn dear_shifts_get_the_same_heuristic_schedule() {
    let req = [3, 4, 3, 1, 4, 4, 1, 4, 2, 1, 2, 1, 1, 0, 0, 4, 3, 4];
    let opts = SolveOptions::default().with_method(Method::Heuristic);
    for times in [1i64, 1 << 15] {
        let p = hourly(&req, &[(5, 23)], Decimal::from(times), true);
        let s = solve(&p, &opts).unwrap();
        assert_eq!(s.schedule.shifts.len(), 11, "rate 23 x {times}");
        assert_eq!(s.schedule.cost, Decimal::from(1265 * times));
    }
}

/// Found with the proptest below: a cyclic day of nine hours, 6-hour
/// shifts at 26 an hour (156) and 3-hour shifts at 18 (54), each with a
/// paid half-hour break. At 18 x 2^20 and 26 x 2^20 an hour the heuristic
/// returned 5 shifts, 372 x 2^20, where at 18 and 26 it returned 7, 378:
/// the dives' LP re-solves (microlp's simplex) compare reduced costs with an
/// absolute 1e-10, in its Harris ratio test too, so the costs' unit picked
/// a different one of two equally cheap vertices. By brute force (Python
/// depth-first search over every shift, start and break placement) the
/// least cost is 372: one 6-hour shift and four 3-hour ones; 378 is seven
/// 3-hour shifts.
#[test]
fn heuristic_gives_the_same_schedule_at_every_power_of_two() {
    let req = [3, 0, 1, 1, 3, 1, 1, 3, 0];
    let spans = [(6, 26), (3, 18)];
    let opts = SolveOptions::default().with_method(Method::Heuristic);
    let one = solve(&hourly(&req, &spans, Decimal::ONE, true), &opts).unwrap();
    let shape = |s: &Solution| {
        let mut v: Vec<(String, usize, Vec<String>)> = s
            .schedule
            .shifts
            .iter()
            .map(|x| {
                (
                    x.template.clone(),
                    x.start_index,
                    x.breaks.iter().map(|b| b.start.to_rfc3339()).collect(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let expected = shape(&one);
    for k in [10u32, 20, 30] {
        let times = Decimal::from(1i64 << k);
        let dear = solve(&hourly(&req, &spans, times, true), &opts).unwrap();
        assert_eq!(shape(&dear), expected, "x 2^{k}");
        assert_eq!(dear.schedule.cost, one.schedule.cost * times, "x 2^{k}");
        assert_eq!(dear.report.stop, one.report.stop, "x 2^{k}");
        let scale = 2f64.powi(k as i32);
        assert_eq!(
            dear.report.objective,
            one.report.objective * scale,
            "x 2^{k}"
        );
        assert_eq!(
            dear.report.bound.map(|b| b / scale),
            one.report.bound,
            "x 2^{k}"
        );
    }
    // The proven optimum is the brute force's 372, in either unit.
    for k in [0u32, 20] {
        let times = Decimal::from(1i64 << k);
        let s = solve(&hourly(&req, &spans, times, true), &SolveOptions::default()).unwrap();
        assert_eq!(s.schedule.cost, Decimal::from(372) * times, "x 2^{k}");
        assert_eq!(s.schedule.shifts.len(), 5);
        assert_eq!(s.report.stop, StopReason::Optimal);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Multiplying every rate by a power of two multiplies every float
    /// cost exactly, so the heuristic (its own seed and budgets) must give
    /// the same schedule in any currency unit: only absolute constants in
    /// cost units could tell the problems apart.
    #[test]
    fn heuristic_ignores_the_currency_unit(
        req in prop::collection::vec(0u32..=4, 8..=16),
        spans in prop::collection::vec((3u64..=7, 10i64..=30), 1..=2),
        cyclic in any::<bool>(),
        k in prop::sample::select(vec![10u32, 20, 30]),
    ) {
        prop_assume!(spans.iter().all(|&(h, _)| h as usize <= req.len()));
        prop_assume!(spans.len() < 2 || spans[0].0 != spans[1].0);
        let opts = SolveOptions::default().with_method(Method::Heuristic);
        let one = solve(&hourly(&req, &spans, Decimal::ONE, cyclic), &opts);
        let times = Decimal::from(1i64 << k);
        let dear = solve(&hourly(&req, &spans, times, cyclic), &opts);
        let (Ok(one), Ok(dear)) = (one, dear) else {
            prop_assert!(false, "a solve failed");
            unreachable!()
        };
        prop_assert_eq!(dear.schedule.cost, one.schedule.cost * times);
        prop_assert_eq!(dear.schedule.shifts.len(), one.schedule.shifts.len());
        prop_assert_eq!(dear.report.stop, one.report.stop);
    }
}
