//! Behaviour of the `servops` binary: every subcommand on good input, and
//! bad input giving one clear line on standard error and exit status 2.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn servops(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_servops"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the servops binary runs")
}

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A failed command: status 2, one line on stderr starting `servops: error:`
/// (or clap's usage error), and no panic or backtrace.
fn assert_clean_failure(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
    if err.starts_with("servops: error:") {
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    }
}

#[test]
fn erlang_reports_the_textbook_answer() {
    // 16 erlangs (120 calls of 240 s in 30 min), 80 % within 20 s: Erlang C
    // needs 20 agents (SL 81.65 %); 19 give 70.91 %. Values from the textbook
    // Erlang B recursion and SL = 1 - C(N, A) exp(-(N - A) t / AHT), computed
    // separately in Python; the library's reference tests pin its accuracy.
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--interval",
        "30m",
        "--aht",
        "240s",
        "--sl",
        "80%",
        "--agents",
        "19",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["staffing"], "required");
    assert_eq!(v[0]["agents"], 20);
    let sl = v[0]["sl"].as_f64().unwrap();
    assert!((sl - 0.816_512_242_8).abs() < 1e-9, "{sl}");
    let sl19 = v[1]["sl"].as_f64().unwrap();
    assert!((sl19 - 0.709_064_219_2).abs() < 1e-9, "{sl19}");
}

#[test]
fn erlang_marks_unstable_staff_instead_of_failing() {
    let o = servops(&[
        "erlang", "--load", "16", "--aht", "240", "--agents", "15,16", "--format", "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.matches("unstable: load >= agents").count(), 2, "{out}");
}

#[test]
fn erlang_a_needs_a_patience() {
    let o = servops(&[
        "erlang",
        "--contacts",
        "100",
        "--aht",
        "4m",
        "--model",
        "erlang-a",
    ]);
    assert_clean_failure(&o, "needs --patience");
}

#[test]
fn erlang_rejects_impossible_input_with_one_line() {
    assert_clean_failure(
        &servops(&["erlang", "--contacts", "-5", "--aht", "4m"]),
        "contacts must be finite and >= 0",
    );
    assert_clean_failure(
        &servops(&["erlang", "--contacts", "5", "--aht", "4 parsecs"]),
        "unknown duration unit",
    );
    assert_clean_failure(
        &servops(&["erlang", "--contacts", "5", "--aht", "4m", "--sl", "150%"]),
        "fraction",
    );
    assert_clean_failure(
        &servops(&["erlang", "--contacts", "5"]),
        "--aht is required",
    );
}

#[test]
fn staff_solves_every_interval_in_each_format() {
    let input = data("day_30min.csv");
    let table = servops(&[
        "staff",
        &input,
        "--tz",
        "Asia/Jerusalem",
        "--shrinkage",
        "30%",
    ]);
    assert!(table.status.success(), "{}", stderr(&table));
    assert_eq!(stdout(&table).lines().count(), 1 + 22);

    let csv_out = servops(&["staff", &input, "--tz", "Asia/Jerusalem", "--format", "csv"]);
    let text = stdout(&csv_out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "interval_start,contacts,aht_s,load,agents,sl,asa_s,p_abandon,occupancy,scheduled"
    );
    // 07:00: 21 calls of 110.7 s in 30 min = 1.2915 erlangs; 3 agents is the
    // fewest with SL >= 80 % (Erlang C, 20 s): 2 agents give 55.41 %, 3 give
    // 87.67 % (computed separately as above).
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(first[0], "1999-01-18 07:00");
    assert!((first[3].parse::<f64>().unwrap() - 1.2915).abs() < 1e-9);
    assert_eq!(first[4], "3");
    assert!((first[5].parse::<f64>().unwrap() - 0.876_727_117_4).abs() < 1e-9);

    let json = servops(&[
        "staff",
        &input,
        "--format",
        "json",
        "--tz",
        "Asia/Jerusalem",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 22);
}

#[test]
fn staff_reads_settings_from_a_config_file() {
    let dir = std::env::temp_dir().join(format!("servops-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("plan.toml");
    std::fs::write(
        &cfg,
        "[staff]\ntz = \"Asia/Jerusalem\"\nsl = \"90%\"\nwithin = 30\nshrinkage = 0.25\n",
    )
    .unwrap();
    let with_cfg = servops(&[
        "staff",
        &data("day_30min.csv"),
        "--config",
        cfg.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let flags = servops(&[
        "staff",
        &data("day_30min.csv"),
        "--tz",
        "Asia/Jerusalem",
        "--sl",
        "0.9",
        "--within",
        "30s",
        "--shrinkage",
        "25%",
        "--format",
        "json",
    ]);
    assert!(with_cfg.status.success(), "{}", stderr(&with_cfg));
    assert_eq!(stdout(&with_cfg), stdout(&flags));
    std::fs::write(&cfg, "[staff]\nsl = true\n").unwrap();
    let bad = servops(&[
        "staff",
        &data("day_30min.csv"),
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_clean_failure(&bad, "`sl` must be a number");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn staff_names_the_file_line_and_column_of_bad_input() {
    let bad = data("bad_row.csv");
    let o = servops(&["staff", &bad]);
    assert_clean_failure(
        &o,
        &format!("{bad}:3:2: contacts must be a finite number >= 0, got `twenty`"),
    );

    let gap = data("gap.csv");
    let o = servops(&["staff", &gap]);
    assert_clean_failure(
        &o,
        &format!("{gap}:4:1: interval `1999-01-18 08:30` is out of step"),
    );

    let o = servops(&["staff", "no/such/file.csv"]);
    assert_clean_failure(&o, "no/such/file.csv");

    let o = servops(&[
        "staff",
        &data("day_30min.csv"),
        "--contacts-column",
        "calls",
    ]);
    assert_clean_failure(&o, "no column named `calls`");
}

#[test]
fn help_is_there_for_every_subcommand_with_an_example() {
    for sub in ["erlang", "staff"] {
        let o = servops(&[sub, "--help"]);
        assert!(o.status.success());
        let text = stdout(&o);
        assert!(text.contains("Examples:"), "{sub}: {text}");
        assert!(text.contains(&format!("servops {sub} ")), "{sub}: {text}");
    }
}
