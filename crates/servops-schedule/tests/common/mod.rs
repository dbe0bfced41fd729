//! Loads the benchmark instances written by `gen/instances.py`. The
//! `schedule` and `tours` benches include this module too
//! (`benches/benches/support/schedule_instances.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

pub mod checker;

use std::time::Duration;

use rust_decimal::Decimal;
use serde_json::Value;
use servops_core::chrono::{NaiveTime, Weekday};
use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    BreakRule, Contract, Horizon, Pay, ProblemBuilder, ScheduleProblem, ShiftTemplate,
};

/// The instance files live beside the crate's tests; from the benches
/// package they are reached through the workspace.
pub fn data_path(name: &str) -> String {
    let dir = if env!("CARGO_PKG_NAME") == "servops-schedule" {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")
    } else {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../crates/servops-schedule/tests/data"
        )
    };
    format!("{dir}/{name}")
}

fn mins(v: &Value) -> Duration {
    Duration::from_secs(v.as_u64().unwrap() * 60)
}

fn time(v: &Value) -> NaiveTime {
    let m = v.as_u64().unwrap() as u32;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap()
}

pub fn templates(inst: &Value, fixed_breaks: bool) -> Vec<ShiftTemplate> {
    let step = mins(&inst["step_minutes"]);
    inst["templates"]
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
            let tpl = ShiftTemplate::builder(t["name"].as_str().unwrap())
                .span(mins(&t["span_minutes"]))
                .paid(mins(&t["paid_minutes"]))
                .start_window(
                    time(&t["earliest_start_minute"]),
                    time(&t["latest_start_minute"]),
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
                .contract(if t["part_time"].as_bool().unwrap() {
                    Contract::PartTime
                } else {
                    Contract::FullTime
                })
                .breaks(breaks)
                .build()
                .unwrap();
            if fixed_breaks {
                tpl.with_breaks_fixed_at_middle(step)
            } else {
                tpl
            }
        })
        .collect()
}

pub fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(data_path(&format!("{name}.json"))).unwrap())
        .unwrap()
}

pub fn builder(inst: &Value, fixed_breaks: bool) -> ProblemBuilder {
    let step = mins(&inst["step_minutes"]);
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
    let series = IntervalSeries::new(grid, req).unwrap();
    let horizon = if inst["cyclic"].as_bool().unwrap() {
        Horizon::Cyclic
    } else {
        Horizon::Linear
    };
    ScheduleProblem::builder(series, templates(inst, fixed_breaks)).horizon(horizon)
}

pub fn problem(name: &str, fixed_breaks: bool) -> ScheduleProblem {
    builder(&load(name), fixed_breaks).build().unwrap()
}

/// Reference rows of references.csv: (objective, bound, status).
pub fn reference(name: &str, fixed_breaks: bool) -> Option<(f64, f64, String)> {
    let text = std::fs::read_to_string(data_path("references.csv")).ok()?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next()?.split(',').collect();
    let col = |h: &str| header.iter().position(|x| *x == h).unwrap();
    let kind = if fixed_breaks {
        "fixed_mid_window"
    } else {
        "placed"
    };
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        if f[col("instance")] == name && f[col("breaks")] == kind {
            return Some((
                f[col("objective")].parse().ok()?,
                f[col("bound")].parse().ok()?,
                f[col("status")].to_owned(),
            ));
        }
    }
    None
}
