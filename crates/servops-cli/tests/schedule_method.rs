//! `servops schedule --method` and `servops plan --schedule-method`: the
//! greedy method on a requirement whose LP relaxation is above the
//! library's limit, the advice when a model is refused as too large, bad
//! method names, and the `method` setting of the configuration file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

use std::path::Path;

use servops::core::chrono::{DateTime, Duration, NaiveDate, TimeDelta, Timelike, Utc};

/// The agents required in the half hour starting `minute` minutes into
/// the day: 2 at night, 4.5 in the shoulders and 7 from 09:00 to 17:00.
fn required_at(minute: u32) -> f64 {
    match minute {
        0..420 | 1260.. => 2.0,
        540..1020 => 7.0,
        _ => 4.5,
    }
}

const FIRST: DateTime<Utc> = NaiveDate::from_ymd_opt(2026, 1, 5)
    .unwrap()
    .and_hms_opt(0, 0, 0)
    .unwrap()
    .and_utc();

/// Writes a requirement of `days` days of half hours in UTC from
/// 2026-01-05 and returns its path and values.
fn requirement(dir: &Path, days: usize) -> (String, Vec<f64>) {
    let mut text = String::from("interval_start,required\n");
    let mut values = Vec::with_capacity(days * 48);
    for i in 0..days * 48 {
        let t = FIRST + TimeDelta::minutes(30 * i as i64);
        let r = required_at(t.hour() * 60 + t.minute());
        text.push_str(&format!("{},{r}\n", t.format("%Y-%m-%d %H:%M")));
        values.push(r);
    }
    let path = dir.join(format!("requirement_{days}.csv"));
    std::fs::write(&path, text).unwrap();
    (path.display().to_string(), values)
}

/// The rows of section `name` of CSV output with several sections.
fn section<'a>(csv: &'a str, name: &str) -> Vec<Vec<&'a str>> {
    csv.split("\n\n")
        .find_map(|s| s.strip_prefix(&format!("# {name}\n")))
        .expect("the section is there")
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect()
}

/// The value of `measure` in the summary section of CSV output.
fn summary<'a>(csv: &'a str, measure: &str) -> &'a str {
    section(csv, "summary")
        .into_iter()
        .find(|r| r[0] == measure)
        .expect("the measure is there")[1]
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// Agents on the phones per half hour from the roster file alone: each
/// shift counts for the part of an interval it spans, less the part its
/// breaks take.
fn coverage_of_roster(roster: &str, intervals: usize) -> Vec<f64> {
    let mut cover = vec![0.0; intervals];
    let mut add = |from: DateTime<Utc>, to: DateTime<Utc>, sign: f64| {
        // The intervals from the one `from` falls in to the one before `to`.
        let first = (from - FIRST).num_minutes().div_euclid(30).max(0) as usize;
        let last = ((to - FIRST).num_minutes() + 29).div_euclid(30).max(0) as usize;
        for (i, c) in cover
            .iter_mut()
            .enumerate()
            .take(last.min(intervals))
            .skip(first)
        {
            let start = FIRST + Duration::minutes(30 * i as i64);
            let end = start + Duration::minutes(30);
            let overlap = (to.min(end) - from.max(start)).num_seconds().max(0);
            *c += sign * overlap as f64 / 1800.0;
        }
    };
    let mut lines = roster.lines();
    assert_eq!(
        lines.next(),
        Some("shift,template,start,end,paid_hours,cost,breaks")
    );
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        add(utc(f[2]), utc(f[3]), 1.0);
        for b in f[6].split(';').filter(|b| !b.is_empty()) {
            let p: Vec<&str> = b.split('/').collect();
            add(utc(p[0]), utc(p[1]), -1.0);
        }
    }
    cover
}

/// 501 days of half hours with the built-in templates is the shortest
/// whole-day requirement whose LP relaxation is above the library's limit
/// of 1,000,000 entries (500 days are below it): the default method
/// refuses it at once with advice, and `--method greedy` rosters it.
#[test]
fn greedy_rosters_a_requirement_above_the_lp_limit() {
    let dir = temp_dir("greedy");
    let (input, required) = requirement(&dir, 501);

    let refused = servops(&["schedule", &input]);
    assert_failure_or_usage(&refused, "lp model entries, above the limit of 1000000");
    let err = stderr(&refused);
    assert!(err.contains("use --method greedy"), "{err}");
    assert!(err.contains("a shorter horizon"), "{err}");
    assert!(err.contains("--templates with fewer templates"), "{err}");
    assert!(!err.contains("Method::Greedy"), "{err}");

    let roster = dir.join("roster.csv");
    let o = servops(&[
        "schedule",
        &input,
        "--method",
        "greedy",
        "--format",
        "csv",
        "--roster",
        roster.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let coverage = section(&out, "coverage");
    assert_eq!(coverage.len(), required.len());
    let from_roster = coverage_of_roster(&std::fs::read_to_string(&roster).unwrap(), 501 * 48);
    for (i, row) in coverage.iter().enumerate() {
        let at = FIRST + Duration::minutes(30 * i as i64);
        assert_eq!(utc(row[0]), at, "{row:?}");
        let on_phone: f64 = row[2].parse().unwrap();
        assert!(on_phone + 1e-9 >= required[i], "interval {i}: {row:?}");
        // The coverage printed is the roster's.
        assert!(
            (on_phone - from_roster[i]).abs() < 1e-9,
            "interval {i}: {row:?}"
        );
        assert!(from_roster[i] + 1e-9 >= required[i], "interval {i}");
    }
    // Greedy proves nothing: no bound and no gap.
    assert_eq!(summary(&out, "best bound"), "");
    assert_eq!(summary(&out, "gap %"), "");
    std::fs::remove_dir_all(&dir).ok();
}

/// Greedy builds the model, if not its LP: 1,518 days of half hours with
/// the built-in templates have 1,000,362 break placements, above the
/// library's limit of 1,000,000 (1,517 days are below it), and the advice
/// leaves out the greedy method.
#[test]
fn a_model_too_large_even_for_greedy_gets_the_advice_that_applies() {
    let dir = temp_dir("placements");
    let (input, _) = requirement(&dir, 1518);
    let o = servops(&["schedule", &input, "--method", "greedy"]);
    assert_failure_or_usage(
        &o,
        "the model would have 1000362 break placements, above the limit of 1000000; \
         use a shorter horizon (fewer requirement rows) or --templates with fewer \
         templates or narrower start or break windows",
    );
    assert!(!stderr(&o).contains("greedy"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_method_is_refused_naming_the_flag() {
    let o = servops(&[
        "schedule",
        &data("requirement_day.csv"),
        "--method",
        "fastest",
    ]);
    assert_failure_or_usage(&o, "--method");
    assert!(stderr(&o).contains("fastest"), "{}", stderr(&o));
    let o = servops(&["plan", "--example", "--schedule-method", "fastest"]);
    assert_failure_or_usage(&o, "--schedule-method");
}

/// Runs `servops schedule` on the day requirement with `extra` arguments
/// and returns its CSV output.
fn schedule_day(extra: &[&str]) -> String {
    let input = data("requirement_day.csv");
    let mut args = vec!["schedule", &input, "--format", "csv", "--time-limit", "2s"];
    args.extend_from_slice(extra);
    let o = servops(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// The `method` setting of `[schedule]` chooses the method as the flag
/// does, the flag overrides it, and a bad value names its line.
#[test]
fn the_method_setting_of_the_config_file() {
    let dir = temp_dir("config");
    let cfg = dir.join("cfg.toml");
    std::fs::write(&cfg, "[schedule]\nmethod = \"greedy\"\n").unwrap();
    let cfg_arg = cfg.to_str().unwrap();

    let flag = schedule_day(&["--method", "greedy"]);
    let setting = schedule_day(&["--config", cfg_arg]);
    // Everything but the solver's seconds is the same.
    let without_seconds = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("seconds,"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_seconds(&setting), without_seconds(&flag));
    // Greedy has no bound; auto (the default, and the flag over the
    // setting) has one.
    assert_eq!(summary(&setting, "best bound"), "");
    let overridden = schedule_day(&["--config", cfg_arg, "--method", "auto"]);
    assert!(summary(&overridden, "best bound").parse::<f64>().is_ok());
    let default = schedule_day(&[]);
    assert!(summary(&default, "best bound").parse::<f64>().is_ok());

    std::fs::write(&cfg, "[schedule]\ntz = \"UTC\"\nmethod = \"fast\"\n").unwrap();
    let o = servops(&[
        "schedule",
        &data("requirement_day.csv"),
        "--config",
        cfg_arg,
    ]);
    assert_failure_or_usage(&o, "cfg.toml:3:10: `method` `fast` is not a method");
    std::fs::remove_dir_all(&dir).ok();
}

/// `[plan] schedule-method` and `--schedule-method` reach the plan's shift
/// solver: greedy reports no gap to a bound, the default does.
#[test]
fn plan_takes_the_schedule_method_from_the_flag_or_the_config() {
    let dir = temp_dir("plan");
    let cfg = dir.join("cfg.toml");
    std::fs::write(&cfg, "[plan]\nschedule-method = \"greedy\"\n").unwrap();
    let gap = |args: &[&str]| -> String {
        let mut all = vec!["plan", "--example", "--format", "csv"];
        all.extend_from_slice(args);
        let o = servops(&all);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        summary(&out, "schedule gap to bound %").to_string()
    };
    assert_eq!(gap(&["--schedule-method", "greedy"]), "");
    assert_eq!(gap(&["--config", cfg.to_str().unwrap()]), "");
    assert!(gap(&[]).parse::<f64>().is_ok());
    std::fs::remove_dir_all(&dir).ok();
}
