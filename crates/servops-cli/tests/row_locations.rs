//! Every error about a row of an input file names the file, the line and
//! the column the row's fault is in: special-day files, histories read by
//! the forecast library, configuration and template files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// The shipped history: Anonymous Bank, 1999-01-13 to 1999-02-27, half
/// hours, Israeli local time.
const BANK: &str = "../../data/anonymous_bank_jan_feb_1999_30min.csv";

/// A special-day multiplier of 1e10 (on a forecast day, and on a history
/// day inside the backtest) is refused at its row: the file, line 3 and
/// column 3 (the multiplier). Before, the forecast day's gave `mean must be
/// at most 1e10, got 22664920574.71` naming no file, and the history day's
/// gave a backtest WAPE of 1.4e10 % without complaint.
#[test]
fn a_huge_special_day_multiplier_names_its_row() {
    for (name, date) in [
        ("sd_future.csv", "1999-02-28"),
        ("sd_past.csv", "1999-02-20"),
    ] {
        let sd = file(
            name,
            &format!("date,type,multiplier\n1999-02-10,holiday,\n{date},holiday,1e10\n"),
        );
        for command in ["forecast", "plan"] {
            let o = servops(&[
                command,
                BANK,
                "--tz",
                "Asia/Jerusalem",
                "--first-day",
                "1999-02-28",
                "--days",
                "1",
                "--special-days",
                &sd,
            ]);
            assert_clean_failure(&o, &format!("{sd}:3:3: "));
            assert_clean_failure(&o, "multiplier");
        }
    }
    // A multiplier of 1e-10 on a history day divided that day's volume by
    // it in the level x shape and SVD methods (interval WAPE 8e297 %).
    let sd = file(
        "sd_tiny.csv",
        "date,type,multiplier\n1999-02-20,holiday,1e-10\n",
    );
    let o = servops(&[
        "forecast",
        BANK,
        "--tz",
        "Asia/Jerusalem",
        "--days",
        "1",
        "--special-days",
        &sd,
    ]);
    assert_clean_failure(&o, &format!("{sd}:2:3: "));
}

/// Multipliers inside the range still work: 2 on the forecast day doubles
/// the forecast without the multiplier, interval by interval.
#[test]
fn a_special_day_multiplier_in_range_scales_the_day() {
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "forecast",
            BANK,
            "--tz",
            "Asia/Jerusalem",
            "--first-day",
            "1999-02-28",
            "--days",
            "1",
            "--method",
            "index",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let o = servops(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let plain = run(&[]);
    let sd = file("sd_double.csv", "date,type,multiplier\n1999-02-28,sun,2\n");
    let doubled = run(&["--special-days", &sd]);
    let a = plain["forecast"].as_array().unwrap();
    let b = doubled["forecast"].as_array().unwrap();
    assert_eq!(a.len(), 48);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (
            x["forecast"].as_f64().unwrap(),
            y["forecast"].as_f64().unwrap(),
        );
        assert!((y - 2.0 * x).abs() <= 1e-9 * x.abs().max(1.0), "{x} {y}");
    }
}

/// Errors the forecast library finds in a history row name the column of
/// the field at fault, counted by hand from the header (before: column 1
/// every time).
#[test]
fn history_errors_name_the_column_at_fault() {
    let head = "start,weekday,offered,served,handle_s_sum\n";
    for (name, body, extra, needle) in [
        (
            "h_volume.csv",
            "2026-03-02 08:00,Mon,5,1,100\n2026-03-02 08:30,Mon,lots,1,100\n",
            &[][..],
            ":3:3: ",
        ),
        (
            "h_negative.csv",
            "2026-03-02 08:00,Mon,5,1,100\n2026-03-02 08:30,Mon,-2,1,100\n",
            &[][..],
            ":3:3: ",
        ),
        (
            "h_handle.csv",
            "2026-03-02 08:00,Mon,5,1,100\n2026-03-02 08:30,Mon,5,1,NaN\n",
            &["--aht"][..],
            ":3:5: ",
        ),
        (
            "h_handled.csv",
            "2026-03-02 08:00,Mon,5,x,100\n",
            &["--aht"][..],
            ":2:4: ",
        ),
        (
            "h_time.csv",
            "2026-03-02 08:00,Mon,5,1,100\nyesterday,Mon,5,1,100\n",
            &[][..],
            ":3:1: ",
        ),
        (
            "h_offgrid.csv",
            "2026-03-02 08:00,Mon,5,1,100\n2026-03-02 08:10,Mon,5,1,100\n",
            &[][..],
            ":3:1: ",
        ),
    ] {
        let f = file(name, &format!("{head}{body}"));
        let mut args = vec!["forecast", &f];
        args.extend_from_slice(extra);
        assert_clean_failure(&servops(&args), &format!("{f}{needle}"));
        if extra.is_empty() {
            // plan reads the handle-time columns always.
            assert_clean_failure(&servops(&["plan", &f]), &format!("{f}{needle}"));
        }
    }
    // The time column moved to the third place.
    let f = file(
        "h_time_third.csv",
        "offered,weekday,start\n5,Mon,2026-03-02 08:00\n5,Mon,2026-03-02 08:10\n",
    );
    assert_clean_failure(&servops(&["forecast", &f]), &format!("{f}:3:3: "));
}

/// Duplicate and out-of-order timestamps, a header without data rows and a
/// short row name the history file and the line (before: `duplicate
/// timestamp ... on csv lines 2 and 3`, `csv line 3: ...` and `data rows
/// must be >= 1, got 0` without the file; the short row's message quoted
/// the csv crate's line 2 for the row on line 4 of a CRLF file).
#[test]
fn history_row_order_errors_name_the_file() {
    let head = "start,offered,served,handle_s_sum\n";
    for (name, body, needle) in [
        (
            "o_dup.csv",
            "2026-03-02 08:00,5,1,100\n2026-03-02 08:00,7,1,100\n",
            ":3:1: ",
        ),
        (
            "o_unsorted.csv",
            "2026-03-02 08:00,5,1,100\n2026-03-02 07:30,7,1,100\n",
            ":3:1: ",
        ),
        ("o_empty.csv", "", ":2: "),
    ] {
        let f = file(name, &format!("{head}{body}"));
        for command in ["forecast", "plan"] {
            assert_clean_failure(&servops(&[command, &f]), &format!("{f}{needle}"));
        }
    }
    let f = file(
        "o_short_crlf.csv",
        "start,offered,served,handle_s_sum\r\n2026-03-02 08:00,5,1,100\r\n\r\n2026-03-02 08:30,5,1\r\n",
    );
    for command in ["forecast", "plan"] {
        let o = servops(&[command, &f]);
        assert_clean_failure(&o, &format!("{f}:4:"));
        assert!(!stderr(&o).contains("line: 2"), "{}", stderr(&o));
    }
    // A history without a column the command needs names the column.
    let f = file("o_nocol.csv", "start,offered\n2026-03-02 08:00,5\n");
    assert_clean_failure(&servops(&["plan", &f]), &format!("{f}:1:served: "));
}

/// A multiplier in range that still raises a forecast interval past the
/// 1e10 contacts the band takes names its row: 21 days of 1e8 contacts a
/// half hour forecast 1e8 (every method gives a flat history back), times
/// 1000 is 1e11.
#[test]
fn a_multiplier_that_overflows_the_forecast_names_its_row() {
    let mut text = String::from("start,offered\n");
    let mut day = servops::core::chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
    for _ in 0..21 {
        for half in 0..48 {
            text.push_str(&format!(
                "{day} {:02}:{:02},1e8\n",
                half / 2,
                30 * (half % 2)
            ));
        }
        day = day.succ_opt().unwrap();
    }
    let h = file("flat_1e8.csv", &text);
    let sd = file("sd_1000.csv", "date,type,multiplier\n2026-02-23,mon,1000\n");
    let o = servops(&[
        "forecast",
        &h,
        "--days",
        "1",
        "--method",
        "naive",
        "--special-days",
        &sd,
    ]);
    assert_clean_failure(
        &o,
        &format!("{sd}:2:3: multiplier 1000 makes the forecast of 2026-02-23 00:00"),
    );
}

/// A setting of the configuration file that is refused names its line
/// (before: the file alone, and a bad `model` not even the file:
/// `invalid variant: erlang-x`).
#[test]
fn configuration_value_errors_name_the_line() {
    let f = file("cfg_sl.toml", "[erlang]\naht = \"240s\"\n\nsl = \"120%\"\n");
    let o = servops(&["erlang", "--contacts", "10", "--config", &f]);
    assert_clean_failure(&o, &format!("{f}:4:"));
    assert_clean_failure(&o, "sl");
    let f = file("cfg_model.toml", "[staff]\nmodel = \"erlang-x\"\n");
    let o = servops(&["staff", "tests/data/day_30min.csv", "--config", &f]);
    assert_clean_failure(&o, &format!("{f}:2:"));
    let f = file(
        "cfg_conv.toml",
        "[erlang]\naht = 240\nconvention = \"never\"\n",
    );
    let o = servops(&["erlang", "--contacts", "10", "--config", &f]);
    assert_clean_failure(&o, &format!("{f}:3:"));
    // A number where a string belongs, on line 2 of an inline table.
    let f = file("cfg_tz.toml", "[forecast]\ntz = 3\n");
    let o = servops(&["forecast", "tests/data/day_30min.csv", "--config", &f]);
    assert_clean_failure(&o, &format!("{f}:2:"));
}

/// A template field that is refused names its line (before: the file
/// alone).
#[test]
fn template_value_errors_name_the_line() {
    let req = file(
        "t_req.csv",
        "interval_start,required\n2026-03-02 08:00,4\n2026-03-02 08:30,4\n",
    );
    for (name, text, line) in [
        (
            "t_start.toml",
            "[[template]]\nname = \"8h\"\nspan = \"8h\"\nstart = [\"7am\", \"15:30\"]\n",
            4,
        ),
        (
            "t_span.toml",
            "[[template]]\nname = \"8h\"\n\nspan = \"8 parsecs\"\n",
            4,
        ),
        (
            "t_days.toml",
            "[[template]]\nname = \"8h\"\nspan = \"8h\"\ndays = [\"mon\", \"funday\"]\n",
            4,
        ),
        (
            "t_rate.toml",
            "[[template]]\nname = \"8h\"\nspan = \"8h\"\nhourly_rate = \"lots\"\n",
            4,
        ),
        (
            "t_break.toml",
            "[[template]]\nname = \"8h\"\nspan = \"8h\"\nbreaks = [\n  { length = \"15min\", paid = true, window = [\"90min\", \"150min\"] },\n  { length = \"15 parsecs\", paid = true, window = [\"90min\", \"150min\"] },\n]\n",
            6,
        ),
        (
            "t_second.toml",
            "[[template]]\nname = \"8h\"\nspan = \"8h\"\n\n[[template]]\nname = \"4h\"\nspan = \"4 parsecs\"\n",
            7,
        ),
    ] {
        let t = file(name, text);
        let o = servops(&["schedule", &req, "--templates", &t]);
        assert_clean_failure(&o, &format!("{t}:{line}:"));
    }
}

/// The interval-start column need not come first: a row out of step names
/// that column (before: column 1 whatever the header said).
#[test]
fn an_out_of_step_row_names_the_time_column() {
    let f = file(
        "third_col.csv",
        "contacts,aht_s,interval_start\n10,250,2026-03-02 08:00\n10,250,2026-03-02 08:30\n10,250,2026-03-02 09:30\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:4:3: "));
    let f = file(
        "third_req.csv",
        "x,required,interval_start\n1,4,2026-03-02 08:00\n1,4,2026-03-02 08:30\n1,4,2026-03-02 08:30\n",
    );
    assert_clean_failure(&servops(&["schedule", &f]), &format!("{f}:4:3: "));
}

/// A load too big for the models is the product of two columns: the error
/// names the row's line and no single column (before: column 1, the
/// interval start).
#[test]
fn a_load_error_names_the_line_without_a_wrong_column() {
    let f = file(
        "big_load.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:30,1e12,250\n",
    );
    let o = servops(&["staff", &f]);
    assert_clean_failure(&o, &format!("{f}:3: "));
}

/// A time zone or opening hours from the configuration file that are
/// refused name the file and line (before: `unknown time zone` and
/// `--hours: ...`, as if a flag had been given, naming no file).
#[test]
fn configuration_zone_and_hours_errors_name_the_line() {
    let f = file("cfg_zone.toml", "[staff]\n\ntz = \"Mars/Olympus\"\n");
    let o = servops(&["staff", "tests/data/day_30min.csv", "--config", &f]);
    assert_clean_failure(&o, &format!("{f}:3:"));
    let f = file(
        "cfg_hours.toml",
        "[forecast]\nhours = \"mon-fri=08:00-25:00\"\n",
    );
    let o = servops(&["forecast", "tests/data/day_30min.csv", "--config", &f]);
    assert_clean_failure(&o, &format!("{f}:2:"));
    assert!(!stderr(&o).contains("--hours"), "{}", stderr(&o));
}

/// A row with a field missing names the missing field's column; one with
/// a field too many, the first extra one (before: column 1 for both).
#[test]
fn a_row_of_the_wrong_length_names_the_field() {
    let f = file(
        "short_row.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,10,250\n2026-03-02 08:30,10\n",
    );
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:3:3: "));
    let f = file(
        "long_row.csv",
        "interval_start,required\n2026-03-02 08:00,4\n2026-03-02 08:30,4,9\n",
    );
    assert_clean_failure(&servops(&["schedule", &f]), &format!("{f}:3:3: "));
    // Header-only files name the line after the header and no column.
    let f = file("only_header.csv", "interval_start,contacts,aht_s\n");
    assert_clean_failure(&servops(&["staff", &f]), &format!("{f}:2: "));
    let f = file(
        "only_header_kpi.csv",
        "id,arrival,outcome,wait_s,talk_s,acw_s\n",
    );
    assert_clean_failure(&servops(&["kpi", &f]), &format!("{f}:2: "));
}

/// Half-hour requirement rows on the UTC hour in Asia/Kathmandu (UTC+5:45)
/// start at :15 and :45 local time, where no built-in template starts: the
/// error names the requirement row of the first interval that needs agents
/// (line 3: the first data row needs none).
#[test]
fn a_grid_off_every_template_start_names_the_first_row_that_needs_agents() {
    let mut text = String::from("interval_start,required\n2026-03-02T02:00:00Z,0\n");
    for i in 1..16 {
        text.push_str(&format!(
            "2026-03-02T{:02}:{:02}:00Z,2\n",
            2 + i / 2,
            30 * (i % 2)
        ));
    }
    let f = file("kathmandu.csv", &text);
    let o = servops(&["schedule", &f, "--tz", "Asia/Kathmandu"]);
    assert_clean_failure(&o, &format!("{f}:3:"));
    assert!(
        stderr(&o).contains("no template start fits"),
        "{}",
        stderr(&o)
    );
}
