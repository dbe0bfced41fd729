//! `servops kpi`: contact records in, a KPI table per interval or per day
//! out, with the service-level definitions named in the column headers.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};
use servops::core::IntervalGrid;
use servops::core::chrono::NaiveDate;
use servops::kpi::{
    AbandonTreatment, AbandonmentPolicy, AsaPolicy, Attribution, BadRowPolicy, ComponentSeries,
    ComponentSpec, Components, ContactRecord, CsvSchema, Field, Outcome, ServiceLevelPolicy,
    TimeFormat, read_contacts,
};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::parse::CsvRows;
use crate::staff::time_zone;
use crate::timelabel::TimeLabels;

/// The rows of the KPI table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// One row per interval.
    Interval,
    /// One row per local day.
    Day,
}

/// Arguments of `servops kpi`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The records have one row per contact. Default column names:
  id,channel,queue,arrival,outcome,queue_exit,wait_s,answer,ring_s,end,talk_s,hold_s,acw_s,agent,...
with outcomes answered, abandoned, flowed_out, callback, still_waiting
(rename columns with --column FIELD=HEADER, outcome spellings with --outcome VALUE=OUTCOME).

Service level is shown under two definitions: abandons ignored
(answered within / answered) and abandons counted against
(answered within / (answered + abandoned)).

An answered record with neither an end nor a talk time has an unknown
handle time: it is left out of aht_s (never counted as 0 s) and counted
in handle_unknown, with a warning on stderr.

The last row is the total. In CSV and JSON the first column, row, names
each row's kind (interval or day, and total) and the total's time is
empty (null in JSON), so the time column holds only times; the aligned
table shows total under the times. The input - reads standard input.

Examples:
  servops kpi calls.csv --by day --threshold 20s
  servops kpi calls.csv --tz Asia/Jerusalem --time-format '%Y-%m-%dT%H:%M:%S' \\
      --outcome AGENT=answered --outcome HANG=abandoned --interval 30m --format csv"
)]
pub struct KpiArgs {
    /// Contact records CSV (`-` reads standard input)
    pub input: PathBuf,
    /// Rows per interval or per day [default: interval]
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// Interval length [default: 30m]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Service-level threshold (wait <= threshold meets it) [default: 20s]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub threshold: Option<Duration>,
    /// Abandons at or under this wait are short abandons (columns short_abandoned, abandon_excl_short_pct) [default: 5s]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub short_abandon: Option<Duration>,
    /// Time zone for local times in the file and for days (IANA name) [default: UTC]
    #[arg(long)]
    pub tz: Option<String>,
    /// Format of local times (chrono strftime), e.g. '%Y-%m-%d %H:%M:%S' [default: RFC 3339]
    #[arg(long)]
    pub time_format: Option<String>,
    /// Rename a column: FIELD=HEADER (fields: arrival, outcome, wait, talk, hold, acw, ...)
    #[arg(long = "column")]
    pub columns: Vec<String>,
    /// Map an outcome spelling: VALUE=OUTCOME (answered, abandoned, flowed_out, callback, still_waiting)
    #[arg(long = "outcome")]
    pub outcomes: Vec<String>,
    /// Skip bad rows (each reported on stderr) instead of failing at the first
    #[arg(long, overrides_with = "no_skip_bad_rows")]
    pub skip_bad_rows: bool,
    /// Turn off --skip-bad-rows, overriding `skip-bad-rows = true` in the --config file (the last of --skip-bad-rows and --no-skip-bad-rows given counts)
    #[arg(long, overrides_with = "skip_bad_rows")]
    pub no_skip_bad_rows: bool,
}

fn field(name: &str) -> Option<Field> {
    Field::ALL.iter().copied().find(|f| {
        let h = f.default_header();
        h == name || h.trim_end_matches("_s") == name
    })
}

fn outcome(name: &str) -> Option<Outcome> {
    match name {
        "answered" => Some(Outcome::Answered),
        "abandoned" => Some(Outcome::Abandoned),
        "flowed_out" => Some(Outcome::FlowedOut),
        "callback" => Some(Outcome::Callback),
        "still_waiting" => Some(Outcome::StillWaiting),
        _ => None,
    }
}

/// One row of the table. AHT is over the answered records whose handle
/// time is known (empty when none is); `handle_unknown` counts the others
/// (answered, but neither an end nor a talk time).
fn row(label: Cell, c: &Components) -> Vec<Cell> {
    let pct = |v: Option<f64>| Cell::opt(v.map(|x| 100.0 * x), 1);
    let sl = |t| c.service_level(ServiceLevelPolicy::new(t)).value();
    vec![
        label,
        Cell::Int(c.offered() as i64),
        Cell::Int(c.answered as i64),
        Cell::Int(c.abandoned as i64),
        pct(sl(AbandonTreatment::Ignore)),
        pct(sl(AbandonTreatment::CountAgainst)),
        Cell::opt(c.asa(AsaPolicy::RingExcluded).value(), 1),
        pct(c.abandonment_rate(AbandonmentPolicy::ShortIncluded).value()),
        Cell::opt(c.aht().value(), 1),
        Cell::Int(c.censored as i64),
        Cell::Int(c.short_abandoned as i64),
        pct(c.abandonment_rate(AbandonmentPolicy::ShortExcluded).value()),
        Cell::Int(c.handle_unknown as i64),
    ]
}

/// The line of each record `read_contacts` kept, in file order: every
/// row's line but the `skipped` ones', from the text read (`input`), not
/// the file again, which may have changed since or be a pipe.
fn record_lines(
    path: &Path,
    input: &[u8],
    skipped: &[servops::kpi::Error],
) -> Result<Vec<u64>, CliError> {
    let skipped: std::collections::HashSet<u64> = skipped
        .iter()
        .filter_map(|e| match e {
            servops::kpi::Error::CsvRow { line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    let mut rows = CsvRows::with_flexible(path, input, true)?;
    let mut lines = Vec::new();
    while let Some((_, line)) = rows.next_row()? {
        if !skipped.contains(&line) {
            lines.push(line);
        }
    }
    Ok(lines)
}

/// The name messages give standard input, read for the input `-`.
const STDIN: &str = "<stdin>";

/// The whole input, read once: the file at `path`, or standard input for
/// `-`; and the name messages give it. Every line a message names comes
/// from this text (the header's, a record's), so a pipe or a file changed
/// after the read still gets the lines of what was read.
fn read_input(path: &Path) -> Result<(PathBuf, Vec<u8>), CliError> {
    if path.as_os_str() == "-" {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut text).map_err(|source| {
            CliError::Io {
                path: PathBuf::from(STDIN),
                source,
            }
        })?;
        return Ok((PathBuf::from(STDIN), text));
    }
    let text = std::fs::read(path).map_err(|source| CliError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((path.to_path_buf(), text))
}

/// The line of the header row of `input` (after any blank lines), or the
/// error of a header no command reads (an empty input, another separator).
fn header_line(path: &Path, input: &[u8]) -> Result<u64, CliError> {
    CsvRows::with_flexible(path, input, true).map(|r| r.header_line())
}

/// Runs `servops kpi`.
pub fn run(mut args: KpiArgs, cfg: &Section) -> Result<Output, CliError> {
    args.tz = args.tz.or(cfg.time_zone("tz")?);
    args.interval = args.interval.or(cfg.duration("interval")?);
    args.threshold = args.threshold.or(cfg.duration("threshold")?);
    args.time_format = args.time_format.or(cfg.string("time-format")?);
    args.short_abandon = args.short_abandon.or(cfg.duration("short-abandon")?);
    cfg.known("by");
    if args.by.is_none()
        && let Some(b) = cfg.string("by")?
    {
        args.by = Some(
            By::from_str(&b, true)
                .map_err(|_| cfg.bad("by", &format!("`{b}` must be interval or day")))?,
        );
    }
    for (list, key) in [
        (&mut args.columns, "column"),
        (&mut args.outcomes, "outcome"),
    ] {
        if list.is_empty() {
            *list = cfg.list(key)?.unwrap_or_default();
        } else {
            cfg.known(key);
        }
    }
    args.skip_bad_rows = cfg.switch(args.skip_bad_rows, args.no_skip_bad_rows, "skip-bad-rows")?;
    let tz = time_zone(args.tz.as_deref())?;
    let mut schema = CsvSchema::new();
    if let Some(f) = &args.time_format {
        schema = schema.with_time_format(TimeFormat::local(f.clone(), tz));
    }
    for c in &args.columns {
        let (f, h) = c
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--column `{c}` must be FIELD=HEADER")))?;
        let f = field(f.trim())
            .ok_or_else(|| CliError::Usage(format!("--column: unknown field `{f}`")))?;
        schema = schema.with_column(f, h.trim());
    }
    for o in &args.outcomes {
        let (v, name) = o
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--outcome `{o}` must be VALUE=OUTCOME")))?;
        let out = outcome(name.trim())
            .ok_or_else(|| CliError::Usage(format!("--outcome: unknown outcome `{name}`")))?;
        schema = schema.with_outcome_value(v.trim(), out);
    }
    let (name, text) = read_input(&args.input)?;
    let policy = if args.skip_bad_rows {
        BadRowPolicy::SkipAndReport
    } else {
        BadRowPolicy::Fail
    };
    let read = read_contacts(text.as_slice(), &schema, policy).map_err(|e| match e {
        servops::kpi::Error::CsvRow {
            line,
            field,
            message,
        } => {
            // Without --time-format every instant is read as RFC 3339.
            let message = match &args.time_format {
                None if message.contains("RFC 3339") => format!(
                    "{message}; for local times give --time-format, e.g. '%Y-%m-%d %H:%M:%S' (read in --tz)"
                ),
                // A local time the clocks repeat or skip: the library says
                // to write the offset; show the format that reads it.
                Some(f)
                    if !f.contains("%z")
                        && (message.contains("occurs twice") || message.contains("does not exist")) =>
                {
                    format!(
                        "{message}, e.g. --time-format '{f}%z' with cells ending +0100 or +0000"
                    )
                }
                _ => message,
            };
            CliError::input(&name, line, field, message)
        }
        // Always about the header row (the text is in memory, so no read
        // fails): a header the command cannot read at all (an empty
        // file, another separator) says so.
        servops::kpi::Error::CsvInput { message } => match header_line(&name, &text) {
            Ok(line) => CliError::input_line(&name, line, message),
            Err(e) => e,
        },
        other => CliError::Library(other.into()),
    })?;
    for skipped in &read.skipped {
        eprintln!("servops: skipped: {}: {skipped}", name.display());
    }
    let Some(first) = read.records.iter().map(ContactRecord::arrival).min() else {
        let line = header_line(&name, &text).map_or(2, |l| l.saturating_add(1));
        return Err(CliError::input_line(
            &name,
            line,
            "the file has no contact records",
        ));
    };
    let last = read
        .records
        .iter()
        .map(|r| r.arrival())
        .max()
        .unwrap_or(first);
    let first_day: NaiveDate = first.with_timezone(&tz).date_naive();
    let last_day: NaiveDate = last.with_timezone(&tz).date_naive();
    let days = (last_day - first_day).num_days().max(0) as usize + 1;
    let step = args.interval.unwrap_or(Duration::from_secs(30 * 60));
    // One set of counts per interval: records years apart would allocate
    // gigabytes.
    if days > crate::history::max_days(step) {
        // Name the rows of the earliest and the latest records.
        let lines = record_lines(&name, &text, &read.skipped)?;
        let line_of = |t| {
            read.records
                .iter()
                .position(|r| r.arrival() == t)
                .and_then(|i| lines.get(i).copied())
                .unwrap_or(0)
        };
        return Err(CliError::input(
            &name,
            line_of(last),
            schema.column(Field::Arrival),
            format!(
                "the records span {days} days from {first_day} (line {}) to {last_day} (this line): at most {} intervals of {} min ({} days)",
                line_of(first),
                crate::history::MAX_INTERVALS,
                step.as_secs() / 60,
                crate::history::max_days(step)
            ),
        ));
    }
    let grid = IntervalGrid::local_days(first_day, days, step, tz)?;
    let spec = ComponentSpec::new(args.threshold.unwrap_or(Duration::from_secs(20)))
        .and_then(|s| s.with_short_abandon(args.short_abandon.unwrap_or(Duration::from_secs(5))))
        .map_err(|e| CliError::Library(e.into()))?
        .with_attribution(Attribution::Arrival);
    let series = ComponentSeries::aggregate(&read.records, grid, spec);
    let total = series.total();
    if total.handle_unknown > 0 {
        let aht = if total.handle_known() == 0 {
            "aht_s is left empty"
        } else {
            "left out of aht_s"
        };
        eprintln!(
            "servops: warning: {}: {} of {} answered records have no {} or {} value, so their handle time is unknown: {aht} (column handle_unknown)",
            name.display(),
            total.handle_unknown,
            total.answered,
            schema.column(Field::End),
            schema.column(Field::Talk),
        );
    }
    let by = args.by.unwrap_or(By::Interval);
    let (kind, time_column) = match by {
        By::Day => ("day", "date"),
        By::Interval => ("interval", "interval_start"),
    };
    // The first column names the row's kind for a program (`interval` or
    // `day`, and `total`), so the time column holds only times: the total
    // row's is empty in CSV and null in JSON (it held `total`, which a
    // reader of timestamps fails on), and `total` in the aligned table,
    // which leaves the kind column out.
    let mut table = Table::new(&[
        "row",
        time_column,
        "offered",
        "answered",
        "abandoned",
        "sl_abandons_ignored_pct",
        "sl_abandons_against_pct",
        "asa_s",
        "abandon_pct",
        "aht_s",
        "censored",
        "short_abandoned",
        "abandon_excl_short_pct",
        "handle_unknown",
    ])
    .data_only("row");
    let mut push = |kind: &str, label: Cell, c: &Components| {
        let mut cells = vec![Cell::Text(kind.into())];
        cells.extend(row(label, c));
        table.push(cells);
    };
    match by {
        By::Day => {
            for (date, c) in series.daily(tz) {
                push(kind, Cell::Text(date.to_string()), &c);
            }
        }
        By::Interval => {
            let mut labels = TimeLabels::new(tz);
            for (i, c) in series.components().values().iter().enumerate() {
                if c.offered() == 0 && c.censored == 0 {
                    continue;
                }
                push(kind, labels.opt_cell(grid.interval_start(i)), c);
            }
        }
    }
    push("total", Cell::Label("total".into()), &total);
    Ok(Output::single(table))
}
