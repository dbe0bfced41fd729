//! Tables of results written as aligned text, CSV or JSON.
//!
//! A real number is written in CSV as the shortest text that reads back to
//! the same `f64`, positional from `1e-6` to below `1e21` and in exponent
//! notation outside (`1e-300`, not 300 digits; see [`number_text`]); JSON
//! writes the same values as JSON numbers; the aligned table rounds to each
//! column's decimals (exponent notation from `1e21` up). Several tables
//! (`# name` sections in CSV) are one CSV each with `--table NAME` (see
//! [`Output::select`]).

use std::io::{self, Write};

use clap::ValueEnum;
use serde_json::{Map, Value};

use crate::timelabel::Stamp;

/// How results are written to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    #[default]
    Table,
    /// Comma-separated values with a header row; several tables: each after a `# name` line, a blank line between (`--table NAME` writes one of them alone, as a plain CSV)
    Csv,
    /// A JSON array of objects, one per row; several tables: one object with an array per table, named by table
    Json,
}

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written as it is.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A real number and the decimals to show in the aligned table (CSV and
    /// JSON carry the full value).
    Num(f64, usize),
    /// An instant: local wall time in the aligned table (with the offset
    /// on a day whose offset changes), RFC 3339 with the local offset in
    /// CSV and JSON (see [`crate::timelabel`]).
    Time(Stamp),
    /// No value (undefined): empty in text and CSV, `null` in JSON.
    Empty,
    /// A name for the reader of the aligned table only, in a column of
    /// data: shown there, empty in CSV and `null` in JSON, so that the
    /// column keeps one type for a program (the `total` row of `kpi` in its
    /// `interval_start` column, which a data row names in a column of its
    /// own, see [`Table::data_only`]).
    Label(String),
}

impl Cell {
    /// A number shown with `decimals` decimals in the table; `None` becomes empty.
    pub fn opt(value: Option<f64>, decimals: usize) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Num(v, decimals))
    }

    /// The cell as the aligned table shows it.
    pub fn text(&self) -> String {
        self.table_text()
    }

    fn table_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Time(t) => t.wall.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(v, d) => table_number(*v, *d),
            Cell::Empty => "-".to_string(),
            Cell::Label(s) => s.clone(),
        }
    }

    fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Time(t) => t.rfc3339.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(v, _) => number_text(*v),
            Cell::Empty | Cell::Label(_) => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Time(t) => Value::String(t.rfc3339.clone()),
            Cell::Int(i) => Value::from(*i),
            Cell::Num(v, _) => serde_json::Number::from_f64(*v).map_or(Value::Null, Value::Number),
            Cell::Empty | Cell::Label(_) => Value::Null,
        }
    }
}

/// Magnitudes from which [`number_text`] writes exponent notation: at or
/// above `1e21` and below `1e-6` (not 0), the thresholds of JavaScript's
/// `Number.prototype.toString` (ECMA-262, Number::toString), which
/// spreadsheets, Python and every CSV reader read back.
const EXPONENT_AT_OR_ABOVE: f64 = 1e21;
/// See [`EXPONENT_AT_OR_ABOVE`].
const EXPONENT_BELOW: f64 = 1e-6;

/// A real number as CSV output and messages write it: the shortest text
/// that reads back to the same `f64`, positional from `1e-6` up to but not
/// including `1e21` (`0.81234`, `1020`, `0.000001`), exponent notation
/// outside that range (`1e-300`, `1.3333333333333333e29`, `-1e30`), where
/// positional text runs to hundreds of digits. Non-finite values are
/// `NaN`, `inf` and `-inf`.
pub fn number_text(v: f64) -> String {
    let m = v.abs();
    if v.is_finite() && m != 0.0 && !(EXPONENT_BELOW..EXPONENT_AT_OR_ABOVE).contains(&m) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// A real number as the aligned table writes it: `decimals` decimals, and
/// from `1e21` up (where a fixed decimal runs to 22 digits or more) exponent
/// notation with `decimals` decimals in the mantissa, at least 3
/// (`1.333e29`). Small values keep the column's decimals (`1e-300` with 3
/// decimals is `0.000`), as every value of the column is rounded to them.
fn table_number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        v.to_string()
    } else if v.abs() >= EXPONENT_AT_OR_ABOVE {
        format!("{v:.p$e}", p = decimals.max(3))
    } else {
        format!("{v:.decimals$}")
    }
}

/// A table of results: named columns and rows of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// The columns written in CSV and JSON only, left out of the aligned
    /// table (see [`Table::data_only`]).
    pub data_only: Vec<usize>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
            data_only: Vec::new(),
        }
    }

    /// Marks the column `name` as one for programs: CSV and JSON write it,
    /// the aligned table leaves it out (a row kind such as `kpi`'s `row`
    /// column, which the table shows as a [`Cell::Label`] instead).
    pub fn data_only(mut self, name: &str) -> Table {
        if let Some(i) = self.headers.iter().position(|h| h == name) {
            self.data_only.push(i);
        }
        self
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// Writes the table in `format`.
    pub fn write(&self, format: Format, out: &mut dyn Write) -> io::Result<()> {
        match format {
            Format::Table => self.write_aligned(out),
            Format::Csv => self.write_csv(out),
            Format::Json => self.write_json(out),
        }
    }

    fn write_aligned(&self, out: &mut dyn Write) -> io::Result<()> {
        let shown = |i: &usize| !self.data_only.contains(i);
        let texts: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter(|(i, _)| shown(i))
                    .map(|(_, c)| c.table_text())
                    .collect()
            })
            .collect();
        let headers: Vec<String> = self
            .headers
            .iter()
            .enumerate()
            .filter(|(i, _)| shown(i))
            .map(|(_, h)| h.clone())
            .collect();
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for row in &texts {
            for (w, t) in widths.iter_mut().zip(row) {
                *w = (*w).max(t.chars().count());
            }
        }
        let line = |cells: &[String]| -> String {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:>w$}", w = *w))
                .collect::<Vec<_>>()
                .join("  ")
        };
        writeln!(out, "{}", line(&headers))?;
        for row in &texts {
            writeln!(out, "{}", line(row))?;
        }
        Ok(())
    }

    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.headers).map_err(csv_io)?;
        for row in &self.rows {
            w.write_record(row.iter().map(Cell::csv_text))
                .map_err(csv_io)?;
        }
        w.flush()
    }

    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let rows = self.json_rows();
        serde_json::to_writer_pretty(&mut *out, &rows).map_err(io::Error::from)?;
        writeln!(out)
    }

    fn json_rows(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|r| {
                let mut obj = Map::new();
                for (h, c) in self.headers.iter().zip(r) {
                    obj.insert(h.clone(), c.json());
                }
                Value::Object(obj)
            })
            .collect()
    }
}

/// A CSV writer's error as the I/O error under it, so that a closed pipe
/// stays a [`io::ErrorKind::BrokenPipe`] (`csv`'s own conversion makes
/// every error [`io::ErrorKind::Other`]).
fn csv_io(e: csv::Error) -> io::Error {
    if !matches!(e.kind(), csv::ErrorKind::Io(_)) {
        return io::Error::other(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(inner) => inner,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// What a command writes: one table, or named sections of tables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Output {
    sections: Vec<(String, Table)>,
}

impl Output {
    /// One unnamed table.
    pub fn single(table: Table) -> Output {
        Output {
            sections: vec![(String::new(), table)],
        }
    }

    /// Named tables, written in order.
    pub fn sections(sections: Vec<(String, Table)>) -> Output {
        Output { sections }
    }

    /// The first table.
    pub fn first_table(&self) -> Option<&Table> {
        self.sections.first().map(|(_, t)| t)
    }

    /// The table of a section.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
    }

    /// The output reduced to its table `name` alone, written as a
    /// single-table output is (a plain CSV with one header row, a bare
    /// JSON array): `--table`. Names match ignoring case, with a space, `-`
    /// and `_` alike (`intervals-under-target`). An error names the tables
    /// there are, or says the output is one table already.
    pub fn select(self, name: &str) -> Result<Output, String> {
        let key = |n: &str| -> String {
            n.trim()
                .chars()
                .map(|c| match c {
                    ' ' | '-' => '_',
                    c => c.to_ascii_lowercase(),
                })
                .collect()
        };
        if let [(only, _)] = self.sections.as_slice()
            && only.is_empty()
        {
            return Err(format!(
                "--table {name}: this command writes one table, which --format csv writes \
                 as a plain CSV already: leave --table out"
            ));
        }
        let names: Vec<String> = self.sections.iter().map(|(n, _)| key(n)).collect();
        let wanted = key(name);
        match self.sections.into_iter().find(|(n, _)| key(n) == wanted) {
            Some((_, table)) => Ok(Output::single(table)),
            None => Err(format!(
                "--table {name}: no such table (this command writes {})",
                names.join(", ")
            )),
        }
    }

    /// Writes every section: aligned tables under a heading each, CSV tables
    /// separated by a blank line after a `# name` line, or one JSON object
    /// with a member per section (a single unnamed table is a bare array).
    pub fn write(&self, format: Format, out: &mut dyn Write) -> io::Result<()> {
        if let [(name, table)] = self.sections.as_slice()
            && name.is_empty()
        {
            return table.write(format, out);
        }
        match format {
            Format::Table | Format::Csv => {
                for (i, (name, table)) in self.sections.iter().enumerate() {
                    if i > 0 {
                        writeln!(out)?;
                    }
                    match format {
                        Format::Table => writeln!(out, "== {name}")?,
                        _ => writeln!(out, "# {name}")?,
                    }
                    table.write(format, out)?;
                }
                Ok(())
            }
            Format::Json => {
                let mut obj = Map::new();
                for (name, table) in &self.sections {
                    obj.insert(name.clone(), Value::Array(table.json_rows()));
                }
                serde_json::to_writer_pretty(&mut *out, &Value::Object(obj))
                    .map_err(io::Error::from)?;
                writeln!(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["name", "agents", "sl"]);
        t.push(vec![
            Cell::Text("a".into()),
            Cell::Int(14),
            Cell::Num(0.81234, 3),
        ]);
        t.push(vec![Cell::Text("b".into()), Cell::Int(7), Cell::Empty]);
        t
    }

    fn render(f: Format) -> String {
        let mut buf = Vec::new();
        sample().write(f, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn aligned_table_right_aligns_columns() {
        assert_eq!(
            render(Format::Table),
            "name  agents     sl\n   a      14  0.812\n   b       7      -\n"
        );
    }

    #[test]
    fn csv_carries_full_precision_and_empty_undefined() {
        assert_eq!(render(Format::Csv), "name,agents,sl\na,14,0.81234\nb,7,\n");
    }

    #[test]
    fn a_time_is_wall_time_in_the_table_and_rfc3339_in_csv_and_json() {
        let mut t = Table::new(&["interval_start"]);
        for (wall, rfc) in [
            ("2026-10-25 01:00 +01:00", "2026-10-25T01:00:00+01:00"),
            ("2026-10-25 01:00 +00:00", "2026-10-25T01:00:00+00:00"),
        ] {
            t.push(vec![Cell::Time(Stamp {
                wall: wall.into(),
                rfc3339: rfc.into(),
            })]);
        }
        let render = |f| {
            let mut buf = Vec::new();
            t.write(f, &mut buf).unwrap();
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(
            render(Format::Table),
            "         interval_start\n2026-10-25 01:00 +01:00\n2026-10-25 01:00 +00:00\n"
        );
        assert_eq!(
            render(Format::Csv),
            "interval_start\n2026-10-25T01:00:00+01:00\n2026-10-25T01:00:00+00:00\n"
        );
        let v: Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[1]["interval_start"], "2026-10-25T01:00:00+00:00");
    }

    /// A data-only column is left out of the aligned table; a label is
    /// text there, empty in CSV and null in JSON.
    #[test]
    fn a_label_and_a_data_only_column() {
        let mut t = Table::new(&["row", "day", "n"]).data_only("row");
        t.push(vec![
            Cell::Text("day".into()),
            Cell::Text("2026-03-02".into()),
            Cell::Int(5),
        ]);
        t.push(vec![
            Cell::Text("total".into()),
            Cell::Label("total".into()),
            Cell::Int(5),
        ]);
        let render = |f| {
            let mut buf = Vec::new();
            t.write(f, &mut buf).unwrap();
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(
            render(Format::Table),
            "       day  n\n2026-03-02  5\n     total  5\n"
        );
        assert_eq!(
            render(Format::Csv),
            "row,day,n\nday,2026-03-02,5\ntotal,,5\n"
        );
        let v: Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[1]["row"], "total");
        assert!(v[1]["day"].is_null());
    }

    #[test]
    fn json_uses_null_for_undefined() {
        let v: Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[0]["agents"], 14);
        assert_eq!(v[0]["sl"], 0.81234);
        assert!(v[1]["sl"].is_null());
    }
}

/// A measured duration in seconds, to the millisecond (a solver's wall
/// time: the nanoseconds after the third decimal are noise, and the f64 of
/// `as_secs_f64` prints as `1.8174039450000001` in CSV and JSON).
pub fn millis(d: std::time::Duration) -> f64 {
    // At most u64::MAX ms is 5.8e8 years; the conversion is exact below 2^53 ms.
    d.as_millis() as f64 / 1000.0
}

#[cfg(test)]
mod number_tests {
    use super::*;

    /// The texts by hand: positional inside [1e-6, 1e21), the shortest
    /// exponent form outside; each reads back to the same f64.
    #[test]
    fn tiny_and_huge_numbers_are_written_in_exponent_notation() {
        for (v, text) in [
            (1e-300, "1e-300"),
            (-1e30, "-1e30"),
            (1e21, "1e21"),
            (9.5e-7, "9.5e-7"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e308"),
            (1e-6, "0.000001"),
            (123456789012345680000.0, "123456789012345680000"),
            (0.81234, "0.81234"),
            (1020.0, "1020"),
            (0.0, "0"),
            (-0.5, "-0.5"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(number_text(v), text, "{v:e}");
            if v.is_finite() {
                assert_eq!(text.parse::<f64>(), Ok(v), "{text}");
            }
        }
    }

    #[test]
    fn the_table_keeps_its_decimals_and_shortens_huge_values() {
        assert_eq!(table_number(1e-300, 3), "0.000");
        assert_eq!(table_number(0.81234, 3), "0.812");
        assert_eq!(table_number(1.3333333333333333e29, 2), "1.333e29");
        assert_eq!(table_number(-2.5e40, 0), "-2.500e40");
        assert_eq!(table_number(1e20, 0), "100000000000000000000");
        assert_eq!(table_number(f64::NEG_INFINITY, 2), "-inf");
    }
}

#[cfg(test)]
mod millis_tests {
    #[test]
    fn rounds_down_to_the_millisecond() {
        let d = std::time::Duration::from_nanos(1_817_403_945);
        assert_eq!(super::millis(d).to_string(), "1.817");
        assert_eq!(super::millis(std::time::Duration::ZERO), 0.0);
    }
}
