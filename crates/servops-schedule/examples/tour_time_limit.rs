//! Measures `solve_tours` against a short time limit on a large tour model:
//! `templates` templates of `span` minutes startable at every interval of a
//! linear week of `step`-minute intervals needing one agent everywhere,
//! tours of `days` working days with any days off and a zero band (by
//! default one-minute templates on a one-minute week, 4-day tours:
//! 211,680 tour-model entries per template).
//!
//! `cargo run --release -p servops-schedule --example tour_time_limit -- 7 1.0 1 1 4`
//! (templates, limit in seconds, grid step and template span in minutes,
//! working days; these are the defaults); run under `/usr/bin/time -v`
//! for memory.

use std::time::{Duration, Instant};

use servops_core::{IntervalGrid, IntervalSeries};
use servops_schedule::{
    DaysOff, Decimal, ScheduleProblem, ShiftTemplate, SolveOptions, TourPolicy, solve_tours,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let templates: usize = args.next().map_or(Ok(7), |a| a.parse())?;
    let limit: f64 = args.next().map_or(Ok(1.0), |a| a.parse())?;
    let step: u64 = args.next().map_or(Ok(1), |a| a.parse())?;
    let span: u64 = args.next().map_or(Ok(1), |a| a.parse())?;
    let days: u32 = args.next().map_or(Ok(4), |a| a.parse())?;
    let m = |x: u64| Duration::from_secs(60 * x);
    let grid = IntervalGrid::new(
        "2026-03-02T00:00:00Z".parse()?,
        m(step),
        7 * 1440 / step as usize,
    )?;
    let ts = (0..templates)
        .map(|k| {
            ShiftTemplate::builder(format!("t{k}"))
                .span(m(span))
                .start_step(m(step))
                .hourly_rate(Decimal::ONE)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let p = ScheduleProblem::builder(IntervalSeries::filled(grid, 1.0), ts).build()?;
    let policy = TourPolicy::new(days, DaysOff::Any, Duration::ZERO, 40.0)?;
    let opts = SolveOptions::default().with_time_limit(Duration::from_secs_f64(limit));
    let t = Instant::now();
    let s = solve_tours(&p, &policy, &opts)?;
    let r = &s.report;
    println!(
        "entries {} limit {limit} s: wall {:.3} s, reported {:.3} s, stop {:?}, tours {}, cost {}, bound {:?}, under {}",
        r.model_entries,
        t.elapsed().as_secs_f64(),
        r.elapsed.as_secs_f64(),
        r.stop,
        s.tours.tours.len(),
        s.tours.cost,
        r.bound,
        s.tours.under_hours()
    );
    Ok(())
}
