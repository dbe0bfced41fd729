//! Input audit: extremes of the public API. Each test failed before the
//! fix it names; expected values are worked out by hand in the comments or
//! by brute-force enumeration. The agent-assignment tests build tours from
//! JSON and need the `serde` feature.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;
#[cfg(feature = "serde")]
use std::time::Instant;

use rust_decimal::Decimal;
#[cfg(feature = "serde")]
use servops_core::chrono::Weekday;
use servops_core::{IntervalGrid, IntervalSeries};
#[cfg(feature = "serde")]
use servops_schedule::{Agent, Tour, assign_agents};
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
        // Greedy proves nothing: its failure is a solver error.
        let expected = if method == Method::Greedy {
            matches!(r, Err(Error::Solver { .. }))
        } else {
            matches!(r, Err(Error::Infeasible { .. }))
        };
        assert!(
            expected,
            "{method:?}: {:?}",
            r.map(|s| (s.schedule.under.values().to_vec(), s.report.stop))
        );
    }
}

/// The greedy method honours the side constraints by not adding shifts; it
/// must then report that its cover failed (`Error::Solver`: greedy proves
/// nothing), the exact methods that no schedule exists. Three agents in each of
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
            let expected = if method == Method::Greedy {
                matches!(r, Err(Error::Solver { .. }))
            } else {
                matches!(r, Err(Error::Infeasible { .. }))
            };
            assert!(
                expected,
                "{method:?}: {:?}",
                r.map(|s| s.schedule.under.values().to_vec())
            );
        }
    }
}

/// A template minimum the greedy cover does not reach: one agent in each of
/// four hours, two-hour shifts, at least three of them. Three shifts
/// (cost 6) are a schedule, as `Method::Auto` finds; greedy covers with two
/// and used to call the problem infeasible.
#[test]
fn greedy_missing_a_minimum_does_not_claim_infeasibility() {
    let t = ShiftTemplate::builder("t")
        .span(m(120))
        .hourly_rate(Decimal::ONE)
        .build()
        .unwrap();
    let p = ScheduleProblem::builder(IntervalSeries::filled(grid(60, 4), 1.0), vec![t])
        .template_count("t", 3, None)
        .build()
        .unwrap();
    let r = solve(&p, &SolveOptions::default().with_method(Method::Greedy));
    assert!(matches!(r, Err(Error::Solver { .. })), "{r:?}");
    let s = solve(&p, &SolveOptions::default()).unwrap();
    assert_eq!(s.schedule.shifts.len(), 3);
    assert!(s.schedule.under.values().iter().all(|&u| u == 0.0));
}

/// A tour with no shifts (only its days off and hours matter to
/// `assign_agents`), built through its serde form.
#[cfg(feature = "serde")]
fn tour(days_off: &[&str], paid_hours: f64) -> Tour {
    serde_json::from_value(serde_json::json!({
        "shifts": [],
        "days_off": days_off,
        "paid_hours": paid_hours,
    }))
    .unwrap()
}

/// Many agents and few tours is the ordinary case (a centre's whole staff
/// against one week's tours). The matching used to be a dense square of the
/// larger count, O(n^3): 3,000 agents and no tours at all took 53 s and
/// allocated 72 MB (20,000 agents: 3.2 GB). Every agent is unassigned when
/// there are no tours; with two 40-hour tours, two of the 40-hour agents
/// take them.
#[cfg(feature = "serde")]
#[test]
fn many_agents_few_tours_is_fast() {
    let agents: Vec<Agent> = (0..4000)
        .map(|i| Agent::new(format!("a{i}"), if i % 2 == 0 { 32.0 } else { 40.0 }).unwrap())
        .collect();
    let started = Instant::now();
    let none = assign_agents(&[], &agents, 0.0).unwrap();
    assert!(none.assignments.is_empty());
    assert_eq!(none.unassigned_agents, (0..4000).collect::<Vec<_>>());
    let tours = [tour(&["Sat", "Sun"], 40.0), tour(&["Sun", "Mon"], 40.0)];
    let two = assign_agents(&tours, &agents, 0.0).unwrap();
    assert_eq!(two.assignments.len(), 2);
    assert!(two.unfilled_tours.is_empty());
    for &(a, _) in &two.assignments {
        assert_eq!(agents[a].contract_hours(), 40.0);
    }
    assert_eq!(two.unassigned_agents.len(), 3998);
    // Not asserted (speed is the benchmarks' business), but printed: the
    // O(l^3) matching took minutes here.
    eprintln!("assigned in {:?}", started.elapsed());
}

/// The documented order (most agents matched, then most preferred days off
/// granted, then least hours shortfall) checked by enumerating every
/// partial assignment, with more tours than agents and more agents than
/// tours.
#[cfg(feature = "serde")]
#[test]
fn assignment_matches_brute_force() {
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut seed = 7u64;
    let mut next = |k: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % k
    };
    for case in 0..60 {
        let (na, nt) = if case % 2 == 0 { (3, 5) } else { (5, 3) };
        let tours: Vec<Tour> = (0..nt)
            .map(|_| {
                let d = next(7) as usize;
                tour(
                    &[names[d], names[(d + 1) % 7]],
                    [32.0, 36.0, 40.0][next(3) as usize],
                )
            })
            .collect();
        let agents: Vec<Agent> = (0..na)
            .map(|i| {
                let avail: Vec<Weekday> = days.iter().copied().filter(|_| next(5) != 0).collect();
                let pref: Vec<Weekday> = days.iter().copied().filter(|_| next(3) == 0).collect();
                Agent::new(format!("a{i}"), [36.0, 40.0][next(2) as usize])
                    .unwrap()
                    .with_availability(&avail)
                    .with_preferred_days_off(&pref)
            })
            .collect();
        let flex = 4.0;
        // (granted, shortfall) of agent a on tour t, if it fits.
        let fit = |a: usize, t: usize| -> Option<(usize, f64)> {
            let (ag, tr) = (&agents[a], &tours[t]);
            let ok = days
                .iter()
                .all(|d| tr.days_off.contains(d) || ag.is_available(*d));
            let short = ag.contract_hours() - tr.paid_hours;
            if !ok || !(0.0..=flex).contains(&short) {
                return None;
            }
            let granted = tr.days_off.iter().filter(|d| ag.prefers_off(**d)).count();
            Some((granted, short))
        };
        // Brute force: every injective partial map agents -> tours.
        fn rec(
            a: usize,
            na: usize,
            nt: usize,
            used: &mut Vec<bool>,
            acc: (usize, usize, f64),
            fit: &dyn Fn(usize, usize) -> Option<(usize, f64)>,
            best: &mut (usize, usize, f64),
        ) {
            if a == na {
                let better = acc.0 > best.0
                    || (acc.0 == best.0 && acc.1 > best.1)
                    || (acc.0 == best.0 && acc.1 == best.1 && acc.2 < best.2 - 1e-9);
                if better {
                    *best = acc;
                }
                return;
            }
            rec(a + 1, na, nt, used, acc, fit, best);
            for t in 0..nt {
                if !used[t]
                    && let Some((g, s)) = fit(a, t)
                {
                    used[t] = true;
                    rec(
                        a + 1,
                        na,
                        nt,
                        used,
                        (acc.0 + 1, acc.1 + g, acc.2 + s),
                        fit,
                        best,
                    );
                    used[t] = false;
                }
            }
        }
        let mut best = (0, 0, 0.0);
        rec(
            0,
            na,
            nt,
            &mut vec![false; nt],
            (0, 0, 0.0),
            &fit,
            &mut best,
        );
        let got = assign_agents(&tours, &agents, flex).unwrap();
        let mut ours = (0, 0, 0.0);
        let mut seen_t = vec![false; nt];
        for &(a, t) in &got.assignments {
            let (g, s) = fit(a, t).expect("assigned pair fits");
            assert!(!seen_t[t]);
            seen_t[t] = true;
            ours = (ours.0 + 1, ours.1 + g, ours.2 + s);
        }
        assert_eq!(ours.0, best.0, "case {case}: matched");
        assert_eq!(ours.1, best.1, "case {case}: granted");
        assert!(
            (ours.2 - best.2).abs() < 1e-9,
            "case {case}: {ours:?} {best:?}"
        );
        assert_eq!(got.unassigned_agents.len(), na - ours.0);
        assert_eq!(got.unfilled_tours.len(), nt - ours.0);
    }
}

/// A rate so large that `rate x paid minutes` leaves the decimal range made
/// `shift_cost` saturate at `Decimal::MAX` without a word: 1e28 an hour for
/// two hours is 2e28 (representable), but the shift cost came out
/// 79228162514264337593543950335 and a roster of such shifts reported that
/// number as its cost while the solver's objective said 4.75e29. The
/// template is now refused.
#[test]
fn shift_cost_overflow_is_an_error() {
    let rate = Decimal::from_i128_with_scale(10i128.pow(28), 0);
    let err = ShiftTemplate::builder("t")
        .span(m(120))
        .hourly_rate(rate)
        .build()
        .map(|t| t.shift_cost());
    assert!(
        matches!(
            err,
            Err(Error::InvalidParameter {
                name: "hourly rate",
                ..
            })
        ),
        "{err:?}"
    );
    let err = ShiftTemplate::builder("t")
        .span(m(60))
        .hourly_rate(Decimal::ONE)
        .fixed_cost(Decimal::MAX)
        .build()
        .map(|t| t.shift_cost());
    assert!(
        matches!(
            err,
            Err(Error::InvalidParameter {
                name: "fixed cost",
                ..
            })
        ),
        "{err:?}"
    );
    // The largest costs that fit are kept exactly: 1e24 an hour for a
    // week (10,080 minutes) is 1.68e26.
    let t = ShiftTemplate::builder("t")
        .span(m(7 * 1440))
        .hourly_rate(Decimal::from_i128_with_scale(10i128.pow(24), 0))
        .build()
        .unwrap();
    assert_eq!(
        t.shift_cost(),
        Decimal::from_i128_with_scale(168 * 10i128.pow(24), 0)
    );
}

/// A tour's days off are a set of weekdays, as every tour the crate builds
/// has them: a serde form listing a day twice (which `assign_agents`
/// counted as two preferred days granted) is refused when it is read, and
/// so is one with more than seven entries; a list without repeats reads
/// as written.
#[cfg(feature = "serde")]
#[test]
fn deserialised_tour_with_repeated_days_off_is_refused() {
    let read = |days_off: &[&str]| {
        serde_json::from_value::<Tour>(serde_json::json!({
            "shifts": [],
            "days_off": days_off,
            "paid_hours": 40.0,
        }))
    };
    let err = read(&["Sat", "Sat"]).unwrap_err().to_string();
    assert!(err.contains("days off"), "{err}");
    assert!(read(&["Sat", "Sun", "Sat"]).is_err());
    let all = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon"];
    assert!(read(&all).is_err());
    let ok = read(&["Sat", "Sun"]).unwrap();
    assert_eq!(ok.days_off, vec![Weekday::Sat, Weekday::Sun]);
    assert_eq!(ok.paid_hours, 40.0);
}
