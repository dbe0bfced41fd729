//! `servops staff`: a CSV of interval volumes and handle times in, the agents
//! each interval needs out.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use servops::core::chrono::{DateTime, Utc};
use servops::core::chrono_tz::Tz;
use servops::core::{IntervalGrid, IntervalSeries};
use servops::plan::{Projected, combined_service_level, projection_stage};
use servops::queue::{Model, Staffing, Targets, Workload, agents_required, solve_series};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::parse::CsvRows;
use crate::targets::{LineArgs, TargetArgs};
use crate::timecol::parse_instant;
use crate::timelabel::TimeLabels;

/// Arguments of `servops staff`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The input has one row per interval, in time order with no gaps:
  interval_start,contacts,aht_s
  2026-03-02 08:00,112,251
  2026-03-02 08:30,131,247
An interval with 0 contacts may leave aht_s empty (as `servops forecast --aht`
writes a closed interval). With --model chat, aht_s is the handle time of a
chat handled alone in that interval; the other handle times keep
--chat-aht's proportions (a row at 540 s with --chat-aht 6m,8m,11m is
solved with 9, 12 and 16.5 minutes), and only whole agents hold chats.

Examples:
  servops staff volumes.csv --sl 80% --within 20s --shrinkage 30%
  servops staff volumes.csv --tz Europe/London --model erlang-a --patience 90s --format csv
  servops staff volumes.csv --lines 60 --max-blocked 1%
  servops staff volumes.csv --staffed-column rostered --shrinkage 30%
  servops staff chats.csv --model chat --chat-aht 6m,8m,11m --sl 80% --within 60s"
)]
pub struct StaffArgs {
    /// CSV file of interval volumes and average handle times
    pub input: PathBuf,
    /// Time zone of local times in the file (IANA name) [default: UTC]
    #[arg(long)]
    pub tz: Option<String>,
    /// Interval length [default: inferred from the first two rows]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Name of the interval start column [default: interval_start]
    #[arg(long)]
    pub time_column: Option<String>,
    /// Name of the contacts column [default: contacts]
    #[arg(long)]
    pub contacts_column: Option<String>,
    /// Name of the average handle time column, in seconds [default: aht_s]
    #[arg(long)]
    pub aht_column: Option<String>,
    /// Name of a column of the staff scheduled in each interval (heads,
    /// before shrinkage; e.g. a roster's coverage). Adds the gap to the
    /// requirement and the service that staff is projected to give, and a
    /// summary table with the period's service level (contacts answered in
    /// time over contacts, summed over the intervals). With --lines the
    /// agents on the phones are rounded down to whole agents
    #[arg(long)]
    pub staffed_column: Option<String>,
    /// Targets, model and shrinkage
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Finite trunk lines (the same number in every interval)
    #[command(flatten)]
    pub lines: LineArgs,
}

/// Parses an IANA time-zone name.
pub fn time_zone(name: Option<&str>) -> Result<Tz, CliError> {
    match name {
        None => Ok(Tz::UTC),
        Some(n) => n.parse::<Tz>().map_err(|_| {
            CliError::Usage(format!(
                "unknown time zone `{n}` (use an IANA name such as Europe/London)"
            ))
        }),
    }
}

/// One row of the input.
struct Row {
    label: String,
    start: DateTime<Utc>,
    contacts: f64,
    /// `None`: an empty cell where no contacts arrive (as `forecast --aht`
    /// writes a closed interval).
    aht_s: Option<f64>,
    aht: Duration,
    /// The scheduled staff (`--staffed-column`).
    staffed: Option<f64>,
    line: u64,
}

fn column<R: std::io::Read>(rows: &CsvRows<R>, name: &str, path: &Path) -> Result<usize, CliError> {
    crate::parse::find_column(rows.headers(), name, path, rows.header_line())?.ok_or_else(|| {
        CliError::input(
            path,
            rows.header_line(),
            name,
            format!("no column named `{name}` in the header"),
        )
    })
}

fn read_rows(args: &StaffArgs, tz: Tz) -> Result<(Vec<Row>, usize), CliError> {
    let path = args.input.as_path();
    let mut rows_in = CsvRows::open(path)?;
    let time_col = column(
        &rows_in,
        args.time_column.as_deref().unwrap_or("interval_start"),
        path,
    )?;
    let contacts_col = column(
        &rows_in,
        args.contacts_column.as_deref().unwrap_or("contacts"),
        path,
    )?;
    let aht_col = column(
        &rows_in,
        args.aht_column.as_deref().unwrap_or("aht_s"),
        path,
    )?;
    let staffed_col = match args.staffed_column.as_deref() {
        Some(name) => Some(column(&rows_in, name, path)?),
        None => None,
    };
    let mut rows: Vec<Row> = Vec::new();
    while let Some((record, line)) = rows_in.next_row()? {
        let field = |col: usize| record.get(col).unwrap_or("").trim();
        let number = |col: usize, what: &str| -> Result<f64, CliError> {
            let text = field(col);
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
                _ => Err(CliError::input(
                    path,
                    line,
                    col + 1,
                    format!("{what} must be a finite number >= 0, got `{text}`"),
                )),
            }
        };
        let start = parse_instant(field(time_col), tz, rows.last().map(|r| r.start))
            .map_err(|m| CliError::input(path, line, time_col + 1, m))?;
        let contacts = number(contacts_col, "contacts")?;
        // Without contacts the handle time does not matter: an empty cell
        // (as `forecast --aht` writes a closed interval) needs no agents.
        let aht_s = if contacts == 0.0 && field(aht_col).is_empty() {
            None
        } else {
            Some(number(aht_col, "average handle time")?)
        };
        // Finite seconds past u64::MAX do not fit a Duration.
        let aht = Duration::try_from_secs_f64(aht_s.unwrap_or(0.0)).map_err(|_| {
            CliError::input(
                path,
                line,
                aht_col + 1,
                format!("average handle time `{}` s is too long", field(aht_col)),
            )
        })?;
        // Positive but under a nanosecond: read as 0, it was refused as
        // `aht must be > 0 ..., got 0`, without its column or value.
        if aht.is_zero() && aht_s.is_some_and(|s| s > 0.0) {
            return Err(CliError::input(
                path,
                line,
                aht_col + 1,
                format!(
                    "average handle time `{}` s is shorter than 1 ns, the shortest duration there is",
                    field(aht_col)
                ),
            ));
        }
        let staffed = match staffed_col {
            Some(col) => Some(number(col, "scheduled staff")?),
            None => None,
        };
        rows.push(Row {
            label: field(time_col).to_string(),
            start,
            contacts,
            aht_s,
            aht,
            staffed,
            line,
        });
    }
    if rows.is_empty() {
        return Err(CliError::input_line(
            path,
            rows_in.header_line().saturating_add(1),
            "the file has no data rows",
        ));
    }
    Ok((rows, time_col + 1))
}

/// Builds the grid the rows (label, start, line) lie on, naming the first
/// row off it.
fn grid_of(
    starts: &[(&str, DateTime<Utc>, u64)],
    step: Option<Duration>,
    path: &Path,
    time_column: usize,
    tz: Tz,
) -> Result<IntervalGrid, CliError> {
    let inferred = step.is_none();
    let step = match (step, starts) {
        (Some(s), _) => s,
        (None, [a, b, ..]) if a.1 == b.1 => {
            return Err(CliError::input(
                path,
                b.2,
                time_column,
                format!(
                    "duplicate interval start `{}` (line {} has it too)",
                    b.0, a.2
                ),
            ));
        }
        (None, [a, b, ..]) => (b.1 - a.1).to_std().map_err(|_| {
            CliError::input(
                path,
                b.2,
                time_column,
                "the second interval starts before the first: rows must be in time order",
            )
        })?,
        (None, [only]) => {
            return Err(CliError::input(
                path,
                only.2,
                time_column,
                "one row gives no interval length to infer: give it with --interval (for example --interval 30m)",
            ));
        }
        (None, []) => Duration::from_secs(30 * 60),
    };
    let first = starts.first().map(|r| r.1).unwrap_or_default();
    let grid = IntervalGrid::new(first, step, starts.len()).map_err(|e| {
        // A start off the minute is the first row's; a step read from the
        // rows is the second row's; a step given as a flag stays the
        // flag's.
        let row = match (&e, inferred) {
            (
                servops::core::Error::InvalidParameter {
                    name: "grid start", ..
                },
                _,
            ) => starts.first(),
            (_, true) => starts.get(1),
            (_, false) => None,
        };
        match row {
            Some(r) => CliError::input(path, r.2, time_column, format!("interval `{}`: {e}", r.0)),
            None => CliError::from(e),
        }
    })?;
    for (i, (label, start, line)) in starts.iter().enumerate() {
        if grid.interval_start(i) != Some(*start) {
            let expected = grid
                .interval_start(i)
                .map_or_else(String::new, |t| TimeLabels::new(tz).wall(t));
            return Err(CliError::input(
                path,
                *line,
                time_column,
                format!(
                    "interval `{label}` is out of step: expected the interval starting {expected} (rows must be consecutive {} min intervals, no gaps or duplicates)",
                    step.as_secs() / 60
                ),
            ));
        }
    }
    Ok(grid)
}

/// A column of one number per interval read from a CSV file.
pub struct IntervalColumn {
    /// The values on the grid the rows lie on.
    pub series: IntervalSeries<f64>,
    /// The line each row starts on.
    pub lines: Vec<u64>,
    /// The 1-based field position of the values.
    pub column: usize,
}

impl IntervalColumn {
    /// An error about interval `index` as an input error at its row, or
    /// `other` when there is no such row.
    pub fn row_error(
        &self,
        path: &Path,
        index: usize,
        message: String,
        other: CliError,
    ) -> CliError {
        match self.lines.get(index) {
            Some(&line) => CliError::input(path, line, self.column, message),
            None => other,
        }
    }
}

/// Reads a CSV of interval starts and one non-negative number per interval
/// into a series on the grid the rows lie on, with each row's start as
/// written and its line.
pub fn read_interval_column(
    path: &Path,
    time_column: &str,
    value_column: &str,
    what: &str,
    tz: Tz,
    step: Option<Duration>,
) -> Result<IntervalColumn, CliError> {
    let mut rows_in = CsvRows::open(path)?;
    let t = column(&rows_in, time_column, path)?;
    let v = column(&rows_in, value_column, path)?;
    let mut labels = Vec::new();
    let mut lines_of_rows = Vec::new();
    let mut starts: Vec<DateTime<Utc>> = Vec::new();
    let mut values = Vec::new();
    while let Some((record, line)) = rows_in.next_row()? {
        let text = record.get(t).unwrap_or("").trim();
        let start = parse_instant(text, tz, starts.last().copied())
            .map_err(|m| CliError::input(path, line, t + 1, m))?;
        let raw = record.get(v).unwrap_or("").trim();
        let value = raw
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| {
                CliError::input(
                    path,
                    line,
                    v + 1,
                    format!("{what} must be a finite number >= 0, got `{raw}`"),
                )
            })?;
        labels.push(text.to_string());
        starts.push(start);
        lines_of_rows.push(line);
        values.push(value);
    }
    if values.is_empty() {
        return Err(CliError::input_line(
            path,
            rows_in.header_line().saturating_add(1),
            "the file has no data rows",
        ));
    }
    let pairs: Vec<(&str, DateTime<Utc>, u64)> = labels
        .iter()
        .zip(&starts)
        .zip(&lines_of_rows)
        .map(|((l, s), n)| (l.as_str(), *s, *n))
        .collect();
    let grid = grid_of(&pairs, step, path, t + 1, tz)?;
    Ok(IntervalColumn {
        series: IntervalSeries::new(grid, values)?,
        lines: lines_of_rows,
        column: v + 1,
    })
}

/// Runs `servops staff`.
pub fn run(mut args: StaffArgs, cfg: &Section) -> Result<Output, CliError> {
    args.targets.merge(cfg)?;
    args.lines.merge(cfg)?;
    args.tz = args.tz.or(cfg.time_zone("tz")?);
    args.interval = args.interval.or(cfg.duration("interval")?);
    args.time_column = cfg.or_string(args.time_column.take(), "time-column")?;
    args.contacts_column = cfg.or_string(args.contacts_column.take(), "contacts-column")?;
    args.aht_column = cfg.or_string(args.aht_column.take(), "aht-column")?;
    args.staffed_column = cfg.or_string(args.staffed_column.take(), "staffed-column")?;
    let tz = time_zone(args.tz.as_deref())?;
    let (rows, time_column) = read_rows(&args, tz)?;
    let pairs: Vec<(&str, DateTime<Utc>, u64)> = rows
        .iter()
        .map(|r| (r.label.as_str(), r.start, r.line))
        .collect();
    let grid = grid_of(&pairs, args.interval, &args.input, time_column, tz)?;
    let mut workloads = Vec::with_capacity(rows.len());
    for r in &rows {
        // Both values were checked finite and >= 0: what is left is
        // about the pair.
        let w = Workload::new(r.contacts, r.aht)
            .map_err(|e| CliError::input_line(&args.input, r.line, e.to_string()))?;
        workloads.push(w);
    }
    let series = IntervalSeries::new(grid, workloads)?;
    let (model, targets) = args
        .lines
        .apply(args.targets.model()?, args.targets.targets()?)?;
    let shrinkage = args.targets.shrinkage();
    let lines = args.lines.lines;
    let staffing = if matches!(model, Model::Chat { .. }) {
        solve_chat_rows(&rows, grid, model, &targets, &args.input)?
    } else {
        solve_rows(&rows, &series, model, &targets, lines, &args.input)?
    };
    let mut headers = vec!["interval_start", "contacts", "aht_s", "load", "agents"];
    if lines.is_some() {
        headers.push("lines");
    }
    headers.extend(["sl", "asa_s", "p_abandon"]);
    if lines.is_some() {
        headers.push("p_blocked");
    }
    headers.extend(["occupancy", "scheduled"]);
    let staffed = args.staffed_column.is_some();
    if staffed {
        headers.extend([
            "staffed",
            "gap",
            "projected_sl",
            "projected_asa_s",
            "projected_p_abandon",
        ]);
        if lines.is_some() {
            headers.push("projected_p_blocked");
        }
    }
    let mut table = Table::new(&headers);
    let projected = if staffed {
        Some(project(
            &rows,
            grid,
            model,
            &targets,
            shrinkage,
            lines,
            &args.input,
        )?)
    } else {
        None
    };
    let mut labels = TimeLabels::new(tz);
    // Forecast volumes are fractional: the table shows them to 2 decimals
    // (2.27 was shown as 2), whole counts as they are.
    let contact_decimals = if rows.iter().all(|r| r.contacts.fract() == 0.0) {
        0
    } else {
        2
    };
    let mut gaps = GapSums::default();
    for (i, (r, s)) in rows.iter().zip(staffing.values()).enumerate() {
        let m = &s.metrics;
        let mut cells = vec![
            labels.cell(r.start),
            Cell::Num(r.contacts, contact_decimals),
            Cell::opt(r.aht_s, 0),
            Cell::Num(m.load, 2),
            Cell::Int(i64::from(s.agents)),
        ];
        if let Some(k) = lines {
            cells.push(Cell::Int(i64::from(k)));
        }
        cells.extend([
            Cell::opt(m.service_level, 3),
            Cell::Num(m.asa_secs, 1),
            Cell::Num(m.prob_abandon, 3),
        ]);
        if lines.is_some() {
            cells.push(Cell::Num(m.prob_blocked, 3));
        }
        let scheduled = s.scheduled_staff(shrinkage)?;
        cells.extend([Cell::Num(m.occupancy, 3), Cell::Num(scheduled, 2)]);
        if let (Some(p), Some(have)) = (&projected, r.staffed) {
            let gap = have - scheduled;
            gaps.add(gap, grid.step_hours());
            cells.extend([Cell::Num(have, 2), Cell::Num(gap, 2)]);
            let at = p.get(i);
            // No contacts: no service to project.
            let shown = at.filter(|x| x.contacts > 0.0);
            let metrics = shown.and_then(|x| x.metrics);
            cells.extend([
                Cell::opt(shown.and_then(|x| x.service_level()), 3),
                Cell::opt(metrics.map(|m| m.asa_secs), 1),
                Cell::opt(metrics.map(|m| m.prob_abandon), 3),
            ]);
            if lines.is_some() {
                cells.push(Cell::opt(metrics.map(|m| m.prob_blocked), 3));
            }
        }
        table.push(cells);
    }
    let Some(p) = projected else {
        return Ok(Output::single(table));
    };
    let mut summary = Table::new(&["measure", "value"]);
    let contacts: f64 = rows.iter().map(|r| r.contacts).sum();
    summary.push(vec![Cell::Text("contacts".into()), Cell::Num(contacts, 2)]);
    summary.push(vec![
        Cell::Text("projected service level".into()),
        Cell::opt(combined_service_level(&p, targets.convention()), 3),
    ]);
    summary.push(vec![
        Cell::Text("intervals short".into()),
        Cell::Int(i64::try_from(gaps.short_intervals).unwrap_or(i64::MAX)),
    ]);
    summary.push(vec![
        Cell::Text("staff hours short".into()),
        Cell::Num(gaps.hours_short, 2),
    ]);
    summary.push(vec![
        Cell::Text("staff hours over".into()),
        Cell::Num(gaps.hours_over, 2),
    ]);
    Ok(Output::sections(vec![
        ("intervals".into(), table),
        ("summary".into(), summary),
    ]))
}

/// Agents per interval for calls (Erlang C or A, optionally on lines),
/// naming the row a failure comes from.
fn solve_rows(
    rows: &[Row],
    series: &IntervalSeries<Workload>,
    model: Model,
    targets: &Targets,
    lines: Option<u32>,
    input: &Path,
) -> Result<IntervalSeries<Staffing>, CliError> {
    let grid = series.grid();
    solve_series(series, model, targets).map_err(|e| {
        // Targets the model lacks are the flags' fault, not a row's.
        if matches!(
            e,
            servops::queue::Error::NoTarget | servops::queue::Error::TargetNotSupported { .. }
        ) {
            return CliError::from(e);
        }
        // Name the row the solver stopped at: the first one that fails on
        // its own (a load past the models' limit, a target out of reach).
        let row = rows.iter().zip(series.values()).find_map(|(r, w)| {
            let solved = w
                .traffic(grid.step())
                .and_then(|t| agents_required(&t, model, targets));
            solved.err().map(|e| (r, e))
        });
        match row {
            // The load is contacts times handle time: no one column's.
            Some((r, e)) => {
                let why = match (lines, &e) {
                    (Some(k), servops::queue::Error::Unreachable { .. }) => format!(
                        "{e}, the number of --lines (a team is never larger than its \
                         lines): give more lines than {k}"
                    ),
                    _ => e.to_string(),
                };
                CliError::input_line(input, r.line, why)
            }
            None => CliError::from(e),
        }
    })
}

/// The chat model of one row: the row's AHT is the handle time of a chat
/// handled alone there, and `--chat-aht` gives the others in proportion
/// (`ChatConcurrency::with_single_chat_aht`). A row without contacts keeps
/// the profile as given (its AHT may be empty).
fn chat_row_model(model: Model, row: &Row, input: &Path) -> Result<(Model, Duration), CliError> {
    match model {
        Model::Chat { concurrency } if row.aht_s.is_some() && row.contacts > 0.0 => {
            let scaled = concurrency
                .with_single_chat_aht(row.aht)
                .map_err(|e| CliError::input_line(input, row.line, e.to_string()))?;
            Ok((
                Model::Chat {
                    concurrency: scaled,
                },
                row.aht,
            ))
        }
        Model::Chat { concurrency } => Ok((model, concurrency.single_chat_aht())),
        _ => Ok((model, row.aht)),
    }
}

/// Agents per interval for live chat: each row solved with its own
/// profile ([`chat_row_model`]).
fn solve_chat_rows(
    rows: &[Row],
    grid: IntervalGrid,
    model: Model,
    targets: &Targets,
    input: &Path,
) -> Result<IntervalSeries<Staffing>, CliError> {
    let step = grid.step();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (row_model, aht) = chat_row_model(model, r, input)?;
        let one = IntervalSeries::new(
            IntervalGrid::new(r.start, step, 1)?,
            vec![
                Workload::new(r.contacts, aht)
                    .map_err(|e| CliError::input_line(input, r.line, e.to_string()))?,
            ],
        )?;
        let solved = solve_series(&one, row_model, targets).map_err(|e| match e {
            // Targets the model lacks are the flags' fault, not a row's.
            servops::queue::Error::NoTarget | servops::queue::Error::TargetNotSupported { .. } => {
                CliError::from(e)
            }
            _ => CliError::input_line(input, r.line, e.to_string()),
        })?;
        out.extend(solved.values().iter().copied());
    }
    Ok(IntervalSeries::new(grid, out)?)
}

/// Staff hours under and over the requirement.
#[derive(Debug, Default)]
struct GapSums {
    short_intervals: usize,
    hours_short: f64,
    hours_over: f64,
}

impl GapSums {
    fn add(&mut self, gap: f64, hours: f64) {
        if gap < 0.0 {
            self.short_intervals += 1;
            self.hours_short -= gap * hours;
        } else {
            self.hours_over += gap * hours;
        }
    }
}

/// The service each row's scheduled staff gives: on the phones
/// `staffed x (1 - shrinkage)`; with lines rounded down to whole agents
/// (only a whole agent takes a line) and at most the lines (more agents
/// than lines have no call to take); for chat rounded down to whole
/// agents as well, each row with its own profile ([`chat_row_model`]).
fn project(
    rows: &[Row],
    grid: IntervalGrid,
    model: Model,
    targets: &Targets,
    shrinkage: f64,
    lines: Option<u32>,
    input: &Path,
) -> Result<Vec<Projected>, CliError> {
    let step = grid.step();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut on_phone = r.staffed.unwrap_or(0.0) * (1.0 - shrinkage);
        if let Some(k) = lines {
            // As `plan` counts them: whole agents, forgiving rounding.
            on_phone = servops::plan::whole_agents(on_phone).min(f64::from(k));
        }
        // Only a whole agent holds chats, too.
        let (row_model, aht) = chat_row_model(model, r, input)?;
        if matches!(model, Model::Chat { .. }) {
            on_phone = servops::plan::whole_agents(on_phone);
        }
        let one = IntervalGrid::new(r.start, step, 1)?;
        let series = |v: f64| IntervalSeries::new(one, vec![v]);
        // An interval without contacts may have no handle time; it does
        // not enter a load of 0.
        let aht_s = match model {
            Model::Chat { .. } => aht.as_secs_f64(),
            _ => r.aht_s.unwrap_or(1.0),
        };
        let p = projection_stage(
            &series(r.contacts)?,
            &series(aht_s)?,
            &series(on_phone)?,
            row_model,
            targets,
        )
        .map_err(|e| CliError::input_line(input, r.line, e.to_string()))?;
        out.extend(p.values().iter().copied());
    }
    Ok(out)
}
