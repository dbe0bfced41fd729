//! `servops erlang`: one interval, the agents a target needs and the metrics
//! at given staff levels.

use std::time::Duration;

use clap::Args;
use servops::queue::{Model, Traffic, agents_required, metrics_at, scheduled_staff};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Cell, Table};
use crate::parse;
use crate::targets::{LineArgs, TargetArgs};

/// Arguments of `servops erlang`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  servops erlang --contacts 120 --interval 30m --aht 240s --sl 80% --within 20s
  servops erlang --contacts 120 --aht 4m --model erlang-a --patience 90s --agents 16,17,18
  servops erlang --load 12.5 --aht 300 --max-asa 15s --format json
  servops erlang --contacts 120 --aht 4m --lines 24 --max-blocked 1% --sl 80%
  servops erlang --per-hour 120 --model chat --chat-aht 6m,8m,11m --sl 80% --within 60s")]
pub struct ErlangArgs {
    /// Contacts arriving in the interval
    #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["per_hour", "load"])]
    pub contacts: Option<f64>,
    /// Contacts arriving per hour (instead of --contacts)
    #[arg(long, allow_hyphen_values = true, conflicts_with = "load")]
    pub per_hour: Option<f64>,
    /// Offered load in erlangs (instead of --contacts)
    #[arg(long, allow_hyphen_values = true)]
    pub load: Option<f64>,
    /// Interval length [default: 30m]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Average handle time, e.g. 240s or 4m
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub aht: Option<Duration>,
    /// Also evaluate these staff levels (comma-separated agents on the phones)
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub agents: Vec<f64>,
    /// Targets, model and shrinkage
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Finite trunk lines
    #[command(flatten)]
    pub lines: LineArgs,
}

/// The volume from the configuration section when the command line gives
/// none: one of `contacts`, `per-hour` and `load` (a volume flag on the
/// command line overrides them all).
fn merge_volume(args: &mut ErlangArgs, cfg: &Section) -> Result<(), CliError> {
    const KEYS: [&str; 3] = ["contacts", "per-hour", "load"];
    if args.contacts.is_some() || args.per_hour.is_some() || args.load.is_some() {
        KEYS.iter().for_each(|k| cfg.known(k));
        return Ok(());
    }
    let mut given: Option<&str> = None;
    for (key, value) in
        KEYS.into_iter()
            .zip([&mut args.contacts, &mut args.per_hour, &mut args.load])
    {
        *value = cfg.f64(key)?;
        if value.is_some() {
            if let Some(first) = given {
                return Err(cfg.bad(
                    key,
                    &format!("cannot be set with `{first}` (give one volume)"),
                ));
            }
            given = Some(key);
        }
    }
    Ok(())
}

/// Runs `servops erlang`.
pub fn run(mut args: ErlangArgs, cfg: &Section) -> Result<Table, CliError> {
    args.targets.merge(cfg)?;
    args.lines.merge(cfg)?;
    args.aht = args.aht.or(cfg.duration("aht")?);
    args.interval = args.interval.or(cfg.duration("interval")?);
    merge_volume(&mut args, cfg)?;
    if args.agents.is_empty() {
        args.agents = cfg
            .parsed_list("agents", |s| {
                s.parse::<f64>()
                    .map_err(|_| format!("`{s}` is not a number of agents"))
            })?
            .unwrap_or_default();
    } else {
        cfg.known("agents");
    }
    let model = args.targets.model()?;
    // Live chat: the load is in single-chat erlangs, so the traffic's AHT
    // is the handle time of a chat handled alone, the first of --chat-aht.
    let aht = match (model, args.aht) {
        (Model::Chat { concurrency }, None) => concurrency.single_chat_aht(),
        (Model::Chat { concurrency }, Some(aht)) if aht != concurrency.single_chat_aht() => {
            return Err(CliError::Usage(format!(
                "--aht {} s with --model chat: the load is counted in chats handled alone, \
                 so the AHT is the first --chat-aht ({} s); leave --aht out",
                crate::output::number_text(aht.as_secs_f64()),
                crate::output::number_text(concurrency.single_chat_aht().as_secs_f64())
            )));
        }
        (_, Some(aht)) => aht,
        (_, None) => {
            return Err(CliError::Usage(
                "--aht is required (average handle time, e.g. 240s)".into(),
            ));
        }
    };
    let interval = args.interval.unwrap_or(Duration::from_secs(30 * 60));
    let traffic = match (args.contacts, args.per_hour, args.load) {
        (Some(c), _, _) => Traffic::new(c, interval, aht)?,
        (None, Some(h), _) => Traffic::from_rate_per_hour(h, aht)?,
        (None, None, Some(a)) => Traffic::from_load(a, aht)?,
        (None, None, None) => {
            return Err(CliError::Usage(
                "give the volume: --contacts (per interval), --per-hour or --load".into(),
            ));
        }
    };
    let (model, targets) = args.lines.apply(model, args.targets.targets()?)?;
    let shrinkage = args.targets.shrinkage();
    let lines = args.lines.lines;

    let mut headers = vec!["staffing", "agents"];
    if lines.is_some() {
        headers.push("lines");
    }
    headers.extend(["load", "sl", "asa_s", "p_wait", "p_abandon"]);
    if lines.is_some() {
        headers.push("p_blocked");
    }
    headers.extend(["occupancy", "scheduled", "note"]);
    let mut table = Table::new(&headers);
    let agents_cell = |agents: f64| {
        if agents.fract() == 0.0 && agents.abs() < 1e15 {
            Cell::Int(agents as i64)
        } else {
            Cell::Num(agents, 2)
        }
    };
    let row =
        |label: &str, agents: f64, m: &servops::queue::Metrics| -> Result<Vec<Cell>, CliError> {
            let mut cells = vec![Cell::Text(label.to_string()), agents_cell(agents)];
            if let Some(k) = lines {
                cells.push(Cell::Int(i64::from(k)));
            }
            cells.extend([
                Cell::Num(m.load, 2),
                Cell::opt(m.service_level, 3),
                Cell::Num(m.asa_secs, 1),
                Cell::Num(m.prob_wait, 3),
                Cell::Num(m.prob_abandon, 3),
            ]);
            if lines.is_some() {
                cells.push(Cell::Num(m.prob_blocked, 3));
            }
            cells.extend([
                Cell::Num(m.occupancy, 3),
                Cell::Num(scheduled_staff(agents, shrinkage)?, 2),
                Cell::Empty,
            ]);
            Ok(cells)
        };
    let need = agents_required(&traffic, model, &targets).map_err(|e| args.lines.explain(e))?;
    table.push(row("required", f64::from(need.agents), &need.metrics)?);
    for &n in &args.agents {
        match metrics_at(&traffic, model, n, &targets) {
            Ok(m) => table.push(row("given", n, &m)?),
            // Too few agents for Erlang C: the queue grows without bound.
            Err(servops::queue::Error::Unstable { .. }) => table.push(vec![
                Cell::Text("given".into()),
                agents_cell(n),
                Cell::Num(traffic.load(), 2),
                Cell::Num(0.0, 3),
                Cell::Empty,
                Cell::Num(1.0, 3),
                Cell::Num(0.0, 3),
                Cell::Num(1.0, 3),
                Cell::Num(scheduled_staff(n, shrinkage)?, 2),
                Cell::Text("unstable: load >= agents".into()),
            ]),
            // Name the staff level the library refused (it says only
            // `agents`, and the required row has agents too).
            Err(e) => {
                return Err(CliError::Usage(format!(
                    "--agents {}: {e}",
                    crate::output::number_text(n)
                )));
            }
        }
    }
    Ok(table)
}
