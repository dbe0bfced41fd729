//! `servops spc`: XmR, p and u charts of a CSV column, values worked by
//! hand (Montgomery 2009, §6.4 and §7.2: an XmR chart's sigma is the mean
//! moving range over d2 = 2/sqrt(pi) = 1.128; a p chart's sigma at a size
//! n is sqrt(p(1-p)/n); a u chart's sqrt(u/units)).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use serde_json::Value;

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: {got} vs {want}");
}

/// d2 for subgroups of 2: 2/sqrt(pi) = 1.1283791670955126 (1.128 in the
/// tables).
const D2: f64 = std::f64::consts::FRAC_2_SQRT_PI;

/// Five values 10, 12, 11, 15, 12: centre = mean = 60/5 = 12; moving
/// ranges 2, 1, 4, 3, mean 2.5; sigma = 2.5/1.128 = 2.2156; limits
/// 12 -+ 3 sigma = 5.3533 and 18.6467; the moving-range upper limit D4 x
/// 2.5 with D4 = 3.267 (Montgomery, Appendix VI) = 8.17.
#[test]
fn xmr_of_five_values() {
    let csv = file(
        "spc_five.csv",
        "day,aht\nmon,10\ntue,12\nwed,11\nthu,15\nfri,12\n",
    );
    let v = spc_json(&[&csv, "--value", "aht", "--label", "day"]);
    let sigma = 2.5 / D2;
    assert!((sigma - 2.5 / 1.128).abs() < 1e-3, "{sigma}");
    close(f(&measure(&v, "centre")), 12.0, "centre");
    close(
        f(&measure(&v, "sigma (mean moving range / d2)")),
        sigma,
        "sigma",
    );
    close(f(&measure(&v, "lower limit")), 12.0 - 3.0 * sigma, "lcl");
    close(f(&measure(&v, "upper limit")), 12.0 + 3.0 * sigma, "ucl");
    close(f(&measure(&v, "mean moving range")), 2.5, "mr");
    let mr_ucl = f(&measure(&v, "moving range upper limit"));
    assert!((mr_ucl - 3.267 * 2.5).abs() < 2e-3, "{mr_ucl}");
    assert_eq!(measure(&v, "signals"), 0);
    assert_eq!(measure(&v, "baseline points"), 5);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 5);
    assert_eq!(points[0]["label"], "mon");
    assert_eq!(points[0]["line"], 2);
    assert!(points[0]["moving_range"].is_null());
    assert_eq!(points[3]["moving_range"], 4.0);
    assert_eq!(points[4]["phase"], "baseline");
    assert!(v["signals"].as_array().unwrap().is_empty());
}

/// The five values as a baseline and a sixth of 30 judged against it:
/// 30 > 18.6467, Western Electric 1 at point 6 (line 7). The limits are
/// the baseline's, not those of all six values.
#[test]
fn xmr_judges_new_values_against_the_baseline() {
    let csv = file(
        "spc_six.csv",
        "day,aht\nmon,10\ntue,12\nwed,11\nthu,15\nfri,12\nsat,30\n",
    );
    let v = spc_json(&[&csv, "--value", "aht", "--label", "day", "--baseline", "5"]);
    let sigma = 2.5 / D2;
    close(f(&measure(&v, "upper limit")), 12.0 + 3.0 * sigma, "ucl");
    let points = v["points"].as_array().unwrap();
    assert_eq!(points[5]["phase"], "judged");
    // The moving range |30 - 12| = 18 is above its limit 8.17 too.
    assert_eq!(points[5]["signals"], "Western Electric 1; moving range");
    close(f(&points[5]["upper"]), 12.0 + 3.0 * sigma, "ucl of point 6");
    let signals = v["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 2);
    assert_eq!(signals[0]["rule"], "Western Electric 1");
    assert_eq!(signals[0]["point"], 6);
    assert_eq!(signals[0]["line"], 7);
    assert_eq!(signals[0]["label"], "sat");
    assert_eq!(signals[1]["rule"], "moving range");
    assert_eq!(signals[1]["point"], 6);
    assert_eq!(signals[1]["first_point"], 5);
}

/// A jump within the individuals' limits but not within the moving
/// ranges': after the baseline 10, 12, 11, 15, 12 (limits 5.3533 and
/// 18.6467, moving-range limit D4 x 2.5 = 3.267 x 2.5 = 8.17, D4 from
/// Montgomery's Appendix VI), 6 then 17. Both values are inside the
/// limits, and no Western Electric rule fires (6 is below and 17 above
/// the 2 sigma zone 12 -+ 4.43, on opposite sides); the moving ranges are
/// |6 - 12| = 6 < 8.17 and |17 - 6| = 11 > 8.17: one signal, the moving
/// range ending at point 7 (line 8), from point 6.
#[test]
fn xmr_moving_range_above_its_limit_is_a_signal() {
    let csv = file(
        "spc_jump.csv",
        "day,aht\nmon,10\ntue,12\nwed,11\nthu,15\nfri,12\nsat,6\nsun,17\n",
    );
    let v = spc_json(&[&csv, "--value", "aht", "--label", "day", "--baseline", "5"]);
    let signals = v["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 1, "{v}");
    let s = &signals[0];
    assert_eq!(s["rule"], "moving range");
    assert_eq!(s["point"], 7);
    assert_eq!(s["first_point"], 6);
    assert_eq!(s["line"], 8);
    assert_eq!(s["label"], "sun");
    let points = v["points"].as_array().unwrap();
    assert_eq!(points[6]["moving_range"], 11.0);
    assert_eq!(points[6]["signals"], "moving range");
    assert_eq!(points[5]["signals"], "");
    assert_eq!(measure(&v, "signals"), 1);
    assert_eq!(measure(&v, "moving range signals"), 1);
}

/// Baseline 2, 0, 2, 0, 2, 0: centre 1, moving ranges all 2, sigma =
/// 2/1.128 = 1.77. Then 1.5 eight times: within 1 sigma, above the centre,
/// after a point below it. Eight in a row on one side is Western Electric
/// 4 (at point 14, pattern from point 7); Nelson needs nine (Nelson 2),
/// and none of its other rules fires on 14 points (15 within 1 sigma
/// would be Nelson 7). A ninth 1.5 fires Nelson 2 at point 15.
#[test]
fn western_electric_and_nelson_rules_differ_on_a_run_of_eight() {
    let mut text = String::from("v\n2\n0\n2\n0\n2\n0\n");
    text.push_str(&"1.5\n".repeat(8));
    let csv = file("spc_run8.csv", &text);
    let base = [csv.as_str(), "--value", "v", "--baseline", "6"];
    let we = spc_json(&base);
    let signals = we["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 1, "{we}");
    assert_eq!(signals[0]["rule"], "Western Electric 4");
    assert_eq!(signals[0]["point"], 14);
    assert_eq!(signals[0]["first_point"], 7);
    let nelson = spc_json(&[&base[..], &["--rules", "nelson"]].concat());
    assert!(nelson["signals"].as_array().unwrap().is_empty(), "{nelson}");
    assert_eq!(measure(&nelson, "rules"), "nelson");

    text.push_str("1.5\n");
    let csv = file("spc_run9.csv", &text);
    let nelson = spc_json(&[&csv, "--value", "v", "--baseline", "6", "--rules", "nelson"]);
    let signals = nelson["signals"].as_array().unwrap();
    let fired: Vec<(&str, i64, i64)> = signals
        .iter()
        .map(|s| {
            (
                s["rule"].as_str().unwrap(),
                s["point"].as_i64().unwrap(),
                s["first_point"].as_i64().unwrap(),
            )
        })
        .collect();
    // Nine on one side from point 7; and every point is within 1 sigma
    // (|2 - 1| = |0 - 1| = 1 and 0.5 < 1.77), so the 15th point also
    // completes Nelson 7, fifteen within 1 sigma, from point 1.
    assert_eq!(
        fired,
        [("Nelson 2", 15, 7), ("Nelson 7", 15, 1)],
        "{nelson}"
    );
}

/// p chart: 5 and 15 of 100 set p = 0.1; at n = 100 sigma = sqrt(0.1 x
/// 0.9 / 100) = 0.03, limits 0.01 and 0.19; at n = 400, sigma = 0.015 and
/// limits 0.055 and 0.145, so 12 of 400 (0.03) is below the lower limit.
/// The limits vary, so the summary leaves them empty.
#[test]
fn p_chart_limits_vary_with_the_size() {
    let csv = file(
        "spc_p.csv",
        "week,abandoned,offered\n1,5,100\n2,15,100\n3,12,400\n",
    );
    let v = spc_json(&[
        &csv,
        "--chart",
        "p",
        "--count",
        "abandoned",
        "--size",
        "offered",
        "--baseline",
        "2",
    ]);
    close(f(&measure(&v, "centre")), 0.1, "p");
    assert!(measure(&v, "upper limit").is_null());
    let points = v["points"].as_array().unwrap();
    close(f(&points[0]["proportion"]), 0.05, "p1");
    close(f(&points[0]["lower"]), 0.01, "lcl1");
    close(f(&points[0]["upper"]), 0.19, "ucl1");
    close(f(&points[2]["proportion"]), 0.03, "p3");
    close(f(&points[2]["lower"]), 0.055, "lcl3");
    close(f(&points[2]["upper"]), 0.145, "ucl3");
    assert_eq!(points[2]["signals"], "Western Electric 1");
    assert_eq!(measure(&v, "signals"), 1);
}

/// u chart: 4 and 6 counts over 2 units each: u = 10/4 = 2.5; sigma =
/// sqrt(2.5/2) = 1.1180; upper limit 2.5 + 3.3541 = 5.8541, the lower one
/// 2.5 - 3.3541 < 0 clipped to 0. Read from standard input.
#[test]
fn u_chart_from_standard_input() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_servops"))
        .args(["spc", "-", "--chart", "u", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"count,units\n4,2\n6,2\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    close(f(&measure(&v, "centre")), 2.5, "u");
    close(
        f(&measure(&v, "upper limit")),
        2.5 + 3.0 * (1.25f64).sqrt(),
        "ucl",
    );
    close(f(&measure(&v, "lower limit")), 0.0, "lcl");
    close(f(&v["points"][1]["rate"]), 3.0, "rate 2");
}

/// The settings come from the `[spc]` table as from the flags.
#[test]
fn settings_come_from_the_spc_table() {
    let csv = file(
        "spc_cfg.csv",
        "week,abandoned,offered\n1,5,100\n2,15,100\n3,30,100\n",
    );
    let flags = spc_json(&[
        &csv,
        "--chart",
        "p",
        "--count",
        "abandoned",
        "--size",
        "offered",
        "--baseline",
        "2",
        "--rules",
        "nelson",
        "--label",
        "week",
    ]);
    let cfg = file(
        "spc_cfg.toml",
        "[spc]\nchart = \"p\"\ncount = \"abandoned\"\nsize = \"offered\"\nbaseline = 2\n\
         rules = \"nelson\"\nlabel = \"week\"\n",
    );
    let from_file = spc_json(&[&csv, "--config", &cfg]);
    assert_eq!(flags, from_file);
    assert_eq!(flags["signals"][0]["rule"], "Nelson 1");
    assert_eq!(flags["signals"][0]["label"], "3");
    let cfg = file("spc_typo.toml", "[spc]\nchrt = \"p\"\n");
    let values = file("spc_cfg_values.csv", "value\n1\n2\n");
    assert_clean_failure(&servops(&["spc", &values, "--config", &cfg]), "chrt");
}

/// Bad input: one line each, naming the file, line and column.
#[test]
fn bad_input_says_what_is_wrong() {
    let nan = file("spc_nan.csv", "value\n1\nNaN\n3\n");
    assert_clean_failure(
        &servops(&["spc", &nan]),
        &format!("{nan}:3:value: `NaN` is not a finite number"),
    );
    let inf = file("spc_inf.csv", "value\n1\n-inf\n");
    assert_clean_failure(&servops(&["spc", &inf]), "`-inf` is not a finite number");
    let word = file("spc_word.csv", "value\n1\nfive\n");
    assert_clean_failure(&servops(&["spc", &word]), "`five` is not a number");
    // An empty value is a row without an observation (left out, with a
    // warning; see below), so one value is left: too few for a moving range.
    let empty_cell = file("spc_empty_cell.csv", "value,x\n1,a\n,b\n");
    let o = servops(&["spc", &empty_cell]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("left out: line 3"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("has 1 row: an xmr chart needs at least 2"),
        "{}",
        stderr(&o)
    );
    // An empty count is not: it says what is wrong.
    let empty_count = file("spc_empty_count.csv", "count,size\n1,10\n,10\n");
    assert_clean_failure(
        &servops(&["spc", &empty_count, "--chart", "p"]),
        &format!("{empty_count}:3:count: the cell is empty"),
    );
    let header_only = file("spc_header_only.csv", "value\n");
    assert_clean_failure(
        &servops(&["spc", &header_only]),
        &format!("{header_only}:2: the column `value` has no rows: an xmr chart needs at least 2"),
    );
    let one = file("spc_one.csv", "value\n3\n");
    assert_clean_failure(
        &servops(&["spc", &one]),
        "has 1 row: an xmr chart needs at least 2",
    );
    let over = file("spc_over.csv", "count,size\n3,10\n12,10\n");
    assert_clean_failure(
        &servops(&["spc", &over, "--chart", "p"]),
        &format!("{over}:3:count: the count 12 is more than its size 10"),
    );
    // 0 of 0 is a row without an observation; 1 of 0 is an error.
    let zero = file("spc_zero.csv", "count,size\n1,0\n");
    assert_clean_failure(
        &servops(&["spc", &zero, "--chart", "p"]),
        "a size must be >= 1",
    );
    let negative = file("spc_negative.csv", "count,units\n-1,2\n");
    assert_clean_failure(
        &servops(&["spc", &negative, "--chart", "u"]),
        "`-1` must be a whole number >= 0",
    );
    let units = file("spc_units.csv", "count,units\n1,0\n");
    assert_clean_failure(
        &servops(&["spc", &units, "--chart", "u"]),
        "units must be > 0",
    );
    let other = file("spc_other.csv", "day,aht\nmon,1\ntue,2\n");
    assert_clean_failure(
        &servops(&["spc", &other]),
        &format!(
            "{other}:1: the header has no column `value` (give the column with --value; the columns are day, aht)"
        ),
    );
    assert_clean_failure(
        &servops(&["spc", &other, "--value", "aht", "--size", "n"]),
        "--size is not read by the xmr chart (it reads --value)",
    );
    for b in ["1", "4"] {
        assert_clean_failure(
            &servops(&["spc", &other, "--value", "aht", "--baseline", b]),
            &format!("--baseline {b}: the baseline of this xmr chart is from 2 to 2 rows"),
        );
    }
    assert_failure_or_usage(
        &servops(&["spc", &other, "--value", "aht", "--baseline", "-2"]),
        "`-2` must be a whole number >= 0",
    );
    assert_failure_or_usage(
        &servops(&["spc", &other, "--value", "aht", "--rules", "shewhart"]),
        "western-electric",
    );
}

/// `servops kpi --by day --format csv` piped in: a day without offered
/// calls (0 of 0) has no abandonment rate and an empty service level, and
/// the last row is the period's total. Those rows are left out, with one
/// warning naming their lines; the rest are the points. Before, the first
/// such row stopped the command ("a size must be >= 1, got `0`") and the
/// total would have been charted as a day.
///
/// p chart of the days kept: 10 of 100 and 30 of 100 (line 2 and 5), so
/// p = 40/200 = 0.2, sigma = sqrt(0.2 * 0.8 / 100) = 0.04, limits 0.08 and
/// 0.32. XmR of their service levels 80 and 70: centre 75, MR 10.
#[test]
fn rows_without_an_observation_and_the_kpi_total_are_left_out() {
    let csv = file(
        "spc_kpi_days.csv",
        "row,date,offered,abandoned,sl_pct\n\
         day,2026-03-02,100,10,80\n\
         day,2026-03-03,0,0,\n\
         day,2026-03-04,0,0,\n\
         day,2026-03-05,100,30,70\n\
         total,,200,40,75\n",
    );
    let mut args = vec![
        "spc",
        &csv,
        "--chart",
        "p",
        "--count",
        "abandoned",
        "--size",
        "offered",
        "--label",
        "date",
        "--format",
        "json",
    ];
    let o = servops(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("servops: warning:"), "{err}");
    assert!(err.contains("2 rows without an observation"), "{err}");
    assert!(err.contains("line 3, 4"), "{err}");
    assert!(err.contains("total row") && err.contains("line 6"), "{err}");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(measure(&v, "points"), 2);
    close(f(&measure(&v, "centre")), 0.2, "p");
    let points = v["points"].as_array().unwrap();
    assert_eq!(points[1]["line"], 5);
    assert_eq!(points[1]["label"], "2026-03-05");
    close(f(&points[0]["lower"]), 0.08, "lcl");
    close(f(&points[0]["upper"]), 0.32, "ucl");

    // The same file, the service-level column on an XmR chart.
    args.splice(2..8, ["--chart", "xmr", "--value", "sl_pct"]);
    let o = servops(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(measure(&v, "points"), 2);
    close(f(&measure(&v, "centre")), 75.0, "x bar");

    // A count above 0 of a size of 0 is still an error, not a skipped row.
    let bad = file("spc_kpi_bad.csv", "abandoned,offered\n1,10\n2,0\n");
    let o = servops(&[
        "spc",
        &bad,
        "--chart",
        "p",
        "--count",
        "abandoned",
        "--size",
        "offered",
    ]);
    assert_clean_failure(&o, "a size must be >= 1");
}
