//! `--lines` and `--max-blocked` on `erlang` and `staff`: finite trunk
//! lines, where a contact that finds every line busy gets a busy signal.
//!
//! Expected values from the birth-death chain on states 0..=K summed in
//! mpmath at 50 digits, independently of the library: the stationary
//! probabilities `p_j`, blocking `p_K`, and the service level over offered
//! contacts `sum_{j<N} p_j + sum_{N<=j<K} p_j P(Erlang(j-N+1, N mu) <= t)`
//! (no patience), or with a patience each waiting position's
//! hypoexponential wait by partial fractions at 60 digits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// The CSV rows of a command, as name -> value maps.
fn rows(o: &std::process::Output) -> Vec<Vec<(String, String)>> {
    assert!(o.status.success(), "{}", stderr(o));
    let out = stdout(o);
    let mut lines = out.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

fn get(row: &[(String, String)], name: &str) -> f64 {
    let v = &row.iter().find(|(k, _)| k == name).unwrap().1;
    v.parse().expect(name)
}

/// 120 calls in 30 minutes at 240 s (16 erlangs), 24 lines, 80 % within
/// 20 s: 18 agents give 0.7174 of offered, 19 give 0.8178 with blocking
/// 0.028818 (Erlang C over infinite lines needs 20).
#[test]
fn erlang_with_lines_solves_the_finite_model() {
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--aht",
        "240s",
        "--sl",
        "80%",
        "--lines",
        "24",
        "--agents",
        "18",
        "--format",
        "csv",
    ]);
    let r = rows(&o);
    assert_eq!(get(&r[0], "agents"), 19.0);
    assert_eq!(get(&r[0], "lines"), 24.0);
    assert!((get(&r[0], "sl") - 0.817_841_841_8).abs() < 1e-9);
    assert!((get(&r[0], "p_blocked") - 0.028_817_836_86).abs() < 1e-10);
    assert_eq!(get(&r[1], "agents"), 18.0);
    assert!((get(&r[1], "sl") - 0.717_422_611_2).abs() < 1e-9);
    assert!((get(&r[1], "p_blocked") - 0.037_952_006_25).abs() < 1e-10);
}

/// With a 60 s patience and 22 lines: 16 agents 0.7604 of offered
/// answered within 20 s, 17 agents 0.8158 with blocking 0.006435.
/// Blocking is not monotone in the agents here (0.003569 at 16): with a
/// patience four times shorter than the handle time, a waiting place
/// empties faster than an agent.
#[test]
fn erlang_a_with_lines() {
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--aht",
        "240s",
        "--sl",
        "80%",
        "--model",
        "erlang-a",
        "--patience",
        "60s",
        "--lines",
        "22",
        "--agents",
        "16",
        "--format",
        "csv",
    ]);
    let r = rows(&o);
    assert_eq!(get(&r[0], "agents"), 17.0);
    assert!((get(&r[0], "sl") - 0.815_751_269_2).abs() < 1e-9);
    assert!((get(&r[0], "p_blocked") - 0.006_434_529_745).abs() < 1e-11);
    assert!((get(&r[1], "sl") - 0.760_358_397_4).abs() < 1e-9);
    assert!((get(&r[1], "p_blocked") - 0.003_569_374_964).abs() < 1e-11);
}

/// Per interval with 30 lines and at most 1 % busy signals: at 16
/// erlangs 20 agents (SL 0.8349, 19 give 0.7444); at 20 erlangs the
/// blocking goal decides: 27 agents block 0.010424, 28 block 0.009372
/// (SL 0.9846). A closed interval needs nobody.
#[test]
fn staff_with_lines_and_a_blocking_goal() {
    let csv = file(
        "lines_staff.csv",
        "interval_start,contacts,aht_s\n\
         2026-03-02T09:00:00Z,120,240\n\
         2026-03-02T09:30:00Z,0,\n\
         2026-03-02T10:00:00Z,150,240\n",
    );
    let o = servops(&[
        "staff",
        &csv,
        "--lines",
        "30",
        "--max-blocked",
        "1%",
        "--format",
        "csv",
    ]);
    let r = rows(&o);
    assert_eq!(r.len(), 3);
    assert_eq!(get(&r[0], "agents"), 20.0);
    assert!((get(&r[0], "sl") - 0.834_876_950_8).abs() < 1e-9);
    assert!((get(&r[0], "p_blocked") - 0.005_622_915_544).abs() < 1e-11);
    assert_eq!(get(&r[1], "agents"), 0.0);
    assert_eq!(get(&r[2], "agents"), 28.0);
    assert!((get(&r[2], "p_blocked") - 0.009_372_292_715).abs() < 1e-11);
    assert!((get(&r[2], "sl") - 0.984_605_063_5).abs() < 1e-9);
}

/// Without `--lines` the output keeps its columns.
#[test]
fn without_lines_the_columns_are_unchanged() {
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--aht",
        "240s",
        "--format",
        "csv",
    ]);
    let head = stdout(&o).lines().next().unwrap().to_string();
    assert_eq!(
        head,
        "staffing,agents,load,sl,asa_s,p_wait,p_abandon,occupancy,scheduled,note"
    );
}

#[test]
fn bad_line_settings_are_refused() {
    let base = [
        "erlang",
        "--contacts",
        "120",
        "--aht",
        "240s",
        "--sl",
        "80%",
    ];
    let run = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        servops(&a)
    };
    assert_clean_failure(
        &run(&["--max-blocked", "1%"]),
        "--max-blocked needs --lines",
    );
    assert_clean_failure(&run(&["--lines", "0"]), "--lines: must be at least 1");
    assert_failure_or_usage(&run(&["--lines", "-3"]), "must be a whole number >= 0");
    // 24 agents on 24 lines block 0.014698 (Erlang B): 1 % is out of reach.
    assert_clean_failure(
        &run(&["--lines", "24", "--max-blocked", "1%"]),
        "give more lines than 24",
    );
    // More agents than lines.
    assert_clean_failure(&run(&["--lines", "30", "--agents", "31"]), "--agents 31");
    // From a configuration file.
    let cfg = file("lines.toml", "[erlang]\nlines = 24\nmax-blocked = \"1%\"\n");
    assert_clean_failure(&run(&["--config", &cfg]), "give more lines than 24");
}

/// Eight weeks from Monday 2026-02-02 in UTC, Monday to Friday, half
/// hours 08:00 to 15:30 (the last ends at 16:00), 15 calls each, all
/// handled in 300 s: 2.5 erlangs in every open half hour.
fn flat_history() -> String {
    use servops::core::chrono::{Datelike, Days, NaiveDate, Weekday};
    let mut s = String::from("start,offered,served,handle_s_sum\n");
    let first = NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
    for d in 0..56 {
        let date = first.checked_add_days(Days::new(d)).unwrap();
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for i in 16..32 {
            let (h, m) = (i / 2, (i % 2) * 30);
            s.push_str(&format!("{date}T{h:02}:{m:02}:00Z,15,15,4500\n"));
        }
    }
    s
}

/// `servops plan --lines 7`: on 7 lines at 2.5 erlangs (300 s calls), 5
/// agents answer 0.904298 within 20 s and block 0.016566; 6 block
/// 0.011628 and 7 block 0.009983 (the chain on 0..=7). The constant
/// history forecasts 15 calls in each of the Monday's 16 open half hours,
/// so the requirement is 5 agents (40 agent-hours), and 6 (48) with
/// a 1.5 % blocking goal. On the phones the plan counts at most the 7
/// lines, so its busy signals lie between 7 agents' and 6 agents'.
#[test]
fn plan_on_lines_with_a_blocking_goal() {
    let path = file("lines_plan_history.csv", &flat_history());
    let plan = |extra: &[&str]| {
        let mut args = vec![
            "plan",
            &path,
            "--hours",
            "mon-fri=08:00-16:00",
            "--first-day",
            "2026-03-30",
            "--days",
            "1",
            "--sl",
            "80%",
            "--within",
            "20s",
            "--shrinkage",
            "25%",
            "--lines",
            "7",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        json_of(&args)
    };
    let v = plan(&[]);
    assert_eq!(measure(&v, "model"), "Erlang C, on 7 lines");
    assert_eq!(f(&measure(&v, "agent-hours required on the phones")), 40.0);
    let v = plan(&["--max-blocked", "1.5%"]);
    assert_eq!(f(&measure(&v, "agent-hours required on the phones")), 48.0);
    let busy = f(&measure(
        &v,
        "projected busy signals % at volume staffed for",
    ));
    assert!(
        (0.998_301_131 - 1e-6..=1.162_750_029 + 1e-6).contains(&busy),
        "{busy}"
    );
    // 2 % is out of reach of the 6 agents 6 lines allow (they block 2.82 %).
    let o = servops(&[
        "plan",
        &path,
        "--hours",
        "mon-fri=08:00-16:00",
        "--first-day",
        "2026-03-30",
        "--days",
        "1",
        "--lines",
        "6",
        "--max-blocked",
        "2%",
    ]);
    // (stderr also holds the warning that closed hours have no rows.)
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("servops: error:")
            && l.contains("up to 6")
            && l.contains("give more lines than 6")),
        "{err}"
    );
}
