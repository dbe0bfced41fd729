//! `servops schedule`: a requirement CSV and shift templates in, a roster of
//! shifts with their breaks out, with the solver's bound and gap.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};
use serde::Deserialize;
use servops::core::IntervalSeries;
use servops::core::chrono::{NaiveTime, Weekday};
use servops::core::chrono_tz::Tz;
use servops::cost::Decimal;
use servops::schedule::{
    BreakRule, Method, Pay, ScheduleProblem, ShiftTemplate, SolveOptions, solve,
};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::plan::default_templates;
use crate::staff::{read_interval_column, time_zone};
use crate::timelabel::TimeLabels;

/// Arguments of `servops schedule`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The requirement has one row per interval, in time order with no gaps:
  interval_start,required
  2026-03-02 08:00,12.5

Templates (TOML), one [[template]] table each; without a file the built-in
8 h, 6 h and 4 h templates (paid 15-minute breaks, unpaid 30-minute lunches)
at --hourly-rate are used:
  [[template]]
  name = \"8h\"
  span = \"510min\"
  start = [\"07:00\", \"15:30\"]
  start_step = \"30min\"
  days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]
  hourly_rate = \"30.00\"
  breaks = [
    { length = \"15min\", paid = true, window = [\"90min\", \"150min\"] },
    { length = \"30min\", paid = false, window = [\"210min\", \"300min\"] },
  ]

Methods (--method): auto (the default), heuristic and branch-and-bound start
from the model's LP relaxation and refuse a model of more than 1,000,000
entries (500 days of half hours with the built-in templates); greedy builds
no LP and takes about four years of half hours (1,517 days), but gives no
bound or gap. A model too large says which of these would help.

Examples:
  servops schedule requirement.csv --tz Europe/London --roster roster.csv
  servops schedule requirement.csv --templates shifts.toml --time-limit 20s --format json
  servops schedule three_years.csv --method greedy --format csv"
)]
pub struct ScheduleArgs {
    /// Requirement CSV: interval starts and agents to roster
    pub input: PathBuf,
    /// Shift templates (TOML) [default: built-in 8 h, 6 h and 4 h shifts]
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Time zone of local times (IANA name) [default: UTC]
    #[arg(long)]
    pub tz: Option<String>,
    /// Interval length [default: inferred from the first two rows]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Column of interval starts [default: interval_start]
    #[arg(long = "time-column", value_name = "TIME_COLUMN")]
    pub time_column_flag: Option<String>,
    /// The interval start column in effect, set by `run`.
    #[arg(skip = String::from("interval_start"))]
    pub time_column: String,
    /// Column of agents required [default: required]
    #[arg(long = "required-column", value_name = "REQUIRED_COLUMN")]
    pub required_column_flag: Option<String>,
    /// The agents required column in effect, set by `run`.
    #[arg(skip = String::from("required"))]
    pub required_column: String,
    /// Loaded cost per paid hour of the built-in templates [default: 30]
    #[arg(long, allow_hyphen_values = true, value_parser = crate::cost::plain_decimal)]
    pub hourly_rate: Option<Decimal>,
    /// Time limit of the solver [default: 10s]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub time_limit: Option<Duration>,
    /// How the shift model is solved [default: auto]
    #[arg(long, value_enum)]
    pub method: Option<MethodName>,
    /// Also write the roster CSV here
    #[arg(long)]
    pub roster: Option<PathBuf>,
}

/// How the shift model is solved: the methods of `servops::schedule::Method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodName {
    /// LP relaxation, rounding and local search, then an exact phase on
    /// small models (the library's default)
    Auto,
    /// As auto without the exact phase
    Heuristic,
    /// LP relaxation, then branch and bound: exact given time, for small models only
    #[value(alias = "branch_and_bound")]
    BranchAndBound,
    /// A greedy cover without the LP, for horizons too long for it: no bound or gap
    Greedy,
}

impl MethodName {
    /// The library's method.
    pub fn method(self) -> Method {
        match self {
            MethodName::Auto => Method::Auto,
            MethodName::Heuristic => Method::Heuristic,
            MethodName::BranchAndBound => Method::BranchAndBound,
            MethodName::Greedy => Method::Greedy,
        }
    }

    /// The method set by `key` of the configuration section, if any.
    pub fn from_config(cfg: &Section, key: &str) -> Result<Option<MethodName>, CliError> {
        let Some(name) = cfg.string(key)? else {
            return Ok(None);
        };
        MethodName::from_str(&name, true).map(Some).map_err(|_| {
            cfg.bad(
                key,
                &format!("`{name}` is not a method (auto, heuristic, branch-and-bound or greedy)"),
            )
        })
    }
}

/// What a command can change to make a model smaller, for
/// [`too_large_advice`].
pub struct SizeAdvice<'a> {
    /// The flag choosing the method, e.g. `--method`.
    pub method_flag: &'a str,
    /// How to shorten the horizon.
    pub horizon: &'a str,
    /// How to use fewer templates or narrower windows, when the user
    /// chooses the templates.
    pub templates: Option<&'a str>,
}

/// The message of a model the library refused as too large, with the
/// advice that applies to what it counted: the greedy method only for the
/// LP relaxation (greedy builds none, but builds the model), a shorter
/// horizon, and fewer or narrower templates. `None` for other errors.
pub fn too_large_advice(e: &servops::schedule::Error, can: &SizeAdvice<'_>) -> Option<String> {
    let servops::schedule::Error::ModelTooLarge { what, count, limit } = e else {
        return None;
    };
    let windows = match *what {
        "lp model entries" | "model entries" => "start windows",
        "break placements" => "start or break windows",
        _ => return None,
    };
    let mut advice = Vec::new();
    if *what == "lp model entries" {
        advice.push(format!("{} greedy (which builds no LP)", can.method_flag));
    }
    advice.push(can.horizon.to_string());
    if let Some(t) = can.templates {
        advice.push(format!("{t} with fewer templates or narrower {windows}"));
    }
    let advice = match advice.as_slice() {
        [rest @ .., last] if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => advice.concat(),
    };
    Some(format!(
        "the model would have {count} {what}, above the limit of {limit}; use {advice}"
    ))
}

/// The message of a schedule error about one interval with the interval
/// named in local time in `tz`, as every output of the command names it
/// (the library's message gives the interval's index and its UTC start).
/// `None` for other errors.
pub fn local_interval_message(e: &servops::schedule::Error, tz: Tz) -> Option<String> {
    use servops::core::CompactFloat;
    use servops::schedule::Error;
    match e {
        Error::Uncoverable {
            start, required, ..
        } => Some(format!(
            "interval {} needs {} agents but no shift of any template can work in it",
            TimeLabels::new(tz).wall(*start),
            CompactFloat(*required)
        )),
        Error::StartsOffGrid {
            start,
            required,
            template,
            earliest,
            start_step_minutes,
            ..
        } => Some(format!(
            "no template start fits the intervals: interval {} needs {} agents, but template {template} starts at {} and every {start_step_minutes} min after, and no template's start falls on any interval's start (move the start windows onto the intervals' minutes)",
            TimeLabels::new(tz).wall(*start),
            CompactFloat(*required),
            earliest.format("%H:%M"),
        )),
        _ => None,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    template: Vec<TemplateSpec>,
}

/// A value of the template file with where it is, so that an error about
/// it names its line.
type At<T> = toml::Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateSpec {
    name: At<String>,
    span: At<String>,
    start: Option<[At<String>; 2]>,
    start_step: Option<At<String>>,
    days: Option<Vec<At<String>>>,
    hourly_rate: Option<At<String>>,
    fixed_cost: Option<At<String>>,
    #[serde(default)]
    breaks: Vec<At<BreakSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BreakSpec {
    length: At<String>,
    paid: bool,
    window: [At<String>; 2],
}

fn read_templates(path: &Path) -> Result<Vec<ShiftTemplate>, CliError> {
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file: TemplateFile =
        toml::from_str(&text).map_err(|e| crate::config::toml_error(path, &text, &e))?;
    // An error at the line and column where `at` starts.
    let bad = |at: std::ops::Range<usize>, message: String| {
        let (line, column) = crate::config::line_and_column(&text, at.start);
        CliError::input(path, line, column, message)
    };
    let dur = |s: &At<String>, what: &str| {
        parse::duration(s.get_ref()).map_err(|m| bad(s.span(), format!("{what}: {m}")))
    };
    let time = |s: &At<String>| {
        NaiveTime::parse_from_str(s.get_ref(), "%H:%M")
            .map_err(|_| bad(s.span(), format!("`{}` is not a time HH:MM", s.get_ref())))
    };
    let money =
        |s: &At<String>| crate::cost::plain_decimal(s.get_ref()).map_err(|m| bad(s.span(), m));
    let mut out = Vec::new();
    for t in file.template {
        let name = t.name.get_ref().clone();
        let mut b = ShiftTemplate::builder(name.clone()).span(dur(&t.span, "span")?);
        if let Some([a, z]) = &t.start {
            b = b.start_window(time(a)?, time(z)?);
        }
        if let Some(s) = &t.start_step {
            b = b.start_step(dur(s, "start_step")?);
        }
        if let Some(days) = &t.days {
            let parsed: Result<Vec<Weekday>, CliError> = days
                .iter()
                .map(|d| {
                    d.get_ref()
                        .parse::<Weekday>()
                        .map_err(|_| bad(d.span(), format!("`{}` is not a weekday", d.get_ref())))
                })
                .collect();
            b = b.days(&parsed?);
        }
        b = b.hourly_rate(match &t.hourly_rate {
            Some(r) => money(r)?,
            None => Decimal::new(30, 0),
        });
        if let Some(f) = &t.fixed_cost {
            b = b.fixed_cost(money(f)?);
        }
        let mut rules = Vec::new();
        for br in &t.breaks {
            let pay = if br.get_ref().paid {
                Pay::Paid
            } else {
                Pay::Unpaid
            };
            let [from, to] = &br.get_ref().window;
            rules.push(
                BreakRule::new(
                    dur(&br.get_ref().length, "break length")?,
                    pay,
                    dur(from, "break window")?,
                    dur(to, "break window")?,
                )
                .map_err(|e| bad(br.span(), format!("template `{name}`: {e}")))?,
            );
        }
        out.push(
            b.breaks(rules)
                .build()
                .map_err(|e| bad(t.name.span(), format!("template `{name}`: {e}")))?,
        );
    }
    Ok(out)
}

/// Runs `servops schedule`.
pub fn run(mut args: ScheduleArgs, cfg: &Section) -> Result<Output, CliError> {
    args.tz = args.tz.or(cfg.time_zone("tz")?);
    args.interval = args.interval.or(cfg.duration("interval")?);
    args.time_limit = args.time_limit.or(cfg.duration("time-limit")?);
    args.method = args.method.or(MethodName::from_config(cfg, "method")?);
    args.templates = args.templates.take().or(cfg.path("templates")?);
    args.roster = args.roster.take().or(cfg.path("roster")?);
    args.hourly_rate = args
        .hourly_rate
        .or(crate::cost::cfg_plain_decimal(cfg, "hourly-rate")?);
    if let Some(c) = cfg.or_string(args.time_column_flag.take(), "time-column")? {
        args.time_column = c;
    }
    if let Some(c) = cfg.or_string(args.required_column_flag.take(), "required-column")? {
        args.required_column = c;
    }
    let tz: Tz = time_zone(args.tz.as_deref())?;
    let column = read_interval_column(
        &args.input,
        &args.time_column,
        &args.required_column,
        "required agents",
        tz,
        args.interval,
    )?;
    let templates = match &args.templates {
        Some(p) => read_templates(p)?,
        None => default_templates(
            args.hourly_rate.unwrap_or(Decimal::new(30, 0)),
            NaiveTime::from_hms_opt(0, 0, 0).unwrap_or(NaiveTime::MIN),
        )?,
    };
    // Errors about one interval name its row.
    let schedule_error = |e: servops::schedule::Error| {
        let index = match &e {
            servops::schedule::Error::InvalidRequirement { index, .. }
            | servops::schedule::Error::Uncoverable { index, .. }
            | servops::schedule::Error::StartsOffGrid { index, .. } => Some(*index),
            _ => None,
        };
        let templates = match &args.templates {
            Some(p) => format!("templates in {}", p.display()),
            None => "--templates".to_string(),
        };
        let can = SizeAdvice {
            method_flag: "--method",
            horizon: "a shorter horizon (fewer requirement rows)",
            templates: Some(&templates),
        };
        if let Some(message) = too_large_advice(&e, &can) {
            return CliError::Usage(message);
        }
        let message = local_interval_message(&e, tz).unwrap_or_else(|| e.to_string());
        // Errors about the templates as a set name their file.
        if let Some(path) = &args.templates
            && matches!(
                e,
                servops::schedule::Error::NoTemplates
                    | servops::schedule::Error::DuplicateTemplate { .. }
                    | servops::schedule::Error::NotOnGrid { .. }
            )
        {
            return CliError::Config {
                path: path.clone(),
                message,
            };
        }
        let other = CliError::Library(e.into());
        match index {
            Some(i) => column.row_error(&args.input, i, message, other),
            None => other,
        }
    };
    let problem = ScheduleProblem::builder(column.series.clone(), templates)
        .time_zone(tz)
        .build()
        .map_err(schedule_error)?;
    let mut options =
        SolveOptions::default().with_time_limit(args.time_limit.unwrap_or(Duration::from_secs(10)));
    if let Some(m) = args.method {
        options = options.with_method(m.method());
    }
    let solution = solve(&problem, &options).map_err(schedule_error)?;
    let s = &solution.schedule;
    if let Some(path) = &args.roster {
        crate::roster::write_roster(path, s, tz)?;
    }

    let mut labels = TimeLabels::new(tz);
    let mut roster = Table::new(&[
        "shift",
        "template",
        "start",
        "end",
        "paid_hours",
        "cost",
        "breaks",
    ]);
    for (i, sh) in s.shifts.iter().enumerate() {
        let breaks: Vec<String> = sh
            .breaks
            .iter()
            .map(|b| {
                format!(
                    "{}-{}{}",
                    labels.clock(b.start),
                    labels.clock(b.end),
                    if b.pay == Pay::Unpaid { " unpaid" } else { "" }
                )
            })
            .collect();
        roster.push(vec![
            Cell::Int(i as i64 + 1),
            Cell::Text(sh.template.clone()),
            labels.cell(sh.start),
            labels.cell(sh.end),
            Cell::Num(sh.paid_hours, 2),
            crate::cost::amount_2dp(sh.cost),
            Cell::Text(breaks.join(" ")),
        ]);
    }
    let mut coverage = Table::new(&["interval_start", "required", "on_phone", "under", "over"]);
    let grid = column.series.grid();
    for i in 0..grid.len() {
        let get = |x: &IntervalSeries<f64>| x.values().get(i).copied().unwrap_or(0.0);
        coverage.push(vec![
            labels.opt_cell(grid.interval_start(i)),
            Cell::Num(get(problem.requirement()), 2),
            Cell::Num(get(&s.coverage), 2),
            Cell::Num(get(&s.under), 2),
            Cell::Num(get(&s.over), 2),
        ]);
    }
    let r = &solution.report;
    let mut summary = Table::new(&["measure", "value"]);
    let mut kv = |k: &str, v: Cell| summary.push(vec![Cell::Text(k.into()), v]);
    kv("shifts", Cell::Int(s.shifts.len() as i64));
    for (name, n) in &s.template_counts {
        kv(&format!("shifts of {name}"), Cell::Int(*n as i64));
    }
    kv("paid hours", Cell::Num(s.paid_hours, 2));
    kv("cost", crate::cost::amount_2dp(s.cost));
    kv("objective", Cell::Num(r.objective, 2));
    kv("best bound", Cell::opt(r.bound, 2));
    kv("gap %", Cell::opt(r.gap.map(|g| 100.0 * g), 2));
    kv("seconds", Cell::Num(crate::output::millis(r.elapsed), 2));
    kv("stopped because", Cell::Text(format!("{:?}", r.stop)));
    kv("agent-hours under", Cell::Num(s.under_hours(), 2));
    kv("agent-hours over", Cell::Num(s.over_hours(), 2));
    Ok(Output::sections(vec![
        ("summary".into(), summary),
        ("roster".into(), roster),
        ("coverage".into(), coverage),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn too_large(what: &'static str) -> servops::schedule::Error {
        servops::schedule::Error::ModelTooLarge {
            what,
            count: 12,
            limit: 10,
        }
    }

    const PLAN: SizeAdvice<'static> = SizeAdvice {
        method_flag: "--schedule-method",
        horizon: "fewer --days",
        templates: None,
    };

    #[test]
    fn greedy_is_advised_only_for_the_lp() {
        assert_eq!(
            too_large_advice(&too_large("lp model entries"), &PLAN).as_deref(),
            Some(
                "the model would have 12 lp model entries, above the limit of 10; \
                 use --schedule-method greedy (which builds no LP) or fewer --days"
            )
        );
        assert_eq!(
            too_large_advice(&too_large("model entries"), &PLAN).as_deref(),
            Some("the model would have 12 model entries, above the limit of 10; use fewer --days")
        );
        let schedule = SizeAdvice {
            method_flag: "--method",
            horizon: "a shorter horizon",
            templates: Some("templates in t.toml"),
        };
        assert_eq!(
            too_large_advice(&too_large("model entries"), &schedule).as_deref(),
            Some(
                "the model would have 12 model entries, above the limit of 10; use a shorter \
                 horizon or templates in t.toml with fewer templates or narrower start windows"
            )
        );
    }

    #[test]
    fn other_errors_keep_the_library_message() {
        assert_eq!(
            too_large_advice(&too_large("agent-tour pairs"), &PLAN),
            None
        );
        assert_eq!(
            too_large_advice(&servops::schedule::Error::NoTemplates, &PLAN),
            None
        );
    }
}
