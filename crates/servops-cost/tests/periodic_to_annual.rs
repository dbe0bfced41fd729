//! `periodic_to_annual_rate` against `tests/data/periodic_to_annual.csv`
//! (Python `decimal` at 120 digits, see `gen_periodic_to_annual.py`):
//! rates from `-1 + 1e-28` to 10 and 1 to `u32::MAX` periods, holding it
//! to the accuracy its docs state.

// Test helpers outside #[test] functions: a bad fixture should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use rust_decimal::Decimal;
use servops_cost::{Error, periodic_to_annual_rate};

/// The reference rounded to the 28 places a `Decimal` holds (it is
/// written to 40 below 1 in size).
fn parse(text: &str) -> Decimal {
    let cut = match text.find('.') {
        Some(dot) if text.len() > dot + 29 => &text[..dot + 29],
        _ => text,
    };
    Decimal::from_str(cut).unwrap()
}

/// The documented accuracy: absolute where the result is under 1 in size,
/// relative above, growing with the number of periods.
fn tolerance(n: u32) -> Decimal {
    match n {
        0..=8_760 => Decimal::new(2, 25),
        8_761..=1_000_000 => Decimal::new(2, 23),
        _ => Decimal::new(1, 19),
    }
}

#[test]
fn periodic_to_annual_rate_matches_120_digit_reference() {
    let text = include_str!("data/periodic_to_annual.csv");
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let rate = Decimal::from_str(f[0]).unwrap();
        let n: u32 = f[1].parse().unwrap();
        let got = periodic_to_annual_rate(rate, n);
        checked += 1;
        if f[2] == "overflow" {
            if !matches!(got, Err(Error::Overflow { .. })) {
                failures.push(format!("rate {rate} n {n}: {got:?}, want Overflow"));
            }
            continue;
        }
        let want = parse(f[2]);
        // The 28-place rounding of the reference adds at most 1e-28.
        let tol = tolerance(n) * want.abs().max(Decimal::ONE) + Decimal::new(1, 28);
        match got {
            Ok(v) if (v - want).abs() <= tol => {}
            other => failures.push(format!("rate {rate} n {n}: {other:?}, want {want}")),
        }
    }
    assert_eq!(checked, 144);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_compounded_rate_stays_above_minus_one() {
    use servops_cost::{CashFlows, Currency, NpvConvention, npv, periodic_to_annual_rate};
    // (1 - 0.9999999999)^365 = 1e-3650 is far below Decimal's last place,
    // so (1 + r)^365 rounded to 0 and the annual rate came out -1 exactly:
    // a rate every other function refuses (rate > -1). The nearest rate
    // they accept is -1 + 1e-28, within the stated accuracy of the true
    // -1 + 1e-3650.
    let daily = "-0.9999999999".parse::<Decimal>().unwrap();
    let annual = periodic_to_annual_rate(daily, 365).unwrap();
    assert_eq!(annual, Decimal::NEGATIVE_ONE + Decimal::new(1, 28));
    let f = CashFlows::new(vec![Decimal::ONE], Currency::USD).unwrap();
    assert!(npv(annual, &f, NpvConvention::FirstFlowAtTimeZero).is_ok());
}
