//! A small solve: a grid of at most 12 intervals, one or two templates with
//! at most one break, requirement values of any kind (NaN, negative, huge).
//! Building returns a typed error or a problem; solving (greedy, heuristic,
//! or the default method with its exact phase) returns a typed
//! error or a schedule whose coverage meets the requirement (cost
//! objective), whose bound does not exceed its objective and whose gap is
//! in [0, 1].
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_fuzz::Real;
use servops_schedule::{
    BreakRule, Horizon, Method, Pay, ScheduleProblem, ShiftTemplate, SolveOptions, solve,
};

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let step = [30u64, 60][u.int_in_range(0..=1usize)?];
    let len = u.int_in_range(1..=12usize)?;
    let Ok(grid) = IntervalGrid::new(
        "2026-03-02T08:00:00Z".parse().unwrap_or_default(),
        Duration::from_secs(step * 60),
        len,
    ) else {
        return Ok(());
    };
    let mut req = Vec::with_capacity(len);
    for _ in 0..len {
        req.push(if u.ratio(1u8, 10)? {
            Real::arbitrary(u)?.0
        } else {
            f64::from(u.int_in_range(0u8..=6)?)
        });
    }
    let mut templates = Vec::new();
    for i in 0..u.int_in_range(1..=2usize)? {
        let span = Duration::from_secs(step * 60 * u.int_in_range(1..=6u64)?);
        let mut b = ShiftTemplate::builder(format!("t{i}"))
            .span(span)
            .hourly_rate(servops_schedule::Decimal::from(u.int_in_range(1..=30u32)?));
        if u.arbitrary()? {
            let e = Duration::from_secs(60 * u.int_in_range(0..=120u64)?);
            let l = e + Duration::from_secs(60 * u.int_in_range(0..=120u64)?);
            if let Ok(r) = BreakRule::new(
                Duration::from_secs(60 * u.int_in_range(1..=60u64)?),
                Pay::Paid,
                e,
                l,
            ) {
                b = b.breaks(vec![r]);
            }
        }
        match b.build() {
            Ok(t) => templates.push(t),
            Err(_) => return Ok(()),
        }
    }
    let Ok(series) = IntervalSeries::new(grid, req.clone()) else {
        return Ok(());
    };
    let horizon = if u.arbitrary()? {
        Horizon::Cyclic
    } else {
        Horizon::Linear
    };
    let problem = match ScheduleProblem::builder(series, templates)
        .horizon(horizon)
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return Ok(());
        }
    };
    // Auto ends with the exact phase (or branch and bound) on these small
    // models.
    let method = [Method::Greedy, Method::Heuristic, Method::Auto][u.int_in_range(0..=2usize)?];
    let opts = SolveOptions::default()
        .with_time_limit(Duration::from_millis(200))
        .with_iterations(50)
        .with_method(method);
    match solve(&problem, &opts) {
        Ok(s) => {
            for (c, r) in s.schedule.coverage.values().iter().zip(&req) {
                assert!(c + 1e-6 >= *r, "coverage {c} below {r}");
            }
            if let Some(b) = s.report.bound {
                assert!(b <= s.report.objective + 1e-6);
            }
            if let Some(g) = s.report.gap {
                assert!((0.0..=1.0).contains(&g));
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
