//! CSV parsing shared by the reference tables.

use std::collections::HashMap;
use std::fmt;

/// A reference table could not be read: which file, which line, which column
/// and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    file: &'static str,
    line: u64,
    column: Option<String>,
    message: String,
}

impl DataError {
    fn new(
        file: &'static str,
        line: u64,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file,
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }

    /// The CSV file name, for example `"erlang_b.csv"`.
    #[must_use]
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// The 1-based line of the offending record (the header is line 1).
    #[must_use]
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The column, when the error concerns a single field.
    #[must_use]
    pub fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(
                f,
                "{} line {}, column {}: {}",
                self.file, self.line, c, self.message
            ),
            None => write!(f, "{} line {}: {}", self.file, self.line, self.message),
        }
    }
}

impl std::error::Error for DataError {}

/// One record with access by column name.
pub(crate) struct Row<'a> {
    file: &'static str,
    line: u64,
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    pub(crate) fn error(&self, column: &str, message: impl Into<String>) -> DataError {
        DataError::new(self.file, self.line, Some(column), message)
    }

    pub(crate) fn str(&self, column: &str) -> Result<&str, DataError> {
        let index = self
            .columns
            .get(column)
            .ok_or_else(|| self.error(column, "no such column"))?;
        self.record
            .get(*index)
            .ok_or_else(|| self.error(column, "missing field"))
    }

    /// A decimal string rounded to the nearest `f64` by `str::parse`; values
    /// below the double range become `0.0` or a subnormal.
    pub(crate) fn f64(&self, column: &str) -> Result<f64, DataError> {
        let text = self.str(column)?;
        let value: f64 = text
            .parse()
            .map_err(|e| self.error(column, format!("cannot parse {text:?} as a number: {e}")))?;
        if value.is_finite() {
            Ok(value)
        } else {
            Err(self.error(column, format!("{text:?} is not finite")))
        }
    }

    /// Like [`Row::f64`], with an empty field meaning `None`.
    pub(crate) fn opt_f64(&self, column: &str) -> Result<Option<f64>, DataError> {
        if self.str(column)?.is_empty() {
            Ok(None)
        } else {
            self.f64(column).map(Some)
        }
    }

    pub(crate) fn u32(&self, column: &str) -> Result<u32, DataError> {
        let text = self.str(column)?;
        text.parse()
            .map_err(|e| self.error(column, format!("cannot parse {text:?} as an integer: {e}")))
    }
}

/// Parses `text` (a CSV file with a header) row by row with `make`, after
/// checking that the header is exactly `expected`.
pub(crate) fn parse_table<T>(
    file: &'static str,
    text: &str,
    expected: &[&str],
    make: impl Fn(&Row<'_>) -> Result<T, DataError>,
) -> Result<Vec<T>, DataError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| DataError::new(file, 1, None, format!("cannot read the header: {e}")))?
        .clone();
    let names: Vec<&str> = header.iter().collect();
    if names != expected {
        return Err(DataError::new(
            file,
            1,
            None,
            format!("header is {names:?}, expected {expected:?}"),
        ));
    }
    let columns: HashMap<String, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| ((*n).to_owned(), i))
        .collect();
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let fallback_line = u64::try_from(i).map_or(u64::MAX, |i| i.saturating_add(2));
        let record = record.map_err(|e| {
            let line = e.position().map_or(fallback_line, csv::Position::line);
            DataError::new(file, line, None, format!("malformed record: {e}"))
        })?;
        let line = record.position().map_or(fallback_line, csv::Position::line);
        let row = Row {
            file,
            line,
            columns: &columns,
            record: &record,
        };
        out.push(make(&row)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<(f64, Option<f64>, u32)>, DataError> {
        parse_table("t.csv", text, &["a", "b", "c"], |r| {
            Ok((r.f64("a")?, r.opt_f64("b")?, r.u32("c")?))
        })
    }

    #[test]
    fn parses_rows_and_lines() {
        let rows = parse("a,b,c\n1.5,,3\n1e-400,2,4\n").unwrap();
        assert_eq!(rows, vec![(1.5, None, 3), (0.0, Some(2.0), 4)]);
    }

    #[test]
    fn far_below_double_range_parses_to_zero() {
        let rows = parse("a,b,c\n1.208868293605052735988286e-8565709,,1\n").unwrap();
        assert_eq!(rows[0].0, 0.0);
        let rows = parse("a,b,c\n4.9e-324,,1\n").unwrap();
        assert!(rows[0].0 > 0.0 && rows[0].0 < f64::MIN_POSITIVE);
    }

    #[test]
    fn reports_file_line_and_column() {
        let err = parse("a,b,c\n1,2,3\nx,2,3\n").unwrap_err();
        assert_eq!(
            (err.file(), err.line(), err.column()),
            ("t.csv", 3, Some("a"))
        );
        assert!(
            err.to_string()
                .starts_with("t.csv line 3, column a: cannot parse \"x\"")
        );
        let err = parse("a,b,c\n1,2,-3\n").unwrap_err();
        assert_eq!(err.column(), Some("c"));
        let err = parse("a,b,c\n1e999,2,3\n").unwrap_err();
        assert!(err.to_string().contains("not finite"));
    }

    #[test]
    fn rejects_wrong_header_and_ragged_rows() {
        let err = parse("a,b\n1,2\n").unwrap_err();
        assert_eq!(err.line(), 1);
        let err = parse("a,b,c\n1,2\n").unwrap_err();
        assert_eq!(err.line(), 2);
    }

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: std::error::Error + Send + Sync + 'static>() {}
        check::<DataError>();
    }
}
