//! Batch solving: `solve_series` over a small series gives, interval by
//! interval, exactly what `agents_required` gives for that interval alone
//! (its warm start changes the speed, never the answer), or the same
//! error as the first interval that fails.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_core::chrono::DateTime;
use servops_core::{IntervalGrid, IntervalSeries};
use servops_fuzz::{Dur, FuzzTargets, Real, model};
use servops_queue::{Model, Targets, Workload, agents_required, solve_series};

const MAX_FUZZ_LOAD: f64 = 1e7;
const STEPS_MINUTES: [u64; 4] = [15, 30, 60, 5];

#[derive(Debug)]
struct Input {
    step_minutes: u64,
    work: Vec<(Real, Dur)>,
    model: Model,
    targets: Targets,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let step_minutes = STEPS_MINUTES[u.choose_index(STEPS_MINUTES.len())?];
        let len = u.int_in_range(0usize..=24)?;
        let mut work = Vec::with_capacity(len);
        // Smooth volumes (as in real days) or arbitrary ones.
        let smooth: bool = u.arbitrary()?;
        let base = f64::from(u.arbitrary::<u16>()?);
        for i in 0..len {
            let (Real(v), Dur(aht)) = (u.arbitrary()?, u.arbitrary()?);
            let v = if smooth {
                base * (1.0 + 0.5 * (i as f64 / 3.0).sin()) + v.abs() % 10.0
            } else {
                v
            };
            work.push((Real(v), Dur(aht)));
        }
        Ok(Self {
            step_minutes,
            work,
            model: model(u)?,
            targets: FuzzTargets::arbitrary(u)?.0,
        })
    }
}

fuzz_target!(|input: Input| {
    let start = DateTime::from_timestamp(1_767_225_600, 0).unwrap(); // 2026-01-01T00:00Z
    let step = Duration::from_secs(60 * input.step_minutes);
    let mut workloads = Vec::new();
    let mut noisy = false;
    for &(Real(contacts), Dur(aht)) in &input.work {
        let w = Workload::new(contacts, aht);
        let valid = contacts.is_finite() && contacts >= 0.0 && !(contacts > 0.0 && aht.is_zero());
        assert_eq!(
            w.is_ok(),
            valid,
            "Workload::new({contacts}, {aht:?}) = {w:?}"
        );
        if let Ok(w) = w {
            assert_eq!(w.contacts(), contacts);
            // Keep each run fast.
            if w.contacts() * w.aht().as_secs_f64() / step.as_secs_f64() > MAX_FUZZ_LOAD {
                return;
            }
            let traffic = w.traffic(step).unwrap();
            // With a patience above a million AHTs, Erlang A refuses agent
            // counts where agents x patience / AHT > 1e15, and whether a
            // solve meets such a count (and fails) depends on where its
            // search starts: the batch and the single solves may differ.
            if w.contacts() > 0.0 && servops_fuzz::extreme_patience(input.model, traffic.aht_secs())
            {
                return;
            }
            noisy |= servops_fuzz::noisy_erlang_a(&traffic, input.model, &input.targets);
            workloads.push(w);
        }
    }
    let grid = IntervalGrid::new(start, step, workloads.len()).unwrap();
    let series = IntervalSeries::new(grid, workloads).unwrap();
    let batch = solve_series(&series, input.model, &input.targets);
    let mut single = Vec::new();
    let mut first_error = None;
    for w in series.values() {
        let r = w
            .traffic(step)
            .and_then(|t| agents_required(&t, input.model, &input.targets));
        match r {
            Ok(s) => single.push(s),
            Err(e) => {
                first_error = Some(e);
                break;
            }
        }
    }
    match (batch, first_error) {
        (Ok(plan), None) => {
            assert_eq!(plan.grid(), series.grid());
            if !servops_fuzz::cap_at_resolution_limit(&input.targets) && !noisy {
                for (i, (b, s)) in plan.values().iter().zip(&single).enumerate() {
                    assert_eq!(
                        b.agents, s.agents,
                        "interval {i}: batch {b:?} vs single {s:?}"
                    );
                }
            }
        }
        (Err(e), Some(f)) => {
            // Target errors are reported before any interval is solved, so they may differ only in that.
            assert_eq!(
                std::mem::discriminant(&e),
                std::mem::discriminant(&f),
                "batch {e:?} vs single {f:?}"
            );
        }
        (Err(e), None) => {
            // An empty target set fails the batch even on an empty series.
            assert!(
                series.is_empty() && input.targets.is_empty()
                    || matches!(e, servops_queue::Error::TargetNotSupported { .. })
                        && series.is_empty(),
                "batch failed with {e:?}, every interval alone solves"
            );
        }
        (Ok(plan), Some(f)) => {
            panic!("batch solved {plan:?}, but an interval alone fails with {f:?}")
        }
    }
});
