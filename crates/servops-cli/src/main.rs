//! The `servops` command: contact-centre staffing, forecasting, scheduling,
//! KPIs, control charts, weekly plans and investment cases from a
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

mod backlog;
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
mod spc;
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
  servops backlog emails.csv --aht 6m --within 24h --hours mon-fri=08:00-18:00
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
    /// Deferred work (e-mail, back office): the backlog a staffing plan leaves, or the staff a response-time goal needs
    Backlog(backlog::BacklogArgs),
    /// Statistical process control: a CSV column in, centre, limits and signals out (XmR, p, u, EWMA and CUSUM charts)
    Spc(spc::SpcArgs),
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
        Command::Spc(_) => "spc",
        Command::Backlog(_) => "backlog",
        Command::Cost(args) => args.section_name(),
    };
    let section = Section::load(config, name)?;
    let output: Output = match cli.command {
        Command::Erlang(args) => Output::single(erlang::run(args, &section)?),
        Command::Staff(args) => staff::run(args, &section)?,
        Command::Forecast(args) => forecast::run(args, &section)?,
        Command::Schedule(args) => schedule::run(args, &section)?,
        Command::Kpi(args) => kpi::run(args, &section)?,
        Command::Plan(args) => plan::run(*args, &section)?,
        Command::Spc(args) => spc::run(args, &section)?,
        Command::Backlog(args) => backlog::run(args, &section)?,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Options whose values are not numbers: names, paths, formats, time
    /// zones, dates, enumerations. Every other option takes a number, a
    /// duration or a fraction.
    const NOT_NUMERIC: [&str; 28] = [
        "format",
        "config",
        "table",
        "tz",
        "time_format",
        "columns",
        "outcomes",
        "currency",
        "flow_column",
        "first_day",
        "hours",
        "report",
        "roster",
        "templates",
        "time_column",
        "contacts_column",
        "aht_column",
        "items_column",
        "staff_column",
        "staffed_column",
        "special_days",
        "value",
        "count",
        "size",
        "units",
        "label",
        "sunset_days",
        "rest_days",
    ];

    /// Every (sub)command path and its numeric options (column names,
    /// `--x-column`, are names), depth first.
    fn leaves(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
        for arg in cmd.get_arguments() {
            let takes_value = arg.get_action().takes_values();
            let is_enum = !arg.get_possible_values().is_empty();
            let id = arg.get_id().as_str();
            if let Some(long) = arg.get_long()
                && takes_value
                && !is_enum
                && !NOT_NUMERIC.contains(&id)
                && !id.ends_with("_column_flag")
            {
                out.push((path.clone(), long.to_string()));
            }
        }
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            leaves(sub, p, out);
        }
    }

    /// `--hourly-rate -5` reached clap as an unknown flag `-5` ("unexpected
    /// argument '-5' found"), so the user never saw the command's own
    /// message ("must be >= 0", "is negative"). Every numeric option takes
    /// a value starting with `-` and hands it to its parser.
    #[test]
    fn every_numeric_option_takes_a_negative_value() {
        let mut options = Vec::new();
        let mut cli = Cli::command();
        cli.build();
        leaves(&cli, Vec::new(), &mut options);
        assert!(options.len() > 40, "{}", options.len());
        let mut refused = Vec::new();
        for (path, long) in &options {
            for value in ["-5", "-0.5", "-5s", "-5%"] {
                let flag = format!("--{long}");
                let mut argv = vec!["servops".to_string()];
                argv.extend(path.iter().cloned());
                argv.extend([flag, value.to_string()]);
                if let Err(e) = Cli::command().try_get_matches_from(&argv)
                    && matches!(
                        e.kind(),
                        clap::error::ErrorKind::UnknownArgument
                            | clap::error::ErrorKind::InvalidValue
                    )
                {
                    refused.push(format!("{} {value}: {:?}", argv[1..].join(" "), e.kind()));
                }
            }
        }
        assert!(refused.is_empty(), "{}", refused.join("\n"));
    }
}
