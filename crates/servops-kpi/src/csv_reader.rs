//! Reading contact records from CSV, with configurable column names and a
//! caller-chosen policy for bad rows.

use std::collections::HashMap;
use std::io::Read;
use std::time::Duration;

use servops_core::chrono::format::{Parsed, StrftimeItems, parse};
use servops_core::chrono::{DateTime, SecondsFormat, Utc};
use servops_core::chrono_tz::Tz;
use servops_core::{Channel, Disambiguation, LineTracker, local_to_utc};

use crate::error::{Error, Result};
use crate::record::{ContactRecord, Outcome};

/// A field of a contact record, as a CSV column.
///
/// The default column name is the field's snake-case name
/// ([`default_header`](Field::default_header)).
///
/// # Examples
///
/// ```
/// use servops_kpi::Field;
/// assert_eq!(Field::QueueExit.default_header(), "queue_exit");
/// assert_eq!(Field::ALL.len(), 18);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Field {
    /// Contact identifier (text).
    Id,
    /// Channel (`voice`, `chat`, `email`, `messaging`, `back_office`).
    Channel,
    /// Queue identifier (text).
    Queue,
    /// Arrival instant (required).
    Arrival,
    /// Outcome (required), mapped through the schema's outcome values.
    Outcome,
    /// Queue-exit instant.
    QueueExit,
    /// Wait in the queue, seconds (alternative to `QueueExit`).
    Wait,
    /// Answer instant.
    Answer,
    /// Ring time, seconds (alternative to `Answer`).
    Ring,
    /// End-of-conversation instant.
    End,
    /// Talk time, seconds (alternative to `End`).
    Talk,
    /// Hold time, seconds.
    Hold,
    /// After-contact work, seconds.
    Acw,
    /// Agent (text).
    Agent,
    /// Customer identifier (text).
    Customer,
    /// Resolved flag (`true`/`false`, `1`/`0`, `yes`/`no`).
    Resolved,
    /// Transferred flag (same spellings as `Resolved`).
    Transferred,
    /// Survey score (finite number).
    Survey,
}

impl Field {
    /// Every field.
    ///
    /// # Examples
    ///
    /// Eighteen fields, each with its own default column name.
    ///
    /// ```
    /// use servops_kpi::Field;
    /// use std::collections::HashSet;
    ///
    /// assert_eq!(Field::ALL.len(), 18);
    /// assert_eq!(Field::ALL[0], Field::Id);
    /// let headers: HashSet<&str> = Field::ALL.iter().map(|f| f.default_header()).collect();
    /// assert_eq!(headers.len(), 18); // no two share a column
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Id,
        Self::Channel,
        Self::Queue,
        Self::Arrival,
        Self::Outcome,
        Self::QueueExit,
        Self::Wait,
        Self::Answer,
        Self::Ring,
        Self::End,
        Self::Talk,
        Self::Hold,
        Self::Acw,
        Self::Agent,
        Self::Customer,
        Self::Resolved,
        Self::Transferred,
        Self::Survey,
    ];

    /// The column name used unless the schema renames it.
    ///
    /// # Examples
    ///
    /// Durations in seconds carry an `_s` suffix; instants do not.
    ///
    /// ```
    /// use servops_kpi::Field;
    ///
    /// assert_eq!(Field::Arrival.default_header(), "arrival");
    /// assert_eq!(Field::Wait.default_header(), "wait_s");
    /// assert_eq!(Field::Acw.default_header(), "acw_s");
    /// ```
    pub fn default_header(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Channel => "channel",
            Self::Queue => "queue",
            Self::Arrival => "arrival",
            Self::Outcome => "outcome",
            Self::QueueExit => "queue_exit",
            Self::Wait => "wait_s",
            Self::Answer => "answer",
            Self::Ring => "ring_s",
            Self::End => "end",
            Self::Talk => "talk_s",
            Self::Hold => "hold_s",
            Self::Acw => "acw_s",
            Self::Agent => "agent",
            Self::Customer => "customer",
            Self::Resolved => "resolved",
            Self::Transferred => "transferred",
            Self::Survey => "survey",
        }
    }
}

/// How instants are written in the file.
///
/// # Examples
///
/// ```
/// use servops_kpi::TimeFormat;
/// use servops_core::chrono_tz::Asia::Jerusalem;
///
/// let f = TimeFormat::local("%Y-%m-%dT%H:%M:%S", Jerusalem);
/// assert_ne!(f, TimeFormat::Rfc3339);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TimeFormat {
    /// RFC 3339 with an offset (`2026-03-02T09:00:00Z`, `...+01:00`),
    /// fractional seconds to the nanosecond; `chrono` drops digits past
    /// the ninth (`09:00:20.0000000001Z` reads as `09:00:20Z`).
    #[default]
    Rfc3339,
    /// Seconds since the Unix epoch (decimals and exponents allowed, read
    /// exactly to the nanosecond; digits past it are dropped towards the
    /// past).
    UnixSeconds,
    /// Wall-clock time in a `chrono` format, in a time zone.
    ///
    /// A time with an offset in the format (`%z`, `%:z`) is read at that
    /// offset. A time without one is read in the zone, and:
    /// - a time the clocks skip (London 2026-03-29 01:30) is a bad row;
    /// - a time the clocks show twice (London 2026-10-25 01:30, at 00:30Z
    ///   and at 01:30Z) is read at the instant the rest of the row allows
    ///   when it allows only one (a call answered at 01:52 and ended at
    ///   01:05 that night was answered in the first 01:52, 00:52Z, and
    ///   ended in the second 01:05, 01:05Z: 13 minutes), and is otherwise a
    ///   bad row naming both instants: records need not be in time order,
    ///   so neither the file order nor a default (the earlier instant) can
    ///   tell which was meant, and a wrong pick is an hour off. Write the
    ///   offset (`%z`) or UTC in such files.
    ///
    /// "Allows" means the record builds ([`ContactRecord::builder`]):
    /// arrival, queue exit (or arrival + `wait_s`), answer (or queue exit
    /// + `ring_s`) and end in order, and the talk time within end − answer.
    Local {
        /// The `chrono` format string, e.g. `%Y-%m-%d %H:%M:%S`.
        format: String,
        /// The time zone of the wall-clock times.
        tz: Tz,
    },
}

impl TimeFormat {
    /// A local wall-clock format in `tz`.
    ///
    /// # Examples
    ///
    /// Jerusalem is UTC+2 in early March 2026 (daylight time starts on
    /// 27 March), so a call at 11:00 local arrived at 09:00 UTC.
    ///
    /// ```
    /// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema, TimeFormat};
    /// use servops_core::chrono_tz::Asia::Jerusalem;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let schema = CsvSchema::new().with_time_format(TimeFormat::local("%Y-%m-%d %H:%M:%S", Jerusalem));
    /// let text = "arrival,outcome,wait_s\n2026-03-02 11:00:00,answered,5\n";
    /// let read = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail)?;
    /// assert_eq!(read.records[0].arrival().to_rfc3339(), "2026-03-02T09:00:00+00:00");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// London shows 01:30 twice on 2026-10-25 (BST, then GMT): alone in a
    /// row it is a bad row naming both instants; written with its offset
    /// it is read.
    ///
    /// ```
    /// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema, Error, TimeFormat};
    /// use servops_core::chrono_tz::Europe::London;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let schema = CsvSchema::new().with_time_format(TimeFormat::local("%Y-%m-%d %H:%M:%S", London));
    /// let text = "arrival,outcome,wait_s\n2026-10-25 01:30:00,abandoned,3\n";
    /// let Err(Error::CsvRow { line: 2, message, .. }) = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail) else {
    ///     return Err("expected a bad row".into());
    /// };
    /// assert!(message.contains("at 2026-10-25T01:30:00+01:00 (2026-10-25T00:30:00Z) and at 2026-10-25T01:30:00+00:00 (2026-10-25T01:30:00Z)"));
    ///
    /// let schema = CsvSchema::new().with_time_format(TimeFormat::local("%Y-%m-%d %H:%M:%S%z", London));
    /// let text = "arrival,outcome,wait_s\n2026-10-25 01:30:00+0000,abandoned,3\n";
    /// let read = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail)?;
    /// assert_eq!(read.records[0].arrival().to_rfc3339(), "2026-10-25T01:30:00+00:00");
    /// # Ok(())
    /// # }
    /// ```
    pub fn local(format: impl Into<String>, tz: Tz) -> Self {
        Self::Local {
            format: format.into(),
            tz,
        }
    }

    /// Reads an instant: one reading, or the two of a local time the
    /// clocks show twice.
    fn parse(&self, s: &str) -> std::result::Result<Reading, String> {
        match self {
            Self::Rfc3339 => DateTime::parse_from_rfc3339(s)
                .map(|t| Reading::One(t.with_timezone(&Utc)))
                .map_err(|e| format!("{s:?} is not an RFC 3339 instant ({e})")),
            Self::UnixSeconds => {
                let ns = match decimal_ns(s, Rounding::Floor) {
                    Some(ns) => ns,
                    None => {
                        // not a decimal (`inf`, `NaN`, a huge exponent):
                        // read as a double and refused if not representable
                        let v: f64 = s
                            .parse()
                            .map_err(|_| format!("{s:?} is not a number of seconds"))?;
                        if !v.is_finite() || v.abs() > 8.0e12 {
                            return Err(format!("{s:?} is not a representable Unix time"));
                        }
                        (v * 1e9).round() as i128
                    }
                };
                let secs = i64::try_from(ns.div_euclid(1_000_000_000)).ok();
                let nanos = u32::try_from(ns.rem_euclid(1_000_000_000)).ok();
                secs.zip(nanos)
                    .and_then(|(secs, nanos)| DateTime::from_timestamp(secs, nanos))
                    .map(Reading::One)
                    .ok_or_else(|| format!("{s:?} is not a representable Unix time"))
            }
            Self::Local { format, tz } => {
                let mut parsed = Parsed::new();
                parse(&mut parsed, s, StrftimeItems::new(format))
                    .map_err(|e| format!("{s:?} does not match {format:?} ({e})"))?;
                // An offset in the text says which instant it is.
                if parsed.offset().is_some() {
                    return parsed
                        .to_datetime()
                        .map(|t| Reading::One(t.with_timezone(&Utc)))
                        .map_err(|e| format!("{s:?} does not match {format:?} ({e})"));
                }
                let naive = parsed
                    .to_naive_datetime_with_offset(0)
                    .map_err(|e| format!("{s:?} does not match {format:?} ({e})"))?;
                match local_to_utc(naive, *tz, Disambiguation::Reject) {
                    Ok(t) => Ok(Reading::One(t)),
                    Err(servops_core::Error::AmbiguousLocalTime { earlier, later, .. }) => {
                        Ok(Reading::Two {
                            earlier,
                            later,
                            tz: *tz,
                        })
                    }
                    Err(servops_core::Error::NonexistentLocalTime { .. }) => Err(format!(
                        "{s:?} does not exist in {tz}: the clocks skip it; \
                         write the offset (%z) or UTC"
                    )),
                    Err(e) => Err(e.to_string()),
                }
            }
        }
    }
}

/// An instant read from a cell.
#[derive(Debug, Clone, Copy)]
enum Reading {
    /// One instant.
    One(DateTime<Utc>),
    /// A local time the clocks show twice, in `tz`.
    Two {
        earlier: DateTime<Utc>,
        later: DateTime<Utc>,
        tz: Tz,
    },
}

impl Reading {
    /// The earlier instant if `later` is false, else the later one.
    fn pick(self, later: bool) -> DateTime<Utc> {
        match self {
            Self::One(t) => t,
            Self::Two { earlier, .. } if !later => earlier,
            Self::Two { later: l, .. } => l,
        }
    }
}

/// What to do with a row that cannot be read.
///
/// # Examples
///
/// ```
/// assert_ne!(servops_kpi::BadRowPolicy::Fail, servops_kpi::BadRowPolicy::SkipAndReport);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum BadRowPolicy {
    /// Stop at the first bad row and return its error.
    #[default]
    Fail,
    /// Skip bad rows, keep reading, and return every error beside the
    /// records that were read. (An input that fails to read is still an
    /// error: it is not a bad row.)
    SkipAndReport,
}

/// The layout of a contact-record CSV file: column names, instant format,
/// outcome spellings and delimiter.
///
/// Only the arrival and outcome columns are required; every other field is
/// read if its column is present and the cell is not empty. An answered row
/// whose end and talk cells are both empty (or whose file has neither
/// column) has an unknown handle time, not 0 s
/// ([`ContactRecord::handle_known`]); a talk of `0` is a known 0 s; the
/// talk time of a row with an end is end − answer − hold. Empty hold and
/// ACW cells are 0 s.
///
/// Durations in seconds (`wait_s`, `ring_s`, ...) are read exactly to the
/// nanosecond from their decimal digits (`20.0004`, `2.00004e1`); digits
/// past the ninth decimal round up, so that a wait compares with any
/// threshold as the written value does.
///
/// # Examples
///
/// ```
/// use servops_kpi::{CsvSchema, Field, Outcome};
///
/// let schema = CsvSchema::new()
///     .with_column(Field::Arrival, "enqueue_time")
///     .with_outcome_value("AGENT", Outcome::Answered)
///     .with_delimiter(b';');
/// assert_eq!(schema.column(Field::Arrival), "enqueue_time");
/// assert_eq!(schema.column(Field::Outcome), "outcome");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvSchema {
    columns: HashMap<Field, String>,
    outcomes: HashMap<String, Outcome>,
    time_format: TimeFormat,
    delimiter: u8,
}

impl Default for CsvSchema {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvSchema {
    /// The default layout: snake-case column names, RFC 3339 instants,
    /// outcome tokens as [`Outcome::as_str`] (case-insensitive), commas.
    ///
    /// # Examples
    ///
    /// The default layout reads a file with the default headers, RFC 3339
    /// instants and the standard outcome tokens, in any case.
    ///
    /// ```
    /// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema, Field, Outcome, TimeFormat};
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let schema = CsvSchema::new();
    /// assert_eq!(schema.column(Field::Wait), "wait_s");
    /// assert_eq!(schema.time_format(), &TimeFormat::Rfc3339);
    /// assert_eq!(schema, CsvSchema::default());
    /// let text = "arrival,outcome,wait_s\n2026-03-02T09:00:00Z,ABANDONED,7.5\n";
    /// let read = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail)?;
    /// assert_eq!(read.records[0].outcome(), Outcome::Abandoned);
    /// assert_eq!(read.records[0].wait(), Duration::from_millis(7_500));
    /// # Ok(())
    /// # }
    /// ```
    pub fn new() -> Self {
        Self {
            columns: HashMap::new(),
            outcomes: HashMap::new(),
            time_format: TimeFormat::Rfc3339,
            delimiter: b',',
        }
    }

    /// Renames the column of `field`.
    ///
    /// # Examples
    ///
    /// An export that calls the arrival `enqueue_time` and the wait `queue_secs`.
    ///
    /// ```
    /// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema, Field};
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let schema = CsvSchema::new()
    ///     .with_column(Field::Arrival, "enqueue_time")
    ///     .with_column(Field::Wait, "queue_secs");
    /// assert_eq!(schema.column(Field::Wait), "queue_secs");
    /// let text = "enqueue_time,outcome,queue_secs\n2026-03-02T09:00:00Z,answered,42\n";
    /// let read = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail)?;
    /// assert_eq!(read.records[0].wait(), Duration::from_secs(42));
    /// // the default header is no longer the arrival column
    /// let old = "arrival,outcome,queue_secs\n2026-03-02T09:00:00Z,answered,42\n";
    /// assert!(read_contacts(old.as_bytes(), &schema, BadRowPolicy::Fail).is_err());
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_column(mut self, field: Field, header: impl Into<String>) -> Self {
        self.columns.insert(field, header.into());
        self
    }

    /// Maps a spelling of the outcome column (matched exactly after trimming)
    /// to an outcome, in addition to the standard tokens.
    ///
    /// # Examples
    ///
    /// An ACD that writes `AGENT` and `QUEUE_TIMEOUT`; the standard tokens still
    /// read, an unmapped spelling is a bad row.
    ///
    /// ```
    /// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema, Error, Outcome};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let schema = CsvSchema::new()
    ///     .with_outcome_value("AGENT", Outcome::Answered)
    ///     .with_outcome_value("QUEUE_TIMEOUT", Outcome::FlowedOut);
    /// let text = "\
    /// arrival,outcome,wait_s
    /// 2026-03-02T09:00:00Z,AGENT,3
    /// 2026-03-02T09:01:00Z,QUEUE_TIMEOUT,300
    /// 2026-03-02T09:02:00Z,abandoned,20
    /// 2026-03-02T09:03:00Z,VOICEMAIL,20
    /// ";
    /// let read = read_contacts(text.as_bytes(), &schema, BadRowPolicy::SkipAndReport)?;
    /// let outcomes: Vec<Outcome> = read.records.iter().map(|r| r.outcome()).collect();
    /// assert_eq!(outcomes, [Outcome::Answered, Outcome::FlowedOut, Outcome::Abandoned]);
    /// assert!(matches!(read.skipped[..], [Error::CsvRow { line: 5, .. }]));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_outcome_value(mut self, value: impl Into<String>, outcome: Outcome) -> Self {
        self.outcomes.insert(value.into(), outcome);
        self
    }

    /// Sets the instant format.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::{CsvSchema, TimeFormat};
    /// let s = CsvSchema::new().with_time_format(TimeFormat::UnixSeconds);
    /// assert_eq!(s.time_format(), &TimeFormat::UnixSeconds);
    /// ```
    #[must_use]
    pub fn with_time_format(mut self, format: TimeFormat) -> Self {
        self.time_format = format;
        self
    }

    /// Sets the field delimiter.
    ///
    /// # Examples
    ///
    /// A semicolon-separated export (common where the decimal mark is a comma).
    ///
    /// ```
    /// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema};
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let text = "arrival;outcome;wait_s\n2026-03-02T09:00:00Z;answered;12\n";
    /// let read = read_contacts(text.as_bytes(), &CsvSchema::new().with_delimiter(b';'), BadRowPolicy::Fail)?;
    /// assert_eq!(read.records[0].wait(), Duration::from_secs(12));
    /// // read with commas, the header is one column with no arrival
    /// assert!(read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).is_err());
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn with_delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// The column name of `field`.
    ///
    /// # Examples
    ///
    /// A renamed field's header, or the default one.
    ///
    /// ```
    /// use servops_kpi::{CsvSchema, Field};
    ///
    /// let schema = CsvSchema::new().with_column(Field::Talk, "talk_time");
    /// assert_eq!(schema.column(Field::Talk), "talk_time");
    /// assert_eq!(schema.column(Field::Hold), "hold_s");
    /// ```
    pub fn column(&self, field: Field) -> &str {
        self.columns
            .get(&field)
            .map_or(field.default_header(), String::as_str)
    }

    /// The instant format.
    ///
    /// # Examples
    ///
    /// RFC 3339 unless set.
    ///
    /// ```
    /// use servops_kpi::{CsvSchema, TimeFormat};
    ///
    /// assert_eq!(CsvSchema::new().time_format(), &TimeFormat::Rfc3339);
    /// let unix = CsvSchema::new().with_time_format(TimeFormat::UnixSeconds);
    /// assert_eq!(unix.time_format(), &TimeFormat::UnixSeconds);
    /// ```
    pub fn time_format(&self) -> &TimeFormat {
        &self.time_format
    }

    fn outcome(&self, s: &str) -> std::result::Result<Outcome, String> {
        if let Some(o) = self.outcomes.get(s) {
            return Ok(*o);
        }
        s.parse::<Outcome>().map_err(|e| e.to_string())
    }
}

/// The records read from a file, with the errors of the rows that were
/// skipped (empty under [`BadRowPolicy::Fail`]).
///
/// # Examples
///
/// Two good rows and one whose answer comes before its arrival: skipped and
/// reported at line 3 (the header is line 1), or the whole read fails.
///
/// ```
/// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema, Error};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let text = "\
/// arrival,outcome,wait_s,answer
/// 2026-03-02T09:00:00Z,answered,10,2026-03-02T09:00:10Z
/// 2026-03-02T09:01:00Z,answered,,2026-03-02T09:00:00Z
/// 2026-03-02T09:02:00Z,abandoned,30,
/// ";
/// let read = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::SkipAndReport)?;
/// assert_eq!(read.records.len(), 2);
/// assert!(matches!(read.skipped[..], [Error::CsvRow { line: 3, .. }]));
/// let strict = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail);
/// assert!(matches!(strict, Err(Error::CsvRow { line: 3, .. })));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CsvContacts {
    /// The records read, in file order.
    pub records: Vec<ContactRecord>,
    /// One [`Error::CsvRow`] per skipped row, in file order.
    pub skipped: Vec<Error>,
}

struct Row<'a> {
    rec: &'a csv::StringRecord,
    line: u64,
}

impl Row<'_> {
    fn cell(&self, idx: Option<usize>) -> Option<&str> {
        idx.and_then(|i| self.rec.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

fn row_err(line: u64, field: &str, message: String) -> Error {
    Error::CsvRow {
        line,
        field: field.to_string(),
        message,
    }
}

/// How digits past the nanosecond are dropped.
#[derive(Clone, Copy)]
enum Rounding {
    /// Towards minus infinity (an instant, as `chrono` reads RFC 3339).
    Floor,
    /// Towards plus infinity (a duration: `wait <= threshold` then holds
    /// exactly as for the written value, any threshold being whole
    /// nanoseconds).
    Ceil,
}

/// A decimal number of seconds (`[+-]digits[.digits][(e|E)[+-]digits]`)
/// read exactly to the nanosecond, digits past it dropped by `rounding`;
/// `None` if `s` is not of that form, or its exponent or integer part is
/// too large (more than 24 integer digits).
fn decimal_ns(s: &str, rounding: Rounding) -> Option<i128> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let exponent: i64 = match exponent {
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            e.parse().ok()?
        }
        None => 0,
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let is_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !is_digits(int) || !is_digits(frac) {
        return None;
    }
    // all the digits, and where the decimal point falls among them
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let point = i64::try_from(int.len()).ok()? + exponent;
    let digit = |i: i64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i).copied())
            .map_or(0, i128::from)
    };
    // the integer part: the digits before the point (zeros past the end)
    let first_nonzero = digits
        .iter()
        .position(|&d| d != 0)
        .map_or(i64::MAX, |i| i as i64);
    if point - first_nonzero.min(point) > 24 {
        return None;
    }
    let mut ns: i128 = 0;
    for i in first_nonzero.min(point)..point {
        ns = ns * 10 + digit(i);
    }
    for i in point..point + 9 {
        ns = ns * 10 + digit(i);
    }
    let dropped = digits
        .iter()
        .enumerate()
        .any(|(i, &d)| d != 0 && (i as i64) >= point + 9);
    // round the magnitude so that the signed value moves the right way
    let up = dropped
        && match rounding {
            Rounding::Ceil => !negative,
            Rounding::Floor => negative,
        };
    ns += i128::from(up);
    Some(if negative { -ns } else { ns })
}

/// A duration in seconds, read to the nanosecond: decimals (with or without
/// an exponent) exactly, digits past the ninth decimal rounding up; other
/// spellings Rust reads as a double (`inf`) are refused as too large.
fn seconds(s: &str) -> std::result::Result<Duration, String> {
    if let Some(ns) = decimal_ns(s, Rounding::Ceil) {
        if ns < 0 {
            return Err(format!("duration must be >= 0 s, got {s}"));
        }
        let secs = u64::try_from(ns / 1_000_000_000)
            .map_err(|_| format!("duration {s} s is too large"))?;
        let nanos = u32::try_from(ns % 1_000_000_000)
            .map_err(|_| format!("duration {s} s is too large"))?;
        return Ok(Duration::new(secs, nanos));
    }
    let v: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if v.is_nan() {
        return Err(format!("{s:?} is not a number of seconds"));
    }
    if v < 0.0 {
        return Err(format!("duration must be >= 0 s, got {s}"));
    }
    Duration::try_from_secs_f64(v).map_err(|_| format!("duration {s} s is too large"))
}

fn flag(s: &str) -> std::result::Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "t" => Ok(true),
        "false" | "0" | "no" | "n" | "f" => Ok(false),
        _ => Err(format!("{s:?} is not a flag (true/false, 1/0, yes/no)")),
    }
}

/// Reads contact records from CSV text laid out as `schema` says.
///
/// The first line is the header. Each bad row is reported with its line
/// number (the header is line 1) and the column at fault; `policy` decides
/// whether reading stops there or the row is skipped and reported.
///
/// # Errors
///
/// - [`Error::CsvInput`] if the header cannot be read, lacks the arrival
///   or outcome column, or names a column the schema reads twice, or if
///   `input` fails (an I/O error) before its end,
///   under either policy: what follows is lost, not one row;
/// - under [`BadRowPolicy::Fail`], the [`Error::CsvRow`] of the first bad
///   row: a row with more or fewer fields than the header (field `row`),
///   unparsable instant or number, negative duration, unknown outcome,
///   NaN score, or a record the [`ContactRecord`] builder rejects (answer
///   before arrival, end before answer, ...).
///
/// # Examples
///
/// ```
/// use servops_kpi::{read_contacts, BadRowPolicy, CsvSchema, Error, Outcome};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let text = "\
/// arrival,outcome,wait_s,talk_s
/// 2026-03-02T09:00:00Z,answered,12,180
/// 2026-03-02T09:01:00Z,abandoned,-3,
/// 2026-03-02T09:02:00Z,abandoned,40,
/// ";
/// let read = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::SkipAndReport)?;
/// assert_eq!(read.records.len(), 2);
/// assert_eq!(read.records[1].outcome(), Outcome::Abandoned);
/// assert_eq!(
///     read.skipped[0].to_string(),
///     "line 3, field wait_s: duration must be >= 0 s, got -3",
/// );
/// let strict = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail);
/// assert!(matches!(strict, Err(Error::CsvRow { line: 3, .. })));
/// # Ok(())
/// # }
/// ```
pub fn read_contacts(
    input: impl Read,
    schema: &CsvSchema,
    policy: BadRowPolicy,
) -> Result<CsvContacts> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(schema.delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(LineTracker::new(input));
    let headers = reader
        .headers()
        .map_err(|e| Error::CsvInput {
            message: format!("cannot read the header: {e}"),
        })?
        .clone();
    let mut index: HashMap<Field, usize> = HashMap::new();
    for f in Field::ALL {
        let name = schema.column(*f);
        let mut at = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trim() == name)
            .map(|(i, _)| i);
        if let Some(first) = at.next() {
            // A column read twice is ambiguous: which one holds the value?
            if let Some(second) = at.next() {
                return Err(Error::CsvInput {
                    message: format!(
                        "the header has the column {name:?} twice (columns {} and {})",
                        first + 1,
                        second + 1
                    ),
                });
            }
            index.insert(*f, first);
        }
    }
    for required in [Field::Arrival, Field::Outcome] {
        if !index.contains_key(&required) {
            return Err(Error::CsvInput {
                message: format!(
                    "the header has no {:?} column (needed for the {})",
                    schema.column(required),
                    required.default_header()
                ),
            });
        }
    }
    let mut out = CsvContacts {
        records: Vec::new(),
        skipped: Vec::new(),
    };
    let mut rec = csv::StringRecord::new();
    let mut last_line = 1u64;
    loop {
        let read = reader.read_record(&mut rec);
        // Lines from byte offsets (see `LineTracker`): the csv crate's own
        // line count is one short after CRLF line ends.
        let lines = reader.get_ref();
        let line = rec.position().map_or(last_line.saturating_add(1), |p| {
            lines.line_of_record(p.byte())
        });
        last_line = line;
        let result = match read {
            Ok(false) => break,
            // A short row (truncated) or a long one (an unquoted delimiter
            // in a value shifts the cells) cannot be read cell by cell.
            Ok(true) if rec.len() != headers.len() => Err(row_err(
                line,
                "row",
                format!("has {} fields, the header has {}", rec.len(), headers.len()),
            )),
            Ok(true) => parse_row(&Row { rec: &rec, line }, &index, schema),
            // The source failed: the rest of the file is lost, not one row,
            // so no policy may skip it.
            Err(e) if e.is_io_error() => {
                return Err(Error::CsvInput {
                    message: format!("cannot read line {line}: {e}"),
                });
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or(line, |p| lines.line_of_record(p.byte()));
                Err(row_err(line, "row", format!("unreadable row: {e}")))
            }
        };
        match (result, policy) {
            (Ok(r), _) => out.records.push(r),
            (Err(e), BadRowPolicy::Fail) => return Err(e),
            (Err(e), BadRowPolicy::SkipAndReport) => out.skipped.push(e),
        }
    }
    Ok(out)
}

/// The instant fields, in record order.
const INSTANTS: [Field; 4] = [Field::Arrival, Field::QueueExit, Field::Answer, Field::End];

/// The instant cells of a row, read once, in [`INSTANTS`] order.
type Instants = [Result<Option<Reading>>; 4];

/// Reads a row. A local time the clocks show twice is tried at both of its
/// instants: the row is read if exactly one choice of instants builds a
/// record, and is a bad row naming both instants if several do.
fn parse_row(
    row: &Row<'_>,
    index: &HashMap<Field, usize>,
    schema: &CsvSchema,
) -> Result<ContactRecord> {
    let instants: Instants = INSTANTS.map(|f| {
        row.cell(index.get(&f).copied())
            .map(|s| {
                schema
                    .time_format
                    .parse(s)
                    .map_err(|m| row_err(row.line, schema.column(f), m))
            })
            .transpose()
    });
    let folds: Vec<usize> = (0..INSTANTS.len())
        .filter(|&i| matches!(instants[i], Ok(Some(Reading::Two { .. }))))
        .collect();
    if folds.is_empty() {
        return build_row(row, index, schema, &instants, [false; 4]);
    }
    // At most 2^4 choices; `fits` holds those that build.
    let mut fits: Vec<([bool; 4], ContactRecord)> = Vec::new();
    let mut first_error = None;
    for choice in 0..(1u32 << folds.len()) {
        let mut later = [false; 4];
        for (bit, &i) in folds.iter().enumerate() {
            later[i] = choice >> bit & 1 == 1;
        }
        match build_row(row, index, schema, &instants, later) {
            Ok(r) => fits.push((later, r)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if fits.len() > 1 {
        // the first repeated time the row leaves open
        for &i in &folds {
            let open = fits.iter().any(|(l, _)| l[i]) && fits.iter().any(|(l, _)| !l[i]);
            if let (true, Ok(Some(Reading::Two { earlier, later, tz }))) = (open, &instants[i]) {
                let field = schema.column(INSTANTS[i]);
                let text = row
                    .cell(index.get(&INSTANTS[i]).copied())
                    .unwrap_or_default();
                let at = |t: &DateTime<Utc>| {
                    format!(
                        "{} ({})",
                        t.with_timezone(tz).to_rfc3339(),
                        t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
                    )
                };
                return Err(row_err(
                    row.line,
                    field,
                    format!(
                        "{text:?} occurs twice in {tz}, at {} and at {}, and the row's other \
                         times fit both; write the offset (%z) or UTC",
                        at(earlier),
                        at(later)
                    ),
                ));
            }
        }
    }
    match (fits.pop(), first_error) {
        (Some((_, r)), _) => Ok(r),
        (None, Some(e)) => Err(e),
        (None, None) => Err(row_err(row.line, "row", "cannot be read".to_string())),
    }
}

/// Builds a row's record with the instants `instants`, each repeated local
/// time at its later instant where `later` says so.
fn build_row(
    row: &Row<'_>,
    index: &HashMap<Field, usize>,
    schema: &CsvSchema,
    instants: &Instants,
    later: [bool; 4],
) -> Result<ContactRecord> {
    let line = row.line;
    let get = |f: Field| row.cell(index.get(&f).copied());
    let col = |f: Field| schema.column(f).to_string();
    let err = |f: Field, m: String| row_err(line, &col(f), m);
    let instant = |f: Field| -> Result<Option<DateTime<Utc>>> {
        let i = INSTANTS.iter().position(|g| *g == f).unwrap_or_default();
        match &instants[i] {
            Ok(r) => Ok(r.map(|r| r.pick(later[i]))),
            Err(e) => Err(e.clone()),
        }
    };
    let secs = |f: Field| -> Result<Option<Duration>> {
        get(f)
            .map(|s| seconds(s).map_err(|m| err(f, m)))
            .transpose()
    };
    let arrival =
        instant(Field::Arrival)?.ok_or_else(|| err(Field::Arrival, "is empty".to_string()))?;
    let outcome_text =
        get(Field::Outcome).ok_or_else(|| err(Field::Outcome, "is empty".to_string()))?;
    let outcome = schema
        .outcome(outcome_text)
        .map_err(|m| err(Field::Outcome, m))?;
    let mut b = ContactRecord::builder(arrival, outcome);
    if let Some(t) = instant(Field::QueueExit)? {
        b = b.queue_exit(t);
    }
    if let Some(d) = secs(Field::Wait)? {
        b = b.wait(d);
    }
    if let Some(t) = instant(Field::Answer)? {
        b = b.answer(t);
    }
    if let Some(d) = secs(Field::Ring)? {
        b = b.ring(d);
    }
    if let Some(t) = instant(Field::End)? {
        b = b.end(t);
    }
    if let Some(d) = secs(Field::Talk)? {
        b = b.talk(d);
    }
    if let Some(d) = secs(Field::Hold)? {
        b = b.hold(d);
    }
    if let Some(d) = secs(Field::Acw)? {
        b = b.acw(d);
    }
    if let Some(s) = get(Field::Channel) {
        let c: Channel = s
            .parse()
            .map_err(|e: servops_core::Error| err(Field::Channel, e.to_string()))?;
        b = b.channel(c);
    }
    if let Some(s) = get(Field::Queue) {
        b = b.queue(s).map_err(|e| err(Field::Queue, e.to_string()))?;
    }
    if let Some(s) = get(Field::Agent) {
        b = b.agent(s);
    }
    if let Some(s) = get(Field::Customer) {
        b = b.customer(s);
    }
    if let Some(s) = get(Field::Id) {
        b = b.id(s);
    }
    if let Some(s) = get(Field::Resolved) {
        b = b.resolved(flag(s).map_err(|m| err(Field::Resolved, m))?);
    }
    if let Some(s) = get(Field::Transferred) {
        b = b.transferred(flag(s).map_err(|m| err(Field::Transferred, m))?);
    }
    if let Some(s) = get(Field::Survey) {
        let v: f64 = s
            .parse()
            .map_err(|_| err(Field::Survey, format!("{s:?} is not a number")))?;
        if !v.is_finite() {
            return Err(err(Field::Survey, format!("score must be finite, got {s}")));
        }
        b = b.survey_score(v);
    }
    b.build().map_err(|e| {
        let field = match &e {
            Error::TimeOrder { later, .. } => field_of(later),
            Error::InvalidParameter { name, .. } => field_of(name),
            _ => None,
        };
        let name = field.map_or_else(|| "row".to_string(), col);
        row_err(line, &name, e.to_string())
    })
}

fn field_of(name: &str) -> Option<Field> {
    Some(match name {
        "queue exit" => Field::QueueExit,
        "wait" => Field::Wait,
        "answer" => Field::Answer,
        "ring" => Field::Ring,
        "end" => Field::End,
        "talk" => Field::Talk,
        "hold" => Field::Hold,
        "acw" => Field::Acw,
        "survey score" => Field::Survey,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_required_column() {
        let r = read_contacts(
            "arrival,x\n".as_bytes(),
            &CsvSchema::new(),
            BadRowPolicy::Fail,
        );
        assert!(matches!(r, Err(Error::CsvInput { .. })));
    }

    #[test]
    fn reports_every_bad_row_with_line_and_field() {
        let text = "arrival,outcome,wait_s,answer,end,survey\n\
            2026-03-02T09:00:00Z,answered,10,2026-03-02T08:59:00Z,,\n\
            2026-03-02T09:00:00Z,answered,0,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,\n\
            2026-03-02T09:00:00Z,answered,0,,,NaN\n\
            nonsense,answered,0,,,\n\
            2026-03-02T09:00:00Z,maybe,0,,,\n\
            2026-03-02T09:00:00Z,answered,1,,,5\n";
        let r = read_contacts(
            text.as_bytes(),
            &CsvSchema::new(),
            BadRowPolicy::SkipAndReport,
        )
        .unwrap();
        assert_eq!(r.records.len(), 1);
        let where_: Vec<(u64, String)> = r
            .skipped
            .iter()
            .map(|e| match e {
                Error::CsvRow { line, field, .. } => (*line, field.clone()),
                _ => (0, String::new()),
            })
            .collect();
        assert_eq!(
            where_,
            vec![
                (2, "answer".to_string()),
                (3, "end".to_string()),
                (4, "survey".to_string()),
                (5, "arrival".to_string()),
                (6, "outcome".to_string()),
            ]
        );
    }

    #[test]
    fn local_times_and_renamed_columns() {
        let schema = CsvSchema::new()
            .with_column(Field::Arrival, "t")
            .with_column(Field::Outcome, "o")
            .with_outcome_value("AGENT", Outcome::Answered)
            .with_time_format(TimeFormat::local(
                "%Y-%m-%d %H:%M:%S",
                servops_core::chrono_tz::Europe::London,
            ));
        let text = "t;o;wait_s\n2026-07-01 09:00:00;AGENT;4\n";
        let r = read_contacts(
            text.as_bytes(),
            &schema.with_delimiter(b';'),
            BadRowPolicy::Fail,
        )
        .unwrap();
        assert_eq!(
            r.records[0].arrival(),
            "2026-07-01T08:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn a_call_across_the_repeated_hour_reads_as_its_times_allow() {
        // London, 2026-10-25: at 02:00 BST (01:00Z) the clocks go back to
        // 01:00 GMT. Arrival 01:50 and answer 01:52 in the first pass
        // (00:50Z, 00:52Z), end 01:05 in the second (01:05Z): 13 minutes of
        // talk, not an end before the answer.
        let schema = CsvSchema::new().with_time_format(TimeFormat::local(
            "%Y-%m-%d %H:%M:%S",
            servops_core::chrono_tz::Europe::London,
        ));
        let text = "arrival,outcome,answer,end
            2026-10-25 01:50:00,answered,2026-10-25 01:52:00,2026-10-25 01:05:00
            2026-10-25 01:20:00,answered,2026-10-25 01:30:00,2026-10-25 01:40:00
";
        let r = read_contacts(text.as_bytes(), &schema, BadRowPolicy::SkipAndReport).unwrap();
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(r.records.len(), 1);
        let call = &r.records[0];
        assert_eq!(call.arrival(), t("2026-10-25T00:50:00Z"));
        assert_eq!(call.wait(), Duration::from_secs(120));
        assert_eq!(call.talk(), Some(Duration::from_secs(13 * 60)));
        // 01:20, 01:30, 01:40 fit both passes (and mixes of them): a bad
        // row, not the first pass by default
        assert!(matches!(
            &r.skipped[..],
            [Error::CsvRow { line: 3, field, .. }] if field == "arrival"
        ));
    }

    #[test]
    fn a_wait_in_seconds_orders_a_repeated_hour_like_an_instant() {
        // London, 2026-10-25, clocks back at 02:00 BST (01:00Z). Arrival
        // 01:50 BST (00:50Z) and a 600 s wait: the answer is at 01:00Z,
        // 01:00 GMT in the second pass. An end written 01:55 is then 01:55
        // GMT (01:55Z, 55 min of talk), not 01:55 BST (00:55Z), which is
        // before the answer. Likewise with a ring time after a queue exit.
        let schema = CsvSchema::new().with_time_format(TimeFormat::local(
            "%Y-%m-%d %H:%M:%S",
            servops_core::chrono_tz::Europe::London,
        ));
        let text = "arrival,outcome,wait_s,ring_s,end
            2026-10-25 01:50:00,answered,600,,2026-10-25 01:55:00
            2026-10-25 01:50:00,answered,300,300,2026-10-25 01:55:00
";
        let r = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail).unwrap();
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        for call in &r.records {
            assert_eq!(call.arrival(), t("2026-10-25T00:50:00Z"));
            assert_eq!(call.answer(), Some(t("2026-10-25T01:00:00Z")));
            assert_eq!(call.end(), Some(t("2026-10-25T01:55:00Z")));
            assert_eq!(call.talk(), Some(Duration::from_secs(55 * 60)));
        }
    }

    #[test]
    fn an_empty_talk_cell_is_unknown_not_zero() {
        // Three answered calls: talk 100 s, talk 200 s, and an empty talk
        // cell (with 30 s of ACW); a fourth with an end 250 s after its
        // answer; an abandon. Handle sums by hand: talk 100 + 200 + 250 =
        // 550 s over the 3 calls whose talk is known, AHT 550 / 3 s; the
        // empty cell is left out (before: 580 / 4 = 145 s, as 0 s talk
        // plus its 30 s ACW).
        let text = "arrival,outcome,wait_s,answer,end,talk_s,acw_s
            2026-03-02T09:00:00Z,answered,10,,,100,
            2026-03-02T09:01:00Z,answered,10,,,200,
            2026-03-02T09:02:00Z,answered,10,,,,30
            2026-03-02T09:03:00Z,answered,10,,2026-03-02T09:07:20Z,,
            2026-03-02T09:04:00Z,abandoned,40,,,,
";
        let r = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap();
        let talk: Vec<Option<u64>> = r
            .records
            .iter()
            .map(|c| c.talk().map(|d| d.as_secs()))
            .collect();
        assert_eq!(talk, [Some(100), Some(200), None, Some(250), Some(0)]);
        assert!(!r.records[2].handle_known());
        assert_eq!(r.records[2].acw(), Duration::from_secs(30));
        let spec = crate::ComponentSpec::new(Duration::from_secs(20)).unwrap();
        let c = crate::Components::from_records(&r.records, &spec);
        assert_eq!((c.answered, c.handle_unknown), (4, 1));
        assert_eq!((c.talk_ms, c.acw_ms), (550_000, 0));
        let aht = c.aht();
        assert_eq!(aht.value(), Some(550.0 / 3.0));
        assert_eq!(aht.excluded, 1);

        // No end or talk column at all: every answered call is unknown.
        let text = "arrival,outcome,wait_s
            2026-03-02T09:00:00Z,answered,10
            2026-03-02T09:01:00Z,answered,30
";
        let r = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap();
        let c = crate::Components::from_records(&r.records, &spec);
        assert_eq!((c.answered, c.handle_unknown, c.talk_ms), (2, 2, 0));
        assert_eq!(c.aht().value(), None);
        assert_eq!(c.aht().excluded, 2);
        // the answered count and ASA are unchanged: (10 + 30) / 2 s
        assert_eq!(c.asa(crate::AsaPolicy::RingExcluded).value(), Some(20.0));
    }

    #[test]
    fn skipped_dst_gap_is_an_error() {
        let schema = CsvSchema::new().with_time_format(TimeFormat::local(
            "%Y-%m-%d %H:%M:%S",
            servops_core::chrono_tz::Europe::London,
        ));
        let text = "arrival,outcome,wait_s\n2026-03-29 01:30:00,abandoned,3\n";
        let r = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail);
        assert!(matches!(r, Err(Error::CsvRow { line: 2, .. })));
    }
}
