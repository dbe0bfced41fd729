//! The benchmark family of `crates/servops-schedule/tests/data` (made by
//! `gen/instances.py`) as schedule problems, and its HiGHS references; shared
//! by the `schedule` and `tours` benches.

use std::time::Duration;

use rust_decimal::Decimal;
use serde_json::Value;
use servops_core::chrono::{NaiveTime, Weekday};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{BreakRule, Contract, Horizon, Pay, ScheduleProblem, ShiftTemplate};

fn data(name: &str) -> String {
    format!(
        "{}/../crates/servops-schedule/tests/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn mins(v: &Value) -> Duration {
    Duration::from_secs(v.as_u64().unwrap() * 60)
}

fn clock(v: &Value) -> NaiveTime {
    let m = v.as_u64().unwrap() as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap()
}

pub fn problem(name: &str, fixed_breaks: bool) -> ScheduleProblem {
    let inst: Value =
        serde_json::from_str(&std::fs::read_to_string(data(&format!("{name}.json"))).unwrap())
            .unwrap();
    let step = mins(&inst["step_minutes"]);
    let templates = inst["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let breaks = t["breaks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    let pay = if b["paid"].as_bool().unwrap() {
                        Pay::Paid
                    } else {
                        Pay::Unpaid
                    };
                    BreakRule::new(
                        mins(&b["length_minutes"]),
                        pay,
                        mins(&b["earliest_offset_minutes"]),
                        mins(&b["latest_offset_minutes"]),
                    )
                    .unwrap()
                    .with_step(mins(&b["step_minutes"]))
                    .unwrap()
                })
                .collect();
            let days: Vec<Weekday> = t["days"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().parse().unwrap())
                .collect();
            let contract = if t["part_time"].as_bool().unwrap() {
                Contract::PartTime
            } else {
                Contract::FullTime
            };
            let tpl = ShiftTemplate::builder(t["name"].as_str().unwrap())
                .span(mins(&t["span_minutes"]))
                .paid(mins(&t["paid_minutes"]))
                .start_window(
                    clock(&t["earliest_start_minute"]),
                    clock(&t["latest_start_minute"]),
                )
                .start_step(mins(&t["start_step_minutes"]))
                .days(&days)
                .hourly_rate(
                    t["hourly_rate"]
                        .as_str()
                        .unwrap()
                        .parse::<Decimal>()
                        .unwrap(),
                )
                .fixed_cost(
                    t["fixed_cost"]
                        .as_str()
                        .unwrap()
                        .parse::<Decimal>()
                        .unwrap(),
                )
                .contract(contract)
                .breaks(breaks)
                .build()
                .unwrap();
            if fixed_breaks {
                tpl.with_breaks_fixed_at_middle(step)
            } else {
                tpl
            }
        })
        .collect();
    let req: Vec<f64> = inst["requirement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let grid = IntervalGrid::new(
        inst["start"].as_str().unwrap().parse().unwrap(),
        step,
        req.len(),
    )
    .unwrap();
    let horizon = if inst["cyclic"].as_bool().unwrap() {
        Horizon::Cyclic
    } else {
        Horizon::Linear
    };
    ScheduleProblem::builder(IntervalSeries::new(grid, req).unwrap(), templates)
        .horizon(horizon)
        .build()
        .unwrap()
}

/// `(objective, bound, status)` of the HiGHS reference.
pub fn reference(name: &str, fixed: bool) -> (f64, f64, String) {
    let Ok(text) = std::fs::read_to_string(data("references.csv")) else {
        return (f64::NAN, f64::NAN, "missing".into());
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |h: &str| header.iter().position(|x| *x == h).unwrap();
    let kind = if fixed { "fixed_mid_window" } else { "placed" };
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        if f[col("instance")] == name && f[col("breaks")] == kind {
            return (
                f[col("objective")].parse().unwrap(),
                f[col("bound")].parse().unwrap(),
                f[col("status")].to_owned(),
            );
        }
    }
    (f64::NAN, f64::NAN, "missing".into())
}
