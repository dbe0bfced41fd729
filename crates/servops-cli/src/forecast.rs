//! `servops forecast`: a history CSV in, a forecast CSV with its band out,
//! beside a backtest accuracy table of every method.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use servops::core::chrono::{Days, NaiveDate, Weekday};
use servops::forecast::{
    AnchoredShape, AnyMethod, Backtest, BacktestReport, BestPick, CatchUp, CsvSpec, DailyAnchors,
    DayOfMonth, DayType, DoubleSeasonal, FittedModel, HandleTime, History, LevelShape, Method,
    MethodName as Named, NegativeBinomial, Reforecast, SeasonalNaive, SvdFactor, TimestampFormat,
    TopDown, WeightedIndex, read_csv,
};

use crate::config::Section;
use crate::error::CliError;
use crate::history::{HistoryArgs, HistoryColumns, check_history, history_error};
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::timelabel::TimeLabels;

/// A forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodName {
    /// Best pick as validated on the bank data: with --days 1, the method
    /// with the lowest backtest error over 20 one-day origins among index,
    /// top-down, double-seasonal and svd-factor; for longer forecasts, a
    /// combination of naive, eight index settings, top-down and four
    /// level-shape settings weighted by their backtest errors at each lead
    /// (8 weekly origins, fewer on a short history)
    Best,
    /// Same interval, same day type, last week.
    Naive,
    /// Weighted average of the last four days of the same type x intraday profile.
    Index,
    /// Holt-Winters on daily totals x intraday profile.
    TopDown,
    /// Taylor's double-seasonal Holt-Winters on the interval series.
    DoubleSeasonal,
    /// A recent day level x day-type factors x a pooled intraday profile.
    LevelShape,
    /// SVD factor model of the day x interval matrix (strong a day ahead).
    SvdFactor,
}

/// Arguments of `servops forecast`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The history has one row per interval: an interval start and a volume.
  start,offered
  1999-02-14 07:00,120

Examples:
  servops forecast history.csv --tz Asia/Jerusalem --volume-column offered --days 7
  servops forecast history.csv --method index --hours 'mon-fri=08:00-20:00' --format csv > forecast.csv
  servops forecast history.csv --day-of-month --days 14
  servops forecast history.csv --tz Asia/Jerusalem --sunset 32.08,34.78 --sunset-days fri,sat
  servops forecast history.csv --special-days holidays.csv --catch-up --rest-days fri,sat
  servops forecast history.csv --aht --handled-column served --handle-column handle_s_sum
  servops forecast today_so_far.csv --first-day 2026-03-02 --days 1 --reforecast

A special-day file lists one date per row:
  date,type,multiplier
  1999-09-20,sat,
  1999-09-19,fri,
  2003-05-26,closed,
  2026-11-27,custom:black friday,1.4"
)]
pub struct ForecastArgs {
    /// History CSV
    pub input: PathBuf,
    /// Where the history sits in time and which days to forecast
    #[command(flatten)]
    pub history: HistoryArgs,
    /// Method [default: best]
    #[arg(long, value_enum)]
    pub method: Option<MethodName>,
    /// Nominal coverage of the forecast band [default: 80%]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::fraction)]
    pub band: Option<f64>,
    /// Backtest origins: weeks of history held out one after another [default: 2]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<usize>)]
    pub backtest_weeks: Option<usize>,
    /// Multiply the method by day-of-month effects estimated from the
    /// history (paydays, start-of-month peaks; needs a few months of history)
    #[arg(long, overrides_with = "no_day_of_month")]
    pub day_of_month: bool,
    /// Turn off --day-of-month, overriding `day-of-month = true` in the --config file (the last of --day-of-month and --no-day-of-month given counts)
    #[arg(long, overrides_with = "day_of_month")]
    pub no_day_of_month: bool,
    /// Anchor the within-day shape of the --sunset-days to sunset at
    /// LAT,LON (degrees, north and east positive), read on the --tz clock:
    /// Sabbath and Ramadan evenings move with it through the year
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
    pub sunset: Option<String>,
    /// Weekdays whose shape follows sunset, with --sunset [default: fri,sat]
    #[arg(long, value_name = "DAYS")]
    pub sunset_days: Option<String>,
    /// Raise the first working day after a holiday (from --special-days)
    /// by the catch-up multiplier estimated from the history's earlier ones
    #[arg(long, overrides_with = "no_catch_up")]
    pub catch_up: bool,
    /// Turn off --catch-up, overriding `catch-up = true` in the --config file (the last of --catch-up and --no-catch-up given counts)
    #[arg(long, overrides_with = "catch_up")]
    pub no_catch_up: bool,
    /// Weekdays a holiday's demand waits over, with --catch-up [default:
    /// the weekdays --hours closes]
    #[arg(long, value_name = "DAYS")]
    pub rest_days: Option<String>,
    /// Also forecast the average handle time of each interval (volume
    /// weighted, falling back to coarser levels where calls are few) and
    /// backtest it by the workload error
    #[arg(long, overrides_with = "no_aht")]
    pub aht: bool,
    /// Turn off --aht, overriding `aht = true` in the --config file (the last of --aht and --no-aht given counts)
    #[arg(long, overrides_with = "aht")]
    pub no_aht: bool,
    /// Update the first forecast day with its actuals so far (the rows of
    /// --first-day already in the file): the rest of the day is rescaled by
    /// the actual-to-forecast ratio, shrunk toward 1 by its noise
    #[arg(long, overrides_with = "no_reforecast")]
    pub reforecast: bool,
    /// Turn off --reforecast, overriding `reforecast = true` in the --config file (the last of --reforecast and --no-reforecast given counts)
    #[arg(long, overrides_with = "reforecast")]
    pub no_reforecast: bool,
    /// Column names: contacts handled, with --aht [default: served]
    #[arg(long = "handled-column", value_name = "HANDLED_COLUMN")]
    pub handled_column_flag: Option<String>,
    /// The contacts handled column in effect, set by `run`.
    #[arg(skip = String::from("served"))]
    pub handled_column: String,
    /// Column names: total handle seconds, with --aht [default: handle_s_sum]
    #[arg(long = "handle-column", value_name = "HANDLE_COLUMN")]
    pub handle_column_flag: Option<String>,
    /// The handle seconds column in effect, set by `run`.
    #[arg(skip = String::from("handle_s_sum"))]
    pub handle_column: String,
}

/// The rest days of `--catch-up`: `Some(None)` for the calendar's closed
/// weekdays, `None` without the flag.
fn catch_up_days(args: &ForecastArgs) -> Result<Option<Option<Vec<Weekday>>>, CliError> {
    if !args.catch_up {
        if args.rest_days.is_some() {
            return Err(CliError::Usage("--rest-days needs --catch-up".into()));
        }
        return Ok(None);
    }
    let Some(days) = &args.rest_days else {
        return Ok(Some(None));
    };
    Ok(Some(Some(weekday_list(days, "--rest-days")?)))
}

/// A comma-separated list of weekdays given to `flag`.
fn weekday_list(text: &str, flag: &str) -> Result<Vec<Weekday>, CliError> {
    text.split(',')
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            d.trim().parse::<Weekday>().map_err(|_| {
                CliError::Usage(format!("{flag}: `{d}` is not a weekday (mon, tue, ...)"))
            })
        })
        .collect()
}

/// The anchors and day types of `--sunset`, from the first history day to
/// the last forecast day.
fn sunset_anchors(
    args: &ForecastArgs,
    tz: servops::core::chrono_tz::Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<(DailyAnchors, Vec<DayType>)>, CliError> {
    let Some(spec) = &args.sunset else {
        if args.sunset_days.is_some() {
            return Err(CliError::Usage(
                "--sunset-days needs --sunset LAT,LON".into(),
            ));
        }
        return Ok(None);
    };
    let bad = |m: String| CliError::Usage(format!("--sunset: {m}"));
    let (lat, lon) = spec
        .split_once(',')
        .ok_or_else(|| bad(format!("`{spec}` must look like 32.08,34.78")))?;
    let num = |s: &str| -> Result<f64, CliError> {
        s.trim()
            .parse::<f64>()
            .map_err(|_| bad(format!("`{s}` is not a number of degrees")))
    };
    let anchors =
        DailyAnchors::sunset(num(lat)?, num(lon)?, tz, from, to).map_err(|e| bad(e.to_string()))?;
    let days = args.sunset_days.as_deref().unwrap_or("fri,sat");
    let types = weekday_list(days, "--sunset-days")?
        .into_iter()
        .map(DayType::Weekday)
        .collect();
    Ok(Some((anchors, types)))
}

fn lib(e: servops::forecast::Error) -> CliError {
    CliError::Library(e.into())
}

/// A handle-time fit on a history without handled contacts in the days it
/// reads, said with the file; `None` for any other error.
pub fn no_handled_contacts(e: &servops::forecast::Error, path: &Path) -> Option<CliError> {
    matches!(e, servops::forecast::Error::NoHandledContacts { .. }).then(|| {
        CliError::Usage(format!(
            "{}: no complete day of the history has a handled contact, so there is no handle \
             time to estimate ({e})",
            path.display()
        ))
    })
}

/// A history too short for a backtest (`Error::TooShort`), said with the
/// history's own count of complete days and what to change: the library
/// counts the days before one backtest origin, which are `weeks` weeks
/// fewer. `fewer_weeks` names the flag that shortens the backtest, if the
/// command has one; `or_method` adds choosing one method (the best pick
/// backtests its candidates again inside those days). Other errors as
/// they are.
pub fn short_for_backtest(
    e: servops::forecast::Error,
    complete_days: usize,
    weeks: usize,
    fewer_weeks: Option<&str>,
    or_method: bool,
    hours: Option<&str>,
) -> CliError {
    if !matches!(e, servops::forecast::Error::TooShort { .. }) {
        return lib(e);
    }
    if let (0, Some(hours)) = (complete_days, hours) {
        return CliError::Usage(format!(
            "{e}: without --hours every day is open for 24 hours, and no day of the history has \
             a row for each of them; if the file holds the opening hours only, give them, for \
             example --hours '{hours}' (the weekdays and the clock span of its rows)"
        ));
    }
    let last = if weeks == 1 {
        "its last week".to_string()
    } else {
        format!("each of its last {weeks} weeks")
    };
    let mut change = vec!["a longer history".to_string()];
    if let Some(flag) = fewer_weeks.filter(|_| weeks > 1) {
        change.push(format!("fewer {flag}"));
    }
    if or_method {
        change.push("one --method".to_string());
    }
    CliError::Usage(format!(
        "{e}: the history has {complete_days} complete days, and the backtest forecasts {last} \
         from only the days before it; give {}",
        change.join(" or ")
    ))
}

/// The `best` method for a forecast of `days` days: the library's
/// validated day-ahead or week-ahead best pick (docs/forecast.md 2.5),
/// which scores its candidates on the origins a short history holds.
fn best_pick(days: usize) -> Result<BestPick, CliError> {
    if days == 1 {
        BestPick::day_ahead()
    } else {
        BestPick::week_ahead(days.min(7))
    }
    .map_err(lib)
}

/// Every method of the accuracy table, each with its default settings.
fn all_methods() -> Result<Vec<AnyMethod>, CliError> {
    Ok(vec![
        SeasonalNaive::new().into(),
        WeightedIndex::new(4).map_err(lib)?.into(),
        TopDown::new().into(),
        DoubleSeasonal::new().into(),
        LevelShape::new().into(),
        SvdFactor::new().into(),
    ])
}

fn accuracy_row(report: &BacktestReport) -> Vec<Cell> {
    let pct = |v: Option<f64>| Cell::opt(v.map(|x| 100.0 * x), 2);
    vec![
        Cell::Text(report.method.to_string()),
        pct(report.pooled.wape),
        pct(report.pooled_daily.wape),
        pct(report.level_oracle().daily_totals),
        pct(report.pooled.smape),
        Cell::opt(report.pooled.mase, 3),
        Cell::opt(report.pooled.rmse, 2),
        Cell::opt(report.pooled.bias, 3),
        Cell::Int(report.pooled.n as i64),
    ]
}

/// Fills the forecast's own settings that the command line left out from
/// the configuration section (a flag given overrides its setting; a switch
/// given on the command line is on whatever the table says).
fn merge(args: &mut ForecastArgs, cfg: &Section) -> Result<(), CliError> {
    cfg.known("method");
    if args.method.is_none()
        && let Some(m) = cfg.string("method")?
    {
        args.method = Some(MethodName::from_str(&m, true).map_err(|_| {
            cfg.bad(
                "method",
                &format!(
                    "`{m}` is not a method (best, naive, index, top-down, double-seasonal, \
                     level-shape or svd-factor)"
                ),
            )
        })?);
    }
    args.backtest_weeks = args.backtest_weeks.or(cfg.count("backtest-weeks")?);
    args.sunset = cfg.or_string(args.sunset.take(), "sunset")?;
    args.sunset_days = cfg.or_string(args.sunset_days.take(), "sunset-days")?;
    args.rest_days = cfg.or_string(args.rest_days.take(), "rest-days")?;
    for (flag, off, key) in [
        (&mut args.day_of_month, args.no_day_of_month, "day-of-month"),
        (&mut args.catch_up, args.no_catch_up, "catch-up"),
        (&mut args.aht, args.no_aht, "aht"),
        (&mut args.reforecast, args.no_reforecast, "reforecast"),
    ] {
        *flag = cfg.switch(*flag, off, key)?;
    }
    if let Some(c) = cfg.or_string(args.handled_column_flag.take(), "handled-column")? {
        args.handled_column = c;
    }
    if let Some(c) = cfg.or_string(args.handle_column_flag.take(), "handle-column")? {
        args.handle_column = c;
    }
    Ok(())
}

/// Runs `servops forecast`.
pub fn run(mut args: ForecastArgs, cfg: &Section) -> Result<Output, CliError> {
    args.history.merge(cfg)?;
    args.band = args.band.or(cfg.fraction("band")?);
    merge(&mut args, cfg)?;
    let catch_up = catch_up_days(&args)?;
    let days = args.history.days()?;
    let band = args.band.unwrap_or(0.8);
    if !(band > 0.0 && band < 1.0) {
        return Err(CliError::Usage(format!(
            "--band {band}: a central band covers more than 0 and less than 100 %"
        )));
    }
    let tz = args.history.time_zone()?;
    let step = args.history.step();
    let mut spec = CsvSpec::new(
        &args.history.time_column,
        &args.history.volume_column,
        step,
        tz,
        TimestampFormat::Either,
    );
    if args.aht {
        spec = spec.with_handle_time(&args.handled_column, &args.handle_column);
    }
    let input = std::fs::read(&args.input).map_err(|source| CliError::Io {
        path: args.input.clone(),
        source,
    })?;
    let mut columns = vec![args.history.volume_column.as_str()];
    if args.aht {
        columns.extend([args.handled_column.as_str(), args.handle_column.as_str()]);
    }
    let columns = HistoryColumns {
        time: &args.history.time_column,
        values: columns,
    };
    check_history(&input, &args.input, &columns, step)?;
    // Contacts offered, and handled with --aht: at most what an interval holds.
    let counts = &columns.values[..if args.aht { 2 } else { 1 }];
    crate::plan::check_contact_counts(&input, &args.input, counts)?;
    let data = read_csv(input.as_slice(), &spec)
        .map_err(|e| history_error(e, &input, &args.input, &columns))?;
    let calendar = args.history.calendar(tz)?;
    crate::history::report_gaps(&data.gaps, step, &args.input, &calendar);
    // With --first-day inside the file, only the days before it are history.
    let cut = match args.history.first_day {
        Some(day) => {
            let g = data.volume.grid();
            (0..g.len())
                .find(|&i| g.local_date(i, tz).is_some_and(|d| d >= day))
                .unwrap_or(g.len())
        }
        None => data.volume.len(),
    };
    if cut == 0 {
        return Err(CliError::Usage(format!(
            "{}: the history has no days before --first-day {}",
            args.input.display(),
            args.history
                .first_day
                .map_or_else(String::new, |d| d.to_string())
        )));
    }
    let volume = data.volume.slice(..cut)?;
    let today = data.volume.slice(cut..)?;
    // Handled contacts and handle seconds, with --aht.
    let handle = match (args.aht, &data.handled, &data.handle_seconds) {
        (false, _, _) => None,
        (true, Some(n), Some(s)) => Some((
            History::new(&n.slice(..cut)?, calendar.clone()).map_err(lib)?,
            History::new(&s.slice(..cut)?, calendar.clone()).map_err(lib)?,
        )),
        (true, _, _) => {
            return Err(CliError::Usage(format!(
                "--aht needs the columns `{}` and `{}` (--handled-column, --handle-column)",
                args.handled_column, args.handle_column
            )));
        }
    };
    let history = History::new(&volume, calendar).map_err(lib)?;
    let first_day = args
        .history
        .first_day
        .unwrap_or_else(|| history.end_date().succ_opt().unwrap_or(history.end_date()));
    let grid = servops::core::IntervalGrid::local_days(first_day, days, step, tz)?;
    let weeks = args.backtest_weeks.unwrap_or(2);
    if weeks == 0 {
        return Err(CliError::Usage(
            "--backtest-weeks must be at least 1".into(),
        ));
    }
    let backtest = Backtest::rolling(7, 7, weeks).map_err(lib)?;

    let mut accuracy = Table::new(&[
        "method",
        "interval_wape_pct",
        "daily_wape_pct",
        "perfect_days_wape_pct",
        "smape_pct",
        "mase",
        "rmse",
        "bias",
        "intervals",
    ]);
    let is_best = matches!(args.method.unwrap_or(MethodName::Best), MethodName::Best);
    let hint = match &args.history.hours {
        None => crate::history::hours_hint(&volume, tz, step),
        Some(_) => None,
    };
    let short = |e, or_method| {
        short_for_backtest(
            e,
            history.complete_days(),
            weeks,
            Some("--backtest-weeks"),
            or_method,
            hint.as_deref(),
        )
    };
    for m in all_methods()? {
        let report = backtest.run(&m, &history).map_err(|e| short(e, false))?;
        accuracy.push(accuracy_row(&report));
    }
    let chosen: AnyOrBest = match args.method.unwrap_or(MethodName::Best) {
        MethodName::Best => AnyOrBest::Best(best_pick(days)?),
        MethodName::Naive => AnyOrBest::One(SeasonalNaive::new().into()),
        MethodName::Index => AnyOrBest::One(WeightedIndex::new(4).map_err(lib)?.into()),
        MethodName::TopDown => AnyOrBest::One(TopDown::new().into()),
        MethodName::DoubleSeasonal => AnyOrBest::One(DoubleSeasonal::new().into()),
        MethodName::LevelShape => AnyOrBest::One(LevelShape::new().into()),
        MethodName::SvdFactor => AnyOrBest::One(SvdFactor::new().into()),
    };
    let first_history_day = history.dates().first().copied().unwrap_or(first_day);
    let last_day = first_day
        .checked_add_days(Days::new(days as u64))
        .unwrap_or(first_day);
    let anchors = sunset_anchors(&args, tz, first_history_day, last_day)?;
    let wrap = Wrap {
        day_of_month: args.day_of_month,
        anchors,
        catch_up,
        short_backtest: &|e| short(e, is_best),
    };
    let (mean, report) = match chosen {
        AnyOrBest::Best(b) => wrap.run(b, &history, &grid, &backtest)?,
        AnyOrBest::One(m) => wrap.run(m, &history, &grid, &backtest)?,
    };
    // The table already holds the single methods without the effect.
    if matches!(args.method.unwrap_or(MethodName::Best), MethodName::Best)
        || args.day_of_month
        || args.sunset.is_some()
        || args.catch_up
    {
        accuracy.push(accuracy_row(&report));
    }
    args.history.check_forecast(&mean, tz)?;
    let distribution = NegativeBinomial::from_backtest(&report);
    let updated = if args.reforecast {
        Some(reforecast(&today, &mean, &report, tz)?)
    } else {
        None
    };
    let aht = match &handle {
        Some((n, s)) => Some(handle_time(n, s, &grid, &backtest, &args.input)?),
        None => None,
    };
    let mut columns = vec!["interval_start", "forecast", "lower", "upper"];
    if aht.is_some() {
        columns.push("aht_s");
    }
    if updated.is_some() {
        columns.extend(["actual", "reforecast"]);
    }
    let mut forecast = Table::new(&columns);
    let mut labels = TimeLabels::new(tz);
    for (i, m) in mean.values().iter().enumerate() {
        let (lo, hi) = distribution.interval(*m, band).map_err(lib)?;
        let mut row = vec![
            labels.opt_cell(grid.interval_start(i)),
            Cell::Num(*m, 2),
            Cell::Num(lo, 0),
            Cell::Num(hi, 0),
        ];
        if let Some((series, _)) = &aht {
            row.push(Cell::opt(series.values().get(i).copied().flatten(), 1));
        }
        if let Some(u) = &updated {
            row.push(Cell::opt(u.actual.get(i).copied(), 0));
            row.push(Cell::opt(u.day.get(i).copied(), 2));
        }
        forecast.push(row);
    }
    let mut sections = vec![("forecast".into(), forecast), ("backtest".into(), accuracy)];
    if let Some((_, table)) = aht {
        sections.push(("aht_backtest".into(), table));
    }
    if let Some(u) = updated {
        let mut t = Table::new(&[
            "intervals_so_far",
            "actual_so_far",
            "forecast_so_far",
            "factor",
        ]);
        t.push(vec![
            Cell::Int(i64::try_from(u.actual.len()).unwrap_or(i64::MAX)),
            Cell::Num(u.actual.iter().sum(), 0),
            Cell::Num(u.forecast_so_far, 2),
            Cell::Num(u.factor, 4),
        ]);
        sections.push(("reforecast".into(), t));
    }
    Ok(Output::sections(sections))
}

/// The first forecast day updated with its actuals so far.
struct Updated {
    /// The actuals of the day's first intervals.
    actual: Vec<f64>,
    /// The forecast of the whole day: the completed intervals as first
    /// forecast, the rest rescaled by `factor`.
    day: Vec<f64>,
    forecast_so_far: f64,
    factor: f64,
}

/// `--reforecast`: the leading observed intervals of the first forecast
/// day (`today`, the file from that day on) update the rest of it, with the
/// shrinkage estimated from the chosen method's backtest.
fn reforecast(
    today: &servops::core::IntervalSeries<Option<f64>>,
    mean: &servops::core::IntervalSeries<f64>,
    report: &BacktestReport,
    tz: servops::core::chrono_tz::Tz,
) -> Result<Updated, CliError> {
    let grid = mean.grid();
    let first = grid
        .local_day_ranges(tz)
        .into_iter()
        .next()
        .ok_or_else(|| CliError::Usage("--reforecast: nothing to forecast".into()))?;
    let (date, range) = first;
    let mut actual = Vec::new();
    for i in range.clone() {
        let value = grid
            .interval_start(i)
            .and_then(|t| today.grid().index_of(t))
            .and_then(|j| today.values().get(j).copied().flatten());
        match value {
            Some(v) => actual.push(v),
            None => break,
        }
    }
    if actual.is_empty() {
        return Err(CliError::Usage(format!(
            "--reforecast needs the actuals so far of {date} in the history file \
             (set --first-day to the day being updated)"
        )));
    }
    let day = mean.values().get(range).unwrap_or(&[]);
    let r = Reforecast::from_backtest(report);
    let done = day.get(..actual.len()).unwrap_or(day);
    let factor = r.factor(done, &actual).map_err(lib)?;
    let updated = r.update(day, &actual).map_err(lib)?;
    Ok(Updated {
        forecast_so_far: done.iter().sum(),
        actual,
        day: updated,
        factor,
    })
}

/// The AHT forecast on `grid` (the model `servops plan` uses) and its
/// backtest table: the workload error per origin, pooled, and pooled with
/// each window's or each day's AHT level made right.
fn handle_time(
    handled: &History,
    seconds: &History,
    grid: &servops::core::IntervalGrid,
    backtest: &Backtest,
    path: &Path,
) -> Result<(servops::core::IntervalSeries<Option<f64>>, Table), CliError> {
    let model = HandleTime::new(30.0).map_err(lib)?;
    let aht = model
        .fit(handled, seconds)
        .map_err(|e| no_handled_contacts(&e, path).unwrap_or_else(|| lib(e)))?
        .predict(grid)
        .map_err(lib)?;
    let report = backtest
        .run_handle_time(&model, handled, seconds)
        .map_err(lib)?;
    let pct = |v: Option<f64>| Cell::opt(v.map(|x| 100.0 * x), 2);
    let mut table = Table::new(&["origin", "workload_error_pct", "handle_hours"]);
    for o in &report.origins {
        table.push(vec![
            Cell::Text(o.origin.to_string()),
            pct(o.error),
            Cell::Num(o.handle_seconds / 3600.0, 1),
        ]);
    }
    let oracle = report.level_oracle();
    let total: f64 = report.origins.iter().map(|o| o.handle_seconds).sum();
    for (label, value) in [
        ("pooled", report.pooled),
        ("pooled, perfect window level", oracle.window_level),
        ("pooled, perfect daily levels", oracle.daily_totals),
    ] {
        table.push(vec![
            Cell::Text(label.into()),
            pct(value),
            Cell::Num(total / 3600.0, 1),
        ]);
    }
    Ok((aht, table))
}

enum AnyOrBest {
    Best(BestPick),
    One(AnyMethod),
}

/// The wrappers the flags put around the chosen method.
struct Wrap<'a> {
    day_of_month: bool,
    anchors: Option<(DailyAnchors, Vec<DayType>)>,
    /// `--catch-up`, with the rest days of `--rest-days` if given.
    catch_up: Option<Option<Vec<Weekday>>>,
    /// The error of a backtest that fails.
    short_backtest: &'a dyn Fn(servops::forecast::Error) -> CliError,
}

impl Wrap<'_> {
    fn run<M: Method + Named + Clone>(
        &self,
        m: M,
        history: &History,
        grid: &servops::core::IntervalGrid,
        backtest: &Backtest,
    ) -> Result<(servops::core::IntervalSeries<f64>, BacktestReport), CliError> {
        match (self.day_of_month, &self.anchors) {
            (false, None) => self.outer(m, history, grid, backtest),
            (true, None) => self.outer(DayOfMonth::new(m), history, grid, backtest),
            (false, Some((a, t))) => {
                self.outer(AnchoredShape::new(m, a.clone(), t), history, grid, backtest)
            }
            (true, Some((a, t))) => self.outer(
                AnchoredShape::new(DayOfMonth::new(m), a.clone(), t),
                history,
                grid,
                backtest,
            ),
        }
    }

    /// The catch-up days around `m` if asked for, then the forecast and
    /// backtest.
    fn outer<M: Method + Named>(
        &self,
        m: M,
        history: &History,
        grid: &servops::core::IntervalGrid,
        backtest: &Backtest,
    ) -> Result<(servops::core::IntervalSeries<f64>, BacktestReport), CliError> {
        match &self.catch_up {
            None => forecast_and_backtest(&m, history, grid, backtest, self.short_backtest),
            Some(rest) => {
                let mut c = CatchUp::new(m);
                if let Some(days) = rest {
                    c = c.with_rest_days(days);
                }
                forecast_and_backtest(&c, history, grid, backtest, self.short_backtest)
            }
        }
    }
}

/// The forecast on `grid` and the backtest of one method, a failed
/// backtest reported by `short_backtest`.
fn forecast_and_backtest<M: Method + Named>(
    method: &M,
    history: &History,
    grid: &servops::core::IntervalGrid,
    backtest: &Backtest,
    short_backtest: &dyn Fn(servops::forecast::Error) -> CliError,
) -> Result<(servops::core::IntervalSeries<f64>, BacktestReport), CliError> {
    Ok((
        method
            .fit(history)
            .map_err(lib)?
            .predict(grid)
            .map_err(lib)?,
        backtest.run(method, history).map_err(short_backtest)?,
    ))
}
