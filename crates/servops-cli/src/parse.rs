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

/// A CSV file read into memory, to name the true line of each record: the
/// csv crate's own line count is one short after CRLF line ends and on the
/// first record after a blank line (BurntSushi/rust-csv#395 and #208).
pub struct CsvText {
    path: std::path::PathBuf,
    bytes: Vec<u8>,
}

impl CsvText {
    /// Reads `path`, or an I/O error naming it.
    pub fn read(path: &std::path::Path) -> Result<CsvText, crate::error::CliError> {
        let bytes = std::fs::read(path).map_err(|source| crate::error::CliError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(CsvText::new(path, bytes))
    }

    /// The text `bytes` of the file at `path`.
    pub fn new(path: &std::path::Path, bytes: Vec<u8>) -> CsvText {
        CsvText {
            path: path.to_path_buf(),
            bytes,
        }
    }

    /// The reader of the text and its header row, or an input error at line 1.
    pub fn reader(
        &self,
    ) -> Result<(csv::Reader<&[u8]>, csv::StringRecord, Lines<'_>), crate::error::CliError> {
        let mut reader = csv::Reader::from_reader(self.bytes.as_slice());
        let headers = reader
            .headers()
            .map_err(|e| crate::error::CliError::input(&self.path, 1, 1, e.to_string()))?
            .clone();
        let lines = Lines {
            bytes: &self.bytes,
            offset: 0,
            line: 1,
        };
        Ok((reader, headers, lines))
    }
}

/// Line numbers of records read in order from one text.
pub struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    /// The 1-based line where the record at byte `byte` starts: the first
    /// byte at or after it that is not a line end (the csv crate may point
    /// at the `\n` of the previous CRLF, or at a blank line before it).
    pub fn line_of(&mut self, byte: u64) -> u64 {
        let mut at = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while at < self.bytes.len() && matches!(self.bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        if at < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let newlines = self
            .bytes
            .get(self.offset..at)
            .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count());
        self.line += newlines as u64;
        self.offset = at;
        self.line
    }

    /// A record and its line, or an input error at the line where reading
    /// failed.
    pub fn record(
        &mut self,
        record: csv::Result<csv::StringRecord>,
        path: &std::path::Path,
    ) -> Result<(csv::StringRecord, u64), crate::error::CliError> {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| self.line_of(p.byte()));
            crate::error::CliError::input(path, line, 1, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| self.line_of(p.byte()));
        Ok((record, line))
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

    #[test]
    fn fractions() {
        assert_eq!(fraction("0.8"), Ok(0.8));
        assert_eq!(fraction("80%"), Ok(0.8));
        assert!(fraction("1.2").is_err());
        assert!(fraction("eighty").is_err());
    }
}
