//! A history whose last weeks hold no contacts leaves the best pick
//! nothing to choose by: `forecast` and `plan` say so, with the file and
//! what to do, instead of the library's `candidate count` message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// A history of `days` whole UTC days of half hours from 2026-02-02, every
/// interval with `offered` contacts, all handled in 240 s each.
fn flat_history(days: usize, offered: u32) -> String {
    let mut s = String::from("start,offered,served,handle_s_sum\n");
    for d in 0..days {
        let date = servops::core::chrono::NaiveDate::from_ymd_opt(2026, 2, 2)
            .unwrap()
            .checked_add_days(servops::core::chrono::Days::new(d as u64))
            .unwrap();
        for i in 0..48 {
            s.push_str(&format!(
                "{date}T{:02}:{:02}:00Z,{offered},{offered},{}\n",
                i / 2,
                (i % 2) * 30,
                offered * 240
            ));
        }
    }
    s
}

/// Five weeks without a contact: every method's backtest error (WAPE) is
/// 0 / 0, so the best pick has nothing to choose by. Before: the library's
/// `candidate count must be >= 1 that backtests, got 0`, naming neither
/// the file nor what to do.
#[test]
fn a_history_without_contacts_says_why_best_cannot_choose() {
    let path = file("no_contacts.csv", &flat_history(35, 0));
    for days in ["1", "7"] {
        let o = servops(&["forecast", &path, "--days", days]);
        assert_clean_failure(&o, "no_contacts.csv");
        let err = stderr(&o);
        assert!(err.contains("no contacts"), "{err}");
        assert!(err.contains("--method"), "{err}");
        assert!(!err.contains("candidate count"), "{err}");
    }
    // One method needs no choosing: the seasonal naive forecasts 0.
    let o = servops(&[
        "forecast", &path, "--days", "1", "--method", "naive", "--format", "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "# forecast")
        .skip(2)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 48, "{out}");
    assert!(rows.iter().all(|r| r.ends_with(",0,0,0")), "{out}");
    // Five weeks of 10 contacts a half hour forecast as usual.
    let busy = file("ten_contacts.csv", &flat_history(35, 10));
    let o = servops(&["forecast", &busy, "--days", "1", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = servops(&["plan", &path, "--days", "1"]);
    assert_clean_failure(&o, "no_contacts.csv");
    let err = stderr(&o);
    assert!(err.contains("no contacts"), "{err}");
    assert!(!err.contains("candidate count"), "{err}");
}
