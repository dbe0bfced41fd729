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

/// Refuses a history whose rows span more than [`MAX_INTERVALS`] intervals
/// of `step`, at the row that stretches it past them, before the reader
/// lays out every interval between the first and the last row (two rows
/// 900 years apart took 750 MB). Days are read from the first ten
/// characters of `time_column` (`YYYY-MM-DD`); rows without a date there
/// are left to the reader.
pub fn check_span<R: std::io::Read>(
    rows: &mut crate::parse::CsvRows<R>,
    path: &Path,
    time_column: &str,
    step: Duration,
) -> Result<(), CliError> {
    let Some(t) = rows.headers().iter().position(|h| h.trim() == time_column) else {
        return Ok(());
    };
    let most = max_days(step);
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    while let Some((record, line)) = rows.next_row()? {
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
    Ok(())
}

/// Flags describing an interval history and the days to forecast from it.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// First local day to forecast or plan [default: the day after the history]
    #[arg(long)]
    pub first_day: Option<NaiveDate>,
    /// Days to forecast or plan [default: 7]
    #[arg(long)]
    pub days: Option<usize>,
    /// Time zone of the history's local times (IANA name) [default: UTC]
    #[arg(long)]
    pub tz: Option<String>,
    /// Interval length of the history [default: 30m]
    #[arg(long, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Opening hours, e.g. 'mon-fri=08:00-20:00,sat=09:00-13:00' [default: all day]
    #[arg(long)]
    pub hours: Option<String>,
    /// Column names: interval start
    #[arg(long, default_value = "start")]
    pub time_column: String,
    /// Column names: contacts offered
    #[arg(long, default_value = "offered")]
    pub volume_column: String,
    /// Special days: a CSV with columns date,type[,multiplier]; type is
    /// closed, holiday, eve, a weekday (the day behaves like it) or
    /// custom:NAME
    #[arg(long, value_name = "FILE")]
    pub special_days: Option<PathBuf>,
}

impl HistoryArgs {
    /// Fills the zone, interval and hours the command line left out from
    /// the configuration section.
    pub fn merge(&mut self, cfg: &Section) -> Result<(), CliError> {
        self.tz = self.tz.take().or(cfg.string("tz")?);
        self.hours = self.hours.take().or(cfg.string("hours")?);
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
        if let Some(path) = &self.special_days {
            for (date, day) in special_days(path)? {
                calendar = calendar.with_special_day(date, day);
            }
        }
        Ok(calendar)
    }
}

/// Reads a special-day file: a header with `date` and `type` (and
/// optionally `multiplier`), one row per date.
pub fn special_days(path: &Path) -> Result<Vec<(NaiveDate, SpecialDay)>, CliError> {
    let mut rows = crate::parse::CsvRows::open(path)?;
    let headers = rows.headers().clone();
    let find = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(date_col), Some(type_col)) = (find("date"), find("type")) else {
        return Err(CliError::input(
            path,
            rows.header_line(),
            1,
            "the header must name the columns `date` and `type`",
        ));
    };
    let mult_col = find("multiplier");
    let mut out: Vec<(NaiveDate, SpecialDay)> = Vec::new();
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
        if let Some(col) = mult_col.filter(|c| !field(*c).is_empty()) {
            let text = field(col);
            let m: f64 = text.parse().map_err(|_| {
                CliError::input(path, line, col + 1, format!("`{text}` is not a number"))
            })?;
            day = day
                .with_multiplier(m)
                .map_err(|e| CliError::input(path, line, col + 1, e.to_string()))?;
        }
        out.push((date, day));
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
