//! Negative numbers written without `=` (`--hourly-rate -5`) reach the
//! command's own checks. Before, clap took `-5` for an unknown flag and
//! printed "unexpected argument '-5' found" for every one of them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// The message of a refused value, and not clap's "unexpected argument".
fn refused(args: &[&str], needle: &str) {
    let o = servops(args);
    assert_failure_or_usage(&o, needle);
    assert!(
        !stderr(&o).contains("unexpected argument"),
        "{args:?}: {}",
        stderr(&o)
    );
}

#[test]
fn negative_rates_and_amounts_get_the_commands_message() {
    let req = data("requirement_day.csv");
    refused(
        &["schedule", &req, "--hourly-rate", "-5"],
        "hourly rate must be >= 0, got -5",
    );
    refused(
        &["plan", "--example", "--hourly-rate", "-5"],
        "hourly rate must be >= 0, got -5",
    );
    refused(
        &["schedule", &req, "--time-limit", "-5s"],
        "duration `-5s` is negative",
    );
}

#[test]
fn negative_durations_fractions_and_counts_say_what_is_wrong() {
    refused(
        &["erlang", "--contacts", "10", "--aht", "-5s"],
        "duration `-5s` is negative",
    );
    refused(
        &["erlang", "--contacts", "10", "--aht", "4m", "--sl", "-5%"],
        "must be a fraction between 0 and 1",
    );
    refused(
        &["kpi", &data("contacts.csv"), "--threshold", "-20"],
        "duration `-20` is negative",
    );
    refused(
        &["forecast", &data("demand_12_months.csv"), "--days", "-5"],
        "`-5` must be a whole number >= 0",
    );
    refused(
        &["cost", "headcount", "--recruiting", "-1"],
        "`-1` must be a whole number >= 0",
    );
}

/// A southern latitude and a western longitude are negative: `--sunset
/// -33.87,151.21` (Sydney) was refused as an unknown flag; now it anchors
/// the forecast (the backtest names the anchored method).
#[test]
fn a_southern_sunset_is_read() {
    let history = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/anonymous_bank_jan_feb_1999_30min.csv");
    let o = servops(&[
        "forecast",
        history.to_str().unwrap(),
        "--tz",
        "Asia/Jerusalem",
        "--first-day",
        "1999-02-26",
        "--days",
        "2",
        "--method",
        "index",
        "--sunset",
        "-33.87,151.21",
        "--table",
        "backtest",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("weighted index, anchored"),
        "{}",
        stdout(&o)
    );
    refused(
        &[
            "forecast",
            history.to_str().unwrap(),
            "--sunset",
            "-95,-34.78",
        ],
        "latitude must be -90 ..= 90 degrees, got -95",
    );
}
