//! `servops staff --staffed-column`: the service a scheduled staff gives,
//! the gap to the requirement, and the period's service level.
//!
//! Expected values by hand and from mpmath (50 digits): Erlang C
//! `1 - C(N, A) e^{-(N - A) t / AHT}` with `C` from the Erlang B
//! recursion; with lines, the birth-death chain on `0..=K` with the
//! Erlang-distributed waits of each waiting position.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

const CSV: &str = "interval_start,contacts,aht_s,rostered\n\
                   2026-03-02T09:00:00Z,120,240,25\n\
                   2026-03-02T09:30:00Z,0,,3\n\
                   2026-03-02T10:00:00Z,150,240,25\n\
                   2026-03-02T10:30:00Z,60,240,0\n";

/// 25 rostered at 20 % shrinkage are 20 on the phones. At 16 erlangs that
/// is Erlang C's 0.816512 within 20 s (the requirement exactly: 20 agents,
/// 25 scheduled, gap 0). At 20 erlangs 20 agents have no steady state:
/// service 0, short by 31.25 - 25 = 6.25. Nobody at 8 erlangs: service 0,
/// short by 11 / 0.8 = 13.75. The closed half hour with 3 rostered is
/// 3 over and has no service to project. Period: 120 x 0.816512 / 330 =
/// 0.296913; hours short (6.25 + 13.75) x 0.5 = 10, over 3 x 0.5 = 1.5.
#[test]
fn erlang_c_projection_gap_and_period_service_level() {
    let path = file("staffed_c.csv", CSV);
    let v = json_of(&[
        "staff",
        &path,
        "--staffed-column",
        "rostered",
        "--shrinkage",
        "20%",
        "--format",
        "json",
    ]);
    let rows = v["intervals"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert!((f(&rows[0]["projected_sl"]) - 0.816_512_242_77).abs() < 1e-9);
    assert_eq!(f(&rows[0]["gap"]), 0.0);
    assert!(rows[1]["projected_sl"].is_null());
    assert_eq!(f(&rows[1]["gap"]), 3.0);
    assert_eq!(f(&rows[2]["projected_sl"]), 0.0);
    assert!(rows[2]["projected_asa_s"].is_null());
    assert_eq!(f(&rows[2]["gap"]), -6.25);
    assert_eq!(f(&rows[3]["projected_sl"]), 0.0);
    assert_eq!(f(&rows[3]["gap"]), -13.75);
    let sl = f(&measure(&v, "projected service level"));
    assert!((sl - 120.0 * 0.816_512_242_77 / 330.0).abs() < 1e-9, "{sl}");
    assert_eq!(f(&measure(&v, "contacts")), 330.0);
    assert_eq!(f(&measure(&v, "intervals short")), 2.0);
    assert_eq!(f(&measure(&v, "staff hours short")), 10.0);
    assert_eq!(f(&measure(&v, "staff hours over")), 1.5);
}

/// With 24 lines the 20 on the phones give 0.890509 at 16 erlangs
/// (blocking 0.022899) and 0.672585 at 20 erlangs (blocking 0.097148):
/// the lines keep the queue finite. Period: (120 x 0.890509 + 150 x
/// 0.672585) / 330.
#[test]
fn with_lines_the_projection_uses_the_finite_model() {
    let path = file("staffed_lines.csv", CSV);
    let v = json_of(&[
        "staff",
        &path,
        "--staffed-column",
        "rostered",
        "--shrinkage",
        "20%",
        "--lines",
        "24",
        "--format",
        "json",
    ]);
    let rows = v["intervals"].as_array().unwrap();
    assert!((f(&rows[0]["projected_sl"]) - 0.890_509_102_036).abs() < 1e-9);
    assert!((f(&rows[0]["projected_p_blocked"]) - 0.022_899_419_115).abs() < 1e-10);
    assert!((f(&rows[2]["projected_sl"]) - 0.672_585_172_097).abs() < 1e-9);
    assert!((f(&rows[2]["projected_p_blocked"]) - 0.097_147_887_759).abs() < 1e-10);
    let sl = f(&measure(&v, "projected service level"));
    let want = (120.0 * 0.890_509_102_036 + 150.0 * 0.672_585_172_097) / 330.0;
    assert!((sl - want).abs() < 1e-9, "{sl} vs {want}");
}

/// `--table intervals` gives a plain CSV again; without the column the
/// output is one table, as before.
#[test]
fn tables_and_plain_output() {
    let path = file("staffed_tables.csv", CSV);
    let o = servops(&[
        "staff",
        &path,
        "--staffed-column",
        "rostered",
        "--table",
        "summary",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("measure,value\n"), "{}", stdout(&o));
    let o = servops(&["staff", &path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("# "), "{}", stdout(&o));
    assert!(!stdout(&o).contains("staffed"), "{}", stdout(&o));
}

#[test]
fn bad_staffed_columns_are_refused() {
    let path = file("staffed_missing.csv", CSV);
    let o = servops(&["staff", &path, "--staffed-column", "nope"]);
    assert_clean_failure(&o, "no column named `nope`");
    let bad = file(
        "staffed_bad.csv",
        "interval_start,contacts,aht_s,rostered\n\
         2026-03-02T09:00:00Z,120,240,25\n\
         2026-03-02T09:30:00Z,100,240,-1\n",
    );
    let o = servops(&["staff", &bad, "--staffed-column", "rostered"]);
    assert_clean_failure(&o, ":3:4:");
    assert_clean_failure(&o, "scheduled staff must be a finite number >= 0, got `-1`");
}

/// 90 rostered at 30 % shrinkage are 63 on the phones, but `90 x (1 -
/// 0.3)` is 62.99999999999999 in floating point, and a plain floor to
/// whole agents (the lines need whole agents) made it 62. At 60 erlangs
/// on 70 lines (450 calls in a half hour of 240 s), the chain on 0..=70
/// (mpmath, 50 digits) gives 63 agents 0.884246656260 within 20 s
/// (blocking 0.034871545533); 62 would give 0.835294508052 (0.038718).
#[test]
fn whole_agents_on_the_phones_survive_rounding() {
    let csv = "interval_start,contacts,aht_s,rostered\n\
               2026-03-02T09:00:00Z,450,240,90\n";
    let path = file("staffed_rounding.csv", csv);
    let v = json_of(&[
        "staff",
        &path,
        "--interval",
        "30m",
        "--staffed-column",
        "rostered",
        "--shrinkage",
        "30%",
        "--lines",
        "70",
        "--format",
        "json",
    ]);
    let rows = v["intervals"].as_array().unwrap();
    assert!((f(&rows[0]["projected_sl"]) - 0.884_246_656_260).abs() < 1e-9);
    assert!((f(&rows[0]["projected_p_blocked"]) - 0.034_871_545_533).abs() < 1e-10);
}
