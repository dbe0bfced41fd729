//! An independent checker: recomputes coverage, under/over, paid hours and
//! cost from the returned shifts alone (their instants and template names),
//! and checks every shift and break is legal for its template. It uses only
//! the public inputs (requirement, templates, time zone, horizon), not the
//! solver's candidate lists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use rust_decimal::Decimal;
use servops_core::IntervalSeries;
use servops_core::chrono::{Datelike, Timelike};
use servops_schedule::{Horizon, Pay, Schedule, ScheduleProblem, ScheduledShift};

pub struct Checked {
    pub coverage: Vec<f64>,
    pub paid_hours: f64,
    pub cost: Decimal,
}

/// Checks one shift against its template (start on the grid, in the
/// window, on an allowed day and step; span; one break per rule, in its
/// window, on its step, not overlapping; paid hours; cost), adds its
/// on-phone minutes to `on` (per interval, wrapped on the horizon) and
/// returns its template's index, paid hours and cost.
pub fn check_shift(
    problem: &ScheduleProblem,
    s: &ScheduledShift,
    on: &mut [i64],
) -> (usize, f64, Decimal) {
    let grid = problem.requirement().grid();
    let n = grid.len() as i64;
    let step = i64::from(grid.step_minutes());
    let horizon_min = n * step;
    let tz = problem.time_zone();
    let (ti, t) = problem
        .templates()
        .iter()
        .enumerate()
        .find(|(_, t)| t.name() == s.template)
        .unwrap_or_else(|| panic!("unknown template {}", s.template));
    // Start on the grid, in the window, on an allowed day, on the step.
    let offset = (s.start - grid.start()).num_minutes();
    assert!(
        offset >= 0 && offset % step == 0 && offset < horizon_min,
        "start {}",
        s.start
    );
    assert_eq!(offset / step, s.start_index as i64, "start index");
    let local = s.start.with_timezone(&tz);
    let minute = local.hour() * 60 + local.minute();
    let (e, l) = t.start_window();
    let (e, l) = (e.hour() * 60 + e.minute(), l.hour() * 60 + l.minute());
    assert!(
        minute >= e && minute <= l,
        "start {minute} outside {e}..={l}"
    );
    let tstep = t
        .start_step()
        .map_or(step as u32, |d| (d.as_secs() / 60) as u32);
    assert_eq!((minute - e) % tstep, 0, "start off the template step");
    assert!(t.starts_on(local.weekday()), "start day");
    let span = (s.end - s.start).num_minutes();
    assert_eq!(span, t.span().as_secs() as i64 / 60, "span");
    if problem.horizon() == Horizon::Linear {
        assert!(offset + span <= horizon_min, "shift runs past the horizon");
    }
    // Breaks: one per rule, in order, inside the window, on the step.
    assert_eq!(s.breaks.len(), t.breaks().len());
    let mut unpaid = 0i64;
    let mut minute_on = vec![true; span as usize];
    for (b, rule) in s.breaks.iter().zip(t.breaks()) {
        let bo = (b.start - s.start).num_minutes();
        let len = (b.end - b.start).num_minutes();
        assert_eq!(len, rule.length().as_secs() as i64 / 60);
        assert_eq!(b.pay, rule.pay());
        let (be, bl) = (
            rule.earliest().as_secs() as i64 / 60,
            rule.latest().as_secs() as i64 / 60,
        );
        assert!(bo >= be && bo <= bl, "break at {bo} outside {be}..={bl}");
        let bstep = rule.step().map_or(step, |d| d.as_secs() as i64 / 60);
        assert_eq!((bo - be) % bstep, 0, "break off its step");
        for m in bo..bo + len {
            assert!(minute_on[m as usize], "breaks overlap");
            minute_on[m as usize] = false;
        }
        if rule.pay() == Pay::Unpaid {
            unpaid += len;
        }
    }
    for (m, &is_on) in minute_on.iter().enumerate() {
        if is_on {
            let abs = (offset + m as i64).rem_euclid(horizon_min);
            on[(abs / step) as usize] += 1;
        }
    }
    let paid_h = (span - unpaid) as f64 / 60.0;
    assert!((paid_h - s.paid_hours).abs() < 1e-12);
    let c = t.hourly_rate() * Decimal::from(span - unpaid) / Decimal::from(60) + t.fixed_cost();
    assert_eq!(c, s.cost);
    (ti, paid_h, c)
}

/// Checks the reported coverage, under and over series against the
/// on-phone minutes `on` recomputed by [`check_shift`]; returns the coverage.
pub fn check_series(
    problem: &ScheduleProblem,
    on: &[i64],
    coverage: &IntervalSeries<f64>,
    under: &IntervalSeries<f64>,
    over: &IntervalSeries<f64>,
) -> Vec<f64> {
    let req = problem.requirement();
    let step = f64::from(req.grid().step_minutes());
    let cov: Vec<f64> = on.iter().map(|&m| m as f64 / step).collect();
    for (j, (&c, &r)) in cov.iter().zip(req.values()).enumerate() {
        assert!((coverage.values()[j] - c).abs() < 1e-9, "coverage at {j}");
        assert!(
            (under.values()[j] - (r - c).max(0.0)).abs() < 1e-9,
            "under at {j}"
        );
        assert!(
            (over.values()[j] - (c - r).max(0.0)).abs() < 1e-9,
            "over at {j}"
        );
    }
    cov
}

pub fn check(problem: &ScheduleProblem, schedule: &Schedule) -> Checked {
    let mut on = vec![0i64; problem.requirement().len()]; // on-phone minutes per interval
    let mut paid_total = 0.0;
    let mut cost = Decimal::ZERO;
    let mut counts = vec![0usize; problem.templates().len()];
    for s in &schedule.shifts {
        let (ti, paid_h, c) = check_shift(problem, s, &mut on);
        counts[ti] += 1;
        paid_total += paid_h;
        cost += c;
    }
    let coverage = check_series(
        problem,
        &on,
        &schedule.coverage,
        &schedule.under,
        &schedule.over,
    );
    assert!((schedule.paid_hours - paid_total).abs() < 1e-6);
    assert_eq!(schedule.cost, cost);
    for ((name, k), t) in schedule.template_counts.iter().zip(problem.templates()) {
        assert_eq!(name, t.name());
        assert_eq!(
            *k,
            counts[problem
                .templates()
                .iter()
                .position(|u| u.name() == name)
                .unwrap()]
        );
    }
    Checked {
        coverage,
        paid_hours: paid_total,
        cost,
    }
}
