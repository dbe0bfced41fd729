//! Contact records without any handle-time column (end, talk, hold, ACW):
//! the handle time is unknown, so `kpi` leaves AHT empty and says why,
//! instead of reporting 0 s.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

#[test]
fn aht_is_empty_without_a_handle_time_column() {
    // Before: aht_s was 0.0 for the answered call.
    let path = file(
        "no_handle_columns.csv",
        "arrival,outcome,wait_s\n\
         2026-03-02T09:00:05Z,answered,8\n\
         2026-03-02T09:01:00Z,abandoned,30\n",
    );
    let o = servops(&["kpi", &path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
    let aht = header.iter().position(|h| *h == "aht_s").unwrap();
    let asa = header.iter().position(|h| *h == "asa_s").unwrap();
    for line in out.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[aht], "", "{out}");
        // The other measures are there: one answered after 8 s.
        assert_eq!(cells[asa], "8", "{out}");
    }
    let err = stderr(&o);
    assert!(err.contains("no_handle_columns.csv"), "{err}");
    assert!(err.contains("handle time is unknown"), "{err}");
    let o = servops(&["kpi", &path, "--format", "json"]);
    assert!(stdout(&o).contains("\"aht_s\": null"), "{}", stdout(&o));

    // With a talk column the AHT is the answered call's 100 s.
    let path = file(
        "talk_column.csv",
        "arrival,outcome,wait_s,talk_s\n\
         2026-03-02T09:00:05Z,answered,8,100\n\
         2026-03-02T09:01:00Z,abandoned,30,\n",
    );
    let o = servops(&["kpi", &path, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in out.lines().skip(1) {
        assert_eq!(line.split(',').nth(aht), Some("100"), "{out}");
    }
    assert!(!stderr(&o).contains("handle time is unknown"));
}
