//! Interval labels on the days the clocks change (Europe/London, 2026):
//! on 2026-10-25 the hour from 01:00 to 02:00 happens twice (BST, UTC+1,
//! then GMT, UTC+0) and on 2026-03-29 the hour from 01:00 to 02:00 does not
//! happen. CSV and JSON write every interval start in RFC 3339 with the
//! local offset; the aligned table writes local wall time and, on a day
//! whose offset changes, the offset after it. Every expected label here is
//! written out from those two rules by hand, not taken from the program.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use servops::core::chrono::{DateTime, TimeDelta, Utc};
use servops::core::chrono_tz::Europe::London;

/// A half-hour London history in local wall time: `intervals` rows from
/// the instant `from` (RFC 3339), the fold's hour written twice in time
/// order; the value is 10 + (UTC hour mod 5), so the two rows of a
/// repeated wall time differ.
fn london_history(from: &str, intervals: i64) -> String {
    let mut text = String::from("start,offered\n");
    let start: DateTime<Utc> = from.parse().unwrap();
    for i in 0..intervals {
        let t = start + TimeDelta::minutes(30 * i);
        let local = t.with_timezone(&London);
        let utc_hour = (start.timestamp() / 3600 + i / 2) % 24;
        text.push_str(&format!(
            "{},{}\n",
            local.format("%Y-%m-%d %H:%M"),
            10 + utc_hour % 5
        ));
    }
    text
}

/// The half-hour starts of a day as (hour, minute, offset), written down
/// from the clock change: `before` half hours at `off_before` from 00:00,
/// then from `resume_half` (the half hour of the day the clocks show next)
/// to 23:30 at `off_after`.
fn day_by_hand(
    before: u32,
    off_before: &'static str,
    resume_half: u32,
    off_after: &'static str,
) -> Vec<(u32, u32, &'static str)> {
    let mut v: Vec<(u32, u32, &'static str)> = (0..before)
        .map(|h| (h / 2, 30 * (h % 2), off_before))
        .collect();
    v.extend((resume_half..48).map(|h| (h / 2, 30 * (h % 2), off_after)));
    v
}

/// 2026-10-25 in London: 00:00, 00:30, 01:00, 01:30 BST (+01:00), then
/// 01:00 to 23:30 GMT (+00:00): 4 + 46 = 50 half hours.
fn autumn_day() -> Vec<(u32, u32, &'static str)> {
    let v = day_by_hand(4, "+01:00", 2, "+00:00");
    assert_eq!(v.len(), 50);
    v
}

/// 2026-03-29 in London: 00:00 and 00:30 GMT (+00:00), then 02:00 to
/// 23:30 BST (+01:00): 2 + 44 = 46 half hours.
fn spring_day() -> Vec<(u32, u32, &'static str)> {
    let v = day_by_hand(2, "+00:00", 4, "+01:00");
    assert_eq!(v.len(), 46);
    v
}

/// A whole day without a clock change.
fn plain_day(offset: &'static str) -> Vec<(u32, u32, &'static str)> {
    day_by_hand(48, offset, 48, offset)
}

/// RFC 3339 labels of `date`'s half hours.
fn rfc3339(date: &str, day: &[(u32, u32, &str)]) -> Vec<String> {
    day.iter()
        .map(|(h, m, off)| format!("{date}T{h:02}:{m:02}:00{off}"))
        .collect()
}

/// Table labels of `date`'s half hours: the offset only on a change day.
fn wall(date: &str, day: &[(u32, u32, &str)], change: bool) -> Vec<String> {
    day.iter()
        .map(|(h, m, off)| {
            if change {
                format!("{date} {h:02}:{m:02} {off}")
            } else {
                format!("{date} {h:02}:{m:02}")
            }
        })
        .collect()
}

/// The rows of the CSV section `name` (after its `# name` line, up to the
/// blank line), or of the whole text when it has no sections.
fn csv_section(text: &str, name: &str) -> Vec<Vec<String>> {
    let marker = format!("# {name}");
    let body: Vec<&str> = match text.lines().position(|l| l == marker) {
        Some(at) => text
            .lines()
            .skip(at + 1)
            .take_while(|l| !l.is_empty())
            .collect(),
        None => text.lines().collect(),
    };
    let joined = body.join("\n");
    let mut reader = csv::Reader::from_reader(joined.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The first column of each row of the aligned table under `== name` (the
/// whole text when it has no sections); columns are two spaces or more
/// apart and a label holds single spaces only.
fn table_section(text: &str, name: &str) -> Vec<String> {
    let marker = format!("== {name}");
    let body: Vec<&str> = match text.lines().position(|l| l == marker) {
        Some(at) => text
            .lines()
            .skip(at + 1)
            .take_while(|l| !l.is_empty())
            .collect(),
        None => text.lines().collect(),
    };
    body.iter()
        .skip(1)
        .map(|l| l.trim_start().split("  ").next().unwrap().to_string())
        .collect()
}

fn run_ok(args: &[&str]) -> String {
    let o = servops(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// `forecast` of the three days around the autumn change: the two 01:00
/// rows are `2026-10-25T01:00:00+01:00` and `...+00:00` in CSV and JSON,
/// `2026-10-25 01:00 +01:00` and `... +00:00` in the table, where every
/// label of the 25th carries its offset and the 24th and 26th do not.
/// Before: both rows read `2026-10-25 01:00` in every format.
#[test]
fn forecast_labels_the_repeated_hour_apart() {
    let dir = temp_dir("autumn-forecast");
    // 2026-09-01 00:00 BST to 2026-10-23 23:30 BST: 53 days.
    let h = write(
        &dir,
        "h.csv",
        &london_history("2026-08-31T23:00:00Z", 53 * 48),
    );
    let args = |format: &'static str| {
        vec![
            "forecast",
            "--tz",
            "Europe/London",
            "--days",
            "3",
            "--method",
            "naive",
            "--format",
            format,
        ]
    };
    let mut want = rfc3339("2026-10-24", &plain_day("+01:00"));
    want.extend(rfc3339("2026-10-25", &autumn_day()));
    want.extend(rfc3339("2026-10-26", &plain_day("+00:00")));
    assert_eq!(want.len(), 48 + 50 + 48);

    let mut a = args("csv");
    a.insert(1, &h);
    let rows = csv_section(&run_ok(&a), "forecast");
    let got: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, want);
    assert_eq!(got[48 + 2], "2026-10-25T01:00:00+01:00");
    assert_eq!(got[48 + 4], "2026-10-25T01:00:00+00:00");
    let distinct: std::collections::HashSet<&str> = got.iter().copied().collect();
    assert_eq!(distinct.len(), got.len());

    let mut a = args("json");
    a.insert(1, &h);
    let v: serde_json::Value = serde_json::from_str(&run_ok(&a)).unwrap();
    let got: Vec<&str> = v["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["interval_start"].as_str().unwrap())
        .collect();
    assert_eq!(got, want);

    let mut a = args("table");
    a.insert(1, &h);
    let got = table_section(&run_ok(&a), "forecast");
    let mut want = wall("2026-10-24", &plain_day("+01:00"), false);
    want.extend(wall("2026-10-25", &autumn_day(), true));
    want.extend(wall("2026-10-26", &plain_day("+00:00"), false));
    assert_eq!(got, want);
    assert_eq!(got[48 + 2], "2026-10-25 01:00 +01:00");
    assert_eq!(got[48 + 4], "2026-10-25 01:00 +00:00");
    assert_eq!(got[47], "2026-10-24 23:30");
    assert_eq!(got[48 + 50], "2026-10-26 00:00");
    std::fs::remove_dir_all(&dir).ok();
}

/// `forecast` over the spring change: 46 rows on 2026-03-29, none at
/// 01:00 or 01:30, 00:30 (+00:00) followed by 02:00 (+01:00).
#[test]
fn forecast_labels_the_spring_day_with_its_offsets() {
    let dir = temp_dir("spring-forecast");
    // 2026-02-01 to 2026-03-27 GMT: 55 days.
    let h = write(
        &dir,
        "h.csv",
        &london_history("2026-02-01T00:00:00Z", 55 * 48),
    );
    let base = [
        "forecast",
        h.as_str(),
        "--tz",
        "Europe/London",
        "--days",
        "3",
        "--method",
        "naive",
        "--format",
    ];
    let mut want = rfc3339("2026-03-28", &plain_day("+00:00"));
    want.extend(rfc3339("2026-03-29", &spring_day()));
    want.extend(rfc3339("2026-03-30", &plain_day("+01:00")));
    assert_eq!(want.len(), 48 + 46 + 48);

    let rows = csv_section(&run_ok(&[&base[..], &["csv"]].concat()), "forecast");
    let got: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, want);
    assert_eq!(got[48 + 1], "2026-03-29T00:30:00+00:00");
    assert_eq!(got[48 + 2], "2026-03-29T02:00:00+01:00");

    let v: serde_json::Value =
        serde_json::from_str(&run_ok(&[&base[..], &["json"]].concat())).unwrap();
    let got: Vec<&str> = v["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["interval_start"].as_str().unwrap())
        .collect();
    assert_eq!(got, want);

    let got = table_section(&run_ok(&[&base[..], &["table"]].concat()), "forecast");
    let mut want = wall("2026-03-28", &plain_day("+00:00"), false);
    want.extend(wall("2026-03-29", &spring_day(), true));
    want.extend(wall("2026-03-30", &plain_day("+01:00"), false));
    assert_eq!(got, want);
    assert_eq!(got[48 + 1], "2026-03-29 00:30 +00:00");
    assert_eq!(got[48 + 2], "2026-03-29 02:00 +01:00");
    std::fs::remove_dir_all(&dir).ok();
}

/// `kpi` per interval: one contact in each 01:00 half hour of the fold
/// (00:10 and 01:10 UTC, both 01:10 on the clock) and one on the day
/// before (12:00 UTC, 13:00 BST) give three rows with distinct labels.
#[test]
fn kpi_labels_the_repeated_hour_apart() {
    let dir = temp_dir("autumn-kpi");
    let f = write(
        &dir,
        "calls.csv",
        "id,arrival,outcome,wait_s,talk_s,acw_s\n\
         1,2026-10-24T12:00:00Z,answered,5,100,10\n\
         2,2026-10-25T00:10:00Z,answered,5,100,10\n\
         3,2026-10-25T01:10:00Z,answered,5,100,10\n",
    );
    let base = ["kpi", f.as_str(), "--tz", "Europe/London", "--format"];
    // The total row's time is empty in CSV and null in JSON, its kind in
    // the `row` column (before: `total` in the time column).
    let want = [
        "2026-10-24T13:00:00+01:00",
        "2026-10-25T01:00:00+01:00",
        "2026-10-25T01:00:00+00:00",
        "",
    ];
    let rows = csv_section(&run_ok(&[&base[..], &["csv"]].concat()), "");
    let got: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(got, want);
    let kinds: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(kinds, ["interval", "interval", "interval", "total"]);
    let v: serde_json::Value =
        serde_json::from_str(&run_ok(&[&base[..], &["json"]].concat())).unwrap();
    let got: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["interval_start"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(got, want);
    assert!(v[3]["interval_start"].is_null());
    let got = table_section(&run_ok(&[&base[..], &["table"]].concat()), "");
    assert_eq!(
        got,
        [
            "2026-10-24 13:00",
            "2026-10-25 01:00 +01:00",
            "2026-10-25 01:00 +00:00",
            "total"
        ]
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `staff` of the fold day written in local time (the 01:00 and 01:30
/// rows twice): the output labels the rows by instant, not as written.
#[test]
fn staff_labels_the_repeated_hour_apart() {
    let dir = temp_dir("autumn-staff");
    let mut text = String::from("interval_start,contacts,aht_s\n");
    for (h, m, _) in autumn_day() {
        text.push_str(&format!("2026-10-25 {h:02}:{m:02},20,180\n"));
    }
    let f = write(&dir, "volumes.csv", &text);
    let base = ["staff", f.as_str(), "--tz", "Europe/London", "--format"];
    let want = rfc3339("2026-10-25", &autumn_day());
    let rows = csv_section(&run_ok(&[&base[..], &["csv"]].concat()), "");
    let got: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, want);
    let v: serde_json::Value =
        serde_json::from_str(&run_ok(&[&base[..], &["json"]].concat())).unwrap();
    let got: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["interval_start"].as_str().unwrap())
        .collect();
    assert_eq!(got, want);
    let got = table_section(&run_ok(&[&base[..], &["table"]].concat()), "");
    assert_eq!(got, wall("2026-10-25", &autumn_day(), true));
    assert_eq!(got[2], "2026-10-25 01:00 +01:00");
    assert_eq!(got[4], "2026-10-25 01:00 +00:00");
    std::fs::remove_dir_all(&dir).ok();
}

/// A row missing after the fold's first 01:30 names the interval expected
/// with its offset: the second 01:30 (GMT), not a bare `01:30`.
#[test]
fn staff_names_the_missing_interval_of_the_fold_with_its_offset() {
    let dir = temp_dir("autumn-staff-gap");
    let f = write(
        &dir,
        "volumes.csv",
        "interval_start,contacts,aht_s\n\
         2026-10-25 00:30,20,180\n2026-10-25 01:00,20,180\n2026-10-25 01:30,20,180\n\
         2026-10-25 01:00,20,180\n2026-10-25 02:00,20,180\n",
    );
    let o = servops(&["staff", &f, "--tz", "Europe/London"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{f}:6:1: interval `2026-10-25 02:00` is out of step: expected the interval starting 2026-10-25 01:30 +00:00 "
        )),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `schedule` of the fold day: coverage rows and shift starts and ends in
/// RFC 3339 with their offsets; the coverage table labels the day's rows
/// with their offsets.
#[test]
fn schedule_labels_the_repeated_hour_apart() {
    let dir = temp_dir("autumn-schedule");
    let mut text = String::from("interval_start,required\n");
    for (h, m, _) in autumn_day() {
        text.push_str(&format!("2026-10-25 {h:02}:{m:02},1\n"));
    }
    let f = write(&dir, "req.csv", &text);
    let base = [
        "schedule",
        f.as_str(),
        "--tz",
        "Europe/London",
        "--time-limit",
        "2s",
        "--format",
    ];
    let want = rfc3339("2026-10-25", &autumn_day());
    let out = run_ok(&[&base[..], &["csv"]].concat());
    let rows = csv_section(&out, "coverage");
    let got: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, want);
    // Shift starts and ends: RFC 3339 with the offset in force then.
    for r in csv_section(&out, "roster") {
        for t in [&r[2], &r[3]] {
            let at = DateTime::parse_from_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}"));
            let local = at.with_timezone(&London);
            assert_eq!(at.offset().local_minus_utc(), {
                use servops::core::chrono::Offset;
                local.offset().fix().local_minus_utc()
            });
        }
    }
    let got = table_section(&run_ok(&[&base[..], &["table"]].concat()), "coverage");
    assert_eq!(got, wall("2026-10-25", &autumn_day(), true));
    std::fs::remove_dir_all(&dir).ok();
}

/// The `--roster` file of `schedule` on the fold day writes its times as
/// the other CSV output does, RFC 3339 with the local offset. One agent is
/// needed in the BST hour 01:00-02:00 (+01:00, 00:00-01:00 UTC) and two in
/// the GMT hour 01:00-02:00 (+00:00, 01:00-02:00 UTC), none otherwise; the
/// only template is a one-hour shift without breaks on the half hour, so
/// the one cheapest cover, worked by hand, is one shift from 01:00+01:00 to
/// 01:00+00:00 and two from 01:00+00:00 to 02:00+00:00. Before: the file
/// wrote `2026-10-25T00:00:00Z` for the first start. The cost has two
/// decimals as every cost of the command (before: `30`).
#[test]
fn schedule_roster_file_writes_the_two_one_oclock_hours_with_their_offsets() {
    let dir = temp_dir("autumn-roster");
    let mut text = String::from("interval_start,required\n");
    for (h, m, off) in autumn_day() {
        let need = match (h, off) {
            (1, "+01:00") => 1,
            (1, "+00:00") => 2,
            _ => 0,
        };
        text.push_str(&format!("2026-10-25T{h:02}:{m:02}:00{off},{need}\n"));
    }
    let f = write(&dir, "req.csv", &text);
    let t = write(
        &dir,
        "t.toml",
        "[[template]]\nname = \"1h\"\nspan = \"60min\"\nstart = [\"00:00\", \"23:00\"]\nstart_step = \"30min\"\n",
    );
    let roster = dir.join("roster.csv");
    run_ok(&[
        "schedule",
        &f,
        "--tz",
        "Europe/London",
        "--templates",
        &t,
        "--time-limit",
        "2s",
        "--roster",
        roster.to_str().unwrap(),
    ]);
    let got = std::fs::read_to_string(&roster).unwrap();
    assert_eq!(
        got,
        "shift,template,start,end,paid_hours,cost,breaks\n\
         1,1h,2026-10-25T01:00:00+01:00,2026-10-25T01:00:00+00:00,1,30.00,\n\
         2,1h,2026-10-25T01:00:00+00:00,2026-10-25T02:00:00+00:00,1,30.00,\n\
         3,1h,2026-10-25T01:00:00+00:00,2026-10-25T02:00:00+00:00,1,30.00,\n"
    );
    // The two 01:00 starts are an hour apart as instants.
    let start = |line: usize| {
        DateTime::parse_from_rfc3339(got.lines().nth(line).unwrap().split(',').nth(2).unwrap())
            .unwrap()
            .to_utc()
    };
    assert_eq!(start(2) - start(1), TimeDelta::hours(1));
    std::fs::remove_dir_all(&dir).ok();
}

/// `plan` reports a gap in the history, naming the first missing interval
/// (and then refuses this one-day history as too short): with the GMT 01:00
/// row of the fold missing, the warning names `2026-10-25 01:00 +00:00`,
/// not a bare `01:00` the file does have.
#[test]
fn plan_names_a_gap_in_the_fold_with_its_offset() {
    let dir = temp_dir("autumn-plan-gap");
    let mut text = String::from("start,offered,served,handle_s_sum\n");
    let start: DateTime<Utc> = "2026-10-24T23:00:00Z".parse().unwrap();
    for i in 0..50 {
        // The fifth half hour, 01:00 UTC, is the GMT 01:00.
        if i == 4 {
            continue;
        }
        let t = (start + TimeDelta::minutes(30 * i)).with_timezone(&London);
        text.push_str(&format!("{},10,10,1800\n", t.format("%Y-%m-%d %H:%M")));
    }
    let f = write(&dir, "h.csv", &text);
    let o = servops(&["plan", &f, "--tz", "Europe/London"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("1 interval(s) missing from 2026-10-25 01:00 +00:00, "),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A special day's multiplier that overflows the forecast names the first
/// interval of the change day with its offset: 21 days of 1e8 contacts a
/// half hour (2026-10-04 to 2026-10-24) forecast 1e8, times 1000 on the
/// 25th is 1e11.
#[test]
fn an_overflowing_multiplier_on_the_change_day_names_the_interval_with_its_offset() {
    let dir = temp_dir("autumn-multiplier");
    let mut text = String::from("start,offered\n");
    let start: DateTime<Utc> = "2026-10-03T23:00:00Z".parse().unwrap();
    for i in 0..(21 * 48) {
        let t = (start + TimeDelta::minutes(30 * i)).with_timezone(&London);
        text.push_str(&format!("{},1e8\n", t.format("%Y-%m-%d %H:%M")));
    }
    let h = write(&dir, "flat.csv", &text);
    let sd = write(
        &dir,
        "sd.csv",
        "date,type,multiplier\n2026-10-25,sun,1000\n",
    );
    let o = servops(&[
        "forecast",
        &h,
        "--tz",
        "Europe/London",
        "--days",
        "1",
        "--method",
        "naive",
        "--special-days",
        &sd,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{sd}:2:3: multiplier 1000 makes the forecast of 2026-10-25 00:00 +01:00 "
        )),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Round trip: `forecast --format csv` over the autumn change fed back to
/// the CLI's own readers gives the same instants. As a `staff` volume file
/// and a `schedule` requirement (read by the CLI's interval reader) every
/// label comes back as written, on the consecutive half hours counted here
/// from 2026-10-23T23:00:00Z; as a `forecast` history (the forecast
/// library's reader) the 21 days read without a duplicate or a gap and the
/// next forecast starts the day after them.
#[test]
fn forecast_output_reads_back_as_the_same_instants() {
    let dir = temp_dir("autumn-roundtrip");
    let h = write(
        &dir,
        "h.csv",
        &london_history("2026-08-31T23:00:00Z", 53 * 48),
    );
    let out = run_ok(&[
        "forecast",
        &h,
        "--tz",
        "Europe/London",
        "--days",
        "21",
        "--method",
        "naive",
        "--format",
        "csv",
    ]);
    let rows = csv_section(&out, "forecast");
    // 2026-10-24 to 2026-11-13: 21 days, one of them 25 hours long.
    assert_eq!(rows.len(), 21 * 48 + 2);
    let first: DateTime<Utc> = "2026-10-23T23:00:00Z".parse().unwrap();
    for (i, r) in rows.iter().enumerate() {
        let at = DateTime::parse_from_rfc3339(&r[0]).unwrap();
        assert_eq!(
            at.with_timezone(&Utc),
            first + TimeDelta::minutes(30 * i as i64)
        );
    }
    let labels: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();

    // As a staff volume file.
    let mut volumes = String::from("interval_start,contacts,aht_s\n");
    let mut requirement = String::from("interval_start,required\n");
    let mut history = String::from("start,offered\n");
    for r in &rows {
        volumes.push_str(&format!("{},{},180\n", r[0], r[1]));
        requirement.push_str(&format!("{},1\n", r[0]));
        history.push_str(&format!("{},{}\n", r[0], r[1]));
    }
    let v = write(&dir, "volumes.csv", &volumes);
    let back = csv_section(
        &run_ok(&["staff", &v, "--tz", "Europe/London", "--format", "csv"]),
        "",
    );
    let got: Vec<&str> = back.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, labels);

    // As a schedule requirement (the fold day and the days around it).
    let day: String = requirement
        .lines()
        .take(1 + 48 + 50 + 48)
        .fold(String::new(), |mut s, l| {
            s.push_str(l);
            s.push('\n');
            s
        });
    let req = write(&dir, "req.csv", &day);
    let back = csv_section(
        &run_ok(&[
            "schedule",
            &req,
            "--tz",
            "Europe/London",
            "--time-limit",
            "2s",
            "--format",
            "csv",
        ]),
        "coverage",
    );
    let got: Vec<&str> = back.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, labels[..48 + 50 + 48]);

    // As a forecast history: the next forecast is of 2026-11-14.
    let hist = write(&dir, "history.csv", &history);
    let next = csv_section(
        &run_ok(&[
            "forecast",
            &hist,
            "--tz",
            "Europe/London",
            "--days",
            "1",
            "--method",
            "naive",
            "--format",
            "csv",
        ]),
        "forecast",
    );
    let got: Vec<&str> = next.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, rfc3339("2026-11-14", &plain_day("+00:00")));
    std::fs::remove_dir_all(&dir).ok();
}

/// A local-time history across the London autumn fold (01:00-02:00 on
/// 2026-10-25 written twice, in time order) reads and forecasts: before,
/// the first repeated wall time was an error, so a year of local-time
/// history in a zone with summer time could not be forecast.
#[test]
fn forecast_reads_local_times_through_the_autumn_fold() {
    let dir = temp_dir("fold");
    // 2026-10-01 to 2026-11-11 at half hours, local wall time.
    let text = london_history("2026-10-01T00:00:00Z", 42 * 48);
    assert_eq!(text.matches("2026-10-25 01:00,").count(), 2);
    let path = write(&dir, "london.csv", &text);
    let o = servops(&[
        "forecast",
        &path,
        "--tz",
        "Europe/London",
        "--days",
        "7",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // 7 local days from 2026-11-12 (GMT): 336 half hours.
    assert_eq!(v["forecast"].as_array().unwrap().len(), 336);
    std::fs::remove_dir_all(&dir).ok();
}

/// The `--roster` file of `plan` in Asia/Kathmandu (UTC+05:45 all year):
/// every shift and break time carries `+05:45`, and each shift's end is
/// its start plus its template's span (8 h 30 min, 6 h 30 min or 4 h
/// for the built-in 8 h, 6 h and 4 h shifts, whose paid hours are 8, 6 and
/// 4), read back as instants.
#[test]
fn plan_roster_file_writes_times_with_a_45_minute_offset() {
    let dir = temp_dir("kathmandu-roster");
    let roster = dir.join("roster.csv");
    run_ok(&[
        "plan",
        "--example",
        "--tz",
        "Asia/Kathmandu",
        "--days",
        "1",
        "--time-limit",
        "1s",
        "--roster",
        roster.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&roster).unwrap();
    let mut rows = 0;
    let at = |t: &str| {
        assert!(t.ends_with("+05:45"), "{t}");
        DateTime::parse_from_rfc3339(t).unwrap().to_utc()
    };
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (start, end) = (at(f[2]), at(f[3]));
        let span = match f[4] {
            "8" => 8 * 60 + 30,
            "6" => 6 * 60 + 30,
            "4" => 4 * 60,
            other => panic!("paid hours {other}: {line}"),
        };
        assert_eq!(end - start, TimeDelta::minutes(span), "{line}");
        for b in f[6].split(';').filter(|b| !b.is_empty()) {
            let p: Vec<&str> = b.split('/').collect();
            let (from, to) = (at(p[0]), at(p[1]));
            assert!(start < from && from < to && to < end, "{line}");
        }
        rows += 1;
    }
    assert!(rows > 0, "{text}");
    std::fs::remove_dir_all(&dir).ok();
}
