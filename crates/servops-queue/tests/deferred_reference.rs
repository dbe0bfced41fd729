//! The deferred-work model against an independent discrete simulation.
//!
//! `tests/data/deferred_reference.csv` is written by
//! `gen/deferred_reference.py` (numpy only, no crate code): every item is
//! split into `k` small items that arrive one by one and are served FIFO by
//! one server working at the team's rate, an exact event simulation of the
//! discrete queue, run at `k` and `2k`. The file holds the `2k` values and a
//! tolerance `3 |v_2k - v_k|` plus a floor (two small items, or the widest
//! slot between small items for times), which bounds the distance to the
//! fluid limit. Every value `simulate`, `attainment` and
//! `response_quantile_secs` return must lie within that tolerance. The inputs of each scenario are in the same file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test support code

use servops_queue::{DeferredWorkload, InitialBacklog};
use std::collections::BTreeMap;
use std::time::Duration;

const CSV: &str = include_str!("data/deferred_reference.csv");

#[derive(Default)]
struct Scenario {
    scalars: BTreeMap<String, f64>,
    /// kind -> index -> (value, tolerance)
    series: BTreeMap<String, BTreeMap<usize, (f64, f64)>>,
}

impl Scenario {
    fn values(&self, kind: &str) -> Vec<f64> {
        self.series
            .get(kind)
            .map(|m| m.values().map(|&(v, _)| v).collect())
            .unwrap_or_default()
    }
    fn get(&self, kind: &str, index: usize) -> (f64, f64) {
        self.series[kind][&index]
    }
}

fn scenarios() -> BTreeMap<String, Scenario> {
    let mut out: BTreeMap<String, Scenario> = BTreeMap::new();
    for line in CSV.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 5, "{line}");
        let sc = out.entry(f[0].to_string()).or_default();
        let index: usize = f[2].parse().unwrap();
        let value: f64 = f[3].parse().unwrap();
        let tol: f64 = f[4].parse().unwrap();
        match f[1] {
            "interval" | "aht" | "share" => {
                sc.scalars.insert(f[1].to_string(), value);
            }
            kind => {
                sc.series
                    .entry(kind.to_string())
                    .or_default()
                    .insert(index, (value, tol));
            }
        }
    }
    out
}

fn check(actual: f64, (expected, tol): (f64, f64), what: &str, worst: &mut f64) {
    let err = (actual - expected).abs();
    assert!(
        err <= tol,
        "{what}: got {actual}, simulation {expected} +- {tol} (error {err})"
    );
    if tol > 0.0 {
        *worst = worst.max(err / tol);
    }
}

#[test]
fn fluid_model_matches_small_item_simulation() {
    let all = scenarios();
    assert_eq!(all.len(), 3);
    let mut checked = 0;
    let mut worst = 0.0_f64;
    for (name, sc) in &all {
        let secs = |k: &str| Duration::from_secs_f64(sc.scalars[k]);
        let mut backlog = InitialBacklog::new();
        for (items, age) in sc
            .values("cohort_items")
            .into_iter()
            .zip(sc.values("cohort_age"))
        {
            backlog = backlog
                .with_cohort(items, Duration::from_secs_f64(age))
                .unwrap();
        }
        let work = DeferredWorkload::new(&sc.values("arrivals"), secs("interval"), secs("aht"))
            .unwrap()
            .with_backlog(backlog)
            .unwrap()
            .with_productive_share(sc.scalars["share"])
            .unwrap();
        let run = work.simulate(&sc.values("staff")).unwrap();
        for (i, iv) in run.intervals().iter().enumerate() {
            let what = |k: &str| format!("{name} {k}[{i}]");
            check(
                iv.handled,
                sc.get("handled", i),
                &what("handled"),
                &mut worst,
            );
            check(
                iv.backlog,
                sc.get("backlog", i),
                &what("backlog"),
                &mut worst,
            );
            let (age, tol) = sc.get("oldest_age", i);
            match iv.oldest_age_secs {
                Some(a) => check(a, (age, tol), &what("oldest_age"), &mut worst),
                // The simulation may still hold the last small item in service.
                None => assert!(age < 0.0 || sc.get("backlog", i).0 <= sc.get("backlog", i).1),
            }
            checked += 3;
        }
        check(run.completed(), sc.get("completed", 0), name, &mut worst);
        let mean = run.mean_response_secs().unwrap();
        check(
            mean,
            sc.get("mean_response", 0),
            &format!("{name} mean"),
            &mut worst,
        );
        checked += 2;
        // The shares q of `gen/deferred_reference.py`'s QUANTILES.
        for (m, q) in [0.5, 0.8, 0.9, 0.95, 1.0].into_iter().enumerate() {
            let got = run.response_quantile_secs(q).unwrap().unwrap();
            check(
                got,
                sc.get("response_quantile", m),
                &format!("{name} response quantile {q}"),
                &mut worst,
            );
            checked += 1;
        }
        for (m, d) in sc.values("within").into_iter().enumerate() {
            let got = run.attainment(Duration::from_secs_f64(d)).unwrap();
            check(
                got.met,
                sc.get("met", m),
                &format!("{name} met within {d}"),
                &mut worst,
            );
            check(
                got.unfinished_late,
                sc.get("unfinished_late", m),
                &format!("{name} unfinished late {d}"),
                &mut worst,
            );
            checked += 2;
        }
    }
    assert!(checked > 600, "{checked}");
    eprintln!("{checked} values checked; worst error / tolerance = {worst:.3}");
}
