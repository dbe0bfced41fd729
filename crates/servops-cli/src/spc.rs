//! `servops spc`: statistical process control from a CSV column. One
//! chart kind per [`ChartKind`]: individuals and moving ranges (`xmr`) of
//! a column of values, proportions (`p`) of counts over sizes, rates (`u`)
//! of counts over units, Laney's p′ and u′ (`p-prime`, `u-prime`: the p
//! and u charts with limits widened by the over-dispersion `sigma_z`), and
//! the time-weighted EWMA (`ewma`) and tabular CUSUM (`cusum`) charts of a
//! column of values. The first `--baseline` rows may set the centre and
//! limits (phase I) and every row is judged against them (phase II); on
//! the Shewhart charts (xmr, p, u, p-prime, u-prime) the run
//! rules of Western Electric or Nelson name the points that signal, on
//! the time-weighted ones their own decision rule does.
//!
//! A chart kind is one variant of [`ChartKind`], the columns it reads
//! ([`ChartKind::columns`]) and its arm in [`chart`], which turns the rows
//! read into a [`Chart`]: the plotted points with their limits and the
//! summary lines. Everything else (reading, checking, the tables) is
//! shared.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use servops::kpi::spc::{
    ChartSeries, CusumChart, CusumDesign, CusumSide, EwmaChart, EwmaDesign, LaneyPChart,
    LaneyUChart, PChart, Rule, UChart, XmrChart,
};

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
    /// Laney's p' chart: p with limits widened by the over-dispersion sigma_z (large subgroups)
    PPrime,
    /// Laney's u' chart: u with limits widened by the over-dispersion sigma_z (large exposures)
    UPrime,
    /// Exponentially weighted moving average of one value per row (--value)
    Ewma,
    /// Tabular (Page's) cumulative sums of one value per row (--value)
    Cusum,
}

impl ChartKind {
    fn name(self) -> &'static str {
        match self {
            ChartKind::Xmr => "xmr",
            ChartKind::P => "p",
            ChartKind::U => "u",
            ChartKind::PPrime => "p-prime",
            ChartKind::UPrime => "u-prime",
            ChartKind::Ewma => "ewma",
            ChartKind::Cusum => "cusum",
        }
    }

    /// Whether the run rules apply: the Shewhart charts, not the
    /// time-weighted ones (whose points are correlated by construction).
    fn has_rules(self) -> bool {
        matches!(
            self,
            ChartKind::Xmr | ChartKind::P | ChartKind::U | ChartKind::PPrime | ChartKind::UPrime
        )
    }

    /// Whether the chart is time-weighted (EWMA, CUSUM): a known target
    /// and sigma, or their estimates from the baseline.
    fn time_weighted(self) -> bool {
        matches!(self, ChartKind::Ewma | ChartKind::Cusum)
    }

    /// The columns this kind reads, as (flag, what the column holds).
    fn columns(self) -> &'static [Column] {
        match self {
            ChartKind::Xmr | ChartKind::Ewma | ChartKind::Cusum => &[Column::Value],
            ChartKind::P | ChartKind::PPrime => &[Column::Count, Column::Size],
            ChartKind::U | ChartKind::UPrime => &[Column::Count, Column::Units],
        }
    }

    /// The fewest points the baseline (or the whole file) may have:
    /// two for a moving range (xmr, the sigma_z of p-prime and u-prime,
    /// and the estimate of sigma of ewma and cusum), one otherwise.
    fn min_points(self) -> usize {
        match self {
            ChartKind::Xmr
            | ChartKind::Ewma
            | ChartKind::Cusum
            | ChartKind::PPrime
            | ChartKind::UPrime => 2,
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
  xmr    one value per row (--value): daily AHT, weekly service level
  p      a count of a size per row (--count, --size): abandoned of offered
  u      a count over units per row (--count, --units): complaints per 1,000 calls
  p-prime  Laney's p' chart: as p, limits widened by the over-dispersion sigma_z
  u-prime  Laney's u' chart: as u, limits widened by the over-dispersion sigma_z
  ewma   one value per row (--value), exponentially weighted: small sustained shifts
  cusum  one value per row (--value), cumulative sums: small sustained shifts

With --baseline N the first N rows set the centre line and limits, and
every row is then plotted against them (phase II); without it all rows
set them (phase I). The output has three tables: summary, points (one
row per input row: value, limits, the rules fired there) and signals
(one row per rule firing, with the first point of its pattern).

On the xmr chart a moving range above its upper limit (D4 x mean moving
range) is a signal too, named `moving range` (the run rules are not
applied to the moving ranges). Alone it fires at 0.92 % of in-control
points (1 in 109), against 0.27 % (1 in 370) for a value beyond 3 sigma;
the two together at about 1.1 %. Filter the `moving range` rows out of
the signals table to judge the values alone.

p-prime and u-prime (Laney 2002): with large subgroups (thousands of
calls a day) the true rate varies from day to day more than binomial or
Poisson noise, and the p and u limits flag most days. These charts take
z_i = (p_i - p) / sqrt(p(1-p)/n_i) (u: (u_i - u) / sqrt(u/n_i)),
sigma_z = mean |z_i - z_(i-1)| / 1.128 over the baseline, and limits
p -+ 3 sqrt(p(1-p)/n_i) sigma_z (clipped to [0, 1]; u: at 0). The summary
gives sigma_z: 1 when the binomial (Poisson) model holds, where the chart
is the p (u) chart; a note when it is >= 1.5 (over-dispersion) or <= 0.67
(under-dispersion). They need 2 baseline rows.

EWMA and CUSUM (--rules does not apply to them): the target and sigma
are --target and --sigma, or, for either one not given, the mean and
the mean moving range / d2 of the baseline rows (all rows without
--baseline). EWMA: z_i = lambda x_i + (1 - lambda) z_(i-1), z_0 = target,
limits target -+ L sigma sqrt(lambda/(2-lambda) (1-(1-lambda)^(2i)));
the defaults lambda 0.2, L 2.962 have an in-control average run length
(ARL) of 500 and 10.5 at a 1 sigma shift (Lucas and Saccucci 1990).
CUSUM: C+ and C- with K = k sigma, H = h sigma; the defaults k 0.5, h 5
have an in-control ARL of 465 and 10.4 at a 1 sigma shift (Montgomery
2009, Table 9.3; the summary gives the exact 465.4 and 10.38, from the
head start when --fir is given). The summary gives the ARLs of the design used; with
--baseline the limits are estimates, and the true ARLs vary with them.

Examples:
  servops spc aht.csv --chart xmr --value aht_s --label date
  servops spc weeks.csv --chart p --count abandoned --size offered --baseline 12 --rules nelson
  servops spc qa.csv --chart u --count complaints --units thousand_calls --format csv --table signals
  servops spc days.csv --chart p-prime --count abandoned --size offered --label date --baseline 20
  servops spc aht.csv --chart ewma --value aht_s --target 300 --sigma 12 --lambda 0.1 --limit-width 2.814
  servops spc sl.csv --chart cusum --value sl --baseline 20 --k 0.5 --h 4 --fir")]
pub struct SpcArgs {
    /// CSV with one row per point (`-` reads standard input)
    pub input: PathBuf,
    /// The chart [default: xmr]
    #[arg(long, value_enum)]
    pub chart: Option<ChartKind>,
    /// Column of the values (xmr) [default: value]
    #[arg(long, value_name = "COLUMN")]
    pub value: Option<String>,
    /// Column of the counts (p, u, p-prime, u-prime) [default: count]
    #[arg(long, value_name = "COLUMN")]
    pub count: Option<String>,
    /// Column of the subgroup sizes (p, p-prime) [default: size]
    #[arg(long, value_name = "COLUMN")]
    pub size: Option<String>,
    /// Column of the units of exposure (u, u-prime) [default: units]
    #[arg(long, value_name = "COLUMN")]
    pub units: Option<String>,
    /// Column naming each point (a date, a week), copied to the output
    #[arg(long, value_name = "COLUMN")]
    pub label: Option<String>,
    /// Rows (from the first) that set the centre and limits; every row is judged against them [default: all]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<usize>)]
    pub baseline: Option<usize>,
    /// The run rules (xmr, p, u, p-prime, u-prime) [default: western-electric]
    #[arg(long, value_enum)]
    pub rules: Option<Rules>,
    /// The process target mu0 (ewma, cusum) [default: the baseline mean]
    #[arg(long, allow_hyphen_values = true, value_parser = number)]
    pub target: Option<f64>,
    /// The process standard deviation of one value (ewma, cusum) [default: the baseline's mean moving range / d2]
    #[arg(long, allow_hyphen_values = true, value_parser = number)]
    pub sigma: Option<f64>,
    /// EWMA smoothing constant, in (0, 1] [default: 0.2]
    #[arg(long, allow_hyphen_values = true, value_parser = number)]
    pub lambda: Option<f64>,
    /// EWMA limit width L, in standard errors of the EWMA [default: 2.962: in-control ARL 500 with lambda 0.2]
    #[arg(long = "limit-width", visible_alias = "l", value_name = "L", allow_hyphen_values = true, value_parser = number)]
    pub limit_width: Option<f64>,
    /// CUSUM reference value k, in sigmas (half the shift to find) [default: 0.5]
    #[arg(long, allow_hyphen_values = true, value_parser = number)]
    pub k: Option<f64>,
    /// CUSUM decision interval h, in sigmas [default: 5: in-control ARL 465 with k 0.5]
    #[arg(long, allow_hyphen_values = true, value_parser = number)]
    pub h: Option<f64>,
    /// CUSUM fast initial response: both sums start at H/2
    #[arg(long)]
    pub fir: bool,
}

/// A finite number given to a flag.
fn number(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("`{text}` is not a finite number"))
    }
}

/// The rows read: per point its input line, its label and a number per
/// column of the chart kind.
struct Rows {
    /// Lines left out: a row without an observation (an empty value; a
    /// count of 0 of a size or units of 0), and `servops kpi`'s total row.
    skipped: Skipped,
    lines: Vec<u64>,
    labels: Vec<Option<String>>,
    /// One vector per column of [`ChartKind::columns`], in that order.
    columns: Vec<Vec<f64>>,
}

/// A chart drawn: the columns of its points table, what the summary says
/// about it and the signals.
struct Chart {
    /// The points table's columns after `phase`: name and one cell per
    /// point.
    columns: Vec<(&'static str, Vec<Cell>)>,
    /// Lines of the summary beyond the shared ones.
    summary: Vec<(String, Cell)>,
    /// The signals table's columns beyond the shared ones.
    signal_columns: &'static [&'static str],
    /// The signals, in order of their points.
    signals: Vec<Fired>,
}

/// A signal: the rule, the point at which it fires and the first point
/// of its pattern.
struct Fired {
    /// The rule's name (also in the points table's `signals` column).
    rule: String,
    /// The point (0-based).
    index: usize,
    /// The first point of the pattern (0-based).
    first: usize,
    /// What the pattern is.
    pattern: String,
    /// Cells of [`Chart::signal_columns`].
    extra: Vec<Cell>,
}

/// The settings of the time-weighted charts (EWMA, CUSUM).
struct Design {
    target: Option<f64>,
    sigma: Option<f64>,
    lambda: f64,
    limit_width: f64,
    k: f64,
    h: f64,
    fir: bool,
}

/// The default EWMA smoothing constant.
const LAMBDA: f64 = 0.2;
/// The default EWMA limit width: with `LAMBDA` an in-control ARL of 500
/// (Lucas and Saccucci 1990; Montgomery 2009, Table 9.11).
const LIMIT_WIDTH: f64 = 2.962;
/// The default CUSUM reference value (a 1 sigma shift).
const K: f64 = 0.5;
/// The default CUSUM decision interval: with `K` an in-control ARL of
/// 465 (Montgomery 2009, Table 9.3).
const H: f64 = 5.0;

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

/// The lines [`read_rows`] leaves out, by reason.
#[derive(Default)]
struct Skipped {
    /// Rows without an observation: an empty value (a day without
    /// contacts has no service level), or a count of 0 of a size or units
    /// of 0 (a day without offered calls has no abandonment rate).
    empty: Vec<u64>,
    /// Rows whose `row` column says `total`: the total row of
    /// `servops kpi`'s CSV, which is not a period.
    total: Vec<u64>,
}

impl Skipped {
    /// One warning naming the lines left out, or `None`.
    fn warning(&self, path: &Path) -> Option<String> {
        let list = |lines: &[u64]| {
            let shown: Vec<String> = lines.iter().take(10).map(u64::to_string).collect();
            let more = lines.len().saturating_sub(10);
            if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            }
        };
        let mut parts = Vec::new();
        if !self.empty.is_empty() {
            parts.push(format!(
                "{} without an observation (an empty value, or a count of 0 of a size of 0) left out: line {}",
                plural(self.empty.len(), "row"),
                list(&self.empty)
            ));
        }
        if !self.total.is_empty() {
            parts.push(format!(
                "the total row (column `row`) left out: line {}",
                list(&self.total)
            ));
        }
        (!parts.is_empty())
            .then(|| format!("servops: warning: {}: {}", path.display(), parts.join("; ")))
    }
}

/// `n thing` or `n things`.
fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// Whether `row` holds no observation for `kind`: its value cell is empty,
/// or its count is 0 of a size (units) of 0. Cells that do not read as
/// such are left to [`cell`], which names what is wrong with them.
fn no_observation(row: &csv::StringRecord, indices: &[usize], kind: ChartKind) -> bool {
    let text = |i: usize| {
        indices
            .get(i)
            .and_then(|&c| row.get(c))
            .unwrap_or("")
            .trim()
    };
    match kind {
        ChartKind::Xmr | ChartKind::Ewma | ChartKind::Cusum => text(0).is_empty(),
        ChartKind::P | ChartKind::U | ChartKind::PPrime | ChartKind::UPrime => {
            let zero = |t: &str| t.parse::<f64>().is_ok_and(|v| v == 0.0);
            zero(text(0)) && zero(text(1))
        }
    }
}

/// Reads the points of `kind` from `input`, the file at `path`. Rows
/// without an observation and a `total` row (see [`Skipped`]) are left
/// out and reported.
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
    let row_index = columns.iter().position(|c| *c == "row");
    let mut rows = Rows {
        skipped: Skipped::default(),
        lines: Vec::new(),
        labels: Vec::new(),
        columns: vec![Vec::new(); indices.len()],
    };
    while let Some((row, line)) = csv.next_row()? {
        if row_index.and_then(|i| row.get(i)).map(str::trim) == Some("total") {
            rows.skipped.total.push(line);
            continue;
        }
        if no_observation(row, &indices, kind) {
            rows.skipped.empty.push(line);
            continue;
        }
        let mut values = Vec::with_capacity(indices.len());
        for ((&i, &column), name) in indices.iter().zip(kind.columns()).zip(names) {
            values.push(cell(path, row, line, i, name, column)?);
        }
        if let [count, size] = values.as_slice()
            && matches!(kind, ChartKind::P | ChartKind::PPrime)
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

/// The moving-range signals of an XmR chart: each `|x_i - x_(i-1)|`
/// strictly above the baseline's moving-range upper limit (`D4 MR-bar`;
/// its lower limit is 0, which no range is below). The run rules are not
/// applied to the moving ranges, which are correlated (each value is in
/// two of them).
fn moving_range_signals(moving: &[Option<f64>], upper: f64) -> Vec<Fired> {
    moving
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let r = (*r)?;
            (r > upper).then(|| Fired {
                rule: "moving range".into(),
                index: i,
                first: i.saturating_sub(1),
                pattern: "a moving range above its upper limit (D4 x mean moving range)".into(),
                extra: Vec::new(),
            })
        })
        .collect()
}

/// The columns (statistic, limits) and run-rule signals of a Shewhart
/// chart's series.
fn shewhart(
    points: &ChartSeries,
    statistic: &'static str,
    extra: Option<(&'static str, &[Option<f64>])>,
    rules: Rules,
) -> (Vec<(&'static str, Vec<Cell>)>, Vec<Fired>) {
    let mut columns = vec![(statistic, points.values().iter().map(|&v| num(v)).collect())];
    if let Some((name, values)) = extra {
        columns.push((name, values.iter().map(|&v| Cell::opt(v, 4)).collect()));
    }
    let limits = points.limits();
    columns.push(("lower", limits.iter().map(|l| num(l.lower)).collect()));
    columns.push(("centre", limits.iter().map(|l| num(l.center)).collect()));
    columns.push(("upper", limits.iter().map(|l| num(l.upper)).collect()));
    let signals = points
        .signals(rules.rules())
        .into_iter()
        .map(|s| Fired {
            rule: s.rule.to_string(),
            index: s.index,
            first: s.first,
            pattern: s.rule.description().into(),
            extra: Vec::new(),
        })
        .collect();
    (columns, signals)
}

/// The summary's centre and limits of a Shewhart chart: the limits empty
/// when they vary with the subgroup size (they are in the points table).
fn limits_summary(points: &ChartSeries) -> Vec<(String, Cell)> {
    let first = points.limits().first().copied();
    let constant = points.limits().iter().all(|l| Some(*l) == first);
    let Some(l) = first else {
        return Vec::new();
    };
    vec![
        ("centre".into(), num(l.center)),
        (
            "lower limit".into(),
            if constant { num(l.lower) } else { Cell::Empty },
        ),
        (
            "upper limit".into(),
            if constant { num(l.upper) } else { Cell::Empty },
        ),
    ]
}

/// sigma_z at or above this is called over-dispersion in the summary: the
/// relative standard error of a moving-range sigma from 30 points is
/// about 16 %, so 1.5 is well beyond sampling noise for a month of days.
const OVER_DISPERSED: f64 = 1.5;
/// sigma_z at or below this (1/1.5) is called under-dispersion.
const UNDER_DISPERSED: f64 = 1.0 / 1.5;

/// The summary lines of a Laney chart: sigma_z, and a note when it is far
/// from 1 (the `model`'s noise explains the points) or 0.
fn dispersion(sigma_z: f64, model: &str, plain: &str) -> Vec<(String, Cell)> {
    let mut lines = vec![("over-dispersion sigma_z".to_string(), num(sigma_z))];
    let note = if sigma_z == 0.0 {
        Some(
            "sigma_z is 0: every baseline point lies on the centre line; the limits collapse onto it and any point off it is a signal"
                .to_string(),
        )
    } else if sigma_z >= OVER_DISPERSED {
        Some(format!(
            "over-dispersion: the points vary {sigma_z:.2} times as much as {model} noise; the {plain} chart's limits, that much narrower, would flag common-cause variation"
        ))
    } else if sigma_z <= UNDER_DISPERSED {
        Some(format!(
            "under-dispersion: the points vary only {sigma_z:.2} times as much as {model} noise; the limits are narrower than the {plain} chart's"
        ))
    } else {
        None
    };
    if let Some(n) = note {
        lines.push(("note".to_string(), Cell::Text(n)));
    }
    lines
}

/// An average run length for the summary; one too large for an `f64` is
/// said so.
fn arl(result: Result<f64, servops::kpi::Error>) -> Cell {
    match result {
        Ok(v) => num(v),
        Err(_) => Cell::Text("beyond 1.8e308".into()),
    }
}

/// The target and sigma of a time-weighted chart: those given, the others
/// estimated from `baseline` as `EwmaChart::from_baseline` does (the
/// baseline mean, and the mean moving range / d2 of an XmR chart of it),
/// with where they came from.
fn standard(
    baseline: &[f64],
    target: Option<f64>,
    sigma: Option<f64>,
) -> Result<(f64, f64, &'static str), CliError> {
    if let (Some(t), Some(s)) = (target, sigma) {
        return Ok((t, s, "given (--target, --sigma)"));
    }
    let phase1 = XmrChart::new(baseline).map_err(library)?;
    let mean = phase1
        .individuals()
        .limits()
        .first()
        .map_or(f64::NAN, |l| l.center);
    let estimate = phase1.sigma();
    if sigma.is_none() && !(estimate.is_finite() && estimate > 0.0) {
        return Err(CliError::Usage(format!(
            "the {} baseline values are all equal: no sigma can be estimated from them (give --sigma)",
            baseline.len()
        )));
    }
    Ok(match (target, sigma) {
        (Some(t), _) => (t, estimate, "target given, sigma from the baseline"),
        (_, Some(s)) => (mean, s, "target from the baseline, sigma given"),
        _ => (mean, estimate, "baseline (mean, mean moving range / d2)"),
    })
}

/// A refusal of the design's settings, naming the flags.
fn design_error(what: &str, e: servops::kpi::Error) -> CliError {
    CliError::Usage(format!("{what}: {e}"))
}

/// The chart of `kind` on `rows`, its limits set by the first `baseline`
/// points (all when `None`).
fn chart(
    kind: ChartKind,
    rows: &Rows,
    base: usize,
    rules: Rules,
    design: &Design,
) -> Result<Chart, CliError> {
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
            let mut summary = limits_summary(&points);
            summary.push((
                "sigma (mean moving range / d2)".to_string(),
                num(phase1.sigma()),
            ));
            let (columns, mut signals) =
                shewhart(&points, "value", Some(("moving_range", &moving)), rules);
            if let Some(mr) = mr {
                summary.push(("mean moving range".into(), num(mr.center)));
                summary.push(("moving range upper limit".into(), num(mr.upper)));
                let extra = moving_range_signals(&moving, mr.upper);
                summary.push(("moving range signals".into(), Cell::Int(extra.len() as i64)));
                signals.extend(extra);
                // In order of the points, the run rules first at a point.
                signals.sort_by_key(|s| (s.index, s.rule == "moving range"));
            }
            Ok(Chart {
                columns,
                summary,
                signal_columns: &[],
                signals,
            })
        }
        ChartKind::P => {
            let (counts, sizes) = (whole(column(0)), whole(column(1)));
            let phase1 = PChart::new(&counts[..base], &sizes[..base]).map_err(library)?;
            let judged =
                PChart::with_standard(phase1.center(), &counts, &sizes).map_err(library)?;
            let (columns, signals) = shewhart(judged.proportions(), "proportion", None, rules);
            Ok(Chart {
                columns,
                summary: limits_summary(judged.proportions()),
                signal_columns: &[],
                signals,
            })
        }
        ChartKind::U => {
            let counts = whole(column(0));
            let units = column(1);
            let phase1 = UChart::new(&counts[..base], &units[..base]).map_err(library)?;
            let judged = UChart::with_standard(phase1.center(), &counts, units).map_err(library)?;
            let (columns, signals) = shewhart(judged.rates(), "rate", None, rules);
            Ok(Chart {
                columns,
                summary: limits_summary(judged.rates()),
                signal_columns: &[],
                signals,
            })
        }
        ChartKind::PPrime => {
            let (counts, sizes) = (whole(column(0)), whole(column(1)));
            let phase1 = LaneyPChart::new(&counts[..base], &sizes[..base]).map_err(library)?;
            let judged =
                LaneyPChart::with_standard(phase1.center(), phase1.sigma_z(), &counts, &sizes)
                    .map_err(library)?;
            let (columns, signals) = shewhart(judged.proportions(), "proportion", None, rules);
            let mut summary = limits_summary(judged.proportions());
            summary.extend(dispersion(phase1.sigma_z(), "binomial", "p"));
            Ok(Chart {
                columns,
                summary,
                signal_columns: &[],
                signals,
            })
        }
        ChartKind::UPrime => {
            let counts = whole(column(0));
            let units = column(1);
            let phase1 = LaneyUChart::new(&counts[..base], &units[..base]).map_err(library)?;
            let judged =
                LaneyUChart::with_standard(phase1.center(), phase1.sigma_z(), &counts, units)
                    .map_err(library)?;
            let (columns, signals) = shewhart(judged.rates(), "rate", None, rules);
            let mut summary = limits_summary(judged.rates());
            summary.extend(dispersion(phase1.sigma_z(), "Poisson", "u"));
            Ok(Chart {
                columns,
                summary,
                signal_columns: &[],
                signals,
            })
        }
        ChartKind::Ewma => {
            let values = column(0);
            let d = EwmaDesign::new(design.lambda, design.limit_width).map_err(|e| {
                design_error(
                    &format!(
                        "the EWMA design (--lambda {}, --limit-width {})",
                        design.lambda, design.limit_width
                    ),
                    e,
                )
            })?;
            let (target, sigma, source) = standard(&values[..base], design.target, design.sigma)?;
            let c = if design.target.is_none() && design.sigma.is_none() {
                EwmaChart::from_baseline(&values[..base], d, values)
            } else {
                EwmaChart::with_standard(target, sigma, d, values)
            }
            .map_err(library)?;
            let stats = c.statistics();
            let limits = stats.limits();
            let columns = vec![
                ("value", values.iter().map(|&v| num(v)).collect()),
                ("ewma", stats.values().iter().map(|&v| num(v)).collect()),
                ("lower", limits.iter().map(|l| num(l.lower)).collect()),
                ("centre", limits.iter().map(|l| num(l.center)).collect()),
                ("upper", limits.iter().map(|l| num(l.upper)).collect()),
            ];
            let signals = c
                .beyond_limits()
                .into_iter()
                .map(|i| {
                    let up = stats.values().get(i).copied().unwrap_or(f64::NAN) > c.target();
                    Fired {
                        rule: if up { "EWMA upper" } else { "EWMA lower" }.into(),
                        index: i,
                        first: i,
                        pattern: if up {
                            "the EWMA above its upper limit"
                        } else {
                            "the EWMA below its lower limit"
                        }
                        .into(),
                        extra: Vec::new(),
                    }
                })
                .collect();
            let half = d.width() * c.sigma() * d.asymptotic_sigma_factor();
            let summary = vec![
                ("centre (target)".into(), num(c.target())),
                ("sigma".into(), num(c.sigma())),
                ("target and sigma".into(), Cell::Text(source.into())),
                ("lambda".into(), num(d.lambda())),
                ("limit width L".into(), num(d.width())),
                ("asymptotic lower limit".into(), num(c.target() - half)),
                ("asymptotic upper limit".into(), num(c.target() + half)),
                (
                    "ARL method".into(),
                    Cell::Text(
                        "Markov chain, 401 states, asymptotic limits (Lucas and Saccucci 1990)"
                            .into(),
                    ),
                ),
                ("in-control ARL".into(), arl(d.arl(0.0))),
                ("ARL at a 1 sigma shift".into(), arl(d.arl(1.0))),
            ];
            Ok(Chart {
                columns,
                summary,
                signal_columns: &[],
                signals,
            })
        }
        ChartKind::Cusum => {
            let values = column(0);
            let mut d = CusumDesign::new(design.k, design.h).map_err(|e| {
                design_error(
                    &format!("the CUSUM design (--k {}, --h {})", design.k, design.h),
                    e,
                )
            })?;
            if design.fir {
                d = d.with_fast_initial_response();
            }
            let (target, sigma, source) = standard(&values[..base], design.target, design.sigma)?;
            let c = if design.target.is_none() && design.sigma.is_none() {
                CusumChart::from_baseline(&values[..base], d, values)
            } else {
                CusumChart::with_standard(target, sigma, d, values)
            }
            .map_err(library)?;
            let h = c.decision_interval();
            let ints = |v: &[usize]| v.iter().map(|&n| Cell::Int(n as i64)).collect();
            let columns = vec![
                ("value", values.iter().map(|&v| num(v)).collect()),
                ("c_plus", c.upper().iter().map(|&v| num(v)).collect()),
                ("n_plus", ints(c.upper_run_lengths())),
                ("c_minus", c.lower().iter().map(|&v| num(v)).collect()),
                ("n_minus", ints(c.lower_run_lengths())),
                ("h", values.iter().map(|_| num(h)).collect()),
            ];
            let signals = c
                .signals()
                .into_iter()
                .map(|s| {
                    let (side, rule, pattern) = match s.side {
                        CusumSide::Upper => ("upper", "CUSUM upper", "C+ above H: the mean is up"),
                        CusumSide::Lower => {
                            ("lower", "CUSUM lower", "C- above H: the mean is down")
                        }
                    };
                    Fired {
                        rule: rule.into(),
                        index: s.index,
                        // The run of N points ends at this one.
                        first: (s.index + 1).saturating_sub(s.run_length),
                        pattern: pattern.into(),
                        extra: vec![
                            Cell::Text(side.into()),
                            num(s.statistic),
                            Cell::Int(s.run_length as i64),
                            num(s.estimated_mean),
                        ],
                    }
                })
                .collect();
            let summary = vec![
                ("centre (target)".into(), num(c.target())),
                ("sigma".into(), num(c.sigma())),
                ("target and sigma".into(), Cell::Text(source.into())),
                ("k".into(), num(d.k())),
                ("h".into(), num(d.h())),
                (
                    "reference value K = k sigma".into(),
                    num(c.reference_value()),
                ),
                ("decision interval H = h sigma".into(), num(h)),
                (
                    "head start (fast initial response)".into(),
                    num(d.head_start() * c.sigma()),
                ),
                (
                    "ARL method".into(),
                    Cell::Text(
                        "exact (Page's integral equation), both sums from the head start".into(),
                    ),
                ),
                ("in-control ARL".into(), arl(d.arl(0.0))),
                ("ARL at a 1 sigma shift".into(), arl(d.arl(1.0))),
            ];
            Ok(Chart {
                columns,
                summary,
                signal_columns: &["side", "statistic", "run_length", "estimated_mean"],
                signals,
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
        args.chart = Some(ChartKind::from_str(&c, true).map_err(|_| {
            cfg.bad(
                "chart",
                &format!("`{c}` must be xmr, p, u, p-prime, u-prime, ewma or cusum"),
            )
        })?);
    }
    let kind = args.chart.unwrap_or(ChartKind::Xmr);
    // A flag the chart does not read is a mistake on the command line (in
    // a shared config file it is not).
    let (ewma, cusum) = (kind == ChartKind::Ewma, kind == ChartKind::Cusum);
    let timed = kind.time_weighted();
    for (given, flag, reads, charts) in [
        (
            args.rules.is_some(),
            "rules",
            kind.has_rules(),
            "xmr, p, u, p-prime and u-prime charts (ewma and cusum have their own decision rule)",
        ),
        (
            args.target.is_some(),
            "target",
            timed,
            "ewma and cusum charts",
        ),
        (
            args.sigma.is_some(),
            "sigma",
            timed,
            "ewma and cusum charts",
        ),
        (args.lambda.is_some(), "lambda", ewma, "ewma chart"),
        (
            args.limit_width.is_some(),
            "limit-width",
            ewma,
            "ewma chart",
        ),
        (args.k.is_some(), "k", cusum, "cusum chart"),
        (args.h.is_some(), "h", cusum, "cusum chart"),
        (args.fir, "fir", cusum, "cusum chart"),
    ] {
        if given && !reads {
            return Err(CliError::Usage(format!(
                "--{flag} does not apply to the {} chart: it is read by the {charts}",
                kind.name()
            )));
        }
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
    let baseline_flag = args.baseline.is_some();
    args.baseline = args.baseline.or(cfg.count("baseline")?);
    for (flag, key) in [
        (&mut args.target, "target"),
        (&mut args.sigma, "sigma"),
        (&mut args.lambda, "lambda"),
        (&mut args.limit_width, "limit-width"),
        (&mut args.k, "k"),
        (&mut args.h, "h"),
    ] {
        if flag.is_none() {
            *flag = cfg.f64(key)?;
        } else {
            cfg.known(key);
        }
    }
    let fir = args.fir || cfg.bool("fir")?.unwrap_or(false);
    let design = Design {
        target: args.target.filter(|_| kind.time_weighted()),
        sigma: args.sigma.filter(|_| kind.time_weighted()),
        lambda: args.lambda.unwrap_or(LAMBDA),
        limit_width: args.limit_width.unwrap_or(LIMIT_WIDTH),
        k: args.k.unwrap_or(K),
        h: args.h.unwrap_or(H),
        fir,
    };
    if let Some(s) = design.sigma
        && s <= 0.0
    {
        return Err(CliError::Usage(format!(
            "--sigma {s}: the standard deviation must be > 0"
        )));
    }
    // A known standard: nothing is estimated, every row is judged.
    let known = design.target.is_some() && design.sigma.is_some();
    if known && baseline_flag {
        return Err(CliError::Usage(format!(
            "--baseline sets the target and sigma of the {} chart, but --target and --sigma are both given: give one or the other",
            kind.name()
        )));
    }
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
    if let Some(w) = rows.skipped.warning(&name) {
        eprintln!("{w}");
    }
    let n = rows.lines.len();
    let need = if known { 1 } else { kind.min_points() };
    if n < need {
        let rows_text = match n {
            0 => "no rows".to_string(),
            1 => "1 row".to_string(),
            n => format!("{n} rows"),
        };
        let what = if known {
            String::new()
        } else if kind.time_weighted() {
            " (to estimate its target and sigma; or give --target and --sigma)".to_string()
        } else {
            String::new()
        };
        return Err(CliError::input_line(
            &name,
            rows.lines.last().map_or(2, |l| l.saturating_add(1)),
            format!(
                "the column `{}` has {rows_text}: a{} {} chart needs at least {need}{what}",
                names[0],
                if matches!(kind, ChartKind::Xmr | ChartKind::Ewma) {
                    "n"
                } else {
                    ""
                },
                kind.name()
            ),
        ));
    }
    if let Some(b) = args.baseline.filter(|_| !known)
        && (b < need || b > n)
    {
        return Err(CliError::Usage(format!(
            "--baseline {b}: the baseline of this {} chart is from {need} to {n} rows (the file has {n})",
            kind.name()
        )));
    }
    let base = if known { 0 } else { args.baseline.unwrap_or(n) };
    let drawn = chart(kind, &rows, base, rules, &design)?;

    let mut summary = Table::new(&["measure", "value"]);
    let mut kv = |k: &str, v: Cell| summary.push(vec![Cell::Text(k.into()), v]);
    kv("chart", Cell::Text(kind.name().into()));
    if kind.has_rules() {
        kv("rules", Cell::Text(rules.name().into()));
    }
    kv("points", Cell::Int(n as i64));
    kv("baseline points", Cell::Int(base as i64));
    for (k, v) in drawn.summary {
        kv(&k, v);
    }
    kv("signals", Cell::Int(drawn.signals.len() as i64));

    let label = |i: usize| {
        rows.labels
            .get(i)
            .cloned()
            .flatten()
            .map_or(Cell::Empty, Cell::Text)
    };
    let line = |i: usize| Cell::Int(rows.lines.get(i).copied().unwrap_or(0) as i64);
    let mut headers = vec!["point", "line", "label", "phase"];
    headers.extend(drawn.columns.iter().map(|(name, _)| *name));
    headers.push("signals");
    let mut points = Table::new(&headers);
    for i in 0..n {
        let fired: Vec<&str> = drawn
            .signals
            .iter()
            .filter(|s| s.index == i)
            .map(|s| s.rule.as_str())
            .collect();
        let mut row = vec![
            Cell::Int(i as i64 + 1),
            line(i),
            label(i),
            Cell::Text(if i < base { "baseline" } else { "judged" }.into()),
        ];
        row.extend(
            drawn
                .columns
                .iter()
                .map(|(_, cells)| cells.get(i).cloned().unwrap_or(Cell::Empty)),
        );
        row.push(Cell::Text(fired.join("; ")));
        points.push(row);
    }

    let mut headers = vec!["rule", "point", "first_point", "line", "label", "pattern"];
    headers.extend(drawn.signal_columns);
    let mut fired = Table::new(&headers);
    for s in drawn.signals {
        let mut row = vec![
            Cell::Text(s.rule),
            Cell::Int(s.index as i64 + 1),
            Cell::Int(s.first as i64 + 1),
            line(s.index),
            label(s.index),
            Cell::Text(s.pattern),
        ];
        row.extend(s.extra);
        fired.push(row);
    }
    Ok(Output::sections(vec![
        ("summary".into(), summary),
        ("points".into(), points),
        ("signals".into(), fired),
    ]))
}
