//! `servops cost deflection`: the automation / deflection business case.
//! A baseline interval workload is staffed by the queueing model, staffed
//! again with the deflected contacts removed (and the residual AHT), and the
//! saving is realised over time against the implementation, platform and
//! usage costs: cash flows, NPV, IRR, paybacks and ROI.

use std::time::Duration;

use clap::{Args, ValueEnum};
use servops::core::{IntervalGrid, IntervalSeries};
use servops::cost::{
    Currency, Decimal, DeflectionCase, Money, Realisation, Scenario, Shrinkage, StaffingCost,
};
use servops::queue::Workload;

use crate::config::Section;
use crate::cost::{
    cfg_currency, cfg_decimal, currency, decimal, flag_error, irr_rows, money, num, payback_cell,
    pct,
};
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::targets::TargetArgs;

/// How the gross saving is realised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RealisationName {
    /// The whole saving from period 1.
    Immediate,
    /// A straight ramp to the full saving over --ramp-periods.
    Linear,
    /// Surplus staff leave only by attrition (--headcount, --attrition).
    Attrition,
}

/// Arguments of `servops cost deflection`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The baseline is --intervals intervals of --contacts contacts each, staffed
by the model (as `servops erlang` takes it) at --hourly-rate per paid hour
grossed up for --shrinkage. The scenario removes --deflection of the
contacts; the rest take --residual-aht (default: --aht) and are staffed
again. --series-per-period such series (e.g. 22 days a month) make one
period of the case:

  CF_0 = -implementation
  CF_t = share_t x gross saving - platform - usage x contained contacts
  share_t: immediate 1; linear min(1, t / ramp-periods);
           attrition min(S, H (1 - (1 - a)^t)) / S, H = --headcount,
           a = --attrition, S = --surplus [default: the scheduled staff
           of the busiest baseline interval minus the scenario's]

NPV is at --rate per period with period 0 at t = 0; IRR is per period,
in CSV and JSON a number in % rounded to 8 decimals (as cost invest);
ROI is (realised saving - all costs) / all costs.

Examples:
  servops cost deflection --contacts 100 --intervals 20 --aht 300s --sl 80% --within 20s \\
    --hourly-rate 40 --shrinkage 30% --deflection 15% --residual-aht 330s \\
    --series-per-period 22 --implementation 60000 --platform 1500 --usage 0.25 \\
    --realisation attrition --headcount 30 --attrition 3% --periods 24 --rate 0.8%
  servops cost deflection --contacts 400 --aht 5m --hourly-rate 35 --deflection 10% \\
    --periods 12 --rate 1% --realisation linear --ramp-periods 4 --format json"
)]
pub struct DeflectionArgs {
    /// Contacts arriving in each baseline interval
    #[arg(long, allow_hyphen_values = true)]
    pub contacts: Option<f64>,
    /// Intervals in one baseline series (e.g. 20 half hours a day) [default: 1]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<usize>)]
    pub intervals: Option<usize>,
    /// Interval length [default: 30m]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub interval: Option<Duration>,
    /// Average handle time of the baseline contacts, e.g. 300s or 5m
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub aht: Option<Duration>,
    /// Targets, model and shrinkage
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Loaded cost per paid agent hour
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub hourly_rate: Option<Decimal>,
    /// Share of the contacts contained by self-service, e.g. 15%
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub deflection: Option<Decimal>,
    /// AHT of the contacts that remain [default: --aht]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::duration)]
    pub residual_aht: Option<Duration>,
    /// Baseline series per period of the case (e.g. 22 days a month) [default: 1]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub series_per_period: Option<Decimal>,
    /// One-off implementation cost at period 0 [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub implementation: Option<Decimal>,
    /// Platform (licence, hosting) cost per period [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub platform: Option<Decimal>,
    /// Usage cost per contained contact [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub usage: Option<Decimal>,
    /// How the saving is realised [default: immediate]
    #[arg(long, value_enum)]
    pub realisation: Option<RealisationName>,
    /// Periods to the full saving (--realisation linear)
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<u32>)]
    pub ramp_periods: Option<u32>,
    /// Headcount when the change goes live (--realisation attrition)
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub headcount: Option<Decimal>,
    /// Heads no longer needed (--realisation attrition) [default: from the staffing]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub surplus: Option<Decimal>,
    /// Attrition per period, e.g. 3% (--realisation attrition)
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub attrition: Option<Decimal>,
    /// Periods of the case after period 0 (e.g. 24 months)
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<u32>)]
    pub periods: Option<u32>,
    /// Discount rate per period, e.g. 0.8% (per month for monthly periods)
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub rate: Option<Decimal>,
    /// Currency code; amounts are shown at its ISO 4217 minor unit [default: USD]
    #[arg(long, value_parser = currency)]
    pub currency: Option<Currency>,
}

/// A whole-number setting that must fit a `u32`.
fn cfg_u32(cfg: &Section, key: &str) -> Result<Option<u32>, CliError> {
    match cfg.count(key)? {
        None => Ok(None),
        Some(n) => u32::try_from(n)
            .map(Some)
            .map_err(|_| cfg.bad(key, "is too large")),
    }
}

/// Fills the flags that were not given from the `[cost-deflection]` table.
fn merge(args: &mut DeflectionArgs, cfg: &Section) -> Result<(), CliError> {
    args.targets.merge(cfg)?;
    args.contacts = args.contacts.or(cfg.f64("contacts")?);
    args.intervals = args.intervals.or(cfg.count("intervals")?);
    args.interval = args.interval.or(cfg.duration("interval")?);
    args.aht = args.aht.or(cfg.duration("aht")?);
    args.residual_aht = args.residual_aht.or(cfg.duration("residual-aht")?);
    for (key, v) in [
        ("hourly-rate", &mut args.hourly_rate),
        ("deflection", &mut args.deflection),
        ("series-per-period", &mut args.series_per_period),
        ("implementation", &mut args.implementation),
        ("platform", &mut args.platform),
        ("usage", &mut args.usage),
        ("headcount", &mut args.headcount),
        ("surplus", &mut args.surplus),
        ("attrition", &mut args.attrition),
        ("rate", &mut args.rate),
    ] {
        if v.is_none() {
            *v = cfg_decimal(cfg, key)?;
        } else {
            cfg.known(key);
        }
    }
    args.ramp_periods = args.ramp_periods.or(cfg_u32(cfg, "ramp-periods")?);
    args.periods = args.periods.or(cfg_u32(cfg, "periods")?);
    args.currency = args.currency.or(cfg_currency(cfg, "currency")?);
    if args.realisation.is_none() {
        args.realisation = match cfg.string("realisation")? {
            None => None,
            Some(s) => Some(RealisationName::from_str(&s, true).map_err(|_| {
                cfg.bad(
                    "realisation",
                    &format!("`{s}` is not a realisation (immediate, linear or attrition)"),
                )
            })?),
        };
    } else {
        cfg.known("realisation");
    }
    Ok(())
}

fn required<T>(v: Option<T>, what: &str) -> Result<T, CliError> {
    v.ok_or_else(|| CliError::Usage(format!("{what} is required")))
}

/// The largest scheduled staff of a series' intervals.
fn peak_scheduled(s: &servops::cost::SeriesCost) -> Decimal {
    s.intervals
        .iter()
        .map(|i| i.scheduled)
        .max()
        .unwrap_or(Decimal::ZERO)
}

/// Runs `servops cost deflection`.
pub fn run(mut args: DeflectionArgs, cfg: &Section) -> Result<Output, CliError> {
    merge(&mut args, cfg)?;
    let currency = args.currency.unwrap_or(Currency::USD);
    let contacts = required(args.contacts, "--contacts (contacts per baseline interval)")?;
    let aht = required(args.aht, "--aht (average handle time, e.g. 300s)")?;
    let hourly_rate = required(args.hourly_rate, "--hourly-rate (cost per paid agent hour)")?;
    let deflection = required(args.deflection, "--deflection (share contained, e.g. 15%)")?;
    let periods = required(args.periods, "--periods (periods of the case, e.g. 24)")?;
    let rate = required(args.rate, "--rate (discount rate per period, e.g. 0.8%)")?;
    let intervals = args.intervals.unwrap_or(1);
    if intervals == 0 {
        return Err(CliError::Usage("--intervals: must be at least 1".into()));
    }
    let interval = args.interval.unwrap_or(Duration::from_secs(30 * 60));

    args.targets.refuse_chat("cost deflection")?;
    let model = args.targets.model()?;
    let targets = args.targets.targets()?;
    let shrinkage = decimal(&args.targets.shrinkage().to_string())
        .map_err(|m| CliError::Usage(format!("--shrinkage: {m}")))?;
    let shrinkage = Shrinkage::new(shrinkage).map_err(|e| flag_error("--shrinkage", e))?;
    let staffing = StaffingCost::new(Money::new(hourly_rate, currency), shrinkage, model, targets)
        .map_err(|e| flag_error("--hourly-rate", e))?;
    let work = Workload::new(contacts, aht).map_err(|e| {
        CliError::Usage(format!(
            "--contacts {contacts} with --aht {}s: {e}",
            aht.as_secs_f64()
        ))
    })?;
    let grid = IntervalGrid::new(Default::default(), interval, intervals)
        .map_err(|e| CliError::Usage(format!("--interval / --intervals: {e}")))?;
    let series = IntervalSeries::filled(grid, work);
    let mut scenario = Scenario::new()
        .with_deflection(deflection)
        .map_err(|e| flag_error("--deflection", e))?;
    if let Some(r) = args.residual_aht {
        scenario = scenario
            .with_residual_aht(r)
            .map_err(|e| flag_error("--residual-aht", e))?;
    }
    let cmp = staffing
        .compare(&series, &scenario)
        .map_err(|e| flag_error("--contacts", e))?;
    // A residual handle time longer than the baseline's can cost more
    // than the contacts contained save: the library refuses a negative
    // saving, which it names `gross_saving`; say which flags did it.
    if cmp.saving.amount() < Decimal::ZERO {
        return Err(CliError::Usage(format!(
            "--deflection {}% with --residual-aht {}s: the residual contacts cost more to staff \
             than the baseline ({} against {} per series), so there is no saving to build a \
             case on; give a shorter --residual-aht or a larger --deflection",
            (deflection * Decimal::ONE_HUNDRED).normalize(),
            args.residual_aht.map_or(aht, |r| r).as_secs_f64(),
            money(cmp.scenario.cost).text(),
            money(cmp.baseline.cost).text(),
        )));
    }
    let per_period = args.series_per_period.unwrap_or(Decimal::ONE);
    let m = |d: Decimal| Money::new(d, currency);
    let baseline_peak = peak_scheduled(&cmp.baseline);
    let default_surplus = (baseline_peak - peak_scheduled(&cmp.scenario)).max(Decimal::ZERO);
    let realisation = match args.realisation.unwrap_or(RealisationName::Immediate) {
        RealisationName::Immediate => Realisation::Immediate,
        RealisationName::Linear => Realisation::Linear {
            periods: required(
                args.ramp_periods,
                "--ramp-periods (periods to the full saving, with --realisation linear)",
            )?,
        },
        RealisationName::Attrition => Realisation::Attrition {
            headcount: required(
                args.headcount,
                "--headcount (heads when the change goes live, with --realisation attrition)",
            )?,
            surplus: args.surplus.unwrap_or(default_surplus),
            rate: required(
                args.attrition,
                "--attrition (attrition per period, with --realisation attrition)",
            )?,
        },
    };
    let realisation_err = |e: servops::cost::Error| {
        let flag = match &e {
            servops::cost::Error::InvalidParameter { name, .. } if *name == "headcount" => {
                "--headcount"
            }
            servops::cost::Error::InvalidParameter { name, .. } if *name == "surplus" => {
                if args.surplus.is_some() {
                    "--surplus"
                } else {
                    "--headcount (below the surplus staff the deflection frees)"
                }
            }
            _ => "--attrition",
        };
        flag_error(flag, e)
    };
    let case = DeflectionCase::from_comparison(&cmp, per_period, periods)
        .map_err(|e| match &e {
            servops::cost::Error::InvalidParameter { name, .. } if *name == "periods" => {
                flag_error("--periods", e)
            }
            _ => flag_error("--series-per-period", e),
        })?
        .with_implementation(m(args.implementation.unwrap_or(Decimal::ZERO)))
        .map_err(|e| flag_error("--implementation", e))?
        .with_platform_cost(m(args.platform.unwrap_or(Decimal::ZERO)))
        .map_err(|e| flag_error("--platform", e))?
        .with_usage_cost(m(args.usage.unwrap_or(Decimal::ZERO)))
        .map_err(|e| flag_error("--usage", e))?
        .with_realisation(realisation)
        .map_err(realisation_err)?
        .with_discount_rate(rate)
        .map_err(|e| flag_error("--rate", e))?;
    let r = case.evaluate().map_err(|e| flag_error("--periods", e))?;

    let overflow = || CliError::Usage("the case is out of the decimal range".into());
    let gross = cmp.saving.checked_mul(per_period).map_err(|_| overflow())?;
    let contained = (cmp.baseline.offered - cmp.scenario.offered).max(Decimal::ZERO);
    let contained = contained.checked_mul(per_period).ok_or_else(overflow)?;

    let mut summary = Table::new(&["measure", "value"]);
    let mut kv = |k: &str, v: Cell| summary.push(vec![Cell::Text(k.into()), v]);
    kv("currency", Cell::Text(currency.to_string()));
    kv("baseline contacts per series", num(cmp.baseline.offered, 2));
    kv("residual contacts per series", num(cmp.scenario.offered, 2));
    kv("baseline staff cost per series", money(cmp.baseline.cost));
    kv("residual staff cost per series", money(cmp.scenario.cost));
    kv("baseline peak scheduled staff", num(baseline_peak, 2));
    kv(
        "residual peak scheduled staff",
        num(peak_scheduled(&cmp.scenario), 2),
    );
    kv("gross saving per period", money(gross));
    kv("proportional saving per period (for comparison)", {
        match cmp.proportional_saving.checked_mul(per_period) {
            Ok(p) => money(p),
            Err(_) => Cell::Empty,
        }
    });
    kv("contained contacts per period", num(contained, 2));
    kv("periods", Cell::Int(i64::from(periods)));
    kv("rate per period %", pct(Some(rate), 4));
    kv("npv", money(r.npv));
    for (k, v) in irr_rows(&r.irr) {
        kv(&k, v);
    }
    kv("simple payback periods", payback_cell(r.simple_payback));
    kv(
        "discounted payback periods",
        payback_cell(r.discounted_payback),
    );
    kv("benefits", money(r.benefits));
    kv("costs", money(r.costs));
    kv("roi %", pct(r.roi, 2));

    let mut flows = Table::new(&["period", "realised_share", "cash_flow"]);
    for (t, f) in r.cash_flows.flows().iter().enumerate() {
        let share = match t.checked_sub(1) {
            None => Cell::Empty,
            Some(i) => r.realised_share.get(i).map_or(Cell::Empty, |s| num(*s, 6)),
        };
        flows.push(vec![
            Cell::Int(i64::try_from(t).unwrap_or(i64::MAX)),
            share,
            money(m(*f)),
        ]);
    }
    Ok(Output::sections(vec![
        ("summary".to_string(), summary),
        ("cash flows".to_string(), flows),
    ]))
}
