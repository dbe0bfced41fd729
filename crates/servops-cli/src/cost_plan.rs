//! `servops cost headcount`: a demand CSV (one row per month or week) in,
//! the headcount, hiring, overtime and budget plan out.

use std::path::{Path, PathBuf};

use clap::Args;
use servops::cost::{
    AttritionRate, Currency, Decimal, HeadcountPlan, Money, PeriodDemand, Ramp, Shrinkage,
};

use crate::config::Section;
use crate::cost::{cfg_currency, cfg_decimal, currency, decimal, flag_error, money, num, pct};
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse;
use crate::parse::CsvRows;

/// Arguments of `servops cost headcount`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The demand CSV has one row per period (month or week), in order:
  period,productive_fte,shrinkage,paid_hours
  2026-01,70,30%,168
`productive_fte` is the FTE needed on contact work (without shrinkage; or give
`agent_hours`, the workload, instead), `shrinkage` the share of paid time off
the phones (0.3 or 30%; or --shrinkage for every period), `paid_hours` the paid
hours per FTE in the period (or --paid-hours). `period` is an optional label.

Each period: leavers (attrition of the opening headcount) go and graduates
join at its start; a class is sized to the headcount target of its
graduation period (recruiting + classroom periods later) and loses the
wash-out; overtime covers a shortfall up to --max-overtime of available
FTE, undertime (unpaid VTO) sheds a surplus up to --max-undertime. Head
counts are carried at 4 decimal places; money is exact, shown in cents.

Examples:
  servops cost headcount demand.csv --opening-headcount 100 --attrition 4% \\
      --recruiting 1 --classroom 2 --washout 15% --ramp 50%,75% \\
      --max-overtime 5% --overtime-premium 50% --max-undertime 10% \\
      --hourly-rate 32.50 --trainee-rate 28 --cost-per-hire 4200
  servops cost headcount demand.csv --opening-headcount 112 --max-overtime 10% \\
      --overtime-premium 50% --overtime-base-rate 21.53 --overtime-shrinkage 12.5% \\
      --hourly-rate 40 --format csv"
)]
pub struct HeadcountArgs {
    /// Demand CSV: period, productive_fte (or agent_hours), shrinkage, paid_hours
    pub input: PathBuf,
    /// Headcount on the floor at the start of the first period (fully proficient)
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub opening_headcount: Option<Decimal>,
    /// Attrition per period, e.g. 4% (a monthly rate for monthly rows) [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal, conflicts_with = "annual_attrition")]
    pub attrition: Option<Decimal>,
    /// Attrition per year as cohort survival (converted with --periods-per-year), e.g. 35%
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub annual_attrition: Option<Decimal>,
    /// Periods per year, for --annual-attrition [default: 12]
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<u32>)]
    pub periods_per_year: Option<u32>,
    /// Periods from deciding a class to its start (hiring is planned when this or --classroom is given)
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<u32>)]
    pub recruiting: Option<u32>,
    /// Periods in the classroom before a class graduates onto the floor
    #[arg(long, allow_hyphen_values = true, value_parser = parse::whole::<u32>)]
    pub classroom: Option<u32>,
    /// Share of a class lost before graduation, e.g. 15% [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub washout: Option<Decimal>,
    /// Proficiency of graduates in their first periods on the floor, then 1, e.g. 50%,75%
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = decimal)]
    pub ramp: Vec<Decimal>,
    /// Largest overtime as a share of available FTE, e.g. 5% [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub max_overtime: Option<Decimal>,
    /// Overtime premium, e.g. 50% for time and a half [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub overtime_premium: Option<Decimal>,
    /// Largest undertime (unpaid VTO) as a share of available FTE, e.g. 10% [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub max_undertime: Option<Decimal>,
    /// Shrinkage of every period (when the CSV has no `shrinkage` column) [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub shrinkage: Option<Decimal>,
    /// Paid hours per FTE of every period (when the CSV has no `paid_hours` column)
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub paid_hours: Option<Decimal>,
    /// Loaded cost per paid hour of staff on the floor [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub hourly_rate: Option<Decimal>,
    /// Cost per paid hour of trainees in the classroom [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub trainee_rate: Option<Decimal>,
    /// One-off cost per hire [default: 0]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub cost_per_hire: Option<Decimal>,
    /// Hourly rate the overtime premium multiplies (wage plus hour-based taxes) [default: --hourly-rate]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub overtime_base_rate: Option<Decimal>,
    /// What one hour of undertime saves (wage plus hour-based taxes) [default: --hourly-rate]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub undertime_saving_rate: Option<Decimal>,
    /// Shrinkage of overtime hours (no holiday or sickness), e.g. 12.5% [default: the period's]
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub overtime_shrinkage: Option<Decimal>,
    /// Currency code of the costs; amounts are shown at its ISO 4217 minor unit [default: USD]
    #[arg(long, value_parser = currency)]
    pub currency: Option<Currency>,
}

impl HeadcountArgs {
    /// Fills flags that were not given from the configuration section.
    fn merge(&mut self, cfg: &Section) -> Result<(), CliError> {
        let d = |key: &str, v: &mut Option<Decimal>| -> Result<(), CliError> {
            if v.is_none() {
                *v = cfg_decimal(cfg, key)?;
            } else {
                cfg.known(key);
            }
            Ok(())
        };
        d("opening-headcount", &mut self.opening_headcount)?;
        d("attrition", &mut self.attrition)?;
        d("annual-attrition", &mut self.annual_attrition)?;
        d("washout", &mut self.washout)?;
        d("max-overtime", &mut self.max_overtime)?;
        d("overtime-premium", &mut self.overtime_premium)?;
        d("max-undertime", &mut self.max_undertime)?;
        d("shrinkage", &mut self.shrinkage)?;
        d("paid-hours", &mut self.paid_hours)?;
        d("hourly-rate", &mut self.hourly_rate)?;
        d("trainee-rate", &mut self.trainee_rate)?;
        d("cost-per-hire", &mut self.cost_per_hire)?;
        d("overtime-base-rate", &mut self.overtime_base_rate)?;
        d("undertime-saving-rate", &mut self.undertime_saving_rate)?;
        d("overtime-shrinkage", &mut self.overtime_shrinkage)?;
        let whole = |key: &str, v: &mut Option<u32>| -> Result<(), CliError> {
            if v.is_none()
                && let Some(x) = cfg.f64(key)?
            {
                if x.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&x) {
                    return Err(cfg.bad(key, "must be a whole number of periods >= 0"));
                }
                *v = Some(x as u32);
            }
            cfg.known(key);
            Ok(())
        };
        whole("periods-per-year", &mut self.periods_per_year)?;
        whole("recruiting", &mut self.recruiting)?;
        whole("classroom", &mut self.classroom)?;
        if self.currency.is_none() {
            self.currency = cfg_currency(cfg, "currency")?;
        } else {
            cfg.known("currency");
        }
        if self.ramp.is_empty() {
            self.ramp = cfg
                .parsed_list("ramp", crate::cost::decimal)?
                .unwrap_or_default();
        } else {
            cfg.known("ramp");
        }
        Ok(())
    }
}

/// One period read from the CSV.
struct Row {
    label: String,
    demand: PeriodDemand,
}

/// Reads the demand CSV.
fn read_demand(path: &Path, args: &HeadcountArgs) -> Result<Vec<Row>, CliError> {
    let mut rows = CsvRows::open(path)?;
    let header_line = rows.header_line();
    let find = |name: &str| crate::parse::find_column(rows.headers(), name, path, header_line);
    let label_col = find("period")?;
    let productive_col = find("productive_fte")?;
    let hours_col = find("agent_hours")?;
    let shrinkage_col = find("shrinkage")?;
    let paid_col = find("paid_hours")?;
    let missing = |name: &str, what: &str| {
        CliError::input(
            path,
            header_line,
            name,
            format!("no column named `{name}` in the header ({what})"),
        )
    };
    let work = match (productive_col, hours_col) {
        (Some(c), None) => (c, false),
        (None, Some(c)) => (c, true),
        (Some(_), Some(_)) => {
            return Err(CliError::input_line(
                path,
                header_line,
                "the header has both `productive_fte` and `agent_hours`: give one",
            ));
        }
        (None, None) => {
            return Err(missing(
                "productive_fte",
                "the FTE needed on contact work; or `agent_hours`, the workload",
            ));
        }
    };
    if paid_col.is_none() && args.paid_hours.is_none() {
        return Err(missing(
            "paid_hours",
            "paid hours per FTE in each period; or give --paid-hours",
        ));
    }
    let default_shrinkage = Shrinkage::new(args.shrinkage.unwrap_or(Decimal::ZERO))
        .map_err(|e| flag_error("--shrinkage", e))?;
    let mut out = Vec::new();
    while let Some((record, line)) = rows.next_row()? {
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let number = |c: usize, what: &str| {
            decimal(field(c))
                .map_err(|m| CliError::input(path, line, c + 1, format!("{what}: {m}")))
        };
        let amount = number(
            work.0,
            if work.1 {
                "agent_hours"
            } else {
                "productive_fte"
            },
        )?;
        let shrinkage = match shrinkage_col {
            Some(c) => Shrinkage::new(number(c, "shrinkage")?)
                .map_err(|e| CliError::input(path, line, c + 1, e.to_string()))?,
            None => default_shrinkage,
        };
        let (paid, paid_at) = match (paid_col, args.paid_hours) {
            (Some(c), _) => (number(c, "paid_hours")?, c + 1),
            (None, Some(h)) => (h, 0),
            (None, None) => (Decimal::ZERO, 0),
        };
        let demand = if work.1 {
            PeriodDemand::from_agent_hours(amount, shrinkage, paid)
        } else {
            PeriodDemand::new(amount, shrinkage, paid)
        };
        let demand = demand.map_err(|e| {
            let column = match &e {
                servops::cost::Error::InvalidParameter { name, .. }
                    if name.starts_with("paid_hours") =>
                {
                    paid_at
                }
                _ => work.0 + 1,
            };
            if column == 0 {
                flag_error("--paid-hours", e)
            } else {
                CliError::input(path, line, column, e.to_string())
            }
        })?;
        let label = match label_col {
            Some(c) => field(c).to_string(),
            None => (out.len() + 1).to_string(),
        };
        out.push(Row { label, demand });
    }
    if out.is_empty() {
        return Err(CliError::input_line(
            path,
            header_line.saturating_add(1),
            "the file has no periods",
        ));
    }
    Ok(out)
}

/// Runs `servops cost headcount`.
pub fn run(mut args: HeadcountArgs, cfg: &Section) -> Result<Output, CliError> {
    args.merge(cfg)?;
    let opening = args.opening_headcount.ok_or_else(|| {
        CliError::Usage(
            "--opening-headcount is required (the headcount on the floor at the start)".into(),
        )
    })?;
    let currency = args.currency.unwrap_or(Currency::USD);
    let rows = read_demand(&args.input, &args)?;
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let usd = |d: Option<Decimal>| Money::new(d.unwrap_or(Decimal::ZERO), currency);
    let mut plan = HeadcountPlan::new(
        rows.into_iter().map(|r| r.demand).collect(),
        opening,
        currency,
    )
    .map_err(|e| flag_error("--opening-headcount", e))?;
    let attrition = match (args.attrition, args.annual_attrition) {
        (Some(a), _) => {
            Some(AttritionRate::per_period_rate(a).map_err(|e| flag_error("--attrition", e))?)
        }
        (None, Some(a)) => Some(
            AttritionRate::from_annual(a, args.periods_per_year.unwrap_or(12))
                .map_err(|e| flag_error("--annual-attrition", e))?,
        ),
        (None, None) => None,
    };
    if let Some(a) = attrition {
        plan = plan.with_attrition(a);
    }
    if args.recruiting.is_some() || args.classroom.is_some() {
        plan = plan
            .with_hiring(
                args.recruiting.unwrap_or(0),
                args.classroom.unwrap_or(0),
                args.washout.unwrap_or(Decimal::ZERO),
            )
            .map_err(|e| flag_error("--washout", e))?;
    } else if args.washout.is_some() {
        return Err(CliError::Usage(
            "--washout needs hiring: give --recruiting and --classroom (periods)".into(),
        ));
    }
    if !args.ramp.is_empty() {
        plan = plan
            .with_ramp(Ramp::Curve(args.ramp.clone()))
            .map_err(|e| flag_error("--ramp", e))?;
    }
    plan = plan
        .with_overtime(
            args.max_overtime.unwrap_or(Decimal::ZERO),
            args.overtime_premium.unwrap_or(Decimal::ZERO),
        )
        .map_err(|e| {
            let flag = match &e {
                servops::cost::Error::InvalidParameter { name, .. }
                    if *name == "overtime_premium" =>
                {
                    "--overtime-premium"
                }
                _ => "--max-overtime",
            };
            flag_error(flag, e)
        })?
        .with_undertime(args.max_undertime.unwrap_or(Decimal::ZERO))
        .map_err(|e| flag_error("--max-undertime", e))?
        .with_costs(
            usd(args.hourly_rate),
            usd(args.trainee_rate),
            usd(args.cost_per_hire),
        )
        .map_err(|e| {
            let flag = match &e {
                servops::cost::Error::InvalidParameter { name, .. } => match *name {
                    "trainee_cost_per_paid_hour" => "--trainee-rate",
                    "cost_per_hire" => "--cost-per-hire",
                    _ => "--hourly-rate",
                },
                _ => "--hourly-rate",
            };
            flag_error(flag, e)
        })?;
    if let Some(r) = args.overtime_base_rate {
        plan = plan
            .with_overtime_base_rate(Money::new(r, currency))
            .map_err(|e| flag_error("--overtime-base-rate", e))?;
    }
    if let Some(r) = args.undertime_saving_rate {
        plan = plan
            .with_undertime_saving_rate(Money::new(r, currency))
            .map_err(|e| flag_error("--undertime-saving-rate", e))?;
    }
    if let Some(s) = args.overtime_shrinkage {
        let s = Shrinkage::new(s).map_err(|e| flag_error("--overtime-shrinkage", e))?;
        plan = plan.with_overtime_shrinkage(s);
    }
    let result = plan
        .run()
        .map_err(|e| CliError::Usage(format!("{}: {e}", args.input.display())))?;

    let mut periods = Table::new(&[
        "period",
        "required_productive_fte",
        "required_paid_fte",
        "opening",
        "leavers",
        "graduates",
        "closing",
        "hires",
        "trainees",
        "available_fte",
        "gap",
        "gap_pct",
        "overtime_fte",
        "overtime_pct",
        "undertime_fte",
        "unmet_fte",
        "salaries",
        "trainee_salaries",
        "hiring",
        "overtime",
        "undertime_saving",
        "budget",
    ]);
    for (p, label) in result.periods.iter().zip(&labels) {
        let b = &p.budget;
        periods.push(vec![
            Cell::Text(label.clone()),
            num(p.required_productive_fte, 2),
            num(p.required_paid_fte, 2),
            num(p.opening_headcount, 2),
            num(p.leavers, 2),
            num(p.graduates, 2),
            num(p.closing_headcount, 2),
            num(p.hires, 0),
            num(p.trainees, 0),
            num(p.available_fte, 2),
            num(p.gap, 2),
            pct(p.gap_pct, 1),
            num(p.overtime_fte, 2),
            pct(p.overtime_pct, 1),
            num(p.undertime_fte, 2),
            num(p.unmet_fte, 2),
            money(b.salaries),
            money(b.trainee_salaries),
            money(b.hiring),
            money(b.overtime),
            money(b.undertime_saving),
            money(b.total),
        ]);
    }
    let t = &result.total_budget;
    let mut totals = Table::new(&["measure", "value"]);
    let mut kv = |k: &str, v: Cell| totals.push(vec![Cell::Text(k.into()), v]);
    kv(
        "periods",
        Cell::Int(i64::try_from(labels.len()).unwrap_or(i64::MAX)),
    );
    kv("currency", Cell::Text(currency.to_string()));
    kv("hires", num(result.total_hires, 0));
    let sum = |f: fn(&servops::cost::PlanPeriod) -> Decimal| {
        result
            .periods
            .iter()
            .try_fold(Decimal::ZERO, |acc, p| acc.checked_add(f(p)))
    };
    kv(
        "overtime fte-periods",
        sum(|p| p.overtime_fte).map_or(Cell::Empty, |d| num(d, 2)),
    );
    kv(
        "undertime fte-periods",
        sum(|p| p.undertime_fte).map_or(Cell::Empty, |d| num(d, 2)),
    );
    kv(
        "unmet fte-periods",
        sum(|p| p.unmet_fte).map_or(Cell::Empty, |d| num(d, 2)),
    );
    kv("salaries", money(t.salaries));
    kv("trainee salaries", money(t.trainee_salaries));
    kv("hiring", money(t.hiring));
    kv("overtime", money(t.overtime));
    kv("undertime saving", money(t.undertime_saving));
    kv("budget", money(t.total));
    Ok(Output::sections(vec![
        ("periods".into(), periods),
        ("totals".into(), totals),
    ]))
}
