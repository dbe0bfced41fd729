//! Input audit of the `servops` command: inputs and flags at their
//! extremes give one line naming the file, line and column and status 2,
//! never a panic, a huge allocation or a wrong line number.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use std::process::Command;

#[test]
fn staff_refuses_a_handle_time_too_long_for_a_duration() {
    // 1e20 s is finite and >= 0 but past Duration's u64 seconds (1.8e19):
    // it panicked converting to a Duration.
    let f = file(
        "huge_aht.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:30,10,1e20\n",
    );
    let o = servops(&["staff", &f]);
    assert_clean_failure(&o, &format!("{f}:3:3:"));
}

/// `lines` joined with CRLF line ends.
fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\r\n")).collect()
}

#[test]
fn errors_in_crlf_files_name_the_true_line() {
    // The bad handle time is on line 4 (header on line 1); the csv crate's
    // own count said line 3 with CRLF line ends.
    let f = file(
        "crlf_staff.csv",
        &crlf(&[
            "interval_start,contacts,aht_s",
            "2026-03-02 08:00,10,250",
            "2026-03-02 08:30,10,250",
            "2026-03-02 09:00,10,-1",
        ]),
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:4:3:"));

    // The schedule's requirement file: `lots` is on line 3.
    let f = file(
        "crlf_requirement.csv",
        &crlf(&[
            "interval_start,required",
            "2026-03-02 08:00,4",
            "2026-03-02 08:30,lots",
        ]),
    );
    assert_clean_failure(&servops(&["schedule", &f]), &format!("{f}:3:2:"));

    // Special days: the unknown type is on line 3.
    let f = file(
        "crlf_special.csv",
        &crlf(&["date,type", "1999-02-22,closed", "1999-02-23,shut"]),
    );
    assert_clean_failure(
        &servops(&["plan", "--example", "--special-days", &f]),
        &format!("{f}:3:2:"),
    );
}

#[test]
fn errors_after_a_blank_line_name_the_true_line() {
    // Line 3 is blank; the bad row right after it is line 4 (the csv
    // crate said 3).
    let f = file(
        "blank_staff.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n\n2026-03-02 08:30,ten,250\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:4:2:"));
}

#[test]
fn plan_names_the_true_line_of_a_bad_wait_total_in_a_crlf_history() {
    // The shipped history with CRLF line ends and a negative wait total on
    // the row of 1999-01-20 07:00: header line 1, 48 rows a day from
    // 1999-01-13 00:00, so that row is line 1 + 7 x 48 + 14 + 1 = 352.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/anonymous_bank_jan_feb_1999_30min.csv"
    ))
    .unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(
        lines[351].starts_with("1999-01-20 07:00,"),
        "{}",
        lines[351]
    );
    let mut fields: Vec<&str> = lines[351].split(',').collect();
    fields[8] = "-5";
    lines[351] = fields.join(",");
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let f = file("crlf_history.csv", &crlf(&refs));
    let o = servops(&[
        "plan",
        &f,
        "--tz",
        "Asia/Jerusalem",
        "--first-day",
        "1999-02-21",
        "--model",
        "erlang-a",
    ]);
    assert_clean_failure(&o, &format!("{f}:352:9:"));
}

const BANK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/anonymous_bank_jan_feb_1999_30min.csv"
);

#[test]
fn forecast_refuses_more_than_a_million_intervals_before_reading() {
    // --days 40000 of half hours is 40,000 x 48 = 1,920,000 intervals: it
    // ran (330 MB); --days 1000000 grew past 3 GB before an allocation
    // failed. 20,833 days of half hours (999,984 intervals) is the most.
    for days in ["40000", "1000000", "18446744073709551615"] {
        let o = servops(&["forecast", BANK, "--tz", "Asia/Jerusalem", "--days", days]);
        assert_clean_failure(&o, &format!("--days {days}"));
        assert!(
            stderr(&o).contains("at most 1000000 intervals"),
            "{}",
            stderr(&o)
        );
    }
    // At 1-minute intervals the limit is 694 days (999,360 intervals).
    let o = servops(&["forecast", BANK, "--days", "695", "--interval", "1m"]);
    assert_clean_failure(&o, "--days 695");
}

#[test]
fn kpi_refuses_records_spanning_more_than_a_million_intervals() {
    // 2026-03-02 to 2086-03-02 is 21,916 local days: 1,051,968 half
    // hours (it ran, 177 MB); records 7,000 years apart took 20 GB and
    // 51 s.
    let f = file(
        "kpi_far.csv",
        "id,arrival,outcome,wait_s,talk_s,acw_s\n\
         1,2026-03-02T09:00:05Z,answered,8,240,30\n\
         2,2086-03-02T09:03:10Z,answered,35,180,20\n",
    );
    let o = servops(&["kpi", &f, "--by", "day"]);
    assert_clean_failure(
        &o,
        &format!("{f}:3:arrival: the records span 21916 days from 2026-03-02 (line 2)"),
    );
    assert!(
        stderr(&o).contains("at most 1000000 intervals"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn staff_and_schedule_name_the_true_line_of_an_out_of_step_row() {
    // Line 3 is blank, so the row of 09:30 (a gap after 08:30) is line 5;
    // the row count said line 4.
    let text = "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n\n\
                2026-03-02 08:30,10,250\n2026-03-02 09:30,10,250\n";
    let f = file("blank_gap.csv", text);
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:5:1: interval"));
    let f = file(
        "blank_gap_requirement.csv",
        "interval_start,required\n2026-03-02 08:00,4\n\n2026-03-02 08:30,4\n2026-03-02 09:30,4\n",
    );
    assert_clean_failure(&servops(&["schedule", &f]), &format!("{f}:5:1: interval"));
    // A handle time too short for the contacts (1e-10 s rounds to 0) on
    // line 5.
    let f = file(
        "blank_zero_aht.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n\n\
         2026-03-02 08:30,10,250\n2026-03-02 09:00,10,1e-10\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:5:"));
}

#[test]
fn staff_names_the_row_of_a_duplicate_or_uneven_first_interval() {
    // Rows 2 and 3 both start at 08:00: the step read from them is 0, and
    // the error named neither the file nor the line.
    let f = file(
        "dup_first.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:00,10,250\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:3:1:"));
    // 08:00 then 08:07: a 7-minute step does not divide a day.
    let f = file(
        "seven_min.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:07,10,250\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:3:1:"));
    // A first interval off the whole minute.
    let f = file(
        "half_minute.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00:30,10,250\n2026-03-02 08:30:30,10,250\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:2:1:"));
}

#[test]
fn a_long_special_day_file_is_read() {
    // 200,000 distinct holidays from 1200-01-01: each row was compared with
    // every row before it (2e10 comparisons), and `plan --example --days 1`
    // took 55 s; with a set it takes under 4 s (measured, not asserted:
    // speed is the benchmarks' business).
    let mut text = String::from("date,type\n");
    let mut day = servops_date(1200, 1, 1);
    for _ in 0..200_000 {
        text.push_str(&format!("{day},holiday\n"));
        day = day.succ_opt().unwrap();
    }
    let f = file("long_special.csv", &text);
    let o = servops(&["plan", "--example", "--days", "1", "--special-days", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn servops_date(y: i32, m: u32, d: u32) -> servops::core::chrono::NaiveDate {
    servops::core::chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn plan_estimates_patience_from_every_row_whatever_its_spacing() {
    // The history with a space before every other timestamp: the volume
    // reader trims it, but the patience totals skipped those rows (353 s).
    // Before the plan week: 1,682,953 s of queue wait over 4,849 queue
    // abandons (summed by hand from the file, docs/plan.md), 347.07 s.
    let text = std::fs::read_to_string(BANK).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 && i % 2 == 0 {
            out.push(' ');
        }
        out.push_str(line);
        out.push('\n');
    }
    let f = file("spaced_history.csv", &out);
    let o = servops(&[
        "plan",
        &f,
        "--tz",
        "Asia/Jerusalem",
        "--first-day",
        "1999-02-21",
        "--hours",
        "sun-thu=07:00-24:00,fri=07:00-14:00,sat=19:00-24:00",
        "--model",
        "erlang-a",
        "--days",
        "1",
        "--time-limit",
        "1s",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("Erlang A, patience 347 s"), "{text}");
}

#[test]
fn toml_syntax_and_type_errors_name_the_line() {
    // `sl = 80%` on line 3 is not TOML; the error named only the file.
    let f = file("bad_syntax.toml", "[erlang]\naht = \"240s\"\nsl = 80%\n");
    let o = servops(&["erlang", "--contacts", "10", "--config", &f]);
    assert_clean_failure(&o, &format!("{f}:3:"));
    // A template whose span is a number, on line 3.
    let t = file(
        "bad_template.toml",
        "[[template]]\nname = \"8h\"\nspan = 480\n",
    );
    let req = file(
        "req.csv",
        "interval_start,required\n2026-03-02 08:00,4\n2026-03-02 08:30,4\n",
    );
    let o = servops(&["schedule", &req, "--templates", &t]);
    assert_clean_failure(&o, &format!("{t}:3:"));
}

#[test]
fn forecast_and_plan_refuse_zero_days() {
    // `forecast --days 0` printed an empty table and exited 0.
    let o = servops(&["forecast", BANK, "--tz", "Asia/Jerusalem", "--days", "0"]);
    assert_clean_failure(&o, "--days must be at least 1");
    let o = servops(&["plan", "--example", "--days", "0"]);
    assert_clean_failure(&o, "--days must be at least 1");
}

#[test]
fn errors_in_files_with_carriage_return_line_ends_name_the_true_line() {
    // Classic Mac OS line ends (a lone CR): the csv crate reads each CR as
    // a record terminator and an editor shows each as a line end. The bad
    // handle time is on line 4; it was named line 1 (only LFs were
    // counted).
    let f = file(
        "cr_staff.csv",
        "interval_start,contacts,aht_s\r2026-03-02 08:00,10,250\r\
         2026-03-02 08:30,10,250\r2026-03-02 09:00,10,-1\r",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:4:3:"));

    // Mixed: CR, CRLF, a blank CR line (line 4), LF, a quoted note holding
    // a CR and an LF (lines 6-8); the bad count is on line 9.
    let f = file(
        "mixed_staff.csv",
        "interval_start,contacts,aht_s,note\r\
         2026-03-02 08:00,10,250,\r\n\
         2026-03-02 08:30,10,250,\r\
         \r\
         2026-03-02 09:00,10,250,\n\
         2026-03-02 09:30,10,250,\"a\rb\nc\"\n\
         2026-03-02 10:00,many,250,\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:9:2:"));

    // Special days with CR line ends: the unknown type is on line 3.
    let f = file(
        "cr_special.csv",
        "date,type\r1999-02-22,closed\r1999-02-23,shut\r",
    );
    assert_clean_failure(
        &servops(&["plan", "--example", "--special-days", &f]),
        &format!("{f}:3:2:"),
    );
}

#[test]
fn durations_take_exponent_notation_and_refuse_what_is_out_of_range() {
    // 120 calls of 2.4e2 s = 240 s in 3e1 min = 30 min, 80 % within 2e1 s
    // = 20 s: 16 erlangs, Erlang C needs 20 agents (SL 0.8165122428, the
    // textbook recursion computed separately). `1e3s` and `1.5e2` were
    // refused as unknown units `e3s` and `e2`.
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--interval",
        "3e1min",
        "--aht",
        "2.4e2s",
        "--sl",
        "80%",
        "--within",
        "2e1",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["agents"], 20);
    let sl = v[0]["sl"].as_f64().unwrap();
    assert!((sl - 0.816_512_242_8).abs() < 1e-9, "{sl}");

    for (aht, why) in [
        ("infs", "is not finite"),
        ("NaN", "is not finite"),
        ("1e309s", "is not finite"),
        ("-1e3s", "is negative"),
        ("1e300h", "at most 1e12 s"),
    ] {
        let flag = format!("--aht={aht}");
        let o = servops(&["erlang", "--contacts", "120", &flag]);
        assert_eq!(o.status.code(), Some(2), "{aht}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(why) && err.contains("--aht"), "{aht}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // The same from a configuration file, where TOML reads `inf` as a
    // number.
    let f = file("inf_aht.toml", "[erlang]\naht = inf\n");
    let o = servops(&["erlang", "--contacts", "120", "--config", &f]);
    assert_clean_failure(&o, "is not finite");
}

#[test]
fn a_load_past_the_models_limit_names_the_row() {
    // Row 3: 1e12 contacts of 250 s in 30 min is 1.39e11 erlangs, past the
    // models' 1e9; the error named neither the file nor the line.
    let f = file(
        "huge_load.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:30,1e12,250\n",
    );
    let o = servops(&["staff", &f]);
    assert_clean_failure(&o, &format!("{f}:3:"));
    assert!(stderr(&o).contains("at most 1e9 erlangs"), "{}", stderr(&o));
    // A target the model lacks is the flag's fault, not a row's.
    let o = servops(&["staff", &f, "--max-abandon", "5%"]);
    assert_clean_failure(&o, "P(abandon) is not defined in Erlang C");
    assert!(!stderr(&o).contains(".csv:"), "{}", stderr(&o));
}

#[test]
fn schedule_names_the_row_of_a_requirement_it_refuses() {
    // 1e7 agents on line 3 is past the scheduler's 1e6: the error said
    // "requirement at interval 1".
    let f = file(
        "huge_requirement.csv",
        "interval_start,required\n2026-03-02 08:00,4\n2026-03-02 08:30,1e7\n",
    );
    assert_clean_failure(&servops(&["schedule", &f]), &format!("{f}:3:2:"));

    // Only 08:00-starting 1 h shifts: the agent needed at 10:00 (line 6,
    // after a blank line 3) cannot be covered; the error said "interval 3".
    let t = file(
        "one_hour.toml",
        "[[template]]\nname = \"1h\"\nspan = \"60min\"\nstart = [\"08:00\", \"08:00\"]\n",
    );
    let f = file(
        "uncoverable.csv",
        "interval_start,required\n2026-03-02 08:00,1\n\n2026-03-02 08:30,1\n\
         2026-03-02 09:00,0\n2026-03-02 09:30,1\n",
    );
    let o = servops(&["schedule", &f, "--templates", &t, "--time-limit", "1s"]);
    assert_clean_failure(&o, &format!("{f}:6:2:"));
}

#[test]
fn kpi_header_and_span_errors_name_the_file_and_line() {
    // No outcome column: the error was "csv input: ..." with no file. The
    // header is on line 2, after a blank line.
    let f = file(
        "kpi_no_outcome.csv",
        "\nid,arrival,wait_s\n1,2026-03-02T09:00:05Z,8\n",
    );
    assert_clean_failure(&servops(&["kpi", &f]), &format!("{f}:2:"));

    // Records 21,916 days apart: the latest on line 4, the earliest on
    // line 3 (line 5 is between them).
    let f = file(
        "kpi_far_lines.csv",
        "id,arrival,outcome,wait_s,talk_s,acw_s\n\
         1,2026-03-02T09:00:05Z,answered,8,240,30\n\
         2,2026-03-01T09:00:05Z,answered,8,240,30\n\
         3,2086-03-02T09:03:10Z,answered,35,180,20\n\
         4,2026-03-05T09:00:05Z,answered,8,240,30\n",
    );
    let o = servops(&["kpi", &f, "--by", "day"]);
    assert_clean_failure(&o, &format!("{f}:4:"));
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
}

/// The shipped history with field `col` (1-based) of `line` set to `value`.
fn bank_with(line: usize, col: usize, value: &str) -> String {
    let text = std::fs::read_to_string(BANK).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[line - 1].split(',').map(str::to_string).collect();
    fields[col - 1] = value.to_string();
    lines[line - 1] = fields.join(",");
    lines.join("\n") + "\n"
}

#[test]
fn plan_names_a_history_row_too_big_to_plan_for() {
    // Line 2038 is 1999-02-24 10:00 (59 offered, 50 served, 12,090 handle
    // seconds). Each value below made the plan fail naming no file or
    // line ("load must be at most 1e9 erlangs", "requirement at interval
    // 164 ...", "aht must be > 0 when contacts > 0, got 0", "aht must be
    // finite ...").
    let line = 2038;
    assert!(
        bank_with(line, 1, "x")
            .lines()
            .nth(line - 1)
            .unwrap()
            .ends_with(",Wed,59,50,9,5,29,12090,1884")
    );
    for (col, value, name) in [
        // 1e15 s of handle time in 30 min keeps 5.6e11 agents busy.
        (8, "1e15", "handle_s_sum"),
        (8, "1e300", "handle_s_sum"),
        // 1e9 contacts of 12,090 / 50 = 241.8 s: 1.3e8 erlangs.
        (3, "1e9", "offered"),
        // Past the 1e10 contacts a forecast holds.
        (4, "1e300", "served"),
    ] {
        let f = file(
            &format!("bank_{col}_{value}.csv"),
            &bank_with(line, col, value),
        );
        let o = servops(&[
            "plan",
            &f,
            "--tz",
            "Asia/Jerusalem",
            "--hours",
            "sun-thu=07:00-24:00,fri=07:00-14:00,sat=19:00-24:00",
            "--time-limit",
            "1s",
        ]);
        assert_clean_failure(&o, &format!("{f}:{line}:{col}:"));
        assert!(stderr(&o).contains(name), "{}", stderr(&o));
    }
}

/// `forecast` refuses a history row of more contacts than an interval can
/// hold (1e10, as `plan`) at its row. Line 520 is 1999-01-23 19:00 (16
/// offered). Before: 1e300 gave a forecast of 0 in every interval of the
/// next day and exit 0; 1e15 gave 5.4e8 contacts at 08:30 (the day's
/// other methods around 50); 1e17 gave `mean must be at most 1e10, got
/// 20428284009.5` naming no file or line.
#[test]
fn forecast_names_a_history_row_of_too_many_contacts() {
    let line = 520;
    assert!(
        bank_with(line, 1, "x")
            .lines()
            .nth(line - 1)
            .unwrap()
            .ends_with(",Sat,16,15,1,0,8,3925,413")
    );
    for (col, value, aht) in [
        (3, "1e300", false),
        (3, "1e17", false),
        (3, "1e15", false),
        (3, "2e10", false),
        (4, "1e300", true),
    ] {
        let f = file(
            &format!("forecast_bank_{col}_{value}.csv"),
            &bank_with(line, col, value),
        );
        let mut args = vec!["forecast", &f, "--tz", "Asia/Jerusalem", "--days", "1"];
        if aht {
            args.push("--aht");
        }
        let o = servops(&args);
        assert_clean_failure(&o, &format!("{f}:{line}:{col}: "));
        assert_clean_failure(&o, &format!(" {value} is more than the 1e10 contacts"));
    }
    // `plan` quotes the cell as written too (before: the 301 digits of
    // 1e300 written out).
    let f = file("plan_bank_1e300.csv", &bank_with(line, 3, "1e300"));
    let o = servops(&["plan", &f, "--tz", "Asia/Jerusalem", "--days", "1"]);
    assert_clean_failure(
        &o,
        &format!("{f}:{line}:3: offered 1e300 is more than the 1e10 contacts"),
    );
    // 1e10 itself is allowed.
    let f = file("forecast_bank_1e10.csv", &bank_with(line, 3, "1e10"));
    let o = servops(&["forecast", &f, "--tz", "Asia/Jerusalem", "--days", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn plan_without_opening_hours_rosters_the_night() {
    // Without --hours the centre is open all day, but the built-in shifts
    // started no earlier than 07:00: the plan failed with "interval 0
    // (1999-02-20 22:00:00 UTC) needs 1 agents but no shift of any
    // template can work in it". The bank takes calls at night (1999-02-21
    // 00:00-07:00 local is 1999-02-20 22:00 to 1999-02-21 05:00 UTC).
    let dir = temp_dir("audit");
    let roster = dir.join("night_roster.csv");
    let o = servops(&[
        "plan",
        BANK,
        "--tz",
        "Asia/Jerusalem",
        "--first-day",
        "1999-02-21",
        "--days",
        "1",
        "--time-limit",
        "1s",
        "--roster",
        roster.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&roster).unwrap();
    // The roster writes local times with Jerusalem's winter offset.
    let night = text
        .lines()
        .skip(1)
        .filter(|l| {
            let start = l.split(',').nth(2).unwrap();
            assert!(start.ends_with("+02:00"), "{l}");
            ("1999-02-21T00:00:00+02:00"..="1999-02-21T06:30:00+02:00").contains(&start)
        })
        .count();
    assert!(night > 0, "no shift starts before 07:00 local:\n{text}");
}

#[test]
fn malformed_rows_name_one_line_and_the_field() {
    // A short row on line 3 of a CR-only file: the message carried the csv
    // crate's own "(line: 1, byte: ...)" beside the true line 3.
    let f = file(
        "cr_short.csv",
        "interval_start,contacts,aht_s\r2026-03-02 08:00,10,250\r2026-03-02 08:30,10\r",
    );
    let o = servops(&["staff", &f]);
    // Its third field is missing.
    assert_clean_failure(&o, &format!("{f}:3:3:"));
    assert!(!stderr(&o).contains("line:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 fields"), "{}", stderr(&o));
    // Invalid UTF-8 in field 2 on line 3 (CRLF): named at its column.
    let f = file("crlf_utf8.csv", "");
    std::fs::write(
        &f,
        b"interval_start,contacts,aht_s\r\n2026-03-02 08:00,10,250\r\n2026-03-02 08:30,\xff,250\r\n",
    )
    .unwrap();
    let o = servops(&["staff", &f]);
    assert_clean_failure(&o, &format!("{f}:3:2: invalid UTF-8"));
    assert!(!stderr(&o).contains("line "), "{}", stderr(&o));
}

#[test]
fn a_configuration_setting_no_command_reads_is_refused() {
    // `withn` (a typo of `within`) was ignored and the command exited 0
    // with the default 20 s threshold. `format` is a flag of every
    // command, not a setting of a command's table.
    for (text, key) in [
        ("[erlang]\nwithn = \"30s\"\n", "withn"),
        ("[erlang]\nformat = \"json\"\n", "format"),
        // A misspelt table is never read either.
        ("[erlnag]\nwithin = \"30s\"\n", "erlnag"),
    ] {
        let f = file(&format!("unknown_{key}.toml"), text);
        let o = servops(&[
            "erlang",
            "--contacts",
            "120",
            "--aht",
            "240s",
            "--config",
            &f,
        ]);
        assert_clean_failure(&o, &format!("{f}: "));
        assert!(stderr(&o).contains(&format!("`{key}`")), "{}", stderr(&o));
    }
    // Settings that a flag overrides, and other commands' tables, are fine.
    let f = file(
        "overridden.toml",
        "[erlang]\nmodel = \"erlang-a\"\npatience = \"60s\"\nwithin = \"30s\"\n\
         [staff]\ntz = \"Europe/London\"\n",
    );
    let o = servops(&[
        "erlang",
        "--contacts",
        "120",
        "--aht",
        "240s",
        "--model",
        "erlang-c",
        "--config",
        &f,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn forecast_refuses_zero_backtest_weeks_and_a_first_day_before_the_history() {
    // --backtest-weeks 0 ran a one-week backtest and exited 0.
    let o = servops(&[
        "forecast",
        BANK,
        "--tz",
        "Asia/Jerusalem",
        "--backtest-weeks",
        "0",
    ]);
    assert_clean_failure(&o, "--backtest-weeks must be at least 1");
    // The history starts on 1999-01-13: "history length must be >= 1
    // interval, got 0" did not say which flag.
    for day in ["1999-01-01", "1999-01-13"] {
        let o = servops(&[
            "forecast",
            BANK,
            "--tz",
            "Asia/Jerusalem",
            "--first-day",
            day,
        ]);
        assert_clean_failure(&o, &format!("no days before --first-day {day}"));
    }
}

#[test]
fn a_closed_pipe_is_not_a_failure_in_any_format() {
    // `servops staff ... --format csv | head -1`: the table format took a
    // closed pipe as success, but CSV and JSON wrapped the broken pipe in
    // another error kind and exited 2 with "cannot write the output:
    // Broken pipe". 3,000 rows of output overflow the pipe's buffer, so the
    // command writes after the reader is gone.
    let mut text = String::from("interval_start,contacts,aht_s\n");
    let start = servops_date(2026, 3, 2).and_hms_opt(0, 0, 0).unwrap();
    for i in 0..3000 {
        let t = start + servops::core::chrono::Duration::minutes(30 * i);
        text.push_str(&format!("{},10,250\n", t.format("%Y-%m-%d %H:%M")));
    }
    let f = file("many_rows.csv", &text);
    for format in ["table", "csv", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_servops"))
            .args(["staff", &f, "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{format}");
    }
}

#[test]
fn forecast_and_plan_refuse_a_history_spanning_more_than_a_million_intervals() {
    // Two rows 900 years apart: the reader laid out 15.8 million half
    // hours (750 MB) before failing on the backtest (forecast) or the gap
    // (plan). 1999-01-13 to 2899-01-13 is 328,720 days counting both; the most is 20,833
    // days of half hours.
    let f = file(
        "far_history.csv",
        "start,offered,served,handle_s_sum\n1999-01-13 00:00,5,5,100\n\
         1999-01-13 00:30,5,5,100\n2899-01-13 00:00,5,5,100\n",
    );
    for cmd in ["forecast", "plan"] {
        let o = servops(&[cmd, &f, "--days", "1"]);
        assert_clean_failure(&o, &format!("{f}:4:1:"));
        assert!(
            stderr(&o).contains("328720 days") && stderr(&o).contains("at most 1000000 intervals"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn schedule_names_the_template_file_of_a_template_error() {
    // Errors about the templates as a set named no file.
    let req = file(
        "req_for_templates.csv",
        "interval_start,required\n2026-03-02 08:00,4\n2026-03-02 08:30,4\n",
    );
    for (name, text, needle) in [
        (
            "twice.toml",
            "[[template]]\nname = \"x\"\nspan = \"8h\"\n[[template]]\nname = \"x\"\nspan = \"4h\"\n",
            "template name x is used twice",
        ),
        (
            "seven.toml",
            "[[template]]\nname = \"x\"\nspan = \"8h\"\nstart_step = \"7min\"\n",
            "start step of template x is 7 min, not a whole number of 30 min intervals",
        ),
        ("none.toml", "template = []\n", "no shift templates given"),
    ] {
        let t = file(name, text);
        let o = servops(&["schedule", &req, "--templates", &t]);
        assert_clean_failure(&o, &format!("{t}: {needle}"));
    }
}

#[test]
fn forecast_and_kpi_name_the_true_line_in_carriage_return_files() {
    // The libraries' readers take their lines from servops-core's
    // LineTracker, which counted only line feeds: both said line 1.
    let f = file(
        "cr_history.csv",
        "start,offered\r1999-01-13 00:00,5\r1999-01-13 00:30,x\r",
    );
    assert_clean_failure(&servops(&["forecast", &f]), &format!("{f}:3:"));
    let f = file(
        "cr_contacts.csv",
        "id,arrival,outcome,wait_s,talk_s,acw_s\r\
         1,2026-03-02T09:00:05Z,answered,8,240,30\r\
         2,2026-03-02T09:03:10Z,answered,-5,180,20\r",
    );
    assert_clean_failure(&servops(&["kpi", &f]), &format!("{f}:3:wait_s:"));
}

/// A semicolon- or tab-separated file (as a spreadsheet set to a European
/// locale saves "CSV") and an empty file are refused at line 1 saying so,
/// by every command that reads a CSV. Before: `semi.csv:1:interval_start:
/// no column named `interval_start` in the header` (kpi: `the header has
/// no "arrival" column`), naming a column the header plainly has, and the
/// same for an empty file, which has no header at all.
#[test]
fn a_file_separated_by_semicolons_or_empty_says_so() {
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "staff",
            "interval_start{s}contacts{s}aht_s\n2026-03-02 08:00{s}10{s}250\n2026-03-02 08:30{s}10{s}250\n",
            &[],
        ),
        (
            "schedule",
            "interval_start{s}required\n2026-03-02 08:00{s}1\n2026-03-02 08:30{s}1\n",
            &[],
        ),
        (
            "forecast",
            "start{s}offered\n1999-01-01 00:00{s}2\n",
            &["--days", "1"],
        ),
        (
            "plan",
            "start{s}offered{s}served{s}handle_s_sum\n1999-01-01 00:00{s}2{s}2{s}300\n",
            &["--days", "1"],
        ),
        (
            "kpi",
            "id{s}arrival{s}outcome{s}wait_s{s}talk_s{s}acw_s\n1{s}2026-03-02T09:00:05Z{s}answered{s}8{s}240{s}30\n",
            &[],
        ),
    ];
    for (command, text, extra) in cases {
        for (name, sep, shown) in [("semi", ";", "`;`"), ("tab", "\t", "tabs")] {
            let f = file(&format!("{command}_{name}.csv"), &text.replace("{s}", sep));
            let o = servops(&[&[command, f.as_str()], extra].concat());
            assert_clean_failure(&o, &format!("{f}:1: the header "));
            assert_clean_failure(&o, "is one column: fields must be separated by commas");
            assert_clean_failure(&o, &format!("this file separates them with {shown}"));
        }
        let f = file(&format!("{command}_empty.csv"), "");
        let o = servops(&[&[command, f.as_str()], extra].concat());
        assert_clean_failure(
            &o,
            &format!(
                "{f}:1: the file is empty: its first line must be a header naming the columns"
            ),
        );
    }
}

/// The first `rows` lines (header included) of the shipped history.
fn bank_head(rows: usize) -> String {
    let text = std::fs::read_to_string(BANK).unwrap();
    text.lines().take(rows).collect::<Vec<_>>().join("\n") + "\n"
}

/// A history too short for the backtest says how many complete days it
/// has, that the backtest forecasts each of its last weeks from only the
/// days before it, and what to change. The first 1,000 lines of the
/// shipped history are 999 half hours from 1999-01-13 00:00 (Wednesday):
/// 20 whole days to 1999-02-01 and 39 half hours of 1999-02-02, so 20
/// complete days. Before: `seasonal naive needs at least 1 complete days
/// of type Tue in the history, found 0` (forecast) and `backtest needs at
/// least 14 complete days of type any in the history, found 6` (plan),
/// counts that are not the history's, with nothing to do about them.
/// `--backtest-weeks 1` then forecasts.
#[test]
fn a_history_too_short_for_the_backtest_says_what_to_change() {
    let f = file("bank_head_1000.csv", &bank_head(1000));
    let o = servops(&["forecast", &f, "--tz", "Asia/Jerusalem", "--days", "1"]);
    assert_clean_failure(&o, "the history has 20 complete days");
    assert_clean_failure(
        &o,
        "the backtest forecasts each of its last 2 weeks from only the days before it",
    );
    assert_clean_failure(&o, "give a longer history or fewer --backtest-weeks");
    let o = servops(&[
        "forecast",
        &f,
        "--tz",
        "Asia/Jerusalem",
        "--days",
        "1",
        "--backtest-weeks",
        "1",
        "--method",
        "naive",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = servops(&["plan", &f, "--tz", "Asia/Jerusalem", "--days", "1"]);
    assert_clean_failure(&o, "the history has 20 complete days");
    assert_clean_failure(
        &o,
        "the backtest forecasts each of its last 2 weeks from only the days before it",
    );
    assert_clean_failure(&o, "give a longer history");
}

/// `kpi` on records with local times and no `--time-format` says to give
/// one. Before: `kt.csv:2:arrival: "2026-03-02 09:00:05" is not an RFC 3339
/// instant (premature end of input)`, nothing about the flag.
#[test]
fn kpi_local_times_without_a_time_format_name_the_flag() {
    let f = file(
        "kpi_local.csv",
        "id,arrival,outcome,wait_s,talk_s,acw_s\n1,2026-03-02 09:00:05,answered,8,240,30\n",
    );
    let o = servops(&["kpi", &f, "--tz", "Asia/Kathmandu"]);
    assert_clean_failure(&o, &format!("{f}:2:arrival: "));
    assert_clean_failure(&o, "is not an RFC 3339 instant");
    assert_clean_failure(
        &o,
        "for local times give --time-format, e.g. '%Y-%m-%d %H:%M:%S'",
    );
    // With the flag the record is read: 09:00:05 in Kathmandu (+05:45).
    let o = servops(&[
        "kpi",
        &f,
        "--tz",
        "Asia/Kathmandu",
        "--time-format",
        "%Y-%m-%d %H:%M:%S",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("\ninterval,2026-03-02T09:00:00+05:45,1,1,0,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_one_row_file_needs_its_interval_length() {
    // One row gives no step to infer, and `staff` quietly took 30 minutes
    // while its help says "inferred from the first two rows": 10 contacts
    // of a 15-minute interval were staffed as a 30-minute one (half the load).
    let f = file(
        "one_row.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n",
    );
    let o = servops(&["staff", &f]);
    assert_clean_failure(&o, &format!("{f}:2:1:"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--interval"));
    let o = servops(&["staff", &f, "--interval", "15m", "--format", "csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
