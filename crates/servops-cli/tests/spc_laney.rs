//! `servops spc --chart p-prime` and `--chart u-prime` (Laney 2002):
//! values worked by hand and with the independent numpy script
//! `crates/servops-kpi/gen/laney_reference.py`, and the January 1999 bank
//! days before (p) and after (p-prime).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use serde_json::Value;

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-12, "{what}: {got} vs {want}");
}

/// 30 of 100, 60 of 400, 10 of 100, 100 of 400: p = 200/1000 = 0.2;
/// sqrt(p(1-p)/n) = 0.04 (n = 100) and 0.02 (n = 400); z = 2.5, -2.5,
/// -2.5, 2.5; moving ranges 5, 0, 5, mean 10/3; sigma_z = (10/3)/1.128 =
/// 2.95508; limits 0.2 -+ 3 x 0.04 x 2.95508 = [0, 0.55461] and
/// 0.2 -+ 3 x 0.02 x 2.95508 = [0.02270, 0.37730]. The fifth day, 60 of
/// 100 (0.6), judged against the first four, is beyond 0.55461.
const FOUR_DAYS: &str =
    "date,abandoned,offered\nd1,30,100\nd2,60,400\nd3,10,100\nd4,100,400\nd5,60,100\n";

#[test]
fn p_prime_by_hand_with_a_baseline() {
    let csv = file("laney_days.csv", FOUR_DAYS);
    let v = spc_json(&[
        &csv,
        "--chart",
        "p-prime",
        "--count",
        "abandoned",
        "--size",
        "offered",
        "--label",
        "date",
        "--baseline",
        "4",
    ]);
    let sz = 10.0 / 3.0 / 1.128;
    close(
        f(&summary_value(&v, "over-dispersion sigma_z").unwrap()),
        sz,
        "sigma_z",
    );
    close(f(&summary_value(&v, "centre").unwrap()), 0.2, "centre");
    let note = summary_value(&v, "note").unwrap();
    assert!(
        note.as_str()
            .unwrap()
            .starts_with("over-dispersion: the points vary 2.96 times"),
        "{note}"
    );
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    for (p, (lower, upper)) in points.iter().zip([
        (0.0, 0.2 + 0.12 * sz),
        (0.2 - 0.06 * sz, 0.2 + 0.06 * sz),
        (0.0, 0.2 + 0.12 * sz),
        (0.2 - 0.06 * sz, 0.2 + 0.06 * sz),
        (0.0, 0.2 + 0.12 * sz),
    ]) {
        close(f(&p["lower"]), lower, "lower");
        close(f(&p["upper"]), upper, "upper");
    }
    close(f(&points[4]["proportion"]), 0.6, "proportion");
    let signals = v["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 1, "{signals:?}");
    assert_eq!(signals[0]["rule"], "Western Electric 1");
    assert_eq!(signals[0]["label"], "d5");
    assert_eq!(f(&summary_value(&v, "signals").unwrap()), 1.0);

    // The p chart on the same baseline: limits 0.2 -+ 0.12 (n = 100),
    // so day 5 (0.6) is a signal there too, with narrower limits.
    let p = spc_json(&[
        &csv,
        "--chart",
        "p",
        "--count",
        "abandoned",
        "--size",
        "offered",
        "--baseline",
        "4",
    ]);
    close(f(&p["points"][0]["upper"]), 0.32, "p upper");
    assert!(summary_value(&p, "over-dispersion sigma_z").is_none());
}

/// 12 over 2, 24 over 8, 4 over 2, 40 over 8: u = 80/20 = 4;
/// sqrt(u/n) = sqrt(2), 1/sqrt(2); z = sqrt(2), -sqrt(2), -sqrt(2),
/// sqrt(2); sigma_z = (4 sqrt(2)/3)/1.128 = 1.67165; upper limit at
/// n = 2: 4 + 3 sqrt(2) x 1.67165 = 11.0922 (script: 11.092198581560284).
#[test]
fn u_prime_by_hand() {
    let csv = file("laney_units.csv", "count,units\n12,2\n24,8\n4,2\n40,8\n");
    let v = spc_json(&[&csv, "--chart", "u-prime"]);
    let sz = 4.0 * 2f64.sqrt() / 3.0 / 1.128;
    close(
        f(&summary_value(&v, "over-dispersion sigma_z").unwrap()),
        sz,
        "sigma_z",
    );
    close(f(&v["points"][0]["upper"]), 11.092_198_581_560_284, "upper");
    close(
        f(&v["points"][1]["lower"]),
        0.453_900_709_219_857_9,
        "lower",
    );
    assert!(f(&v["points"][1]["rate"]) == 3.0);
    assert!(
        summary_value(&v, "note")
            .unwrap()
            .as_str()
            .unwrap()
            .contains("Poisson")
    );
}

/// sigma_z near 1: no note. 10, 14, 10, 14 of 400: p = 0.03;
/// sqrt(0.03 x 0.97/400) = 0.0085294; z = -+0.58621; mean moving range
/// 1.17242; sigma_z = 1.03938.
#[test]
fn no_note_when_the_binomial_model_holds() {
    let csv = file(
        "laney_binomial.csv",
        "count,size\n10,400\n14,400\n10,400\n14,400\n",
    );
    let v = spc_json(&[&csv, "--chart", "p-prime"]);
    let s = (0.03f64 * 0.97 / 400.0).sqrt();
    let z = 0.005 / s;
    close(
        f(&summary_value(&v, "over-dispersion sigma_z").unwrap()),
        2.0 * z / 1.128,
        "sigma_z",
    );
    assert!((2.0 * z / 1.128 - 1.039).abs() < 1e-3);
    assert!(summary_value(&v, "note").is_none());
    // sigma_z = 0: every day on the centre line, said in the note.
    let flat = file("laney_flat.csv", "count,size\n5,100\n10,200\n");
    let v = spc_json(&[&flat, "--chart", "p-prime"]);
    assert_eq!(
        f(&summary_value(&v, "over-dispersion sigma_z").unwrap()),
        0.0
    );
    assert!(
        summary_value(&v, "note")
            .unwrap()
            .as_str()
            .unwrap()
            .starts_with("sigma_z is 0")
    );
    assert_eq!(f(&summary_value(&v, "signals").unwrap()), 0.0);
}

#[test]
fn refusals() {
    let csv = file("laney_refusals.csv", FOUR_DAYS);
    let o = servops(&[
        "spc",
        &csv,
        "--chart",
        "p-prime",
        "--count",
        "abandoned",
        "--size",
        "offered",
        "--baseline",
        "1",
    ]);
    assert_clean_failure(
        &o,
        "--baseline 1: the baseline of this p-prime chart is from 2 to 5 rows",
    );
    let one = file("laney_one.csv", "count,size\n3,10\n");
    let o = servops(&["spc", &one, "--chart", "p-prime"]);
    assert_clean_failure(&o, "a p-prime chart needs at least 2");
    let o = servops(&["spc", &one, "--chart", "u-prime", "--size", "size"]);
    assert_clean_failure(&o, "--size is not read by the u-prime chart");
    let over = file("laney_over.csv", "count,size\n3,10\n11,10\n");
    let o = servops(&["spc", &over, "--chart", "p-prime"]);
    assert_clean_failure(&o, "is more than its size");
    let o = servops(&["spc", &over, "--chart", "p-prime", "--lambda", "0.2"]);
    assert_clean_failure(&o, "--lambda does not apply to the p-prime chart");
}

/// The January 1999 bank days: the p chart flags 47 signals in 29 days
/// (16 days beyond its binomial limits); sigma_z = 3.7621 (numpy, from the
/// same kpi CSV: 3.762075361664777) and the p' chart flags 5 (none beyond
/// its limits).
#[test]
fn bank_january_days_before_and_after() {
    let o = servops(&[
        "kpi",
        "../../data/anonymous_bank_1999_01_queue_calls.csv",
        "--tz",
        "Asia/Jerusalem",
        "--time-format",
        "%Y-%m-%dT%H:%M:%S",
        "--column",
        "wait=wait_s",
        "--column",
        "talk=talk_s",
        "--outcome",
        "AGENT=answered",
        "--outcome",
        "HANG=abandoned",
        "--outcome",
        "PHANTOM=abandoned",
        "--by",
        "day",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let days = file("laney_bank_days.csv", &stdout(&o));
    let chart = |kind: &str| {
        spc_json(&[
            &days,
            "--chart",
            kind,
            "--count",
            "abandoned",
            "--size",
            "offered",
            "--label",
            "date",
        ])
    };
    let p = chart("p");
    assert_eq!(f(&summary_value(&p, "points").unwrap()), 29.0);
    assert_eq!(f(&summary_value(&p, "signals").unwrap()), 47.0);
    let beyond = |v: &Value| {
        v["signals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["rule"] == "Western Electric 1")
            .count()
    };
    assert_eq!(beyond(&p), 16);
    let laney = chart("p-prime");
    let sz = f(&summary_value(&laney, "over-dispersion sigma_z").unwrap());
    assert!((sz - 3.762_075_361_664_777).abs() < 1e-12, "{sz}");
    assert_eq!(f(&summary_value(&laney, "signals").unwrap()), 5.0);
    assert_eq!(beyond(&laney), 0);
}
