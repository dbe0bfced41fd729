//! Input audit (session 18): extremes of the public API. Each test failed
//! before the fix it names; expected values are worked out by hand in the
//! comments or by brute-force enumeration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{Error, Method, ScheduleProblem, ShiftTemplate, SolveOptions, solve};

fn m(x: u64) -> Duration {
    Duration::from_secs(60 * x)
}

fn grid(step: u64, len: usize) -> IntervalGrid {
    IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(step), len).unwrap()
}

const METHODS: [Method; 4] = [
    Method::Greedy,
    Method::Heuristic,
    Method::Auto,
    Method::BranchAndBound,
];

/// A cost schedule that cannot cover the requirement is an error, whatever
/// the method. Two-hour shifts on three hourly intervals start at 0
/// (covering 0, 1) or at 1 (covering 1, 2). Requirement `[0.5, 1, 0.5]`:
/// interval 0 needs a shift starting at 0 and interval 2 one starting at
/// 1, so two shifts, but the template allows at most one. The LP relaxation
/// is feasible (half a shift at each start), the integer model is not.
/// Before the fix every method returned one shift with 0.5 agents short in
/// interval 2, and all but the greedy reported it `Optimal`.
#[test]
fn integer_infeasible_cover_is_an_error() {
    let t = ShiftTemplate::builder("a")
        .span(m(120))
        .hourly_rate(Decimal::ONE)
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(
        IntervalSeries::new(grid(60, 3), vec![0.5, 1.0, 0.5]).unwrap(),
        vec![t],
    )
    .template_count("a", 0, Some(1))
    .build()
    .unwrap();
    for method in METHODS {
        let r = solve(&p, &SolveOptions::default().with_method(method));
        assert!(
            matches!(r, Err(Error::Infeasible { .. })),
            "{method:?}: {:?}",
            r.map(|s| (s.schedule.under.values().to_vec(), s.report.stop))
        );
    }
}

/// The greedy method honours the side constraints by not adding shifts; it
/// must then report that the cover is impossible. Three agents in each of
/// four hours need at least six two-hour shifts; at most one is allowed.
/// Before the fix `Method::Greedy` returned one shift and 11 agent-hours
/// short (under `[2, 2, 3, 3]`); greedy with no starts allowed returned an
/// empty schedule.
#[test]
fn greedy_cover_blocked_by_side_constraints_is_an_error() {
    let t = ShiftTemplate::builder("t")
        .span(m(120))
        .hourly_rate(Decimal::ONE)
        .build()
        .unwrap();
    let req = IntervalSeries::filled(grid(60, 4), 3.0);
    let capped = ScheduleProblem::builder(req.clone(), vec![t.clone()])
        .template_count("t", 0, Some(1))
        .build()
        .unwrap();
    let no_starts = ScheduleProblem::builder(req, vec![t])
        .starts_per_interval(0, Some(0))
        .build()
        .unwrap();
    for p in [capped, no_starts] {
        for method in METHODS {
            let r = solve(&p, &SolveOptions::default().with_method(method));
            assert!(
                matches!(r, Err(Error::Infeasible { .. })),
                "{method:?}: {:?}",
                r.map(|s| s.schedule.under.values().to_vec())
            );
        }
    }
}
