//! A history without contacts: the best pick forecasts 0 (every backtest
//! WAPE is 0 / 0, so the library ranks its methods by RMSE), and the
//! handle time, which has nothing to be estimated from, is refused with
//! the file named.
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

/// Five weeks without a contact. Before: the best pick failed with the
/// library's `candidate count must be >= 1 that backtests, got 0`; then
/// (one commit) the CLI explained that failure; now the library forecasts
/// 0 and so does the command.
#[test]
fn a_history_without_contacts_forecasts_zero() {
    let path = file("no_contacts.csv", &flat_history(35, 0));
    for days in ["1", "7"] {
        let o = servops(&["forecast", &path, "--days", days, "--format", "csv"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let rows: Vec<&str> = out
            .lines()
            .skip_while(|l| *l != "# forecast")
            .skip(2)
            .take_while(|l| !l.is_empty())
            .collect();
        assert_eq!(rows.len(), 48 * days.parse::<usize>().unwrap(), "{out}");
        assert!(rows.iter().all(|r| r.ends_with(",0,0,0")), "{out}");
    }
    // The handle time has no handled contact to be estimated from.
    for args in [
        vec!["forecast", path.as_str(), "--days", "1", "--aht"],
        vec!["plan", path.as_str(), "--days", "1"],
    ] {
        let o = servops(&args);
        assert_clean_failure(&o, "no_contacts.csv");
        let err = stderr(&o);
        assert!(
            err.contains("no complete day of the history has a handled contact"),
            "{err}"
        );
    }
    // Five weeks of 10 contacts a half hour forecast 10 and plan as usual.
    let busy = file("ten_contacts.csv", &flat_history(35, 10));
    let o = servops(&["forecast", &busy, "--days", "1", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = servops(&["plan", &busy, "--days", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
}
