//! The soft objective's cost tie-break does not depend on the currency
//! unit: scaling every cost by a positive factor (euros to cents, cents to
//! euros) gives the same roster, its cost times the factor, and the same
//! objective.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    Method, Objective, ScheduleProblem, ShiftTemplate, SoftObjective, SolveOptions, solve,
};

fn h(x: u64) -> Duration {
    Duration::from_secs(3600 * x)
}

/// Four hourly intervals needing 1, 1, 1 and 0.01 agents; a 3-hour and a
/// 4-hour template at `rate` an hour; under-staffing weighs 1 per
/// agent-hour, over-staffing nothing.
///
/// By hand: the 4-hour shift from 08:00 covers everything (under 0, over
/// 0.99 at weight 0): staffing 0. The best 3-hour roster (08:00-11:00)
/// leaves 0.01 agent-hours short: staffing 0.01. Every other roster is
/// short by at least that much or costs more for no less staffing. The
/// unique optimum, lexicographically (staffing first, cost second), is the
/// single 4-hour shift at 08:00, cost 4 x rate, objective 0 plus the
/// tie-break.
fn problem(rate: Decimal) -> ScheduleProblem {
    let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), h(1), 4).unwrap();
    let req = IntervalSeries::new(grid, vec![1.0, 1.0, 1.0, 0.01]).unwrap();
    let three = ShiftTemplate::builder("three")
        .span(h(3))
        .hourly_rate(rate)
        .build()
        .unwrap();
    let four = ShiftTemplate::builder("four")
        .span(h(4))
        .hourly_rate(rate)
        .build()
        .unwrap();
    ScheduleProblem::builder(req, vec![three, four])
        .objective(Objective::UnderOver(SoftObjective::new(1.0, 0.0).unwrap()))
        .build()
        .unwrap()
}

#[test]
fn soft_roster_is_the_same_in_euros_cents_and_hundreds() {
    // 200 an hour in euros; 20,000 in cents; 2 in hundreds of euros. With
    // an absolute tie-break of 1e-6 x cost, the 3-hour shift's saving of
    // one hour's pay (1e-6 x 20,000 = 0.02) outweighed its 0.01
    // agent-hours short in cents, and the roster changed with the unit.
    let base = Decimal::new(200, 0);
    let methods = [Method::Auto, Method::Heuristic, Method::Greedy];
    for method in methods {
        let options = SolveOptions::default().with_method(method);
        let reference = solve(&problem(base), &options).unwrap();
        for factor in [Decimal::ONE, Decimal::new(100, 0), Decimal::new(1, 2)] {
            let s = solve(&problem(base * factor), &options).unwrap();
            let roster: Vec<(&str, usize)> = s
                .schedule
                .shifts
                .iter()
                .map(|x| (x.template.as_str(), x.start_index))
                .collect();
            assert_eq!(roster, vec![("four", 0)], "{method:?} x {factor}");
            assert_eq!(s.schedule.cost, Decimal::new(800, 0) * factor, "{method:?}");
            assert_eq!(s.schedule.under_hours(), 0.0, "{method:?} x {factor}");
            let (a, b) = (s.report.objective, reference.report.objective);
            assert!(
                (a - b).abs() <= 1e-12 * b.abs().max(1e-6),
                "{method:?} x {factor}: objective {a} vs {b}"
            );
        }
    }
}

#[test]
fn soft_roster_does_not_depend_on_the_weights_unit() {
    // Four hourly intervals needing 1, 1, 1, 0.5 agents; a 2-hour template
    // at 10 an hour. Staffing first: two shifts (08:00 and 10:00) leave
    // nothing short (over 0.5 agent-hours at weight 0); one shift leaves 2
    // or 1.5 agent-hours short, none 3.5. The unique optimum is the two
    // shifts, cost 40, whatever unit the weights are in. Before, with
    // weights of 1e-9 or 1e-300 per agent-hour, the 1e-6 x cost / 20 tie-break
    // of a shift (1e-6) outweighed an agent-hour short and the roster was
    // empty.
    let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), h(1), 4).unwrap();
    let req = IntervalSeries::new(grid, vec![1.0, 1.0, 1.0, 0.5]).unwrap();
    let two = ShiftTemplate::builder("two")
        .span(h(2))
        .hourly_rate(Decimal::new(10, 0))
        .build()
        .unwrap();
    for w in [1.0, 1e-9, 1e-300, 1e6] {
        let soft = SoftObjective::new(w, 0.0).unwrap();
        let p = ScheduleProblem::builder(req.clone(), vec![two.clone()])
            .objective(Objective::UnderOver(soft))
            .build()
            .unwrap();
        // The tie-break weight scales with the staffing weight.
        let expected = 1e-6 * w / 20.0;
        assert!(
            (p.soft_cost_weight() - expected).abs() <= 1e-15 * expected,
            "weight {w}"
        );
        let s = solve(&p, &SolveOptions::default()).unwrap();
        let mut starts: Vec<usize> = s.schedule.shifts.iter().map(|x| x.start_index).collect();
        starts.sort_unstable();
        assert_eq!(starts, vec![0, 2], "weight {w}");
        assert_eq!(s.schedule.cost, Decimal::new(40, 0));
        assert_eq!(s.schedule.under_hours(), 0.0);
    }
}
