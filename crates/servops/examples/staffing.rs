//! A day of half-hour staffing requirements from real call-centre data.
//!
//! Reads one day of 15-minute interval counts shipped with the repository
//! (`data/anonymous_bank_week_15min.csv`, the "Anonymous Bank" of the
//! Technion SEE lab, January 1999), rolls it up to half hours on the local
//! calendar, and prints for each half hour: contacts, AHT, load, the agents
//! required for 80 % answered within 20 seconds under Erlang C and under
//! Erlang A (patience estimated from the week's queue times and abandons),
//! the service level, ASA, occupancy and abandonment they achieve, and the
//! staff to schedule after shrinkage.
//!
//! Run: `cargo run --release --example staffing [YYYY-MM-DD]`
//! (a date from 1999-01-17 to 1999-01-23; default 1999-01-18).

use std::error::Error;
use std::time::Duration;

use servops::core::chrono::NaiveDate;
use servops::core::chrono_tz::Asia::Jerusalem;
use servops::prelude::*;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/anonymous_bank_week_15min.csv"
);
const SHRINKAGE: f64 = 0.30;

/// Counts of one interval, additive so they roll up to coarser intervals.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    offered: f64,
    served: f64,
    abandoned: f64,
    handle_secs: f64,
    wait_secs: f64,
}

fn main() -> Result<(), Box<dyn Error>> {
    let day: NaiveDate = match std::env::args().nth(1) {
        Some(s) => s.parse()?,
        None => NaiveDate::from_ymd_opt(1999, 1, 18).ok_or("bad default date")?,
    };

    // Read the week; keep the chosen day's rows in file order (00:00 .. 23:45).
    let mut reader = csv::Reader::from_path(DATA)?;
    let mut week = Counts::default();
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record?;
        let field = |i: usize| -> Result<f64, Box<dyn Error>> {
            let text = record
                .get(i)
                .ok_or_else(|| format!("line {}: missing column {i}", line + 2))?;
            Ok(text
                .parse::<f64>()
                .map_err(|e| format!("line {}: column {i}: {e}", line + 2))?)
        };
        let counts = Counts {
            offered: field(3)?,
            served: field(4)?,
            abandoned: field(5)?,
            handle_secs: field(7)?,
            wait_secs: field(8)?,
        };
        week.abandoned += counts.abandoned;
        week.wait_secs += counts.wait_secs;
        week.handle_secs += counts.handle_secs;
        week.served += counts.served;
        if record.get(0) == Some(day.to_string().as_str()) {
            rows.push(counts);
        }
    }
    if rows.is_empty() {
        return Err(format!("no rows for {day} in {DATA}").into());
    }

    // The day on its local calendar, then rolled up to half hours.
    let grid = IntervalGrid::local_days(day, 1, Duration::from_secs(15 * 60), Jerusalem)?;
    let quarter_hours = IntervalSeries::new(grid, rows)?;
    let half_hours = quarter_hours.aggregate(Duration::from_secs(30 * 60), |chunk| {
        chunk.iter().fold(Counts::default(), |acc, c| Counts {
            offered: acc.offered + c.offered,
            served: acc.served + c.served,
            abandoned: acc.abandoned + c.abandoned,
            handle_secs: acc.handle_secs + c.handle_secs,
            wait_secs: acc.wait_secs + c.wait_secs,
        })
    })?;

    // Mean handle time where an interval served nobody; patience by the
    // exponential-patience estimate: total time in queue / abandons.
    let week_aht = week.handle_secs / week.served;
    let patience = Duration::from_secs_f64(week.wait_secs / week.abandoned);
    let workload = half_hours.try_map(|c| {
        let aht = if c.served > 0.0 {
            c.handle_secs / c.served
        } else {
            week_aht
        };
        Workload::new(c.offered, Duration::from_secs_f64(aht))
    })?;

    let within = Duration::from_secs(20);
    let goal = Targets::service_level_within(0.8, within)?;
    let erlang_c = solve_series(&workload, Model::ErlangC, &goal)?;
    let erlang_a = solve_series(&workload, Model::ErlangA { patience }, &goal)?;

    println!(
        "Anonymous Bank, {day} ({}), half hours, Asia/Jerusalem",
        day.format("%A")
    );
    println!(
        "target 80 % answered within 20 s; Erlang A patience {:.0} s (week's queue time / abandons); shrinkage {:.0} %",
        patience.as_secs_f64(),
        SHRINKAGE * 100.0
    );
    println!();
    println!(
        "{:>5} {:>8} {:>6} {:>6} | {:>5} {:>6} {:>7} {:>5} | {:>5} {:>6} {:>7} {:>5} | {:>9}",
        "time",
        "contacts",
        "AHT s",
        "load",
        "C:N",
        "SL %",
        "ASA s",
        "occ%",
        "A:N",
        "SL %",
        "aband%",
        "occ%",
        "scheduled"
    );
    let mut agent_hours = (0.0, 0.0, 0.0);
    for ((i, w), (c, a)) in workload
        .values()
        .iter()
        .enumerate()
        .zip(erlang_c.values().iter().zip(erlang_a.values()))
    {
        let local = half_hours
            .grid()
            .local_start(i, Jerusalem)
            .ok_or("interval outside the grid")?;
        let scheduled = c.scheduled_staff(SHRINKAGE)?;
        let step_hours = half_hours.grid().step_hours();
        agent_hours.0 += f64::from(c.agents) * step_hours;
        agent_hours.1 += f64::from(a.agents) * step_hours;
        agent_hours.2 += scheduled * step_hours;
        if w.contacts() == 0.0 {
            println!(
                "{:>5} {:>8} {:>6} {:>6} | closed or no calls",
                local.format("%H:%M"),
                0,
                "-",
                "-"
            );
            continue;
        }
        let (cm, am) = (&c.metrics, &a.metrics);
        println!(
            "{:>5} {:>8.0} {:>6.0} {:>6.2} | {:>5} {:>6.1} {:>7.1} {:>5.1} | {:>5} {:>6.1} {:>7.1} {:>5.1} | {:>9.1}",
            local.format("%H:%M"),
            w.contacts(),
            w.aht().as_secs_f64(),
            cm.load,
            c.agents,
            100.0 * cm.service_level.unwrap_or(1.0),
            cm.asa_secs,
            100.0 * cm.occupancy,
            a.agents,
            100.0 * am.service_level.unwrap_or(1.0),
            100.0 * am.prob_abandon,
            100.0 * am.occupancy,
            scheduled,
        );
    }
    println!();
    println!(
        "agent-hours on the phones: Erlang C {:.1}, Erlang A {:.1}; scheduled (Erlang C, after shrinkage) {:.1}",
        agent_hours.0, agent_hours.1, agent_hours.2
    );
    Ok(())
}
