//! Prints the solver's results on the benchmark family (ignored; run with
//! `--ignored --nocapture`; `ONLY=name` picks one instance, `SEED=n` the
//! seed), the table of docs/schedule.md. Every schedule passes the
//! independent checker, and no objective is below the HiGHS reference's
//! proven bound or its own reported bound (the gaps to the references are
//! asserted by `benchmark_family`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use servops_schedule::{SolveOptions, solve};

#[test]
#[ignore = "prints the benchmark table of docs/schedule.md; minutes in the test profile"]
fn table() {
    let only = std::env::var("ONLY").ok();
    let seed = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    for name in ["day30", "day15", "week30", "week15", "cyclic30"] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        for fixed in [false, true] {
            let p = common::problem(name, fixed);
            let s = solve(&p, &SolveOptions::default().with_seed(seed)).unwrap();
            common::checker::check(&p, &s.schedule);
            let r = s.report;
            if let Some((_, reference_bound, _)) = common::reference(name, fixed) {
                assert!(
                    r.objective >= reference_bound * (1.0 - 1e-9),
                    "{name}: {} below the proven bound {reference_bound}",
                    r.objective
                );
            }
            if let Some(bound) = r.bound {
                assert!(bound <= r.objective * (1.0 + 1e-12), "{name}");
            }
            println!(
                "{name} fixed={fixed}: {:.0} bound {:.0} gap {:.3} % in {:.2} s, {:?}, reference {:?}",
                r.objective,
                r.bound.unwrap_or(f64::NAN),
                r.gap.unwrap_or(f64::NAN) * 100.0,
                r.elapsed.as_secs_f64(),
                r.stop,
                common::reference(name, fixed).map(|x| x.0)
            );
        }
    }
}
