//! Template validation and candidate expansion: `ShiftTemplate` accepts
//! exactly the documented templates (paid time plus unpaid breaks equals
//! the span, break windows inside the span and in time order without
//! overlap), never panics, and expanding accepted templates on a small grid
//! either succeeds or returns a typed error.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_core::chrono::NaiveTime;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_fuzz::Dur;
use servops_schedule::{BreakRule, Horizon, Pay, ScheduleProblem, ShiftTemplate};

fn minutes(u: &mut Unstructured<'_>, max: u32) -> arbitrary::Result<Duration> {
    if u.ratio(1u8, 8)? {
        return Ok(Dur::arbitrary(u)?.0);
    }
    Ok(Duration::from_secs(
        u64::from(u.int_in_range(0..=max)?) * 60,
    ))
}

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let span = minutes(u, 900)?;
    let paid = if u.arbitrary()? {
        Some(minutes(u, 900)?)
    } else {
        None
    };
    let mut rules = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let pay = if u.arbitrary()? {
            Pay::Paid
        } else {
            Pay::Unpaid
        };
        let rule = BreakRule::new(minutes(u, 90)?, pay, minutes(u, 600)?, minutes(u, 600)?);
        let rule = match (rule, u.arbitrary::<bool>()?) {
            (Ok(r), true) => r.with_step(minutes(u, 60)?),
            (r, _) => r,
        };
        match rule {
            Ok(r) => {
                assert!(r.latest() >= r.earliest() && !r.length().is_zero());
                rules.push(r);
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    let e = NaiveTime::from_hms_opt(u.int_in_range(0..=23)?, u.int_in_range(0..=59)?, 0)
        .unwrap_or_default();
    let l = NaiveTime::from_hms_opt(u.int_in_range(0..=23)?, u.int_in_range(0..=59)?, 0)
        .unwrap_or_default();
    let mut b = ShiftTemplate::builder("t")
        .span(span)
        .start_window(e, l)
        .breaks(rules.clone());
    if let Some(p) = paid {
        b = b.paid(p);
    }
    if u.arbitrary()? {
        b = b.start_step(minutes(u, 120)?);
    }
    let t = match b.build() {
        Ok(t) => t,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return Ok(());
        }
    };
    let unpaid: Duration = rules
        .iter()
        .filter(|r| r.pay() == Pay::Unpaid)
        .map(|r| r.length())
        .sum();
    assert_eq!(t.paid() + unpaid, t.span());
    for r in t.breaks() {
        assert!(r.latest() + r.length() <= t.span());
    }
    for w in t.breaks().windows(2) {
        assert!(w[0].latest() + w[0].length() <= w[1].earliest());
    }
    // Expansion on a small grid.
    let step = [15u64, 30, 60][u.int_in_range(0..=2usize)?];
    let len = u.int_in_range(0..=96usize)?;
    let Ok(grid) = IntervalGrid::new(
        "2026-03-02T00:00:00Z".parse().unwrap_or_default(),
        Duration::from_secs(step * 60),
        len,
    ) else {
        return Ok(());
    };
    let horizon = if u.arbitrary()? {
        Horizon::Cyclic
    } else {
        Horizon::Linear
    };
    match ScheduleProblem::builder(IntervalSeries::filled(grid, 0.0), vec![t])
        .horizon(horizon)
        .build()
    {
        Ok(p) => {
            let _ = p.break_placement_count();
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
