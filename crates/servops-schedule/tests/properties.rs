//! Property tests on tiny random instances: the solver's schedule passes
//! the independent checker, covers the requirement, is never cheaper than
//! the brute-force optimum, equals it when reported optimal, and its bound
//! never exceeds it.

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
    BreakRule, Horizon, Objective, Pay, ScheduleProblem, ShiftTemplate, SoftObjective,
    SolveOptions, StopReason, solve,
};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

/// Brute force over every multiset of (start, break placement) shifts with
/// at most `cap` copies of each, on an hourly grid with 30-minute breaks.
/// Returns the least cost meeting the requirement, or `None` when there are
/// more than `MAX_ITEMS` kinds of shift: the enumeration is
/// `(cap + 1)^items` (16 kinds would be 4.3e9 combinations).
fn brute_force(
    req: &[f64],
    spans: &[(u64, u64, Option<(u64, u64)>)],
    cyclic: bool,
    cap: usize,
) -> Option<f64> {
    let n = req.len();
    // Items: (cost, coverage per interval).
    let mut items: Vec<(f64, Vec<f64>)> = Vec::new();
    for &(span_h, rate, brk) in spans {
        let span = span_h as usize;
        for s in 0..n {
            if !cyclic && s + span > n {
                continue;
            }
            let offsets: Vec<Option<u64>> = match brk {
                None => vec![None],
                Some((e, l)) => (e..=l).step_by(30).map(Some).collect(),
            };
            for o in offsets {
                let mut cov = vec![0.0; n];
                for k in 0..span {
                    cov[(s + k) % n] += 1.0;
                }
                if let Some(o) = o {
                    cov[(s + (o / 60) as usize) % n] -= 0.5;
                }
                items.push(((rate * span_h) as f64, cov));
            }
        }
    }
    const MAX_ITEMS: usize = 10;
    if items.len() > MAX_ITEMS {
        return None;
    }
    let mut best: Option<f64> = None;
    let mut counts = vec![0usize; items.len()];
    loop {
        let mut cov = vec![0.0; n];
        let mut cost = 0.0;
        for (c, (ic, icov)) in counts.iter().zip(&items) {
            cost += *c as f64 * ic;
            for (a, b) in cov.iter_mut().zip(icov) {
                *a += *c as f64 * b;
            }
        }
        if cov.iter().zip(req).all(|(c, r)| c + 1e-9 >= *r) && best.is_none_or(|b| cost < b) {
            best = Some(cost);
        }
        // Next combination.
        let mut i = 0;
        loop {
            if i == counts.len() {
                return best;
            }
            counts[i] += 1;
            if counts[i] <= cap {
                break;
            }
            counts[i] = 0;
            i += 1;
        }
    }
}

fn problem(
    req: &[f64],
    spans: &[(u64, u64, Option<(u64, u64)>)],
    cyclic: bool,
    objective: Objective,
) -> ScheduleProblem {
    let grid =
        IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(60), req.len()).unwrap();
    let templates = spans
        .iter()
        .enumerate()
        .map(|(i, &(h, rate, brk))| {
            let mut b = ShiftTemplate::builder(format!("t{i}"))
                .span(m(60 * h))
                .hourly_rate(Decimal::from(rate));
            if let Some((e, l)) = brk {
                b = b.breaks(vec![
                    BreakRule::new(m(30), Pay::Paid, m(e), m(l))
                        .unwrap()
                        .with_step(m(30))
                        .unwrap(),
                ]);
            }
            b.build().unwrap()
        })
        .collect();
    ScheduleProblem::builder(IntervalSeries::new(grid, req.to_vec()).unwrap(), templates)
        .horizon(if cyclic {
            Horizon::Cyclic
        } else {
            Horizon::Linear
        })
        .objective(objective)
        .build()
        .unwrap()
}

fn template_strategy() -> impl Strategy<Value = (u64, u64, Option<(u64, u64)>)> {
    (2u64..=3, 1u64..=3, prop::option::of(Just((60u64, 90u64))))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn matches_brute_force(
        req in prop::collection::vec(0u8..=2, 3..=4),
        spans in prop::collection::vec(template_strategy(), 1..=2),
        cyclic in any::<bool>(),
    ) {
        let req: Vec<f64> = req.into_iter().map(f64::from).collect();
        prop_assume!(req.iter().any(|&r| r > 0.0));
        let best = brute_force(&req, &spans, cyclic, 3);
        prop_assume!(best.is_some());
        let best = best.unwrap();
        let p = problem(&req, &spans, cyclic, Objective::Cost);
        let opts = SolveOptions::default().with_time_limit(Duration::from_secs(2)).with_gap_limit(0.0).unwrap();
        let s = solve(&p, &opts).unwrap();
        let checked = common::checker::check(&p, &s.schedule);
        for (c, r) in checked.coverage.iter().zip(&req) {
            prop_assert!(c + 1e-9 >= *r);
        }
        let ours = s.report.objective;
        prop_assert!(ours + 1e-9 >= best, "ours {} below brute force {}", ours, best);
        let bound = s.report.bound.unwrap();
        prop_assert!(bound <= best + 1e-9, "bound {} above optimum {}", bound, best);
        if s.report.stop == StopReason::Optimal {
            prop_assert!((ours - best).abs() < 1e-9, "optimal {} but brute force {}", ours, best);
        }
        // Tiny models go to the exact phase: unless it ran out of time,
        // the answer is exact and proven.
        if s.report.stop != StopReason::TimeLimit {
            prop_assert!((ours - best).abs() < 1e-9, "ours {} brute force {} ({:?})", ours, best, s.report.stop);
            prop_assert_eq!(s.report.stop, StopReason::Optimal);
            prop_assert_eq!(s.report.bound, Some(best));
        }
    }

    #[test]
    fn soft_objective_is_consistent(
        req in prop::collection::vec(0u8..=3, 3..=6),
        spans in prop::collection::vec(template_strategy(), 1..=2),
        budget in 0u8..=12,
    ) {
        let req: Vec<f64> = req.into_iter().map(f64::from).collect();
        let soft = SoftObjective::new(10.0, 1.0).unwrap().with_paid_hours_budget(f64::from(budget)).unwrap();
        let p = problem(&req, &spans, false, Objective::UnderOver(soft));
        let s = solve(&p, &SolveOptions::default().with_time_limit(Duration::from_secs(2))).unwrap();
        let checked = common::checker::check(&p, &s.schedule);
        prop_assert!(checked.paid_hours <= f64::from(budget) + 1e-9);
        let under: f64 = s.schedule.under_hours();
        let over: f64 = s.schedule.over_hours();
        let cost = f64::try_from(s.schedule.cost).unwrap();
        // The tie-break is 1e-6 x the smaller weight (1) per largest
        // template shift cost.
        let largest = p.templates().iter().map(|t| f64::try_from(t.shift_cost()).unwrap()).fold(0.0, f64::max);
        prop_assert_eq!(p.soft_cost_weight(), if largest > 0.0 { 1e-6 / largest } else { 1e-6 });
        let expected = 10.0 * under + over + p.soft_cost_weight() * cost;
        prop_assert!((s.report.objective - expected).abs() < 1e-6, "{} vs {}", s.report.objective, expected);
        prop_assert!(s.report.bound.unwrap() <= s.report.objective + 1e-9);
    }
}
