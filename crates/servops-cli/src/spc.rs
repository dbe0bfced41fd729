//! `servops spc`: statistical process control from a CSV column. One
//! chart kind per [`ChartKind`]: individuals and moving ranges (`xmr`) of
//! a column of values, proportions (`p`) of counts over sizes, rates (`u`)
//! of counts over units. The first `--baseline` rows may set the centre
//! and limits (phase I) and every row is judged against them (phase II);
//! the run rules of Western Electric or Nelson name the points that
//! signal.
//!
//! A chart kind is one variant of [`ChartKind`], the columns it reads
//! ([`ChartKind::columns`]) and its arm in [`chart`], which turns the rows
//! read into a [`Chart`]: the plotted points with their limits and the
//! summary lines. Everything else (reading, checking, the tables) is
//! shared.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use servops::kpi::spc::{ChartSeries, PChart, Rule, Signal, UChart, XmrChart};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse::{self, CsvRows};

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartKind {
    /// Individuals and moving ranges of one value per row (--value)
    Xmr,
    /// Proportion defective: --count of --size per row (abandoned of offered)
    P,
    /// Count per unit: --count over --units per row (complaints per 1,000 calls)
    U,
}

impl ChartKind {
    fn name(self) -> &'static str {
        match self {
            ChartKind::Xmr => "xmr",
            ChartKind::P => "p",
            ChartKind::U => "u",
        }
    }

    /// The columns this kind reads, as (flag, what the column holds).
    fn columns(self) -> &'static [Column] {
        match self {
            ChartKind::Xmr => &[Column::Value],
            ChartKind::P => &[Column::Count, Column::Size],
            ChartKind::U => &[Column::Count, Column::Units],
        }
    }

    /// The fewest points the baseline (or the whole file) may have.
    fn min_points(self) -> usize {
        match self {
            ChartKind::Xmr => 2,
            ChartKind::P | ChartKind::U => 1,
        }
    }
}

/// Which run rules to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Rules {
    /// The four Western Electric rules (1956)
    WesternElectric,
    /// The eight Nelson rules (1984)
    Nelson,
}

impl Rules {
    fn rules(self) -> &'static [Rule] {
        match self {
            Rules::WesternElectric => &Rule::WESTERN_ELECTRIC,
            Rules::Nelson => &Rule::NELSON,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Rules::WesternElectric => "western-electric",
            Rules::Nelson => "nelson",
        }
    }
}

/// A column a chart kind reads, and how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// A finite number.
    Value,
    /// A whole number >= 0.
    Count,
    /// A whole number >= 1.
    Size,
    /// A finite number > 0.
    Units,
}

impl Column {
    /// The flag (and setting) naming the column, and its default header.
    fn flag(self) -> &'static str {
        match self {
            Column::Value => "value",
            Column::Count => "count",
            Column::Size => "size",
            Column::Units => "units",
        }
    }
}

/// Arguments of `servops spc`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "Charts:
  xmr  one value per row (--value): daily AHT, weekly service level
  p    a count of a size per row (--count, --size): abandoned of offered
  u    a count over units per row (--count, --units): complaints per 1,000 calls

With --baseline N the first N rows set the centre line and limits, and
every row is then plotted against them (phase II); without it all rows
set them (phase I). The output has three tables: summary, points (one
row per input row: value, limits, the rules fired there) and signals
(one row per rule firing, with the first point of its pattern).

Examples:
  servops spc aht.csv --chart xmr --value aht_s --label date
  servops spc weeks.csv --chart p --count abandoned --size offered --baseline 12 --rules nelson
  servops spc qa.csv --chart u --count complaints --units thousand_calls --format csv --table signals")]
pub struct SpcArgs {
    /// CSV with one row per point (`-` reads standard input)
    pub input: PathBuf,
    /// The chart [default: xmr]
    #[arg(long, value_enum)]
    pub chart: Option<ChartKind>,
    /// Column of the values (xmr) [default: value]
    #[arg(long, value_name = "COLUMN")]
    pub value: Option<String>,
    /// Column of the counts (p, u) [default: count]
    #[arg(long, value_name = "COLUMN")]
    pub count: Option<String>,
    /// Column of the subgroup sizes (p) [default: size]
    #[arg(long, value_name = "COLUMN")]
    pub size: Option<String>,
    /// Column of the units of exposure (u) [default: units]
    #[arg(long, value_name = "COLUMN")]
    pub units: Option<String>,
    /// Column naming each point (a date, a week), copied to the output
    #[arg(long, value_name = "COLUMN")]
    pub label: Option<String>,
    /// Rows (from the first) that set the centre and limits; every row is judged against them [default: all]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<usize>)]
    pub baseline: Option<usize>,
    /// The run rules [default: western-electric]
    #[arg(long, value_enum)]
    pub rules: Option<Rules>,
}

/// The rows read: per point its input line, its label and a number per
/// column of the chart kind.
struct Rows {
    lines: Vec<u64>,
    labels: Vec<Option<String>>,
    /// One vector per column of [`ChartKind::columns`], in that order.
    columns: Vec<Vec<f64>>,
}

/// A chart drawn: the plotted points against their limits, and what the
/// summary says about it.
struct Chart {
    /// The plotted statistic with each point's limits.
    points: ChartSeries,
    /// Name of the plotted statistic (the points table's value column).
    statistic: &'static str,
    /// A second statistic per point, such as the moving range (column
    /// name, one value per point, empty where none).
    extra: Option<(&'static str, Vec<Option<f64>>)>,
    /// Lines of the summary beyond the shared ones.
    summary: Vec<(String, Cell)>,
}

/// Reads the `name` column's cell of `row` as `column` says, or an error
/// naming the file, line and column.
fn cell(
    path: &Path,
    row: &csv::StringRecord,
    line: u64,
    index: usize,
    header: &str,
    column: Column,
) -> Result<f64, CliError> {
    let text = row.get(index).unwrap_or("").trim();
    let err = |m: String| CliError::input(path, line, header, m);
    if text.is_empty() {
        return Err(err("the cell is empty: every row needs a value".into()));
    }
    match column {
        Column::Value | Column::Units => {
            let v: f64 = text
                .parse()
                .map_err(|_| err(format!("`{text}` is not a number")))?;
            if !v.is_finite() {
                return Err(err(format!("`{text}` is not a finite number")));
            }
            if column == Column::Units && v <= 0.0 {
                return Err(err(format!("units must be > 0, got `{text}`")));
            }
            Ok(v)
        }
        Column::Count | Column::Size => {
            let n: u64 = parse::whole(text).map_err(err)?;
            if column == Column::Size && n == 0 {
                return Err(err("a size must be >= 1, got `0`".into()));
            }
            // Counts are exact as f64 up to 2^53.
            if n > (1u64 << 53) {
                return Err(err(format!("`{text}` is too large (at most 2^53)")));
            }
            Ok(n as f64)
        }
    }
}

/// Reads the points of `kind` from `input`, the file at `path`.
fn read_rows(
    path: &Path,
    input: impl Read,
    kind: ChartKind,
    names: &[String],
    label: Option<&str>,
) -> Result<Rows, CliError> {
    let mut csv = CsvRows::new(path, input)?;
    let header_line = csv.header_line();
    let columns: Vec<&str> = csv.headers().iter().map(str::trim).collect();
    let find = |name: &str, flag: &str| -> Result<usize, CliError> {
        parse::find_column(csv.headers(), name, path, header_line)?.ok_or_else(|| {
            CliError::input_line(
                path,
                header_line,
                format!(
                    "the header has no column `{name}` (give the column with --{flag}; the columns are {})",
                    columns.join(", ")
                ),
            )
        })
    };
    let indices = kind
        .columns()
        .iter()
        .zip(names)
        .map(|(c, name)| find(name, c.flag()))
        .collect::<Result<Vec<_>, _>>()?;
    let label_index = label.map(|l| find(l, "label")).transpose()?;
    let mut rows = Rows {
        lines: Vec::new(),
        labels: Vec::new(),
        columns: vec![Vec::new(); indices.len()],
    };
    while let Some((row, line)) = csv.next_row()? {
        let mut values = Vec::with_capacity(indices.len());
        for ((&i, &column), name) in indices.iter().zip(kind.columns()).zip(names) {
            values.push(cell(path, row, line, i, name, column)?);
        }
        if let [count, size] = values.as_slice()
            && kind == ChartKind::P
            && count > size
        {
            return Err(CliError::input(
                path,
                line,
                &names[0],
                format!(
                    "the count {count} is more than its size {size} (column {}): a proportion is at most 1",
                    names[1]
                ),
            ));
        }
        for (column, v) in rows.columns.iter_mut().zip(values) {
            column.push(v);
        }
        rows.lines.push(line);
        rows.labels.push(
            label_index
                .and_then(|i| row.get(i))
                .map(|s| s.trim().to_string()),
        );
    }
    Ok(rows)
}

/// Whole numbers read back from their f64 (exact: at most 2^53).
fn whole(values: &[f64]) -> Vec<u64> {
    values.iter().map(|&v| v as u64).collect()
}

/// The library's refusal of the data as the command's error.
fn library(e: servops::kpi::Error) -> CliError {
    CliError::Library(e.into())
}

/// The chart of `kind` on `rows`, its limits set by the first `baseline`
/// points (all when `None`).
fn chart(kind: ChartKind, rows: &Rows, baseline: Option<usize>) -> Result<Chart, CliError> {
    let n = rows.lines.len();
    let base = baseline.unwrap_or(n);
    let column = |i: usize| rows.columns.get(i).map_or(&[][..], Vec::as_slice);
    match kind {
        ChartKind::Xmr => {
            let values = column(0);
            let phase1 = XmrChart::new(&values[..base]).map_err(library)?;
            let points = phase1.judge(values).map_err(library)?;
            let mr = phase1.moving_ranges().limits().first().copied();
            let mut moving = vec![None];
            moving.extend(values.windows(2).map(|w| match w {
                [a, b] => Some((b - a).abs()),
                _ => None,
            }));
            let mut summary = vec![(
                "sigma (mean moving range / d2)".to_string(),
                num(phase1.sigma()),
            )];
            if let Some(mr) = mr {
                summary.push(("mean moving range".into(), num(mr.center)));
                summary.push(("moving range upper limit".into(), num(mr.upper)));
            }
            Ok(Chart {
                points,
                statistic: "value",
                extra: Some(("moving_range", moving)),
                summary,
            })
        }
        ChartKind::P => {
            let (counts, sizes) = (whole(column(0)), whole(column(1)));
            let phase1 = PChart::new(&counts[..base], &sizes[..base]).map_err(library)?;
            let judged =
                PChart::with_standard(phase1.center(), &counts, &sizes).map_err(library)?;
            Ok(Chart {
                points: judged.proportions().clone(),
                statistic: "proportion",
                extra: None,
                summary: Vec::new(),
            })
        }
        ChartKind::U => {
            let counts = whole(column(0));
            let units = column(1);
            let phase1 = UChart::new(&counts[..base], &units[..base]).map_err(library)?;
            let judged = UChart::with_standard(phase1.center(), &counts, units).map_err(library)?;
            Ok(Chart {
                points: judged.rates().clone(),
                statistic: "rate",
                extra: None,
                summary: Vec::new(),
            })
        }
    }
}

/// A number of the summary: 4 decimals in the table, full in CSV/JSON.
fn num(v: f64) -> Cell {
    Cell::Num(v, 4)
}

/// Reads the input: the file at `path`, or standard input for `-`, with
/// the name messages give it.
fn open(path: &Path) -> Result<(PathBuf, Box<dyn Read>), CliError> {
    if path.as_os_str() == "-" {
        return Ok((PathBuf::from("<stdin>"), Box::new(std::io::stdin().lock())));
    }
    let file = std::fs::File::open(path).map_err(|source| CliError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((path.to_path_buf(), Box::new(std::io::BufReader::new(file))))
}

/// Runs `servops spc`.
pub fn run(mut args: SpcArgs, cfg: &Section) -> Result<Output, CliError> {
    cfg.known("chart");
    if args.chart.is_none()
        && let Some(c) = cfg.string("chart")?
    {
        args.chart = Some(
            ChartKind::from_str(&c, true)
                .map_err(|_| cfg.bad("chart", &format!("`{c}` must be xmr, p or u")))?,
        );
    }
    cfg.known("rules");
    if args.rules.is_none()
        && let Some(r) = cfg.string("rules")?
    {
        args.rules = Some(Rules::from_str(&r, true).map_err(|_| {
            cfg.bad(
                "rules",
                &format!("`{r}` must be western-electric or nelson"),
            )
        })?);
    }
    // A column flag of another chart kind is a mistake on the command
    // line (in a shared config file it is not).
    let kind = args.chart.unwrap_or(ChartKind::Xmr);
    for (given, column) in [
        (&args.value, Column::Value),
        (&args.count, Column::Count),
        (&args.size, Column::Size),
        (&args.units, Column::Units),
    ] {
        if given.is_some() && !kind.columns().contains(&column) {
            return Err(CliError::Usage(format!(
                "--{} is not read by the {} chart (it reads --{})",
                column.flag(),
                kind.name(),
                kind.columns()
                    .iter()
                    .map(|c| c.flag())
                    .collect::<Vec<_>>()
                    .join(" and --")
            )));
        }
    }
    for (flag, key) in [
        (&mut args.value, "value"),
        (&mut args.count, "count"),
        (&mut args.size, "size"),
        (&mut args.units, "units"),
        (&mut args.label, "label"),
    ] {
        *flag = cfg.or_string(flag.take(), key)?;
    }
    args.baseline = args.baseline.or(cfg.count("baseline")?);
    let rules = args.rules.unwrap_or(Rules::WesternElectric);
    let given = |c: Column| match c {
        Column::Value => args.value.clone(),
        Column::Count => args.count.clone(),
        Column::Size => args.size.clone(),
        Column::Units => args.units.clone(),
    };
    let names: Vec<String> = kind
        .columns()
        .iter()
        .map(|&c| given(c).unwrap_or_else(|| c.flag().to_string()))
        .collect();

    let (name, input) = open(&args.input)?;
    let rows = read_rows(&name, input, kind, &names, args.label.as_deref())?;
    let n = rows.lines.len();
    let need = kind.min_points();
    if n < need {
        let rows_text = match n {
            0 => "no rows".to_string(),
            1 => "1 row".to_string(),
            n => format!("{n} rows"),
        };
        return Err(CliError::input_line(
            &name,
            rows.lines.last().map_or(2, |l| l.saturating_add(1)),
            format!(
                "the column `{}` has {rows_text}: a{} {} chart needs at least {need}",
                names[0],
                if kind == ChartKind::Xmr { "n" } else { "" },
                kind.name()
            ),
        ));
    }
    if let Some(b) = args.baseline
        && (b < need || b > n)
    {
        return Err(CliError::Usage(format!(
            "--baseline {b}: the baseline of this {} chart is from {need} to {n} rows (the file has {n})",
            kind.name()
        )));
    }
    let drawn = chart(kind, &rows, args.baseline)?;
    let base = args.baseline.unwrap_or(n);
    let signals: Vec<Signal> = drawn.points.signals(rules.rules());

    let mut summary = Table::new(&["measure", "value"]);
    let mut kv = |k: &str, v: Cell| summary.push(vec![Cell::Text(k.into()), v]);
    kv("chart", Cell::Text(kind.name().into()));
    kv("rules", Cell::Text(rules.name().into()));
    kv("points", Cell::Int(n as i64));
    kv("baseline points", Cell::Int(base as i64));
    let first = drawn.points.limits().first().copied();
    let constant = drawn.points.limits().iter().all(|l| Some(*l) == first);
    if let Some(l) = first {
        kv("centre", num(l.center));
        // Limits that vary with the subgroup size are in the points table.
        kv(
            "lower limit",
            if constant { num(l.lower) } else { Cell::Empty },
        );
        kv(
            "upper limit",
            if constant { num(l.upper) } else { Cell::Empty },
        );
    }
    for (k, v) in drawn.summary {
        kv(&k, v);
    }
    kv("signals", Cell::Int(signals.len() as i64));

    let mut headers = vec!["point", "line", "label", "phase", drawn.statistic];
    if let Some((name, _)) = &drawn.extra {
        headers.push(name);
    }
    headers.extend(["lower", "centre", "upper", "signals"]);
    let mut points = Table::new(&headers);
    let values = drawn.points.values();
    for (i, (v, l)) in values.iter().zip(drawn.points.limits()).enumerate() {
        let fired: Vec<String> = signals
            .iter()
            .filter(|s| s.index == i)
            .map(|s| s.rule.to_string())
            .collect();
        let mut row = vec![
            Cell::Int(i as i64 + 1),
            Cell::Int(rows.lines.get(i).copied().unwrap_or(0) as i64),
            rows.labels
                .get(i)
                .cloned()
                .flatten()
                .map_or(Cell::Empty, Cell::Text),
            Cell::Text(if i < base { "baseline" } else { "judged" }.into()),
            num(*v),
        ];
        if let Some((_, extra)) = &drawn.extra {
            row.push(Cell::opt(extra.get(i).copied().flatten(), 4));
        }
        row.extend([
            num(l.lower),
            num(l.center),
            num(l.upper),
            Cell::Text(fired.join("; ")),
        ]);
        points.push(row);
    }

    let mut fired = Table::new(&["rule", "point", "first_point", "line", "label", "pattern"]);
    for s in &signals {
        fired.push(vec![
            Cell::Text(s.rule.to_string()),
            Cell::Int(s.index as i64 + 1),
            Cell::Int(s.first as i64 + 1),
            Cell::Int(rows.lines.get(s.index).copied().unwrap_or(0) as i64),
            rows.labels
                .get(s.index)
                .cloned()
                .flatten()
                .map_or(Cell::Empty, Cell::Text),
            Cell::Text(s.rule.description().into()),
        ]);
    }
    Ok(Output::sections(vec![
        ("summary".into(), summary),
        ("points".into(), points),
        ("signals".into(), fired),
    ]))
}
