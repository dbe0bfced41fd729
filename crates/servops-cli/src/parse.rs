//! Parsing of the command line's value syntaxes: durations and fractions.

use std::time::Duration;

/// Parses a duration: a number with an optional unit, `ms`, `s`, `m`/`min`,
/// `h`; a bare number is seconds. Examples: `20s`, `20`, `1.5m`, `30min`, `1h`.
pub fn duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (examples: 20s, 1.5m, 30min, 1h)"))?;
    let scale = match unit.trim() {
        "" | "s" | "sec" | "secs" => 1.0,
        "ms" => 1e-3,
        "m" | "min" | "mins" => 60.0,
        "h" | "hr" | "hours" => 3600.0,
        other => {
            return Err(format!(
                "unknown duration unit `{other}` in `{text}` (use ms, s, min or h)"
            ));
        }
    };
    let secs = value * scale;
    if !(0.0..=1e12).contains(&secs) {
        return Err(format!(
            "duration `{text}` must be finite, >= 0 and at most 1e12 s"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
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

/// Opens a CSV file with a header row: the reader and the header, or an
/// I/O error naming the file, or an input error at line 1.
pub fn csv_file(
    path: &std::path::Path,
) -> Result<(csv::Reader<std::fs::File>, csv::StringRecord), crate::error::CliError> {
    use crate::error::CliError;
    let mut reader = csv::Reader::from_path(path).map_err(|e| match e.into_kind() {
        csv::ErrorKind::Io(source) => CliError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => CliError::input(path, 1, 1, format!("{other:?}")),
    })?;
    let headers = reader
        .headers()
        .map_err(|e| CliError::input(path, 1, 1, e.to_string()))?
        .clone();
    Ok((reader, headers))
}

/// A record read from a CSV file and its line, or an input error at the
/// line where reading failed.
pub fn csv_record(
    record: csv::Result<csv::StringRecord>,
    path: &std::path::Path,
) -> Result<(csv::StringRecord, u64), crate::error::CliError> {
    let record = record.map_err(|e| {
        let line = e.position().map_or(0, |p| p.line());
        crate::error::CliError::input(path, line, 1, e.to_string())
    })?;
    let line = record.position().map_or(0, |p| p.line());
    Ok((record, line))
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

    #[test]
    fn fractions() {
        assert_eq!(fraction("0.8"), Ok(0.8));
        assert_eq!(fraction("80%"), Ok(0.8));
        assert!(fraction("1.2").is_err());
        assert!(fraction("eighty").is_err());
    }
}
