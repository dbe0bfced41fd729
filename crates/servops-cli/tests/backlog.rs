//! `servops backlog`: deferred work under a fluid FIFO model. Expected
//! values worked by hand (items arrive evenly through their interval and
//! are answered oldest first at staff / AHT items per second).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

fn column(v: &serde_json::Value, name: &str) -> Vec<f64> {
    v["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| f(&r[name]))
        .collect()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

/// 12 e-mails an hour, 10 minutes each (6 per agent-hour), all within an
/// hour: hour 0 has nothing due; hours 1 and 2 each answer the hour
/// before's 12 exactly an hour after they came (2 agents). Hour 2's items
/// are due after the file ends: carried over, not late.
#[test]
fn just_in_time() {
    let path = file(
        "backlog_jit.csv",
        "interval_start,items\n\
         2026-03-02T08:00:00Z,12\n\
         2026-03-02T09:00:00Z,12\n\
         2026-03-02T10:00:00Z,12\n",
    );
    let v = json_of(&[
        "backlog", &path, "--aht", "10m", "--within", "1h", "--format", "json",
    ]);
    assert_eq!(column(&v, "staff"), vec![0.0, 2.0, 2.0]);
    assert_eq!(column(&v, "backlog"), vec![12.0, 12.0, 12.0]);
    assert_eq!(measure(&v, "staffing"), "just in time");
    close(f(&measure(&v, "staff hours")), 4.0);
    close(f(&measure(&v, "answered within the goal")), 24.0);
    close(f(&measure(&v, "waiting at the end, not yet due")), 12.0);
    close(
        f(&measure(
            &v,
            "share within the goal, of items due or answered",
        )),
        1.0,
    );
    close(f(&measure(&v, "mean response h, of items answered")), 1.0);
    assert_eq!(measure(&v, "goal met"), "yes");
}

/// 12 an hour for four hours, all within 2 h, one level in every hour.
/// Items arriving after 2 h are due after the 4 h horizon. A level s < 2
/// answers item x (arriving at x/12 h) at x/(6s) h; the last due item, x =
/// 24, waits 4/s - 2 <= 2 h for s >= 1: 1 agent, 24 answered, 24 carried.
/// With 30 % shrinkage 1 agent is 1/0.7 scheduled.
#[test]
fn level() {
    let path = file(
        "backlog_level.csv",
        "interval_start,items\n\
         2026-03-02T08:00:00Z,12\n\
         2026-03-02T09:00:00Z,12\n\
         2026-03-02T10:00:00Z,12\n\
         2026-03-02T11:00:00Z,12\n",
    );
    let v = json_of(&[
        "backlog",
        &path,
        "--aht",
        "10m",
        "--within",
        "2h",
        "--solve",
        "level",
        "--shrinkage",
        "30%",
        "--format",
        "json",
    ]);
    assert_eq!(f(&measure(&v, "agents")), 1.0);
    close(f(&measure(&v, "fractional level")), 1.0);
    assert_eq!(column(&v, "staff"), vec![1.0; 4]);
    close(column(&v, "scheduled")[0], 1.0 / 0.7);
    close(f(&measure(&v, "answered within the goal")), 24.0);
    close(f(&measure(&v, "waiting at the end, not yet due")), 24.0);
    // Item x waits x/6 - x/12 = x/12 h; the 24 answered wait 0..2 h evenly.
    close(f(&measure(&v, "median response h, of items answered")), 1.0);
    close(
        f(&measure(
            &v,
            "90th percentile response h, of items answered",
        )),
        1.8,
    );
    assert_eq!(measure(&v, "goal met"), "yes");
}

/// A given plan: 100 items in the first hour, 6 minutes each, 5 agents
/// (50 an hour). Item x arrives at x/100 h and is answered at x/50 h: 50
/// wait at the end of hour 1, the oldest (x = 50) since 0.5 h, so 0.5 h
/// old. Responses x/100 h, all within 1 h, mean 0.5 h.
#[test]
fn a_given_plan() {
    let path = file(
        "backlog_plan.csv",
        "interval_start,items,agents\n\
         2026-03-02T08:00:00Z,100,5\n\
         2026-03-02T09:00:00Z,0,5\n\
         2026-03-02T10:00:00Z,0,5\n",
    );
    let v = json_of(&[
        "backlog",
        &path,
        "--aht",
        "6m",
        "--within",
        "1h",
        "--staff-column",
        "agents",
        "--format",
        "json",
    ]);
    assert_eq!(column(&v, "backlog"), vec![50.0, 0.0, 0.0]);
    assert_eq!(column(&v, "handled"), vec![50.0, 50.0, 0.0]);
    close(f(&v["intervals"][0]["oldest_age_h"]), 0.5);
    assert!(v["intervals"][1]["oldest_age_h"].is_null());
    close(f(&measure(&v, "answered within the goal")), 100.0);
    close(f(&measure(&v, "mean response h, of items answered")), 0.5);
    // Responses spread evenly over 0..1 h: median 0.5 h, 90 % within 0.9 h.
    close(f(&measure(&v, "median response h, of items answered")), 0.5);
    close(
        f(&measure(
            &v,
            "90th percentile response h, of items answered",
        )),
        0.9,
    );
    close(f(&measure(&v, "staff hours")), 15.0);
}

/// 10 items waiting at the start, half an hour old; one agent answers 10
/// an hour: item x is answered at x/10 h, having waited 0.5 + x/10 h, so
/// x <= 5 make the hour. Half late, the goal (all) missed.
#[test]
fn a_waiting_backlog() {
    let path = file(
        "backlog_cohort.csv",
        "interval_start,items,agents\n\
         2026-03-02T08:00:00Z,0,1\n\
         2026-03-02T09:00:00Z,0,0\n",
    );
    let v = json_of(&[
        "backlog",
        &path,
        "--aht",
        "6m",
        "--within",
        "1h",
        "--staff-column",
        "agents",
        "--backlog",
        "10",
        "--backlog-age",
        "30m",
        "--format",
        "json",
    ]);
    close(f(&measure(&v, "items")), 10.0);
    close(f(&measure(&v, "answered within the goal")), 5.0);
    close(f(&measure(&v, "answered late")), 5.0);
    close(
        f(&measure(
            &v,
            "share within the goal, of items due or answered",
        )),
        0.5,
    );
    assert_eq!(measure(&v, "goal met"), "no");
}

/// Opening hours: e-mails that come in at 18:00-20:00 wait until 08:00,
/// twelve hours: a 4-hour goal cannot be met whatever the staffing.
#[test]
fn items_that_cannot_be_answered_in_time_are_named() {
    let path = file(
        "backlog_night.csv",
        "interval_start,items\n\
         2026-03-02 16:00,10\n\
         2026-03-02 18:00,8\n\
         2026-03-02 20:00,0\n\
         2026-03-02 22:00,0\n\
         2026-03-03 00:00,0\n\
         2026-03-03 02:00,0\n\
         2026-03-03 04:00,0\n\
         2026-03-03 06:00,0\n\
         2026-03-03 08:00,10\n\
         2026-03-03 10:00,10\n",
    );
    let o = servops(&[
        "backlog",
        &path,
        "--tz",
        "Europe/London",
        "--aht",
        "6m",
        "--within",
        "4h",
        "--hours",
        "mon-fri=08:00-18:00",
    ]);
    assert_clean_failure(&o, "8 items from the interval 2026-03-02 18:00");
    assert_clean_failure(&o, "the team next works at 2026-03-03 08:00");
    // With a 16-hour goal they wait 14 h at most: fine.
    let o = servops(&[
        "backlog",
        &path,
        "--tz",
        "Europe/London",
        "--aht",
        "6m",
        "--within",
        "16h",
        "--hours",
        "mon-fri=08:00-18:00",
        "--format",
        "csv",
        "--table",
        "intervals",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Closed intervals get no staff.
    for line in out.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[1] == "no" {
            assert_eq!(cells[3], "0", "{line}");
        }
    }
}

#[test]
fn bad_settings_are_refused() {
    let path = file(
        "backlog_bad.csv",
        "interval_start,items,agents\n\
         2026-03-02T08:00:00Z,10,1\n\
         2026-03-02T09:00:00Z,10,-1\n",
    );
    assert_clean_failure(
        &servops(&["backlog", &path, "--within", "1h"]),
        "--aht is required",
    );
    assert_clean_failure(
        &servops(&["backlog", &path, "--aht", "6m"]),
        "--within is required",
    );
    let base = ["backlog", path.as_str(), "--aht", "6m", "--within", "1h"];
    let run = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        servops(&a)
    };
    assert_clean_failure(
        &run(&["--share", "90%"]),
        "--share below 100% needs --solve level",
    );
    assert_clean_failure(
        &run(&["--solve", "level", "--staff-column", "agents"]),
        "not both",
    );
    assert_clean_failure(
        &run(&["--backlog-age", "1h"]),
        "--backlog-age needs --backlog",
    );
    assert_clean_failure(&run(&["--staff-column", "agents"]), ":3:3:");
    assert_clean_failure(
        &run(&["--items-column", "emails"]),
        "no column named `emails`",
    );
    assert_clean_failure(&run(&["--productive", "0"]), "--productive");
}
