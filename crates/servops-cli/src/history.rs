//! The history flags `servops forecast` and `servops plan` share: where the
//! history sits in time (zone, interval, opening hours), which days to
//! forecast, and which columns hold the interval starts and volumes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use servops::core::chrono::{NaiveDate, Weekday};
use servops::core::chrono_tz::Tz;
use servops::forecast::{Calendar, DayType, OpeningHours, SpecialDay};

use crate::config::Section;
use crate::error::CliError;
use crate::parse;
use crate::staff::time_zone;

/// The days of the week, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The most intervals `forecast` and `plan` forecast: 20,833 days of half
/// hours (`--days 1000000` grew past 3 GB).
pub const MAX_INTERVALS: u64 = 1_000_000;

/// The most days of `step` intervals that hold at most [`MAX_INTERVALS`]
/// intervals (20,833 of half hours).
pub fn max_days(step: std::time::Duration) -> usize {
    let per_day = (86_400 / step.as_secs().max(1)).max(1);
    usize::try_from(MAX_INTERVALS / per_day).unwrap_or(usize::MAX)
}

/// The most gaps [`report_gaps`] lists one by one.
const GAPS_LISTED: usize = 10;

/// Intervals missing from a history, as [`report_gaps`] counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Missing {
    /// Every interval without a row.
    pub intervals: usize,
    /// Those in the calendar's opening hours: each leaves its day out.
    pub open: usize,
}

/// Reports the intervals missing from the history at `path` on standard
/// error. A gap that reaches into the opening hours of `calendar` gets a
/// line of its own (the first ten, then a count of the rest) naming its
/// first missing interval in local time: the forecast library's `History`
/// leaves a day with a missing open interval out of every fit, nothing is
/// filled. Gaps only in closed hours (a file with rows for open hours
/// only) are counted on one line: they are read as closed, as the calendar
/// says. `forecast` and `plan` both go on.
pub fn report_gaps(
    gaps: &[servops::forecast::Gap],
    step: Duration,
    path: &Path,
    calendar: &Calendar,
) -> Missing {
    use servops::core::chrono::Timelike;
    let tz = calendar.time_zone();
    let mut labels = crate::timelabel::TimeLabels::new(tz);
    let step = servops::core::chrono::TimeDelta::from_std(step).unwrap_or_default();
    let open_in = |gap: &servops::forecast::Gap| -> usize {
        (0..gap.intervals)
            .filter(|&k| {
                let local =
                    (gap.start + step * i32::try_from(k).unwrap_or(i32::MAX)).with_timezone(&tz);
                calendar.is_open(local.date_naive(), local.hour() * 60 + local.minute())
            })
            .count()
    };
    let mut missing = Missing::default();
    let (mut listed, mut rest, mut rest_open, mut closed) = (0, 0, 0, 0);
    for gap in gaps {
        let open = open_in(gap);
        missing.intervals += gap.intervals;
        missing.open += open;
        if open == 0 {
            closed += gap.intervals;
        } else if listed < GAPS_LISTED {
            listed += 1;
            eprintln!(
                "servops: warning: {}: {} interval(s) missing from {}, {open} in opening hours: the days they fall on are left out (gaps are reported, never filled)",
                path.display(),
                gap.intervals,
                labels.wall(gap.start)
            );
        } else {
            rest += 1;
            rest_open += open;
        }
    }
    if rest > 0 {
        eprintln!(
            "servops: warning: {}: {rest} more gaps with {rest_open} interval(s) missing in opening hours",
            path.display()
        );
    }
    if closed > 0 {
        eprintln!(
            "servops: warning: {}: {closed} interval(s) in closed hours have no row (read as closed)",
            path.display()
        );
    }
    missing
}

/// The columns of a history that the forecast library reads, in the order
/// it reads them in a row: the interval start, then the values (contacts
/// offered, and handled contacts and handle seconds where asked for).
pub struct HistoryColumns<'a> {
    /// The column of interval starts.
    pub time: &'a str,
    /// The value columns.
    pub values: Vec<&'a str>,
}

impl HistoryColumns<'_> {
    /// The 0-based positions of the time and value columns in `headers`,
    /// or an error at the header naming the first column it lacks.
    fn positions(
        &self,
        headers: &csv::StringRecord,
        path: &Path,
        header_line: u64,
    ) -> Result<(usize, Vec<usize>), CliError> {
        let find = |name: &str| {
            crate::parse::find_column(headers, name, path, header_line)?.ok_or_else(|| {
                CliError::input(
                    path,
                    header_line,
                    name,
                    format!("no column named `{name}` in the header"),
                )
            })
        };
        let time = find(self.time)?;
        let values = self
            .values
            .iter()
            .map(|v| find(v))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((time, values))
    }
}

/// Checks a history (the contents of the file at `path`) before the
/// forecast library reads it, so that what the library would report
/// without the file or a column is reported here with both: a header
/// lacking a column names the column, a row with more or fewer fields
/// than the header names its line (the library quotes the csv crate's
/// line count, wrong after CRLF line ends), a file without data rows says
/// so, and rows spanning more than [`MAX_INTERVALS`] intervals of `step`
/// are refused at the row that stretches them past it, before the reader
/// lays out every interval between the first and the last row (two rows
/// 900 years apart took 750 MB). Days are read from the first ten
/// characters of the time column (`YYYY-MM-DD`); rows without a date there
/// are left to the reader.
pub fn check_history(
    input: &[u8],
    path: &Path,
    columns: &HistoryColumns<'_>,
    step: Duration,
) -> Result<(), CliError> {
    let mut rows = crate::parse::CsvRows::new(path, input)?;
    let (t, _) = columns.positions(rows.headers(), path, rows.header_line())?;
    let most = max_days(step);
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    let mut any = false;
    while let Some((record, line)) = rows.next_row()? {
        any = true;
        let Some(day) = record
            .get(t)
            .and_then(|s| s.trim().get(..10))
            .and_then(|s| s.parse::<NaiveDate>().ok())
        else {
            continue;
        };
        let (first, last) = span.map_or((day, day), |(a, b)| (a.min(day), b.max(day)));
        span = Some((first, last));
        let days = (last - first).num_days().saturating_add(1);
        if usize::try_from(days).map_or(true, |d| d > most) {
            return Err(CliError::input(
                path,
                line,
                t + 1,
                format!(
                    "the history spans {days} days from {first} to {last}: at most {MAX_INTERVALS} intervals of {} min ({most} days)",
                    step.as_secs() / 60
                ),
            ));
        }
    }
    if !any {
        return Err(CliError::input_line(
            path,
            rows.header_line().saturating_add(1),
            "the file has no data rows",
        ));
    }
    Ok(())
}

/// An error of the forecast library's history reader (`read_csv`) on
/// `input`, the contents of the file at `path`, as an error naming the
/// file, the line and the column at fault.
///
/// A row error carries its column where one field is at fault (the
/// interval start, or a value); a duplicate or out-of-order timestamp is
/// the time column's, found in the header. An error without a column is
/// reported by its line alone.
pub fn history_error(
    e: servops::forecast::Error,
    input: &[u8],
    path: &Path,
    columns: &HistoryColumns<'_>,
) -> CliError {
    use servops::forecast::Error;
    let time_column = || {
        let rows = crate::parse::CsvRows::with_flexible(path, input, true).ok()?;
        let (t, _) = columns
            .positions(rows.headers(), path, rows.header_line())
            .ok()?;
        Some(t + 1)
    };
    let (line, column, message) = match e {
        Error::Csv {
            line,
            column,
            message,
            ..
        } => (line, column, message),
        Error::DuplicateTimestamp {
            timestamp,
            first_line,
            line,
        } => (
            line,
            time_column(),
            format!("duplicate timestamp {timestamp} (line {first_line} has it too)"),
        ),
        Error::UnsortedTimestamp { line, timestamp } => (
            line,
            time_column(),
            format!("timestamp {timestamp} is earlier than the one before it"),
        ),
        other => return CliError::Library(other.into()),
    };
    match column {
        Some(column) => CliError::input(path, line, column, message),
        None => CliError::input_line(path, line, message),
    }
}

/// Flags describing an interval history and the days to forecast from it.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// First local day to forecast or plan [default: the day after the history]
    #[arg(long)]
    pub first_day: Option<NaiveDate>,
    /// Days to forecast or plan [default: 7]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<usize>)]
    pub days: Option<usize>,
    /// Time zone of the history's local times (IANA name) [default: UTC]
    #[arg(long)]
    pub tz: Option<String>,
    /// Interval length of the history [default: 30m]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Opening hours, e.g. 'mon-fri=08:00-20:00,sat=09:00-13:00' [default: all day]
    #[arg(long)]
    pub hours: Option<String>,
    /// Column names: interval start [default: start]
    #[arg(long = "time-column", value_name = "TIME_COLUMN")]
    pub time_column_flag: Option<String>,
    /// The interval start column in effect (the flag, the setting or the
    /// default), set by [`HistoryArgs::merge`].
    #[arg(skip = String::from("start"))]
    pub time_column: String,
    /// Column names: contacts offered [default: offered]
    #[arg(long = "volume-column", value_name = "VOLUME_COLUMN")]
    pub volume_column_flag: Option<String>,
    /// The contacts offered column in effect, set by [`HistoryArgs::merge`].
    #[arg(skip = String::from("offered"))]
    pub volume_column: String,
    /// Special days: a CSV with columns date,type[,multiplier]; type is
    /// closed, holiday, eve, a weekday (the day behaves like it) or
    /// custom:NAME; the multiplier (0.001 to 1000) scales the day
    #[arg(long, value_name = "FILE")]
    pub special_days: Option<PathBuf>,
}

impl HistoryArgs {
    /// Fills the settings the command line left out from the configuration
    /// section (a flag given overrides its setting).
    pub fn merge(&mut self, cfg: &Section) -> Result<(), CliError> {
        self.first_day = self.first_day.or(cfg.parsed("first-day", |s| {
            s.parse::<NaiveDate>()
                .map_err(|e| format!("{e} (a date such as 2026-03-02)"))
        })?);
        self.days = self.days.or(cfg.count("days")?);
        self.special_days = self.special_days.take().or(cfg.path("special-days")?);
        if let Some(c) = cfg.or_string(self.time_column_flag.take(), "time-column")? {
            self.time_column = c;
        }
        if let Some(c) = cfg.or_string(self.volume_column_flag.take(), "volume-column")? {
            self.volume_column = c;
        }
        self.tz = self.tz.take().or(cfg.time_zone("tz")?);
        if self.hours.is_none() {
            self.hours = cfg.string("hours")?;
            if let Some(h) = &self.hours
                && let Err(e) = opening_hours(h, Tz::UTC)
            {
                let m = e.to_string();
                let m = m.strip_prefix("--hours: ").unwrap_or(&m);
                return Err(cfg.bad("hours", &format!("is not valid: {m}")));
            }
        }
        self.interval = self.interval.or(cfg.duration("interval")?);
        Ok(())
    }

    /// The history's time zone (UTC when none is given).
    pub fn time_zone(&self) -> Result<Tz, CliError> {
        time_zone(self.tz.as_deref())
    }

    /// The interval length (30 minutes when none is given).
    pub fn step(&self) -> Duration {
        self.interval.unwrap_or(Duration::from_secs(30 * 60))
    }

    /// The number of days to forecast (7 when none is given), or a usage
    /// error for 0 days (an empty forecast is never what was asked) or when
    /// they hold more than [`MAX_INTERVALS`] intervals of the step (each
    /// forecast interval costs a few hundred bytes).
    pub fn days(&self) -> Result<usize, CliError> {
        let days = self.days.unwrap_or(7);
        if days == 0 {
            return Err(CliError::Usage("--days must be at least 1".into()));
        }
        let step = self.step();
        if days > max_days(step) {
            return Err(CliError::Usage(format!(
                "--days {days}: at most {MAX_INTERVALS} intervals of the history's step ({} days of {} min)",
                max_days(step),
                step.as_secs() / 60
            )));
        }
        Ok(days)
    }

    /// The calendar: open all day unless `--hours` says otherwise, with the
    /// special days of `--special-days`.
    pub fn calendar(&self, tz: Tz) -> Result<Calendar, CliError> {
        let mut calendar = match &self.hours {
            Some(h) => opening_hours(h, tz)?,
            None => Calendar::new(tz),
        };
        if self.hours.is_some() {
            hours_on_grid(&calendar, self.step())?;
        }
        if let Some(path) = &self.special_days {
            for row in special_days(path)? {
                calendar = calendar.with_special_day(row.date, row.day);
            }
        }
        Ok(calendar)
    }
}

/// The smallest multiplier a special-day file may give a day (the forecast
/// library's [`Calendar::MIN_FACTOR`]).
pub const MIN_MULTIPLIER: f64 = Calendar::MIN_FACTOR;

/// The largest multiplier a special-day file may give a day (the forecast
/// library's [`Calendar::MAX_FACTOR`]).
pub const MAX_MULTIPLIER: f64 = Calendar::MAX_FACTOR;

/// The most contacts a forecast interval may hold (the forecast library's
/// limit on the mean of its band).
pub const MAX_MEAN: f64 = 1e10;

impl HistoryArgs {
    /// Refuses a forecast above [`MAX_MEAN`] contacts an interval at the
    /// row of the special day whose multiplier raised it; other forecasts
    /// pass (the library says what is wrong with them).
    pub fn check_forecast(
        &self,
        mean: &servops::core::IntervalSeries<f64>,
        tz: Tz,
    ) -> Result<(), CliError> {
        let Some(path) = &self.special_days else {
            return Ok(());
        };
        let grid = mean.grid();
        let Some((i, m)) = mean
            .values()
            .iter()
            .enumerate()
            .find(|(_, m)| m.is_nan() || **m > MAX_MEAN)
        else {
            return Ok(());
        };
        let Some(date) = grid.local_date(i, tz) else {
            return Ok(());
        };
        let rows = special_days(path)?;
        let Some(row) = rows
            .iter()
            .find(|r| r.date == date && r.day.multiplier() > 1.0)
        else {
            return Ok(());
        };
        let at = grid.interval_start(i).map_or_else(
            || date.to_string(),
            |t| crate::timelabel::TimeLabels::new(tz).wall(t),
        );
        Err(CliError::input(
            path,
            row.line,
            row.multiplier_column.unwrap_or(1),
            format!(
                "multiplier {} makes the forecast of {at} {m:.4e} contacts: at most {MAX_MEAN:e} an interval",
                row.day.multiplier()
            ),
        ))
    }
}

/// One row of a special-day file.
pub struct SpecialRow {
    /// The date.
    pub date: NaiveDate,
    /// Its type and multiplier.
    pub day: SpecialDay,
    /// The line the row is on.
    pub line: u64,
    /// The 1-based column of its multiplier, when it gives one.
    pub multiplier_column: Option<usize>,
}

/// Reads a special-day file: a header with `date` and `type` (and
/// optionally `multiplier`), one row per date.
pub fn special_days(path: &Path) -> Result<Vec<SpecialRow>, CliError> {
    let mut rows = crate::parse::CsvRows::open(path)?;
    let headers = rows.headers().clone();
    let header_line = rows.header_line();
    let find = |name: &str| crate::parse::find_column(&headers, name, path, header_line);
    let (Some(date_col), Some(type_col)) = (find("date")?, find("type")?) else {
        return Err(CliError::input_line(
            path,
            rows.header_line(),
            "the header must name the columns `date` and `type`",
        ));
    };
    let mult_col = find("multiplier")?;
    let mut out: Vec<SpecialRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while let Some((record, line)) = rows.next_row()? {
        let field = |col: usize| record.get(col).unwrap_or("").trim();
        let date: NaiveDate = field(date_col).parse().map_err(|_| {
            CliError::input(
                path,
                line,
                date_col + 1,
                format!("`{}` is not a date (YYYY-MM-DD)", field(date_col)),
            )
        })?;
        if !seen.insert(date) {
            return Err(CliError::input(
                path,
                line,
                date_col + 1,
                format!("{date} is listed twice"),
            ));
        }
        let day_type =
            day_type(field(type_col)).map_err(|m| CliError::input(path, line, type_col + 1, m))?;
        let mut day = SpecialDay::new(day_type);
        let multiplier_column = mult_col.filter(|c| !field(*c).is_empty()).map(|c| c + 1);
        if let Some(col) = mult_col.filter(|c| !field(*c).is_empty()) {
            let text = field(col);
            let m: f64 = text.parse().map_err(|_| {
                CliError::input(path, line, col + 1, format!("`{text}` is not a number"))
            })?;
            // The library refuses the same range, but without the file,
            // line and column.
            if !(MIN_MULTIPLIER..=MAX_MULTIPLIER).contains(&m) {
                return Err(CliError::input(
                    path,
                    line,
                    col + 1,
                    format!(
                        "multiplier {text} is out of range: a special day's volume is {MIN_MULTIPLIER} to {MAX_MULTIPLIER} times its day type's"
                    ),
                ));
            }
            day = day
                .with_multiplier(m)
                .map_err(|e| CliError::input(path, line, col + 1, e.to_string()))?;
        }
        out.push(SpecialRow {
            date,
            day,
            line,
            multiplier_column,
        });
    }
    Ok(out)
}

/// A special day's type from its name in a special-day file.
fn day_type(text: &str) -> Result<DayType, String> {
    match text.to_ascii_lowercase().as_str() {
        "closed" => Ok(DayType::Closed),
        "holiday" => Ok(DayType::Holiday),
        "eve" => Ok(DayType::HolidayEve),
        lower => {
            if let Some(name) = lower.strip_prefix("custom:") {
                let name = text.get(7..).unwrap_or(name).trim();
                if name.is_empty() {
                    return Err("custom: needs a name, e.g. custom:sale".into());
                }
                return Ok(DayType::Custom(name.to_string()));
            }
            lower.parse::<Weekday>().map(DayType::Weekday).map_err(|_| {
                format!(
                    "`{text}` is not a day type (closed, holiday, eve, a weekday or custom:NAME)"
                )
            })
        }
    }
}

/// Refuses opening or closing times off the interval grid of `step`: an
/// interval is open when its start lies within the hours, so an opening at
/// 08:15 on half hours left 08:00-08:30 closed (no forecast, no staff for
/// the quarter hour open) and a close at 19:45 kept 19:30-20:00 open in
/// full, without a word.
fn hours_on_grid(calendar: &Calendar, step: Duration) -> Result<(), CliError> {
    let step_secs = step.as_secs().max(1);
    for w in WEEK {
        let Some(h) = calendar.weekday_hours(w) else {
            continue;
        };
        for m in [h.open_minute(), h.close_minute()] {
            if u64::from(m) * 60 % step_secs != 0 {
                return Err(CliError::Usage(format!(
                    "--hours: {:02}:{:02} ({}) is not on the {} min interval grid: an interval \
                     is open when it starts within the hours, so the interval holding \
                     {:02}:{:02} would be closed or open in full; give times on the grid, or \
                     a shorter --interval",
                    m / 60,
                    m % 60,
                    w.to_string().to_lowercase(),
                    step_secs / 60,
                    m / 60,
                    m % 60,
                )));
            }
        }
    }
    Ok(())
}

/// Parses opening hours such as `sun-thu=07:00-24:00,fri=07:00-14:00`.
pub fn opening_hours(spec: &str, tz: Tz) -> Result<Calendar, CliError> {
    let bad = |m: String| CliError::Usage(format!("--hours: {m}"));
    let day = |s: &str| -> Result<Weekday, CliError> {
        s.trim()
            .parse::<Weekday>()
            .map_err(|_| bad(format!("`{s}` is not a weekday (mon, tue, ...)")))
    };
    let minute = |s: &str| -> Result<u32, CliError> {
        let (h, m) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| bad(format!("`{s}` is not HH:MM")))?;
        let h: u32 = h.parse().map_err(|_| bad(format!("`{s}` is not HH:MM")))?;
        let m: u32 = m.parse().map_err(|_| bad(format!("`{s}` is not HH:MM")))?;
        if h > 24 || m > 59 || (h == 24 && m > 0) {
            return Err(bad(format!("`{s}` is not a time of day")));
        }
        Ok(h * 60 + m)
    };
    // Every day closed unless listed.
    let mut calendar = Calendar::new(tz).with_weekday_hours(&WEEK, None);
    for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
        let (days, times) = part
            .split_once('=')
            .ok_or_else(|| bad(format!("`{part}` must look like mon-fri=08:00-20:00")))?;
        let (open, close) = times
            .split_once('-')
            .ok_or_else(|| bad(format!("`{times}` must look like 08:00-20:00")))?;
        let hours =
            OpeningHours::new(minute(open)?, minute(close)?).map_err(|e| bad(e.to_string()))?;
        let list: Vec<Weekday> = match days.split_once('-') {
            None => vec![day(days)?],
            Some((a, b)) => {
                let (mut d, end) = (day(a)?, day(b)?);
                let mut v = vec![d];
                while d != end {
                    d = d.succ();
                    v.push(d);
                }
                v
            }
        };
        calendar = calendar.with_weekday_hours(&list, Some(hours));
    }
    Ok(calendar)
}

/// The `--hours` a history's rows suggest, for the error of a history
/// without a complete day read as open all day (no `--hours`): the local
/// weekdays that have a value and the clock span from the earliest start
/// to the latest end of an interval with a value, as
/// `mon-fri=07:00-21:00` (contiguous weekdays) or one entry per weekday.
/// `None` when the values cover whole days or there are none.
pub fn hours_hint(
    series: &servops::core::IntervalSeries<Option<f64>>,
    tz: Tz,
    step: Duration,
) -> Option<String> {
    let grid = series.grid();
    let step_min = u32::try_from(step.as_secs() / 60).ok()?;
    let (mut first, mut last) = (u32::MAX, 0u32);
    let mut days = [false; 7];
    for (i, v) in series.values().iter().enumerate() {
        if v.is_none() {
            continue;
        }
        let (Some(m), Some(w)) = (grid.local_minute_of_day(i, tz), grid.local_weekday(i, tz))
        else {
            continue;
        };
        first = first.min(m);
        last = last.max(m.saturating_add(step_min).min(24 * 60));
        if let Some(d) = days.get_mut(w.num_days_from_monday() as usize) {
            *d = true;
        }
    }
    if first >= last || (first == 0 && last == 24 * 60) {
        return None;
    }
    let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
    let span = format!("{}-{}", hhmm(first), hhmm(last));
    let open: Vec<usize> = (0..7).filter(|&d| days[d]).collect();
    let name = |d: usize| WEEK[d].to_string().to_lowercase();
    let contiguous = open.windows(2).all(|w| w[1] == w[0] + 1);
    Some(match (open.first(), open.last()) {
        (Some(&a), Some(&b)) if contiguous && a != b => format!("{}-{}={span}", name(a), name(b)),
        _ => open
            .iter()
            .map(|&d| format!("{}={span}", name(d)))
            .collect::<Vec<_>>()
            .join(","),
    })
}
