//! `servops plan`: history in, the whole weekly plan out (forecast with its
//! band, agents required, shifts and breaks, projected service, cost), with
//! an optional HTML report and roster CSV.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use servops::core::chrono::{NaiveDate, NaiveTime};
use servops::core::chrono_tz::Tz;
use servops::core::{IntervalGrid, IntervalSeries};
use servops::cost::Decimal;
use servops::forecast::{Backtest, BestPick, CsvSpec, History, TimestampFormat, read_csv};
use servops::plan::{Plan, PlanHistory, PlanModel, PlanSettings, PlanTo, plan};
use servops::schedule::{BreakRule, Pay, ShiftTemplate, SolveOptions};

use crate::config::Section;
use crate::error::CliError;
use crate::history::{HistoryArgs, HistoryColumns, check_history, history_error};
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::report::Report;
use crate::schedule::{MethodName, SizeAdvice, too_large_advice};
use crate::targets::{LineArgs, ModelName, TargetArgs};
use crate::timelabel::TimeLabels;

/// The shipped example history (Anonymous Bank, Jan-Feb 1999, half hours).
const EXAMPLE_DATA: &str = include_str!("../../../data/anonymous_bank_jan_feb_1999_30min.csv");
const EXAMPLE_NAME: &str = "data/anonymous_bank_jan_feb_1999_30min.csv";

/// Arguments of `servops plan`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The history has one row per interval with an interval start, contacts offered,
contacts handled and their total handle seconds (and, for Erlang A, queue
wait seconds and abandons from the queue):
  start,offered,served,abandoned_queue,handle_s_sum,wait_s_sum
  1999-02-14 07:00,120,101,9,18204,2311
A chat plan (--model chat) staffs by its --chat-aht profile and does not
use the handle columns; a chat history may leave them out.

When the file goes on past the history into the plan days (a backtest of
the plan), the summary gives the plan days with actuals and the interval
WAPE of the forecast over exactly the plan intervals with an actual.

Examples:
  servops plan --example --report plan.html
  servops plan history.csv --tz Europe/London --first-day 2026-03-02 --hours 'mon-fri=08:00-20:00' \\
      --sl 80% --within 20s --model erlang-a --shrinkage 30% --hourly-rate 28.50 --report plan.html
  servops plan chats.csv --first-day 2026-03-02 --model chat --chat-aht 6m,8m,11m --sl 80% --within 60s"
)]
pub struct PlanArgs {
    /// History CSV (leave out with --example)
    pub input: Option<PathBuf>,
    /// Plan the shipped example: the Anonymous Bank's week of 1999-02-21 from the weeks before it
    #[arg(long, conflicts_with = "input", overrides_with = "no_example")]
    pub example: bool,
    /// Do not plan the example, overriding `example = true` in the --config file (the last of --example and --no-example given counts)
    #[arg(long, overrides_with = "example")]
    pub no_example: bool,
    /// Where the history sits in time and which days to plan
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Staff for this quantile of forecast volume (e.g. 0.8) instead of the mean
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub quantile: Option<f64>,
    /// Loaded cost per paid agent hour [default: 30]
    #[arg(long, allow_hyphen_values = true, value_parser = crate::cost::plain_decimal)]
    pub hourly_rate: Option<Decimal>,
    /// Time limit of the shift solver [default: 10s; 3s with --example]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub time_limit: Option<Duration>,
    /// How the shift model is solved, as `servops schedule --method` [default: auto]
    #[arg(long, value_enum)]
    pub schedule_method: Option<MethodName>,
    /// Write the HTML report here
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Write the roster (shifts and breaks) as CSV here
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// Column names: contacts handled [default: served]
    #[arg(long = "handled-column", value_name = "HANDLED_COLUMN")]
    pub handled_column_flag: Option<String>,
    /// The contacts handled column in effect, set by `run`.
    #[arg(skip = String::from("served"))]
    pub handled_column: String,
    /// Column names: total handle seconds [default: handle_s_sum]
    #[arg(long = "handle-column", value_name = "HANDLE_COLUMN")]
    pub handle_column_flag: Option<String>,
    /// The handle seconds column in effect, set by `run`.
    #[arg(skip = String::from("handle_s_sum"))]
    pub handle_column: String,
    /// Column names: total queue wait seconds (for the Erlang A patience) [default: wait_s_sum]
    #[arg(long = "wait-column", value_name = "WAIT_COLUMN")]
    pub wait_column_flag: Option<String>,
    /// The queue wait seconds column in effect, set by `run`.
    #[arg(skip = String::from("wait_s_sum"))]
    pub wait_column: String,
    /// Column names: abandons from the queue (for the Erlang A patience) [default: abandoned_queue]
    #[arg(long = "abandoned-column", value_name = "ABANDONED_COLUMN")]
    pub abandoned_column_flag: Option<String>,
    /// The queue abandons column in effect, set by `run`.
    #[arg(skip = String::from("abandoned_queue"))]
    pub abandoned_column: String,
    /// Targets, model and shrinkage
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Finite trunk lines
    #[command(flatten)]
    pub lines: LineArgs,
}

/// The default shift templates: 8 h paid with two paid 15-minute breaks and
/// an unpaid 30-minute lunch; 6 h paid with a paid break and an unpaid
/// lunch; 4 h with one paid break. All start on the half hour, from
/// `earliest` (or their latest start, if that is earlier) to a start that
/// ends them by midnight.
pub fn default_templates(
    rate: Decimal,
    earliest: NaiveTime,
) -> Result<Vec<ShiftTemplate>, CliError> {
    let m = |x: u64| Duration::from_secs(60 * x);
    let at = |h: u32, mi: u32| NaiveTime::from_hms_opt(h, mi, 0).unwrap_or(NaiveTime::MIN);
    let lib = |e: servops::schedule::Error| CliError::Library(e.into());
    let eight = ShiftTemplate::builder("8h")
        .span(m(510))
        .start_window(earliest.min(at(15, 30)), at(15, 30))
        .start_step(m(30))
        .hourly_rate(rate)
        .breaks(vec![
            BreakRule::new(m(15), Pay::Paid, m(90), m(150)).map_err(lib)?,
            BreakRule::new(m(30), Pay::Unpaid, m(210), m(300)).map_err(lib)?,
            BreakRule::new(m(15), Pay::Paid, m(360), m(420)).map_err(lib)?,
        ])
        .build()
        .map_err(lib)?;
    let six = ShiftTemplate::builder("6h")
        .span(m(390))
        .start_window(earliest.min(at(17, 30)), at(17, 30))
        .start_step(m(30))
        .hourly_rate(rate)
        .breaks(vec![
            BreakRule::new(m(15), Pay::Paid, m(60), m(120)).map_err(lib)?,
            BreakRule::new(m(30), Pay::Unpaid, m(180), m(240)).map_err(lib)?,
        ])
        .build()
        .map_err(lib)?;
    let four = ShiftTemplate::builder("4h")
        .span(m(240))
        .start_window(earliest.min(at(20, 0)), at(20, 0))
        .start_step(m(30))
        .hourly_rate(rate)
        .breaks(vec![
            BreakRule::new(m(15), Pay::Paid, m(90), m(150)).map_err(lib)?,
        ])
        .build()
        .map_err(lib)?;
    Ok(vec![eight, six, four])
}

/// The most contacts a forecast interval holds (the forecast's limit on a
/// mean).
const MAX_CONTACTS: f64 = 1e10;

/// Refuses a history whose column `name` (contacts offered or handled)
/// holds more than [`MAX_CONTACTS`] in a row, at that row's line and
/// column, quoting the cell as written: a forecast from such a row is
/// refused naming no row, or, past about 1e200, overflows to a forecast of
/// 0. Empty or unreadable cells are the history reader's business.
pub fn check_contact_counts(input: &[u8], path: &Path, names: &[&str]) -> Result<(), CliError> {
    let mut rows = crate::parse::CsvRows::new(path, input)?;
    let headers = rows.headers().clone();
    let mut columns: Vec<(usize, &str)> = Vec::new();
    for n in names {
        if let Some(c) = crate::parse::find_column(&headers, n, path, rows.header_line())? {
            columns.push((c, *n));
        }
    }
    while let Some((record, line)) = rows.next_row()? {
        for &(c, name) in &columns {
            if let Some(message) = record.get(c).and_then(|cell| too_many_contacts(name, cell)) {
                return Err(CliError::input(path, line, c + 1, message));
            }
        }
    }
    Ok(())
}

/// The message for a cell of column `name` holding more than
/// [`MAX_CONTACTS`], if it does.
fn too_many_contacts(name: &str, cell: &str) -> Option<String> {
    let text = cell.trim();
    let v = text.parse::<f64>().ok()?;
    (v.is_finite() && v > MAX_CONTACTS).then(|| {
        format!("{name} {text} is more than the {MAX_CONTACTS:e} contacts an interval can hold")
    })
}

/// The columns of a history row that size the plan, to refuse a row too big
/// to plan for at its own line: otherwise the forecast, staffing or
/// scheduling of the whole history fails naming no row.
struct RowSize {
    offered: Option<usize>,
    handled: Option<usize>,
    seconds: Option<usize>,
    step_secs: f64,
}

impl RowSize {
    /// Checks one row: at most [`MAX_CONTACTS`] offered and handled, and
    /// neither its handle seconds nor its offered contacts at its handle
    /// time keep more agents busy than a schedule rosters
    /// ([`MAX_REQUIREMENT`](servops::schedule::MAX_REQUIREMENT)). Empty
    /// or unreadable cells are the history reader's business.
    fn check(
        &self,
        record: &csv::StringRecord,
        line: u64,
        path: &Path,
        args: &PlanArgs,
    ) -> Result<(), CliError> {
        let num = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .and_then(|s| s.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
        };
        let (offered, handled, seconds) = (num(self.offered), num(self.handled), num(self.seconds));
        let most = servops::schedule::MAX_REQUIREMENT;
        let at = |c: Option<usize>, message: String| {
            CliError::input(path, line, c.map_or(1, |c| c + 1), message)
        };
        for (c, name) in [
            (self.offered, &args.history.volume_column),
            (self.handled, &args.handled_column),
        ] {
            if let Some(message) = c
                .and_then(|c| record.get(c))
                .and_then(|cell| too_many_contacts(name, cell))
            {
                return Err(at(c, message));
            }
        }
        if let Some(secs) = seconds {
            let busy = secs / self.step_secs;
            if busy > most {
                return Err(at(
                    self.seconds,
                    format!(
                        "{} {secs} s of handle time keeps {busy:.4e} agents busy all interval: a plan rosters at most {most:e}",
                        args.handle_column
                    ),
                ));
            }
            if let (Some(n), Some(h)) = (offered, handled.filter(|h| *h > 0.0)) {
                let load = n * (secs / h) / self.step_secs;
                if load > most {
                    return Err(at(
                        self.offered,
                        format!(
                            "{} {n} contacts at the row's handle time of {:.1} s are a load of {load:.4e} erlangs: a plan rosters at most {most:e} agents",
                            args.history.volume_column,
                            secs / h
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The history and the actuals of the plan days, read from CSV text.
struct Loaded {
    history: PlanHistory,
    actual: Option<IntervalSeries<Option<f64>>>,
    first_day: NaiveDate,
    history_days: IntervalSeries<Option<f64>>,
    /// Intervals missing from the file (reported, never filled).
    missing: crate::history::Missing,
    /// Whether the file has the queue wait and abandon columns.
    abandonment_columns: bool,
}

fn load(
    text: &str,
    path: &Path,
    args: &PlanArgs,
    tz: Tz,
    step: Duration,
) -> Result<Loaded, CliError> {
    // A chat plan does not use the history's handle times (its profile
    // is --chat-aht's): a history without those columns is read by volume.
    let chat_h1 = match args.targets.model {
        Some(ModelName::Chat) => args.targets.chat_aht.first().copied(),
        _ => None,
    };
    let volume_only = chat_h1.is_some() && !has_columns(text, path, args)?;
    let mut spec = CsvSpec::new(
        &args.history.time_column,
        &args.history.volume_column,
        step,
        tz,
        TimestampFormat::Either,
    );
    let mut values = vec![args.history.volume_column.as_str()];
    if !volume_only {
        spec = spec.with_handle_time(&args.handled_column, &args.handle_column);
        values.extend([args.handled_column.as_str(), args.handle_column.as_str()]);
    }
    let columns = HistoryColumns {
        time: &args.history.time_column,
        values,
    };
    check_history(text.as_bytes(), path, &columns, step)?;
    let data = read_csv(text.as_bytes(), &spec)
        .map_err(|e| history_error(e, text.as_bytes(), path, &columns))?;
    // As `forecast`: the gaps are reported and the days they fall on are
    // left out of the forecast and handle-time fits; nothing is filled.
    let calendar = args.history.calendar(tz)?;
    let missing = crate::history::report_gaps(&data.gaps, step, path, &calendar);
    let (handled, seconds) = match (data.handled, data.handle_seconds, chat_h1) {
        (Some(handled), Some(seconds), _) => (handled, seconds),
        // Chats handled as offered at the profile's h_1: never read (the
        // chat plan skips the handle-time stage), only a valid history.
        (_, _, Some(h1)) => {
            let h1 = h1.as_secs_f64();
            (data.volume.clone(), data.volume.map(|v| v.map(|n| n * h1)))
        }
        _ => {
            return Err(CliError::Usage(
                "the history has no handle-time columns".into(),
            ));
        }
    };
    let grid = *data.volume.grid();
    let last_date = grid
        .local_date(grid.len().saturating_sub(1), tz)
        .ok_or_else(|| CliError::Usage("the history is empty".into()))?;
    let first_day = args
        .history
        .first_day
        .unwrap_or_else(|| last_date.succ_opt().unwrap_or(last_date));
    let cut = (0..grid.len())
        .find(|&i| grid.local_date(i, tz).is_some_and(|d| d >= first_day))
        .unwrap_or(grid.len());
    if cut == 0 {
        return Err(CliError::Usage(format!(
            "the history has no days before the plan's first day {first_day}"
        )));
    }
    let before = |s: &IntervalSeries<Option<f64>>| s.slice(..cut);
    let volume = before(&data.volume)?;
    let mut history = PlanHistory::new(volume.clone(), before(&handled)?, before(&seconds)?)?;

    let mut rows = crate::parse::CsvRows::new(path, text.as_bytes())?;
    let headers = rows.headers().clone();
    let header_line = rows.header_line();
    let col = |name: &str| crate::parse::find_column(&headers, name, path, header_line);
    let size = RowSize {
        offered: col(&args.history.volume_column)?,
        handled: col(&args.handled_column)?,
        seconds: col(&args.handle_column)?,
        step_secs: step.as_secs_f64(),
    };
    // Abandonment totals over the history, for Erlang A's patience.
    let patience = match (
        col(&args.history.time_column)?,
        col(&args.wait_column)?,
        col(&args.abandoned_column)?,
    ) {
        (Some(t), Some(w), Some(a)) => Some((t, w, a)),
        _ => None,
    };
    let (mut wait, mut abandons) = (0.0, 0.0);
    while let Some((record, line)) = rows.next_row()? {
        size.check(record, line, path, args)?;
        let Some((t, w, a)) = patience else {
            continue;
        };
        let day = record
            .get(t)
            .and_then(|s| s.trim().get(..10))
            .and_then(|s| s.parse::<NaiveDate>().ok());
        if day.is_none_or(|d| d >= first_day) {
            continue;
        }
        let num = |c: usize, name: &str| -> Result<f64, CliError> {
            let s = record.get(c).unwrap_or("").trim();
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    CliError::input(
                        path,
                        line,
                        c + 1,
                        format!("{name} must be a number >= 0, got `{s}`"),
                    )
                })
        };
        wait += num(w, &args.wait_column)?;
        abandons += num(a, &args.abandoned_column)?;
    }
    if abandons > 0.0 {
        history = history.with_abandonment(wait, abandons)?;
    }
    let actual = if cut < grid.len() {
        Some(data.volume.slice(cut..)?)
    } else {
        None
    };
    Ok(Loaded {
        history,
        actual,
        first_day,
        history_days: volume,
        missing,
        abandonment_columns: patience.is_some(),
    })
}

/// Whether the history's header has both handle-time columns.
fn has_columns(text: &str, path: &Path, args: &PlanArgs) -> Result<bool, CliError> {
    let rows = crate::parse::CsvRows::new(path, text.as_bytes())?;
    let (headers, line) = (rows.headers(), rows.header_line());
    let find = |name: &str| crate::parse::find_column(headers, name, path, line);
    Ok(find(&args.handled_column)?.is_some() && find(&args.handle_column)?.is_some())
}

/// The forecast method: the library's validated week-ahead best pick
/// (docs/forecast.md 2.5; it scores its candidates on the weekly origins
/// the history holds, up to 8), judged by a 2-week rolling backtest for the
/// report and the forecast band.
fn best_pick() -> Result<(BestPick, Backtest), CliError> {
    let lib = |e: servops::forecast::Error| CliError::Library(e.into());
    let method = BestPick::week_ahead(7).map_err(lib)?;
    let judged = Backtest::rolling(7, 7, 2).map_err(lib)?;
    Ok((method, judged))
}

/// Fills the plan's own settings that the command line left out from the
/// configuration section (a flag given overrides its setting; an input
/// file on the command line overrides `example`).
fn merge(args: &mut PlanArgs, cfg: &Section) -> Result<(), CliError> {
    args.quantile = args.quantile.or(cfg.fraction("quantile")?);
    args.hourly_rate = args
        .hourly_rate
        .or(crate::cost::cfg_plain_decimal(cfg, "hourly-rate")?);
    args.report = args.report.take().or(cfg.path("report")?);
    args.lines.merge(cfg)?;
    args.roster = args.roster.take().or(cfg.path("roster")?);
    // A history file on the command line also overrides `example = true`.
    let off = args.no_example || args.input.is_some();
    args.example = cfg.switch(args.example, off, "example")?;
    for (flag, column, key) in [
        (
            &mut args.handled_column_flag,
            &mut args.handled_column,
            "handled-column",
        ),
        (
            &mut args.handle_column_flag,
            &mut args.handle_column,
            "handle-column",
        ),
        (
            &mut args.wait_column_flag,
            &mut args.wait_column,
            "wait-column",
        ),
        (
            &mut args.abandoned_column_flag,
            &mut args.abandoned_column,
            "abandoned-column",
        ),
    ] {
        if let Some(c) = cfg.or_string(flag.take(), key)? {
            *column = c;
        }
    }
    Ok(())
}

/// Runs `servops plan`.
pub fn run(mut args: PlanArgs, cfg: &Section) -> Result<Output, CliError> {
    args.targets.merge(cfg)?;
    args.history.merge(cfg)?;
    args.time_limit = args.time_limit.or(cfg.duration("time-limit")?);
    args.schedule_method = args
        .schedule_method
        .or(MethodName::from_config(cfg, "schedule-method")?);
    merge(&mut args, cfg)?;
    if args.example {
        let h = &mut args.history;
        h.tz = h.tz.take().or(Some("Asia/Jerusalem".into()));
        h.hours = h.hours.take().or(Some(
            "sun-thu=07:00-24:00,fri=07:00-14:00,sat=19:00-24:00".into(),
        ));
        h.first_day = h.first_day.or(NaiveDate::from_ymd_opt(1999, 2, 21));
        args.targets.shrinkage = args.targets.shrinkage.or(Some(0.3));
        // The example should finish in a few seconds: the solver reports
        // its gap to the bound either way.
        args.time_limit = args.time_limit.or(Some(Duration::from_secs(3)));
        if args.targets.model.is_none() {
            args.targets.model = Some(ModelName::ErlangA);
        }
    }
    let tz = args.history.time_zone()?;
    let step = args.history.step();
    let (text, path) = match (&args.input, args.example) {
        (_, true) => (EXAMPLE_DATA.to_string(), PathBuf::from(EXAMPLE_NAME)),
        (Some(p), false) => {
            let mut s = String::new();
            std::fs::File::open(p)
                .and_then(|mut f| f.read_to_string(&mut s))
                .map_err(|source| CliError::Io {
                    path: p.clone(),
                    source,
                })?;
            (s, p.clone())
        }
        (None, false) => {
            return Err(CliError::Usage(
                "give a history CSV, or --example for the shipped example".into(),
            ));
        }
    };

    let progress = ProgressBar::new_spinner();
    progress.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(Duration::from_millis(120));
    progress.set_message("reading the history");

    let loaded = load(&text, &path, &args, tz, step)?;
    let calendar = args.history.calendar(tz)?;
    // Shifts start from the earliest opening of the week (all day without
    // --hours): a fixed 07:00 left a centre open at night uncoverable.
    let earliest = crate::history::WEEK
        .iter()
        .filter_map(|w| calendar.weekday_hours(*w))
        .map(|h| h.open_minute())
        .min()
        .and_then(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0))
        .unwrap_or(NaiveTime::MIN);
    let rate = args.hourly_rate.unwrap_or(Decimal::new(30, 0));
    let templates = default_templates(rate, earliest)?;
    let (method, backtest) = best_pick()?;
    args.targets.check_erlang_a_settings()?;
    // The chat model with its profile (checked: --chat-aht, concavity).
    let queue_model = match args.targets.model {
        Some(ModelName::Chat) => args.targets.model()?,
        _ => servops::queue::Model::ErlangC,
    };
    let model = match (queue_model, args.targets.model, args.targets.patience) {
        (servops::queue::Model::Chat { concurrency }, _, _) => PlanModel::Chat { concurrency },
        (_, Some(ModelName::ErlangA), Some(patience)) => PlanModel::ErlangA { patience },
        (_, Some(ModelName::ErlangA), None) => PlanModel::ErlangAEstimated,
        _ => PlanModel::ErlangC,
    };
    // An estimated patience needs the queue's waits and abandons: say
    // which flags give them (the library names its own API).
    if model == PlanModel::ErlangAEstimated && loaded.history.patience()?.is_none() {
        return Err(CliError::Usage(if loaded.abandonment_columns {
            format!(
                "Erlang A needs a patience: the history's `{}` column has no abandons before {} to estimate it from; give --patience",
                args.abandoned_column, loaded.first_day
            )
        } else {
            format!(
                "Erlang A needs a patience: give --patience, or a history with the columns `{}` and `{}` (--wait-column, --abandoned-column) to estimate it from",
                args.wait_column, args.abandoned_column
            )
        }));
    }
    let plan_to = match args.quantile {
        Some(q) => PlanTo::Quantile(q),
        None => PlanTo::Mean,
    };
    // The lines' blocking goal joins the targets (the model is the plan's).
    let (_, targets) = args.lines.apply(queue_model, args.targets.targets()?)?;
    let mut settings = PlanSettings::new(
        calendar,
        loaded.first_day,
        args.history.days()?,
        method,
        backtest,
        targets,
        templates,
    )?
    .with_model(model)
    .with_shrinkage(args.targets.shrinkage())?
    .with_plan_to(plan_to)?
    .with_solve_options(solve_options(&args));
    if let Some(lines) = args.lines.lines {
        settings = settings.with_lines(lines)?;
    }

    progress.set_message("forecasting, staffing and solving shifts");
    let p = plan(&loaded.history, &settings).map_err(|e| {
        let can = SizeAdvice {
            method_flag: "--schedule-method",
            horizon: "fewer --days",
            templates: None,
        };
        match e {
            servops::Error::Schedule(s) => too_large_advice(&s, &can)
                .or_else(|| crate::schedule::local_interval_message(&s, tz))
                .map_or(CliError::Library(s.into()), CliError::Usage),
            // The plan's backtest is 2 weeks (`best_pick`).
            servops::Error::Forecast(f) => {
                if let Some(e) = crate::forecast::no_handled_contacts(&f, &path) {
                    return e;
                }
                let days = args
                    .history
                    .calendar(tz)
                    .ok()
                    .and_then(|c| History::new(&loaded.history_days, c).ok())
                    .map(|h| h.complete_days());
                let hint = match &args.history.hours {
                    None => crate::history::hours_hint(&loaded.history_days, tz, step),
                    Some(_) => None,
                };
                match days {
                    Some(days) => crate::forecast::short_for_backtest(
                        f,
                        days,
                        2,
                        None,
                        false,
                        hint.as_deref(),
                    ),
                    None => CliError::Library(f.into()),
                }
            }
            servops::Error::Queue(q) if args.lines.lines.is_some() => args.lines.explain(q),
            other => CliError::Library(other),
        }
    })?;
    progress.finish_and_clear();

    if let Some(roster) = &args.roster {
        crate::roster::write_roster(roster, &p.schedule.schedule, tz)?;
    }
    if let Some(path) = &args.report {
        let source = path_label(&path_of(&args));
        let report = build_report(&p, &loaded, &source, tz, &settings, plan_to)?;
        let html = report.to_html().map_err(CliError::Usage)?;
        std::fs::write(path, html).map_err(|source| CliError::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(summarise(&p, &loaded, tz, plan_to))
}

/// The shift solver's options: the time limit and method of the flags.
fn solve_options(args: &PlanArgs) -> SolveOptions {
    let options =
        SolveOptions::default().with_time_limit(args.time_limit.unwrap_or(Duration::from_secs(10)));
    match args.schedule_method {
        Some(m) => options.with_method(m.method()),
        None => options,
    }
}

fn path_of(args: &PlanArgs) -> PathBuf {
    match (&args.input, args.example) {
        (Some(p), false) => p.clone(),
        _ => PathBuf::from(EXAMPLE_NAME),
    }
}

fn path_label(p: &Path) -> String {
    p.display().to_string()
}

fn pct(v: Option<f64>) -> Cell {
    Cell::opt(v.map(|x| 100.0 * x), 1)
}

/// The plan's forecast against the actuals the file holds after the
/// history (a backtest of the plan): over every plan interval with an
/// actual, matched by its start.
#[derive(Debug, Clone, PartialEq)]
struct PlanAccuracy {
    /// Plan days (local dates) with at least one actual.
    days: usize,
    /// sum |forecast - actual| / sum actual over those intervals; `None`
    /// without actuals or when they sum to 0.
    wape: Option<f64>,
}

impl PlanAccuracy {
    fn new(mean: &IntervalSeries<f64>, actual: &IntervalSeries<Option<f64>>, tz: Tz) -> Self {
        let (grid, actual_grid) = (mean.grid(), actual.grid());
        let (mut err, mut tot) = (0.0, 0.0);
        let mut days = std::collections::BTreeSet::new();
        for (i, f) in mean.values().iter().enumerate() {
            // The actual of the interval starting at the same instant.
            let a = grid
                .interval_start(i)
                .and_then(|t| {
                    let j = actual_grid.index_of(t)?;
                    (actual_grid.interval_start(j)? == t).then_some(j)
                })
                .and_then(|j| actual.values().get(j).copied().flatten());
            if let Some(a) = a {
                err += (f - a).abs();
                tot += a;
                if let Some(d) = grid.local_date(i, tz) {
                    days.insert(d);
                }
            }
        }
        PlanAccuracy {
            days: days.len(),
            wape: (tot > 0.0).then(|| err / tot),
        }
    }
}

/// The plan's summary and per-day tables.
fn summarise(p: &Plan, loaded: &Loaded, tz: Tz, plan_to: PlanTo) -> Output {
    let mut summary = Table::new(&["measure", "value"]);
    let mut kv = |k: &str, v: Cell| summary.push(vec![Cell::Text(k.into()), v]);
    kv("plan days", Cell::Int(p.days.len() as i64));
    kv("first day", Cell::Text(loaded.first_day.to_string()));
    let count = |n: usize| Cell::Int(i64::try_from(n).unwrap_or(i64::MAX));
    kv(
        "intervals missing from the history",
        count(loaded.missing.intervals),
    );
    kv("of them in opening hours", count(loaded.missing.open));
    kv(
        "forecast method",
        Cell::Text(p.forecast.backtest.method.to_string()),
    );
    kv(
        "backtest interval WAPE %",
        pct(p.forecast.backtest.pooled.wape),
    );
    kv(
        "backtest daily WAPE %",
        pct(p.forecast.backtest.pooled_daily.wape),
    );
    kv(
        "forecast dispersion",
        Cell::Num(p.forecast.distribution.dispersion(), 4),
    );
    if let Some(actual) = &loaded.actual {
        let accuracy = PlanAccuracy::new(&p.forecast.mean, actual, tz);
        kv("plan days with actuals", count(accuracy.days));
        kv("plan interval WAPE % (vs actual)", pct(accuracy.wape));
    }
    kv(
        "plan to",
        Cell::Text(match plan_to {
            PlanTo::Quantile(q) => format!(
                "quantile {} of each interval's forecast volume",
                crate::output::number_text(q)
            ),
            _ => "forecast mean".into(),
        }),
    );
    kv(
        "expected contacts (forecast mean)",
        Cell::Num(p.expected_contacts, 0),
    );
    kv("contacts staffed for", Cell::Num(p.planned_contacts, 0));
    let erlang_a =
        |patience: Duration| format!("Erlang A, patience {:.0} s", patience.as_secs_f64());
    let model = match p.model {
        servops::queue::Model::ErlangA { patience } => erlang_a(patience),
        servops::queue::Model::FiniteLines { lines, patience } => format!(
            "{}, on {lines} lines",
            patience.map_or_else(|| "Erlang C".to_string(), erlang_a)
        ),
        servops::queue::Model::Chat { concurrency } => chat_model_text(&concurrency),
        _ => "Erlang C".into(),
    };
    kv("model", Cell::Text(model));
    let req_h: f64 = p.days.iter().map(|d| d.required_hours).sum();
    kv("agent-hours required on the phones", Cell::Num(req_h, 1));
    kv("shifts", Cell::Int(p.schedule.schedule.shifts.len() as i64));
    kv("paid hours", Cell::Num(p.paid_hours, 1));
    kv("schedule gap to bound %", pct(p.schedule.report.gap));
    kv(
        "solver seconds",
        Cell::Num(crate::output::millis(p.schedule.report.elapsed), 2),
    );
    kv("cost", crate::cost::amount_2dp(p.cost));
    // Undefined (no contacts) is empty in CSV and null in JSON, as every
    // other undefined value: `-` only in the aligned table.
    let money = |c: Option<Decimal>| c.map_or(Cell::Empty, crate::cost::amount_2dp);
    kv(
        "cost per expected contact",
        money(p.cost_per_expected_contact),
    );
    kv(
        "cost per contact staffed for",
        money(p.cost_per_planned_contact),
    );
    kv(
        "projected service level % at expected volume",
        pct(p.service_level_at_expected),
    );
    kv(
        "projected service level % at volume staffed for",
        pct(p.service_level_at_planned),
    );
    if let servops::queue::Model::FiniteLines { .. } = p.model {
        // Busy signals over offered contacts, summed over the intervals;
        // undefined if an interval with contacts has nobody on the phones.
        let blocked = |xs: &[servops::plan::Projected]| {
            let (mut offered, mut lost) = (0.0, 0.0);
            for x in xs.iter().filter(|x| x.contacts > 0.0) {
                offered += x.contacts;
                lost += x.contacts * x.metrics?.prob_blocked;
            }
            (offered > 0.0).then(|| lost / offered)
        };
        kv(
            "projected busy signals % at expected volume",
            pct(blocked(p.projected_at_expected.values())),
        );
        kv(
            "projected busy signals % at volume staffed for",
            pct(blocked(p.projected.values())),
        );
    }
    kv(
        "intervals under target at volume staffed for",
        Cell::Int(p.misses.len() as i64),
    );

    let mut days = Table::new(&[
        "date",
        "weekday",
        "expected_contacts",
        "staffed_contacts",
        "sl_pct_expected",
        "sl_pct_staffed",
        "required_h",
        "on_phone_h",
    ]);
    for d in &p.days {
        days.push(vec![
            Cell::Text(d.date.to_string()),
            Cell::Text(d.date.format("%a").to_string()),
            Cell::Num(d.expected_contacts, 0),
            Cell::Num(d.planned_contacts, 0),
            pct(d.service_level_at_expected),
            pct(d.service_level_at_planned),
            Cell::Num(d.required_hours, 1),
            Cell::Num(d.on_phone_hours, 1),
        ]);
    }
    let mut misses = Table::new(&["interval", "sl_pct", "target_pct", "agents_short"]);
    let mut labels = TimeLabels::new(tz);
    for m in &p.misses {
        misses.push(vec![
            labels.cell(m.start),
            pct(Some(m.service_level)),
            pct(Some(m.target)),
            Cell::Num(m.agents_short, 2),
        ]);
    }
    Output::sections(vec![
        ("summary".into(), summary),
        ("days".into(), days),
        ("intervals under target".into(), misses),
    ])
}

fn build_report(
    p: &Plan,
    loaded: &Loaded,
    source: &str,
    tz: Tz,
    settings: &PlanSettings,
    plan_to: PlanTo,
) -> Result<Report, CliError> {
    let grid: IntervalGrid = *p.forecast.mean.grid();
    // Time axis in days: day d of the plan spans [d, d + 1) whatever its length.
    let mut xs = vec![0.0; grid.len()];
    let mut day_labels = Vec::new();
    for (d, (date, range)) in grid.local_day_ranges(tz).into_iter().enumerate() {
        let len = range.len().max(1) as f64;
        for (k, i) in range.enumerate() {
            if let Some(x) = xs.get_mut(i) {
                *x = d as f64 + k as f64 / len;
            }
        }
        day_labels.push(date.format("%a %d %b").to_string());
    }
    // The week before the plan, for context.
    let hist = loaded.history_days.values();
    let per_day = (grid.len() / p.days.len().max(1)).max(1);
    let shown = hist.len().min(7 * per_day);
    let history: Vec<(f64, Option<f64>)> = hist
        .iter()
        .skip(hist.len() - shown)
        .enumerate()
        .map(|(j, v)| ((j as f64 - shown as f64) / per_day as f64, *v))
        .collect();
    let summary_output = summarise(p, loaded, tz, plan_to);
    let summary = summary_output
        .first_table()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| {
                    (
                        r.first().map(Cell::text).unwrap_or_default(),
                        r.get(1).map(Cell::text).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let days_table = summary_output.table("days").map(|t| {
        (
            "Days".to_string(),
            t.headers.clone(),
            t.rows
                .iter()
                .map(|r| r.iter().map(Cell::text).collect())
                .collect(),
        )
    });
    let sl_target = settings.targets().service_level().map_or(0.0, |(g, _)| g);
    Ok(Report {
        title: format!(
            "servops plan: {} days from {}",
            p.days.len(),
            loaded.first_day
        ),
        subtitle: format!(
            "history {source}; staffed for {}; {}; shrinkage {:.0} %; band {:.0} %",
            match plan_to {
                PlanTo::Quantile(q) => {
                    format!(
                        "quantile {} of the forecast volume",
                        crate::output::number_text(q)
                    )
                }
                _ => "the forecast mean".into(),
            },
            match settings.targets().service_level() {
                Some((g, t)) => format!("target {:.0} % within {} s", 100.0 * g, t.as_secs()),
                None => "no service-level target".into(),
            },
            100.0 * settings.shrinkage(),
            100.0 * p.forecast.band
        ),
        xs,
        day_labels,
        history,
        forecast: p.forecast.mean.values().to_vec(),
        staffed_for: match plan_to {
            PlanTo::Quantile(q) => Some((
                p.forecast.planned.values().to_vec(),
                format!("staffed for (quantile {})", crate::output::number_text(q)),
            )),
            _ => None,
        },
        band: Some((
            p.forecast.lower.values().to_vec(),
            p.forecast.upper.values().to_vec(),
            format!("{:.0} % interval", 100.0 * p.forecast.band),
        )),
        actual: loaded
            .actual
            .as_ref()
            .map(|a| a.values().iter().take(grid.len()).copied().collect()),
        required: p
            .required
            .values()
            .iter()
            .map(|s| f64::from(s.agents))
            .collect(),
        scheduled: p.on_phone.values().to_vec(),
        service_level: p
            .projected
            .values()
            .iter()
            .map(|x| {
                if x.contacts > 0.0 {
                    x.service_level()
                } else {
                    None
                }
            })
            .collect(),
        service_target: sl_target,
        summary,
        tables: days_table.into_iter().collect(),
    })
}

/// "live chat, up to 3 chats of 360, 480, 660 s[, patience 180 s]; the
/// history's handle times not used".
fn chat_model_text(concurrency: &servops::queue::ChatConcurrency) -> String {
    let times: Vec<String> = concurrency
        .handle_times()
        .iter()
        .map(|h| crate::output::number_text(h.as_secs_f64()))
        .collect();
    let patience = concurrency.patience().map_or_else(String::new, |p| {
        format!(
            ", patience {} s",
            crate::output::number_text(p.as_secs_f64())
        )
    });
    format!(
        "live chat, up to {} chats of {} s{patience}; the history's handle times not used",
        concurrency.max_chats(),
        times.join(", ")
    )
}
