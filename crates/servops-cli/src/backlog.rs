//! `servops backlog`: deferred work (e-mail, web forms, back-office cases).
//! The backlog a staffing plan leaves and the share of items it answers
//! within a response-time goal, or the staff that goal needs.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use servops::core::chrono_tz::Tz;
use servops::queue::{
    ArrivalSource, BacklogProjection, DeferredWorkload, InitialBacklog, ResponseGoal,
    scheduled_staff,
};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::staff::{IntervalColumn, read_interval_column, time_zone};
use crate::timelabel::TimeLabels;

/// How to staff the backlog when no plan is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolveName {
    /// The least staff in each interval that answers every item within the
    /// goal, each at the latest moment the goal allows.
    JustInTime,
    /// The fewest agents, the same in every open interval, that answer the
    /// share of items within the goal and leave nothing at the end.
    Level,
}

/// Arguments of `servops backlog`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The input has one row per interval, in time order with no gaps:
  interval_start,items
  2026-03-02 08:00,42
  2026-03-02 09:00,57
and optionally a column of agents working the backlog (--staff-column).

The model is fluid: items arrive evenly through their interval and are
answered oldest first at staff x productive share / AHT items per second.
Response times are clock time (a goal of 24h runs through closed hours).

Examples:
  servops backlog emails.csv --aht 6m --within 24h --hours mon-fri=08:00-18:00
  servops backlog emails.csv --aht 6m --within 24h --share 90% --solve level
  servops backlog emails.csv --aht 6m --within 4h --staff-column agents --backlog 120 --backlog-age 14h"
)]
pub struct BacklogArgs {
    /// CSV file of interval starts and items arriving in each interval
    pub input: PathBuf,
    /// Time zone of local times in the file and of --hours (IANA name) [default: UTC]
    #[arg(long)]
    pub tz: Option<String>,
    /// Interval length [default: inferred from the first two rows]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Name of the interval start column [default: interval_start]
    #[arg(long)]
    pub time_column: Option<String>,
    /// Name of the column of items arriving [default: items]
    #[arg(long)]
    pub items_column: Option<String>,
    /// Name of a column of agents working the backlog in each interval:
    /// project that plan instead of solving for one
    #[arg(long)]
    pub staff_column: Option<String>,
    /// Average handle time of an item, e.g. 6m
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub aht: Option<Duration>,
    /// Response-time goal, e.g. 24h
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub within: Option<Duration>,
    /// Share of the items to answer within the goal, e.g. 90% [default: 100%]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub share: Option<f64>,
    /// How to staff when no --staff-column is given [default: just-in-time]
    #[arg(long, value_enum)]
    pub solve: Option<SolveName>,
    /// Opening hours of the team, e.g. mon-fri=08:00-18:00; the solvers staff only open intervals [default: open all day]
    #[arg(long)]
    pub hours: Option<String>,
    /// Items already waiting at the start of the first interval
    #[arg(long, allow_hyphen_values = true)]
    pub backlog: Option<f64>,
    /// How long the items of --backlog have waited at the start [default: 0s]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub backlog_age: Option<Duration>,
    /// Share of staffed time spent answering items [default: 100%]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub productive: Option<f64>,
    /// Shrinkage: the share of paid time not available, for the scheduled column [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub shrinkage: Option<f64>,
}

impl BacklogArgs {
    fn merge(&mut self, cfg: &Section) -> Result<(), CliError> {
        self.tz = self.tz.take().or(cfg.time_zone("tz")?);
        self.interval = self.interval.or(cfg.duration("interval")?);
        self.time_column = cfg.or_string(self.time_column.take(), "time-column")?;
        self.items_column = cfg.or_string(self.items_column.take(), "items-column")?;
        self.staff_column = cfg.or_string(self.staff_column.take(), "staff-column")?;
        self.aht = self.aht.or(cfg.duration("aht")?);
        self.within = self.within.or(cfg.duration("within")?);
        self.share = self.share.or(cfg.fraction("share")?);
        self.hours = cfg.or_string(self.hours.take(), "hours")?;
        self.backlog = self.backlog.or(cfg.f64("backlog")?);
        self.backlog_age = self.backlog_age.or(cfg.duration("backlog-age")?);
        self.productive = self.productive.or(cfg.fraction("productive")?);
        self.shrinkage = self.shrinkage.or(cfg.fraction("shrinkage")?);
        cfg.known("solve");
        if self.solve.is_none()
            && let Some(s) = cfg.string("solve")?
        {
            self.solve = Some(
                SolveName::from_str(&s, true)
                    .map_err(|_| cfg.bad("solve", "must be just-in-time or level"))?,
            );
        }
        Ok(())
    }
}

fn usage(m: impl Into<String>) -> CliError {
    CliError::Usage(m.into())
}

/// Runs `servops backlog`.
pub fn run(mut args: BacklogArgs, cfg: &Section) -> Result<Output, CliError> {
    args.merge(cfg)?;
    if args.solve.is_some() && args.staff_column.is_some() {
        return Err(usage(
            "--solve and --staff-column: give a plan to project, or ask for one, not both",
        ));
    }
    let aht = args
        .aht
        .ok_or_else(|| usage("--aht is required (the average handle time of an item, e.g. 6m)"))?;
    let within = args
        .within
        .ok_or_else(|| usage("--within is required (the response-time goal, e.g. 24h)"))?;
    if within.is_zero() {
        return Err(usage(
            "--within: the response-time goal must be longer than 0",
        ));
    }
    let tz = time_zone(args.tz.as_deref())?;
    let time_column = args.time_column.as_deref().unwrap_or("interval_start");
    let items = read_interval_column(
        &args.input,
        time_column,
        args.items_column.as_deref().unwrap_or("items"),
        "items",
        tz,
        args.interval,
    )?;
    let grid = *items.series.grid();
    let staff_plan = match args.staff_column.as_deref() {
        Some(name) => Some(read_interval_column(
            &args.input,
            time_column,
            name,
            "staff",
            tz,
            args.interval,
        )?),
        None => None,
    };
    let open = open_mask(&items, args.hours.as_deref(), tz)?;

    let mut work = DeferredWorkload::from_series(&items.series, aht)
        .map_err(|e| usage(format!("--aht: {e}")))?;
    if let Some(n) = args.backlog {
        let age = args.backlog_age.unwrap_or(Duration::ZERO);
        let cohort = InitialBacklog::new()
            .with_cohort(n, age)
            .map_err(|e| usage(format!("--backlog: {e}")))?;
        work = work
            .with_backlog(cohort)
            .map_err(|e| usage(format!("--backlog: {e}")))?;
    } else if args.backlog_age.is_some() {
        return Err(usage(
            "--backlog-age needs --backlog (the items waiting at the start)",
        ));
    }
    if let Some(p) = args.productive {
        work = work
            .with_productive_share(p)
            .map_err(|e| usage(format!("--productive: {e}")))?;
    }
    let share = args.share.unwrap_or(1.0);
    let goal = match args.share {
        Some(s) => ResponseGoal::new(s, within),
        None => ResponseGoal::all_within(within),
    }
    .map_err(|e| usage(format!("--share: {e}")))?;
    let shrinkage = args.shrinkage.unwrap_or(0.0);
    scheduled_staff(0.0, shrinkage).map_err(|e| usage(format!("--shrinkage: {e}")))?;

    let mut summary = Table::new(&["measure", "value"]);
    let (staff, projection) = match (&staff_plan, args.solve) {
        // (--solve with --staff-column was refused above.)
        (Some(plan), _) => {
            let staff = plan.series.values().to_vec();
            let projection = work.simulate(&staff).map_err(|e| {
                let other = CliError::from(e.clone());
                let bad = staff.iter().position(|s| !(s.is_finite() && *s >= 0.0));
                match bad {
                    Some(i) => plan.row_error(&args.input, i, e.to_string(), other),
                    None => other,
                }
            })?;
            summary.push(text_row("staffing", "given (--staff-column)"));
            (staff, projection)
        }
        (None, Some(SolveName::Level)) => {
            let level = work.constant_staff(&goal, &open).map_err(|e| {
                unreachable_error(&work, &items, within, &open, tz, e, "--solve level")
            })?;
            summary.push(text_row("staffing", "level in every open interval"));
            summary.push(vec![
                Cell::Text("agents".into()),
                Cell::Int(i64::from(level.agents)),
            ]);
            summary.push(vec![
                Cell::Text("fractional level".into()),
                Cell::Num(level.fractional, 3),
            ]);
            let staff = open
                .iter()
                .map(|&o| if o { f64::from(level.agents) } else { 0.0 })
                .collect();
            (staff, level.projection)
        }
        (None, Some(SolveName::JustInTime) | None) => {
            if share < 1.0 {
                return Err(usage(
                    "--share below 100% needs --solve level: just-in-time answers every item in time",
                ));
            }
            let jit = work.just_in_time_staff(within, &open).map_err(|e| {
                unreachable_error(&work, &items, within, &open, tz, e, "--solve just-in-time")
            })?;
            summary.push(text_row("staffing", "just in time"));
            (jit.staff, jit.projection)
        }
    };

    let hours = grid.step_hours();
    let staff_hours: f64 = staff.iter().map(|s| s * hours).sum();
    let peak = staff.iter().copied().fold(0.0, f64::max);
    summary.push(num_row("staff hours", staff_hours, 2));
    summary.push(num_row("peak staff", peak, 2));
    push_attainment(&mut summary, &projection, within, share)?;

    let mut table = Table::new(&[
        "interval_start",
        "open",
        "items",
        "staff",
        "scheduled",
        "capacity",
        "handled",
        "backlog",
        "oldest_age_h",
    ]);
    let mut labels = TimeLabels::new(tz);
    for (i, row) in projection.intervals().iter().enumerate() {
        let Some(start) = grid.interval_start(i) else {
            continue;
        };
        let s = staff.get(i).copied().unwrap_or(0.0);
        table.push(vec![
            labels.cell(start),
            Cell::Text(
                if open.get(i).copied().unwrap_or(true) {
                    "yes"
                } else {
                    "no"
                }
                .into(),
            ),
            Cell::Num(row.arrivals, 2),
            Cell::Num(s, 2),
            Cell::Num(scheduled_staff(s, shrinkage)?, 2),
            Cell::Num(row.capacity, 2),
            Cell::Num(row.handled, 2),
            Cell::Num(row.backlog, 2),
            Cell::opt(row.oldest_age_secs.map(|a| a / 3600.0), 2),
        ]);
    }
    Ok(Output::sections(vec![
        ("intervals".into(), table),
        ("summary".into(), summary),
    ]))
}

fn text_row(measure: &str, value: &str) -> Vec<Cell> {
    vec![Cell::Text(measure.into()), Cell::Text(value.into())]
}

fn num_row(measure: &str, value: f64, decimals: usize) -> Vec<Cell> {
    vec![Cell::Text(measure.into()), Cell::Num(value, decimals)]
}

/// The goal's attainment rows of the summary.
fn push_attainment(
    summary: &mut Table,
    projection: &BacklogProjection,
    within: Duration,
    share: f64,
) -> Result<(), CliError> {
    let got = projection.attainment(within)?;
    summary.push(num_row("items", got.total, 2));
    summary.push(num_row("answered within the goal", got.met, 2));
    summary.push(num_row("answered late", got.late_completed, 2));
    summary.push(num_row(
        "waiting at the end, already late",
        got.unfinished_late,
        2,
    ));
    summary.push(num_row(
        "waiting at the end, not yet due",
        got.unfinished_on_time,
        2,
    ));
    // Items still waiting at the end but not yet older than the goal can
    // still be answered in time: they count neither way.
    let decided = got.total - got.unfinished_on_time;
    let share_met = (decided > 0.0).then(|| (got.met / decided).min(1.0));
    summary.push(vec![
        Cell::Text("share within the goal, of items due or answered".into()),
        Cell::opt(share_met, 4),
    ]);
    summary.push(vec![
        Cell::Text("mean response h, of items answered".into()),
        Cell::opt(projection.mean_response_secs().map(|s| s / 3600.0), 3),
    ]);
    for (q, label) in [
        (0.5, "median response h, of items answered"),
        (0.9, "90th percentile response h, of items answered"),
    ] {
        let secs = projection.response_quantile_secs(q)?;
        summary.push(vec![
            Cell::Text(label.into()),
            Cell::opt(secs.map(|s| s / 3600.0), 3),
        ]);
    }
    let met = if share >= 1.0 {
        got.late_completed + got.unfinished_late <= 1e-9 * got.total.max(1.0)
    } else {
        share_met.is_none_or(|s| s >= share)
    };
    summary.push(text_row("goal met", if met { "yes" } else { "no" }));
    Ok(())
}

/// Which intervals the team works: all without `--hours`, else those that
/// start within the opening hours of their local day.
fn open_mask(items: &IntervalColumn, hours: Option<&str>, tz: Tz) -> Result<Vec<bool>, CliError> {
    let grid = items.series.grid();
    let Some(spec) = hours else {
        return Ok(vec![true; grid.len()]);
    };
    let calendar = crate::history::opening_hours(spec, tz)?;
    Ok((0..grid.len())
        .map(
            |i| match (grid.local_date(i, tz), grid.local_minute_of_day(i, tz)) {
                (Some(d), Some(m)) => calendar.is_open(d, m),
                _ => false,
            },
        )
        .collect())
}

/// A solver's error; when items cannot be answered in time whatever the
/// staffing, the first such interval, named as the file writes it.
fn unreachable_error(
    work: &DeferredWorkload,
    items: &IntervalColumn,
    within: Duration,
    open: &[bool],
    tz: Tz,
    e: servops::queue::Error,
    how: &str,
) -> CliError {
    if !matches!(e, servops::queue::Error::Unreachable { .. }) {
        return CliError::from(e);
    }
    let missed = work.unreachable_arrivals(within, open).unwrap_or_default();
    let Some(first) = missed.first() else {
        return usage(format!("{how}: {e}"));
    };
    let grid = items.series.grid();
    let mut labels = TimeLabels::new(tz);
    let from = match first.source {
        ArrivalSource::Interval(i) => grid.interval_start(i).map_or_else(
            || format!("interval {i}"),
            |t| format!("the interval {}", labels.wall(t)),
        ),
        ArrivalSource::Backlog { .. } => "the backlog at the start".to_string(),
        _ => "an earlier interval".to_string(),
    };
    let next = match first.next_opening_secs {
        Some(s) => {
            let at = grid.start()
                + servops::core::chrono::Duration::milliseconds((s * 1000.0).round() as i64);
            format!("the team next works at {}", labels.wall(at))
        }
        None => "the team does not work again before the end of the file".to_string(),
    };
    usage(format!(
        "{how}: {} items from {from} cannot be answered within {} whatever the staffing: {next} \
         ({} such intervals in all); open earlier (--hours) or lengthen --within",
        crate::output::number_text(first.items),
        humantime(within),
        missed.len()
    ))
}

fn humantime(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 3600.0 && (s / 3600.0).fract() == 0.0 {
        format!("{}h", s / 3600.0)
    } else if s >= 60.0 && (s / 60.0).fract() == 0.0 {
        format!("{}min", s / 60.0)
    } else {
        format!("{s}s")
    }
}
