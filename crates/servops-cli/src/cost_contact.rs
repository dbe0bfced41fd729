//! `servops cost per-contact`: a channels CSV in, the cost per contact and
//! per resolution of each channel out, with a shared pool split between
//! them to the cent.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use servops::core::Channel;
use servops::cost::{
    AllocationBasis, ChannelDemand, Currency, Decimal, HourlyCosts, Money, Occupancy, Shrinkage,
    cost_by_channel,
};

use crate::config::Section;
use crate::cost::{
    cfg_currency, cfg_decimal, currency, decimal, flag_error, minor_units, money, num,
};
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse::{self, CsvRows};

/// How the shared pool is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BasisName {
    /// By handle time, contacts x AHT (whatever the concurrency).
    HandleTime,
    /// By agent time, contacts x AHT / concurrency.
    AgentTime,
}

/// Arguments of `servops cost per-contact`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "The channels CSV has one row per channel:
  channel,contacts,aht,concurrency,cost_per_contact,fcr
  voice,10000,300s,1,0.35,80%
`channel` is voice, chat, email, messaging or back_office; `aht` a duration
(300s, 5m; a bare number is seconds). Optional columns: `concurrency`
(contacts an agent works at once, >= 1) [default: 1], `cost_per_contact`
(telephony, licences per contact) [default: 0] and `fcr` (first-contact
resolution, for the cost per resolution; empty for none).

labour = contacts x AHT / concurrency x hourly rate / (1 - shrinkage) / occupancy;
the --shared pool is split by --basis with no lost cent.

Examples:
  servops cost per-contact channels.csv --hourly-rate 40 --shrinkage 30% --occupancy 85%
  servops cost per-contact channels.csv --hourly-rate 40 --shared 10000 --basis agent-time --format csv")]
pub struct PerContactArgs {
    /// Channels CSV: channel, contacts, aht[, concurrency, cost_per_contact, fcr]
    pub input: PathBuf,
    /// Loaded cost per paid agent hour
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub hourly_rate: Option<Decimal>,
    /// Shrinkage: the share of paid time not available for contacts [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub shrinkage: Option<Decimal>,
    /// Occupancy: the share of available time spent handling contacts [default: 100%]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub occupancy: Option<Decimal>,
    /// Shared costs to split between the channels (management, QA, WFM, ...) [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub shared: Option<Decimal>,
    /// How the shared pool is split [default: handle-time]
    #[arg(long, value_enum)]
    pub basis: Option<BasisName>,
    /// Currency code; amounts are shown at its ISO 4217 minor unit [default: USD]
    #[arg(long, value_parser = currency)]
    pub currency: Option<Currency>,
}

/// A count of contacts (or resolutions) as the table shows it: whole
/// numbers without decimals, a fractional one (a forecast volume, contacts
/// x FCR) to its own decimals, at most 2, so the table does not show 1.5
/// contacts as 2.
fn count(d: Decimal) -> Cell {
    let decimals = d.normalize().scale().min(2);
    num(d, usize::try_from(decimals).unwrap_or(2))
}

/// The error of a cost past the decimal range: the line of the first
/// channel whose own labour overflows (contacts x AHT too large), or the
/// file when only their sum does.
fn overflow_at(
    path: &Path,
    channels: &[(ChannelDemand, u64)],
    hourly: &HourlyCosts,
    e: servops::cost::Error,
) -> CliError {
    let zero = Money::new(Decimal::ZERO, hourly.per_paid_hour().currency());
    let alone = |c: &ChannelDemand| {
        cost_by_channel(
            hourly,
            std::slice::from_ref(c),
            zero,
            AllocationBasis::HandleTime,
            minor_units(zero.currency()),
        )
    };
    match channels
        .iter()
        .find(|(c, _)| matches!(alone(c), Err(servops::cost::Error::Overflow { .. })))
    {
        Some((_, line)) => CliError::input_line(
            path,
            *line,
            format!("{e}: the channel's contacts x AHT are past the decimal range (about 7.9e28)"),
        ),
        None => CliError::Usage(format!(
            "{}: {e}: the channels' totals are past the decimal range (about 7.9e28)",
            path.display()
        )),
    }
}

/// The channels of the file at `path`, each with the line it is on.
fn read_channels(path: &Path, currency: Currency) -> Result<Vec<(ChannelDemand, u64)>, CliError> {
    let mut rows = CsvRows::open(path)?;
    let header_line = rows.header_line();
    let find = |name: &str| parse::find_column(rows.headers(), name, path, header_line);
    let need = |name: &str| {
        find(name)?.ok_or_else(|| {
            CliError::input(
                path,
                header_line,
                name,
                format!("no column named `{name}` in the header"),
            )
        })
    };
    let channel_col = need("channel")?;
    let contacts_col = need("contacts")?;
    let aht_col = need("aht")?;
    let concurrency_col = find("concurrency")?;
    let unit_col = find("cost_per_contact")?;
    let fcr_col = find("fcr")?;
    let mut out = Vec::new();
    while let Some((record, line)) = rows.next_row()? {
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let at = |c: usize, m: String| CliError::input(path, line, c + 1, m);
        let number =
            |c: usize, what: &str| decimal(field(c)).map_err(|m| at(c, format!("{what}: {m}")));
        let channel: Channel = field(channel_col)
            .parse()
            .map_err(|e: servops::core::Error| at(channel_col, e.to_string()))?;
        let contacts = number(contacts_col, "contacts")?;
        let aht = parse::duration(field(aht_col)).map_err(|m| at(aht_col, format!("aht: {m}")))?;
        let mut c = ChannelDemand::new(channel, contacts, aht).map_err(|e| {
            let col = match &e {
                servops::cost::Error::InvalidParameter { name, .. } if *name == "aht" => aht_col,
                _ => contacts_col,
            };
            at(col, e.to_string())
        })?;
        if let Some(col) = concurrency_col.filter(|&k| !field(k).is_empty()) {
            c = c
                .with_concurrency(number(col, "concurrency")?)
                .map_err(|e| at(col, e.to_string()))?;
        }
        if let Some(col) = unit_col.filter(|&k| !field(k).is_empty()) {
            c = c
                .with_cost_per_contact(Money::new(number(col, "cost_per_contact")?, currency))
                .map_err(|e| at(col, e.to_string()))?;
        }
        if let Some(col) = fcr_col.filter(|&k| !field(k).is_empty()) {
            c = c
                .with_fcr(number(col, "fcr")?)
                .map_err(|e| at(col, e.to_string()))?;
        }
        out.push((c, line));
    }
    if out.is_empty() {
        return Err(CliError::input_line(
            path,
            header_line.saturating_add(1),
            "the file has no channels",
        ));
    }
    Ok(out)
}

/// Runs `servops cost per-contact`.
pub fn run(mut args: PerContactArgs, cfg: &Section) -> Result<Output, CliError> {
    for (key, v) in [
        ("hourly-rate", &mut args.hourly_rate),
        ("shrinkage", &mut args.shrinkage),
        ("occupancy", &mut args.occupancy),
        ("shared", &mut args.shared),
    ] {
        if v.is_none() {
            *v = cfg_decimal(cfg, key)?;
        } else {
            cfg.known(key);
        }
    }
    if args.currency.is_none() {
        args.currency = cfg_currency(cfg, "currency")?;
    } else {
        cfg.known("currency");
    }
    if args.basis.is_none() {
        args.basis = match cfg.string("basis")?.as_deref() {
            None => None,
            Some("handle-time") => Some(BasisName::HandleTime),
            Some("agent-time") => Some(BasisName::AgentTime),
            Some(other) => {
                return Err(cfg.bad(
                    "basis",
                    &format!("`{other}` is not a basis (handle-time or agent-time)"),
                ));
            }
        };
    } else {
        cfg.known("basis");
    }
    let currency = args.currency.unwrap_or(Currency::USD);
    let rate = args.hourly_rate.ok_or_else(|| {
        CliError::Usage("--hourly-rate is required (loaded cost per paid agent hour)".into())
    })?;
    let shrinkage = Shrinkage::new(args.shrinkage.unwrap_or(Decimal::ZERO))
        .map_err(|e| flag_error("--shrinkage", e))?;
    let occupancy = Occupancy::new(args.occupancy.unwrap_or(Decimal::ONE))
        .map_err(|e| flag_error("--occupancy", e))?;
    let hourly = HourlyCosts::new(Money::new(rate, currency), shrinkage, occupancy)
        .map_err(|e| flag_error("--hourly-rate", e))?;
    let read = read_channels(&args.input, currency)?;
    let channels: Vec<ChannelDemand> = read.iter().map(|(c, _)| *c).collect();
    let basis = match args.basis {
        Some(BasisName::AgentTime) => AllocationBasis::AgentTime,
        _ => AllocationBasis::HandleTime,
    };
    let pool = Money::new(args.shared.unwrap_or(Decimal::ZERO), currency);
    let costs =
        cost_by_channel(&hourly, &channels, pool, basis, minor_units(currency)).map_err(|e| {
            match &e {
                servops::cost::Error::InvalidParameter { name, .. } if *name == "weights" => {
                    CliError::Usage(format!(
                        "{}: no channel has handle time to share --shared by: {e}",
                        args.input.display()
                    ))
                }
                servops::cost::Error::Overflow { .. } => {
                    overflow_at(&args.input, &read, &hourly, e)
                }
                _ => flag_error("--shared", e),
            }
        })?;

    let mut table = Table::new(&[
        "channel",
        "contacts",
        "labour",
        "per_contact_costs",
        "shared",
        "total",
        "cost_per_contact",
        "resolutions",
        "cost_per_resolution",
    ]);
    let opt_money = |m: Option<Money>| m.map_or(Cell::Empty, money);
    let mut sums = [Decimal::ZERO; 5];
    let overflow = || CliError::Usage("the totals are out of the decimal range".into());
    for c in &costs {
        for (s, v) in sums.iter_mut().zip([
            c.contacts,
            c.labour.amount(),
            c.per_contact_costs.amount(),
            c.shared.amount(),
            c.total.amount(),
        ]) {
            *s = s.checked_add(v).ok_or_else(overflow)?;
        }
        table.push(vec![
            Cell::Text(c.channel.to_string()),
            count(c.contacts),
            money(c.labour),
            money(c.per_contact_costs),
            money(c.shared),
            money(c.total),
            opt_money(c.cost_per_contact),
            c.resolutions.map_or(Cell::Empty, count),
            opt_money(c.cost_per_resolution),
        ]);
    }
    let m = |d: Decimal| Money::new(d, currency);
    let [contacts, labour, unit, shared, total] = sums;
    let overall = if contacts.is_zero() {
        None
    } else {
        Some(m(total).checked_div(contacts).map_err(|_| overflow())?)
    };
    table.push(vec![
        Cell::Text("total".into()),
        count(contacts),
        money(m(labour)),
        money(m(unit)),
        money(m(shared)),
        money(m(total)),
        opt_money(overall),
        Cell::Empty,
        Cell::Empty,
    ]);
    Ok(Output::single(table))
}
