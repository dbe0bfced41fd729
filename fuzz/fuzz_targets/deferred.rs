//! Deferred work: `DeferredWorkload` and its backlog, goal and solver
//! methods never panic, accept exactly the documented inputs, and what they
//! return is consistent: no NaN, items conserved, the attainment partition
//! adds up, the just-in-time plan meets its goal (or an item that cannot is
//! named), and the constant level meets its goal while one agent fewer does
//! not. Item counts and times are relative to the workload's scale.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_fuzz::{Dur, Fraction, Real};
use servops_queue::{DeferredWorkload, Error, InitialBacklog, ResponseGoal};
use std::time::Duration;

const MAX_INTERVALS: usize = 48;

#[derive(Debug)]
struct Input {
    arrivals: Vec<f64>,
    interval: Duration,
    aht: Duration,
    cohorts: Vec<(f64, Duration)>,
    share: f64,
    staff: Vec<f64>,
    open: Vec<bool>,
    goal_share: f64,
    within: Duration,
}

/// Mostly well-formed numbers, sometimes anything.
fn count(u: &mut Unstructured<'_>) -> arbitrary::Result<f64> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => Real::arbitrary(u)?.0,
        1 => 0.0,
        _ => f64::from(u.int_in_range(0u16..=400)?) / 4.0,
    })
}

fn duration(u: &mut Unstructured<'_>) -> arbitrary::Result<Duration> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => Dur::arbitrary(u)?.0,
        _ => Duration::from_secs(u64::from(u.int_in_range(1u32..=200_000)?)),
    })
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=MAX_INTERVALS)?;
        let mut arrivals = Vec::with_capacity(n);
        let mut staff = Vec::with_capacity(n);
        let mut open = Vec::with_capacity(n);
        for _ in 0..n {
            arrivals.push(count(u)?);
            staff.push(count(u)?);
            open.push(u.ratio(3u8, 4u8)?);
        }
        // Sometimes a staff or mask of the wrong length.
        if u.ratio(1u8, 16u8)? {
            staff.push(1.0);
        }
        if u.ratio(1u8, 16u8)? {
            open.pop();
        }
        let mut cohorts = Vec::new();
        for _ in 0..u.int_in_range(0u8..=2)? {
            cohorts.push((count(u)?, duration(u)?));
        }
        Ok(Self {
            arrivals,
            interval: duration(u)?,
            aht: duration(u)?,
            cohorts,
            share: if u.arbitrary()? {
                1.0
            } else {
                Fraction::arbitrary(u)?.0
            },
            staff,
            open,
            goal_share: Fraction::arbitrary(u)?.0,
            within: duration(u)?,
        })
    }
}

fn finite_non_negative(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

fuzz_target!(|input: Input| {
    let work = match DeferredWorkload::new(&input.arrivals, input.interval, input.aht) {
        Ok(w) => {
            assert!(!input.arrivals.is_empty());
            assert!(input.arrivals.iter().all(|&a| finite_non_negative(a)));
            assert!(!input.interval.is_zero() && !input.aht.is_zero());
            w
        }
        Err(Error::InvalidParameter { .. }) => {
            assert!(
                input.arrivals.is_empty()
                    || input.interval.is_zero()
                    || input.aht.is_zero()
                    || input.arrivals.iter().any(|&a| !finite_non_negative(a))
                    || !input.arrivals.iter().sum::<f64>().is_finite()
            );
            return;
        }
        Err(e) => panic!("new: {e}"),
    };
    let mut backlog = InitialBacklog::new();
    for &(items, age) in &input.cohorts {
        match backlog.clone().with_cohort(items, age) {
            Ok(b) => backlog = b,
            Err(_) => {
                assert!(!finite_non_negative(items) || !(backlog.items() + items).is_finite())
            }
        }
    }
    let Ok(work) = work.with_backlog(backlog) else {
        return;
    };
    let work = match work.with_productive_share(input.share) {
        Ok(w) => {
            assert!(input.share > 0.0 && input.share <= 1.0);
            w
        }
        Err(_) => {
            assert!(!(input.share > 0.0 && input.share <= 1.0));
            return;
        }
    };
    let total = work.total_items();
    let tol = 1e-6 * total.max(1.0);
    let n = work.len();

    if let Ok(run) = work.simulate(&input.staff) {
        assert_eq!(input.staff.len(), n);
        assert!(run.completed() >= 0.0 && run.completed() <= total * (1.0 + 1e-12) + 1e-300);
        let mut handled = 0.0;
        for iv in run.intervals() {
            assert!(finite_non_negative(iv.backlog), "{iv:?}");
            assert!(finite_non_negative(iv.handled), "{iv:?}");
            assert!(iv.handled <= iv.capacity * (1.0 + 1e-9) + tol, "{iv:?}");
            if let Some(age) = iv.oldest_age_secs {
                assert!(!age.is_nan());
            }
            handled += iv.handled;
        }
        let last = run.intervals().last().map_or(0.0, |iv| iv.backlog);
        let scale = total.max(1.0);
        assert!(
            (handled / scale + last / scale - total / scale).abs() <= 1e-6,
            "{handled} + {last} vs {total}"
        );
        if let Some(mean) = run.mean_response_secs() {
            assert!(finite_non_negative(mean));
        }
        // Response-time quantiles: finite, rising with q, Some exactly when
        // something was completed; q outside (0, 1] is refused.
        let mut qs = [input.goal_share, 0.5, 0.9, 1.0];
        qs.sort_by(f64::total_cmp);
        let mut last = 0.0;
        for q in qs {
            match run.response_quantile_secs(q) {
                Ok(Some(t)) => {
                    assert!(finite_non_negative(t), "q {q}: {t}");
                    assert!(run.completed() > 0.0);
                    assert!(t >= last, "q {q}: {t} < {last}");
                    last = t;
                }
                Ok(None) => assert!(
                    run.completed() <= 1e-9 * total.max(1.0),
                    "q {q}: none of {} completed",
                    run.completed()
                ),
                Err(_) => assert!(!(q > 0.0 && q <= 1.0), "q {q} refused"),
            }
        }
        if let Ok(got) = run.attainment(input.within) {
            // Summed relative to the total, which can be near f64::MAX.
            let scale = total.max(1.0);
            let sum = got.met / scale
                + got.late_completed / scale
                + got.unfinished_late / scale
                + got.unfinished_on_time / scale;
            assert!((sum - total / scale).abs() <= 1e-6, "{got:?}");
            assert!(got.met >= 0.0 && got.unfinished_late >= 0.0);
        } else {
            assert!(input.within.is_zero());
        }
    } else {
        let (l, h) = (input.interval.as_secs_f64(), input.aht.as_secs_f64());
        let share = work.productive_share();
        assert!(
            input.staff.len() != n
                || input
                    .staff
                    .iter()
                    .any(|&s| !finite_non_negative(s) || !(s * (share * l / h)).is_finite())
        );
    }

    if input.open.len() != n || input.within.is_zero() {
        assert!(work.just_in_time_staff(input.within, &input.open).is_err());
        return;
    }
    let missed = work
        .unreachable_arrivals(input.within, &input.open)
        .unwrap();
    let missed: f64 = missed.iter().map(|m| m.items).sum();
    match work.just_in_time_staff(input.within, &input.open) {
        Ok(plan) => {
            assert_eq!(missed, 0.0, "unreachable items but a plan");
            assert!(plan.staff.iter().all(|&s| finite_non_negative(s)));
            let got = plan.projection.attainment(input.within).unwrap();
            // Rounding on extreme scales: allow a small share late.
            assert!(
                got.late_completed + got.unfinished_late <= 1e-6 * total.max(1.0),
                "{got:?}"
            );
        }
        Err(Error::Unreachable { max_agents }) => {
            assert!(max_agents.is_infinite());
        }
        Err(e) => panic!("just_in_time_staff: {e}"),
    }

    let Ok(goal) = ResponseGoal::new(input.goal_share, input.within) else {
        assert!(!(input.goal_share > 0.0 && input.goal_share <= 1.0));
        return;
    };
    match work.constant_staff(&goal, &input.open) {
        Ok(plan) => {
            assert!(plan.fractional <= f64::from(plan.agents) + 1e-9);
            if total > 0.0 {
                // Items waiting at the horizon but not yet due are carried over.
                let got = plan.projection.attainment(input.within).unwrap();
                let decided = total - got.unfinished_on_time;
                assert!(got.met >= goal.share() * decided - tol, "{got:?}");
            }
        }
        Err(Error::Unreachable { .. }) => {}
        Err(e) => panic!("constant_staff: {e}"),
    }
});
