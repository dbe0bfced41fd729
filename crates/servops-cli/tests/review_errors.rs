//! Defects found by an adversarial end-to-end review of the command:
//! errors that named the wrong flag or none, and numbers the aligned table
//! showed other than CSV and JSON carry. Expected values by hand (or
//! mpmath, as each test says), never copied from the command's output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// A deflection whose residual contacts take so much longer that the
/// scenario costs more than the baseline: 100 contacts of 300 s per half
/// hour need 21 agents for 80 % in 20 s (Erlang C, mpmath), 98 of 330 s
/// need 23; at 40 an hour and 30 % shrinkage 20 such half hours cost
/// 20 x 21 / 0.7 x 0.5 x 40 = 12,000 and 20 x 23 / 0.7 x 0.5 x 40 =
/// 13,142.86. Before: `--series-per-period: gross_saving must be >= 0`,
/// blaming a flag that has nothing to do with it.
#[test]
fn a_deflection_that_costs_more_than_the_baseline_says_so() {
    let o = servops(&[
        "cost",
        "deflection",
        "--contacts",
        "100",
        "--intervals",
        "20",
        "--aht",
        "300s",
        "--hourly-rate",
        "40",
        "--shrinkage",
        "30%",
        "--deflection",
        "2%",
        "--residual-aht",
        "330s",
        "--series-per-period",
        "22",
        "--periods",
        "24",
        "--rate",
        "0.8%",
    ]);
    assert_clean_failure(&o, "13142.86");
    let err = stderr(&o);
    assert!(err.contains("12000.00"), "{err}");
    assert!(err.contains("--residual-aht"), "{err}");
    assert!(!err.contains("--series-per-period"), "{err}");
}

/// 1e17 contacts of 1e12 s each are 1e29 s of handle time, past the
/// decimal range (about 7.9e28): the error names the channel's row, not
/// `--shared` (not even given). Before: `--shared: decimal overflow
/// computing handle_time`.
#[test]
fn a_channel_past_the_decimal_range_names_its_row() {
    let path = file(
        "overflow_channels.csv",
        "channel,contacts,aht\nvoice,1000,300s\nchat,100000000000000000,1e12s\n",
    );
    let o = servops(&[
        "cost",
        "per-contact",
        &path,
        "--hourly-rate",
        "30",
        "--shrinkage",
        "30%",
    ]);
    assert_clean_failure(&o, "overflow_channels.csv:3");
    assert!(!stderr(&o).contains("--shared"), "{}", stderr(&o));
}

/// Three flows of 7.9e28 are each a decimal but their discounted sum is
/// not: the error names the flows (their file), not `--rate`. Before:
/// `--rate: decimal overflow computing npv`.
#[test]
fn flows_past_the_decimal_range_are_named_not_the_rate() {
    let big = "79228162514264337593543950335";
    let path = file(
        "overflow_flows.csv",
        &format!("flow\n-{big}\n{big}\n{big}\n"),
    );
    let o = servops(&["cost", "invest", &path, "--rate", "8%"]);
    assert_clean_failure(&o, "overflow_flows.csv");
    assert!(!stderr(&o).contains("--rate"), "{}", stderr(&o));
    let flows = format!("--flows=-{big},{big},{big}");
    let o = servops(&["cost", "invest", &flows, "--rate", "8%"]);
    assert_clean_failure(&o, "--flows");
    assert!(!stderr(&o).contains("--rate"), "{}", stderr(&o));
}

/// 1.5 contacts of 300 s at 30 an hour, 30 % shrinkage, 100 % occupancy:
/// 1.5 x 300 / 3600 x 30 / 0.7 = 5.36 of labour, 3.57 a contact. The
/// table showed the contacts as `2` (5.36 / 2 is not 3.57) while CSV
/// and JSON carry 1.5.
#[test]
fn the_table_shows_fractional_contacts_as_csv_carries_them() {
    let path = file(
        "fractional_channels.csv",
        "channel,contacts,aht\nvoice,1.5,300s\n",
    );
    let args = [
        "cost",
        "per-contact",
        &path,
        "--hourly-rate",
        "30",
        "--shrinkage",
        "30%",
    ];
    let o = servops(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let voice = out
        .lines()
        .find(|l| l.trim_start().starts_with("voice"))
        .unwrap();
    let cells: Vec<&str> = voice.split_whitespace().collect();
    assert_eq!(cells[1], "1.5", "{out}");
    assert_eq!(cells[2], "5.36", "{out}");
    assert_eq!(cells[6], "3.57", "{out}");
    let total = out
        .lines()
        .find(|l| l.trim_start().starts_with("total"))
        .unwrap();
    assert_eq!(total.split_whitespace().nth(1), Some("1.5"), "{out}");
}

/// A plan day the opening hours close (Saturday, with the centre open
/// Sunday to Thursday) expects no contacts and costs nothing, so its cost
/// per contact is 0 / 0: undefined, as the projected service level beside
/// it, which CSV leaves empty and JSON writes as null. Before: the cost per
/// contact was the text `-` in both (a string where JSON readers expect an
/// amount or null).
#[test]
fn an_undefined_cost_per_contact_is_empty_in_csv_and_null_in_json() {
    let args = [
        "plan",
        "--example",
        "--hours",
        "sun-thu=08:00-20:00",
        "--first-day",
        "1999-02-27",
        "--days",
        "1",
    ];
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let o = servops(&json_args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let value = |name: &str| {
        v["summary"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["measure"] == name)
            .map(|r| r["value"].clone())
            .unwrap()
    };
    assert_eq!(value("expected contacts (forecast mean)"), 0.0);
    // Two decimals, as every cost of `schedule` and `plan`.
    assert_eq!(value("cost"), "0.00");
    for name in [
        "cost per expected contact",
        "cost per contact staffed for",
        "projected service level % at expected volume",
    ] {
        assert!(value(name).is_null(), "{name}: {}", value(name));
    }
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let o = servops(&csv_args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\ncost per expected contact,\n"), "{out}");
    assert!(out.contains("\ncost per contact staffed for,\n"), "{out}");
}

/// A header naming a column the command reads twice is refused at the
/// second, as `kpi` (the kpi library's reader) already did: every other
/// reader took the first without a word, so a history whose second
/// `offered` held the real volumes (100 times the first here) forecast
/// from the wrong one. A repeated column the command does not read is
/// left alone.
#[test]
fn a_column_named_twice_is_refused_by_every_reader() {
    let mut history = String::from("start,offered,offered,served,handle_s_sum\n");
    for d in 2..=29 {
        for i in 0..48 {
            history.push_str(&format!(
                "2026-03-{d:02}T{:02}:{:02}:00Z,1,100,1,240\n",
                i / 2,
                (i % 2) * 30
            ));
        }
    }
    let clean = file(
        "once_history.csv",
        &history.replacen("offered,offered", "offered,other", 1),
    );
    let history = file("twice_history.csv", &history);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "staff".into(),
                file(
                    "twice_staff.csv",
                    "interval_start,contacts,aht_s,contacts\n2026-03-02 09:00,120,240,5\n2026-03-02 09:30,100,240,5\n",
                ),
            ],
            "twice_staff.csv:1:4",
        ),
        (
            vec![
                "schedule".into(),
                file(
                    "twice_schedule.csv",
                    "required,interval_start,required\n3,2026-03-02 09:00,3\n",
                ),
            ],
            "twice_schedule.csv:1:3",
        ),
        (
            vec![
                "forecast".into(),
                history.clone(),
                "--method".into(),
                "naive".into(),
            ],
            "twice_history.csv:1:3",
        ),
        (
            vec!["plan".into(), history.clone(), "--days".into(), "1".into()],
            "twice_history.csv:1:3",
        ),
        (
            vec![
                "cost".into(),
                "invest".into(),
                file("twice_flows.csv", "flow,flow\n-100,-1\n60,1\n60,1\n"),
                "--rate".into(),
                "8%".into(),
            ],
            "twice_flows.csv:1:2",
        ),
        (
            vec![
                "cost".into(),
                "per-contact".into(),
                file(
                    "twice_channels.csv",
                    "channel,contacts,aht,aht\nvoice,100,300s,30s\n",
                ),
                "--hourly-rate".into(),
                "30".into(),
            ],
            "twice_channels.csv:1:4",
        ),
        (
            vec![
                "cost".into(),
                "headcount".into(),
                file(
                    "twice_demand.csv",
                    "period,productive_fte,shrinkage,paid_hours,shrinkage\n2026-01,70,30%,168,0%\n",
                ),
                "--opening-headcount".into(),
                "100".into(),
                "--hourly-rate".into(),
                "30".into(),
            ],
            "twice_demand.csv:1:5",
        ),
        (
            vec![
                "forecast".into(),
                clean.clone(),
                "--method".into(),
                "naive".into(),
                "--special-days".into(),
                file(
                    "twice_special.csv",
                    "date,type,date\n2026-03-30,holiday,2026-03-31\n",
                ),
            ],
            "twice_special.csv:1:3",
        ),
    ];
    for (args, at) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = servops(&args);
        assert_clean_failure(&o, at);
        assert!(stderr(&o).contains("twice"), "{}", stderr(&o));
    }
    // A repeated column no command reads is not in the way.
    let notes = file(
        "twice_notes.csv",
        "interval_start,note,contacts,aht_s,note\n2026-03-02 09:00,a,120,240,b\n2026-03-02 09:30,c,100,240,d\n",
    );
    let o = servops(&["staff", &notes, "--sl", "80%", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A forecast's volumes are fractional, and `staff` reads them: 2.5
/// contacts of 240 s in a half hour are a load of 2.5 x 240 / 1800 = 0.33
/// erlangs. Before: the table showed the contacts as `2` (CSV carried
/// 2.5); now `2.50`, and `10.00` beside it.
#[test]
fn staff_shows_fractional_contacts_as_csv_carries_them() {
    let path = file(
        "fractional_volumes.csv",
        "interval_start,contacts,aht_s\n2026-03-02 09:00,2.5,240\n2026-03-02 09:30,10,240\n",
    );
    let o = servops(&["staff", &path, "--sl", "80%"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let cells = |start: &str| -> Vec<String> {
        let line = out.lines().find(|l| l.contains(start)).unwrap();
        line.split_whitespace().map(String::from).collect()
    };
    // date, time, contacts, aht_s, load, ...
    assert_eq!(cells("09:00")[2], "2.50", "{out}");
    assert_eq!(cells("09:00")[4], "0.33", "{out}");
    assert_eq!(cells("09:30")[2], "10.00", "{out}");
}

/// A staff level the queueing library refuses names the `--agents` value:
/// more than 1e9 agents for Erlang C, and 0 agents for Erlang A (which
/// needs at least 1e-6). Before: `agents must be at most 1e9, got
/// 4294967296` and `agents must be at least 1e-6, got 0`, naming no flag
/// while the required row beside it has agents too.
#[test]
fn a_refused_staff_level_names_the_agents_flag() {
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--aht",
        "240s",
        "--agents",
        "19,4294967296",
    ]);
    assert_clean_failure(&o, "--agents 4294967296");
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--aht",
        "240s",
        "--model",
        "erlang-a",
        "--patience",
        "60s",
        "--agents",
        "0",
    ]);
    assert_clean_failure(&o, "--agents 0");
}

/// The first two rows at the same start: a duplicate, said as one. Before:
/// "interval step must be a whole number of minutes dividing 24 hours, got
/// 0 min" (the step is read from the first two rows).
#[test]
fn a_duplicate_first_interval_is_called_a_duplicate() {
    let staff = file(
        "dup_first_staff.csv",
        "interval_start,contacts,aht_s\n\
         2026-03-02T09:00:00Z,10,240\n\
         2026-03-02T09:00:00Z,12,240\n\
         2026-03-02T09:30:00Z,12,240\n",
    );
    let required = file(
        "dup_first_required.csv",
        "interval_start,required\n\
         2026-03-02T09:00:00Z,1\n\
         2026-03-02T09:00:00Z,2\n\
         2026-03-02T09:30:00Z,2\n",
    );
    for (cmd, path, name) in [
        ("staff", &staff, "dup_first_staff.csv:3:1"),
        ("schedule", &required, "dup_first_required.csv:3:1"),
    ] {
        let o = servops(&[cmd, path]);
        assert_clean_failure(&o, name);
        let err = stderr(&o);
        assert!(
            err.contains("duplicate interval start `2026-03-02T09:00:00Z` (line 2 has it too)"),
            "{err}"
        );
        assert!(!err.contains("got 0 min"), "{err}");
    }
}
