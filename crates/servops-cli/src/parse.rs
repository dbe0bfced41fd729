//! Parsing of the command line's value syntaxes: durations and fractions.

use std::path::{Path, PathBuf};
use std::time::Duration;

use servops::core::LineTracker;
use servops::cost::Decimal;

use crate::error::CliError;

/// Duration units and their length in seconds, longest spelling first so
/// that `5ms` is read as milliseconds.
const UNITS: [(&str, f64); 10] = [
    ("hours", 3600.0),
    ("mins", 60.0),
    ("secs", 1.0),
    ("min", 60.0),
    ("sec", 1.0),
    ("ms", 1e-3),
    ("hr", 3600.0),
    ("h", 3600.0),
    ("m", 60.0),
    ("s", 1.0),
];

/// The longest duration the command accepts, in seconds (about 31,700
/// years).
const MAX_DURATION_SECS: f64 = 1e12;

/// Parses a duration: a number with an optional unit, `ms`, `s`, `m`/`min`,
/// `h`; a bare number is seconds. The number is read as Rust reads an
/// `f64`, so exponent notation works. Examples: `20s`, `20`, `1.5m`,
/// `30min`, `1h`, `1e3s`, `2.5e-1min`. Non-finite, negative and longer
/// than 1e12 s are refused, each saying why.
pub fn duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    // No unit ends in a letter a number can end in, so a known unit at the
    // end with a number before it is the only reading.
    let bare = std::iter::once(("", 1.0)).chain(UNITS);
    let read = bare
        .filter_map(|(unit, scale)| {
            let number = t.strip_suffix(unit)?.trim();
            number.parse::<f64>().ok().map(|v| (v, scale))
        })
        .next();
    let Some((value, scale)) = read else {
        // The unit is the letters at the end (after any exponent digits).
        let split = t
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let (number, unit) = t.split_at(split);
        if !unit.is_empty() && number.trim().parse::<f64>().is_ok() {
            return Err(format!(
                "unknown duration unit `{}` in `{text}` (use ms, s, min or h)",
                unit.trim()
            ));
        }
        return Err(format!(
            "`{text}` is not a duration (examples: 20s, 1.5m, 30min, 1h, 1e3s)"
        ));
    };
    if !value.is_finite() {
        return Err(format!("duration `{text}` is not finite"));
    }
    if value < 0.0 {
        return Err(format!("duration `{text}` is negative"));
    }
    let secs = value * scale;
    if secs > MAX_DURATION_SECS {
        return Err(format!(
            "duration `{text}` is {secs:e} s: at most 1e12 s is accepted"
        ));
    }
    let d = Duration::try_from_secs_f64(secs)
        .map_err(|e| format!("duration `{text}` is not a duration: {e}"))?;
    // A positive value under a nanosecond would be read as 0 without a
    // word, and refused later as `got 0`, a value the user did not write.
    if d.is_zero() && secs > 0.0 {
        return Err(format!(
            "duration `{text}` is shorter than 1 ns, the shortest duration there is"
        ));
    }
    Ok(d)
}

/// Parses a fraction given as `0.8` or `80%`.
pub fn fraction(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = match t.strip_suffix('%') {
        Some(n) => (n, 0.01),
        None => (t, 1.0),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a fraction (examples: 0.8, 80%)"))?;
    let value = value * scale;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!(
            "`{text}` must be a fraction between 0 and 1 (or 0% and 100%)"
        ));
    }
    Ok(value)
}

/// Parses a whole number >= 0 that fits `T` (`usize` or `u32`): a
/// negative value, one too large, and text that is not a whole number are
/// refused, each saying why (the flags take values starting with `-`, so
/// that `--days -5` reaches this message rather than clap's "unexpected
/// argument").
pub fn whole<T: TryFrom<u128>>(text: &str) -> Result<T, String> {
    let t = text.trim();
    let digits = t.strip_prefix('+').unwrap_or(t);
    match digits.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => {
            if rest.bytes().all(|b| b == b'0') {
                return T::try_from(0).map_err(|_| format!("`{text}` is out of range"));
            }
            return Err(format!("`{text}` must be a whole number >= 0"));
        }
        _ => {}
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{text}` is not a whole number (examples: 0, 7, 12)"
        ));
    }
    let too_large = || format!("`{text}` is too large for a count");
    let value: u128 = digits.parse().map_err(|_| too_large())?;
    T::try_from(value).map_err(|_| too_large())
}

/// The most decimal places a [`Decimal`] holds.
const MAX_DECIMALS: u64 = 28;

/// Why a number cannot be held exactly as a [`Decimal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotExact {
    /// Not a number at all.
    NotANumber,
    /// `inf`, `NaN`.
    NotFinite,
    /// Beyond [`Decimal::MAX`] in magnitude (`-1e30`).
    OutOfRange,
    /// Digits past the last decimal place a [`Decimal`] can hold for this
    /// number: `places` written (after trailing zeros), `allowed` the most
    /// it can have, 28 or fewer beside a long whole part (a [`Decimal`] is
    /// a 96-bit whole number over a power of ten up to 10^28).
    TooManyDecimals {
        /// Decimal places of the number as written, trailing zeros left out.
        places: u64,
        /// The most decimal places a number of its whole part can have.
        allowed: u64,
    },
}

impl std::fmt::Display for NotExact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotExact::NotANumber => f.write_str("is not a number"),
            NotExact::NotFinite => f.write_str("is not finite"),
            NotExact::OutOfRange => f.write_str(
                "is out of range: amounts and rates are exact decimals of at most \
                 79228162514264337593543950335 (about 7.9e28) in magnitude",
            ),
            NotExact::TooManyDecimals { places, allowed } if *allowed == MAX_DECIMALS => write!(
                f,
                "has {places} decimal places: at most 28 are allowed (an exact decimal \
                 holds no digit past the 28th decimal place); round it"
            ),
            NotExact::TooManyDecimals { places, allowed } => write!(
                f,
                "has {places} decimal places: with its whole part at most {allowed} are \
                 allowed (an exact decimal holds at most 28 decimal places and 28 to 29 \
                 digits in all); round it"
            ),
        }
    }
}

/// A decimal number (`0.08`, `-60000`, `1.5e3`) times `10^shift` (`-2`
/// reads a percentage) read exactly, or why it cannot be. A number with
/// digits a [`Decimal`] cannot hold is refused, never rounded:
/// `rust_decimal` itself (`str::parse`) rounds to 28 decimal places
/// (`1.00000000000000000000000000001` is read as 1), and to fewer beside a
/// long whole part (`12345678901234567890.123456789012` as
/// `12345678901234567890.123456789`); in exponent form it rounds the
/// digits too. Trailing zeros past the last place a [`Decimal`] holds are
/// dropped (the value is exact); otherwise the scale is kept as written
/// (`30.00` has scale 2).
pub fn exact_decimal(text: &str, shift: i64) -> Result<Decimal, NotExact> {
    let t = text.trim();
    let Some((negative, mut digits, mut exponent)) = decimal_parts(t) else {
        return Err(match t.parse::<f64>() {
            Ok(v) if !v.is_finite() => NotExact::NotFinite,
            _ => NotExact::NotANumber,
        });
    };
    exponent = exponent.saturating_add(shift);
    // The value is digits x 10^exponent. Leading zeros say nothing.
    let first = digits.find(|c| c != '0').unwrap_or(digits.len());
    digits.drain(..first);
    if digits.is_empty() {
        let scale = exponent.clamp(-(MAX_DECIMALS as i64), 0).unsigned_abs();
        return Ok(Decimal::new(0, scale as u32));
    }
    if exponent > 0 {
        // Whole numbers: more than 29 digits are out of range.
        if digits.len() as i64 + exponent > 29 {
            return Err(NotExact::OutOfRange);
        }
        digits.extend(std::iter::repeat_n('0', exponent as usize));
        exponent = 0;
    }
    let max = |d: &str| d.len() > 29 || d.parse::<u128>().map_or(true, |m| m >= 1u128 << 96);
    // Trailing zeros past what fits carry no value.
    while exponent < 0 && digits.ends_with('0') && (-exponent > MAX_DECIMALS as i64 || max(&digits))
    {
        digits.pop();
        exponent += 1;
    }
    let places = exponent.unsigned_abs();
    // The most places this number can keep: drop decimals until the
    // mantissa fits.
    let whole_len = digits.len() as i64 + exponent;
    let allowed = (0..=MAX_DECIMALS).rev().find(|&s| {
        let keep = whole_len + s as i64;
        keep <= 0 || !max(&digits[..(keep as usize).min(digits.len())])
    });
    let Some(allowed) = allowed else {
        return Err(NotExact::OutOfRange);
    };
    if places > allowed {
        return Err(NotExact::TooManyDecimals { places, allowed });
    }
    let mantissa = digits.parse::<i128>().map_err(|_| NotExact::OutOfRange)?;
    let mantissa = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(mantissa, places as u32).map_err(|_| NotExact::OutOfRange)
}

/// The sign, the digits (whole part then decimals) and the power of ten
/// they are multiplied by of a number such as `-12.5e3` (`(true, "125",
/// 2)`), or `None` if the text is not one: an optional sign, digits with
/// at most one `.` (at least one digit), an optional exponent.
fn decimal_parts(t: &str) -> Option<(bool, String, i64)> {
    let (negative, rest) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (significand, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = significand.split_once('.').unwrap_or((significand, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let exponent = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            // An exponent past i64 is as good as infinite either way.
            let magnitude = digits.parse::<i64>().unwrap_or(i64::MAX / 2);
            if e.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    let exponent = exponent.saturating_sub(fraction.len() as i64);
    Some((negative, format!("{whole}{fraction}"), exponent))
}

/// The rows of a CSV input with the line each starts on, as an editor
/// shows it (`\r\n`, `\n` and a lone `\r` each end a line): the csv
/// crate's own line count is one short after CRLF line ends, on the first
/// record after a blank line (BurntSushi/rust-csv#395 and #208) and ignores
/// lone carriage returns, so the lines come from the byte offsets through
/// [`LineTracker`].
pub struct CsvRows<R> {
    reader: csv::Reader<LineTracker<R>>,
    path: PathBuf,
    headers: csv::StringRecord,
    header_line: u64,
    record: csv::StringRecord,
}

impl CsvRows<std::fs::File> {
    /// Opens `path` and reads its header row, or an error naming the file
    /// (and the line, for a malformed header).
    pub fn open(path: &Path) -> Result<Self, CliError> {
        let file = std::fs::File::open(path).map_err(|source| CliError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        CsvRows::new(path, file)
    }
}

impl<R: std::io::Read> CsvRows<R> {
    /// Reads the header row of `input`, the contents of the file at `path`.
    pub fn new(path: &Path, input: R) -> Result<Self, CliError> {
        Self::with_flexible(path, input, false)
    }

    /// As [`CsvRows::new`], with records of any length when `flexible`.
    pub fn with_flexible(path: &Path, input: R, flexible: bool) -> Result<Self, CliError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(flexible)
            .from_reader(LineTracker::new(input));
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(row_error(path, &reader, e)),
        };
        let header_line = headers
            .position()
            .map_or(1, |p| reader.get_ref().line_of_record(p.byte()));
        check_header(path, &headers, header_line)?;
        Ok(CsvRows {
            reader,
            path: path.to_path_buf(),
            headers,
            header_line,
            record: csv::StringRecord::new(),
        })
    }

    /// The header row.
    pub fn headers(&self) -> &csv::StringRecord {
        &self.headers
    }

    /// The line the header row is on (after any blank lines).
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// The next record and the line it starts on, `None` at the end, or an
    /// error naming the file and the line where reading failed.
    pub fn next_row(&mut self) -> Result<Option<(&csv::StringRecord, u64)>, CliError> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let line = self
                    .record
                    .position()
                    .map_or(0, |p| self.reader.get_ref().line_of_record(p.byte()));
                Ok(Some((&self.record, line)))
            }
            Err(e) => Err(row_error(&self.path, &self.reader, e)),
        }
    }
}

/// The 0-based position of the column named `name` (surrounding spaces
/// ignored) in `headers`, the header row on line `line` of the file at
/// `path`: `None` when no column has the name, an error naming both
/// columns when two do (which one to read is not clear; the first was
/// read without a word, while `kpi` refused such a header).
pub fn find_column(
    headers: &csv::StringRecord,
    name: &str,
    path: &Path,
    line: u64,
) -> Result<Option<usize>, CliError> {
    let mut found = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.trim() == name)
        .map(|(i, _)| i);
    let first = found.next();
    match (first, found.next()) {
        (Some(a), Some(b)) => Err(CliError::input(
            path,
            line,
            b + 1,
            format!(
                "the header has the column `{name}` twice (columns {} and {}): rename the one not to read",
                a + 1,
                b + 1
            ),
        )),
        _ => Ok(first),
    }
}

/// Refuses a header no command can read, saying what is wrong with it: an
/// empty file, and a header of one column holding a semicolon or a tab (a
/// file separated by them, which every column lookup would otherwise
/// report as missing a column the header plainly names). Every file the
/// command reads has at least two columns.
fn check_header(path: &Path, headers: &csv::StringRecord, line: u64) -> Result<(), CliError> {
    if headers.is_empty() {
        return Err(CliError::input_line(
            path,
            1,
            "the file is empty: its first line must be a header naming the columns",
        ));
    }
    if let [only] = headers.iter().collect::<Vec<_>>().as_slice() {
        let separator = if only.contains(';') {
            Some("`;`")
        } else if only.contains('\t') {
            Some("tabs")
        } else {
            None
        };
        if let Some(separator) = separator {
            return Err(CliError::input_line(
                path,
                line,
                format!(
                    "the header `{}` is one column: fields must be separated by commas, \
                     and this file separates them with {separator}",
                    only.escape_debug()
                ),
            ));
        }
    }
    Ok(())
}

/// A csv error as the command's error: an I/O error naming the file, or a
/// malformed row naming the file and its line.
fn row_error<R: std::io::Read>(
    path: &Path,
    reader: &csv::Reader<LineTracker<R>>,
    e: csv::Error,
) -> CliError {
    // Where the record started, or where the reader stopped.
    let byte = e.position().unwrap_or(reader.position()).byte();
    let line = reader.get_ref().line_of_record(byte);
    // The csv crate's messages carry its own line count, which is wrong
    // after CRLF and lone CR line ends: say what is wrong without it.
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => CliError::Io {
            path: path.to_path_buf(),
            source,
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => CliError::input(
            path,
            line,
            // The first field missing, or the first one too many.
            len.min(expected_len).saturating_add(1),
            format!("the row has {len} fields, but the row before it has {expected_len} fields"),
        ),
        csv::ErrorKind::Utf8 { err, .. } => CliError::input(
            path,
            line,
            err.field().saturating_add(1),
            format!(
                "invalid UTF-8 after the field's first {} bytes",
                err.valid_up_to()
            ),
        ),
        _ => CliError::input_line(path, line, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("20s"), Ok(Duration::from_secs(20)));
        assert_eq!(duration("20"), Ok(Duration::from_secs(20)));
        assert_eq!(duration("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("30min"), Ok(Duration::from_secs(1800)));
        assert_eq!(duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(duration("-3s").is_err());
        assert!(duration("3 parsecs").is_err());
        assert!(duration("").is_err());
        assert!(duration("NaNs").is_err());
    }

    /// Exponent notation, as `f64` parsing reads the number; values by
    /// hand.
    #[test]
    fn durations_in_exponent_notation() {
        assert_eq!(duration("1e3s"), Ok(Duration::from_secs(1000)));
        assert_eq!(duration("1.5e2"), Ok(Duration::from_secs(150)));
        assert_eq!(duration("2.5E-1min"), Ok(Duration::from_secs(15)));
        assert_eq!(duration("1e3ms"), Ok(Duration::from_secs(1)));
        assert_eq!(duration("1.2e1h"), Ok(Duration::from_secs(43_200)));
        assert_eq!(duration("+2e1 secs"), Ok(Duration::from_secs(20)));
        assert_eq!(duration("6E1 mins"), Ok(Duration::from_secs(3600)));
    }

    /// Non-finite, negative and overlong values are refused, each saying
    /// why; words that are not units still name the unit.
    #[test]
    fn durations_out_of_range_say_why() {
        for text in [
            "inf",
            "infs",
            "-inf",
            "NaN",
            "nanms",
            "1e309s",
            "infinity h",
        ] {
            let m = duration(text).unwrap_err();
            assert!(m.contains("not finite"), "{text}: {m}");
        }
        for text in ["-1e3s", "-1s", "-0.5h"] {
            let m = duration(text).unwrap_err();
            assert!(m.contains("negative"), "{text}: {m}");
        }
        // 1e12 s is the most; 1e9 h is 3.6e12 s.
        assert_eq!(duration("1e12"), Ok(Duration::from_secs(1_000_000_000_000)));
        for text in ["1e9h", "1.0000001e12", "1e300h"] {
            let m = duration(text).unwrap_err();
            assert!(m.contains("at most 1e12 s"), "{text}: {m}");
        }
        // Positive but under 1 ns (1e-9 s): not 0, which it was read as.
        for text in ["1e-300s", "1e-10", "5e-13min"] {
            let m = duration(text).unwrap_err();
            assert!(m.contains("shorter than 1 ns"), "{text}: {m}");
        }
        assert_eq!(duration("1e-9"), Ok(Duration::from_nanos(1)));
        assert_eq!(duration("0"), Ok(Duration::ZERO));
        assert_eq!(duration("-0"), Ok(Duration::ZERO));
        let m = duration("3 parsecs").unwrap_err();
        assert!(m.contains("unknown duration unit `parsecs`"), "{m}");
        let m = duration("5e").unwrap_err();
        assert!(m.contains("unknown duration unit `e`"), "{m}");
        assert!(duration("e3s").is_err());
        assert!(duration("1e3e3s").is_err());
    }

    /// Whole numbers: negative ones say `>= 0`, over the type's range say
    /// too large (u32::MAX = 4294967295), text says what a whole number is.
    #[test]
    fn whole_numbers() {
        assert_eq!(whole::<u32>("7"), Ok(7));
        assert_eq!(whole::<u32>(" +12 "), Ok(12));
        assert_eq!(whole::<usize>("-0"), Ok(0));
        assert_eq!(whole::<u32>("4294967295"), Ok(u32::MAX));
        let m = whole::<u32>("-5").unwrap_err();
        assert!(m.contains("must be a whole number >= 0"), "{m}");
        let m = whole::<u32>("4294967296").unwrap_err();
        assert!(m.contains("too large"), "{m}");
        let m = whole::<usize>("1".repeat(60).as_str()).unwrap_err();
        assert!(m.contains("too large"), "{m}");
        for text in ["", "1.5", "-1.5", "seven", "-", "1e3"] {
            let m = whole::<usize>(text).unwrap_err();
            assert!(m.contains("not a whole number"), "{text}: {m}");
        }
    }

    #[test]
    fn fractions() {
        assert_eq!(fraction("0.8"), Ok(0.8));
        assert_eq!(fraction("80%"), Ok(0.8));
        assert!(fraction("1.2").is_err());
        assert!(fraction("eighty").is_err());
    }
}
