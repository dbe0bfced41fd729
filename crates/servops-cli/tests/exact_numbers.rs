//! Amounts and rates are read exactly or refused: digits a decimal cannot
//! hold are not rounded away. Before, `--rate 0.12345678901234567890123456789`
//! (29 decimal places) was read as 0.1234567890123456789012345679 and
//! `--hourly-rate 30.00000000000000000000000000001` as 30, without a word.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

#[test]
fn a_rate_with_29_decimal_places_is_refused_saying_how_many_are_allowed() {
    let o = servops(&[
        "cost",
        "invest",
        "--flows=-100,60,60",
        "--rate",
        "0.12345678901234567890123456789",
    ]);
    assert_failure_or_usage(&o, "has 29 decimal places: at most 28 are allowed");
    let o = servops(&[
        "schedule",
        &data("requirement_day.csv"),
        "--hourly-rate",
        "30.00000000000000000000000000001",
    ]);
    // 30 x 10^28 = 3e29 is past 2^96 (7.9e28), 30 x 10^27 is not: 27 places.
    assert_failure_or_usage(&o, "has 29 decimal places: with its whole part at most 27");
    // A long whole part leaves fewer places: 20 whole digits, at most 9.
    let o = servops(&[
        "cost",
        "invest",
        "--flows=-12345678901234567890.123456789012,5",
        "--rate",
        "8%",
    ]);
    assert_failure_or_usage(&o, "with its whole part at most 9 are allowed");
    let cfg = file(
        "exact_rate.toml",
        "[schedule]\nhourly-rate = \"1.00000000000000000000000000001\"\n",
    );
    let o = servops(&["schedule", &data("requirement_day.csv"), "--config", &cfg]);
    assert_clean_failure(&o, "has 29 decimal places");
}

#[test]
fn exact_values_with_many_zeros_still_read() {
    // 0.08 with 30 decimal places, its zeros past the 28th carry no value:
    // NPV at 8% of -100, 60, 60 (end of period) by hand is
    // -100 + 60/1.08 + 60/1.08^2 = 6.99588..., and 6.99588/1.08 = 6.47767
    // at the end of each period.
    let o = servops(&[
        "cost",
        "invest",
        "--flows=-100,60,60",
        "--rate",
        "0.080000000000000000000000000000",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let value = |measure: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["measure"] == measure)
            .map(|r| r["value"].clone())
    };
    assert_eq!(value("rate per period %"), Some(serde_json::json!(8.0)));
    assert_eq!(
        value("npv (period 0 at t = 0)"),
        Some(serde_json::json!("7.00"))
    );
    assert_eq!(
        value("npv (spreadsheet NPV(), end of period)"),
        Some(serde_json::json!("6.48"))
    );
}
