//! The history flags `servops forecast` and `servops plan` share: where the
//! history sits in time (zone, interval, opening hours), which days to
//! forecast, and which columns hold the interval starts and volumes.

use std::time::Duration;

use clap::Args;
use servops::core::chrono::{NaiveDate, Weekday};
use servops::core::chrono_tz::Tz;
use servops::forecast::{Calendar, OpeningHours};

use crate::config::Section;
use crate::error::CliError;
use crate::parse;
use crate::staff::time_zone;

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

    /// The number of days to forecast (7 when none is given).
    pub fn days(&self) -> usize {
        self.days.unwrap_or(7)
    }

    /// The calendar: open all day unless `--hours` says otherwise.
    pub fn calendar(&self, tz: Tz) -> Result<Calendar, CliError> {
        match &self.hours {
            Some(h) => opening_hours(h, tz),
            None => Ok(Calendar::new(tz)),
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
    let all = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let mut calendar = Calendar::new(tz).with_weekday_hours(&all, None);
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
