//! Reading interval volumes (and handle time) from CSV.

use std::collections::BTreeMap;
use std::io::Read;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use servops_core::chrono_tz::Tz;
use servops_core::{Disambiguation, IntervalGrid, IntervalSeries, LineTracker, local_to_utc};

use crate::error::{Error, Result, invalid};

/// How timestamps are written in the file.
///
/// # Examples
///
/// ```
/// use servops_forecast::TimestampFormat;
/// assert_ne!(TimestampFormat::Rfc3339, TimestampFormat::Local);
/// assert_ne!(TimestampFormat::Local, TimestampFormat::Either);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimestampFormat {
    /// RFC 3339 with an offset (`2003-03-03T07:00:00Z`).
    Rfc3339,
    /// Local wall-clock time without offset (`2003-03-03 07:00` or
    /// `2003-03-03T07:00:00`), read in the spec's time zone. A wall time
    /// that occurs twice (the repeated hour when summer time ends) is its
    /// first occurrence unless that is not after the row before, then its
    /// second: a file in time order reads through the fold, a third row at
    /// the same wall time is a duplicate, and a fold hour written only once
    /// leaves its second occurrence as a reported gap. A wall time that
    /// does not exist (skipped when summer time starts) is an error.
    Local,
    /// RFC 3339 where the field carries an offset, otherwise a local time
    /// as [`Local`](Self::Local).
    Either,
}

/// Which columns to read and how.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_forecast::{CsvSpec, TimestampFormat};
/// use servops_forecast::chrono_tz::UTC;
/// let spec = CsvSpec::new("start", "calls", Duration::from_secs(1800), UTC, TimestampFormat::Local)
///     .with_handle_time("served", "handle_s_sum");
/// assert_eq!(spec.volume_column(), "calls");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CsvSpec {
    timestamp: String,
    volume: String,
    handled: Option<(String, String)>,
    step: Duration,
    tz: Tz,
    format: TimestampFormat,
}

impl CsvSpec {
    /// Timestamp column (interval start), volume column, interval length,
    /// time zone (for local timestamps) and timestamp format.
    ///
    /// # Examples
    ///
    /// Local wall-clock times in London: 09:00 in July is 08:00 UTC.
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_forecast::{CsvSpec, TimestampFormat, read_csv};
    /// use servops_forecast::chrono_tz::Europe::London;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let spec = CsvSpec::new("start", "calls", Duration::from_secs(1800), London, TimestampFormat::Local);
    /// let data = read_csv("start,calls\n2026-07-01 09:00,12\n2026-07-01 09:30,15\n".as_bytes(), &spec)?;
    /// assert_eq!(data.volume.grid().start(), "2026-07-01T08:00:00Z".parse::<servops_forecast::chrono::DateTime<servops_forecast::chrono::Utc>>()?);
    /// assert_eq!(data.volume.values(), &[Some(12.0), Some(15.0)]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(
        timestamp: &str,
        volume: &str,
        step: Duration,
        tz: Tz,
        format: TimestampFormat,
    ) -> Self {
        Self {
            timestamp: timestamp.into(),
            volume: volume.into(),
            handled: None,
            step,
            tz,
            format,
        }
    }

    /// Also read handled counts and total handle seconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_forecast::{CsvSpec, TimestampFormat, read_csv};
    /// use servops_forecast::chrono_tz::UTC;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let spec = CsvSpec::new("start", "offered", Duration::from_secs(1800), UTC, TimestampFormat::Local)
    ///     .with_handle_time("handled", "handle_s");
    /// let text = "start,offered,handled,handle_s\n2026-03-02 08:00,12,10,1800\n";
    /// let data = read_csv(text.as_bytes(), &spec)?;
    /// assert_eq!(data.handled.ok_or("handled")?.values(), &[Some(10.0)]);
    /// // An AHT of 1800 / 10 = 180 s.
    /// assert_eq!(data.handle_seconds.ok_or("seconds")?.values(), &[Some(1800.0)]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_handle_time(mut self, handled: &str, handle_seconds: &str) -> Self {
        self.handled = Some((handled.into(), handle_seconds.into()));
        self
    }

    /// The volume column's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_forecast::{CsvSpec, TimestampFormat};
    /// use servops_forecast::chrono_tz::UTC;
    /// let spec = CsvSpec::new("start", "offered", Duration::from_secs(900), UTC, TimestampFormat::Rfc3339);
    /// assert_eq!(spec.volume_column(), "offered");
    /// ```
    pub fn volume_column(&self) -> &str {
        &self.volume
    }
}

/// A run of intervals with no row in the file.
///
/// # Examples
///
/// Rows at 08:00 and 09:30 on a 30-minute grid leave 08:30 and 09:00
/// without a row: one gap of two intervals, not filled.
///
/// ```
/// use std::time::Duration;
/// use servops_forecast::{CsvSpec, TimestampFormat, read_csv};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let spec = CsvSpec::new("t", "n", Duration::from_secs(1800), UTC, TimestampFormat::Rfc3339);
/// let data = read_csv("t,n\n2026-03-02T08:00:00Z,5\n2026-03-02T09:30:00Z,7\n".as_bytes(), &spec)?;
/// let gap = data.gaps[0];
/// assert_eq!(gap.start, "2026-03-02T08:30:00Z".parse::<servops_forecast::chrono::DateTime<servops_forecast::chrono::Utc>>()?);
/// assert_eq!(gap.intervals, 2);
/// assert_eq!(data.volume.values(), &[Some(5.0), None, None, Some(7.0)]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Gap {
    /// Start of the first missing interval.
    pub start: DateTime<Utc>,
    /// Number of missing intervals.
    pub intervals: usize,
}

/// What was read: series on the grid from the first to the last timestamp,
/// `None` where the file has no row, and the gaps found.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_forecast::{CsvSpec, TimestampFormat, read_csv};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let spec = CsvSpec::new("t", "n", Duration::from_secs(3600), UTC, TimestampFormat::Rfc3339);
/// let data = read_csv("t,n\n2026-03-02T08:00:00Z,5\n2026-03-02T11:00:00Z,7\n".as_bytes(), &spec)?;
/// assert_eq!(data.rows, 2);
/// assert_eq!(data.volume.len(), 4); // 08:00 to 11:00
/// assert!(data.handled.is_none() && data.handle_seconds.is_none());
/// assert_eq!(data.gaps.len(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CsvData {
    /// Volumes.
    pub volume: IntervalSeries<Option<f64>>,
    /// Handled counts, if asked for.
    pub handled: Option<IntervalSeries<Option<f64>>>,
    /// Handle seconds, if asked for.
    pub handle_seconds: Option<IntervalSeries<Option<f64>>>,
    /// Runs of intervals without a row, in order (nothing is filled).
    pub gaps: Vec<Gap>,
    /// Number of data rows read.
    pub rows: usize,
}

/// Longest span of intervals a file may cover (about 190 years of 5-minute
/// intervals), so a stray far-future timestamp cannot allocate without bound.
///
/// # Examples
///
/// ```
/// assert_eq!(servops_forecast::MAX_INTERVALS, 20_000_000);
/// ```
pub const MAX_INTERVALS: usize = 20_000_000;

/// Line number, volume, and optional (handled, handle seconds) of one row.
type Row = (u64, f64, Option<(f64, f64)>);

/// The 1-based column of a csv error: only a field that is not UTF-8 is
/// one field's fault (a row of the wrong length or bad quoting is not).
fn utf8_column(e: &csv::Error) -> Option<usize> {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => Some(err.field().saturating_add(1)),
        _ => None,
    }
}

/// A value field; `index` is its 0-based position in the row.
fn parse_value(raw: &str, column: &str, line: u64, index: usize) -> Result<f64> {
    let bad = |message: String| Error::Csv {
        line,
        column: Some(index.saturating_add(1)),
        message,
    };
    let v: f64 = raw
        .trim()
        .parse()
        .map_err(|_| bad(format!("{column} {raw:?} is not a number")))?;
    if !(v.is_finite() && v >= 0.0) {
        return Err(bad(format!("{column} must be finite and >= 0, got {raw}")));
    }
    Ok(v)
}

/// The instant of a timestamp field in the 1-based `column`; `previous` is
/// the row before's, which places a wall time that occurs twice (see
/// [`TimestampFormat::Local`]).
fn parse_time(
    raw: &str,
    spec: &CsvSpec,
    (line, column): (u64, usize),
    previous: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>> {
    let raw = raw.trim();
    let bad = |m: String| Error::Csv {
        line,
        column: Some(column),
        message: m,
    };
    let local = |unparsable: &str| {
        let naive = [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .ok_or_else(|| bad(format!("timestamp {raw:?} is {unparsable}")))?;
        let at =
            |d| local_to_utc(naive, spec.tz, d).map_err(|e| bad(format!("timestamp {raw:?}: {e}")));
        match local_to_utc(naive, spec.tz, Disambiguation::Reject) {
            Err(servops_core::Error::AmbiguousLocalTime { .. }) => {
                let first = at(Disambiguation::Earlier)?;
                if previous.is_some_and(|p| first <= p) {
                    at(Disambiguation::Later)
                } else {
                    Ok(first)
                }
            }
            other => other.map_err(|e| bad(format!("timestamp {raw:?}: {e}"))),
        }
    };
    match spec.format {
        TimestampFormat::Rfc3339 => DateTime::parse_from_rfc3339(raw)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| bad(format!("timestamp {raw:?} is not RFC 3339: {e}"))),
        TimestampFormat::Local => local("not a local date and time"),
        TimestampFormat::Either => match DateTime::parse_from_rfc3339(raw) {
            Ok(t) => Ok(t.with_timezone(&Utc)),
            Err(_) => local(
                "neither RFC 3339 (2026-03-02T08:00:00Z) nor a local date and time \
                 (2026-03-02 08:00)",
            ),
        },
    }
}

/// Reads interval volumes (and optional handled counts and handle seconds)
/// from CSV with a header row.
///
/// Rows must be in increasing time order, each timestamp on the grid of
/// `step` from the first one. Missing intervals become `None` and are
/// listed in [`CsvData::gaps`]; nothing is filled or dropped.
///
/// # Errors
///
/// - [`Error::Csv`] with the line number for a missing column, an
///   unparsable, negative or non-finite value, a timestamp that is not
///   valid or off the step, or a CSV syntax error, and the 1-based column
///   of the field at fault where there is one (a value, the timestamp, a
///   field that is not UTF-8);
/// - [`Error::DuplicateTimestamp`] naming both lines;
/// - [`Error::UnsortedTimestamp`] for a timestamp earlier than the one before;
/// - [`Error::Csv`] if the rows span more than [`MAX_INTERVALS`] intervals
///   (at the last row's timestamp);
/// - [`Error::InvalidParameter`] for a file without data rows.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_forecast::{CsvSpec, Error, TimestampFormat, read_csv};
/// use servops_forecast::chrono_tz::UTC;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let spec = CsvSpec::new("t", "n", Duration::from_secs(1800), UTC, TimestampFormat::Rfc3339);
/// let text = "t,n\n2026-03-02T08:00:00Z,5\n2026-03-02T09:00:00Z,7\n";
/// let data = read_csv(text.as_bytes(), &spec)?;
/// assert_eq!(data.volume.values(), &[Some(5.0), None, Some(7.0)]);
/// assert_eq!(data.gaps.len(), 1);
///
/// let dup = "t,n\n2026-03-02T08:00:00Z,5\n2026-03-02T08:00:00Z,7\n";
/// assert!(matches!(read_csv(dup.as_bytes(), &spec), Err(Error::DuplicateTimestamp { first_line: 2, line: 3, .. })));
///
/// let negative = "t,n\n2026-03-02T08:00:00Z,-5\n";
/// let err = read_csv(negative.as_bytes(), &spec).unwrap_err();
/// assert!(matches!(err, Error::Csv { line: 2, column: Some(2), .. }));
/// assert_eq!(err.to_string(), "csv line 2, column 2: n must be finite and >= 0, got -5");
/// # Ok(())
/// # }
/// ```
pub fn read_csv<R: Read>(reader: R, spec: &CsvSpec) -> Result<CsvData> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(LineTracker::new(reader));
    // The header's line, after any blank lines the reader skips.
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(Error::Csv {
                line: e
                    .position()
                    .map_or(1, |p| rdr.get_ref().line_of_record(p.byte())),
                column: utf8_column(&e),
                message: e.to_string(),
            });
        }
    };
    let header_line = headers
        .position()
        .map_or(1, |p| rdr.get_ref().line_of_record(p.byte()));
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| Error::Csv {
                line: header_line,
                column: None,
                message: format!("no column named {name:?}"),
            })
    };
    let ti = col(&spec.timestamp)?;
    let vi = col(&spec.volume)?;
    let hi = match &spec.handled {
        Some((n, s)) => Some((col(n)?, col(s)?)),
        None => None,
    };
    let step_secs = i64::try_from(spec.step.as_secs()).unwrap_or(i64::MAX);
    if step_secs <= 0 {
        return Err(invalid("interval step", format!("{:?}", spec.step), "> 0"));
    }
    let mut rows: BTreeMap<i64, Row> = BTreeMap::new();
    let mut first: Option<DateTime<Utc>> = None;
    let mut prev: Option<(i64, u64)> = None;
    let mut rec = csv::StringRecord::new();
    for k in 0_u64.. {
        // The line of a record or an error, from its byte offset (see
        // `LineTracker`): counting records is wrong after a blank line or a
        // quoted line break, and the csv crate's line count after CRLF.
        let fallback = k.saturating_add(2);
        let more = rdr.read_record(&mut rec).map_err(|e| Error::Csv {
            line: e
                .position()
                .map_or(fallback, |p| rdr.get_ref().line_of_record(p.byte())),
            column: utf8_column(&e),
            message: e.to_string(),
        })?;
        if !more {
            break;
        }
        let line = rec
            .position()
            .map_or(fallback, |p| rdr.get_ref().line_of_record(p.byte()));
        let field = |i: usize, name: &str| {
            rec.get(i).ok_or_else(|| Error::Csv {
                line,
                column: Some(i.saturating_add(1)),
                message: format!("missing field {name}"),
            })
        };
        let time_column = ti.saturating_add(1);
        let raw_t = field(ti, &spec.timestamp)?;
        let previous = first.zip(prev).and_then(|(f, (p, _))| {
            f.checked_add_signed(chrono::TimeDelta::try_seconds(p.checked_mul(step_secs)?)?)
        });
        let t = parse_time(raw_t, spec, (line, time_column), previous)?;
        let f0 = *first.get_or_insert(t);
        let offset = t.signed_duration_since(f0).num_seconds();
        if offset % step_secs != 0 {
            return Err(Error::Csv {
                line,
                column: Some(time_column),
                message: format!(
                    "timestamp {raw_t} is not on the {} s grid of the first row",
                    step_secs
                ),
            });
        }
        let idx = offset / step_secs;
        if let Some((p, pl)) = prev {
            if idx == p {
                return Err(Error::DuplicateTimestamp {
                    timestamp: raw_t.trim().to_string(),
                    first_line: pl,
                    line,
                });
            }
            if idx < p {
                if let Some((fl, _, _)) = rows.get(&idx) {
                    return Err(Error::DuplicateTimestamp {
                        timestamp: raw_t.trim().to_string(),
                        first_line: *fl,
                        line,
                    });
                }
                return Err(Error::UnsortedTimestamp {
                    line,
                    timestamp: raw_t.trim().to_string(),
                });
            }
        }
        prev = Some((idx, line));
        let v = parse_value(field(vi, &spec.volume)?, &spec.volume, line, vi)?;
        let h = match (&hi, &spec.handled) {
            (Some((a, b)), Some((na, nb))) => Some((
                parse_value(field(*a, na)?, na, line, *a)?,
                parse_value(field(*b, nb)?, nb, line, *b)?,
            )),
            _ => None,
        };
        rows.insert(idx, (line, v, h));
    }
    let (Some(start), Some(last)) = (first, rows.keys().next_back().copied()) else {
        return Err(invalid("data rows", 0, ">= 1"));
    };
    let len = usize::try_from(last + 1).map_err(|_| invalid("data rows", last, "a valid span"))?;
    if len > MAX_INTERVALS {
        return Err(Error::Csv {
            line: rows.values().next_back().map_or(2, |r| r.0),
            column: Some(ti.saturating_add(1)),
            message: format!(
                "the rows span {len} intervals from the first timestamp, more than {MAX_INTERVALS}"
            ),
        });
    }
    let grid = IntervalGrid::new(start, spec.step, len)?;
    let mut vol = vec![None; len];
    let mut handled = vec![None; len];
    let mut secs = vec![None; len];
    for (idx, (_, v, h)) in &rows {
        let i = usize::try_from(*idx).unwrap_or(usize::MAX);
        if let Some(x) = vol.get_mut(i) {
            *x = Some(*v);
        }
        if let Some((n, s)) = h {
            if let Some(x) = handled.get_mut(i) {
                *x = Some(*n);
            }
            if let Some(x) = secs.get_mut(i) {
                *x = Some(*s);
            }
        }
    }
    let mut gaps = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (i, v) in vol.iter().enumerate() {
        match (v, run) {
            (None, None) => run = Some((i, 1)),
            (None, Some((s, n))) => run = Some((s, n + 1)),
            (Some(_), Some((s, n))) => {
                if let Some(t) = grid.interval_start(s) {
                    gaps.push(Gap {
                        start: t,
                        intervals: n,
                    });
                }
                run = None;
            }
            (Some(_), None) => {}
        }
    }
    let n_rows = rows.len();
    let with_h = spec.handled.is_some();
    Ok(CsvData {
        volume: IntervalSeries::new(grid, vol)?,
        handled: if with_h {
            Some(IntervalSeries::new(grid, handled)?)
        } else {
            None
        },
        handle_seconds: if with_h {
            Some(IntervalSeries::new(grid, secs)?)
        } else {
            None
        },
        gaps,
        rows: n_rows,
    })
}
