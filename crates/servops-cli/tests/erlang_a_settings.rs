//! Erlang A settings given to Erlang C are refused, not ignored.
//!
//! Before: `servops erlang ... --patience 60s` without `--model erlang-a`
//! printed Erlang C's 20 agents and a zero abandonment rate, as if the
//! patience had been taken into account. It now stops with one line
//! saying that the patience belongs to Erlang A. (`--max-abandon` under
//! Erlang C was already refused by the library.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

const BASE: [&str; 7] = [
    "erlang",
    "--contacts",
    "120",
    "--aht",
    "240s",
    "--sl",
    "80%",
];

fn erlang(extra: &[&str]) -> std::process::Output {
    let mut args = BASE.to_vec();
    args.extend_from_slice(extra);
    servops(&args)
}

#[test]
fn patience_without_a_model_is_refused() {
    let o = erlang(&["--patience", "60s"]);
    assert_clean_failure(&o, "--patience is for Erlang A");
    assert_clean_failure(&o, "unless --model says otherwise");
    assert_clean_failure(&o, "add --model erlang-a");
    let o = erlang(&["--patience", "60s", "--max-abandon", "1%"]);
    assert_clean_failure(&o, "--patience is for Erlang A");
}

#[test]
fn patience_with_erlang_c_named_is_refused() {
    let o = erlang(&["--model", "erlang-c", "--patience", "60s"]);
    assert_clean_failure(&o, "--patience is for Erlang A, but the model is erlang-c,");
}

#[test]
fn a_patience_in_the_config_file_is_checked_too() {
    let cfg = file("erlang_a_settings.toml", "[erlang]\npatience = \"90s\"\n");
    let o = erlang(&["--config", &cfg]);
    assert_clean_failure(&o, "--patience is for Erlang A");
    // A file's Erlang A settings under a flag that picks Erlang C: the
    // flag wins and the file's patience is left unused: Erlang C needs
    // 20 agents (mpmath: 19 give 0.7091 within 20 s, 20 give 0.8165).
    let cfg = file(
        "erlang_a_settings_both.toml",
        "[erlang]\nmodel = \"erlang-a\"\npatience = \"90s\"\n",
    );
    let o = erlang(&["--config", &cfg, "--model", "erlang-c", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let agents: u32 = stdout(&o)
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(agents, 20);
}

/// The same settings with `--model erlang-a` are used: 120 calls in 30
/// minutes at 240 s are 16 erlangs; with a 60 s patience 17 agents give
/// 80 % answered within 20 s of those offered (the birth-death chain and
/// each waiting position's hypoexponential wait, summed in mpmath at 60
/// digits: 16 agents 0.7589, 17 agents 0.8128), fewer than Erlang C's 20.
#[test]
fn with_erlang_a_named_they_are_used() {
    let o = erlang(&[
        "--model",
        "erlang-a",
        "--patience",
        "60s",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let row = out.lines().nth(1).expect("a data row");
    let agents: u32 = row.split(',').nth(1).unwrap().parse().unwrap();
    assert_eq!(agents, 17, "{out}");
}

#[test]
fn staff_and_plan_refuse_it_as_well() {
    let csv = file(
        "erlang_a_settings_staff.csv",
        "interval_start,contacts,aht_s\n2026-03-02T09:00:00Z,120,240\n2026-03-02T09:30:00Z,100,240\n",
    );
    let o = servops(&["staff", &csv, "--patience", "60s"]);
    assert_clean_failure(&o, "--patience is for Erlang A");
    let o = servops(&[
        "plan",
        "--example",
        "--model",
        "erlang-c",
        "--patience",
        "90s",
    ]);
    assert_clean_failure(&o, "--patience is for Erlang A, but the model is erlang-c,");
}
