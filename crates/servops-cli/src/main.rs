//! The `servops` command: contact-centre staffing, forecasting, scheduling,
//! KPIs, weekly plans and investment cases from a
//! terminal. Every subcommand reads CSV, writes
//! an aligned table, CSV or JSON (`--format`), takes its settings from flags
//! or a TOML file (`--config`), and on bad input prints one line naming the
//! file, line and column and exits with status 2.
//!
//! The configuration file (see [`config`]) has one table per subcommand
//! whose keys are the long flag names. Precedence is command line, then
//! file, then default, in both directions: every switch the file can set
//! true has a `--no-` flag that turns it off. Relative paths in the file
//! are relative to the file's directory.
#![forbid(unsafe_code)]

mod config;
mod cost;
mod cost_contact;
mod cost_deflection;
mod cost_plan;
mod erlang;
mod error;
mod forecast;
mod history;
mod kpi;
mod output;
mod parse;
mod plan;
mod report;
mod roster;
mod schedule;
mod staff;
mod targets;
mod timecol;
mod timelabel;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Format, Output};

/// Contact-centre planning from the terminal: Erlang staffing, forecasts,
/// schedules, KPIs, weekly plans and costs.
#[derive(Debug, Parser)]
#[command(name = "servops", version, about, long_about = None)]
#[command(after_help = "Examples:
  servops erlang --contacts 120 --interval 30m --aht 240s --sl 80% --within 20s
  servops staff volumes.csv --shrinkage 30% --format csv
  servops plan --example --report plan.html
  servops cost invest --flows=-100000,40000,40000,40000 --rate 8%")]
struct Cli {
    /// Output format
    #[arg(long, value_enum, global = true, default_value_t = Format::Table)]
    format: Format,
    /// TOML file with settings; each subcommand reads its own table, e.g. [erlang]
    ///
    /// The keys of a table are the subcommand's long flag names without the
    /// dashes: `sl = "80%"`, `days = 7`, `aht = true`. A flag given on the
    /// command line wins over the file, and the file over the default; a
    /// switch set true in the file is turned off for one run by its `--no-`
    /// form (e.g. `--no-aht`). A relative path in the file (roster, report,
    /// templates, special-days) is relative to the file's directory; one on
    /// the command line, to the working directory.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Write only this table of a command that writes several (forecast, schedule, plan, cost headcount, cost deflection), in any format
    ///
    /// Several tables in one CSV stream (`# name` lines between them) are
    /// not one CSV: no CSV reader, and none of servops's own, reads them
    /// back. `--table forecast --format csv` writes the forecast table
    /// alone, a plain CSV that `staff`, `schedule` and any CSV tool read;
    /// in JSON a bare array. Names as the `# name` lines give them, a
    /// space, `-` or `_` alike: `summary`, `roster`, `coverage`, `days`,
    /// `intervals_under_target`, `backtest`, `periods`, `totals`, ...
    #[arg(long, global = true, value_name = "NAME")]
    table: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// One interval: the agents a service target needs, and the metrics at given staff
    Erlang(erlang::ErlangArgs),
    /// Agents required per interval from a CSV of volumes and handle times
    Staff(staff::StaffArgs),
    /// History CSV in, forecast with its band out, beside a backtest accuracy table
    Forecast(forecast::ForecastArgs),
    /// Requirement CSV and shift templates in, a roster of shifts and breaks out
    Schedule(schedule::ScheduleArgs),
    /// Contact records CSV in, a KPI table per interval or day out
    Kpi(kpi::KpiArgs),
    /// History in, the whole plan out: forecast, agents, shifts, service and cost
    Plan(Box<plan::PlanArgs>),
    /// Money: investment cases (NPV, IRR, payback, ROI), headcount and budget plans, cost per contact, deflection cases
    Cost(cost::CostArgs),
}

fn run(cli: Cli) -> Result<(), CliError> {
    let config = cli.config.as_deref();
    let name = match &cli.command {
        Command::Erlang(_) => "erlang",
        Command::Staff(_) => "staff",
        Command::Forecast(_) => "forecast",
        Command::Schedule(_) => "schedule",
        Command::Kpi(_) => "kpi",
        Command::Plan(_) => "plan",
        Command::Cost(args) => args.section_name(),
    };
    let section = Section::load(config, name)?;
    let output: Output = match cli.command {
        Command::Erlang(args) => Output::single(erlang::run(args, &section)?),
        Command::Staff(args) => Output::single(staff::run(args, &section)?),
        Command::Forecast(args) => forecast::run(args, &section)?,
        Command::Schedule(args) => schedule::run(args, &section)?,
        Command::Kpi(args) => kpi::run(args, &section)?,
        Command::Plan(args) => plan::run(*args, &section)?,
        Command::Cost(args) => cost::run(args, &section)?,
    };
    // A setting no command read is a typo or a flag without a setting.
    section.check_all_known()?;
    let output = match &cli.table {
        Some(name) => output.select(name).map_err(CliError::Usage)?,
        None => output,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    output
        .write(cli.format, &mut out)
        .map_err(CliError::Output)?;
    out.flush().map_err(CliError::Output)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`servops ... | head`) is not a failure.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("servops: error: {e}");
            ExitCode::from(2)
        }
    }
}
