//! `servops cost`: the money side from a terminal. `invest` evaluates a
//! series of cash flows (NPV under both conventions, IRR as the library
//! types it, simple and discounted payback, ROI); `headcount` runs the
//! monthly (or weekly) headcount and budget plan; `per-contact` the cost
//! per contact and per resolution of each channel; `deflection` the
//! automation business case.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use servops::cost::{
    CashFlows, Currency, Decimal, Irr, Money, NpvConvention, Payback, RoundingMode, RoundingPolicy,
    discounted_payback, discounted_payback_final, irr, npv, roi, simple_payback,
    simple_payback_final,
};

use crate::config::Section;
use crate::error::CliError;
use crate::output::{Cell, Output, Table};
use crate::parse::{CsvRows, NotExact, exact_decimal};

/// The `cost` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum CostCommand {
    /// Cash flows in: NPV, IRR, simple and discounted payback, ROI
    Invest(InvestArgs),
    /// Monthly demand CSV in: the headcount, hiring and budget plan out
    Headcount(Box<crate::cost_plan::HeadcountArgs>),
    /// Channels CSV in: cost per contact and per resolution, shared costs split to the currency's minor unit
    PerContact(crate::cost_contact::PerContactArgs),
    /// Deflection / automation business case: staffing re-solved, cash flows, NPV, IRR, payback, ROI
    Deflection(Box<crate::cost_deflection::DeflectionArgs>),
}

/// Arguments of `servops cost`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Settings come from the --config tables [cost-invest], [cost-headcount],
[cost-per-contact] and [cost-deflection].

Examples:
  servops cost invest --flows=-60000,3500,3500,3500 --rate 0.8%
  servops cost headcount demand.csv --opening-headcount 100 --attrition 4% --hourly-rate 32.50
  servops cost per-contact channels.csv --hourly-rate 40 --shrinkage 30% --occupancy 85%
  servops cost deflection --contacts 100 --intervals 20 --aht 300s --hourly-rate 40 --shrinkage 30% \\
    --deflection 15% --series-per-period 22 --implementation 60000 --periods 24 --rate 0.8%"
)]
pub struct CostArgs {
    /// The calculation
    #[command(subcommand)]
    pub command: CostCommand,
}

impl CostArgs {
    /// The configuration table of the subcommand.
    pub fn section_name(&self) -> &'static str {
        match self.command {
            CostCommand::Invest(_) => "cost-invest",
            CostCommand::Headcount(_) => "cost-headcount",
            CostCommand::PerContact(_) => "cost-per-contact",
            CostCommand::Deflection(_) => "cost-deflection",
        }
    }
}

/// Runs `servops cost`.
pub fn run(args: CostArgs, cfg: &Section) -> Result<Output, CliError> {
    match args.command {
        CostCommand::Invest(a) => invest(a, cfg),
        CostCommand::Headcount(a) => crate::cost_plan::run(*a, cfg),
        CostCommand::PerContact(a) => crate::cost_contact::run(a, cfg),
        CostCommand::Deflection(a) => crate::cost_deflection::run(*a, cfg),
    }
}

/// Parses an amount or a rate: a decimal number (`0.08`, `-60000`,
/// `1.5e3`) or a percentage (`8%`), exactly.
pub fn decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    // A percentage is the number times 10^-2, read exactly (dividing by
    // 100 afterwards rounded past the 28th decimal).
    let (number, shift) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), -2),
        None => (t, 0),
    };
    exact_decimal(number, shift).map_err(|why| match why {
        NotExact::NotANumber => {
            format!("`{text}` is not a number (examples: 3500, -60000, 0.08, 8%)")
        }
        other => format!("`{text}` {other}"),
    })
}

/// A plain amount (no `%` form), such as `--hourly-rate 28.50` of `plan`
/// and `schedule`: a decimal number read exactly, or a message saying why
/// it cannot be.
pub fn plain_decimal(text: &str) -> Result<Decimal, String> {
    exact_decimal(text, 0).map_err(|why| match why {
        NotExact::NotANumber => format!("`{text}` is not an amount (examples: 30, 28.50)"),
        other => format!("`{text}` {other}"),
    })
}

/// A currency code such as `USD`.
pub fn currency(text: &str) -> Result<Currency, String> {
    Currency::new(text.trim()).map_err(|e| format!("--currency `{text}`: {e}"))
}

/// A decimal for display and CSV/JSON: the nearest `f64` (every value here
/// is shown rounded; CSV and JSON carry the shortest `f64` that reads back
/// to it, which for 4-decimal head counts is the decimal itself).
pub fn num(d: Decimal, decimals: usize) -> Cell {
    Cell::Num(d.to_string().parse::<f64>().unwrap_or(f64::NAN), decimals)
}

/// An amount at its currency's ISO 4217 minor unit (whole yen, cents,
/// 3 places for dinars), ties to even, as text; 2 places for a code ISO
/// 4217 gives no minor unit (XAU) or does not list.
pub fn money(m: Money) -> Cell {
    let policy = RoundingPolicy::for_currency(m.currency(), RoundingMode::HalfEven)
        .unwrap_or(RoundingPolicy::CENTS);
    Cell::Text(m.rounded(policy).amount().to_string())
}

/// An amount without a currency (the cost of `schedule` and `plan`, at
/// their hourly rates) as text with exactly 2 decimals, ties to even:
/// `4680.00` whether the rate was given as `30` or `30.00` (before, the
/// decimal's own scale showed through: `4680` and `6240.00`).
pub fn amount_2dp(d: Decimal) -> Cell {
    let mut r = d.round_dp(2);
    r.rescale(2);
    Cell::Text(r.to_string())
}

/// The decimal places amounts in `currency` are split and shown at.
pub fn minor_units(currency: Currency) -> u32 {
    currency.minor_units().unwrap_or(2)
}

/// A ratio as a percentage.
pub fn pct(d: Option<Decimal>, decimals: usize) -> Cell {
    match d.and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED)) {
        Some(p) => num(p, decimals),
        None => Cell::Empty,
    }
}

/// A Decimal value of a setting: a number, or a string such as `"8%"`.
pub fn cfg_decimal(cfg: &Section, key: &str) -> Result<Option<Decimal>, CliError> {
    match cfg.string(key) {
        Ok(Some(s)) => decimal(&s)
            .map(Some)
            .map_err(|m| cfg.bad(key, &format!("is not valid: {m}"))),
        Ok(None) => Ok(None),
        // Not a string: a number (read back through its text, exactly as written in TOML).
        Err(_) => match cfg.f64(key)? {
            Some(v) => decimal(&v.to_string())
                .map(Some)
                .map_err(|m| cfg.bad(key, &format!("is not valid: {m}"))),
            None => Ok(None),
        },
    }
}

/// A plain decimal setting (no percentage), read as the flags that take a
/// `Decimal` without the `%` form (`--hourly-rate` of `plan` and
/// `schedule`): a number, or a string such as `"28.50"`.
pub fn cfg_plain_decimal(cfg: &Section, key: &str) -> Result<Option<Decimal>, CliError> {
    match cfg.string(key) {
        Ok(Some(s)) => plain_decimal(&s)
            .map(Some)
            .map_err(|m| cfg.bad(key, &format!("is not valid: {m}"))),
        Ok(None) => Ok(None),
        Err(_) => cfg_decimal(cfg, key),
    }
}

/// A currency setting.
pub fn cfg_currency(cfg: &Section, key: &str) -> Result<Option<Currency>, CliError> {
    match cfg.string(key)? {
        Some(s) => currency(&s)
            .map(Some)
            .map_err(|m| cfg.bad(key, &format!("is not valid: {m}"))),
        None => Ok(None),
    }
}

/// A library error about the flag `flag`, as one line naming the flag.
pub fn flag_error(flag: &str, e: servops::cost::Error) -> CliError {
    CliError::Usage(format!("{flag}: {e}"))
}

/// Arguments of `servops cost invest`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The flows are one per period, period 0 (now, undiscounted) first: a CSV
with a `flow` column (other columns are ignored) or --flows. NPV is given
under both conventions: period 0 at t = 0 (textbooks, numpy-financial) and
every flow at the end of its period (the spreadsheet NPV()). IRR is per
period: `unique`, `multiple` (flows changing sign more than once: every
rate is listed and none is \"the\" IRR; decide on the NPV) or `none`.
Paybacks are given as the first recovery and, `final`, as the recovery
after which the running total stays at or above 0 (a later outlay can take
it below 0 again). ROI is (inflows - outflows) / outflows of the flows as
given.

In CSV and JSON, percentages are numbers (10 for 10 %) and amounts are
strings at the currency's ISO 4217 minor unit (\"3083.88\" in USD, \"3084\" in JPY). The IRR is rounded to 8 decimals of a
percent (1e-10 as a rate): the root finder works in binary floats and the
digits beyond carry no information.

Examples:
  servops cost invest --flows=-100000,40000,40000,40000 --rate 8%
  servops cost invest flows.csv --rate 0.8% --currency EUR --format json"
)]
pub struct InvestArgs {
    /// Cash-flow CSV with a `flow` column, period 0 first (or give --flows)
    #[arg(conflicts_with = "flows")]
    pub input: Option<PathBuf>,
    /// Cash flows, comma-separated, period 0 first, e.g. --flows=-60000,3500,3500
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = decimal)]
    pub flows: Vec<Decimal>,
    /// Name of the cash-flow column of the CSV [default: flow]
    #[arg(long)]
    pub flow_column: Option<String>,
    /// Discount rate per period, e.g. 0.08 or 8% (per month for monthly flows)
    #[arg(long, allow_hyphen_values = true, value_parser = decimal)]
    pub rate: Option<Decimal>,
    /// Currency code of the flows; amounts are shown at its ISO 4217 minor unit [default: USD]
    #[arg(long, value_parser = currency)]
    pub currency: Option<Currency>,
}

/// Reads the `column` of the CSV at `path` as decimal amounts.
fn read_flows(path: &Path, column: &str) -> Result<Vec<Decimal>, CliError> {
    let mut rows = CsvRows::open(path)?;
    let col = crate::parse::find_column(rows.headers(), column, path, rows.header_line())?
        .ok_or_else(|| {
            CliError::input(
                path,
                rows.header_line(),
                column,
                format!("no column named `{column}` in the header"),
            )
        })?;
    let header_line = rows.header_line();
    let mut flows = Vec::new();
    while let Some((record, line)) = rows.next_row()? {
        let text = record.get(col).unwrap_or("");
        let value = decimal(text)
            .map_err(|m| CliError::input(path, line, col + 1, format!("the cash flow {m}")))?;
        flows.push(value);
    }
    if flows.is_empty() {
        return Err(CliError::input_line(
            path,
            header_line.saturating_add(1),
            "the file has no cash flows",
        ));
    }
    Ok(flows)
}

/// A payback period to two places, empty where the flows never pay back.
pub(crate) fn payback_cell(p: Option<Payback>) -> Cell {
    p.map_or(Cell::Empty, |p| num(p.periods, 2))
}

/// Decimals of the IRR in % that CSV and JSON carry (the table shows 4).
///
/// The library finds the rate with binary floats: on the 50 reference
/// vectors of servops-cost the rates are within 1e-14 (relative, checked
/// against mpmath roots at 80 digits), so the digits past the 8th decimal
/// of a percent (1e-10 as a rate) are float noise (-100, 230, -132 gave
/// 10.000000000000057 for exactly 10 %).
pub(crate) const IRR_DECIMALS: u32 = 8;

/// A rate per period in %, rounded to [`IRR_DECIMALS`] decimals (half to
/// even): a plain number in CSV and JSON, like the other percentages.
fn irr_pct(r: Decimal) -> Cell {
    match r.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => num(p.round_dp(IRR_DECIMALS), 4),
        None => Cell::Empty,
    }
}

/// The summary rows of an IRR: its kind, then each rate per period in %
/// (to [`IRR_DECIMALS`] decimals).
pub(crate) fn irr_rows(irr: &Irr) -> Vec<(String, Cell)> {
    match irr {
        Irr::Unique(r) => vec![
            ("irr".into(), Cell::Text("unique".into())),
            ("irr per period %".into(), irr_pct(*r)),
        ],
        Irr::Multiple(rates) => {
            let mut rows = vec![(
                "irr".into(),
                Cell::Text(format!(
                    "multiple ({} rates; decide on the NPV)",
                    rates.len()
                )),
            )];
            for (i, r) in rates.iter().enumerate() {
                rows.push((
                    format!("irr per period % ({} of {})", i + 1, rates.len()),
                    irr_pct(*r),
                ));
            }
            rows
        }
        Irr::Ambiguous { rates, near_zero } => {
            let mut rows = vec![(
                "irr".into(),
                Cell::Text(format!(
                    "undecided ({} sign changes, {} touching points the precision cannot \
                     settle; decide on the NPV)",
                    rates.len(),
                    near_zero.len()
                )),
            )];
            for (i, r) in rates.iter().enumerate() {
                rows.push((
                    format!("irr per period % ({} of {})", i + 1, rates.len()),
                    irr_pct(*r),
                ));
            }
            for (i, r) in near_zero.iter().enumerate() {
                rows.push((
                    format!(
                        "npv touches 0 near rate % ({} of {})",
                        i + 1,
                        near_zero.len()
                    ),
                    irr_pct(*r),
                ));
            }
            rows
        }
        _ => vec![
            ("irr".into(), Cell::Text("none".into())),
            ("irr per period %".into(), Cell::Empty),
        ],
    }
}

/// Runs `servops cost invest`.
pub fn invest(mut args: InvestArgs, cfg: &Section) -> Result<Output, CliError> {
    args.rate = args.rate.or(cfg_decimal(cfg, "rate")?);
    args.currency = args.currency.or(cfg_currency(cfg, "currency")?);
    args.flow_column = args.flow_column.or(cfg.string("flow-column")?);
    // Flows (or an input file) on the command line override the table's.
    if args.flows.is_empty() && args.input.is_none() {
        args.flows = cfg.parsed_list("flows", decimal)?.unwrap_or_default();
    } else {
        cfg.known("flows");
    }
    let currency = args.currency.unwrap_or(Currency::USD);
    let rate = args.rate.ok_or_else(|| {
        CliError::Usage(
            "--rate is required (the discount rate per period, e.g. 8% or 0.008)".into(),
        )
    })?;
    let (flows, source) = match &args.input {
        Some(path) => {
            let column = args.flow_column.as_deref().unwrap_or("flow");
            (read_flows(path, column)?, path.display().to_string())
        }
        None if !args.flows.is_empty() => (args.flows.clone(), "--flows".to_string()),
        None => {
            return Err(CliError::Usage(
                "give the cash flows: a CSV with a `flow` column, or --flows=-60000,3500,..."
                    .into(),
            ));
        }
    };
    let flows = CashFlows::new(flows, currency).map_err(|e| flag_error(&source, e))?;
    // A discounted sum past the decimal range is the flows' doing (each
    // one fits, their sum does not), not the rate's.
    let rate_err = |e| match e {
        servops::cost::Error::Overflow { .. } => CliError::Usage(format!(
            "{source}: {e}: the flows are too large to add up (a decimal holds about 7.9e28)"
        )),
        e => flag_error("--rate", e),
    };
    let npv_t0 = npv(rate, &flows, NpvConvention::FirstFlowAtTimeZero).map_err(rate_err)?;
    let npv_end = npv(rate, &flows, NpvConvention::SpreadsheetEndOfPeriod).map_err(rate_err)?;
    let irr = irr(&flows).map_err(|e| flag_error(&source, e))?;
    let simple = simple_payback(&flows);
    let discounted = discounted_payback(&flows, rate).map_err(rate_err)?;
    let simple_final = simple_payback_final(&flows);
    let discounted_final = discounted_payback_final(&flows, rate).map_err(rate_err)?;
    let (mut inflows, mut outflows) = (Decimal::ZERO, Decimal::ZERO);
    let overflow = || {
        CliError::Usage(format!(
            "{source}: the total of the cash flows is out of range"
        ))
    };
    for &f in flows.flows() {
        if f > Decimal::ZERO {
            inflows = inflows.checked_add(f).ok_or_else(overflow)?;
        } else {
            outflows = outflows.checked_sub(f).ok_or_else(overflow)?;
        }
    }
    let inflows = Money::new(inflows, currency);
    let outflows = Money::new(outflows, currency);
    let roi = roi(inflows, outflows).map_err(|e| flag_error(&source, e))?;

    let mut t = Table::new(&["measure", "value"]);
    let mut kv = |k: &str, v: Cell| t.push(vec![Cell::Text(k.into()), v]);
    kv(
        "periods",
        Cell::Int(i64::try_from(flows.len()).unwrap_or(i64::MAX)),
    );
    kv("currency", Cell::Text(currency.to_string()));
    kv("rate per period %", pct(Some(rate), 4));
    kv("npv (period 0 at t = 0)", money(npv_t0));
    kv("npv (spreadsheet NPV(), end of period)", money(npv_end));
    kv(
        "sign changes",
        Cell::Int(i64::try_from(flows.sign_changes()).unwrap_or(i64::MAX)),
    );
    for (k, v) in irr_rows(&irr) {
        kv(&k, v);
    }
    kv("simple payback periods", payback_cell(simple));
    kv("discounted payback periods", payback_cell(discounted));
    kv("simple payback periods, final", payback_cell(simple_final));
    kv(
        "discounted payback periods, final",
        payback_cell(discounted_final),
    );
    kv("inflows", money(inflows));
    kv("outflows", money(outflows));
    kv("roi %", pct(roi, 2));
    Ok(Output::single(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_percentages_are_exact() {
        assert_eq!(decimal("8%"), Ok(Decimal::new(8, 2)));
        assert_eq!(decimal("0.8%"), Ok(Decimal::new(8, 3)));
        assert_eq!(decimal("-60000"), Ok(Decimal::new(-60_000, 0)));
        assert_eq!(decimal(" 1.5e3 "), Ok(Decimal::new(1_500, 0)));
        assert!(decimal("eight").is_err());
        assert!(decimal("").is_err());
    }

    /// A finite number a decimal cannot hold says why, not "not a number":
    /// Decimal::MAX is 2^96 - 1 = 79228162514264337593543950335 and a
    /// decimal holds 28 decimal places.
    #[test]
    fn numbers_out_of_the_decimal_range_say_why() {
        // A percentage is read as the number times 10^-2, so `8e28%` is
        // 8e26, which a decimal holds; `8e30%` (8e28) it does not.
        assert_eq!(
            decimal("8e28%"),
            Ok(Decimal::from_i128_with_scale(
                800_000_000_000_000_000_000_000_000,
                0
            ))
        );
        for text in ["-1e30", "1e29", "79228162514264337593543950336", "8e30%"] {
            let m = decimal(text).unwrap_err();
            assert!(m.contains("is out of range"), "{text}: {m}");
            assert!(!m.contains("not a number"), "{text}: {m}");
        }
        for text in ["1e-30", "1e-29%"] {
            let m = decimal(text).unwrap_err();
            assert!(m.contains("past the 28th decimal"), "{text}: {m}");
        }
        for text in ["inf", "-inf", "NaN"] {
            assert!(decimal(text).unwrap_err().contains("not finite"), "{text}");
        }
        assert!(decimal("eight").unwrap_err().contains("is not a number"));
        // The largest decimal and the smallest positive one still read.
        assert_eq!(decimal("79228162514264337593543950335"), Ok(Decimal::MAX));
        assert_eq!(decimal("1e-28"), Ok(Decimal::new(1, 28)));
        // The plain amounts of --hourly-rate and template rates say the same;
        // before, `-1e30` gave the library's "Scale exceeds the maximum
        // precision allowed: 30 > 28".
        assert!(plain_decimal("-1e30").unwrap_err().contains("out of range"));
        assert!(plain_decimal("1e-30").unwrap_err().contains("28th decimal"));
        assert!(plain_decimal("lots").unwrap_err().contains("not an amount"));
        assert_eq!(plain_decimal(" 28.50 "), Ok(Decimal::new(2850, 2)));
    }

    /// Digits a decimal cannot hold are refused, never rounded. Before,
    /// rust_decimal's parse rounded them away without a word:
    /// `1.00000000000000000000000000001` (29 places) was read as 1 and
    /// `12345678901234567890.123456789012` as `...890.123456789`. The
    /// allowed places by hand: a decimal is m / 10^s with m < 2^96 =
    /// 79228162514264337593543950336 and s <= 28; with 20 whole digits,
    /// m = 12345678901234567890123456789 (29 digits, 1.2e28) at s = 9 fits
    /// and 1.2e29 at s = 10 does not; with 28 whole digits
    /// (7922816251426433759354395033.56) s = 1 gives m = 2^96 - 1, which fits.
    #[test]
    fn digits_past_what_a_decimal_holds_are_refused_not_rounded() {
        for (text, needle) in [
            (
                "0.12345678901234567890123456789",
                "has 29 decimal places: at most 28",
            ),
            (
                "1.00000000000000000000000000001",
                "has 29 decimal places: at most 28",
            ),
            (
                "-5.00000000000000000000000000000000000001",
                "has 38 decimal places",
            ),
            ("1.00000000000000000000000000001e0", "has 29 decimal places"),
            ("1.2345e-27", "has 31 decimal places"),
            ("1.5e-28", "has 29 decimal places"),
            ("0.000000000000000000000000001%", "has 29 decimal places"),
            (
                "12345678901234567890.123456789012",
                "has 12 decimal places: with its whole part at most 9 are allowed",
            ),
            (
                "79228162514264337593543950335.4",
                "has 1 decimal places: with its whole part at most 0",
            ),
            (
                "7922816251426433759354395033.56",
                "has 2 decimal places: with its whole part at most 1",
            ),
        ] {
            let m = decimal(text).unwrap_err();
            assert!(m.contains(needle), "{text}: {m}");
            if !text.ends_with('%') {
                let m = plain_decimal(text).unwrap_err();
                assert!(m.contains("decimal places"), "{text}: {m}");
            }
        }
        // Exact values still read, trailing zeros past the 28th place too.
        assert_eq!(
            decimal("0.10000000000000000000000000000000"),
            Ok(Decimal::new(1, 1))
        );
        assert_eq!(
            decimal("79228162514264337593543950335.000"),
            Ok(Decimal::MAX)
        );
        assert_eq!(
            decimal("7922816251426433759354395033.5"),
            Ok(Decimal::from_i128_with_scale(
                79_228_162_514_264_337_593_543_950_335,
                1
            ))
        );
        assert_eq!(decimal("5e-28"), Ok(Decimal::new(5, 28)));
        assert_eq!(
            decimal("0.00000000000000000000000001%"),
            Ok(Decimal::new(1, 28))
        );
        assert_eq!(decimal("1.5e3"), Ok(Decimal::new(1500, 0)));
        assert_eq!(decimal("+2"), Ok(Decimal::new(2, 0)));
        assert_eq!(decimal(".5"), Ok(Decimal::new(5, 1)));
        assert_eq!(decimal("5."), Ok(Decimal::new(5, 0)));
        assert_eq!(decimal("0e99999"), Ok(Decimal::ZERO));
        // The scale as written stays.
        assert_eq!(
            decimal("-5.50").map(|d| (d, d.scale())),
            Ok((Decimal::new(-550, 2), 2))
        );
        assert_eq!(
            decimal("8%").map(|d| (d, d.scale())),
            Ok((Decimal::new(8, 2), 2))
        );
        for text in ["1e", "e5", "1.2.3", "--5", "5-", "1e+", "", "%", "0x10"] {
            let m = decimal(text).unwrap_err();
            assert!(m.contains("is not a number"), "{text}: {m}");
        }
        assert!(
            decimal("1e100000000000000000000000")
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            decimal("1e-99999999999999999999")
                .unwrap_err()
                .contains("decimal places")
        );
    }

    /// Exactly two decimals whatever the scale; ties to even.
    #[test]
    fn amounts_without_a_currency_have_two_decimals() {
        let text = |d: Decimal| amount_2dp(d).text();
        assert_eq!(text(Decimal::new(4680, 0)), "4680.00");
        assert_eq!(text(Decimal::new(624_000, 2)), "6240.00");
        assert_eq!(text(Decimal::new(11_050, 1)), "1105.00");
        assert_eq!(text(Decimal::new(392_512, 5)), "3.93");
        assert_eq!(text(Decimal::new(3_925, 3)), "3.92");
        assert_eq!(text(Decimal::new(3_935, 3)), "3.94");
        assert_eq!(text(Decimal::ZERO), "0.00");
    }
}
